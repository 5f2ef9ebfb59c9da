//! Decoders seen through a recording sink: archives (nested members with their names and
//! lines, every limit or defect noted with its member) and SQL dumps (tables, columns,
//! rows and their lines).

use std::io::Write;
use std::path::Path;
use vigie_sources::{Encoding, Format, Limits, Note, Severity, Sink, read_item, read_path};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[derive(Default)]
struct Recorder {
    items: Vec<String>,
    formats: Vec<&'static str>,
    fields: Vec<(u64, String, String)>,
    texts: Vec<(u64, String)>,
    records: usize,
    tables: Vec<(Option<String>, Vec<String>)>,
    rows: Vec<(String, u64, Vec<String>)>,
    notes: Vec<Note>,
    current: String,
}

impl Sink for Recorder {
    fn item(&mut self, path: &str, format: Format, _encoding: Encoding) {
        self.items.push(path.to_string());
        self.formats.push(format.id());
        self.current = path.to_string();
    }
    fn table(&mut self, name: Option<&str>, columns: &[String], _header_line: Option<u64>) {
        self.tables
            .push((name.map(str::to_string), columns.to_vec()));
    }
    fn row(&mut self, line: u64, cells: &[&str]) {
        let cells = cells.iter().map(|c| c.to_string()).collect();
        self.rows.push((self.current.clone(), line, cells));
    }
    fn field(&mut self, line: u64, path: &str, value: &str) {
        self.fields
            .push((line, path.to_string(), value.to_string()));
    }
    fn end_record(&mut self) {
        self.records += 1;
    }
    fn text(&mut self, line: u64, text: &str) {
        self.texts.push((line, text.to_string()));
    }
    fn note(&mut self, note: Note) {
        self.notes.push(note);
    }
}

const CSV: &str = "nom;nir\nDURAND;185057800608491\nMARTIN;285037512345678\n";

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn tar(name: &str, data: &[u8]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    b.append_data(&mut h, name, data).expect("tar");
    b.into_inner().expect("tar")
}

fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in members {
        // OpenDocument's mimetype comes first, stored uncompressed.
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, options).expect("zip");
        w.write_all(data).expect("zip");
    }
    w.finish().expect("zip").into_inner()
}

fn read(name: &str, bytes: &[u8], limits: &Limits) -> Recorder {
    let mut r = Recorder::default();
    read_item(name, bytes, limits, &mut r).expect("read");
    r
}

#[test]
fn nested_members_keep_names_and_lines() {
    let inner = gzip(&tar("export/patients.csv", CSV.as_bytes()));
    let outer = zip(&[("lot/inner.tar.gz", &inner), ("LISEZMOI.txt", b"rien")]);
    let r = read("fuite.zip", &outer, &Limits::default());
    let member = "fuite.zip!lot/inner.tar.gz!export/patients.csv";
    assert!(r.items.contains(&member.to_string()), "{:?}", r.items);
    assert!(r.items.contains(&"fuite.zip!LISEZMOI.txt".to_string()));
    let rows: Vec<_> = r.rows.iter().filter(|(p, _, _)| p == member).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].1, rows[0].2[1].as_str()), (2, "185057800608491"));
    assert_eq!(rows[1].1, 3);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

/// Serves its bytes 16 KiB at a time, slowly, like a stalled network share.
struct Slow<'a>(&'a [u8]);

impl std::io::Read for Slow<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let n = buf.len().min(16 << 10).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn time_limit_stops_a_file_and_keeps_what_was_read() {
    let mut csv = String::from("nom;nir\n");
    let total = 40_000;
    for i in 0..total {
        csv.push_str(&format!("PATIENT{i};185057800608491\n"));
    }
    // About 60 reads of 20 ms: 1.2 s in all, against a limit of 0.3 s.
    let limits = Limits {
        max_item_time: Some(std::time::Duration::from_millis(300)),
        ..Limits::default()
    };
    let mut r = Recorder::default();
    read_item("lent.csv", Slow(csv.as_bytes()), &limits, &mut r).expect("read");
    let note = r.notes.first().expect("the limit is noted");
    assert!(note.message.english().contains("time limit"), "{note:?}");
    // A French report says vigie's own limits in French, not as a quoted English error.
    assert!(
        note.message.french().contains("limite de")
            && !note.message.french().contains("time limit"),
        "{note:?}"
    );
    assert_eq!(note.path, "lent.csv");
    assert!(
        !r.rows.is_empty() && r.rows.len() < total,
        "rows read before the limit are kept: {}",
        r.rows.len()
    );

    // In an archive, the first member over time stops the archive with one note.
    let many = zip(&[("1.csv", CSV.as_bytes()), ("2.csv", CSV.as_bytes())]);
    let none = Limits {
        max_item_time: Some(std::time::Duration::ZERO),
        ..Limits::default()
    };
    let mut r = Recorder::default();
    let err = read_item("lot.zip", &many[..], &none, &mut r).expect_err("no time at all");
    assert!(err.to_string().contains("--max-item-time"), "{err}");
    assert!(r.rows.is_empty());
}

#[test]
fn limits_are_noted_per_member() {
    // A gzip bomb: 20 MB of rows in about 20 kB (ratio near 1,000).
    let bomb = gzip(&"a;b\n".repeat(5_000_000).into_bytes());
    assert!(
        bomb.len() < 40_000,
        "the test bomb must exceed the ratio: {} bytes",
        bomb.len()
    );
    let r = read("bomb.csv.gz", &bomb, &Limits::default());
    assert!(
        r.notes.iter().any(|n| n.path == "bomb.csv.gz!bomb.csv"
            && n.message.english().contains("ratio")
            && n.message.french().contains("taux de compression")
            && !n.message.french().contains("ratio")),
        "{:?}",
        r.notes
    );

    let deep = zip(&[("a.zip", &zip(&[("b.csv", CSV.as_bytes())]))]);
    let shallow = Limits {
        max_depth_archives: 1,
        ..Limits::default()
    };
    let r = read("deep.zip", &deep, &shallow);
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "deep.zip!a.zip" && n.message.english().contains("nested deeper")),
        "{:?}",
        r.notes
    );
    assert!(r.rows.is_empty());

    let many = zip(&[
        ("1.csv", CSV.as_bytes()),
        ("2.csv", CSV.as_bytes()),
        ("3.csv", CSV.as_bytes()),
    ]);
    let two = Limits {
        max_members: 2,
        ..Limits::default()
    };
    let r = read("many.zip", &many, &two);
    assert_eq!(
        r.items.len(),
        3,
        "the archive and two members: {:?}",
        r.items
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.message.english().contains("only the first 2"))
    );

    let big = Limits {
        max_member_bytes: 40,
        ..Limits::default()
    };
    let r = read("big.csv.gz", &gzip(CSV.as_bytes()), &big);
    assert!(
        r.notes
            .iter()
            .any(|n| n.message.english().contains("decompressed size")),
        "{:?}",
        r.notes
    );
}

