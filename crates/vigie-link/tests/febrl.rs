//! FEBRL4 (5,000 + 5,000 records, 5,000 true pairs), without the social-security column:
//! the issue asks F1 ≥ 0.998.

mod common;

use common::reader;
use std::collections::BTreeMap;
use vigie_link::index::Index;
use vigie_link::record::Field;
use vigie_link::record::Table;
use vigie_link::{Options, link};

/// The registry at `path` read against the leak's keys, as `vigie link LEAK REGISTRY` does.
fn registry_for(
    leak: &Table,
    path: &std::path::Path,
    detector: &vigie_detect::Detector,
    map: &BTreeMap<String, Field>,
) -> Index {
    common::registry_for(&reader(detector, map, None), leak, path)
}

/// A leak and a registry written as `fuite.csv` and `registre.csv` in `dir`.
fn files(
    dir: &tempfile::TempDir,
    leak: &str,
    registry: &str,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let paths = (
        dir.path().join("fuite.csv"),
        dir.path().join("registre.csv"),
    );
    std::fs::write(&paths.0, leak).expect("write the leak");
    std::fs::write(&paths.1, registry).expect("write the registry");
    paths
}

#[test]
fn febrl4_without_the_social_security_number() {
    let detector = vigie_detect::Detector::new().expect("rules");
    let (leak_path, map) = common::febrl("dataset4b.csv");
    let (registry_path, _) = common::febrl("dataset4a.csv");
    let leak = reader(&detector, &map, None).read(&leak_path).expect("4b");
    let registry = registry_for(&leak, &registry_path, &detector, &map);
    assert_eq!((leak.records.len(), registry.population), (5000, 5000));
    let out = link(
        &leak,
        &registry,
        &Options {
            one_to_one: true,
            ..Options::default()
        },
    )
    .expect("link");
    let truth = |leak_id: &str| leak_id.replace("-dup-0", "-org");
    let scores = |out: &vigie_link::Outcome| {
        let accepted: Vec<_> = out.decisions.iter().filter(|d| d.accepted).collect();
        let tp = accepted
            .iter()
            .filter(|d| d.registry_id == truth(&d.leak_id))
            .count() as f64;
        let (precision, recall) = (tp / accepted.len() as f64, tp / 5000.0);
        (
            precision,
            recall,
            2.0 * precision * recall / (precision + recall),
        )
    };
    let (precision, recall, f1) = scores(&out);
    let accepted: Vec<_> = out.decisions.iter().filter(|d| d.accepted).collect();
    eprintln!(
        "FEBRL4: {} candidate pairs, λ {:.4}, threshold {:.3}, accepted {}, P {precision:.4} R {recall:.4} F1 {f1:.4}, expected false {:.1}",
        out.candidate_pairs,
        out.model.lambda,
        out.threshold,
        accepted.len(),
        out.expected_false_matches
    );
    for r in &out.rules {
        eprintln!("  rule {}: {} pairs", r.name, r.pairs);
    }
    assert!(f1 >= 0.998, "F1 {f1}");

    // Another generator's records, corrupted beyond ours: with a share of two pairs a
    // leak row for each rule (a quarter of the default, which binds nothing here), the
    // date-with-an-initial rule gives up its largest blocks, no wrong match comes in, and
    // a few matches only it found are lost (0.9962 → 0.9930 recall when measured; at one
    // pair a row, 0.9776: docs/benchmarks.md).
    let shared = link(
        &leak,
        &registry,
        &Options {
            one_to_one: true,
            pairs_per_row: 2.0,
            rule_pairs_floor: 0,
            ..Options::default()
        },
    )
    .expect("link");
    let (p, r, f1_shared) = scores(&shared);
    let bound: Vec<_> = shared
        .rules
        .iter()
        .filter(|r| r.largest_block < 1000)
        .map(|r| r.name.as_str())
        .collect();
    eprintln!(
        "FEBRL4, two pairs a row a rule: {} candidate pairs, rules bound {bound:?}, P {p:.4} R {r:.4} F1 {f1_shared:.4}",
        shared.candidate_pairs
    );
    assert!(!bound.is_empty() && shared.candidate_pairs < out.candidate_pairs);
    assert!(
        shared.rules.iter().all(|r| r.pairs <= 10_000),
        "{:?}",
        shared.rules
    );
    assert!(p >= 0.999 && r >= 0.99, "P {p} R {r}");
}

