//! Reading a leak or a registry into records: the columns mapped to identity fields (by
//! the scanner's column classifier, or `--map`), each value normalised once.

use crate::normalize;
use std::collections::BTreeMap;
use vigie_detect::{ColumnClass, Detector};
use vigie_sources::{Encoding, Format, Limits, Note, Sink};

/// What a column holds, for linking.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Field {
    Id,
    LastName,
    BirthName,
    FirstName,
    Sex,
    BirthDate,
    Nir,
    Address,
    Postcode,
    City,
    Phone,
    Email,
    /// Compared as text (exact or close), with its own weights.
    Other(String),
    Ignore,
}

impl Field {
    pub fn parse(s: &str) -> Option<Field> {
        Some(match s.trim() {
            "id" => Field::Id,
            "last_name" | "usage_name" => Field::LastName,
            "birth_name" => Field::BirthName,
            "first_name" | "first_names" => Field::FirstName,
            "sex" => Field::Sex,
            "birth_date" => Field::BirthDate,
            "nir" => Field::Nir,
            "address" => Field::Address,
            "postcode" => Field::Postcode,
            "city" => Field::City,
            "phone" => Field::Phone,
            "email" => Field::Email,
            "ignore" => Field::Ignore,
            other if other.starts_with("other:") => Field::Other(other[6..].to_string()),
            "other" => Field::Other(String::new()),
            _ => return None,
        })
    }

    pub fn id(&self) -> String {
        match self {
            Field::Id => "id".into(),
            Field::LastName => "last_name".into(),
            Field::BirthName => "birth_name".into(),
            Field::FirstName => "first_name".into(),
            Field::Sex => "sex".into(),
            Field::BirthDate => "birth_date".into(),
            Field::Nir => "nir".into(),
            Field::Address => "address".into(),
            Field::Postcode => "postcode".into(),
            Field::City => "city".into(),
            Field::Phone => "phone".into(),
            Field::Email => "email".into(),
            Field::Other(n) => format!("other:{n}"),
            Field::Ignore => "ignore".into(),
        }
    }
}

/// One person of a file, normalised.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Record {
    pub id: String,
    /// The line the row starts on.
    pub line: u64,
    pub first: Vec<String>,
    pub last: Vec<String>,
    pub birth_name: Vec<String>,
    pub birth: Option<(u16, u8, u8)>,
    pub sex: Option<char>,
    /// The NIR's 13-digit body, and whether its key was right.
    pub nir: Option<(String, bool)>,
    /// The street's words, types expanded, joined by spaces.
    pub street: String,
    pub postcode: Option<String>,
    /// The city's words, joined by spaces.
    pub city: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Values of the `Other` columns, in the order of [`Table::others`].
    pub others: Vec<Option<String>>,
    /// The phonetic keys of the first word of the first, last and birth names, computed
    /// once: comparisons and blocking use them for every pair.
    pub sounds: [String; 3],
}

impl Record {
    fn prepare(&mut self) {
        let sound = |w: &[String]| {
            w.first()
                .map(|w| normalize::phonetic(w))
                .unwrap_or_default()
        };
        self.sounds = [
            sound(&self.first),
            sound(&self.last),
            sound(&self.birth_name),
        ];
    }
}

/// A file read for linking: its mapping, its records and what could not be used.
#[derive(Debug, Default)]
pub struct Table {
    pub info: TableInfo,
    pub records: Vec<Record>,
}

/// What is known of a file besides its records.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct TableInfo {
    pub path: String,
    /// Column name → field, as used.
    pub mapping: Vec<(String, Field)>,
    pub others: Vec<String>,
    /// Rows read (compared or not).
    pub rows: u64,
    /// Rows with nothing to compare (no name, no date, no NIR…): line and reason.
    pub unusable: Vec<(u64, String)>,
    pub warnings: Vec<String>,
}

/// Turns the rows of a file's first table into records as they are read, so that a
/// registry of millions of rows is never held as text.
struct Collect<'a> {
    detector: &'a Detector,
    overrides: &'a BTreeMap<String, Field>,
    id_column: Option<&'a str>,
    this_year: u16,
    info: TableInfo,
    columns: Vec<String>,
    tables: usize,
    notes: Vec<Note>,
    error: Option<String>,
    ids: rustc_hash::FxHashMap<u64, u64>,
    out: &'a mut dyn FnMut(Record),
}

