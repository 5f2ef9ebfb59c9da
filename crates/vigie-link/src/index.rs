//! The registry side of linking, built once: its records normalised, the blocking
//! postings of every rule, the frequencies of first and last names, and the chance
//! agreement (u) of each comparison level, measured on random pairs of patients.
//!
//! Built in memory for a one-off `vigie link LEAK REGISTRY`, or written to a directory by
//! `vigie link index`, which later links read without touching the registry again. The
//! written build holds at most a given amount of blocking keys in memory, spilling sorted
//! runs to disk and merging them, so that a registry of ten million rows is indexed on a
//! small machine.

use crate::block::{Postings, RULES};
use crate::compare::{COMPARISONS, OTHER_LEVELS, compare};
use crate::record::{Record, Table, TableInfo};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The registry, ready to link against.
#[derive(Debug)]
pub struct Index {
    pub info: TableInfo,
    pub records: Vec<Record>,
    /// One per rule of [`RULES`].
    pub postings: Vec<Postings>,
    pub stats: Stats,
}

/// What the index knows of the registry's population.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Registry records per first word of the first and last names.
    pub first_names: FxHashMap<String, u32>,
    pub last_names: FxHashMap<String, u32>,
    /// u[comparison][level]: how often random pairs of patients agree so; the base
    /// comparisons, then one per `Other` column of the registry.
    pub u: Vec<Vec<f64>>,
}

/// A small deterministic generator, for sampling.
pub(crate) struct XorShift(pub u64);

impl XorShift {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Records kept aside, uniformly over the registry, to measure chance agreement on.
const RESERVOIR: usize = 5_000;
/// Random pairs of patients u is measured on.
pub(crate) const SAMPLE: usize = 50_000;

/// What the index of a directory says of itself.
#[derive(Serialize, Deserialize)]
struct Meta {
    format: String,
    vigie: String,
    rules: Vec<String>,
    records: u64,
    info: TableInfo,
    stats: Stats,
}

const FORMAT: &str = "vigie-link-index/1";

/// Accumulates the registry, record by record.
struct Builder {
    stats: Stats,
    reservoir: Vec<Record>,
    rng: XorShift,
    seen: u64,
    keys: Vec<Vec<(u64, u32)>>,
    scratch: Vec<u64>,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            stats: Stats::default(),
            reservoir: Vec::new(),
            rng: XorShift(0x9e37_79b9_7f4a_7c15),
            seen: 0,
            keys: RULES.iter().map(|_| Vec::new()).collect(),
            scratch: Vec::new(),
        }
    }

    fn add(&mut self, r: &Record) {
        let n = self.seen as u32;
        for (rule, keys) in RULES.iter().zip(&mut self.keys) {
            self.scratch.clear();
            (rule.keys)(r, false, &mut self.scratch);
            keys.extend(self.scratch.iter().map(|&k| (k, n)));
        }
        if let Some(w) = r.first.first() {
            *self.stats.first_names.entry(w.clone()).or_default() += 1;
        }
        if let Some(w) = r.last.first() {
            *self.stats.last_names.entry(w.clone()).or_default() += 1;
        }
        // Reservoir sampling: each record kept with the same chance.
        self.seen += 1;
        if self.reservoir.len() < RESERVOIR {
            self.reservoir.push(r.clone());
        } else {
            let k = self.rng.below(self.seen as usize);
            if k < RESERVOIR {
                self.reservoir[k] = r.clone();
            }
        }
    }

    /// The memory the keys hold (capacity, not length: a vector grows by doubling).
    fn key_bytes(&self) -> usize {
        self.keys.iter().map(|k| k.capacity() * 16).sum()
    }

    /// u from random pairs of the kept records.
    fn finish_stats(&mut self, others: usize) -> Stats {
        let mut u: Vec<Vec<f64>> = COMPARISONS
            .iter()
            .map(|(_, l)| vec![1.0; l.len()])
            .chain((0..others).map(|_| vec![1.0; OTHER_LEVELS.len()]))
            .collect();
        let same: Vec<(usize, usize)> = (0..others).map(|i| (i, i)).collect();
        let n = self.reservoir.len();
        let mut buf = Vec::new();
        if n >= 2 {
            for _ in 0..SAMPLE {
                let (a, b) = (self.rng.below(n), self.rng.below(n));
                if a == b {
                    continue;
                }
                compare(&self.reservoir[a], &self.reservoir[b], &same, &mut buf);
                for (f, &l) in buf.iter().enumerate() {
                    u[f][l as usize] += 1.0;
                }
            }
        }
        for v in &mut u {
            let present: f64 = v.iter().skip(1).sum();
            for x in v.iter_mut().skip(1) {
                *x /= present;
            }
        }
        let mut stats = std::mem::take(&mut self.stats);
        stats.u = u;
        stats
    }
}

