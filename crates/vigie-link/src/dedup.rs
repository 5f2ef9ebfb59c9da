//! One file against itself: which rows are the same person, and so how many persons a
//! leak holds — the number a DPO signs, which rows are not ("19 million rows, 4 million
//! of them duplicates"). Each row is linked to its best other row by the same model as a
//! leak to a registry; the accepted pairs are joined into persons (connected
//! components), and the model's own estimate of its wrong pairs bounds the count. The
//! strict clusters split a person two of whose rows were compared and do not match: a
//! chain of namesakes (a row without a birth date matching two others born years apart)
//! is not one person there.

use crate::block::Met;
use crate::candidates::{Candidate, Candidates};
use crate::error::Error;
use crate::error::Result;
use crate::index::{Blocks, Index};
use crate::record::{Kept, KeptTable, Linked, Reader};
use crate::{Linking, Options, Outcome};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

/// The persons of a file.
pub struct Persons {
    pub rows: usize,
    /// Distinct persons: rows joined by accepted pairs count once.
    pub persons: usize,
    /// Distinct persons if the pairs awaiting review are each one person: the count a
    /// reviewer's answers can bring `persons` down to.
    pub persons_if_reviewed: usize,
    /// The accepted pairs the model itself expects to be wrong: each may have joined two
    /// persons into one, so the file holds between `persons` and `persons` plus this.
    pub expected_false: f64,
    /// The pairs of rows accepted as one person.
    pub accepted_pairs: usize,
    /// Each row's id and the id of its person (the person's first row).
    pub person_of: Vec<(String, String)>,
    /// Each row's person by the accepted pairs, and by the pairs awaiting review too, as
    /// the index of the person's first row: what a share of the rows is counted in.
    pub person: Vec<usize>,
    pub person_if_reviewed: Vec<usize>,
    /// Each row's person in the strict clusters (no two rows of a person compared and
    /// found not to match), and how many persons they are: never fewer than `persons`.
    pub strict: Vec<usize>,
    pub persons_strict: usize,
    /// The accepted pairs the strict clusters kept, and the model's expected wrong ones
    /// among them.
    pub strict_pairs: usize,
    pub strict_expected_false: f64,
}

/// Reads `path` three times (to count its blocking keys, as the leak and registry it is
/// linked to, and to count its statistics again) and finds its persons: linked to itself
/// twice, the second time with its statistics counted over the persons the first found.
pub fn dedup_file(
    path: &Path,
    reader: &Reader,
    options: &Options,
) -> Result<(KeptTable, Outcome, Persons)> {
    // The file's keys, statistics and sizes are counted in a read of their own first, so
    // that the keys only one row makes are not held, nor the statistics' maps beside the
    // rows, and room is made once for what is: 10 million rows held 4.8 GB at the end of
    // their reading where they held 6.5 (docs/benchmarks.md).
    let bytes = std::fs::metadata(path).map_err(Error::io(path))?.len();
    let first = Index::counted(bytes, |out| reader.read_each(path, out))?;
    let mut index = Index::of_itself(Some(first), |out| reader.read_each(path, out))?;
    let options = Options {
        dedup: true,
        ..options.clone()
    };
    // A first pass finds the persons; the second counts the file's statistics once per
    // person, the pairs awaiting review joined too (measured in docs/benchmarks.md: a
    // person's rows taken for namesakes and households cost the generator's leak a
    // third of its duplicate pairs). A third pass brought nothing.
    // Both passes decide from the same pairs, made once: they do not depend on the
    // statistics. The blocks are then freed, before the decisions are made.
    let spill = crate::spill(&options);
    let linking = Linking::pair(index.as_leak(), &index, &options)?;
    index.blocks = Blocks::Met(Met::default());
    // Only the rows it joins are kept of the first pass: its decisions are gone before
    // the second is made (together they were half of a large file's peak memory).
    let repeats: HashSet<u64> = {
        let first = linking
            .decide(index.as_leak(), &index, &options)
            .map_err(&spill)?;
        joined(&index.records, &first, true)
            .iter()
            .enumerate()
            .filter(|&(i, &p)| p != i)
            .map(|(i, _)| index.records[i].row)
            .collect()
    };
    recount(&mut index, reader, path, &repeats)?;
    let outcome = linking
        .decide(index.as_leak(), &index, &options)
        .map_err(&spill)?;
    let table = index.into_table();
    let found = persons(&table, &outcome);
    Ok((table, outcome, found))
}

