//! Keyed fingerprints: the same identifier gives the same fingerprint within one
//! installation, so a person can be recognised across files without keeping the value,
//! while without the key a fingerprint cannot be tested against guessed NIRs.
//!
//! BLAKE3 in keyed mode is a MAC (a PRF under a 256-bit key), as HMAC-SHA-256 is, and is
//! several times faster on the short inputs that identifiers are: the scanner computes
//! one per finding, millions per run.

use std::io::Write;
use std::path::Path;

#[derive(Clone)]
pub struct FingerprintKey([u8; 32]);

/// 128 bits of a keyed hash: collisions are out of reach for any realistic number of
/// persons, and half the size of the full output in reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u128);

impl Fingerprint {
    pub fn hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

#[derive(Debug)]
pub enum KeyError {
    Io(std::path::PathBuf, std::io::Error),
    Malformed(std::path::PathBuf),
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::Io(p, e) => write!(f, "fingerprint key {}: {e}", p.display()),
            KeyError::Malformed(p) => write!(
                f,
                "fingerprint key {}: expected 64 hexadecimal characters; restore the file from backup \
                 (a new key would make earlier fingerprints unmatchable)",
                p.display()
            ),
        }
    }
}

impl std::error::Error for KeyError {}

impl FingerprintKey {
    pub fn from_bytes(bytes: [u8; 32]) -> FingerprintKey {
        FingerprintKey(bytes)
    }

    /// Reads the installation key, creating it (random, mode 0600) on first use.
    pub fn load_or_create(path: &Path) -> Result<FingerprintKey, KeyError> {
        let io = |e| KeyError::Io(path.to_path_buf(), e);
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse_hex(text.trim()).ok_or(KeyError::Malformed(path.to_path_buf())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                let mut bytes = [0u8; 32];
                getrandom_fill(&mut bytes).map_err(io)?;
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                let mut f = opts.open(path).map_err(io)?;
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                writeln!(f, "{hex}").map_err(io)?;
                f.sync_all().map_err(io)?;
                Ok(FingerprintKey(bytes))
            }
            Err(e) => Err(io(e)),
        }
    }

    fn parse_hex(s: &str) -> Option<FingerprintKey> {
        if s.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(FingerprintKey(out))
    }

    /// The fingerprint of a normalised value within a domain (the kind id, or a composite
    /// such as `name+birth`), so equal strings of different kinds do not collide.
    pub fn fingerprint(&self, domain: &str, normalized: &str) -> Fingerprint {
        let mut h = blake3::Hasher::new_keyed(&self.0);
        h.update(domain.as_bytes());
        h.update(&[0]);
        h.update(normalized.as_bytes());
        let out = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&out.as_bytes()[..16]);
        Fingerprint(u128::from_be_bytes(b))
    }
}

/// Key material from the operating system's generator. Read from /dev/urandom rather than
/// adding a crate: vigie targets Linux and other Unix servers, where it always exists.
fn getrandom_fill(buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trip_and_domains() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/key");
        let k1 = FingerprintKey::load_or_create(&path).expect("create");
        let k2 = FingerprintKey::load_or_create(&path).expect("load");
        assert_eq!(k1.fingerprint("nir", "x"), k2.fingerprint("nir", "x"));
        assert_ne!(k1.fingerprint("nir", "x"), k1.fingerprint("email", "x"));
        let other = FingerprintKey::from_bytes([7; 32]);
        assert_ne!(k1.fingerprint("nir", "x"), other.fingerprint("nir", "x"));
        std::fs::write(&path, "not hex").expect("write");
        assert!(matches!(
            FingerprintKey::load_or_create(&path),
            Err(KeyError::Malformed(_))
        ));
    }
}
