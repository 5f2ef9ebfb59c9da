//! One file against itself: which rows are the same person, and so how many persons a
//! leak holds — the number a DPO signs, which rows are not ("19 million rows, 4 million
//! of them duplicates"). Each row is linked to its best other row by the same model as a
//! leak to a registry; the accepted pairs are joined into persons (connected
//! components), and the model's own estimate of its wrong pairs bounds the count.

use crate::error::Result;
use crate::index::Index;
use crate::record::{Reader, Table, rows_bound};
use crate::{Options, Outcome, link};
use std::collections::HashMap;
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
}

/// Reads `path` twice (as a leak, and as the registry it is linked to) and finds its
/// persons.
pub fn dedup_file(
    path: &Path,
    reader: &Reader,
    options: &Options,
) -> Result<(Table, Outcome, Persons)> {
    let table = reader.read(path)?;
    let index = Index::for_leak(&table.records, rows_bound(path), |keys, out| {
        reader.read_meeting(path, keys, out)
    })?;
    let options = Options {
        dedup: true,
        ..options.clone()
    };
    let outcome = link(&table, &index, &options);
    let persons = persons(&table, &outcome);
    Ok((table, outcome, persons))
}

/// Joins the rows of accepted pairs (and, for the lower count, of pairs awaiting
/// review): a union–find over the rows.
pub fn persons(table: &Table, outcome: &Outcome) -> Persons {
    let rows = table.records.len();
    // The decisions name rows by id; an id shared by several rows names its first.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, r) in table.records.iter().enumerate() {
        by_id.entry(r.id.as_str()).or_insert(i);
    }
    let join = |with_review: bool| {
        let mut parent: Vec<usize> = (0..rows).collect();
        for d in &outcome.decisions {
            let wanted = d.accepted || (with_review && d.decision == crate::Verdict::Review);
            if let (true, Some(&a), Some(&b)) = (
                wanted,
                by_id.get(d.leak_id.as_str()),
                by_id.get(d.registry_id.as_str()),
            ) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                // A person is named after its first row.
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        parent
    };
    let mut accepted = join(false);
    let mut reviewed = join(true);
    let person: Vec<usize> = (0..rows).map(|i| root(&mut accepted, i)).collect();
    let person_if_reviewed: Vec<usize> = (0..rows).map(|i| root(&mut reviewed, i)).collect();
    let person_of = person
        .iter()
        .enumerate()
        .map(|(i, &r)| (table.records[i].id.clone(), table.records[r].id.clone()))
        .collect();
    Persons {
        rows,
        persons: person.iter().enumerate().filter(|&(i, &r)| r == i).count(),
        persons_if_reviewed: person_if_reviewed
            .iter()
            .enumerate()
            .filter(|&(i, &r)| r == i)
            .count(),
        expected_false: outcome.expected_false_matches,
        accepted_pairs: outcome.decisions.iter().filter(|d| d.accepted).count(),
        person_of,
        person,
        person_if_reviewed,
    }
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
    pub fn join(&mut self, table: &Table, groups: &[Vec<usize>]) {
        for of in [&mut self.person, &mut self.person_if_reviewed] {
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
        let distinct = |of: &[usize]| of.iter().enumerate().filter(|&(i, &r)| r == i).count();
        self.persons = distinct(&self.person);
        self.persons_if_reviewed = distinct(&self.person_if_reviewed);
        for (i, (_, person)) in self.person_of.iter_mut().enumerate() {
            *person = table.records[self.person[i]].id.clone();
        }
    }

    /// The accepted pairs' precision as the model estimates it (its own expected wrong
    /// pairs among them); None without any pair.
    pub fn precision(&self) -> Option<f64> {
        (self.accepted_pairs > 0)
            .then(|| (1.0 - self.expected_false / self.accepted_pairs as f64).clamp(0.0, 1.0))
    }

    /// Each row and its person as CSV (row_id, person_id), ids made harmless to a
    /// spreadsheet.
    pub fn write_csv(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["row_id", "person_id"])?;
        let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
        for (row, person) in &self.person_of {
            csv.write_record([text(row), text(person)])?;
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
        let precision = self.precision().map_or(String::new(), |p| {
            format!(
                "{} {} %",
                lang.pick(
                    " ; précision des regroupements estimée par le modèle :",
                    "; precision of the joins as the model estimates it:"
                ),
                lang.decimal(p * 100.0, 1)
            )
        });
        match lang {
            vigie_detect::Lang::Fr => format!(
                "{rows} lignes : au plus {most} personnes distinctes d'après les paires retenues ({joined} ligne(s) rattachée(s) à la personne d'une autre) ; {low} si les paires à vérifier sont aussi chacune une personne{precision}"
            ),
            vigie_detect::Lang::En => format!(
                "{rows} rows: at most {most} distinct persons by the accepted pairs ({joined} row(s) joined to another row's person); {low} if the pairs awaiting review are each one person as well{precision}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Record, TableInfo};

    /// Rows another linkage showed to be one patient become one person, with every row
    /// already joined to any of them, and the counts and ids follow.
    #[test]
    fn rows_of_one_patient_are_joined_into_one_person() {
        let ids = ["r0", "r1", "r2", "r3", "r4", "r5"];
        let table = Table {
            info: TableInfo::default(),
            records: ids
                .iter()
                .map(|id| Record {
                    id: id.to_string(),
                    ..Record::default()
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
        assert_eq!(persons.person_of[3], ("r3".to_string(), "r0".to_string()));
    }
}