/// The file's statistics counted again over the rows `repeats` does not name, the file
/// read again row by row (the index keeps too little of each row to count from). A file
/// whose rows are not those the index was made of is refused: counted, they would be
/// another file's statistics.
fn recount(index: &mut Index, reader: &Reader, path: &Path, repeats: &HashSet<u64>) -> Result<()> {
    let mut changed = None;
    let mut read = 0usize;
    let kept = std::mem::take(&mut index.records);
    let counted = index.recount(|count| {
        reader.read_each(path, &mut |r| {
            let same = kept
                .get(read)
                .is_some_and(|k| k.row == r.row && *k.id == *r.id);
            if !same && changed.is_none() {
                changed = Some(r.line);
            }
            read += 1;
            if !repeats.contains(&r.row) {
                count(&r);
            }
        })?;
        Ok(())
    });
    index.records = kept;
    counted?;
    let rows = index.records.len();
    match changed {
        Some(line) => Err(Error::input(
            path,
            format!(
                "line {line} is not the row read there at first: the file changed while it was de-duplicated"
            ),
        )),
        None if read != rows => Err(Error::input(
            path,
            format!(
                "{read} rows read again where {rows} were read at first: the file changed while it was de-duplicated"
            ),
        )),
        None => Ok(()),
    }
}

/// Each row's person by the accepted pairs (and, `with_review`, the pairs awaiting
/// review too): a union–find over the rows, a person named after its first row.
fn joined(records: &[Kept], outcome: &Outcome, with_review: bool) -> Vec<usize> {
    debug_assert!(records.is_sorted_by_key(|r| r.row), "found by place");
    let rows = records.len();
    let mut parent: Vec<usize> = (0..rows).collect();
    for d in &outcome.joins {
        let wanted = d.accepted() || (with_review && d.decision == crate::Verdict::Review);
        if let (true, Some((a, b))) = (wanted, pair(records, d.rows)) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    (0..rows).map(|i| root(&mut parent, i)).collect()
}

/// The record of row `row`: decisions name rows by their place among the rows read (ids
/// may repeat), and records are only the rows with something to compare. Records are in
/// the order of their rows, so a search finds it where two maps of every row (16 bytes a
/// row each, and more) were held through the pairing and both decisions. A record's
/// place is its row less the rows without one before it, most often none: the search
/// starts there and goes down by doubling steps (a binary search of the whole misses
/// the cache at every step: `joined` alone took 5 % of a million rows' de-duplication).
pub(crate) fn place(records: &[impl Linked], row: u64) -> Option<usize> {
    let at = |i: usize| records[i].view().row;
    let last = records.len().checked_sub(1)?;
    let mut hi = usize::try_from(row).map_or(last, |r| r.min(last));
    let (mut lo, mut step) = (hi, 1);
    while at(lo) > row {
        if lo == 0 {
            return None;
        }
        hi = lo;
        lo = lo.saturating_sub(step);
        step *= 2;
    }
    let i = lo + records[lo..=hi].partition_point(|r| r.view().row < row);
    records.get(i).filter(|r| r.view().row == row).map(|_| i)
}

fn pair(records: &[Kept], rows: (u64, u64)) -> Option<(usize, usize)> {
    Some((place(records, rows.0)?, place(records, rows.1)?))
}

/// The persons of a file: joined by the accepted pairs, by the pairs awaiting review as
/// well (the lower count), and the strict clusters within each person.
pub fn persons(table: &KeptTable, outcome: &Outcome) -> Persons {
    let rows = table.records.len();
    let pair = |rows: (u64, u64)| pair(&table.records, rows);
    let person = joined(&table.records, outcome, false);
    let person_if_reviewed = joined(&table.records, outcome, true);
    let edges: Vec<(usize, usize, f64)> = outcome
        .joins
        .iter()
        .filter(|d| d.accepted())
        .filter_map(|d| pair(d.rows).map(|(a, b)| (a, b, d.probability)))
        .collect();
    let mut refused: HashMap<usize, Vec<usize>> = HashMap::new();
    for &rows in &outcome.refused {
        if let Some((a, b)) = pair(rows) {
            refused.entry(a).or_default().push(b);
            refused.entry(b).or_default().push(a);
        }
    }
    let strict = Strict::of(rows, &edges, &refused);
    let person_of = person
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            (
                table.records[i].id.to_string(),
                table.records[r].id.to_string(),
            )
        })
        .collect();
    Persons {
        rows,
        persons: distinct(&person),
        persons_if_reviewed: distinct(&person_if_reviewed),
        expected_false: outcome.expected_false_matches,
        accepted_pairs: outcome.joins.iter().filter(|d| d.accepted()).count(),
        person_of,
        person,
        person_if_reviewed,
        persons_strict: distinct(&strict.person),
        strict: strict.person,
        strict_pairs: strict.pairs,
        strict_expected_false: strict.expected_false,
    }
}

