//! Sending a case's notices: each affected person gets one e-mail, or a letter when they
//! have no e-mail address (or everyone gets a letter, on request), paced, retried with
//! back-off, each step recorded in the delivery log before the next one.
//!
//! Why nobody is written to twice: a notice is marked `sending` (committed) before the
//! server is given it, and `sent` once the server accepts it. A rerun skips what is
//! `sent`, `failed` or `bounced`, and turns what a stopped run left `sending` into
//! `uncertain`, which is not sent again unless the DPO asks (`resend_uncertain`): it may
//! have arrived. Letters already queued for the mail house are not queued again.

use crate::Error;
use crate::notice::{Notice, Writer, code_hash, contact_hash};
use crate::pdf;
use crate::smtp::{self, Attempt, Mailer};
use jiff::Timestamp;
use lettre::message::Mailbox;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use vigie_breach::Lang;
use vigie_breach::evidence::{LIKELY, LinkDecision, Person};
use vigie_breach::store::{Delivery, DeliveryStatus, Store};

/// Who gets a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Letters {
    /// Persons without an e-mail address.
    #[cfg_attr(feature = "clap", value(name = "no-email"))]
    WithoutEmail,
    /// Everyone (besides their e-mail).
    All,
    /// Nobody.
    None,
}

/// How a run goes.
#[derive(Clone, Debug)]
pub struct Options {
    /// Messages a second at most (0: as fast as the server takes them).
    pub rate: f64,
    /// Further attempts after a temporary failure.
    pub retries: u32,
    /// The first wait before a retry; it doubles at each one.
    pub backoff: Duration,
    /// Send again the notices that failed or bounced in an earlier run.
    pub retry_failed: bool,
    /// Send again the notices a stopped run left uncertain (they may have arrived).
    pub resend_uncertain: bool,
    /// Persons below this match probability are not written to.
    pub min_probability: f64,
    pub letters: Letters,
    /// Where letters go: one PDF a person, and `index.csv`.
    pub letters_dir: Option<PathBuf>,
    /// One PDF with an index instead of one a person.
    pub merged: bool,
    /// Write every message to this folder instead of sending; nothing is recorded.
    pub dry_run: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rate: 10.0,
            retries: 3,
            backoff: Duration::from_secs(2),
            retry_failed: false,
            resend_uncertain: false,
            min_probability: LIKELY,
            letters: Letters::WithoutEmail,
            letters_dir: None,
            merged: false,
            dry_run: None,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Affected persons at or above the probability.
    pub persons: u64,
    /// Persons below it (and not confirmed by a reviewer), not written to.
    pub below_threshold: u64,
    /// Pairs awaiting review (`vigie link` was not sure, or found a contradiction): not
    /// written to until a person confirms them.
    pub in_review: u64,
    /// Pairs a reviewer found to be another person: not written to.
    pub rejected: u64,
    pub sent: u64,
    pub failed: u64,
    pub bounced: u64,
    /// Notices a stopped run had left half-sent, found at the start of this one.
    pub uncertain: u64,
    /// Already done by an earlier run (sent, failed, bounced, uncertain, letter queued).
    pub already: u64,
    pub letters: u64,
    /// Persons with neither an e-mail address nor a postal address.
    pub unreachable: u64,
    /// Messages written by a dry run.
    pub written: u64,
}

/// Where e-mails go.
pub enum Outbox {
    Smtp(Box<Mailer>),
    /// A dry run: `.eml` files in a folder.
    Folder(PathBuf),
}

impl Outbox {
    /// An SMTP server by URL (the password given apart), trusting `ca` (PEM) besides the
    /// system's authorities.
    pub fn smtp(
        url: &str,
        password: Option<String>,
        ca: Option<&std::path::Path>,
    ) -> Result<Outbox, Error> {
        let mut server = crate::smtp::Server::parse(url, password)?;
        if let Some(ca) = ca {
            server.ca = Some(std::fs::read(ca).map_err(Error::io(ca))?);
        }
        Ok(Outbox::Smtp(Box::new(Mailer::new(server)?)))
    }
}

