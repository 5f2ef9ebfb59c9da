//! What a file is, from its first bytes (magic numbers and content), with the extension
//! only as a tie-breaker: exports are often misnamed (`.txt` CSVs, `.dat` JSON).

use crate::decode::{Encoding, decode_line};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Empty,
    Text,
    Csv {
        delimiter: u8,
        header: bool,
    },
    Json,
    Ndjson,
    /// An SQL dump (PostgreSQL, MySQL/MariaDB, SQLite).
    Sql,
    /// HL7 v2 messages.
    Hl7,
    /// HPRIM Santé laboratory messages.
    Hprim,
    /// An HTML page.
    Html,
    /// An e-mail message.
    Mail,
    /// A mailbox of messages.
    Mbox,
    /// A PDF document: text per page.
    Pdf,
    /// An RTF document.
    Rtf,
    /// Not text: the name of what it looks like (`PNG image`, `7z archive`, …).
    Binary(&'static str),
    /// A compressed file or archive whose members are read as items of their own.
    Archive(&'static str),
    /// A workbook (`xlsx`, `xls`, `ods`, `xlsb`): each sheet a named table.
    Spreadsheet(&'static str),
    /// A SQLite database file: each table a named table.
    Sqlite,
    /// A columnar file (`parquet`, `arrow`): one table.
    Columnar(&'static str),
    /// A word-processing document (`docx`, `odt`): paragraphs as lines of text.
    Document(&'static str),
    /// A table of a database read in place (`postgres`, `mysql`).
    Database(&'static str),
}

impl Format {
    pub fn id(self) -> &'static str {
        match self {
            Format::Empty => "empty",
            Format::Text => "text",
            Format::Csv {
                delimiter: b'\t', ..
            } => "tsv",
            Format::Csv { .. } => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Sql => "sql",
            Format::Hl7 => "hl7",
            Format::Hprim => "hprim",
            Format::Html => "html",
            Format::Mail => "eml",
            Format::Mbox => "mbox",
            Format::Pdf => "pdf",
            Format::Rtf => "rtf",
            Format::Binary(_) => "binary",
            Format::Archive(kind)
            | Format::Spreadsheet(kind)
            | Format::Document(kind)
            | Format::Database(kind)
            | Format::Columnar(kind) => kind,
            Format::Sqlite => "sqlite",
        }
    }
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip file"),
    (b"BZh", "bzip2 file"),
    (b"\xfd7zXZ\x00", "xz file"),
    (b"\x28\xb5\x2f\xfd", "zstd file"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "OLE document (XLS/DOC)"),
    (b"PGDMP", "PostgreSQL archive (pg_dump)"),
    (b"PAR1", "Parquet file"),
    (b"ARROW1", "Arrow file"),
];

/// The French name of a kind of file named in English above, in `container.rs` and in
/// the walk, for the notes of a French report; a name not listed is returned as it is.
pub fn in_french(what: &str) -> &str {
    match what {
        "zip archive" | "zip" => "archive zip",
        "gzip file" => "fichier gzip",
        "bzip2 file" => "fichier bzip2",
        "xz file" => "fichier xz",
        "zstd file" => "fichier zstd",
        "7z archive" => "archive 7z",
        "tar archive" => "archive tar",
        "PDF document" => "document PDF",
        "PNG image" => "image PNG",
        "JPEG image" => "image JPEG",
        "GIF image" => "image GIF",
        "ELF executable" => "exécutable ELF",
        "SQLite database" => "base SQLite",
        "OLE document (XLS/DOC)" => "document OLE (XLS/DOC)",
        "OLE document" => "document OLE",
        "PostgreSQL archive (pg_dump)" => "archive PostgreSQL (pg_dump)",
        "Parquet file" => "fichier Parquet",
        "Arrow file" => "fichier Arrow",
        "binary data" => "données binaires",
        "Word 97–2003 document" => "document Word 97–2003",
        "Outlook message" => "message Outlook",
        "workbook" => "classeur",
        "document" => "document",
        "a named pipe (FIFO)" => "un tube nommé (FIFO)",
        "a socket" => "une socket",
        "a device" => "un périphérique",
        other => other,
    }
}

/// The encoding of a byte sample: BOMs, then UTF-16 without BOM (NULs on one parity),
/// then binary (other NULs), then UTF-8 or Windows-1252.
pub(crate) fn sniff_encoding(sample: &[u8]) -> Result<Encoding, &'static str> {
    if sample.starts_with(b"\xef\xbb\xbf") {
        return Ok(Encoding::Utf8Bom);
    }
    if sample.starts_with(b"\xff\xfe") {
        return Ok(Encoding::Utf16Le);
    }
    if sample.starts_with(b"\xfe\xff") {
        return Ok(Encoding::Utf16Be);
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| sample.starts_with(m)) {
        return Err(what);
    }
    // POSIX and GNU tar: "ustar" at offset 257 of the first header.
    if sample.len() >= 262 && &sample[257..262] == b"ustar" {
        return Err("tar archive");
    }
    let head = &sample[..sample.len().min(8192)];
    let nuls = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls(0), nuls(1));
    let half = head.len() / 2;
    if half >= 2 && odd * 10 >= half * 7 && even * 10 <= half {
        return Ok(Encoding::Utf16Le);
    }
    if half >= 2 && even * 10 >= half * 7 && odd * 10 <= half {
        return Ok(Encoding::Utf16Be);
    }
    if even + odd > 0 {
        return Err("binary data");
    }
    // Control bytes other than tab/CR/LF/FF/ESC in quantity mean binary.
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if controls * 20 > head.len().max(1) {
        return Err("binary data");
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Ok(Encoding::Utf8),
        // A sample cut inside a character is still UTF-8.
        Err(e) if e.error_len().is_none() => Ok(Encoding::Utf8),
        Err(_) => Ok(Encoding::Windows1252),
    }
}

/// The format of decoded text, from its start and the file name.
pub(crate) fn sniff_format(name: &str, text: &str, complete: bool) -> Format {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Format::Empty;
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    // "MSH|^~\&": the segment name, then the field separator and encoding characters.
    let b = trimmed.as_bytes();
    if b.len() > 8 && b.starts_with(b"MSH") && !b[3].is_ascii_alphanumeric() && b[3] != b' ' {
        return Format::Hl7;
    }
    // "H|~^\&|": the header record, then the five separators, the first repeated.
    if b.len() > 7
        && b[0] == b'H'
        && b[1..6].iter().all(u8::is_ascii_punctuation)
        && b[6] == b[1]
        && (1..6).all(|i| !b[i + 1..6].contains(&b[i]))
    {
        return Format::Hprim;
    }
    if trimmed.starts_with("{\\rtf") {
        return Format::Rtf;
    }
    let head: String = trimmed
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "html" | "htm" | "xhtml")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"))
    {
        return Format::Html;
    }
    if ext == "mbox" || (trimmed.starts_with("From ") && looks_like_mail(trimmed.lines().skip(1))) {
        return Format::Mbox;
    }
    if ext == "eml" || looks_like_mail(trimmed.lines()) {
        return Format::Mail;
    }
    if ext == "sql" || looks_like_sql(trimmed) {
        return Format::Sql;
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let mut lines = trimmed.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next();
        let first_closes = balanced_json_line(first);
        if matches!(ext.as_str(), "ndjson" | "jsonl")
            || (first_closes && second.is_some_and(|s| s.trim_start().starts_with('{')))
        {
            return Format::Ndjson;
        }
        if ext == "json"
            || trimmed.starts_with('{')
            || trimmed.starts_with("[{")
            || first.trim() == "["
        {
            return Format::Json;
        }
    }
    if let Some((delimiter, header)) = sniff_csv(text, complete, &ext) {
        return Format::Csv { delimiter, header };
    }
    Format::Text
}

/// A message starts with header lines, several of them ones every mail has.
fn looks_like_mail<'a>(mut lines: impl Iterator<Item = &'a str>) -> bool {
    const HEADERS: [&str; 9] = [
        "from:",
        "to:",
        "subject:",
        "date:",
        "received:",
        "return-path:",
        "mime-version:",
        "message-id:",
        "delivered-to:",
    ];
    let mut known = 0;
    for line in lines.by_ref().take(12) {
        if line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        let header = line.starts_with([' ', '\t'])
            || lower
                .split_once(':')
                .is_some_and(|(n, _)| !n.is_empty() && !n.contains(' '));
        if !header {
            return false;
        }
        known += usize::from(HEADERS.iter().any(|h| lower.starts_with(h)));
    }
    known >= 3
}

