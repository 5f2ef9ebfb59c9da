//! A run's candidate pairs, in the order of the leak's rows: held in memory up to a
//! budget ([`crate::Options::memory`]), past it written to an unnamed temporary file and
//! read back row by row. They are the one part of a run that grows faster than its
//! files (a larger file has larger blocks, so more candidates a row): 50 million pairs,
//! 800 MB, at a million rows linked to themselves, a third of the peak.
//!
//! The file holds, per pair, two record numbers, the rules that proposed it and its
//! comparison levels: no identifier and no value of any field. It has no name from the
//! moment it is made (the system removes it when the run ends, however it ends), so it
//! is not sealed as an index is.

use crate::compare::Comparison;
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// A candidate pair: the registry record, the rules that proposed it, whether first and
/// last names were crossed, and its comparison levels as one number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Candidate {
    pub registry: u32,
    pub rules: u16,
    pub found: Comparison,
    pub code: u64,
}
// Tens of millions of them at a large leak: a byte more is eight with padding.
const _: () = assert!(std::mem::size_of::<Candidate>() == 16);

/// A pair's bytes in the file.
const BYTES: usize = 16;

impl Candidate {
    fn to_bytes(self) -> [u8; BYTES] {
        let mut b = [0; BYTES];
        b[0..4].copy_from_slice(&self.registry.to_le_bytes());
        b[4..6].copy_from_slice(&self.rules.to_le_bytes());
        [b[6], b[7]] = self.found.to_bytes();
        b[8..16].copy_from_slice(&self.code.to_le_bytes());
        b
    }

    fn from_bytes(b: &[u8; BYTES]) -> Candidate {
        let [r0, r1, r2, r3, k0, k1, f0, f1, c @ ..] = *b;
        Candidate {
            registry: u32::from_le_bytes([r0, r1, r2, r3]),
            rules: u16::from_le_bytes([k0, k1]),
            found: Comparison::from_bytes([f0, f1]),
            code: u64::from_le_bytes(c),
        }
    }
}

/// Pairs read from the file at once when rows are read in turn.
const READ_AHEAD: usize = 1 << 16;

/// Every leak row's candidates.
pub(crate) struct Candidates {
    /// Per leak row, the end of its candidates among all.
    ends: Vec<u64>,
    store: Store,
    /// Pairs held in memory at most.
    limit: usize,
    /// Where the file goes when the pairs pass the limit.
    dir: PathBuf,
}

enum Store {
    Memory(Vec<Candidate>),
    /// Written to while the pairs come, then read.
    Writing(BufWriter<File>),
    File(File),
}

impl Candidates {
    /// Pairs past `memory` bytes go to a file in `dir`.
    pub fn new(memory: usize, dir: &Path) -> Candidates {
        Candidates {
            ends: Vec::new(),
            store: Store::Memory(Vec::new()),
            limit: memory / BYTES,
            dir: dir.to_path_buf(),
        }
    }

    /// Room for `expected` pairs, within the limit: room not written takes no memory, and
    /// if the system has not that much to promise, the vector grows as it fills.
    pub fn reserve(&mut self, rows: usize, expected: usize) {
        self.ends.reserve_exact(rows);
        if let Store::Memory(v) = &mut self.store {
            let _ = v.try_reserve_exact(expected.min(self.limit).saturating_sub(v.len()));
        }
    }