impl Summary {
    /// Where a run stands, on a progress line.
    pub fn progress(&self, lang: Lang) -> String {
        let (n, sent, failed, bounced, letters) = (
            self.persons,
            self.sent,
            self.failed,
            self.bounced,
            self.letters,
        );
        match lang {
            Lang::Fr => format!(
                "{n} personnes : {sent} envoyés, {failed} échecs, {bounced} revenus en erreur, {letters} courriers"
            ),
            Lang::En => format!(
                "{n} persons: {sent} sent, {failed} failed, {bounced} bounced, {letters} letters"
            ),
        }
    }

    /// What a run did, in one line: every count, in words.
    pub fn text(&self, reference: &str, dry_run: bool, lang: Lang) -> String {
        let x = self;
        let counts = [
            (x.sent, "envoyés", "sent"),
            (x.failed, "échecs", "failed"),
            (x.bounced, "revenus en erreur", "bounced"),
            (x.uncertain, "incertains", "uncertain"),
            (x.letters, "courriers", "letters"),
            (x.already, "déjà faits", "already done"),
            (x.unreachable, "injoignables", "unreachable"),
            (
                x.below_threshold,
                "sous la probabilité",
                "below the probability",
            ),
            (x.in_review, "en attente de vérification", "awaiting review"),
            (
                x.rejected,
                "écartés à la vérification",
                "found another person in review",
            ),
        ]
        .map(|(n, fr, en)| format!("{n} {}", lang.pick(fr, en)))
        .join(", ");
        let dry = match (dry_run, lang) {
            (false, _) => String::new(),
            (true, Lang::Fr) => format!(" (essai : {} courriels écrits)", x.written),
            (true, Lang::En) => format!(" (dry run: {} e-mails written)", x.written),
        };
        let persons = x.persons;
        match lang {
            Lang::Fr => format!("{reference} : {persons} personnes ; {counts}{dry}"),
            Lang::En => format!("{reference}: {persons} persons; {counts}{dry}"),
        }
    }

    /// Whether some notice failed, bounced or may not have arrived.
    pub fn incomplete(&self) -> bool {
        self.failed + self.bounced + self.uncertain > 0
    }
}

/// A case's delivery log in words: how many notices stand where, per channel, and each
/// one that failed, bounced or may not have arrived (addresses masked).
pub fn status_text(reference: &str, log: &[Delivery], l: Lang) -> String {
    let labels = vigie_breach::labels::Labels::embedded();
    let n = log.len();
    let mut out = vec![match l {
        Lang::Fr => format!("{reference} : {n} avis au journal des envois"),
        Lang::En => format!("{reference}: {n} notice(s) in the delivery log"),
    }];
    for channel in [EMAIL, LETTER] {
        let counts: Vec<String> = DeliveryStatus::ALL
            .iter()
            .filter_map(|s| {
                let n = log
                    .iter()
                    .filter(|d| d.channel == channel && d.status == *s)
                    .count();
                (n > 0).then(|| format!("{} {n}", labels.of("delivery", s, l)))
            })
            .collect();
        if !counts.is_empty() {
            let channel = labels.of("channel", &channel, l);
            out.push(format!("  {channel:<16} {}", counts.join(", ")));
        }
    }
    for d in log.iter().filter(|d| {
        matches!(
            d.status,
            DeliveryStatus::Failed | DeliveryStatus::Bounced | DeliveryStatus::Uncertain
        )
    }) {
        out.push(format!(
            "  {} {} {}{} {}",
            labels.of("channel", &d.channel, l),
            d.person,
            labels.of("delivery", &d.status, l),
            l.pick(" :", ":"),
            vigie_detect::mask::mask_addresses(&d.answer)
        ));
    }
    out.join("\n")
}

pub const EMAIL: &str = "email";
pub const LETTER: &str = "letter";

