//! A leak against itself: how many persons its rows are, against the generator's truth.

mod common;

use common::reader;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Pairs of rows put in one person by `found` (each row's person) against pairs that are
/// one person in `truth`: precision, recall, and how many pairs truly are.
fn pair_scores<T: PartialEq>(found: &[usize], truth: &[T]) -> (f64, f64, u64) {
    let (mut tp, mut said, mut real) = (0u64, 0u64, 0u64);
    for i in 0..found.len() {
        for j in i + 1..found.len() {
            let (same_found, same_true) = (found[i] == found[j], truth[i] == truth[j]);
            said += u64::from(same_found);
            real += u64::from(same_true);
            tp += u64::from(same_found && same_true);
        }
    }
    (
        tp as f64 / said.max(1) as f64,
        tp as f64 / real.max(1) as f64,
        real,
    )
}

#[test]
fn the_persons_of_a_leak_are_counted_as_the_truth_counts_them() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 4000, 2000, 11).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let path = dir.path().join("leak.csv");
    let (table, _, persons) = vigie_link::dedup::dedup_file(
        &path,
        &reader(&detector, &map, None),
        &vigie_link::Options::default(),
    )
    .expect("dedup");
    let truth = vigie_testkit::linkage_truth(dir.path());
    // A patient's rows are one person; a row of no patient is its own.
    let person = |id: &str| {
        truth
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("row {id}"))
    };
    let true_persons: HashSet<String> = table.records.iter().map(|r| person(&r.id)).collect();
    // Pairs of rows said to be one person, against pairs that are, by the accepted
    // pairs and in the strict clusters.
    let truth_of: Vec<String> = table.records.iter().map(|r| person(&r.id)).collect();
    let (p, r, real) = pair_scores(&persons.person, &truth_of);
    let (strict_p, strict_r, _) = pair_scores(&persons.strict, &truth_of);
    let truth_count = true_persons.len();
    eprintln!(
        "{} rows: {} persons by accepted pairs, {} with the pairs in review, {} strict, {truth_count} true; duplicate pairs P {p:.4} R {r:.4}, strict P {strict_p:.4} R {strict_r:.4}; at most {:.1} wrong",
        table.records.len(),
        persons.persons,
        persons.persons_if_reviewed,
        persons.persons_strict,
        persons.expected_false
    );
    assert!(strict_p >= p, "strict P {strict_p} < {p}");
    assert!(real > 100, "the leak repeats patients: {real} pairs");
    // The rows joined are the same person; the true count lies between the two counts.
    assert!(p >= 0.97, "P {p} R {r}");
    let slack = truth_count / 100;
    assert!(
        persons.persons_if_reviewed <= truth_count + slack
            && truth_count <= persons.persons + slack,
        "{} .. {} vs {truth_count}",
        persons.persons_if_reviewed,
        persons.persons
    );
    assert!(persons.persons < table.records.len());
}

