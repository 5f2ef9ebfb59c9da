//! The registry side of linking, built once: its records normalised, the blocking
//! postings of every rule, the frequencies of first and last names, and the chance
//! agreement (u) of each comparison level, measured on random pairs of patients.
//!
//! Written to a directory by `vigie link index`, which later links read without touching
//! the registry again; the written build holds at most a given amount of blocking keys in
//! memory, spilling sorted runs to disk and merging them, so that a registry of ten
//! million rows is indexed on a small machine. For a one-off `vigie link LEAK REGISTRY`,
//! the registry is instead read against the leak's keys ([`Index::for_leak`]): only the
//! records some leak row's key meets are kept, and no key of the registry's is. A file
//! de-duplicated is its own registry ([`Index::of_itself`]), read and held once.

use crate::block::{LeakKeys, Met, Postings, RULES, Repeats};
use crate::compare::{
    BIRTH, BIRTH_TYPO, COMPARISONS, FIRST, NAME_EXACT, OTHER_LEVELS, Packed, compare,
};
use crate::error::{Error, Result};
use crate::record::{Keeper, Kept, KeptTable, Leak, Record, TableInfo};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use vigie_detect::crypt::RegisterKey;

/// The registry, ready to link against.
#[derive(Debug)]
pub struct Index {
    pub info: TableInfo,
    /// The records that can be paired, kept once their fields are packed: all of them in
    /// an index read back or made of the file itself, those some key of the leak met
    /// when read for one leak.
    pub records: Vec<Kept>,
    /// The records' compared fields, packed.
    pub packed: Packed,
    pub blocks: Blocks,
    /// The registry's patients (with something to compare), kept or not.
    pub population: usize,
    pub stats: Stats,
}

/// Where a leak row finds the registry records that share one of its keys.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one an index: boxing it would save nothing"
)]
pub enum Blocks {
    /// Every key of every registry record, one [`Postings`] per rule of [`RULES`].
    Postings(Vec<Postings>),
    /// The blocks of the leak's own keys, for the leak the registry was read against.
    Met(Met),
}

/// What the index knows of the registry's population.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Registry records per first word of the first and last names.
    pub first_names: FxHashMap<String, u32>,
    pub last_names: FxHashMap<String, u32>,
    /// Registry records per last name within a postcode ([`place_key`]), and per
    /// postcode: a family name shared in a town says less there than its national
    /// frequency tells.
    pub last_names_by_place: FxHashMap<u64, u32>,
    pub postcodes: FxHashMap<String, u32>,
    /// The share of pairs of registry patients with the same first and last names in one
    /// postcode: where namesakes live side by side (a father and a son in one town), the
    /// same full name in the same commune says less than the names and the commune
    /// apart.
    pub namesakes: f64,
    /// How pairs of one household (one family name at one address) compare.
    pub household: Household,
    /// u[comparison][level]: how often random pairs of patients agree so; the base
    /// comparisons, then one per `Other` column of the registry.
    pub u: Vec<Vec<f64>>,
    /// Patients drawn uniformly from the registry, u's and the unblocked pairs' sample.
    pub sample: Vec<Record>,
}

/// The registry's households: persons sharing a family name and an address. Two of them
/// agree on that by belonging together, not by chance, and then on a birth date (twins)
/// or a first name (a parent and a child) far more often than two strangers: a pair of
/// one household is scored with these chances, not the population's.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Household {
    /// The share of pairs of registry patients that are of one household.
    pub share: f64,
    /// u[comparison][level] among pairs of one household (the same shape as
    /// [`Stats::u`]); empty when the registry has too few households to tell.
    pub u: Vec<Vec<f64>>,
    /// Among the same pairs, u of the first name and birth date together
    /// (`[first level][birth level]`): relatives agree on one (a parent and a child on
    /// the first name, twins on the birth date), hardly ever on both.
    pub identity: Vec<Vec<f64>>,
    /// The pairs `u` was counted on.
    pub pairs: u64,
}

/// The levels of the first name and of the birth date.
const IDENTITY: (usize, usize) = (COMPARISONS[FIRST].1.len(), COMPARISONS[BIRTH].1.len());