/// Sends (or writes) every notice the case owes. `progress` is called after each person.
pub fn run(
    store: &mut Store,
    writer: &Writer,
    from: &Mailbox,
    outbox: &mut Outbox,
    opts: &Options,
    progress: &mut dyn FnMut(&Summary),
) -> Result<Summary, Error> {
    let reference = writer.reference().to_string();
    let dry = opts.dry_run.is_some();
    let mut summary = Summary::default();
    // One run writes to a case's persons at a time: a second would see no delivery and
    // send again, and take the first one's notices in flight for interrupted ones.
    let mut lease = if dry {
        None
    } else {
        Some(Lease::take(store, &reference)?)
    };
    if !dry {
        store.quick_commits(true).map_err(Error::from)?;
        summary.uncertain = store
            .settle_interrupted(&reference, Timestamp::now())
            .map_err(Error::from)?;
    }
    if let Outbox::Smtp(m) = outbox {
        m.connect()?;
    }
    let letters_dir = match (&opts.dry_run, &opts.letters_dir) {
        (Some(d), _) => Some(d.join("letters")),
        (None, d) => d.clone(),
    };
    let mut run = Sending {
        store,
        writer,
        from,
        outbox,
        opts,
        letters: LetterBatch::new(letters_dir, opts.merged, &reference)?,
        pace: Pace::new(opts.rate),
        summary,
    };
    let mut cursor = (String::new(), -1i64);
    loop {
        let page = run
            .store
            .person_page(&reference, &mut cursor)
            .map_err(Error::from)?;
        if page.is_empty() {
            break;
        }
        if let Some(l) = &mut lease {
            l.renew(run.store)?;
        }
        for person in page {
            run.one(&person)?;
            progress(&run.summary);
        }
    }
    let Sending {
        store,
        outbox,
        letters,
        summary,
        ..
    } = run;
    if let Outbox::Smtp(m) = outbox {
        m.close();
    }
    for (notice, file) in letters.finish(writer)? {
        if !dry {
            log_letter(store, &reference, &notice, file)?;
        }
    }
    if !dry {
        store.quick_commits(false).map_err(Error::from)?;
        let action = format!(
            "notify: {} sent, {} failed, {} bounced, {} letters",
            summary.sent, summary.failed, summary.bounced, summary.letters
        );
        store
            .record(&reference, "vigie notify", &action, Timestamp::now())
            .map_err(Error::from)?;
    }
    if let Some(l) = lease {
        l.give_back(store)?;
    }
    Ok(summary)
}

/// Who holds a case's sending lease: a process on a host, renewed as it goes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Holder {
    pub host: String,
    pub pid: u32,
    pub renewed: Timestamp,
}

/// A lease on another host not renewed for this long is taken for dead.
const LEASE_STALE: Duration = Duration::from_secs(120);

impl Holder {
    pub fn this_process() -> Holder {
        Holder {
            host: std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .unwrap_or_default(),
            pid: std::process::id(),
            renewed: Timestamp::now(),
        }
    }

    /// Still running: on this host, its process exists (a killed run frees the case at
    /// once); elsewhere, it renewed the lease lately.
    fn alive(&self) -> bool {
        let here = Holder::this_process();
        if self.host == here.host {
            self.pid != here.pid && std::path::Path::new(&format!("/proc/{}", self.pid)).exists()
        } else {
            Timestamp::now().duration_since(self.renewed).unsigned_abs() < LEASE_STALE
        }
    }

    fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// A case's sending lease, held by this run.
struct Lease {
    name: String,
    held: Vec<u8>,
}

impl Lease {
    fn take(store: &mut Store, reference: &str) -> Result<Lease, Error> {
        let name = format!("notify send/{reference}");
        let me = Holder::this_process().bytes();
        let current = store.lease(&name).map_err(Error::from)?;
        if let Some(h) = current
            .as_deref()
            .and_then(|c| serde_json::from_slice::<Holder>(c).ok())
            .filter(Holder::alive)
        {
            return Err(Error::Refused(format!(
                "{reference}: another `vigie notify send` is sending this case's notices (process {} on {}, last seen {}): \
                 wait for it to end — a run that stops or is killed frees the case",
                h.pid,
                h.host,
                vigie_breach::time::local(h.renewed)
            )));
        }
        if store
            .swap_lease(&name, current.as_deref(), &me)
            .map_err(Error::from)?
        {
            Ok(Lease { name, held: me })
        } else {
            Err(Error::Refused(format!(
                "{reference}: another `vigie notify send` took this case at the same moment: wait for it to end"
            )))
        }
    }

    fn renew(&mut self, store: &mut Store) -> Result<(), Error> {
        let next = Holder::this_process().bytes();
        if store
            .swap_lease(&self.name, Some(&self.held), &next)
            .map_err(Error::from)?
        {
            self.held = next;
            Ok(())
        } else {
            Err(Error::Refused(format!(
                "{}: this run's lease was taken by another run; stopped so as not to write to anyone twice",
                self.name
            )))
        }
    }

    fn give_back(self, store: &mut Store) -> Result<(), Error> {
        store
            .drop_lease(&self.name, &self.held)
            .map_err(Error::from)
    }
}

/// A run under way: where it writes, how, and what it has done so far.
struct Sending<'a> {
    store: &'a mut Store,
    writer: &'a Writer<'a>,
    from: &'a Mailbox,
    outbox: &'a mut Outbox,
    opts: &'a Options,
    letters: LetterBatch,
    pace: Pace,
    summary: Summary,
}

/// A letter on disk, queued for the mail house.
fn log_letter(
    store: &mut Store,
    reference: &str,
    notice: &Notice,
    file: String,
) -> Result<(), Error> {
    let d = Delivery {
        person: notice.person.clone(),
        channel: LETTER.into(),
        status: DeliveryStatus::Queued,
        attempts: 0,
        answer: file,
        updated: String::new(),
    };
    store
        .set_delivery(reference, &d, Timestamp::now())
        .map_err(Error::from)
}

