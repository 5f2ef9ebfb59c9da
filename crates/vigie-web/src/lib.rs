//! vigie-web owns `vigie serve`: the DPO's dashboard over the register (breaches with
//! their deadlines counting down, a breach's facts, severity, obligations, evidence with
//! charts, linked persons, notices and drafts; decisions and evidence recorded in the
//! case's history under the signed-in account) and the patient's private self-check (by
//! code, or by contact without ever saying who is affected), with its JSON API.
//!
//! It reads and writes through vigie-breach's store and words its answers with
//! vigie-notify's; scans and links launched from a page run in its process through
//! vigie-scan and vigie-link, the registry's contact details taken with vigie-link's
//! reader. It holds no data of its own but sessions, jobs and rate-limit counters.

pub mod auth;
pub mod check;
mod error;
mod jobs;
mod pages;

pub use error::Error;

use auth::{Role, Session, Sessions};
use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use check::{Counts, Limits};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vigie_breach::crypt::RegisterKey;
use vigie_breach::store::Error as StoreError;
use vigie_breach::{Lang, Store};
use vigie_notify::smtp::{Mailbox, Mailer, Server};
use vigie_notify::words::{Categories, Labels};

/// How the server runs.
pub struct Config {
    pub listen: SocketAddr,
    /// Where the register is (a SQLite file or a PostgreSQL URL): a second connection
    /// reads for the pages.
    pub location: String,
    /// A reverse proxy whose `X-Forwarded-For` names the client.
    pub trusted_proxy: Option<IpAddr>,
    /// Where answers to contact requests are sent from.
    pub smtp: Option<(Server, Mailbox)>,
    /// Sessions end after this long without a request.
    pub idle: Duration,
    /// The self-check's limits.
    pub limits: Limits,
    /// The only directory whose files the dashboard reads (scan roots, link inputs,
    /// results to attach); without it, it reads none.
    pub evidence_dir: Option<PathBuf>,
    /// Who the patients' check page speaks for.
    pub controller: Controller,
    /// The key file scans launched from the dashboard fingerprint values with (the one
    /// `vigie scan` uses by default), created on the first scan.
    pub fingerprint_key: PathBuf,
}

/// The controller the patients' check page names: a patient arriving from a notice sees
/// who wrote to them and whom to ask, before typing anything.
#[derive(Clone, Debug, Default)]
pub struct Controller {
    pub name: Option<String>,
    /// The DPO's contact (an address, a mailbox, a phone number).
    pub dpo: Option<String>,
    /// The logo: its media type and bytes (PNG, JPEG or SVG, served as an image only).
    pub logo: Option<(&'static str, Vec<u8>)>,
}

impl Controller {
    /// A logo file, recognised by its first bytes; at most 256 KiB.
    pub fn logo(path: &std::path::Path) -> Result<(&'static str, Vec<u8>), String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if bytes.len() > 256 << 10 {
            return Err(format!("{}: a logo of more than 256 KiB", path.display()));
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
        let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            "image/jpeg"
        } else if head.contains("<svg") {
            "image/svg+xml"
        } else {
            return Err(format!("{}: not a PNG, JPEG or SVG image", path.display()));
        };
        Ok((mime, bytes))
    }
}

/// A result to attach is read whole: larger than this, it is refused.
const EVIDENCE_MAX: u64 = 2 << 30;

/// A connection to the register behind its lock. A panic while it was held leaves it
/// poisoned, perhaps inside a transaction (BEGIN without COMMIT, holding the database's
/// write lock): the next user rolls that back and goes on, instead of every request
/// failing until a restart.
struct Register(Mutex<Store>);

impl Register {
    fn with<T, E>(&self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        let mut guard = match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                let mut g = poisoned.into_inner();
                g.recover();
                self.0.clear_poison();
                g
            }
        };
        f(&mut guard)
    }
}

