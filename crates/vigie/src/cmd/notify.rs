//! `vigie notify`: the drafts for the authorities, and the notices to each person, sent
//! and tracked.

use super::Result;
use jiff::Timestamp;
use std::path::PathBuf;
use std::time::Duration;
use vigie_breach::Lang;
use vigie_breach::obligations::Recipient;
use vigie_notify::drafts::{self, Progress};
use vigie_notify::notice::{Sender, Templates, Writer};
use vigie_notify::send::{self, Letters, Options, Outbox};
use vigie_notify::smtp::Mailbox;

/// What a breach case owes in words: the drafts for the authorities, and a notice to each
/// affected person, by e-mail or letter, with a delivery log.
///
/// The persons are those attached to the case (`vigie breach attach --link`), each told of
/// their own categories of exposed data and the advice for them, with a personal check
/// code. Templates are editable (`vigie notify templates --export DIR`, then
/// `--templates DIR`) and checked before anything is sent.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    register: super::Register,
    #[command(flatten)]
    lang: super::Language,
    #[command(flatten)]
    json: super::Json,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Write the drafts a case owes the authorities, each as HTML, PDF and JSON: the
    /// supervisory authority's notification (every section of the regulator's form), the
    /// health-sector incident declaration, the NIS early warning, notification and final
    /// report, a processor's notice to each of its controllers (`controllers-ID`, with
    /// that controller's share of the leak once `vigie breach split` has run; to all at
    /// once when the case lists none). Once an initial notification is
    /// recorded (`vigie breach decide --notified`), the draft is complementary and shows
    /// what changed since.
    Drafts {
        /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
        reference: String,
        /// The folder to write `RECIPIENT.html`, `.pdf` and `.json` into.
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
        /// Only these recipients (default: every one owed or done); repeatable.
        #[arg(long = "recipient", value_enum, value_name = "RECIPIENT")]
        recipients: Vec<Recipient>,
    },
    /// Check notice templates (exit 1 with each error's file and line), or write the
    /// embedded ones to a folder to edit them.
    Templates {
        /// The folder of templates to check (files missing there are the embedded ones).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write the embedded templates here (existing files are kept).
        #[arg(long, value_name = "DIR")]
        export: Option<PathBuf>,
    },
    /// Send the notices: one e-mail a person through an SMTP server, and a PDF letter for
    /// persons without an e-mail address. Paced (--rate), retried with back-off, each step
    /// in the delivery log; a rerun after a crash or a kill resumes and never writes to
    /// anyone twice. --dry-run writes every message to a folder instead.
    Send(Box<Send>),
    /// The delivery log of a case: how many notices stand where, per channel (--json: every
    /// entry, persons named by a keyed hash only).
    Status { reference: String },
}

