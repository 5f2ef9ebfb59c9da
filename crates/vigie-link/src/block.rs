//! Blocking: which registry patients each leak row is compared with. Each rule makes keys
//! from a record (hashed to 64 bits: a collision only adds pairs to score, never loses
//! one); the pairs sharing a key under any rule are scored. An index keeps the registry's
//! keys as postings, sorted, so that they can be written and read back as they are; a
//! registry read for one leak keeps only the keys the leak has ([`LeakKeys`], [`Met`]).

use crate::compare::{BIRTH, EMAIL, FIRST, LAST, NIR, OTHERS, RESIDENCE, SEX};
use crate::normalize::date_digits;
use crate::record::Record;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// A blocking rule: its name, the keys of a record (`leak`: the record is a leak row, for
/// the rule that crosses first and last names), and, for the rules m is trained on, the
/// comparisons its pairs say nothing about: those its keys make agree, and those that go
/// with them (a postcode with its city, a birth date with the NIR that encodes it).
pub struct Rule {
    pub name: &'static str,
    /// The name a French report or log gives it.
    pub name_fr: &'static str,
    pub keys: fn(&Record, bool, &mut Vec<u64>),
    pub trains: Option<&'static [usize]>,
}

pub(crate) fn hash(parts: &[&[u8]]) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    h.finish()
}

fn push(out: &mut Vec<u64>, parts: &[&[u8]]) {
    if parts.iter().all(|p| !p.is_empty()) {
        out.push(hash(parts));
    }
}

fn first_word(w: &[String]) -> &[u8] {
    w.first().map_or(&[][..], |w| w.as_bytes())
}

/// The birth year as two bytes, empty when unknown.
fn year(r: &Record) -> ([u8; 2], usize) {
    r.birth
        .map_or(([0; 2], 0), |(y, _, _)| (y.to_le_bytes(), 2))
}

/// The birth date as eight digits, empty when unknown.
fn date(r: &Record) -> ([u8; 8], usize) {
    r.birth.map_or(([0; 8], 0), |d| (date_digits(d), 8))
}

fn bytes<const N: usize>((b, n): &([u8; N], usize)) -> &[u8] {
    &b[..*n]
}

fn postcode(r: &Record) -> &[u8] {
    r.postcode.as_deref().unwrap_or("").as_bytes()
}

/// The distinctive words of the street (not its type, not short words).
fn street_words(r: &Record) -> impl Iterator<Item = &str> {
    const TYPES: &[&str] = &[
        "rue",
        "avenue",
        "boulevard",
        "place",
        "chemin",
        "route",
        "impasse",
        "allee",
        "street",
        "road",
        "crescent",
        "circuit",
        "parade",
        "court",
        "lane",
        "drive",
    ];
    r.street
        .split(' ')
        .filter(|w| w.len() >= 4 && !TYPES.contains(w))
}

/// The first number of the address, or the first of the columns compared as other text
/// that is a number (FEBRL's `street_number`).
fn house_number(r: &Record) -> &str {
    let digits = |s: &&str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    r.street
        .split(' ')
        .find(digits)
        .or_else(|| r.others.iter().flatten().map(String::as_str).find(digits))
        .unwrap_or("")
}

/// The birth day and month as values (the same value once), empty when the date is
/// unknown.
fn day_or_month(r: &Record) -> impl Iterator<Item = u8> {
    let (m, d) = r.birth.map_or((None, None), |(_, m, d)| (Some(m), Some(d)));
    m.into_iter().chain(d.filter(|d| Some(*d) != m))
}

/// The first letters of the first, last and birth names, each once.
fn initials(r: &Record) -> impl Iterator<Item = u8> {
    let mut seen = [0u8; 3];
    [&r.first, &r.last, &r.birth_name]
        .into_iter()
        .enumerate()
        .filter_map(move |(n, w)| {
            let c = *first_word(w).first()?;
            let fresh = !seen[..n].contains(&c);
            seen[n] = c;
            fresh.then_some(c)
        })
}

fn sound(r: &Record, which: usize) -> &[u8] {
    r.sounds[which].as_bytes()
}

