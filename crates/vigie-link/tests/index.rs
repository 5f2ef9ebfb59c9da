//! The registry index: written with bounded memory and read back, it links exactly as
//! the registry read directly; a damaged or foreign index is refused with the file named.

mod common;

use common::reader;
use std::collections::BTreeMap;
use std::path::Path;
use vigie_detect::crypt::RegisterKey;
use vigie_link::index::Index;

use vigie_link::{Decision, Options, link};

fn key(byte: char) -> RegisterKey {
    RegisterKey::from_hex(&byte.to_string().repeat(64), "test").expect("key")
}

fn decisions(out: &[Decision]) -> Vec<(String, String, String, bool)> {
    out.iter()
        .map(|d| {
            (
                d.leak_id.clone(),
                d.registry_id.clone(),
                format!("{:.9}", d.probability),
                d.accepted,
            )
        })
        .collect()
}

fn write_index(registry: &Path, dir: &Path, memory: usize) -> Result<u64, vigie_link::Error> {
    let detector = vigie_detect::Detector::new().expect("rules");
    Index::write(
        |out| reader(&detector, &BTreeMap::new(), None).read_each(registry, out),
        dir,
        memory,
        &key('a'),
    )
}

#[test]
fn a_written_index_links_as_the_registry_itself() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 3000, 1000, 3).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&dir.path().join("leak.csv"))
        .expect("leak");
    let registry_path = dir.path().join("registry.csv");
    let registry = common::registry_for(&reader(&detector, &map, None), &leak, &registry_path);
    assert_eq!(registry.population, 3000);
    assert!(
        registry.records.len() < 3000,
        "read for the leak, the registry keeps only the records the leak's keys meet"
    );
    let direct = link(&leak, &registry, &Options::default()).expect("link");

    // 4 KB of keys: the build spills dozens of runs and merges them.
    let idx = dir.path().join("idx");
    assert_eq!(
        write_index(&registry_path, &idx, 4096).expect("index"),
        3000
    );
    assert!(!idx.join("runs.tmp").exists(), "the runs are removed");
    assert!(Index::is_index(&idx));
    let index = Index::read(&idx, &key('a')).expect("read index");
    assert_eq!(index.records.len(), 3000);
    let via_index = link(&leak, &index, &Options::default()).expect("link");
    assert_eq!(
        decisions(&direct.decisions),
        decisions(&via_index.decisions)
    );
    assert_eq!(direct.candidate_pairs, via_index.candidate_pairs);
    let rules = |o: &vigie_link::Outcome| -> Vec<(u64, u64, u64, usize)> {
        o.rules
            .iter()
            .map(|r| (r.pairs, r.capped_blocks, r.matches, r.largest_block))
            .collect()
    };
    assert_eq!(rules(&direct), rules(&via_index));
    assert!(direct.decisions.iter().filter(|d| d.accepted).count() > 600);

    // A rule's share of pairs gives up the same blocks whether they are met as the
    // registry is read or looked up in the postings read back.
    let shared = Options {
        pairs_per_row: 0.3,
        rule_pairs_floor: 0,
        ..Options::default()
    };
    let direct = link(&leak, &registry, &shared).expect("link");
    let via_index = link(&leak, &index, &shared).expect("link");
    assert_eq!(
        decisions(&direct.decisions),
        decisions(&via_index.decisions)
    );
    assert_eq!(rules(&direct), rules(&via_index));
    assert!(direct.rules.iter().any(|r| r.largest_block < 1000));

    // Sealed: no name of the registry, normalised or not, is in any file of the index.
    let names: Vec<String> = std::fs::read(&registry_path)
        .expect("registry")
        .split(|&b| b == b'\n')
        .skip(1)
        .filter_map(|l| l.split(|&b| b == b';').nth(1).map(|n| n.to_vec()))
        .filter(|n| n.len() >= 6 && n.is_ascii())
        .map(|n| String::from_utf8_lossy(&n).to_lowercase())
        .take(300)
        .collect();
    assert!(names.len() > 100);
    for entry in std::fs::read_dir(&idx).expect("index") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("file");
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for n in &names {
            assert!(!text.contains(n.as_str()), "a registry name in the index");
        }
    }
    // Another key does not open it.
    let e = Index::read(&idx, &key('b')).expect_err("wrong key");
    assert!(e.to_string().contains("another key"), "{e}");
}