#[test]
fn encrypted_and_corrupt_archives_are_noted() {
    // Mark the member as encrypted (general-purpose flag bit 0, local and central headers).
    let mut z = zip(&[("secret.csv", CSV.as_bytes())]);
    z[6] |= 1;
    let central = z
        .windows(4)
        .rposition(|w| w == b"PK\x01\x02")
        .expect("central directory");
    z[central + 8] |= 1;
    let r = read("chiffre.zip", &z, &Limits::default());
    assert!(
        r.notes.iter().any(
            |n| n.path == "chiffre.zip!secret.csv" && n.message.english().contains("encrypted")
        ),
        "{:?}",
        r.notes
    );
    assert!(r.rows.is_empty());

    let whole = zip(&[("a.csv", CSV.as_bytes())]);
    let r = read("tronque.zip", &whole[..whole.len() / 2], &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "tronque.zip" && n.message.english().contains("not a readable zip")),
        "{:?}",
        r.notes
    );

    let t = gzip(&tar("a.csv", CSV.as_bytes()));
    let r = read("tronque.tar.gz", &t[..t.len() - 30], &Limits::default());
    assert!(!r.notes.is_empty(), "a truncated tar.gz is noted");
}

const PG_DUMP: &str = "--\n-- PostgreSQL database dump\n--\nSET statement_timeout = 0;\n\
CREATE TABLE public.patients (\n    id integer NOT NULL,\n    nom character varying(100),\n    nir character(15),\n    \
CONSTRAINT patients_pkey PRIMARY KEY (id)\n);\n\
COPY public.patients (id, nom, nir) FROM stdin;\n1\tDURAND\t185057800608491\n2\tO\\tBRIEN\t\\N\n\\.\n\
INSERT INTO public.patients VALUES (3, 'L''HERMITE', '285037512345678');\n";

#[test]
fn postgresql_dump_copy_and_insert() {
    let r = read("base.sql", PG_DUMP.as_bytes(), &Limits::default());
    assert_eq!(
        r.tables.first(),
        Some(&(
            Some("patients".to_string()),
            vec!["id".to_string(), "nom".into(), "nir".into()]
        ))
    );
    let rows: Vec<(u64, Vec<String>)> = r.rows.iter().map(|(_, l, c)| (*l, c.clone())).collect();
    let row = |line: u64, cells: [&str; 3]| {
        (
            line,
            cells.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(rows[0], row(12, ["1", "DURAND", "185057800608491"]));
    // COPY escapes: \t is a tab, \N is NULL.
    assert_eq!(rows[1], row(13, ["2", "O\tBRIEN", ""]));
    // INSERT without a column list takes the CREATE TABLE columns; '' is a quote.
    assert_eq!(rows[2], row(15, ["3", "L'HERMITE", "285037512345678"]));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn mysql_multi_row_insert_and_bad_statements() {
    let dump = "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE `contacts` (\n  `id` int NOT NULL,\n  \
`email` varchar(255),\n  PRIMARY KEY (`id`),\n  KEY `i` (`email`)\n) ENGINE=InnoDB;\n\
INSERT INTO `contacts` (`id`, `email`) VALUES (1,'a@example.fr'),(2,'b\\'c@example.fr'),\n(3,NULL);\n";
    let r = read("dump.sql", dump.as_bytes(), &Limits::default());
    assert_eq!(r.tables[0].1, vec!["id".to_string(), "email".into()]);
    let rows: Vec<(u64, Vec<String>)> = r.rows.iter().map(|(_, l, c)| (*l, c.clone())).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], (9, vec!["1".to_string(), "a@example.fr".into()]));
    // Rows on one line share it; a backslash escapes a quote in MySQL strings.
    assert_eq!(rows[1], (9, vec!["2".to_string(), "b'c@example.fr".into()]));
    assert_eq!(rows[2], (10, vec!["3".to_string(), String::new()]));

    let broken = "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('ok');\nINSERT INTO t VALUES ('never closed);\n";
    let r = read("broken.sql", broken.as_bytes(), &Limits::default());
    assert_eq!(r.rows.len(), 1, "the row before the error is kept");
    let note = r.notes.first().expect("a note");
    assert!(
        note.message.english().contains("unterminated string"),
        "{note:?}"
    );
    assert_eq!(note.path, "broken.sql");
}

#[test]
fn every_compression_is_read() {
    let csv = CSV.as_bytes();
    let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    bz.write_all(csv).expect("bzip2");
    let bz = bz.finish().expect("bzip2");
    let mut xz =
        lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6)).expect("xz");
    xz.write_all(csv).expect("xz");
    let xz = xz.finish().expect("xz");
    let zst = ruzstd::encoding::compress_to_vec(csv, ruzstd::encoding::CompressionLevel::Fastest);
    for (name, bytes, member) in [
        ("export.csv.bz2", bz, "export.csv.bz2!export.csv"),
        ("export.csv.xz", xz, "export.csv.xz!export.csv"),
        ("export.csv.zst", zst, "export.csv.zst!export.csv"),
        ("lot.tgz", gzip(&tar("a.csv", csv)), "lot.tgz!a.csv"),
    ] {
        let r = read(name, &bytes, &Limits::default());
        let rows: Vec<_> = r.rows.iter().filter(|(p, _, _)| p == member).collect();
        assert_eq!(rows.len(), 2, "{name}: {:?} {:?}", r.items, r.notes);
        assert_eq!(rows[0].2[1], "185057800608491");
    }
    // Two frames with a skippable frame between them, as pzstd and `cat a.zst b.zst` write.
    let (head, tail) = CSV.split_at(CSV.find('\n').expect("header") + 1);
    let mut frames = ruzstd::encoding::compress_to_vec(
        head.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    frames.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    frames.extend(ruzstd::encoding::compress_to_vec(
        tail.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    ));
    let r = read("frames.csv.zst", &frames, &Limits::default());
    assert_eq!(r.rows.len(), 2, "{:?} {:?}", r.items, r.notes);
    assert_eq!(r.rows[0].2[1], "185057800608491");
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let mut damaged = frames.clone();
    damaged.extend_from_slice(b"trailing garbage");
    let r = read("damaged.csv.zst", &damaged, &Limits::default());
    assert_eq!(r.rows.len(), 2, "rows before the damage are kept");
    assert!(
        r.notes.iter().any(|n| n.message.english().contains("zstd")),
        "{:?}",
        r.notes
    );
    let r = read(
        "faux.csv.xz",
        b"\xfd7zXZ\x00 not really xz",
        &Limits::default(),
    );
    assert!(!r.notes.is_empty(), "a damaged xz stream is noted");
}

