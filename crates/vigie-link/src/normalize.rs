//! French identities in one comparable form: folded names split into words with particles
//! kept apart, "épouse"/"née" forms split into usage and birth names, dates in every common
//! layout, NIR validated, phones to E.164, street types expanded.

use vigie_detect::fold::fold;
use vigie_detect::validate;

/// Words of a name, folded, particles (de, du, le, d') dropped: "de la FONTAINE-d'Arc" →
/// ["fontaine", "arc"].
pub fn name_words(s: &str) -> Vec<String> {
    folded_name_words(&fold(s))
}

fn folded_name_words(folded: &str) -> Vec<String> {
    let words = || {
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    };
    let particle = |w: &str| {
        matches!(
            w,
            "de" | "du"
                | "des"
                | "la"
                | "le"
                | "les"
                | "d"
                | "l"
                | "van"
                | "von"
                | "der"
                | "del"
                | "da"
                | "di"
        )
    };
    // A name made only of particles ("Le") is itself.
    if words().all(particle) {
        words().map(str::to_string).collect()
    } else {
        words()
            .filter(|w| !particle(w))
            .map(str::to_string)
            .collect()
    }
}

/// What marks a married name in a folded cell: the usage name follows it.
const MARRIED: [&str; 5] = [" epouse ", " ep. ", " ep ", " veuve ", " vve "];

/// A last-name cell split at "épouse", "ép.", "née", "veuve": (usage, birth) words.
pub fn split_married(s: &str) -> (Vec<String>, Vec<String>) {
    let folded = fold(s);
    // Most cells are one word: no marker to look for.
    if folded.contains(' ') {
        for marker in MARRIED {
            if let Some((a, b)) = folded.split_once(marker) {
                return (folded_name_words(b), folded_name_words(a));
            }
        }
        if let Some((a, b)) = folded.split_once(" nee ") {
            return (folded_name_words(a), folded_name_words(b));
        }
    }
    (folded_name_words(&folded), Vec::new())
}

/// A name cell without the civility or title that opens it ("Mme DURAND", "M. Jean
/// DUPONT", "Dr Martin"), with the sex the civility implies. A word alone is kept: it is
/// the name ("Madame" is a surname too).
pub fn strip_civility(s: &str) -> (&str, Option<char>) {
    let t = s.trim_start();
    let Some((word, rest)) = t.split_once(char::is_whitespace) else {
        return (s, None);
    };
    let rest = rest.trim_start();
    if rest.is_empty() {
        return (s, None);
    }
    const CIVILITIES: [&str; 15] = [
        "m",
        "mr",
        "monsieur",
        "mme",
        "madame",
        "mlle",
        "melle",
        "mademoiselle",
        "mrs",
        "ms",
        "miss",
        "dr",
        "docteur",
        "pr",
        "professeur",
    ];
    let word = word.trim_end_matches('.');
    if !CIVILITIES.iter().any(|c| c.eq_ignore_ascii_case(word)) {
        return (s, None);
    }
    // A title (Dr, Pr) has no sex; a civility's is the one `sex` reads.
    (rest, sex(word))
}

/// A sex or civility cell as `M` or `F`: exports write `M`/`F`, `H`/`F`, `1`/`2` (the
/// NIR's digit), the words in French or English, or the civility. Anything else
/// (`I` for undetermined, `U`, `X`) is unknown rather than a value to compare.
pub fn sex(v: &str) -> Option<char> {
    // Most cells are one letter or digit: no folding for them.
    let t = v.trim();
    if let [c] = t.as_bytes() {
        return match c.to_ascii_lowercase() {
            b'm' | b'h' | b'1' => Some('M'),
            b'f' | b'2' | b'w' => Some('F'),
            _ => None,
        };
    }
    let w: String = fold(t)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match w.as_str() {
        "m" | "h" | "1" | "homme" | "masculin" | "masc" | "male" | "man" | "mr" | "monsieur"
        | "garcon" => Some('M'),
        "f" | "2" | "femme" | "feminin" | "fem" | "female" | "woman" | "w" | "mme" | "madame"
        | "mlle" | "melle" | "mademoiselle" | "fille" | "mrs" | "ms" | "miss" => Some('F'),
        _ => None,
    }
}

