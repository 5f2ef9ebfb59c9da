//! `vigie breach`: the breach case file and the register.

use super::Result;
use jiff::Timestamp;
use std::io::Write;
use std::path::PathBuf;
use vigie_breach::Lang;
use vigie_breach::case::{
    Actor, Breach, Controller, DataCategory, Intent, Nature, Origin, PersonCategory,
};
use vigie_breach::obligations::{Decision, Exemption, Recipient};
use vigie_breach::severity::{
    Adjustment, DpcCategory, EaseOfIdentification, Level, Loss, Override, SeverityInput,
};
use vigie_breach::{text, time};

/// The breach case file and the register: facts, severity (ENISA), obligations and
/// deadlines, decisions, and a hash-chained history of every change.
///
/// Times are RFC 3339 (`2026-11-20T10:00:00Z`) or local French time (`2026-11-20 11:00`).
/// Every command takes `--json` for scripting.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    register: super::Register,
    #[command(flatten)]
    json: super::Json,
    /// After a change, print nothing (scripts; the case is shown by `show`).
    #[arg(long, global = true, conflicts_with = "json")]
    quiet: bool,
    /// Who makes the change, as recorded in the history (default: $USER, else $LOGNAME;
    /// without any, a change is refused rather than recorded as made by no one).
    #[arg(long, global = true, value_name = "NAME")]
    by: Option<String>,
    #[command(flatten)]
    lang: super::Language,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Open a case.
    New(Box<New>),
    /// The register: every case, with its level and next deadline.
    List {
        /// Under each processor's case, its controllers as rows (as `vigie breach
        /// controllers` shows them).
        #[arg(long, visible_alias = "controller")]
        controllers: bool,
    },
    /// One case: facts, severity, obligations with due times and status.
    Show { reference: String },
    /// Change facts of a case: `--set FIELD=VALUE`, repeatable (fields as in `show --json`:
    /// title, aware, discovered, occurred_start, occurred_end, ongoing, processor_informed,
    /// discovery, origin, actor, intent, persons, persons_count, data, records_count,
    /// medium, consequences, measures_taken, measures_planned, dpo…). Lists are
    /// comma-separated; `FIELD=` clears an optional field. The change is refused whole if
    /// the case becomes inconsistent.
    Edit {
        /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true, value_parser = vigie_breach::case::change)]
        sets: Vec<(String, String)>,
    },
    /// Score a case with the ENISA method (SE = DPC × EI + CB), or override the level.
    Assess(Box<Assess>),
    /// Record a decision on an obligation: notified, not notifying, an Art. 34(3)
    /// exemption, or a public communication.
    Decide(Decide),
    /// Attach evidence: a scan report (`vigie scan --format json`) fills the data categories
    /// and the person count; a link result (JSON lines of affected persons) adds the
    /// persons, sealed with the register key. Files are referenced by BLAKE3, not copied.
    Attach(Attach),
    /// The affected persons of a case (identities shown only with --reveal).
    Persons {
        /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        /// Show names and contact details.
        #[arg(long)]
        reveal: bool,
    },
    /// The pairs of a case's link results awaiting review, with what contradicts them;
    /// with a registry id and --answer, a reviewer's answer on that pair: `same` accepts
    /// it (the person is affected and notified), `different` rejects it, `cant-tell`
    /// leaves it for someone who can. Every answer is kept, sealed with the person; the
    /// latest that tells decides, and the history records who answered what, when.
    Review {
        /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        /// The registry id of the pair to answer on.
        #[arg(requires = "answer")]
        registry_id: Option<String>,
        /// The answer on the pair: same person, different persons, or can't tell.
        #[arg(long, value_enum, requires = "registry_id")]
        answer: Option<AnswerArg>,
        /// Instead, draw up to N pairs per probability band among those vigie link
        /// accepted and no one answered on, to answer on: the audit whose answers estimate
        /// the accepted pairs' precision (printed after the pairs awaiting review).
        #[arg(long, value_name = "N", conflicts_with = "registry_id")]
        audit: Option<usize>,
        /// The audit draw's seed (the same seed draws the same pairs).
        #[arg(long, default_value_t = 1, requires = "audit")]
        seed: u64,
        /// Instead, write the reviewers' latest answers, one JSON object a line (leak_id,
        /// registry_id, answer, by, at), for `vigie link --labels` (created 0600: the ids
        /// are the patients').
        #[arg(long, value_name = "FILE", conflicts_with_all = ["registry_id", "audit"])]
        export_labels: Option<PathBuf>,
        /// Instead, answer the pairs one after another, least sure first: each shown with
        /// what contradicts it and every field's level and weight; type 1 (same person),
        /// 2 (different), 3 (can't tell), v (show the registry's values for the pair: the
        /// history records that you looked), Enter (skip) or q (quit), then Enter.
        #[arg(long, conflicts_with_all = ["registry_id", "audit", "export_labels"])]
        interactive: bool,
        /// With --interactive: hide the model's probability and the weights, so that the
        /// answer is the reviewer's own.
        #[arg(long, requires = "interactive")]
        blind: bool,
    },
    /// A processor's controllers, as rows: each one's share of the leak (rows, distinct
    /// persons) and when it was told, or how long it has waited since the processor
    /// became aware. With --import, the processor's table of them is taken in first.
    Controllers {
        /// The processor's case, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        /// The processor's table of controllers, CSV (`;` or `,`, UTF-8 or Windows-1252):
        /// columns id (FINESS, SIRET or the processor's client code; unique), name, and
        /// optionally dpo (who is told) and sites (the codes that name it in a leak's
        /// site column, separated by spaces or `|`). Controllers already in the case are
        /// updated by id, never removed; a duplicate id or a code naming two controllers
        /// is refused with its line.
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
        /// Only the controllers not told yet, or those whose own case is late telling the
        /// supervisory authority.
        #[arg(long, value_enum, default_value = "all")]
        only: text::Only,
    },
    /// Share a leak out among a processor's controllers by a column naming each row's
    /// site (a laboratory code, a FINESS: the ids and sites of the controllers' table),
    /// and record each controller's rows and distinct persons in the case. The leak is
    /// de-duplicated as `vigie link dedup` does, so a patient with rows at two
    /// laboratories is one person, and the concern of both. Rows whose code no
    /// controller claims are kept as unassigned, their codes listed.
    Split(SplitArgs),
    /// Record that a processor's controllers were told of the breach (GDPR Art. 33(2)):
    /// those named, or --all those not told yet. A controller told already keeps its
    /// record.
    Inform {
        /// The processor's case, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        /// The controllers' ids, as `vigie breach controllers` lists them.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<String>,
        /// Every controller not told yet.
        #[arg(long)]
        all: bool,
        /// When: Paris time (`2026-11-20 11:00`) or RFC 3339; not in the future, not
        /// before the breach was discovered.
        #[arg(long, value_name = "TIME", value_parser = time::parse)]
        at: Timestamp,
        /// How: the channel and what was sent (e.g. "e-mail to the DPO with the notice").
        #[arg(long, default_value = "")]
        how: String,
        /// Instead, record that the controllers named acknowledged the notice, at --at.
        #[arg(long, conflicts_with = "all")]
        acknowledged: bool,
    },
    /// Write a processor's notice to one of its controllers as a file to send it: the
    /// processor's facts (not its severity), the controller's share of the leak and how
    /// it was counted, when it was told. Counts only: no person is in it. The controller
    /// opens its own case from it with `vigie breach receive`.
    Notice {
        /// The processor's case, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        /// The controller's id, as `vigie breach controllers` lists it; without it, every
        /// controller's notice, each in `ID.json` of the --output folder.
        controller: Option<String>,
        /// The file to write (JSON, `vigie-processor-notice/1`), or the folder for all.
        #[arg(long, value_name = "FILE|DIR")]
        output: PathBuf,
    },
    /// Open a controller's own case from its processor's notice (`vigie breach notice`):
    /// the processor's facts, the controller's share as its counts (persons, records),
    /// the processor named, and the 72-hour clock started when the processor told it.
    /// Severity and decisions are the controller's own.
    Receive(Receive),
    /// Delegate the notices to the persons to the processor: it sends them (`vigie notify
    /// send --delegated`) under the controller's name, letterhead and address; or
    /// --revoke the delegation in force (the notices sent stay in the delivery log).
    Delegate(Delegate),
    /// The history of a case: who changed what, when.
    History { reference: String },
    /// Check the whole register's hash chain and states.
    Verify,
    /// The whole register, for the authority or the archive: CSV (`;` and a BOM in French,
    /// for Excel), JSON, or a printable HTML page; in French or English (--lang).
    Export {
        #[arg(long, value_enum, default_value = "html")]
        format: ExportFormat,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The controller's name, printed at the top of the HTML register.
        #[arg(long, default_value = "")]
        organisation: String,
    },
}

