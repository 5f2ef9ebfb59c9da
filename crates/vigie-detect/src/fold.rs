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
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(b) = base(c) {
            out.push_str(b);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
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
pub fn name_key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_ascii_uppercase());
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
}
