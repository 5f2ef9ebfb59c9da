//! What a run says to the person at the terminal, in their language: what was read of
//! each file, each blocking rule's pairs, the model, and what the DPO signs — persons,
//! not rows. Lines without the `vigie:` prefix; the caller prints them.

use crate::Outcome;
use crate::error::{Error, Result};
use crate::files::{Linked, Stage};
use crate::record::{Field, TableInfo};
use std::collections::BTreeMap;
use std::path::Path;
use vigie_detect::Lang;

/// Warnings and unusable rows listed one by one, at most.
const LISTED: usize = 20;

/// What was read of a file: its mapping, its warnings and the rows not compared.
pub fn table_read(t: &TableInfo, records: usize, l: Lang) -> Vec<String> {
    let mapping: Vec<String> = t
        .mapping
        .iter()
        .map(|(col, f)| format!("{col}={}", f.id()))
        .collect();
    let (path, mapping) = (&t.path, mapping.join(", "));
    let mut lines = vec![match l {
        Lang::Fr => format!("{path} : {records} lignes ; colonnes {mapping}"),
        Lang::En => format!("{path}: {records} rows; columns {mapping}"),
    }];
    for w in t.warnings.iter().take(LISTED) {
        lines.push(format!("{} {w}", l.pick("attention :", "warning:")));
    }
    if t.warnings.len() > LISTED {
        let n = t.warnings.len();
        let all = l.pick("avertissements en tout", "warnings in all");
        lines.push(format!("… {n} {all}"));
    }
    for (line, why) in t.unusable.iter().take(LISTED) {
        let not = l.pick("non comparée :", "not compared:");
        lines.push(format!("{path}:{line}: {not} {why}"));
    }
    if !t.unusable.is_empty() {
        let n = t.unusable.len();
        let rows = l.pick("lignes non comparées", "rows not compared");
        lines.push(format!("{path}: {n} {rows}"));
    }
    lines
}

/// What a stage of [`crate::files::link_files`] says once done, and what a progress
/// line says while it runs.
pub fn stage(stage: &Stage<'_>, registry: &Path, l: Lang) -> (Option<String>, Vec<String>) {
    match stage {
        Stage::Reading(path) => (
            Some(format!(
                "{} {}",
                l.pick("lecture de", "reading"),
                path.display()
            )),
            Vec::new(),
        ),
        Stage::LeakRead(leak) => (None, table_read(&leak.info, leak.records.len(), l)),
        Stage::IndexRead(index) => {
            let (of, n, from) = (&index.info.path, index.records.len(), registry.display());
            (
                None,
                vec![match l {
                    Lang::Fr => format!("index de {of} ({n} patients) lu dans {from}"),
                    Lang::En => format!("index of {of} ({n} patients) read from {from}"),
                }],
            )
        }
        Stage::RegistryRead(index) => {
            let mut lines = table_read(&index.info, index.population, l);
            let (n, of) = (index.records.len(), index.population);
            lines.push(match l {
                Lang::Fr => format!(
                    "{n} des {of} patients du registre partagent une clé de blocage avec la fuite"
                ),
                Lang::En => {
                    format!("{n} of the {of} registry patients share a blocking key with the leak")
                }
            });
            (None, lines)
        }
        Stage::Linking => (
            Some(
                l.pick(
                    "blocage, comparaison, apprentissage et décision",
                    "blocking, comparing, training and deciding",
                )
                .to_string(),
            ),
            Vec::new(),
        ),
    }
}

/// The warning when the files seem given the other way round.
pub fn swapped(linked: &Linked, l: Lang) -> Option<String> {
    if !linked.swapped() {
        return None;
    }
    let (rows, patients) = (linked.leak.records.len(), linked.index.population);
    Some(match l {
        Lang::Fr => format!(
            "attention : la fuite a plus de lignes ({rows}) que le registre n'a de \
             patients ({patients}) : les fichiers ont-ils été donnés dans l'autre sens ? \
             L'ordre est `vigie link FUITE REGISTRE`"
        ),
        Lang::En => format!(
            "warning: the leak has more rows ({rows}) than the registry has patients \
             ({patients}): were the files given the other way round? The order is \
             `vigie link LEAK REGISTRY`"
        ),
    })
}

