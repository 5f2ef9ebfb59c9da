//! Free-text detection in one pass. Rather than one regular expression per kind (which
//! would read every line once per kind), the vocabulary's keywords are found from word
//! starts (`keywords`); `memchr` finds e-mail `@`s; and one loop, visiting only the words
//! that start with a digit, a `+` or a capital (`blocks`), cuts digit runs (with their
//! spaces, dots and dashes) and capitalised codes into tokens that are handed to the
//! validators by length. Written by hand because this loop is the scanner's throughput.

use crate::blocks::{self, Lead, is_word_byte};
use crate::column::ColumnClass;
use crate::fold::{fold, name_key};
use crate::keywords::{Keyword, Term};
use crate::kind::{Confidence, Kind, Match};
use crate::validate;
use crate::{Detector, Matches};

/// How far before a value (in bytes, same text) a keyword still counts as its context.
const CONTEXT_WINDOW: usize = 48;

/// Most digit groups a number token holds ("06 12 34 56 78" is five).
const MAX_GROUPS: usize = 24;

/// A digit run with its single separators, as groups of digits.
struct NumberToken {
    start: usize,
    plus: bool,
    digits: [u8; 40],
    len: usize,
    /// (digits so far, byte offset just after) at the end of each group.
    groups: [(u8, usize); MAX_GROUPS],
    ngroups: usize,
    end: usize,
}

