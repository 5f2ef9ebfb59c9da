//! The register: each case's current state and the append-only, hash-chained history of
//! every change, in SQLite (a file, the default) or PostgreSQL (by URL). Each change is
//! one transaction (the state and its event together), so a kill at any moment leaves
//! either the change whole or no trace of it. Each event keeps the case as it became, so
//! the history alone rebuilds the register, and `verify` detects an edited, removed or
//! inserted event, or a state that no event explains.

mod accounts;
mod backend;
mod deliveries;

use crate::case::Breach;
use crate::crypt::RegisterKey;
use crate::error::Refused;
use crate::evidence::{Answer, Evidence, Person};
use crate::obligations::Decision;
use backend::{Backend, Value};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use accounts::Account;
pub use deliveries::{Delivery, DeliveryStatus};

/// The history's name for the register's own events (accounts), beside the cases': a
/// reference no case can have (`#`), so `verify` does not look for its state among them.
/// `vigie breach history '#accounts'` lists them.
pub const ACCOUNTS: &str = "#accounts";

/// A case as stored: the facts, the DPO's decisions and the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub breach: Breach,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// A processor's controllers (`clients`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<crate::clients::Client>,
    /// The leak shared out among them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<crate::clients::Split>,
    /// A controller's case opened from its processor's notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_processor: Option<crate::clients::FromProcessor>,
    /// The notices to the persons delegated to the processor, latest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegations: Vec<crate::clients::Delegation>,
}

impl Case {
    /// A new case of these facts, nothing else recorded yet.
    pub fn new(breach: Breach) -> Case {
        Case {
            breach,
            decisions: Vec::new(),
            evidence: Vec::new(),
            clients: Vec::new(),
            split: None,
            from_processor: None,
            delegations: Vec::new(),
        }
    }
}

impl Case {
    /// Records a DPO's decision, refused when it lacks what the register must show: the
    /// reasons for not notifying (Art. 33(5)), the evidence of an exemption (Art. 34(3)),
    /// the channel of a public communication, a notification time that has passed and
    /// follows the discovery. The one entry point for the command line and the dashboard;
    /// `by` is who records it, kept with a notification so the register says who told whom.
    pub fn decide(
        &mut self,
        mut decision: Decision,
        by: &str,
        now: Timestamp,
    ) -> Result<(), Refused> {
        if let Decision::Notified { by: who, .. } = &mut decision {
            *who = by.to_string();
        }
        match &decision {
            Decision::NotNotifying { reason, .. } if reason.trim().is_empty() => {
                return Err("not notifying needs its reasons".into());
            }
            Decision::Exempted { evidence, .. } if evidence.trim().is_empty() => {
                return Err("an exemption needs its evidence".into());
            }
            Decision::PublicCommunication { channel, .. } if channel.trim().is_empty() => {
                return Err("a public communication needs its channel".into());
            }
            Decision::Notified { at, .. } | Decision::PublicCommunication { at, .. } => {
                self.done_at(*at, now)?;
            }
            _ => {}
        }
        self.decisions.push(decision);
        Ok(())
    }

    /// A time something was done, as the register takes it: not in the future, not before
    /// the breach was discovered.
    pub(crate) fn done_at(&self, at: Timestamp, now: Timestamp) -> Result<(), Refused> {
        use crate::time::local;
        if at > now {
            return Err(format!("{} (Paris time) is in the future", local(at)).into());
        }
        if at < self.breach.discovered {
            return Err(format!(
                "{} (Paris time) is before the breach was discovered ({})",
                local(at),
                local(self.breach.discovered)
            )
            .into());
        }
        Ok(())
    }
}

pub use crate::error::Error;

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Storage(message)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Storage(format!("register database: {e}"))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Storage(format!("register data: {e}"))
    }
}

/// One entry of the history.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub seq: i64,
    pub reference: String,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub hash: String,
}

