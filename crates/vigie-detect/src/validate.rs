//! Check-digit and structure validators. Each takes the identifier with separators already
//! removed (ASCII digits, and letters where the format has them) and says whether it is
//! well formed. They are pure functions so that synthetic data and tests can use them.

/// Luhn (mod 10) over ASCII digits; false on any non-digit.
pub fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    for (i, &b) in digits.iter().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// The Luhn check digit that completes `digits`.
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    let mut buf = digits.to_vec();
    buf.push(b'0');
    for d in b'0'..=b'9' {
        if let Some(last) = buf.last_mut() {
            *last = d;
        }
        if luhn(&buf) {
            return d;
        }
    }
    b'0'
}

/// The NIR's 13-digit body as a number, Corsica's `2A`/`2B` read as 19/18 for the key.
fn nir_body_value(body: &[u8]) -> Option<u64> {
    if body.len() != 13 {
        return None;
    }
    let mut v = 0u64;
    let mut corsica = 0u64;
    for (i, &b) in body.iter().enumerate() {
        let d = match b {
            b'0'..=b'9' => u64::from(b - b'0'),
            b'A' | b'a' if i == 6 => {
                corsica = 1_000_000;
                0
            }
            b'B' | b'b' if i == 6 => {
                corsica = 2_000_000;
                0
            }
            _ => return None,
        };
        v = v * 10 + d;
    }
    // 2A0… → 19…: the department digits "2A" become 19 (and "2B" 18), so the number is
    // reduced by 1,000,000 (2A) or 2,000,000 (2B) relative to reading A/B as 0 after "2".
    // "20xxxxx" read with A as 0 is 20·10^6; 19·10^6 = that − 10^6; 18·10^6 = − 2·10^6.
    Some(v - corsica)
}

/// The two-digit NIR key of a 13-character body.
pub fn nir_key(body: &[u8]) -> Option<u8> {
    nir_body_value(body).map(|v| (97 - (v % 97)) as u8)
}

/// Structure of the 13-character NIR body: sex/kind digit, month, department, order.
pub fn nir_body_plausible(body: &[u8]) -> bool {
    if body.len() != 13 {
        return false;
    }
    // 1/2: registered persons; 3/4: foreigners being registered; 7/8: temporary numbers.
    if !matches!(body[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8') {
        return false;
    }
    if !body[1..5].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let month = (body[3] - b'0') * 10 + (body[4] - b'0');
    // 01–12, and the fictitious months used when the month is unknown (20, 30–42, 50–99).
    if !matches!(month, 1..=12 | 20 | 30..=42 | 50..=99) {
        return false;
    }
    let corsica = matches!(body[6], b'A' | b'a' | b'B' | b'b');
    if corsica {
        if body[5] != b'2' {
            return false;
        }
    } else if !body[5..7].iter().all(u8::is_ascii_digit) || &body[5..7] == b"00" {
        return false;
    }
    if !body[7..13].iter().all(u8::is_ascii_digit) {
        return false;
    }
    // Order number within the commune and month: 001–999.
    &body[10..13] != b"000"
}

/// A full 15-character NIR (body + key), separators removed.
pub fn nir(value: &[u8]) -> bool {
    if value.len() != 15 || !value[13..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let body = &value[..13];
    if !nir_body_plausible(body) {
        return false;
    }
    let key = (value[13] - b'0') * 10 + (value[14] - b'0');
    nir_key(body) == Some(key)
}

/// ISO 13616 IBAN lengths per country (SWIFT registry); unknown countries fail.
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BR", 29),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MA", 28),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NL", 18),
    (b"NO", 15),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"SA", 24),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
];

pub fn iban_length(country: &[u8]) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| c.as_slice() == country)
        .map(|&(_, n)| n)
}

/// ISO 7064 mod 97-10 over an alphanumeric string (letters are 10..35).
fn mod97(chars: impl Iterator<Item = u8>) -> Option<u32> {
    let mut r = 0u32;
    for b in chars {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return None,
        };
        r = if v >= 10 {
            (r * 100 + v) % 97
        } else {
            (r * 10 + v) % 97
        };
    }
    Some(r)
}

