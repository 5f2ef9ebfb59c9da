//! Scans and links launched from a breach page: run in the server's process by the
//! libraries (`vigie_scan::scan`, `vigie_link::files::link_files`) on files it may read,
//! at most [`AT_ONCE`] at a time, each showing where it is (from the libraries' own
//! progress) and cancellable; the result is attached to the case under the account that
//! launched it.

use crate::App;
use crate::Error;
use jiff::Timestamp;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;
use vigie_breach::Lang;
use vigie_breach::evidence::{Evidence, Person};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Running,
    Done,
    Failed,
    Cancelled,
}

/// What is run.
#[derive(Clone, Debug)]
pub enum Task {
    /// Scan a file or folder for personal data.
    Scan { path: PathBuf },
    /// Link a leaked file to the registry; the registry's contact details come with the
    /// persons.
    Link { leak: PathBuf, registry: PathBuf },
}

/// Where a run is, said in the reader's language when the page is shown.
#[derive(Clone, Debug)]
enum Step {
    Starting,
    Scanning { files: u64, bytes: u64 },
    Reading(String),
    LeakRead { rows: usize },
    RegistryRead { met: usize, population: usize },
    Linking,
    Attached { persons: u64, at_least: bool },
    Failed(String),
    Cancelled,
}

impl Step {
    fn words(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let n = |x: u64| vigie_detect::thousands(x);
        match self {
            Step::Starting => lang.pick("démarrage", "starting").into(),
            Step::Scanning { files, bytes } => {
                let size = vigie_scan::report::size(*bytes, lang);
                if fr {
                    format!("{} fichiers lus ({size})", n(*files))
                } else {
                    format!("{} files read ({size})", n(*files))
                }
            }
            Step::Reading(name) => format!("{} {name}", lang.pick("lecture de", "reading")),
            Step::LeakRead { rows } => {
                let rows = n(*rows as u64);
                if fr {
                    format!("fuite lue : {rows} lignes")
                } else {
                    format!("leak read: {rows} rows")
                }
            }
            Step::RegistryRead { met, population } => {
                let (met, population) = (n(*met as u64), n(*population as u64));
                if fr {
                    format!(
                        "{met} des {population} patients du registre partagent une clé de blocage avec la fuite"
                    )
                } else {
                    format!(
                        "{met} of the {population} registry patients share a blocking key with the leak"
                    )
                }
            }
            Step::Linking => lang
                .pick(
                    "blocage, comparaison, apprentissage et décision",
                    "blocking, comparing, training and deciding",
                )
                .into(),
            Step::Attached { persons, at_least } => {
                let at_least = if *at_least {
                    lang.pick("au moins ", "at least ")
                } else {
                    ""
                };
                if fr {
                    format!("{at_least}{} personnes", n(*persons))
                } else {
                    format!("{at_least}{} persons", n(*persons))
                }
            }
            Step::Failed(why) => why.clone(),
            Step::Cancelled => lang
                .pick("annulé à la demande", "cancelled on request")
                .into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    pub reference: String,
    pub kind: &'static str,
    pub state: State,
    step: Step,
    started: Instant,
    /// Set to stop the run between two files (scan) or two stages (link).
    cancel: Arc<AtomicBool>,
}

impl Job {
    pub fn view(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "line": self.step.words(lang),
            "seconds": self.started.elapsed().as_secs(),
        })
    }
}

/// Asks the running job `id` of the case to stop; false when there is none.
pub fn cancel(app: &App, reference: &str, id: u64) -> bool {
    app.jobs.lock().is_ok_and(|jobs| {
        jobs.iter()
            .find(|j| j.id == id && j.reference == reference && j.state == State::Running)
            .is_some_and(|j| {
                j.cancel.store(true, Ordering::Relaxed);
                true
            })
    })
}