impl Sending<'_> {
    /// One person: the self-check keys, the e-mail, the letter, each once.
    fn one(&mut self, person: &Person) -> Result<(), Error> {
        let (writer, opts) = (self.writer, self.opts);
        match person.decision {
            LinkDecision::Review => {
                self.summary.in_review += 1;
                return Ok(());
            }
            LinkDecision::Reject => {
                self.summary.rejected += 1;
                return Ok(());
            }
            LinkDecision::Accept => {}
        }
        if person.probability < opts.min_probability && !person.confirmed() {
            self.summary.below_threshold += 1;
            return Ok(());
        }
        self.summary.persons += 1;
        let reference = writer.reference();
        let notice = writer.notice(person)?;
        let dry = opts.dry_run.is_some();
        let email = notice.addressee.email.clone();
        let letter = match opts.letters {
            Letters::All => true,
            Letters::WithoutEmail => email.is_none(),
            Letters::None => false,
        };
        if email.is_none() && !(letter && notice.addressee.postal()) {
            self.summary.unreachable += 1;
            return Ok(());
        }
        if !dry {
            // The self-check's keys: the code, and the contact details, each with the answer.
            let hash = code_hash(writer.key(), &notice.code).ok_or_else(|| {
                Error::Refused("a generated check code does not read back".into())
            })?;
            let answer = serde_json::to_vec(&notice.answer(writer))
                .map_err(|e| Error::Refused(e.to_string()))?;
            self.store
                .set_check_code(reference, &notice.person, &hash, &answer)
                .map_err(Error::from)?;
            let a = &notice.addressee;
            for contact in a.email.iter().chain(a.phone.iter()) {
                if let Some(h) = contact_hash(writer.key(), contact) {
                    self.store
                        .set_check_contact(reference, &notice.person, &h, &answer)
                        .map_err(Error::from)?;
                }
            }
        }
        if let Some(to) = &email {
            let previous = if dry {
                None
            } else {
                self.store
                    .delivery(reference, &notice.person, EMAIL)
                    .map_err(Error::from)?
            };
            let again = match previous.as_ref().map(|d| d.status) {
                None | Some(DeliveryStatus::Queued) => true,
                Some(DeliveryStatus::Failed | DeliveryStatus::Bounced) => opts.retry_failed,
                Some(DeliveryStatus::Uncertain | DeliveryStatus::Sending) => opts.resend_uncertain,
                Some(DeliveryStatus::Sent) => false,
            };
            if again {
                let attempts = previous.map_or(0, |d| d.attempts);
                self.email(&notice, to, attempts)?;
            } else {
                self.summary.already += 1;
            }
        }
        if letter && notice.addressee.postal() {
            let previous = if dry {
                None
            } else {
                self.store
                    .delivery(reference, &notice.person, LETTER)
                    .map_err(Error::from)?
            };
            // A letter logged whose file is gone (deleted, or a disk restored) is written
            // again.
            if previous.is_some_and(|d| self.letters.exists(&d.answer)) {
                self.summary.already += 1;
            } else {
                let file = self.letters.add(writer, &notice)?;
                self.summary.letters += 1;
                if let (false, Some(file)) = (dry, file) {
                    log_letter(self.store, reference, &notice, file)?;
                }
            }
        }
        Ok(())
    }

    /// One e-mail, tried until sent, refused, or the server is gone.
    fn email(&mut self, notice: &Notice, to: &str, mut attempts: i64) -> Result<(), Error> {
        let (store, writer, from, opts) = (&mut *self.store, self.writer, self.from, self.opts);
        let (pace, summary) = (&mut self.pace, &mut self.summary);
        let reference = writer.reference();
        // Every state of the e-mail is logged before the next step.
        let mut log = |status, attempts, answer: &str| {
            log_email(store, reference, notice, status, attempts, answer)
        };
        let domain = from.email.domain();
        let id = format!("<{reference}.{}@{domain}>", notice.person);
        let bytes = match smtp::message(from, to, &notice.subject, &notice.email, &id) {
            Ok(b) => b,
            Err(e) => {
                summary.bounced += 1;
                return log(DeliveryStatus::Bounced, attempts, &e.to_string());
            }
        };
        let mailer = match &mut *self.outbox {
            Outbox::Folder(dir) => {
                let dir = dir.join("email");
                std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
                let path = dir.join(format!("{}.eml", notice.person));
                std::fs::write(&path, &bytes).map_err(Error::io(&path))?;
                summary.written += 1;
                return Ok(());
            }
            Outbox::Smtp(m) => m,
        };
        let mut wait = opts.backoff;
        let mut tries = 0;
        loop {
            pace.wait();
            attempts += 1;
            tries += 1;
            log(DeliveryStatus::Sending, attempts, "")?;
            let (status, answer) = match mailer.send(from, to, &bytes) {
                Attempt::Sent(a) => (DeliveryStatus::Sent, a),
                Attempt::Bounced(a) => (DeliveryStatus::Bounced, a),
                Attempt::Refused(a) => (DeliveryStatus::Failed, a),
                Attempt::Unknown(a) => (DeliveryStatus::Uncertain, a),
                Attempt::Transient(a) if tries <= opts.retries => {
                    log(DeliveryStatus::Queued, attempts, &a)?;
                    std::thread::sleep(wait);
                    wait *= 2;
                    continue;
                }
                Attempt::Transient(a) => {
                    // The server cannot be reached at all: stop, leaving this one to resume.
                    if mailer.connect().is_err() {
                        log(DeliveryStatus::Queued, attempts, &a)?;
                        return Err(Error::Smtp(format!(
                            "the SMTP server is unreachable after {tries} attempts ({a}); rerun to resume"
                        )));
                    }
                    (DeliveryStatus::Failed, a)
                }
            };
            match status {
                DeliveryStatus::Sent => summary.sent += 1,
                DeliveryStatus::Bounced => summary.bounced += 1,
                DeliveryStatus::Uncertain => summary.uncertain += 1,
                _ => summary.failed += 1,
            }
            return log(status, attempts, &answer);
        }
    }
}

