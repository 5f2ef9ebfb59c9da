//! The cases that make a linker notify the wrong person (issue 16): namesakes of patients
//! in their commune, relatives at their address, rows carrying a relative's NIR. Truth
//! from the generator's plan (`truth.csv`, `cases.csv`), never from the linker.

mod common;

use common::reader;
use std::collections::{BTreeMap, HashMap};
use vigie_link::index::Index;
use vigie_link::record::Table;
use vigie_link::{Label, Options, Verdict, link};

fn column(dir: &std::path::Path, file: &str) -> HashMap<String, String> {
    std::fs::read_to_string(dir.join(file))
        .expect(file)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(l, r)| (l.to_string(), r.to_string()))
        .collect()
}

/// The registry of `dir`, read for `leak`.
fn registry_for(dir: &std::path::Path, leak: &Table, detector: &vigie_detect::Detector) -> Index {
    common::registry_for(
        &reader(detector, &BTreeMap::new(), None),
        leak,
        &dir.join("registry.csv"),
    )
}

/// Eleven draws of the set: one seed could be kind.
#[test]
fn namesakes_and_relatives_are_not_accepted() {
    let (mut right, mut wrong, mut truths) = (0.0, 0.0, 0.0);
    for seed in [17, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] {
        let [tp, fp, t] = adversarial(seed);
        (right, wrong, truths) = (right + tp, wrong + fp, truths + t);
    }
    // Before any review, over all draws: one letter in a thousand at most to the wrong
    // person, and 98 % of the patients in the leak found.
    let (precision, recall) = (right / (right + wrong), right / truths);
    eprintln!("all draws: P {precision:.4} R {recall:.4}");
    assert!(precision >= 0.999, "precision {precision}");
    assert!(recall >= 0.98, "recall before review {recall}");
}