impl Index {
    /// The index of a registry already read.
    pub fn build(table: Table) -> Index {
        let mut b = Builder::new();
        for r in &table.records {
            b.add(r);
        }
        let stats = b.finish_stats(table.info.others.len());
        let postings = std::mem::take(&mut b.keys)
            .into_iter()
            .map(|mut keys| {
                keys.sort_unstable();
                Postings::from_sorted(keys)
            })
            .collect();
        Index {
            info: table.info,
            records: table.records,
            postings,
            stats,
        }
    }

    /// Whether `path` is an index directory written by [`Index::write`].
    pub fn is_index(path: &Path) -> bool {
        path.join("index.json").is_file()
    }

    /// Reads `registry` and writes its index to `dir`, keeping at most `memory` bytes
    /// of blocking keys in memory (the rest is sorted in runs on disk and merged).
    /// Besides those keys, the build holds the name frequency tables and 16 bytes per
    /// row to find duplicate ids.
    pub fn write(
        read: impl FnOnce(&mut dyn FnMut(Record)) -> Result<TableInfo, String>,
        dir: &Path,
        memory: usize,
    ) -> Result<u64, String> {
        let err = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
        std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
        let runs_dir = dir.join("runs.tmp");
        let _ = std::fs::remove_dir_all(&runs_dir);
        std::fs::create_dir_all(&runs_dir).map_err(|e| err(&runs_dir, e))?;
        let records_path = dir.join("records.bin");
        let mut records = BufWriter::new(
            std::fs::File::create(&records_path).map_err(|e| err(&records_path, e))?,
        );
        let mut b = Builder::new();
        let mut runs: Vec<Vec<PathBuf>> = RULES.iter().map(|_| Vec::new()).collect();
        let mut failure: Option<String> = None;
        let info = read(&mut |r: Record| {
            if failure.is_some() {
                return;
            }
            b.add(&r);
            if let Err(e) = postcard::to_io(&r, &mut records) {
                failure = Some(format!("{}: {e}", records_path.display()));
            }
            if b.key_bytes() > memory
                && let Err(e) = spill(&mut b.keys, &runs_dir, &mut runs)
            {
                failure = Some(e);
            }
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        records.flush().map_err(|e| err(&records_path, e))?;
        spill(&mut b.keys, &runs_dir, &mut runs)?;
        for (i, rule_runs) in runs.iter().enumerate() {
            merge(rule_runs, &dir.join(format!("rule-{i:02}.bin")))?;
        }
        let _ = std::fs::remove_dir_all(&runs_dir);
        let meta = Meta {
            format: FORMAT.to_string(),
            vigie: env!("CARGO_PKG_VERSION").to_string(),
            rules: RULES.iter().map(|r| r.name.to_string()).collect(),
            records: b.seen,
            stats: b.finish_stats(info.others.len()),
            info,
        };
        let meta_path = dir.join("index.json");
        let json = serde_json::to_vec(&meta).map_err(|e| e.to_string())?;
        std::fs::write(&meta_path, json).map_err(|e| err(&meta_path, e))?;
        Ok(meta.records)
    }

    /// Reads an index directory.
    pub fn read(dir: &Path) -> Result<Index, String> {
        let err = |p: &Path, e: &dyn std::fmt::Display| format!("{}: {e}", p.display());
        let meta_path = dir.join("index.json");
        let bytes = std::fs::read(&meta_path).map_err(|e| err(&meta_path, &e))?;
        let meta: Meta = serde_json::from_slice(&bytes).map_err(|e| err(&meta_path, &e))?;
        let rules: Vec<String> = RULES.iter().map(|r| r.name.to_string()).collect();
        if meta.format != FORMAT || meta.rules != rules || meta.vigie != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "{}: an index written by vigie {} ({}); this is vigie {}: build it again with `vigie link index`",
                dir.display(),
                meta.vigie,
                meta.format,
                env!("CARGO_PKG_VERSION")
            ));
        }
        let records_path = dir.join("records.bin");
        let bytes = std::fs::read(&records_path).map_err(|e| err(&records_path, &e))?;
        let mut records = Vec::with_capacity(meta.records as usize);
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let (r, tail) = postcard::take_from_bytes::<Record>(rest).map_err(|e| {
                err(
                    &records_path,
                    &format!("record {}: {e} (a damaged index)", records.len() + 1),
                )
            })?;
            records.push(r);
            rest = tail;
        }
        if records.len() as u64 != meta.records {
            return Err(format!(
                "{}: {} records where index.json says {} (a damaged index)",
                records_path.display(),
                records.len(),
                meta.records
            ));
        }
        let mut postings = Vec::new();
        for i in 0..RULES.len() {
            let path = dir.join(format!("rule-{i:02}.bin"));
            let bytes = std::fs::read(&path).map_err(|e| err(&path, &e))?;
            if bytes.len() % 12 != 0 {
                return Err(format!("{}: truncated (a damaged index)", path.display()));
            }
            let p = Postings::from_sorted(bytes.chunks_exact(12).map(decode));
            if p.pairs().any(|(_, r)| r as usize >= records.len()) {
                return Err(format!(
                    "{}: a record number beyond the records (a damaged index)",
                    path.display()
                ));
            }
            postings.push(p);
        }
        Ok(Index {
            info: meta.info,
            records,
            postings,
            stats: meta.stats,
        })
    }
}

