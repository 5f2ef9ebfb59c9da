//! Runs the examples and counter-examples written in `rules/kinds.toml`, and checks the
//! rule file and the code agree on the kinds.

use vigie_detect::{ColumnClass, Confidence, Detector, Kind, Matches};

fn kinds_in(d: &Detector, text: &str) -> Vec<Kind> {
    let mut m = Matches::default();
    d.scan_text(text, None, &mut m);
    m.items.iter().map(|x| x.kind).collect()
}

#[test]
fn rules_examples() {
    let d = Detector::new().expect("embedded rules parse");
    let mut failures = Vec::new();
    for rule in d.rules() {
        let kind = rule.kind().expect("known kind");
        for ex in &rule.examples {
            if !kinds_in(&d, ex).contains(&kind) {
                failures.push(format!("{}: example not found: {ex:?}", rule.id));
            }
        }
        for ex in &rule.counter_examples {
            if kinds_in(&d, ex).contains(&kind) {
                failures.push(format!("{}: counter-example found: {ex:?}", rule.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kind_has_a_rule() {
    let d = Detector::new().expect("rules");
    for k in Kind::ALL {
        let rule = d.rule(k).unwrap_or_else(|| panic!("no rule for {k}"));
        assert!(!rule.name_fr.is_empty() && !rule.name_en.is_empty());
    }
}

#[test]
fn headers_in_french_and_english() {
    let d = Detector::new().expect("rules");
    let cases = [
        ("N° SS", ColumnClass::Nir),
        ("NSS", ColumnClass::Nir),
        ("num_secu", ColumnClass::Nir),
        ("Matricule", ColumnClass::Nir),
        ("Numéro de sécurité sociale", ColumnClass::Nir),
        ("DDN", ColumnClass::BirthDate),
        ("Date de naissance", ColumnClass::BirthDate),
        ("date_prelevement", ColumnClass::OtherDate),
        ("Tél.", ColumnClass::Phone),
        ("Téléphone portable", ColumnClass::Phone),
        ("Courriel", ColumnClass::Email),
        ("E-mail", ColumnClass::Email),
        ("Nom de naissance", ColumnClass::LastName),
        ("Prénom(s)", ColumnClass::FirstName),
        ("Nom Prénom", ColumnClass::FullName),
        ("Glycémie (g/L)", ColumnClass::LabValue),
        ("Code CIM-10", ColumnClass::Icd10),
        ("Mot de passe", ColumnClass::Password),
        ("last_name", ColumnClass::LastName),
        ("Commentaire", ColumnClass::FreeText),
    ];
    for (h, want) in cases {
        assert_eq!(d.classify_header(h), Some(want), "header {h:?}");
    }
    assert_eq!(d.classify_header("Montant TTC"), None);
    assert_eq!(d.classify_header(""), None);
}

#[test]
fn columns_classified_from_values() {
    let d = Detector::new().expect("rules");
    let nirs = [
        "185057800608491",
        "2 80 01 2A 004 005 14",
        "185057800608491",
        "",
    ];
    assert_eq!(d.classify_values(nirs), Some(ColumnClass::Nir));
    let first = ["Marie", "Jean", "Nathalie", "Kevin", "Sophie"];
    assert_eq!(d.classify_values(first), Some(ColumnClass::FirstName));
    let mixed = ["12", "abc", "x", "Marie", "0"];
    assert_eq!(d.classify_values(mixed), None);
    let few = ["jean@example.fr"];
    assert_eq!(d.classify_values(few), None, "one value is not a column");
}

#[test]
fn cells_use_their_column() {
    let d = Detector::new().expect("rules");
    let one = |v: &str, c: Option<ColumnClass>| {
        let mut m = Matches::default();
        d.scan_cell(v, c, &mut m);
        m.items
            .iter()
            .map(|x| (x.kind, x.normalized.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        one("750000549", Some(ColumnClass::Finess)),
        vec![(Kind::Finess, "750000549".into())]
    );
    assert!(
        one("750000549", None).is_empty(),
        "a bare 9-digit number is nothing"
    );
    assert_eq!(
        one("12/03/1985", Some(ColumnClass::BirthDate)),
        vec![(Kind::BirthDate, "1985-03-12".into())]
    );
    assert!(one("12/03/2024", Some(ColumnClass::OtherDate)).is_empty());
    assert_eq!(
        one("06 12 34 56 78", Some(ColumnClass::Phone)),
        vec![(Kind::Phone, "+33612345678".into())]
    );
    assert_eq!(
        one("E11.9", Some(ColumnClass::Icd10)),
        vec![(Kind::Icd10, "E119".into())]
    );
    // Lab values look like measurements; a phone number in a result column is a phone.
    assert_eq!(one("1,32 g/L", Some(ColumnClass::LabValue)).len(), 1);
    assert_eq!(one("< 0.5", Some(ColumnClass::LabValue)).len(), 1);
    assert_eq!(one("négatif", Some(ColumnClass::LabValue)).len(), 1);
    assert_eq!(
        one("0612345678", Some(ColumnClass::LabValue)),
        vec![(Kind::Phone, "+33612345678".into())]
    );
    // A wrong key in a NIR column is a look-alike, not a finding.
    assert!(one("185057800608492", Some(ColumnClass::Nir)).is_empty());
    assert_eq!(
        d.nir_from_parts("1850578006084", "91").as_deref(),
        Some("185057800608491")
    );
    assert_eq!(d.nir_from_parts("1850578006084", "90"), None);
}

#[test]
fn several_numbers_on_one_line_are_split() {
    let d = Detector::new().expect("rules");
    let text =
        "Mme Anne Petit tél 06 12 34 56 78 12 rue des Lilas 75012 Paris NIR 2 80 01 2A 004 005 14";
    let kinds = kinds_in(&d, text);
    for k in [
        Kind::PersonName,
        Kind::Phone,
        Kind::PostalAddress,
        Kind::Nir,
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}

#[test]
fn technical_numbers_are_not_identifiers() {
    let d = Detector::new().expect("rules");
    // 185057800608491 is a valid NIR and 4539578763621486 a valid card: labelled as a
    // request id or an order they are not reported; with their own keyword they are.
    assert!(!kinds_in(&d, "request id=185057800608491 took 12 ms").contains(&Kind::Nir));
    assert!(!kinds_in(&d, "commande 4539578763621486").contains(&Kind::PaymentCard));
    assert!(kinds_in(&d, "id patient, NIR 185057800608491").contains(&Kind::Nir));
    let mut m = Matches::default();
    d.scan_cell("4539578763621486", Some(ColumnClass::Technical), &mut m);
    assert!(m.items.is_empty(), "a barcode column does not make cards");
    let barcodes = ["4539578763621486", "3760001234567", "3760001234568"];
    assert_eq!(
        d.classify_values(barcodes),
        None,
        "and its values do not make it a card column"
    );
    let mut m = Matches::default();
    d.scan_cell("jean@example.fr", Some(ColumnClass::Identifier), &mut m);
    assert_eq!(m.items.len(), 1, "certain findings stay in id columns");
    let nir_in = |value: &str, class: ColumnClass| {
        let mut m = Matches::default();
        d.scan_cell(value, Some(class), &mut m);
        m.items.iter().filter(|m| m.kind == Kind::Nir).count()
    };
    assert_eq!(
        nir_in(" 185057800608491 ", ColumnClass::Identifier),
        1,
        "a patient id that is a NIR"
    );
    assert_eq!(nir_in("185057800608491", ColumnClass::Technical), 0);
    assert_eq!(
        nir_in("lot 185057800608491", ColumnClass::Identifier),
        0,
        "only the whole cell"
    );
}

#[test]
fn addresses_stop_at_the_street_name() {
    let d = Detector::new().expect("rules");
    let address = |text: &str| {
        let mut m = Matches::default();
        d.scan_text(text, None, &mut m);
        m.items
            .iter()
            .find(|x| x.kind == Kind::PostalAddress)
            .map(|a| text[a.start..a.end].to_string())
    };
    assert_eq!(
        address("Rendez-vous au 12 rue de la Paix pour le séminaire.").as_deref(),
        Some("12 rue de la Paix")
    );
    assert_eq!(
        address("domicile : 3 bis avenue Jean Jaurès, 69007 Lyon CEDEX; tél").as_deref(),
        Some("3 bis avenue Jean Jaurès, 69007 Lyon CEDEX")
    );
}

#[test]
fn accented_local_parts_are_whole_addresses() {
    let d = Detector::new().expect("rules");
    let emails = |text: &str| {
        let mut m = Matches::default();
        d.scan_text(text, None, &mut m);
        m.items
            .iter()
            .filter(|x| x.kind == Kind::Email)
            .map(|x| text[x.start..x.end].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        emails("écrire à marthe.dupré@example.fr"),
        ["marthe.dupré@example.fr"]
    );
    assert_eq!(
        emails("cécile.laroche@example.fr"),
        ["cécile.laroche@example.fr"]
    );
    assert_eq!(
        emails("«françois.labbé@exemple.org»"),
        ["françois.labbé@exemple.org"]
    );
    assert_eq!(
        emails("gaël@example.com, noël@example.com"),
        ["gaël@example.com", "noël@example.com"]
    );
    // Punctuation and symbols are not letters: the address starts after them.
    assert_eq!(emails("mél:→jean@example.fr"), ["jean@example.fr"]);
    assert!(emails("é@").is_empty());
}

#[test]
fn phones_after_a_contact_verb_are_likely() {
    let d = Detector::new().expect("rules");
    let phone = |text: &str| {
        let mut m = Matches::default();
        d.scan_text(text, None, &mut m);
        m.items
            .iter()
            .find(|x| x.kind == Kind::Phone)
            .map(|x| x.confidence)
    };
    for text in [
        "Merci de rappeler Mme X au 0104063403",
        "Appeler la patiente au 0612345678 avant 18 h",
        "à contacter sur son portable : 0712345678",
    ] {
        assert!(
            phone(text) >= Some(Confidence::Likely),
            "{text}: {:?}",
            phone(text)
        );
    }
    assert_eq!(phone("dossier 0104063403"), Some(Confidence::Possible));
}

#[test]
fn a_short_code_after_a_diagnosis_is_a_code() {
    let d = Detector::new().expect("rules");
    let codes = |text: &str| {
        let mut m = Matches::default();
        d.scan_text(text, None, &mut m);
        m.items
            .iter()
            .filter(|x| x.kind == Kind::Icd10)
            .map(|x| x.normalized.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(
            "le bilan confirme le diagnostic suivant : hypertension artérielle essentielle (I10)."
        ),
        ["I10"]
    );
    assert_eq!(codes("anémie ferriprive (D50)"), ["D50"]);
    // Without a diagnosis or a health word, three characters are a road or a room.
    assert!(codes("sortie par l'autoroute A13 puis salle B12").is_empty());
}
