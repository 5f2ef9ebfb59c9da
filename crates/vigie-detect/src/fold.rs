//! Accent and case folding for French text. Written here rather than pulling a Unicode
//! normalisation crate: only Latin letters used in French (and a few neighbours) matter,
//! and this runs on every name and header.

/// The base letter of a Latin letter with a diacritic, in lower case; None for others.
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' | 'Ø' => "o",
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => "u",
        'ç' | 'Ç' => "c",
        'ÿ' | 'Ÿ' | 'ý' | 'Ý' => "y",
        'ñ' | 'Ñ' => "n",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

/// Lower case without accents: "Élodie LEFÈVRE" → "elodie lefevre".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// The folded form of one character, a character at a time (`œ` gives two).
fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
    } else if let Some(b) = base(c) {
        b.chars().for_each(push);
    } else {
        c.to_lowercase().for_each(push);
    }
}

/// Folded, with every run of non-alphanumeric characters turned into one `_`, trimmed:
/// the form in which table headers are compared ("N° SS" → "n_ss").
pub fn fold_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// Folded upper-case words separated by single spaces: the normalised form of a name.
/// One pass into one string: it runs on every name cell and name word of a scan.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        fold_char(c, |f| {
            if f.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(f.to_ascii_uppercase());
            } else {
                gap = true;
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_french() {
        assert_eq!(fold("Élodie LEFÈVRE-Œuvray"), "elodie lefevre-oeuvray");
        assert_eq!(fold_header("N° SS"), "n_ss");
        assert_eq!(
            fold_header("  Date de naissance (JJ/MM/AAAA) "),
            "date_de_naissance_jj_mm_aaaa"
        );
        assert_eq!(
            name_key("  d'Estaing-Lefèvre  Marie "),
            "D ESTAING LEFEVRE MARIE"
        );
    }

    /// The one-pass `name_key` is, by definition, the folded text cut at every
    /// non-alphanumeric character, its words upper-cased and joined by one space.
    #[test]
    fn name_key_is_the_folded_words_upper_cased() {
        let reference = |s: &str| {
            fold(s)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| w.to_ascii_uppercase())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let alphabet: Vec<char> = "aZé É-' .œŒßİłØ9_\u{a0}\t,ǅΣ²".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut tried = 0;
        for len in 0..12 {
            for _ in 0..400 {
                let s: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                assert_eq!(name_key(&s), reference(&s), "{s:?}");
                tried += 1;
            }
        }
        assert_eq!(tried, 4800);
    }
}
