//! The cases that make a linker notify the wrong person (issue 16): namesakes of patients
//! in their commune, relatives at their address, rows carrying a relative's NIR. Truth
//! from the generator's plan (`truth.csv`, `cases.csv`), never from the linker.

use std::collections::{BTreeMap, HashMap};
use vigie_link::index::Index;
use vigie_link::record::{read, read_meeting};
use vigie_link::{Options, Verdict, link};

fn column(dir: &std::path::Path, file: &str) -> HashMap<String, String> {
    std::fs::read_to_string(dir.join(file))
        .expect(file)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(l, r)| (l.to_string(), r.to_string()))
        .collect()
}

#[test]
fn namesakes_and_relatives_are_not_accepted() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::adversarial_linkage(dir.path(), 6000, 4000, 17).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = read(&dir.path().join("leak.csv"), &detector, &map, None, 2026).expect("leak");
    let registry = Index::for_leak(&leak.records, 0, |keys, out| {
        read_meeting(
            &dir.path().join("registry.csv"),
            &detector,
            &map,
            None,
            2026,
            keys,
            out,
        )
    })
    .expect("registry");
    let truth: HashMap<String, String> = column(dir.path(), "truth.csv")
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let cases = column(dir.path(), "cases.csv");
    let out = link(&leak, &registry, &Options::default());
    // Per case: rows, accepted right, accepted wrong, in review.
    let mut per_case: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for case in cases.values() {
        per_case.entry(case).or_default()[0] += 1;
    }
    let (mut tp, mut fp, mut review) = (0.0, 0.0, 0.0);
    for d in &out.decisions {
        // The explanation adds up: the prior first, then every field's weight.
        assert_eq!(d.fields[0].field, "prior");
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
            }
            Verdict::Reject => {}
        }
    }
    let precision = tp / (tp + fp);
    let recall = tp / truth.len() as f64;
    eprintln!(
        "adversarial: {} true, accepted {} ({} wrong), review {review}, P {precision:.4} R {recall:.4}, expected false {:.1}, threshold {:.4}",
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
    // Every accepted match is a letter: one wrong in a thousand at most.
    assert!(precision >= 0.999, "precision {precision}");
    // A row carrying a relative's NIR is never accepted, whatever its names say: to the
    // relative nor to the patient; it waits for a reviewer.
    let [rows, right, wrong, in_review] = per_case["relative's NIR"];
    assert_eq!((right, wrong), (0, 0));
    assert!(
        in_review * 10 >= rows * 9,
        "{in_review} of {rows} in review"
    );
    // Relatives and namesakes are never accepted.
    for case in [
        "namesake same year",
        "namesake other year",
        "parent or child",
        "sibling",
    ] {
        assert_eq!(per_case[case][2], 0, "{case}");
    }
    // Recall before review, with the rows a reviewer must see set aside.
    let reviewable = per_case["relative's NIR"][0] as f64;
    assert!(
        tp / (truth.len() as f64 - reviewable) >= 0.96,
        "recall {recall}"
    );
    // The model's own estimate of its false matches is within a few of the truth.
    assert!(
        (out.expected_false_matches - fp).abs() <= 3.0,
        "expected {} false, {fp} true",
        out.expected_false_matches
    );
}