fn encode((k, r): (u64, u32)) -> [u8; 12] {
    let mut b = [0u8; 12];
    b[..8].copy_from_slice(&k.to_le_bytes());
    b[8..].copy_from_slice(&r.to_le_bytes());
    b
}

fn decode(b: &[u8]) -> (u64, u32) {
    let mut k = [0u8; 8];
    let mut r = [0u8; 4];
    k.copy_from_slice(&b[..8]);
    r.copy_from_slice(&b[8..12]);
    (u64::from_le_bytes(k), u32::from_le_bytes(r))
}

/// Writes each rule's keys so far as a sorted run, and empties them.
fn spill(
    keys: &mut [Vec<(u64, u32)>],
    dir: &Path,
    runs: &mut [Vec<PathBuf>],
) -> Result<(), String> {
    for (i, k) in keys.iter_mut().enumerate() {
        if k.is_empty() {
            continue;
        }
        k.sort_unstable();
        let path = dir.join(format!("rule-{i:02}-run-{:04}.bin", runs[i].len()));
        let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut w = BufWriter::new(file);
        for &p in k.iter() {
            w.write_all(&encode(p))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
        runs[i].push(path);
        *k = Vec::new();
    }
    Ok(())
}

/// Merges sorted runs into one sorted file.
fn merge(runs: &[PathBuf], out: &Path) -> Result<(), String> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let e = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let mut readers = Vec::new();
    for p in runs {
        readers.push(BufReader::new(std::fs::File::open(p).map_err(|x| e(p, x))?));
    }
    // The next pair of a run; `None` at its end.
    let next = |r: &mut BufReader<std::fs::File>, i: usize| -> Result<Option<(u64, u32)>, String> {
        let mut b = [0u8; 12];
        match r.read_exact(&mut b) {
            Ok(()) => Ok(Some(decode(&b))),
            Err(x) if x.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(x) => Err(e(&runs[i], x)),
        }
    };
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(p) = next(r, i)? {
            heap.push(Reverse((p, i)));
        }
    }
    let mut w = BufWriter::new(std::fs::File::create(out).map_err(|x| e(out, x))?);
    while let Some(Reverse((p, i))) = heap.pop() {
        w.write_all(&encode(p)).map_err(|x| e(out, x))?;
        if let Some(q) = next(&mut readers[i], i)? {
            heap.push(Reverse((q, i)));
        }
    }
    w.flush().map_err(|x| e(out, x))
}
