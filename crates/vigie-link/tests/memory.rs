//! Candidate pairs past the memory given go to a temporary file: the run decides the
//! same to the last bit (link, one-to-one, reviewers' answers, de-duplication; on the
//! generator's files and on FEBRL's), and a directory that cannot take them stops the run
//! with the directory named.

mod common;

use common::reader;
use std::collections::BTreeMap;
use std::path::Path;
use vigie_link::index::Index;
use vigie_link::record::Table;
use vigie_link::{Label, Options, Outcome, Verdict, link};

fn files(dir: &Path) -> (Table, Index) {
    vigie_synth::linkage(dir, 3000, 1000, 3).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&dir.join("leak.csv"))
        .expect("leak");
    let registry = dir.join("registry.csv");
    let index = common::registry_for(&reader(&detector, &map, None), &leak, &registry);
    (leak, index)
}

/// Everything an outcome says but the time it took and where its pairs were, with each
/// de-duplication join.
fn said(out: &Outcome) -> serde_json::Value {
    let mut v = serde_json::to_value(out).expect("json");
    let map = v.as_object_mut().expect("an object");
    assert_eq!(map.remove("pairs_on_disk"), Some(out.pairs_on_disk.into()));
    map.remove("seconds").expect("seconds");
    let joins: Vec<_> = out
        .joins
        .iter()
        .map(|j| (j.rows, j.probability, j.decision))
        .collect();
    map.insert("joins".into(), serde_json::to_value(joins).expect("joins"));
    v
}

/// In memory, then with no memory for pairs (all on disk), then with room for a few
/// hundred (the pairs leave memory partway through the rows).
fn same_on_disk(leak: &Table, index: &Index, options: &Options) -> Outcome {
    let held = link(leak, index, options).expect("link");
    assert!(!held.pairs_on_disk);
    assert!(held.candidate_pairs > 1000, "{}", held.candidate_pairs);
    for memory in [0, 16 * 300] {
        let on_disk = link(
            leak,
            index,
            &Options {
                memory,
                ..options.clone()
            },
        )
        .expect("link");
        assert!(on_disk.pairs_on_disk, "memory {memory}");
        assert_eq!(said(&held), said(&on_disk), "memory {memory}");
    }
    held
}

#[test]
fn pairs_on_disk_decide_as_pairs_in_memory() {
    let dir = tempfile::tempdir().expect("tmp");
    let (leak, index) = files(dir.path());
    let plain = same_on_disk(&leak, &index, &Options::default());
    let accepted = plain.decisions.iter().filter(|d| d.accepted).count();
    assert!(accepted > 600, "{accepted}");
    let one_to_one = same_on_disk(
        &leak,
        &index,
        &Options {
            one_to_one: true,
            ..Options::default()
        },
    );
    assert_ne!(
        said(&plain)["decisions"],
        said(&one_to_one)["decisions"],
        "one-to-one decides otherwise on this leak, so that both ways are compared"
    );

    // Reviewers' answers: every pair in review said the same person, every tenth
    // accepted one another person.
    let labels: Vec<Label> = plain
        .decisions
        .iter()
        .enumerate()
        .filter(|(n, d)| d.decision == Verdict::Review || (d.accepted && n % 10 == 0))
        .map(|(_, d)| Label {
            leak_id: d.leak_id.clone(),
            registry_id: d.registry_id.clone(),
            same: !d.accepted,
        })
        .collect();
    assert!(labels.len() > 60, "{}", labels.len());
    let taught = same_on_disk(
        &leak,
        &index,
        &Options {
            labels: labels.clone(),
            ..Options::default()
        },
    );
    assert_eq!(taught.labels_applied as usize, labels.len());
    assert!(!taught.calibration.is_empty());
}

#[test]
fn febrl_pairs_on_disk_decide_as_pairs_in_memory() {
    let detector = vigie_detect::Detector::new().expect("rules");
    let (leak_path, map) = common::febrl("dataset4b.csv");
    let (registry_path, _) = common::febrl("dataset4a.csv");
    let leak = reader(&detector, &map, None).read(&leak_path).expect("4b");
    let index = common::registry_for(&reader(&detector, &map, None), &leak, &registry_path);
    for one_to_one in [false, true] {
        let options = Options {
            one_to_one,
            ..Options::default()
        };
        let out = same_on_disk(&leak, &index, &options);
        let accepted = out.decisions.iter().filter(|d| d.accepted).count();
        assert!(accepted > 4900, "{accepted}");
    }
}

/// A file's persons with the pairs in memory and all on disk: the same.
fn same_persons(leak: &Path, reader: &vigie_link::record::Reader) {
    let dedup = |memory| {
        let options = Options {
            memory,
            ..Options::default()
        };
        vigie_link::dedup::dedup_file(leak, reader, &options).expect("dedup")
    };
    let (_, held, persons) = dedup(usize::MAX);
    let (_, on_disk, persons_on_disk) = dedup(0);
    assert!(!held.pairs_on_disk && on_disk.pairs_on_disk);
    assert!(
        !held.refused.is_empty(),
        "strict clusters refuse pairs here"
    );
    assert_eq!(said(&held), said(&on_disk));
    assert_eq!(persons.person, persons_on_disk.person);
    assert_eq!(persons.strict, persons_on_disk.strict);
    assert!(persons.persons < persons.rows, "{}", persons.persons);
}

#[test]
fn a_file_linked_to_itself_with_pairs_on_disk_has_the_same_persons() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 2000, 2000, 11).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    same_persons(&dir.path().join("leak.csv"), &reader(&detector, &map, None));
    // FEBRL3: 5,000 rows of 2,000 persons, some in a dozen variants.
    let (febrl3, map) = common::febrl("dataset3.csv");
    same_persons(&febrl3, &reader(&detector, &map, None));
}

#[test]
fn a_directory_that_cannot_take_the_pairs_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let (leak, index) = files(dir.path());
    let nowhere = dir.path().join("no such directory");
    let options = Options {
        temp_dir: nowhere.clone(),
        ..Options::default()
    };
    // Within the memory given, the directory is never asked for.
    let held = link(&leak, &index, &options).expect("in memory");
    assert!(held.decisions.iter().any(|d| d.accepted));
    let error = link(
        &leak,
        &index,
        &Options {
            memory: 0,
            ..options
        },
    )
    .expect_err("no directory to write the pairs in");
    assert!(
        matches!(error, vigie_link::Error::Spill { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&nowhere.display().to_string()),
        "{message}"
    );
    assert!(message.contains("--memory"), "{message}");
}