/// FEBRL1 and FEBRL3, made by another generator for de-duplication (Australian records,
/// duplicates with typos, missing and swapped fields; FEBRL3 has persons of up to a dozen
/// rows): the persons counted against the truth in the record ids.
#[test]
fn febrl_files_are_counted_as_their_truth_counts_them() {
    let detector = vigie_detect::Detector::new().expect("rules");
    for file in ["dataset1.csv", "dataset3.csv"] {
        let (path, map) = common::febrl(file);
        let (table, _, persons) = vigie_link::dedup::dedup_file(
            &path,
            &reader(&detector, &map, None),
            &vigie_link::Options::default(),
        )
        .expect("dedup");
        let truth: HashSet<&str> = table
            .records
            .iter()
            .map(|r| common::febrl_person(&r.id))
            .collect();
        let found: HashMap<&str, &str> = persons
            .person_of
            .iter()
            .map(|(r, p)| (r.as_str(), p.as_str()))
            .collect();
        // Rows joined into one person that are not one.
        let wrong = table
            .records
            .iter()
            .filter(|r| {
                let p = found.get(&*r.id).copied().unwrap_or_default();
                common::febrl_person(p) != common::febrl_person(&r.id)
            })
            .count();
        let truth_of: Vec<&str> = table
            .records
            .iter()
            .map(|r| common::febrl_person(&r.id))
            .collect();
        let (p, r, _) = pair_scores(&persons.person, &truth_of);
        let (strict_p, strict_r, _) = pair_scores(&persons.strict, &truth_of);
        eprintln!(
            "{file}: {} rows, {} persons by accepted pairs, {} with review, {} strict, {} true; {wrong} rows joined to another person; duplicate pairs P {p:.4} R {r:.4}, strict P {strict_p:.4} R {strict_r:.4}",
            table.records.len(),
            persons.persons,
            persons.persons_if_reviewed,
            persons.persons_strict,
            truth.len()
        );
        assert!(strict_p >= p && persons.persons_strict >= persons.persons);
        // What the count says holds: the persons are at most the count by the accepted
        // pairs (plus the model's expected wrong pairs), rows are seldom joined wrongly,
        // and the pairs in review bring the count towards the truth. FEBRL's duplicates
        // differ more than the generator's (birth dates and first names beyond a typo,
        // rejected as contradictions): the truth is below both counts here.
        let most = persons.persons + persons.expected_false.round() as usize;
        assert!(
            truth.len() <= most,
            "{file}: {} true, at most {most}",
            truth.len()
        );
        assert!(
            persons.persons_if_reviewed < persons.persons && persons.persons < table.records.len()
        );
        assert!(
            persons.persons_if_reviewed.abs_diff(truth.len())
                < persons.persons.abs_diff(truth.len()),
            "{file}: review does not bring the count closer"
        );
        assert!(wrong * 100 <= table.records.len(), "{file}: {wrong} rows");
    }
}

/// A dump's INSERT holds thousands of rows on one line: rows of one line are compared
/// like any others (they were once told apart by their line, and never paired). FEBRL1
/// as one INSERT gives the persons its CSV gives.
#[test]
fn rows_on_one_insert_line_are_paired_like_any_others() {
    let dir = tempfile::tempdir().expect("tmp");
    let detector = vigie_detect::Detector::new().expect("rules");
    let (csv_path, map) = common::febrl("dataset1.csv");
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(&csv_path)
        .expect("febrl");
    let columns: Vec<String> = csv
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<String> = csv
        .records()
        .map(|r| {
            let r = r.expect("row");
            let cells: Vec<String> = r
                .iter()
                .map(|c| format!("'{}'", c.replace('\'', "''")))
                .collect();
            format!("({})", cells.join(","))
        })
        .collect();
    let dump = dir.path().join("dump.sql");
    let create: Vec<String> = columns
        .iter()
        .map(|c| format!("`{c}` varchar(80)"))
        .collect();
    std::fs::write(
        &dump,
        format!(
            "CREATE TABLE `patients` ({});\nINSERT INTO `patients` VALUES {};\n",
            create.join(", "),
            rows.join(",")
        ),
    )
    .expect("write");
    let dedup = |path: &std::path::Path| {
        let (table, _, persons) = vigie_link::dedup::dedup_file(
            path,
            &reader(&detector, &map, None),
            &vigie_link::Options::default(),
        )
        .expect("dedup");
        assert_eq!(table.records.len(), 1000, "{}", path.display());
        persons
    };
    let (from_csv, from_dump) = (dedup(&csv_path), dedup(&dump));
    assert!(from_csv.persons < 700, "{} persons", from_csv.persons);
    assert_eq!(from_dump.person_of, from_csv.person_of);
    assert_eq!(
        (from_dump.persons_if_reviewed, from_dump.persons_strict),
        (from_csv.persons_if_reviewed, from_csv.persons_strict)
    );
}