/// An IBAN in upper case without spaces: country length and mod 97; French (and Monaco)
/// IBANs must also carry a valid RIB key.
pub fn iban(value: &[u8]) -> bool {
    if value.len() < 15 || value.len() > 34 {
        return false;
    }
    let Some(len) = iban_length(&value[..2]) else {
        return false;
    };
    if value.len() != len || !value[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let rearranged = value[4..].iter().chain(&value[..4]).copied();
    if mod97(rearranged) != Some(1) {
        return false;
    }
    if &value[..2] == b"FR" || &value[..2] == b"MC" {
        return rib_key_valid(&value[4..]);
    }
    true
}

/// The IBAN check digits for a country and BBAN.
pub fn iban_check_digits(country: &[u8; 2], bban: &[u8]) -> Option<[u8; 2]> {
    let r = mod97(bban.iter().chain(country.iter()).chain(b"00").copied())?;
    let check = 98 - r;
    Some([b'0' + (check / 10) as u8, b'0' + (check % 10) as u8])
}

fn rib_letter_value(b: u8) -> Option<u64> {
    match b {
        b'0'..=b'9' => Some(u64::from(b - b'0')),
        b'A' | b'J' => Some(1),
        b'B' | b'K' | b'S' => Some(2),
        b'C' | b'L' | b'T' => Some(3),
        b'D' | b'M' | b'U' => Some(4),
        b'E' | b'N' | b'V' => Some(5),
        b'F' | b'O' | b'W' => Some(6),
        b'G' | b'P' | b'X' => Some(7),
        b'H' | b'Q' | b'Y' => Some(8),
        b'I' | b'R' | b'Z' => Some(9),
        _ => None,
    }
}

fn number_of(chars: &[u8]) -> Option<u64> {
    chars
        .iter()
        .try_fold(0u64, |acc, &b| Some(acc * 10 + rib_letter_value(b)?))
}

/// The French RIB key: bank (5) + branch (5) + account (11, letters allowed).
pub fn rib_key(bank_branch_account: &[u8]) -> Option<u8> {
    if bank_branch_account.len() != 21 {
        return None;
    }
    let bank = number_of(&bank_branch_account[..5])?;
    let branch = number_of(&bank_branch_account[5..10])?;
    let account = number_of(&bank_branch_account[10..21])?;
    Some((97 - (89 * bank + 15 * branch + 3 * account) % 97) as u8)
}

/// A 23-character French BBAN (RIB): 21 characters then the two-digit key.
pub fn rib_key_valid(bban: &[u8]) -> bool {
    if bban.len() != 23 || !bban[21..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let key = (bban[21] - b'0') * 10 + (bban[22] - b'0');
    rib_key(&bban[..21]) == Some(key)
}

/// Payment card: Luhn and a known issuer range with its lengths.
pub fn payment_card(digits: &[u8]) -> bool {
    let n = digits.len();
    if !(12..=19).contains(&n) || !luhn(digits) {
        return false;
    }
    let p = |k: usize| -> u32 {
        digits[..k]
            .iter()
            .fold(0, |acc, &b| acc * 10 + u32::from(b - b'0'))
    };
    let visa = digits[0] == b'4' && matches!(n, 13 | 16 | 19);
    let mastercard = n == 16 && (matches!(p(2), 51..=55) || matches!(p(4), 2221..=2720));
    let amex = n == 15 && matches!(p(2), 34 | 37);
    let discover =
        (16..=19).contains(&n) && (p(4) == 6011 || matches!(p(3), 644..=649) || p(2) == 65);
    let jcb = (16..=19).contains(&n) && matches!(p(4), 3528..=3589);
    let diners = (14..=19).contains(&n) && (matches!(p(3), 300..=305) || matches!(p(2), 36 | 38));
    let unionpay = (16..=19).contains(&n) && p(2) == 62;
    let maestro = (12..=19).contains(&n)
        && matches!(
            p(4),
            5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763
        );
    visa || mastercard || amex || discover || jcb || diners || unionpay || maestro
}

pub fn siren(digits: &[u8]) -> bool {
    digits.len() == 9 && luhn(digits)
}

/// SIRET: Luhn, except La Poste's establishments (SIREN 356000000), whose digit sum is a
/// multiple of 5.
pub fn siret(digits: &[u8]) -> bool {
    if digits.len() != 14 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if &digits[..9] == b"356000000" {
        let sum: u32 = digits.iter().map(|&b| u32::from(b - b'0')).sum();
        return sum.is_multiple_of(5);
    }
    luhn(digits)
}

/// FINESS: department (2 digits, or 2A/2B for Corsica), then digits, Luhn key on the nine
/// characters with A/B read as 0/1 as the national file does.
pub fn finess(value: &[u8]) -> bool {
    if value.len() != 9 || &value[..2] == b"00" {
        return false;
    }
    let mut buf = [0u8; 9];
    for (i, &b) in value.iter().enumerate() {
        buf[i] = match b {
            b'0'..=b'9' => b,
            b'A' | b'a' if i == 1 && value[0] == b'2' => b'0',
            b'B' | b'b' if i == 1 && value[0] == b'2' => b'1',
            _ => return false,
        };
    }
    luhn(&buf)
}

/// RPPS: 11 digits starting with 1, Luhn key.
pub fn rpps(digits: &[u8]) -> bool {
    digits.len() == 11 && digits[0] == b'1' && luhn(digits)
}

/// ADELI: 9 digits (department, profession, order), Luhn key.
pub fn adeli(digits: &[u8]) -> bool {
    digits.len() == 9 && &digits[..2] != b"00" && luhn(digits)
}

/// A French phone number normalised to E.164 (`+33…`, or an overseas code), from digits
/// as written with an optional leading `+`. None when it is not a French number.
pub fn french_phone_e164(plus: bool, digits: &[u8]) -> Option<String> {
    const OVERSEAS: [&[u8]; 9] = [
        b"262", b"590", b"594", b"596", b"269", b"508", b"681", b"687", b"689",
    ];
    let national: &[u8] = if plus {
        if let Some(rest) = digits.strip_prefix(b"33") {
            // "+33 (0)6 12 34 56 78" keeps the trunk zero in brackets.
            if rest.len() == 10 && rest[0] == b'0' {
                &rest[1..]
            } else {
                rest
            }
        } else {
            let code = OVERSEAS.iter().find(|c| digits.starts_with(c))?;
            let rest = &digits[code.len()..];
            let ok = if matches!(*code, b"681" | b"687" | b"689") {
                rest.len() == 6
            } else {
                rest.len() == 9 && rest[0] != b'0'
            };
            return ok.then(|| format!("+{}", String::from_utf8_lossy(digits)));
        }
    } else if let Some(rest) = digits.strip_prefix(b"0033") {
        rest
    } else if digits.len() == 10 && digits[0] == b'0' {
        &digits[1..]
    } else {
        return None;
    };
    // +33 numbers: nine digits, first 1–9 (01–05 geographic, 06/07 mobile, 08/09).
    if national.len() != 9 || national[0] == b'0' || !national.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(format!("+33{}", std::str::from_utf8(national).ok()?))
}

/// An international E.164 number: `+`, country code not starting with 0, 8–15 digits.
pub fn e164(digits: &[u8]) -> bool {
    (8..=15).contains(&digits.len()) && digits[0] != b'0'
}

/// A calendar date, validated (Gregorian leap years).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Date { year, month, day })
    }

    /// ISO 8601 form, the normalised value of a date finding.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// A plausible birth date for a living or recently deceased person.
    pub fn plausible_birth(&self) -> bool {
        (1900..=2026).contains(&self.year)
    }
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |a, &d| a * 10 + u32::from(d - b'0')))
}