/// What `verify` found.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Verification {
    pub events: u64,
    pub cases: u64,
    /// The history's head as the register key sealed it: how many events, and the last
    /// one's hash. Kept elsewhere (printed by `verify`), it proves later that nothing was
    /// cut from the end or rewritten, even by someone holding the key.
    pub head: Option<(u64, String)>,
    /// Empty when the chain and the states agree.
    pub problems: Vec<String>,
}

const GENESIS: &str = "vigie-register-v1";
/// The key check of a register that keeps a sealed head: a register opened by this
/// version is upgraded to it, so that a head gone missing is a problem, not an old
/// register (replacing the check needs the key).
const CHECK_WITH_HEAD: &[u8] = b"vigie register key check: history head kept";
/// Hashes of events chained under a subkey of the register key start with this: without
/// the key, no one can rewrite an event and recompute the chain after it.
const KEYED: &str = "k1:";

/// The chain's link of one event (`[prev, seq, reference, at, actor, action, payload]`):
/// keyed (a MAC under `key`) since heads are kept, plain BLAKE3 for the events of older
/// registers.
fn chain_hash(key: Option<&[u8; 32]>, parts: [&str; 7]) -> String {
    let mut h = key.map_or_else(blake3::Hasher::new, blake3::Hasher::new_keyed);
    for part in parts {
        // Length-prefixed, so that moving a separator between fields changes the hash.
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let hex = h.finalize().to_hex().to_string();
    match key {
        Some(_) => format!("{KEYED}{hex}"),
        None => hex,
    }
}

pub(crate) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub struct Store {
    db: Box<dyn Backend>,
    key: RegisterKey,
}

impl Store {
    /// Opens (creating if needed) the register: a `postgres://` URL, or a SQLite file
    /// path. Brings its schema up to date and checks that `key` is the register's key.
    pub fn open(location: &str, key: RegisterKey) -> Result<Store, Error> {
        let db: Box<dyn Backend> =
            if location.starts_with("postgres://") || location.starts_with("postgresql://") {
                open_postgres(location)?
            } else {
                Box::new(backend::Sqlite::open(std::path::Path::new(location))?)
            };
        let mut store = Store { db, key };
        store.migrate()?;
        store.in_transaction(|s| {
            let check =
                s.db.query("SELECT value FROM meta WHERE name = 'key_check'", &[])?;
            let heads = match check.into_iter().next().and_then(|r| r.into_iter().next()) {
                Some(v) => {
                    let v = v.blob()?;
                    if s.key
                        .open("key-check", &v)
                        .is_ok_and(|p| p == CHECK_WITH_HEAD)
                    {
                        true
                    } else {
                        s.key.verify_check(&v)?;
                        false
                    }
                }
                None => false,
            };
            if !heads {
                // A new register, or one written before heads were kept: its head is
                // sealed now, and from now on required.
                let last = s.last_event()?;
                s.seal_head(last.0 - 1, &last.1)?;
                let value = s.key.seal("key-check", CHECK_WITH_HEAD)?;
                s.db.execute("DELETE FROM meta WHERE name = 'key_check'", &[])?;
                s.db.execute(
                    "INSERT INTO meta (name, value) VALUES ('key_check', $1)",
                    &[Value::Blob(value)],
                )?;
            }
            Ok(())
        })?;
        Ok(store)
    }

    /// The next event's number and the last event's hash (the genesis when none).
    fn last_event(&mut self) -> Result<(i64, String), Error> {
        let last = self
            .db
            .query(
                "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                &[],
            )?
            .into_iter()
            .next();
        Ok(match last {
            Some(r) => {
                let mut r = r.into_iter();
                let seq = r.next().unwrap_or(Value::Null).int()?;
                (seq + 1, r.next().unwrap_or(Value::Null).text()?)
            }
            None => (1, GENESIS.to_string()),
        })
    }

    /// Seals the history's head: how many events, and the last one's hash.
    fn seal_head(&mut self, events: i64, last: &str) -> Result<(), Error> {
        let sealed = self
            .key
            .seal("history-head", format!("{events} {last}").as_bytes())?;
        self.db
            .execute("DELETE FROM meta WHERE name = 'history_head'", &[])?;
        self.db.execute(
            "INSERT INTO meta (name, value) VALUES ('history_head', $1)",
            &[Value::Blob(sealed)],
        )
    }

    /// The history's head as sealed (how many events, the last hash), for the exports;
    /// `None` when it is missing or does not open (`verify` says which).
    pub fn sealed_head(&mut self) -> Result<Option<(u64, String)>, Error> {
        Ok(self.head()?.ok())
    }

    /// The sealed head, opened: `Err` names what is wrong with it.
    fn head(&mut self) -> Result<Result<(u64, String), String>, Error> {
        let rows = self
            .db
            .query("SELECT value FROM meta WHERE name = 'history_head'", &[])?;
        let Some(v) = rows.into_iter().next().and_then(|r| r.into_iter().next()) else {
            return Ok(Err("the history's sealed head is missing (removed)".into()));
        };
        let opened = self.key.open("history-head", &v.blob()?);
        Ok(opened
            .ok()
            .and_then(|p| String::from_utf8(p).ok())
            .and_then(|p| {
                let (n, last) = p.split_once(' ')?;
                Some((n.parse().ok()?, last.to_string()))
            })
            .ok_or_else(|| "the history's sealed head does not open with the key (altered)".into()))
    }

    fn chain_key(&self) -> [u8; 32] {
        self.key.keyed_hash("history chain", b"")
    }

    fn migrate(&mut self) -> Result<(), Error> {
        let migrations = self.db.migrations();
        let known = migrations.len() as i64;
        let version = self.db.schema_version()?;
        if version > known {
            return Err(Error::Storage(format!(
                "{}: register schema version {version} is newer than this vigie ({known})",
                self.db.location()
            )));
        }
        for (i, sql) in migrations.iter().enumerate().skip(version as usize) {
            self.in_transaction(|s| {
                s.db.execute(sql, &[])?;
                s.db.set_schema_version(i as i64 + 1)
            })?;
        }
        Ok(())
    }

    /// Runs `f` in a write transaction, rolled back if it fails.
    fn in_transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.db.begin()?;
        match f(self) {
            Ok(v) => {
                self.db.commit()?;
                Ok(v)
            }
            Err(e) => {
                self.db.rollback();
                Err(e)
            }
        }
    }

    /// Brings the connection back to rest after a panic interrupted a change: the change's
    /// open transaction is rolled back (nothing of it was committed) and commits wait for
    /// the disk again.
    pub fn recover(&mut self) {
        self.db.rollback();
        let _ = self.db.wait_for_disk(true);
    }

    /// Stores a new case, checked at `now`; returns its reference.
    pub fn create(&mut self, breach: Breach, actor: &str, now: Timestamp) -> Result<String, Error> {
        self.open_case(Case::new(breach), actor, now)
    }

    /// Opens `case` (its facts checked as `create` does) under a new reference.
    pub fn open_case(
        &mut self,
        mut case: Case,
        actor: &str,
        now: Timestamp,
    ) -> Result<String, Error> {
        case.breach.check(now)?;
        self.in_transaction(|s| {
            let year = now.to_zoned(jiff::tz::TimeZone::UTC).year();
            let prefix = format!("VIG-{year}-");
            let n =
                s.db.query(
                    "SELECT COUNT(*) FROM breaches WHERE reference LIKE $1",
                    &[Value::Text(format!("{prefix}%"))],
                )?
                .into_iter()
                .next()
                .and_then(|r| r.into_iter().next())
                .map_or(Ok(0), |v| v.int())?;
            case.breach.reference = format!("{prefix}{:04}", n + 1);
            let state = serde_json::to_string(&case)?;
            s.db.execute(
                "INSERT INTO breaches (reference, created, state) VALUES ($1, $2, $3)",
                &[
                    text(&case.breach.reference),
                    text(&now.to_string()),
                    text(&state),
                ],
            )?;
            s.append(&case.breach.reference, now, actor, "create", &state)?;
            Ok(case.breach.reference)
        })
    }

    /// Applies `change` to a case and records it as `action`; nothing is stored when the
    /// change fails or leaves the case inconsistent.
    pub fn update(
        &mut self,
        reference: &str,
        actor: &str,
        action: &str,
        now: Timestamp,
        change: impl FnOnce(&mut Case) -> Result<(), Refused>,
    ) -> Result<Case, Error> {
        self.in_transaction(|s| {
            let mut case = s.load(reference)?;
            change(&mut case).map_err(|e| Error::Refused(format!("{reference}: {e}")))?;
            s.save(reference, actor, action, now, case)
        })
    }

    /// Checks and stores a changed case with its event.
    fn save(
        &mut self,
        reference: &str,
        actor: &str,
        action: &str,
        now: Timestamp,
        case: Case,
    ) -> Result<Case, Error> {
        case.breach
            .check(now)
            .map_err(|e| Error::Refused(format!("{reference}: {e}")))?;
        let state = serde_json::to_string(&case)?;
        self.db.execute(
            "UPDATE breaches SET state = $1 WHERE reference = $2",
            &[text(&state), text(reference)],
        )?;
        self.append(reference, now, actor, action, &state)?;
        Ok(case)
    }

    /// Attaches evidence: the case takes its categories and counts, and a link result's
    /// persons are stored sealed, all in one change.
    pub fn attach(
        &mut self,
        reference: &str,
        actor: &str,
        now: Timestamp,
        evidence: Evidence,
        persons: &[Person],
    ) -> Result<Case, Error> {
        self.in_transaction(|s| {
            let mut case = s.load(reference)?;
            if case.evidence.iter().any(|e| e.blake3 == evidence.blake3) {
                return Err(Error::Refused(format!(
                    "{reference}: {} is attached already (same BLAKE3 {})",
                    evidence.file, evidence.blake3
                )));
            }
            let b = &mut case.breach;
            for c in &evidence.categories {
                if !b.data.contains(c) {
                    b.data.push(*c);
                }
            }
            b.data.sort();
            if b.persons_count.is_none_or(|n| n < evidence.persons) {
                b.persons_count = Some(evidence.persons);
            }
            for (n, p) in persons.iter().enumerate() {
                let context = format!("{reference}/{}/{n}", evidence.blake3);
                let sealed = s.key.seal(&context, &serde_json::to_vec(p)?)?;
                s.db.execute(
                    "INSERT INTO persons (reference, evidence, n, sealed) VALUES ($1, $2, $3, $4)",
                    &[
                        text(reference),
                        text(&evidence.blake3),
                        Value::Int(n as i64),
                        Value::Blob(sealed),
                    ],
                )?;
            }
            case.evidence.push(evidence);
            s.save(reference, actor, "attach", now, case)
        })
    }

    /// The affected persons of a case, decrypted.
    pub fn persons(&mut self, reference: &str) -> Result<Vec<Person>, Error> {
        let mut out = Vec::new();
        self.each_person(reference, &mut |p| {
            out.push(p);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands the affected persons of a case to `f` one at a time, reading them a page at
    /// a time, so that memory does not grow with their number.
    pub fn each_person(
        &mut self,
        reference: &str,
        f: &mut dyn FnMut(Person) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.load(reference)?;
        let mut cursor = (String::new(), -1i64);
        loop {
            let page = self.person_page(reference, &mut cursor)?;
            if page.is_empty() {
                return Ok(());
            }
            for p in page {
                f(p)?;
            }
        }
    }

    /// Records a reviewer's answer on a link result's pair for `registry_id` (every
    /// attached link result's): its decision follows, the evidence's counts and the case's
    /// person count with it, and the history says who answered what, when (not whom:
    /// the registry id stays sealed with the person). Refused, with nothing changed, when
    /// the case has no such pair.
    pub fn review(
        &mut self,
        reference: &str,
        registry_id: &str,
        answer: Answer,
        actor: &str,
        now: Timestamp,
    ) -> Result<Case, Error> {
        self.in_transaction(|s| {
            let mut case = s.load(reference)?;
            let mut found = Vec::new();
            let mut cursor = (String::new(), -1i64);
            loop {
                let page = s.sealed_page(reference, &mut cursor)?;
                if page.is_empty() {
                    break;
                }
                found.extend(page.into_iter().filter(|(_, _, p)| p.registry_id == registry_id));
            }
            if found.is_empty() {
                return Err(Error::Refused(format!(
                    "{reference}: no linked person {registry_id} (see `vigie breach review {reference}`)"
                )));
            }
            for (evidence, n, before) in found {
                let mut after = before.clone();
                after.label(actor, now, answer);
                let context = format!("{reference}/{evidence}/{n}");
                let sealed = s
                    .key
                    .seal(&context, &serde_json::to_vec(&after)?)
                    ?;
                s.db.execute(
                    "UPDATE persons SET sealed = $1 WHERE reference = $2 AND evidence = $3 AND n = $4",
                    &[
                        Value::Blob(sealed),
                        text(reference),
                        text(&evidence),
                        Value::Int(n),
                    ],
                )?;
                if let Some(e) = case.evidence.iter_mut().find(|e| e.blake3 == evidence) {
                    e.recount(&before, &after);
                    let b = &mut case.breach;
                    for c in &e.categories {
                        if !b.data.contains(c) {
                            b.data.push(*c);
                        }
                    }
                    b.data.sort();
                    if b.persons_count.is_none_or(|k| k < e.persons) {
                        b.persons_count = Some(e.persons);
                    }
                }
            }
            let action = match answer {
                Answer::Same => "review: same person",
                Answer::Different => "review: different persons",
                Answer::CantTell => "review: can't tell",
            };
            s.save(reference, actor, action, now, case)
        })
    }

    /// Up to 1,000 persons after `cursor` (start with `(String::new(), -1)`), in order;
    /// the cursor moves past them. Empty at the end.
    pub fn person_page(
        &mut self,
        reference: &str,
        cursor: &mut (String, i64),
    ) -> Result<Vec<Person>, Error> {
        Ok(self
            .sealed_page(reference, cursor)?
            .into_iter()
            .map(|(_, _, p)| p)
            .collect())
    }

    /// The persons of a case from the `offset`-th, `limit` at most, in their stored order:
    /// a page shows these without opening the others.
    pub fn persons_at(
        &mut self,
        reference: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<Person>, Error> {
        let rows = self.db.query(
            "SELECT evidence, n, sealed FROM persons WHERE reference = $1 ORDER BY evidence, n LIMIT $2 OFFSET $3",
            &[
                text(reference),
                Value::Int(i64::try_from(limit).unwrap_or(i64::MAX)),
                Value::Int(i64::try_from(offset).unwrap_or(i64::MAX)),
            ],
        )?;
        Ok(self
            .open_persons(reference, rows)?
            .into_iter()
            .map(|(_, _, p)| p)
            .collect())
    }

    /// Rows of (evidence, n, sealed) opened: each person is sealed under its place.
    fn open_persons(
        &self,
        reference: &str,
        rows: Vec<Vec<Value>>,
    ) -> Result<Vec<(String, i64, Person)>, Error> {
        let mut out = Vec::new();
        for row in rows {
            let mut row = row.into_iter();
            let (Some(evidence), Some(n), Some(sealed)) = (row.next(), row.next(), row.next())
            else {
                return Err(Error::Storage("register data: short person row".into()));
            };
            let (evidence, n) = (evidence.text()?, n.int()?);
            let context = format!("{reference}/{evidence}/{n}");
            let plain = self.key.open(&context, &sealed.blob()?)?;
            out.push((evidence, n, serde_json::from_slice(&plain)?));
        }
        Ok(out)
    }

    /// [`Store::person_page`] with where each person is stored: its evidence and number.
    fn sealed_page(
        &mut self,
        reference: &str,
        cursor: &mut (String, i64),
    ) -> Result<Vec<(String, i64, Person)>, Error> {
        let rows = self.db.query(
            "SELECT evidence, n, sealed FROM persons WHERE reference = $1 AND (evidence > $2 OR (evidence = $2 AND n > $3)) ORDER BY evidence, n LIMIT 1000",
            &[text(reference), text(&cursor.0), Value::Int(cursor.1)],
        )?;
        let out = self.open_persons(reference, rows)?;
        if let Some((evidence, n, _)) = out.last() {
            *cursor = (evidence.clone(), *n);
        }
        Ok(out)
    }

    /// The register key, for what must be sealed or hashed beside the register.
    pub fn key(&self) -> &RegisterKey {
        &self.key
    }

    /// Each recorded state of a case, oldest first: when, what changed it, and the case as
    /// it became (a complementary notification shows what changed since the initial one).
    pub fn states(&mut self, reference: &str) -> Result<Vec<(Event, Case)>, Error> {
        let rows = self.db.query(
            "SELECT seq, reference, at, actor, action, hash, payload FROM events WHERE reference = $1 ORDER BY seq",
            &[text(reference)],
        )?;
        rows.into_iter()
            .map(|r| {
                let mut r = r.into_iter();
                let mut next = || r.next().unwrap_or(Value::Null);
                let event = event_of(&mut next)?;
                let case = serde_json::from_str(&next().text()?)?;
                Ok((event, case))
            })
            .collect()
    }

    /// Records a change that concerns a case without changing its facts (a notification
    /// run, a letter batch): its state is kept as it is and the history says what was done.
    pub fn record(
        &mut self,
        reference: &str,
        actor: &str,
        action: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.in_transaction(|s| {
            let case = s.load(reference)?;
            s.save(reference, actor, action, now, case).map(|_| ())
        })
    }

    pub fn get(&mut self, reference: &str) -> Result<Case, Error> {
        self.load(reference)
    }

    /// Every case, oldest first.
    pub fn list(&mut self) -> Result<Vec<Case>, Error> {
        self.db
            .query(
                "SELECT state FROM breaches ORDER BY created, reference",
                &[],
            )?
            .into_iter()
            .map(|r| {
                let state = r
                    .into_iter()
                    .next()
                    .map_or(Ok(String::new()), Value::text)?;
                Ok(serde_json::from_str(&state)?)
            })
            .collect()
    }

    /// The history of one case.
    pub fn history(&mut self, reference: &str) -> Result<Vec<Event>, Error> {
        let rows = self.db.query(
            "SELECT seq, reference, at, actor, action, hash FROM events WHERE reference = $1 ORDER BY seq",
            &[text(reference)],
        )?;
        rows.into_iter()
            .map(|r| {
                let mut r = r.into_iter();
                event_of(&mut || r.next().unwrap_or(Value::Null))
            })
            .collect()
    }

    /// Checks the whole chain, and that each case's state is the one its last event
    /// recorded.
    pub fn verify(&mut self) -> Result<Verification, Error> {
        let mut problems = Vec::new();
        let mut last: std::collections::BTreeMap<String, String> = Default::default();
        let mut prev_hash = GENESIS.to_string();
        let mut expected_seq = 1i64;
        let mut events = 0u64;
        let chain_key = self.chain_key();
        let mut keyed_seen = false;
        let rows = self.db.query(
            "SELECT seq, reference, at, actor, action, payload, prev, hash FROM events ORDER BY seq",
            &[],
        )?;
        for r in rows {
            events += 1;
            let mut r = r.into_iter();
            let mut next = || r.next().unwrap_or(Value::Null);
            let seq = next().int()?;
            let [reference, at, actor, action, payload, prev, hash] = [
                next().text()?,
                next().text()?,
                next().text()?,
                next().text()?,
                next().text()?,
                next().text()?,
                next().text()?,
            ];
            if seq != expected_seq {
                problems.push(format!(
                    "event {seq}: expected event {expected_seq} (an event was removed or inserted)"
                ));
            }
            if prev != prev_hash {
                problems.push(format!("event {seq}: does not follow the event before it"));
            }
            let keyed = hash.starts_with(KEYED);
            if keyed_seen && !keyed {
                problems.push(format!(
                    "event {seq} ({reference}, {action}): chained without the register key after events chained with it (rewritten)"
                ));
            }
            keyed_seen |= keyed;
            let key = keyed.then_some(&chain_key);
            let parts = [
                &*prev,
                &seq.to_string(),
                &reference,
                &at,
                &actor,
                &action,
                &payload,
            ];
            if chain_hash(key, parts) != hash {
                problems.push(format!(
                    "event {seq} ({reference}, {action}): its content was altered"
                ));
            }
            prev_hash = hash;
            expected_seq = seq + 1;
            last.insert(reference, payload);
        }
        let mut cases = 0u64;
        for r in self
            .db
            .query("SELECT reference, state FROM breaches", &[])?
        {
            cases += 1;
            let mut r = r.into_iter();
            let reference = r.next().unwrap_or(Value::Null).text()?;
            let state = r.next().unwrap_or(Value::Null).text()?;
            match last.remove(&reference) {
                Some(p) if p == state => {}
                Some(_) => problems.push(format!(
                    "{reference}: its state differs from the last recorded change"
                )),
                None => problems.push(format!("{reference}: no recorded history")),
            }
        }
        for reference in last.keys().filter(|r| !r.starts_with('#')) {
            problems.push(format!(
                "{reference}: in the history but missing from the register"
            ));
        }
        let head = match self.head()? {
            Ok(h) => {
                if h.0 != events || h.1 != prev_hash {
                    problems.push(format!(
                        "the history does not end where its sealed head says ({} events, the last {}): events were removed, added or rewritten",
                        h.0, h.1
                    ));
                }
                Some(h)
            }
            Err(p) => {
                problems.push(p);
                None
            }
        };
        Ok(Verification {
            events,
            cases,
            head,
            problems,
        })
    }

    fn load(&mut self, reference: &str) -> Result<Case, Error> {
        let state = self
            .db
            .query(
                "SELECT state FROM breaches WHERE reference = $1",
                &[text(reference)],
            )?
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next())
            .ok_or_else(|| Error::NotFound(format!("{reference}: no such breach in the register")))?
            .text()?;
        Ok(serde_json::from_str(&state)?)
    }

    fn append(
        &mut self,
        reference: &str,
        now: Timestamp,
        actor: &str,
        action: &str,
        payload: &str,
    ) -> Result<(), Error> {
        let (seq, prev) = self.last_event()?;
        let at = now.to_string();
        let key = self.chain_key();
        let hash = chain_hash(
            Some(&key),
            [
                &prev,
                &seq.to_string(),
                reference,
                &at,
                actor,
                action,
                payload,
            ],
        );
        self.db.execute(
            "INSERT INTO events (seq, reference, at, actor, action, payload, prev, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                Value::Int(seq),
                text(reference),
                text(&at),
                text(actor),
                text(action),
                text(payload),
                text(&prev),
                text(&hash),
            ],
        )?;
        self.seal_head(seq, &hash)
    }
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<Box<dyn Backend>, Error> {
    Ok(Box::new(backend::Postgres::open(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_: &str) -> Result<Box<dyn Backend>, Error> {
    Err(Error::Storage(
        "this build of vigie has no PostgreSQL support (build with --features postgres)".into(),
    ))
}

/// An event from the columns `seq, reference, at, actor, action, hash`, in that order.
fn event_of(next: &mut impl FnMut() -> Value) -> Result<Event, Error> {
    Ok(Event {
        seq: next().int()?,
        reference: next().text()?,
        at: next().text()?,
        actor: next().text()?,
        action: next().text()?,
        hash: next().text()?,
    })
}