/// A dump announces itself in its first lines: a tool's header or the statements that
/// carry data.
fn looks_like_sql(text: &str) -> bool {
    const STARTS: [&str; 7] = [
        "INSERT INTO",
        "CREATE TABLE",
        "COPY ",
        "-- MYSQL DUMP",
        "-- MARIADB DUMP",
        "-- POSTGRESQL DATABASE DUMP",
        "PRAGMA FOREIGN_KEYS",
    ];
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .any(|l| {
            let head: String = l
                .trim_start()
                .chars()
                .take(28)
                .collect::<String>()
                .to_ascii_uppercase();
            STARTS.iter().any(|s| head.starts_with(s))
        })
}

/// Whether a line holds one whole JSON object (braces balance outside strings).
fn balanced_json_line(line: &str) -> bool {
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for b in line.bytes() {
        match (in_str, esc, b) {
            (true, true, _) => esc = false,
            (true, false, b'\\') => esc = true,
            (true, false, b'"') => in_str = false,
            (false, _, b'"') => in_str = true,
            (false, _, b'{' | b'[') => depth += 1,
            (false, _, b'}' | b']') => depth -= 1,
            _ => {}
        }
    }
    depth == 0 && line.trim_end().ends_with('}')
}

/// Delimiter and header of a CSV sample: the delimiter that gives the same number (≥ 2)
/// of fields on nearly every record, quotes respected.
fn sniff_csv(text: &str, complete: bool, ext: &str) -> Option<(u8, bool)> {
    let sample = if complete {
        text
    } else {
        // Drop the last, probably cut, line.
        text.rfind('\n').map_or(text, |p| &text[..p])
    };
    let mut best: Option<(u8, usize, usize)> = None;
    for d in [b';', b',', b'\t', b'|'] {
        let counts: Vec<usize> = first_records(sample.as_bytes(), d, 50)
            .iter()
            .map(Vec::len)
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == first).count();
        let tabular_ext = matches!(ext, "csv" | "tsv" | "tab");
        let enough = if tabular_ext { 1 } else { 2 };
        if counts.len() >= enough && agree * 10 >= counts.len() * 9 {
            let score = (agree, first);
            if best.is_none_or(|(_, a, f)| score > (a, f)) {
                best = Some((d, agree, first));
            }
        }
    }
    let (d, _, _) = best?;
    Some((d, has_header(sample, d)))
}

