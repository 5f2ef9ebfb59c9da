//! `vigie link`: which of our patients are in this leaked file.

use super::Result;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use vigie_detect::Lang;
use vigie_link::files::{Files, Stage, link_files};
use vigie_link::index::Index;
use vigie_link::record::{Field, TableInfo, read_each};
use vigie_link::{Options, Outcome};

/// Find which registry patients are in a leaked file: each leak row's best registry
/// candidate, with a probability and a field-by-field explanation.
///
/// Both files may be in any tabular format `vigie scan` reads (CSV in any encoding and
/// delimiter, XLSX, ODS, SQL dumps, Parquet…); of a dump or workbook, the first table with
/// identity columns is read. Columns are mapped automatically, from their headers or,
/// without a header, from their values (and the mapping printed); --map overrides. Pairs come from several blocking rules (their pair
/// counts printed), are scored by a Fellegi–Sunter model trained on the files themselves
/// (no labels; pairs of one household scored with the registry's own chances among
/// relatives), and each leak row's best candidate is accepted, sent to review or
/// rejected: accepted above a threshold chosen to keep the model's own estimate of false
/// matches under 0.1 % of them; in review below it (down to --review-from), or when a NIR
/// contradicts the other side (two valid NIRs differ, or a NIR says another sex or birth
/// month), or for twins' signature; rejected for birth dates or first names that differ
/// beyond a typo, unless the NIR or the e-mail agrees. Pairs in review are not notified
/// until a person confirms them. The run prints the blocking recall it estimates, the
/// pairs in review and the time of each step.
///
/// For a large registry linked often, `vigie link index REGISTRY --output DIR` reads it
/// once; `vigie link LEAK DIR` then links against the index.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// The leaked file.
    #[arg(required = true)]
    leak: Option<PathBuf>,
    /// The registry of patients: a file, or an index directory made by `vigie link
    /// index` (then the registry is not read again).
    #[arg(required = true)]
    registry: Option<PathBuf>,
    /// Where to write the matches (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// csv: leak_id,registry_id,decision,probability,match_weight,runner_up_id,weight_gap;
    /// jsonl: the same with each field's comparison level and weight (attachable to a
    /// breach case with `vigie breach attach --link`); html: a self-contained report
    /// (mapping, blocking, the model's weights, the match-weight distribution and
    /// borderline pairs explained), in French or English (--lang).
    #[arg(long, value_enum, default_value = "csv")]
    format: LinkFormat,
    #[command(flatten)]
    columns: Columns,
    /// The leak's id column (detected when absent; else line numbers).
    #[arg(long, value_name = "COLUMN")]
    leak_id: Option<String>,
    /// Every leak row's best candidate, rejected ones too (by default: the accepted
    /// matches and the pairs awaiting review).
    #[arg(long)]
    all: bool,
    /// A registry patient matches one leak row at most.
    #[arg(long)]
    one_to_one: bool,
    /// Accept at this probability instead of the model's choice (the lowest keeping its
    /// estimate of false matches among the accepted under 0.1 %, and at least 0.55).
    #[arg(long, value_name = "P")]
    threshold: Option<f64>,
    /// Pairs from this probability up to the threshold go to review, not accepted and
    /// not notified until a person confirms them (default 0.5). Pairs with a NIR that
    /// contradicts the other side, or twins' signature (one birth date, other first
    /// names), go to review whatever their probability above it; pairs born apart or of
    /// other first names, without a NIR or an e-mail in common, are rejected.
    #[arg(long, value_name = "P")]
    review_from: Option<f64>,
    /// Reviewers' answers on pairs of an earlier run, as `vigie breach review REF
    /// --export-labels FILE` writes them (one JSON object a line: leak_id, registry_id,
    /// answer same, different or cant_tell): a pair answered "same" is accepted,
    /// "different" never chosen again; answers naming a pair no longer among the
    /// candidates are counted and left.
    #[arg(long, value_name = "FILE")]
    labels: Option<PathBuf>,
    #[command(flatten)]
    lang: super::Language,
}