/// The project's own French leak: married names, typos, `JJ/MM/AA`, swapped days and
/// months, moves, near-twins and families; the issue asks F1 ≥ 0.98.
#[test]
fn synthetic_french_leak() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 4000, 2000, 11).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let leak = reader(&detector, &map, None)
        .read(&dir.path().join("leak.csv"))
        .expect("leak");
    let registry = registry_for(&leak, &dir.path().join("registry.csv"), &detector, &map);
    let truth = vigie_testkit::linkage_truth(dir.path());
    let leak_info = leak.info.clone();
    let registry_info = registry.info.clone();
    let out = link(&leak, &registry, &Options::default()).expect("link");
    let accepted: Vec<_> = out.decisions.iter().filter(|d| d.accepted).collect();
    let tp = accepted
        .iter()
        .filter(|d| truth.get(&d.leak_id) == Some(&d.registry_id))
        .count() as f64;
    let precision = tp / accepted.len() as f64;
    let recall = tp / truth.len() as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    eprintln!(
        "French leak: λ {:.4} it {} pairs {}, {} true, {} accepted, P {precision:.4} R {recall:.4} F1 {f1:.4}, threshold {:.3}, expected false {:.1}",
        out.model.lambda,
        out.model.iterations,
        out.candidate_pairs,
        truth.len(),
        accepted.len(),
        out.threshold,
        out.expected_false_matches
    );
    assert!(f1 >= 0.98, "F1 {f1}");

    // The blocking recall estimate against the share of true matches blocking put
    // within reach (their patient is the best candidate).
    let reached = out
        .decisions
        .iter()
        .filter(|d| truth.get(&d.leak_id) == Some(&d.registry_id))
        .count() as f64
        / truth.len() as f64;
    let estimate = out.blocking_recall.expect("an estimate");
    assert!(
        (estimate - reached).abs() < 0.01,
        "estimated {estimate}, reached {reached}"
    );

    // The report explains without showing a value of the files.
    let html = vigie_link::report::html(&out, &leak_info, &registry_info, true);
    for part in [
        "En bref",
        "patients du registre</strong> sont dans la fuite",
        "Pour le statisticien",
        "Règles de blocage",
        "Rappel estimé du blocage",
        "<svg",
        "Paires à la limite",
        "birth/usage name",
        "Paires à vérifier",
        "Probabilités par tranche",
        "Homonymes d'une même commune",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let leak_text = std::fs::read(dir.path().join("leak.csv")).expect("leak");
    let leak_text: String = leak_text.iter().map(|&b| b as char).collect();
    let names: Vec<&str> = leak_text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(';').nth(1))
        .filter(|n| n.len() > 5)
        .take(200)
        .collect();
    for n in names {
        assert!(!html.contains(n), "a name of the leak is in the report");
    }
    let en = vigie_link::report::html(&out, &leak_info, &registry_info, false);
    assert!(en.contains("Blocking rules") && !en.contains("Règles de blocage"));
}

#[test]
fn duplicate_ids_are_warned_without_showing_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registre.csv");
    std::fs::write(
        &path,
        "id;nom;prenom\nP0001;DURAND;Sophie\nP0002;MARTIN;Paul\nP0001;DUPONT;Jean\n",
    )
    .expect("write");
    let detector = vigie_detect::Detector::new().expect("rules");
    let t = reader(&detector, &BTreeMap::new(), None)
        .read(&path)
        .expect("read");
    assert_eq!(t.records.len(), 3, "nothing dropped");
    assert_eq!(t.info.warnings.len(), 1, "{:?}", t.info.warnings);
    assert!(t.info.warnings[0].contains(":4: the id of this row is that of line 2 too"));
    assert!(!t.info.warnings[0].contains("P0001"));
}

