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

pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < 12 {
        return Err("a password has at least 12 characters".into());
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
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
    pub csrf: String,
    last: Instant,
}

/// Sessions in memory, by the hash of their token: a restart signs everyone out.
pub struct Sessions {
    by_hash: Mutex<HashMap<[u8; 32], Session>>,
    idle: Duration,
}

fn digest(token: &str) -> [u8; 32] {
    *blake3::hash(token.as_bytes()).as_bytes()
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions {
            by_hash: Mutex::new(HashMap::new()),
            idle,
        }
    }

    /// Opens a session; returns its token (for the cookie).
    pub fn open(&self, user: &str, role: Role) -> String {
        let t = token();
        let s = Session {
            user: user.to_string(),
            role,
            csrf: token(),
            last: Instant::now(),
        };
        if let Ok(mut m) = self.by_hash.lock() {
            let idle = self.idle;
            m.retain(|_, s| s.last.elapsed() < idle);
            m.insert(digest(&t), s);
        }
        t
    }

    /// The session of a token, if it is live; its idle clock restarts.
    pub fn get(&self, token: &str) -> Option<Session> {
        let mut m = self.by_hash.lock().ok()?;
        let key = digest(token);
        let s = m.get_mut(&key)?;
        if s.last.elapsed() >= self.idle {
            m.remove(&key);
            return None;
        }
        s.last = Instant::now();
        Some(s.clone())
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
        let s = Sessions::new(Duration::from_millis(50));
        let t = s.open("dpo", Role::Dpo);
        assert_eq!(s.get(&t).map(|x| x.role), Some(Role::Dpo));
        assert!(s.get(&token()).is_none());
        std::thread::sleep(Duration::from_millis(60));
        assert!(s.get(&t).is_none());
        let t = s.open("dpo", Role::Dpo);
        s.close(&t);
        assert!(s.get(&t).is_none());
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
    }
}
