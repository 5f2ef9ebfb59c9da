//! vigie-link answers "which of our patients are in this leaked file": it reads the leak
//! and the registry (any table `vigie-sources` reads), normalises French identities,
//! meets the registry against the leak's blocking keys (or indexes it once on disk for
//! repeated leaks), pairs records through several blocking rules, scores pairs with a
//! Fellegi–Sunter model trained without labels, and decides, for each leak row, its best
//! registry candidate with a probability and a field-by-field explanation; it reports the
//! run as HTML. [`link`] runs the stages in turn (pair, train, score, assign, threshold,
//! decide), each a function or type of its own, the candidate pairs kept on disk past a
//! memory budget; [`files::link_files`] is the whole run
//! over two files, for the command line and the dashboard alike, and its result is the
//! contract the breach case reads (versioned JSON lines, with the registry's contact
//! details when asked). It also owns what a run says at a terminal ([`summary`]), the
//! reading back of its own lines' explanations ([`explain`]) and its typed [`Error`]s,
//! and one file linked to itself ([`dedup`]: its persons, by the accepted pairs and in
//! strict clusters). The same files give the same numbers to the last bit, whichever
//! [`Engine`] makes the pairs: the blocks held in memory, or (cargo feature
//! `datafusion`) a query plan of Apache DataFusion.

pub mod block;
mod candidates;
pub mod compare;
pub mod dedup;
#[cfg(feature = "datafusion")]
mod engine;
mod error;
pub mod explain;
pub mod files;
pub mod index;
pub mod model;
pub mod normalize;
pub mod pprl;
pub mod record;
pub mod report;
pub mod split;
pub mod summary;

pub use error::Error;
use error::Result;

use block::RULES;
use candidates::{Candidate, Candidates};
use compare::{
    BIRTH, BIRTH_EXACT, COMPARISONS, EMAIL, FIRST, LAST, NAME_EXACT, NIR, NIR_EXACT, Packed,
    RESIDENCE, SAME_COMMUNE, compare, contradiction,
};
use index::{Blocks, Index, SAMPLE, XorShift};
use model::Model;
use record::{Leak, Linked};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Debug)]
pub struct Options {
    /// Each registry patient matches one leak row at most (the best one).
    pub one_to_one: bool,
    /// Accept at this probability; `None`: the lowest probability keeping the model's
    /// estimate of false discoveries among accepted matches under 0.1 %, and at least
    /// 0.5.
    pub threshold: Option<f64>,
    /// Pairs from this probability up to the acceptance threshold, and pairs with a
    /// contradiction that is not decisive, go to review; `None`: 0.5, where the model
    /// starts to call a pair more likely the same person than not.
    pub review_from: Option<f64>,
    /// Registry blocks larger than this are skipped (counted in each rule's report).
    pub max_block: usize,
    /// Each blocking rule's blocks make at most this many pairs a leak row on average,
    /// or `rule_pairs_floor` in all if that is more: past that, its largest blocks are
    /// skipped first ([`Rule::largest_block`]). A block is counted by its size, once for
    /// each of a row's keys that meets it. `0`: no limit but `max_block`.
    pub pairs_per_row: f64,
    /// The pairs a rule may always make, whatever the leak's size.
    pub rule_pairs_floor: u64,
    /// Reviewers' answers on pairs of an earlier run (`vigie breach review`): a pair
    /// answered "same" is accepted, "different" is never chosen.
    pub labels: Vec<Label>,
    /// The two sides are one file (de-duplication): a row is never its own
    /// candidate (rows are told apart by their place among the rows read: ids may
    /// repeat, and a dump's INSERT puts thousands of rows on one line). Its decisions
    /// carry no explanation ([`Decision::fields`]).
    pub dedup: bool,
    /// Memory for candidate pairs, in bytes (16 a pair): past it they are written to an
    /// unnamed file in `temp_dir` and read back, with the same results. On
    /// [`Engine::DataFusion`], the plan's joins, groupings and sorts hold as much again
    /// (1 GB at least) and spill to `temp_dir` past it.
    pub memory: usize,
    pub temp_dir: std::path::PathBuf,
    /// What makes the candidate pairs; the decisions are the same either way.
    pub engine: Engine,
}

/// What makes the candidate pairs (blocking and comparison).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// Blocks held in memory, walked by every core.
    #[default]
    Memory,
    /// Apache DataFusion: keys as tables, blocks as joins (the module `engine`).
    #[cfg(feature = "datafusion")]
    DataFusion,
}

/// Candidate pairs held in memory by default: a million rows linked to themselves (50
/// million pairs) stay there, larger runs go to disk.
pub const DEFAULT_MEMORY: usize = 1 << 30;

/// A rule's share of the candidate pairs, per leak row, by default. The blocks of the
/// rules that pair on a name or a date with an initial grow with the file: left to
/// `max_block` alone, the pairs grew 8.2 times for 3 times the rows (docs/benchmarks.md),
/// and those largest blocks pair the commonest names and dates, whose agreement says
/// least.
pub const DEFAULT_PAIRS_PER_ROW: f64 = 8.0;

/// A rule may always propose this many pairs, whatever the file's size: a small file
/// compares every block up to `max_block`, as a few seconds do it.
pub const RULE_PAIRS_FLOOR: u64 = 10_000_000;

/// A reviewer's answer on a pair: leak row, registry patient, the same person or not.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Label {
    pub leak_id: String,
    pub registry_id: String,
    pub same: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            one_to_one: false,
            threshold: None,
            review_from: None,
            max_block: 1000,
            pairs_per_row: DEFAULT_PAIRS_PER_ROW,
            rule_pairs_floor: RULE_PAIRS_FLOOR,
            labels: Vec::new(),
            dedup: false,
            memory: DEFAULT_MEMORY,
            temp_dir: std::env::temp_dir(),
            engine: Engine::Memory,
        }
    }
}

/// One blocking rule's result.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    pub name: String,
    pub name_fr: String,
    /// Pairs this rule proposed (a pair proposed by several rules counts in each).
    pub pairs: u64,
    /// Leak keys whose registry block was over `largest_block`, and skipped.
    pub capped_blocks: u64,
    /// The largest block compared: `Options::max_block`, or less when the rule's pairs
    /// would pass its share ([`Options::pairs_per_row`]).
    pub largest_block: usize,
    /// Accepted matches this rule proposed, and those no other rule did.
    pub matches: u64,
    pub only_matches: u64,
}

/// How one field compared, for the explanation. The prior comes first, as a field named
/// `prior` at level `λ`: the weights of the fields add up to the match weight.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct FieldComparison {
    /// Shared, not owned: a million decisions hold a dozen of these each, and the names
    /// and levels are a few dozen strings (owned, they were a third of a large
    /// de-duplication's memory).
    pub field: Arc<str>,
    pub level: Arc<str>,
    pub weight: f64,
}

/// What becomes of a leak row's best candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The same person: notified.
    Accept,
    /// Uncertain, or contradicted by evidence a person must weigh: not notified until a
    /// reviewer confirms it.
    Review,
    /// Not the same person.
    Reject,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Review => "review",
            Verdict::Reject => "reject",
        }
    }
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
    /// Whether the match is accepted: `decision` is `accept`.
    pub accepted: bool,
    pub decision: Verdict,
    /// The decision is a reviewer's answer, not the model's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reviewed: bool,
    /// The contradictions of the pair, by id (see [`compare::contradiction`]).
    pub contradictions: Vec<&'static str>,
    pub swapped_names: bool,
    /// Each field's comparison, the prior first: the explanation.
    pub fields: Vec<FieldComparison>,
    /// What the leak row exposes of the person (detector kinds): a breach case turns
    /// them into the person's data categories, and the notice tells them of those only.
    pub kinds: Vec<vigie_detect::Kind>,
}