/// The server's state, shared by every request.
pub struct App {
    /// Every change goes through this connection.
    store: Register,
    /// The pages read through this one: a long read (a large case's persons) does not
    /// hold up sign-ins, answers and attachments (SQLite in WAL mode, or PostgreSQL).
    reader: Register,
    key: RegisterKey,
    sessions: Sessions,
    limits: Limits,
    login_limit: check::Limiter,
    /// Sign-ins per account, whatever the client: a guess spread over many addresses is
    /// still twenty per ten minutes.
    account_limit: check::Limiter,
    /// Argon2 verifications at once (19 MiB and a core's time each): a flood of sign-ins
    /// queues instead of taking the machine.
    argon: tokio::sync::Semaphore,
    counts: Counts,
    trusted_proxy: Option<IpAddr>,
    templates: minijinja::Environment<'static>,
    words: Categories,
    labels: &'static Labels,
    contact_queue: Mutex<Option<std::sync::mpsc::SyncSender<(String, Lang)>>>,
    jobs: Mutex<Vec<jobs::Job>>,
    fingerprint_key: PathBuf,
    /// [`Config::evidence_dir`], resolved.
    evidence_dir: Option<PathBuf>,
    controller: Controller,
    /// Each case's person counts, with the length of its history when they were counted:
    /// counted again only once the case has changed.
    summaries: Mutex<HashMap<String, (usize, Arc<pages::PersonSummary>)>>,
}

impl App {
    pub fn new(store: Store, config: &mut Config) -> Result<Arc<App>, Error> {
        let key = store.key().clone();
        let limits = std::mem::take(&mut config.limits);
        let reader = Store::open(&config.location, key.clone())?;
        Ok(Arc::new(App {
            store: Register(Mutex::new(store)),
            reader: Register(Mutex::new(reader)),
            key,
            sessions: Sessions::new(config.idle),
            limits,
            login_limit: check::Limiter::new(10, Duration::from_secs(600)),
            account_limit: check::Limiter::new(20, Duration::from_secs(600)),
            argon: tokio::sync::Semaphore::new(2),
            counts: Counts::default(),
            trusted_proxy: config.trusted_proxy,
            templates: pages::templates(),
            words: Categories::embedded(),
            labels: Labels::embedded(),
            contact_queue: Mutex::new(None),
            jobs: Mutex::new(Vec::new()),
            fingerprint_key: config.fingerprint_key.clone(),
            evidence_dir: config
                .evidence_dir
                .as_ref()
                .and_then(|d| d.canonicalize().ok()),
            controller: std::mem::take(&mut config.controller),
            summaries: Mutex::new(HashMap::new()),
        }))
    }

    /// A path typed in the dashboard, if it lies in the evidence directory once every
    /// link is resolved, and is a regular file (or, where `dir` allows, a directory) —
    /// never a device, a FIFO or the server's own `/proc`, whatever the form says.
    fn confine(&self, given: &str, dir: bool) -> Result<PathBuf, Error> {
        let Some(root) = &self.evidence_dir else {
            return Err(Error::Refused(
                "this server reads no files: start it with --evidence-dir DIR to allow paths under DIR"
                    .into(),
            ));
        };
        let outside =
            || Error::Refused(format!("{given}: not a file under the evidence directory"));
        let path = std::path::Path::new(given)
            .canonicalize()
            .map_err(|_| outside())?;
        if !path.starts_with(root) {
            return Err(outside());
        }
        let meta = std::fs::metadata(&path).map_err(|_| outside())?;
        if meta.is_file() || (dir && meta.is_dir()) {
            Ok(path)
        } else {
            Err(outside())
        }
    }

    /// Runs `f` on the register in a blocking thread (the register's clients block).
    async fn db<T: Send + 'static>(
        self: &Arc<App>,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.store.with(f))
            .await
            .map_err(|e| StoreError::Storage(e.to_string()))?
    }

    /// [`App::db`] for what only reads, on the reading connection.
    async fn read<T: Send + 'static, E: From<String> + Send + 'static>(
        self: &Arc<App>,
        f: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.reader.with(f))
            .await
            .map_err(|e| E::from(e.to_string()))?
    }

    /// Writes the self-check counts gathered since the last time.
    pub fn flush_counts(&self) {
        let counts = self.counts.take();
        if counts.is_empty() {
            return;
        }
        // Statistics: waiting for the disk would hold every check behind the register's
        // lock for milliseconds; a power cut may lose the last counts, nothing else.
        let written = self.store.with(|s| {
            let written = s
                .quick_commits(true)
                .and_then(|()| s.add_check_counts(&counts));
            let _ = s.quick_commits(false);
            written
        });
        if let Err(e) = written {
            eprintln!("vigie serve: check counts not written: {e}");
        }
    }
}