fn has_header(sample: &str, d: u8) -> bool {
    let rows = first_records(sample.as_bytes(), d, 20);
    let Some((first, rest)) = rows.split_first() else {
        return false;
    };
    fn cells(r: &[Vec<u8>]) -> Vec<&[u8]> {
        r.iter().map(Vec::as_slice).collect()
    }
    let (first, rest): (Vec<&[u8]>, Vec<Vec<&[u8]>>) =
        (cells(first), rest.iter().map(|r| cells(r)).collect());
    header_row(
        first.iter().copied(),
        rest.iter().map(|r| r.iter().copied()),
    )
}

thread_local! {
    /// One CSV parser per delimiter and thread, reset between samples: building one costs
    /// more than sniffing a small file (two thirds of a run over a share of small files
    /// went into building the four parsers each file was tried with).
    static PARSERS: std::cell::RefCell<Vec<(u8, csv_core::Reader)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The first `max` records of a sample, cut as the CSV reader that will read the file
/// cuts them: the same parser (quotes respected, blank lines skipped, a leading
/// byte-order mark dropped).
fn first_records(sample: &[u8], d: u8, max: usize) -> Vec<Vec<Vec<u8>>> {
    let mut input = sample;
    let mut records = Vec::new();
    PARSERS.with_borrow_mut(|parsers| {
        let at = match parsers.iter().position(|(pd, _)| *pd == d) {
            Some(i) => i,
            None => {
                let parser = csv_core::ReaderBuilder::new().delimiter(d).build();
                parsers.push((d, parser));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[at].1;
        parser.reset();
        let (mut out, mut ends) = (vec![0u8; 1024], vec![0usize; 32]);
        let (mut n_out, mut n_ends) = (0, 0);
        while records.len() < max {
            let (result, read, wrote, ended) =
                parser.read_record(input, &mut out[n_out..], &mut ends[n_ends..]);
            input = &input[read..];
            n_out += wrote;
            n_ends += ended;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => {
                    let mut from = 0;
                    let fields = ends[..n_ends]
                        .iter()
                        .map(|&end| {
                            let field = out[from..end].to_vec();
                            from = end;
                            field
                        })
                        .collect();
                    records.push(fields);
                    (n_out, n_ends) = (0, 0);
                }
                csv_core::ReadRecordResult::End => break,
            }
        }
    });
    records
}

/// Whether a table's first row is a header, from its first rows (CSV or a sheet): its
/// cells look like labels (no three digits in a row, no `@`, not all empty), and either
/// some row below holds such data, or there is no row below, or the labels name columns
/// as exports name them ("Nom", "Prénom", "date_naissance"). The last for short tables
/// of text alone (a leak of a few names), where the rows below prove nothing.
pub(crate) fn header_row<'a, R>(first: R, rest: impl Iterator<Item = R>) -> bool
where
    R: Iterator<Item = &'a [u8]> + Clone,
{
    let data_like = |cell: &[u8]| {
        cell.contains(&b'@') || cell.windows(3).any(|w| w.iter().all(u8::is_ascii_digit))
    };
    if first.clone().any(data_like) || first.clone().all(<[u8]>::is_empty) {
        return false;
    }
    let mut rest = rest.take(20).peekable();
    if rest.peek().is_none() {
        return true;
    }
    if rest.any(|mut r| r.any(data_like)) {
        return true;
    }
    let cells: Vec<&[u8]> = first.filter(|c| !c.is_empty()).collect();
    let labels = cells.iter().filter(|c| names_a_column(c)).count();
    labels * 2 >= cells.len()
}

/// Words of the column labels of patient exports, French and English, without accents.
const LABEL_WORDS: &[&str] = &[
    "nom",
    "noms",
    "prenom",
    "prenoms",
    "name",
    "names",
    "firstname",
    "lastname",
    "surname",
    "given",
    "first",
    "last",
    "usage",
    "epouse",
    "jeune",
    "fille",
    "date",
    "ddn",
    "dob",
    "naissance",
    "birth",
    "birthdate",
    "ne",
    "nee",
    "sexe",
    "sex",
    "genre",
    "gender",
    "civilite",
    "titre",
    "adresse",
    "address",
    "rue",
    "voie",
    "ville",
    "city",
    "commune",
    "localite",
    "cp",
    "code",
    "postal",
    "postcode",
    "zip",
    "pays",
    "country",
    "tel",
    "telephone",
    "phone",
    "portable",
    "mobile",
    "fixe",
    "mail",
    "email",
    "courriel",
    "id",
    "ident",
    "identifiant",
    "ref",
    "reference",
    "numero",
    "num",
    "no",
    "nir",
    "ss",
    "secu",
    "insee",
    "ipp",
    "iep",
    "patient",
    "dossier",
    "sejour",
    "commentaire",
    "commentaires",
    "comment",
    "remarque",
    "observation",
    "observations",
    "diagnostic",
    "motif",
    "mot",
    "passe",
    "password",
    "login",
    "age",
    "medecin",
    "prescripteur",
    "analyse",
    "examen",
    "resultat",
    "service",
    "chambre",
    "mutuelle",
];

/// Whether a cell reads as a column label: one of its words (split at anything but a
/// letter or digit, and at `_`) is a label word.
fn names_a_column(cell: &[u8]) -> bool {
    let folded: String = String::from_utf8_lossy(cell)
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| LABEL_WORDS.contains(&w))
}

/// Decodes a sample for sniffing (lossy; the decoders do the real work).
pub(crate) fn sample_text(sample: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let enc = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            enc.decode_with_bom_removal(sample).0.into_owned()
        }
        _ => {
            let s = sample.strip_prefix(b"\xef\xbb\xbf").unwrap_or(sample);
            s.split_inclusive(|&b| b == b'\n')
                .map(|l| decode_line(l).0.into_owned())
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sniffer's records are the ones the CSV reader that reads the file will see:
    /// quoted delimiters and line breaks, doubled quotes, blank lines, CRLF and lone CR, a
    /// byte-order mark, a last line cut, fields longer than the parser's first buffer.
    #[test]
    fn sniffed_records_are_the_readers_records() {
        let long = "x".repeat(3000);
        let samples = [
            "a;b;c\n1;2;3\n".to_string(),
            "\u{feff}Nom;Prénom\r\nDUPONT;\"Jean; Paul\"\r\n\r\nMARTIN;\"dit \"\"Jo\"\"\"\n"
                .to_string(),
            "id,comment\n1,\"two\nlines, with a comma\"\n2,plain\rthree,\"cut".to_string(),
            format!("a|b\n{long}|{long}\n|\n"),
            "\n\n\tonly\ttabs\n\t\t\n".to_string(),
            String::new(),
        ];
        for sample in &samples {
            for d in [b';', b',', b'\t', b'|'] {
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(d)
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(sample.as_bytes());
                let expected: Vec<Vec<Vec<u8>>> = reader
                    .byte_records()
                    .take(3)
                    .map(|r| r.expect("record").iter().map(<[u8]>::to_vec).collect())
                    .collect();
                let got = first_records(sample.as_bytes(), d, 3);
                assert_eq!(got, expected, "{sample:?} with {:?}", d as char);
            }
        }
    }

    #[test]
    fn encodings() {
        assert_eq!(sniff_encoding(b"abc\n"), Ok(Encoding::Utf8));
        assert_eq!(sniff_encoding("é".as_bytes()), Ok(Encoding::Utf8));
        assert_eq!(sniff_encoding(b"caf\xe9\n"), Ok(Encoding::Windows1252));
        assert_eq!(sniff_encoding(b"\xff\xfea\x00"), Ok(Encoding::Utf16Le));
        assert_eq!(
            sniff_encoding(b"a\x00b\x00c\x00d\x00"),
            Ok(Encoding::Utf16Le)
        );
        assert_eq!(sniff_encoding(b"\x89PNG\r\n"), Err("PNG image"));
        assert_eq!(
            sniff_encoding(b"ab\x00\x01\x02\x00\x00\x00zz"),
            Err("binary data")
        );
        // A sample cut in the middle of "é" is still UTF-8.
        assert_eq!(sniff_encoding(b"abc\xc3"), Ok(Encoding::Utf8));
    }

    #[test]
    fn a_short_table_of_text_has_its_header_found_by_its_labels() {
        let csv = |text: &str| sniff_format("leak.csv", text, true);
        let header = |text: &str| matches!(csv(text), Format::Csv { header: true, .. });
        // One row of names under labels: nothing below proves the header but the labels.
        assert!(header("Nom;Prénom\r\nDurand;Anne\r\n"));
        assert!(header(
            "nom_patient;prenom;ville\nDurand;Anne;Lyon\nMartin;Paul;Caen\n"
        ));
        assert!(header("LastName,FirstName\nSmith,Ann\nJones,Bob\n"));
        // Names over names: no labels, no header.
        assert!(!header("DURAND;Sophie\nMARTIN;Paul\nBERNARD;Luc\n"));
        // One label word among four cells of names is not enough.
        assert!(!header("Durand;Anne;Lyon;Date\nMartin;Paul;Caen;Lundi\n"));
        // Data in the first row is never a header, labels or not.
        assert!(!header("Nom 123;Prénom\nDurand;Anne\n"));
    }

    #[test]
    fn formats() {
        let csv = "Nom;Prénom;NIR\nDURAND;Sophie;285037512345678\nMARTIN;Paul;185057800608491\n";
        assert_eq!(
            sniff_format("x.txt", csv, true),
            Format::Csv {
                delimiter: b';',
                header: true
            }
        );
        let no_header = "DURAND,Sophie,285037512345678\nMARTIN,Paul,185057800608491\n";
        assert_eq!(
            sniff_format("x", no_header, true),
            Format::Csv {
                delimiter: b',',
                header: false
            }
        );
        let quoted = "a,b\n\"x, y\",1234\n\"z\",5678\n";
        assert_eq!(
            sniff_format("x", quoted, true),
            Format::Csv {
                delimiter: b',',
                header: true
            }
        );
        assert_eq!(
            sniff_format("x", "{\"a\":1}\n{\"a\":2}\n", true),
            Format::Ndjson
        );
        assert_eq!(sniff_format("x", "[\n {\"a\": 1}\n]", true), Format::Json);
        assert_eq!(
            sniff_format(
                "x",
                "Bonjour, je suis passé.\nIl pleut; rentrons vite, dit-il, ce soir.\n",
                true
            ),
            Format::Text
        );
        assert_eq!(sniff_format("x", "  \n", true), Format::Empty);
        assert_eq!(
            sniff_format("dump", "-- PostgreSQL database dump\nSET x = 1;\n", true),
            Format::Sql
        );
        assert_eq!(
            sniff_format("x.txt", "INSERT INTO t VALUES (1,'a');\n", true),
            Format::Sql
        );
    }
}