/// A de-duplication's decision on a row's best candidate: all that counting persons
/// reads. A [`Decision`] names, explains and categorises its pair in 208 bytes and more
/// on the heap (ten million rows make 9 million: 1.9 GB held at once).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Join {
    /// The two rows' places among the file's rows ([`record::Record::row`]): ids are no
    /// key within one file.
    pub rows: (u64, u64),
    pub probability: f64,
    pub decision: Verdict,
}

impl Join {
    pub fn accepted(&self) -> bool {
        self.decision == Verdict::Accept
    }
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub rules: Vec<Rule>,
    pub candidate_pairs: u64,
    /// The candidate pairs passed [`Options::memory`] and were kept in a temporary file.
    pub pairs_on_disk: bool,
    pub model: Model,
    pub threshold: f64,
    /// Pairs from this probability up to `threshold` go to review.
    pub review_from: f64,
    /// Best candidates in review, and rejected for a decisive contradiction.
    pub in_review: u64,
    pub contradicted: u64,
    /// Reviewers' answers applied, and those naming a pair no longer among the candidates
    /// (a leak row or a patient gone, or no rule pairing them now): kept, not applied.
    pub labels_applied: u64,
    pub labels_stale: u64,
    /// The registry's pairs of one household counted (none in a registry of a thousand
    /// patients or more: first names and birth dates that differ are weighed, not
    /// decisive; under fifty, too few to score households with their own chances).
    pub household_pairs: u64,
    /// log2 of how much more often the registry's namesakes share a commune than chance.
    pub namesake_excess: f64,
    /// The model's own estimate of wrong matches among the accepted ones.
    pub expected_false_matches: f64,
    /// Each leak row's best candidate, decided; none in de-duplication, which has
    /// `joins` instead.
    pub decisions: Vec<Decision>,
    /// De-duplication only: each row's best candidate, decided ([`Join`]).
    #[serde(skip)]
    pub joins: Vec<Join>,
    /// Leak rows no rule paired with any registry patient.
    pub without_candidate: u64,
    /// The share of true matches the blocking rules found, estimated from how many
    /// rules found each accepted match (Chao's estimate of the matches no rule found: a
    /// lower bound on them, so an upper bound on recall).
    pub blocking_recall: Option<f64>,
    /// The `Other` columns both files have, compared as text.
    pub others: Vec<String>,
    /// Seconds spent: blocking and comparing, training, deciding.
    pub seconds: [f64; 3],
    /// The answered pairs: the model's probability (answers left out) and the answer.
    pub calibration: Vec<Calibration>,
    /// De-duplication only: the pairs of rows compared within each person the accepted
    /// pairs make and found not to match, either way round (something stands against
    /// the pair, or its probability on its own, with no rival sharing its odds, is under
    /// `review_from`: more likely two persons than one; or a reviewer said "different"),
    /// as their rows' places, each pair once, the smaller first, sorted. What strict
    /// clusters refuse to join.
    #[serde(skip)]
    pub refused: Vec<(u64, u64)>,
}

/// What a DPO reads first: persons, not pairs. A patient on several leak rows is one
/// person to tell; a leak row linked to no patient is nobody the registry knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Persons {
    /// Leak rows read, compared or not.
    pub leak_rows: u64,
    /// Leak rows accepted as a registry patient, and the distinct patients they name.
    pub accepted_rows: u64,
    pub affected: u64,
    /// Leak rows awaiting review, and the patients they would add (not already affected).
    pub review_rows: u64,
    pub review_patients: u64,
    /// Leak rows neither accepted nor awaiting review: linked to no known patient.
    pub unmatched_rows: u64,
}

impl Outcome {
    /// The counts a DPO signs, from the decisions; `leak_rows` is the rows the leak had.
    pub fn persons(&self, leak_rows: u64) -> Persons {
        let mut affected: FxHashSet<&str> = FxHashSet::default();
        let mut review: FxHashSet<&str> = FxHashSet::default();
        let (mut accepted_rows, mut review_rows) = (0u64, 0u64);
        for d in &self.decisions {
            match d.decision {
                Verdict::Accept => {
                    accepted_rows += 1;
                    affected.insert(&d.registry_id);
                }
                Verdict::Review => {
                    review_rows += 1;
                    review.insert(&d.registry_id);
                }
                Verdict::Reject => {}
            }
        }
        let review_patients = review.iter().filter(|id| !affected.contains(*id)).count();
        Persons {
            leak_rows,
            accepted_rows,
            affected: affected.len() as u64,
            review_rows,
            review_patients: review_patients as u64,
            unmatched_rows: leak_rows.saturating_sub(accepted_rows + review_rows),
        }
    }
}

/// One answered pair, for the reliability table: what the model predicted, what the
/// reviewer said.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Calibration {
    pub probability: f64,
    pub same: bool,
}

/// Comparison levels packed into one number (mixed radix), so that a pair costs 16 bytes
/// and agreement patterns are counted in a hash map of integers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Codec {
    radix: Vec<u64>,
    /// Per field, the product of the radices before it: a field's level is read from a
    /// code several times per candidate.
    below: Vec<u64>,
}

impl Codec {
    fn new(radix: Vec<u64>) -> Codec {
        let below = radix
            .iter()
            .scan(1u64, |product, r| {
                let here = *product;
                *product *= r;
                Some(here)
            })
            .collect();
        Codec { radix, below }
    }

    fn encode(&self, levels: &[u8]) -> u64 {
        let mut code = 0;
        for (l, r) in levels.iter().zip(&self.radix).rev() {
            code = code * r + *l as u64;
        }
        code
    }

    fn decode(&self, mut code: u64) -> Vec<u8> {
        self.radix
            .iter()
            .map(|r| {
                let l = code % r;
                code /= r;
                l as u8
            })
            .collect()
    }

    fn level(&self, code: u64, field: usize) -> u8 {
        (code / self.below[field] % self.radix[field]) as u8
    }
}

/// The default acceptance threshold keeps the model's estimate of false matches among the
/// accepted under this share, and is never under `ACCEPT_FLOOR`: each accepted match is a
/// letter telling a person their health data leaked.
const MAX_FALSE_SHARE: f64 = 0.001;
/// Over a large leak the share allows pairs barely more likely the patient than not: a
/// pair nearly one chance in two of being someone else waits for a person instead.
/// Measured (docs/benchmarks.md): 0.5 → 0.55 takes the generator's 1M × 500k leak from 35
/// to 29 false matches at recall 0.9986, FEBRL4 keeping F1 0.9981; higher floors cost
/// FEBRL4 its true pairs (0.6: F1 0.9980, 0.8: 0.9975).
const ACCEPT_FLOOR: f64 = 0.55;

/// The frequency adjustments of a leak row's names (log2 factors on an exact agreement):
/// its first name's, its last name's nationally and in its postcode.
struct Adjust {
    first: f64,
    last: f64,
    local: f64,
}

impl Adjust {
    /// Of comparison `f`, for a pair at this residence level.
    fn of(&self, f: usize, residence: u8) -> f64 {
        match f {
            FIRST => self.first,
            LAST if residence >= SAME_COMMUNE => self.local,
            LAST => self.last,
            _ => 0.0,
        }
    }
}

/// The `Other` columns compared: at most this many, as each adds to the pattern code.
const MAX_OTHERS: usize = 16;

/// Leak rows paired by a worker at a time, and so the rows of a [`Chunk`]. Chunks are
/// merged in the rows' order, each's patterns in the order its map holds them: the
/// model's sums, and so its last bits, follow that order, which both engines keep by
/// cutting chunks alike.
const RUN: usize = 512;

