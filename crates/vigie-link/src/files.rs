//! A leaked file linked to a registry file (or the registry's sealed index), as `vigie
//! link` runs it and as the web's jobs run it in-process: the leak read, the registry
//! read for it, then the link; each stage told to the caller, who may stop the run there.
//! The result is the contract the next stage reads: each pair as a JSON line of a
//! versioned format, with the registry's contact details when asked.

use crate::error::{Error, Result};
use crate::index::Index;
use crate::record::{Contact, Reader, Table, rows_bound};
use crate::{Options, Outcome, Verdict, link};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use vigie_detect::crypt::RegisterKey;

/// The version of the link result's lines (`vigie link --format jsonl`), written on each
/// line: a reader refuses a line of a newer version rather than misread it.
pub const FORMAT: u32 = 1;

/// The two files and how to read them.
pub struct Files<'a> {
    pub leak: &'a Path,
    pub registry: &'a Path,
    /// How both are read; its id column is the leak's.
    pub reader: Reader<'a>,
    pub registry_id: Option<&'a str>,
    /// The key a registry index is sealed with, asked for only when the registry is one
    /// (the command line creates it on first use).
    pub index_key: &'a dyn Fn() -> std::result::Result<RegisterKey, vigie_detect::crypt::Error>,
    /// Whether the result carries the linked patients' contact details, read from the
    /// registry file (an index holds none).
    pub contacts: bool,
}

/// Where a run is, for the caller to show (and stop at, by answering an error).
pub enum Stage<'a> {
    Reading(&'a Path),
    LeakRead(&'a Table),
    /// The registry's sealed index, read back whole.
    IndexRead(&'a Index),
    /// The registry read for this leak: only its records some key of the leak met are kept.
    RegistryRead(&'a Index),
    Linking,
}

/// What a run gives: the two sides and the outcome.
pub struct Linked {
    pub leak: Table,
    pub index: Index,
    pub outcome: Outcome,
    /// The contact details of the patients of the pairs not rejected, by registry id, when
    /// asked.
    pub contacts: BTreeMap<String, Contact>,
    pub read_seconds: f64,
}

impl Linked {
    /// More leak rows than registry patients most often means the files were given the
    /// other way round: a leak is a part of a registry.
    pub fn swapped(&self) -> bool {
        self.index.population > 0 && self.leak.records.len() > self.index.population
    }

    /// The pairs as CSV (leak_id, registry_id, decision, probability, match_weight,
    /// runner_up_id, weight_gap): every pair but the rejected ones, unless `all`. The ids
    /// come from the files, the leak's from whoever wrote it: a spreadsheet opening this
    /// runs no formula from them.
    pub fn write_csv(&self, all: bool, w: &mut dyn Write) -> std::io::Result<()> {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record([
            "leak_id",
            "registry_id",
            "decision",
            "probability",
            "match_weight",
            "runner_up_id",
            "weight_gap",
        ])?;
        let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
        for d in self.shown(all) {
            csv.write_record([
                text(&d.leak_id),
                text(&d.registry_id),
                d.decision.as_str().to_string(),
                format!("{:.6}", d.probability),
                format!("{:.3}", d.match_weight),
                text(d.runner_up_id.as_deref().unwrap_or_default()),
                d.weight_gap.map_or(String::new(), |g| format!("{g:.3}")),
            ])?;
        }
        csv.flush()
    }

    fn shown(&self, all: bool) -> impl Iterator<Item = &crate::Decision> {
        self.outcome
            .decisions
            .iter()
            .filter(move |d| all || d.decision != Verdict::Reject)
    }

    /// The pairs as JSON lines, the interchange format `vigie breach attach --link`
    /// reads: every pair but the rejected ones, unless `all`.
    pub fn write_jsonl(&self, all: bool, w: &mut dyn Write) -> std::io::Result<()> {
        for d in self.shown(all) {
            #[derive(serde::Serialize)]
            struct Line<'a> {
                version: u32,
                #[serde(flatten)]
                decision: &'a crate::Decision,
                #[serde(skip_serializing_if = "Option::is_none")]
                contact: Option<&'a Contact>,
            }
            let line = Line {
                version: FORMAT,
                decision: d,
                contact: self.contacts.get(&d.registry_id),
            };
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
        }
        w.flush()
    }
}

/// Reads both files and links them with `options`. `stage` hears of each stage as it
/// begins or ends; when it answers `Break` the run stops there (a cancelled job).
pub fn link_files(
    files: &Files,
    options: &Options,
    stage: &mut dyn FnMut(Stage<'_>) -> ControlFlow<()>,
) -> Result<Linked> {
    let mut go = |s: Stage<'_>| match stage(s) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Error::Stopped),
    };
    let started = std::time::Instant::now();
    go(Stage::Reading(files.leak))?;
    let leak = files.reader.read_leak(files.leak)?;
    go(Stage::LeakRead(&leak))?;
    go(Stage::Reading(files.registry))?;
    let registry = Reader {
        id_column: files.registry_id,
        ..files.reader
    };
    let is_index = Index::is_index(files.registry);
    if is_index && files.contacts {
        return Err(Error::input(
            files.registry,
            "an index holds no contact details: give the registry file",
        ));
    }
    let index = if is_index {
        let index = Index::read(files.registry, &(files.index_key)()?)?;
        go(Stage::IndexRead(&index))?;
        index
    } else {
        let bound = rows_bound(files.registry);
        let index = Index::for_leak(&leak.records, bound, |keys, out| {
            registry.read_meeting(files.registry, keys, out)
        })?;
        go(Stage::RegistryRead(&index))?;
        index
    };
    let read_seconds = started.elapsed().as_secs_f64();
    go(Stage::Linking)?;
    let outcome = link(&leak, &index, options)?;
    let contacts = if files.contacts {
        // The patients of the pairs not rejected: those a breach case may notify.
        let wanted: HashSet<String> = outcome
            .decisions
            .iter()
            .filter(|d| d.decision != Verdict::Reject)
            .map(|d| d.registry_id.clone())
            .collect();
        go(Stage::Reading(files.registry))?;
        registry.contacts(files.registry, &wanted)?
    } else {
        BTreeMap::new()
    };
    Ok(Linked {
        leak,
        index,
        outcome,
        contacts,
        read_seconds,
    })
}

/// The contact details of the patients a link result names, for a result written
/// without them (`vigie breach attach --registry`): the registry read as `vigie link
/// --contacts` reads it.
pub fn contacts_of(
    registry: &Reader,
    path: &Path,
    wanted: &HashSet<String>,
) -> Result<BTreeMap<String, Contact>> {
    registry.contacts(path, wanted)
}
