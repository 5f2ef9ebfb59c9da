//! Clinical messages with declared separators: HL7 v2 (ORU, ADT, ORM…) and HPRIM Santé,
//! the French laboratory results format. Segments are separated by CR (LF and CRLF
//! accepted). Each HL7 message, and each HPRIM patient, is a keyed record; known fields are
//! handed on under a path whose last part is a column name the classifier knows
//! (`PID-7.date_naissance`, `P-8.date_naissance`), the others as free text.
//!
//! HL7 declares its separators in each MSH (`MSH|^~\&`: field, component, repetition,
//! escape, subcomponent). HPRIM declares them in the five characters after the `H` of its
//! header (`H|~^\&`), typically swapping HL7's: `~` separates components and `^`
//! repetitions. HPRIM numbers fields from the record type (`P-6` is the name, where HL7
//! would say `P-5`), and splits records over 220 bytes into `A|` continuation lines, which
//! are joined back; a field keeps the line it starts on.
//!
//! Written by hand: the formats are a few separators, and the mapping of fields to kinds
//! is ours; a generic HL7 crate would add a model we do not use (and none reads HPRIM).

use crate::bytes::ByteReader;
use crate::decode::Fallback;
use crate::{Limits, Message, Note, Severity, Sink};
use std::io::Read;

/// INS-NIR assigning authority (ANS); `.10` and `.11` are the test and demonstration
/// identities, flagged as such.
const INS_NIR_OID: &str = "1.2.250.1.213.1.4.8";
const INS_TEST_OIDS: [&str; 2] = ["1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"];

#[derive(Clone, Copy)]
struct Separators {
    field: u8,
    component: u8,
    repetition: u8,
    subcomponent: u8,
}

impl Default for Separators {
    fn default() -> Separators {
        Separators {
            field: b'|',
            component: b'^',
            repetition: b'~',
            subcomponent: b'&',
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Hl7,
    Hprim,
}

/// The column name under which an HPRIM record's field (numbered from the record type) is
/// classified, or None when it is not about the patient.
fn hprim_column(record: &str, n: usize) -> Option<&'static str> {
    Some(match (record, n) {
        ("P", 3..=5) => "identifiant",
        ("P", 6) | ("P", 7) => "nom_prenom",
        ("P", 8) => "date_naissance",
        ("P", 9) => "sexe",
        ("P", 11) => "adresse",
        ("P", 13) => "telephone",
        ("OBR", 5) | ("OBX", 4) => "analyse",
        ("OBX", 6) => "resultat",
        ("C", 4) => "commentaire",
        ("H" | "L", _) | (_, 1 | 2) => return None,
        _ => "texte",
    })
}

/// The column name under which an HL7 segment's field is classified, or None for free text.
fn field_column(segment: &str, n: usize) -> Option<&'static str> {
    Some(match (segment, n) {
        ("PID", 5) | ("PID", 6) | ("PID", 9) | ("NK1", 2) | ("IN1", 16) | ("GT1", 3) => {
            "nom_prenom"
        }
        ("PID", 7) | ("IN1", 18) => "date_naissance",
        ("PID", 11) | ("NK1", 4) | ("GT1", 5) => "adresse",
        ("PID", 13) | ("PID", 14) | ("NK1", 5) => "telephone",
        ("PID", 19) => "nir",
        ("PID", 8) => "sexe",
        ("OBX", 3) | ("OBR", 4) => "analyse",
        ("OBX", 5) => "resultat",
        ("DG1", 3) => "diagnostic",
        ("NTE", 3) => "commentaire",
        ("RXE", 2) | ("RXO", 1) | ("RXA", 5) => "medicament",
        ("MSH", _) | ("EVN", _) => return None,
        _ => "texte",
    })
}

struct Hl7<'s> {
    sink: &'s mut dyn Sink,
    fallback: &'s mut Fallback,
    path: String,
    dialect: Dialect,
    sep: Separators,
    in_message: bool,
    /// The record being gathered and, for each piece of it, its offset and line: HPRIM
    /// continuation lines (`A|…`) add pieces to the record before it.
    record: Vec<u8>,
    pieces: Vec<(usize, u64)>,
}

fn split(b: &[u8], c: u8) -> impl Iterator<Item = &[u8]> {
    b.split(move |&x| x == c)
}

