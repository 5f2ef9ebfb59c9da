//! Archives: nested members with their names and lines, and every limit or defect noted
//! with the member it concerns.

use std::io::Write;
use vigie_sources::{Encoding, Format, Limits, Note, Sink, read_item};

#[derive(Default)]
struct Recorder {
    items: Vec<String>,
    rows: Vec<(String, u64, Vec<String>)>,
    notes: Vec<Note>,
    current: String,
}

impl Sink for Recorder {
    fn item(&mut self, path: &str, _format: Format, _encoding: Encoding) {
        self.items.push(path.to_string());
        self.current = path.to_string();
    }
    fn table(&mut self, _columns: &[String], _header_line: Option<u64>) {}
    fn row(&mut self, line: u64, cells: &[&str]) {
        let cells = cells.iter().map(|c| c.to_string()).collect();
        self.rows.push((self.current.clone(), line, cells));
    }
    fn field(&mut self, _line: u64, _path: &str, _value: &str) {}
    fn end_record(&mut self) {}
    fn text(&mut self, _line: u64, _text: &str) {}
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
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip");
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
    let member = "fuite.zip!lot/inner.tar.gz!inner.tar!export/patients.csv";
    assert!(r.items.contains(&member.to_string()), "{:?}", r.items);
    assert!(r.items.contains(&"fuite.zip!LISEZMOI.txt".to_string()));
    let rows: Vec<_> = r.rows.iter().filter(|(p, _, _)| p == member).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].1, rows[0].2[1].as_str()), (2, "185057800608491"));
    assert_eq!(rows[1].1, 3);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
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
        r.notes
            .iter()
            .any(|n| n.path == "bomb.csv.gz!bomb.csv" && n.message.contains("ratio")),
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
            .any(|n| n.path == "deep.zip!a.zip" && n.message.contains("nested deeper")),
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
            .any(|n| n.message.contains("only the first 2"))
    );

    let big = Limits {
        max_member_bytes: 40,
        ..Limits::default()
    };
    let r = read("big.csv.gz", &gzip(CSV.as_bytes()), &big);
    assert!(
        r.notes
            .iter()
            .any(|n| n.message.contains("decompressed size")),
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
        r.notes
            .iter()
            .any(|n| n.path == "chiffre.zip!secret.csv" && n.message.contains("encrypted")),
        "{:?}",
        r.notes
    );
    assert!(r.rows.is_empty());

    let whole = zip(&[("a.csv", CSV.as_bytes())]);
    let r = read("tronque.zip", &whole[..whole.len() / 2], &Limits::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.path == "tronque.zip" && n.message.contains("not a readable zip")),
        "{:?}",
        r.notes
    );

    let t = gzip(&tar("a.csv", CSV.as_bytes()));
    let r = read("tronque.tar.gz", &t[..t.len() - 30], &Limits::default());
    assert!(!r.notes.is_empty(), "a truncated tar.gz is noted");
}