/// Where the candidate pairs were kept, when they passed the memory given.
pub fn pairs_on_disk(out: &Outcome, l: Lang) -> Option<String> {
    let mb = l.decimal(out.candidate_pairs as f64 * 16.0 / 1e6, 0);
    out.pairs_on_disk.then(|| {
        if l == Lang::Fr {
            format!(
                "les {} paires candidates dépassaient la mémoire accordée (--memory) : gardées dans un fichier temporaire ({mb} Mo), lu ensuite",
                out.candidate_pairs
            )
        } else {
            format!(
                "the {} candidate pairs passed the memory given (--memory): kept in a temporary file ({mb} MB) and read back",
                out.candidate_pairs
            )
        }
    })
}

/// Per blocking rule, the pairs it proposed, the matches it found, and the blocks it
/// skipped as larger than it compares.
pub fn rules(out: &Outcome, l: Lang) -> impl Iterator<Item = String> + '_ {
    let fr = l == Lang::Fr;
    out.rules.iter().map(move |r| {
        let (pairs, matches, only) = (r.pairs, r.matches, r.only_matches);
        let (n, size) = (r.capped_blocks, r.largest_block);
        let capped = match (n, fr) {
            (0, _) => String::new(),
            (n, true) => format!(" ({n} blocs de plus de {size} fiches écartés)"),
            (n, false) => format!(" ({n} blocks of more than {size} records skipped)"),
        };
        if fr {
            format!(
                "règle de blocage {:<52} {pairs:>9} paires {matches:>8} retenues {only:>6} par elle seule{capped}",
                r.name_fr
            )
        } else {
            format!(
                "blocking rule {:<44} {pairs:>9} pairs {matches:>8} matches {only:>6} found by no other rule{capped}",
                r.name
            )
        }
    })
}

/// What the link found: per blocking rule, the model, then the persons.
pub fn outcome(
    out: &Outcome,
    leak_rows: u64,
    read_seconds: f64,
    labels: bool,
    l: Lang,
) -> Vec<String> {
    let fr = l == Lang::Fr;
    let d = |x: f64, digits: usize| l.decimal(x, digits);
    let mut lines: Vec<String> = rules(out, l).collect();
    if let Some(r) = out.blocking_recall {
        lines.push(if fr {
            format!(
                "rappel du blocage estimé à {} (d'après le nombre de règles qui trouvent chaque paire retenue)",
                d(r, 4)
            )
        } else {
            format!("blocking recall estimated at {r:.4} (from how many rules found each match)")
        });
    }
    let [blocking, training, deciding] = out.seconds;
    lines.push(if fr {
        format!(
            "{} s de lecture, {} s de blocage et de comparaison, {} s d'apprentissage, {} s de décision",
            d(read_seconds, 1),
            d(blocking, 1),
            d(training, 1),
            d(deciding, 1)
        )
    } else {
        format!(
            "{read_seconds:.1} s reading, {blocking:.1} s blocking and comparing, {training:.1} s training, {deciding:.1} s deciding"
        )
    });
    lines.extend(pairs_on_disk(out, l));
    let accepted = out.decisions.iter().filter(|d| d.accepted).count();
    let (pairs, iterations, without) = (
        out.candidate_pairs,
        out.model.iterations,
        out.without_candidate,
    );
    if fr {
        lines.push(format!(
            "{pairs} paires candidates ; modèle : {iterations} itérations EM, part des paires concordantes {} ; seuil {} ; {accepted} paires retenues, dont environ {} fausses selon le modèle lui-même ; {without} lignes de la fuite sans candidat",
            d(out.model.lambda, 4),
            d(out.threshold, 3),
            d(out.expected_false_matches, 1)
        ));
        lines.push(format!(
            "à vérifier (pas de notification avant confirmation) : {} (à partir de la probabilité {}, ou contredites par un NIR, ou jumeaux) ; écartées pour une contradiction décisive (nés à des dates éloignées, autres prénoms) : {}",
            out.in_review,
            d(out.review_from, 3),
            out.contradicted
        ));
    } else {
        lines.push(format!(
            "{pairs} candidate pairs; model: {iterations} EM iterations, match share {:.4}; threshold {:.3}; {accepted} matches, of which about {:.1} false by the model's own estimate; {without} leak rows without candidate",
            out.model.lambda, out.threshold, out.expected_false_matches
        ));
        lines.push(format!(
            "awaiting review (not notified until confirmed): {} (from probability {:.3}, or contradicted by a NIR, or twins); rejected for a decisive contradiction (born apart, other first names): {}",
            out.in_review, out.review_from, out.contradicted
        ));
    }
    let p = out.persons(leak_rows);
    let (affected, accepted, waiting) = (p.affected, p.accepted_rows, p.review_patients);
    let (waiting_rows, unmatched, rows) = (p.review_rows, p.unmatched_rows, p.leak_rows);
    lines.push(if fr {
        format!(
            "{affected} patients du registre dans la fuite ({accepted} lignes retenues), {waiting} de plus à vérifier ({waiting_rows} lignes) ; {unmatched} des {rows} lignes de la fuite ne correspondent à aucun patient"
        )
    } else {
        format!(
            "{affected} registry patients in the leak ({accepted} rows accepted), {waiting} more awaiting review ({waiting_rows} rows); {unmatched} of {rows} leak rows match no patient"
        )
    });
    if labels {
        let (applied, stale) = (out.labels_applied, out.labels_stale);
        lines.push(if fr {
            format!(
                "réponses des vérificateurs appliquées : {applied} ; visant une paire qui n'est plus candidate (laissées) : {stale}"
            )
        } else {
            format!(
                "reviewers' answers applied: {applied}; naming a pair no longer among the candidates (left): {stale}"
            )
        });
    }
    lines
}

