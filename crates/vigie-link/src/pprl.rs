//! Privacy-preserving record linkage: a leak linked to a controller's registry without
//! either file leaving its holder in clear. Each party normalises its rows as vigie
//! does and encodes them with a secret the parties share (never the processor's alone):
//! every record becomes a 1,024-bit Bloom filter (a cryptographic long-term key, "CLK")
//! into which its names are hashed as bigrams and its birth date, sex, postcode, city,
//! street words and NIR as whole tokens, each token at positions drawn from a keyed
//! BLAKE3 output (independent positions: no double hashing, whose structure known
//! attacks exploit), and six blocking keys that are keyed hashes of phonetic names, dates
//! and postcodes. The filter is made of five parts (last names, first names and sex,
//! birth date, place, NIR); matching compares, within shared blocks, each part's Dice
//! coefficient, and weighs their levels with a Fellegi–Sunter model the files teach (as
//! linkage in clear does, one EM per blocking rule leaving out what the rule makes
//! agree). The secret's check value, written in each file's header, refuses a file
//! encoded with another secret before anything is compared. See docs/pprl.md for the
//! threat model.
//!
//! Written here rather than taken from a crate: no maintained Rust crate encodes CLKs, and
//! the comparison is the hot loop (hundreds of millions of pairs), a popcount over
//! sixteen words that must stay inlined.

use crate::error::{Error, Result};
use crate::record::Record;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// Blocking keys per record: pairs sharing one are compared.
pub const BLOCKS: usize = 6;

/// Bits of a filter, and the words they fill.
pub const BITS: usize = 1024;
const WORDS: usize = BITS / 64;

/// The filter's parts, one per field compared (first word, words): last and birth names,
/// first names and sex, birth date, place (postcode, city, street), NIR. Each part mixes
/// several tokens, so that no part is a small-domain field alone (a part holding only the
/// sex would say it).
#[derive(Clone, Copy)]
struct Part {
    start: usize,
    words: usize,
}

const LAST: Part = Part { start: 0, words: 5 };
const FIRST: Part = Part { start: 5, words: 3 };
const BIRTH: Part = Part { start: 8, words: 2 };
const PLACE: Part = Part {
    start: 10,
    words: 4,
};
const NIR: Part = Part {
    start: 14,
    words: 2,
};
/// The parts in the order of a comparison pattern.
const PARTS: [Part; N_PARTS] = [LAST, FIRST, BIRTH, PLACE, NIR];
const N_PARTS: usize = 5;

/// Positions set per token, for the part's size: a part is about a third full.
const K_NAME: usize = 8;
const K_DATE: usize = 8;
const K_PLACE: usize = 10;
const K_WORD: usize = 5;
const K_NIR: usize = 16;
const K_MAX: usize = 16;

/// The format of an encoded file, in its header line.
const FORMAT: &str = "vigie-pprl";
const VERSION: u32 = 1;

/// The secret the parties share, from a key file (64 hexadecimal characters), split into
/// one key per use so that no output of one use helps guess another.
pub struct Secret {
    bloom: [u8; 32],
    block: [u8; 32],
    check: [u8; 32],
}