#[test]
fn hl7_fields_map_to_columns() {
    let mut msg = b"MSH|^~\\&|LABO|SITE|DPI|HOP|20240312083000||ORU^R01|MSG001|P|2.5|||||FRA|8859/1\r\
PID|1||123456^^^LABO^PI~185057800608491^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS||DURAND^SOPHIE^MARIE^^MME||198503120000|F|||\
12 rue des Lilas^^PARIS^^75012^FRA||0612345678^PRN^PH~^NET^Internet^sophie.durand@example.fr\r\
OBX|1|NM|GLU^Glyc"
        .to_vec();
    msg.push(0xe9); // Latin-1 "é", as MSH-18 declares.
    msg.extend_from_slice(
        b"mie^L||1.32|g/L\rMSH|^~\\&|X\rPID|1||1^^^INS&1.2.250.1.213.1.4.10&ISO||TEST^PATIENT\r",
    );
    let r = read("resultats.hl7", &msg, &Limits::default());
    let has = |line: u64, path: &str, value: &str| {
        r.fields
            .iter()
            .any(|(l, p, v)| *l == line && p == path && v == value)
    };
    assert!(has(2, "PID-3.nir", "185057800608491"), "{:?}", r.fields);
    assert!(has(2, "PID-3.identifiant", "123456"));
    assert!(has(2, "PID-5.nom_prenom", "DURAND SOPHIE MARIE"));
    assert!(has(2, "PID-7.date_naissance", "19850312"));
    assert!(has(2, "PID-11.adresse", "12 rue des Lilas 75012 PARIS"));
    assert!(has(2, "PID-13.telephone", "0612345678"));
    assert!(has(2, "PID-13.email", "sophie.durand@example.fr"));
    assert!(has(3, "OBX-3.analyse", "Glycémie"));
    assert!(has(3, "OBX-5.resultat", "1.32"));
    assert_eq!(r.records, 2, "one record per message");
    let test_ins = r
        .notes
        .iter()
        .find(|n| n.message.english().contains("test or demonstration"))
        .expect("test INS noted");
    assert_eq!(test_ins.line, Some(5));
}

#[test]
fn hl7_separators_come_from_msh() {
    let msg = "MSH#!*\\$#LABO\nPID#1##42!!!X#!!#MARTIN!PAUL*MARTIN!P##19700102\n";
    let r = read("autre.hl7", msg.as_bytes(), &Limits::default());
    let names: Vec<&str> = r
        .fields
        .iter()
        .filter(|(_, p, _)| p == "PID-5.nom_prenom")
        .map(|(_, _, v)| v.as_str())
        .collect();
    assert_eq!(names, ["MARTIN PAUL", "MARTIN P"], "{:?}", r.fields);
    assert!(
        r.fields
            .iter()
            .any(|(l, p, v)| *l == 2 && p == "PID-7.date_naissance" && v == "19700102")
    );
}

#[test]
fn hprim_records_fields_and_continuations() {
    // Components `~`, repetitions `^` (swapped from HL7), fields numbered from the record
    // type; the second patient's result continues on an `A|` line. Latin-1, as labs send.
    let mut msg = b"H|~^\\&|RES.HPR||LABO~Laboratoire||ORU|||DEST~Cabinet||P|H2.2~C|202403120830\r\n\
P|1|IPP001|778899||DURAND~SOPHIE~MARIE||19850312|F||12 rue des Lilas~~PARIS~~75012||0612345678^0145678901\r\n\
OBR|1||5001|GLU~Glyc"
        .to_vec();
    msg.push(0xe9);
    msg.extend_from_slice(
        b"mie~L\r\nOBX|1|NM|GLU~Glyc\xe9mie~L||1.32|g/L\r\nC|1|L|Patiente diab\xe9tique|G\r\n\
P|2|IPP002|||MARTIN~PAUL|LEROY|19700102|M\r\nOBX|1|NM|CREA~Cr\xe9atinine~L||\r\nA|87|\xb5mol/L\r\nL|1\r\n",
    );
    let r = read("resultats.txt", &msg, &Limits::default());
    assert_eq!(r.formats, ["hprim"], "sniffed from content, not the name");
    let has = |line: u64, path: &str, value: &str| {
        r.fields
            .iter()
            .any(|(l, p, v)| *l == line && p == path && v == value)
    };
    assert!(
        has(2, "P-6.nom_prenom", "DURAND SOPHIE MARIE"),
        "{:?}",
        r.fields
    );
    assert!(has(2, "P-3.identifiant", "IPP001"));
    assert!(has(2, "P-8.date_naissance", "19850312"));
    assert!(has(2, "P-11.adresse", "12 rue des Lilas 75012 PARIS"));
    assert!(
        has(2, "P-13.telephone", "0612345678"),
        "repetitions split on ^"
    );
    assert!(has(2, "P-13.telephone", "0145678901"));
    assert!(has(3, "OBR-5.analyse", "Glycémie"));
    assert!(has(4, "OBX-6.resultat", "1.32"));
    assert!(has(5, "C-4.commentaire", "Patiente diabétique"));
    assert!(has(6, "P-7.nom_prenom", "LEROY"), "birth name");
    assert!(has(7, "OBX-4.analyse", "Créatinine"));
    assert!(
        has(8, "OBX-6.resultat", "87"),
        "a continued field keeps its line"
    );
    assert!(
        !r.fields.iter().any(|(_, p, _)| p.starts_with("H-")),
        "the header names the sender, not a patient"
    );
    assert_eq!(r.records, 2, "one record per patient");
}

#[test]
fn sqlite_tables_and_damaged_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("app.db");
    let db = rusqlite::Connection::open(&path).expect("db");
    db.execute_batch(
        "CREATE TABLE patients (id INTEGER PRIMARY KEY, nom TEXT, nir INTEGER, photo BLOB);
         INSERT INTO patients (nom, nir, photo) VALUES ('DURAND', 185057800608491, x'00ff');
         INSERT INTO patients (nom, nir) VALUES ('MARTIN', NULL);
         CREATE TABLE rdv (code TEXT PRIMARY KEY, email TEXT) WITHOUT ROWID;
         INSERT INTO rdv VALUES ('A1', 'sophie@example.fr');",
    )
    .expect("schema");
    drop(db);
    let bytes = std::fs::read(&path).expect("read");
    let r = read("app.db", &bytes, &Limits::default());
    let names: Vec<_> = r
        .tables
        .iter()
        .map(|(n, c)| (n.clone().unwrap_or_default(), c.len()))
        .collect();
    assert_eq!(names, [("patients".to_string(), 4), ("rdv".to_string(), 2)]);
    let rows: Vec<(u64, Vec<String>)> = r.rows.iter().map(|(_, l, c)| (*l, c.clone())).collect();
    assert_eq!(
        rows[0],
        (
            1,
            vec![
                "1".to_string(),
                "DURAND".into(),
                "185057800608491".into(),
                String::new()
            ]
        )
    );
    assert_eq!(
        rows[1],
        (
            2,
            vec![
                "2".to_string(),
                "MARTIN".into(),
                String::new(),
                String::new()
            ]
        )
    );
    assert_eq!(
        rows[2],
        (1, vec!["A1".to_string(), "sophie@example.fr".into()])
    );

    let mut damaged = bytes[..100].to_vec();
    damaged.extend(std::iter::repeat_n(0xAB, 4000));
    let r = read("damaged.db", &damaged, &Limits::default());
    assert!(r.rows.is_empty());
    assert!(
        r.notes.iter().any(|n| n.path == "damaged.db"),
        "{:?}",
        r.notes
    );
}