#[derive(clap::Args)]
struct New {
    #[arg(long)]
    title: String,
    #[arg(long, value_enum)]
    controller: Controller,
    /// An operator or entity under NIS (adds the national security agency's deadlines).
    #[arg(long)]
    nis: bool,
    #[arg(long, value_name = "TIME", value_parser = time::parse)]
    occurred_start: Option<Timestamp>,
    #[arg(long, value_name = "TIME", value_parser = time::parse, conflicts_with = "ongoing")]
    occurred_end: Option<Timestamp>,
    #[arg(long)]
    ongoing: bool,
    #[arg(long, value_name = "TIME", value_parser = time::parse)]
    discovered: Timestamp,
    /// When the controller became aware: the 72-hour clock starts here.
    #[arg(long, value_name = "TIME", value_parser = time::parse)]
    aware: Timestamp,
    #[arg(long, value_name = "TIME", value_parser = time::parse)]
    processor_informed: Option<Timestamp>,
    /// How the breach was discovered.
    #[arg(long, default_value = "")]
    discovery: String,
    /// Comma-separated: confidentiality, integrity, availability.
    #[arg(long)]
    nature: Nature,
    #[arg(long, value_enum)]
    origin: Origin,
    #[arg(long, value_enum, default_value = "unknown")]
    actor: Actor,
    #[arg(long, value_enum, default_value = "unknown")]
    intent: Intent,
    #[arg(long = "processor", value_name = "NAME")]
    processors: Vec<String>,
    /// Comma-separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    persons: Vec<PersonCategory>,
    #[arg(long)]
    persons_count: Option<u64>,
    /// Comma-separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    data: Vec<DataCategory>,
    #[arg(long)]
    records_count: Option<u64>,
    /// Where the data were (a file, a server, a table), as the authority forms ask.
    #[arg(long, default_value = "")]
    medium: String,
    /// The likely consequences for the persons, in the DPO's words (the notices say
    /// them; without them, a general sentence on phishing and identity theft).
    #[arg(long, default_value = "")]
    consequences: String,
    /// What was done, in the DPO's words, for the notices and the forms. Without it the
    /// notices say only what the case records (the end of the breach, the CNIL's
    /// notification), and refuse to be sent when it records neither.
    #[arg(long, default_value = "")]
    measures_taken: String,
    /// What will be done, in the DPO's words.
    #[arg(long, default_value = "")]
    measures_planned: String,
    /// The DPO or contact point: name and contact details.
    #[arg(long)]
    dpo: String,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("act").required(true).args(["to", "revoke"])))]
