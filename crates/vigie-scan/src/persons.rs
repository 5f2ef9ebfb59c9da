//! Grouping findings into persons. A record (a table row, a JSON record, a paragraph of
//! text) gives identity keys — the fingerprints of its NIR, its e-mail, and its name with
//! birth date — and records that share any key are the same person (union–find). Keys
//! are 64-bit keyed hashes under a key drawn for the run and never stored: the index
//! never holds an identifier, and nothing outside the run can recompute its keys.
//!
//! An e-mail address is a key only with the person's name: a household shares one. A
//! record that gives an address with a last name at most (a contact list: `Gateau`,
//! `sonia.gateau42@…`) is someone already counted when one named person alone has that
//! address and those words; when several have (the household), it is one of them and
//! adds nobody; when none has, it is a person of its own.
//!
//! Memory grows with the number of distinct keys (about 40 bytes each), not with input
//! size; the rest of the scanner is bounded.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are keyed-hash output, already uniform: hashing them again is wasted work.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonStats {
    pub distinct: u64,
    pub with_nir: u64,
    pub with_health: u64,
    /// The index reached its size limit: the counts are lower bounds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_least: bool,
}

pub(crate) const FLAG_NIR: u8 = 1;
pub(crate) const FLAG_HEALTH: u8 = 2;

/// A named record's address: the address, the record's key, its name words.
struct Named {
    email: u64,
    key: u64,
    words: std::ops::Range<usize>,
}

/// An e-mail address and the fingerprints of the name words given with it.
#[derive(Clone)]
pub(crate) struct EmailName {
    pub email: u64,
    pub words: Vec<u64>,
}

pub(crate) struct PersonIndex {
    /// Most keys held; past it, records whose keys are all new are not counted, so that
    /// memory stays bounded whatever the input (about 40 bytes a key).
    max_keys: usize,
    saturated: bool,
    nodes: KeyMap<u32>,
    /// The key of each node, to merge without walking the map.
    keys: Vec<u64>,
    parent: Vec<u32>,
    flags: Vec<u8>,
    /// Named records' addresses, each with a record's key once, and their name words
    /// (a range of `words`). Flat: most addresses have one named record, and a list and a
    /// word list per address were two allocations a record. Sorted by address when
    /// counting.
    named: Vec<Named>,
    named_seen: rustc_hash::FxHashSet<(u64, u64)>,
    words: Vec<u64>,
    /// Records that give an address with a last name at most, with their flags.
    partial: Vec<(EmailName, u8)>,
}

impl PersonIndex {
    pub(crate) fn new(max_keys: usize) -> PersonIndex {
        PersonIndex {
            max_keys,
            saturated: false,
            nodes: KeyMap::default(),
            keys: Vec::new(),
            parent: Vec::new(),
            flags: Vec::new(),
            named: Vec::new(),
            named_seen: Default::default(),
            words: Vec::new(),
            partial: Vec::new(),
        }
    }

    /// A named record's address: `key` is among the keys it was added with.
    pub(crate) fn add_named_email(&mut self, key: u64, email: EmailName) {
        self.add_named(key, email.email, &email.words);
    }

    fn add_named(&mut self, key: u64, email: u64, words: &[u64]) {
        if self.saturated && !self.nodes.contains_key(&key) {
            return;
        }
        if self.named_seen.insert((email, key)) {
            let from = self.words.len();
            self.words.extend_from_slice(words);
            self.named.push(Named {
                email,
                key,
                words: from..self.words.len(),
            });
        }
    }

    /// A record known only by an address and a last name at most (see the module).
    pub(crate) fn add_partial_email(&mut self, email: EmailName, flags: u8) {
        if self.full() {
            self.saturated = true;
            return;
        }
        self.partial.push((email, flags));
    }

    /// Keys and partial records together are what the cap bounds.
    fn full(&self) -> bool {
        self.keys.len() + self.partial.len() >= self.max_keys
    }