/// What one worker found for a run of leak rows.
struct Chunk {
    start: usize,
    /// Per leak row, the end of its candidates in `candidates`.
    ends: Vec<u32>,
    candidates: Vec<Candidate>,
    rule_pairs: Vec<u64>,
    capped: Vec<u64>,
    patterns: FxHashMap<u64, u64>,
    /// Per rule, the patterns of the pairs it proposed (for the rules m is trained on).
    rule_patterns: Vec<FxHashMap<u64, u64>>,
}

impl Chunk {
    /// For the leak rows from `start`, `rows` of them expected.
    fn new(start: usize, rows: usize) -> Chunk {
        Chunk {
            start,
            ends: Vec::with_capacity(rows),
            candidates: Vec::new(),
            rule_pairs: vec![0; RULES.len()],
            capped: vec![0; RULES.len()],
            patterns: FxHashMap::default(),
            rule_patterns: RULES.iter().map(|_| FxHashMap::default()).collect(),
        }
    }

    /// A candidate of the row being paired, counted in its pattern and its rules' pairs.
    fn push(&mut self, c: Candidate) {
        *self.patterns.entry(c.code).or_default() += 1;
        for (k, rule) in RULES.iter().enumerate() {
            if c.rules & (1 << k) != 0 {
                self.rule_pairs[k] += 1;
                if rule.trains.is_some() {
                    *self.rule_patterns[k].entry(c.code).or_default() += 1;
                }
            }
        }
        self.candidates.push(c);
    }

    /// The row being paired has all its candidates.
    fn end_row(&mut self) {
        self.ends.push(self.candidates.len() as u32);
    }
}

/// The chunks' candidates and counts, in the order of the leak's rows.
struct Merged {
    paired: Paired,
    rows: usize,
    /// The rows added.
    added: usize,
}

impl Merged {
    fn new(rows: usize, candidates: Candidates, largest: [usize; RULES.len()]) -> Merged {
        Merged {
            paired: Paired {
                candidates,
                rule_pairs: vec![0; RULES.len()],
                capped: vec![0; RULES.len()],
                largest,
                patterns: FxHashMap::default(),
                rule_patterns: RULES.iter().map(|_| FxHashMap::default()).collect(),
            },
            rows,
            added: 0,
        }
    }

    /// Adds the chunk of the next rows.
    fn add(&mut self, c: Chunk) -> std::io::Result<()> {
        let p = &mut self.paired;
        if self.added == 0 && !c.ends.is_empty() {
            // Millions of candidates: room for as many as the first rows promise, not
            // grown by copying.
            let expected = c.candidates.len().saturating_mul(self.rows) / c.ends.len() * 5 / 4;
            p.candidates.reserve(self.rows, expected);
        }
        for k in 0..RULES.len() {
            p.rule_pairs[k] += c.rule_pairs[k];
            p.capped[k] += c.capped[k];
        }
        for (pattern, n) in c.patterns {
            *p.patterns.entry(pattern).or_default() += n;
        }
        for (k, counts) in c.rule_patterns.into_iter().enumerate() {
            for (pattern, n) in counts {
                *p.rule_patterns[k].entry(pattern).or_default() += n;
            }
        }
        self.added += c.ends.len();
        p.candidates.add(&c.ends, c.candidates)
    }
}

/// How many candidates ahead a registry record is fetched: the candidates of a leak row
/// lie anywhere in a registry of millions, and waiting for memory was most of a
/// comparison's time.
pub(crate) const PREFETCH: usize = 4;

/// What blocking and comparison found: every leak row's candidates, and per rule what
/// its pairs were.
struct Paired {
    candidates: Candidates,
    /// Pairs each rule proposed (each once, however many of its keys the two records
    /// share), and its blocks skipped for their size.
    rule_pairs: Vec<u64>,
    capped: Vec<u64>,
    /// Per rule, the largest block compared.
    largest: [usize; RULES.len()],
    /// How many pairs showed each agreement pattern, and per rule.
    patterns: FxHashMap<u64, u64>,
    rule_patterns: Vec<FxHashMap<u64, u64>>,
}

/// What every worker pairing leak rows with registry records reads.
struct Pairing<'a, R> {
    leak: &'a [R],
    packed: &'a Packed,
    index: &'a Index,
    others: &'a [(usize, usize)],
    codec: &'a Codec,
    /// Per rule, the largest block compared.
    largest: [usize; RULES.len()],
    /// The index is the leak itself: a row's own record is not its candidate.
    dedup: bool,
}

