//! Evidence attached to a case: a scan report (`vigie scan --format json`) and a link
//! result (the affected persons, one JSON object a line). The files are referenced by
//! their BLAKE3 hash, not copied; a scan report fills the case's data categories and
//! person count; a link result's persons are kept encrypted (see `crypt`).

use crate::Error;
use crate::case::DataCategory;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use vigie_detect::{Category, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Scan,
    Link,
}

/// A file attached to a case: where it was, its hash, and what it said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub file: String,
    pub blake3: String,
    pub bytes: u64,
    pub attached: Timestamp,
    /// Findings per kind (scan), or persons per probability band (link).
    pub counts: BTreeMap<String, u64>,
    /// Distinct persons the evidence shows (scan), or likely affected persons (link).
    pub persons: u64,
    /// The scanner's person index was full: `persons` is a lower bound.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub persons_at_least: bool,
    pub categories: Vec<DataCategory>,
}

/// The data category of a finding kind, from the kind's own category.
pub fn category_of(kind: Kind) -> DataCategory {
    match kind {
        Kind::Nir => DataCategory::Nir,
        k => match k.category() {
            Category::Identity | Category::Professional => DataCategory::Identity,
            Category::Contact => DataCategory::Contact,
            Category::Financial => DataCategory::Financial,
            Category::Health => DataCategory::Health,
            Category::Credentials => DataCategory::Credentials,
        },
    }
}

fn read(path: &Path) -> Result<(Vec<u8>, String), Error> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    Ok((bytes, hash))
}

/// A file's BLAKE3, read in blocks (a leak may be gigabytes).
pub fn file_hash(path: &Path) -> Result<String, Error> {
    let io = |e: std::io::Error| Error::Input(format!("{}: {e}", path.display()));
    let mut hasher = blake3::Hasher::new();
    let mut file = std::fs::File::open(path).map_err(io)?;
    std::io::copy(&mut file, &mut hasher).map_err(io)?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// What a case reads of a scan report (`vigie scan --format json`, version 1): the
/// findings per kind and the persons counted. The report is the contract; the register
/// does not depend on the scanner's code.
#[derive(Deserialize)]
struct ScanReport {
    version: u32,
    summary: ScanSummary,
}

#[derive(Deserialize)]
struct ScanSummary {
    counts: BTreeMap<Kind, u64>,
    persons: ScanPersons,
}

#[derive(Deserialize)]
struct ScanPersons {
    distinct: u64,
    #[serde(default)]
    with_health: u64,
    /// The scanner's index of persons was full: its counts are lower bounds.
    #[serde(default)]
    at_least: bool,
}

/// Reads a scan report written by `vigie scan --format json`.
pub fn scan_report(path: &Path, now: Timestamp) -> Result<Evidence, Error> {
    let (bytes, blake3) = read(path)?;
    let report: ScanReport = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Input(format!(
            "{}: not a vigie scan report (vigie scan --format json): {e}",
            path.display()
        ))
    })?;
    if report.version != 1 {
        return Err(Error::Input(format!(
            "{}: scan report version {} is not supported",
            path.display(),
            report.version
        )));
    }
    let mut categories: Vec<DataCategory> = report
        .summary
        .counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, _)| category_of(*k))
        .collect();
    if report.summary.persons.with_health > 0 {
        categories.push(DataCategory::Health);
    }
    categories.sort();
    categories.dedup();
    Ok(Evidence {
        kind: EvidenceKind::Scan,
        file: path.display().to_string(),
        blake3,
        bytes: bytes.len() as u64,
        attached: now,
        counts: report
            .summary
            .counts
            .iter()
            .map(|(k, n)| (k.id().to_string(), *n))
            .collect(),
        persons: report.summary.persons.distinct,
        persons_at_least: report.summary.persons.at_least,
        categories,
    })
}

impl Evidence {
    /// The persons it counts, as a DPO reads them: `1 204 personnes`, `at least 1 204
    /// persons` when the scanner could only give a lower bound.
    pub fn persons_text(&self, lang: crate::Lang) -> String {
        let n = vigie_detect::thousands(self.persons);
        match (self.persons_at_least, lang) {
            (false, crate::Lang::Fr) => format!("{n} personnes"),
            (false, crate::Lang::En) => format!("{n} persons"),
            (true, crate::Lang::Fr) => format!("au moins {n} personnes"),
            (true, crate::Lang::En) => format!("at least {n} persons"),
        }
    }