/// Starts `task` for the case; returns the job's id.
pub fn start(app: &Arc<App>, reference: &str, user: &str, task: Task) -> Result<u64, Error> {
    let out = std::env::temp_dir().join(format!("vigie-job-{}", crate::auth::token()));
    let kind = match &task {
        Task::Scan { .. } => "scan",
        Task::Link { .. } => "link",
    };
    for p in match &task {
        Task::Scan { path } => vec![path],
        Task::Link { leak, registry } => vec![leak, registry],
    } {
        if !p.exists() {
            return Err(Error::Refused(format!(
                "{}: not found on the server",
                p.display()
            )));
        }
    }
    let cancel = Arc::new(AtomicBool::new(false));
    let id = {
        let mut jobs = app
            .jobs
            .lock()
            .map_err(|_| Error::Failed("jobs unavailable".into()))?;
        if jobs.iter().filter(|j| j.state == State::Running).count() >= AT_ONCE {
            return Err(Error::Refused(format!(
                "{AT_ONCE} runs are going on already: wait for one of them to end"
            )));
        }
        // The list keeps the running jobs and the last finished ones.
        while jobs.len() >= KEPT {
            match jobs.iter().position(|j| j.state != State::Running) {
                Some(i) => {
                    jobs.remove(i);
                }
                None => break,
            }
        }
        let id = jobs.last().map_or(0, |j| j.id) + 1;
        jobs.push(Job {
            id,
            reference: reference.to_string(),
            kind,
            state: State::Running,
            step: Step::Starting,
            started: Instant::now(),
            cancel: cancel.clone(),
        });
        id
    };
    // The result holds personal data: the owner's alone, and removed whatever happens.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&out)
        .map_err(|e| Error::Failed(format!("{}: {e}", out.display())))?;
    let app = app.clone();
    let (reference, user) = (reference.to_string(), user.to_string());
    std::thread::spawn(move || {
        let removed = Removed(out.clone());
        let update = |state: State, step: Step| {
            if let Ok(mut jobs) = app.jobs.lock()
                && let Some(j) = jobs.iter_mut().find(|j| j.id == id)
            {
                j.state = state;
                j.step = step;
            }
        };
        let running = |step: Step| update(State::Running, step);
        // A run that panics is a failed run, not one that holds its slot for ever.
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &task {
            Task::Scan { path } => scan(&app, path, file, &cancel, &running),
            Task::Link { leak, registry } => link(&app, leak, registry, file, &cancel, &running),
        }))
        .unwrap_or_else(|_| Err(Error::Failed("the run stopped on an internal error".into())));
        if let Err(e) = ran {
            return if cancel.load(Ordering::Relaxed) {
                update(State::Cancelled, Step::Cancelled)
            } else {
                update(State::Failed, Step::Failed(e.to_string()))
            };
        }
        // Read and checked before the register is locked.
        let now = Timestamp::now();
        let read = match &task {
            Task::Scan { .. } => {
                vigie_breach::evidence::scan_report(&out, now).map(|e| (e, Vec::new()))
            }
            Task::Link { .. } => vigie_breach::evidence::link_result(&out, now),
        };
        drop(removed);
        // The result file is gone: the case names the run that wrote it (its hash is the
        // result's), not a temporary name.
        let read = read.map(|(mut evidence, persons)| {
            evidence.file = match &task {
                Task::Scan { path } => format!("vigie scan {}", path.display()),
                Task::Link { leak, registry } => {
                    format!("vigie link {} {}", leak.display(), registry.display())
                }
            };
            (evidence, persons)
        });
        let attached = read.and_then(|(evidence, persons): (Evidence, Vec<Person>)| {
            let done = Step::Attached {
                persons: evidence.persons,
                at_least: evidence.persons_at_least,
            };
            app.store
                .with(|s| s.attach(&reference, &user, now, evidence, &persons))
                .map(|_| done)
        });
        match attached {
            Ok(done) => update(State::Done, done),
            Err(e) => update(State::Failed, Step::Failed(e.to_string())),
        }
    });
    Ok(id)
}

/// The scan's progress, from the scanner's own callback: files and bytes read so far.
struct Scanning<'a> {
    files: AtomicU64,
    bytes: AtomicU64,
    cancel: &'a AtomicBool,
    step: &'a (dyn Fn(Step) + Sync),
}

impl vigie_scan::Progress for Scanning<'_> {
    fn file_done(&self, bytes: u64) {
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let bytes = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        (self.step)(Step::Scanning { files, bytes });
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// `vigie scan PATH --format json`, into `out`, with the fingerprint key the command
/// line uses.
fn scan(
    app: &App,
    path: &Path,
    out: std::fs::File,
    cancel: &AtomicBool,
    step: &(dyn Fn(Step) + Sync),
) -> Result<(), Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Failed(e.to_string());
    let detector = vigie_detect::Detector::new().map_err(|e| failed(&e))?;
    let key = vigie_detect::FingerprintKey::load_or_create(&app.fingerprint_key)
        .map_err(|e| failed(&e))?;
    let mut report = vigie_scan::report::new(
        vigie_scan::report::Format::Json,
        Box::new(std::io::BufWriter::new(out)),
        &detector,
    );
    let progress = Scanning {
        files: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        cancel,
        step,
    };
    vigie_scan::scan(
        &[path.to_path_buf()],
        &vigie_scan::ScanOptions::default(),
        &detector,
        &key,
        report.as_mut(),
        Some(&progress),
    )
    .map(|_| ())
    .map_err(|e| failed(&e))
}

/// `vigie link LEAK REGISTRY --format jsonl`, into `out`; a registry index is read with
/// the register's key, as the command line does.
fn link(
    app: &App,
    leak: &Path,
    registry: &Path,
    mut out: std::fs::File,
    cancel: &AtomicBool,
    step: &dyn Fn(Step),
) -> Result<(), Error> {
    use std::ops::ControlFlow;
    use vigie_link::files::{Files, Stage};
    let failed = |e: &dyn std::fmt::Display| Error::Failed(e.to_string());
    let detector = vigie_detect::Detector::new().map_err(|e| failed(&e))?;
    let key = || Ok(app.key.clone());
    let files = Files {
        leak,
        registry,
        reader: vigie_link::record::Reader {
            detector: &detector,
            overrides: &Default::default(),
            id_column: None,
            this_year: jiff::Zoned::now().year().unsigned_abs(),
        },
        registry_id: None,
        index_key: &key,
        // The persons' notices are addressed from the registry's rows: an index has none.
        contacts: !vigie_link::index::Index::is_index(registry),
    };
    let linked =
        vigie_link::files::link_files(&files, &vigie_link::Options::default(), &mut |stage| {
            if cancel.load(Ordering::Relaxed) {
                return ControlFlow::Break(());
            }
            step(match stage {
                Stage::Reading(p) => Step::Reading(
                    p.file_name()
                        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into()),
                ),
                Stage::LeakRead(t) => Step::LeakRead {
                    rows: t.records.len(),
                },
                Stage::IndexRead(i) | Stage::RegistryRead(i) => Step::RegistryRead {
                    met: i.records.len(),
                    population: i.population,
                },
                Stage::Linking => Step::Linking,
            });
            ControlFlow::Continue(())
        })
        .map_err(|e| failed(&e))?;
    linked
        .write_jsonl(false, &mut out)
        .map_err(|e| failed(&e))?;
    out.sync_all().map_err(|e| failed(&e))
}

/// Runs going on at once, at most: a link of a large leak holds gigabytes, a scan takes
/// every core.
const AT_ONCE: usize = 2;
/// Jobs listed, at most: the running ones and the last finished.
const KEPT: usize = 50;

/// A job's result file, removed when the job ends however it ends.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
