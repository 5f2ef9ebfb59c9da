//! The vocabulary's words and phrases (context words, civilities, street types, lab
//! tests, health terms, medicine names: about 15,000 patterns with their variants),
//! found in a text where a word starts, the only place a keyword counts.
//!
//! An unanchored Aho-Corasick search walks every byte through the automaton; here an
//! anchored DFA is walked by hand from each word start (`blocks` finds them 64 bytes at
//! a time), behind a small Bloom filter on the first three bytes that turns most words
//! away before any walk. On a file share's minutes and logs this took the keyword search
//! from a quarter of the scan time to a few per cent (docs/benchmarks.md).

use crate::HashSet;
use crate::blocks::{self, Lead, is_word_byte};
use crate::fold::fold;
use crate::kind::Kind;
use crate::rules::{KindRule, RuleError, Vocabulary};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Term {
    Context(Kind),
    Civility,
    Street,
    Lab { short: bool },
    Health { prefix: bool },
    Medication,
    Technical,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Keyword {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: Term,
}

/// Variants under which a vocabulary word is searched: as written, unaccented, and with
/// accented capitals (the automaton folds ASCII case only).
fn variants(word: &str) -> Vec<String> {
    let mut v = vec![word.to_string(), fold(word), word.to_uppercase()];
    v.sort();
    v.dedup();
    v
}

pub(crate) struct Keywords {
    dfa: DFA,
    start: StateID,
    terms: Vec<Term>,
    prefixes: Prefixes,
}

impl Keywords {
    pub(crate) fn build(
        kinds: &[KindRule],
        vocabulary: &Vocabulary,
        medications: &HashSet<String>,
    ) -> Result<Keywords, RuleError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut seen: HashSet<String> = HashSet::default();
        let mut add = |word: &str, term: Term| {
            // Searches start only where a word does: such an entry would never match.
            if !word.bytes().next().is_some_and(is_word_byte) {
                let file = match term {
                    Term::Context(_) => "rules/kinds.toml",
                    Term::Medication => "data/medications.txt",
                    _ => "rules/vocabulary.toml",
                };
                return Err(RuleError(format!(
                    "{file}: entry {word:?} must start with a letter or a digit"
                )));
            }
            for v in variants(word) {
                if seen.insert(v.to_ascii_lowercase()) {
                    patterns.push(v);
                    terms.push(term);
                }
            }
            Ok(())
        };
        for rule in kinds {
            if let Some(kind) = rule.kind() {
                for k in &rule.keywords {
                    add(k, Term::Context(kind))?;
                }
            }
        }
        for w in &vocabulary.civilities {
            add(w, Term::Civility)?;
        }
        for w in &vocabulary.technical_labels {
            add(w, Term::Technical)?;
        }
        for w in &vocabulary.street_types {
            add(w, Term::Street)?;
        }
        for w in &vocabulary.lab_tests {
            let short = w.chars().count() <= 3;
            add(w, Term::Lab { short })?;
        }
        for w in &vocabulary.health_terms {
            match w.strip_suffix('*') {
                Some(p) => add(p, Term::Health { prefix: true })?,
                None => add(w, Term::Health { prefix: false })?,
            }
        }
        let mut meds: Vec<&String> = medications.iter().collect();
        meds.sort();
        for m in meds {
            add(m, Term::Medication)?;
        }
        let error = |e: &dyn std::fmt::Display| RuleError(format!("keyword automaton: {e}"));
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .map_err(|e| error(&e))?;
        let start = dfa.start_state(Anchored::Yes).map_err(|e| error(&e))?;
        Ok(Keywords {
            prefixes: Prefixes::new(patterns.iter().map(String::as_bytes)),
            dfa,
            start,
            terms,
        })
    }

    /// Every keyword of `b`, in text order: at each word start, the longest pattern
    /// there that ends where a word ends (a prefix term may end inside one: "diabét" in
    /// "diabétique"); the search resumes after it.
    pub(crate) fn find(&self, b: &[u8], out: &mut Vec<Keyword>) {
        let mut resume = 0usize;
        for i in blocks::starts(b, Lead::Word) {
            if i < resume || !self.prefixes.may_start(&b[i..]) {
                continue;
            }
            if let Some(k) = self.at(b, i) {
                resume = k.end;
                out.push(k);
            }
        }
    }

    fn at(&self, b: &[u8], start: usize) -> Option<Keyword> {
        let mut sid = self.start;
        let mut found = None;
        for (end, &c) in (start + 1..).zip(&b[start..]) {
            sid = self.dfa.next_state(Anchored::Yes, sid, c);
            if !self.dfa.is_special(sid) {
                continue;
            }
            if self.dfa.is_dead(sid) {
                break;
            }
            if self.dfa.is_match(sid) {
                let term = self.terms[self.dfa.match_pattern(sid, 0).as_usize()];
                let prefix = matches!(term, Term::Health { prefix: true });
                if prefix || !is_word_byte(c) || b.get(end).is_none_or(|&n| !is_word_byte(n)) {
                    found = Some(Keyword { start, end, term });
                }
            }
        }
        found
    }
}

/// The patterns' beginnings, ASCII-lowercased, as a one-hash Bloom filter of 65,536 bits
/// (8 KB, so it stays in L1): hashed three-byte prefixes, and the first two bytes of
/// patterns shorter than three. A word it turns away costs three loads and a bit test.
struct Prefixes {
    three: Box<[u64; 1024]>,
    short: Box<[u64; 1024]>,
}