struct Delegate {
    /// The controller's case, as `vigie breach list` shows it (VIG-2026-0001).
    reference: String,
    /// Who sends: the processor.
    #[arg(long, value_name = "NAME", requires = "from")]
    to: Option<String>,
    /// The controller's name, as the notices sign (default, for a case opened from a
    /// processor's notice: the name the processor's table gives).
    #[arg(long, value_name = "NAME")]
    organisation: Option<String>,
    /// The controller's mailbox the e-mails come from: `Laboratoire Exemple
    /// <dpo@labo.example>`.
    #[arg(long, value_name = "MAILBOX")]
    from: Option<String>,
    /// A line of the controller's letterhead address (repeatable; default, for a case
    /// opened from a processor's notice: the letterhead the processor's table gives).
    #[arg(long, value_name = "LINE")]
    letterhead: Vec<String>,
    /// Revoke the delegation in force, giving why.
    #[arg(long, value_name = "WHY")]
    revoke: Option<String>,
}

#[derive(clap::Args)]
struct Receive {
    /// The processor's notice (`vigie-processor-notice/1`).
    notice: PathBuf,
    /// What the controller is.
    #[arg(long, value_enum)]
    controller: Controller,
    /// An operator or entity under NIS (adds the national security agency's deadlines).
    #[arg(long)]
    nis: bool,
    /// The controller's DPO or contact point: name and contact details.
    #[arg(long)]
    dpo: String,
    /// When the controller became aware, when not when the notice says the processor
    /// told it (Paris time or RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = time::parse)]
    aware: Option<Timestamp>,
}

#[derive(clap::Args)]
struct SplitArgs {
    /// The processor's case, as `vigie breach list` shows it (VIG-2026-0001).
    reference: String,
    /// The leaked file (any tabular format `vigie scan` reads).
    leak: PathBuf,
    /// The column naming each row's site or controller.
    #[arg(long, value_name = "COLUMN")]
    column: String,
    /// The leak's id column (detected when absent; else line numbers).
    #[arg(long, value_name = "COLUMN")]
    id: Option<String>,
    /// Column mapping override, COLUMN=FIELD, as for `vigie link`; repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// A controller's registry encoded for linkage without sharing it (`vigie link
    /// encode`), ID=FILE, repeatable: the rows no code assigns are linked to it, and
    /// those that match its patients are its own (counted apart, as found by linkage).
    /// A file encoded with another secret is refused.
    #[arg(long, value_name = "ID=FILE", requires = "secret")]
    encoded: Vec<String>,
    /// The secret the controllers' encodings were made with (see `vigie link encode`).
    #[arg(long, value_name = "FILE")]
    secret: Option<PathBuf>,
    /// Write each controller's rows as the leak holds them (its columns, and the row's
    /// person last: vigie_person) to DIR/ID.csv, and the unassigned ones to
    /// DIR/unassigned.csv, created readable by their owner alone: what the processor
    /// hands each controller to link to its registry.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

/// A reviewer's answer, as typed.
#[derive(Clone, Copy, clap::ValueEnum)]
enum AnswerArg {
    Same,
    Different,
    CantTell,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
    Html,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("evidence").required(true).multiple(false)))]
