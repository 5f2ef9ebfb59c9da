//! Blocking: which registry patients each leak row is compared with. Each rule makes keys
//! from a record (hashed to 64 bits: a collision only adds pairs to score, never loses
//! one); the pairs sharing a key under any rule are scored. The registry's keys are kept
//! as postings, sorted, so that they can be written to an index and read back as they are.

use crate::compare::{ADDRESS, BIRTH, CITY, EMAIL, FIRST, LAST, NIR, OTHERS, POSTCODE, SEX};
use crate::normalize::date_digits;
use crate::record::Record;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// A blocking rule: its name, the keys of a record (`leak`: the record is a leak row, for
/// the rule that crosses first and last names), and, for the rules m is trained on, the
/// comparisons its pairs say nothing about: those its keys make agree, and those that go
/// with them (a postcode with its city, a birth date with the NIR that encodes it).
pub struct Rule {
    pub name: &'static str,
    pub keys: fn(&Record, bool, &mut Vec<u64>),
    pub trains: Option<&'static [usize]>,
}

fn hash(parts: &[&[u8]]) -> u64 {
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
        keys: |r, _, out| {
            for v in day_or_month(r) {
                push(out, &[sound(r, 1), bytes(&year(r)), &[v]]);
            }
        },
        trains: None,
    },
    Rule {
        name: "birth name sound + birth year",
        keys: |r, _, out| push(out, &[sound(r, 2), bytes(&year(r))]),
        trains: None,
    },
    Rule {
        name: "first name sound + birth date",
        keys: |r, _, out| push(out, &[sound(r, 0), bytes(&date(r))]),
        trains: Some(&[FIRST, BIRTH, SEX, NIR]),
    },
    Rule {
        name: "birth date + postcode",
        keys: |r, _, out| push(out, &[bytes(&date(r)), postcode(r)]),
        trains: Some(&[BIRTH, POSTCODE, CITY, ADDRESS, NIR, SEX, OTHERS]),
    },
    Rule {
        name: "last name + first initial",
        keys: |r, _, out| {
            let initial = first_word(&r.first).get(..1).unwrap_or(&[]);
            push(out, &[first_word(&r.last), initial])
        },
        trains: None,
    },
    Rule {
        name: "postcode + first name sound",
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
        keys: |r, _, out| push(out, &[sound(r, 0), sound(r, 1)]),
        trains: None,
    },
    Rule {
        name: "last name sound + postcode",
        keys: |r, _, out| push(out, &[sound(r, 1), postcode(r)]),
        trains: Some(&[LAST, POSTCODE, CITY, ADDRESS, OTHERS]),
    },
    Rule {
        name: "last name sound + city",
        keys: |r, _, out| push(out, &[sound(r, 1), r.city.as_bytes()]),
        trains: None,
    },
    // The house number with each street word, and the postcode or the city: a typo or a
    // second address line spoils only one word, and the number keeps blocks small where
    // street names repeat (every town has its rue Jean Jaurès).
    Rule {
        name: "number + street word + postcode",
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
        keys: |r, _, out| push(out, &[r.email.as_deref().unwrap_or("").as_bytes()]),
        trains: Some(&[EMAIL, FIRST, LAST]),
    },
    Rule {
        name: "phone",
        keys: |r, _, out| push(out, &[r.phone.as_deref().unwrap_or("").as_bytes()]),
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

#[cfg(test)]
mod tests {
    use super::RULES;
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
}
