//! A registry and a leak with known truth, for `vigie link`: the leak holds 70 % registry
//! patients, corrupted as real leaks are (NIR often missing, married names, typos,
//! capitals and dropped accents, cut compound first names, `JJ/MM/AA` dates, day and
//! month swapped, a digit wrong, people who moved, first and last names swapped), and
//! 30 % outsiders, some of them near-twins of a patient (same last name and birth year).
//! The registry holds families (shared last name and address) and twins (shared birth
//! date and last name). Files in Windows-1252 with `;`, as exports are; `truth.csv` maps
//! each leak reference to its registry id, or nothing.
//!
//! The adversarial mode ([`adversarial_linkage`]) is made of the cases that make a linker
//! notify the wrong person: namesakes of patients in their own commune (some born the same
//! year), relatives at a patient's address (a parent and a child with one first name,
//! twins, siblings), rows carrying a relative's NIR, besides married names and moves;
//! `cases.csv` says which case each leak row is.

use crate::people::{Gen, Person};
use std::io::Write;
use std::path::Path;

fn strip_accents(s: &str) -> String {
    vigie_detect::fold::fold(s).to_uppercase()
}

impl Gen {
    /// One character replaced, dropped or doubled.
    fn typo(&mut self, s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() < 4 {
            return s.to_string();
        }
        let i = 1 + self.below(chars.len() - 2);
        let mut out: Vec<char> = chars.clone();
        match self.below(3) {
            0 => out[i] = (b'a' + self.below(26) as u8) as char,
            1 => {
                out.remove(i);
            }
            _ => out.insert(i, chars[i]),
        }
        out.into_iter().collect()
    }
}

fn enc(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(s).0.into_owned()
}

const COMMENTS: [&str; 7] = [
    "Diabète de type 2, contrôle HbA1c",
    "Sérologie VIH demandée par le médecin traitant",
    "Patient sous AVK, INR à surveiller",
    "Suspicion d'hépatite C, à recontrôler",
    "Grossesse en cours, bilan du premier trimestre",
    "Insuffisance rénale chronique",
    "Hypothyroïdie traitée par lévothyroxine",
];
const PASSWORDS: [&str; 5] = ["Soleil", "Marseille", "Chaton", "Azerty", "Printemps"];

/// Writes `registry.csv`, `leak.csv` and `truth.csv` under `dir`.
pub fn linkage(
    dir: &Path,
    registry_size: usize,
    leak_size: usize,
    seed: u64,
) -> std::io::Result<()> {
    let mut g = Gen::wide(seed);
    let registry = plain_registry(&mut g, registry_size);
    let row = |g: &mut Gen| {
        if g.below(10) < 7 {
            let p = registry[g.below(registry.len())].clone();
            Row::patient(p, "patient")
        } else if g.below(3) == 0 {
            // A near-twin: a patient's last name and birth year, another person.
            let model = &registry[g.below(registry.len())];
            let mut q = g.person();
            q.last_name = model.last_name.clone();
            q.birth = (model.birth.0, q.birth.1, q.birth.2);
            // Their own number, which says their birth year.
            q.nir = Gen::nir_born(&q.nir, q.birth);
            Row::outsider(q, "near-twin")
        } else {
            Row::outsider(g.person(), "outsider")
        }
    };
    write(dir, &mut g, &registry, leak_size, row)
}

