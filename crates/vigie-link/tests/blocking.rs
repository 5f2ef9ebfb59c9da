//! Blocking's share of pairs per rule: a rule whose blocks grow with the file gives up its
//! largest blocks first, keeps within its share, and the matches stay found.

mod common;

use common::reader;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use vigie_link::{Options, Outcome, link};

/// Accepted matches that the truth confirms, and all accepted.
fn confirmed(out: &Outcome, truth: &HashMap<String, String>) -> (usize, usize) {
    let accepted: Vec<_> = out.decisions.iter().filter(|d| d.accepted).collect();
    let right = accepted
        .iter()
        .filter(|d| truth.get(&d.leak_id) == Some(&d.registry_id))
        .count();
    (right, accepted.len())
}

/// A town of namesakes: most patients bear one of five family names and one of twenty
/// first names, the rest rare names; the leak copies 400 of them (a first name mistyped
/// in one of four) beside 100 persons of its own. Returns the two files' paths and the
/// truth (leak id → patient id).
fn namesakes(dir: &Path) -> (PathBuf, PathBuf, HashMap<String, String>) {
    const COMMON: [&str; 5] = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT"];
    const FIRST: [&str; 20] = [
        "JEAN",
        "MARIE",
        "PIERRE",
        "ANNE",
        "PAUL",
        "JEANNE",
        "LOUIS",
        "CLAIRE",
        "MICHEL",
        "SOPHIE",
        "ALAIN",
        "NATHALIE",
        "BERNARD",
        "ISABELLE",
        "ERIC",
        "CHRISTINE",
        "PHILIPPE",
        "SYLVIE",
        "DANIEL",
        "MONIQUE",
    ];
    const SYLLABLES: [&str; 8] = ["KA", "LO", "MI", "RA", "TU", "VE", "ZO", "NI"];
    // A fixed sequence (xorshift), so that the files are the same on every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let header = "id;nom;prenom;date_naissance;code_postal;ville\n";
    let mut patients = Vec::new();
    for i in 0..2000 {
        let last = if next(5) < 4 {
            COMMON[next(5)].to_string()
        } else {
            (0..3).map(|_| SYLLABLES[next(8)]).collect()
        };
        let first = FIRST[next(20)].to_string();
        let birth = format!(
            "{:04}-{:02}-{:02}",
            1940 + next(60),
            1 + next(12),
            1 + next(28)
        );
        let town = next(10);
        patients.push((format!("P{i:04}"), last, first, birth, town));
    }
    let row = |id: &str, last: &str, first: &str, birth: &str, town: usize| {
        format!("{id};{last};{first};{birth};{};Ville{town}\n", 75001 + town)
    };
    let mut registry = String::from(header);
    for (id, last, first, birth, town) in &patients {
        registry.push_str(&row(id, last, first, birth, *town));
    }
    let (mut leak, mut truth) = (String::from(header), HashMap::new());
    for i in 0..500 {
        let id = format!("L{i:03}");
        if i < 400 {
            let (pid, last, first, birth, town) = &patients[next(2000)];
            let first = if next(4) == 0 {
                format!("{}E", &first[..first.len() - 1])
            } else {
                first.clone()
            };
            leak.push_str(&row(&id, last, &first, birth, *town));
            truth.insert(id, pid.clone());
        } else {
            let birth = format!(
                "{:04}-{:02}-{:02}",
                1940 + next(60),
                1 + next(12),
                1 + next(28)
            );
            leak.push_str(&row(
                &id,
                COMMON[next(5)],
                FIRST[next(20)],
                &birth,
                next(10),
            ));
        }
    }
    let (leak_path, registry_path) = (dir.join("leak.csv"), dir.join("registry.csv"));
    std::fs::write(&leak_path, leak).expect("leak");
    std::fs::write(&registry_path, registry).expect("registry");
    (leak_path, registry_path, truth)
}