impl Secret {
    /// Reads a key file made by the parties (`head -c 32 /dev/urandom | xxd -p -c 64`).
    pub fn load(path: &Path) -> Result<Secret> {
        let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
        let bytes: Vec<u8> = (0..text.trim().len() / 2)
            .filter_map(|i| u8::from_str_radix(text.trim().get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        let secret: [u8; 32] = bytes
            .try_into()
            .ok()
            .filter(|_| text.trim().len() == 64)
            .ok_or_else(|| {
                Error::input(path, "not a secret (64 hexadecimal characters expected)")
            })?;
        Ok(Secret::from_bytes(&secret))
    }

    pub fn from_bytes(secret: &[u8; 32]) -> Secret {
        Secret {
            bloom: blake3::derive_key("vigie pprl v1: bloom filter positions", secret),
            block: blake3::derive_key("vigie pprl v1: blocking keys", secret),
            check: blake3::derive_key("vigie pprl v1: check value", secret),
        }
    }

    /// What a file encoded with this secret says in its header: equal for the same
    /// secret, and telling nothing of it.
    pub fn check_value(&self) -> String {
        blake3::keyed_hash(&self.check, b"vigie pprl check")
            .to_hex()
            .to_string()
    }
}

/// One record, encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Encoded {
    pub id: String,
    pub bits: [u64; WORDS],
    /// Keyed blocking keys; 0 where the record lacks the fields.
    pub blocks: [u64; BLOCKS],
}

impl Encoded {
    fn ones(&self) -> u32 {
        self.bits.iter().map(|w| w.count_ones()).sum()
    }
}

/// Sets the positions of one token (a field's tag and its value).
fn add(bits: &mut [u64; WORDS], secret: &Secret, part: Part, tag: &str, token: &str, k: usize) {
    let mut h = blake3::Hasher::new_keyed(&secret.bloom);
    h.update(tag.as_bytes());
    h.update(&[0]);
    h.update(token.as_bytes());
    let mut out = [0u8; 2 * K_MAX];
    let k = k.min(K_MAX);
    h.finalize_xof().fill(&mut out[..2 * k]);
    for pair in out[..2 * k].chunks_exact(2) {
        let p = part.start * 64
            + usize::from(u16::from_le_bytes([pair[0], pair[1]])) % (part.words * 64);
        bits[p / 64] |= 1 << (p % 64);
    }
}

/// A name's bigrams, padded so that its first and last letters count.
fn bigrams(bits: &mut [u64; WORDS], secret: &Secret, part: Part, tag: &str, name: &str) {
    let padded: Vec<char> = std::iter::once('_')
        .chain(name.chars())
        .chain(std::iter::once('_'))
        .collect();
    for w in padded.windows(2) {
        let gram: String = w.iter().collect();
        add(bits, secret, part, tag, &gram, K_NAME);
    }
}

fn block_key(secret: &Secret, rule: u8, parts: &[&str]) -> u64 {
    let mut h = blake3::Hasher::new_keyed(&secret.block);
    h.update(&[rule]);
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.finalize().as_bytes()[..8]);
    u64::from_le_bytes(b).max(1)
}

/// A normalised record, encoded with `secret`.
pub fn encode(r: &Record, secret: &Secret) -> Encoded {
    let mut bits = [0u64; WORDS];
    // Names as they are usually written: one filter position set for all the
    // record's last and birth names (a married name and a birth name both count).
    for name in r.last.iter().chain(&r.birth_name) {
        bigrams(&mut bits, secret, LAST, "last", name);
    }
    for name in &r.first {
        bigrams(&mut bits, secret, FIRST, "first", name);
    }
    if let Some((y, m, d)) = r.birth {
        add(
            &mut bits,
            secret,
            BIRTH,
            "birth year",
            &y.to_string(),
            K_DATE,
        );
        add(
            &mut bits,
            secret,
            BIRTH,
            "birth month",
            &m.to_string(),
            K_DATE,
        );
        add(
            &mut bits,
            secret,
            BIRTH,
            "birth day",
            &d.to_string(),
            K_DATE,
        );
    }
    if let Some(s) = r.sex {
        add(&mut bits, secret, FIRST, "sex", &s.to_string(), K_NAME);
    }
    if let Some(p) = &r.postcode {
        add(&mut bits, secret, PLACE, "postcode", p, K_PLACE);
    }
    if !r.city.is_empty() {
        add(&mut bits, secret, PLACE, "city", &r.city, K_PLACE);
    }
    for w in r.street.split_whitespace() {
        add(&mut bits, secret, PLACE, "street", w, K_WORD);
    }
    if let Some((nir, _)) = &r.nir {
        add(&mut bits, secret, NIR, "nir", nir, K_NIR);
    }
    // Several rules, each keyed: a typo in one field leaves the others' keys shared.
    let [first, last, _] = &r.sounds;
    let date = r.birth.map(|(y, m, d)| format!("{y}-{m}-{d}"));
    let year = r.birth.map(|(y, ..)| y.to_string());
    let postcode = r.postcode.clone();
    let key = |rule: u8, parts: [Option<&str>; 2]| match parts {
        [Some(a), Some(b)] if !a.is_empty() && !b.is_empty() => block_key(secret, rule, &[a, b]),
        _ => 0,
    };
    let blocks = [
        key(0, [date.as_deref(), Some("date")]),
        key(1, [Some(last), year.as_deref()]),
        key(2, [Some(first), Some(last)]),
        key(3, [Some(first), year.as_deref()]),
        key(4, [postcode.as_deref(), Some(last)]),
        key(5, [postcode.as_deref(), Some(first)]),
    ];
    Encoded {
        id: r.id.clone(),
        bits,
        blocks,
    }
}