/// Contact requests waiting for the worker, at most: past it a request is counted
/// (`contact_dropped`) and not queued, and the page answers the same.
const CONTACT_QUEUE: usize = 1024;

/// Sending one contact answer, at most this many times when the server fails for now.
const CONTACT_ATTEMPTS: u32 = 3;

/// Starts the worker that answers contact requests by e-mail. An SMTP set-up that cannot
/// work (a certificate authority that does not load) stops the server from starting.
fn start_contact_worker(app: &Arc<App>, smtp: Option<(Server, Mailbox)>) -> Result<(), Error> {
    let mut mailer = match smtp {
        Some((server, from)) => Some((
            Mailer::new(server).map_err(|e| Error::Failed(format!("--smtp: {e}")))?,
            from,
        )),
        None => None,
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<(String, Lang)>(CONTACT_QUEUE);
    if let Ok(mut q) = app.contact_queue.lock() {
        *q = Some(tx);
    }
    let app = app.clone();
    std::thread::spawn(move || {
        for (hash, lang) in rx {
            let found = app
                .reader
                .with(|s| s.check_contact(&hash))
                .unwrap_or_default();
            if found.is_empty() {
                app.counts.add("", "contact_unknown");
            }
            // Each affected person the contact belongs to gets their own answer.
            for (reference, _, answer) in found {
                app.counts.add(&reference, "contact");
                let answered = serde_json::from_slice::<vigie_notify::notice::Answer>(&answer)
                    .ok()
                    .zip(mailer.as_mut())
                    .is_some_and(|(answer, (m, from))| {
                        answer_contact(&app, m, from, &answer, lang, &reference)
                    });
                if !answered {
                    // No server, no address to write to, or the server kept failing: the
                    // DPO sees it in the counts.
                    app.counts.add(&reference, "contact_unanswered");
                }
            }
        }
    });
    Ok(())
}

/// Writes one affected person their answer, to the address the registry holds; retried
/// with a growing pause while the server fails for now. Whether it was accepted.
fn answer_contact(
    app: &App,
    mailer: &mut Mailer,
    from: &Mailbox,
    answer: &vigie_notify::notice::Answer,
    lang: Lang,
    reference: &str,
) -> bool {
    let Some(to) = answer.email.as_deref() else {
        return false;
    };
    let told = check::Told::of(answer, lang, &app.words, app.labels);
    let (subject, body) = told.email(lang);
    let id = format!("<check.{}@{}>", auth::token(), from.email.domain());
    let Ok(bytes) = vigie_notify::smtp::message(from, to, &subject, &body, &id) else {
        return false;
    };
    let mut why = String::new();
    for attempt in 0..CONTACT_ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_secs(2u64 << attempt));
        }
        match mailer.send(from, to, &bytes) {
            vigie_notify::smtp::Attempt::Sent(_) => return true,
            vigie_notify::smtp::Attempt::Transient(e) => why = e,
            other => {
                why = format!("{other:?}");
                break;
            }
        }
    }
    // The server's words may quote the address: masked.
    eprintln!(
        "vigie serve: {reference}: a contact answer was not sent: {}",
        vigie_detect::mask::mask_addresses(&why)
    );
    false
}

/// The client, as the rate limits count it: the peer, or what a trusted proxy says it is.
fn client(app: &App, peer: SocketAddr, headers: &HeaderMap) -> String {
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    client_key(peer.ip(), app.trusted_proxy, &forwarded)
}

/// The hop the trusted proxy added — the last of all `X-Forwarded-For` lines (a client
/// can write the first ones itself, one line or several) — when the peer is that proxy
/// and the hop is an address; else the peer. An IPv6 client is counted by its /64: one
/// subscriber holds a whole /64 and could otherwise take a new address per request.
fn client_key(peer: IpAddr, trusted: Option<IpAddr>, forwarded: &[&str]) -> String {
    let hop = (Some(peer) == trusted)
        .then(|| {
            forwarded
                .last()?
                .rsplit(',')
                .next()?
                .trim()
                .parse::<IpAddr>()
                .ok()
        })
        .flatten();
    match hop.unwrap_or(peer) {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        IpAddr::V6(v6) => v6.to_canonical().to_string(),
        v4 => v4.to_string(),
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// The language: `?lang=`, else the cookie, else the browser's, else French.
fn language(headers: &HeaderMap, query: Option<&str>) -> Lang {
    query
        .and_then(Lang::parse)
        .or_else(|| cookie(headers, "vigie_lang").and_then(|l| Lang::parse(&l)))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(|l| {
                    if l.trim_start().starts_with("en") {
                        Lang::En
                    } else {
                        Lang::Fr
                    }
                })
        })
        .unwrap_or(Lang::Fr)
}

