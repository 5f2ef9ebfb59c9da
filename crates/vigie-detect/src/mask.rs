//! Masked previews: enough of a value to recognise its shape and check a report by hand,
//! not enough to use it. `2 85 05 78 006 084 91` → `2 85 05 ** *** *** 91`. And text
//! made safe for the HTML pages the reports, the register and the link write, and for the
//! spreadsheets their CSV files are opened in.

use crate::kind::Kind;

/// The masked form of a matched value as written in the source.
pub fn mask(kind: Kind, raw: &str) -> String {
    match kind {
        Kind::Email => mask_email(raw),
        Kind::Password => "********".to_string(),
        Kind::PersonName | Kind::PostalAddress => mask_words(raw),
        Kind::LabResult | Kind::Icd10 | Kind::Medication | Kind::HealthTerm => raw.to_string(),
        _ => {
            let total = raw.chars().filter(char::is_ascii_alphanumeric).count();
            let (head, tail) = match kind {
                Kind::Nir => (5, 2),
                Kind::PaymentCard => (0, 4),
                Kind::Iban => (4, 3),
                Kind::BirthDate => (0, 0),
                _ => (2, 2),
            };
            mask_alnum(raw, head, tail.min(total.saturating_sub(head)))
        }
    }
}

/// Keeps the first `head` and last `tail` alphanumerics, stars the others, keeps layout.
fn mask_alnum(raw: &str, head: usize, tail: usize) -> String {
    let total = raw.chars().filter(char::is_ascii_alphanumeric).count();
    let mut seen = 0usize;
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen <= head || seen > total - tail {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

fn mask_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut at_word_start = true;
    for c in raw.chars() {
        if c.is_alphanumeric() {
            out.push(if at_word_start && !c.is_ascii_digit() {
                c
            } else {
                '*'
            });
            at_word_start = false;
        } else {
            out.push(c);
            at_word_start = true;
        }
    }
    out
}

fn mask_email(raw: &str) -> String {
    let Some((local, domain)) = raw.rsplit_once('@') else {
        return mask_words(raw);
    };
    let tld_at = domain.rfind('.').unwrap_or(domain.len());
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!(
        "{}***@{}***{}",
        first(local),
        first(domain),
        &domain[tld_at..]
    )
}

/// A message (a mail server's answer, say) with every e-mail address in it masked:
/// `550 <sophie.durand@example.org>: unknown` → `550 <s***@e***.org>: unknown`.
pub fn mask_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('@') {
            out.push_str(&mask_email(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace()
            || matches!(
                c,
                '<' | '>' | '(' | ')' | '"' | '\'' | ',' | ';' | ':' | '[' | ']'
            )
        {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Text made safe inside HTML elements and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A CSV cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return is a formula to Excel and LibreOffice (`=HYPERLINK(…)` in a leak's
/// id column, opened by the DPO), so it gets a leading apostrophe, which they show as
/// text. Numbers written by vigie itself are not given to it.
pub fn spreadsheet_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_a_server_s_answer_are_masked() {
        assert_eq!(
            mask_addresses("550 5.1.1 <sophie.durand@example.org>: Recipient rejected"),
            "550 5.1.1 <s***@e***.org>: Recipient rejected"
        );
        assert_eq!(
            mask_addresses("250 2.0.0 Ok: queued as 4F2A"),
            "250 2.0.0 Ok: queued as 4F2A"
        );
    }

    #[test]
    fn spreadsheet_formulas_are_written_as_text() {
        for f in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(spreadsheet_cell(f), format!("'{f}"), "{f}");
        }
        for plain in ["P0001", "Durand", "", "a=b", "12-3"] {
            assert_eq!(spreadsheet_cell(plain), plain);
        }
    }

    #[test]
    fn masks_keep_shape_not_value() {
        assert_eq!(
            mask(Kind::Nir, "2 85 05 78 006 084 91"),
            "2 85 05 ** *** *** 91"
        );
        assert_eq!(
            mask(Kind::PaymentCard, "4539 5787 6362 1486"),
            "**** **** **** 1486"
        );
        assert_eq!(mask(Kind::Email, "jean.dupont@example.fr"), "j***@e***.fr");
        assert_eq!(mask(Kind::PersonName, "Sophie DURAND"), "S***** D*****");
        assert_eq!(mask(Kind::BirthDate, "12/03/1985"), "**/**/****");
        assert_eq!(mask(Kind::Phone, "06 12 34 56 78"), "06 ** ** ** 78");
        assert_eq!(
            mask(Kind::Iban, "FR14 2004 1010 0505 0001 3M02 606"),
            "FR14 **** **** **** **** **** 606"
        );
    }

    #[test]
    fn html_text_cannot_open_a_tag_or_leave_an_attribute() {
        assert_eq!(
            super::esc(r#"<b onclick='x'>"&"</b>"#),
            "&lt;b onclick=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/b&gt;"
        );
        assert_eq!(super::esc("Zoé Dupont"), "Zoé Dupont");
    }
}