impl Prefixes {
    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> Prefixes {
        let mut p = Prefixes {
            three: Box::new([0; 1024]),
            short: Box::new([0; 1024]),
        };
        let set = |bits: &mut [u64; 1024], h: usize| bits[h >> 6] |= 1 << (h & 63);
        for pat in patterns {
            match *pat {
                [a, b, c, ..] => set(&mut p.three, hash3(a, b, c)),
                [a, b] => set(&mut p.short, pair(a, b)),
                [a] => (0..=255).for_each(|b| set(&mut p.short, pair(a, b))),
                [] => {}
            }
        }
        p
    }

    /// False only if no pattern starts at `b[0]`.
    #[inline]
    fn may_start(&self, b: &[u8]) -> bool {
        let has = |bits: &[u64; 1024], h: usize| bits[h >> 6] & (1 << (h & 63)) != 0;
        match *b {
            [a, b, c, ..] => has(&self.three, hash3(a, b, c)) || has(&self.short, pair(a, b)),
            _ => true,
        }
    }
}

fn hash3(a: u8, b: u8, c: u8) -> usize {
    let x = u32::from(a.to_ascii_lowercase())
        | u32::from(b.to_ascii_lowercase()) << 8
        | u32::from(c.to_ascii_lowercase()) << 16;
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn pair(a: u8, b: u8) -> usize {
    usize::from(a.to_ascii_lowercase()) << 8 | usize::from(b.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(words: &[&str], terms: Term) -> Keywords {
        let vocabulary = Vocabulary {
            health_terms: words.iter().map(|w| w.to_string()).collect(),
            ..Vocabulary::default()
        };
        let k = Keywords::build(&[], &vocabulary, &HashSet::default()).expect("builds");
        assert!(k.terms.iter().all(|&t| t == terms));
        k
    }

    fn found(k: &Keywords, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        k.find(text.as_bytes(), &mut out);
        out.iter().map(|k| (k.start, k.end)).collect()
    }

    #[test]
    fn keywords_count_only_as_whole_words_from_a_word_start() {
        let k = keywords(&["diabète", "rein"], Term::Health { prefix: false });
        assert_eq!(found(&k, "un diabète, un REIN"), vec![(3, 11), (16, 20)]);
        // Inside a word, or cut short by one, nothing.
        assert_eq!(found(&k, "prediabète reins surrein"), vec![]);
        // Unaccented and accented capitals are variants.
        assert_eq!(found(&k, "DIABETE DIABÈTE"), vec![(0, 7), (8, 16)]);
    }

    #[test]
    fn a_shorter_pattern_ending_a_word_wins_over_a_longer_one_that_does_not() {
        let k = keywords(
            &["insuffisance", "insuffisance ren"],
            Term::Health { prefix: false },
        );
        assert_eq!(found(&k, "insuffisance renale"), vec![(0, 12)]);
        assert_eq!(found(&k, "insuffisance ren."), vec![(0, 16)]);
    }

    #[test]
    fn an_entry_that_cannot_start_a_word_is_refused_by_name() {
        let vocabulary = Vocabulary {
            health_terms: vec!["diabète".into(), "(HTA)".into()],
            ..Vocabulary::default()
        };
        let Err(e) = Keywords::build(&[], &vocabulary, &HashSet::default()) else {
            panic!("an entry starting with '(' was accepted");
        };
        assert!(e.0.contains("\"(HTA)\""), "{}", e.0);
        assert!(e.0.starts_with("rules/vocabulary.toml"), "{}", e.0);
    }

    #[test]
    fn prefix_terms_end_inside_a_word() {
        let k = keywords(&["cancer*"], Term::Health { prefix: true });
        assert_eq!(found(&k, "lésion cancéreuse, cancers"), vec![(21, 27)]);
    }

    /// The Bloom filter never turns away a word the automaton would find: every word of
    /// the real vocabulary, at the start of a line, is found there.
    #[test]
    fn the_prefix_filter_keeps_every_vocabulary_word() {
        let kinds = crate::rules::kind_rules().expect("rules");
        let vocabulary = crate::rules::vocabulary().expect("vocabulary");
        let medications: HashSet<String> = crate::rules::list_entries(crate::rules::MEDICATIONS)
            .map(crate::fold::name_key)
            .collect();
        let k = Keywords::build(&kinds, &vocabulary, &medications).expect("builds");
        let words: Vec<String> = vocabulary
            .health_terms
            .iter()
            .map(|w| w.trim_end_matches('*').to_string())
            .chain(vocabulary.lab_tests.iter().cloned())
            .chain(vocabulary.civilities.iter().cloned())
            .chain(vocabulary.street_types.iter().cloned())
            .chain(vocabulary.technical_labels.iter().cloned())
            .chain(kinds.iter().flat_map(|k| k.keywords.iter().cloned()))
            .chain(medications.iter().cloned())
            .collect();
        let mut missed = Vec::new();
        for w in &words {
            let line = format!("{w} ;");
            let mut out = Vec::new();
            k.find(line.as_bytes(), &mut out);
            if out.first().is_none_or(|k| k.start != 0) {
                missed.push(w.clone());
            }
        }
        assert!(missed.is_empty(), "not found at a line's start: {missed:?}");
        assert!(words.len() > 3_000, "{}", words.len());
    }
}