/// Households followed at once: past this, half of them (by their key's hash) are let go,
/// so that the share and the chances come from a sample of households whatever the
/// registry's size.
const HOUSEHOLDS: usize = 1 << 16;
/// Pairs of one household compared for their chances, at most.
const HOUSEHOLD_PAIRS: u64 = 50_000;

/// The households of the registry, sampled by their key's hash.
#[derive(Default)]
struct Households {
    /// Per household kept: its first record, packed, and how many records it has.
    kept: FxHashMap<u64, (Packed, u32)>,
    /// Households are kept when their key's top `bits` bits are zero.
    bits: u32,
    /// Pairs within kept households, counted at the current rate.
    levels: Vec<Vec<f64>>,
    identity: Vec<Vec<f64>>,
    pairs: u64,
    /// The levels of the pair being compared.
    buf: Vec<u8>,
}

impl Households {
    fn key(r: &Record) -> Option<u64> {
        let (last, pc) = (r.last.first()?, r.postcode.as_deref()?);
        (!r.street.is_empty() && !pc.is_empty()).then(|| {
            let h = crate::block::hash(&[last.as_bytes(), r.street.as_bytes(), pc.as_bytes()]);
            // Spread the hash's bits: the rate is decided on its top ones.
            h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        })
    }

    fn add(&mut self, r: &Record) {
        let Some(key) = Households::key(r) else {
            return;
        };
        if self.bits > 0 && key >> (64 - self.bits) != 0 {
            return;
        }
        match self.kept.get_mut(&key) {
            Some((first, n)) => {
                *n += 1;
                if self.pairs < HOUSEHOLD_PAIRS {
                    let buf = &mut self.buf;
                    compare(&first.get(0), &Packed::one(r).get(0), &[], buf);
                    // Relatives do not share a first name and a birth date: two records
                    // that do are one person's (a registry's duplicate, a leak's repeated
                    // row), and counted as a household they teach that a household's
                    // members share both.
                    if buf[FIRST] == NAME_EXACT && buf[BIRTH] >= BIRTH_TYPO {
                        return;
                    }
                    if self.levels.is_empty() {
                        self.levels = buf.iter().map(|_| Vec::new()).collect();
                        self.identity = vec![vec![0.0; IDENTITY.1]; IDENTITY.0];
                    }
                    if let Some(cell) = self
                        .identity
                        .get_mut(buf[FIRST] as usize)
                        .and_then(|row| row.get_mut(buf[BIRTH] as usize))
                    {
                        *cell += 1.0;
                    }
                    for (f, &l) in buf.iter().enumerate() {
                        let v = &mut self.levels[f];
                        if v.len() <= l as usize {
                            v.resize(l as usize + 1, 0.0);
                        }
                        v[l as usize] += 1.0;
                    }
                    self.pairs += 1;
                }
            }
            None => {
                self.kept.insert(key, (Packed::one(r), 1));
                if self.kept.len() > HOUSEHOLDS {
                    self.bits += 1;
                    let bits = self.bits;
                    self.kept.retain(|k, _| k >> (64 - bits) == 0);
                }
            }
        }
    }