    fn node(&mut self, key: u64) -> Option<u32> {
        if self.full() {
            let known = self.nodes.get(&key).copied();
            if known.is_none() {
                self.saturated = true;
            }
            return known;
        }
        let next = self.parent.len() as u32;
        let n = *self.nodes.entry(key).or_insert(next);
        if n == next {
            self.keys.push(key);
            self.parent.push(n);
            self.flags.push(0);
        }
        Some(n)
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let gp = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = gp;
            x = gp;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[rb as usize] = ra;
            self.flags[ra as usize] |= self.flags[rb as usize];
        }
        ra
    }

    pub(crate) fn add(&mut self, keys: &[u64], flags: u8) {
        let mut root: Option<u32> = None;
        for &k in keys {
            if let Some(n) = self.node(k) {
                root = Some(match root {
                    Some(r) => self.union(r, n),
                    None => n,
                });
            }
        }
        if let Some(r) = root {
            let r = self.find(r);
            self.flags[r as usize] |= flags;
        }
    }

    /// Adds everything another index knows (a finished file's) into this one: each key
    /// joins the key of its root there.
    pub(crate) fn merge(&mut self, mut other: PersonIndex) {
        // The smaller joins the larger, which is kept: the persons are the same either
        // way, and a run's first file (or one big file) is then taken whole, not copied
        // key by key into an empty index while both are held.
        if other.keys.len() + other.partial.len() > self.keys.len() + self.partial.len() {
            std::mem::swap(self, &mut other);
        }
        self.saturated |= other.saturated;
        self.nodes.reserve(other.keys.len());
        // Each root of the other index is looked up here once, then each key joins it:
        // one lookup per key instead of two.
        let mut here: Vec<Option<u32>> = vec![None; other.keys.len()];
        for i in 0..other.keys.len() as u32 {
            let r = other.find(i);
            let root = match here[r as usize] {
                Some(n) => Some(n),
                None => {
                    let n = self.node(other.keys[r as usize]);
                    if let Some(n) = n {
                        let n = self.find(n);
                        self.flags[n as usize] |= other.flags[r as usize];
                        here[r as usize] = Some(n);
                    }
                    n
                }
            };
            if i == r {
                continue;
            }
            match (root, self.node(other.keys[i as usize])) {
                (Some(a), Some(b)) => {
                    let joined = self.union(a, b);
                    here[r as usize] = Some(joined);
                }
                (None, Some(b)) => {
                    // The root found no room; the key is known here and takes its flags.
                    let b = self.find(b);
                    self.flags[b as usize] |= other.flags[r as usize];
                }
                (_, None) => {}
            }
        }
        for n in &other.named {
            self.add_named(n.key, n.email, &other.words[n.words.clone()]);
        }
        for (email, flags) in other.partial {
            self.add_partial_email(email, flags);
        }
    }

    /// What a partial record is: the one named person it fits, several, or nobody known.
    /// `named` is sorted by address.
    fn resolve(&mut self, partial: &EmailName) -> Fits {
        let from = self.named.partition_point(|n| n.email < partial.email);
        let to = from + self.named[from..].partition_point(|n| n.email == partial.email);
        let keys: Vec<u64> = self.named[from..to]
            .iter()
            .filter(|n| {
                let words = &self.words[n.words.clone()];
                partial.words.iter().all(|w| words.contains(w))
            })
            .map(|n| n.key)
            .collect();
        let nodes: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.nodes.get(k).copied())
            .collect();
        let mut roots: Vec<u32> = nodes.into_iter().map(|n| self.find(n)).collect();
        roots.sort_unstable();
        roots.dedup();
        match roots.as_slice() {
            [] => Fits::Nobody,
            [one] => Fits::One(*one),
            _ => Fits::Several,
        }
    }

    /// Counts the persons; partial records are resolved against what is known now, and
    /// stay pending, as more may become known.
    pub(crate) fn stats(&mut self) -> PersonStats {
        let mut s = PersonStats {
            at_least: self.saturated,
            ..PersonStats::default()
        };
        let mut extra: KeyMap<u8> = KeyMap::default();
        // Partial records that fit nobody: one person per address and words.
        let mut alone: HashMap<(u64, Vec<u64>), u8> = HashMap::new();
        let partial = std::mem::take(&mut self.partial);
        if !partial.is_empty() {
            self.named.sort_unstable_by_key(|n| n.email);
        }
        for (email, flags) in &partial {
            match self.resolve(email) {
                Fits::One(root) => *extra.entry(u64::from(root)).or_default() |= flags,
                Fits::Several => {}
                Fits::Nobody => {
                    let mut words = email.words.clone();
                    words.sort_unstable();
                    *alone.entry((email.email, words)).or_default() |= flags;
                }
            }
        }
        self.partial = partial;
        let mut count = |f: u8| {
            s.distinct += 1;
            s.with_nir += u64::from(f & FLAG_NIR != 0);
            s.with_health += u64::from(f & FLAG_HEALTH != 0);
        };
        for i in 0..self.parent.len() as u32 {
            if self.find(i) == i {
                count(self.flags[i as usize] | extra.get(&u64::from(i)).copied().unwrap_or(0));
            }
        }
        for f in alone.into_values() {
            count(f);
        }
        s
    }
}

