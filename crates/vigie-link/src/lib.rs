//! vigie-link answers "which of our patients are in this leaked file": it reads the leak
//! and the registry (any table `vigie-sources` reads), normalises French identities,
//! pairs records through several blocking rules, scores pairs with a Fellegi–Sunter model
//! trained without labels, and decides, for each leak row, its best registry candidate
//! with a probability and a field-by-field explanation.

pub mod compare;
pub mod model;
pub mod normalize;
pub mod record;

use compare::{COMPARISONS, compare};
use model::Model;
use record::{Record, Table};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct Options {
    /// Each registry patient matches one leak row at most (the best one).
    pub one_to_one: bool,
    /// Accept at this probability; `None`: the lowest probability keeping the model's
    /// estimate of false discoveries among accepted matches under 1 %, and at least 0.5.
    pub threshold: Option<f64>,
    /// Registry blocks larger than this are skipped (with a warning).
    pub max_block: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            one_to_one: false,
            threshold: None,
            max_block: 1000,
        }
    }
}

/// One blocking rule's result.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub name: String,
    pub pairs: u64,
    pub capped_blocks: u64,
}

/// How one field compared, for the explanation.
#[derive(Clone, Debug, Serialize)]
pub struct FieldComparison {
    pub field: String,
    pub level: String,
    pub weight: f64,
}

/// The decision for one leak row.
#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    pub leak_id: String,
    pub leak_line: u64,
    pub registry_id: String,
    pub probability: f64,
    pub match_weight: f64,
    pub runner_up_id: Option<String>,
    pub weight_gap: Option<f64>,
    pub accepted: bool,
    pub swapped_names: bool,
    pub fields: Vec<FieldComparison>,
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub rules: Vec<Rule>,
    pub candidate_pairs: u64,
    pub model: Model,
    pub threshold: f64,
    /// The model's own estimate of wrong matches among the accepted ones.
    pub expected_false_matches: f64,
    pub decisions: Vec<Decision>,
    /// Leak rows no rule paired with any registry patient.
    pub without_candidate: u64,
}

type Key = fn(&Record) -> Vec<String>;

fn one(key: impl FnOnce() -> Option<String>) -> Vec<String> {
    key().into_iter().collect()
}

fn first_word(w: &[String]) -> Option<&str> {
    w.first().map(String::as_str)
}

/// The distinctive words of the street (not its type, not short words).
fn street_words(r: &Record) -> impl Iterator<Item = &String> {
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
        "place",
        "parade",
        "court",
        "lane",
        "drive",
    ];
    r.street
        .iter()
        .filter(|w| w.len() >= 4 && !TYPES.contains(&w.as_str()))
}

/// The first number of the address, or the first of the columns compared as other text
/// that is a number (FEBRL's `street_number`).
fn house_number(r: &Record) -> Option<&str> {
    let digits = |s: &&str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    r.street
        .iter()
        .map(String::as_str)
        .find(digits)
        .or_else(|| r.others.iter().flatten().map(String::as_str).find(digits))
}

/// First and last names swapped between the files: the leak's last name against the
/// registry's first name.
fn swapped_key(r: &Record, swap: bool) -> Option<String> {
    let (a, b) = (first_word(&r.first)?, first_word(&r.last)?);
    let (a, b) = if swap { (b, a) } else { (a, b) };
    Some(format!(
        "{}|{}",
        normalize::phonetic(a),
        normalize::phonetic(b)
    ))
}