/// How many persons: the rows that name themselves.
fn distinct(of: &[usize]) -> usize {
    of.iter().enumerate().filter(|&(i, &r)| r == i).count()
}

/// Strict clusters: persons grown along the accepted pairs, surest first, a pair joining
/// two groups only when no row of one was compared with a row of the other and found not
/// to match on its own (complete linkage). Rows no blocking rule put together were not
/// compared: they count for neither (a namesake chain's ends share their names, and
/// are compared). Every strict person lies within one person of the accepted pairs,
/// since it grows along them.
struct Strict {
    person: Vec<usize>,
    pairs: usize,
    expected_false: f64,
}

impl Strict {
    /// `refused`: per row, the rows it was compared with and found not to match.
    fn of(
        rows: usize,
        edges: &[(usize, usize, f64)],
        refused: &HashMap<usize, Vec<usize>>,
    ) -> Strict {
        let mut edges = edges.to_vec();
        edges.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        let mut parent: Vec<usize> = (0..rows).collect();
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        let (mut pairs, mut expected_false) = (0, 0.0);
        for (a, b, p) in edges {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra == rb {
                continue;
            }
            let mut ma = members.remove(&ra).unwrap_or_else(|| vec![ra]);
            let mut mb = members.remove(&rb).unwrap_or_else(|| vec![rb]);
            // Only the refusals of the smaller group are looked at: a person of a
            // hundred thousand identical rows (a test identity) costs their number, not
            // its square.
            let (small, big_root) = if ma.len() <= mb.len() {
                (&ma, rb)
            } else {
                (&mb, ra)
            };
            let against = small.iter().any(|x| {
                refused
                    .get(x)
                    .is_some_and(|ys| ys.iter().any(|&y| root(&mut parent, y) == big_root))
            });
            if against {
                members.insert(ra, ma);
                members.insert(rb, mb);
                continue;
            }
            // A person is named after its first row.
            let keep = ra.min(rb);
            parent[ra.max(rb)] = keep;
            if ma.len() < mb.len() {
                std::mem::swap(&mut ma, &mut mb);
            }
            ma.extend(mb);
            members.insert(keep, ma);
            pairs += 1;
            expected_false += 1.0 - p;
        }
        let person = (0..rows).map(|i| root(&mut parent, i)).collect();
        Strict {
            person,
            pairs,
            expected_false,
        }
    }
}