impl<R: Linked + Sync> Pairing<'_, R> {
    /// Every leak row's candidates, the rows shared out among the cores in small runs,
    /// put back in the leak's order, kept in `candidates`.
    fn all(&self, candidates: Candidates) -> std::io::Result<Paired> {
        let next = &AtomicUsize::new(0);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut merged = Merged::new(self.leak.len(), candidates, self.largest);
        // A rule that compares no block at all skipped the blocks of one record
        // `Repeats` left out too.
        for (k, &singles) in self.singles().iter().enumerate() {
            if self.largest[k] == 0 {
                merged.paired.capped[k] += singles;
            }
        }
        let mut written = Ok(());
        std::thread::scope(|s| {
            let (send, chunks) = std::sync::mpsc::channel::<Chunk>();
            for _ in 0..threads {
                let send = send.clone();
                s.spawn(move || {
                    loop {
                        let start = next.fetch_add(RUN, Ordering::Relaxed);
                        if start >= self.leak.len() {
                            break;
                        }
                        let end = (start + RUN).min(self.leak.len());
                        if send.send(self.chunk(start, end)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(send);
            // Each chunk is added in the order of its rows as soon as those before it
            // are, and dropped: all of them held until the last one, then copied, were a
            // third of a million-row de-duplication's peak (docs/benchmarks.md).
            // A pair that cannot be written ends the run: the workers stop as the chunks
            // they send find no one to take them.
            let mut waiting: BTreeMap<usize, Chunk> = BTreeMap::new();
            'merging: for c in chunks {
                waiting.insert(c.start, c);
                while let Some(c) = waiting.remove(&merged.added) {
                    written = merged.add(c);
                    if written.is_err() {
                        break 'merging;
                    }
                }
            }
        });
        written?;
        merged.paired.candidates.finish()?;
        Ok(merged.paired)
    }

    /// Each registry block leak row `i` (`r`) meets, with its rule's number.
    fn blocks(&self, i: usize, r: &R, keys: &mut Vec<u64>, mut each: impl FnMut(usize, &[u32])) {
        match &self.index.blocks {
            Blocks::Postings(postings) => {
                for (k, (rule, postings)) in RULES.iter().zip(postings).enumerate() {
                    keys.clear();
                    if let Some(r) = r.record() {
                        (rule.keys)(r, true, keys);
                    }
                    for &key in keys.iter() {
                        each(k, postings.get(key));
                    }
                }
            }
            Blocks::Met(met) => {
                for (k, block) in met.blocks(i) {
                    each(k, block);
                }
            }
        }
    }

    /// Per rule, the blocks of one record the index left out ([`block::Repeats`]).
    fn singles(&self) -> &[u64] {
        match &self.index.blocks {
            Blocks::Met(met) => met.singles(),
            Blocks::Postings(_) => &[],
        }
    }

    /// Per rule, the largest block that keeps its pairs within `budget`: the pairs of
    /// every block are counted by size first (a block of n records gives a leak row n
    /// pairs), then the largest sizes are given up until the rest fit. A run over the
    /// rows' keys alone, shared among the cores, before any comparison.
    fn largest_blocks(&self, max_block: usize, budget: u64) -> [usize; RULES.len()] {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per = self.leak.len().div_ceil(threads).max(1);
        // Per rule, the pairs of the blocks of each size up to `max_block`.
        let count = |rows: std::ops::Range<usize>| {
            let mut pairs = vec![vec![0u64; max_block + 1]; RULES.len()];
            let mut keys = Vec::new();
            for i in rows {
                self.blocks(i, &self.leak[i], &mut keys, |k, block| {
                    if let Some(n) = pairs[k].get_mut(block.len()) {
                        *n += block.len() as u64;
                    }
                });
            }
            pairs
        };
        let pairs = std::thread::scope(|s| {
            let parts: Vec<_> = (0..self.leak.len())
                .step_by(per)
                .map(|start| s.spawn(move || count(start..(start + per).min(self.leak.len()))))
                .collect();
            let mut sum = vec![vec![0u64; max_block + 1]; RULES.len()];
            for part in parts {
                // A worker's panic is a bug, not an input: passed on as it is.
                let part = part.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                for (sum, part) in sum.iter_mut().zip(part) {
                    for (s, p) in sum.iter_mut().zip(part) {
                        *s += p;
                    }
                }
            }
            sum
        });
        largest(pairs, self.singles(), budget)
    }

    /// Whether registry record `j` is leak row `i` itself, in a file linked to itself:
    /// told by their place in the file, as the leak need not be the index's records.
    fn own(&self, i: usize, j: u32) -> bool {
        self.dedup && self.index.records[j as usize].row == self.leak[i].view().row
    }

    /// Blocks and compares the leak rows `start..end`.
    fn chunk(&self, start: usize, end: usize) -> Chunk {
        let Pairing {
            leak,
            packed,
            index,
            others,
            codec,
            largest,
            dedup,
        } = *self;
        let mut c = Chunk::new(start, end - start);
        let (mut keys, mut found, mut unique, mut levels) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, r) in leak.iter().enumerate().take(end).skip(start) {
            let view = packed.get(i);
            found.clear();
            self.blocks(i, r, &mut keys, |k, block| {
                if block.len() > largest[k] {
                    c.capped[k] += 1;
                } else {
                    found.extend(block.iter().map(|&j| (j, 1u16 << k)));
                }
            });
            if dedup {
                found.retain(|&(j, _)| !self.own(i, j));
            }
            found.sort_unstable_by_key(|&(j, _)| j);
            // One entry per registry record, with every rule that proposed it.
            unique.clear();
            for &(j, rule) in &found {
                match unique.last_mut() {
                    Some((last, rules)) if *last == j => *rules |= rule,
                    _ => unique.push((j, rule)),
                }
            }
            for (n, &(j, rules)) in unique.iter().enumerate() {
                if let Some(&(ahead, _)) = unique.get(n + PREFETCH) {
                    index.packed.prefetch(ahead as usize);
                }
                let found = compare(&view, &index.packed.get(j as usize), others, &mut levels);
                c.push(Candidate {
                    registry: j,
                    rules,
                    found,
                    code: codec.encode(&levels),
                });
            }
            c.end_row();
        }
        c
    }
}

/// Per rule, the largest block compared: `pairs[k][n]` holds the pairs rule `k`'s blocks
/// of `n` records make, `singles[k]` the blocks of one record a file linked to itself left
/// out (`Repeats`), counted as they were.
fn largest(mut pairs: Vec<Vec<u64>>, singles: &[u64], budget: u64) -> [usize; RULES.len()] {
    for (by_size, &singles) in pairs.iter_mut().zip(singles) {
        if let Some(n) = by_size.get_mut(1) {
            *n += singles;
        }
    }
    let mut largest = [0; RULES.len()];
    for (largest, by_size) in largest.iter_mut().zip(&pairs) {
        *largest = within(by_size, budget);
    }
    largest
}

/// The largest block size whose pairs, with those of every smaller block, stay within
/// `budget`; `by_size[n]` holds the pairs of the blocks of `n` records.
fn within(by_size: &[u64], budget: u64) -> usize {
    let mut total = 0u64;
    for (size, &n) in by_size.iter().enumerate() {
        total += n;
        if total > budget {
            return size.saturating_sub(1);
        }
    }
    by_size.len().saturating_sub(1)
}

/// What the model's probability for an agreement pattern is worth, in reviewers'
/// answers, when answers on that pattern update it.
const LABEL_PRIOR: f64 = 4.0;

/// Stage 2: the model: m by EM within each rule's block, λ over all pairs, u from the
/// registry. The pairs no rule blocked are, for EM, represented by a random sample.
fn train<R: Linked + Sync>(
    pairing: &Pairing<R>,
    paired: &Paired,
    names: Vec<String>,
    levels: &[usize],
    u: Vec<Vec<f64>>,
) -> Model {
    let blocked = paired.candidates.len() as f64;

    // The pairs no rule blocked are, for EM, represented by a random sample: without
    // them EM sees only look-alikes (same town, same family) and takes them for matches.
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let all_pairs = pairing.leak.len() as f64 * pairing.index.population as f64;
    let unblocked_share = ((all_pairs - blocked) / SAMPLE as f64).max(0.0);
    // Ordered, so that EM adds the same numbers in the same order on every run: with a
    // hashed map the last bits of λ and every weight changed from one run to the next.
    let mut weighted: BTreeMap<Vec<u8>, f64> = BTreeMap::new();
    let mut buf = Vec::new();
    let sample = Packed::of(&pairing.index.stats.sample);
    if !pairing.leak.is_empty() && !sample.is_empty() {
        for _ in 0..SAMPLE {
            let (a, b) = (rng.below(pairing.leak.len()), rng.below(sample.len()));
            compare(
                &pairing.packed.get(a),
                &sample.get(b),
                pairing.others,
                &mut buf,
            );
            *weighted.entry(buf.clone()).or_default() += unblocked_share;
        }
    }
    for (&p, &c) in &paired.patterns {
        *weighted.entry(pairing.codec.decode(p)).or_default() += c as f64;
    }
    // High-precision agreement seeds the model: names and birth date all exact, or the
    // NIR.
    let sure = |p: &[u8]| {
        (p[FIRST] == NAME_EXACT && p[LAST] == NAME_EXACT && p[BIRTH] == BIRTH_EXACT)
            || p[NIR] == NIR_EXACT
    };
    let blocks: Vec<model::Block> = RULES
        .iter()
        .zip(&paired.rule_patterns)
        .filter_map(|(rule, counts)| {
            let trains = rule.trains?;
            Some(model::Block {
                patterns: counts
                    .iter()
                    .map(|(&p, &c)| (pairing.codec.decode(p), c as f64))
                    .collect(),
                excluded: (0..levels.len())
                    .map(|f| trains.contains(&f.min(compare::OTHERS)))
                    .collect(),
            })
        })
        .collect();
    Model::train(
        names,
        levels,
        u,
        &weighted,
        &blocks,
        &sure,
        pairing.leak.len().min(pairing.index.population) as f64,
    )
}

/// Reviewers' answers by leak row and registry record: the same person or not, and the
/// pair.
type Answers = FxHashMap<(u32, u32), (bool, Candidate)>;

/// A leak row's pick: a candidate and its rank.
type Pick = Option<(Candidate, f64)>;

/// Stage 4: each leak row's best candidate and runner-up by `rank(row, candidate)`: per
/// row, or with `one_to_one` greedily, best ranks first, a patient going to the leak row
/// it fits best.
fn assign(
    candidates: &Candidates,
    rows: usize,
    one_to_one: bool,
    rank: &dyn Fn(usize, &Candidate) -> f64,
) -> std::io::Result<Vec<(Pick, Pick)>> {
    let mut best: Vec<(Pick, Pick)> = vec![(None, None); rows];
    if one_to_one {
        // Each pair's rank, row, patient and place among all: the pair itself is read
        // again only when it is picked.
        let mut scored: Vec<(f64, u32, u32, usize)> = Vec::with_capacity(candidates.len());
        candidates.each(|i, from, row| {
            for (n, c) in row.iter().enumerate() {
                scored.push((rank(i, c), i as u32, c.registry, from + n));
            }
        })?;
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.3.cmp(&b.3)));
        let mut taken: FxHashSet<u32> = FxHashSet::default();
        for (w, i, registry, k) in scored {
            let slot = &mut best[i as usize];
            match slot.0 {
                Some(_) if slot.1.is_none() => slot.1 = Some((candidates.get(k)?, w)),
                Some(_) => {}
                None if !taken.contains(&registry) => {
                    slot.0 = Some((candidates.get(k)?, w));
                    taken.insert(registry);
                }
                None => {}
            }
        }
    } else {
        candidates.each(|i, _, row| {
            let slot = &mut best[i];
            for c in row {
                let w = rank(i, c);
                let pick = Some((*c, w));
                match slot.0 {
                    Some((_, bw)) if w <= bw => {
                        if slot.1.is_none_or(|(_, sw)| w > sw) {
                            slot.1 = pick;
                        }
                    }
                    _ => {
                        slot.1 = slot.0;
                        slot.0 = pick;
                    }
                }
            }
        })?;
    }
    Ok(best)
}

