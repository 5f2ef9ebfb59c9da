//! A leaked file linked to a registry file (or the registry's sealed index), as `vigie
//! link` runs it and as the web's jobs run it in-process: the leak read, the registry
//! read for it, then the link; each stage told to the caller, who may stop the run there.

use crate::index::Index;
use crate::record::{Field, Table, read_leak, read_meeting, rows_bound};
use crate::{Options, Outcome, Verdict, link};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use vigie_detect::Detector;
use vigie_detect::crypt::RegisterKey;

/// The version of the link result's lines (`vigie link --format jsonl`), written on each
/// line: a reader refuses a line of a newer version rather than misread it.
pub const FORMAT: u32 = 1;

/// The two files and how to read them.
pub struct Files<'a> {
    pub leak: &'a Path,
    pub registry: &'a Path,
    /// Columns mapped by hand (`--map`), by header.
    pub overrides: &'a BTreeMap<String, Field>,
    pub leak_id: Option<&'a str>,
    pub registry_id: Option<&'a str>,
    /// The year the ages are counted from.
    pub this_year: u16,
    /// The key a registry index is sealed with, asked for only when the registry is one
    /// (the command line creates it on first use).
    pub index_key: &'a dyn Fn() -> Result<RegisterKey, String>,
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
    pub read_seconds: f64,
}

impl Linked {
    /// More leak rows than registry patients most often means the files were given the
    /// other way round: a leak is a part of a registry.
    pub fn swapped(&self) -> bool {
        self.index.population > 0 && self.leak.records.len() > self.index.population
    }

    /// The pairs as JSON lines, the interchange format `vigie breach attach --link`
    /// reads: every pair but the rejected ones, unless `all`.
    pub fn write_jsonl(&self, all: bool, w: &mut dyn Write) -> std::io::Result<()> {
        for d in self
            .outcome
            .decisions
            .iter()
            .filter(|d| all || d.decision != Verdict::Reject)
        {
            #[derive(serde::Serialize)]
            struct Line<'a> {
                version: u32,
                #[serde(flatten)]
                decision: &'a crate::Decision,
            }
            let line = Line {
                version: FORMAT,
                decision: d,
            };
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
        }
        w.flush()
    }
}

/// Reads both files and links them with `options`. `stage` hears of each stage as it
/// begins or ends; an error it answers stops the run there (a cancelled job).
pub fn link_files(
    files: &Files,
    detector: &Detector,
    options: &Options,
    stage: &mut dyn FnMut(Stage<'_>) -> Result<(), String>,
) -> Result<Linked, String> {
    let started = std::time::Instant::now();
    stage(Stage::Reading(files.leak))?;
    let leak = read_leak(
        files.leak,
        detector,
        files.overrides,
        files.leak_id,
        files.this_year,
    )?;
    stage(Stage::LeakRead(&leak))?;
    stage(Stage::Reading(files.registry))?;
    let index = if Index::is_index(files.registry) {
        let index = Index::read(files.registry, &(files.index_key)()?)?;
        stage(Stage::IndexRead(&index))?;
        index
    } else {
        let bound = rows_bound(files.registry);
        let index = Index::for_leak(&leak.records, bound, |keys, out| {
            read_meeting(
                files.registry,
                detector,
                files.overrides,
                files.registry_id,
                files.this_year,
                keys,
                out,
            )
        })?;
        stage(Stage::RegistryRead(&index))?;
        index
    };
    let read_seconds = started.elapsed().as_secs_f64();
    stage(Stage::Linking)?;
    let outcome = link(&leak, &index, options);
    Ok(Linked {
        leak,
        index,
        outcome,
        read_seconds,
    })
}