impl NumberToken {
    fn collect(b: &[u8], start: usize) -> NumberToken {
        let mut t = NumberToken {
            start,
            plus: b[start] == b'+',
            digits: [0; 40],
            len: 0,
            groups: [(0, 0); MAX_GROUPS],
            ngroups: 0,
            end: start,
        };
        let mut j = start + usize::from(t.plus);
        loop {
            while j < b.len() {
                let c = b[j];
                let corsica = t.len == 6
                    && t.digits[5] == b'2'
                    && matches!(c, b'A' | b'B' | b'a' | b'b')
                    && !b.get(j + 1).is_some_and(|n| n.is_ascii_alphabetic());
                if c.is_ascii_digit() || corsica {
                    if t.len < t.digits.len() {
                        t.digits[t.len] = c.to_ascii_uppercase();
                        t.len += 1;
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            if t.ngroups < t.groups.len() {
                t.groups[t.ngroups] = (t.len as u8, j);
                t.ngroups += 1;
            }
            t.end = j;
            // "+33 (0)6 12 34 56 78": the bracketed trunk zero is dropped.
            if t.plus && t.len == 2 && &t.digits[..2] == b"33" {
                let rest = &b[j..];
                let skip = [&b" (0) "[..], b" (0)", b"(0) ", b"(0)"]
                    .iter()
                    .find(|p| rest.starts_with(p))
                    .map_or(0, |p| p.len());
                if skip > 0 && b.get(j + skip).is_some_and(u8::is_ascii_digit) {
                    j += skip;
                    continue;
                }
            }
            let continues = j + 1 < b.len()
                && matches!(b[j], b' ' | b'.' | b'-')
                && b[j + 1].is_ascii_digit()
                && t.ngroups < t.groups.len()
                && t.len < t.digits.len();
            if !continues {
                break;
            }
            j += 1;
        }
        t
    }
}

/// Which kinds have a keyword shortly before a position: a bit per kind.
#[derive(Clone, Copy, Default)]
struct ContextSet(u32);

/// The bit for "a technical label (id, ref, order…) just before".
const TECHNICAL_BIT: u32 = 1 << 31;
/// How close a technical label must be to label the number.
const TECHNICAL_WINDOW: usize = 16;

impl ContextSet {
    fn has(self, k: Kind) -> bool {
        self.0 & (1 << (k as u32)) != 0
    }

    fn technical(self) -> bool {
        self.0 & TECHNICAL_BIT != 0
    }
}

fn context_before(keywords: &[Keyword], pos: usize) -> ContextSet {
    let mut set = 0u32;
    // Keywords are in text order; look at those that end before `pos`, nearest first.
    let upto = keywords.partition_point(|k| k.start < pos);
    for k in keywords[..upto].iter().rev() {
        if k.end + CONTEXT_WINDOW < pos {
            break;
        }
        if k.end > pos {
            continue;
        }
        match k.term {
            Term::Context(kind) => set |= 1 << (kind as u32),
            // A diagnosis named just before a code ("hypertension essentielle (I10)") is
            // as good a context for it as "CIM-10".
            Term::Health { .. } => set |= 1 << (Kind::HealthTerm as u32),
            Term::Technical if k.end + TECHNICAL_WINDOW >= pos => set |= TECHNICAL_BIT,
            _ => {}
        }
    }
    ContextSet(set)
}

impl Detector {
    /// Finds every kind in a piece of text (a line, a cell, a paragraph). `hint` is the
    /// class of the column the text came from, if any.
    pub fn scan_text(&self, text: &str, hint: Option<ColumnClass>, out: &mut Matches) {
        let b = text.as_bytes();
        out.keywords.clear();
        out.emails.clear();
        if b.iter().any(u8::is_ascii_alphabetic) {
            self.keywords.find(b, &mut out.keywords);
            find_emails(b, &mut out.emails, &mut out.items);
        }
        let hint_kind = hint.and_then(ColumnClass::kind);
        let birth_text = hint_kind == Some(Kind::BirthDate)
            || out
                .keywords
                .iter()
                .any(|k| k.term == Term::Context(Kind::BirthDate));
        // Only where a word starts with a digit, a `+` or a capital can a number or a code
        // start; everything between is skipped a block at a time.
        let mut resume = 0usize;
        let mut email_at = 0usize;
        for i in blocks::starts(b, Lead::NumberOrCode) {
            while email_at < out.emails.len() && i >= out.emails[email_at].0 {
                resume = resume.max(out.emails[email_at].1);
                email_at += 1;
            }
            if i < resume {
                continue;
            }
            let c = b[i];
            if c.is_ascii_digit() || (c == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
                // Most numbers in text are short ("12", "2025", "3.5"): with fewer than
                // nine digits and no separator leading on to more digits, nothing can start
                // here (dates only count after a birth keyword, checked below).
                let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = i + run;
                let joins = after + 1 < b.len()
                    && matches!(
                        b[after],
                        b' ' | b'.' | b'-' | b'/' | b'A' | b'B' | b'a' | b'b' | b'('
                    )
                    && (b[after + 1].is_ascii_digit() || b[after] == b'(' || b[after + 1] == b'(');
                if c != b'+' && run < 9 && !joins && !birth_text {
                    resume = after;
                    continue;
                }
                let ctx = context_before(&out.keywords, i);
                let birth = ctx.has(Kind::BirthDate) || hint_kind == Some(Kind::BirthDate);
                if birth && let Some(m) = birth_date_at(text, i, hint_kind == Some(Kind::BirthDate))
                {
                    resume = m.end;
                    out.items.push(m);
                    continue;
                }
                let tok = NumberToken::collect(b, i);
                let followed_by_word = b.get(tok.end).is_some_and(|&n| is_word_byte(n));
                if !followed_by_word {
                    self.numbers_in(&tok, ctx, hint_kind, &mut out.items);
                }
                resume = tok.end;
                continue;
            }
            if c.is_ascii_uppercase() {
                let m = iban_at(b, i).or_else(|| self.icd10_at(b, i, &out.keywords, hint_kind));
                if let Some(m) = m {
                    resume = m.end;
                    out.items.push(m);
                }
            }
        }
        for k in 0..out.keywords.len() {
            let kw = out.keywords[k];
            let m = match kw.term {
                Term::Context(_) | Term::Technical => None,
                Term::Civility => self.name_after(text, kw.end),
                Term::Street => street_address(b, kw.start, kw.end),
                Term::Lab { short } => lab_result(b, kw.start, kw.end, short),
                Term::Health { prefix } => {
                    let mut end = kw.end;
                    if prefix {
                        while end < b.len() && is_word_byte(b[end]) {
                            end += 1;
                        }
                    }
                    Some(Match {
                        kind: Kind::HealthTerm,
                        confidence: Confidence::Likely,
                        start: kw.start,
                        end,
                        normalized: fold(&text[kw.start..end]),
                    })
                }
                Term::Medication => {
                    let ctx = context_before(&out.keywords, kw.start).has(Kind::Medication)
                        || hint_kind == Some(Kind::Medication);
                    Some(Match {
                        kind: Kind::Medication,
                        confidence: if ctx {
                            Confidence::Certain
                        } else {
                            Confidence::Likely
                        },
                        start: kw.start,
                        end: kw.end,
                        normalized: name_key(&text[kw.start..kw.end]),
                    })
                }
            };
            out.items.extend(m);
        }
    }

    /// Validates the digit groups of a token, trying the whole token and then shorter
    /// runs of whole groups, since separators also sit between unrelated numbers
    /// ("tél 06 12 34 56 78 12 rue …").
    fn numbers_in(
        &self,
        tok: &NumberToken,
        ctx: ContextSet,
        hint: Option<Kind>,
        out: &mut Vec<Match>,
    ) {
        if tok.len < 9 && !tok.plus {
            return;
        }
        let groups = &tok.groups[..tok.ngroups];
        let mut s = 0usize;
        while s < groups.len() {
            let from = if s == 0 { 0 } else { groups[s - 1].0 as usize };
            let from_byte = if s == 0 {
                tok.start
            } else {
                groups[s - 1].1 + 1
            };
            let mut found = None;
            for e in (s..groups.len()).rev() {
                let to = groups[e].0 as usize;
                if to - from < 9 && !(s == 0 && tok.plus) {
                    break;
                }
                // On the stack: tried for every long number of every line.
                let mut sizes = [0usize; MAX_GROUPS];
                let mut prev = from;
                for (size, &(n, _)) in sizes.iter_mut().zip(&groups[s..=e]) {
                    *size = n as usize - prev;
                    prev = n as usize;
                }
                let sizes = &sizes[..=e - s];
                if let Some((kind, conf, normalized)) = classify_number(
                    &tok.digits[from..to],
                    s == 0 && tok.plus,
                    s == 0 && e + 1 == groups.len(),
                    sizes,
                    ctx,
                    hint,
                ) {
                    found = Some((e, kind, conf, normalized));
                    break;
                }
            }
            match found {
                Some((e, kind, confidence, normalized)) => {
                    out.push(Match {
                        kind,
                        confidence,
                        start: from_byte,
                        end: groups[e].1,
                        normalized,
                    });
                    s = e + 1;
                }
                None => s += 1,
            }
        }
    }

    fn icd10_at(
        &self,
        b: &[u8],
        i: usize,
        keywords: &[Keyword],
        hint: Option<Kind>,
    ) -> Option<Match> {
        if b.len() < i + 3
            || b[i] == b'U'
            || !b[i + 1].is_ascii_digit()
            || !b[i + 2].is_ascii_digit()
        {
            return None;
        }
        let mut code = vec![b[i], b[i + 1], b[i + 2]];
        let mut end = i + 3;
        if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        while end < b.len() && b[end].is_ascii_digit() && code.len() < 5 {
            code.push(b[end]);
            end += 1;
        }
        if b.get(end).is_some_and(|&n| is_word_byte(n)) {
            return None;
        }
        let code = String::from_utf8(code).ok()?;
        if !self.icd10.contains(&code) {
            return None;
        }
        let before = context_before(keywords, i);
        let ctx =
            before.has(Kind::Icd10) || before.has(Kind::HealthTerm) || hint == Some(Kind::Icd10);
        let confidence = match (ctx, code.len() > 3) {
            (true, _) => Confidence::Certain,
            (false, true) => Confidence::Likely,
            (false, false) => return None,
        };
        Some(Match {
            kind: Kind::Icd10,
            confidence,
            start: i,
            end,
            normalized: code,
        })
    }

    /// Capitalised words after a civility or keyword: "Mme Sophie DURAND", "Dr Martin".
    fn name_after(&self, text: &str, from: usize) -> Option<Match> {
        let b = text.as_bytes();
        let mut i = from;
        while i < b.len() && (b[i] == b' ' || b[i] == b':') {
            i += 1;
        }
        let start = i;
        let mut end = i;
        let mut words = 0;
        while i < b.len() && words < 4 {
            let rest = &text[i..];
            let len: usize = rest
                .char_indices()
                .find(|&(_, c)| !(c.is_alphabetic() || c == '-' || c == '\''))
                .map_or(rest.len(), |(k, _)| k);
            if len == 0 {
                break;
            }
            let word = &rest[..len];
            let first = word.chars().next()?;
            let folded = fold(word);
            if first.is_uppercase() && word.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                if self.not_names.contains(&folded) {
                    break;
                }
                words += 1;
                end = i + len;
            } else if !(words > 0 && self.particles.contains(&folded)) {
                break;
            }
            i += len;
            if i < b.len() && b[i] == b' ' {
                i += 1;
            } else {
                break;
            }
        }
        if words == 0 {
            return None;
        }
        let normalized = name_key(&text[start..end]);
        let known = normalized
            .split(' ')
            .any(|w| self.first_names.contains(w) || self.surnames.contains(w));
        Some(Match {
            kind: Kind::PersonName,
            confidence: if known {
                Confidence::Certain
            } else {
                Confidence::Likely
            },
            start,
            end,
            normalized,
        })
    }

    pub(crate) fn is_known_name(&self, key: &str) -> bool {
        key.split(' ')
            .any(|w| self.first_names.contains(w) || self.surnames.contains(w))
    }

    pub(crate) fn is_medication(&self, key: &str) -> bool {
        key.split(' ').any(|w| self.medications.contains(w))
    }

    pub(crate) fn is_icd10(&self, code: &str) -> bool {
        self.icd10.contains(code)
    }
}

/// The kind a run of digits is, from its length, check digits, context and layout.
fn classify_number(
    digits: &[u8],
    plus: bool,
    whole: bool,
    group_sizes: &[usize],
    ctx: ContextSet,
    hint: Option<Kind>,
) -> Option<(Kind, Confidence, String)> {
    let has = |k: Kind| ctx.has(k) || hint == Some(k);
    let sure = |k: Kind, otherwise: Confidence| {
        if has(k) {
            Confidence::Certain
        } else {
            otherwise
        }
    };
    let text = || String::from_utf8_lossy(digits).into_owned();
    let n = digits.len();
    // "id=185057800608491", "commande 4539…": a number labelled as technical is only an
    // identifier when a keyword of its own kind says so too.
    let labelled = |k: Kind| !ctx.technical() || has(k);
    if plus {
        if let Some(e164) = validate::french_phone_e164(true, digits) {
            return Some((Kind::Phone, sure(Kind::Phone, Confidence::Likely), e164));
        }
        return validate::e164(digits).then(|| {
            (
                Kind::Phone,
                sure(Kind::Phone, Confidence::Possible),
                format!("+{}", text()),
            )
        });
    }
    if n == 15 && validate::nir(digits) && labelled(Kind::Nir) {
        return Some((Kind::Nir, sure(Kind::Nir, Confidence::Likely), text()));
    }
    if (n == 10 || n == 13)
        && labelled(Kind::Phone)
        && let Some(e164) = validate::french_phone_e164(false, digits)
    {
        let paired = group_sizes.len() >= 4 && group_sizes.iter().all(|&g| g <= 4);
        let mobile = matches!(&digits[..2], b"06" | b"07") || n == 13;
        let otherwise = if paired || mobile {
            Confidence::Likely
        } else {
            Confidence::Possible
        };
        return Some((Kind::Phone, sure(Kind::Phone, otherwise), e164));
    }
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if (12..=19).contains(&n) && validate::payment_card(digits) && labelled(Kind::PaymentCard) {
        return Some((
            Kind::PaymentCard,
            sure(Kind::PaymentCard, Confidence::Likely),
            text(),
        ));
    }
    let certain = |k: Kind| Some((k, Confidence::Certain, text()));
    match n {
        11 if has(Kind::Rpps) && validate::rpps(digits) => certain(Kind::Rpps),
        14 if has(Kind::Siret) && validate::siret(digits) => certain(Kind::Siret),
        9 if has(Kind::Finess) && validate::finess(digits) => certain(Kind::Finess),
        9 if has(Kind::Adeli) && validate::adeli(digits) => certain(Kind::Adeli),
        9 if has(Kind::Siren) && validate::siren(digits) => certain(Kind::Siren),
        // A NIR without its key: only a whole token, never the start of a longer number
        // whose key failed.
        // Grouped as a NIR is written (1 2 2 2 3 3), or not grouped: an OID such as
        // 1.2.250.1.213.1.4.10 near "INS" is not a NIR.
        13 if whole
            && has(Kind::Nir)
            && (group_sizes.len() == 1 || group_sizes == [1, 2, 2, 2, 3, 3])
            && validate::nir_body_plausible(digits) =>
        {
            Some((Kind::Nir, Confidence::Possible, text()))
        }
        _ => None,
    }
}

fn birth_date_at(text: &str, i: usize, column: bool) -> Option<Match> {
    let b = text.as_bytes();
    let (date, used) = validate::parse_date_prefix(&b[i..], column)
        .or_else(|| validate::parse_written_date_prefix(&text[i..]))?;
    let end = i + used;
    // "06.12.34.56.78" starts like a date; a date does not go on with another group.
    if end + 1 < b.len() && matches!(b[end], b'.' | b'-' | b'/') && b[end + 1].is_ascii_digit() {
        return None;
    }
    if b.get(end).is_some_and(u8::is_ascii_digit) || !date.plausible_birth() {
        return None;
    }
    Some(Match {
        kind: Kind::BirthDate,
        confidence: Confidence::Certain,
        start: i,
        end,
        normalized: date.iso(),
    })
}

/// The normalised address when the whole value is one e-mail address.
pub(crate) fn whole_email(v: &str) -> Option<String> {
    let mut spans = Vec::new();
    let mut found = Vec::new();
    find_emails(v.as_bytes(), &mut spans, &mut found);
    match found.as_slice() {
        [m] if m.start == 0 && m.end == v.len() => found.pop().map(|m| m.normalized),
        _ => None,
    }
}

const FILE_EXTENSIONS: [&str; 10] = [
    "png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "pdf", "ico",
];

/// E-mail addresses around each `@`.
fn find_emails(b: &[u8], spans: &mut Vec<(usize, usize)>, out: &mut Vec<Match>) {
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    let mut last_end = 0usize;
    for at in memchr::memchr_iter(b'@', b) {
        if at < last_end {
            continue;
        }
        let mut s = at;
        loop {
            if s > last_end && local(b[s - 1]) {
                s -= 1;
            } else if let Some(n) = letter_before(b, s).filter(|&n| s - n >= last_end) {
                // Accented letters in the local part (RFC 6531: `marthe.dupré@…`), as
                // typed by hand in exports; other non-ASCII (« ») still ends it.
                s -= n;
            } else {
                break;
            }
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        if s == at || e == at + 1 {
            continue;
        }
        let dom = &b[at + 1..e];
        let Some(dot) = dom.iter().rposition(|&c| c == b'.') else {
            continue;
        };
        let tld = &dom[dot + 1..];
        let tld_ok = tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic);
        let ext = std::str::from_utf8(tld)
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !tld_ok || FILE_EXTENSIONS.contains(&ext.as_str()) || dot == 0 {
            continue;
        }
        let value = String::from_utf8_lossy(&b[s..e]).to_lowercase();
        spans.push((s, e));
        out.push(Match {
            kind: Kind::Email,
            confidence: Confidence::Certain,
            start: s,
            end: e,
            normalized: value,
        });
        last_end = e;
    }
}

/// The byte length of the non-ASCII letter that ends `b[..end]`, if one does.
fn letter_before(b: &[u8], end: usize) -> Option<usize> {
    let from = end.saturating_sub(4);
    (from..end.saturating_sub(1))
        .filter(|&i| b[i] >= 0xC0)
        .find_map(|i| {
            let c = std::str::from_utf8(&b[i..end]).ok()?.chars().next()?;
            (c.len_utf8() == end - i && c.is_alphabetic()).then_some(end - i)
        })
}

/// An IBAN at an upper-case word start: two letters, two digits, then groups.
fn iban_at(b: &[u8], i: usize) -> Option<Match> {
    if b.len() < i + 15
        || !b[i + 1].is_ascii_uppercase()
        || !b[i + 2].is_ascii_digit()
        || !b[i + 3].is_ascii_digit()
    {
        return None;
    }
    let mut chars = [0u8; 34];
    let mut n = 0usize;
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut j = i;
    while j < b.len() && n < 34 {
        let c = b[j];
        if c.is_ascii_digit() || c.is_ascii_uppercase() {
            chars[n] = c;
            n += 1;
            j += 1;
        } else if c == b' ' && b.get(j + 1).is_some_and(|d| d.is_ascii_alphanumeric()) && n > 0 {
            ends.push((n, j));
            j += 1;
        } else {
            break;
        }
    }
    ends.push((n, j));
    ends.iter().rev().find_map(|&(len, end)| {
        validate::iban(&chars[..len]).then(|| Match {
            kind: Kind::Iban,
            confidence: Confidence::Certain,
            start: i,
            end,
            normalized: String::from_utf8_lossy(&chars[..len]).into_owned(),
        })
    })
}

/// "12 bis rue des Lilas 75012 Paris": a number before the street type, the street name
/// after it, and a postcode and city when they follow.
fn street_address(b: &[u8], s: usize, e: usize) -> Option<Match> {
    let mut j = s;
    while j > 0 && matches!(b[j - 1], b' ' | b',') {
        j -= 1;
    }
    for suffix in [&b"bis"[..], b"ter", b"b"] {
        if j > suffix.len()
            && b[j - suffix.len()..j].eq_ignore_ascii_case(suffix)
            && b[j - suffix.len() - 1] == b' '
        {
            j -= suffix.len() + 1;
            while j > 0 && b[j - 1] == b' ' {
                j -= 1;
            }
            break;
        }
    }
    let num_end = j;
    while j > 0 && b[j - 1].is_ascii_digit() && num_end - j < 4 {
        j -= 1;
    }
    if j == num_end || (j > 0 && is_word_byte(b[j - 1])) {
        return None;
    }
    let start = j;
    let mut end = e;
    let mut postcode = false;
    let mut k = e;
    // The street name: capitalised words and the particles between them ("rue de la
    // Paix", "avenue Jean Jaurès"); a lower-case word ends it ("… pour le séminaire").
    loop {
        let mut p = k;
        while p < b.len() && b[p] == b' ' {
            p += 1;
        }
        let comma = b.get(p) == Some(&b',');
        if comma {
            p += 1;
            while p < b.len() && b[p] == b' ' {
                p += 1;
            }
        }
        if end > e && is_postcode_at(b, p) && !is_word_byte(b[p - 1]) {
            postcode = true;
            end = p + 5;
            let mut q = end;
            while let Some(w) = next_word(b, q) {
                if !starts_upper(&b[w.0..w.1]) {
                    break;
                }
                end = w.1;
                q = w.1;
            }
            break;
        }
        if comma {
            break;
        }
        let Some((ws, we)) = next_word(b, k) else {
            break;
        };
        let word = &b[ws..we];
        let particle = STREET_PARTICLES
            .iter()
            .any(|x| word.eq_ignore_ascii_case(x.as_bytes()))
            || word.len() > 2 && matches!(&word[..2], b"l'" | b"d'" | b"L'" | b"D'");
        if !(particle || starts_upper(word) || word[0].is_ascii_digit()) || we - start > 120 {
            break;
        }
        if !particle {
            end = we;
        }
        k = we;
    }
    if end <= e {
        return None;
    }
    let text = String::from_utf8_lossy(&b[start..end]);
    Some(Match {
        kind: Kind::PostalAddress,
        confidence: if postcode {
            Confidence::Certain
        } else {
            Confidence::Likely
        },
        start,
        end,
        normalized: name_key(&text),
    })
}

const STREET_PARTICLES: [&str; 16] = [
    "de", "du", "des", "la", "le", "les", "et", "sur", "sous", "aux", "au", "à", "en", "saint",
    "st", "lès",
];

/// The word starting after exactly one space at `k` (letters, digits, `'`, `-`).
fn next_word(b: &[u8], k: usize) -> Option<(usize, usize)> {
    if b.get(k) != Some(&b' ') {
        return None;
    }
    let s = k + 1;
    let mut e = s;
    while e < b.len() && (is_word_byte(b[e]) || matches!(b[e], b'\'' | b'-')) {
        e += 1;
    }
    (e > s).then_some((s, e))
}

fn starts_upper(word: &[u8]) -> bool {
    std::str::from_utf8(word)
        .ok()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
}

fn is_postcode_at(b: &[u8], p: usize) -> bool {
    b.len() >= p + 5
        && b[p..p + 5].iter().all(u8::is_ascii_digit)
        && !b.get(p + 5).is_some_and(|&n| is_word_byte(n))
}

const QUALITATIVE: [&str; 8] = [
    "positi",
    "negati",
    "négati",
    "detectable",
    "détectable",
    "indetectable",
    "indétectable",
    "normal",
];

/// A test name, with its result when one follows ("Glycémie à jeun : 1,32 g/L").
fn lab_result(b: &[u8], s: usize, e: usize, short: bool) -> Option<Match> {
    let mut k = e;
    let limit = (e + 24).min(b.len());
    while k < limit && !b[k].is_ascii_digit() && !matches!(b[k], b'\n' | b';' | b'|') {
        k += 1;
    }
    let mut end = e;
    let mut result = false;
    if k < limit && b[k].is_ascii_digit() {
        while k < b.len()
            && (b[k].is_ascii_digit()
                || matches!(b[k], b',' | b'.') && b.get(k + 1).is_some_and(u8::is_ascii_digit))
        {
            k += 1;
        }
        result = true;
        end = k;
        // The unit: up to 8 bytes of letters, '/', '%', 'µ'.
        let mut u = k;
        while u < b.len() && b[u] == b' ' {
            u += 1;
        }
        let unit_start = u;
        while u < b.len()
            && u - unit_start < 8
            && (b[u].is_ascii_alphabetic() || matches!(b[u], b'/' | b'%') || b[u] >= 0x80)
        {
            u += 1;
        }
        if u > unit_start {
            end = u;
        }
    } else {
        let after = String::from_utf8_lossy(&b[e..(e + 24).min(b.len())]).to_lowercase();
        if let Some(q) = QUALITATIVE
            .iter()
            .find_map(|q| after.find(q).map(|p| (p, q)))
        {
            result = true;
            end = e + q.0 + q.1.len();
            while end < b.len() && b[end].is_ascii_alphabetic() {
                end += 1;
            }
        }
    }
    if short && !result {
        return None;
    }
    let name = String::from_utf8_lossy(&b[s..e]);
    Some(Match {
        kind: Kind::LabResult,
        confidence: if result {
            Confidence::Certain
        } else {
            Confidence::Likely
        },
        start: s,
        end,
        normalized: fold(&name),
    })
}