#[test]
fn word_processing_documents_give_paragraphs() {
    let body = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
<w:p><w:r><w:t>Objet : résultats de Mme Sophie </w:t></w:r><w:r><w:t>DURAND</w:t></w:r></w:p>\
<w:p/><w:p><w:r><w:t>NIR : 1 85 05 78 006 084 91 &amp; tél.</w:t><w:tab/><w:t>06 12 34 56 78</w:t></w:r></w:p>\
</w:body></w:document>";
    let types = "<Types><Override PartName=\"/word/document.xml\"/></Types>";
    let docx = zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", body.as_bytes()),
    ]);
    let r = read("courrier.docx", &docx, &Limits::default());
    assert_eq!(
        r.texts,
        [
            (1, "Objet : résultats de Mme Sophie DURAND".to_string()),
            // The empty paragraph is handed on, empty: it ends a block of text.
            (2, String::new()),
            (
                3,
                "NIR : 1 85 05 78 006 084 91 & tél. 06 12 34 56 78".to_string()
            )
        ]
    );

    let content = "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text>\
<text:h>Compte rendu</text:h><text:p>Patient <text:span>Paul MARTIN</text:span>, né le 02/01/1970</text:p>\
</office:text></office:body></office:document-content>";
    // ODF stores its mimetype first and uncompressed, as the specification requires.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).expect("zip");
    w.write_all(b"application/vnd.oasis.opendocument.text")
        .expect("zip");
    w.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .expect("zip");
    w.write_all(content.as_bytes()).expect("zip");
    let odt = w.finish().expect("zip").into_inner();
    let r = read("cr.odt", &odt, &Limits::default());
    assert_eq!(
        r.texts,
        [
            (1, "Compte rendu".to_string()),
            (2, "Patient Paul MARTIN, né le 02/01/1970".to_string())
        ]
    );

    let broken = zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        (
            "word/document.xml",
            b"<w:document><w:p><w:t>a</w:p>".as_slice(),
        ),
    ]);
    let r = read("casse.docx", &broken, &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "casse.docx" && n.message.english().contains("damaged")),
        "{:?}",
        r.notes
    );
}

const MAIL: &str = "Return-Path: <secretariat@labo.example.fr>\r\n\
From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Petit?= <helene.petit@labo.example.fr>\r\n\
To: prestataire@example.com\r\n\
Subject: Extraction patients\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\
\r\n\
--XX\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Ci-joint l'extraction. Mme Sophie DURAND, n=C3=A9e le 12/03/1985.\r\n\
--XX\r\n\
Content-Type: text/csv; name=\"patients.csv\"\r\n\
Content-Disposition: attachment; filename=\"patients.csv\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
bm9tO25pcgpEVVJBTkQ7MTg1MDU3ODAwNjA4NDkxCg==\r\n\
--XX--\r\n";

#[test]
fn mail_headers_bodies_and_attachments() {
    let r = read("envoi.eml", MAIL.as_bytes(), &Limits::default());
    let texts: Vec<&str> = r.texts.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        texts.contains(&"From: Hélène Petit <helene.petit@labo.example.fr>"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Ci-joint l'extraction. Mme Sophie DURAND, née le 12/03/1985."),
        "{texts:?}"
    );
    assert!(
        r.items.contains(&"envoi.eml!patients.csv".to_string()),
        "{:?}",
        r.items
    );
    let rows: Vec<_> = r
        .rows
        .iter()
        .filter(|(p, _, _)| p == "envoi.eml!patients.csv")
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1, rows[0].2[1].as_str()), (2, "185057800608491"));

    let mbox = format!(
        "From a@b.fr Mon Jan  1 00:00:00 2024\n{}\nFrom c@d.fr Tue Jan  2 00:00:00 2024\nFrom: c@d.fr\nTo: e@f.fr\nSubject: deux\nDate: Tue, 2 Jan 2024 00:00:00 +0000\n\nSecond message\n",
        MAIL.replace("\r\n", "\n")
    );
    let r = read("boite.mbox", mbox.as_bytes(), &Limits::default());
    assert!(
        r.items.contains(&"boite.mbox!1".to_string())
            && r.items.contains(&"boite.mbox!2".to_string()),
        "{:?}",
        r.items
    );
    assert!(
        r.items.contains(&"boite.mbox!1!patients.csv".to_string()),
        "{:?}",
        r.items
    );
    assert!(r.texts.iter().any(|(_, t)| t == "Second message"));
}

#[test]
fn seven_zip_members() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = dir.path().join("export");
    std::fs::create_dir(&src).expect("mkdir");
    std::fs::write(src.join("patients.csv"), CSV).expect("write");
    let archive = sevenz_rust2::compress(&src, std::io::Cursor::new(Vec::new()))
        .expect("7z")
        .into_inner();
    let r = read("sauvegarde.7z", &archive, &Limits::default());
    let rows: Vec<_> = r
        .rows
        .iter()
        .filter(|(p, _, _)| p.ends_with("patients.csv"))
        .collect();
    assert_eq!(rows.len(), 2, "{:?} {:?}", r.items, r.notes);
    assert!(rows[0].0.starts_with("sauvegarde.7z!"));
    let r = read(
        "casse.7z",
        &archive[..archive.len() / 2],
        &Limits::default(),
    );
    assert!(
        r.notes.iter().any(|n| n.path == "casse.7z"),
        "{:?}",
        r.notes
    );
}

#[test]
fn pdf_text_by_page() {
    let pages = [
        vec!["Compte rendu d'analyses".to_string()],
        vec![
            "Patient DURAND Hélène".to_string(),
            "NIR 185057800608491".to_string(),
        ],
    ];
    let bytes = vigie_synth::pdf(&pages).expect("pdf");
    let r = read("cr.pdf", &bytes, &Limits::default());
    let page = |n: u64| -> Vec<&str> {
        r.texts
            .iter()
            .filter(|(l, _)| *l == n)
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty())
            .collect()
    };
    assert_eq!(page(1), ["Compte rendu d'analyses"]);
    // Each positioned line is a line of its own, accents decoded from WinAnsi.
    assert_eq!(page(2), ["Patient DURAND Hélène", "NIR 185057800608491"]);
    let r = read("casse.pdf", &bytes[..bytes.len() / 3], &Limits::default());
    assert!(r.texts.is_empty());
    let note = r.notes.first().expect("a note");
    assert_eq!(note.path, "casse.pdf");
    assert!(
        note.message.english().contains("not a readable PDF"),
        "{note:?}"
    );
}

#[test]
fn rtf_text_without_control_words() {
    let letter = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}\
{\\*\\generator Riched20;}\n\\pard\\f0\\fs20 Cher confr\\'e8re,\\par\n\
Je vous adresse Mme Sophie DURAND, n\\'e9e le 12/03/1985,\\par\n\
NIR 1 85 05 78 006 084 91, suivie pour un diab\\u232?te \\{sic\\}.\\par\n}\n";
    let r = read("lettre.rtf", letter.as_bytes(), &Limits::default());
    let lines: Vec<(u64, &str)> = r
        .texts
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(l, t)| (*l, t.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (1, "Cher confrère,"),
            (2, "Je vous adresse Mme Sophie DURAND, née le 12/03/1985,"),
            (
                3,
                "NIR 1 85 05 78 006 084 91, suivie pour un diabète {sic}."
            )
        ]
    );
}

