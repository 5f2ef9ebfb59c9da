//! The scanner on files that other software wrote (`tests/corpus/make.py`: pandas with
//! openpyxl and xlsxwriter, pyarrow, LibreOffice, pg_dump in its four formats,
//! mariadb-dump (also `--tab`), the sqlite3 shell, zip, tar, 7z), against the truth that
//! script planted:
//! every format and kind at precision and recall ≥ 0.99, and the persons counted exactly,
//! in each file and across all of them.

use std::collections::BTreeMap;
use std::path::Path;
use vigie_detect::{Detector, FingerprintKey};
use vigie_scan::{Collector, PersonStats, ReportFormat, ScanOptions, Truth};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

#[derive(serde::Deserialize)]
struct Persons {
    all: PersonStats,
    files: BTreeMap<String, PersonStats>,
}

#[derive(serde::Deserialize)]
struct FileReport {
    path: String,
    persons: PersonStats,
}

#[derive(serde::Deserialize)]
struct Report {
    files: Vec<FileReport>,
    summary: serde_json::Value,
}

#[test]
fn third_party_files_are_read_as_their_writers_meant() {
    let root = Path::new(CORPUS).join("files");
    let truth: Vec<Truth> = std::fs::read_to_string(Path::new(CORPUS).join("truth.jsonl"))
        .expect("truth")
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth line"))
        .collect();
    let expected: Persons = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("persons.json")).expect("persons"),
    )
    .expect("persons.json");

    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([5; 32]);
    let mut json = Vec::new();
    let (summary, found) = {
        let mut report = Collector::new(
            vigie_scan::report::new(ReportFormat::Json, Box::new(&mut json), &detector),
            &root,
        );
        let options = ScanOptions {
            threads: 2,
            ..Default::default()
        };
        let summary = vigie_scan::scan(
            std::slice::from_ref(&root),
            &options,
            &detector,
            &key,
            &mut report,
            None,
        )
        .expect("scan");
        (summary, report.found)
    };
    let report: Report = serde_json::from_slice(&json).expect("json report");

    // Parquet needs the `columnar` feature (on in the default build and in CI).
    let read = |path: &str| cfg!(feature = "columnar") || !path.contains("parquet");
    let mut failures = Vec::new();
    for (format, scores) in vigie_scan::score_by_format(&truth, &found) {
        if !read(&format) {
            continue;
        }
        for (kind, s) in scores {
            if s.precision() < 0.99 || s.recall() < 0.99 {
                failures.push(format!(
                    "{format} {kind}: truth {} found {} correct {}",
                    s.truth, s.found, s.true_positives
                ));
            }
        }
    }
    let prefix = format!("{}/", root.display());
    let counted: BTreeMap<&str, PersonStats> = report
        .files
        .iter()
        .map(|f| (f.path.strip_prefix(&prefix).unwrap_or(&f.path), f.persons))
        .collect();
    for (path, want) in expected.files.iter().filter(|(p, _)| read(p)) {
        let got = counted.get(path.as_str());
        if got.map(|g| (g.distinct, g.with_nir, g.with_health))
            != Some((want.distinct, want.with_nir, want.with_health))
        {
            failures.push(format!("{path}: persons {got:?}, truth {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nnotes: {}",
        failures.join("\n"),
        report.summary["notes"]
    );
    assert_eq!(
        (summary.persons.distinct, summary.persons.with_nir),
        (expected.all.distinct, expected.all.with_nir),
        "the same patients across every file and format"
    );
    // The `--tab` rows were read as their table, not as headerless text.
    assert!(found.iter().any(|f| f.path == "mariadb_tab/patients.txt"));
}