/// A father and his son of one name at one address, and a row of that name without a
/// birth date: the row matches each, so the accepted pairs chain the two men into one
/// person; the strict clusters do not, since the two do not match each other. Strict
/// persons lie within the accepted pairs' persons and are never fewer.
#[test]
fn a_chain_of_namesakes_is_one_person_only_by_the_accepted_pairs() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 4000, 2000, 11).expect("generate");
    let path = dir.path().join("leak.csv");
    let mut leak = std::fs::read(&path).expect("leak");
    leak.extend_from_slice(
        b"L900001;DUPONTEL;MARCEAU;12/03/1961;;4 rue des Lilas;69100;Villeurbanne;0611223344;;\r\n\
          L900002;DUPONTEL;MARCEAU;;;12 avenue Foch;69003;Lyon;0611223344;;\r\n\
          L900003;DUPONTEL;MARCEAU;25/09/1994;;12 avenue Foch;69003;Lyon;0655667788;;\r\n",
    );
    std::fs::write(&path, leak).expect("write");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let (table, _, persons) = vigie_link::dedup::dedup_file(
        &path,
        &reader(&detector, &map, None),
        &vigie_link::Options::default(),
    )
    .expect("dedup");
    let row = |id: &str| {
        table
            .records
            .iter()
            .position(|r| *r.id == *id)
            .expect("row read")
    };
    let (father, unknown, son) = (row("L900001"), row("L900002"), row("L900003"));
    assert_eq!(persons.person[father], persons.person[son], "chained");
    assert_eq!(persons.person[unknown], persons.person[son]);
    assert_ne!(persons.strict[father], persons.strict[son], "strict");
    // Strict persons refine the accepted pairs' persons.
    for (i, &s) in persons.strict.iter().enumerate() {
        assert_eq!(persons.person[s], persons.person[i], "row {i}");
    }
    assert!(persons.persons_strict > persons.persons);
    assert!(persons.strict_pairs < persons.accepted_pairs);
}

/// Each decision as two runs that decide alike must make it: the rows (the candidate's
/// too), the probability to the bit and the verdict.
fn decided(o: &vigie_link::Outcome) -> Vec<((u64, u64), u64, vigie_link::Verdict)> {
    o.joins
        .iter()
        .map(|d| (d.rows, d.probability.to_bits(), d.decision))
        .collect()
}

/// A file linked to itself from the records it was read into (`Index::of_itself`: one
/// reading, one copy) decides every row as the file read again as its own registry does:
/// the same best candidate, the same probability to the bit, the same verdict. FEBRL3
/// has rows with fields missing, so records some rules give no key.
#[test]
fn a_file_held_once_decides_as_when_read_again_as_its_registry() {
    use vigie_link::index::Index;
    let detector = vigie_detect::Detector::new().expect("rules");
    let (path, map) = common::febrl("dataset3.csv");
    let reader = reader(&detector, &map, None);
    let options = vigie_link::Options {
        dedup: true,
        ..vigie_link::Options::default()
    };
    let table = reader.read(&path).expect("read");
    let again = common::registry_for(&reader, &table, &path);
    let read_twice = vigie_link::link(&table, &again, &options).expect("link");
    let itself = Index::of_itself(None, |out| reader.read_each(&path, out)).expect("read");
    let held_once = vigie_link::link(itself.as_leak(), &itself, &options).expect("link");
    let (twice, once) = (decided(&read_twice), decided(&held_once));
    assert!(twice.len() > 2_000, "{}", twice.len());
    assert_eq!(twice.len(), once.len());
    if let Some((a, b)) = twice.iter().zip(&once).find(|(a, b)| a != b) {
        panic!("read twice: {a:?}; held once: {b:?}");
    }
    // De-duplication counts persons: it explains, names and categorises no pair.
    assert!(held_once.decisions.is_empty());
}

/// The keys and statistics of `path` counted in a read of their own, as `dedup_file`
/// counts them.
fn counted(
    reader: &vigie_link::record::Reader,
    path: &std::path::Path,
) -> vigie_link::index::Counted {
    let bytes = std::fs::metadata(path).expect("size").len();
    vigie_link::index::Index::counted(bytes, |out| reader.read_each(path, out)).expect("read")
}