/// One draw's true and false acceptances and its true matches.
fn adversarial(seed: u64) -> [f64; 3] {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::adversarial_linkage(dir.path(), 6000, 4000, seed).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&dir.path().join("leak.csv"))
        .expect("leak");
    let registry = registry_for(dir.path(), &leak, &detector);
    let truth: HashMap<String, String> = column(dir.path(), "truth.csv")
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let cases = column(dir.path(), "cases.csv");
    let out = link(&leak, &registry, &Options::default()).expect("link");
    // Per case: rows, accepted right, accepted wrong, in review.
    let mut per_case: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for case in cases.values() {
        per_case.entry(case).or_default()[0] += 1;
    }
    let (mut tp, mut fp, mut review, mut true_in_review) = (0.0, 0.0, 0.0, 0.0);
    for d in &out.decisions {
        // The explanation adds up: the prior first, then every field's weight.
        assert_eq!(&*d.fields[0].field, "prior");
        let sum: f64 = d.fields.iter().map(|f| f.weight).sum();
        assert!(
            (sum - d.match_weight).abs() < 1e-9,
            "{}: fields sum to {sum}, the match weight is {}",
            d.leak_id,
            d.match_weight
        );
        // Every contradiction is named, and a decisive one is never accepted.
        if !d.contradictions.is_empty() {
            assert_ne!(d.decision, Verdict::Accept, "{}", d.leak_id);
        }
        let row = per_case.get_mut(cases[&d.leak_id].as_str()).expect("case");
        match d.decision {
            Verdict::Accept if truth.get(&d.leak_id) == Some(&d.registry_id) => {
                tp += 1.0;
                row[1] += 1;
            }
            Verdict::Accept => {
                fp += 1.0;
                row[2] += 1;
            }
            Verdict::Review => {
                review += 1.0;
                row[3] += 1;
                if truth.get(&d.leak_id) == Some(&d.registry_id) {
                    true_in_review += 1.0;
                }
            }
            Verdict::Reject => {}
        }
    }
    let precision = tp / (tp + fp);
    let recall = tp / truth.len() as f64;
    eprintln!(
        "adversarial, seed {seed}: {} true, accepted {} ({} wrong), review {review} ({true_in_review} true), P {precision:.4} R {recall:.4}, expected false {:.1}, threshold {:.4}",
        truth.len(),
        tp + fp,
        fp,
        out.expected_false_matches,
        out.threshold
    );
    for (case, [rows, right, wrong, rev]) in &per_case {
        eprintln!(
            "  {case:<24} rows {rows:>5}  accepted right {right:>5}  wrong {wrong:>4}  review {rev:>4}"
        );
    }
    // The DPO's count is of persons: the distinct patients the leak names (several rows
    // of one patient are one letter), within what precision and recall allow; the rows
    // accepted, in review and linked to nobody add up to the leak.
    let p = out.persons(leak.info.rows);
    let patients: std::collections::HashSet<&String> = truth.values().collect();
    eprintln!("  persons {p:?}, true patients {}", patients.len());
    assert_eq!(
        p.accepted_rows + p.review_rows + p.unmatched_rows,
        p.leak_rows
    );
    assert_eq!(p.accepted_rows as f64, tp + fp);
    assert!(
        p.affected as f64 <= patients.len() as f64 + fp
            && p.affected as f64 >= patients.len() as f64 * 0.96,
        "seed {seed}: {} affected, {} true patients",
        p.affected,
        patients.len()
    );
    // Every accepted match is a letter. What is left wrong are twins with close first
    // names, for whom the model's odds are honest (a few in a hundred): they pass a
    // threshold set on the whole run's false share, one in a thousand.
    assert!(precision >= 0.999, "seed {seed}: precision {precision}");
    assert!(recall >= 0.97, "seed {seed}: recall before review {recall}");
    // A row carrying a relative's NIR is never given to the relative. Where the number
    // contradicts the row's own birth date (a parent's or a sibling's: an insured's
    // number on a beneficiary's record) it is not the row's and its names and date
    // decide; a twin's fits the row's date, and the pair waits for a reviewer.
    let [rows, right, wrong, in_review] = per_case["relative's NIR"];
    assert_eq!(wrong, 0, "seed {seed}");
    assert!(
        (right + in_review) * 10 >= rows * 9,
        "seed {seed}: {right} accepted and {in_review} in review of {rows}"
    );
    // Relatives, and namesakes born another year, are never accepted.
    for case in ["namesake other year", "parent or child", "sibling"] {
        assert_eq!(per_case[case][2], 0, "seed {seed}: {case}");
    }
    assert!(per_case["namesake same year"][2] <= 2, "seed {seed}");
    // What the model is unsure of waits in review, not lost: accepted and in review
    // together hold nearly every true match.
    assert!(
        (tp + true_in_review) / truth.len() as f64 >= 0.98,
        "seed {seed}: recall {recall}, {true_in_review} more in review"
    );
    // The model's own estimate of its false matches is never far under the truth (it
    // was ten times too low): a few at most, Poisson's noise on a count of two or three.
    assert!(
        fp <= out.expected_false_matches + 3.0,
        "seed {seed}: expected {} false, {fp} true",
        out.expected_false_matches
    );
    [tp, fp, truth.len() as f64]
}

