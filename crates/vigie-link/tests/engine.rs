//! The DataFusion engine (`--engine datafusion`) against the in-memory one: the same
//! pairs, so the same model, probabilities to the bit and verdicts, on files another
//! generator made (FEBRL) and on every way the registry is held (read against the leak,
//! an index on disk, the file itself), with rules stopped by the share of pairs and with
//! the pairs past the memory budget on disk.
#![cfg(feature = "datafusion")]

mod common;

use common::reader;
use vigie_detect::crypt::RegisterKey;
use vigie_link::index::Index;
use vigie_link::{Engine, Options, Outcome, link};

/// All an outcome says but its timings, and its joins and refusals, which it does not
/// serialise.
fn said(o: &Outcome) -> (serde_json::Value, Vec<String>, Vec<(u64, u64)>) {
    let mut v = serde_json::to_value(o).expect("json");
    v.as_object_mut().expect("an object").remove("seconds");
    let joins = o
        .joins
        .iter()
        .map(|j| format!("{:?} {} {:?}", j.rows, j.probability.to_bits(), j.decision))
        .collect();
    (v, joins, o.refused.clone())
}

fn on(engine: Engine, options: &Options) -> Options {
    Options {
        engine,
        ..options.clone()
    }
}

/// Both engines' outcomes are alike, and say something: pairs, and decisions or joins.
fn alike(memory: &Outcome, datafusion: &Outcome, what: &str) {
    assert!(
        memory.candidate_pairs > 500,
        "{what}: {}",
        memory.candidate_pairs
    );
    assert!(
        memory.decisions.len() + memory.joins.len() > 100,
        "{what}: nothing decided"
    );
    let (a, b) = (said(memory), said(datafusion));
    assert_eq!(a.1.len(), b.1.len(), "{what}: joins");
    if let Some((x, y)) = a.1.iter().zip(&b.1).find(|(x, y)| x != y) {
        panic!("{what}: in memory {x}, on DataFusion {y}");
    }
    assert_eq!(a.2, b.2, "{what}: refusals");
    if a.0 != b.0 {
        let (a, b) = (a.0.as_object().expect("obj"), b.0.as_object().expect("obj"));
        let differ: Vec<&String> = a.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
        panic!("{what}: the outcomes differ in {differ:?}");
    }
}

#[test]
fn a_leak_is_paired_alike_against_a_registry_read_for_it_or_indexed() {
    let detector = vigie_detect::Detector::new().expect("rules");
    let (leak_path, map) = common::febrl("dataset4b.csv");
    let (registry_path, _) = common::febrl("dataset4a.csv");
    let reader = reader(&detector, &map, None);
    let leak = reader.read(&leak_path).expect("leak");
    let met = common::registry_for(&reader, &leak, &registry_path);
    let dir = tempfile::tempdir().expect("tmp");
    let key = RegisterKey::from_hex(&"a".repeat(64), "test").expect("key");
    Index::write(
        |out| reader.read_each(&registry_path, out),
        dir.path(),
        1 << 20,
        &key,
    )
    .expect("write the index");
    let posted = Index::read(dir.path(), &key).expect("read the index");
    for (index, how) in [(&met, "read for the leak"), (&posted, "indexed")] {
        for options in [
            Options::default(),
            // Rules stopped early by a small share of pairs, and the pairs on disk.
            Options {
                pairs_per_row: 0.5,
                rule_pairs_floor: 0,
                memory: 0,
                temp_dir: dir.path().to_path_buf(),
                ..Options::default()
            },
        ] {
            let memory = link(&leak, index, &on(Engine::Memory, &options)).expect("memory");
            let df = link(&leak, index, &on(Engine::DataFusion, &options)).expect("datafusion");
            let what = format!("{how}, share {}", options.pairs_per_row);
            if options.memory == 0 {
                assert!(memory.pairs_on_disk && df.pairs_on_disk, "{what}");
                assert!(memory.rules.iter().any(|r| r.capped_blocks > 0), "{what}");
            }
            alike(&memory, &df, &what);
        }
    }
}

/// A file linked to itself: its own row is no candidate, the keys only one row makes are
/// left out of its blocks and counted, and rules stop at blocks of one record or none.
#[test]
fn a_file_is_paired_alike_with_itself() {
    let detector = vigie_detect::Detector::new().expect("rules");
    let (path, map) = common::febrl("dataset3.csv");
    let reader = reader(&detector, &map, None);
    for share in [0.0, 0.5, 3.0] {
        let options = Options {
            pairs_per_row: share,
            rule_pairs_floor: 0,
            ..Options::default()
        };
        let (_, memory, persons) =
            vigie_link::dedup::dedup_file(&path, &reader, &on(Engine::Memory, &options))
                .expect("memory");
        let (_, df, df_persons) =
            vigie_link::dedup::dedup_file(&path, &reader, &on(Engine::DataFusion, &options))
                .expect("datafusion");
        alike(&memory, &df, &format!("share {share}"));
        assert_eq!(
            (persons.persons, persons.persons_strict, &persons.person),
            (
                df_persons.persons,
                df_persons.persons_strict,
                &df_persons.person
            ),
            "share {share}"
        );
        if share == 0.5 {
            let stops: Vec<usize> = memory
                .rules
                .iter()
                .filter(|r| r.capped_blocks > 0)
                .map(|r| r.largest_block)
                .collect();
            assert!(stops.contains(&0) || stops.contains(&1), "{stops:?}");
        }
    }
}

/// A file linked to itself read twice, as its leak and as its registry: rows are told by
/// their place in the file, not by their number in either table.
#[test]
fn a_file_read_twice_is_paired_alike_with_itself() {
    let detector = vigie_detect::Detector::new().expect("rules");
    let (path, map) = common::febrl("dataset3.csv");
    let reader = reader(&detector, &map, None);
    let table = reader.read(&path).expect("read");
    let again = common::registry_for(&reader, &table, &path);
    let options = Options {
        dedup: true,
        ..Options::default()
    };
    let memory = link(&table, &again, &on(Engine::Memory, &options)).expect("memory");
    let df = link(&table, &again, &on(Engine::DataFusion, &options)).expect("datafusion");
    alike(&memory, &df, "read twice");
}

/// A temporary directory that cannot be written is named in the error when the engine
/// must spill there; nothing is decided from a part of the pairs.
#[test]
fn an_unwritable_temporary_directory_is_named() {
    let detector = vigie_detect::Detector::new().expect("rules");
    let (path, map) = common::febrl("dataset3.csv");
    let reader = reader(&detector, &map, None);
    let options = Options {
        memory: 0,
        temp_dir: "/nonexistent/vigie".into(),
        engine: Engine::DataFusion,
        ..Options::default()
    };
    let e = vigie_link::dedup::dedup_file(&path, &reader, &options)
        .err()
        .expect("refused");
    assert!(e.to_string().contains("/nonexistent/vigie"), "{e}");
}