    /// The share of pairs of one household among `n` patients, and the chances.
    fn finish(self, n: u64, base: &[Vec<f64>]) -> Household {
        let rate = 0.5f64.powi(self.bits as i32);
        let within: f64 = self
            .kept
            .values()
            .map(|(_, k)| *k as f64 * (*k as f64 - 1.0) / 2.0)
            .sum::<f64>()
            / rate;
        let all = n as f64 * (n as f64 - 1.0) / 2.0;
        // Too few pairs to tell chances from noise: none.
        let u = if self.pairs >= 50 {
            base.iter()
                .enumerate()
                .map(|(f, levels)| {
                    let counts = self.levels.get(f);
                    let mut v: Vec<f64> = (0..levels.len())
                        .map(|l| counts.and_then(|c| c.get(l)).copied().unwrap_or(0.0) + 0.5)
                        .collect();
                    v[0] = 0.0;
                    let present: f64 = v.iter().sum();
                    v.iter_mut().for_each(|x| *x /= present);
                    v
                })
                .collect()
        } else {
            Vec::new()
        };
        // Each cell of a present first name and birth date smoothed by half a pair, but
        // one first name with one birth date or dates a digit apart: relatives do not
        // share both (a parent and a child are born years apart, twins are given two
        // names), and a few hundred households cannot tell one in a thousand from one in
        // a million — the calendar can. Those cells are smoothed by half a pair spread
        // as relatives' first names and strangers' birth dates.
        let identity = if u.is_empty() {
            Vec::new()
        } else {
            let births: f64 = base[BIRTH].iter().skip(1).sum();
            let mut t = self.identity;
            for (f, row) in t.iter_mut().enumerate() {
                for (b, x) in row.iter_mut().enumerate() {
                    let birth = base[BIRTH].get(b).copied().unwrap_or(0.0) / births.max(1e-12);
                    *x = match (f, b) {
                        (0, _) | (_, 0) => 0.0,
                        (f, b) if f == NAME_EXACT as usize && b >= BIRTH_TYPO as usize => {
                            *x + 0.5 * u[FIRST][f] * birth.max(1e-9)
                        }
                        _ => *x + 0.5,
                    };
                }
            }
            let total: f64 = t.iter().flatten().sum();
            t.iter_mut().flatten().for_each(|x| *x /= total);
            t
        };
        Household {
            share: if all > 0.0 { within / all } else { 0.0 },
            u,
            identity,
            pairs: self.pairs,
        }
    }
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
    /// The key's check value, hexadecimal: a wrong key is refused before reading.
    key_check: String,
}

// 4: sexes, civilities, postcodes and several phones normalised anew.
// 5: the residence compared as one field, NIRs that identify, last names per postcode.
const FORMAT: &str = "vigie-link-index/5";

/// The key of a last name within a postcode, for [`Stats::last_names_by_place`].
pub fn place_key(last: &str, postcode: &str) -> u64 {
    crate::block::hash(&[last.as_bytes(), postcode.as_bytes()])
}

/// Plaintext sealed at a time: large enough that the 40 bytes of nonce and tag are
/// nothing, small enough that the build's memory does not depend on the registry.
const CHUNK: usize = 1 << 20;

/// A file of the index, written sealed: chunks of [`CHUNK`] bytes, each its length (4
/// bytes, little-endian) and its ciphertext, bound to the file's name and its place.
struct SealedFile<'k> {
    key: &'k RegisterKey,
    path: PathBuf,
    name: String,
    out: BufWriter<std::fs::File>,
    plain: Vec<u8>,
    chunks: u64,
}

impl<'k> SealedFile<'k> {
    fn create(key: &'k RegisterKey, dir: &Path, name: &str) -> Result<SealedFile<'k>> {
        let path = dir.join(name);
        let file = std::fs::File::create(&path).map_err(Error::io(&path))?;
        Ok(SealedFile {
            key,
            path,
            name: name.to_string(),
            out: BufWriter::new(file),
            plain: Vec::with_capacity(CHUNK),
            chunks: 0,
        })
    }

    /// Appends `bytes`; a write is never split between chunks, so a reader finds each
    /// 12-byte pair of a run whole in one chunk.
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.plain.extend_from_slice(bytes);
        if self.plain.len() >= CHUNK {
            self.seal()?;
        }
        Ok(())
    }

    fn seal(&mut self) -> Result<()> {
        let context = format!("vigie link index {} {}", self.name, self.chunks);
        let sealed = self.key.seal(&context, &self.plain)?;
        self.out
            .write_all(&(sealed.len() as u32).to_le_bytes())
            .and_then(|()| self.out.write_all(&sealed))
            .map_err(Error::io(&self.path))?;
        self.plain.clear();
        self.chunks += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if !self.plain.is_empty() || self.chunks == 0 {
            self.seal()?;
        }
        self.out.flush().map_err(Error::io(&self.path))
    }
}

/// A sealed file read chunk by chunk, as the merge of the runs reads them.
struct SealedReader<'k> {
    key: &'k RegisterKey,
    path: PathBuf,
    name: String,
    file: BufReader<std::fs::File>,
    chunk: u64,
    plain: Vec<u8>,
    pos: usize,
}

