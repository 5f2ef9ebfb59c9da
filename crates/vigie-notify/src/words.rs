//! The words the drafts and notices print for the case's values: labels of enumerated
//! values, what each data category means to a person and what to advise, dates in
//! French and English. Kept in data files embedded in the binary (`templates/`), which a
//! controller may replace.

use crate::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use vigie_breach::Lang;
use vigie_breach::case::DataCategory;

pub use vigie_breach::labels::{Labels, id_of};

#[derive(Clone, Debug, Deserialize)]
pub struct CategoryText {
    pub exposed: String,
    #[serde(default)]
    pub advice: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CategoryWords {
    pub fr: CategoryText,
    pub en: CategoryText,
}

/// What a notice says of each data category: the sentence that tells it was exposed, and
/// the advice that goes with it.
#[derive(Clone, Debug)]
pub struct Categories(BTreeMap<String, CategoryWords>);

impl Categories {
    pub const FILE: &'static str = "categories.toml";

    pub fn embedded() -> Categories {
        Categories::parse(
            include_str!("../templates/categories.toml"),
            Categories::FILE,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads a controller's file; every category must be there, in both languages.
    pub fn parse(text: &str, name: &str) -> Result<Categories, Error> {
        let map: BTreeMap<String, CategoryWords> = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            Error::Templates(vec![match line {
                Some(l) => format!("{name}:{l}: {}", e.message()),
                None => format!("{name}: {}", e.message()),
            }])
        })?;
        let known: Vec<String> = ALL_CATEGORIES.iter().map(id_of).collect();
        if let Some(unknown) = map.keys().find(|k| !known.contains(k)) {
            return Err(Error::Templates(vec![format!(
                "{name}: unknown category [{unknown}] (known: {})",
                known.join(", ")
            )]));
        }
        if let Some(missing) = known.iter().find(|k| !map.contains_key(*k)) {
            return Err(Error::Templates(vec![format!(
                "{name}: no [{missing}] section"
            )]));
        }
        if let Some((k, _)) = map
            .iter()
            .find(|(_, w)| w.fr.exposed.trim().is_empty() || w.en.exposed.trim().is_empty())
        {
            return Err(Error::Templates(vec![format!(
                "{name}: [{k}]: an empty `exposed` sentence"
            )]));
        }
        Ok(Categories(map))
    }

    pub fn get(&self, c: DataCategory, lang: Lang) -> Option<&CategoryText> {
        self.0.get(&id_of(&c)).map(|w| match lang {
            Lang::Fr => &w.fr,
            Lang::En => &w.en,
        })
    }
}

pub const ALL_CATEGORIES: [DataCategory; 9] = [
    DataCategory::Identity,
    DataCategory::Nir,
    DataCategory::Contact,
    DataCategory::Financial,
    DataCategory::Health,
    DataCategory::Genetic,
    DataCategory::Credentials,
    DataCategory::Location,
    DataCategory::Other,
];

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a letter writes it, in Paris time: `20 novembre 2026`, `20 November 2026`.
pub fn date(t: jiff::Timestamp, lang: Lang) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    let z = t.to_zoned(tz);
    let month = usize::try_from(z.month() - 1).unwrap_or(0).min(11);
    let day = if lang == Lang::Fr && z.day() == 1 {
        "1er".to_string()
    } else {
        z.day().to_string()
    };
    let m = lang.pick(MONTHS_FR[month], MONTHS_EN[month]);
    format!("{day} {m} {}", z.year())
}

/// A time as a form wants it, in Paris time: `20/11/2026 11:00`.
pub fn date_time(t: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(tz).strftime("%d/%m/%Y %H:%M (%Z)").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_words_cover_every_category_in_both_languages() {
        let c = Categories::embedded();
        for cat in ALL_CATEGORIES {
            for lang in [Lang::Fr, Lang::En] {
                assert!(c.get(cat, lang).is_some_and(|t| !t.exposed.is_empty()));
            }
        }
        let l = Labels::embedded();
        assert_eq!(
            l.of("data", &DataCategory::Health, Lang::Fr),
            "Données de santé"
        );
        assert_eq!(
            l.of("origin", &vigie_breach::case::Origin::Ransomware, Lang::En),
            "Ransomware"
        );
    }

    #[test]
    fn a_controllers_category_file_is_checked() {
        let e = Categories::parse("[identity]\nfr.exposed = \"x\"\nen.exposed = ", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml:3:"), "{e}");
        let e = Categories::parse(
            "[identity]\nfr.exposed = \"a\"\nen.exposed = \"b\"\n",
            "c.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no [nir] section"), "{e}");
        let e = Categories::parse("[dna]\nfr.exposed = \"a\"\nen.exposed = \"b\"\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown category [dna]"), "{e}");
    }

    #[test]
    fn dates_read_as_a_letter_writes_them() {
        let t: jiff::Timestamp = "2026-11-01T08:00:00Z".parse().unwrap();
        assert_eq!(date(t, Lang::Fr), "1er novembre 2026");
        assert_eq!(date(t, Lang::En), "1 November 2026");
        // 23:30 UTC on 31 December is already the new year in Paris.
        let t: jiff::Timestamp = "2026-12-31T23:30:00Z".parse().unwrap();
        assert_eq!(date(t, Lang::Fr), "1er janvier 2027");
        assert_eq!(date_time(t), "01/01/2027 00:30 (CET)");
    }
}