    /// Moves a link result's counts (affected, in review, rejected) and categories from
    /// what `before` was to what `after` is: a reviewer's answer changed the pair.
    pub fn recount(&mut self, before: &Person, after: &Person) {
        let states = |p: &Person| {
            [
                ("likely", p.affected()),
                ("review", p.decision == LinkDecision::Review),
                ("rejected", p.decision == LinkDecision::Reject),
            ]
        };
        for ((key, was), (_, is)) in states(before).into_iter().zip(states(after)) {
            let n = self.counts.entry(key.to_string()).or_default();
            *n = (*n + u64::from(is)).saturating_sub(u64::from(was));
        }
        self.persons = self.counts["likely"];
        if after.affected() {
            for c in &after.categories {
                if !self.categories.contains(c) {
                    self.categories.push(*c);
                }
            }
            self.categories.sort();
        }
    }
}

/// The bands of the linker's probability an audit samples accepted pairs from, as
/// statistics offices audit a linkage: the precision of each band is estimated apart.
pub const AUDIT_BANDS: [(f64, f64); 4] = [(0.5, 0.9), (0.9, 0.99), (0.99, 0.999), (0.999, 1.0)];

/// What the reviewers' answers on a band's accepted pairs say of its precision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BandAudit {
    pub from: f64,
    pub to: f64,
    /// Pairs `vigie link` accepted in the band, and those a reviewer answered on (same
    /// or different), of which the same person.
    pub accepted: u64,
    pub answered: u64,
    pub same: u64,
    /// The precision's 95 % Wilson interval, when some were answered.
    pub interval: Option<(f64, f64)>,
}

/// The 95 % Wilson score interval of `k` successes in `n` trials: it stays inside 0..1
/// and is not empty at 10 of 10, where the normal approximation says "exactly 1".
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    const Z: f64 = 1.959_964;
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The precision of the linker's accepted pairs per band, from the reviewers' answers,
/// and over all of them (each band's interval weighted by its accepted pairs: a bound,
/// given when every band holding accepted pairs has answers).
pub fn audit(persons: &[Person]) -> (Vec<BandAudit>, Option<(f64, f64)>) {
    let mut a = Audit::new();
    for p in persons {
        a.add(p);
    }
    a.finish()
}

/// [`audit`] one person at a time, for a case too large to hold (a page reads its persons
/// as a stream).
#[derive(Clone, Debug)]
pub struct Audit(Vec<BandAudit>);

impl Default for Audit {
    fn default() -> Audit {
        Audit::new()
    }
}

impl Audit {
    pub fn new() -> Audit {
        Audit(
            AUDIT_BANDS
                .iter()
                .map(|&(from, to)| BandAudit {
                    from,
                    to,
                    accepted: 0,
                    answered: 0,
                    same: 0,
                    interval: None,
                })
                .collect(),
        )
    }

    pub fn add(&mut self, p: &Person) {
        if p.linked != LinkDecision::Accept {
            return;
        }
        let Some(b) = self.0.iter_mut().rev().find(|b| p.probability >= b.from) else {
            return;
        };
        b.accepted += 1;
        if let Some(l) = p.labels.iter().rev().find(|l| l.answer != Answer::CantTell) {
            b.answered += 1;
            b.same += u64::from(l.answer == Answer::Same);
        }
    }

    pub fn finish(mut self) -> (Vec<BandAudit>, Option<(f64, f64)>) {
        for b in &mut self.0 {
            b.interval = wilson(b.same, b.answered);
        }
        let bands = self.0;
        let total: u64 = bands.iter().map(|b| b.accepted).sum();
        let overall = (total > 0).then(|| {
            bands
                .iter()
                .filter(|b| b.accepted > 0)
                .try_fold((0.0, 0.0), |(lo, hi), b| {
                    let (l, h) = b.interval?;
                    let w = b.accepted as f64 / total as f64;
                    Some((lo + w * l, hi + w * h))
                })
        });
        (bands, overall.flatten())
    }
}