pub const RULES: &[Rule] = &[
    // The year with the day or the month, not the year alone: a day and month swapped,
    // or one of them mistyped, still share a key, and a common name's block is a
    // fifth of the size.
    Rule {
        name: "last name sound + birth year + day or month",
        name_fr: "son du nom + année de naissance + jour ou mois",
        keys: |r, _, out| {
            for v in day_or_month(r) {
                push(out, &[sound(r, 1), bytes(&year(r)), &[v]]);
            }
        },
        trains: None,
    },
    Rule {
        name: "birth name sound + birth year",
        name_fr: "son du nom de naissance + année de naissance",
        keys: |r, _, out| push(out, &[sound(r, 2), bytes(&year(r))]),
        trains: None,
    },
    Rule {
        name: "first name sound + birth date",
        name_fr: "son du prénom + date de naissance",
        keys: |r, _, out| push(out, &[sound(r, 0), bytes(&date(r))]),
        trains: Some(&[FIRST, BIRTH, SEX, NIR]),
    },
    Rule {
        name: "birth date + postcode",
        name_fr: "date de naissance + code postal",
        keys: |r, _, out| push(out, &[bytes(&date(r)), postcode(r)]),
        trains: Some(&[BIRTH, RESIDENCE, NIR, SEX, OTHERS]),
    },
    Rule {
        name: "last name + first initial",
        name_fr: "nom + initiale du prénom",
        keys: |r, _, out| {
            let initial = first_word(&r.first).get(..1).unwrap_or(&[]);
            push(out, &[first_word(&r.last), initial])
        },
        trains: None,
    },
    Rule {
        name: "postcode + first name sound",
        name_fr: "code postal + son du prénom",
        keys: |r, _, out| push(out, &[postcode(r), sound(r, 0)]),
        trains: None,
    },
    // For a married name beside a mistyped first name, names swapped, or names that
    // are all wrong in a row whose town is right: the date with any initial of the
    // first, last or birth name, or with the city's initial. The date alone made the
    // largest blocks of all; it is kept for the leak rows that lack a first or a last
    // name, which a registry record offers beside its initials.
    Rule {
        name: "birth date + a name or city initial",
        name_fr: "date de naissance + une initiale de nom ou de commune",
        keys: |r, leak, out| {
            let date = date(r);
            for i in initials(r) {
                push(out, &[bytes(&date), b"n", &[i]]);
            }
            if let Some(&c) = r.city.as_bytes().first() {
                push(out, &[bytes(&date), b"c", &[c]]);
            }
            if !leak || r.first.is_empty() || (r.last.is_empty() && r.birth_name.is_empty()) {
                push(out, &[bytes(&date)]);
            }
        },
        trains: None,
    },
    Rule {
        name: "first and last name sounds",
        name_fr: "sons du prénom et du nom",
        keys: |r, _, out| push(out, &[sound(r, 0), sound(r, 1)]),
        trains: None,
    },
    Rule {
        name: "last name sound + postcode",
        name_fr: "son du nom + code postal",
        keys: |r, _, out| push(out, &[sound(r, 1), postcode(r)]),
        trains: Some(&[LAST, RESIDENCE, OTHERS]),
    },
    Rule {
        name: "last name sound + city",
        name_fr: "son du nom + commune",
        keys: |r, _, out| push(out, &[sound(r, 1), r.city.as_bytes()]),
        trains: None,
    },
    // The house number with each street word, and the postcode or the city: a typo or a
    // second address line spoils only one word, and the number keeps blocks small where
    // street names repeat (every town has its rue Jean Jaurès).
    Rule {
        name: "number + street word + postcode",
        name_fr: "numéro + mot de la voie + code postal",
        keys: |r, _, out| {
            let n = house_number(r).as_bytes();
            for w in street_words(r) {
                push(out, &[n, w.as_bytes(), postcode(r)]);
            }
        },
        trains: None,
    },
    Rule {
        name: "number + street word + city",
        name_fr: "numéro + mot de la voie + commune",
        keys: |r, _, out| {
            let n = house_number(r).as_bytes();
            let city = r.city.split(' ').next().unwrap_or("").as_bytes();
            for w in street_words(r) {
                push(out, &[n, w.as_bytes(), city]);
            }
        },
        trains: None,
    },
    // The leak's last name against the registry's first name, and the other way.
    Rule {
        name: "first and last names swapped",
        name_fr: "prénom et nom intervertis",
        keys: |r, leak, out| {
            if leak {
                push(out, &[sound(r, 1), sound(r, 0)])
            } else {
                push(out, &[sound(r, 0), sound(r, 1)])
            }
        },
        trains: None,
    },
    Rule {
        name: "NIR",
        name_fr: "NIR",
        keys: |r, _, out| {
            push(
                out,
                &[r.nir.as_ref().map_or(&[][..], |(n, _)| n.as_bytes())],
            )
        },
        trains: Some(&[NIR, SEX, BIRTH]),
    },
    Rule {
        name: "e-mail",
        name_fr: "courriel",
        keys: |r, _, out| {
            for e in r.email.iter().flat_map(|e| e.split(' ')) {
                push(out, &[e.as_bytes()]);
            }
        },
        trains: Some(&[EMAIL, FIRST, LAST]),
    },
    Rule {
        name: "phone",
        name_fr: "téléphone",
        keys: |r, _, out| {
            for p in r.phone.iter().flat_map(|p| p.split(' ')) {
                push(out, &[p.as_bytes()]);
            }
        },
        trains: None,
    },
];