#[test]
fn fhir_systems_name_their_values() {
    let patient = r#"{"resourceType": "Patient",
 "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "185057800608491"},
                {"system": "https://hopital.example/ipp", "value": "123456"}],
 "name": [{"family": "Durand", "given": ["Sophie"]}],
 "telecom": [{"system": "phone", "value": "0612345678"}, {"system": "email", "value": "s@example.fr"}],
 "birthDate": "1985-03-12"}"#;
    let r = read("patient.json", patient.as_bytes(), &Limits::default());
    let has = |path: &str, value: &str| r.fields.iter().any(|(_, p, v)| p == path && v == value);
    assert!(has("identifier[].nir", "185057800608491"), "{:?}", r.fields);
    assert!(has("identifier[].value", "123456"));
    assert!(has("telecom[].telephone", "0612345678"));
    assert!(has("telecom[].email", "s@example.fr"));
    assert!(has("name[].family", "Durand") && has("birthDate", "1985-03-12"));
}

#[cfg(feature = "columnar")]
#[test]
fn parquet_and_arrow_files_are_tables() {
    use arrow_array::{ArrayRef, BinaryArray, Date32Array, Int64Array, RecordBatch, StringArray};
    use std::sync::Arc;
    let batch = RecordBatch::try_from_iter(vec![
        (
            "nom",
            Arc::new(StringArray::from(vec![Some("DURAND"), None])) as ArrayRef,
        ),
        (
            "nir",
            Arc::new(Int64Array::from(vec![185057800608491, 285037512345678])) as ArrayRef,
        ),
        (
            "date_naissance",
            Arc::new(Date32Array::from(vec![5549, 0])) as ArrayRef,
        ),
        (
            "photo",
            Arc::new(BinaryArray::from(vec![&b"\x00\xff"[..], b"x"])) as ArrayRef,
        ),
    ])
    .expect("batch");
    let mut parquet_bytes = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut parquet_bytes, batch.schema(), None)
        .expect("parquet writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
    let mut arrow_bytes = Vec::new();
    let mut w = arrow_ipc::writer::FileWriter::try_new(&mut arrow_bytes, &batch.schema())
        .expect("arrow writer");
    w.write(&batch).expect("write");
    w.finish().expect("finish");
    drop(w);
    // Named .bin: recognised by content.
    for (name, bytes, format) in [
        ("export.bin", &parquet_bytes, "parquet"),
        ("cache.bin", &arrow_bytes, "arrow"),
    ] {
        let r = read(name, bytes, &Limits::default());
        assert_eq!(r.formats, [format]);
        assert_eq!(
            r.tables[0].1,
            ["nom", "nir", "date_naissance", "photo"].map(String::from),
            "{format}"
        );
        let rows: Vec<(u64, Vec<String>)> =
            r.rows.iter().map(|(_, l, c)| (*l, c.clone())).collect();
        assert_eq!(
            rows,
            [
                (
                    1,
                    ["DURAND", "185057800608491", "1985-03-12", ""]
                        .map(String::from)
                        .to_vec()
                ),
                (
                    2,
                    ["", "285037512345678", "1970-01-01", ""]
                        .map(String::from)
                        .to_vec()
                ),
            ],
            "{format}: nulls and binary cells are empty, dates are ISO"
        );
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        let r = read(name, &bytes[..bytes.len() - 20], &Limits::default());
        assert!(r.rows.is_empty());
        let note = r.notes.first().expect("a damaged file is noted");
        assert!(
            note.message
                .english()
                .contains(&format!("not a readable {format}")),
            "{note:?}"
        );
    }
}

#[test]
fn legacy_xls_and_ods_sheets() {
    let expected = |r: &Recorder, sheet: &str| {
        let table = r
            .tables
            .iter()
            .find(|(name, _)| name.as_deref() == Some(sheet))
            .unwrap_or_else(|| panic!("sheet {sheet}: {:?} {:?}", r.tables, r.notes));
        assert_eq!(
            table.1,
            ["Nom", "Prénom", "NIR", "Date de naissance", "Téléphone"].map(String::from)
        );
        let rows: Vec<(u64, Vec<String>)> =
            r.rows.iter().map(|(_, l, c)| (*l, c.clone())).collect();
        assert_eq!(
            rows,
            [(
                2,
                [
                    "DURAND",
                    "Hélène",
                    "185057800608491",
                    "1985-03-12",
                    "06 12 34 56 78"
                ]
                .map(String::from)
                .to_vec()
            )]
        );
    };
    // Made by tests/fixtures/make_xls.py; named .dat: recognised by content.
    let xls = include_bytes!("fixtures/rappels.xls");
    let r = read("rappels.dat", xls, &Limits::default());
    assert_eq!(r.formats, ["xls"]);
    expected(&r, "Rappels");

    let cell = |v: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>"
        )
    };
    let header: String = ["Nom", "Prénom", "NIR", "Date de naissance", "Téléphone"]
        .map(cell)
        .concat();
    let row = format!(
        "{}{}<table:table-cell office:value-type=\"float\" office:value=\"185057800608491\"><text:p>1,85E+14</text:p></table:table-cell>\
         <table:table-cell office:value-type=\"date\" office:date-value=\"1985-03-12\"><text:p>12/03/85</text:p></table:table-cell>{}",
        cell("DURAND"),
        cell("Hélène"),
        cell("06 12 34 56 78")
    );
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Patients\">\
         <table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>\
         </table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let ods = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
        (
            "META-INF/manifest.xml",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
        ),
    ]);
    let r = read("patients.ods", &ods, &Limits::default());
    assert_eq!(r.formats, ["ods"]);
    expected(&r, "Patients");
}