/// The adversarial set: a registry of families and namesakes gathered in a few dozen
/// communes, and a leak of which 55 % are patients (one in thirty of those with a
/// relative in the registry carrying the relative's NIR) and 45 % outsiders who look
/// like patients: namesakes in the patient's commune, relatives at the patient's
/// address. `cases.csv` names each row's case.
pub fn adversarial_linkage(
    dir: &Path,
    registry_size: usize,
    leak_size: usize,
    seed: u64,
) -> std::io::Result<()> {
    let mut g = Gen::wide(seed);
    // Few communes, so that namesakes and common families meet in one place.
    let communes: Vec<(String, String)> = (0..40)
        .map(|_| {
            let p = g.person();
            (p.postcode, p.city)
        })
        .collect();
    let settle = |g: &mut Gen, p: &mut Person| {
        let (pc, city) = &communes[g.below(communes.len())];
        p.postcode = pc.clone();
        p.city = city.clone();
    };
    let mut registry: Vec<Person> = Vec::with_capacity(registry_size);
    // Per registry patient, a relative in the registry.
    let mut relative: Vec<Option<usize>> = Vec::with_capacity(registry_size);
    while registry.len() < registry_size {
        let mut p = g.person();
        settle(&mut g, &mut p);
        let n = registry.len();
        match g.below(10) {
            0..=2 => {
                let q = match g.below(4) {
                    0 => parent_namesake(&mut g, &p),
                    1 => twin(&mut g, &p),
                    _ => sibling(&mut g, &p),
                };
                registry.extend([p, q]);
                relative.extend([Some(n + 1), Some(n)]);
            }
            3 => {
                let q = namesake(&mut g, &p, false);
                registry.extend([p, q]);
                relative.extend([None, None]);
            }
            _ => {
                registry.push(p);
                relative.push(None);
            }
        }
    }
    registry.truncate(registry_size);
    relative.truncate(registry_size);
    // A relative cut off with the last pair is none.
    for r in &mut relative {
        *r = r.filter(|&i| i < registry_size);
    }
    let draw = |g: &mut Gen| {
        let k = g.below(registry.len());
        let model = &registry[k];
        let row = match g.below(100) {
            0..=54 => {
                let mut row = Row::patient(model.clone(), "patient");
                if let Some(r) = relative[k].filter(|_| g.below(30) == 0) {
                    // Insured under a relative: the relative's NIR on the patient's row.
                    row.person.nir = registry[r].nir.clone();
                    row.nir = true;
                    row.case = "relative's NIR";
                }
                row
            }
            55..=69 => {
                let same_year = g.below(2) == 0;
                let case = if same_year {
                    "namesake same year"
                } else {
                    "namesake other year"
                };
                Row::outsider(namesake(g, model, same_year), case)
            }
            70..=76 => Row::outsider(parent_namesake(g, model), "parent or child"),
            77..=82 => Row::outsider(twin(g, model), "twin"),
            83..=89 => Row::outsider(sibling(g, model), "sibling"),
            _ => {
                let mut q = g.person();
                settle(g, &mut q);
                Row::outsider(q, "outsider")
            }
        };
        Drawn { row, model: k }
    };
    let row = |g: &mut Gen| loop {
        let row = draw(g);
        // An outsider who is a patient of the registry but for a digit of the birth date
        // (a second child named after the parent, born days from the first) would be
        // that patient with a typo in any file: its truth could not be told, drawn again.
        let k = row.model;
        let near = |p: &Person| {
            let q = &row.row.person;
            row.row.source.is_none()
                && p.first_name == q.first_name
                && [&p.last_name, &p.birth_name].contains(&&q.last_name)
                && one_digit_apart(p.birth, q.birth)
        };
        if !(near(&registry[k]) || relative[k].is_some_and(|r| near(&registry[r]))) {
            break row.row;
        }
    };
    write(dir, &mut g, &registry, leak_size, row)
}

/// A leak row of the adversarial set and the registry patient it was made from.
struct Drawn {
    row: Row,
    model: usize,
}

/// Two birth dates the same or one digit apart (of the eight of `yyyymmdd`).
fn one_digit_apart(a: (u16, u8, u8), b: (u16, u8, u8)) -> bool {
    let digits = |(y, m, d): (u16, u8, u8)| format!("{y:04}{m:02}{d:02}");
    let (a, b) = (digits(a), digits(b));
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() <= 1
}

/// Another person of `p`'s commune with `p`'s first and last names and sex, born the
/// same year or any other, living at another address.
fn namesake(g: &mut Gen, p: &Person, same_year: bool) -> Person {
    let mut q = g.person();
    q.first_name = p.first_name.clone();
    q.last_name = p.last_name.clone();
    q.female = p.female;
    q.postcode = p.postcode.clone();
    q.city = p.city.clone();
    if same_year {
        q.birth = (p.birth.0, q.birth.1, q.birth.2);
    }
    q.nir = g.nir(q.female, q.birth.0, q.birth.1);
    q
}