/// Up to `n` pairs per band of those `vigie link` accepted and no reviewer answered on,
/// drawn by a keyed hash of their id (the same draw for the same seed, whoever asks).
pub fn audit_sample(persons: &[Person], n: usize, seed: u64) -> Vec<&Person> {
    let mut out = Vec::new();
    for (k, &(from, _)) in AUDIT_BANDS.iter().enumerate() {
        let upper = AUDIT_BANDS.get(k + 1).map_or(f64::INFINITY, |b| b.0);
        let mut band: Vec<(blake3::Hash, &Person)> = persons
            .iter()
            .filter(|p| p.linked == LinkDecision::Accept && p.labels.is_empty())
            .filter(|p| p.probability >= from && p.probability < upper)
            .map(|p| {
                let mut h = blake3::Hasher::new();
                h.update(&seed.to_le_bytes());
                h.update(p.registry_id.as_bytes());
                (h.finalize(), p)
            })
            .collect();
        band.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        out.extend(band.into_iter().take(n).map(|(_, p)| p));
    }
    out
}

/// One affected person of a link result: the registry's id, the probability that this
/// patient is in the leak, the categories of their data that leaked, and their identity
/// and contact details (kept encrypted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub registry_id: String,
    pub probability: f64,
    #[serde(default)]
    pub categories: Vec<DataCategory>,
    /// What the leak exposes of the person, as `vigie link` reports it (detector kinds);
    /// the categories are made from them when the line gives none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// The linker's decision: a pair in review is not counted as affected and gets no
    /// notice until a person confirms it. Absent from older link results: accepted.
    #[serde(default, skip_serializing_if = "LinkDecision::is_accept")]
    pub decision: LinkDecision,
    /// What `vigie link` decided, before any reviewer's answer: an audit samples the
    /// pairs it accepted.
    #[serde(default, skip_serializing_if = "LinkDecision::is_accept")]
    pub linked: LinkDecision,
    /// The reviewers' answers on the pair, oldest first (all kept: when two disagree,
    /// the DPO's later answer decides).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// Everything else the link result says of the person (names, contact details, the
    /// field-by-field explanation).
    #[serde(flatten)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl Person {
    /// Whether the person's details say how to reach them (a postal or e-mail address, a
    /// phone).
    pub fn addressed(&self) -> bool {
        ["address", "email", "phone"].iter().any(|k| {
            self.details
                .get(*k)
                .and_then(|v| v.as_str())
                .is_some_and(|v| !v.trim().is_empty())
        })
    }

    /// Adds the registry's contact details (names, postal and e-mail addresses, phone,
    /// language) to what the person's details hold; what they already give is kept.
    fn add_contact(&mut self, contact: serde_json::Map<String, serde_json::Value>) {
        for (k, v) in contact {
            self.details.entry(k).or_insert(v);
        }
    }
}

/// The pairs awaiting a reviewer's answer (in review, or answered differently by two
/// reviewers), the one whose answer teaches most (the model's least sure) first.
pub fn awaiting_review(persons: &[Person]) -> Vec<&Person> {
    let mut waiting: Vec<&Person> = persons
        .iter()
        .filter(|p| p.decision == LinkDecision::Review || p.disputed())
        .collect();
    waiting.sort_by(|a, b| {
        (a.probability - 0.5)
            .abs()
            .total_cmp(&(b.probability - 0.5).abs())
    });
    waiting
}

/// What `vigie link` decided of a pair, from the most decided to the least.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkDecision {
    #[default]
    Accept,
    Review,
    Reject,
}

impl LinkDecision {
    pub fn is_accept(&self) -> bool {
        *self == LinkDecision::Accept
    }
}

/// A reviewer's answer on a pair awaiting review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The leak row is this patient: the pair is accepted and the person notified.
    Same,
    /// Another person: the pair is rejected.
    Different,
    /// The pair stays in review for someone who can tell.
    CantTell,
}

/// One reviewer's answer: who, when, what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub by: String,
    pub at: Timestamp,
    pub answer: Answer,
}

impl Person {
    /// Records a reviewer's answer; the decision follows the latest answer that tells.
    pub fn label(&mut self, by: &str, at: Timestamp, answer: Answer) {
        self.labels.push(Label {
            by: by.to_string(),
            at,
            answer,
        });
        self.decision = match answer {
            Answer::Same => LinkDecision::Accept,
            Answer::Different => LinkDecision::Reject,
            Answer::CantTell => self.decision,
        };
    }