/// JSON and NDJSON exports: each object a row, its keys the columns.
#[test]
fn json_records_are_rows() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = dir.path().join("fuite.json");
    std::fs::write(
        &json,
        r#"{"export": "labo", "patients": [
  {"ref": "A1", "nom": "Durand", "prenom": "Sophie", "ddn": "12/03/1985", "ville": "Lyon"},
  {"ref": "A2", "nom": "Martin épouse Leroy", "prenom": "Anne", "ddn": "1970-01-02"},
  {"ref": "A3", "prenom": "Paul", "nom": "Petit", "ddn": "31/02/1999", "extra": "x"}
]}"#,
    )
    .expect("write");
    let detector = vigie_detect::Detector::new().expect("rules");
    let t = reader(&detector, &BTreeMap::new(), Some("ref"))
        .read(&json)
        .expect("read");
    assert_eq!(t.records.len(), 3);
    let ids: Vec<&str> = t.records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["A1", "A2", "A3"]);
    assert_eq!(t.records[0].birth, Some((1985, 3, 12)));
    assert_eq!(t.records[0].city, "lyon");
    assert_eq!(t.records[1].last, ["leroy"]);
    assert_eq!(t.records[1].birth_name, ["martin"]);
    assert_eq!(t.records[2].first, ["paul"]);
    // An impossible date is warned with its place, not its value.
    assert_eq!(t.info.warnings.len(), 1, "{:?}", t.info.warnings);
    assert!(t.info.warnings[0].contains("ddn") && !t.info.warnings[0].contains("1999"));

    let ndjson = dir.path().join("fuite.ndjson");
    std::fs::write(
        &ndjson,
        "{\"nom\": \"Durand\", \"prenom\": \"Sophie\"}\n{\"nom\": \"Bernard\", \"prenom\": \"Luc\"}\n",
    )
    .expect("write");
    let t = reader(&detector, &BTreeMap::new(), None)
        .read(&ndjson)
        .expect("ndjson");
    assert_eq!(t.records.len(), 2);
    assert_eq!(t.records[1].last, ["bernard"]);
    assert_eq!(t.records[1].line, 2);

    // JSON without records of identities is refused, naming the file.
    let bad = dir.path().join("stock.json");
    std::fs::write(&bad, r#"[{"article": "A1", "quantite": 3}]"#).expect("write");
    let e = reader(&detector, &BTreeMap::new(), None)
        .read(&bad)
        .expect_err("no identity");
    assert!(
        e.to_string().contains("stock.json") && e.to_string().contains("no identity column"),
        "{e}"
    );
}

/// An empty file, a header without rows, and an id column that is not there: each refused
/// with the file named.
#[test]
fn empty_and_headless_files_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let empty = dir.path().join("vide.csv");
    std::fs::write(&empty, "").expect("write");
    let e = reader(&detector, &map, None)
        .read(&empty)
        .expect_err("empty");
    assert!(
        e.to_string().contains("vide.csv") && e.to_string().contains("no table with rows"),
        "{e}"
    );
    let header = dir.path().join("entete.csv");
    std::fs::write(&header, "nom;prenom;ddn\r\n").expect("write");
    let e = reader(&detector, &map, None)
        .read(&header)
        .expect_err("header only");
    assert!(
        e.to_string().contains("entete.csv") && e.to_string().contains("no table with rows"),
        "{e}"
    );
    let one = dir.path().join("un.csv");
    std::fs::write(&one, "nom;prenom;ddn\r\nDurand;Sophie;12/03/1985\r\n").expect("write");
    let e = reader(&detector, &map, Some("ipp"))
        .read(&one)
        .expect_err("no such id column");
    assert!(
        e.to_string().contains("un.csv") && e.to_string().contains("no column \"ipp\""),
        "{e}"
    );
    let t = reader(&detector, &map, None).read(&one).expect("one row");
    assert_eq!(
        t.records[0].id, "line2",
        "no id column: the line stands for it"
    );
}

/// A leak none of whose rows can be compared (no name, an impossible date) links to no
/// one, each row listed as not compared, instead of failing in training.
#[test]
fn a_leak_with_nothing_to_compare_links_to_no_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let (leak_path, registry_path) = files(
        &dir,
        "Réf;Nom patient;Prénom;DDN;Commentaire\r\nL1;;;31/02/1985;diabète\r\nL2;;;99/99/1999;rien\r\n",
        "id;nom;prenom;date_naissance\r\nP1;Durand;Anne;12/03/1985\r\nP2;Martin;Paul;01/07/1990\r\n",
    );
    let leak = reader(&detector, &map, None)
        .read(&leak_path)
        .expect("leak");
    assert!(leak.records.is_empty());
    let lines: Vec<u64> = leak.info.unusable.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3], "each row listed as not compared");
    assert!(
        leak.info.warnings.iter().all(|w| !w.contains("1985")),
        "the impossible date is not repeated: {:?}",
        leak.info.warnings
    );
    let registry = registry_for(&leak, &registry_path, &detector, &map);
    assert_eq!(registry.population, 2);
    let out = link(&leak, &registry, &Options::default()).expect("link");
    assert!(out.decisions.is_empty());
    assert_eq!(out.candidate_pairs, 0);
    assert!(out.expected_false_matches.is_sign_positive());
}