#[test]
fn a_damaged_or_foreign_index_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 500, 10, 4).expect("generate");
    let idx = dir.path().join("idx");
    write_index(&dir.path().join("registry.csv"), &idx, 1 << 20).expect("index");

    let rule = idx.join("rule-03.bin");
    let bytes = std::fs::read(&rule).expect("rule");
    std::fs::write(&rule, &bytes[..bytes.len() - 5]).expect("truncate");
    let e = Index::read(&idx, &key('a')).expect_err("truncated postings");
    assert!(
        e.to_string().contains("rule-03.bin") && e.to_string().contains("damaged"),
        "{e}"
    );
    std::fs::write(&rule, &bytes).expect("restore");

    let records = idx.join("records.bin");
    let bytes = std::fs::read(&records).expect("records");
    std::fs::write(&records, &bytes[..bytes.len() / 2]).expect("truncate");
    let e = Index::read(&idx, &key('a')).expect_err("truncated records");
    assert!(
        e.to_string().contains("records.bin") && e.to_string().contains("damaged"),
        "{e}"
    );
    std::fs::write(&records, &bytes).expect("restore");
    assert!(Index::read(&idx, &key('a')).is_ok());

    let meta = idx.join("index.json");
    let text = std::fs::read_to_string(&meta).expect("meta");
    let version = format!("\"vigie\":\"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version), "{text:.200}");
    std::fs::write(&meta, text.replace(&version, "\"vigie\":\"0.0.1\"")).expect("write");
    let e = Index::read(&idx, &key('a')).expect_err("another version");
    assert!(
        e.to_string().contains("0.0.1") && e.to_string().contains("vigie link index"),
        "{e}"
    );
}

/// A household's members are told apart by what relatives share: two records of one
/// address with one first name and one birth date are one person's (a registry's
/// duplicate, a leak's repeated row), not a household's pair. Repeating every parent's
/// record leaves the household chances as they were; counted, the repeats taught that
/// relatives share a first name and a birth date, and a person's rows at their address
/// never matched.
#[test]
fn one_persons_repeated_records_are_not_a_household() {
    use vigie_link::record::{Record, TableInfo};
    let person = |first: &str, year: u16, i: usize| Record {
        id: format!("{first}{i}"),
        first: vec![format!("{first}{i}")],
        last: vec![format!("famille{i}")],
        birth: Some((year, 1 + (i % 12) as u8, 1 + (i % 28) as u8)),
        street: format!("{i} rue des lilas"),
        postcode: Some(format!("{:05}", 69000 + i % 100)),
        ..Record::default()
    };
    let households = |repeated: bool| {
        let mut records = Vec::new();
        for i in 0..300 {
            records.push(person("parent", 1960, i));
            records.push(person("enfant", 1990, i));
            if repeated {
                records.push(person("parent", 1960, i));
            }
        }
        let index = vigie_link::index::Index::for_leak(&[], 0, |_, out| {
            for r in records {
                out(r, &[]);
            }
            Ok(TableInfo::default())
        })
        .expect("stats");
        index.stats.household
    };
    let (plain, repeated) = (households(false), households(true));
    assert_eq!(plain.pairs, 300);
    assert_eq!(repeated.pairs, plain.pairs);
    // One first name with one birth date stays the calendar's chance among relatives,
    // not the repeats' one in two.
    use vigie_link::compare::{BIRTH_EXACT, NAME_EXACT};
    let both =
        |h: &vigie_link::index::Household| h.identity[NAME_EXACT as usize][BIRTH_EXACT as usize];
    assert!(both(&plain) < 1e-6, "{}", both(&plain));
    assert!(both(&repeated) < 1e-6, "{}", both(&repeated));
    assert_eq!(repeated.u, plain.u);
}