fn log_email(
    store: &mut Store,
    reference: &str,
    notice: &Notice,
    status: DeliveryStatus,
    attempts: i64,
    answer: &str,
) -> Result<(), Error> {
    let d = Delivery {
        person: notice.person.clone(),
        channel: EMAIL.into(),
        status,
        attempts,
        answer: answer.to_string(),
        updated: String::new(),
    };
    store
        .set_delivery(reference, &d, Timestamp::now())
        .map_err(Error::from)
}

/// Spaces messages to the rate asked.
struct Pace {
    every: Option<Duration>,
    next: Instant,
}

impl Pace {
    fn new(rate: f64) -> Pace {
        Pace {
            every: (rate > 0.0).then(|| Duration::from_secs_f64(1.0 / rate)),
            next: Instant::now(),
        }
    }

    fn wait(&mut self) {
        let Some(every) = self.every else { return };
        let now = Instant::now();
        if self.next > now {
            std::thread::sleep(self.next - now);
        }
        // A late start does not earn a burst.
        self.next = self.next.max(now) + every;
    }
}

/// The letters of a run: one PDF a person (`NNNNNN.pdf`) and `index.csv`, or one merged
/// PDF with its index. A letter is logged only once its file is on disk (written and
/// synced): a run that stops leaves no letter logged and missing, and the next run
/// numbers after the files already there and appends to the index, overwriting nothing.
struct LetterBatch {
    dir: Option<PathBuf>,
    merged: bool,
    index: Option<csv::Writer<std::fs::File>>,
    held: Vec<(Vec<String>, Notice)>,
    n: u64,
    reference: String,
}

/// Writes `bytes` to `path` and waits for the disk.
fn durable(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut f = std::fs::File::create(path).map_err(Error::io(&path))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(Error::io(&path))
}