fn session(app: &App, headers: &HeaderMap) -> Option<(String, Session)> {
    let token = cookie(headers, "vigie_session")?;
    let s = app.sessions.get(&token)?;
    if s.due_for_check() {
        // The account may have been removed, or its role or password changed, by
        // `vigie serve user` in another process: read it again now and then.
        let now = app.reader.with(|st| st.account(&s.user)).ok().flatten();
        match now {
            Some(account) if auth::account_tag(&account) == s.account => {
                app.sessions.checked(&token);
            }
            _ => {
                app.sessions.close_account(&s.user);
                return None;
            }
        }
    }
    Some((token, s))
}

/// Why a request is refused before it is handled.
enum Refusal {
    /// No live session: to the sign-in page.
    SignIn,
    /// The account's role does not allow it.
    Role,
    /// A form without the session's CSRF token.
    Csrf,
    /// A case the account may not see: answered as a case that does not exist.
    Hidden,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::SignIn => {
                (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response()
            }
            Refusal::Role => (
                StatusCode::FORBIDDEN,
                "forbidden: your role does not allow this",
            )
                .into_response(),
            Refusal::Csrf => forbidden_csrf(),
            Refusal::Hidden => (StatusCode::NOT_FOUND, "no such case").into_response(),
        }
    }
}

/// The signed-in account, if it may act as `role`.
fn require(app: &App, headers: &HeaderMap, role: Role) -> Result<Session, Refusal> {
    match session(app, headers) {
        None => Err(Refusal::SignIn),
        Some((_, s)) if s.role < role => Err(Refusal::Role),
        Some((_, s)) => Ok(s),
    }
}

/// [`require`], for a page of the case `reference`: a case outside the account's cases
/// is a 404, as one that does not exist.
fn require_case(
    app: &App,
    headers: &HeaderMap,
    role: Role,
    reference: &str,
) -> Result<Session, Refusal> {
    let s = require(app, headers, role)?;
    if vigie_breach::store::Account::may_see(&s.cases, reference) {
        Ok(s)
    } else {
        Err(Refusal::Hidden)
    }
}

/// A form's CSRF token against the session's.
fn csrf_ok(s: &Session, form_token: &str) -> bool {
    auth::same(s.csrf.as_bytes(), form_token.as_bytes())
}

/// The session of a signed-in user with at least `role`, allowed to see the case
/// `reference`, who posted a form carrying the session's CSRF token: every
/// state-changing form goes through here.
fn acting_case(
    app: &App,
    headers: &HeaderMap,
    role: Role,
    form_token: &str,
    reference: &str,
) -> Result<Session, Refusal> {
    let s = require_case(app, headers, role, reference)?;
    if csrf_ok(&s, form_token) {
        Ok(s)
    } else {
        Err(Refusal::Csrf)
    }
}

fn forbidden_csrf() -> Response {
    (
        StatusCode::FORBIDDEN,
        "forbidden: missing or wrong CSRF token",
    )
        .into_response()
}

/// Headers every answer carries: no framing, no sniffing, scripts and styles from here
/// only, nothing cached, no referrer.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

/// The routes.
pub fn router(app: Arc<App>) -> Router {
    pages::routes()
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(app)
}

/// Serves until the process ends.
pub fn run(store: Store, mut config: Config) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Failed(e.to_string()))?;
    let app = App::new(store, &mut config)?;
    // The decoy hash before the first sign-in, not during it.
    auth::decoy_hash();
    start_contact_worker(&app, config.smtp.take())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| Error::Failed(format!("{}: {e}", config.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Failed(e.to_string()))?;
        // The first line says where: tests and scripts read the port from it.
        println!("vigie serve: listening on http://{addr}");
        let flusher = app.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                let app = flusher.clone();
                let _ = tokio::task::spawn_blocking(move || app.flush_counts()).await;
            }
        });
        serve(listener, router(app)).await;
        Ok(())
    })
}