/// Stage 5: the lowest probability at which the accepted pairs' expected share of wrong
/// ones stays under [`MAX_FALSE_SHARE`], never under [`ACCEPT_FLOOR`]; `probs` from the
/// highest down.
fn auto_threshold(probs: &[f64]) -> f64 {
    let mut t = ACCEPT_FLOOR;
    let mut false_sum = 0.0;
    for (k, p) in probs.iter().enumerate() {
        if *p < ACCEPT_FLOOR {
            break;
        }
        false_sum += 1.0 - p;
        if false_sum / (k + 1) as f64 <= MAX_FALSE_SHARE {
            t = *p;
        }
    }
    t
}

/// The share of true matches the blocking rules found, from how many rules found each
/// of the `accepted` matches (`once`: by one rule only; `twice`: by two): Chao's estimate
/// of the unseen, f1²/(2 f2), or f1(f1 − 1)/2 when no match was found by exactly two.
fn blocking_recall(accepted: f64, once: f64, twice: f64) -> Option<f64> {
    (accepted > 0.0).then(|| {
        let missed = if twice > 0.0 {
            once * once / (2.0 * twice)
        } else {
            once * (once - 1.0).max(0.0) / 2.0
        };
        accepted / (accepted + missed)
    })
}

/// Stage 3: what a pair's comparisons weigh: the model's weights, corrected for the
/// registry's name frequencies, its households and its namesakes, and for what the
/// reviewers answered on pairs of the same pattern.
struct Scorer<'a> {
    model: &'a Model,
    codec: &'a Codec,
    index: &'a Index,
    /// log2 of how much more often the registry's namesakes share a commune than chance.
    namesake_excess: f64,
    /// Other first names and birth dates are decisive (see [`Scorer::contradictions`]).
    relatives: bool,
    /// The weight of each agreement pattern, without the frequency adjustments.
    pattern_weight: FxHashMap<u64, f64>,
    /// Per pattern the reviewers answered on: the shift of its weight, and the answers
    /// "same" and "different".
    taught: FxHashMap<u64, (f64, f64, f64)>,
}

impl<'a> Scorer<'a> {
    fn new(model: &'a Model, codec: &'a Codec, index: &'a Index) -> Scorer<'a> {
        // The same full name in one commune (not one address): where the registry shows
        // namesakes living side by side more often than names and communes agree by
        // chance, the commune says that much less, shown on the residence.
        let commune_u: f64 = model.u[RESIDENCE][SAME_COMMUNE as usize..].iter().sum();
        let chance =
            model.u[FIRST][NAME_EXACT as usize] * model.u[LAST][NAME_EXACT as usize] * commune_u;
        let namesake_excess = (index.stats.namesakes / chance).max(1.0).log2();
        // A registry of a thousand patients or more without one household (no relatives,
        // hence no namesakes living together either: a benchmark's records, not a
        // population) has other first names and birth dates as its files' noise, weighed
        // as such; anywhere else, a small registry included, they are decisive.
        let relatives = index.stats.household.pairs > 0 || index.population < 1000;
        Scorer {
            model,
            codec,
            index,
            namesake_excess,
            relatives,
            pattern_weight: FxHashMap::default(),
            taught: FxHashMap::default(),
        }
    }

    /// An exact agreement on a common name says less than on a rare one: what a name's
    /// frequency in the registry changes.
    fn tf(&self, f: usize, word: Option<&str>, table: &FxHashMap<String, u32>) -> f64 {
        let n_reg = self.index.population.max(1) as f64;
        match word.and_then(|w| table.get(w)) {
            Some(&count) => {
                let exact_u = self.model.u[f][NAME_EXACT as usize];
                (exact_u / (count as f64 / n_reg)).log2().clamp(-4.0, 4.0)
            }
            None => 0.0,
        }
    }

    /// A leak row's name adjustments. Where the pair lives in one commune, the last
    /// name's chance agreement is its frequency there among the others (a family's town
    /// holds its relatives), when that is higher.
    fn adjust(&self, r: &impl Linked) -> Adjust {
        let stats = &self.index.stats;
        let n_reg = self.index.population.max(1) as f64;
        let [first, last_word, postcode] = r.view().words;
        let last = self.tf(LAST, last_word, &stats.last_names);
        let local = (|| {
            let (word, pc) = (last_word?, postcode?);
            let here = *stats.last_names_by_place.get(&index::place_key(word, pc))? as f64;
            let people = *stats.postcodes.get(pc)? as f64;
            let national = stats.last_names.get(word).map_or(1.0, |&c| c as f64) / n_reg;
            let chance = ((here - 1.0) / people).max(national);
            Some(
                (self.model.u[LAST][NAME_EXACT as usize] / chance)
                    .log2()
                    .clamp(-8.0, 4.0),
            )
        })()
        .unwrap_or(last);
        Adjust {
            first: self.tf(FIRST, first, &stats.first_names),
            last,
            local,
        }
    }

    /// A pair of one household (the family name and the address agree) agrees on them by
    /// belonging together: that is scored once, as the chance that two patients are of
    /// one household, and its other fields with the chances of two relatives, not of two
    /// strangers (twins share a birth date, a parent and a child a first name).
    fn in_household(&self, last: u8, residence: u8) -> bool {
        let household = &self.index.stats.household;
        !household.u.is_empty()
            && household.share > 0.0
            && last >= compare::FAMILY_NAME
            && residence == compare::SAME_ADDRESS
    }

    /// Comparison `f`'s weight in a pair of levels `lv`.
    fn field_weight(&self, f: usize, lv: &[u8]) -> f64 {
        let (model, household) = (self.model, &self.index.stats.household);
        let l = lv[f];
        if f == RESIDENCE
            && lv[FIRST] == NAME_EXACT
            && lv[LAST] == NAME_EXACT
            && (SAME_COMMUNE..compare::SAME_ADDRESS).contains(&l)
        {
            return model.weight(f, l) - self.namesake_excess;
        }
        if l == 0 || f >= COMPARISONS.len() || !self.in_household(lv[LAST], lv[RESIDENCE]) {
            return model.weight(f, l);
        }
        let last = lv[LAST] as usize;
        match f {
            LAST => model.weight(LAST, l),
            RESIDENCE => {
                (model.m[LAST][last] * model.m[RESIDENCE][l as usize] / household.share).log2()
                    - model.weight(LAST, lv[LAST])
            }
            // The first name and the birth date as one fact: both present, their joint
            // chance among relatives, shown on the birth date.
            FIRST if lv[BIRTH] > 0 => 0.0,
            BIRTH if lv[FIRST] > 0 => {
                let first = lv[FIRST] as usize;
                (model.m[FIRST][first] * model.m[BIRTH][l as usize]
                    / household.identity[first][l as usize])
                    .log2()
            }
            _ => (model.m[f][l as usize] / household.u[f][l as usize]).log2(),
        }
    }

    /// The weight of each of `patterns`, without the frequency adjustments.
    fn weigh<'p>(&mut self, patterns: impl Iterator<Item = &'p u64>) {
        self.pattern_weight = patterns
            .map(|&p| {
                let lv = self.codec.decode(p);
                let w = self.model.prior_weight()
                    + (0..lv.len())
                        .map(|f| self.field_weight(f, &lv))
                        .sum::<f64>();
                (p, w)
            })
            .collect();
    }

