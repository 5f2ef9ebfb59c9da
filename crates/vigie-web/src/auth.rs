//! Accounts, sessions and CSRF. Passwords are hashed with Argon2id (the `argon2` crate's
//! defaults: 19 MiB, 2 passes) and kept in the register; a session is a random 256-bit
//! token in a `Secure; HttpOnly; SameSite=Strict` cookie, known to the server by its hash
//! only, with its own CSRF token that every form posts back. Tokens are compared in
//! constant time.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read only.
    Viewer,
    /// Read, attach evidence, launch a scan or a link.
    Analyst,
    /// Everything: decisions, severity, notifications.
    Dpo,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "analyst" => Some(Role::Analyst),
            "dpo" => Some(Role::Dpo),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Dpo => "dpo",
        }
    }
}

/// 32 random bytes, as 64 hex characters.
pub fn token() -> String {
    let mut b = [0u8; 32];
    // The operating system's generator: without it nothing here can be secure.
    getrandom::fill(&mut b).unwrap_or_else(|e| panic!("no random numbers: {e}"));
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Equal, taking the same time wherever the first difference is.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn hash_password(password: &str) -> Result<String, crate::Error> {
    use crate::Error;
    if password.chars().count() < 12 {
        return Err(Error::Refused(
            "a password has at least 12 characters".into(),
        ));
    }
    let failed = |e: &dyn std::fmt::Display| Error::Failed(format!("password hashing: {e}"));
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| failed(&e))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| failed(&e))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| failed(&e))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to check passwords against when the account does not exist, so that a wrong
/// name takes as long as a wrong password: one verification, not a hashing and a
/// verification. Made once (the server makes it at start-up).
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        hash_password("vigie decoy password, never valid").unwrap_or_default()
    });
    &DECOY
}

#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    pub role: Role,
    /// The cases the account may see; none: every case.
    pub cases: Vec<String>,
    pub csrf: String,
    /// The account as it was at sign-in ([`account_tag`]): a change of role or password,
    /// or the account's removal, ends the session.
    pub account: [u8; 32],
    opened: Instant,
    last: Instant,
    checked: Instant,
}

impl Session {
    /// Whether the account behind the session is due to be looked at again.
    pub fn due_for_check(&self) -> bool {
        self.checked.elapsed() >= RECHECK
    }
}

/// However active, a session ends this long after sign-in (a page refreshing itself
/// every two seconds while a job runs would otherwise keep it alive for ever).
const LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// How often a session's account is read again from the register: a role changed or an
/// account removed with `vigie serve user` ends its sessions within this.
const RECHECK: Duration = Duration::from_secs(5);

/// What a session remembers of its account: the digest of its role, password hash and
/// cases, so that a change of any ends the account's sessions.
pub fn account_tag(account: &vigie_breach::store::Account) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(account.role.as_bytes())
        .update(b"\0")
        .update(account.hash.as_bytes());
    for c in &account.cases {
        h.update(b"\0").update(c.as_bytes());
    }
    *h.finalize().as_bytes()
}

/// Sessions in memory, by the hash of their token: a restart signs everyone out.
pub struct Sessions {
    by_hash: Mutex<HashMap<[u8; 32], Session>>,
    idle: Duration,
    lifetime: Duration,
}