/// Inputs on which fuzzing once crashed a decoder (fuzz/run.sh), kept as regressions.
#[test]
fn fuzz_findings_stay_fixed() {
    // A SQLite database whose column name is not UTF-8: rusqlite's column_names() panicked.
    let db = include_bytes!("fixtures/fuzz-sqlite-column-name.db");
    let r = read("crash.db", db, &Limits::default());
    assert_eq!(r.formats, ["sqlite"]);
    let columns = &r.tables.first().expect("the table is read").1;
    assert!(
        columns.iter().any(|c| c == "date_\u{fffd}aissance"),
        "the name is decoded leniently: {columns:?}"
    );
    assert!(!r.rows.is_empty(), "and its rows read");

    // A damaged XLS on which calamine asserted (utils::to_u32). Its OLE directory is read
    // first now, and is itself damaged: an error note for the file, never a panic; inside
    // a zip, a note, and the next member is read.
    let xls = include_bytes!("fixtures/fuzz-xls-calamine-assert.xls");
    let r = read("casse.xls", xls, &Limits::default());
    assert!(
        r.notes.iter().any(|n| n.path == "casse.xls"
            && n.severity == Severity::Error
            && n.message.english().contains("not a readable OLE document")),
        "{:?}",
        r.notes
    );
    assert!(r.rows.is_empty());
    let lot = zip(&[("casse.xls", &xls[..]), ("ok.csv", CSV.as_bytes())]);
    let r = read("lot.zip", &lot, &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "lot.zip!casse.xls" && n.severity == Severity::Error),
        "{:?}",
        r.notes
    );
    assert_eq!(r.rows.len(), 2, "the next member is read");

    // Damaged XLS files on which calamine panics, one per place in its code (fuzzing,
    // 2026-12-06, fork mode: 26 crashes at these 8 places): each ends as an error for the
    // file, through the OLE directory check or the decoders' guard, with no row read.
    let calamine: [(&str, &[u8]); 9] = [
        (
            "cfb-320",
            include_bytes!("fixtures/fuzz-xls-calamine-cfb-320.xls"),
        ),
        (
            "cfb-344",
            include_bytes!("fixtures/fuzz-xls-calamine-cfb-344.xls"),
        ),
        (
            "utils-38",
            include_bytes!("fixtures/fuzz-xls-calamine-utils-38.xls"),
        ),
        (
            "utils-43",
            include_bytes!("fixtures/fuzz-xls-calamine-utils-43.xls"),
        ),
        (
            "utils-48",
            include_bytes!("fixtures/fuzz-xls-calamine-utils-48.xls"),
        ),
        (
            "xls-633",
            include_bytes!("fixtures/fuzz-xls-calamine-xls-633.xls"),
        ),
        (
            "xls-667",
            include_bytes!("fixtures/fuzz-xls-calamine-xls-667.xls"),
        ),
        (
            "xls-850",
            include_bytes!("fixtures/fuzz-xls-calamine-xls-850.xls"),
        ),
        // This one made calamine take 5.5 GB and ten seconds, then read nothing.
        ("oom", include_bytes!("fixtures/fuzz-xls-calamine-oom.xls")),
    ];
    for (site, bytes) in calamine {
        let mut r = Recorder::default();
        let said = match read_item("casse.xls", bytes, &Limits::default(), &mut r) {
            Ok(()) => r
                .notes
                .iter()
                .map(|n| n.message.english())
                .collect::<Vec<_>>(),
            Err(e) => vec![e.to_string()],
        };
        assert!(
            said.iter().any(|m| m.contains("not a readable")
                || m.contains("damaged XLS workbook")
                || m.contains("decoder failed on damaged data")),
            "{site}: {said:?}"
        );
        assert!(r.rows.is_empty(), "{site}");
    }
    // One of them claimed a sheet of billions of rows: calamine reserved them and the
    // allocation's failure aborted the process. Refused before calamine sees it.
    let mut r = Recorder::default();
    let huge = include_bytes!("fixtures/fuzz-xls-calamine-xls-667.xls");
    read_item("immense.xls", &huge[..], &Limits::default(), &mut r).expect("a note, no error");
    let said: Vec<String> = r.notes.iter().map(|n| n.message.english()).collect();
    assert!(
        said.iter()
            .any(|m| m.contains("damaged XLS workbook, not read") && m.contains("cells")),
        "{said:?}"
    );
}

/// A Parquet file whose footer gives a column chunk a negative offset: the parquet crate
/// asserted on it mid-read (fuzzing, 2026-12-06). Refused as damage when opened, with the
/// file named; the decoders' panic guard is not what stops it.
#[cfg(feature = "columnar")]
#[test]
fn parquet_damage_found_by_fuzzing_is_refused_or_guarded() {
    let bytes = include_bytes!("fixtures/fuzz-parquet-negative-offset.parquet");
    let r = read("casse.parquet", bytes, &Limits::default());
    let notes: Vec<String> = r.notes.iter().map(|n| n.message.english()).collect();
    assert!(
        r.notes.iter().any(|n| n.path == "casse.parquet"
            && n.severity == Severity::Error
            && n.message.english().contains("not a readable parquet file")
            && n.message.english().contains("column chunk at offset")),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|m| m.contains("decoder failed")),
        "stopped before the parser's assertion: {notes:?}"
    );

    // Page data whose definition levels run past their buffer: arrow-buffer asserts deep
    // inside the parquet crate's decoding (fuzzing, 2026-12-06), where no check of ours
    // can see it coming. The decoders' guard makes it an error note for the file; in an
    // archive, the next member is still read.
    // Likewise a run-length value longer than ten bytes (parquet's bit_util asserts).
    let vlq = include_bytes!("fixtures/fuzz-parquet-vlq.parquet");
    let bad = include_bytes!("fixtures/fuzz-parquet-definition-levels.parquet");
    for (name, bytes) in [("vlq.parquet", &vlq[..]), ("niveaux.parquet", &bad[..])] {
        let mut r = Recorder::default();
        let err = read_item(name, bytes, &Limits::default(), &mut r)
            .expect_err("the guard's error, which the scanner notes for the file");
        assert!(
            err.to_string().contains("decoder failed on damaged data"),
            "{name}: {err}"
        );
    }
    let lot = zip(&[("niveaux.parquet", &bad[..]), ("ok.csv", CSV.as_bytes())]);
    let r = read("lot.zip", &lot, &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "lot.zip!niveaux.parquet" && n.severity == Severity::Error),
        "{:?}",
        r.notes
    );
    assert_eq!(r.rows.len(), 2, "the next member is read");
}

/// `pg-small.*`: a database with `labo.patients` (three rows: a literal backslash and an
/// escaped newline
/// in comments, a NULL NIR, a column name with spaces), an empty table and a sequence,
/// dumped by pg_dump 15 as custom (`-Fc`, zlib and `-Z0`), tar (`-Ft`) and directory
/// (`-Fd`) archives.
fn pg_rows_are_the_table(r: &Recorder, item: &str) {
    assert!(r.items.iter().any(|i| i == item), "{:?}", r.items);
    let tables: Vec<_> = r
        .tables
        .iter()
        .filter(|(n, _)| n.as_deref() == Some("labo.patients"))
        .collect();
    assert_eq!(
        tables.first().map(|t| t.1.clone()),
        Some(vec![
            "id".to_string(),
            "nir".to_string(),
            "nom".to_string(),
            "date de naissance".to_string(),
            "commentaire".to_string()
        ]),
        "{:?}",
        r.tables
    );
    let rows: Vec<(u64, Vec<String>)> = r
        .rows
        .iter()
        .filter(|(i, _, _)| i == item)
        .map(|(_, line, cells)| (*line, cells.clone()))
        .collect();
    let row = |cells: [&str; 5]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            (
                1,
                row([
                    "1",
                    "185057800608491",
                    "DURAND",
                    "1985-05-12",
                    "diabète\\tde type 2"
                ])
            ),
            (
                2,
                row(["2", "", "MARTIN", "1950-01-02", "ligne 1\nligne 2"])
            ),
            (
                3,
                row(["3", "269054958815780", "PETIT", "1969-05-30", "RAS"])
            ),
        ]
    );
    assert!(
        !r.notes.iter().any(|n| n.severity == Severity::Error),
        "{:?}",
        r.notes
    );
}