/// The highest `NNNNNN.pdf` already in `dir`.
fn last_number(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            name.strip_suffix(".pdf")?.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

impl LetterBatch {
    fn new(dir: Option<PathBuf>, merged: bool, reference: &str) -> Result<LetterBatch, Error> {
        let mut n = 0;
        let index = match &dir {
            Some(d) => {
                std::fs::create_dir_all(d).map_err(Error::io(&d))?;
                n = last_number(d);
                if merged {
                    None
                } else {
                    let path = d.join("index.csv");
                    let fresh = std::fs::metadata(&path).map_or(true, |m| m.len() == 0);
                    let file = std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&path)
                        .map_err(Error::io(&path))?;
                    let mut w = csv::Writer::from_writer(file);
                    if fresh {
                        w.write_record(["letter", "file", "name", "postcode", "city", "lang"])
                            .map_err(|e| Error::io(&path)(e.into()))?;
                    }
                    Some(w)
                }
            }
            None => None,
        };
        Ok(LetterBatch {
            dir,
            merged,
            index,
            held: Vec::new(),
            n,
            reference: reference.to_string(),
        })
    }

    /// Whether the letter a delivery log names is on disk.
    fn exists(&self, logged: &str) -> bool {
        let file = logged.split(" #").next().unwrap_or(logged);
        self.dir.as_ref().is_some_and(|d| d.join(file).is_file())
    }

    /// Adds one letter: its file when written now, `None` when held for the merged PDF
    /// (logged by [`LetterBatch::finish`] once that is written).
    fn add(&mut self, writer: &Writer, notice: &Notice) -> Result<Option<String>, Error> {
        let Some(dir) = &self.dir else {
            return Err(Error::Refused(
                "letters are owed but no folder was given for them (--letters DIR)".into(),
            ));
        };
        self.n += 1;
        let a = &notice.addressee;
        let cells = vec![
            self.n.to_string(),
            a.name(),
            a.postcode.clone(),
            a.city.clone(),
        ];
        if self.merged {
            self.held.push((cells, notice.clone()));
            return Ok(None);
        }
        let file = format!("{:06}.pdf", self.n);
        let bytes = render_letter(writer, notice, &self.reference, self.n)?;
        durable(&dir.join(&file), &bytes)?;
        if let Some(w) = &mut self.index {
            let text = |s: &str| vigie_detect::mask::spreadsheet_cell(s).into_owned();
            w.write_record([
                text(&cells[0]),
                file.clone(),
                text(&cells[1]),
                text(&cells[2]),
                text(&cells[3]),
                notice.lang.id().to_string(),
            ])
            .and_then(|_| w.flush().map_err(csv::Error::from))
            .map_err(|e| Error::io(dir.join("index.csv"))(e.into()))?;
        }
        Ok(Some(file))
    }

    /// Writes the merged PDF, if any, under a name no earlier run used; returns it and the
    /// letters it holds (to be logged now).
    fn finish(mut self, writer: &Writer) -> Result<Vec<(Notice, String)>, Error> {
        if let (Some(w), Some(dir)) = (&mut self.index, &self.dir) {
            w.flush().map_err(Error::io(dir.join("index.csv")))?;
        }
        let Some(dir) = &self.dir else {
            return Ok(Vec::new());
        };
        if !self.merged || self.held.is_empty() {
            return Ok(Vec::new());
        }
        let sender = letterhead(writer);
        let footers: Vec<String> = (1..=self.held.len())
            .map(|n| footer(&self.reference, n as u64))
            .collect();
        let dates: Vec<String> = self.held.iter().map(|(_, n)| date_line(n)).collect();
        let addresses: Vec<Vec<String>> = self
            .held
            .iter()
            .map(|(_, n)| n.addressee.address_block())
            .collect();
        let letters: Vec<(Vec<String>, pdf::Letter)> = self
            .held
            .iter()
            .enumerate()
            .map(|(i, (cells, n))| {
                (
                    cells.clone(),
                    pdf::Letter {
                        sender: &sender,
                        address: &addresses[i],
                        date: &dates[i],
                        text: &n.letter,
                        footer: &footers[i],
                    },
                )
            })
            .collect();
        let bytes = pdf::merged(
            &letters,
            &format!("{} — {} letters", self.reference, letters.len()),
            &["#", "name", "postcode", "city", "page"],
        )?;
        let name = (1..)
            .map(|k: u32| match k {
                1 => "letters.pdf".to_string(),
                k => format!("letters-{k}.pdf"),
            })
            .find(|name| !dir.join(name).exists())
            .unwrap_or_default();
        durable(&dir.join(&name), &bytes)?;
        Ok(self
            .held
            .into_iter()
            .map(|(cells, n)| {
                let label = format!("{name} #{}", cells[0]);
                (n, label)
            })
            .collect())
    }
}

fn letterhead(writer: &Writer) -> Vec<String> {
    let s = writer.sender();
    let mut lines = vec![s.organisation.clone()];
    lines.extend(s.address.iter().cloned());
    lines
}

fn footer(reference: &str, n: u64) -> String {
    format!("{reference} · {n:06}")
}

fn date_line(n: &Notice) -> String {
    let today = crate::words::date(Timestamp::now(), n.lang);
    n.lang.pick(&format!("Le {today}"), &today).to_string()
}

/// One person's letter as a PDF.
pub fn render_letter(
    writer: &Writer,
    notice: &Notice,
    reference: &str,
    n: u64,
) -> Result<Vec<u8>, Error> {
    let sender = letterhead(writer);
    let address = notice.addressee.address_block();
    pdf::letter(&pdf::Letter {
        sender: &sender,
        address: &address,
        date: &date_line(notice),
        text: &notice.letter,
        footer: &footer(reference, n),
    })
}