/// A postcode without its spaces; four digits get back the leading zero a spreadsheet
/// dropped ("1000" is Bourg-en-Bresse's 01000), and a CEDEX suffix goes.
pub fn postcode(v: &str) -> String {
    let p: String = v.split_whitespace().collect();
    let digits = p.bytes().take_while(u8::is_ascii_digit).count();
    match (digits, p.len()) {
        (4, 4) => format!("0{p}"),
        (5, n) if n > 5 && p[5..].to_ascii_lowercase().starts_with("cedex") => p[..5].to_string(),
        _ => p,
    }
}

/// A full name's cell split by the French convention of the family name in capitals:
/// "DURAND Anne", "Anne DURAND", "Marie-Claire LEROY épouse PETIT" → (first names, the
/// family part with its "épouse"/"née"). `None` when capitals do not tell them apart
/// ("durand anne", "DURAND ANNE"): which word is which is then unknown.
pub fn split_full_name(s: &str) -> Option<(String, String)> {
    fn letters(w: &str) -> impl Iterator<Item = char> + '_ {
        w.chars().filter(|c| c.is_alphabetic())
    }
    // In capitals: two letters at least, so that an initial ("A.") is not a family name.
    let capitals = |w: &str| letters(w).nth(1).is_some() && letters(w).all(char::is_uppercase);
    let given = |w: &str| {
        letters(w).next().is_some_and(char::is_uppercase) && letters(w).any(char::is_lowercase)
    };
    let words: Vec<&str> = s.split_whitespace().collect();
    if !words.iter().any(|w| capitals(w)) || !words.iter().any(|w| given(w)) {
        return None;
    }
    let (first, family): (Vec<&str>, Vec<&str>) = words.into_iter().partition(|w| given(w));
    Some((first.join(" "), family.join(" ")))
}

/// A full name's cell without capitals to go by ("DURAND ANNE", "anne durand"), split by
/// the name lists (`known`: whether a word is a first name, a surname): the given names
/// are the run of first names that ends the cell, the French "NOM Prénom", unless the
/// cell opens with a word that is only a first name and ends with a family name. `None`
/// when the lists cannot tell, or the cell has an "épouse"/"née" to split first.
pub fn split_by_lists(s: &str, known: impl Fn(&str) -> (bool, bool)) -> Option<(String, String)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let folded = fold(s);
    let married = MARRIED.iter().chain(&[" nee "]).any(|m| folded.contains(m));
    if words.len() < 2 || married {
        return None;
    }
    let n = words.len();
    let (opening, closing) = (known(words[0]), known(words[n - 1]));
    let only_given = opening.0 && !opening.1;
    let given = if closing.0 && !only_given {
        // NOM Prénom(s): the first names from the end, a family word left at the start.
        let run = words.iter().rev().take_while(|w| known(w).0).count();
        n - run.min(n - 1)..n
    } else if only_given && (closing.1 || !closing.0) {
        let run = words.iter().take_while(|w| known(w).0).count();
        0..run.min(n - 1)
    } else {
        return None;
    };
    let pick = |inside: bool| -> String {
        let part: Vec<&str> = (0..n)
            .filter(|i| given.contains(i) == inside)
            .map(|i| words[i])
            .collect();
        part.join(" ")
    };
    Some((pick(true), pick(false)))
}

/// A date as (year, month, day) from ISO, French, compact and two-digit-year layouts.
/// Two-digit years are read as the most recent past year (`05` → 2005 from 2026, `85` →
/// 1985), as birth dates are.
pub fn date(s: &str, this_year: u16) -> Option<(u16, u8, u8)> {
    let t = s.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if t.chars().all(|c| c.is_ascii_digit()) && digits.len() == 8 {
        // YYYYMMDD (or DDMMYYYY when the first four are not a plausible year).
        let y: u16 = digits[..4].parse().ok()?;
        if (1850..=this_year).contains(&y) {
            return valid(y, digits[4..6].parse().ok()?, digits[6..8].parse().ok()?);
        }
        return valid(
            digits[4..].parse().ok()?,
            digits[2..4].parse().ok()?,
            digits[..2].parse().ok()?,
        );
    }
    // A spreadsheet's serial day number, left as a number when the sheet became a CSV:
    // five digits are 1927 to 2173.
    if digits.len() == 5 && t.len() == 5 {
        let iso = vigie_sources::excel_date(digits.parse().ok()?)?;
        return date(&iso, this_year);
    }
    if let Some(d) = validate::parse_date(t) {
        return valid(d.year, d.month, d.day);
    }
    let parts: Vec<&str> = t
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 3 && parts[2].len() == 2 {
        let yy: u16 = parts[2].parse().ok()?;
        let century = if 2000 + yy <= this_year { 2000 } else { 1900 };
        return valid(century + yy, parts[1].parse().ok()?, parts[0].parse().ok()?);
    }
    None
}

