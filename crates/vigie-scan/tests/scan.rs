//! The scanner on data with known truth, and on hand-made records for person grouping.

use std::path::Path;
use vigie_detect::{Detector, FingerprintKey, Kind};
use vigie_scan::{Collector, ReportFormat, ScanOptions, Summary, Truth};

fn run(dir: &Path, options: &ScanOptions) -> (Summary, Vec<Truth>) {
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    let sink: Box<dyn std::io::Write> = Box::new(std::io::sink());
    let mut report = Collector::new(
        vigie_scan::report::new(ReportFormat::Jsonl, sink, &detector),
        dir,
    );
    let summary = vigie_scan::scan(
        &[dir.to_path_buf()],
        options,
        &detector,
        &key,
        &mut report,
        None,
    )
    .expect("scan");
    (summary, report.found)
}

/// `dir` scanned with the default options, the report of `format` written to `out`.
fn scan_into(dir: &Path, format: ReportFormat, out: Box<dyn std::io::Write + '_>) -> Summary {
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    let mut report = vigie_scan::report::new(format, out, &detector);
    vigie_scan::scan(
        &[dir.to_path_buf()],
        &ScanOptions::default(),
        &detector,
        &key,
        report.as_mut(),
        None,
    )
    .expect("scan")
}

/// Every format the generator writes, as [`vigie_scan::format_of`] names it.
const FORMATS: &[&str] = &[
    "csv", "txt", "ndjson", "json", "xlsx", "gz>sql", "sql", "zip>csv", "7z>csv", "xz>csv",
    "bz2>csv", "zst>csv", "hl7", "hpr", "html", "rtf", "docx", "odt", "pdf", "eml", "eml>csv",
    "sqlite", "ods", "tar>csv",
];

/// A laboratory's files written by the generator, and their truth (taken out of them).
fn laboratory(cfg: &vigie_synth::Config) -> (tempfile::TempDir, Vec<Truth>) {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::generate(dir.path(), cfg).expect("generate");
    let path = dir.path().join("truth.jsonl");
    let truth: Vec<Truth> = std::fs::read_to_string(&path)
        .expect("truth")
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth line"))
        .collect();
    std::fs::remove_file(&path).expect("truth");
    (dir, truth)
}

#[test]
fn accuracy_on_synthetic_laboratory() {
    // Small parts so that several files of each export are scanned in parallel; half the
    // bytes are ordinary files of a share: logs, stock, minutes, config.
    let (dir, truth) = laboratory(&vigie_synth::Config {
        seed: 7,
        patients: 3000,
        rows_per_file: 1000,
        filler: 0.5,
    });
    let options = ScanOptions {
        threads: 2,
        ..Default::default()
    };
    let (summary, found) = run(dir.path(), &options);
    let scores = vigie_scan::score(&truth, &found);
    let identifiers = [
        Kind::Nir,
        Kind::Rpps,
        Kind::Finess,
        Kind::Siret,
        Kind::Iban,
        Kind::PaymentCard,
        Kind::Phone,
        Kind::Email,
        Kind::BirthDate,
    ];
    for k in identifiers {
        let s = &scores[&k];
        assert!(s.truth > 0, "{k}: the generator planted none");
        assert!(s.precision() >= 0.99 && s.recall() >= 0.99, "{k}: {s:?}");
    }
    // And in each format on its own, so that a weak decoder is not hidden by the CSVs.
    let by_format = vigie_scan::score_by_format(&truth, &found);
    for (format, scores) in &by_format {
        for k in identifiers {
            if let Some(s) = scores.get(&k) {
                assert!(
                    s.precision() >= 0.99 && s.recall() >= 0.99,
                    "{format} {k}: {s:?}"
                );
            }
        }
    }
    let columnar: &[&str] = if cfg!(feature = "columnar") {
        &["parquet"]
    } else {
        &[]
    };
    for format in FORMATS.iter().chain(columnar) {
        assert!(
            by_format
                .get(*format)
                .is_some_and(|s| s.values().any(|s| s.truth > 0)),
            "the generator planted nothing in {format}: {:?}",
            by_format.keys()
        );
    }
    for (k, s) in &scores {
        assert!(s.f1() >= 0.95, "{k}: {s:?}");
    }
    // Decoys (wrong keys, failed Luhn, bad IBANs) produce nothing.
    assert!(
        !found.iter().any(|f| f.path.starts_with("decoys/")),
        "decoy reported"
    );
    // Every patient of the export has a NIR; notes and NDJSON repeat some of them.
    assert_eq!(summary.persons.with_nir, 3000, "{:?}", summary.persons);
    assert_eq!(
        summary.persons.distinct, 3002,
        "the patients and the two correspondents of the e-mail: {:?}",
        summary.persons
    );
}