/// A client has this long to send a request's headers: one that opens connections and
/// trickles bytes (slowloris) would otherwise hold them, and the server's sockets, forever.
const HEADER_READ: Duration = Duration::from_secs(10);

/// axum's own loop, with a header-read timeout it does not offer: each connection is served
/// by hyper with its timer, and carries its peer's address for the rate limits.
async fn serve(listener: tokio::net::TcpListener, router: Router) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(c) => c,
            // Out of file descriptors or a connection reset before it was taken: wait a
            // little and go on, as axum::serve does.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(
            router.clone().layer(axum::Extension(ConnectInfo(peer))),
        );
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_READ)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

type AppState = State<Arc<App>>;
type Peer = ConnectInfo<SocketAddr>;

#[cfg(test)]
mod tests {
    use super::client_key;
    use std::net::IpAddr;

    #[test]
    fn a_connection_a_panic_left_inside_a_transaction_is_opened_again() {
        use super::{Register, Store};
        let dir = tempfile::tempdir().expect("tmp");
        let location = dir.path().join("register.db").display().to_string();
        let key =
            vigie_breach::crypt::RegisterKey::from_hex(&"ab".repeat(32), "test").expect("key");
        let register = Register(std::sync::Mutex::new(
            Store::open(&location, key.clone()).expect("open"),
        ));
        let now = jiff::Timestamp::now();
        let breach: vigie_breach::Breach = serde_json::from_value(serde_json::json!({
            "reference": "", "title": "t", "controller": "laboratory", "nis_operator": false,
            "ongoing": false, "discovered": "2026-11-20T09:00:00Z",
            "aware": "2026-11-20T10:00:00Z", "discovery": "",
            "nature": {"confidentiality": true, "integrity": false, "availability": false},
            "origin": "hacking", "actor": "external", "intent": "malicious",
            "processors": [], "persons": [], "data": [], "dpo": "dpo@labo.example",
            "severity_input": null, "severity": null, "severity_override": null
        }))
        .expect("a case");
        let reference = register
            .with(|s| s.create(breach, "dpo", now))
            .expect("created");
        // A change begun and never finished: the lock is poisoned with BEGIN pending.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            register.with::<(), String>(|s| {
                let _ = s.update(&reference, "dpo", "edit", now, |_| panic!("a bug"));
                Ok(())
            })
        }));
        assert!(panicked.is_err() && register.0.is_poisoned());
        // The next user gets a fresh connection, and a change goes through and stays.
        register
            .with(|s| {
                s.set_account("dpo", "dpo", "hash", "test", now)?;
                s.update(&reference, "dpo", "edit", now, |c| {
                    c.breach.title = "after".into();
                    Ok(())
                })
            })
            .expect("the register after the panic");
        assert!(!register.0.is_poisoned());
        let mut other = Store::open(&location, key).expect("open");
        assert_eq!(other.get(&reference).expect("case").breach.title, "after");
        assert!(other.account("dpo").expect("account").is_some());
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn the_client_is_the_trusted_proxy_s_last_hop_and_an_ipv6_client_its_64() {
        let proxy = ip("127.0.0.1");
        // The proxy appends the address it saw to whatever the client sent, on the last
        // line: a forged first line or first hop is not believed.
        let lines = ["6.6.6.6", "7.7.7.7, 203.0.113.9"];
        assert_eq!(client_key(proxy, Some(proxy), &lines), "203.0.113.9");
        assert_eq!(
            client_key(proxy, Some(proxy), &["203.0.113.9"]),
            "203.0.113.9"
        );
        // From anyone but the proxy, the header says nothing.
        assert_eq!(
            client_key(ip("198.51.100.7"), Some(proxy), &["203.0.113.9"]),
            "198.51.100.7"
        );
        // A hop that is not an address: the peer.
        assert_eq!(client_key(proxy, Some(proxy), &["unknown"]), "127.0.0.1");
        // Two addresses of one IPv6 /64 are one client.
        let a = client_key(ip("2001:db8:1:2::10"), None, &[]);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, client_key(ip("2001:db8:1:2:ffff::1"), None, &[]));
        assert_ne!(a, client_key(ip("2001:db8:1:3::10"), None, &[]));
        assert_eq!(client_key(ip("::ffff:192.0.2.1"), None, &[]), "192.0.2.1");
    }
}