impl Hl7<'_> {
    fn emit(&mut self, line: u64, path: &str, bytes: &[u8]) {
        let text = self.fallback.decode(bytes, line);
        let value = text.trim();
        if !value.is_empty() {
            self.sink.field(line, path, value);
        }
    }

    /// A segment as read from the file, starting on `line`.
    fn push(&mut self, line: u64, seg: &[u8]) {
        let field = self.sep.field;
        if self.dialect == Dialect::Hprim
            && seg.len() >= 2
            && seg[0] == b'A'
            && seg[1] == field
            && !self.record.is_empty()
        {
            self.pieces.push((self.record.len(), line));
            self.record.extend_from_slice(&seg[2..]);
            return;
        }
        self.flush();
        self.record.extend_from_slice(seg);
        self.pieces.push((0, line));
    }

    /// Reads the gathered record.
    fn flush(&mut self) {
        if self.record.is_empty() {
            return;
        }
        let record = std::mem::take(&mut self.record);
        self.segment(&record);
        self.record = record;
        self.record.clear();
        self.pieces.clear();
    }

    /// The line on which the byte at `offset` of the gathered record was read.
    fn line_at(&self, offset: usize) -> u64 {
        let i = self.pieces.partition_point(|&(start, _)| start <= offset);
        self.pieces[i.saturating_sub(1)].1
    }

    fn hprim_header(&mut self, seg: &[u8]) {
        if self.in_message {
            self.sink.end_record();
            self.in_message = false;
        }
        if seg.len() >= 6 {
            self.sep = Separators {
                field: seg[1],
                component: seg[2],
                repetition: seg[3],
                subcomponent: seg[5],
            };
        }
    }

    fn segment(&mut self, seg: &[u8]) {
        if self.dialect == Dialect::Hprim
            && seg.first() == Some(&b'H')
            && seg.get(1).is_some_and(u8::is_ascii_punctuation)
        {
            return self.hprim_header(seg);
        }
        let name_len = seg
            .iter()
            .position(|&b| b == self.sep.field)
            .unwrap_or(seg.len());
        let name = String::from_utf8_lossy(&seg[..name_len]).into_owned();
        if self.dialect == Dialect::Hprim {
            match name.as_str() {
                "P" | "L" if self.in_message => {
                    self.sink.end_record();
                    self.in_message = false;
                }
                _ => {}
            }
            self.in_message |= name == "P";
        }
        if self.dialect == Dialect::Hl7 && seg.len() < 3 {
            return;
        }
        if self.dialect == Dialect::Hl7 && seg.starts_with(b"MSH") {
            if self.in_message {
                self.sink.end_record();
            }
            self.in_message = true;
            if seg.len() >= 8 {
                self.sep = Separators {
                    field: seg[3],
                    component: seg[4],
                    repetition: seg[5],
                    subcomponent: seg[7],
                };
            }
            return;
        }
        let sep = self.sep;
        let fields: Vec<&[u8]> = split(seg, sep.field).collect();
        for (n, field) in fields.iter().enumerate().skip(1) {
            if field.is_empty() {
                continue;
            }
            let (n, column) = match self.dialect {
                Dialect::Hl7 => (n, field_column(&name, n)),
                Dialect::Hprim => (n + 1, hprim_column(&name, n + 1)),
            };
            let Some(column) = column else {
                continue;
            };
            let line = self.line_at(field.as_ptr() as usize - seg.as_ptr() as usize);
            for repetition in split(field, sep.repetition) {
                self.repetition(line, &name, n, column, repetition);
            }
        }
    }

    fn repetition(&mut self, line: u64, segment: &str, n: usize, column: &str, value: &[u8]) {
        let sep = self.sep;
        let components: Vec<&[u8]> = split(value, sep.component).collect();
        let comp = |i: usize| components.get(i).copied().unwrap_or(b"");
        let join = |idx: &[usize]| -> Vec<u8> {
            let parts: Vec<&[u8]> = idx
                .iter()
                .map(|&i| comp(i))
                .filter(|c| !c.is_empty())
                .collect();
            parts.join(&b' ')
        };
        let path = |col: &str| format!("{segment}-{n}.{col}");
        match (segment, n) {
            // PID-3: identifiers with their assigning authority (CX: id^^^authority&OID&ISO^type).
            ("PID", 3) | ("PID", 2) | ("PID", 4) => {
                let authority = String::from_utf8_lossy(comp(3)).into_owned();
                let id = comp(0);
                if authority.contains(INS_NIR_OID)
                    && !INS_TEST_OIDS.iter().any(|t| authority.contains(t))
                {
                    self.emit(line, &path("nir"), id);
                } else if let Some(t) = INS_TEST_OIDS.iter().find(|t| authority.contains(*t)) {
                    self.sink.note(Note {
                        path: self.path.clone(),
                        line: Some(line),
                        severity: Severity::Info,
                        message: Message::new(
                            format!(
                                "INS d'une identité de test ou de démonstration (autorité {t})"
                            ),
                            format!("INS of a test or demonstration identity (authority {t})"),
                        ),
                    });
                    self.emit(line, &path("nir"), id);
                } else {
                    self.emit(line, &path("identifiant"), id);
                }
            }
            // XPN names: family^given^middle^suffix^prefix; the family name may carry
            // subcomponents (surname&own surname prefix…).
            (_, _) if column == "nom_prenom" => {
                let family: Vec<u8> = comp(0)
                    .split(|&b| b == sep.subcomponent)
                    .next()
                    .unwrap_or(b"")
                    .to_vec();
                let mut name = family;
                for part in [comp(1), comp(2)] {
                    if !part.is_empty() {
                        name.push(b' ');
                        name.extend_from_slice(part);
                    }
                }
                self.emit(line, &path(column), &name);
            }
            // Timestamps: the date is the first eight digits.
            (_, _) if column == "date_naissance" => {
                let ts = comp(0);
                self.emit(line, &path(column), &ts[..ts.len().min(8)]);
            }
            // XAD: street^other^city^state^zip^country.
            (_, _) if column == "adresse" => {
                let address = join(&[0, 1, 4, 2]);
                self.emit(line, &path(column), &address);
            }
            // XTN: number^use^equipment^e-mail^country^area^local…
            (_, _) if column == "telephone" => {
                self.emit(line, &path("telephone"), comp(0));
                self.emit(line, &path("email"), comp(3));
                let local = join(&[5, 6]);
                if comp(0).is_empty() {
                    self.emit(line, &path("telephone"), &local);
                }
            }
            // CE/CWE codes: code^text^system; the text names a test or a drug.
            (_, _) if column == "analyse" || column == "medicament" => {
                let text = if comp(1).is_empty() { comp(0) } else { comp(1) };
                self.emit(line, &path(column), text);
            }
            (_, _) if column == "diagnostic" => self.emit(line, &path(column), comp(0)),
            _ => {
                let all = join(&(0..components.len()).collect::<Vec<_>>());
                self.emit(line, &path(column), &all);
            }
        }
    }
}

