//! A processor's leak shared out among its controllers: each row to the controller its
//! site column names (a laboratory code, a FINESS, a site, through the processor's
//! table), and each share counted in rows and in persons — the persons of the whole
//! leak ([`crate::dedup`]), so a patient of two laboratories is one person and the concern
//! of both. Rows whose code no controller claims are kept as unassigned, with their codes,
//! never dropped.

use crate::dedup::Persons;
use crate::error::{Error, Result};
use crate::pprl;
use crate::record::{Reader, Table};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

/// Rows and persons of a share.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub rows: u64,
    /// Distinct persons by the accepted pairs (an upper bound, as [`Persons::persons`]).
    pub persons: u64,
    /// Distinct persons if the pairs awaiting review are each one person.
    pub persons_if_reviewed: u64,
}

/// The leak's rows by controller.
#[derive(Debug)]
pub struct Shares {
    /// The column read, as the table names it.
    pub column: String,
    /// Row indices of each controller (by its id).
    pub rows_of: BTreeMap<String, Vec<usize>>,
    /// Rows whose code names no controller, or that have no code.
    pub unassigned: Vec<usize>,
    /// The codes no controller claims, with their rows: for the processor to complete
    /// its table (as compared, folded, until [`Shares::name_unknown_codes`] gives them as
    /// the leak writes them).
    pub unknown_codes: BTreeMap<String, u64>,
    /// Unassigned rows with no value in the column.
    pub blank: u64,
    /// Rows given to each controller by linkage on encodings rather than by their code.
    pub linked: BTreeMap<String, u64>,
    /// Whether each row has a code, for what is left unassigned.
    has_code: Vec<bool>,
}

/// Shares `table`'s rows out by the value of `column`, `controller_of` giving the
/// controller of each code (codes compared as vigie folds identities: case and accents
/// aside). A column chosen by mistake (names, NIRs, e-mail addresses…) is refused before
/// its values are listed anywhere: one with more distinct values than a column naming
/// controllers can hold, or whose values `detector` reads as personal data.
pub fn split(
    table: &Table,
    column: &str,
    controller_of: &HashMap<String, String>,
    detector: &vigie_detect::Detector,
) -> Result<Shares> {
    let path = &table.info.path;
    let Some(k) = table.info.others.iter().position(|c| c == column) else {
        return Err(Error::input(
            path,
            format!(
                "no column {column:?} to share the rows out by (columns: {:?})",
                table
                    .info
                    .mapping
                    .iter()
                    .map(|(c, _)| c)
                    .collect::<Vec<_>>()
            ),
        ));
    };
    let codes: HashMap<String, &String> = controller_of
        .iter()
        .map(|(code, id)| (vigie_detect::fold::fold(code.trim()), id))
        .collect();
    let distinct: BTreeSet<&str> = table
        .records
        .iter()
        .filter_map(|r| r.others.get(k).and_then(|v| v.as_deref()))
        .collect();
    let limit = (table.records.len() / 4).max(2 * codes.len() + 20);
    if distinct.len() > limit {
        return Err(Error::input(
            path,
            format!(
                "column {column:?} holds {} distinct values in {} rows, more than a column naming {} controllers' sites would: is it the right column?",
                distinct.len(),
                table.records.len(),
                controller_of.values().collect::<BTreeSet<_>>().len()
            ),
        ));
    }
    if let Some(class) = detector.classify_values(distinct.iter().copied()) {
        return Err(Error::input(
            path,
            format!(
                "column {column:?} holds personal data ({class:?} for most of its values), not sites: is it the right column?"
            ),
        ));
    }
    let mut shares = Shares {
        column: column.to_string(),
        rows_of: controller_of
            .values()
            .map(|id| (id.clone(), Vec::new()))
            .collect(),
        unassigned: Vec::new(),
        unknown_codes: BTreeMap::new(),
        blank: 0,
        linked: BTreeMap::new(),
        has_code: Vec::with_capacity(table.records.len()),
    };
    for (i, r) in table.records.iter().enumerate() {
        let code = r.others.get(k).and_then(|v| v.as_deref());
        shares.has_code.push(code.is_some());
        match code {
            None => {
                shares.blank += 1;
                shares.unassigned.push(i);
            }
            Some(code) => match codes.get(code) {
                Some(&id) => shares.rows_of.entry(id.clone()).or_default().push(i),
                None => {
                    *shares.unknown_codes.entry(code.to_string()).or_default() += 1;
                    shares.unassigned.push(i);
                }
            },
        }
    }
    Ok(shares)
}

impl Shares {
    /// Gives the unknown codes as the leak writes them (`LAB99`, not the folded `lab99`
    /// the rows were compared by), reading `path` again as it is; a code written several
    /// ways is named by the first.
    pub fn name_unknown_codes(&mut self, reader: &Reader, path: &Path) -> Result<()> {
        if self.unknown_codes.is_empty() {
            return Ok(());
        }
        let mut written: HashMap<String, String> = HashMap::new();
        let column = self.column.clone();
        let unknown = &self.unknown_codes;
        reader.rows(path, &mut |_, mapping, cells| {
            let Some(k) = mapping.iter().position(|(c, _)| *c == column) else {
                return;
            };
            let raw = cells.get(k).map_or("", |c| c.trim());
            let folded = vigie_detect::fold::fold(raw);
            if unknown.contains_key(&folded) && !written.contains_key(&folded) {
                written.insert(folded, raw.to_string());
            }
        })?;
        self.unknown_codes = std::mem::take(&mut self.unknown_codes)
            .into_iter()
            .map(|(code, n)| (written.remove(&code).unwrap_or(code), n))
            .collect();
        Ok(())
    }