#[test]
fn pg_dump_archives_give_their_tables() {
    for name in ["pg-small.dump", "pg-small-z0.dump"] {
        let bytes = std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture");
        let r = read(name, &bytes, &Limits::default());
        pg_rows_are_the_table(&r, &format!("{name}!labo.patients"));
    }
    let tar = std::fs::read(Path::new(FIXTURES).join("pg-small.tar")).expect("fixture");
    let r = read("sauvegarde.tar", &tar, &Limits::default());
    pg_rows_are_the_table(&r, "sauvegarde.tar!labo.patients");

    // The directory format: its toc.dat reads the data files; a data file alone is not
    // read as anonymous columns, but pointed to its archive.
    let dir = Path::new(FIXTURES).join("pg-small.dir");
    let mut r = Recorder::default();
    read_path(
        &dir.join("toc.dat"),
        "sauvegarde/toc.dat",
        &Limits::default(),
        &mut r,
    )
    .expect("read");
    pg_rows_are_the_table(&r, "sauvegarde!labo.patients");
    let data = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "gz"))
        .expect("a data file");
    let mut r = Recorder::default();
    read_path(&data, "sauvegarde/data.dat.gz", &Limits::default(), &mut r).expect("read");
    assert!(r.rows.is_empty(), "{:?}", r.rows);
    assert!(
        r.notes
            .iter()
            .any(|n| n.severity == Severity::Info && n.message.english().contains("toc.dat")),
        "{:?}",
        r.notes
    );
}

#[test]
fn damaged_pg_dump_archives_are_noted() {
    let whole = std::fs::read(Path::new(FIXTURES).join("pg-small-z0.dump")).expect("fixture");
    // Cut inside the data: the rows read before the cut are kept, the cut is noted.
    let data_at = whole
        .windows(5)
        .position(|w| w == b"1\t185")
        .expect("uncompressed data");
    let r = read("coupe.dump", &whole[..data_at + 60], &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path.starts_with("coupe.dump") && n.severity == Severity::Error),
        "{:?}",
        r.notes
    );
    assert!(
        r.rows
            .iter()
            .any(|(_, _, c)| c.get(2).is_some_and(|n| n == "DURAND"))
    );
    // Cut inside the table of contents: nothing to read, and said so.
    let r = read("tronque.dump", &whole[..400], &Limits::default());
    assert!(r.rows.is_empty());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "tronque.dump" && n.severity == Severity::Error),
        "{:?}",
        r.notes
    );
    // An archive version this reader does not know (a newer pg_dump) is not guessed at.
    let mut newer = whole.clone();
    newer[6] = 40;
    let r = read("recent.dump", &newer, &Limits::default());
    assert!(r.rows.is_empty());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "recent.dump" && n.message.english().contains("1.40")),
        "{:?}",
        r.notes
    );
}

#[test]
fn a_file_is_what_its_content_says() {
    // A CSV named .xlsx, and a zip of CSVs named .xlsx: read as what they are.
    let r = read("patients.xlsx", CSV.as_bytes(), &Limits::default());
    assert_eq!(r.formats, ["csv"]);
    let z = zip(&[("patients.csv", CSV.as_bytes())]);
    let r = read("classeur.xlsx", &z, &Limits::default());
    assert_eq!(r.formats, ["zip", "csv"]);
    // A workbook named .csv is a workbook.
    let xls = std::fs::read(Path::new(FIXTURES).join("rappels.xls")).expect("fixture");
    let r = read("rappels.csv", &xls, &Limits::default());
    assert_eq!(r.formats.first(), Some(&"xls"));
    // An OLE file that is not a workbook is noted as what it is, not as damaged.
    let mut doc = std::io::Cursor::new(Vec::new());
    {
        let mut c = cfb::CompoundFile::create(&mut doc).expect("ole");
        c.create_stream("/WordDocument")
            .expect("stream")
            .write_all(&[0u8; 5000])
            .expect("write");
        c.flush().expect("flush");
    }
    let r = read("courrier.doc", doc.get_ref(), &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.severity == Severity::Skipped && n.message.english().contains("Word")),
        "{:?}",
        r.notes
    );
}

#[test]
fn mysqldump_tab_rows_are_read_with_their_schema() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("patients.sql"),
        "DROP TABLE IF EXISTS `patients`;\nCREATE TABLE `patients` (\n  `id` int(11) NOT NULL,\n  `nom` varchar(20) DEFAULT NULL,\n  `note` text DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n",
    )
    .expect("write");
    // As MariaDB's SELECT … INTO OUTFILE writes it: a backslash before a tab or newline
    // that belongs to the value, \N for NULL.
    std::fs::write(
        dir.path().join("patients.txt"),
        "1\tDUPRÉ\ta\\\tb\\\nc\n2\t\\N\tx\n3\tLEROY\tfin\n",
    )
    .expect("write");
    let mut r = Recorder::default();
    let txt = dir.path().join("patients.txt");
    read_path(&txt, "dump/patients.txt", &Limits::default(), &mut r).expect("read");
    assert_eq!(r.formats, ["tsv"]);
    assert_eq!(
        r.tables,
        [(
            Some("patients".to_string()),
            vec!["id".to_string(), "nom".to_string(), "note".to_string()]
        )]
    );
    let rows: Vec<(u64, Vec<String>)> = r.rows.iter().map(|(_, l, c)| (*l, c.clone())).collect();
    let cells = |c: [&str; 3]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            (1, cells(["1", "DUPRÉ", "a\tb\nc"])),
            (3, cells(["2", "", "x"])),
            (4, cells(["3", "LEROY", "fin"])),
        ]
    );
    // Without its schema file beside it, the same file is plain headerless text.
    std::fs::remove_file(dir.path().join("patients.sql")).expect("rm");
    let mut r = Recorder::default();
    read_path(&txt, "dump/patients.txt", &Limits::default(), &mut r).expect("read");
    assert_ne!(
        r.tables.first().and_then(|t| t.0.clone()),
        Some("patients".to_string())
    );
}

/// A quote left open in a CSV makes the rest of the file one cell: the record is given
/// up past the limit, its lines read as text with their numbers, and the table resumes
/// after it, every later row read as a row.
#[test]
fn an_unbalanced_quote_costs_one_record_not_the_rest_of_the_file() {
    let limits = Limits {
        max_line: 4096,
        ..Limits::default()
    };
    let mut csv = String::from("nom;email\nDURAND;\"durand@example.fr\n");
    for i in 0..20_000 {
        csv.push_str(&format!("PATIENT{i};p{i}@example.fr\r\n"));
    }
    let r = read("export.csv", csv.as_bytes(), &limits);
    assert_eq!(r.tables, vec![(None, vec!["nom".into(), "email".into()])]);
    // The given-up record starts on line 2 and holds every line up to the limit.
    let (first_text, last_text) = (
        r.texts.first().expect("text"),
        r.texts.last().expect("text"),
    );
    assert_eq!(first_text, &(2, "DURAND;\"durand@example.fr".to_string()));
    let resumed = r.rows.first().expect("rows after the record");
    assert_eq!(
        resumed.1,
        last_text.0 + 1,
        "{resumed:?} after {last_text:?}"
    );
    // Bounded by the limit and the reader's read-ahead (64 KiB), about 16 bytes a line.
    assert!(
        r.texts.len() > 100 && r.texts.len() < 5000,
        "{}",
        r.texts.len()
    );
    // Every line is read once, as text or as a row, with its own number.
    assert_eq!(r.texts.len() + r.rows.len(), 20_001);
    for (line, row) in r.rows.iter().map(|(_, l, cells)| (l, cells)) {
        let i = line - 3;
        assert_eq!(
            row,
            &vec![format!("PATIENT{i}"), format!("p{i}@example.fr")]
        );
    }
    for (line, text) in r.texts.iter().skip(1) {
        assert_eq!(
            text,
            &format!("PATIENT{};p{}@example.fr", line - 3, line - 3)
        );
    }
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    let note = &r.notes[0];
    assert_eq!(note.line, Some(2));
    assert!(
        note.message
            .en
            .contains(&format!("resumes at line {}", resumed.1)),
        "{}",
        note.message.en
    );
}