impl<'k> SealedReader<'k> {
    fn open(key: &'k RegisterKey, dir: &Path, name: &str) -> Result<SealedReader<'k>> {
        let path = dir.join(name);
        let file = std::fs::File::open(&path).map_err(Error::io(&path))?;
        Ok(SealedReader {
            key,
            path,
            name: name.to_string(),
            file: BufReader::new(file),
            chunk: 0,
            plain: Vec::new(),
            pos: 0,
        })
    }

    fn damaged(&self, what: &str) -> Error {
        Error::damaged(&self.path, what)
    }

    /// The next chunk's plaintext; `false` at the end of the file.
    fn next_chunk(&mut self) -> Result<bool> {
        let mut len = [0u8; 4];
        match self.file.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
            Err(e) => return Err(Error::io(&self.path)(e)),
        }
        let mut sealed = vec![0u8; u32::from_le_bytes(len) as usize];
        self.file
            .read_exact(&mut sealed)
            .map_err(|_| self.damaged("truncated"))?;
        let context = format!("vigie link index {} {}", self.name, self.chunk);
        self.plain = self
            .key
            .open(&context, &sealed)
            .map_err(|_| self.damaged(&format!("chunk {} does not open", self.chunk + 1)))?;
        self.pos = 0;
        self.chunk += 1;
        Ok(true)
    }

    /// The next (key, record) pair; `None` at the end.
    fn next_pair(&mut self) -> Result<Option<(u64, u32)>> {
        while self.pos >= self.plain.len() {
            if !self.next_chunk()? {
                return Ok(None);
            }
        }
        let bytes = self
            .plain
            .get(self.pos..self.pos + 12)
            .ok_or_else(|| self.damaged("truncated"))?;
        self.pos += 12;
        Ok(Some(decode(bytes)))
    }
}

/// A sealed file of the index, opened whole.
fn open_sealed(key: &RegisterKey, dir: &Path, name: &str) -> Result<Vec<u8>> {
    let mut reader = SealedReader::open(key, dir, name)?;
    let mut plain = Vec::new();
    while reader.next_chunk()? {
        plain.extend_from_slice(&reader.plain);
    }
    Ok(plain)
}