#[derive(clap::Args)]
// One way to deliver, named in the usage line: an SMTP server or a dry-run folder.
#[command(group(clap::ArgGroup::new("delivery").required(true).args(["smtp", "dry_run"])))]
struct Send {
    /// The case's reference, as `vigie breach list` shows it (VIG-2026-0001).
    reference: String,
    /// The SMTP server: smtp://[user@]host[:port] (STARTTLS required),
    /// smtp://host:port?tls=none (clear text, a local relay), smtps://[user@]host[:port].
    /// The password is read from $VIGIE_SMTP_PASSWORD.
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// A certificate authority to trust for the server (PEM), besides the system's.
    #[arg(long, value_name = "FILE")]
    smtp_ca: Option<PathBuf>,
    /// The sender: `Laboratoire Exemple <dpo@labo.example>`.
    #[arg(long, value_name = "MAILBOX", required_unless_present = "delegated")]
    from: Option<String>,
    /// The organisation's name, as the notices sign.
    #[arg(long, value_name = "NAME", required_unless_present = "delegated")]
    organisation: Option<String>,
    /// Send as the processor the controller delegated its notices to (`vigie breach
    /// delegate`): under the controller's name, letterhead and mailbox as the delegation
    /// records them. Refused once the delegation is revoked.
    #[arg(long, conflicts_with_all = ["from", "organisation", "letterhead"])]
    delegated: bool,
    /// A line of the letterhead's address (repeatable).
    #[arg(long, value_name = "LINE")]
    letterhead: Vec<String>,
    /// The self-check page printed with each person's code.
    #[arg(long, value_name = "URL")]
    check_url: Option<String>,
    /// A folder of edited templates (see `vigie notify templates`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Messages a second at most (0: as fast as the server takes them).
    #[arg(long, value_name = "N", default_value_t = 10.0)]
    rate: f64,
    /// Further attempts after a temporary failure (4xx, lost connection).
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
    /// Seconds before the first retry; doubled at each one.
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    backoff: f64,
    /// Send again the notices that failed or bounced in an earlier run.
    #[arg(long)]
    retry_failed: bool,
    /// Send again the notices a stopped run left uncertain (they may have arrived).
    #[arg(long)]
    resend_uncertain: bool,
    /// Persons below this match probability are not written to.
    #[arg(long, value_name = "P", default_value_t = vigie_breach::evidence::LIKELY)]
    min_probability: f64,
    /// The folder for letters: one PDF a person and index.csv (or letters.pdf, --merged).
    #[arg(long, value_name = "DIR")]
    letters: Option<PathBuf>,
    /// Who gets a letter.
    #[arg(long, value_enum, default_value = "no-email")]
    letters_for: Letters,
    /// One PDF of all the letters, after an index of who is on which page.
    #[arg(long)]
    merged: bool,
    /// Write every e-mail (`email/*.eml`) and letter (`letters/`) to this folder; nothing
    /// is sent or recorded.
    #[arg(long, value_name = "DIR")]
    dry_run: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    let l = args.lang.get();
    let say = |line: &str| eprintln!("vigie{} {line}", l.pick(" :", ":"));
    match &args.command {
        Command::Templates {
            export: Some(dir), ..
        } => {
            for path in vigie_notify::notice::export(dir)? {
                say(&format!("{} {}", l.pick("écrit", "wrote"), path.display()));
            }
            Ok(0)
        }
        Command::Templates { templates, .. } => match Templates::load(templates.as_deref()) {
            Ok(_) => {
                say(l.pick("les modèles sont bons", "the templates are good"));
                Ok(0)
            }
            Err(e) => {
                eprintln!("{e}");
                Ok(1)
            }
        },
        Command::Drafts {
            reference,
            output,
            recipients,
        } => {
            let mut store = args.register.open()?;
            let case = store.get(reference)?;
            let now = Timestamp::now();
            let wanted = if recipients.is_empty() {
                drafts::owed(&case, now)
            } else {
                recipients.clone()
            };
            if wanted.is_empty() {
                say(&match l {
                    Lang::Fr => format!(
                        "{reference} ne doit de notification à aucune autorité pour l'instant"
                    ),
                    Lang::En => format!("{reference} owes no authority a notification now"),
                });
                return Ok(0);
            }
            let history: Vec<_> = store
                .states(reference)?
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            let progress = Progress::of(&store.deliveries(reference)?);
            std::fs::create_dir_all(output).map_err(|e| format!("{}: {e}", output.display()))?;
            for r in wanted {
                // A processor's controllers are each told of their own share.
                let to: Vec<Option<&str>> = match r {
                    Recipient::Controllers if !case.clients.is_empty() => {
                        case.clients.iter().map(|c| Some(c.id.as_str())).collect()
                    }
                    _ => vec![None],
                };
                for client in to {
                    let d = drafts::draft(&case, &history, r, client, &progress, l, now);
                    let name = match client {
                        Some(id) => format!("{}-{}", r.id(), super::file_name(id)),
                        None => r.id().to_string(),
                    };
                    say(&d.write(&output.join(name), l)?);
                }
            }
            Ok(0)
        }
        Command::Status { reference } => {
            let mut store = args.register.open()?;
            store.get(reference)?;
            let log = store.deliveries(reference)?;
            if args.json.on {
                println!("{}", serde_json::to_string_pretty(&log)?);
            } else {
                println!("{}", send::status_text(reference, &log, l));
            }
            Ok(0)
        }
        Command::Send(s) => send_all(&args, s, l),
    }
}

fn send_all(args: &Args, s: &Send, l: Lang) -> Result<u8> {
    let templates = Templates::load(s.templates.as_deref())?;
    let mut store = args.register.open()?;
    let case = store.get(&s.reference)?;
    // Who the notices come from: the controller, or its processor in its name.
    let (from, organisation, letterhead) = if s.delegated {
        let d = case
            .delegated_sender()
            .map_err(|e| format!("{}: {e}", s.reference))?;
        (d.from.clone(), d.organisation.clone(), d.letterhead.clone())
    } else {
        (
            s.from.clone().unwrap_or_default(),
            s.organisation.clone().unwrap_or_default(),
            s.letterhead.clone(),
        )
    };
    let from: Mailbox = from.parse().map_err(|e| format!("--from {from:?}: {e}"))?;
    let mut outbox = match (&s.dry_run, &s.smtp) {
        (Some(dir), _) => Outbox::Folder(dir.clone()),
        (None, Some(url)) => {
            let password = std::env::var("VIGIE_SMTP_PASSWORD").ok();
            Outbox::smtp(url, password, s.smtp_ca.as_deref())?
        }
        (None, None) => return Err("give --smtp URL, or --dry-run DIR".into()),
    };
    let opts = Options {
        rate: s.rate,
        retries: s.retries,
        backoff: Duration::from_secs_f64(s.backoff.max(0.0)),
        retry_failed: s.retry_failed,
        resend_uncertain: s.resend_uncertain,
        min_probability: s.min_probability,
        letters: s.letters_for,
        letters_dir: s.letters.clone(),
        merged: s.merged,
        dry_run: s.dry_run.clone(),
    };
    let sender = Sender {
        organisation,
        address: letterhead,
        check_url: s.check_url.clone(),
        lang: args.lang.given().then_some(l),
    };
    let writer = Writer::new(
        &templates,
        store.key().clone(),
        &case.breach,
        &case.decisions,
        sender,
        Timestamp::now(),
    )?;
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
    let summary = send::run(&mut store, &writer, &from, &mut outbox, &opts, &mut |p| {
        bar.set_message(p.progress(l))
    })?;
    bar.finish_and_clear();
    if args.json.on {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        eprintln!(
            "vigie{} {}",
            l.pick(" :", ":"),
            summary.text(&s.reference, s.dry_run.is_some(), l)
        );
    }
    Ok(u8::from(summary.incomplete()))
}