/// Column mapping, shared by the link and the index.
#[derive(clap::Args)]
struct Columns {
    /// Column mapping override, COLUMN=FIELD (fields: id, last_name, full_name,
    /// birth_name, usage_name, first_name, sex, birth_date, nir, address, postcode, city, phone, email,
    /// other, ignore); repeatable, applies to both files.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// The registry's id column.
    #[arg(long, value_name = "COLUMN")]
    registry_id: Option<String>,
    /// The key an index is sealed with (it holds the registry's patients): default
    /// $VIGIE_REGISTER_KEY, else $VIGIE_HOME/register.key, created on first use; the
    /// breach register's key.
    #[arg(long, value_name = "FILE")]
    register_key: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Build a registry's index once: its records normalised, the blocking keys of every
    /// rule, name frequencies, chance agreements and a sample of patients, sealed
    /// (XChaCha20-Poly1305) with the register key. `vigie link LEAK DIR` then links
    /// against it without reading the registry again. Build it again when the registry
    /// changes, or after upgrading vigie.
    Index(IndexArgs),
}

#[derive(clap::Args)]
struct IndexArgs {
    /// The registry of patients (any tabular format `vigie scan` reads).
    registry: PathBuf,
    /// The index directory to write (created; an index already there is replaced).
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
    /// Memory for blocking keys, in MB: beyond it, keys are sorted in runs on disk and
    /// merged. The rest of the build holds name frequencies and 16 bytes a row.
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    memory: usize,
    #[command(flatten)]
    columns: Columns,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LinkFormat {
    Csv,
    Jsonl,
    Html,
}

fn overrides(columns: &Columns) -> Result<BTreeMap<String, Field>> {
    parse_map(&columns.map)
}

/// `--map COLUMN=FIELD` flags as the link's column overrides.
pub(super) fn parse_map(map: &[String]) -> Result<BTreeMap<String, Field>> {
    let mut overrides = BTreeMap::new();
    for m in map {
        let (col, field) = m
            .split_once('=')
            .ok_or_else(|| format!("--map: {m:?} is not COLUMN=FIELD"))?;
        let f = Field::parse(field).ok_or_else(|| format!("--map: unknown field {field:?}"))?;
        overrides.insert(col.trim().to_string(), f);
    }
    Ok(overrides)
}

fn year() -> u16 {
    jiff::Zoned::now().year() as u16
}

/// What was read of a file: its mapping, its warnings and the rows not compared.
fn describe(t: &TableInfo, records: usize, l: Lang) {
    let mapping: Vec<String> = t
        .mapping
        .iter()
        .map(|(col, f)| format!("{col}={}", f.id()))
        .collect();
    let (path, mapping) = (&t.path, mapping.join(", "));
    match l {
        Lang::Fr => eprintln!("vigie : {path} : {records} lignes ; colonnes {mapping}"),
        Lang::En => eprintln!("vigie: {path}: {records} rows; columns {mapping}"),
    }
    for w in t.warnings.iter().take(20) {
        eprintln!("vigie: {} {w}", l.pick("attention :", "warning:"));
    }
    if t.warnings.len() > 20 {
        let n = t.warnings.len();
        eprintln!(
            "vigie: … {n} {}",
            l.pick("avertissements en tout", "warnings in all")
        );
    }
    for (line, why) in t.unusable.iter().take(20) {
        eprintln!(
            "vigie: {path}:{line}: {} {why}",
            l.pick("non comparée :", "not compared:")
        );
    }
    if !t.unusable.is_empty() {
        let n = t.unusable.len();
        eprintln!(
            "vigie: {path}: {n} {}",
            l.pick("lignes non comparées", "rows not compared")
        );
    }
}

/// A spinner on a terminal (nothing when standard error is not one) that says which stage
/// a long run is at and for how long: linking a million rows takes minutes.
fn stages() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    bar
}