fn digest(token: &str) -> [u8; 32] {
    *blake3::hash(token.as_bytes()).as_bytes()
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions::with_lifetime(idle, LIFETIME)
    }

    pub fn with_lifetime(idle: Duration, lifetime: Duration) -> Sessions {
        Sessions {
            by_hash: Mutex::new(HashMap::new()),
            idle,
            lifetime,
        }
    }

    fn live(&self, s: &Session) -> bool {
        s.last.elapsed() < self.idle && s.opened.elapsed() < self.lifetime
    }

    /// Opens a session for the account as it is now ([`account_tag`]); returns its token
    /// (for the cookie).
    pub fn open(&self, user: &str, role: Role, cases: Vec<String>, account: [u8; 32]) -> String {
        let t = token();
        let now = Instant::now();
        let s = Session {
            user: user.to_string(),
            role,
            cases,
            csrf: token(),
            account,
            opened: now,
            last: now,
            checked: now,
        };
        if let Ok(mut m) = self.by_hash.lock() {
            m.retain(|_, s| self.live(s));
            m.insert(digest(&t), s);
        }
        t
    }

    /// The session of a token, if it is live; its idle clock restarts.
    pub fn get(&self, token: &str) -> Option<Session> {
        let mut m = self.by_hash.lock().ok()?;
        let key = digest(token);
        let s = m.get_mut(&key)?;
        if !self.live(s) {
            m.remove(&key);
            return None;
        }
        s.last = Instant::now();
        Some(s.clone())
    }

    /// The account behind a session was looked at and is unchanged.
    pub fn checked(&self, token: &str) {
        if let Ok(mut m) = self.by_hash.lock()
            && let Some(s) = m.get_mut(&digest(token))
        {
            s.checked = Instant::now();
        }
    }

    /// Ends every session of an account (removed, or its role or password changed).
    pub fn close_account(&self, user: &str) {
        if let Ok(mut m) = self.by_hash.lock() {
            m.retain(|_, s| s.user != user);
        }
    }

    pub fn close(&self, token: &str) {
        if let Ok(mut m) = self.by_hash.lock() {
            m.remove(&digest(token));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_checked() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("anything", "not a hash"));
        // The decoy is one hash, made once: an unknown name costs one Argon2 run, as a
        // known name does.
        assert!(std::ptr::eq(decoy_hash(), decoy_hash()));
        assert!(decoy_hash().starts_with("$argon2id$"));
        assert!(hash_password("short").is_err());
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn sessions_expire_and_close() {
        let account = |role: &str, hash: &str, cases: &[&str]| vigie_breach::store::Account {
            role: role.into(),
            hash: hash.into(),
            cases: cases.iter().map(|c| c.to_string()).collect(),
        };
        let tag = account_tag(&account("dpo", "$argon2id$…", &[]));
        let s = Sessions::new(Duration::from_millis(50));
        let t = s.open("dpo", Role::Dpo, Vec::new(), tag);
        assert_eq!(s.get(&t).map(|x| x.role), Some(Role::Dpo));
        assert!(s.get(&token()).is_none());
        std::thread::sleep(Duration::from_millis(60));
        assert!(s.get(&t).is_none());
        let t = s.open("dpo", Role::Dpo, Vec::new(), tag);
        s.close(&t);
        assert!(s.get(&t).is_none());
        // Used every moment, a session still ends at its lifetime.
        let s = Sessions::with_lifetime(Duration::from_secs(60), Duration::from_millis(80));
        let t = s.open("dpo", Role::Dpo, Vec::new(), tag);
        for _ in 0..4 {
            std::thread::sleep(Duration::from_millis(15));
            assert!(s.get(&t).is_some());
        }
        std::thread::sleep(Duration::from_millis(40));
        assert!(s.get(&t).is_none(), "past its lifetime");
        // Ending an account's sessions ends all of them, not others'.
        let s = Sessions::new(Duration::from_secs(60));
        let (a, b) = (
            s.open("dpo", Role::Dpo, Vec::new(), tag),
            s.open("dpo", Role::Dpo, Vec::new(), tag),
        );
        let other = s.open("analyste", Role::Analyst, Vec::new(), tag);
        s.close_account("dpo");
        assert!(s.get(&a).is_none() && s.get(&b).is_none() && s.get(&other).is_some());
        assert_ne!(tag, account_tag(&account("viewer", "$argon2id$…", &[])));
        assert_ne!(tag, account_tag(&account("dpo", "$argon2id$other", &[])));
        assert_ne!(
            tag,
            account_tag(&account("dpo", "$argon2id$…", &["VIG-2026-0001"]))
        );
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
    }
}