/// A small laboratory's registry, written here rather than by the generator: a father
/// and his son of one name at one address, a patient whose leak row carries another
/// valid NIR, a patient mistyped. A registry this small holds too few households to
/// count their chances: the contradictions still decide.
#[test]
fn a_small_registry_keeps_fathers_and_sons_apart() {
    let nir = |body: &str| {
        let key = vigie_detect::validate::nir_key(body.as_bytes()).expect("a NIR body");
        format!("{body}{key:02}")
    };
    let mut registry =
        String::from("id;nom;prenom;sexe;date_naissance;nir;adresse;code_postal;ville\n");
    let people = [
        (
            "R01",
            "MARTIN",
            "Jean",
            "M",
            "12/04/1950",
            nir("1500469123045"),
            "4 rue des Acacias",
        ),
        (
            "R02",
            "LEROY",
            "Claire",
            "F",
            "03/11/1978",
            nir("2781169123046"),
            "9 rue Pasteur",
        ),
        (
            "R03",
            "PETIT",
            "Louis",
            "M",
            "21/06/1991",
            nir("1910669123047"),
            "2 place Bellecour",
        ),
        (
            "R04",
            "GARNIER",
            "Odile",
            "F",
            "30/01/1944",
            nir("2440169123048"),
            "17 quai Saint-Antoine",
        ),
    ];
    for (id, last, first, sex, birth, n, street) in &people {
        registry.push_str(&format!(
            "{id};{last};{first};{sex};{birth};{n};{street};69002;Lyon\n"
        ));
    }
    let leak = format!(
        "ref;nom;prenom;ddn;nss;adresse;cp;ville\n\
         L1;Martin;Jean;07/09/1982;;4 rue des Acacias;69002;Lyon\n\
         L2;Leroy;Claire;03/11/1978;{};9 rue Pasteur;69002;Lyon\n\
         L3;Petit;Luois;21/06/1991;;2 place Bellecour;69002;Lyon\n\
         L4;Garnier;Odile;30/01/1944;{};17 quai Saint-Antoine;69002;Lyon\n\
         L5;Petit;Louis;21/06/1991;{};2 place Bellecour;69002;Lyon\n",
        nir("2781169123099"),
        people[3].5,
        people[0].5
    );
    let dir = tempfile::tempdir().expect("tmp");
    let (leak_path, registry_path) = (
        dir.path().join("fuite.csv"),
        dir.path().join("registre.csv"),
    );
    std::fs::write(&leak_path, leak).expect("leak");
    std::fs::write(&registry_path, registry).expect("registry");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&leak_path)
        .expect("leak");
    let registry = common::registry_for(&reader(&detector, &map, None), &leak, &registry_path);
    let out = link(&leak, &registry, &Options::default()).expect("link");
    let decision = |leak_id: &str| {
        out.decisions
            .iter()
            .find(|d| d.leak_id == leak_id)
            .map(|d| (d.registry_id.as_str(), d.decision, d.contradictions.clone()))
    };
    // The son, born 32 years after his father at the same address: not the father (whose
    // NIR says another year too).
    assert_eq!(
        decision("L1"),
        Some(("R01", Verdict::Reject, vec!["nir_birth", "birth_date"]))
    );
    // Another valid NIR on her row: never accepted, whatever else agrees.
    assert_eq!(
        decision("L2"),
        Some(("R02", Verdict::Review, vec!["nir_conflict"]))
    );
    // A first name mistyped, everything else agreeing; the same NIR, everything agreeing.
    assert_eq!(decision("L3").map(|d| d.1), Some(Verdict::Accept));
    assert_eq!(decision("L4").map(|d| d.1), Some(Verdict::Accept));
    // His row carrying Jean Martin's number (a man born in 1950: not the row's own, an
    // insured's on another's record): his, the number left out and said so, never Jean's.
    assert_eq!(decision("L5"), Some(("R03", Verdict::Accept, vec![])));
    let nir_level = out
        .decisions
        .iter()
        .find(|d| d.leak_id == "L5")
        .and_then(|d| d.fields.iter().find(|f| &*f.field == "nir"))
        .map(|f| f.level.clone());
    assert_eq!(
        nir_level.as_deref(),
        Some("another person's (contradicts its record), not compared")
    );
}