/// The Dice coefficient of two filters: 2 |A ∩ B| / (|A| + |B|).
#[inline(always)]
pub fn dice(a: &[u64; WORDS], b: &[u64; WORDS], ones_a: u32, ones_b: u32) -> f64 {
    let common: u32 = a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum();
    let all = ones_a + ones_b;
    if all == 0 {
        0.0
    } else {
        f64::from(2 * common) / f64::from(all)
    }
}

/// The Dice coefficient of two encoded records.
pub fn dice_of(a: &Encoded, b: &Encoded) -> f64 {
    dice(&a.bits, &b.bits, a.ones(), b.ones())
}

/// Writes encoded records with the header that names the secret's check value.
pub fn write(records: &[Encoded], secret: &Secret, out: &mut dyn Write) -> std::io::Result<()> {
    let header = serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "bits": BITS,
        "check": secret.check_value(),
    });
    writeln!(out, "{header}")?;
    for r in records {
        let bits: String = r.bits.iter().map(|w| format!("{w:016x}")).collect();
        let blocks: Vec<String> = r.blocks.iter().map(|b| format!("{b:016x}")).collect();
        let line = serde_json::json!({"id": r.id, "bits": bits, "blocks": blocks});
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// Reads an encoded file, refusing one encoded with another secret (its check value)
/// or of another format; a damaged line is named by file and line.
pub fn read(path: &Path, secret: &Secret) -> Result<Vec<Encoded>> {
    #[derive(serde::Deserialize)]
    struct Header {
        format: String,
        version: u32,
        bits: usize,
        check: String,
    }
    #[derive(serde::Deserialize)]
    struct Line {
        id: String,
        bits: String,
        blocks: Vec<String>,
    }
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let first = lines
        .next()
        .transpose()
        .map_err(Error::io(path))?
        .unwrap_or_default();
    let header: Header = serde_json::from_str(&first).map_err(|e| {
        Error::input(
            path,
            format!("not an encoded file (vigie link encode): {e}"),
        )
    })?;
    if header.format != FORMAT || header.version > VERSION || header.bits != BITS {
        return Err(Error::input(
            path,
            format!(
                "{} version {} of {} bits; this vigie reads {FORMAT} version {VERSION} of {BITS} bits",
                header.format, header.version, header.bits
            ),
        ));
    }
    if header.check != secret.check_value() {
        return Err(Error::input(
            path,
            "encoded with another secret than the one given: encodings made with different secrets cannot be compared",
        ));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in lines.enumerate() {
        let line = line.map_err(Error::io(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let place = || format!("{}:{}", path.display(), n + 2);
        let parsed = serde_json::from_str::<Line>(&line).map_err(|e| format!("{}: {e}", place()));
        let hex = |s: &str| u64::from_str_radix(s, 16).ok();
        match parsed {
            Ok(l) if l.bits.len() == WORDS * 16 && l.blocks.len() == BLOCKS => {
                let words: Option<Vec<u64>> = (0..WORDS)
                    .map(|i| hex(l.bits.get(16 * i..16 * i + 16)?))
                    .collect();
                let blocks: Option<Vec<u64>> = l.blocks.iter().map(|b| hex(b)).collect();
                match (words, blocks) {
                    (Some(w), Some(b)) => out.push(Encoded {
                        id: l.id,
                        bits: w.try_into().unwrap_or([0; WORDS]),
                        blocks: b.try_into().unwrap_or([0; BLOCKS]),
                    }),
                    _ => errors.push(format!("{}: not hexadecimal", place())),
                }
            }
            Ok(_) => errors.push(format!(
                "{}: a filter of {BITS} bits and {BLOCKS} blocking keys expected",
                place()
            )),
            Err(e) => errors.push(e),
        }
        if errors.len() >= 20 {
            break;
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Lines(errors))
    }
}

/// The matches as CSV (leak_id, registry_id, probability, dice, runner_up), ids made
/// harmless to a spreadsheet.
pub fn write_matches(matches: &[Match], w: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["leak_id", "registry_id", "probability", "dice", "runner_up"])?;
    let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
    for m in matches {
        csv.write_record([
            text(&m.leak_id),
            text(&m.registry_id),
            format!("{:.6}", m.probability),
            format!("{:.4}", m.dice),
            m.runner_up.map_or(String::new(), |r| format!("{r:.6}")),
        ])?;
    }
    csv.flush()
}

/// A leak record's best registry candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub leak_id: String,
    pub registry_id: String,
    /// The probability that the two rows are one person, by the model the files taught.
    pub probability: f64,
    /// The Dice coefficient of the two whole filters.
    pub dice: f64,
    /// The next best candidate's probability, if any: close to the best, a doubtful pair.
    pub runner_up: Option<f64>,
}

/// A pair's agreement pattern: per part of the filters, 0 when either side has none of
/// it, else 1 (different) to 6 (the same) by the part's Dice coefficient.
type Pattern = [u8; N_PARTS];

/// The Dice coefficient's level of one part.
fn level(a: &Encoded, b: &Encoded, part: Part) -> u8 {
    let range = part.start..part.start + part.words;
    let ones = |x: &Encoded| -> u32 { x.bits[range.clone()].iter().map(|w| w.count_ones()).sum() };
    let (oa, ob) = (ones(a), ones(b));
    if oa == 0 || ob == 0 {
        return 0;
    }
    let common: u32 = a.bits[range.clone()]
        .iter()
        .zip(&b.bits[range.clone()])
        .map(|(x, y)| (x & y).count_ones())
        .sum();
    let d = f64::from(2 * common) / f64::from(oa + ob);
    match d {
        d if d >= 0.99 => 6,
        d if d >= 0.9 => 5,
        d if d >= 0.75 => 4,
        d if d >= 0.6 => 3,
        d if d >= 0.4 => 2,
        _ => 1,
    }
}

fn pattern(a: &Encoded, b: &Encoded) -> Pattern {
    PARTS.map(|part| level(a, b, part))
}

/// Levels of a part, missing included.
const LEVELS: usize = 7;

/// Fellegi–Sunter weights of the parts' levels, learnt from the files: u from random
/// pairs (almost all of different persons), m and the share of matches λ by
/// expectation–maximisation over the pairs blocking proposes, u held.
#[derive(Clone, Debug)]
pub struct Weights {
    pub m: [[f64; LEVELS]; N_PARTS],
    pub u: [[f64; LEVELS]; N_PARTS],
    pub lambda: f64,
}

impl Weights {
    /// log2(m/u) summed over the parts both sides have.
    pub fn weight(&self, p: &Pattern) -> f64 {
        p.iter()
            .enumerate()
            .filter(|(_, l)| **l != 0)
            .map(|(f, &l)| (self.m[f][usize::from(l)] / self.u[f][usize::from(l)]).log2())
            .sum()
    }

    /// The prior weight of a pair: log2(λ / (1 − λ)).
    fn prior(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// m by expectation–maximisation within the pairs of each blocking rule, leaving out
    /// the parts that rule makes agree (the look-alikes a rule gathers — a town, a family,
    /// namesakes — would otherwise be taken for the matches), averaged over the rules by
    /// the matches each found; then λ over every pair, m and u held.
    fn train(
        by_rule: &[HashMap<Pattern, f64>; BLOCKS],
        all: &HashMap<Pattern, f64>,
        random: &HashMap<Pattern, f64>,
    ) -> Weights {
        let share = |counts: &HashMap<Pattern, f64>, f: usize, l: usize| {
            let (mut at, mut total) = (0.0, 0.0);
            for (p, c) in counts {
                if p[f] != 0 {
                    total += c;
                    at += c * f64::from(u8::from(usize::from(p[f]) == l));
                }
            }
            (at + 0.5) / (total + 0.5 * (LEVELS - 1) as f64)
        };
        let mut u = [[1.0; LEVELS]; N_PARTS];
        for (f, row) in u.iter_mut().enumerate() {
            for (l, v) in row.iter_mut().enumerate().skip(1) {
                *v = share(random, f, l);
            }
        }
        let start = Weights {
            m: [[1.0, 0.02, 0.03, 0.05, 0.1, 0.1, 0.7]; N_PARTS],
            u,
            lambda: 0.1,
        };
        let mut sum = [[0.0; LEVELS]; N_PARTS];
        let mut found = [0.0; N_PARTS];
        for (rule, counts) in by_rule.iter().enumerate() {
            let excluded = EXCLUDED[rule];
            let (m, matches) = start.em(counts, &excluded, true);
            for f in (0..N_PARTS).filter(|f| !excluded[*f]) {
                found[f] += matches;
                for (s, v) in sum[f].iter_mut().zip(&m.m[f]).skip(1) {
                    *s += matches * v;
                }
            }
        }
        let mut w = start.clone();
        for ((m, s), n) in w.m.iter_mut().zip(&sum).zip(found) {
            if n > 0.0 {
                for (v, s) in m.iter_mut().zip(s).skip(1) {
                    *v = s / n;
                }
            }
        }
        let (w, _) = w.em(all, &[false; N_PARTS], false);
        w
    }

    /// Expectation–maximisation of λ and, when `learn_m`, of m for the parts not
    /// `excluded`; u held. Returns the model and the matches it counts.
    fn em(
        &self,
        counts: &HashMap<Pattern, f64>,
        excluded: &[bool; N_PARTS],
        learn_m: bool,
    ) -> (Weights, f64) {
        let mut w = self.clone();
        let total: f64 = counts.values().sum();
        if total <= 0.0 {
            return (w, 0.0);
        }
        let mut matches = 0.0;
        for _ in 0..300 {
            let prior = w.prior();
            let mut acc = [[0.0; LEVELS]; N_PARTS];
            matches = 0.0;
            for (p, c) in counts {
                let evidence: f64 = p
                    .iter()
                    .enumerate()
                    .filter(|(f, l)| **l != 0 && !excluded[*f])
                    .map(|(f, &l)| (w.m[f][usize::from(l)] / w.u[f][usize::from(l)]).log2())
                    .sum();
                let r = 1.0 / (1.0 + (-(prior + evidence)).exp2());
                matches += c * r;
                for (f, &l) in p.iter().enumerate() {
                    acc[f][usize::from(l)] += c * r;
                }
            }
            let mut change: f64 = 0.0;
            if learn_m {
                for (f, a) in acc.iter().enumerate() {
                    let present: f64 = a.iter().skip(1).sum();
                    if excluded[f] || present <= 0.0 {
                        continue;
                    }
                    for (m, count) in w.m[f].iter_mut().zip(a).skip(1) {
                        let v = (count + 0.01) / (present + 0.01 * (LEVELS - 1) as f64);
                        change = change.max((v - *m).abs());
                        *m = v;
                    }
                }
            }
            let lambda = (matches / total).clamp(1e-9, 0.999);
            change = change.max((lambda - w.lambda).abs());
            w.lambda = lambda;
            if change < 1e-7 {
                break;
            }
        }
        (w, matches)
    }
}

/// The parts each blocking rule makes agree (last name, first name, birth date, place,
/// NIR), left out of that rule's training.
const EXCLUDED: [[bool; N_PARTS]; BLOCKS] = [
    [false, false, true, false, false],
    [true, false, true, false, false],
    [true, true, false, false, false],
    [false, true, true, false, false],
    [true, false, false, true, false],
    [false, true, false, true, false],
];

/// For each leak record, its best registry candidate among those sharing a blocking key,
/// by the model the files teach ([`Weights`]), kept when its probability reaches
/// `threshold` (0.5 unless said). Returns the matches and the model. Runs on every core.
pub fn link(
    leak: &[Encoded],
    registry: &[Encoded],
    threshold: Option<f64>,
) -> (Vec<Match>, Weights) {
    let mut blocks: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, r) in registry.iter().enumerate() {
        for &b in r.blocks.iter().filter(|&&b| b != 0) {
            blocks.entry(b).or_default().push(i as u32);
        }
    }
    let candidates = |l: &Encoded, seen: &mut Vec<u32>| {
        seen.clear();
        for b in l.blocks.iter().filter(|&&b| b != 0) {
            seen.extend(blocks.get(b).into_iter().flatten());
        }
        seen.sort_unstable();
        seen.dedup();
    };
    // The pairs blocking proposes, as pattern counts: all of them, and per rule.
    type Counts = (HashMap<Pattern, f64>, [HashMap<Pattern, f64>; BLOCKS]);
    let (all, by_rule) = on_cores(leak, |part| {
        let mut counts: Counts = Default::default();
        let mut seen = Vec::new();
        for l in part {
            candidates(l, &mut seen);
            for &c in &seen {
                let r = &registry[c as usize];
                let p = pattern(l, r);
                *counts.0.entry(p).or_default() += 1.0;
                for (rule, (a, b)) in l.blocks.iter().zip(&r.blocks).enumerate() {
                    if *a != 0 && a == b {
                        *counts.1[rule].entry(p).or_default() += 1.0;
                    }
                }
            }
        }
        vec![counts]
    })
    .into_iter()
    .fold(Counts::default(), |mut acc, part| {
        for (p, c) in part.0 {
            *acc.0.entry(p).or_default() += c;
        }
        for (rule, counts) in part.1.into_iter().enumerate() {
            for (p, c) in counts {
                *acc.1[rule].entry(p).or_default() += c;
            }
        }
        acc
    });
    // Random pairs, for u: a fixed sequence, so the same files give the same model.
    let mut random: HashMap<Pattern, f64> = HashMap::new();
    if !leak.is_empty() && !registry.is_empty() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..RANDOM_PAIRS {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (i, j) = (
                (x % leak.len() as u64) as usize,
                ((x >> 32) % registry.len() as u64) as usize,
            );
            *random.entry(pattern(&leak[i], &registry[j])).or_default() += 1.0;
        }
    }
    let weights = Weights::train(&by_rule, &all, &random);
    // The prior of a pair is the matches' share of all leak × registry pairs, not of the
    // blocked ones: blocking gathers look-alikes, and a stranger's namesake must bring
    // the evidence a random pair would need.
    let blocked: f64 = all.values().sum();
    let matches = weights.lambda * blocked;
    let pairs = leak.len() as f64 * registry.len() as f64;
    let prior = (matches / (pairs - matches).max(1.0))
        .max(f64::MIN_POSITIVE)
        .log2();
    let best = on_cores(leak, |part| {
        let mut seen = Vec::new();
        part.iter()
            .filter_map(|l| {
                candidates(l, &mut seen);
                let mut scored: Vec<(f64, u32)> = seen
                    .iter()
                    .map(|&c| (weights.weight(&pattern(l, &registry[c as usize])), c))
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                let probability = |w: f64| 1.0 / (1.0 + (-(prior + w)).exp2());
                let &(w, c) = scored.first()?;
                Some(Match {
                    leak_id: l.id.clone(),
                    registry_id: registry[c as usize].id.clone(),
                    probability: probability(w),
                    dice: dice_of(l, &registry[c as usize]),
                    runner_up: scored.get(1).map(|(w, _)| probability(*w)),
                })
            })
            .collect()
    });
    // More likely the same person than not, the prior being a random pair's.
    let threshold = threshold.unwrap_or(0.5);
    let matches = best
        .into_iter()
        .filter(|m| m.probability >= threshold)
        .collect();
    (matches, weights)
}

/// Random pairs drawn for u.
const RANDOM_PAIRS: usize = 50_000;

/// `work` over parts of `items`, one a core, the results in order.
fn on_cores<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let work = &work;
                scope.spawn(move || work(part))
            })
            .collect();
        handles.into_iter().flat_map(crate::index::joined).collect()
    })
}