/// The candidate pairs whose rows the `accepted` pairs join into one person (rows by
/// their places) and that `matches` says do not match either way round, each once.
pub(crate) fn refused(
    accepted: impl Iterator<Item = (u64, u64)>,
    candidates: &Candidates,
    leak: &[impl Linked],
    registry: &[Kept],
    matches: &dyn Fn(usize, &Candidate) -> bool,
) -> std::io::Result<Vec<(u64, u64)>> {
    let rows = leak
        .iter()
        .map(|r| r.view().row)
        .chain(registry.iter().map(|r| r.row))
        .map(|row| row as usize + 1)
        .max();
    let mut parent: Vec<usize> = (0..rows.unwrap_or(0)).collect();
    for (a, b) in accepted {
        let (ra, rb) = (root(&mut parent, a as usize), root(&mut parent, b as usize));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut pairs = Vec::new();
    candidates.each(|i, _, row| {
        for c in row {
            let (a, b) = (leak[i].view().row, registry[c.registry as usize].row);
            if root(&mut parent, a as usize) == root(&mut parent, b as usize) {
                pairs.push((a.min(b), a.max(b), matches(i, c)));
            }
        }
    })?;
    // Sorted, a pair's "does not" comes before its "matches": the last of each says.
    pairs.sort_unstable();
    pairs.reverse();
    pairs.dedup_by_key(|p| (p.0, p.1));
    pairs.retain(|p| !p.2);
    let mut refused: Vec<(u64, u64)> = pairs.into_iter().map(|(a, b, _)| (a, b)).collect();
    refused.reverse();
    Ok(refused)
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

impl Persons {
    /// Makes each group of rows one person (rows another linkage showed to be one
    /// patient), with every row already joined to any of them; the counts follow.
    pub fn join(&mut self, table: &KeptTable, groups: &[Vec<usize>]) {
        for of in [
            &mut self.person,
            &mut self.person_if_reviewed,
            &mut self.strict,
        ] {
            let mut parent: Vec<usize> = (0..of.len()).collect();
            for g in groups {
                for pair in g.windows(2) {
                    let (a, b) = (
                        root(&mut parent, of[pair[0]]),
                        root(&mut parent, of[pair[1]]),
                    );
                    parent[a.max(b)] = a.min(b);
                }
            }
            for p in of.iter_mut() {
                *p = root(&mut parent, *p);
            }
        }
        self.persons = distinct(&self.person);
        self.persons_if_reviewed = distinct(&self.person_if_reviewed);
        self.persons_strict = distinct(&self.strict);
        for (i, (_, person)) in self.person_of.iter_mut().enumerate() {
            *person = table.records[self.person[i]].id.to_string();
        }
    }

    /// The accepted pairs' precision as the model estimates it (its own expected wrong
    /// pairs among them); None without any pair.
    pub fn precision(&self) -> Option<f64> {
        (self.accepted_pairs > 0)
            .then(|| (1.0 - self.expected_false / self.accepted_pairs as f64).clamp(0.0, 1.0))
    }

    /// The same for the accepted pairs the strict clusters kept.
    pub fn strict_precision(&self) -> Option<f64> {
        (self.strict_pairs > 0)
            .then(|| (1.0 - self.strict_expected_false / self.strict_pairs as f64).clamp(0.0, 1.0))
    }

    /// Each row and its person as CSV (row_id, person_id, strict_person_id: by the
    /// accepted pairs, and in the strict clusters), ids made harmless to a spreadsheet.
    pub fn write_csv(&self, table: &KeptTable, w: &mut dyn Write) -> std::io::Result<()> {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["row_id", "person_id", "strict_person_id"])?;
        let id = |i: usize| vigie_detect::mask::spreadsheet_cell(&table.records[i].id).into_owned();
        for (i, (&person, &strict)) in self.person.iter().zip(&self.strict).enumerate() {
            csv.write_record([id(i), id(person), id(strict)])?;
        }
        csv.flush()
    }

    /// The count in one line, in the reader's language, with how it was obtained. The
    /// accepted pairs give an upper bound: a duplicate the model did not accept counts as
    /// a person of its own, and a wrong pair it accepted may have joined two.
    pub fn said(&self, lang: vigie_detect::Lang) -> String {
        let (rows, low) = (self.rows, self.persons_if_reviewed);
        let most = self.persons + self.expected_false.round() as usize;
        let joined = rows - self.persons;
        let precision = |p: Option<f64>| {
            p.map_or(String::new(), |p| {
                format!(
                    "{} {} %",
                    lang.pick(
                        " ; précision des regroupements estimée par le modèle :",
                        "; precision of the joins as the model estimates it:"
                    ),
                    lang.decimal(p * 100.0, 1)
                )
            })
        };
        let (strict, strict_precision) = (self.persons_strict, precision(self.strict_precision()));
        let precision = precision(self.precision());
        match lang {
            vigie_detect::Lang::Fr => format!(
                "{rows} lignes : au plus {most} personnes distinctes d'après les paires retenues ({joined} ligne(s) rattachée(s) à la personne d'une autre) ; {low} si les paires à vérifier sont aussi chacune une personne{precision}. Regroupements stricts (aucune paire de lignes d'une personne comparée et jugée discordante : pas de chaîne) : {strict} personnes{strict_precision}"
            ),
            vigie_detect::Lang::En => format!(
                "{rows} rows: at most {most} distinct persons by the accepted pairs ({joined} row(s) joined to another row's person); {low} if the pairs awaiting review are each one person as well{precision}. Strict clusters (no two rows of a person compared and found not to match: no chains): {strict} persons{strict_precision}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::TableInfo;

    /// Every record is found by its row, whatever rows before it had none (one, none,
    /// many in a run, at the start); a row without a record, or past the last, is not.
    #[test]
    fn a_row_s_record_is_found_by_its_place() {
        let rows = [2u64, 3, 4, 9, 10, 40, 41, 1000];
        let records: Vec<Kept> = rows
            .iter()
            .map(|&row| Kept {
                row,
                ..Kept::default()
            })
            .collect();
        for (i, &row) in rows.iter().enumerate() {
            assert_eq!(place(&records, row), Some(i), "row {row}");
        }
        for row in [0, 1, 5, 8, 11, 39, 42, 999, 1001, u64::MAX] {
            assert_eq!(place(&records, row), None, "row {row}");
        }
        assert_eq!(place(&[] as &[Kept], 0), None);
    }

    /// The second pass counts the file's statistics from the file read again: the same
    /// file is counted over the rows kept, its repeats left out; a file that lost a row,
    /// or whose row is another one, since it was read is refused, with its name and where.
    #[test]
    fn a_file_changed_between_its_two_readings_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let write = |name: &str, rows: &[&str]| {
            let p = dir.path().join(name);
            let text = format!("id;nom;prenom;date_naissance\n{}\n", rows.join("\n"));
            std::fs::write(&p, text).expect("write");
            p
        };
        let rows = [
            "a1;Martin;Jeanne;1980-02-03",
            "a2;Martin;Jeanne;1980-02-03",
            "a3;Durand;Paul;1975-11-30",
        ];
        let first = write("first.csv", &rows);
        let detector = vigie_detect::Detector::new().expect("rules");
        let overrides = std::collections::BTreeMap::new();
        let reader = Reader {
            detector: &detector,
            overrides: &overrides,
            id_column: None,
            this_year: 2026,
        };
        let mut index = Index::of_itself(None, |out| reader.read_each(&first, out)).expect("read");
        assert_eq!(index.population, 3);
        let repeats = HashSet::from([index.records[1].row]);
        recount(&mut index, &reader, &first, &repeats).expect("the same file");
        assert_eq!(index.population, 2);
        assert_eq!(index.stats.last_names.get("martin"), Some(&1));
        assert_eq!(index.records.len(), 3, "the kept rows are given back");

        let shorter = write("shorter.csv", &rows[..2]);
        let e = recount(&mut index, &reader, &shorter, &HashSet::new())
            .expect_err("a row fewer")
            .to_string();
        assert!(
            e.contains("shorter.csv") && e.contains("2 rows read again where 3"),
            "{e}"
        );
        let other = write("other.csv", &[rows[0], "b2;Petit;Luc;1990-01-01", rows[2]]);
        let e = recount(&mut index, &reader, &other, &HashSet::new())
            .expect_err("another row")
            .to_string();
        assert!(e.contains("other.csv") && e.contains("line 3 "), "{e}");
    }

    /// Rows another linkage showed to be one patient become one person, with every row
    /// already joined to any of them, and the counts and ids follow.
    #[test]
    fn rows_of_one_patient_are_joined_into_one_person() {
        let ids = ["r0", "r1", "r2", "r3", "r4", "r5"];
        let table = KeptTable {
            info: TableInfo::default(),
            records: ids
                .iter()
                .map(|id| Kept {
                    id: Box::from(*id),
                    ..Kept::default()
                })
                .collect(),
        };
        // By the accepted pairs: {0, 1}, {2}, {3, 5}, {4}; in review, 2 joins 4 too.
        let mut persons = Persons {
            rows: 6,
            persons: 4,
            persons_if_reviewed: 3,
            expected_false: 0.0,
            accepted_pairs: 2,
            person_of: Vec::new(),
            person: vec![0, 0, 2, 3, 4, 3],
            person_if_reviewed: vec![0, 0, 2, 3, 2, 3],
            // Strictly, 3 and 5 are apart.
            strict: vec![0, 0, 2, 3, 4, 5],
            persons_strict: 5,
            strict_pairs: 1,
            strict_expected_false: 0.0,
        };
        persons.person_of = ids
            .iter()
            .zip(&persons.person)
            .map(|(r, &p)| (r.to_string(), ids[p].to_string()))
            .collect();
        // Rows 1 and 5 are one patient: {0, 1, 3, 5} one person.
        persons.join(&table, &[vec![5, 1]]);
        assert_eq!(persons.person, [0, 0, 2, 0, 4, 0]);
        assert_eq!(persons.person_if_reviewed, [0, 0, 2, 0, 2, 0]);
        assert_eq!((persons.persons, persons.persons_if_reviewed), (3, 2));
        assert_eq!(persons.strict, [0, 0, 2, 3, 4, 0]);
        assert_eq!(persons.persons_strict, 4);
        assert_eq!(persons.person_of[3], ("r3".to_string(), "r0".to_string()));
    }

    /// A chain whose ends do not match is cut where it is least sure; a group whose rows
    /// all match one another stays one person, whatever order its pairs come in.
    #[test]
    fn strict_clusters_refuse_chains_and_keep_cliques() {
        // 0–1 and 1–2 accepted, 0 and 2 do not match (born years apart, say).
        // 3–4, 4–5 accepted and 3–5 was not compared. 6–7 accepted: a pair on its own.
        let edges = [
            (1, 2, 0.97),
            (0, 1, 0.99),
            (4, 5, 0.9),
            (3, 4, 0.8),
            (6, 7, 0.7),
        ];
        let refused: HashMap<usize, Vec<usize>> = [(0, vec![2]), (2, vec![0])].into();
        let strict = Strict::of(8, &edges, &refused);
        assert_eq!(strict.person, [0, 0, 2, 3, 3, 3, 6, 6]);
        assert_eq!(strict.pairs, 4);
        assert!((strict.expected_false - (0.01 + 0.1 + 0.2 + 0.3)).abs() < 1e-9);
        // 3 and 5 compared and not matching: the surer pair (4–5) holds and 3 is apart.
        let refused: HashMap<usize, Vec<usize>> = [(3, vec![5]), (5, vec![3])].into();
        let strict = Strict::of(8, &edges[2..4], &refused);
        assert_eq!(strict.person[3..6], [3, 4, 4]);
    }
}
