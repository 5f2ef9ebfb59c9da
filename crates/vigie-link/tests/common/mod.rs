//! What the linkage tests share. Each test binary uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use vigie_link::record::{Field, Reader};

/// How the tests read tables: ages counted from 2026, whatever the year they run.
pub fn reader<'a>(
    detector: &'a vigie_detect::Detector,
    overrides: &'a BTreeMap<String, Field>,
    id_column: Option<&'a str>,
) -> Reader<'a> {
    Reader {
        detector,
        overrides,
        id_column,
        this_year: 2026,
    }
}

/// The FEBRL files (`tests/data`, see its README) and their column mapping: the record id
/// as the id, the social-security number left out (the tests link on identities alone).
pub fn febrl(file: &str) -> (std::path::PathBuf, BTreeMap<String, Field>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let mut map = BTreeMap::new();
    map.insert("soc_sec_id".to_string(), Field::Ignore);
    map.insert("rec_id".to_string(), Field::Id);
    (path, map)
}

/// FEBRL's truth: `rec-N-org` and `rec-N-dup-K` are one person.
pub fn febrl_person(id: &str) -> &str {
    id.split("-dup-")
        .next()
        .and_then(|s| s.strip_suffix("-org").or(Some(s)))
        .unwrap_or(id)
}

/// The registry at `path` as a run holds it for `leak`: only its records that meet one
/// of the leak's rows, read as `reader` reads.
pub fn registry_for(
    reader: &Reader,
    leak: &vigie_link::record::Table,
    path: &std::path::Path,
) -> vigie_link::index::Index {
    vigie_link::index::Index::for_leak(&leak.records, 0, |keys, out| {
        reader.read_meeting(path, keys, out)
    })
    .expect("registry read for the leak")
}
