//! The one language type of vigie: every report, page, letter and form a DPO or a patient
//! reads is written in French or English. It lives at the bottom of the workspace so the
//! scanner's report, the register and the notices share it without converting.

/// The language a document is written in: French or English, as everything a DPO or a
/// patient reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn id(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// A language as a registry or a flag may give it.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "fr" | "fra" | "fre" | "french" | "français" | "francais" => Some(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }

    /// A number with `digits` decimals as the reader writes it: `0.975`, `0,975`.
    pub fn decimal(self, x: f64, digits: usize) -> String {
        self.comma(format!("{x:.digits$}"))
    }

    /// A number in its shortest form as the reader writes it: `1.5`, `1,5`, `2`.
    pub fn number(self, x: f64) -> String {
        self.comma(format!("{x}"))
    }

    /// Text holding numbers written with a decimal point, as the reader writes them.
    pub fn comma(self, text: String) -> String {
        match self {
            Lang::Fr => text.replace('.', ","),
            Lang::En => text,
        }
    }

    /// The French or the English of a pair.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// A count with its thousands grouped by a space, `1 204`: French typography, and read
/// without ambiguity in English (where a comma would be a decimal point to a French eye).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