/// The index written: how many patients, where, in how long.
pub fn index_written(records: u64, path: &Path, seconds: f64, l: Lang) -> String {
    let path = path.display();
    match l {
        Lang::Fr => format!(
            "index de {records} patients écrit dans {path} en {} s",
            l.decimal(seconds, 1)
        ),
        Lang::En => format!("index of {records} patients written to {path} in {seconds:.1} s"),
    }
}

/// `--map COLUMN=FIELD` flags as column overrides, by header.
pub fn overrides(map: &[String]) -> Result<BTreeMap<String, Field>> {
    let mut overrides = BTreeMap::new();
    for m in map {
        let (col, field) = m
            .split_once('=')
            .ok_or_else(|| Error::Mapping(format!("{m:?} is not COLUMN=FIELD")))?;
        let f = Field::parse(field)
            .ok_or_else(|| Error::Mapping(format!("unknown field {field:?}")))?;
        overrides.insert(col.trim().to_string(), f);
    }
    Ok(overrides)
}

/// Reviewers' answers from a labels file (`vigie breach review --export-labels`): every
/// malformed line reported with its number, nothing used unless all are good; "can't
/// tell" answers are no answer.
pub fn labels(path: &Path) -> Result<Vec<crate::Label>> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Answer {
        Same,
        Different,
        CantTell,
    }
    #[derive(serde::Deserialize)]
    struct Line {
        leak_id: String,
        registry_id: String,
        answer: Answer,
    }
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    let mut labels = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Line>(line) {
            Ok(l) => {
                let same = match l.answer {
                    Answer::Same => true,
                    Answer::Different => false,
                    Answer::CantTell => continue,
                };
                labels.push(crate::Label {
                    leak_id: l.leak_id,
                    registry_id: l.registry_id,
                    same,
                });
            }
            Err(e) => errors.push(format!("{}:{}: {e}", path.display(), n + 1)),
        }
    }
    if errors.is_empty() {
        Ok(labels)
    } else {
        Err(Error::Lines(errors))
    }
}