/// One rule's keys over the registry: the distinct keys, sorted, each with the records
/// that have it.
#[derive(Debug, Default)]
pub struct Postings {
    keys: Vec<u64>,
    starts: Vec<u32>,
    records: Vec<u32>,
    /// Where the keys with each value of their top `bits` bits begin: keys are hashes,
    /// spread evenly, so a lookup goes straight to a slot of one or two keys instead of
    /// a binary search whose every step misses the cache.
    directory: Vec<u32>,
    bits: u32,
}

impl Postings {
    /// From (key, record) pairs sorted by key then record; repeated pairs count once.
    pub fn from_sorted(pairs: impl IntoIterator<Item = (u64, u32)>) -> Postings {
        let mut p = Postings::default();
        let mut last = None;
        for (k, r) in pairs {
            if last == Some((k, r)) {
                continue;
            }
            if p.keys.last() != Some(&k) {
                p.keys.push(k);
                p.starts.push(p.records.len() as u32);
            }
            p.records.push(r);
            last = Some((k, r));
        }
        p.starts.push(p.records.len() as u32);
        p.bits = p.keys.len().max(2).ilog2().clamp(1, 26);
        let slots = 1usize << p.bits;
        p.directory = Vec::with_capacity(slots + 1);
        let mut k = 0;
        for slot in 0..slots {
            while k < p.keys.len() && p.slot(p.keys[k]) < slot {
                k += 1;
            }
            p.directory.push(k as u32);
        }
        p.directory.push(p.keys.len() as u32);
        p
    }

    fn slot(&self, key: u64) -> usize {
        (key >> (64 - self.bits)) as usize
    }

    /// The registry records with this key.
    pub fn get(&self, key: u64) -> &[u32] {
        let s = self.slot(key);
        let (from, to) = (self.directory[s] as usize, self.directory[s + 1] as usize);
        match self.keys[from..to].iter().position(|&k| k == key) {
            Some(i) => {
                let i = from + i;
                &self.records[self.starts[i] as usize..self.starts[i + 1] as usize]
            }
            None => &[],
        }
    }

    /// Every (key, record) pair, sorted.
    pub fn pairs(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.keys.iter().enumerate().flat_map(|(i, &k)| {
            self.records[self.starts[i] as usize..self.starts[i + 1] as usize]
                .iter()
                .map(move |&r| (k, r))
        })
    }
}

/// Which (rule, key)s more than one row of a file makes, as a leak row or as a registry
/// record: counted in a read of the file before it is linked to itself, so that the keys
/// only one row makes (most of them: a million-row file made 11.5 million distinct keys,
/// and its maps from key to number were a quarter of the memory held at the end of its
/// reading) are never numbered nor held. Such a key's block holds its own row at most,
/// which is no pair.
///
/// A sketch, not a set: each key sets two bits of one 64-bit word (one cache line a key)
/// in the words of "seen" and, when both were set already, of "seen again". A key only
/// one row makes passes for one several make when other keys set its bits (a few per
/// cent: it is then kept, as every key was before); a key several rows make always
/// passes, so the blocks and their pairs are the same with or without it.
pub(crate) struct Repeats {
    words: Vec<[u64; 2]>,
    /// The keys counted, to know the rows read next for the same.
    pub(crate) sum: KeySum,
    /// The keys the rows make as leak rows: as many as a later read holds, at most.
    pub(crate) leak_keys: usize,
    /// The row's keys' slots, gathered to add each once however many times and ways the
    /// row makes it.
    row: Vec<(usize, u64)>,
}

impl Repeats {
    /// Room for a file of `bytes` bytes: a word for every 64 bytes (the generator's
    /// million-row leak, 116 bytes a row and 11.5 distinct keys a row, then sets about
    /// six keys a word). A file that holds more rows than this (a compressed one) only
    /// keeps more keys of one row.
    pub(crate) fn for_bytes(bytes: u64) -> Repeats {
        let words = usize::try_from(bytes / 64).unwrap_or(usize::MAX).max(1);
        Repeats {
            words: vec![[0; 2]; words],
            sum: KeySum::default(),
            leak_keys: 0,
            row: Vec::new(),
        }
    }

    /// The word and the two bits of (rule, key).
    fn slot(&self, rule: usize, key: u64) -> (usize, u64) {
        let h = mix(rule, key);
        let word = ((u128::from(h) * self.words.len() as u128) >> 64) as usize;
        (word, 1 << (h & 63) | 1 << ((h >> 6) & 63))
    }