/// A date as its eight digits, YYYYMMDD.
pub fn date_digits((y, m, d): (u16, u8, u8)) -> [u8; 8] {
    let mut out = [0u8; 8];
    let year = [y / 1000, y / 100 % 10, y / 10 % 10, y % 10];
    for (o, x) in out.iter_mut().zip(year) {
        *o = b'0' + x as u8;
    }
    out[4..].copy_from_slice(&[b'0' + m / 10, b'0' + m % 10, b'0' + d / 10, b'0' + d % 10]);
    out
}

fn valid(y: u16, m: u8, d: u8) -> Option<(u16, u8, u8)> {
    ((1..=12).contains(&m) && (1..=31).contains(&d) && y >= 1850).then_some((y, m, d))
}

/// The NIR without spaces, when its key is right; with a wrong key it is kept (a typo is
/// still evidence) but flagged.
pub fn nir(s: &str) -> Option<(String, bool)> {
    let c: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    if c.len() != 15 && c.len() != 13 {
        return None;
    }
    let valid = c.len() == 15 && validate::nir(c.as_bytes());
    Some((c[..13].to_string(), valid))
}

/// The phones of a cell ("01 23 45 67 89 / 06 12 34 56 78" holds two), in E.164.
pub fn phones(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(['/', ',', ';', '|']).filter_map(phone)
}

pub fn phone(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    // "(+33) 6…" has its plus after a bracket; "33 6 12 34 56 78" lost it.
    let plus = s.contains('+') || (digits.len() == 11 && digits.starts_with("33"));
    validate::french_phone_e164(plus, digits.as_bytes())
        .or_else(|| (digits.len() == 9).then(|| format!("+33{digits}")))
}

/// Words split also where digits meet letters: "12bis" is the number 12, "bis".
fn address_words(folded: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        let mut start = 0;
        let b = w.as_bytes();
        for i in 1..b.len() {
            if b[i].is_ascii_digit() != b[i - 1].is_ascii_digit() {
                words.push(&w[start..i]);
                start = i;
            }
        }
        words.push(&w[start..]);
    }
    words.retain(|w| !w.is_empty());
    words
}

/// "St" and "Ste" before a name are "Saint" and "Sainte" ("rue St Jacques", "ST ETIENNE");
/// `st` last is an English street.
fn saint(w: &str, last: bool) -> Option<&'static str> {
    match w {
        "st" if !last => Some("saint"),
        "ste" if !last => Some("sainte"),
        _ => None,
    }
}

/// A city in words, "St"/"Ste" written out, without a CEDEX suffix ("LYON CEDEX 03").
pub fn city(s: &str) -> Vec<String> {
    let mut words = name_words(s);
    if let Some(i) = words.iter().position(|w| w == "cedex") {
        words.truncate(i);
    }
    let n = words.len();
    for (i, w) in words.iter_mut().enumerate() {
        if let Some(full) = saint(w, i + 1 == n) {
            *w = full.to_string();
        }
    }
    words
}

/// A street in words, types expanded ("bd" → "boulevard", "st" → "saint" before a name,
/// "street" last).
pub fn street(s: &str) -> Vec<String> {
    let folded = fold(s);
    let words = address_words(&folded);
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            if let Some(full) = saint(w, i + 1 == n) {
                return full.to_string();
            }
            match w {
                "r" => "rue",
                "bd" | "bld" => "boulevard",
                "av" | "ave" => "avenue",
                "pl" => "place",
                "imp" => "impasse",
                "che" | "ch" => "chemin",
                "rte" => "route",
                "all" => "allee",
                "sq" => "square",
                "fg" | "fbg" => "faubourg",
                "crs" => "cours",
                "pass" => "passage",
                "prom" => "promenade",
                "res" | "resid" => "residence",
                "lot" | "lotiss" => "lotissement",
                "st" => "street",
                "rd" => "road",
                "cres" => "crescent",
                "cct" => "circuit",
                "pde" => "parade",
                w => w,
            }
            .to_string()
        })
        .collect()
}