/// Two-digit years: a birth year cannot be in the future, so `85` is 1985 and `12` 2012
/// until 2026, after which it would be read as 1912.
fn full_year(y: u32, digits: usize) -> u32 {
    if digits == 2 {
        if y <= 26 { 2000 + y } else { 1900 + y }
    } else {
        y
    }
}

/// Parses a date at the start of `s`: `JJ/MM/AAAA`, `JJ-MM-AA`, `JJ.MM.AAAA`,
/// `AAAA-MM-JJ`, and (when `compact`) `AAAAMMJJ`. Returns the date and the bytes used.
pub fn parse_date_prefix(s: &[u8], compact: bool) -> Option<(Date, usize)> {
    let digit_run = |from: usize| s[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let a = digit_run(0);
    if a == 4 && s.len() > 4 && matches!(s[4], b'-' | b'/' | b'.') {
        let sep = s[4];
        let b = digit_run(5);
        if !(1..=2).contains(&b) || s.get(5 + b) != Some(&sep) {
            return None;
        }
        let c = digit_run(6 + b);
        if !(1..=2).contains(&c) {
            return None;
        }
        let d = Date::new(
            num(&s[..4])? as u16,
            num(&s[5..5 + b])? as u8,
            num(&s[6 + b..6 + b + c])? as u8,
        )?;
        return Some((d, 6 + b + c));
    }
    if (1..=2).contains(&a) && s.len() > a && matches!(s[a], b'/' | b'-' | b'.') {
        let sep = s[a];
        let b = digit_run(a + 1);
        if !(1..=2).contains(&b) || s.get(a + 1 + b) != Some(&sep) {
            return None;
        }
        let ys = a + 2 + b;
        let c = digit_run(ys);
        if c != 2 && c != 4 {
            return None;
        }
        let year = full_year(num(&s[ys..ys + c])?, c);
        let d = Date::new(
            year as u16,
            num(&s[a + 1..a + 1 + b])? as u8,
            num(&s[..a])? as u8,
        )?;
        return Some((d, ys + c));
    }
    if compact && a == 8 {
        let d = Date::new(
            num(&s[..4])? as u16,
            num(&s[4..6])? as u8,
            num(&s[6..8])? as u8,
        )?;
        return Some((d, 8));
    }
    None
}

const MONTHS: [(&str, u8); 21] = [
    ("janvier", 1),
    ("janv", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("decembre", 12),
    ("dec", 12),
];

/// A date written in French at the start of `s`: "3 mars 1985", "1er août 1970",
/// "12 déc. 1950". Returns the date and the bytes used.
pub fn parse_written_date_prefix(s: &str) -> Option<(Date, usize)> {
    let b = s.as_bytes();
    let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&d) {
        return None;
    }
    let day = num(&b[..d])? as u8;
    let mut i = d;
    if s[i..].starts_with("er") {
        i += 2;
    }
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let word_len = s[i..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(s.len() - i, |(k, _)| k);
    let word = crate::fold::fold(&s[i..i + word_len]);
    let month = MONTHS.iter().find(|(m, _)| *m == word)?.1;
    i += word_len;
    if b.get(i) == Some(&b'.') {
        i += 1;
    }
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    if b.len() < i + 4
        || !b[i..i + 4].iter().all(u8::is_ascii_digit)
        || b.get(i + 4).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let date = Date::new(num(&b[i..i + 4])? as u16, month, day)?;
    Some((date, i + 4))
}

/// A whole value that is a date (surrounding spaces allowed, a trailing time ignored).
pub fn parse_date(value: &str) -> Option<Date> {
    let trimmed = value.trim();
    if let Some((d, used)) = parse_written_date_prefix(trimmed) {
        return (used == trimmed.len()).then_some(d);
    }
    let v = trimmed.as_bytes();
    let (d, used) = parse_date_prefix(v, true)?;
    let rest = &v[used..];
    (rest.is_empty() || rest[0] == b' ' || rest[0] == b'T').then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked by hand: 1850578006084 = 97 × 19078123774 + 6, key 97 − 6 = 91.
    #[test]
    fn nir_key_worked_example() {
        assert_eq!(nir_key(b"1850578006084"), Some(91));
        assert!(nir(b"185057800608491"));
        assert!(!nir(b"185057800608492"));
    }

    #[test]
    fn nir_corsica_uses_19_and_18() {
        // 2A → 19: key of 2 80 01 19 004 005 computed on 2800119004005.
        let k = 97 - (2_800_119_004_005u64 % 97);
        let v = format!("280012A004005{k:02}");
        assert!(nir(v.as_bytes()), "{v}");
        let k = 97 - (2_800_118_004_005u64 % 97);
        let v = format!("280012B004005{k:02}");
        assert!(nir(v.as_bytes()), "{v}");
        // The key computed with "20" instead of 19 must not validate.
        let wrong = 97 - (2_800_120_004_005u64 % 97);
        if wrong != k {
            assert!(!nir(format!("280012B004005{wrong:02}").as_bytes()));
        }
    }

    #[test]
    fn nir_rejects_bad_structure() {
        let with_key = |body: &str| format!("{body}{:02}", nir_key(body.as_bytes()).unwrap_or(0));
        assert!(!nir(with_key("5850578006084").as_bytes()), "sex digit 5");
        assert!(!nir(with_key("1851378006084").as_bytes()), "month 13");
        assert!(!nir(with_key("1850578006000").as_bytes()), "order 000");
        assert!(
            nir(with_key("7850599350084").as_bytes()),
            "temporary, abroad"
        );
        assert!(
            nir(with_key("2854297412084").as_bytes()),
            "fictitious month, overseas"
        );
    }

    #[test]
    fn luhn_known_values() {
        assert!(luhn(b"4539578763621486"));
        assert!(!luhn(b"4539578763621487"));
        assert_eq!(luhn_check_digit(b"453957876362148"), b'6');
    }

    #[test]
    fn iban_examples() {
        assert!(iban(b"FR1420041010050500013M02606"));
        assert!(iban(b"DE89370400440532013000"));
        assert!(iban(b"GB82WEST12345698765432"));
        assert!(!iban(b"FR1420041010050500013M02607"));
        assert!(!iban(b"DE8937040044053201300"));
        assert_eq!(
            iban_check_digits(b"DE", b"370400440532013000"),
            Some(*b"89")
        );
    }

    #[test]
    fn rib_key_example() {
        // Bank 20041, branch 01005, account 0500013M026 → key 06 (the IBAN above).
        assert_eq!(rib_key(b"20041010050500013M026"), Some(6));
    }

    #[test]
    fn cards_need_issuer_range() {
        assert!(payment_card(b"4539578763621486"));
        assert!(payment_card(b"378282246310005"));
        assert!(payment_card(b"5555555555554444"));
        // Luhn-valid but no issuer starts with 9.
        let mut v = b"912345678901234".to_vec();
        v.push(luhn_check_digit(&v));
        assert!(!payment_card(&v));
    }

    #[test]
    fn siret_la_poste_exception() {
        assert!(siret(b"35600000000047"));
        assert!(siret(b"73282932000074"));
        assert!(!siret(b"73282932000075"));
    }

    #[test]
    fn phones() {
        assert_eq!(
            french_phone_e164(false, b"0612345678").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(
            french_phone_e164(true, b"33612345678").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(
            french_phone_e164(false, b"0033612345678").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(
            french_phone_e164(true, b"262692123456").as_deref(),
            Some("+262692123456")
        );
        assert_eq!(french_phone_e164(false, b"0012345678"), None);
        assert_eq!(french_phone_e164(false, b"061234567"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("12/03/1985"), Date::new(1985, 3, 12));
        assert_eq!(parse_date("1985-03-12"), Date::new(1985, 3, 12));
        assert_eq!(parse_date("12.03.85"), Date::new(1985, 3, 12));
        assert_eq!(parse_date("29/02/2001"), None);
        assert_eq!(parse_date("29/02/2000"), Date::new(2000, 2, 29));
        assert_eq!(parse_date("19850312"), Date::new(1985, 3, 12));
        assert_eq!(parse_date("1985-03-12 08:30"), Date::new(1985, 3, 12));
        assert_eq!(parse_date("12/03/1985x"), None);
        assert_eq!(parse_date("3 mars 1985"), Date::new(1985, 3, 3));
        assert_eq!(parse_date("1er août 1970"), Date::new(1970, 8, 1));
        assert_eq!(parse_date("12 DÉC. 1950"), Date::new(1950, 12, 12));
        assert_eq!(parse_date("31 février 1950"), None);
        assert_eq!(parse_date("3 marsupial 1985"), None);
    }
}