    /// Counts the keys of one row of the file, as a leak row and as a registry record.
    pub(crate) fn add(&mut self, r: &Record, scratch: &mut Vec<u64>) {
        let mut row = std::mem::take(&mut self.row);
        row.clear();
        for (k, rule) in RULES.iter().enumerate() {
            for leak in [true, false] {
                scratch.clear();
                (rule.keys)(r, leak, scratch);
                self.sum.add(k, scratch);
                if leak {
                    self.leak_keys += scratch.len();
                }
                row.extend(scratch.iter().map(|&key| self.slot(k, key)));
            }
        }
        self.sum.rows += 1;
        row.sort_unstable();
        row.dedup();
        for &(word, bits) in &row {
            let word = &mut self.words[word];
            if word[0] & bits == bits {
                word[1] |= bits;
            } else {
                word[0] |= bits;
            }
        }
        self.row = row;
    }

    /// Whether rows other than one make (rule, key), as far as the sketch can tell.
    pub(crate) fn repeated(&self, rule: usize, key: u64) -> bool {
        let (word, bits) = self.slot(rule, key);
        self.words[word][1] & bits == bits
    }
}

/// The rows read and a sum of every key they make, as a leak row and as a registry
/// record: two reads of a file that give the same sums read the same keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct KeySum {
    pub(crate) rows: u64,
    sum: u64,
}

impl KeySum {
    fn add(&mut self, rule: usize, keys: &[u64]) {
        for &key in keys {
            self.sum = self.sum.wrapping_add(mix(rule, key));
        }
    }
}

/// The keys of a leak's rows, each numbered by its distinct (rule, key) value, so that a
/// registry read row by row can be met against them without keeping its own keys.
#[derive(Debug)]
pub struct LeakKeys {
    /// Per leak row, the end of its keys in `keys`.
    ends: Vec<u32>,
    /// Each row's keys in the order the rules make them, by distinct number.
    keys: Vec<u32>,
    /// Per distinct number, its rule: kept apart from `keys`, as a (rule, number) pair
    /// took eight bytes a row's key (a tenth of a million-row de-duplication's peak).
    rule_of: Vec<u8>,
    /// A file linked to itself: a bit per key of `keys`, set when the row that makes it
    /// is in its block (it makes the key as a registry record too). Held as (key, row)
    /// pairs, they took eight bytes where this takes one bit (an eighth of a
    /// million-row de-duplication's peak of reading).
    own: Vec<u64>,
    /// Per rule, key → distinct number.
    distinct: Vec<FxHashMap<u64, u32>>,
    /// A bit per (rule, key) hash, set for the leak's keys: most keys of a registry
    /// record are no key of the leak, and a bit in a few megabytes says so for less than
    /// the probes of a map of millions of keys.
    filter: Vec<u64>,
    filter_bits: u32,
    /// Per rule, the keys of a file linked to itself left out because no other row makes
    /// them ([`Repeats`]) and whose block would have held their own row: counted as such
    /// blocks were, so that each rule's share of pairs is the same either way.
    singles: Vec<u64>,
    /// The keys of a file linked to itself, as [`Repeats`] sums them.
    pub(crate) sum: KeySum,
}

impl Default for LeakKeys {
    /// No rows yet, with a count of left-out blocks for every rule.
    fn default() -> LeakKeys {
        LeakKeys::new(0, 0)
    }
}