/// A leak with the names in one cell, as many exports write them: the family name in
/// capitals is told from the first names in either order, "épouse" still splits the
/// married name, and each row finds its patient with the first names compared.
#[test]
fn full_name_cells_are_split_by_their_capitals() {
    let dir = tempfile::tempdir().expect("tmp");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let (leak_path, registry_path) = files(
        &dir,
        "Patient;DDN\r\nDURAND Anne;12/03/1985\r\nPaul MARTIN;01/07/1990\r\n\
         Marie-Claire LEROY épouse PETIT;05/05/1970\r\nbernard luc;02/02/1960\r\n",
        "id;nom;prenom;date_naissance;nom_naissance\r\nP1;Durand;Anne;12/03/1985;\r\n\
         P2;Martin;Paul;01/07/1990;\r\nP3;Petit;Marie-Claire;05/05/1970;Leroy\r\n\
         P4;Durand;Louise;12/03/1985;\r\n",
    );
    let leak = reader(&detector, &map, None)
        .read(&leak_path)
        .expect("leak");
    assert_eq!(leak.info.mapping[0].1, Field::FullName);
    let names: Vec<(Vec<String>, Vec<String>, Vec<String>)> = leak
        .records
        .iter()
        .map(|r| (r.first.clone(), r.last.clone(), r.birth_name.clone()))
        .collect();
    let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(names[0], (w(&["anne"]), w(&["durand"]), w(&[])));
    assert_eq!(names[1], (w(&["paul"]), w(&["martin"]), w(&[])));
    assert_eq!(
        names[2],
        (w(&["marie", "claire"]), w(&["petit"]), w(&["leroy"]))
    );
    // No capitals to go by: the name lists tell "luc" is the first name.
    assert_eq!(names[3], (w(&["luc"]), w(&["bernard"]), w(&[])));

    let registry = registry_for(&leak, &registry_path, &detector, &map);
    let out = link(&leak, &registry, &Options::default()).expect("link");
    let best: Vec<(&str, &str, String)> = out
        .decisions
        .iter()
        .map(|d| {
            let first = d.fields.iter().find(|f| &*f.field == "first_name");
            (
                d.leak_id.as_str(),
                d.registry_id.as_str(),
                first.map_or(String::new(), |f| f.level.to_string()),
            )
        })
        .collect();
    assert!(
        best.contains(&("line2", "P1", "exact".to_string())),
        "{best:?}"
    );
    assert!(
        best.contains(&("line3", "P2", "exact".to_string())),
        "{best:?}"
    );
    assert!(
        best.contains(&("line4", "P3", "exact".to_string())),
        "{best:?}"
    );

    // A registry with a full-name column addresses its notices with the cell as written.
    let named = dir.path().join("registre-nom-complet.csv");
    std::fs::write(
        &named,
        "id;Nom complet;DDN\r\nP9;LEROY Marie;05/05/1970\r\n",
    )
    .expect("write");
    let wanted = ["P9".to_string()].into_iter().collect();
    let found = vigie_link::files::contacts_of(&reader(&detector, &map, None), &named, &wanted)
        .expect("contacts");
    assert_eq!(
        found.get("P9").and_then(|c| c.last_name.as_deref()),
        Some("LEROY Marie")
    );
}

/// A Windows-1252 `;` file of the generator, as rows of named cells.
fn rows_of(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).expect("read");
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Per compared field, how often each level comes among the accepted true matches.
type Levels = std::collections::HashMap<String, std::collections::HashMap<String, usize>>;