/// Compares every leak filter with every registry filter and returns how many pairs
/// reached `threshold`: the raw comparison rate, without blocking, for benchmarks.
pub fn compare_all(leak: &[Encoded], registry: &[Encoded], threshold: f64) -> u64 {
    let ones: Vec<u32> = registry.iter().map(Encoded::ones).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = leak.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = leak
            .chunks(chunk)
            .map(|part| {
                let ones = &ones;
                scope.spawn(move || count_above(part, registry, ones, threshold))
            })
            .collect();
        handles.into_iter().map(crate::index::joined).sum()
    })
}

/// How many pairs of `part` × `registry` reach `threshold`.
fn count_above(part: &[Encoded], registry: &[Encoded], ones: &[u32], threshold: f64) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has the popcnt instruction, checked just above.
        return unsafe { count_above_popcnt(part, registry, ones, threshold) };
    }
    count_above_any(part, registry, ones, threshold)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn count_above_popcnt(part: &[Encoded], registry: &[Encoded], ones: &[u32], threshold: f64) -> u64 {
    count_above_any(part, registry, ones, threshold)
}

#[inline(always)]
fn count_above_any(part: &[Encoded], registry: &[Encoded], ones: &[u32], threshold: f64) -> u64 {
    let mut n = 0u64;
    for l in part {
        let lo = l.ones();
        for (r, &ro) in registry.iter().zip(ones) {
            // 2 |A ∩ B| ≥ t (|A| + |B|): the coefficient without its division.
            let common: u32 = l
                .bits
                .iter()
                .zip(&r.bits)
                .map(|(x, y)| (x & y).count_ones())
                .sum();
            n += u64::from(f64::from(2 * common) >= threshold * f64::from(lo + ro));
        }
    }
    n
}
