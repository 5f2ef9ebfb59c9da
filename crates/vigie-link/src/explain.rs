//! A pair's explanation read back from the link result's line a breach case keeps: the
//! line's format is this crate's, so reading it is too. The command line's review and
//! the dashboard's pages show it through these, in the reader's words.

use crate::FieldComparison;
use crate::compare::{contradiction, field_words, level_words};
use serde_json::{Map, Value};
use vigie_detect::Lang;

/// Keys of a link result's line that explain the pair, not the person.
const EXPLAINING: [&str; 3] = ["fields", "contradictions", "runner_up_id"];

/// One field's comparison in words: the field, its level, its weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub field: String,
    pub level: String,
    pub weight: f64,
}

impl Explained {
    /// The weight as the reader writes a signed number (`+3,5`, `-1.2`).
    pub fn signed(&self, lang: Lang) -> String {
        let s = lang.decimal(self.weight, 1);
        if self.weight >= 0.0 {
            format!("+{s}")
        } else {
            s
        }
    }
}

/// Each field's comparison, the prior first, from a line's details (none when the line
/// has no explanation, as older results).
pub fn fields(details: &Map<String, Value>, lang: Lang) -> Vec<Explained> {
    let fr = lang == Lang::Fr;
    let compared: Vec<FieldComparison> = details
        .get("fields")
        .and_then(|f| serde_json::from_value(f.clone()).ok())
        .unwrap_or_default();
    compared
        .into_iter()
        .map(|c| Explained {
            field: field_words(&c.field, fr),
            level: level_words(&c.level, fr),
            weight: c.weight,
        })
        .collect()
}

/// What vigie link found against the pair, in words.
pub fn against(details: &Map<String, Value>, lang: Lang) -> Vec<&'static str> {
    details
        .get("contradictions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str())
        .filter_map(|id| contradiction::known(id, lang == Lang::Fr))
        .collect()
}

/// The leak row's runner-up registry id, if the line names one.
pub fn runner_up(details: &Map<String, Value>) -> Option<&str> {
    details.get("runner_up_id").and_then(|r| r.as_str())
}

/// What the line says of the person and the rows (ids, contact details), without the
/// explanation: what a reviewer asks to see.
pub fn values(details: &Map<String, Value>) -> impl Iterator<Item = (&String, String)> {
    details
        .iter()
        .filter(|(k, _)| !EXPLAINING.contains(&k.as_str()))
        .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
}

/// The pair explained on a terminal, a line each: the runner-up, what is against it,
/// each field with its level and (unless `blind`, where the reviewer's answer must be
/// their own) its weight.
pub fn lines(details: &Map<String, Value>, blind: bool, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(rival) = runner_up(details) {
        let label = lang.pick("second candidat :", "runner-up:");
        lines.push(format!("  {label} {rival}"));
    }
    lines.extend(against(details, lang).iter().map(|c| format!("  ⚠ {c}")));
    for f in fields(details, lang) {
        lines.push(if blind {
            format!("  {:<14} {}", f.field, f.level)
        } else {
            format!("  {:<14} {:<24} {}", f.field, f.level, f.signed(lang))
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_s_explanation_reads_back_in_words() {
        let line: Map<String, Value> = serde_json::from_str(
            r#"{"fields":[{"field":"prior","level":"λ = 0.01","weight":-6.6},
                {"field":"birth_date","level":"exact","weight":9.25}],
                "contradictions":["nir_conflict","no such id"],
                "runner_up_id":"P9","leak_id":"L1","last_name":"MARTIN"}"#,
        )
        .expect("json");
        let fr = fields(&line, Lang::Fr);
        assert_eq!(fr.len(), 2);
        assert_eq!(fr[0].level, "λ = 0,01");
        assert_eq!(fr[1].signed(Lang::Fr), "+9,2");
        assert_eq!(fields(&line, Lang::En)[1].field, "birth date");
        assert_eq!(
            against(&line, Lang::En).len(),
            1,
            "an unknown id is no contradiction"
        );
        assert_eq!(runner_up(&line), Some("P9"));
        let shown: Vec<_> = values(&line).map(|(k, _)| k.as_str()).collect();
        assert_eq!(shown, ["last_name", "leak_id"]);
    }
}