struct Attach {
    /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
    reference: String,
    #[arg(long, group = "evidence", value_name = "FILE")]
    scan: Option<PathBuf>,
    #[arg(long, group = "evidence", value_name = "FILE")]
    link: Option<PathBuf>,
    /// The patient registry the link result was made against, for a result written
    /// without `vigie link --contacts`: the linked patients' names, postal and e-mail
    /// addresses are taken from it (by registry id) and sealed with them, for their
    /// notices.
    #[arg(long, requires = "link", value_name = "FILE")]
    registry: Option<PathBuf>,
    /// The registry's id column (detected when absent).
    #[arg(long, requires = "registry", value_name = "COLUMN")]
    registry_id: Option<String>,
    /// Registry column mapping override, COLUMN=FIELD (as for `vigie link`); repeatable.
    #[arg(long = "map", requires = "registry", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
}

#[derive(clap::Args)]
struct Assess {
    /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
    reference: String,
    /// Most sensitive data category.
    #[arg(long, value_enum)]
    category: DpcCategory,
    /// DPC adjustment as DELTA:REASON (`+1:minors`), repeatable.
    #[arg(long = "adjust", value_name = "DELTA:REASON")]
    adjustments: Vec<Adjustment>,
    /// Ease of identification.
    #[arg(long, value_enum)]
    ei: EaseOfIdentification,
    /// Loss of confidentiality: limited (known recipients) or full (unknown, public).
    #[arg(long, value_enum, default_value = "none")]
    confidentiality: Loss,
    /// Loss of integrity: limited (recoverable) or full.
    #[arg(long, value_enum, default_value = "none")]
    integrity: Loss,
    /// Loss of availability: limited (temporary) or full (permanent).
    #[arg(long, value_enum, default_value = "none")]
    availability: Loss,
    /// The breach is malicious (an attack, a theft): the ENISA method adds 0.5 to the
    /// circumstances (CB).
    #[arg(long)]
    malicious: bool,
    /// The DPO's level instead of the computed one.
    #[arg(long, value_enum, requires = "justification")]
    r#override: Option<Level>,
    /// Why the level is overridden (kept in the case).
    #[arg(long)]
    justification: Option<String>,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("decision").required(true).multiple(false)))]
struct Decide {
    /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
    reference: String,
    /// Notified this recipient, at --at.
    #[arg(
        long,
        value_enum,
        group = "decision",
        value_name = "RECIPIENT",
        requires = "at"
    )]
    notified: Option<Recipient>,
    /// A complementary notification (after the initial one).
    #[arg(long)]
    complementary: bool,
    /// Not notifying this recipient; --reason is required.
    #[arg(
        long,
        value_enum,
        group = "decision",
        value_name = "RECIPIENT",
        requires = "reason"
    )]
    not_notifying: Option<Recipient>,
    /// Art. 34(3) exemption; --evidence is required.
    #[arg(
        long,
        value_enum,
        group = "decision",
        value_name = "GROUND",
        requires = "evidence"
    )]
    exemption: Option<Exemption>,
    /// The public communication replacing individual notices, at --at on --channel.
    #[arg(long, group = "decision", requires_all = ["at", "channel"])]
    public_communication: bool,
    /// When it was done: Paris time (`2026-11-20 11:00`) or RFC 3339; not in the future,
    /// not before the breach was discovered.
    #[arg(long, value_name = "TIME", value_parser = time::parse)]
    at: Option<Timestamp>,
    /// Reasons (for not notifying, or for a late notification).
    #[arg(long)]
    reason: Option<String>,
    /// What shows the exemption applies (e.g. the encryption used and where its key was).
    #[arg(long)]
    evidence: Option<String>,
    /// Where the public communication was made (e.g. the laboratory's website, a press
    /// release).
    #[arg(long)]
    channel: Option<String>,
}

/// Adds to each linked person the contact details their registry row holds (fields the
/// link result already gives are kept).
fn add_contacts(
    persons: &mut [vigie_breach::evidence::Person],
    registry: &std::path::Path,
    id_column: Option<&str>,
    map: &[String],
    lang: Lang,
) -> Result<()> {
    let detector = vigie_detect::Detector::new()?;
    let overrides = vigie_link::summary::overrides(map)?;
    let reader = vigie_link::record::Reader {
        detector: &detector,
        overrides: &overrides,
        id_column,
        this_year: 0,
    };
    let wanted = persons.iter().map(|p| p.registry_id.clone()).collect();
    let found = vigie_link::files::contacts_of(&reader, registry, &wanted)?;
    let missing = vigie_breach::evidence::add_contacts(persons, &found);
    let (path, n) = (registry.display(), persons.len());
    contacts_said(registry, n - missing, n, lang);
    if missing > 0 {
        match lang {
            Lang::Fr => eprintln!(
                "vigie : {missing} personne(s) rapprochée(s) sans ligne dans {path} : aucune notification ne peut les atteindre avant que leurs coordonnées soient données"
            ),
            Lang::En => eprintln!(
                "vigie: {missing} linked person(s) have no row in {path}: no notice can reach them until their details are given"
            ),
        }
    }
    Ok(())
}

/// How many of the linked persons have contact details to be told with.
fn contacts_said(from: &std::path::Path, found: usize, n: usize, lang: Lang) {
    let path = from.display();
    match lang {
        Lang::Fr => {
            eprintln!("vigie : {path} : coordonnées de {found} des {n} personnes rapprochées")
        }
        Lang::En => eprintln!("vigie: {path}: contact details for {found} of {n} linked persons"),
    }
}