fn index(args: IndexArgs, l: Lang) -> Result<u8> {
    let overrides = overrides(&args.columns)?;
    let detector = vigie_detect::Detector::new()?;
    let started = std::time::Instant::now();
    let bar = stages();
    bar.set_message(format!("indexing {}", args.registry.display()));
    let mut info = None;
    let key = super::register_key(args.columns.register_key.clone())?;
    let records = Index::write(
        |out| {
            let i = read_each(
                &args.registry,
                &detector,
                &overrides,
                args.columns.registry_id.as_deref(),
                year(),
                out,
            )?;
            info = Some(i.clone());
            Ok(i)
        },
        &args.output,
        args.memory.max(1) << 20,
        &key,
    )?;
    bar.finish_and_clear();
    if let Some(info) = &info {
        describe(info, records as usize, l);
    }
    let (path, seconds) = (args.output.display(), started.elapsed().as_secs_f64());
    match l {
        Lang::Fr => eprintln!(
            "vigie : index de {records} patients écrit dans {path} en {} s",
            l.decimal(seconds, 1)
        ),
        Lang::En => {
            eprintln!("vigie: index of {records} patients written to {path} in {seconds:.1} s")
        }
    }
    Ok(0)
}

/// What the link found, on standard error in the reader's language: per blocking rule,
/// the model, then what the DPO signs (persons, not rows).
fn report_log(out: &Outcome, leak_rows: u64, read_seconds: f64, labels: bool, l: Lang) {
    let fr = l == Lang::Fr;
    let d = |x: f64, digits: usize| l.decimal(x, digits);
    for r in &out.rules {
        let (pairs, matches, only) = (r.pairs, r.matches, r.only_matches);
        let capped = match (r.capped_blocks, fr) {
            (0, _) => String::new(),
            (n, true) => format!(" ({n} blocs trop grands écartés)"),
            (n, false) => format!(" ({n} oversized blocks skipped)"),
        };
        if fr {
            eprintln!(
                "vigie : règle de blocage {:<52} {pairs:>9} paires {matches:>8} retenues {only:>6} par elle seule{capped}",
                r.name_fr
            );
        } else {
            eprintln!(
                "vigie: blocking rule {:<44} {pairs:>9} pairs {matches:>8} matches {only:>6} found by no other rule{capped}",
                r.name
            );
        }
    }
    if let Some(r) = out.blocking_recall {
        if fr {
            eprintln!(
                "vigie : rappel du blocage estimé à {} (d'après le nombre de règles qui trouvent chaque paire retenue)",
                d(r, 4)
            );
        } else {
            eprintln!(
                "vigie: blocking recall estimated at {r:.4} (from how many rules found each match)"
            );
        }
    }
    let [blocking, training, deciding] = out.seconds;
    if fr {
        eprintln!(
            "vigie : {} s de lecture, {} s de blocage et de comparaison, {} s d'apprentissage, {} s de décision",
            d(read_seconds, 1),
            d(blocking, 1),
            d(training, 1),
            d(deciding, 1)
        );
    } else {
        eprintln!(
            "vigie: {read_seconds:.1} s reading, {blocking:.1} s blocking and comparing, {training:.1} s training, {deciding:.1} s deciding"
        );
    }
    let accepted = out.decisions.iter().filter(|d| d.accepted).count();
    let (pairs, iterations, without) = (
        out.candidate_pairs,
        out.model.iterations,
        out.without_candidate,
    );
    if fr {
        eprintln!(
            "vigie : {pairs} paires candidates ; modèle : {iterations} itérations EM, part des paires concordantes {} ; seuil {} ; {accepted} paires retenues, dont environ {} fausses selon le modèle lui-même ; {without} lignes de la fuite sans candidat",
            d(out.model.lambda, 4),
            d(out.threshold, 3),
            d(out.expected_false_matches, 1)
        );
        eprintln!(
            "vigie : à vérifier (pas de notification avant confirmation) : {} (à partir de la probabilité {}, ou contredites par un NIR, ou jumeaux) ; écartées pour une contradiction décisive (nés à des dates éloignées, autres prénoms) : {}",
            out.in_review,
            d(out.review_from, 3),
            out.contradicted
        );
    } else {
        eprintln!(
            "vigie: {pairs} candidate pairs; model: {iterations} EM iterations, match share {:.4}; threshold {:.3}; {accepted} matches, of which about {:.1} false by the model's own estimate; {without} leak rows without candidate",
            out.model.lambda, out.threshold, out.expected_false_matches
        );
        eprintln!(
            "vigie: awaiting review (not notified until confirmed): {} (from probability {:.3}, or contradicted by a NIR, or twins); rejected for a decisive contradiction (born apart, other first names): {}",
            out.in_review, out.review_from, out.contradicted
        );
    }
    let p = out.persons(leak_rows);
    let (affected, accepted, waiting) = (p.affected, p.accepted_rows, p.review_patients);
    let (waiting_rows, unmatched, rows) = (p.review_rows, p.unmatched_rows, p.leak_rows);
    if fr {
        eprintln!(
            "vigie : {affected} patients du registre dans la fuite ({accepted} lignes retenues), {waiting} de plus à vérifier ({waiting_rows} lignes) ; {unmatched} des {rows} lignes de la fuite ne correspondent à aucun patient"
        );
    } else {
        eprintln!(
            "vigie: {affected} registry patients in the leak ({accepted} rows accepted), {waiting} more awaiting review ({waiting_rows} rows); {unmatched} of {rows} leak rows match no patient"
        );
    }
    if labels {
        let (applied, stale) = (out.labels_applied, out.labels_stale);
        if fr {
            eprintln!(
                "vigie : réponses des vérificateurs appliquées : {applied} ; visant une paire qui n'est plus candidate (laissées) : {stale}"
            );
        } else {
            eprintln!(
                "vigie: reviewers' answers applied: {applied}; naming a pair no longer among the candidates (left): {stale}"
            );
        }
    }
}