/// Accumulates the registry, record by record.
struct Builder {
    stats: Stats,
    households: Households,
    /// Registry records per first name, last name and postcode ([`place_key`]).
    namesakes: FxHashMap<u64, u32>,
    reservoir: Vec<Record>,
    rng: XorShift,
    seen: u64,
    keys: Vec<Keys>,
    scratch: Vec<u64>,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            stats: Stats::default(),
            households: Households::default(),
            namesakes: FxHashMap::default(),
            reservoir: Vec::new(),
            rng: XorShift(0x9e37_79b9_7f4a_7c15),
            seen: 0,
            keys: RULES.iter().map(|_| Vec::new()).collect(),
            scratch: Vec::new(),
        }
    }

    fn add(&mut self, r: &Record) {
        push_keys(r, self.seen as u32, &mut self.keys, &mut self.scratch);
        self.count(r);
    }

    /// Name frequencies and the sample.
    fn count(&mut self, r: &Record) {
        for (table, word) in [
            (&mut self.stats.first_names, r.first.first()),
            (&mut self.stats.last_names, r.last.first()),
        ] {
            let Some(w) = word else { continue };
            // Most names are already counted: no copy of the name for them.
            match table.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    table.insert(w.clone(), 1);
                }
            }
        }
        self.households.add(r);
        if let Some(pc) = r.postcode.as_deref().filter(|p| !p.is_empty()) {
            if let Some(last) = r.last.first() {
                let here = place_key(last, pc);
                *self.stats.last_names_by_place.entry(here).or_default() += 1;
                if let Some(first) = r.first.first() {
                    let key = crate::block::hash(&[first.as_bytes(), &here.to_le_bytes()]);
                    *self.namesakes.entry(key).or_default() += 1;
                }
            }
            match self.stats.postcodes.get_mut(pc) {
                Some(n) => *n += 1,
                None => {
                    self.stats.postcodes.insert(pc.to_string(), 1);
                }
            }
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
        let kept = Packed::of(&self.reservoir);
        let n = kept.len();
        let mut buf = Vec::new();
        if n >= 2 {
            for _ in 0..SAMPLE {
                let (a, b) = (self.rng.below(n), self.rng.below(n));
                if a == b {
                    continue;
                }
                compare(&kept.get(a), &kept.get(b), &same, &mut buf);
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
        let all = self.seen as f64 * (self.seen as f64 - 1.0) / 2.0;
        let within: f64 = std::mem::take(&mut self.namesakes)
            .into_values()
            .map(|k| k as f64 * (k as f64 - 1.0) / 2.0)
            .sum();
        let mut stats = std::mem::take(&mut self.stats);
        stats.namesakes = if all > 0.0 { within / all } else { 0.0 };
        stats.household = std::mem::take(&mut self.households).finish(self.seen, &u);
        stats.u = u;
        stats.sample = std::mem::take(&mut self.reservoir);
        stats
    }
}

/// What a first read of a file to be linked to itself counted ([`Index::counted`]): its
/// keys, so that those only one row makes are not held; its statistics, so that their
/// maps (one entry a row's names in its town) are not held beside the rows; and its
/// rows' number and sizes, so that room is made for them once.
pub struct Counted {
    repeats: Repeats,
    stats: Stats,
    population: usize,
    /// The bytes the rows take packed ([`Packed::size`]).
    packed: usize,
}

/// Records packed and kept as they are read: each record's strings are freed as soon as
/// it is, not held until the whole file is.
struct Keeping {
    packed: Packed,
    records: Vec<Kept>,
    keeper: Keeper,
}

impl Keeping {
    fn new(room: usize, packed: usize) -> Keeping {
        Keeping {
            packed: Packed::with_rows(room, packed),
            records: Vec::with_capacity(room),
            keeper: Keeper::default(),
        }
    }

    fn add(&mut self, r: Record) {
        self.packed.push(&r);
        self.records.push(self.keeper.keep(r));
    }
}

impl Index {
    /// The registry as far as one leak needs it: `read` hands over each record with the
    /// leak's distinct keys it shares (met on the cores that normalise the rows); the
    /// records no key meets are only counted, in the name frequencies and the sample.
    /// Links that leak only. `room`: the records to make room for at once (a bound on the
    /// registry's rows, [`crate::record::rows_bound`]): most of a large registry meets
    /// some key, and its records grown by doubling were copied whole a score of times.
    pub fn for_leak(
        leak: &[Record],
        room: usize,
        read: impl FnOnce(&LeakKeys, &mut dyn FnMut(Record, &[u32])) -> Result<TableInfo>,
    ) -> Result<Index> {
        let keys = LeakKeys::of(leak);
        let mut b = Builder::new();
        let mut kept = Keeping::new(room, 0);
        let mut pairs = Vec::new();
        let info = read(&keys, &mut |r: Record, met: &[u32]| {
            b.count(&r);
            if !met.is_empty() {
                pairs.extend(met.iter().map(|&d| (d, kept.records.len() as u32)));
                kept.add(r);
            }
        })?;
        let stats = b.finish_stats(info.others.len());
        Ok(Index::met(info, kept, keys, pairs, stats, b.seen as usize))
    }

    /// A file to be linked to itself read a first time: its keys counted in a sketch
    /// ([`Repeats`], room for a file of `bytes` bytes) and its statistics, for
    /// [`Index::of_itself`] to read it again with.
    pub fn counted(
        bytes: u64,
        read: impl FnOnce(&mut dyn FnMut(Record)) -> Result<TableInfo>,
    ) -> Result<Counted> {
        let mut repeats = Repeats::for_bytes(bytes);
        let mut b = Builder::new();
        let (mut scratch, mut one, mut packed) = (Vec::new(), Packed::default(), 0);
        let info = read(&mut |r: Record| {
            repeats.add(&r, &mut scratch);
            b.count(&r);
            packed += one.size(&r);
        })?;
        Ok(Counted {
            repeats,
            stats: b.finish_stats(info.others.len()),
            population: b.seen as usize,
            packed,
        })
    }

    /// A file as its own registry, for de-duplication: the index [`Index::for_leak`]
    /// makes when the file is read again against itself, without reading it twice nor
    /// holding its records twice. `read` hands over the file's records; the index keeps
    /// every one of them (a record no key meets is in no block), packed and kept as it
    /// comes, and the leak side is read from them ([`Index::as_leak`]). Whole, a million
    /// rows' records were the peak of their de-duplication (docs/benchmarks.md). With
    /// `first`, counted over the same rows, the keys only one row makes are not held,
    /// the statistics are those counted then, and room is made at once for the rows,
    /// their packed fields and their keys: vectors of millions grown by doubling held
    /// their old copy and their new one at once.
    pub fn of_itself(
        first: Option<Counted>,
        read: impl FnOnce(&mut dyn FnMut(Record)) -> Result<TableInfo>,
    ) -> Result<Index> {
        let (mut keys, mut kept) = match &first {
            Some(c) => (
                LeakKeys::new(c.population, c.repeats.leak_keys),
                Keeping::new(c.population, c.packed),
            ),
            None => (LeakKeys::default(), Keeping::new(0, 0)),
        };
        let mut b = Builder::new();
        let (mut pairs, mut later) = (Vec::new(), Vec::new());
        let repeats = first.as_ref().map(|c| &c.repeats);
        let info = read(&mut |r: Record| {
            if repeats.is_none() {
                b.count(&r);
            }
            let n = kept.records.len() as u32;
            keys.add_own(&r, n, repeats, &mut later);
            kept.add(r);
        })?;
        keys.meet_later(&later, &mut pairs);
        drop(later);
        let (stats, population) = match first {
            None => (b.finish_stats(info.others.len()), b.seen as usize),
            // Keys counted in another read of the file than this one would leave out
            // some that rows of this one share. The sketch is dropped here, before the
            // blocks are built.
            Some(Counted {
                repeats,
                stats,
                population,
                ..
            }) => {
                if repeats.sum != keys.sum {
                    let what = if keys.sum.rows == repeats.sum.rows {
                        "its rows hold other values than when their keys were counted".to_string()
                    } else {
                        format!(
                            "{} rows read where {} were read to count their keys",
                            keys.sum.rows, repeats.sum.rows
                        )
                    };
                    return Err(Error::input(
                        &info.path,
                        format!("{what}: the file changed while it was de-duplicated"),
                    ));
                }
                (stats, population)
            }
        };
        Ok(Index::met(info, kept, keys, pairs, stats, population))
    }

    /// The index of the records a leak's keys met: `pairs` are (distinct key, record),
    /// `stats` and `population` the whole registry's.
    fn met(
        info: TableInfo,
        kept: Keeping,
        keys: LeakKeys,
        pairs: Vec<(u32, u32)>,
        stats: Stats,
        population: usize,
    ) -> Index {
        let blocks = Blocks::Met(Met::new(keys, &pairs));
        Index {
            packed: kept.packed.closed(),
            blocks,
            population,
            stats,
            info,
            records: kept.records,
        }
    }

    /// The file an index [`Index::of_itself`] made holds, as the leak to link to it. Only
    /// that index: kept rows have no fields left to make the keys an index read back
    /// from disk ([`Blocks::Postings`]) is searched by.
    pub fn as_leak(&self) -> Leak<'_, Kept> {
        debug_assert!(
            matches!(self.blocks, Blocks::Met(_)),
            "a kept leak is linked to its own index only"
        );
        Leak {
            info: &self.info,
            records: &self.records,
        }
    }

    /// The table the index was made of, its records as kept.
    pub fn into_table(self) -> KeptTable {
        KeptTable {
            info: self.info,
            records: self.records,
        }
    }

    /// The registry's statistics (name frequencies, namesakes, households, u, the
    /// sample) counted again over the records `each` hands over: the file read again,
    /// since the index keeps too little of its records to count from. In
    /// de-duplication the registry is the file itself, and a person's own rows would be
    /// taken for namesakes in one town, a household at one address and a common name:
    /// counted once per person found, they are not.
    pub fn recount(
        &mut self,
        each: impl FnOnce(&mut dyn FnMut(&Record)) -> Result<()>,
    ) -> Result<()> {
        let mut b = Builder::new();
        each(&mut |r| b.count(r))?;
        self.stats = b.finish_stats(self.info.others.len());
        self.population = b.seen as usize;
        Ok(())
    }

    /// Whether `path` is an index directory written by [`Index::write`].
    pub fn is_index(path: &Path) -> bool {
        path.join("index.json").is_file()
    }

    /// Reads `registry` and writes its index to `dir`, sealed with `key`, keeping at
    /// most `memory` bytes of blocking keys in memory (the rest is sorted in runs on
    /// disk and merged; the runs hold hashes and record numbers, and are removed).
    /// Besides those keys, the build holds the name frequency tables and 16 bytes per
    /// row to find duplicate ids.
    pub fn write(
        read: impl FnOnce(&mut dyn FnMut(Record)) -> Result<TableInfo>,
        dir: &Path,
        memory: usize,
        key: &RegisterKey,
    ) -> Result<u64> {
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
        // An index half rewritten is not an index: index.json comes last.
        let meta_path = dir.join("index.json");
        if meta_path.exists() {
            std::fs::remove_file(&meta_path).map_err(Error::io(&meta_path))?;
        }
        let runs_dir = dir.join("runs.tmp");
        let _ = std::fs::remove_dir_all(&runs_dir);
        std::fs::create_dir_all(&runs_dir).map_err(Error::io(&runs_dir))?;
        let mut records = SealedFile::create(key, dir, "records.bin")?;
        let mut b = Builder::new();
        let mut runs: Vec<Vec<String>> = RULES.iter().map(|_| Vec::new()).collect();
        let mut failure: Option<Error> = None;
        let info = read(&mut |r: Record| {
            if failure.is_some() {
                return;
            }
            b.add(&r);
            if let Err(e) = postcard::to_stdvec(&r)
                .map_err(|e| Error::damaged(dir.join("records.bin"), e.to_string()))
                .and_then(|bytes| records.write(&bytes))
            {
                failure = Some(e);
            }
            if b.key_bytes() > memory
                && let Err(e) = spill(&mut b.keys, &runs_dir, &mut runs, key)
            {
                failure = Some(e);
            }
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        records.finish()?;
        spill(&mut b.keys, &runs_dir, &mut runs, key)?;
        for (i, rule_runs) in runs.iter().enumerate() {
            let out = SealedFile::create(key, dir, &format!("rule-{i:02}.bin"))?;
            merge(rule_runs, &runs_dir, key, out)?;
        }
        let _ = std::fs::remove_dir_all(&runs_dir);
        // The name frequencies name people too.
        let stats = b.finish_stats(info.others.len());
        let mut sealed = SealedFile::create(key, dir, "stats.bin")?;
        sealed.write(
            &postcard::to_stdvec(&stats)
                .map_err(|e| Error::damaged(dir.join("stats.bin"), e.to_string()))?,
        )?;
        sealed.finish()?;
        let meta = Meta {
            format: FORMAT.to_string(),
            vigie: env!("CARGO_PKG_VERSION").to_string(),
            rules: RULES.iter().map(|r| r.name.to_string()).collect(),
            records: b.seen,
            info,
            key_check: key
                .check_value()?
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        };
        let json = serde_json::to_vec(&meta)
            .map_err(|e| Error::io(&meta_path)(std::io::Error::other(e)))?;
        std::fs::write(&meta_path, json).map_err(Error::io(&meta_path))?;
        Ok(meta.records)
    }

    /// Reads an index directory, with the key it was sealed with.
    pub fn read(dir: &Path, key: &RegisterKey) -> Result<Index> {
        let meta_path = dir.join("index.json");
        let bytes = std::fs::read(&meta_path).map_err(Error::io(&meta_path))?;
        let meta: Meta =
            serde_json::from_slice(&bytes).map_err(|e| Error::input(&meta_path, e.to_string()))?;
        let rules: Vec<String> = RULES.iter().map(|r| r.name.to_string()).collect();
        if meta.format != FORMAT || meta.rules != rules || meta.vigie != env!("CARGO_PKG_VERSION") {
            return Err(Error::OtherVersion {
                path: dir.to_path_buf(),
                written: meta.vigie,
                format: meta.format,
                this: env!("CARGO_PKG_VERSION"),
            });
        }
        let check: Vec<u8> = (0..meta.key_check.len() / 2)
            .filter_map(|i| u8::from_str_radix(meta.key_check.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        key.verify_check(&check).map_err(|_| Error::OtherKey {
            path: dir.to_path_buf(),
            origin: key.origin.clone(),
        })?;
        let records_path = dir.join("records.bin");
        let bytes = open_sealed(key, dir, "records.bin")?;
        let mut kept = Keeping::new(meta.records as usize, 0);
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let (r, tail) = postcard::take_from_bytes::<Record>(rest).map_err(|e| {
                Error::damaged(
                    &records_path,
                    format!("record {}: {e}", kept.records.len() + 1),
                )
            })?;
            kept.add(r);
            rest = tail;
        }
        let Keeping {
            packed, records, ..
        } = kept;
        if records.len() as u64 != meta.records {
            return Err(Error::damaged(
                &records_path,
                format!(
                    "{} records where index.json says {}",
                    records.len(),
                    meta.records
                ),
            ));
        }
        let mut postings = Vec::new();
        for i in 0..RULES.len() {
            let path = dir.join(format!("rule-{i:02}.bin"));
            let bytes = open_sealed(key, dir, &format!("rule-{i:02}.bin"))?;
            if bytes.len() % 12 != 0 {
                return Err(Error::damaged(&path, "truncated"));
            }
            let p = Postings::from_sorted(bytes.chunks_exact(12).map(decode));
            if p.pairs().any(|(_, r)| r as usize >= records.len()) {
                return Err(Error::damaged(&path, "a record number beyond the records"));
            }
            postings.push(p);
        }
        Ok(Index {
            info: meta.info,
            packed: packed.closed(),
            population: records.len(),
            records,
            blocks: Blocks::Postings(postings),
            stats: postcard::from_bytes(&open_sealed(key, dir, "stats.bin")?)
                .map_err(|e| Error::damaged(dir.join("stats.bin"), e.to_string()))?,
        })
    }
}

/// One rule's (key, record) pairs.
type Keys = Vec<(u64, u32)>;

/// Record `n`'s keys under every rule.
fn push_keys(r: &Record, n: u32, keys: &mut [Keys], scratch: &mut Vec<u64>) {
    for (rule, keys) in RULES.iter().zip(keys) {
        scratch.clear();
        (rule.keys)(r, false, scratch);
        keys.extend(scratch.iter().map(|&k| (k, n)));
    }
}

/// A worker's result; its panic, if it panicked, carries on here.
pub(crate) fn joined<T>(worker: std::thread::ScopedJoinHandle<'_, T>) -> T {
    match worker.join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
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

/// Writes each rule's keys so far as a sorted run, sealed as the index is (they are
/// hashes of names and dates), and empties them.
fn spill(keys: &mut [Keys], dir: &Path, runs: &mut [Vec<String>], key: &RegisterKey) -> Result<()> {
    for (i, k) in keys.iter_mut().enumerate() {
        if k.is_empty() {
            continue;
        }
        k.sort_unstable();
        let name = format!("rule-{i:02}-run-{:04}.bin", runs[i].len());
        let mut run = SealedFile::create(key, dir, &name)?;
        for &p in k.iter() {
            run.write(&encode(p))?;
        }
        run.finish()?;
        runs[i].push(name);
        *k = Vec::new();
    }
    Ok(())
}

/// Merges sorted runs into one sorted, sealed file.
fn merge(runs: &[String], dir: &Path, key: &RegisterKey, mut out: SealedFile) -> Result<()> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut readers = Vec::new();
    for name in runs {
        readers.push(SealedReader::open(key, dir, name)?);
    }
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(p) = r.next_pair()? {
            heap.push(Reverse((p, i)));
        }
    }
    while let Some(Reverse((p, i))) = heap.pop() {
        out.write(&encode(p))?;
        if let Some(q) = readers[i].next_pair()? {
            heap.push(Reverse((q, i)));
        }
    }
    out.finish()
}