/// A relative at `p`'s address with `p`'s names: the parent or child who took the same
/// first name, a generation apart.
fn parent_namesake(g: &mut Gen, p: &Person) -> Person {
    let mut q = relative_of(g, p);
    q.first_name = p.first_name.clone();
    q.female = p.female;
    let gap = 22 + g.below(15) as u16;
    let year = if p.birth.0 >= 1930 + gap && g.below(2) == 0 {
        p.birth.0 - gap
    } else {
        (p.birth.0 + gap).min(2024)
    };
    q.birth = (year, q.birth.1, q.birth.2);
    q.nir = g.nir(q.female, q.birth.0, q.birth.1);
    q
}

/// A twin: born the same day, at the same address, another first name (now and then
/// the other sex's form of the same name: Louis and Louise).
fn twin(g: &mut Gen, p: &Person) -> Person {
    let mut q = relative_of(g, p);
    q.birth = p.birth;
    // Twins are given two names.
    while q.first_name == p.first_name {
        q.first_name = g.person().first_name;
    }
    if !p.female && g.below(4) == 0 {
        q.first_name = format!("{}e", p.first_name);
        q.female = true;
    }
    q.nir = g.nir(q.female, q.birth.0, q.birth.1);
    q
}

/// A brother or sister: same address and family name, born a few years apart.
fn sibling(g: &mut Gen, p: &Person) -> Person {
    let mut q = relative_of(g, p);
    let gap = 1 + g.below(8) as u16;
    q.birth = ((p.birth.0 + gap).min(2024), q.birth.1, q.birth.2);
    q.nir = g.nir(q.female, q.birth.0, q.birth.1);
    q
}

/// Someone new at `p`'s address, with `p`'s family name.
fn relative_of(g: &mut Gen, p: &Person) -> Person {
    let mut q = g.person();
    q.last_name = p.birth_name.clone();
    q.birth_name = p.birth_name.clone();
    q.street = p.street.clone();
    q.postcode = p.postcode.clone();
    q.city = p.city.clone();
    q.phone = if g.below(2) == 0 {
        p.phone.clone()
    } else {
        q.phone
    };
    q
}

/// The registry of the plain set: families (a child with the same last name and
/// address) and twins (same birth date and last name) among single patients.
fn plain_registry(g: &mut Gen, size: usize) -> Vec<Person> {
    let mut registry: Vec<Person> = Vec::with_capacity(size);
    while registry.len() < size {
        let p = g.person();
        match g.below(20) {
            // A family: a child with the same last name and address.
            0 => {
                let mut child = g.person();
                child.last_name = p.last_name.clone();
                child.birth_name = p.last_name.clone();
                child.street = p.street.clone();
                child.postcode = p.postcode.clone();
                child.city = p.city.clone();
                registry.push(p);
                registry.push(child);
            }
            // Twins: same birth date and last name, another first name.
            1 => {
                let mut twin = g.person();
                twin.last_name = p.last_name.clone();
                twin.birth_name = p.birth_name.clone();
                twin.birth = p.birth;
                twin.nir = Gen::nir_born(&twin.nir, twin.birth);
                registry.push(p);
                registry.push(twin);
            }
            _ => registry.push(p),
        }
    }
    registry.truncate(size);
    registry
}

/// A leak row to write: the person, the registry id when a patient, its case, and
/// whether its NIR is kept whatever the draw.
struct Row {
    person: Person,
    source: Option<String>,
    case: &'static str,
    nir: bool,
}

impl Row {
    fn patient(person: Person, case: &'static str) -> Row {
        Row {
            source: Some(person.ipp.clone()),
            person,
            case,
            nir: false,
        }
    }

    fn outsider(person: Person, case: &'static str) -> Row {
        Row {
            person,
            source: None,
            case,
            nir: false,
        }
    }
}