    /// Whether two reviewers told different things of the pair.
    pub fn disputed(&self) -> bool {
        let told = |a| self.labels.iter().any(|l| l.answer == a);
        told(Answer::Same) && told(Answer::Different)
    }

    /// Whether the person counts as affected: accepted, and likely or confirmed by a
    /// reviewer.
    pub fn affected(&self) -> bool {
        self.decision == LinkDecision::Accept && (self.probability >= LIKELY || self.confirmed())
    }

    /// Whether a reviewer's latest answer that tells is "the same person".
    pub fn confirmed(&self) -> bool {
        self.labels
            .iter()
            .rev()
            .find(|l| l.answer != Answer::CantTell)
            .is_some_and(|l| l.answer == Answer::Same)
    }
}

/// Adds to each person the contact details found for their registry id (fields the link
/// result already gives are kept); returns how many persons had none.
pub fn add_contacts(persons: &mut [Person], found: &BTreeMap<String, impl Serialize>) -> usize {
    let mut missing = 0;
    for p in persons.iter_mut() {
        match found.get(&p.registry_id).map(serde_json::to_value) {
            Some(Ok(serde_json::Value::Object(contact))) => p.add_contact(contact),
            _ => missing += 1,
        }
    }
    missing
}

/// The reviewers' latest answers on a case's pairs, one JSON object a line (leak_id,
/// registry_id, answer, by, at): what `vigie link --labels` reads to learn from them. The
/// latest answer that tells is kept; a "can't tell" only when nothing else was said.
pub fn labels_jsonl(persons: &[Person]) -> Vec<String> {
    persons
        .iter()
        .filter_map(|p| {
            let leak_id = p.details.get("leak_id")?;
            let last = p.labels.last()?;
            let answer = p
                .labels
                .iter()
                .rev()
                .find(|l| l.answer != Answer::CantTell)
                .unwrap_or(last);
            let line = serde_json::json!({
                "leak_id": leak_id,
                "registry_id": p.registry_id,
                "answer": answer.answer,
                "by": answer.by,
                "at": answer.at,
            });
            Some(line.to_string())
        })
        .collect()
}

/// Persons at or above this probability count as affected.
pub const LIKELY: f64 = 0.5;

/// One person a registry id: a patient found on several leak rows is one person, told of
/// everything the rows exposed, at the highest probability; the details of the likeliest
/// row are kept, completed by the others'.
fn merge_repeats(persons: Vec<Person>) -> Vec<Person> {
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out: Vec<Person> = Vec::with_capacity(persons.len());
    for mut p in persons {
        let Some(&i) = at.get(&p.registry_id) else {
            at.insert(p.registry_id.clone(), out.len());
            out.push(p);
            continue;
        };
        let q = &mut out[i];
        // Accepted on one row, the patient is affected whatever another row's pair says.
        let decision = q.decision.min(p.decision);
        if p.probability > q.probability {
            std::mem::swap(q, &mut p);
        }
        q.decision = decision;
        q.categories.extend(p.categories);
        q.categories.sort();
        q.categories.dedup();
        q.kinds.extend(p.kinds);
        q.kinds.sort();
        q.kinds.dedup();
        for (k, v) in p.details {
            q.details.entry(k).or_insert(v);
        }
    }
    out
}

/// The newest version of `vigie link --format jsonl` lines this reader knows
/// (`vigie_link::files::FORMAT`).
const LINK_FORMAT: u64 = 1;