/// Links `leak` against `registry`: F1 against the generator's truth, and the levels of
/// the true matches.
fn link_scored(
    leak: &std::path::Path,
    registry: &std::path::Path,
    map: &BTreeMap<String, Field>,
    truth: &std::collections::HashMap<String, String>,
) -> (f64, Levels) {
    let detector = vigie_detect::Detector::new().expect("rules");
    let leak = reader(&detector, map, None).read(leak).expect("leak");
    let registry = registry_for(&leak, registry, &detector, map);
    let out = link(&leak, &registry, &Options::default()).expect("link");
    let mut levels = Levels::new();
    let (mut accepted, mut tp) = (0.0, 0.0);
    for d in out.decisions.iter().filter(|d| d.accepted) {
        accepted += 1.0;
        if truth.get(&d.leak_id) == Some(&d.registry_id) {
            tp += 1.0;
            for f in &d.fields {
                *levels
                    .entry(f.field.to_string())
                    .or_default()
                    .entry(f.level.to_string())
                    .or_default() += 1;
            }
        }
    }
    let (p, r) = (tp / accepted, tp / truth.len() as f64);
    (2.0 * p * r / (p + r), levels)
}

/// The same patients exported by other software, as a hospital's information system and
/// another laboratory's leak write them: the registry in UTF-8 with a BOM, `,` and quotes,
/// a civility column, sex as `H`/`F`, ISO dates with a time, postcodes whose leading zero
/// a spreadsheet dropped, home and mobile phones in two columns in international form, the
/// address as `ADR1`; the leak tab-separated, with "Mme DURAND Anne" in one cell and the
/// sex of the NIR. Each field must agree for the true matches as often as in the
/// generator's own layout, and F1 must hold.
#[test]
fn another_software_s_export_links_as_well() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 4000, 2000, 23).expect("generate");
    let truth = vigie_testkit::linkage_truth(dir.path());
    let international = |t: &str| {
        let d: String = t.chars().filter(char::is_ascii_digit).collect();
        if d.len() != 10 {
            return d;
        }
        let pairs: Vec<&str> = (2..10).step_by(2).map(|i| &d[i..i + 2]).collect();
        format!("+33 {} {}", &d[1..2], pairs.join(" "))
    };

    let (header, rows) = rows_of(&dir.path().join("registry.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let [
        id,
        nom,
        naissance,
        prenom,
        sexe,
        ddn,
        nir,
        adresse,
        cp,
        ville,
        tel,
        email,
    ] = [
        "id",
        "nom",
        "nom_naissance",
        "prenom",
        "sexe",
        "date_naissance",
        "nir",
        "adresse",
        "code_postal",
        "ville",
        "telephone",
        "email",
    ]
    .map(col);
    let registry = dir.path().join("dpi.csv");
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_path(&registry)
        .expect("create");
    w.write_record([
        "\u{feff}IPP",
        "CIVILITE",
        "NOM_USUEL",
        "NOM_NAISSANCE",
        "PRENOMS",
        "SEXE",
        "DT_NAISS",
        "NUM_SECU",
        "ADR1",
        "CP",
        "COMMUNE",
        "TEL_DOMICILE",
        "TEL_PORTABLE",
        "COURRIEL",
    ])
    .expect("write");
    for (n, r) in rows.iter().enumerate() {
        let male = r[sexe] == "M";
        let iso = match r[ddn].split('/').collect::<Vec<_>>()[..] {
            [d, m, y] => format!("{y}-{m}-{d} 00:00:00"),
            _ => String::new(),
        };
        let mobile = r[tel].starts_with("06") || r[tel].starts_with("07");
        let phone = international(&r[tel]);
        w.write_record([
            r[id].as_str(),
            if male {
                "M."
            } else if n % 3 == 0 {
                "Mlle"
            } else {
                "Mme"
            },
            &r[nom],
            &r[naissance],
            &r[prenom],
            if male { "H" } else { "F" },
            &iso,
            &r[nir],
            &r[adresse],
            r[cp].strip_prefix('0').unwrap_or(&r[cp]),
            &r[ville].to_uppercase(),
            if mobile { "" } else { &phone },
            if mobile { &phone } else { "" },
            &r[email],
        ])
        .expect("write");
    }
    w.flush().expect("flush");

    let (header, rows) = rows_of(&dir.path().join("leak.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let [reference, nom, prenom, ddn, nir, adresse, cp, ville, tel] = [
        "Réf",
        "Nom patient",
        "Prénom",
        "DDN",
        "N° SS",
        "Adresse",
        "CP",
        "Ville",
        "Tél",
    ]
    .map(col);
    // The same leak a second time with every name in capitals, as some exports write
    // them: the name lists, not the case, must then tell the first names.
    let leak = dir.path().join("extraction.tsv");
    let upper = dir.path().join("extraction-majuscules.tsv");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_path(&leak)
        .expect("create");
    let mut u = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_path(&upper)
        .expect("create");
    let header = [
        "Patient",
        "Né(e) le",
        "Sexe",
        "N° Sécurité sociale",
        "Adresse",
        "Code postal",
        "Ville",
        "Téléphone",
        "Ref dossier",
    ];
    w.write_record(header).expect("write");
    u.write_record(header).expect("write");
    for r in &rows {
        let sex = match r[nir].chars().next() {
            Some('1') => "M",
            Some('2') => "F",
            _ => "",
        };
        let civility = match sex {
            "M" => "M. ",
            "F" => "Mme ",
            _ => "",
        };
        // "DURAND Anne": the family name in capitals, the first name not.
        let mut first = r[prenom].to_lowercase();
        if let Some(c) = first.chars().next() {
            first = c.to_uppercase().chain(first.chars().skip(1)).collect();
        }
        let name = format!("{civility}{} {first}", r[nom].to_uppercase());
        let capitals = name.to_uppercase();
        for (out, name) in [(&mut w, &name), (&mut u, &capitals)] {
            out.write_record([
                name.as_str(),
                &r[ddn],
                sex,
                &r[nir],
                &r[adresse],
                &r[cp],
                &r[ville],
                &r[tel],
                &r[reference],
            ])
            .expect("write");
        }
    }
    w.flush().expect("flush");
    u.flush().expect("flush");

    let plain = link_scored(
        &dir.path().join("leak.csv"),
        &dir.path().join("registry.csv"),
        &BTreeMap::new(),
        &truth,
    );
    let mut map = BTreeMap::new();
    map.insert("Ref dossier".to_string(), Field::Id);
    let other = link_scored(&leak, &registry, &map, &truth);
    eprintln!("plain F1 {:.4}, other software F1 {:.4}", plain.0, other.0);
    assert!(other.0 >= 0.98, "F1 {}", other.0);
    let share = |levels: &Levels, field: &str, level: &str| {
        let counts = &levels[field];
        counts.get(level).copied().unwrap_or(0) as f64 / counts.values().sum::<usize>() as f64
    };
    for (field, level) in [
        ("first_name", "exact"),
        ("residence", "same address"),
        ("phone", "exact"),
        ("birth_date", "exact"),
    ] {
        let (a, b) = (share(&plain.1, field, level), share(&other.1, field, level));
        assert!(b >= a - 0.02, "{field} {level}: {b:.3} against {a:.3}");
    }
    // A civility is a sex, "H" is a man's: no true match disagrees on it.
    assert_eq!(share(&other.1, "sex", "different"), 0.0);

    // In capitals: the first names are found for most rows (the generator's typos put
    // some out of the lists), and F1 holds.
    let capitals = link_scored(&upper, &registry, &map, &truth);
    eprintln!("in capitals F1 {:.4}", capitals.0);
    assert!(capitals.0 >= 0.98, "F1 {}", capitals.0);
    let missing = share(&capitals.1, "first_name", "missing");
    assert!(missing < 0.3, "first names missing for {missing:.3}");
}

/// A dump whose first table is not of patients: the first table with identity columns is
/// read, the ones passed over and after it are named; a dump without one is refused with
/// every table and its columns listed.
#[test]
fn a_dump_is_read_from_its_first_table_of_persons() {
    let dir = tempfile::tempdir().expect("tmp");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let dump = dir.path().join("export.sql");
    std::fs::write(
        &dump,
        "CREATE TABLE `sites` (`id` int, `libelle` varchar(80), `ville` varchar(80));\n\
         INSERT INTO `sites` VALUES (1,'Laboratoire Central','Lyon'),(2,'Site Nord','Bron');\n\
         CREATE TABLE `patients` (`id_patient` int, `nom` varchar(80), `prenom` varchar(80), `date_naissance` date);\n\
         INSERT INTO `patients` VALUES (10,'DURAND','Anne','1985-03-12'),(11,'MARTIN','Paul','1990-07-01');\n\
         CREATE TABLE `resultats` (`id` int, `id_patient` int, `nom` varchar(80));\n\
         INSERT INTO `resultats` VALUES (1,10,'Glycemie');\n\
         INSERT INTO `patients` VALUES (12,'PETIT','Luc','1970-01-02');\n",
    )
    .expect("write");
    let t = reader(&detector, &map, None).read(&dump).expect("read");
    let ids: Vec<&str> = t.records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["10", "11", "12"], "the patients, all of them");
    assert_eq!(t.records[2].last, ["petit"]);
    assert!(
        t.info
            .warnings
            .iter()
            .any(|w| w.contains("export.sql")
                && w.contains("passed over: sites (id, libelle, ville)")),
        "{:?}",
        t.info.warnings
    );
    assert!(
        t.info
            .warnings
            .iter()
            .any(|w| w.contains("resultats not read")),
        "{:?}",
        t.info.warnings
    );

    let stock = dir.path().join("stock.sql");
    std::fs::write(
        &stock,
        "CREATE TABLE `articles` (`ref` varchar(9), `quantite` int);\n\
         INSERT INTO `articles` VALUES ('A1',3);\n\
         CREATE TABLE `lots` (`lot` varchar(9), `peremption` date);\n\
         INSERT INTO `lots` VALUES ('L1','2027-01-01');\n",
    )
    .expect("write");
    let e = reader(&detector, &map, None)
        .read(&stock)
        .expect_err("no persons");
    assert!(
        e.to_string().contains("stock.sql")
            && e.to_string().contains("articles (ref, quantite)")
            && e.to_string().contains("lots (lot, peremption)"),
        "{e}"
    );
}