/// Writes the registry, the leak rows (patients corrupted as real leaks are), the truth
/// and the cases.
fn write(
    dir: &Path,
    g: &mut Gen,
    registry: &[Person],
    leak_size: usize,
    mut next_row: impl FnMut(&mut Gen) -> Row,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut reg = Vec::new();
    reg.extend(enc("id;nom;nom_naissance;prenom;sexe;date_naissance;nir;adresse;code_postal;ville;telephone;email\r\n"));
    for p in registry {
        reg.extend(enc(&format!(
            "{};{};{};{};{};{};{};{};{};{};{};{}\r\n",
            p.ipp,
            p.last_name.to_uppercase(),
            p.birth_name.to_uppercase(),
            p.first_name,
            p.sex_letter(),
            p.birth_fr(),
            p.nir,
            p.street,
            p.postcode,
            p.city,
            p.phone,
            p.email
        )));
    }
    std::fs::write(dir.join("registry.csv"), reg)?;

    let mut leak = enc(
        "Réf;Nom patient;Prénom;DDN;N° SS;Adresse;CP;Ville;Tél;Commentaire;Mot de passe portail\r\n",
    );
    let mut truth = String::from("leak_ref,registry_id\n");
    let mut cases = String::from("leak_ref,case\n");
    for n in 0..leak_size {
        let reference = format!("L{n:06}");
        let Row {
            person: mut p,
            source,
            case,
            nir: keep_nir,
        } = next_row(g);
        let mut last = p.last_name.clone();
        let mut first = p.first_name.clone();
        if source.is_some() {
            if p.female && p.last_name == p.birth_name && g.below(4) == 0 {
                // Married since the registry was filled: both names in the leak, in one
                // of the two French forms.
                let married = g.person().birth_name;
                last = if g.below(2) == 0 {
                    format!("{} épouse {married}", p.birth_name)
                } else {
                    format!("{married} née {}", p.birth_name)
                };
            } else if p.last_name != p.birth_name && g.below(3) == 0 {
                // Known under her birth name only.
                last = p.birth_name.clone();
            }
            if g.below(5) == 0 {
                last = g.typo(&last);
            }
            if g.below(8) == 0 {
                first = g.typo(&first);
            }
            if let Some((head, _)) = first.split_once('-')
                && g.below(2) == 0
            {
                first = head.to_string();
            }
            if g.below(30) == 0 {
                std::mem::swap(&mut last, &mut first);
            }
            if g.below(4) == 0 {
                // Moved.
                let other = g.person();
                p.street = other.street;
                p.postcode = other.postcode;
                p.city = other.city;
            }
            if g.below(10) == 0 {
                p.phone = g.person().phone;
            }
        }
        let (y, m, d) = p.birth;
        let date = match (source.is_some(), g.below(20)) {
            (true, 0) if d <= 12 => format!("{m:02}/{d:02}/{y}"),
            // One digit wrong in the day.
            (true, 1) => format!("{:02}/{m:02}/{y}", if d < 28 { d + 1 } else { d - 1 }),
            (_, 2..=6) => format!("{d:02}/{m:02}/{:02}", y % 100),
            (_, 7..=9) => format!("{y}-{m:02}-{d:02}"),
            _ => format!("{d:02}/{m:02}/{y}"),
        };
        let nir = if !keep_nir && g.below(10) < 6 {
            String::new()
        } else {
            p.nir.clone()
        };
        if g.below(2) == 0 {
            last = strip_accents(&last);
            first = strip_accents(&first);
        }
        // What else leaked of the person: for some, a comment naming a diagnosis or a
        // treatment; for others, their results-portal password (as in the 2021 leak).
        let comment = if g.below(3) == 0 {
            COMMENTS[g.below(COMMENTS.len())]
        } else {
            ""
        };
        let password = if g.below(4) == 0 {
            format!(
                "{}{}!",
                PASSWORDS[g.below(PASSWORDS.len())],
                1990 + g.below(35)
            )
        } else {
            String::new()
        };
        leak.extend(enc(&format!(
            "{reference};{last};{first};{date};{nir};{};{};{};{};{comment};{password}\r\n",
            p.street, p.postcode, p.city, p.phone
        )));
        truth.push_str(&format!("{reference},{}\n", source.unwrap_or_default()));
        cases.push_str(&format!("{reference},{case}\n"));
    }
    std::fs::File::create(dir.join("leak.csv"))?.write_all(&leak)?;
    std::fs::write(dir.join("truth.csv"), truth)?;
    std::fs::write(dir.join("cases.csv"), cases)?;
    Ok(())
}