/// Blocking rules: each a key; pairs share a key. Their union is scored.
const RULES: &[(&str, Key)] = &[
    ("last name sound + birth year", |r| {
        one(|| {
            Some(format!(
                "{}|{}",
                normalize::phonetic(first_word(&r.last)?),
                r.birth?.0
            ))
        })
    }),
    ("birth name sound + birth year", |r| {
        one(|| {
            Some(format!(
                "{}|{}",
                normalize::phonetic(first_word(&r.birth_name)?),
                r.birth?.0
            ))
        })
    }),
    ("first name sound + birth date", |r| {
        one(|| {
            let (y, m, d) = r.birth?;
            Some(format!(
                "{}|{y}{m:02}{d:02}",
                normalize::phonetic(first_word(&r.first)?)
            ))
        })
    }),
    ("birth date + postcode", |r| {
        one(|| {
            let (y, m, d) = r.birth?;
            Some(format!("{y}{m:02}{d:02}|{}", r.postcode.as_deref()?))
        })
    }),
    ("last name + first initial", |r| {
        one(|| {
            Some(format!(
                "{}|{}",
                first_word(&r.last)?,
                first_word(&r.first)?.chars().next()?
            ))
        })
    }),
    ("postcode + first name sound", |r| {
        one(|| {
            Some(format!(
                "{}|{}",
                r.postcode.as_deref()?,
                normalize::phonetic(first_word(&r.first)?)
            ))
        })
    }),
    ("birth date", |r| {
        one(|| {
            let (y, m, d) = r.birth?;
            Some(format!("{y}{m:02}{d:02}"))
        })
    }),
    ("first and last name sounds", |r| {
        one(|| swapped_key(r, false))
    }),
    ("last name sound + postcode", |r| {
        one(|| {
            Some(format!(
                "{}|{}",
                normalize::phonetic(first_word(&r.last)?),
                r.postcode.as_deref()?
            ))
        })
    }),
    ("last name sound + city", |r| {
        one(|| {
            Some(format!(
                "{}|{}",
                normalize::phonetic(first_word(&r.last)?),
                r.city.join(" ")
            ))
        })
    }),
    // The house number with each street word, and the postcode or the city: a typo or a
    // second address line spoils only one word, and the number keeps blocks small where
    // street names repeat (every town has its rue Jean Jaurès).
    ("number + street word + postcode", |r| {
        let (Some(pc), Some(n)) = (r.postcode.as_deref(), house_number(r)) else {
            return Vec::new();
        };
        street_words(r).map(|w| format!("{n}|{w}|{pc}")).collect()
    }),
    ("number + street word + city", |r| {
        let (Some(city), Some(n)) = (first_word(&r.city), house_number(r)) else {
            return Vec::new();
        };
        street_words(r).map(|w| format!("{n}|{w}|{city}")).collect()
    }),
    ("first and last names swapped", |r| {
        one(|| swapped_key(r, false))
    }),
    ("NIR", |r| one(|| r.nir.as_ref().map(|(n, _)| n.clone()))),
    ("e-mail", |r| one(|| r.email.clone())),
    ("phone", |r| one(|| r.phone.clone())),
];

/// Aligns the `Other` columns present in both files, by name.
fn align_others(leak: &Table, registry: &Table) -> (Vec<String>, Vec<Record>, Vec<Record>) {
    let shared: Vec<String> = leak
        .others
        .iter()
        .filter(|o| registry.others.contains(o))
        .cloned()
        .collect();
    let pick = |t: &Table| -> Vec<Record> {
        let idx: Vec<usize> = shared
            .iter()
            .filter_map(|s| t.others.iter().position(|o| o == s))
            .collect();
        t.records
            .iter()
            .map(|r| Record {
                others: idx
                    .iter()
                    .map(|&i| r.others.get(i).cloned().flatten())
                    .collect(),
                ..r.clone()
            })
            .collect()
    };
    (shared.clone(), pick(leak), pick(registry))
}

/// A small deterministic generator for sampling random pairs.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