pub fn run(args: Args) -> Result<u8> {
    // The history names who made each change: never "unknown". Asked for only when the
    // command changes the case.
    let by = args
        .by
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .filter(|b| !b.trim().is_empty());
    let who = || -> Result<&str> {
        by.as_deref().ok_or_else(|| {
            "the history records who makes each change: give --by NAME (no $USER here)".into()
        })
    };
    let lang = args.lang.get();
    let now = Timestamp::now();
    let path = args.register.location();
    let mut store = args.register.open()?;
    match args.command {
        Command::New(n) => {
            let n = *n;
            let breach = Breach {
                reference: String::new(),
                title: n.title,
                controller: n.controller,
                nis_operator: n.nis,
                occurred_start: n.occurred_start,
                occurred_end: n.occurred_end,
                ongoing: n.ongoing,
                discovered: n.discovered,
                aware: n.aware,
                processor_informed: n.processor_informed,
                discovery: n.discovery,
                nature: n.nature,
                origin: n.origin,
                actor: n.actor,
                intent: n.intent,
                processors: n.processors,
                persons: n.persons,
                persons_count: n.persons_count,
                data: n.data,
                records_count: n.records_count,
                medium: n.medium,
                consequences: n.consequences,
                measures_taken: n.measures_taken,
                measures_planned: n.measures_planned,
                dpo: n.dpo,
                severity_input: None,
                severity: None,
                severity_override: None,
            };
            let reference = store.create(breach, who()?, now)?;
            if !args.quiet {
                show(&store.get(&reference)?, now, args.json.on, lang);
            }
        }
        Command::List { controllers } => {
            let cases = store.list()?;
            if args.json.on {
                let all: Vec<_> = cases.iter().map(|c| text::view(c, now)).collect();
                println!("{}", serde_json::Value::Array(all));
            } else {
                for c in &cases {
                    println!("{}", text::list_line(c, now, lang));
                    if controllers && !c.clients.is_empty() {
                        let theirs = store.controllers_cases(&c.breach.reference)?;
                        for line in text::clients(c, &theirs, text::Only::All, now, lang) {
                            println!("    {line}");
                        }
                    }
                }
            }
        }
        Command::Show { reference } => show(&store.get(&reference)?, now, args.json.on, lang),
        Command::Assess(a) => {
            let input = SeverityInput {
                category: a.category,
                adjustments: a.adjustments,
                ease_of_identification: a.ei,
                confidentiality: a.confidentiality,
                integrity: a.integrity,
                availability: a.availability,
                malicious: a.malicious,
            };
            let severity = input.assess()?;
            let over = match (a.r#override, a.justification) {
                (Some(level), Some(justification)) => Some(Override {
                    level,
                    justification,
                }),
                _ => None,
            };
            let case = store.update(&a.reference, who()?, "assess", now, |c| {
                c.breach.severity_input = Some(input);
                c.breach.severity = Some(severity);
                c.breach.severity_override = over;
                Ok(())
            })?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Decide(d) => {
            let decision = if let Some(recipient) = d.notified {
                Decision::Notified {
                    recipient,
                    at: d.at.ok_or("--at")?,
                    complementary: d.complementary,
                    reason: d.reason.unwrap_or_default(),
                    by: String::new(),
                }
            } else if let Some(recipient) = d.not_notifying {
                Decision::NotNotifying {
                    recipient,
                    reason: d.reason.unwrap_or_default(),
                }
            } else if let Some(ground) = d.exemption {
                Decision::Exempted {
                    ground,
                    evidence: d.evidence.unwrap_or_default(),
                }
            } else {
                Decision::PublicCommunication {
                    at: d.at.ok_or("--at")?,
                    channel: d.channel.unwrap_or_default(),
                }
            };
            let by = who()?;
            let case = store.update(&d.reference, by, "decide", now, |c| {
                c.decide(decision, by, now)
            })?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Edit { reference, sets } => {
            let case = store.update(&reference, who()?, "edit", now, |c| {
                c.breach = c
                    .breach
                    .with_changes(&sets)
                    .map_err(|e| format!("--set {e}"))?;
                Ok(())
            })?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Attach(a) => {
            let (evidence, mut persons) = match (&a.scan, &a.link) {
                (Some(scan), _) => (vigie_breach::evidence::scan_report(scan, now)?, Vec::new()),
                (_, Some(link)) => vigie_breach::evidence::link_result(link, now)?,
                _ => return Err("--scan or --link".into()),
            };
            if let Some(registry) = &a.registry {
                add_contacts(
                    &mut persons,
                    registry,
                    a.registry_id.as_deref(),
                    &a.map,
                    lang,
                )?;
            } else if let Some(link) = &a.link {
                let with = persons.iter().filter(|p| p.addressed()).count();
                contacts_said(link, with, persons.len(), lang);
            }
            let case = store.attach(&a.reference, who()?, now, evidence, &persons)?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Persons { reference, reveal } => {
            for p in &store.persons(&reference)? {
                if args.json.on {
                    println!("{}", text::person_json(p, reveal));
                } else {
                    println!("{}", text::person_line(p, reveal));
                }
            }
        }
        Command::Review {
            reference,
            registry_id: Some(id),
            answer: Some(answer),
            ..
        } => {
            use vigie_breach::evidence::Answer;
            let answer = match answer {
                AnswerArg::Same => Answer::Same,
                AnswerArg::Different => Answer::Different,
                AnswerArg::CantTell => Answer::CantTell,
            };
            let case = store.review(&reference, &id, answer, who()?, now)?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Review {
            reference,
            export_labels: Some(path),
            ..
        } => {
            let lines = vigie_breach::evidence::labels_jsonl(&store.persons(&reference)?);
            let mut file = super::create_private(&path)?;
            for line in &lines {
                writeln!(file, "{line}")?;
            }
            let n = lines.len();
            match lang {
                Lang::Fr => eprintln!(
                    "vigie : {reference} : {n} réponses écrites dans {}",
                    path.display()
                ),
                Lang::En => eprintln!(
                    "vigie: {reference}: {n} answers written to {}",
                    path.display()
                ),
            }
        }
        Command::Review {
            reference,
            audit: Some(n),
            seed,
            ..
        } => {
            let persons = store.persons(&reference)?;
            for p in vigie_breach::evidence::audit_sample(&persons, n, seed) {
                if args.json.on {
                    println!(
                        "{}",
                        serde_json::json!({"registry_id": p.registry_id, "probability": p.probability})
                    );
                } else {
                    println!("{}  p={}", p.registry_id, lang.decimal(p.probability, 4));
                }
            }
        }
        Command::Review {
            reference,
            interactive: true,
            blind,
            ..
        } => {
            let persons = store.persons(&reference)?;
            let waiting = vigie_breach::evidence::awaiting_review(&persons);
            let mut input = std::io::stdin().lock();
            review_one_by_one(
                &mut store,
                &reference,
                who()?,
                &waiting,
                lang,
                blind,
                &mut input,
            )?;
        }
        Command::Review { reference, .. } => {
            let fr = matches!(lang, Lang::Fr);
            let persons = store.persons(&reference)?;
            for p in vigie_breach::evidence::awaiting_review(&persons) {
                // What vigie link found against the pair, in the reader's words.
                let against = vigie_link::explain::against(&p.details, lang);
                if args.json.on {
                    println!(
                        "{}",
                        serde_json::json!({
                            "registry_id": p.registry_id,
                            "probability": p.probability,
                            "decision": p.decision,
                            "contradictions": against,
                            "labels": p.labels,
                        })
                    );
                } else {
                    println!(
                        "{}  p={}  {}{}",
                        p.registry_id,
                        lang.decimal(p.probability, 3),
                        if against.is_empty() {
                            String::new()
                        } else {
                            against.join(", ")
                        },
                        match (p.disputed(), fr) {
                            (true, true) => "  (réponses divergentes)",
                            (true, false) => "  (reviewers disagree)",
                            _ => "",
                        }
                    );
                }
            }
            if let Some(audit) = text::audit(&persons, args.json.on, lang) {
                println!("{audit}");
            }
        }
        Command::Controllers {
            reference,
            import,
            only,
        } => {
            let mut case = store.get(&reference)?;
            if let Some(path) = import {
                let table = vigie_breach::clients::read(&path)?;
                let mut merged = Default::default();
                case = store.update(&reference, who()?, "controllers", now, |c| {
                    merged = c.set_clients(table)?;
                    Ok(())
                })?;
                eprintln!("{}", text::merged(&merged, lang));
            }
            if args.json.on {
                println!(
                    "{}",
                    serde_json::json!({"controllers": case.clients, "split": case.split})
                );
            } else {
                let theirs = store.controllers_cases(&reference)?;
                for line in text::clients(&case, &theirs, only, now, lang) {
                    println!("{line}");
                }
            }
        }
        Command::Split(a) => {
            let case = split(&mut store, a, who()?, now)?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Inform {
            reference,
            ids,
            all: _,
            at,
            how,
            acknowledged,
        } => {
            let by = who()?;
            let action = if acknowledged {
                "acknowledged"
            } else {
                "inform"
            };
            let case = store.update(&reference, by, action, now, |c| {
                if acknowledged {
                    c.acknowledge(&ids, at, by, &how, now).map(|_| ())
                } else {
                    c.inform(&ids, at, by, &how, now).map(|_| ())
                }
            })?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::Notice {
            reference,
            controller,
            output,
        } => {
            let case = store.get(&reference)?;
            let to: Vec<(String, PathBuf)> = match controller {
                Some(id) => vec![(id, output)],
                None if case.clients.is_empty() => {
                    return Err(format!("{reference}: no controllers in the case").into());
                }
                None => {
                    std::fs::create_dir_all(&output)
                        .map_err(|e| format!("{}: {e}", output.display()))?;
                    let file = |id: &str| output.join(format!("{}.json", super::file_name(id)));
                    case.clients
                        .iter()
                        .map(|c| (c.id.clone(), file(&c.id)))
                        .collect()
                }
            };
            for (id, path) in to {
                let notice = case.notice(&id)?;
                std::fs::write(&path, serde_json::to_vec_pretty(&notice)?)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                eprintln!("{}", text::notice_written(&notice, &path, lang));
            }
        }
        Command::Receive(r) => {
            let (notice, blake3) = vigie_breach::clients::Notice::read(&r.notice)?;
            let case = notice.case(&blake3, r.controller, r.nis, r.dpo, r.aware)?;
            let reference = store.open_case(case, who()?, now)?;
            if !args.quiet {
                show(&store.get(&reference)?, now, args.json.on, lang);
            }
        }
        Command::Delegate(d) => {
            let by = who()?;
            let case = store.update(&d.reference, by, "delegate", now, |c| match d.revoke {
                Some(why) => c.revoke(now, by, &why),
                None => c.delegate(vigie_breach::clients::Delegation {
                    to: d.to.unwrap_or_default(),
                    organisation: d.organisation.unwrap_or_default(),
                    letterhead: d.letterhead,
                    from: d.from.unwrap_or_default(),
                    at: now,
                    by: by.to_string(),
                    revoked: None,
                }),
            })?;
            if !args.quiet {
                show(&case, now, args.json.on, lang);
            }
        }
        Command::History { reference } => {
            let events = store.history(&reference)?;
            if events.is_empty() {
                return Err(format!("{reference}: no such breach in the register").into());
            }
            if args.json.on {
                println!("{}", serde_json::to_string(&events)?);
            } else {
                // People read Paris time and words; `--json` keeps what is recorded.
                for e in &events {
                    println!("{}", text::history_line(e, lang));
                }
            }
        }
        Command::Export {
            format,
            output,
            organisation,
        } => {
            let cases = store.list()?;
            let head = store.sealed_head()?;
            let bytes = match format {
                ExportFormat::Csv => vigie_breach::export::csv(&cases, now, lang)?,
                ExportFormat::Json => serde_json::to_vec_pretty(&vigie_breach::export::json(
                    &cases,
                    now,
                    head.as_ref(),
                ))?,
                ExportFormat::Html => {
                    vigie_breach::export::html(&cases, now, lang, &organisation, head.as_ref())
                        .into_bytes()
                }
            };
            match output {
                Some(path) => {
                    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
            }
        }
        Command::Verify => {
            let v = store.verify()?;
            if args.json.on {
                println!("{}", serde_json::to_string(&v)?);
            } else {
                println!("{}", text::verified(&v, &path, lang));
            }
            return Ok(if v.problems.is_empty() { 0 } else { 1 });
        }
    }
    Ok(0)
}

/// `breach split`: the leak de-duplicated, its rows shared out by the site column, the
/// counts recorded in the case (and each controller's rows written when asked).
fn split(
    store: &mut vigie_breach::Store,
    a: SplitArgs,
    by: &str,
    now: Timestamp,
) -> Result<vigie_breach::Case> {
    use vigie_breach::clients::{Share, Split};
    let codes = store.get(&a.reference)?.client_codes();
    if codes.is_empty() {
        return Err(format!(
            "{}: no controllers in the case yet (vigie breach controllers {} --import FILE)",
            a.reference, a.reference
        )
        .into());
    }
    let mut map = a.map;
    // The site column is read as it is, whatever its values look like.
    map.push(format!("{}=other", a.column));
    let overrides = vigie_link::summary::overrides(&map)?;
    let detector = vigie_detect::Detector::new()?;
    let reader = super::link::reader(&detector, &overrides, a.id.as_deref());
    let (kept, _, mut persons) =
        vigie_link::dedup::dedup_file(&a.leak, &reader, &vigie_link::Options::default())?;
    // De-duplication keeps too little of each row to share the rows out by their site
    // and encode them: the file is read again whole.
    let table = reader.read(&a.leak)?;
    if table.records.len() != kept.records.len() {
        return Err(format!(
            "{}: {} rows read again where {} were de-duplicated: the file changed meanwhile",
            a.leak.display(),
            table.records.len(),
            kept.records.len()
        )
        .into());
    }
    let mut shares = vigie_link::split::split(&table, &a.column, &codes, &detector)?;
    shares.name_unknown_codes(&reader, &a.leak)?;
    if let Some(secret) = &a.secret {
        let secret = vigie_link::pprl::Secret::load(secret)?;
        let mut registries = Vec::new();
        for pair in &a.encoded {
            let (id, path) = pair
                .split_once('=')
                .ok_or_else(|| format!("--encoded {pair}: ID=FILE"))?;
            if !codes.values().any(|c| c == id) {
                return Err(format!("--encoded {pair}: no controller {id} in the case").into());
            }
            let path = std::path::Path::new(path);
            registries.push((id.to_string(), vigie_link::pprl::read(path, &secret)?));
        }
        // Rows matched to one patient of a registry are one person.
        let same_patient = shares.link_unassigned(&table, &secret, &registries);
        persons.join(&kept, &same_patient);
    }
    let share = |rows: &[usize], linked: u64| {
        let c = vigie_link::split::Shares::count(rows, &persons);
        Share {
            rows: c.rows,
            persons: c.persons,
            persons_if_reviewed: c.persons_if_reviewed,
            linked,
        }
    };
    if let Some(dir) = &a.output {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut open = |name: &str| -> std::io::Result<Box<dyn Write>> {
            let path = dir.join(format!("{}.csv", super::file_name(name)));
            let file =
                super::create_private(&path).map_err(|e| std::io::Error::other(e.to_string()))?;
            Ok(Box::new(std::io::BufWriter::new(file)))
        };
        shares.write_tables(&table, &persons, &reader, &a.leak, &mut open)?;
    }
    let split = Split {
        file: a.leak.display().to_string(),
        blake3: vigie_breach::evidence::file_hash(&a.leak)?,
        column: a.column,
        recorded: now,
        total: Share {
            rows: persons.rows as u64,
            persons: persons.persons as u64,
            persons_if_reviewed: persons.persons_if_reviewed as u64,
            linked: 0,
        },
        at_most: (persons.persons as f64 + persons.expected_false.round()) as u64,
        shared_persons: shares.shared_persons(&persons),
        precision: persons.precision(),
        shares: shares
            .rows_of
            .iter()
            .map(|(id, rows)| {
                let linked = shares.linked.get(id).copied().unwrap_or(0);
                (id.clone(), share(rows, linked))
            })
            .collect(),
        unassigned: share(&shares.unassigned, 0),
        unknown_codes: shares.unknown_codes,
        blank: shares.blank,
    };
    Ok(store.update(&a.reference, by, "split", now, |c| c.record_split(split))?)
}

/// The case, for people or as JSON.
fn show(case: &vigie_breach::Case, now: Timestamp, json: bool, lang: Lang) {
    if json {
        println!("{}", text::view(case, now));
    } else {
        println!("{}", text::show(case, now, lang));
    }
}

/// `breach review --interactive`: each pair shown, one keystroke and Enter to answer.
fn review_one_by_one(
    store: &mut vigie_breach::store::Store,
    reference: &str,
    by: &str,
    waiting: &[&vigie_breach::evidence::Person],
    lang: Lang,
    blind: bool,
    input: &mut dyn std::io::BufRead,
) -> Result<()> {
    use vigie_breach::evidence::Answer;
    let fr = matches!(lang, Lang::Fr);
    let (mut answered, mut skipped) = (0usize, 0usize);
    for (k, p) in waiting.iter().enumerate() {
        println!();
        if blind {
            println!("[{}/{}] {}", k + 1, waiting.len(), p.registry_id);
        } else {
            println!(
                "[{}/{}] {}  p={}",
                k + 1,
                waiting.len(),
                p.registry_id,
                lang.decimal(p.probability, 3)
            );
        }
        for line in vigie_link::explain::lines(&p.details, blind, lang) {
            println!("{line}");
        }
        loop {
            print!(
                "{} ",
                if fr {
                    "1 même personne, 2 différentes, 3 ne sait pas, v valeurs, Entrée passer, q quitter :"
                } else {
                    "1 same person, 2 different, 3 can't tell, v values, Enter skip, q quit:"
                }
            );
            std::io::Write::flush(&mut std::io::stdout())?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                return finish_review(answered, skipped + waiting.len() - k, fr);
            }
            let answer = match line.trim() {
                "1" => Answer::Same,
                "2" => Answer::Different,
                "3" => Answer::CantTell,
                "" => {
                    skipped += 1;
                    break;
                }
                "q" | "Q" => return finish_review(answered, skipped + waiting.len() - k, fr),
                "v" | "V" => {
                    // Looking is recorded, under the account, without the patient's id.
                    store.record(reference, by, "review: values shown", Timestamp::now())?;
                    for (key, value) in vigie_link::explain::values(&p.details) {
                        println!("  {key}: {value}");
                    }
                    continue;
                }
                other => {
                    println!(
                        "{} {other:?}",
                        if fr {
                            "réponse inconnue :"
                        } else {
                            "unknown answer:"
                        }
                    );
                    continue;
                }
            };
            store.review(reference, &p.registry_id, answer, by, Timestamp::now())?;
            answered += 1;
            break;
        }
    }
    finish_review(answered, skipped, fr)
}

fn finish_review(answered: usize, left: usize, fr: bool) -> Result<()> {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    if fr {
        println!(
            "\n{answered} réponse{} enregistrée{}, {left} paire{} laissée{} pour plus tard",
            s(answered),
            s(answered),
            s(left),
            s(left)
        );
    } else {
        println!(
            "\n{answered} answer{} recorded, {left} pair{} left for later",
            s(answered),
            s(left)
        );
    }
    Ok(())
}