/// A leak posted without its header row, against a registry exported without one: the
/// columns are told from their values (and said so), and the patients are found as well
/// as with the headers. A headerless file of other things is still refused.
#[test]
fn files_without_a_header_are_mapped_from_their_values() {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 4000, 2000, 29).expect("generate");
    let truth = vigie_testkit::linkage_truth(dir.path());
    let headless = |name: &str| {
        let bytes = std::fs::read(dir.path().join(name)).expect("read");
        let body = bytes
            .splitn(2, |&b| b == b'\n')
            .nth(1)
            .expect("rows")
            .to_vec();
        let path = dir.path().join(format!("sans-entete-{name}"));
        std::fs::write(&path, body).expect("write");
        path
    };
    let (leak, registry) = (headless("leak.csv"), headless("registry.csv"));
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = BTreeMap::new();
    let t = reader(&detector, &map, None)
        .read_leak(&leak)
        .expect("leak");
    let fields: Vec<String> = t.info.mapping.iter().map(|(_, f)| f.id()).collect();
    // Réf, Nom patient, Prénom, DDN, N° SS, Adresse, CP, Ville, Tél, Commentaire, Mot de passe.
    assert_eq!(
        fields,
        [
            "id",
            "last_name",
            "first_name",
            "birth_date",
            "nir",
            "address",
            "postcode",
            "ignore",
            "phone",
            "ignore",
            "ignore"
        ]
    );
    assert!(
        t.info
            .warnings
            .iter()
            .any(|w| w.contains("no header; columns told from their values")),
        "{:?}",
        t.info.warnings
    );
    assert_eq!(t.records.len(), 2000, "the sampled rows are read too");
    // The comments are still read for what they expose.
    assert!(
        t.records
            .iter()
            .any(|r| vigie_link::record::exposed(r.kinds).contains(&vigie_detect::Kind::HealthTerm))
    );
    let (f1, _) = link_scored(&leak, &registry, &map, &truth);
    let (with_headers, _) = link_scored(
        &dir.path().join("leak.csv"),
        &dir.path().join("registry.csv"),
        &map,
        &truth,
    );
    eprintln!("without headers F1 {f1:.4}, with {with_headers:.4}");
    assert!(f1 >= with_headers - 0.002, "F1 {f1} against {with_headers}");

    let stock = dir.path().join("stock.csv");
    std::fs::write(&stock, "A1;3;12,50\nA2;7;3,10\nA3;1;99,00\nA4;2;5,00\n").expect("write");
    let e = reader(&detector, &map, None)
        .read(&stock)
        .expect_err("no persons");
    assert!(
        e.to_string().contains("stock.csv") && e.to_string().contains("no identity column"),
        "{e}"
    );
}