    /// Adds the next rows: each row's end in `pairs`, counted from the first of them.
    pub fn add(&mut self, ends: &[u32], pairs: Vec<Candidate>) -> io::Result<()> {
        let base = self.len() as u64;
        self.ends.extend(ends.iter().map(|&e| base + u64::from(e)));
        if let Store::Memory(held) = &mut self.store {
            if held.len() + pairs.len() <= self.limit {
                held.extend(pairs);
                return Ok(());
            }
            let mut w = BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(&self.dir)?);
            for c in held.drain(..) {
                w.write_all(&c.to_bytes())?;
            }
            self.store = Store::Writing(w);
        }
        match &mut self.store {
            Store::Writing(w) => pairs.iter().try_for_each(|c| w.write_all(&c.to_bytes())),
            _ => Err(io::Error::other(
                "candidate pairs added after they were read",
            )),
        }
    }

    /// Done adding: what was written is on the disk, the file ready to read.
    pub fn finish(&mut self) -> io::Result<()> {
        let store = std::mem::replace(&mut self.store, Store::Memory(Vec::new()));
        self.store = match store {
            Store::Writing(w) => Store::File(w.into_inner().map_err(|e| e.into_error())?),
            held => held,
        };
        Ok(())
    }

    /// The pairs, all rows together.
    pub fn len(&self) -> usize {
        self.ends.last().map_or(0, |&e| e as usize)
    }

    /// Whether the pairs went to a file.
    pub fn spilled(&self) -> bool {
        !matches!(self.store, Store::Memory(_))
    }

    /// Leak row `i`'s pairs (none for a row past the last).
    pub fn row(&self, i: usize) -> io::Result<Cow<'_, [Candidate]>> {
        let (from, to) = self.bounds(i);
        self.range(from, to)
    }

    /// Pair `k` of all.
    pub fn get(&self, k: usize) -> io::Result<Candidate> {
        let one = self.range(k, k + 1)?;
        one.first()
            .copied()
            .ok_or_else(|| io::Error::other(format!("no candidate pair {k}")))
    }

    /// Row `i`'s pairs, from `from` to `to` among all.
    fn bounds(&self, i: usize) -> (usize, usize) {
        let end = |r: usize| self.ends.get(r).map(|&e| e as usize);
        let from = i.checked_sub(1).and_then(end).unwrap_or(0);
        (from, end(i).unwrap_or(from))
    }

    fn range(&self, from: usize, to: usize) -> io::Result<Cow<'_, [Candidate]>> {
        match &self.store {
            Store::Memory(v) => Ok(Cow::Borrowed(v.get(from..to).unwrap_or(&[]))),
            Store::File(f) => read(f, from, to).map(Cow::Owned),
            Store::Writing(_) => Err(io::Error::other("candidate pairs read before written")),
        }
    }

    /// Every row's pairs in turn (`f(row, first pair's place among all, pairs)`), the
    /// file read ahead in large runs.
    pub fn each(&self, mut f: impl FnMut(usize, usize, &[Candidate])) -> io::Result<()> {
        let file = match &self.store {
            Store::Memory(v) => {
                for i in 0..self.ends.len() {
                    let (from, to) = self.bounds(i);
                    f(i, from, &v[from..to]);
                }
                return Ok(());
            }
            Store::File(file) => file,
            Store::Writing(_) => {
                return Err(io::Error::other("candidate pairs read before written"));
            }
        };
        // The pairs read, from `start` among all.
        let (mut held, mut start) = (Vec::new(), 0);
        for i in 0..self.ends.len() {
            let (from, to) = self.bounds(i);
            if to > start + held.len() {
                start = from;
                held = read(file, from, to.max(from + READ_AHEAD).min(self.len()))?;
            }
            f(i, from, &held[from - start..to - start]);
        }
        Ok(())
    }
}

/// Pairs `from..to` of the file.
fn read(file: &File, from: usize, to: usize) -> io::Result<Vec<Candidate>> {
    let mut bytes = vec![0; (to - from) * BYTES];
    file.read_exact_at(&mut bytes, (from * BYTES) as u64)?;
    Ok(bytes
        .chunks_exact(BYTES)
        .filter_map(|b| b.try_into().ok().map(Candidate::from_bytes))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{Candidate, Candidates};
    use crate::compare::Comparison;

    fn pair(n: u32) -> Candidate {
        Candidate {
            registry: n,
            rules: (n % 7) as u16,
            found: Comparison::from_bytes([n as u8, (n >> 8) as u8 & 3]),
            code: u64::from(n) * 0x1_0000_0001,
        }
    }

    /// Rows of 0 to 4 pairs, added in runs of three rows.
    fn filled(memory: usize) -> (Candidates, Vec<Vec<Candidate>>) {
        let rows: Vec<Vec<Candidate>> = (0..200u32)
            .map(|i| (0..i % 5).map(|j| pair(i * 10 + j)).collect())
            .collect();
        let mut c = Candidates::new(memory, &std::env::temp_dir());
        for run in rows.chunks(3) {
            let ends: Vec<u32> = run
                .iter()
                .scan(0, |end, r| {
                    *end += r.len() as u32;
                    Some(*end)
                })
                .collect();
            c.add(&ends, run.concat()).expect("add");
        }
        c.finish().expect("finish");
        (c, rows)
    }

    #[test]
    fn pairs_past_the_budget_read_back_as_they_were_added() {
        for memory in [usize::MAX, 0, 16 * 100] {
            let (c, rows) = filled(memory);
            assert_eq!(c.spilled(), memory != usize::MAX, "memory {memory}");
            assert_eq!(c.len(), rows.iter().map(Vec::len).sum::<usize>());
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(&*c.row(i).expect("row"), row.as_slice(), "row {i}");
            }
            assert!(c.row(rows.len()).expect("past").is_empty());
            let all = rows.concat();
            assert_eq!(c.get(all.len() - 1).expect("get"), all[all.len() - 1]);
            assert!(c.get(all.len()).is_err());
            let mut seen = Vec::new();
            c.each(|i, from, pairs| {
                assert_eq!(pairs, rows[i].as_slice());
                assert_eq!(from, seen.len());
                seen.extend_from_slice(pairs);
            })
            .expect("each");
            assert_eq!(seen, all);
        }
    }

    #[test]
    fn a_full_disk_is_an_error_not_lost_pairs() {
        // /dev/full takes no byte: every write fails as on a full disk.
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut c = Candidates::new(0, &std::env::temp_dir());
        c.store = super::Store::Writing(std::io::BufWriter::with_capacity(16, full));
        let added = c.add(&[2], vec![pair(1), pair(2)]);
        let finished = c.finish();
        let error = added.and(finished).expect_err("a full disk");
        assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
    }
}
