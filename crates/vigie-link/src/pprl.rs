//! Privacy-preserving record linkage: a leak linked to a controller's registry without
//! either file leaving its holder in clear. Each party normalises its rows as vigie
//! does and encodes them with a secret the parties share (never the processor's alone):
//! every record becomes a 1,024-bit Bloom filter (a cryptographic long-term key, "CLK")
//! into which its names are hashed as bigrams and its birth date, sex, postcode, city,
//! street words and NIR as whole tokens, each token at positions drawn from a keyed
//! BLAKE3 output (independent positions: no double hashing, whose structure known
//! attacks exploit), and three blocking keys that are keyed hashes of phonetic names and
//! dates. Matching compares filters by their Dice coefficient within shared blocks; the
//! secret's check value, written in each file's header, refuses a file encoded with
//! another secret before anything is compared. See docs/pprl.md for the threat model.
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

/// Positions set per token: more for the whole tokens, which are few and decisive, than
/// for the bigrams of names, which are many.
const K_BIGRAM: usize = 12;
const K_TOKEN: usize = 24;

/// The Dice coefficient from which a leak record's best candidate is taken as the same
/// person, unless the caller says otherwise.
pub const THRESHOLD: f64 = 0.8;

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
fn add(bits: &mut [u64; WORDS], secret: &Secret, tag: &str, token: &str, k: usize) {
    let mut h = blake3::Hasher::new_keyed(&secret.bloom);
    h.update(tag.as_bytes());
    h.update(&[0]);
    h.update(token.as_bytes());
    let mut out = [0u8; 2 * K_TOKEN];
    h.finalize_xof().fill(&mut out[..2 * k]);
    for pair in out[..2 * k].chunks_exact(2) {
        let p = usize::from(u16::from_le_bytes([pair[0], pair[1]])) % BITS;
        bits[p / 64] |= 1 << (p % 64);
    }
}

/// A name's bigrams, padded so that its first and last letters count.
fn bigrams(bits: &mut [u64; WORDS], secret: &Secret, tag: &str, name: &str) {
    let padded: Vec<char> = std::iter::once('_')
        .chain(name.chars())
        .chain(std::iter::once('_'))
        .collect();
    for w in padded.windows(2) {
        let gram: String = w.iter().collect();
        add(bits, secret, tag, &gram, K_BIGRAM);
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
        bigrams(&mut bits, secret, "last", name);
    }
    for name in &r.first {
        bigrams(&mut bits, secret, "first", name);
    }
    if let Some((y, m, d)) = r.birth {
        add(&mut bits, secret, "birth year", &y.to_string(), K_TOKEN);
        add(&mut bits, secret, "birth month", &m.to_string(), K_TOKEN);
        add(&mut bits, secret, "birth day", &d.to_string(), K_TOKEN);
    }
    if let Some(s) = r.sex {
        add(&mut bits, secret, "sex", &s.to_string(), K_BIGRAM);
    }
    if let Some(p) = &r.postcode {
        add(&mut bits, secret, "postcode", p, K_TOKEN);
    }
    if !r.city.is_empty() {
        add(&mut bits, secret, "city", &r.city, K_TOKEN);
    }
    for w in r.street.split_whitespace() {
        add(&mut bits, secret, "street", w, K_BIGRAM);
    }
    if let Some((nir, _)) = &r.nir {
        add(&mut bits, secret, "nir", nir, K_TOKEN);
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

/// The matches as CSV (leak_id, registry_id, dice, runner_up), ids made harmless to a
/// spreadsheet.
pub fn write_matches(matches: &[Match], w: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["leak_id", "registry_id", "dice", "runner_up"])?;
    let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
    for m in matches {
        csv.write_record([
            text(&m.leak_id),
            text(&m.registry_id),
            format!("{:.4}", m.dice),
            m.runner_up.map_or(String::new(), |r| format!("{r:.4}")),
        ])?;
    }
    csv.flush()
}

/// A leak record's best registry candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub leak_id: String,
    pub registry_id: String,
    pub dice: f64,
    /// The next best candidate's Dice coefficient, if any: a small gap is a doubtful pair.
    pub runner_up: Option<f64>,
}

/// For each leak record, its best registry candidate among those sharing a blocking key,
/// when their Dice coefficient reaches `threshold` — by default the one the files
/// themselves give ([`auto_threshold`]). Runs on every core.
pub fn link(leak: &[Encoded], registry: &[Encoded], threshold: Option<f64>) -> (Vec<Match>, f64) {
    let best = best_candidates(leak, registry);
    let threshold = threshold.unwrap_or_else(|| auto_threshold(&best));
    (
        best.into_iter().filter(|m| m.dice >= threshold).collect(),
        threshold,
    )
}