/// A French phonetic key: what a name sounds like, so that "Lefèvre", "Lefebvre" and
/// "Lefeuvre" meet. Written here: the published French keys (Soundex FR, Phonex) are not
/// in a maintained crate; this follows their main rules (silent letters, digraphs, doubled
/// consonants) and keeps four sounds.
pub fn phonetic(word: &str) -> String {
    // Name words arrive folded already; folding again is for other callers.
    let mut b: Vec<u8> = if word.is_ascii() {
        word.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    } else {
        fold(word).bytes().filter(u8::is_ascii_alphabetic).collect()
    };
    // In this order: each rule sees what the ones before it left. Every replacement is
    // no longer than what it replaces, so each is made in place; and a rule is looked for
    // only when the word has all of its letters, which most words lack for most rules.
    const RULES: &[(&[u8], &[u8])] = &[
        (b"eau", b"o"),
        (b"au", b"o"),
        (b"ph", b"f"),
        (b"qu", b"k"),
        (b"gu", b"g"),
        (b"gn", b"n"),
        (b"ch", b"s"),
        (b"sch", b"s"),
        (b"ai", b"e"),
        (b"ei", b"e"),
        (b"ou", b"u"),
        (b"oe", b"e"),
        (b"bv", b"v"),
        (b"eu", b"e"),
        (b"y", b"i"),
        (b"w", b"v"),
        (b"z", b"s"),
        (b"q", b"k"),
        (b"h", b""),
    ];
    let letters = |b: &[u8]| b.iter().fold(0u32, |m, &c| m | 1 << (c & 31));
    let mut present = letters(&b);
    for &(from, to) in RULES {
        if letters(from) & !present == 0 && replace(&mut b, from, to) {
            present = letters(&b);
        }
    }
    // c before e/i sounds s, otherwise k.
    for i in 0..b.len() {
        let soft = matches!(b.get(i + 1), Some(b'e' | b'i'));
        b[i] = match b[i] {
            b'c' if soft => b's',
            b'c' | b'k' => b'k',
            b'g' if soft => b'j',
            other => other,
        };
    }
    // Silent endings.
    while b.len() > 1 && matches!(b.last(), Some(b's' | b't' | b'x' | b'd' | b'z' | b'e')) {
        b.pop();
    }
    // Doubled letters, then vowels after the first letter; four sounds and the first.
    let mut out = String::with_capacity(5);
    for (i, &c) in b.iter().enumerate() {
        if out.len() == 5 {
            break;
        }
        if out.as_bytes().last() == Some(&c) || (i > 0 && b"aeiou".contains(&c)) {
            continue;
        }
        out.push(c as char);
    }
    out
}

/// Replaces every `from` in `b`, left to right, by `to`, which is no longer; whether
/// there was one.
fn replace(b: &mut Vec<u8>, from: &[u8], to: &[u8]) -> bool {
    let (mut read, mut write, mut found) = (0, 0, false);
    while read < b.len() {
        if b[read..].starts_with(from) {
            b[write..write + to.len()].copy_from_slice(to);
            (read, write, found) = (read + from.len(), write + to.len(), true);
        } else {
            b[write] = b[read];
            (read, write) = (read + 1, write + 1);
        }
    }
    b.truncate(write);
    found
}

#[cfg(test)]
mod tests {
    use super::{
        city, date, phone, phones, postcode, sex, split_by_lists, split_married, street,
        strip_civility,
    };

    #[test]
    fn a_full_name_in_one_case_is_split_by_the_name_lists() {
        // Stand-ins for the INSEE lists: (first name, surname).
        let known = |w: &str| match w.to_lowercase().as_str() {
            "anne" | "luc" | "jean" | "pierre" | "jean-pierre" => (true, false),
            "martin" | "bernard" => (true, true),
            "durand" | "gall" | "le" => (false, true),
            _ => (false, false),
        };
        let split = |s| split_by_lists(s, known);
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(split("DURAND ANNE"), pair("ANNE", "DURAND"));
        assert_eq!(split("MARTIN JEAN PIERRE"), pair("JEAN PIERRE", "MARTIN"));
        assert_eq!(split("bernard luc"), pair("luc", "bernard"));
        assert_eq!(split("anne durand"), pair("anne", "durand"));
        assert_eq!(split("ANNE MARTIN"), pair("ANNE", "MARTIN"));
        assert_eq!(split("JEAN-PIERRE LE GALL"), pair("JEAN-PIERRE", "LE GALL"));
        // Two names that are only first names, nothing the lists know, one word, or a
        // married name to split first: the lists cannot tell.
        assert_eq!(split("LUC ANNE"), None);
        assert_eq!(split("XYZ QWERTY"), None);
        assert_eq!(split("DURAND"), None);
        assert_eq!(split("DURAND EPOUSE MARTIN ANNE"), None);
    }

