//! The patient's self-check, built so that it is never an oracle of who was in a leak.
//!
//! - With the code printed in their notice, a person learns whether they are affected,
//!   which of their data were exposed and what to do. The code (80 bits) is looked up by
//!   its keyed hash; a wrong code and a malformed one get the same answer.
//! - Without a code, a person gives an e-mail address or a phone number and always reads
//!   the same sentence; the request is only queued, and a worker thread looks the contact
//!   up (by its keyed hash) and writes, to the address the registry holds, only when it
//!   belongs to an affected person. Nothing on the page, in its timing or in the logs
//!   depends on the answer.
//! - Both are rate-limited per client address and per code or contact, and counted per
//!   case and day in the register.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vigie_breach::Lang;
use vigie_notify::notice::Answer;
use vigie_notify::words::{Categories, Labels};

/// Fixed-window counters: at most `max` events per key per `window`. The keys are spread
/// over shards, each behind its own lock, so that requests seldom wait for one another and
/// a shard's table grows (and is rehashed) in small steps: one table of a million client
/// addresses stalled every request for milliseconds when it grew.
pub struct Limiter {
    max: u32,
    window: Duration,
    shards: Vec<Mutex<Shard>>,
}

#[derive(Default)]
struct Shard {
    counts: HashMap<u64, (Instant, u32)>,
    /// The size at which expired windows are next forgotten: doubled when a sweep frees
    /// little, so that sweeping stays a small share of the work however many keys come.
    sweep_at: usize,
}

const SHARDS: usize = 64;
const FIRST_SWEEP: usize = 16_384;

impl Limiter {
    pub fn new(max: u32, window: Duration) -> Limiter {
        Limiter {
            max,
            window,
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        counts: HashMap::new(),
                        sweep_at: FIRST_SWEEP,
                    })
                })
                .collect(),
        }
    }

    /// Counts one event for `key`; false when the key is over its limit.
    pub fn allow(&self, key: &str) -> bool {
        let h = blake3::hash(key.as_bytes());
        let b = h.as_bytes();
        let k = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        let Some(shard) = self.shards.get(k as usize % SHARDS) else {
            return false;
        };
        let Ok(mut shard) = shard.lock() else {
            return false;
        };
        let now = Instant::now();
        if shard.counts.len() >= shard.sweep_at {
            let window = self.window;
            shard
                .counts
                .retain(|_, (start, _)| now.duration_since(*start) < window);
            shard.sweep_at = (shard.counts.len() * 2).max(FIRST_SWEEP);
        }
        let entry = shard.counts.entry(k).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_limited_and_others_are_not() {
        let l = Limiter::new(3, Duration::from_millis(80));
        assert!((0..3).all(|_| l.allow("10.0.0.1")));
        assert!(!l.allow("10.0.0.1"));
        assert!(l.allow("10.0.0.2"));
        std::thread::sleep(Duration::from_millis(90));
        assert!(l.allow("10.0.0.1"), "a new window");
        // Many keys: sweeping does not forget a live window.
        let l = Limiter::new(3, Duration::from_secs(60));
        assert!((0..3).all(|_| l.allow("10.0.0.1")));
        for i in 0..100_000 {
            l.allow(&format!("k{i}"));
        }
        assert!(!l.allow("10.0.0.1"));
    }
}

/// The limits: per client address, per code, per contact.
pub struct Limits {
    pub client: Limiter,
    pub code: Limiter,
    pub contact: Limiter,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            client: Limiter::new(30, Duration::from_secs(600)),
            code: Limiter::new(10, Duration::from_secs(3600)),
            contact: Limiter::new(3, Duration::from_secs(3600)),
        }
    }
}

/// Check counts waiting to be written to the register: (case, kind) → n. The case is
/// empty for checks that matched nothing.
#[derive(Default)]
pub struct Counts(Mutex<HashMap<(String, &'static str), i64>>);

impl Counts {
    pub fn add(&self, reference: &str, kind: &'static str) {
        if let Ok(mut m) = self.0.lock() {
            *m.entry((reference.to_string(), kind)).or_insert(0) += 1;
        }
    }

    /// Takes the counts, dated today (Paris).
    pub fn take(&self) -> Vec<(String, String, String, i64)> {
        let Ok(mut m) = self.0.lock() else {
            return Vec::new();
        };
        let day = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC))
            .date()
            .to_string();
        m.drain()
            .map(|((r, k), n)| (r, day.clone(), k.to_string(), n))
            .collect()
    }
}

/// What a person reads (or is sent) about their case.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Told {
    pub affected: bool,
    pub reference: Option<String>,
    pub organisation: Option<String>,
    pub dpo: Option<String>,
    pub exposed: Vec<Exposed>,
    pub advice: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Exposed {
    pub id: String,
    pub label: String,
    pub text: String,
}

impl Told {
    pub fn nothing() -> Told {
        Told {
            affected: false,
            reference: None,
            organisation: None,
            dpo: None,
            exposed: Vec::new(),
            advice: Vec::new(),
        }
    }

    /// The answer sealed with a code or contact, in words.
    pub fn of(a: &Answer, lang: Lang, words: &Categories, labels: &Labels) -> Told {
        let mut exposed = Vec::new();
        let mut advice: Vec<String> = Vec::new();
        for c in &a.categories {
            if let Some(w) = words.get(*c, lang) {
                exposed.push(Exposed {
                    id: vigie_notify::words::id_of(c),
                    label: labels.of("data", c, lang),
                    text: w.exposed.clone(),
                });
                for line in &w.advice {
                    if !advice.contains(line) {
                        advice.push(line.clone());
                    }
                }
            }
        }
        Told {
            affected: true,
            reference: Some(a.reference.clone()),
            organisation: Some(a.organisation.clone()),
            dpo: Some(a.dpo.clone()),
            exposed,
            advice,
        }
    }

    /// The e-mail that answers a contact request.
    pub fn email(&self, lang: Lang) -> (String, String) {
        let org = self.organisation.clone().unwrap_or_default();
        let mut body = String::new();
        body.push_str(lang.pick(
            "Madame, Monsieur,\n\nVous avez demandé sur notre page de vérification si vos données étaient concernées par l'incident de sécurité ",
            "Dear Sir or Madam,\n\nYou asked on our check page whether your data were concerned by the security incident ",
        ));
        body.push_str(&format!(
            "{} ({org}). {}\n\n",
            self.reference.clone().unwrap_or_default(),
            lang.pick("Elles le sont.", "They are.")
        ));
        body.push_str(lang.pick(
            "Les données vous concernant qui ont été exposées :\n",
            "The data about you that were exposed:\n",
        ));
        for e in &self.exposed {
            body.push_str(&format!("  - {}\n", e.text));
        }
        body.push_str(lang.pick("\nCe que nous vous conseillons :\n", "\nWhat we advise:\n"));
        for a in &self.advice {
            body.push_str(&format!("  - {a}\n"));
        }
        body.push_str(&format!(
            "\n{} {}\n\n{org}\n",
            lang.pick(
                "Pour toute question, contactez notre délégué à la protection des données :",
                "For any question, contact our data protection officer:"
            ),
            self.dpo.clone().unwrap_or_default()
        ));
        let subject = format!(
            "{org}{}",
            lang.pick(
                " : réponse à votre demande de vérification",
                ": the answer to your check request"
            )
        );
        (subject, body)
    }
}