impl Sink for Collect<'_> {
    fn item(&mut self, _: &str, _: Format, _: Encoding) {}
    fn table(&mut self, _: Option<&str>, columns: &[String], _: Option<u64>) {
        self.tables += 1;
        if self.tables == 1 {
            self.columns = columns.to_vec();
            self.error = self.map_columns().err();
        }
    }
    fn row(&mut self, line: u64, cells: &[&str]) {
        if self.tables == 1 && self.error.is_none() {
            self.info.rows += 1;
            if let Some(r) = self.record(line, cells) {
                (self.out)(r);
            }
        }
    }
    fn field(&mut self, _: u64, _: &str, _: &str) {}
    fn end_record(&mut self) {}
    fn text(&mut self, _: u64, _: &str) {}
    fn note(&mut self, note: Note) {
        self.notes.push(note);
    }
}

impl Collect<'_> {
    fn map_columns(&mut self) -> Result<(), String> {
        let display = self.info.path.clone();
        for col in &self.columns {
            let mut f = field_of(self.detector, col, self.overrides);
            if let Some(id) = self.id_column {
                if col == id {
                    f = Field::Id;
                } else if f == Field::Id {
                    f = Field::Ignore;
                }
            }
            if let Field::Other(name) = &mut f {
                if name.is_empty() {
                    *name = col.clone();
                }
                self.info.others.push(name.clone());
            }
            self.info.mapping.push((col.clone(), f));
        }
        if let Some(id) = self.id_column
            && !self.columns.iter().any(|col| col == id)
        {
            return Err(format!(
                "{display}: no column {id:?} (columns: {:?})",
                self.columns
            ));
        }
        if !self.info.mapping.iter().any(|(_, f)| {
            matches!(
                f,
                Field::LastName
                    | Field::BirthName
                    | Field::FirstName
                    | Field::Nir
                    | Field::Email
                    | Field::Phone
            )
        }) {
            return Err(format!(
                "{display}: no identity column found among {:?}; name them with --map 'COLUMN=last_name'",
                self.columns
            ));
        }
        Ok(())
    }

    fn record(&mut self, line: u64, cells: &[&str]) -> Option<Record> {
        let display = &self.info.path;
        let mut r = Record {
            line,
            others: vec![None; self.info.others.len()],
            ..Record::default()
        };
        let mut other_i = 0;
        let (mut street, mut city) = (Vec::new(), Vec::new());
        for ((col, f), v) in self
            .info
            .mapping
            .iter()
            .zip(cells.iter().copied().chain(std::iter::repeat("")))
        {
            let v = v.trim();
            if let Field::Other(_) = f {
                if !v.is_empty() {
                    r.others[other_i] = Some(vigie_detect::fold::fold(v));
                }
                other_i += 1;
                continue;
            }
            if v.is_empty() {
                continue;
            }
            match f {
                Field::Id => r.id = v.to_string(),
                Field::LastName => {
                    let (usage, birth) = normalize::split_married(v);
                    r.last.extend(usage);
                    r.birth_name.extend(birth);
                }
                Field::BirthName => r.birth_name.extend(normalize::name_words(v)),
                Field::FirstName => r.first.extend(normalize::name_words(v)),
                Field::Sex => r.sex = v.chars().next().map(|c| c.to_ascii_uppercase()),
                Field::BirthDate => match normalize::date(v, self.this_year) {
                    Some(d) => r.birth = Some(d),
                    // The value itself is personal data: not repeated in the message.
                    None => self.info.warnings.push(format!(
                        "{display}:{line}: column {col:?}: not a date, not compared"
                    )),
                },
                Field::Nir => r.nir = normalize::nir(v),
                Field::Address => street.extend(normalize::street(v)),
                Field::Postcode => r.postcode = Some(v.split_whitespace().collect()),
                Field::City => city.extend(normalize::name_words(v)),
                Field::Phone => r.phone = normalize::phone(v),
                Field::Email => r.email = Some(v.to_ascii_lowercase()),
                Field::Other(_) | Field::Ignore => {}
            }
        }
        r.street = street.join(" ");
        r.city = city.join(" ");
        if r.id.is_empty() {
            r.id = format!("line{line}");
        }
        // The line of each id's first row; the id itself (a patient number) is not shown.
        // Ids are kept as 64-bit fingerprints: 16 bytes a row, for registries of millions.
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&r.id, &mut h);
        let fingerprint = std::hash::Hasher::finish(&h);
        if let Some(first) = self.ids.get(&fingerprint) {
            self.info.warnings.push(format!(
                "{display}:{line}: the id of this row is that of line {first} too"
            ));
        } else {
            self.ids.insert(fingerprint, line);
        }
        let comparable = !r.last.is_empty()
            || !r.birth_name.is_empty()
            || !r.first.is_empty()
            || r.birth.is_some()
            || r.nir.is_some()
            || r.email.is_some()
            || r.phone.is_some();
        if comparable {
            r.prepare();
            Some(r)
        } else {
            self.info.unusable.push((
                line,
                "no name, birth date, NIR, e-mail or phone".to_string(),
            ));
            None
        }
    }
}

