//! Every decoder against corrupted input: seeded mutations (flipped, inserted, deleted
//! bytes, truncations, duplicated chunks) of one valid sample per format must end in an
//! orderly way — a result or a note — never a panic, not even one `read_item`'s guard
//! would catch. cargo-fuzz needs a nightly toolchain, which this project's machines do
//! not have; this runs on stable in every `cargo test`.

use std::io::Write;
use vigie_sources::{Encoding, Format, Limits, Note, Sink, read_item};

/// Keeps the notes: a decoder that panicked is caught by `read_item`'s guard and said so
/// in an error or a note, which is what this test looks for.
#[derive(Default)]
struct Count {
    seen: usize,
    notes: Vec<Note>,
}

impl Sink for Count {
    fn item(&mut self, _: &str, _: Format, _: Encoding) {
        self.seen += 1;
    }
    fn table(&mut self, _: Option<&str>, c: &[String], _: Option<u64>) {
        self.seen += c.len();
    }
    fn row(&mut self, _: u64, c: &[&str]) {
        self.seen += c.len();
    }
    fn field(&mut self, _: u64, _: &str, v: &str) {
        self.seen += v.len();
    }
    fn end_record(&mut self) {}
    fn text(&mut self, _: u64, t: &str) {
        self.seen += t.len();
    }
    fn note(&mut self, note: Note) {
        self.notes.push(note);
    }
}

/// What `read_item`'s panic guard says: a decoder panicked on the input.
const PANICKED: &str = "decoder failed on damaged data";

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn zipped(name: &str, data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(name, zip::write::SimpleFileOptions::default())
        .expect("zip");
    w.write_all(data).expect("zip");
    w.finish().expect("zip").into_inner()
}

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let csv = b"nom;prenom;nir\nDURAND;Sophie;185057800608491\n\"MARTIN\";\"Paul \"\"P\"\"\";1\n"
        .to_vec();
    vec![
        ("a.csv", csv.clone()),
        ("a.json", br#"[{"nir": "185057800608491", "nom": "Durand", "x": [1, 2.5e3, true, null, {"e": "\u00e9\ud83d\ude00"}]}]"#.to_vec()),
        ("a.ndjson", b"{\"a\":1}\n{\"email\":\"a@b.fr\"}\n".to_vec()),
        ("a.sql", b"CREATE TABLE t (a text, b int);\nINSERT INTO t VALUES ('x''y', 1), (E'z\\n', NULL);\nCOPY t (a, b) FROM stdin;\nq\t2\n\\.\n".to_vec()),
        ("a.hl7", b"MSH|^~\\&|A|B\rPID|1||1^^^X&1.2.250.1.213.1.4.8&ISO||DURAND^SOPHIE||19850312\rOBX|1|NM|GLU^Glu||1.2\r".to_vec()),
        ("a.html", b"<!doctype html><html><p>Mme <b>Durand</b> &eacute;&#233;</p><style>x{}</style></html>".to_vec()),
        ("a.rtf", b"{\\rtf1{\\fonttbl{\\f0 A;}}\\pard Mme Durand n\\'e9e \\u233? le 12/03/1985\\par}".to_vec()),
        ("a.eml", b"From: A <a@b.fr>\nTo: c@d.fr\nSubject: s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nBonjour\n".to_vec()),
        ("a.csv.gz", gzip(&csv)),
        ("a.zip", zipped("in/a.csv", &csv)),
        ("a.txt", "Mme Sophie DURAND née le 12/03/1985 tél 06 12 34 56 78\n".as_bytes().to_vec()),
        ("a.dump", include_bytes!("fixtures/pg-small.dump").to_vec()),
        ("b.dump", include_bytes!("fixtures/pg-small-z0.dump").to_vec()),
    ]
}

fn mutate(rng: &mut fastrand::Rng, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..rng.usize(1..4) {
        if out.is_empty() {
            out.push(rng.u8(..));
            continue;
        }
        let at = rng.usize(..out.len());
        match rng.u8(..5) {
            0 => out[at] = rng.u8(..),
            1 => out.insert(at, rng.u8(..)),
            2 => {
                out.remove(at);
            }
            3 => out.truncate(at),
            _ => {
                let end = (at + rng.usize(1..16)).min(out.len());
                let chunk = out[at..end].to_vec();
                out.splice(at..at, chunk);
            }
        }
    }
    out
}

#[test]
fn decoders_survive_corrupted_input() {
    let limits = Limits {
        max_line: 4096,
        ..Limits::default()
    };
    let mut rng = fastrand::Rng::with_seed(20261128);
    let mut panicked = Vec::new();
    for (name, sample) in samples() {
        // The sample itself reads cleanly: something to corrupt.
        let mut sink = Count::default();
        read_item(name, sample.as_slice(), &limits, &mut sink).expect("the sample reads");
        assert!(sink.seen > 0, "{name}: the sample gives nothing");
        for i in 0..1000 {
            let input = mutate(&mut rng, &sample);
            let mut sink = Count::default();
            // `read_item` turns a decoder's panic into an error (or, for an archive
            // member, a note) so that one hostile file does not end a scan; a decoder that
            // relies on that guard is a bug this test catches.
            let result = read_item(name, input.as_slice(), &limits, &mut sink);
            let said = result
                .err()
                .map(|e| e.to_string())
                .into_iter()
                .chain(sink.notes.iter().map(|n| n.message.english()));
            if let Some(why) = said.into_iter().find(|m| m.contains(PANICKED)) {
                panicked.push(format!("{name}, mutation {i}: {why}"));
            }
        }
    }
    assert!(panicked.is_empty(), "{}", panicked.join("\n"));
}