#[test]
fn a_rule_over_its_share_gives_up_its_largest_blocks_and_the_matches_stay() {
    let dir = tempfile::tempdir().expect("tmp");
    let (leak_path, registry_path, truth) = namesakes(dir.path());
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&leak_path)
        .expect("leak");
    let index = common::registry_for(&reader(&detector, &map, None), &leak, &registry_path);

    // The default share binds no rule of a file this small: every block up to
    // `max_block` is compared.
    let all = link(&leak, &index, &Options::default()).expect("link");
    assert!(all.rules.iter().all(|r| r.largest_block == 1000));

    // Two pairs a row for each rule.
    let per_row = 2.0;
    let budget = (per_row * leak.records.len() as f64) as u64;
    let shared = link(
        &leak,
        &index,
        &Options {
            pairs_per_row: per_row,
            rule_pairs_floor: 0,
            ..Options::default()
        },
    )
    .expect("link");
    let mut bound = Vec::new();
    for (a, s) in all.rules.iter().zip(&shared.rules) {
        assert!(
            s.pairs <= budget,
            "{}: {} pairs over {budget}",
            s.name,
            s.pairs
        );
        if a.pairs > budget {
            bound.push(s.name.as_str());
            assert!(
                s.largest_block < 1000 && s.capped_blocks > a.capped_blocks,
                "{}: largest {} skipped {}",
                s.name,
                s.largest_block,
                s.capped_blocks
            );
        } else if a.pairs * 5 <= budget {
            // Within its share even counted once for each key of a row (five at most
            // here: the date with three initials and the city's).
            assert_eq!(s.pairs, a.pairs, "{}: within its share, untouched", s.name);
        }
    }
    assert!(bound.contains(&"last name + first initial"), "{bound:?}");
    // Each rule's line says where it stopped, in the reader's language.
    let said = |l| {
        vigie_link::summary::rules(&shared, l)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (en, fr) = (said(vigie_detect::Lang::En), said(vigie_detect::Lang::Fr));
    for s in shared.rules.iter().filter(|s| s.capped_blocks > 0) {
        let n = (s.capped_blocks, s.largest_block);
        assert!(
            en.contains(&format!(
                "({} blocks of more than {} records skipped)",
                n.0, n.1
            )),
            "{en}"
        );
        assert!(
            fr.contains(&format!(
                "({} blocs de plus de {} fiches écartés)",
                n.0, n.1
            )),
            "{fr}"
        );
    }
    assert!(shared.candidate_pairs * 2 < all.candidate_pairs);

    // The blocks given up paired namesakes: the matches, which a birth date with a
    // postcode or a first name finds too, stay, and no wrong one comes in.
    let (right_all, accepted_all) = confirmed(&all, &truth);
    let (right, accepted) = confirmed(&shared, &truth);
    eprintln!(
        "rules bound: {bound:?}; {} → {} candidate pairs; {right_all} → {right} confirmed matches, {accepted_all} → {accepted} accepted",
        all.candidate_pairs, shared.candidate_pairs
    );
    assert!(right_all >= 390, "{right_all} of 400");
    assert!(right * 100 >= right_all * 99, "{right} of {right_all}");
    assert!(
        accepted - right <= accepted_all - right_all + 1,
        "{accepted} accepted"
    );
}

/// In a file linked to itself a row is not its own pair: a rule's pairs are the other
/// rows its keys meet, each once however many keys meet it.
#[test]
fn a_file_s_own_rows_are_not_counted_as_its_pairs() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("rows.csv");
    std::fs::write(
        &path,
        "id;nom;prenom;date_naissance;email\n\
         a1;Martin;Jeanne;1980-02-03;jeanne.martin@example.fr\n\
         a2;Martin;Jeanne;1980-02-03;jeanne.martin@example.fr\n\
         a3;Durand;Paul;1975-11-30;paul.durand@example.fr\n",
    )
    .expect("write");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let (_, outcome, _) =
        vigie_link::dedup::dedup_file(&path, &reader(&detector, &map, None), &Options::default())
            .expect("dedup");
    let pairs = |name: &str| {
        outcome
            .rules
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.pairs)
            .expect(name)
    };
    // a1 meets a2 and a2 meets a1; a3 meets no one.
    assert_eq!(pairs("e-mail"), 2);
    // The year rule makes a key of the day and one of the month: a1 and a2 share both.
    assert_eq!(pairs("last name sound + birth year + day or month"), 2);
    assert_eq!(outcome.candidate_pairs, 2);
}