#[test]
fn records_sharing_an_identifier_are_one_person() {
    let dir = tempfile::tempdir().expect("tmp");
    // Two files, three people: Sophie appears in both (same NIR; in the second file also
    // with her e-mail), Paul only by e-mail, and a line with neither is nobody.
    std::fs::write(
        dir.path().join("a.csv"),
        "nir;email;commentaire\n185057800608491;sophie@example.fr;\n;paul@example.fr;grossesse\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.txt"),
        "Mme Sophie Durand NIR 1 85 05 78 006 084 91 courriel sophie.d@example.fr diabète\n\nRAS\n",
    )
    .expect("write");
    let (summary, _) = run(
        dir.path(),
        &ScanOptions {
            threads: 2,
            ..Default::default()
        },
    );
    assert_eq!(summary.persons.distinct, 2, "{:?}", summary.persons);
    assert_eq!(summary.persons.with_nir, 1);
    assert_eq!(summary.persons.with_health, 2);
}

#[test]
fn spreadsheets_name_their_cells() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tmp");
    let rows = [
        ["Nom", "NIR", "DDN"],
        ["DURAND", "185057800608491", "12/03/1985"],
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.map(String::from).to_vec()).collect();
    let book = vigie_synth::xlsx("Patients", &rows).expect("xlsx");
    std::fs::write(dir.path().join("export.xlsx"), &book).expect("write");
    // The same workbook inside a zip sent to a contractor.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "envoi/export.xlsx",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip");
    w.write_all(&book).expect("zip");
    std::fs::write(
        dir.path().join("lot.zip"),
        w.finish().expect("zip").into_inner(),
    )
    .expect("write");

    let mut out = Vec::new();
    scan_into(dir.path(), ReportFormat::Jsonl, Box::new(&mut out));
    let findings: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    for member in ["export.xlsx", "lot.zip!envoi/export.xlsx"] {
        let of = |kind: &str| {
            findings
                .iter()
                .find(|f| {
                    f["kind"] == kind && f["path"].as_str().is_some_and(|p| p.ends_with(member))
                })
                .cloned()
                .unwrap_or_else(|| panic!("no {kind} in {member}: {findings:?}"))
        };
        let nir = of("nir");
        assert_eq!(nir["cell"], "Patients!B2");
        assert_eq!(nir["line"], 2);
        assert_eq!(nir["column"], "Patients.NIR");
        assert_eq!(of("person_name")["cell"], "Patients!A2");
        assert_eq!(of("birth_date")["cell"], "Patients!C2");
    }
}

#[test]
fn special_files_are_noted_and_files_are_read_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "nir;email\n185057800608491;a@example.fr\n").expect("write");
    let fifo = dir.path().join("tube");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    let mut report = Collector::new(
        vigie_scan::report::new(ReportFormat::Jsonl, Box::new(std::io::sink()), &detector),
        dir.path(),
    );
    // The folder, the file inside it again, and the folder under another spelling.
    let again = dir.path().join(".").join("a.csv");
    let summary = vigie_scan::scan(
        &[dir.path().to_path_buf(), csv.clone(), again],
        &ScanOptions {
            threads: 2,
            ..Default::default()
        },
        &detector,
        &key,
        &mut report,
        None,
    )
    .expect("scan ends: the FIFO is never opened");
    assert_eq!(summary.files_scanned, 1, "{:?}", summary.notes);
    assert_eq!(report.found.len(), 2, "one NIR and one e-mail, once");
    assert!(
        summary.notes.iter().any(|n| n.path.ends_with("tube")
            && n.severity == "skipped"
            && n.message.contains("FIFO")
            && n.message_fr.contains("tube nommé")),
        "{:?}",
        summary.notes
    );
}