enum Fits {
    One(u32),
    Several,
    Nobody,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_keys_join_persons() {
        let mut idx = PersonIndex::new(100);
        idx.add(&[1, 2], FLAG_NIR); // NIR 1, e-mail 2
        idx.add(&[2, 3], FLAG_HEALTH); // same e-mail, name+birth 3
        idx.add(&[4], 0); // someone else
        idx.add(&[], FLAG_HEALTH); // no identity: not a person
        let s = idx.stats();
        assert_eq!(
            s,
            PersonStats {
                distinct: 2,
                with_nir: 1,
                with_health: 1,
                at_least: false,
            }
        );
        let mut global = PersonIndex::new(100);
        global.add(&[4, 5], FLAG_HEALTH);
        global.merge(idx);
        assert_eq!(
            global.stats(),
            PersonStats {
                distinct: 2,
                with_nir: 1,
                with_health: 2,
                at_least: false,
            }
        );
    }

    #[test]
    fn a_full_index_counts_a_lower_bound() {
        let mut idx = PersonIndex::new(3);
        idx.add(&[1, 2], 0);
        idx.add(&[3], 0);
        idx.add(&[4], 0); // no room: not counted
        idx.add(&[1, 5], FLAG_NIR); // a known key still joins its person
        let s = idx.stats();
        assert_eq!((s.distinct, s.with_nir, s.at_least), (2, 1, true));
        // Records known by an address alone count against the same bound.
        let mut idx = PersonIndex::new(2);
        for email in 1..=3 {
            idx.add_partial_email(
                EmailName {
                    email,
                    words: Vec::new(),
                },
                0,
            );
        }
        let s = idx.stats();
        assert_eq!((s.distinct, s.at_least), (2, true));
    }

    #[test]
    fn an_address_with_a_last_name_joins_the_one_person_it_fits() {
        let email = |words: &[u64]| EmailName {
            email: 100,
            words: words.to_vec(),
        };
        let mut idx = PersonIndex::new(100);
        // Sonia GATEAU (words 1, 2), NIR 10, and her address.
        idx.add(&[10, 11], FLAG_NIR);
        idx.add_named_email(11, email(&[1, 2]));
        // A contact list: GATEAU and the address, with a diagnosis.
        idx.add_partial_email(email(&[2]), FLAG_HEALTH);
        let s = idx.stats();
        assert_eq!((s.distinct, s.with_nir, s.with_health), (1, 1, 1));
        // Her husband Paul GATEAU (words 3, 2) shares the address: the contact is one of
        // the two, and adds nobody; neither is known to have the diagnosis.
        idx.add(&[20, 21], FLAG_NIR);
        idx.add_named_email(21, email(&[3, 2]));
        let s = idx.stats();
        assert_eq!((s.distinct, s.with_nir, s.with_health), (2, 2, 0));
        // An address nobody named has is a person of its own, once however often seen.
        let other = EmailName {
            email: 200,
            words: vec![5],
        };
        idx.add_partial_email(other.clone(), 0);
        idx.add_partial_email(other, 0);
        assert_eq!(idx.stats().distinct, 3);
        // Merged into a run's index, the same answers.
        let mut global = PersonIndex::new(100);
        global.merge(idx);
        assert_eq!(global.stats().distinct, 3);
    }

    /// Files' indexes merged into a run's count the persons that one index given every
    /// record would: records of 1 to 4 keys from 2,000 values, spread over five files, some
    /// repeated in several.
    #[test]
    fn merged_files_count_as_one_index_of_all_their_records() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut one = PersonIndex::new(1 << 20);
        let mut run = PersonIndex::new(1 << 20);
        run.add(&[7, 8], FLAG_HEALTH);
        one.add(&[7, 8], FLAG_HEALTH);
        for _ in 0..5 {
            let mut file = PersonIndex::new(1 << 20);
            for _ in 0..120 {
                let keys: Vec<u64> = (0..=next(3)).map(|_| next(2000)).collect();
                let flags = next(4) as u8;
                file.add(&keys, flags);
                one.add(&keys, flags);
            }
            run.merge(file);
        }
        let (a, b) = (run.stats(), one.stats());
        assert_eq!(a, b);
        assert!(a.distinct > 100 && a.distinct < 1000, "{a:?}");
        assert!(a.with_nir > 0 && a.with_health > 0, "{a:?}");
    }
}