    /// Reviewers' answers teach about the agreement patterns they saw: the chance that a
    /// pair of that pattern is a match is updated as a Beta–Binomial whose prior is the
    /// model's probability worth LABEL_PRIOR answers, and every pair of the pattern,
    /// answered or not, is weighed with it (a household's mistyped first names, answered
    /// "same" time after time, stop waiting in review).
    fn teach(&mut self, answers: &Answers) {
        let mut taught: FxHashMap<u64, (f64, f64, f64)> = FxHashMap::default();
        for &(same, c) in answers.values() {
            let e = taught.entry(c.code).or_insert((0.0, 0.0, 0.0));
            if same {
                e.1 += 1.0;
            } else {
                e.2 += 1.0;
            }
        }
        for (code, (shift, same, different)) in taught.iter_mut() {
            let w = self.pattern_weight.get(code).copied().unwrap_or(0.0);
            let prior = 1.0 / (1.0 + (-w).exp2());
            let odds = (*same + LABEL_PRIOR * prior)
                / (*different + LABEL_PRIOR * (1.0 - prior)).max(1e-12);
            *shift = odds.log2() - w;
        }
        self.taught = taught;
    }

    /// Frequencies adjust exact names, except within a household, whose chances are its
    /// own.
    fn adjusted(&self, f: usize, level: u8, last: u8, residence: u8, adjust: &Adjust) -> f64 {
        if level == NAME_EXACT && !self.in_household(last, residence) {
            adjust.of(f, residence)
        } else {
            0.0
        }
    }

    /// A pair's weight: its pattern's, what the reviewers taught, its names' frequencies.
    fn weight_of(&self, adjust: &Adjust, c: &Candidate) -> f64 {
        let codec = self.codec;
        let (last, residence) = (codec.level(c.code, LAST), codec.level(c.code, RESIDENCE));
        self.pattern_weight.get(&c.code).copied().unwrap_or(0.0)
            + self.taught.get(&c.code).map_or(0.0, |t| t.0)
            + [FIRST, LAST]
                .into_iter()
                .map(|f| self.adjusted(f, codec.level(c.code, f), last, residence, adjust))
                .sum::<f64>()
    }

    /// What stands against a pair: the NIR's contradictions everywhere, other first names
    /// and birth dates where the registry holds relatives.
    fn contradictions(&self, c: &Candidate) -> u8 {
        let nir = contradiction::NIR_CONFLICT | contradiction::NIR_SEX | contradiction::NIR_BIRTH;
        c.found.contradictions & if self.relatives { u8::MAX } else { nir }
    }

    /// Contradictions no agreement outweighs: born apart or of other first names, with
    /// neither the NIR nor the e-mail agreeing exactly; twins (one birth date, other first
    /// names) go to review instead.
    fn decisive(&self, c: &Candidate) -> bool {
        let codec = self.codec;
        let bits = self.contradictions(c);
        let identified = codec.level(c.code, NIR) == NIR_EXACT || codec.level(c.code, EMAIL) == 2;
        let twins = bits == contradiction::FIRST_NAME && codec.level(c.code, BIRTH) == BIRTH_EXACT;
        bits & (contradiction::BIRTH | contradiction::FIRST_NAME) != 0 && !identified && !twins
    }
}

/// Links a leak (a [`record::Table`], or the file an index holds, for de-duplication) to a
/// registry's index. Fails only when the candidate pairs past [`Options::memory`] cannot be kept on disk.
pub fn link<'a, R: Linked + Sync + 'a>(
    leak: impl Into<Leak<'a, R>>,
    index: &Index,
    opts: &Options,
) -> Result<Outcome> {
    let leak = leak.into();
    let linking = Linking::pair(leak, index, opts)?;
    linking.decide(leak, index, opts).map_err(spill(opts))
}

fn spill(opts: &Options) -> impl Fn(std::io::Error) -> Error + '_ {
    |source| Error::Spill {
        dir: opts.temp_dir.clone(),
        source,
    }
}

/// A leak's rows paired with an index's records (stage 1, blocking and comparison): what
/// the model is trained on and the decisions are made from. The pairs and their
/// comparisons do not depend on the index's statistics, so de-duplication's second pass,
/// counted over the persons the first found, decides from the same pairs without making
/// them again (docs/benchmarks.md).
pub(crate) struct Linking {
    setup: Setup,
    paired: Paired,
    /// How long blocking and comparison took.
    seconds: f64,
}

/// What pairing and deciding both read besides the two files.
struct Setup {
    /// The `Other` columns both files have, by name, and their places in each.
    shared: Vec<(String, usize, usize)>,
    others: Vec<(usize, usize)>,
    /// Each comparison's name and number of levels, the shared columns' last.
    names: Vec<String>,
    levels: Vec<usize>,
    codec: Codec,
    /// The leak's fields packed, unless the leak is the index's own kept records.
    packed: Option<Packed>,
}

impl Setup {
    fn pairing<'a, R>(
        &'a self,
        leak: Leak<'a, R>,
        index: &'a Index,
        opts: &Options,
    ) -> Pairing<'a, R> {
        Pairing {
            leak: leak.records,
            packed: self.packed.as_ref().unwrap_or(&index.packed),
            index,
            others: &self.others,
            codec: &self.codec,
            largest: [opts.max_block; RULES.len()],
            dedup: opts.dedup,
        }
    }
}

