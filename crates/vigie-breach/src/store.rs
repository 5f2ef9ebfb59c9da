//! The register: a SQLite file holding each case's current state and the append-only,
//! hash-chained history of every change. Each change is one transaction (the state and
//! its event together), so a kill at any moment leaves either the change whole or no
//! trace of it. Each event keeps the case as it became, so the history alone rebuilds the
//! register, and `verify` detects an edited, removed or inserted event, or a state that
//! no event explains.

use crate::case::Breach;
use crate::crypt::RegisterKey;
use crate::evidence::{Evidence, Person};
use crate::obligations::Decision;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

/// A case as stored: the facts and the DPO's decisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub breach: Breach,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error(format!("register database: {e}"))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error(format!("register data: {e}"))
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
    /// Empty when the chain and the states agree.
    pub problems: Vec<String>,
}

/// Schema migrations, applied in order; `PRAGMA user_version` says how many ran.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE breaches (
        reference TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        state TEXT NOT NULL
    );
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        reference TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX events_reference ON events (reference);",
    // The key check value, and the affected persons, each sealed with the register key.
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE persons (
        reference TEXT NOT NULL,
        evidence TEXT NOT NULL,
        n INTEGER NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (reference, evidence, n)
    );",
];

const GENESIS: &str = "vigie-register-v1";