/// The keys only one row of a file makes, left out when its keys are counted first
/// (`Repeats`), and the statistics counted in that first read, change nothing: with a
/// share of pairs small enough to bind rules (so that the blocks of one row, counted as
/// before, weigh in where each rule stops), the decisions and every rule's figures are
/// those of the file held with all its keys and counted as it is held.
#[test]
fn keys_only_one_row_makes_are_not_held_and_change_nothing() {
    use vigie_link::index::{Blocks, Index};
    let detector = vigie_detect::Detector::new().expect("rules");
    let (path, map) = common::febrl("dataset3.csv");
    let reader = reader(&detector, &map, None);
    let all = Index::of_itself(None, |out| reader.read_each(&path, out)).expect("read");
    let some = Index::of_itself(Some(counted(&reader, &path)), |out| {
        reader.read_each(&path, out)
    })
    .expect("read");
    // The statistics of the first read are those of the second.
    assert_eq!(all.population, some.population);
    let (a, b) = (&all.stats, &some.stats);
    assert!(
        a.namesakes > 0.0 && a.household.pairs > 0,
        "FEBRL3 has both"
    );
    assert_eq!(a.namesakes.to_bits(), b.namesakes.to_bits());
    assert_eq!(a.u, b.u);
    assert_eq!(a.last_names_by_place, b.last_names_by_place);
    assert_eq!(a.household.u, b.household.u);
    let ids =
        |s: &vigie_link::index::Stats| s.sample.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(a), ids(b));
    let left_out: u64 = match &some.blocks {
        Blocks::Met(met) => met.singles().iter().sum(),
        Blocks::Postings(_) => panic!("a file of itself is met, not posted"),
    };
    // FEBRL3's 5,000 rows: most rules' keys are one row's own.
    assert!(left_out > 20_000, "{left_out}");
    // Shares that stop rules before any block, at blocks of one record, and further on.
    let mut stops = Vec::new();
    for share in [0.5, 1.0, 3.0] {
        let options = vigie_link::Options {
            dedup: true,
            pairs_per_row: share,
            rule_pairs_floor: 0,
            ..vigie_link::Options::default()
        };
        let outcome = |index: &Index| {
            let o = vigie_link::link(index.as_leak(), index, &options).expect("link");
            let decisions = decided(&o);
            let rules: Vec<_> = o
                .rules
                .iter()
                .map(|r| {
                    (
                        r.pairs,
                        r.capped_blocks,
                        r.largest_block,
                        r.matches,
                        r.only_matches,
                    )
                })
                .collect();
            (decisions, rules, o.candidate_pairs)
        };
        let (with_all, with_some) = (outcome(&all), outcome(&some));
        stops.extend(with_all.1.iter().filter(|r| r.1 > 0).map(|r| r.2));
        assert_eq!(with_all.1, with_some.1, "rule figures at {share}");
        assert_eq!(with_all.2, with_some.2, "candidate pairs at {share}");
        assert_eq!(with_all.0.len(), with_some.0.len());
        if let Some((a, b)) = with_all.0.iter().zip(&with_some.0).find(|(a, b)| a != b) {
            panic!("at {share}, all keys: {a:?}; repeated keys only: {b:?}");
        }
    }
    for stop in [0, 1] {
        assert!(
            stops.contains(&stop),
            "no rule stopped at {stop}: {stops:?}"
        );
    }
    assert!(stops.iter().any(|&s| s > 1), "{stops:?}");
}

/// Keys counted in one file and rows read from another (the file changed between the two
/// reads) are refused, by the file's name, before any pair is made.
#[test]
fn a_file_that_changed_after_its_keys_were_counted_is_refused() {
    use vigie_link::index::Index;
    let detector = vigie_detect::Detector::new().expect("rules");
    let (first, map) = common::febrl("dataset3.csv");
    let reader = reader(&detector, &map, None);
    // The same rows but one, and the same rows with one value changed: both refused.
    let dir = tempfile::tempdir().expect("tmp");
    let text = std::fs::read_to_string(&first).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let shorter = dir.path().join("shorter.csv");
    std::fs::write(&shorter, lines[..lines.len() - 1].join("\n")).expect("write");
    let edited = dir.path().join("edited.csv");
    let last = lines.len() - 1;
    let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    changed[last] = changed[last].replacen(',', ",zz", 2);
    std::fs::write(&edited, changed.join("\n")).expect("write");
    let rows = lines.len() - 1;
    for (path, what) in [
        (
            &shorter,
            format!("{} rows read where {rows} were read", rows - 1),
        ),
        (&edited, "other values".to_string()),
    ] {
        let Err(e) = Index::of_itself(Some(counted(&reader, &first)), |out| {
            reader.read_each(path, out)
        }) else {
            panic!("{} was held with another file's keys", path.display());
        };
        let e = e.to_string();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(e.contains(&what), "{e}");
        assert!(e.contains("changed while it was de-duplicated"), "{e}");
    }
}
