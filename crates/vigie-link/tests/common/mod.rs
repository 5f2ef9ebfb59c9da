//! What the linkage tests share.

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