#[test]
fn json_in_a_cell_is_read_by_its_keys() {
    let dir = tempfile::tempdir().expect("tmp");
    // A jsonb column exported to CSV: keys name the values; a cell that only looks like
    // JSON is text.
    std::fs::write(
        dir.path().join("dossiers.csv"),
        "id;dossier\n\
         1;\"{\"\"contact\"\": {\"\"courriel\"\": \"\"anne.petit@example.fr\"\", \"\"tel\"\": \"\"0612345678\"\"}, \"\"diagnostic\"\": \"\"E11\"\", \"\"notes\"\": [\"\"suivi diabète\"\"]}\"\n\
         2;{pas du json, tél 0612345679}\n",
    )
    .expect("write");
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    let mut out = Vec::new();
    {
        let mut report =
            vigie_scan::report::new(ReportFormat::Jsonl, Box::new(&mut out), &detector);
        vigie_scan::scan(
            &[dir.path().to_path_buf()],
            &ScanOptions {
                threads: 1,
                ..Default::default()
            },
            &detector,
            &key,
            report.as_mut(),
            None,
        )
        .expect("scan");
    }
    let found: Vec<(String, String, u64)> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .map(|f| {
            (
                f["column"].as_str().unwrap_or("").to_string(),
                f["kind"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    for (column, kind) in [
        ("dossier.contact.courriel", "email"),
        ("dossier.contact.tel", "phone"),
        ("dossier.diagnostic", "icd10"),
        ("dossier.notes[]", "health_term"),
    ] {
        assert!(
            found
                .iter()
                .any(|(c, k, l)| c == column && k == kind && *l == 2),
            "{column} {kind}: {found:?}"
        );
    }
    assert!(
        found
            .iter()
            .any(|(c, k, l)| c == "dossier" && k == "phone" && *l == 3),
        "{found:?}"
    );
}

/// A run stopped from outside (the dashboard's Cancel): once asked, no file more is read,
/// and the scan ends in an error rather than a report that looks complete.
#[test]
fn a_cancelled_scan_reads_no_more_files_and_says_so() {
    use std::sync::atomic::{AtomicU64, Ordering};
    struct StopAfter {
        done: AtomicU64,
        after: u64,
    }
    impl vigie_scan::Progress for StopAfter {
        fn file_done(&self, _: u64) {
            self.done.fetch_add(1, Ordering::Relaxed);
        }
        fn cancelled(&self) -> bool {
            self.done.load(Ordering::Relaxed) >= self.after
        }
    }
    let dir = tempfile::tempdir().expect("tmp");
    for i in 0..50 {
        std::fs::write(
            dir.path().join(format!("{i}.csv")),
            "nom;nir\nDURAND;185057800608491\n",
        )
        .expect("write");
    }
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    let progress = StopAfter {
        done: AtomicU64::new(0),
        after: 3,
    };
    let mut report =
        vigie_scan::report::new(ReportFormat::Json, Box::new(std::io::sink()), &detector);
    let options = ScanOptions {
        threads: 1,
        ..ScanOptions::default()
    };
    let err = vigie_scan::scan(
        &[dir.path().to_path_buf()],
        &options,
        &detector,
        &key,
        report.as_mut(),
        Some(&progress),
    )
    .expect_err("a cancelled scan is not a result");
    assert_eq!(err.kind(), std::io::ErrorKind::Interrupted, "{err}");
    assert_eq!(
        progress.done.load(Ordering::Relaxed),
        3,
        "no file read once cancelled"
    );

    // Never asked to stop, the same scan reads all 50.
    let all = StopAfter {
        done: AtomicU64::new(0),
        after: u64::MAX,
    };
    let mut report =
        vigie_scan::report::new(ReportFormat::Json, Box::new(std::io::sink()), &detector);
    let summary = vigie_scan::scan(
        &[dir.path().to_path_buf()],
        &options,
        &detector,
        &key,
        report.as_mut(),
        Some(&all),
    )
    .expect("scan");
    assert_eq!(summary.files_scanned, 50);
}

/// The findings of a JSONL report, file by file in the order they were written, and the
/// run's person counts.
fn findings_by_file(
    dir: &Path,
    options: &ScanOptions,
) -> (
    std::collections::BTreeMap<String, Vec<String>>,
    vigie_scan::PersonStats,
) {
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    let mut out = Vec::new();
    let summary = {
        let mut report =
            vigie_scan::report::new(ReportFormat::Jsonl, Box::new(&mut out), &detector);
        vigie_scan::scan(
            &[dir.to_path_buf()],
            options,
            &detector,
            &key,
            report.as_mut(),
            None,
        )
        .expect("scan")
    };
    let mut files: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for line in String::from_utf8(out).expect("utf-8").lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        if let (Some(path), Some(_)) = (v["path"].as_str(), v["kind"].as_str()) {
            files
                .entry(path.to_string())
                .or_default()
                .push(line.to_string());
        }
    }
    (files, summary.persons)
}

/// One thread, and two with every file split in batches of `batch_bytes`.
fn alone_and_split(batch_bytes: usize) -> (ScanOptions, ScanOptions) {
    let one = ScanOptions {
        threads: 1,
        ..Default::default()
    };
    let split = ScanOptions {
        threads: 2,
        split: vigie_scan::Split {
            min_file_bytes: 1,
            batch_bytes,
        },
        ..Default::default()
    };
    (one, split)
}

#[test]
fn a_big_files_rows_shared_among_threads_are_reported_as_one_thread_would() {
    let (dir, _) = laboratory(&vigie_synth::Config {
        seed: 11,
        patients: 2000,
        rows_per_file: 2000,
        filler: 0.0,
    });
    // Every file split, in batches of a few rows: held-back rows, tables one after the
    // other (SQL dumps, sheets), archive members and text after a table all cross a
    // batch's edge somewhere. Each file alone, so that no other file keeps a thread busy
    // (the only case where a file is not split).
    let (one, split) = alone_and_split(700);
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut dirs = vec![dir.path().to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p)
            } else {
                files.push(p)
            }
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    // And the files other tools wrote (pandas, LibreOffice, pg_dump, mariadb-dump,
    // sqlite3, 7z…), each alone.
    let others = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/files");
    let before = files.len();
    files.extend(
        std::fs::read_dir(&others)
            .expect("corpus")
            .flatten()
            .map(|e| e.path()),
    );
    assert!(files.len() >= before + 20, "{}", others.display());
    let mut findings = 0;
    for file in &files {
        let (alone, persons_alone) = findings_by_file(file, &one);
        let (shared, persons_shared) = findings_by_file(file, &split);
        for (path, found) in &alone {
            let other = shared.get(path).map_or(&[][..], Vec::as_slice);
            assert_eq!(found.len(), other.len(), "{path}");
            if let Some(i) = (0..found.len()).find(|&i| found[i] != other[i]) {
                panic!("{path}: finding {i} differs:\n{}\n{}", found[i], other[i]);
            }
            findings += found.len();
        }
        assert_eq!(alone.len(), shared.len(), "{}", file.display());
        assert_eq!(
            persons_alone.distinct,
            persons_shared.distinct,
            "{}",
            file.display()
        );
        assert_eq!(persons_alone.with_nir, persons_shared.with_nir);
        assert_eq!(persons_alone.with_health, persons_shared.with_health);
    }
    assert!(findings > 20_000, "{findings} findings");
}

/// Records longer than a batch (an NDJSON export with long comments) are read by the
/// reader's thread from where they outgrow it to their end: a person's name before the
/// cut and NIR after it stay one person.
#[test]
fn a_record_longer_than_a_batch_stays_one_person() {
    let dir = tempfile::tempdir().expect("tmp");
    // One patient exported 300 times under names spelled differently: the NIR makes the
    // records one person, if each record's name and NIR are seen together.
    let nir = "185057800608491";
    let mut ndjson = String::new();
    for i in 0..300 {
        let comment = "RAS ".repeat(200);
        ndjson.push_str(&format!(
            "{{\"nom\": \"DURAND{i}\", \"prenom\": \"Sophie\", \"naissance\": \"12/03/1985\", \
             \"commentaire\": \"{comment}\", \"nir\": \"{nir}\", \"email\": \"s{i}@example.fr\"}}\n"
        ));
    }
    std::fs::write(dir.path().join("export.ndjson"), ndjson).expect("write");
    let (one, split) = alone_and_split(300);
    let (alone, persons_alone) = findings_by_file(dir.path(), &one);
    let (shared, persons_shared) = findings_by_file(dir.path(), &split);
    assert_eq!(alone, shared);
    assert_eq!(persons_alone.distinct, 1, "{persons_alone:?}");
    assert_eq!(persons_shared.distinct, 1, "{persons_shared:?}");
}

/// A report that lists every file (the JSON document) is given every file at the end;
/// the others are given only the files with findings, so a share of millions of clean
/// files is not held in memory. The run's counts are the same either way.
#[test]
fn only_a_report_that_lists_every_file_is_given_the_clean_ones() {
    struct Files {
        every: bool,
        given: Vec<String>,
    }
    impl vigie_scan::Report for Files {
        fn lists_every_file(&self) -> bool {
            self.every
        }
        fn findings(&mut self, _: &[vigie_scan::Finding]) -> std::io::Result<()> {
            Ok(())
        }
        fn finish(
            &mut self,
            files: &[vigie_scan::FileSummary],
            _: &Summary,
        ) -> std::io::Result<()> {
            self.given = files.iter().map(|f| f.path.clone()).collect();
            Ok(())
        }
    }
    let dir = tempfile::tempdir().expect("tmp");
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("note{i}.txt")), "rien à signaler\n")
            .expect("write");
    }
    std::fs::write(
        dir.path().join("export.csv"),
        "nom;nir\nDURAND;185057800608491\n",
    )
    .expect("write");
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([3; 32]);
    for every in [false, true] {
        let mut report = Files {
            every,
            given: Vec::new(),
        };
        let summary = vigie_scan::scan(
            &[dir.path().to_path_buf()],
            &ScanOptions::default(),
            &detector,
            &key,
            &mut report,
            None,
        )
        .expect("scan");
        assert_eq!((summary.files_scanned, summary.files_with_findings), (4, 1));
        let names: Vec<&str> = report
            .given
            .iter()
            .filter_map(|p| p.rsplit('/').next())
            .collect();
        if every {
            assert_eq!(names, ["export.csv", "note0.txt", "note1.txt", "note2.txt"]);
        } else {
            assert_eq!(names, ["export.csv"]);
        }
    }
    // The JSON document lists them all.
    let mut out = Vec::new();
    scan_into(dir.path(), ReportFormat::Json, Box::new(&mut out));
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(doc["files"].as_array().map(Vec::len), Some(4));
}