pub(crate) fn read_hl7(
    mut input: impl Read,
    path: &str,
    dialect: Dialect,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let mut src = ByteReader::new(&mut input);
    let mut h = Hl7 {
        sink,
        fallback,
        path: path.to_string(),
        dialect,
        sep: Separators::default(),
        in_message: false,
        record: Vec::new(),
        pieces: Vec::new(),
    };
    let mut segment = Vec::new();
    // Lines end with CR (HL7's segment separator), LF or CRLF.
    let mut line = 1u64;
    let mut start = 1u64;
    loop {
        let b = src.bump()?;
        match b {
            Some(b'\r' | b'\n') | None => {
                if !segment.is_empty() {
                    h.push(start, &segment);
                    segment.clear();
                }
                match b {
                    None => break,
                    Some(b'\r') if src.peek()? == Some(b'\n') => {
                        src.bump()?;
                    }
                    _ => {}
                }
                line += 1;
            }
            Some(c) => {
                if segment.is_empty() {
                    start = line;
                }
                segment.push(c);
                if segment.len() > limits.max_line {
                    h.flush();
                    h.sink.note(Note {
                        path: path.to_string(),
                        line: Some(line),
                        severity: Severity::Error,
                        message: Message::new(
                            format!(
                                "segment de plus de {} octets, lecture interrompue",
                                limits.max_line
                            ),
                            format!(
                                "segment longer than {} bytes, reading stopped",
                                limits.max_line
                            ),
                        ),
                    });
                    return Ok(());
                }
            }
        }
    }
    h.flush();
    if h.in_message {
        h.sink.end_record();
    }
    Ok(())
}
