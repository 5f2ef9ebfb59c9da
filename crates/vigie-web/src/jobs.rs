//! Scans and links launched from a breach page: the server runs its own binary (`vigie
//! scan … --format json`, `vigie link … --format jsonl`) on files it can read, shows each
//! run's progress (its last line of output and elapsed time), and attaches the result to
//! the case under the account that launched it.

use crate::App;
use jiff::Timestamp;
use std::io::BufRead;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Running,
    Done,
    Failed,
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

#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    pub reference: String,
    pub kind: &'static str,
    pub state: State,
    /// The last line the run printed, or why it failed.
    pub line: String,
    started: Instant,
}

impl Job {
    pub fn view(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "line": self.line,
            "seconds": self.started.elapsed().as_secs(),
        })
    }
}

/// Starts `task` for the case; returns the job's id.
pub fn start(app: &Arc<App>, reference: &str, user: &str, task: Task) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::env::temp_dir().join(format!("vigie-job-{}", crate::auth::token()));
    let (kind, args): (&'static str, Vec<std::ffi::OsString>) = match &task {
        Task::Scan { path } => (
            "scan",
            vec![
                "scan".into(),
                path.into(),
                "--format".into(),
                "json".into(),
                "--output".into(),
                out.clone().into(),
            ],
        ),
        Task::Link { leak, registry } => (
            "link",
            vec![
                "link".into(),
                leak.into(),
                registry.into(),
                "--format".into(),
                "jsonl".into(),
                "--output".into(),
                out.clone().into(),
            ],
        ),
    };
    for p in match &task {
        Task::Scan { path } => vec![path],
        Task::Link { leak, registry } => vec![leak, registry],
    } {
        if !p.exists() {
            return Err(format!("{}: not found on the server", p.display()));
        }
    }
    let id = {
        let mut jobs = app
            .jobs
            .lock()
            .map_err(|_| "jobs unavailable".to_string())?;
        if jobs.iter().filter(|j| j.state == State::Running).count() >= AT_ONCE {
            return Err(format!(
                "{AT_ONCE} runs are going on already: wait for one of them to end"
            ));
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
            line: String::new(),
            started: Instant::now(),
        });
        id
    };
    // The result holds personal data: the owner's alone, and removed whatever happens.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&out)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    let app = app.clone();
    let (reference, user) = (reference.to_string(), user.to_string());
    std::thread::spawn(move || {
        let removed = Removed(out.clone());
        let update = |state: State, line: String| {
            if let Ok(mut jobs) = app.jobs.lock()
                && let Some(j) = jobs.iter_mut().find(|j| j.id == id)
            {
                j.state = state;
                j.line = line;
            }
        };
        let child = Command::new(exe)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => return update(State::Failed, e.to_string()),
        };
        let mut last = String::new();
        if let Some(err) = child.stderr.take() {
            for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                last = line.trim_start_matches("vigie: ").to_string();
                update(State::Running, last.clone());
            }
        }
        let status = child.wait().map(|s| s.code());
        // `vigie scan` exits 1 when it finds personal data: a result, not a failure.
        if !matches!(status, Ok(Some(0 | 1 | 3 | 4))) {
            return update(State::Failed, last);
        }
        // Read and checked before the register is locked.
        let now = Timestamp::now();
        let read = match &task {
            Task::Scan { .. } => {
                vigie_breach::evidence::scan_report(&out, now).map(|e| (e, Vec::new()))
            }
            Task::Link { registry, .. } => {
                vigie_breach::evidence::link_result(&out, now).and_then(|(e, mut persons)| {
                    add_contacts(&mut persons, registry)?;
                    Ok((e, persons))
                })
            }
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
        let attached = read.and_then(|(evidence, persons)| {
            app.store.with(|s| {
                s.attach(&reference, &user, now, evidence, &persons)
                    .map(|_| ())
                    .map_err(|e| e.0)
            })
        });
        match attached {
            Ok(()) => update(State::Done, last),
            Err(e) => update(State::Failed, e),
        }
    });
    Ok(id)
}

/// Runs going on at once, at most: each is a process reading a leak (a link of a large
/// one holds gigabytes).
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

/// The linked persons' contact details from the registry, as `vigie breach attach
/// --registry` adds them.
fn add_contacts(
    persons: &mut [vigie_breach::evidence::Person],
    registry: &std::path::Path,
) -> Result<(), String> {
    let detector = vigie_detect::Detector::new().map_err(|e| e.to_string())?;
    let wanted = persons.iter().map(|p| p.registry_id.clone()).collect();
    let found =
        vigie_link::record::contacts(registry, &detector, &Default::default(), None, &wanted)?;
    vigie_breach::evidence::add_contacts(persons, &found);
    Ok(())
}