/// A CSV of one line longer than the limit (a dump without line breaks) is read as text
/// in pieces: the values in it are still seen, and memory stays bounded by the limit.
#[test]
fn a_csv_of_one_endless_line_is_read_in_pieces() {
    let limits = Limits {
        max_line: 4096,
        ..Limits::default()
    };
    let cells: Vec<String> = (0..20_000).map(|i| format!("p{i}@example.fr")).collect();
    let csv = format!(
        "nom;email\nA;a@example.fr\nB;b@example.fr\n{}",
        cells.join(";")
    );
    let r = read("export.csv", csv.as_bytes(), &limits);
    assert_eq!(r.rows.len(), 2);
    let text: String = r.texts.iter().map(|(_, t)| t.as_str()).collect();
    assert!(r.texts.len() > 10, "{}", r.texts.len());
    assert!(
        r.texts
            .iter()
            .all(|(line, t)| *line == 4 && t.len() <= 4096),
        "{:?}",
        r.texts
            .iter()
            .map(|(l, t)| (l, t.len()))
            .collect::<Vec<_>>()
    );
    assert_eq!(text.len(), cells.join(";").len());
    assert!(
        r.notes
            .iter()
            .any(|n| n.line == Some(4) && n.message.en.contains("in pieces"))
    );
}

/// A row is checked as UTF-8 once, as a whole: cells that are each Windows-1252 but
/// whose bytes together happen to be valid UTF-8 (`Ã` closing one cell, `©` opening the
/// next: C3 | A9 reads as "é" once the separator is gone) must still be decoded cell by
/// cell, and CRLF rows keep their last cell without the `\r`. The row comes after the
/// 64 KiB sample, so the file is read as UTF-8 and decided row by row.
#[test]
fn csv_cells_are_decoded_each_even_when_the_row_reads_as_utf8() {
    let mut csv = b"nom;ville\r\n".to_vec();
    let good = "Léa;Évry\r\n".as_bytes();
    let before = 70_000 / good.len();
    for _ in 0..before {
        csv.extend_from_slice(good);
    }
    csv.extend_from_slice(b"DUPONT\xc3;\xa9vry\r\n");
    csv.extend_from_slice(good);
    let r = read("export.csv", &csv, &Limits::default());
    let cells = |i: usize| r.rows[i].2.iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(r.rows.len(), before + 2);
    assert_eq!(cells(0), ["Léa", "Évry"]);
    assert_eq!(cells(before), ["DUPONTÃ", "©vry"]);
    assert_eq!(r.rows[before].1, before as u64 + 2);
    assert_eq!(cells(before + 1), ["Léa", "Évry"]);
}

/// In a JSON document of several 64 KiB buffers, with blank lines and indents of every
/// length, every number (some straddle a buffer's end) is read whole and every value
/// keeps its line.
#[test]
fn json_runs_across_buffers_keep_values_and_lines() {
    let mut doc = String::from("{\"patients\": [\n");
    let mut line = 2;
    let mut want = Vec::new();
    for i in 0..4000u64 {
        for _ in 0..i % 3 {
            doc.push_str(&" ".repeat((i % 11) as usize));
            doc.push('\n');
            line += 1;
        }
        let id = 1_000_000_000_000 + i * 7_919;
        let sep = if i == 3999 { "" } else { "," };
        doc.push_str(&format!(
            "{}{{\"id\": {id},\n\t\"ok\": true}}{sep}\n",
            " ".repeat((i % 5) as usize)
        ));
        want.push((line, id.to_string()));
        line += 2;
    }
    doc.push_str("]}\n");
    assert!(doc.len() > 2 * 65_536, "{}", doc.len());
    // At least one number, and one run of blanks, is cut by a buffer's end.
    let cut = |(from, to): (usize, usize)| from / 65_536 != to / 65_536;
    let numbers = want.iter().map(|(_, id)| {
        let at = doc.find(id.as_str()).unwrap_or(0);
        (at, at + id.len() - 1)
    });
    assert!(numbers.into_iter().any(cut));
    let blanks = (65_536..doc.len()).step_by(65_536).filter(|&b| {
        doc.as_bytes()[b - 1..=b]
            .iter()
            .all(u8::is_ascii_whitespace)
    });
    assert!(blanks.count() > 0);
    let r = read("patients.json", doc.as_bytes(), &Limits::default());
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let ids: Vec<(u64, String)> = r
        .fields
        .iter()
        .filter(|(_, path, _)| path == "patients[].id")
        .map(|(line, _, value)| (*line, value.clone()))
        .collect();
    assert_eq!(ids.len(), want.len());
    assert_eq!(ids, want);
    assert_eq!(r.records, 4000);
}

/// NDJSON lines are records: a line that breaks off, one with a string past the line limit
/// (the rest of it skipped at memory speed), and one that is not JSON are each skipped,
/// noted once with the first one's line and their number, and the lines after them are
/// read with their own lines. A whole JSON document cannot be resynchronised: it stops.
#[test]
fn ndjson_lines_that_are_not_json_are_skipped_and_the_next_read() {
    let limits = Limits {
        max_line: 1000,
        ..Limits::default()
    };
    let long = "x".repeat(300_000);
    let ndjson = format!(
        "{{\"email\":\"a@exemple.fr\"}}\n\
         {{\"email\":\"b@exemple.fr\",\"nom\":}}\n\
         {{\"note\":\"{long}\",\"nir\":\"ignored\"}}\n\
         pas du json\n\
         {{\"email\":\"c@exemple.fr\"}}\n"
    );
    let r = read("journal.ndjson", ndjson.as_bytes(), &limits);
    let fields: Vec<(u64, &str, &str)> = r
        .fields
        .iter()
        .map(|(l, p, v)| (*l, p.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (1, "email", "a@exemple.fr"),
            (2, "email", "b@exemple.fr"),
            (5, "email", "c@exemple.fr")
        ]
    );
    // Each line a record: the second line's partial record ends where the line failed.
    assert_eq!(r.records, 5);
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    let note = &r.notes[0];
    assert_eq!((note.line, note.severity), (Some(2), Severity::Skipped));
    assert_eq!(
        note.message.en,
        "3 unreadable JSON lines skipped, the first here"
    );
    assert!(note.message.fr.starts_with("3 lignes JSON illisibles"));

    let document = "[{\"email\":\"a@exemple.fr\"},\n{\"email\":\n,{\"email\":\"c@exemple.fr\"}]\n";
    let r = read("export.json", document.as_bytes(), &limits);
    assert_eq!(r.fields.len(), 1);
    assert_eq!(r.notes.len(), 1);
    assert_eq!(r.notes[0].message.en, "JSON reading stopped");
}
