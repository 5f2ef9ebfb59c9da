//! The delivery log of a case's notices and the check codes they carry. A person is named
//! by a keyed hash of their registry id, so the log can be read, exported and shown
//! without revealing who was written to. Each change is its own committed transaction:
//! the log is what lets a send resume after a kill without writing to anyone twice.

use super::backend::Value;
use super::{Error, Store, text};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Where a notice stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// To be sent; a letter is queued once its PDF is written for the mail house.
    Queued,
    /// Handed to the server and not yet acknowledged: if the run stops here, nobody knows
    /// whether it arrived, and it is not sent again unless asked.
    Sending,
    /// Accepted by the server.
    Sent,
    /// Refused for a reason other than the address, or still failing after the retries.
    Failed,
    /// The server refused the recipient's address.
    Bounced,
    /// A run stopped while it was being sent: it may or may not have arrived.
    Uncertain,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 6] = [
        DeliveryStatus::Queued,
        DeliveryStatus::Sending,
        DeliveryStatus::Sent,
        DeliveryStatus::Failed,
        DeliveryStatus::Bounced,
        DeliveryStatus::Uncertain,
    ];

    pub fn id(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Bounced => "bounced",
            DeliveryStatus::Uncertain => "uncertain",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|d| d.id() == s)
    }
}

/// One person's notice on one channel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delivery {
    /// The keyed hash of the person's registry id (hex).
    pub person: String,
    /// `email` or `letter`.
    pub channel: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    /// The server's last answer, or what went wrong.
    pub answer: String,
    pub updated: String,
}

impl Store {
    /// The cases opened from a processor's notices (`vigie breach receive`) in this
    /// register, each with its delivery log: where each of its controllers stands.
    pub fn controllers_cases(
        &mut self,
        processor: &str,
    ) -> Result<Vec<(super::Case, Vec<Delivery>)>, Error> {
        let cases = self.list()?;
        cases
            .into_iter()
            .filter(|c| {
                c.from_processor
                    .as_ref()
                    .is_some_and(|f| f.processor == processor)
            })
            .map(|c| {
                let log = self.deliveries(&c.breach.reference)?;
                Ok((c, log))
            })
            .collect()
    }

    /// While sending, the log's commits need not wait for the disk: a killed run loses
    /// none of them, and waiting for the disk at each of them would hold every message
    /// for milliseconds (tens a second instead of hundreds). Only a power cut could lose
    /// the last few, and with them the memory of a notice being sent. Set back once done.
    pub fn quick_commits(&mut self, quick: bool) -> Result<(), Error> {
        self.db.wait_for_disk(!quick)
    }

    /// A named lease's holder, as its taker wrote it.
    pub fn lease(&mut self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        let rows = self.db.query(
            "SELECT value FROM meta WHERE name = $1",
            &[text(&lease_name(name))],
        )?;
        rows.into_iter()
            .next()
            .and_then(|r| r.into_iter().next())
            .map(|v| v.blob())
            .transpose()
    }

    /// Takes a named lease: when it is free (`expected` None) or still held as
    /// `expected` says, in one statement, so that of two takers one only wins. Whether
    /// this one did.
    pub fn swap_lease(
        &mut self,
        name: &str,
        expected: Option<&[u8]>,
        holder: &[u8],
    ) -> Result<bool, Error> {
        let name = text(&lease_name(name));
        let rows = match expected {
            None => self.db.query(
                "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name",
                &[name, Value::Blob(holder.to_vec())],
            )?,
            Some(old) => self.db.query(
                "UPDATE meta SET value = $2 WHERE name = $1 AND value = $3 RETURNING name",
                &[name, Value::Blob(holder.to_vec()), Value::Blob(old.to_vec())],
            )?,
        };
        Ok(!rows.is_empty())
    }

