//! The web application's accounts (a name, a role, an Argon2id hash made by vigie-web)
//! and the self-check's counts per case and day, in the register beside the cases they
//! give access to.

use super::backend::Value;
use super::{ACCOUNTS, Error, Store, text};
use jiff::Timestamp;

impl Store {
    /// Creates an account, or replaces its role and password hash; the history records
    /// who did which (never the hash), in the register's own chain.
    pub fn set_account(
        &mut self,
        name: &str,
        role: &str,
        hash: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.in_transaction(|s| {
            let action = match s.account(name)? {
                None => format!("account {name} created ({role})"),
                Some((old, _)) if old != role => format!("account {name}: role {old} → {role}"),
                Some(_) => format!("account {name}: password changed"),
            };
            s.db.execute(
                "INSERT INTO accounts (name, role, hash, created) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (name) DO UPDATE SET role = excluded.role, hash = excluded.hash",
                &[text(name), text(role), text(hash), text(&now.to_string())],
            )?;
            let payload = serde_json::json!({"account": name, "role": role}).to_string();
            s.append(ACCOUNTS, now, actor, &action, &payload)
        })
    }

    /// Removes an account; whether there was one. A running server ends its sessions
    /// the next time it looks at them. The history records it.
    pub fn delete_account(
        &mut self,
        name: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<bool, Error> {
        self.in_transaction(|s| {
            let existed = s.account(name)?.is_some();
            if existed {
                s.db.execute("DELETE FROM accounts WHERE name = $1", &[text(name)])?;
                let payload = serde_json::json!({"account": name, "role": null}).to_string();
                s.append(
                    ACCOUNTS,
                    now,
                    actor,
                    &format!("account {name} removed"),
                    &payload,
                )?;
            }
            Ok(existed)
        })
    }

    /// An account's role and password hash.
    pub fn account(&mut self, name: &str) -> Result<Option<(String, String)>, Error> {
        let rows = self.db.query(
            "SELECT role, hash FROM accounts WHERE name = $1",
            &[text(name)],
        )?;
        let Some(r) = rows.into_iter().next() else {
            return Ok(None);
        };
        let mut r = r.into_iter();
        let role = r.next().unwrap_or(Value::Null).text()?;
        let hash = r.next().unwrap_or(Value::Null).text()?;
        Ok(Some((role, hash)))
    }

    /// Every account: name and role.
    pub fn accounts(&mut self) -> Result<Vec<(String, String)>, Error> {
        self.db
            .query("SELECT name, role FROM accounts ORDER BY name", &[])?
            .into_iter()
            .map(|r| {
                let mut r = r.into_iter();
                Ok((
                    r.next().unwrap_or(Value::Null).text()?,
                    r.next().unwrap_or(Value::Null).text()?,
                ))
            })
            .collect()
    }

    /// Adds self-check counts: (case, day, kind, how many); one transaction.
    pub fn add_check_counts(
        &mut self,
        counts: &[(String, String, String, i64)],
    ) -> Result<(), Error> {
        self.in_transaction(|s| {
            for (reference, day, kind, n) in counts {
                s.db.execute(
                    "INSERT INTO check_stats (reference, day, kind, count) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (reference, day, kind) DO UPDATE SET count = check_stats.count + excluded.count",
                    &[text(reference), text(day), text(kind), Value::Int(*n)],
                )?;
            }
            Ok(())
        })
    }

    /// A case's self-check counts: (day, kind, count), oldest first.
    pub fn check_counts(&mut self, reference: &str) -> Result<Vec<(String, String, i64)>, Error> {
        self.db
            .query(
                "SELECT day, kind, count FROM check_stats WHERE reference = $1 ORDER BY day, kind",
                &[text(reference)],
            )?
            .into_iter()
            .map(|r| {
                let mut r = r.into_iter();
                Ok((
                    r.next().unwrap_or(Value::Null).text()?,
                    r.next().unwrap_or(Value::Null).text()?,
                    r.next().unwrap_or(Value::Null).int()?,
                ))
            })
            .collect()
    }
}