/// The field of a column: `--map` first, then the classifier, then the header's words.
fn field_of(detector: &Detector, header: &str, overrides: &BTreeMap<String, Field>) -> Field {
    if let Some(f) = overrides.get(header) {
        return f.clone();
    }
    let folded = vigie_detect::fold::fold_header(header);
    match detector.classify_header(header) {
        Some(ColumnClass::LastName)
            if folded.contains("naissance") || folded.contains("jeune_fille") =>
        {
            Field::BirthName
        }
        Some(ColumnClass::LastName) => Field::LastName,
        Some(ColumnClass::FirstName) => Field::FirstName,
        Some(ColumnClass::FullName) => Field::LastName,
        Some(ColumnClass::BirthDate) => Field::BirthDate,
        Some(ColumnClass::Nir) => Field::Nir,
        Some(ColumnClass::Phone) => Field::Phone,
        Some(ColumnClass::Email) => Field::Email,
        Some(ColumnClass::Address) => Field::Address,
        Some(ColumnClass::Postcode) => Field::Postcode,
        Some(ColumnClass::City) => Field::City,
        Some(ColumnClass::Sex) => Field::Sex,
        Some(ColumnClass::Identifier) => Field::Id,
        _ if folded == "id" || folded.ends_with("_id") || folded.starts_with("id_") => Field::Id,
        None if ["suburb", "town", "locality", "localite", "commune"]
            .contains(&folded.as_str()) =>
        {
            Field::City
        }
        Some(_) => Field::Ignore,
        None => Field::Other(header.to_string()),
    }
}

/// Reads `path` (any table `vigie-sources` reads) into records.
pub fn read(
    path: &std::path::Path,
    detector: &Detector,
    overrides: &BTreeMap<String, Field>,
    id_column: Option<&str>,
    this_year: u16,
) -> Result<Table, String> {
    let mut records = Vec::new();
    let info = read_each(path, detector, overrides, id_column, this_year, &mut |r| {
        records.push(r)
    })?;
    Ok(Table { info, records })
}

/// Reads `path`, handing each record to `out` as soon as its row is read.
pub fn read_each(
    path: &std::path::Path,
    detector: &Detector,
    overrides: &BTreeMap<String, Field>,
    id_column: Option<&str>,
    this_year: u16,
    out: &mut dyn FnMut(Record),
) -> Result<TableInfo, String> {
    let display = path.display().to_string();
    let mut c = Collect {
        detector,
        overrides,
        id_column,
        this_year,
        info: TableInfo {
            path: display.clone(),
            ..TableInfo::default()
        },
        columns: Vec::new(),
        tables: 0,
        notes: Vec::new(),
        error: None,
        ids: rustc_hash::FxHashMap::default(),
        out,
    };
    vigie_sources::read_path(path, &display, &Limits::default(), &mut c)
        .map_err(|e| format!("{display}: {e}"))?;
    if let Some(n) = c
        .notes
        .iter()
        .find(|n| n.severity >= vigie_sources::Severity::Skipped)
    {
        return Err(format!("{display}: {}", n.message));
    }
    if let Some(e) = c.error {
        return Err(e);
    }
    if c.columns.is_empty() || c.info.rows == 0 {
        return Err(format!(
            "{display}: no table with rows (an empty file, or not tabular)"
        ));
    }
    Ok(c.info)
}