    /// Gives a lease back, if it is still held as `holder`.
    pub fn drop_lease(&mut self, name: &str, holder: &[u8]) -> Result<(), Error> {
        self.db.execute(
            "DELETE FROM meta WHERE name = $1 AND value = $2",
            &[text(&lease_name(name)), Value::Blob(holder.to_vec())],
        )
    }

    /// Records where one notice stands, in its own transaction.
    pub fn set_delivery(
        &mut self,
        reference: &str,
        d: &Delivery,
        now: Timestamp,
    ) -> Result<(), Error> {
        // A server's answer often quotes the address it refused: sealed like the persons.
        let answer = self.key.seal_text(
            &delivery_context(reference, &d.person, &d.channel),
            &d.answer,
        )?;
        self.in_transaction(|s| {
            s.db.execute(
                "INSERT INTO deliveries (reference, person, channel, status, attempts, answer, updated) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (reference, person, channel) DO UPDATE SET \
                 status = excluded.status, attempts = excluded.attempts, answer = excluded.answer, updated = excluded.updated",
                &[
                    text(reference),
                    text(&d.person),
                    text(&d.channel),
                    text(d.status.id()),
                    Value::Int(d.attempts),
                    text(&answer),
                    text(&now.to_string()),
                ],
            )
        })
    }

    /// One person's notice on one channel, if any was recorded.
    pub fn delivery(
        &mut self,
        reference: &str,
        person: &str,
        channel: &str,
    ) -> Result<Option<Delivery>, Error> {
        let rows = self.db.query(
            "SELECT person, channel, status, attempts, answer, updated FROM deliveries \
             WHERE reference = $1 AND person = $2 AND channel = $3",
            &[text(reference), text(person), text(channel)],
        )?;
        rows.into_iter()
            .next()
            .map(|r| self.delivery_of(reference, r))
            .transpose()
    }

    /// The whole log of a case.
    pub fn deliveries(&mut self, reference: &str) -> Result<Vec<Delivery>, Error> {
        self.db
            .query(
                "SELECT person, channel, status, attempts, answer, updated FROM deliveries \
                 WHERE reference = $1 ORDER BY channel, person",
                &[text(reference)],
            )?
            .into_iter()
            .map(|r| self.delivery_of(reference, r))
            .collect()
    }

    /// Marks every notice a stopped run left `sending` as `uncertain`; returns how many.
    pub fn settle_interrupted(&mut self, reference: &str, now: Timestamp) -> Result<u64, Error> {
        self.in_transaction(|s| {
            let n = s.db.query(
                "SELECT COUNT(*) FROM deliveries WHERE reference = $1 AND status = 'sending'",
                &[text(reference)],
            )?;
            let n = n
                .into_iter()
                .next()
                .and_then(|r| r.into_iter().next())
                .map_or(Ok(0), |v| v.int())?;
            s.db.execute(
                "UPDATE deliveries SET status = 'uncertain', answer = 'the run stopped while this notice was being sent', updated = $2 \
                 WHERE reference = $1 AND status = 'sending'",
                &[text(reference), text(&now.to_string())],
            )?;
            Ok(n as u64)
        })
    }

    /// Keeps the keyed hash of a person's check code (the code itself is never stored)
    /// with what the self-check answers for it, sealed under the register key.
    pub fn set_check_code(
        &mut self,
        reference: &str,
        person: &str,
        code_hash: &str,
        answer: &[u8],
    ) -> Result<(), Error> {
        self.set_check("check_codes", "code", reference, person, code_hash, answer)
    }

    /// The case, person and answer a check code's keyed hash belongs to.
    pub fn check_code(
        &mut self,
        code_hash: &str,
    ) -> Result<Option<(String, String, Vec<u8>)>, Error> {
        self.check("check_codes", "code", code_hash)
    }