/// Reviewers answering, in batches of fifty, the pairs left in review, the model's least
/// sure first (as `vigie breach review` lists them), the truth playing the reviewer: with
/// at most 200 answers, precision ≥ 0.9995 and recall ≥ 0.99 (issue 16). Each batch
/// teaches the rest: pairs of the agreement patterns answered are weighed with the answers.
#[test]
fn answers_in_batches_bring_the_review_queue_home() {
    let seed = 1;
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::adversarial_linkage(dir.path(), 6000, 4000, seed).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&dir.path().join("leak.csv"))
        .expect("leak");
    let registry = registry_for(dir.path(), &leak, &detector);
    let truth: HashMap<String, String> = column(dir.path(), "truth.csv")
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let mut options = Options::default();
    let score = |out: &vigie_link::Outcome| {
        let accepted: Vec<_> = out
            .decisions
            .iter()
            .filter(|d| d.decision == Verdict::Accept)
            .collect();
        let right = accepted
            .iter()
            .filter(|d| truth.get(&d.leak_id) == Some(&d.registry_id))
            .count() as f64;
        (right / accepted.len() as f64, right / truth.len() as f64)
    };
    let mut out = link(&leak, &registry, &options).expect("link");
    let (_, recall_before) = score(&out);
    for _ in 0..4 {
        let mut waiting: Vec<_> = out
            .decisions
            .iter()
            .filter(|d| d.decision == Verdict::Review)
            .collect();
        waiting.sort_by(|a, b| {
            (a.probability - 0.5)
                .abs()
                .total_cmp(&(b.probability - 0.5).abs())
        });
        for d in waiting.into_iter().take(50) {
            options.labels.push(Label {
                leak_id: d.leak_id.clone(),
                registry_id: d.registry_id.clone(),
                same: truth.get(&d.leak_id) == Some(&d.registry_id),
            });
        }
        out = link(&leak, &registry, &options).expect("link");
    }
    let (precision, recall) = score(&out);
    eprintln!(
        "seed {seed}: {} answers, recall {recall_before:.4} → {recall:.4}, precision {precision:.4}",
        options.labels.len()
    );
    assert!(options.labels.len() <= 200);
    assert!(precision >= 0.9995, "precision {precision}");
    assert!(
        recall >= 0.99,
        "recall {recall} (before answers {recall_before})"
    );
    // The answers' weight is part of the explanation, which still adds up.
    let taught = out
        .decisions
        .iter()
        .find(|d| d.fields.iter().any(|f| &*f.field == "reviewers"))
        .expect("a pair weighed with the answers");
    let sum: f64 = taught.fields.iter().map(|f| f.weight).sum();
    assert!((sum - taught.match_weight).abs() < 1e-9);
    // The reliability table: every answer with the model's own probability before it,
    // and the report's bands show observed against predicted where answers fell.
    assert_eq!(out.calibration.len(), options.labels.len());
    let html = vigie_link::report::html(&out, &leak.info, &registry.info, false);
    assert!(html.contains("same person: observed / predicted"));
    // The DPO reads persons first: the distinct patients, as the counts give them.
    let persons = out.persons(leak.info.rows);
    assert!(html.contains(&format!(
        "<strong>{} registry patients</strong> are in the leak ({} rows accepted",
        vigie_detect::thousands(persons.affected),
        vigie_detect::thousands(persons.accepted_rows)
    )));
    assert!(persons.affected < persons.accepted_rows, "{persons:?}");
    let observed_cells = html.matches(" / 0.").count() + html.matches(" / 1.00").count();
    assert!(observed_cells >= 1, "no band shows answers");
}

/// The same files give the same numbers, to the last bit: a DPO who links again to check
/// must see the same probabilities (EM once summed its patterns in a hashed map's
/// order, which changes from one map to the next, and the last bits of every weight moved).
#[test]
fn the_same_files_give_the_same_numbers_to_the_last_bit() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::adversarial_linkage(dir.path(), 2000, 1000, 3).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&dir.path().join("leak.csv"))
        .expect("leak");
    let run = || {
        let registry = registry_for(dir.path(), &leak, &detector);
        let out = link(&leak, &registry, &Options::default()).expect("link");
        let bits: Vec<(String, u64, u64)> = out
            .decisions
            .iter()
            .map(|d| {
                let prior = d.fields[0].weight.to_bits();
                (d.leak_id.clone(), d.probability.to_bits(), prior)
            })
            .collect();
        (out.model.lambda.to_bits(), bits)
    };
    let first = run();
    assert!(!first.1.is_empty());
    for _ in 0..3 {
        assert_eq!(run(), first);
    }
}
