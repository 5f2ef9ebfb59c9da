//! Encryption at rest of personal data: the affected persons in the breach register, the
//! normalised patients of a link index. XChaCha20-Poly1305 (random 192-bit nonces, so no
//! counter to keep) under a key kept outside what it seals, in a key file (created on
//! first use, mode 0600) or the environment. Each sealed value is bound to its place (the
//! associated data: a case and row, a file and chunk), so a ciphertext moved elsewhere
//! does not open. A sealed check value lets a wrong key be refused before anything is
//! read or written.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use std::path::Path;

/// Why a key could not be had, or a sealed value not opened.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{origin}: not a key (64 hexadecimal characters expected)")]
    NotAKey { origin: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("encryption failed")]
    Seal,
    #[error("{context}: {problem}")]
    Damaged {
        context: String,
        problem: &'static str,
    },
    #[error("{context}: does not open with the register key {origin} (wrong key, or altered data)")]
    WrongKey { context: String, origin: String },
    #[error(
        "the register key {origin} does not open this register: give the key it was created with (--register-key or VIGIE_REGISTER_KEY)"
    )]
    NotThisRegister { origin: String },
}

const NONCE: usize = 24;
const CHECK: &[u8] = b"vigie register key check";

#[derive(Clone)]
pub struct RegisterKey {
    cipher: XChaCha20Poly1305,
    /// A subkey for keyed hashes (check codes, delivery-log keys), derived so that the
    /// sealing key itself is used for one purpose only.
    hashing: [u8; 32],
    /// Where the key came from, for error messages.
    pub origin: String,
}

/// The prefix of [`RegisterKey::seal_text`]'s output.
const SEALED_TEXT: &str = "sealed:";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex string, if it is one.
fn unhex_bytes(s: &str) -> Option<Vec<u8>> {
    s.len().is_multiple_of(2).then_some(())?;
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    unhex_bytes(s.trim())?.try_into().ok()
}

impl RegisterKey {
    fn new(bytes: &[u8], origin: String) -> RegisterKey {
        RegisterKey {
            cipher: XChaCha20Poly1305::new(Key::from_slice(bytes)),
            hashing: blake3::derive_key("vigie register key: keyed hashes v1", bytes),
            origin,
        }
    }

    /// A keyed hash of `data` for `purpose`: stable for one key, unguessable without it.
    /// What vigie must recognise later without keeping it (a patient's check code, a
    /// person in the delivery log) is stored as this.
    pub fn keyed_hash(&self, purpose: &str, data: &[u8]) -> [u8; 32] {
        let mut h = blake3::Hasher::new_keyed(&self.hashing);
        h.update(&(purpose.len() as u64).to_le_bytes());
        h.update(purpose.as_bytes());
        h.update(data);
        *h.finalize().as_bytes()
    }

    /// A key given as 64 hexadecimal characters (`VIGIE_REGISTER_KEY`).
    pub fn from_hex(s: &str, origin: &str) -> Result<RegisterKey, Error> {
        let bytes = unhex(s).ok_or_else(|| Error::NotAKey {
            origin: origin.to_string(),
        })?;
        Ok(RegisterKey::new(&bytes, origin.to_string()))
    }

    /// Reads the key file, creating it with a new random key on first use.
    pub fn load_or_create(path: &Path) -> Result<RegisterKey, Error> {
        let origin = path.display().to_string();
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| Error::Io { path, source }
        };
        match std::fs::read_to_string(path) {
            Ok(text) => RegisterKey::from_hex(&text, &origin),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                use std::io::Write;
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io(dir))?;
                }
                let key = XChaCha20Poly1305::generate_key(&mut OsRng);
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                let mut f = opts.open(path).map_err(io(path))?;
                writeln!(f, "{}", hex(&key)).map_err(io(path))?;
                f.sync_all().map_err(io(path))?;
                Ok(RegisterKey::new(key.as_slice(), origin))
            }
            Err(e) => Err(io(path)(e)),
        }
    }

    /// `nonce || ciphertext` of `plain`, bound to `context`.
    pub fn seal(&self, context: &str, plain: &[u8]) -> Result<Vec<u8>, Error> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::Seal)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, Error> {
        if sealed.len() < NONCE {
            return Err(Error::Damaged {
                context: context.to_string(),
                problem: "sealed value too short",
            });
        }
        let (nonce, body) = sealed.split_at(NONCE);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::WrongKey {
                context: context.to_string(),
                origin: self.origin.clone(),
            })
    }

    /// `plain` sealed as text for a text column: `sealed:` and the hex of [`seal`]'s
    /// output (empty stays empty).
    ///
    /// [`seal`]: RegisterKey::seal
    pub fn seal_text(&self, context: &str, plain: &str) -> Result<String, Error> {
        if plain.is_empty() {
            return Ok(String::new());
        }
        Ok(format!(
            "{SEALED_TEXT}{}",
            hex(&self.seal(context, plain.as_bytes())?)
        ))
    }

    /// What [`seal_text`] sealed; a value without its prefix is returned as it is (written
    /// before it was sealed, or never personal).
    ///
    /// [`seal_text`]: RegisterKey::seal_text
    pub fn open_text(&self, context: &str, stored: &str) -> Result<String, Error> {
        let Some(body) = stored.strip_prefix(SEALED_TEXT) else {
            return Ok(stored.to_string());
        };
        let damaged = |problem| Error::Damaged {
            context: context.to_string(),
            problem,
        };
        let bytes = unhex_bytes(body).ok_or_else(|| damaged("sealed text is not hex"))?;
        String::from_utf8(self.open(context, &bytes)?)
            .map_err(|_| damaged("sealed text is not UTF-8"))
    }

    /// The check value stored with a new register.
    pub fn check_value(&self) -> Result<Vec<u8>, Error> {
        self.seal("key-check", CHECK)
    }

    /// Whether this key sealed `check`.
    pub fn verify_check(&self, check: &[u8]) -> Result<(), Error> {
        match self.open("key-check", check) {
            Ok(v) if v == CHECK => Ok(()),
            _ => Err(Error::NotThisRegister {
                origin: self.origin.clone(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RegisterKey;

    fn key(byte: &str) -> RegisterKey {
        RegisterKey::from_hex(&byte.repeat(32), "test").expect("key")
    }

    #[test]
    fn sealed_text_opens_only_with_its_key_and_context() {
        let k = key("ab");
        let answer = "550 <sophie.durand@example.org>: unknown";
        let sealed = k.seal_text("deliveries/x", answer).expect("seal");
        assert!(sealed.starts_with("sealed:") && !sealed.contains("sophie"));
        assert_eq!(k.open_text("deliveries/x", &sealed).expect("open"), answer);
        assert!(
            k.open_text("deliveries/y", &sealed).is_err(),
            "another context"
        );
        assert!(
            key("cd").open_text("deliveries/x", &sealed).is_err(),
            "another key"
        );
        let cut = &sealed[..sealed.len() - 1];
        assert!(
            k.open_text("deliveries/x", cut)
                .is_err_and(|e| e.to_string().contains("not hex"))
        );
        assert!(k.open_text("deliveries/x", "sealed:zz").is_err());
        // Empty stays empty; text written before sealing reads as it is.
        assert_eq!(k.seal_text("deliveries/x", "").expect("seal"), "");
        assert_eq!(
            k.open_text("deliveries/x", "250 ok").expect("plain"),
            "250 ok"
        );
    }
}