impl Linking {
    pub(crate) fn pair<R: Linked + Sync>(
        leak: Leak<'_, R>,
        index: &Index,
        opts: &Options,
    ) -> Result<Linking> {
        let started = std::time::Instant::now();
        let packed = R::packed(leak.records);
        let shared: Vec<(String, usize, usize)> = leak
            .info
            .others
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                let j = index.info.others.iter().position(|x| x == o)?;
                Some((o.clone(), i, j))
            })
            .take(MAX_OTHERS)
            .collect();
        let others: Vec<(usize, usize)> = shared.iter().map(|&(_, i, j)| (i, j)).collect();
        let names: Vec<String> = COMPARISONS
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(shared.iter().map(|(n, _, _)| n.clone()))
            .collect();
        let levels: Vec<usize> = COMPARISONS
            .iter()
            .map(|(_, l)| l.len())
            .chain(shared.iter().map(|_| compare::OTHER_LEVELS.len()))
            .collect();
        let setup = Setup {
            codec: Codec::new(levels.iter().map(|&l| l as u64).collect()),
            names,
            levels,
            shared,
            others,
            packed,
        };
        let candidates = Candidates::new(opts.memory, &opts.temp_dir);
        let mut pairing = setup.pairing(leak, index, opts);
        // As a float, the product saturates at u64::MAX instead of wrapping.
        let budget = (opts.pairs_per_row > 0.0).then(|| {
            ((opts.pairs_per_row * leak.records.len() as f64) as u64).max(opts.rule_pairs_floor)
        });
        let paired = match opts.engine {
            Engine::Memory => {
                if let Some(budget) = budget {
                    pairing.largest = pairing.largest_blocks(opts.max_block, budget);
                }
                pairing.all(candidates).map_err(spill(opts))?
            }
            #[cfg(feature = "datafusion")]
            Engine::DataFusion => {
                let (max_block, memory) = (opts.max_block, opts.memory);
                engine::pair(
                    &pairing,
                    candidates,
                    budget,
                    max_block,
                    memory,
                    &opts.temp_dir,
                )?
            }
        };
        Ok(Linking {
            setup,
            paired,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Stages 2 to 4: the model, trained with the index's statistics as they are now,
    /// and each leak row's decision.
    pub(crate) fn decide<R: Linked + Sync>(
        &self,
        leak: Leak<'_, R>,
        index: &Index,
        opts: &Options,
    ) -> std::io::Result<Outcome> {
        let started = std::time::Instant::now();
        let leak_r = leak.records;
        let reg_r = &index.records;
        let Setup {
            shared,
            names,
            levels,
            codec,
            ..
        } = &self.setup;
        let paired = &self.paired;
        // u is the index's, as its statistics are now.
        let u: Vec<Vec<f64>> = index.stats.u[..COMPARISONS.len()]
            .iter()
            .cloned()
            .chain(
                shared
                    .iter()
                    .map(|&(_, _, j)| index.stats.u[COMPARISONS.len() + j].clone()),
            )
            .collect();
        // Every decision's explanation names fields and levels from these few strings.
        let field_names: Vec<Arc<str>> = names.iter().map(|n| Arc::from(n.as_str())).collect();
        let level_names: Vec<Vec<Arc<str>>> = (0..names.len())
            .map(|f| {
                let words = COMPARISONS
                    .get(f)
                    .map_or(compare::OTHER_LEVELS, |(_, n)| *n);
                words.iter().map(|&w| Arc::from(w)).collect()
            })
            .collect();
        let anothers_nir: Arc<str> = Arc::from(compare::ANOTHERS_NIR);
        let pairing = self.setup.pairing(leak, index, opts);

        // Stage 2: the model.
        let model = train(&pairing, paired, names.clone(), levels, u);
        let trained = started.elapsed().as_secs_f64();
        let Paired {
            candidates,
            rule_pairs,
            capped,
            largest,
            patterns,
            ..
        } = paired;

        // Stage 3: what each comparison weighs.
        let mut scorer = Scorer::new(&model, codec, index);
        // Reviewers' answers, by leak row and registry record; those naming a pair that is
        // not among the candidates now are counted, not applied.
        let mut answers: Answers = FxHashMap::default();
        let mut labels_stale = 0u64;
        if !opts.labels.is_empty() {
            fn index_of<R: Linked>(records: &[R]) -> FxHashMap<&str, u32> {
                let mut m = FxHashMap::default();
                for (n, r) in records.iter().enumerate() {
                    m.entry(r.view().id).or_insert(n as u32);
                }
                m
            }
            let (rows, patients) = (index_of(leak_r), index_of(reg_r));
            for l in &opts.labels {
                let pair = rows
                    .get(l.leak_id.as_str())
                    .zip(patients.get(l.registry_id.as_str()));
                let candidate = match pair {
                    Some((&i, &j)) => candidates
                        .row(i as usize)?
                        .iter()
                        .find(|c| c.registry == j)
                        .map(|&c| ((i, j), c)),
                    None => None,
                };
                match candidate {
                    Some((key, c)) => {
                        answers.insert(key, (l.same, c));
                    }
                    None => labels_stale += 1,
                }
            }
        }
        scorer.weigh(patterns.keys());
        scorer.teach(&answers);
        let taught = &scorer.taught;
        let household = &index.stats.household;
        let weight_of = |adjust: &Adjust, c: &Candidate| scorer.weight_of(adjust, c);
        let contradictions = |c: &Candidate| scorer.contradictions(c);
        let decisive = |c: &Candidate| scorer.decisive(c);
        let answer = |i: usize, c: &Candidate| answers.get(&(i as u32, c.registry)).map(|a| a.0);
        // A pair answered "same" ranks over every other candidate of its row, one answered
        // "different" under all; a decisively contradicted pair under the rest.
        let rank = |i: usize, adjust: &Adjust, c: &Candidate| -> f64 {
            let told = match answer(i, c) {
                Some(true) => 4e6,
                Some(false) => -4e6,
                None => 0.0,
            };
            weight_of(adjust, c) + told - if decisive(c) { 1e6 } else { 0.0 }
        };

        // Each leak row's adjustments, once: every candidate of the row, its pick and its
        // explanation use them.
        let adjusts: Vec<Adjust> = leak_r.iter().map(|r| scorer.adjust(r)).collect();
        // The model's own probability of each answered pair, the answers left out: the
        // observed side of the reliability table.
        let mut calibration: Vec<Calibration> = answers
            .iter()
            .map(|(&(i, _), &(same, c))| {
                let w =
                    weight_of(&adjusts[i as usize], &c) - taught.get(&c.code).map_or(0.0, |t| t.0);
                Calibration {
                    probability: 1.0 / (1.0 + (-w).exp2()),
                    same,
                }
            })
            .collect();
        calibration.sort_by(|a, b| a.probability.total_cmp(&b.probability));

        // Stage 4: each leak row's best candidate and runner-up.
        let best = assign(candidates, leak_r.len(), opts.one_to_one, &|i, c| {
            rank(i, &adjusts[i], c)
        })?;
        // A leak row is one person at most: its best candidate shares the odds with the
        // runner-up (not a decisively contradicted one), so that two close candidates (twins
        // of the registry, a row that fits both) are each less than sure.
        let prob = |w: f64, rival: f64| 1.0 / (1.0 + (-w).exp2() + (rival - w).exp2());
        // Per leak row with a candidate: its best candidate, the pair's weight and
        // probability, and its verdict before the thresholds (`None`: no contradiction).
        struct Best {
            row: usize,
            c: Candidate,
            weight: f64,
            p: f64,
            contradicted: Option<Verdict>,
            /// A reviewer's answer on the pair: the same person or not.
            answer: Option<bool>,
        }
        // Whether two candidates match each other: nothing stands against them and they are
        // more likely one person than two (or a reviewer said "same").
        let one_from = opts.review_from.unwrap_or(0.5);
        let matches = |i: usize, c: &Candidate| match answer(i, c) {
            Some(same) => same,
            None => {
                contradictions(c) == 0
                    && prob(weight_of(&adjusts[i], c), f64::NEG_INFINITY) >= one_from
            }
        };
        // In de-duplication a person's other rows are rows of the file: a row's best and
        // runner-up that match each other are one person, not rivals for the row.
        debug_assert!(!opts.dedup || leak_r.is_sorted_by_key(|r| r.view().row));
        let one_person = |c: &Candidate, c2: &Candidate| -> std::io::Result<bool> {
            let Some(i) = dedup::place(leak_r, reg_r[c.registry as usize].row) else {
                return Ok(false);
            };
            let other = reg_r[c2.registry as usize].row;
            Ok(candidates
                .row(i)?
                .iter()
                .find(|x| reg_r[x.registry as usize].row == other)
                .is_some_and(|x| matches(i, x)))
        };
        let mut picked: Vec<Best> = Vec::new();
        for (i, (b, second)) in best.iter().enumerate() {
            let Some((c, _)) = b else {
                continue;
            };
            let weight = weight_of(&adjusts[i], c);
            let mut rival = f64::NEG_INFINITY;
            if let Some((c2, _)) = second
                && !decisive(c2)
                && answer(i, c2) != Some(false)
                && !(opts.dedup && one_person(c, c2)?)
            {
                rival = weight_of(&adjusts[i], c2);
            }
            // The runner-up fits the row's names, birth date and residence as well or
            // better, and only the NIR stands against it: the row may be the runner-up's
            // with a relative's number on it (a twin's fits the date), whatever the NIR
            // says.
            let named_elsewhere = second.as_ref().is_some_and(|(c2, _)| {
                let level = |c: &Candidate, f: usize| codec.level(c.code, f);
                let nir =
                    contradiction::NIR_CONFLICT | contradiction::NIR_SEX | contradiction::NIR_BIRTH;
                let bits = contradictions(c2);
                bits != 0
                    && bits & !nir == 0
                    && [FIRST, LAST, BIRTH, RESIDENCE]
                        .into_iter()
                        .all(|f| level(c2, f) >= level(c, f))
            });
            let contradicted = (contradictions(c) != 0 || named_elsewhere).then(|| {
                if decisive(c) {
                    Verdict::Reject
                } else {
                    Verdict::Review
                }
            });
            picked.push(Best {
                row: i,
                c: *c,
                weight,
                p: prob(weight, rival),
                contradicted,
                answer: answer(i, c),
            });
        }
        // The threshold is chosen among the pairs that may be accepted.
        let mut probs: Vec<f64> = picked
            .iter()
            .filter(|b| b.contradicted.is_none() && b.answer.is_none())
            .map(|b| b.p)
            .collect();
        probs.sort_by(|a, b| b.total_cmp(a));
        let threshold = opts.threshold.unwrap_or_else(|| auto_threshold(&probs));
        let review_from = opts.review_from.unwrap_or(0.5).min(threshold);
        let verdict = |b: &Best| -> Verdict {
            match (b.answer, b.contradicted) {
                (Some(true), _) => Verdict::Accept,
                (Some(false), _) => Verdict::Reject,
                (None, c) => match c {
                    None if b.p >= threshold => Verdict::Accept,
                    Some(Verdict::Reject) => Verdict::Reject,
                    _ if b.p >= review_from => Verdict::Review,
                    _ => Verdict::Reject,
                },
            }
        };
        let refused = if opts.dedup {
            let accepted = picked
                .iter()
                .filter(|b| verdict(b) == Verdict::Accept)
                .map(|b| (leak_r[b.row].view().row, reg_r[b.c.registry as usize].row));
            dedup::refused(accepted, candidates, leak_r, reg_r, &matches)?
        } else {
            Vec::new()
        };
        // Folded from +0 because `sum` of nothing is −0 (shown as "-0.0") and
        // `max(0.0)` may keep either zero.
        let expected_false_matches = picked
            .iter()
            .filter(|b| verdict(b) == Verdict::Accept && b.answer.is_none())
            .fold(0.0, |sum, b| sum + (1.0 - b.p));

        let mut rules: Vec<Rule> = RULES
            .iter()
            .enumerate()
            .map(|(k, r)| Rule {
                name: r.name.to_string(),
                name_fr: r.name_fr.to_string(),
                pairs: rule_pairs[k],
                capped_blocks: capped[k],
                largest_block: largest[k],
                matches: 0,
                only_matches: 0,
            })
            .collect();
        // How many rules found each accepted match, for the blocking recall.
        let (mut once, mut twice, mut accepted) = (0f64, 0f64, 0f64);
        let (mut decisions, mut joins) = (Vec::new(), Vec::new());
        if opts.dedup {
            joins.reserve_exact(picked.len());
        } else {
            decisions.reserve_exact(picked.len());
        }
        let (mut in_review, mut contradicted) = (0, 0);
        let (prior_field, reviewers_field): (Arc<str>, Arc<str>) =
            ("prior".into(), "reviewers".into());
        let prior_level: Arc<str> = Arc::from(format!("λ = {:.3e}", model.lambda));
        for b in &picked {
            let (i, c, w, p) = (b.row, b.c, b.weight, b.p);
            let leak_rec = leak_r[i].view();
            let adjust = &adjusts[i];
            let decision = verdict(b);
            match decision {
                Verdict::Review => in_review += 1,
                Verdict::Reject if b.contradicted == Some(Verdict::Reject) => contradicted += 1,
                _ => {}
            }
            let is_accepted = decision == Verdict::Accept;
            if is_accepted {
                accepted += 1.0;
                match c.rules.count_ones() {
                    1 => once += 1.0,
                    2 => twice += 1.0,
                    _ => {}
                }
                for (r, rule) in rules.iter_mut().enumerate() {
                    if c.rules & (1 << r) != 0 {
                        rule.matches += 1;
                        if c.rules.count_ones() == 1 {
                            rule.only_matches += 1;
                        }
                    }
                }
            }
            if opts.dedup {
                joins.push(Join {
                    rows: (leak_rec.row, reg_r[c.registry as usize].row),
                    probability: p,
                    decision,
                });
                continue;
            }
            let second = best[i].1.map(|(c2, _)| (c2, weight_of(adjust, &c2)));
            let levels = codec.decode(c.code);
            let prior = FieldComparison {
                field: prior_field.clone(),
                level: prior_level.clone(),
                weight: model.prior_weight(),
            };
            let fields: Vec<FieldComparison> = std::iter::once(prior)
                .chain(
                    taught
                        .get(&c.code)
                        .map(|&(shift, same, different)| FieldComparison {
                            field: reviewers_field.clone(),
                            level: Arc::from(format!(
                                "{same} same, {different} different on this pattern"
                            )),
                            weight: shift,
                        }),
                )
                .chain(levels.iter().enumerate().map(|(f, &l)| FieldComparison {
                    field: field_names[f].clone(),
                    level: if f == NIR && c.found.anothers_nir() {
                        anothers_nir.clone()
                    } else {
                        level_names[f][l as usize].clone()
                    },
                    weight: scorer.field_weight(f, &levels)
                        + scorer.adjusted(f, l, levels[LAST], levels[RESIDENCE], adjust),
                }))
                .collect();
            decisions.push(Decision {
                leak_id: leak_rec.id.to_string(),
                leak_line: leak_rec.line,
                registry_id: reg_r[c.registry as usize].id.to_string(),
                probability: p,
                match_weight: w,
                runner_up_id: second.map(|(c2, _)| reg_r[c2.registry as usize].id.to_string()),
                weight_gap: second.map(|(_, w2)| w - w2),
                accepted: is_accepted,
                decision,
                reviewed: b.answer.is_some(),
                contradictions: contradiction::ids(contradictions(&c)),
                swapped_names: c.found.swapped(),
                kinds: record::exposed(leak_rec.kinds),
                fields,
            });
        }
        let blocking_recall = blocking_recall(accepted, once, twice);
        let decided = started.elapsed().as_secs_f64();
        let namesake_excess = scorer.namesake_excess;
        Ok(Outcome {
            rules,
            candidate_pairs: candidates.len() as u64,
            pairs_on_disk: candidates.spilled(),
            without_candidate: (leak_r.len() - picked.len()) as u64,
            model,
            threshold,
            review_from,
            in_review,
            contradicted,
            household_pairs: household.pairs,
            calibration,
            labels_applied: answers.len() as u64,
            labels_stale,
            namesake_excess,
            expected_false_matches,
            decisions,
            joins,
            blocking_recall,
            others: shared.iter().map(|(n, _, _)| n.clone()).collect(),
            seconds: [self.seconds, trained, decided - trained],
            refused,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::within;

    /// The sizes are kept from the smallest up while their pairs fit: the first size that
    /// passes the budget, and every larger one, is given up.
    #[test]
    fn the_largest_block_kept_is_the_last_size_whose_pairs_fit() {
        // Blocks of 1, 2 and 3 records make 10, 20 and 30 pairs.
        let by_size = [0, 10, 20, 30];
        assert_eq!(within(&by_size, 60), 3, "all fit");
        assert_eq!(within(&by_size, 59), 2);
        assert_eq!(within(&by_size, 30), 2);
        assert_eq!(within(&by_size, 29), 1);
        assert_eq!(within(&by_size, 9), 0, "not even single records");
        // A size with no block passes nothing.
        assert_eq!(within(&[0, 10, 0, 30], 10), 2);
    }
}
