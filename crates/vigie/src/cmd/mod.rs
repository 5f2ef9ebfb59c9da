pub mod breach;
pub mod demo;
pub mod eval;
pub mod generate;
pub mod link;
pub mod notify;
pub mod scan;
pub mod serve;
pub mod synth;

use std::path::PathBuf;

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Where the fingerprint key lives when no flag names it.
pub fn key_path(flag: Option<PathBuf>) -> PathBuf {
    if let Some(p) = flag {
        return p;
    }
    if let Some(p) = std::env::var_os("VIGIE_KEY_FILE") {
        return PathBuf::from(p);
    }
    vigie_home().join("fingerprint.key")
}

/// vigie's own directory: $VIGIE_HOME, else $XDG_DATA_HOME/vigie, else
/// ~/.local/share/vigie.
pub fn vigie_home() -> PathBuf {
    std::env::var_os("VIGIE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let base = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
                .unwrap_or_else(|| PathBuf::from("."));
            base.join("vigie")
        })
}

/// Prints per-kind precision, recall and F1.
pub fn print_scores(
    scores: &std::collections::BTreeMap<vigie_detect::Kind, vigie_scan::KindScore>,
    lang: vigie_detect::Lang,
) {
    let heads = match lang {
        vigie_detect::Lang::Fr => [
            "type",
            "vérité",
            "trouvés",
            "corrects",
            "précision",
            "rappel",
            "f1",
        ],
        vigie_detect::Lang::En => [
            "kind",
            "truth",
            "found",
            "correct",
            "precision",
            "recall",
            "f1",
        ],
    };
    let [kind, truth, found, correct, precision, recall, f1] = heads;
    println!("{kind:<15} {truth:>9} {found:>9} {correct:>9} {precision:>9} {recall:>9} {f1:>9}");
    for (k, s) in scores {
        let d = |x: f64| lang.decimal(x, 4);
        println!(
            "{:<15} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            k.id(),
            s.truth,
            s.found,
            s.true_positives,
            d(s.precision()),
            d(s.recall()),
            d(s.f1())
        );
    }
}

/// The language flag of every command that writes for people, defined once.
#[derive(clap::Args, Clone, Copy, Default)]
pub struct Language {
    /// Language of what is written for people: reports, summaries, drafts, and notices to
    /// persons whose record does not say (default: French when $LC_ALL or $LANG starts
    /// with "fr", English otherwise).
    #[arg(long = "lang", global = true, value_enum, value_name = "LANG")]
    flag: Option<vigie_detect::Lang>,
}

impl Language {
    /// The language asked for, else the locale's.
    pub fn get(self) -> vigie_detect::Lang {
        self.flag.unwrap_or_else(|| {
            let locale = ["LC_ALL", "LANG"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
            if locale.is_some_and(|l| l.starts_with("fr")) {
                vigie_detect::Lang::Fr
            } else {
                vigie_detect::Lang::En
            }
        })
    }

    /// Whether the flag was given (rather than the locale read).
    pub fn given(self) -> bool {
        self.flag.is_some()
    }
}

/// The machine-readable output flag, shared by `breach` and `notify`.
#[derive(clap::Args, Clone, Copy)]
pub struct Json {
    /// Machine-readable output: JSON on standard output, as the register records it
    /// (RFC 3339 UTC times, ids rather than words).
    #[arg(id = "json", long = "json", global = true)]
    pub on: bool,
}

/// The register's flags, shared by `breach`, `notify` and `serve`.
#[derive(clap::Args, Clone)]
pub struct Register {
    /// The register: a SQLite file, or a PostgreSQL URL (`postgres://user@host/db`, with
    /// the `postgres` feature). Default: $VIGIE_STORE, else $VIGIE_HOME/register.db, else
    /// ~/.local/share/vigie/register.db.
    #[arg(long, global = true, value_name = "FILE|URL")]
    store: Option<String>,
    /// Key that seals the affected persons' data in the register, kept apart from it.
    /// Default: $VIGIE_REGISTER_KEY (64 hex characters), else $VIGIE_HOME/register.key
    /// (created on first use).
    #[arg(long, global = true, value_name = "FILE")]
    register_key: Option<PathBuf>,
}

impl Register {
    /// Where the register is: the flag, else $VIGIE_STORE, else in vigie's directory.
    pub fn location(&self) -> String {
        self.store
            .clone()
            .or_else(|| std::env::var("VIGIE_STORE").ok())
            .unwrap_or_else(|| vigie_home().join("register.db").display().to_string())
    }

    /// Opens the register the flags name, with its key.
    pub fn open(&self) -> std::result::Result<vigie_breach::Store, vigie_breach::store::Error> {
        let key = register_key(self.register_key.clone())?;
        vigie_breach::Store::open(&self.location(), key)
    }
}

/// The key personal data is sealed with at rest (the breach register, link indexes): the
/// flag's file, else `VIGIE_REGISTER_KEY`, else `$VIGIE_HOME/register.key` (created on
/// first use).
pub fn register_key(
    flag: Option<PathBuf>,
) -> std::result::Result<vigie_detect::crypt::RegisterKey, vigie_detect::crypt::Error> {
    use vigie_detect::crypt::RegisterKey;
    if let Some(path) = flag {
        return RegisterKey::load_or_create(&path);
    }
    if let Ok(hex) = std::env::var("VIGIE_REGISTER_KEY") {
        return RegisterKey::from_hex(&hex, "VIGIE_REGISTER_KEY");
    }
    RegisterKey::load_or_create(&vigie_home().join("register.key"))
}

/// A file for personal data (link results, reviewers' answers): created readable by its
/// owner alone, emptied if it was there.
pub fn create_private(path: &std::path::Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    Ok(options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?)
}

/// A controller's id as a file name: what a file system takes, the rest `_`.
pub fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
