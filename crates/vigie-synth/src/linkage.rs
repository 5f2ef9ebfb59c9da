//! A registry and a leak with known truth, for `vigie link`: the leak holds 70 % registry
//! patients, corrupted as real leaks are (NIR often missing, married names, typos,
//! capitals and dropped accents, cut compound first names, `JJ/MM/AA` dates, day and
//! month swapped, a digit wrong, people who moved, first and last names swapped), and
//! 30 % outsiders, some of them near-twins of a patient (same last name and birth year).
//! The registry holds families (shared last name and address) and twins (shared birth
//! date and last name). Files in Windows-1252 with `;`, as exports are; `truth.csv` maps
//! each leak reference to its registry id, or nothing.

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
    std::fs::create_dir_all(dir)?;
    let mut g = Gen::wide(seed);
    let mut registry: Vec<Person> = Vec::with_capacity(registry_size);
    while registry.len() < registry_size {
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
                registry.push(p);
                registry.push(twin);
            }
            _ => registry.push(p),
        }
    }
    registry.truncate(registry_size);
    let mut reg = Vec::new();
    reg.extend(enc("id;nom;nom_naissance;prenom;sexe;date_naissance;nir;adresse;code_postal;ville;telephone;email\r\n"));
    for p in &registry {
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
    for n in 0..leak_size {
        let reference = format!("L{n:06}");
        let (mut p, source) = if g.below(10) < 7 {
            let p = registry[g.below(registry.len())].clone();
            let id = p.ipp.clone();
            (p, Some(id))
        } else if g.below(3) == 0 {
            // A near-twin: a patient's last name and birth year, another person.
            let model = &registry[g.below(registry.len())];
            let mut q = g.person();
            q.last_name = model.last_name.clone();
            q.birth = (model.birth.0, q.birth.1, q.birth.2);
            (q, None)
        } else {
            (g.person(), None)
        };
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
        let nir = if g.below(10) < 6 {
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
    }
    std::fs::File::create(dir.join("leak.csv"))?.write_all(&leak)?;
    std::fs::write(dir.join("truth.csv"), truth)?;
    Ok(())
}