    #[test]
    fn streets_and_cities_write_out_their_abbreviations() {
        assert_eq!(
            street("12bis r. St Jacques"),
            ["12", "bis", "rue", "saint", "jacques"]
        );
        assert_eq!(street("3 crs Lafayette"), ["3", "cours", "lafayette"]);
        // Last, "st" is an English street (FEBRL's addresses).
        assert_eq!(street("12 main st"), ["12", "main", "street"]);
        assert_eq!(city("ST ETIENNE CEDEX 2"), ["saint", "etienne"]);
        // "lès" is a particle, as in names.
        assert_eq!(city("Sainte-Foy-lès-Lyon"), ["sainte", "foy", "lyon"]);
        assert_eq!(city("Ste Foy les Lyon"), city("Sainte-Foy-lès-Lyon"));
    }

    #[test]
    fn phones_and_dates_in_the_forms_exports_leave() {
        for p in [
            "(+33) 6 12 34 56 78",
            "33 6 12 34 56 78",
            "0033 6 12 34 56 78",
            "6 12 34 56 78",
        ] {
            assert_eq!(phone(p).as_deref(), Some("+33612345678"), "{p}");
        }
        assert_eq!(phone("12 34"), None);
        // A spreadsheet's serial day number: 31118 is 12 March 1985.
        assert_eq!(date("31118", 2026), Some((1985, 3, 12)));
        assert_eq!(date("1985-03-12 00:00:00", 2026), Some((1985, 3, 12)));
        assert_eq!(date("12/03/85", 2026), Some((1985, 3, 12)));
        assert_eq!(date("3118", 2026), None);
    }

    #[test]
    fn sex_is_read_from_every_common_coding() {
        for v in [
            "M", "h", "1", "Homme", "MASCULIN", "male", "M.", "Monsieur", " m ",
        ] {
            assert_eq!(sex(v), Some('M'), "{v}");
        }
        for v in [
            "F", "2", "Femme", "Féminin", "female", "Mme", "Mlle", "Madame", "W",
        ] {
            assert_eq!(sex(v), Some('F'), "{v}");
        }
        // Undetermined, unknown, or not a sex: nothing to compare.
        for v in ["I", "U", "X", "3", "inconnu", ""] {
            assert_eq!(sex(v), None, "{v}");
        }
    }

    #[test]
    fn a_civility_opening_a_name_is_dropped_and_gives_the_sex() {
        assert_eq!(
            strip_civility("Mme DURAND Anne"),
            ("DURAND Anne", Some('F'))
        );
        assert_eq!(strip_civility("M. Jean DUPONT"), ("Jean DUPONT", Some('M')));
        assert_eq!(strip_civility("Dr  MARTIN"), ("MARTIN", None));
        // Alone, or not a civility, the word is the name.
        assert_eq!(strip_civility("Madame"), ("Madame", None));
        assert_eq!(strip_civility("MARTIN Anne"), ("MARTIN Anne", None));
        assert_eq!(strip_civility("Mmeu DURAND"), ("Mmeu DURAND", None));
        let (name, _) = strip_civility("Mme DURAND épouse MARTIN");
        assert_eq!(
            split_married(name),
            (vec!["martin".to_string()], vec!["durand".to_string()])
        );
    }

    #[test]
    fn postcodes_get_back_a_dropped_zero_and_lose_cedex() {
        assert_eq!(postcode("1000"), "01000");
        assert_eq!(postcode("75 012"), "75012");
        assert_eq!(postcode("69003 CEDEX 03"), "69003");
        assert_eq!(postcode("69003"), "69003");
        // Not a French postcode: kept as written, without spaces.
        assert_eq!(postcode("SW1A 1AA"), "SW1A1AA");
        assert_eq!(postcode("123"), "123");
    }

    #[test]
    fn a_cell_may_hold_several_phones() {
        let p: Vec<String> = phones("01 23 45 67 89 / 06.12.34.56.78").collect();
        assert_eq!(p, ["+33123456789", "+33612345678"]);
        let p: Vec<String> = phones("+33 6 12 34 56 78").collect();
        assert_eq!(p, ["+33612345678"]);
        assert_eq!(phones("n/a").count(), 0);
    }
}