/// Where a leak record's best Dice coefficient says "the same person", learnt from the
/// files. A record's runner-up is, but for duplicates in the registry, another person
/// sharing a blocking key with it (a namesake, a relative, someone born the same day):
/// the runner-ups show how alike two different persons of these files are, which is
/// also how alike a leak row of a stranger is to its best candidate. The share of such
/// rows is estimated from the best coefficients that fall as low as the runner-ups' median
/// (a stranger's best falls there half the time, a patient's almost never); the
/// threshold is then the one that makes the fewest errors expected: strangers accepted
/// above it, patients lost below it. A leak of strangers with namesakes in the registry
/// raises it; a leak of patients whose rows are damaged lowers it. Never under
/// [`FLOOR`].
pub fn auto_threshold(best: &[Match]) -> f64 {
    let mut others: Vec<f64> = best.iter().filter_map(|m| m.runner_up).collect();
    if others.len() < 20 {
        return THRESHOLD;
    }
    others.sort_by(f64::total_cmp);
    let mut scores: Vec<f64> = best.iter().map(|m| m.dice).collect();
    scores.sort_by(f64::total_cmp);
    let n = scores.len() as f64;
    let below = |v: &[f64], t: f64| v.partition_point(|&x| x < t) as f64;
    let median = others[others.len() / 2];
    let strangers = (2.0 * below(&scores, median) / n).min(1.0);
    let runner_ups = others.len() as f64;
    let errors = |t: f64| {
        let under = below(&others, t) / runner_ups;
        let accepted_strangers = strangers * n * (1.0 - under);
        let lost_patients = (below(&scores, t) - strangers * n * under).max(0.0);
        accepted_strangers + lost_patients
    };
    (0..=110)
        .map(|i| FLOOR + f64::from(i) * (0.95 - FLOOR) / 110.0)
        .min_by(|a, b| errors(*a).total_cmp(&errors(*b)))
        .unwrap_or(THRESHOLD)
}

/// The lowest threshold the files may give: below it, two records share too little to
/// be called one person whatever the files say.
pub const FLOOR: f64 = 0.4;

/// For each leak record, its best registry candidate among those sharing a blocking key,
/// whatever its coefficient. Runs on every core.
fn best_candidates(leak: &[Encoded], registry: &[Encoded]) -> Vec<Match> {
    let mut blocks: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, r) in registry.iter().enumerate() {
        for &b in r.blocks.iter().filter(|&&b| b != 0) {
            blocks.entry(b).or_default().push(i as u32);
        }
    }
    let ones: Vec<u32> = registry.iter().map(Encoded::ones).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = leak.len().div_ceil(workers).max(1);
    let found: Vec<Vec<Match>> = std::thread::scope(|scope| {
        let handles: Vec<_> = leak
            .chunks(chunk)
            .map(|part| {
                let (blocks, ones) = (&blocks, &ones);
                scope.spawn(move || {
                    let mut seen: Vec<u32> = Vec::new();
                    part.iter()
                        .filter_map(|l| {
                            seen.clear();
                            for b in l.blocks.iter().filter(|&&b| b != 0) {
                                seen.extend(blocks.get(b).into_iter().flatten());
                            }
                            seen.sort_unstable();
                            seen.dedup();
                            let (best, second) = best_among(l, &seen, registry, ones);
                            let (d, c) = best?;
                            Some(Match {
                                leak_id: l.id.clone(),
                                registry_id: registry[c as usize].id.clone(),
                                dice: d,
                                runner_up: second,
                            })
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(crate::index::joined).collect()
    });
    found.into_iter().flatten().collect()
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

/// The best and second-best coefficients of `l` among the registry records `candidates`
/// names.
fn best_among(
    l: &Encoded,
    candidates: &[u32],
    registry: &[Encoded],
    ones: &[u32],
) -> (Option<(f64, u32)>, Option<f64>) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has the popcnt instruction, checked just above.
        return unsafe { best_among_popcnt(l, candidates, registry, ones) };
    }
    best_among_any(l, candidates, registry, ones)
}

/// [`best_among`] compiled with the processor's popcount: the baseline x86-64 target
/// counts bits with a dozen instructions, three times slower over a filter.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn best_among_popcnt(
    l: &Encoded,
    candidates: &[u32],
    registry: &[Encoded],
    ones: &[u32],
) -> (Option<(f64, u32)>, Option<f64>) {
    best_among_any(l, candidates, registry, ones)
}

#[inline(always)]
fn best_among_any(
    l: &Encoded,
    candidates: &[u32],
    registry: &[Encoded],
    ones: &[u32],
) -> (Option<(f64, u32)>, Option<f64>) {
    let lo = l.ones();
    let mut best: Option<(f64, u32)> = None;
    let mut second: Option<f64> = None;
    for &c in candidates {
        let d = dice(&l.bits, &registry[c as usize].bits, lo, ones[c as usize]);
        match best {
            Some((b, _)) if d <= b => second = Some(second.map_or(d, |s: f64| s.max(d))),
            _ => {
                second = best.map(|(b, _)| b).or(second);
                best = Some((d, c));
            }
        }
    }
    (best, second)
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