pub fn run(args: Args) -> Result<u8> {
    let (Some(leak_path), Some(registry_path)) = (&args.leak, &args.registry) else {
        return match args.command {
            Some(Sub::Index(a)) => index(a, args.lang.get()),
            None => Err("vigie link LEAK REGISTRY, or vigie link index REGISTRY".into()),
        };
    };
    let overrides = overrides(&args.columns)?;
    if let Some(t) = args.threshold
        && !(0.0..=1.0).contains(&t)
    {
        return Err(format!("--threshold: {t} is not a probability").into());
    }
    if let Some(t) = args.review_from
        && !(0.0..=1.0).contains(&t)
    {
        return Err(format!("--review-from: {t} is not a probability").into());
    }
    let labels = match &args.labels {
        Some(path) => read_labels(path)?,
        None => Vec::new(),
    };
    let detector = vigie_detect::Detector::new()?;
    let l = args.lang.get();
    let bar = stages();
    let index_key = || super::register_key(args.columns.register_key.clone());
    let files = Files {
        leak: leak_path,
        registry: registry_path,
        overrides: &overrides,
        leak_id: args.leak_id.as_deref(),
        registry_id: args.columns.registry_id.as_deref(),
        this_year: year(),
        index_key: &index_key,
    };
    let options = Options {
        one_to_one: args.one_to_one,
        threshold: args.threshold,
        review_from: args.review_from,
        labels,
        ..Options::default()
    };
    let linked = link_files(&files, &detector, &options, &mut |stage| {
        match stage {
            Stage::Reading(path) => bar.set_message(format!(
                "{} {}",
                l.pick("lecture de", "reading"),
                path.display()
            )),
            Stage::LeakRead(leak) => bar.suspend(|| describe(&leak.info, leak.records.len(), l)),
            Stage::IndexRead(index) => bar.suspend(|| {
                let (of, n, from) = (
                    &index.info.path,
                    index.records.len(),
                    registry_path.display(),
                );
                match l {
                    Lang::Fr => eprintln!("vigie : index de {of} ({n} patients) lu dans {from}"),
                    Lang::En => eprintln!("vigie: index of {of} ({n} patients) read from {from}"),
                }
            }),
            Stage::RegistryRead(index) => bar.suspend(|| {
                describe(&index.info, index.population, l);
                let (n, of) = (index.records.len(), index.population);
                match l {
                    Lang::Fr => eprintln!(
                        "vigie : {n} des {of} patients du registre partagent une clé de blocage avec la fuite"
                    ),
                    Lang::En => eprintln!(
                        "vigie: {n} of the {of} registry patients share a blocking key with the leak"
                    ),
                }
            }),
            Stage::Linking => bar.set_message(
                l.pick(
                    "blocage, comparaison, apprentissage et décision",
                    "blocking, comparing, training and deciding",
                )
                .to_string(),
            ),
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    if linked.swapped() {
        let (rows, patients) = (linked.leak.records.len(), linked.index.population);
        match l {
            Lang::Fr => eprintln!(
                "vigie : attention : la fuite a plus de lignes ({rows}) que le registre n'a de \
                 patients ({patients}) : les fichiers ont-ils été donnés dans l'autre sens ? \
                 L'ordre est `vigie link FUITE REGISTRE`"
            ),
            Lang::En => eprintln!(
                "vigie: warning: the leak has more rows ({rows}) than the registry has patients \
                 ({patients}): were the files given the other way round? The order is \
                 `vigie link LEAK REGISTRY`"
            ),
        }
    }
    let (out, leak, index) = (&linked.outcome, &linked.leak, &linked.index);
    let read_seconds = linked.read_seconds;
    report_log(out, leak.info.rows, read_seconds, args.labels.is_some(), l);
    let mut w: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let shown = out
        .decisions
        .iter()
        .filter(|d| args.all || d.decision != vigie_link::Verdict::Reject);
    match args.format {
        LinkFormat::Csv => {
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
            // The ids come from the files, the leak's from whoever wrote it.
            let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
            for d in shown {
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
            csv.flush()?;
        }
        LinkFormat::Html => {
            let fr = l == Lang::Fr;
            w.write_all(vigie_link::report::html(out, &leak.info, &index.info, fr).as_bytes())?;
            w.flush()?;
        }
        LinkFormat::Jsonl => linked.write_jsonl(args.all, &mut w)?,
    }
    // The process ends here: freeing millions of records string by string would take
    // longer than the system takes their pages back.
    std::mem::forget(linked);
    Ok(0)
}

/// Reviewers' answers from a labels file: every malformed line reported with its number,
/// nothing used unless all are good; "can't tell" answers are no answer.
fn read_labels(path: &std::path::Path) -> Result<Vec<vigie_link::Label>> {
    #[derive(serde::Deserialize)]
    struct Line {
        leak_id: String,
        registry_id: String,
        answer: vigie_breach::evidence::Answer,
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut labels = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Line>(line) {
            Ok(l) => {
                let same = match l.answer {
                    vigie_breach::evidence::Answer::Same => true,
                    vigie_breach::evidence::Answer::Different => false,
                    vigie_breach::evidence::Answer::CantTell => continue,
                };
                labels.push(vigie_link::Label {
                    leak_id: l.leak_id,
                    registry_id: l.registry_id,
                    same,
                });
            }
            Err(e) => errors.push(format!("{}:{}: {e}", path.display(), n + 1)),
        }
    }
    if errors.is_empty() {
        Ok(labels)
    } else {
        Err(errors.join("\n").into())
    }
}
