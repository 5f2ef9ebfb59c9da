//! The human labels of the case's enumerated values (controller, origin, actor, intent,
//! persons, data, evidence, level), French and English, from `labels.toml`: what every
//! page, draft, notice and export prints instead of an id.

use crate::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Label {
    fr: String,
    en: String,
}

/// Labels of the case's enumerated values, by table (`origin`, `data`…) and id.
pub struct Labels(BTreeMap<String, BTreeMap<String, Label>>);

impl Labels {
    /// The labels built in, parsed once: every obligation, export row and page asks.
    pub fn embedded() -> &'static Labels {
        static LABELS: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(|| {
            // The file is part of the build and tested: failing to parse it is a build
            // defect.
            Labels(
                toml::from_str(include_str!("../labels.toml"))
                    .unwrap_or_else(|e| panic!("labels.toml: {e}")),
            )
        });
        &LABELS
    }

    /// The label of `value` (anything serialised as its id) in `table`; the id itself
    /// when the table has no label for it.
    pub fn of<T: serde::Serialize>(&self, table: &str, value: &T, lang: Lang) -> String {
        let id = id_of(value);
        self.0
            .get(table)
            .and_then(|t| t.get(&id))
            .map_or(id, |l| lang.pick(&l.fr, &l.en).to_string())
    }

    /// The labels of several values, joined.
    pub fn list<T: serde::Serialize>(&self, table: &str, values: &[T], lang: Lang) -> String {
        values
            .iter()
            .map(|v| self.of(table, v, lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Labels {
    /// A history action in the reader's words. A notification run's action carries its
    /// counts (`notify: 2 sent, 0 failed, 0 bounced, 1 letters`): they are kept, the
    /// words translated.
    pub fn action(&self, action: &str, lang: Lang) -> String {
        if let Some(counts) = action.strip_prefix("notify: ") {
            let parts: Vec<String> = counts
                .split(", ")
                .map(|part| match part.split_once(' ') {
                    Some((n, what)) if n.parse::<u64>().is_ok() => {
                        let what = match what {
                            "letters" => lang.pick("courriers", "letters").to_string(),
                            w => self.of("delivery", &w, lang),
                        };
                        format!("{n} {what}")
                    }
                    _ => part.to_string(),
                })
                .collect();
            return format!(
                "{}{}",
                lang.pick("notification : ", "notification: "),
                parts.join(", ")
            );
        }
        self.of("action", &action, lang)
    }
}

/// A value's id, as `vigie breach` takes it (its serde name).
pub fn id_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