pub fn link(leak: &Table, registry: &Table, opts: &Options) -> Outcome {
    let (others, leak_r, reg_r) = align_others(leak, registry);
    let mut names: Vec<String> = COMPARISONS.iter().map(|(n, _)| n.to_string()).collect();
    let mut levels: Vec<usize> = COMPARISONS.iter().map(|(_, l)| l.len()).collect();
    for o in &others {
        names.push(o.clone());
        levels.push(compare::OTHER_LEVELS.len());
    }
    let level_names = |f: usize, l: u8| -> String {
        COMPARISONS
            .get(f)
            .map_or_else(|| compare::OTHER_LEVELS[l as usize], |(_, n)| n[l as usize])
            .to_string()
    };

    // Blocking.
    let mut pairs: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut rules = Vec::new();
    for (name, key) in RULES {
        let swap = *name == "first and last names swapped";
        let mut index: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, r) in reg_r.iter().enumerate() {
            for k in key(r) {
                let block = index.entry(k).or_default();
                if block.last() != Some(&(i as u32)) {
                    block.push(i as u32);
                }
            }
        }
        let mut count = 0u64;
        let mut capped = 0u64;
        for (i, r) in leak_r.iter().enumerate() {
            let keys = if swap {
                one(|| swapped_key(r, true))
            } else {
                key(r)
            };
            for k in keys {
                let Some(block) = index.get(&k) else { continue };
                if block.len() > opts.max_block {
                    capped += 1;
                    continue;
                }
                for &j in block {
                    count += 1;
                    pairs.insert((i as u32, j));
                }
            }
        }
        rules.push(Rule {
            name: name.to_string(),
            pairs: count,
            capped_blocks: capped,
        });
    }

    // Each blocked pair compared once.
    let mut levels_of: FxHashMap<(u32, u32), (Vec<u8>, bool)> = FxHashMap::default();
    let mut patterns: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut buf = Vec::new();
    for &(i, j) in &pairs {
        let swapped = compare(
            &leak_r[i as usize],
            &reg_r[j as usize],
            others.len(),
            &mut buf,
        );
        *patterns.entry(buf.clone()).or_default() += 1;
        levels_of.insert((i, j), (buf.clone(), swapped));
    }

    // u from random pairs.
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut u: Vec<Vec<f64>> = levels.iter().map(|&n| vec![1.0; n]).collect();
    // The pairs no rule blocked are, for EM, represented by the random sample: without
    // them EM sees only look-alikes (same town, same family) and takes them for matches.
    const SAMPLE: usize = 50_000;
    let all_pairs = leak_r.len() as f64 * reg_r.len() as f64;
    let unblocked_share = ((all_pairs - pairs.len() as f64) / SAMPLE as f64).max(0.0);
    let mut sampled: HashMap<Vec<u8>, f64> = HashMap::new();
    if !leak_r.is_empty() && !reg_r.is_empty() {
        for _ in 0..SAMPLE {
            let (a, b) = (rng.below(leak_r.len()), rng.below(reg_r.len()));
            compare(&leak_r[a], &reg_r[b], others.len(), &mut buf);
            for (f, &l) in buf.iter().enumerate() {
                u[f][l as usize] += 1.0;
            }
            *sampled.entry(buf.clone()).or_default() += unblocked_share;
        }
    }
    for v in &mut u {
        let present: f64 = v.iter().skip(1).sum();
        for x in v.iter_mut().skip(1) {
            *x /= present;
        }
    }
    // High-precision agreement seeds the model: names and birth date all exact, or the
    // NIR.
    let sure = |p: &[u8]| (p[0] == 5 && p[1] == 5 && p[2] == 4) || p[3] == 4;
    let mut weighted: HashMap<Vec<u8>, f64> = sampled;
    for (p, c) in &patterns {
        *weighted.entry(p.clone()).or_default() += *c as f64;
    }
    let model = Model::train(
        names.clone(),
        &levels,
        u,
        &weighted,
        &sure,
        leak_r.len().min(reg_r.len()) as f64,
    );

    // Term frequencies of last and first names in the registry.
    let mut tf_last: FxHashMap<&str, f64> = FxHashMap::default();
    let mut tf_first: FxHashMap<&str, f64> = FxHashMap::default();
    for r in &reg_r {
        if let Some(w) = first_word(&r.last) {
            *tf_last.entry(w).or_default() += 1.0;
        }
        if let Some(w) = first_word(&r.first) {
            *tf_first.entry(w).or_default() += 1.0;
        }
    }
    let n_reg = reg_r.len().max(1) as f64;
    let weight_of = |f: usize, l: u8, leak: &Record| -> f64 {
        let base = model.weight(f, l);
        // An exact agreement on a common name says less than on a rare one.
        let tf = match (f, l) {
            (0, 5) => first_word(&leak.first).and_then(|w| tf_first.get(w)),
            (1, 5) => first_word(&leak.last).and_then(|w| tf_last.get(w)),
            _ => None,
        };
        match tf {
            Some(&count) => {
                let exact_u = model.u[f][l as usize];
                base + (exact_u / (count / n_reg)).log2().clamp(-4.0, 4.0)
            }
            None => base,
        }
    };

    // Scores.
    let mut scored: Vec<(u32, u32, f64)> = levels_of
        .iter()
        .map(|(&(i, j), (lv, _))| {
            let w = model.prior_weight()
                + lv.iter()
                    .enumerate()
                    .map(|(f, &l)| weight_of(f, l, &leak_r[i as usize]))
                    .sum::<f64>();
            (i, j, w)
        })
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));

    // Best and runner-up per leak row (one-to-one: greedily, best weights first).
    let mut best: FxHashMap<u32, (u32, f64)> = FxHashMap::default();
    let mut second: FxHashMap<u32, (u32, f64)> = FxHashMap::default();
    let mut taken: FxHashSet<u32> = FxHashSet::default();
    for &(i, j, w) in &scored {
        if let Some(&(bj, _)) = best.get(&i) {
            if bj != j && !second.contains_key(&i) {
                second.insert(i, (j, w));
            }
            continue;
        }
        if opts.one_to_one && taken.contains(&j) {
            continue;
        }
        best.insert(i, (j, w));
        taken.insert(j);
    }
    let prob = |w: f64| 1.0 / (1.0 + (-w).exp2());
    let mut probs: Vec<f64> = best.values().map(|&(_, w)| prob(w)).collect();
    probs.sort_by(|a, b| b.total_cmp(a));
    let threshold = opts.threshold.unwrap_or_else(|| {
        let mut t = 0.5;
        let mut false_sum = 0.0;
        for (k, p) in probs.iter().enumerate() {
            if *p < 0.5 {
                break;
            }
            false_sum += 1.0 - p;
            if false_sum / (k + 1) as f64 <= 0.01 {
                t = *p;
            }
        }
        t
    });
    let expected_false_matches = probs
        .iter()
        .filter(|p| **p >= threshold)
        .map(|p| 1.0 - p)
        .sum();

    let mut decisions: Vec<Decision> = best
        .iter()
        .map(|(&i, &(j, w))| {
            let (lv, swapped) = &levels_of[&(i, j)];
            let leak_rec = &leak_r[i as usize];
            let p = prob(w);
            Decision {
                leak_id: leak_rec.id.clone(),
                leak_line: leak_rec.line,
                registry_id: reg_r[j as usize].id.clone(),
                probability: p,
                match_weight: w,
                runner_up_id: second.get(&i).map(|&(k, _)| reg_r[k as usize].id.clone()),
                weight_gap: second.get(&i).map(|&(_, w2)| w - w2),
                accepted: p >= threshold,
                swapped_names: *swapped,
                fields: lv
                    .iter()
                    .enumerate()
                    .map(|(f, &l)| FieldComparison {
                        field: names[f].clone(),
                        level: level_names(f, l),
                        weight: weight_of(f, l, leak_rec),
                    })
                    .collect(),
            }
        })
        .collect();
    decisions.sort_by_key(|d| d.leak_line);
    Outcome {
        rules,
        candidate_pairs: pairs.len() as u64,
        without_candidate: (leak_r.len() - best.len()) as u64,
        model,
        threshold,
        expected_false_matches,
        decisions,
    }
}