fn chain_hash(
    prev: &str,
    seq: i64,
    reference: &str,
    at: &str,
    actor: &str,
    action: &str,
    payload: &str,
) -> String {
    let mut h = blake3::Hasher::new();
    for part in [
        prev,
        &seq.to_string(),
        reference,
        at,
        actor,
        action,
        payload,
    ] {
        // Length-prefixed, so that moving a separator between fields changes the hash.
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().to_hex().to_string()
}

pub struct Store {
    conn: Connection,
    key: RegisterKey,
}

impl Store {
    /// Opens (creating if needed) the register at `path`, brings its schema up to date, and
    /// checks that `key` is the register's key.
    pub fn open(path: &std::path::Path, key: RegisterKey) -> Result<Store, Error> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| Error(format!("{}: {e}", dir.display())))?;
        }
        let mut conn =
            Connection::open(path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(Error(format!(
                "{}: register schema version {version} is newer than this vigie ({known})",
                path.display()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let check: Option<Vec<u8>> = tx
            .query_row("SELECT value FROM meta WHERE name = 'key_check'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match check {
            Some(check) => key.verify_check(&check).map_err(Error)?,
            None => {
                tx.execute(
                    "INSERT INTO meta (name, value) VALUES ('key_check', ?1)",
                    [key.check_value().map_err(Error)?],
                )?;
            }
        }
        tx.commit()?;
        Ok(Store { conn, key })
    }

    /// Stores a new case, checked at `now`; returns its reference.
    pub fn create(
        &mut self,
        mut breach: Breach,
        actor: &str,
        now: Timestamp,
    ) -> Result<String, Error> {
        breach.check(now).map_err(Error)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let year = now.to_zoned(jiff::tz::TimeZone::UTC).year();
        let prefix = format!("VIG-{year}-");
        let n: i64 = tx.query_row(
            "SELECT COUNT(*) FROM breaches WHERE reference LIKE ?1 || '%'",
            [&prefix],
            |r| r.get(0),
        )?;
        breach.reference = format!("{prefix}{:04}", n + 1);
        let case = Case {
            breach,
            decisions: Vec::new(),
            evidence: Vec::new(),
        };
        let state = serde_json::to_string(&case)?;
        tx.execute(
            "INSERT INTO breaches (reference, created, state) VALUES (?1, ?2, ?3)",
            params![case.breach.reference, now.to_string(), state],
        )?;
        append(&tx, &case.breach.reference, now, actor, "create", &state)?;
        tx.commit()?;
        Ok(case.breach.reference)
    }

    /// Applies `change` to a case and records it as `action`; nothing is stored when the
    /// change fails or leaves the case inconsistent.
    pub fn update(
        &mut self,
        reference: &str,
        actor: &str,
        action: &str,
        now: Timestamp,
        change: impl FnOnce(&mut Case) -> Result<(), String>,
    ) -> Result<Case, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut case = load(&tx, reference)?;
        change(&mut case).map_err(|e| Error(format!("{reference}: {e}")))?;
        case.breach
            .check(now)
            .map_err(|e| Error(format!("{reference}: {e}")))?;
        let state = serde_json::to_string(&case)?;
        tx.execute(
            "UPDATE breaches SET state = ?2 WHERE reference = ?1",
            params![reference, state],
        )?;
        append(&tx, reference, now, actor, action, &state)?;
        tx.commit()?;
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut case = load(&tx, reference)?;
        if case.evidence.iter().any(|e| e.blake3 == evidence.blake3) {
            return Err(Error(format!(
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
            let sealed = self
                .key
                .seal(&context, &serde_json::to_vec(p)?)
                .map_err(Error)?;
            tx.execute(
                "INSERT INTO persons (reference, evidence, n, sealed) VALUES (?1, ?2, ?3, ?4)",
                params![reference, evidence.blake3, n as i64, sealed],
            )?;
        }
        case.evidence.push(evidence);
        case.breach
            .check(now)
            .map_err(|e| Error(format!("{reference}: {e}")))?;
        let state = serde_json::to_string(&case)?;
        tx.execute(
            "UPDATE breaches SET state = ?2 WHERE reference = ?1",
            params![reference, state],
        )?;
        append(&tx, reference, now, actor, "attach", &state)?;
        tx.commit()?;
        Ok(case)
    }

    /// The affected persons of a case, decrypted.
    pub fn persons(&self, reference: &str) -> Result<Vec<Person>, Error> {
        load(&self.conn, reference)?;
        let mut stmt = self.conn.prepare(
            "SELECT evidence, n, sealed FROM persons WHERE reference = ?1 ORDER BY evidence, n",
        )?;
        let mut rows = stmt.query([reference])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (evidence, n, sealed): (String, i64, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let plain = self
                .key
                .open(&format!("{reference}/{evidence}/{n}"), &sealed)
                .map_err(Error)?;
            out.push(serde_json::from_slice(&plain)?);
        }
        Ok(out)
    }

    pub fn get(&self, reference: &str) -> Result<Case, Error> {
        load(&self.conn, reference)
    }

    /// Every case, oldest first.
    pub fn list(&self) -> Result<Vec<Case>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT state FROM breaches ORDER BY created, reference")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for state in rows {
            out.push(serde_json::from_str(&state?)?);
        }
        Ok(out)
    }

    /// The history of one case.
    pub fn history(&self, reference: &str) -> Result<Vec<Event>, Error> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, reference, at, actor, action, hash FROM events WHERE reference = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([reference], |r| {
            Ok(Event {
                seq: r.get(0)?,
                reference: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                action: r.get(4)?,
                hash: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Checks the whole chain, and that each case's state is the one its last event
    /// recorded.
    pub fn verify(&self) -> Result<Verification, Error> {
        let mut problems = Vec::new();
        let mut last: std::collections::BTreeMap<String, String> = Default::default();
        let mut prev_hash = GENESIS.to_string();
        let mut expected_seq = 1i64;
        let mut events = 0u64;
        let mut stmt = self.conn.prepare(
            "SELECT seq, reference, at, actor, action, payload, prev, hash FROM events ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            events += 1;
            let (seq, reference, at, actor, action, payload, prev, hash): (
                i64,
                String,
                String,
                String,
                String,
                String,
                String,
                String,
            ) = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            );
            if seq != expected_seq {
                problems.push(format!(
                    "event {seq}: expected event {expected_seq} (an event was removed or inserted)"
                ));
            }
            if prev != prev_hash {
                problems.push(format!("event {seq}: does not follow the event before it"));
            }
            if chain_hash(&prev, seq, &reference, &at, &actor, &action, &payload) != hash {
                problems.push(format!(
                    "event {seq} ({reference}, {action}): its content was altered"
                ));
            }
            prev_hash = hash;
            expected_seq = seq + 1;
            last.insert(reference, payload);
        }
        let mut cases = 0u64;
        let mut stmt = self.conn.prepare("SELECT reference, state FROM breaches")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            cases += 1;
            let (reference, state): (String, String) = (r.get(0)?, r.get(1)?);
            match last.remove(&reference) {
                Some(p) if p == state => {}
                Some(_) => problems.push(format!(
                    "{reference}: its state differs from the last recorded change"
                )),
                None => problems.push(format!("{reference}: no recorded history")),
            }
        }
        for reference in last.keys() {
            problems.push(format!(
                "{reference}: in the history but missing from the register"
            ));
        }
        Ok(Verification {
            events,
            cases,
            problems,
        })
    }
}

fn load(conn: &Connection, reference: &str) -> Result<Case, Error> {
    let state: Option<String> = conn
        .query_row(
            "SELECT state FROM breaches WHERE reference = ?1",
            [reference],
            |r| r.get(0),
        )
        .optional()?;
    let state =
        state.ok_or_else(|| Error(format!("{reference}: no such breach in the register")))?;
    Ok(serde_json::from_str(&state)?)
}

fn append(
    conn: &Connection,
    reference: &str,
    now: Timestamp,
    actor: &str,
    action: &str,
    payload: &str,
) -> Result<(), Error> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(s, h)| (s + 1, h));
    let at = now.to_string();
    let hash = chain_hash(&prev, seq, reference, &at, actor, action, payload);
    conn.execute(
        "INSERT INTO events (seq, reference, at, actor, action, payload, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, reference, at, actor, action, payload, prev, hash],
    )?;
    Ok(())
}