/// Reads a link result: one JSON object a line (see docs/breach.md); every malformed line
/// is reported with its number, and nothing is kept unless all are good.
pub fn link_result(path: &Path, now: Timestamp) -> Result<(Evidence, Vec<Person>), Error> {
    let (bytes, blake3) = read(path)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::Input(format!("{}: not UTF-8 text: {e}", path.display())))?;
    let mut persons = Vec::new();
    let mut errors = Vec::new();
    let mut rejected = 0u64;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // Lines carry the version of their format (none before it was written: 1).
        let parsed = serde_json::from_str::<Person>(line).map(|mut p| {
            let version = p.details.remove("version").and_then(|v| v.as_u64());
            // `vigie link --contacts`: the registry's details of the patient, with the pair.
            if let Some(serde_json::Value::Object(contact)) = p.details.remove("contact") {
                p.add_contact(contact);
            }
            (p, version.unwrap_or(1))
        });
        match parsed {
            Ok((_, version)) if version > LINK_FORMAT => errors.push(format!(
                "{}:{}: a link result of version {version}, written by a newer vigie; this one reads version {LINK_FORMAT}",
                path.display(),
                i + 1
            )),
            Ok((p, _)) if !(0.0..=1.0).contains(&p.probability) => errors.push(format!(
                "{}:{}: probability {} is not between 0 and 1",
                path.display(),
                i + 1,
                p.probability
            )),
            Ok((p, _)) if p.registry_id.trim().is_empty() => errors.push(format!(
                "{}:{}: registry_id is empty",
                path.display(),
                i + 1
            )),
            // A rejected pair is no one's: `vigie link --all` writes them for the record.
            Ok((p, _)) if p.decision == LinkDecision::Reject => rejected += 1,
            Ok((mut p, _)) => {
                if p.categories.is_empty() {
                    p.categories = p.kinds.iter().map(|k| category_of(*k)).collect();
                    p.categories.sort();
                    p.categories.dedup();
                }
                persons.push(p)
            }
            Err(e) => errors.push(format!("{}:{}: {e}", path.display(), i + 1)),
        }
        if errors.len() >= 20 {
            errors.push("… (first 20 errors)".to_string());
            break;
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors.join("\n")));
    }
    let mut persons = merge_repeats(persons);
    for p in &mut persons {
        p.linked = p.decision;
    }
    if persons.is_empty() {
        return Err(Error::Input(format!(
            "{}: no person in the link result",
            path.display()
        )));
    }
    let likely = persons.iter().filter(|p| p.affected()).count() as u64;
    let review = persons
        .iter()
        .filter(|p| p.decision == LinkDecision::Review)
        .count() as u64;
    let mut counts = BTreeMap::new();
    counts.insert("persons".to_string(), persons.len() as u64);
    counts.insert("likely".to_string(), likely);
    counts.insert("review".to_string(), review);
    counts.insert("rejected".to_string(), rejected);
    let mut categories: Vec<DataCategory> = persons
        .iter()
        .filter(|p| p.affected())
        .flat_map(|p| p.categories.iter().copied())
        .collect();
    categories.sort();
    categories.dedup();
    Ok((
        Evidence {
            kind: EvidenceKind::Link,
            file: path.display().to_string(),
            blake3,
            bytes: bytes.len() as u64,
            attached: now,
            counts,
            persons: likely,
            persons_at_least: false,
            categories,
        },
        persons,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn attach(json: &str) -> Result<Evidence, crate::Error> {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("scan.json");
        std::fs::write(&path, json).expect("write");
        scan_report(&path, Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_scan_whose_person_index_was_full_is_counted_as_at_least() {
        let report = |at_least: bool| {
            format!(
                r#"{{"version":1,"summary":{{"counts":{{"nir":1500,"icd10":3}},
                "persons":{{"distinct":1204,"with_nir":1204,"with_health":3,"at_least":{at_least}}}}}}}"#
            )
        };
        let full = attach(&report(true)).expect("full index");
        assert_eq!((full.persons, full.persons_at_least), (1204, true));
        assert_eq!(full.persons_text(Lang::Fr), "au moins 1 204 personnes");
        assert_eq!(full.persons_text(Lang::En), "at least 1 204 persons");
        assert!(full.categories.contains(&DataCategory::Health));
        let exact = attach(&report(false)).expect("exact");
        assert_eq!(exact.persons_text(Lang::Fr), "1 204 personnes");
        // Written before the scanner said so: an exact count.
        let older = attach(
            r#"{"version":1,"summary":{"counts":{},"persons":{"distinct":7,"with_nir":0,"with_health":0}}}"#,
        )
        .expect("older report");
        assert!(!older.persons_at_least && older.categories.is_empty());
    }

    #[test]
    fn what_is_not_a_scan_report_is_refused_with_the_file_named() {
        for (json, why) in [
            (
                r#"{"version":2,"summary":{"counts":{},"persons":{"distinct":1}}}"#,
                "version 2 is not supported",
            ),
            (
                r#"{"version":1,"summary":{"counts":{}}}"#,
                "not a vigie scan report",
            ),
            ("[1, 2", "not a vigie scan report"),
        ] {
            let err = attach(json).expect_err(json).to_string();
            assert!(err.contains("scan.json") && err.contains(why), "{err}");
        }
    }
}