/// (rule, key) as one uniform 64-bit number, for filters and sketches.
fn mix(rule: usize, key: u64) -> u64 {
    (key ^ (rule as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

/// Where (rule, key) falls in a filter of `bits` bits.
fn filter_slot(rule: usize, key: u64, bits: u32) -> usize {
    (mix(rule, key) >> (64 - bits)) as usize
}

impl LeakKeys {
    pub fn of(leak: &[Record]) -> LeakKeys {
        let mut lk = LeakKeys::new(leak.len(), 0);
        let mut scratch = Vec::new();
        for r in leak {
            for k in 0..RULES.len() {
                lk.add(k, r, &mut scratch);
            }
            lk.ends.push(lk.keys.len() as u32);
        }
        lk.filter();
        lk
    }

    /// The keys of a file linked to itself, as its rows are read: row `n`'s keys are
    /// added as a leak row's, those it makes as a registry record too marked as meeting
    /// it ([`LeakKeys::own`]). The keys a rule makes a registry record only (names
    /// swapped, the birth date alone) may meet rows not read yet: they wait in `later`
    /// until every row is read ([`LeakKeys::meet_later`]).
    pub(crate) fn add_own(
        &mut self,
        r: &Record,
        n: u32,
        repeats: Option<&Repeats>,
        later: &mut Vec<(u32, u8, u64)>,
    ) {
        let (mut scratch, mut registry) = (Vec::new(), Vec::new());
        for (k, rule) in RULES.iter().enumerate() {
            scratch.clear();
            (rule.keys)(r, true, &mut scratch);
            registry.clear();
            (rule.keys)(r, false, &mut registry);
            self.sum.add(k, &scratch);
            self.sum.add(k, &registry);
            registry.sort_unstable();
            registry.dedup();
            if let Some(repeats) = repeats {
                scratch.retain(|&key| {
                    let kept = repeats.repeated(k, key);
                    if !kept && registry.binary_search(&key).is_ok() {
                        self.singles[k] += 1;
                    }
                    kept
                });
                registry.retain(|&key| repeats.repeated(k, key));
            }
            let from = self.keys.len();
            self.number(k, &scratch);
            self.own.resize(self.keys.len().div_ceil(64), 0);
            // An index counts a record once under a key it makes twice: the registry's
            // keys are distinct, and each marks the first of the row's own alike.
            for &key in &registry {
                match scratch.iter().position(|&own| own == key) {
                    Some(i) => self.own[(from + i) >> 6] |= 1 << ((from + i) & 63),
                    None => later.push((n, k as u8, key)),
                }
            }
        }
        self.ends.push(self.keys.len() as u32);
        self.sum.rows += 1;
    }

    /// (distinct key, row) for each key a row of a file linked to itself makes that its
    /// own block holds ([`LeakKeys::add_own`]), in the order of the rows.
    fn own(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut from = 0;
        // A leak read against a registry has no bits: its keys are not walked for them.
        let rows = if self.own.is_empty() {
            0
        } else {
            self.ends.len()
        };
        self.ends[..rows]
            .iter()
            .enumerate()
            .flat_map(move |(row, &end)| {
                let keys = from..end as usize;
                from = end as usize;
                keys.filter(|&i| self.own.get(i >> 6).is_some_and(|w| w >> (i & 63) & 1 != 0))
                    .map(move |i| (self.keys[i], row as u32))
            })
    }

    /// Per rule, the blocks of one record [`Repeats`] left out.
    pub fn singles(&self) -> &[u64] {
        &self.singles
    }

    /// The keys [`LeakKeys::add_own`] left for later met, once every row is read, added
    /// to `pairs` after the rest.
    pub fn meet_later(&self, later: &[(u32, u8, u64)], pairs: &mut Vec<(u32, u32)>) {
        for &(n, k, key) in later {
            if let Some(&d) = self.distinct[usize::from(k)].get(&key) {
                pairs.push((d, n));
            }
        }
    }

    /// Room for `rows` rows and `keys` keys: a vector of millions grown by doubling
    /// holds its old copy and its new one at once.
    pub fn new(rows: usize, keys: usize) -> LeakKeys {
        LeakKeys {
            ends: Vec::with_capacity(rows),
            keys: Vec::with_capacity(keys),
            rule_of: Vec::new(),
            own: Vec::new(),
            distinct: RULES.iter().map(|_| FxHashMap::default()).collect(),
            filter: Vec::new(),
            filter_bits: 0,
            singles: vec![0; RULES.len()],
            sum: KeySum::default(),
        }
    }

    /// A leak row's keys by rule `k`, each numbered (new ones the next number), left in
    /// `scratch` too.
    fn add(&mut self, k: usize, r: &Record, scratch: &mut Vec<u64>) {
        scratch.clear();
        (RULES[k].keys)(r, true, scratch);
        self.number(k, scratch);
    }

    /// Rule `k`'s keys of a leak row, each numbered (new ones the next number).
    fn number(&mut self, k: usize, keys: &[u64]) {
        for &key in keys {
            let next = self.rule_of.len() as u32;
            let d = *self.distinct[k].entry(key).or_insert(next);
            if d == next {
                self.rule_of.push(k as u8);
            }
            self.keys.push(d);
        }
    }

    /// The filter [`LeakKeys::meet`] asks first, once every leak row is added.
    fn filter(&mut self) {
        // Sixteen bits a key: one registry key in sixteen passes the filter by chance.
        self.filter_bits = (self.distinct() * 16).next_power_of_two().max(64).ilog2();
        self.filter = vec![0; 1 << (self.filter_bits - 6)];
        for (k, distinct) in self.distinct.iter().enumerate() {
            for &key in distinct.keys() {
                let bit = filter_slot(k, key, self.filter_bits);
                self.filter[bit >> 6] |= 1 << (bit & 63);
            }
        }
    }

    /// How many distinct keys the leak has.
    pub fn distinct(&self) -> usize {
        self.distinct.iter().map(|d| d.len()).sum()
    }

    /// The distinct keys of the leak a registry record shares, each once, into `met`.
    pub fn meet(&self, r: &Record, scratch: &mut Vec<u64>, met: &mut Vec<u32>) {
        met.clear();
        // Every key first, its bit asked for at once: the bits lie anywhere in megabytes,
        // and waiting for each in turn was most of the time.
        scratch.clear();
        let mut ends = [0usize; RULES.len()];
        for ((rule, distinct), end) in RULES.iter().zip(&self.distinct).zip(&mut ends) {
            if !distinct.is_empty() {
                (rule.keys)(r, false, scratch);
            }
            *end = scratch.len();
        }
        // Each rule's keys, with their slots in the filter.
        let by_rule = || {
            ends.iter().enumerate().scan(0, |from, (k, &end)| {
                let keys = &scratch[*from..end];
                *from = end;
                Some(
                    keys.iter()
                        .map(move |&key| (k, key, filter_slot(k, key, self.filter_bits))),
                )
            })
        };
        for (_, _, bit) in by_rule().flatten() {
            crate::compare::prefetch(&self.filter[bit >> 6]);
        }
        for (k, key, bit) in by_rule().flatten() {
            if self.filter[bit >> 6] & (1 << (bit & 63)) != 0
                && let Some(&d) = self.distinct[k].get(&key)
            {
                met.push(d);
            }
        }
        // An index counts a record once under a key it makes twice.
        met.sort_unstable();
        met.dedup();
    }
}

/// The registry records that met each distinct key of a leak: its blocks.
#[derive(Debug, Default)]
pub struct Met {
    keys: LeakKeys,
    /// Per distinct key, where its records start in `records` (one more at the end).
    starts: Vec<u32>,
    records: Vec<u32>,
}

impl Met {
    /// From (distinct key, record) pairs, and a file linked to itself's rows in their
    /// own blocks ([`LeakKeys::add_own`]); each block is in the order of the records, as
    /// in postings.
    pub fn new(mut keys: LeakKeys, pairs: &[(u32, u32)]) -> Met {
        // A counting sort: each block stays in the order of the pairs.
        let mut starts = vec![0u32; keys.distinct() + 1];
        // The maps from keys to their numbers and the filter served to meet the registry;
        // blocks are found by number from now on (a leak's maps were an eighth of a
        // de-duplication's peak).
        keys.distinct = Vec::new();
        keys.filter = Vec::new();
        let all = || keys.own().chain(pairs.iter().copied());
        let mut n = 0;
        for (d, _) in all() {
            starts[d as usize + 1] += 1;
            n += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        // Each block's start serves as its cursor, and ends as the next block's start,
        // rather than a copy of the starts (4 bytes a distinct key) as cursors.
        let mut records = vec![0u32; n];
        let (mut last, mut ordered) = (0, true);
        for (d, r) in all() {
            let at = &mut starts[d as usize];
            records[*at as usize] = r;
            *at += 1;
            ordered &= r >= last;
            last = r;
        }
        keys.own = Vec::new();
        starts.rotate_right(1);
        starts[0] = 0;
        // Pairs out of the records' order (a file's own keys met after its last row,
        // [`LeakKeys::meet_later`]) leave some blocks to sort, each on its own: a sort of
        // all the pairs made room for half of them at the peak.
        if !ordered {
            for b in starts.windows(2) {
                records[b[0] as usize..b[1] as usize].sort_unstable();
            }
        }
        Met {
            keys,
            starts,
            records,
        }
    }

    /// Per rule, the blocks of one record [`Repeats`] left out.
    pub fn singles(&self) -> &[u64] {
        self.keys.singles()
    }

    /// The leak's side of the blocks as a table: (row, rule, key) for each key of each
    /// row, a key made twice twice, as [`Met::blocks`] meets it.
    #[cfg(feature = "datafusion")]
    pub(crate) fn leak_keys(&self) -> impl Iterator<Item = (u32, u8, u64)> + '_ {
        let mut from = 0;
        self.keys
            .ends
            .iter()
            .enumerate()
            .flat_map(move |(row, &end)| {
                let keys = &self.keys.keys[from..end as usize];
                from = end as usize;
                keys.iter()
                    .map(move |&d| (row as u32, self.keys.rule_of[d as usize], u64::from(d)))
            })
    }

    /// The registry's side as a table: (rule, key, record) for each record of each block.
    #[cfg(feature = "datafusion")]
    pub(crate) fn registry_keys(&self) -> impl Iterator<Item = (u8, u64, u32)> + '_ {
        self.starts.windows(2).enumerate().flat_map(move |(d, b)| {
            let rule = self.keys.rule_of[d];
            self.records[b[0] as usize..b[1] as usize]
                .iter()
                .map(move |&r| (rule, d as u64, r))
        })
    }

    /// Leak row `row`'s blocks, by rule, in the order the rules make its keys.
    pub fn blocks(&self, row: usize) -> impl Iterator<Item = (usize, &[u32])> {
        // A row the leak did not have (another leak's) has no blocks.
        let end = |r: usize| self.keys.ends.get(r).map(|&e| e as usize);
        let from = row.checked_sub(1).and_then(end).unwrap_or(0);
        let to = end(row).unwrap_or(from);
        self.keys.keys[from..to].iter().map(|&d| {
            let (a, b) = (self.starts[d as usize], self.starts[d as usize + 1]);
            let rule = self.keys.rule_of[d as usize];
            (usize::from(rule), &self.records[a as usize..b as usize])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{LeakKeys, Met, RULES, Repeats};
    use crate::record::Record;

    fn keys(rule: &str, r: &Record, leak: bool) -> Vec<u64> {
        let rule = RULES
            .iter()
            .find(|x| x.name == rule)
            .expect("a rule of that name");
        let mut out = Vec::new();
        (rule.keys)(r, leak, &mut out);
        out
    }

    fn shares(rule: &str, leak: &Record, registry: &Record) -> bool {
        let theirs = keys(rule, registry, false);
        keys(rule, leak, true).iter().any(|k| theirs.contains(k))
    }

    fn person(first: &str, last: &str, birth: (u16, u8, u8)) -> Record {
        Record {
            first: vec![first.into()],
            last: vec![last.into()],
            birth: Some(birth),
            sounds: [first.into(), last.into(), String::new()],
            ..Record::default()
        }
    }

    /// A key two rows make is repeated; one only one row makes is not, however many
    /// times and ways it makes it (the NIR rule, as a leak row and as a registry record).
    #[test]
    fn a_key_is_repeated_when_another_row_makes_it() {
        let mut repeats = Repeats::for_bytes(1 << 20);
        let rule = |name: &str| RULES.iter().position(|r| r.name == name).expect("rule");
        let mut a = person("Anne", "Martin", (1980, 5, 2));
        a.nir = Some(("280057512345678".into(), true));
        let b = person("Anne", "Martin", (1980, 5, 2));
        let mut scratch = Vec::new();
        for r in [&a, &b] {
            repeats.add(r, &mut scratch);
        }
        let key = |name: &str, r: &Record| keys(name, r, true)[0];
        let (date, nir) = (rule("first name sound + birth date"), rule("NIR"));
        assert!(repeats.repeated(date, key("first name sound + birth date", &a)));
        assert!(!repeats.repeated(nir, key("NIR", &a)));
        assert_eq!(repeats.sum.rows, 2);
    }

    #[test]
    fn the_year_rule_holds_a_swapped_or_mistyped_day_and_month() {
        let rule = "last name sound + birth year + day or month";
        let reg = person("anne", "durand", (1985, 3, 12));
        assert!(shares(rule, &person("anne", "durand", (1985, 12, 3)), &reg));
        assert!(shares(rule, &person("anne", "durand", (1985, 3, 13)), &reg));
        assert!(shares(rule, &person("anne", "durand", (1985, 4, 12)), &reg));
        assert!(!shares(
            rule,
            &person("anne", "durand", (1985, 4, 13)),
            &reg
        ));
        assert!(!shares(
            rule,
            &person("anne", "durand", (1986, 3, 12)),
            &reg
        ));
        // A day equal to its month is one key, not two.
        assert_eq!(
            keys(rule, &person("anne", "durand", (1985, 5, 5)), true).len(),
            1
        );
    }

    #[test]
    fn the_date_rule_needs_one_initial_in_common() {
        let rule = "birth date + a name or city initial";
        let mut reg = person("anne", "durand", (1985, 3, 12));
        reg.birth_name = vec!["martin".into()];
        // Married since, first name mistyped at its end: the last name's initial.
        assert!(shares(
            rule,
            &person("annie", "martin", (1985, 3, 12)),
            &reg
        ));
        // First and last names swapped.
        assert!(shares(rule, &person("durand", "anne", (1985, 3, 12)), &reg));
        // No initial in common, or another date.
        let stranger = person("eve", "bernard", (1985, 3, 12));
        assert!(!shares(rule, &stranger, &reg));
        // The same town's initial.
        reg.city = "lyon".into();
        let mut moved = stranger.clone();
        moved.city = "lyon 3e".into();
        assert!(shares(rule, &moved, &reg));
        // A row without a last name meets every patient born that day.
        let mut nameless = stranger.clone();
        nameless.last.clear();
        assert!(shares(rule, &nameless, &reg));
        assert!(!shares(
            rule,
            &person("anne", "durand", (1985, 3, 13)),
            &reg
        ));
        // Each initial once: "anne" and "arnaud" give one key.
        assert_eq!(
            keys(rule, &person("anne", "arnaud", (1985, 3, 12)), true).len(),
            1
        );
    }

    #[test]
    fn a_registry_record_meets_the_leak_rows_it_shares_a_key_with() {
        let leak = [
            person("anne", "durand", (1985, 3, 12)),
            person("paul", "lefevre", (1990, 7, 1)),
            person("anne", "durand", (1985, 3, 12)),
        ];
        let lk = LeakKeys::of(&leak);
        let (mut scratch, mut met) = (Vec::new(), Vec::new());
        // A stranger: no key in common, not kept.
        lk.meet(
            &person("zoe", "quillet", (1931, 11, 30)),
            &mut scratch,
            &mut met,
        );
        assert!(met.is_empty());
        // Anne, her first name mistyped: several rules still meet her, each key once
        // though two leak rows made it.
        lk.meet(
            &person("annie", "durand", (1985, 3, 12)),
            &mut scratch,
            &mut met,
        );
        assert!(met.len() >= 2, "{met:?}");
        assert!(met.windows(2).all(|w| w[0] < w[1]), "distinct and sorted");
        let blocks = Met::new(lk, &met.iter().map(|&d| (d, 0)).collect::<Vec<_>>());
        // Rows 0 and 2 find record 0 through the same keys; row 1 finds nothing.
        let found = |row: usize| -> Vec<(usize, Vec<u32>)> {
            blocks
                .blocks(row)
                .filter(|(_, b)| !b.is_empty())
                .map(|(k, b)| (k, b.to_vec()))
                .collect()
        };
        assert!(!found(0).is_empty());
        assert_eq!(found(0), found(2));
        assert!(found(1).is_empty());
        assert_eq!(blocks.blocks(3).count() + blocks.blocks(99).count(), 0);
        assert!(found(0).iter().all(|(_, b)| b == &[0]));
    }

    /// A file's own keys met as its rows are read give the blocks the file read again
    /// against its own keys gives, though the swapped names' keys are met only after the
    /// last row.
    #[test]
    fn a_file_s_own_keys_met_as_read_give_the_blocks_of_the_file_read_again() {
        let rows = [
            person("anne", "durand", (1985, 3, 12)),
            person("durand", "anne", (1985, 3, 12)),
            person("paul", "lefevre", (1990, 7, 1)),
            person("anne", "durand", (1985, 3, 12)),
            person("lefevre", "paul", (1990, 7, 1)),
        ];
        let again = LeakKeys::of(&rows);
        let (mut scratch, mut met, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
        for (n, r) in rows.iter().enumerate() {
            again.meet(r, &mut scratch, &mut met);
            pairs.extend(met.iter().map(|&d| (d, n as u32)));
        }
        let again = Met::new(again, &pairs);
        let mut own = LeakKeys::new(rows.len(), 0);
        let (mut pairs, mut later) = (Vec::new(), Vec::new());
        for (n, r) in rows.iter().enumerate() {
            own.add_own(r, n as u32, None, &mut later);
        }
        assert_eq!(
            later.len(),
            2 * rows.len(),
            "each row's swapped names and birth date alone wait"
        );
        own.meet_later(&later, &mut pairs);
        let own = Met::new(own, &pairs);
        let blocks = |m: &Met, row| {
            m.blocks(row)
                .map(|(k, b)| (k, b.to_vec()))
                .collect::<Vec<_>>()
        };
        for row in 0..rows.len() {
            assert_eq!(blocks(&own, row), blocks(&again, row), "row {row}");
        }
        // Anne's names swapped on row 1 meet rows 0 and 3 by the swapped names alone.
        let swapped = RULES
            .iter()
            .position(|r| r.name == "first and last names swapped")
            .expect("the rule");
        assert!(blocks(&own, 1).contains(&(swapped, vec![0, 3])));
    }

    /// Pairs out of the records' order still make blocks in the records' order.
    #[test]
    fn blocks_are_in_the_order_of_the_records_whatever_the_order_of_the_pairs() {
        let rows = [person("anne", "durand", (1985, 3, 12))];
        let keys = LeakKeys::of(&rows);
        let first = keys.keys[0];
        let blocks = Met::new(keys, &[(first, 3), (first, 1), (first, 0)]);
        assert_eq!(blocks.blocks(0).next(), Some((0, &[0, 1, 3][..])));
    }
}