    /// Finds, among the rows no code assigns, the patients of controllers who sent their
    /// registry encoded (`pprl`, the same secret): each such row goes to the controller
    /// whose encoded registry holds its best match (to each, when several do: a patient
    /// of two laboratories). No registry is seen in clear; each controller's matches
    /// are its own patients only. Returns the rows matched to one registry patient, two
    /// or more: one person, whatever the de-duplication made of them
    /// ([`Persons::join`]).
    pub fn link_unassigned(
        &mut self,
        table: &Table,
        secret: &pprl::Secret,
        registries: &[(String, Vec<pprl::Encoded>)],
    ) -> Vec<Vec<usize>> {
        // Each row encoded under its index, so that rows sharing an id stay apart.
        let leak: Vec<pprl::Encoded> = self
            .unassigned
            .iter()
            .map(|&i| pprl::Encoded {
                id: i.to_string(),
                ..pprl::encode(&table.records[i], secret)
            })
            .collect();
        let mut found = BTreeSet::new();
        let mut same_patient = Vec::new();
        for (id, registry) in registries {
            let (matches, _) = pprl::link(&leak, registry, None);
            let rows = self.rows_of.entry(id.clone()).or_default();
            let mut of_patient: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for m in &matches {
                if let Ok(i) = m.leak_id.parse::<usize>() {
                    rows.push(i);
                    found.insert(i);
                    of_patient.entry(&m.registry_id).or_default().push(i);
                }
            }
            same_patient.extend(of_patient.into_values().filter(|g| g.len() > 1));
            rows.sort_unstable();
            *self.linked.entry(id.clone()).or_default() += matches.len() as u64;
        }
        self.unassigned.retain(|i| !found.contains(i));
        self.blank = self
            .unassigned
            .iter()
            .filter(|&&i| !self.has_code[i])
            .count() as u64;
        same_patient
    }

    /// The rows and persons of some of the rows.
    pub fn count(rows: &[usize], persons: &Persons) -> Count {
        let distinct = |of: &[usize]| rows.iter().map(|&i| of[i]).collect::<BTreeSet<_>>();
        Count {
            rows: rows.len() as u64,
            persons: distinct(&persons.person).len() as u64,
            persons_if_reviewed: distinct(&persons.person_if_reviewed).len() as u64,
        }
    }

    /// Persons (by the accepted pairs) with rows under more than one controller: each is
    /// one person in the leak's count and one in each of their controllers'.
    pub fn shared_persons(&self, persons: &Persons) -> u64 {
        let mut seen: HashMap<usize, &str> = HashMap::new();
        let mut shared = BTreeSet::new();
        for (id, rows) in &self.rows_of {
            for &i in rows {
                let p = persons.person[i];
                if *seen.entry(p).or_insert(id) != id.as_str() {
                    shared.insert(p);
                }
            }
        }
        shared.len() as u64
    }

    /// Writes each controller's rows as the leak holds them, and the unassigned ones,
    /// each to the writer `open` gives for a name (the controller's id, or `unassigned`):
    /// what the processor hands each controller to find its patients. The rows are read
    /// again from `path` as they are (the leak's columns and cells, not the normalised
    /// records), with the id of the row's person (`vigie_person`: the person's first row)
    /// last; cells are made harmless to a spreadsheet (a leak may carry formulas).
    pub fn write_tables(
        &self,
        table: &Table,
        persons: &Persons,
        reader: &Reader,
        path: &Path,
        open: &mut dyn FnMut(&str) -> std::io::Result<Box<dyn Write>>,
    ) -> Result<()> {
        let io = |e: std::io::Error| Error::input(path, format!("writing the shares: {e}"));
        let unassigned = "unassigned".to_string();
        let mut names_of: HashMap<u64, Vec<&String>> = HashMap::new();
        for (name, rows) in self.rows_of.iter().chain([(&unassigned, &self.unassigned)]) {
            for &i in rows {
                names_of.entry(table.records[i].row).or_default().push(name);
            }
        }
        let person_of: HashMap<u64, &str> = table
            .records
            .iter()
            .zip(&persons.person_of)
            .map(|(r, (_, person))| (r.row, person.as_str()))
            .collect();
        let mut writers = HashMap::new();
        let head = table.info.mapping.iter().map(|(c, _)| c.as_str());
        for name in self.rows_of.keys().chain([&unassigned]) {
            let mut w = csv::Writer::from_writer(open(name).map_err(io)?);
            w.write_record(head.clone().chain(["vigie_person"]))
                .map_err(|e| io(e.into()))?;
            writers.insert(name.as_str(), w);
        }
        let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
        let mut failed = None;
        reader.rows(path, &mut |row, _, cells| {
            let person = person_of.get(&row).copied().unwrap_or_default();
            for name in names_of.get(&row).into_iter().flatten() {
                if let Some(w) = writers.get_mut(name.as_str()) {
                    let row = cells.iter().map(|c| text(c)).chain([text(person)]);
                    if let Err(e) = w.write_record(row) {
                        failed.get_or_insert(e);
                    }
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(io(e.into()));
        }
        for w in writers.values_mut() {
            w.flush().map_err(io)?;
        }
        Ok(())
    }
}
