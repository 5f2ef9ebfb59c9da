//! Grouping findings into persons. A record (a table row, a JSON record, a paragraph of
//! text) gives identity keys — the fingerprints of its NIR, its e-mail, and its name with
//! birth date — and records that share any key are the same person (union–find). Keys
//! are keyed fingerprints truncated to 64 bits: the index never holds an identifier.
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
        }
    }

    fn node(&mut self, key: u64) -> Option<u32> {
        if self.keys.len() >= self.max_keys {
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
        self.saturated |= other.saturated;
        self.nodes.reserve(other.keys.len());
        for i in 0..other.keys.len() as u32 {
            let r = other.find(i);
            let flags = other.flags[r as usize];
            self.add(&[other.keys[r as usize], other.keys[i as usize]], flags);
        }
    }

    pub(crate) fn stats(&mut self) -> PersonStats {
        let mut s = PersonStats {
            at_least: self.saturated,
            ..PersonStats::default()
        };
        for i in 0..self.parent.len() as u32 {
            if self.find(i) == i {
                s.distinct += 1;
                let f = self.flags[i as usize];
                s.with_nir += u64::from(f & FLAG_NIR != 0);
                s.with_health += u64::from(f & FLAG_HEALTH != 0);
            }
        }
        s
    }
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
    }
}
