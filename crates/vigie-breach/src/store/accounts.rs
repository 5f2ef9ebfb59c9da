//! The web application's accounts (a name, a role, an Argon2id hash made by vigie-web,
//! the cases it may see) and the self-check's counts per case and day, in the register
//! beside the cases they give access to.

use super::backend::Value;
use super::{ACCOUNTS, Error, Store, text};
use jiff::Timestamp;

/// A web account as the register keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub role: String,
    pub hash: String,
    /// The cases it may see; none: every case (a processor's staff see the processor's
    /// case, a controller's DPO only the controller's).
    pub cases: Vec<String>,
}

impl Account {
    /// Whether the account may see the case `reference`.
    pub fn may_see(cases: &[String], reference: &str) -> bool {
        cases.is_empty() || cases.iter().any(|c| c == reference)
    }
}

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
                Some(old) if old.role != role => {
                    format!("account {name}: role {} → {role}", old.role)
                }
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
                s.db.execute("DELETE FROM account_cases WHERE name = $1", &[text(name)])?;
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

    /// An account: role, password hash and the cases it may see.
    pub fn account(&mut self, name: &str) -> Result<Option<Account>, Error> {
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
        let cases = self
            .db
            .query(
                "SELECT reference FROM account_cases WHERE name = $1 ORDER BY reference",
                &[text(name)],
            )?
            .into_iter()
            .map(|r| r.into_iter().next().unwrap_or(Value::Null).text())
            .collect::<Result<_, _>>()?;
        Ok(Some(Account { role, hash, cases }))
    }

    /// Sets the cases an account may see (none: every case). Refused for an unknown
    /// account or case; the history records it.
    pub fn set_account_cases(
        &mut self,
        name: &str,
        cases: &[String],
        actor: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        self.in_transaction(|s| {
            if s.account(name)?.is_none() {
                return Err(Error::NotFound(format!("no account {name:?}")));
            }
            for reference in cases {
                s.load(reference)?;
            }
            s.db.execute("DELETE FROM account_cases WHERE name = $1", &[text(name)])?;
            for reference in cases {
                s.db.execute(
                    "INSERT INTO account_cases (name, reference) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[text(name), text(reference)],
                )?;
            }
            let action = if cases.is_empty() {
                format!("account {name}: every case")
            } else {
                format!("account {name}: cases {}", cases.join(", "))
            };
            let payload = serde_json::json!({"account": name, "cases": cases}).to_string();
            s.append(ACCOUNTS, now, actor, &action, &payload)
        })
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