    /// Keeps the keyed hash of an affected person's contact (an e-mail address, a phone
    /// number) with what the self-check sends them, sealed.
    pub fn set_check_contact(
        &mut self,
        reference: &str,
        person: &str,
        contact_hash: &str,
        answer: &[u8],
    ) -> Result<(), Error> {
        let sealed = self
            .key
            .seal(&format!("check_contacts/{contact_hash}"), answer)?;
        self.in_transaction(|s| {
            s.db.execute(
                "INSERT INTO check_contacts (contact, reference, person, sealed) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (contact, reference, person) DO UPDATE SET sealed = excluded.sealed",
                &[text(contact_hash), text(reference), text(person), Value::Blob(sealed)],
            )
        })
    }

    /// Every case, person and answer a contact's keyed hash belongs to: a contact shared
    /// by several affected persons answers for each.
    pub fn check_contact(
        &mut self,
        contact_hash: &str,
    ) -> Result<Vec<(String, String, Vec<u8>)>, Error> {
        let rows = self.db.query(
            "SELECT reference, person, sealed FROM check_contacts WHERE contact = $1 \
             ORDER BY reference, person",
            &[text(contact_hash)],
        )?;
        rows.into_iter()
            .map(|r| self.open_check("check_contacts", contact_hash, r))
            .collect()
    }

    fn set_check(
        &mut self,
        table: &str,
        column: &str,
        reference: &str,
        person: &str,
        hash: &str,
        answer: &[u8],
    ) -> Result<(), Error> {
        let sealed = self.key.seal(&format!("{table}/{hash}"), answer)?;
        self.in_transaction(|s| {
            s.db.execute(
                &format!(
                    "INSERT INTO {table} ({column}, reference, person, sealed) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT ({column}) DO UPDATE SET reference = excluded.reference, \
                     person = excluded.person, sealed = excluded.sealed"
                ),
                &[text(hash), text(reference), text(person), Value::Blob(sealed)],
            )
        })
    }

    fn check(
        &mut self,
        table: &str,
        column: &str,
        hash: &str,
    ) -> Result<Option<(String, String, Vec<u8>)>, Error> {
        let rows = self.db.query(
            &format!("SELECT reference, person, sealed FROM {table} WHERE {column} = $1"),
            &[text(hash)],
        )?;
        rows.into_iter()
            .next()
            .map(|r| self.open_check(table, hash, r))
            .transpose()
    }

    /// A (reference, person, sealed answer) row, opened.
    fn open_check(
        &self,
        table: &str,
        hash: &str,
        row: Vec<Value>,
    ) -> Result<(String, String, Vec<u8>), Error> {
        let mut r = row.into_iter();
        let reference = r.next().unwrap_or(Value::Null).text()?;
        let person = r.next().unwrap_or(Value::Null).text()?;
        let sealed = r.next().unwrap_or(Value::Null).blob()?;
        let answer = self.key.open(&format!("{table}/{hash}"), &sealed)?;
        Ok((reference, person, answer))
    }
}

/// Leases live in the meta table, under their own prefix.
fn lease_name(name: &str) -> String {
    format!("lease/{name}")
}

/// What a delivery's sealed answer is bound to.
fn delivery_context(reference: &str, person: &str, channel: &str) -> String {
    format!("deliveries/{reference}/{person}/{channel}")
}

impl Store {
    fn delivery_of(&self, reference: &str, r: Vec<Value>) -> Result<Delivery, Error> {
        let mut r = r.into_iter();
        let mut next = || r.next().unwrap_or(Value::Null);
        let person = next().text()?;
        let channel = next().text()?;
        let status = next().text()?;
        let status = DeliveryStatus::parse(&status).ok_or_else(|| {
            Error::Storage(format!("register data: unknown delivery status {status:?}"))
        })?;
        let attempts = next().int()?;
        let answer = self.key.open_text(
            &delivery_context(reference, &person, &channel),
            &next().text()?,
        )?;
        Ok(Delivery {
            person,
            channel,
            status,
            attempts,
            answer,
            updated: next().text()?,
        })
    }
}