/// A share of images: each is noted "not read", but past the first
/// [`vigie_scan::MAX_NOTES`] the run counts its notes by sentence instead of holding one
/// a file. The count of notes, and what the text report says, include them all.
#[test]
fn notes_past_the_limit_are_counted_by_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let n = vigie_scan::MAX_NOTES + 150;
    for i in 0..n {
        std::fs::write(dir.path().join(format!("scan{i:05}.png")), png).expect("write");
    }
    let mut out = Vec::new();
    let summary = scan_into(dir.path(), ReportFormat::Text, Box::new(&mut out));
    assert_eq!(summary.files_scanned, n as u64);
    assert_eq!(summary.notes.len(), vigie_scan::MAX_NOTES);
    let counted: Vec<(&str, u64)> = summary
        .notes_not_listed
        .iter()
        .map(|m| (m.severity, m.count))
        .collect();
    assert_eq!(counted, [("skipped", 150)]);
    assert!(summary.notes_not_listed[0].message.contains("PNG"));
    let said = summary.said(vigie_detect::Lang::En);
    assert!(said[0].ends_with(&format!("{n} notes")), "{said:?}");
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains(
            "  … and 150 more, not listed:\n  150 ×  [not read, or in part] not read: PNG image"
        ),
        "{}",
        &text[text.len().saturating_sub(600)..]
    );
    // The page says as much, and its count of files not read is a lower bound.
    let mut page = Vec::new();
    scan_into(dir.path(), ReportFormat::Html, Box::new(&mut page));
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("… and 150 more notes, not listed:"));
    assert!(page.contains("<td class=\"num\">150</td><td class=\"sev-skipped\">"));
    assert!(
        page.contains("<b>at least 10 000</b>files not read, or in part"),
        "{}",
        page.find("cards")
            .map_or("", |at| &page[at..(at + 1500).min(page.len())])
    );
}
