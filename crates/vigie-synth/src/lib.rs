//! vigie-synth writes realistic synthetic French health data with known truth: a
//! laboratory's exports (Windows-1252 CSV with `;`, UTF-8 CSV, UTF-16 TSV, headerless
//! CSV, a NIR split over two columns, NDJSON, pretty JSON), an Excel callback list, a
//! gzipped PostgreSQL dump, a zip sent to a contractor, HL7 v2 and HPRIM Santé results, consultation notes
//! in free text, billing files, decoys whose check digits fail, and optionally the
//! ordinary non-personal files of a file share. Every planted value is written
//! to `truth.jsonl` as `{"path", "line", "kind"}`. Seeded and reproducible; no real person.
//!
//! It uses `vigie-detect`'s validators to compute check digits (and to make sure decoys
//! fail them), and its name and medication lists; it knows nothing of the scanner.

mod documents;
mod filler;
mod linkage;
mod people;
mod write;
mod xlsx;

pub use documents::pdf;
pub use linkage::{adversarial_linkage, linkage};
pub use people::Person;
pub use xlsx::xlsx;

use people::Gen;
use std::io::Write as _;
use std::path::Path;
use vigie_detect::Kind;
use write::{Enc, Out, Truth};

#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    /// Patients in the main export; every other file scales with it.
    pub patients: usize,
    /// Rows per file: large exports are split into numbered parts, as monthly extracts are.
    pub rows_per_file: usize,
    /// Share of the written bytes that is ordinary, non-personal files of a file share
    /// (logs, stock lists, minutes, configuration), from 0 (none) to 0.95.
    pub filler: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 42,
            patients: 1000,
            rows_per_file: 100_000,
            filler: 0.0,
        }
    }
}

/// What was written.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub truth: u64,
}

/// Writes the synthetic laboratory under `dir` (created if needed) and `truth.jsonl` in
/// it. File paths in the truth are relative to `dir`, with `/` separators.
pub fn generate(dir: &Path, cfg: &Config) -> std::io::Result<Stats> {
    std::fs::create_dir_all(dir)?;
    let mut lab = Lab {
        dir,
        g: Gen::new(cfg.seed),
        truth: Truth::create(&dir.join("truth.jsonl"))?,
        stats: Stats::default(),
    };
    let n = cfg.patients.max(1);
    let parts = n.div_ceil(cfg.rows_per_file.max(1));
    for part in 0..parts {
        let rows = cfg.rows_per_file.min(n - part * cfg.rows_per_file);
        let suffix = if parts > 1 {
            format!("_{:03}", part + 1)
        } else {
            String::new()
        };
        let people: Vec<Person> = (0..rows).map(|_| lab.g.person()).collect();
        lab.patients_export(&format!("exports/patients_export{suffix}.csv"), &people)?;
        lab.results_export(&format!("exports/resultats{suffix}.csv"), &people)?;
        lab.ndjson(
            &format!("exports/patients{suffix}.ndjson"),
            &people[..rows / 2],
        )?;
        lab.notes(
            &format!("notes/comptes_rendus{suffix}.txt"),
            &people[..(rows / 10).max(1)],
        )?;
        if part == 0 {
            let few = &people[..rows.min(200)];
            lab.utf16_tsv("exports/export_excel_unicode.txt", few)?;
            lab.headerless("exports/extraction_sans_entete.csv", few)?;
            lab.split_nir("exports/assures.csv", few)?;
            lab.pretty_json("exports/dossiers.json", &few[..few.len().min(50)])?;
            lab.billing("facturation/reglements.csv", few)?;
            lab.workbook("bureautique/rappels_patients.xlsx", few)?;
            lab.sql_dump("sauvegardes/base_labo.sql.gz", few)?;
            lab.contractor_zip("envois/prestataire.zip", few)?;
            lab.hl7("hl7/oru_resultats.hl7", &few[..few.len().min(100)])?;
            lab.hprim("hprim/RES0312.HPR", &few[..few.len().min(100)])?;
            lab.documents(&few[..few.len().min(40)])?;
            lab.decoys(rows.clamp(50, 2000))?;
        }
    }
    lab.filler(cfg.filler.clamp(0.0, 0.95))?;
    lab.stats.truth = lab.truth.count();
    lab.truth.finish()?;
    Ok(lab.stats)
}

/// Free-text comments for the export, with what each plants.
const COMMENTS: &[(&str, &[Kind])] = &[
    ("RAS", &[]),
    ("A rappeler le matin", &[]),
    (
        "Patient diabétique, HbA1c 7,2 %",
        &[Kind::HealthTerm, Kind::LabResult],
    ),
    (
        "Sérologie VIH positive, orienté vers le CeGIDD",
        &[Kind::LabResult, Kind::HealthTerm],
    ),
    (
        "Grossesse en cours, contrôle bêta-HCG 1200 UI/L",
        &[Kind::HealthTerm, Kind::LabResult],
    ),
    (
        "Suivi psychiatrique, traitement par LEVOTHYROX",
        &[Kind::HealthTerm, Kind::Medication],
    ),
    (
        "Diagnostic CIM-10 : C50.9, chimiothérapie en cours",
        &[Kind::Icd10, Kind::HealthTerm],
    ),
    ("Bilan lipidique : cholestérol 2,4 g/L", &[Kind::LabResult]),
    ("Patient anxieux.\nRevoir avec le médecin traitant", &[]),
    ("Dossier transmis; attente \"retour\" du centre", &[]),
];

const TESTS: &[(&str, &str)] = &[
    ("Glycémie", "g/L"),
    ("HbA1c", "%"),
    ("Créatinine", "µmol/L"),
    ("TSH", "mUI/L"),
    ("Ferritine", "µg/L"),
    ("CRP", "mg/L"),
    ("Cholestérol total", "g/L"),
    ("Sérologie VIH", ""),
];

const ICD: &[&str] = &[
    "E11.9", "I10", "C50.9", "F32.1", "B20", "O80", "J45.9", "N18.3",
];

const MEDS: &[&str] = &[
    "METFORMINE",
    "LEVOTHYROX",
    "KARDEGIC",
    "DOLIPRANE",
    "XARELTO",
    "VENTOLINE",
    "PLAVIX",
    "ELIQUIS",
];

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Where one generation writes, with its random source and truth.
struct Lab<'a> {
    dir: &'a Path,
    g: Gen,
    truth: Truth,
    stats: Stats,
}

impl Lab<'_> {
    /// Writes bytes built in memory (a workbook, an archive) as one file.
    fn write_bytes(&mut self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        self.stats.bytes += bytes.len() as u64;
        self.stats.files += 1;
        Ok(())
    }

    /// Writes a text file through the line-counting writer at a staging path, and returns
    /// its bytes (for an archive member) after removing it.
    fn staged(
        &mut self,
        enc: Enc,
        eol: &'static str,
        body: impl FnOnce(&mut Out, &mut Self) -> std::io::Result<()>,
    ) -> std::io::Result<Vec<u8>> {
        let staging = ".staging.tmp".to_string();
        let mut out = Out::create(self.dir, &staging, enc, eol)?;
        body(&mut out, self)?;
        out.finish()?;
        let path = self.dir.join(&staging);
        let bytes = std::fs::read(&path)?;
        std::fs::remove_file(path)?;
        Ok(bytes)
    }

    /// A callback list kept in Excel: names, phone, birth date typed as text, and the NIR
    /// typed as a number.
    fn workbook(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut rows = vec![
            ["Nom", "Prénom", "Téléphone", "Date de naissance", "NIR"]
                .map(String::from)
                .to_vec(),
        ];
        for (i, p) in people.iter().enumerate() {
            rows.push(vec![
                p.last_name.to_uppercase(),
                p.first_name.clone(),
                self.g.phone_format(&p.phone),
                p.birth_fr(),
                p.nir.clone(),
            ]);
            let kinds = [
                Kind::PersonName,
                Kind::PersonName,
                Kind::Phone,
                Kind::BirthDate,
                Kind::Nir,
            ];
            self.truth.add_all(rel, i as u64 + 2, &kinds)?;
        }
        let bytes = xlsx::xlsx("Rappels", &rows)?;
        self.write_bytes(rel, &bytes)
    }

    /// A gzipped PostgreSQL dump: CREATE TABLE, a COPY block, then INSERTs.
    fn sql_dump(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let inner = rel
            .rsplit('/')
            .next()
            .unwrap_or(rel)
            .trim_end_matches(".gz")
            .to_string();
        let member = format!("{rel}!{inner}");
        let (copied, inserted) = people.split_at(people.len() / 2);
        let dump = self.staged(Enc::Utf8, "\n", |out, lab| {
            for l in [
                "--",
                "-- PostgreSQL database dump",
                "--",
                "SET client_encoding = 'UTF8';",
                "CREATE TABLE public.patients (",
                "    id integer NOT NULL,",
                "    nom character varying(100),",
                "    prenom character varying(100),",
                "    nir character(15),",
                "    date_naissance date,",
                "    email text",
                ");",
                "COPY public.patients (id, nom, prenom, nir, date_naissance, email) FROM stdin;",
            ] {
                out.raw_line(l)?;
            }
            let kinds = [
                Kind::PersonName,
                Kind::PersonName,
                Kind::Nir,
                Kind::BirthDate,
                Kind::Email,
            ];
            for (i, p) in copied.iter().enumerate() {
                let line = out.line();
                out.raw_line(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    i + 1,
                    p.last_name,
                    p.first_name,
                    p.nir,
                    p.birth_iso(),
                    p.email
                ))?;
                lab.truth.add_all(&member, line, &kinds)?;
            }
            out.raw_line("\\.")?;
            for (i, p) in inserted.iter().enumerate() {
                let line = out.line();
                let q = |s: &str| s.replace('\'', "''");
                out.raw_line(&format!(
                    "INSERT INTO public.patients VALUES ({}, '{}', '{}', '{}', '{}', '{}');",
                    copied.len() + i + 1,
                    q(&p.last_name),
                    q(&p.first_name),
                    p.nir,
                    p.birth_iso(),
                    q(&p.email)
                ))?;
                lab.truth.add_all(&member, line, &kinds)?;
            }
            Ok(())
        })?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &dump)?;
        let bytes = gz.finish()?;
        self.write_bytes(rel, &bytes)
    }

    /// The zip sent to a contractor: an extraction CSV and a note.
    /// A contact list as a contractor receives it (names, birth date, phone, e-mail), to be
    /// packed into an archive as `member` (the truth's path).
    fn contact_csv(&mut self, member: &str, people: &[Person]) -> std::io::Result<Vec<u8>> {
        self.staged(Enc::Utf8, "\n", |out, lab| {
            out.record(&["nom", "prenom", "ddn", "telephone", "courriel"], b';')?;
            for p in people {
                let line = out.line();
                out.record(
                    &[
                        &p.last_name,
                        &p.first_name,
                        &p.birth_fr(),
                        &p.phone,
                        &p.email,
                    ],
                    b';',
                )?;
                lab.truth.add_all(
                    member,
                    line,
                    &[
                        Kind::PersonName,
                        Kind::PersonName,
                        Kind::BirthDate,
                        Kind::Phone,
                        Kind::Email,
                    ],
                )?;
            }
            Ok(())
        })
    }

    fn contractor_zip(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let csv = self.contact_csv(&format!("{rel}!extraction/patients.csv"), people)?;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        w.start_file("extraction/patients.csv", options)
            .map_err(std::io::Error::other)?;
        std::io::Write::write_all(&mut w, &csv)?;
        w.start_file("LISEZMOI.txt", options)
            .map_err(std::io::Error::other)?;
        std::io::Write::write_all(
            &mut w,
            "Extraction pour la migration du logiciel.".as_bytes(),
        )?;
        let bytes = w.finish().map_err(std::io::Error::other)?.into_inner();
        self.write_bytes(rel, &bytes)
    }

    /// HL7 v2 ORU messages, segments separated by CR: the `line` of a finding is its
    /// segment's number.
    fn hl7(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\r")?;
        for (i, p) in people.iter().enumerate() {
            let icd = ICD[self.g.below(ICD.len())];
            out.raw_line(&format!("MSH|^~\\&|LABO|SITE|DPI|HOP|20250312083000||ORU^R01|MSG{i:06}|P|2.5|||||FRA|UNICODE UTF-8"))?;
            let line = out.line();
            out.raw_line(&format!(
                "PID|1||{}^^^LABO^PI~{}^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS||{}^{}||{}|{}|||{}^^{}^^{}^FRA||{}^PRN^PH~^NET^Internet^{}",
                p.ipp, p.nir, p.last_name.to_uppercase(), p.first_name.to_uppercase(), p.birth_iso().replace('-', ""), p.sex_letter(), p.street, p.city, p.postcode, p.phone, p.email
            ))?;
            self.truth.add_all(
                rel,
                line,
                &[
                    Kind::Nir,
                    Kind::PersonName,
                    Kind::BirthDate,
                    Kind::PostalAddress,
                    Kind::Phone,
                    Kind::Email,
                ],
            )?;
            let line = out.line();
            out.raw_line(&format!("OBR|1||{}|GLU^Glycémie^L", 5000 + i))?;
            self.truth.add_all(rel, line, &[Kind::LabResult])?;
            let line = out.line();
            out.raw_line(&format!(
                "OBX|1|NM|GLU^Glycémie^L||1.{}|g/L|0.70-1.10|H|||F",
                10 + self.g.below(80)
            ))?;
            self.truth
                .add_all(rel, line, &[Kind::LabResult, Kind::LabResult])?;
            let line = out.line();
            out.raw_line(&format!("DG1|1||{icd}^Diagnostic^I10"))?;
            self.truth.add_all(rel, line, &[Kind::Icd10])?;
        }
        self.done(out)
    }

    /// HPRIM Santé results as a laboratory sends them to a practice: Windows-1252, CRLF,
    /// `~` between components, a NIR among the patient identifiers, and every fifth result
    /// continued on an `A|` line.
    fn hprim(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Windows1252, "\r\n")?;
        out.raw_line(
            "H|~^\\&|RES0312.HPR||LABO~Laboratoire||ORU|||CAB~Cabinet||P|H2.2~C|202503120830",
        )?;
        for (i, p) in people.iter().enumerate() {
            let line = out.line();
            let birth_name = if p.birth_name != p.last_name {
                p.birth_name.to_uppercase()
            } else {
                String::new()
            };
            out.raw_line(&format!(
                "P|{}|{}||{}|{}~{}|{birth_name}|{}|{}||{}~~{}~~{}||{}",
                i + 1,
                p.ipp,
                p.nir,
                p.last_name.to_uppercase(),
                p.first_name,
                p.birth_iso().replace('-', ""),
                p.sex_letter(),
                p.street,
                p.city,
                p.postcode,
                p.phone
            ))?;
            let mut kinds = vec![
                Kind::Nir,
                Kind::PersonName,
                Kind::BirthDate,
                Kind::PostalAddress,
                Kind::Phone,
            ];
            if !birth_name.is_empty() {
                kinds.push(Kind::PersonName);
            }
            self.truth.add_all(rel, line, &kinds)?;
            let line = out.line();
            out.raw_line(&format!("OBR|1||{}|GLU~Glycémie~L", 5000 + i))?;
            self.truth.add_all(rel, line, &[Kind::LabResult])?;
            let line = out.line();
            let value = format!("1.{}", 10 + self.g.below(80));
            if i % 5 == 0 {
                out.raw_line("OBX|1|NM|GLU~Glycémie~L||")?;
                self.truth.add_all(rel, line, &[Kind::LabResult])?;
                let line = out.line();
                out.raw_line(&format!("A|{value}|g/L|0.70-1.10|H"))?;
                self.truth.add_all(rel, line, &[Kind::LabResult])?;
            } else {
                out.raw_line(&format!("OBX|1|NM|GLU~Glycémie~L||{value}|g/L|0.70-1.10|H"))?;
                self.truth
                    .add_all(rel, line, &[Kind::LabResult, Kind::LabResult])?;
            }
            let line = out.line();
            out.raw_line("C|1|L|Patient diabétique, suivi trimestriel|G")?;
            self.truth.add_all(rel, line, &[Kind::HealthTerm])?;
        }
        out.raw_line("L|1")?;
        self.done(out)
    }

    /// Adds non-personal files until they are `ratio` of all bytes written.
    fn filler(&mut self, ratio: f64) -> std::io::Result<()> {
        if ratio <= 0.0 {
            return Ok(());
        }
        let target = (self.stats.bytes as f64 * ratio / (1.0 - ratio)) as u64;
        let mut written = 0u64;
        let mut part = 0usize;
        while written < target {
            part += 1;
            let before = self.stats.bytes;
            let (rel, kind) = match part % 4 {
                0 => (format!("partage/logs/app_{part:04}.log"), 0),
                1 => (format!("partage/stock/inventaire_{part:04}.csv"), 1),
                2 => (format!("partage/reunions/compte_rendu_{part:04}.txt"), 2),
                _ => (format!("partage/config/parametres_{part:04}.json"), 3),
            };
            let mut out = filler::open(self.dir, &rel)?;
            match kind {
                0 => filler::log(&mut out, &mut self.g, 10_000)?,
                1 => filler::stock(&mut out, &mut self.g, 20_000)?,
                2 => filler::minutes(&mut out, &mut self.g, 2_000)?,
                _ => filler::config(&mut out, &mut self.g, 5_000)?,
            }
            self.done(out)?;
            written += self.stats.bytes - before;
        }
        Ok(())
    }

    fn done(&mut self, out: Out) -> std::io::Result<()> {
        self.stats.bytes += out.finish()?;
        self.stats.files += 1;
        Ok(())
    }

    fn patients_export(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Windows1252, "\r\n")?;
        out.record(
            &[
                "IPP",
                "N° SS",
                "Nom",
                "Nom de naissance",
                "Prénom",
                "DDN",
                "Sexe",
                "Adresse",
                "CP",
                "Ville",
                "Tél.",
                "Courriel",
                "Mot de passe portail",
                "Commentaire",
            ],
            b';',
        )?;
        for p in people {
            let (comment, planted) = COMMENTS[self.g.below(COMMENTS.len())];
            let line = out.line();
            let birth_name = if p.birth_name != p.last_name {
                p.birth_name.as_str()
            } else {
                ""
            };
            out.record(
                &[
                    &p.ipp,
                    &self.g.nir_format(&p.nir),
                    &p.last_name,
                    birth_name,
                    &p.first_name,
                    &p.birth_fr(),
                    p.sex_letter(),
                    &p.street,
                    &p.postcode,
                    &p.city,
                    &self.g.phone_format(&p.phone),
                    &p.email,
                    &p.password,
                    comment,
                ],
                b';',
            )?;
            let mut kinds = vec![
                Kind::Nir,
                Kind::PersonName,
                Kind::PersonName,
                Kind::BirthDate,
                Kind::PostalAddress,
                Kind::Phone,
                Kind::Email,
                Kind::Password,
            ];
            if !birth_name.is_empty() {
                kinds.push(Kind::PersonName);
            }
            kinds.extend_from_slice(planted);
            self.truth.add_all(rel, line, &kinds)?;
        }
        self.done(out)
    }

    fn results_export(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        out.record(
            &[
                "id_patient",
                "nir",
                "date_prelevement",
                "analyse",
                "resultat",
                "unite",
                "rpps_prescripteur",
                "finess",
            ],
            b',',
        )?;
        for p in people {
            let (test, unit) = TESTS[self.g.below(TESTS.len())];
            let value = if unit.is_empty() {
                "négatif".to_string()
            } else {
                format!("{}.{}", self.g.below(20), self.g.below(100))
            };
            let line = out.line();
            out.record(
                &[
                    &p.ipp,
                    &p.nir,
                    &self.g.date_recent(),
                    test,
                    &value,
                    unit,
                    &self.g.rpps(),
                    &self.g.finess(),
                ],
                b',',
            )?;
            // The test name and its result (numeric or qualitative) are two findings.
            let kinds = [
                Kind::Nir,
                Kind::LabResult,
                Kind::Rpps,
                Kind::Finess,
                Kind::LabResult,
            ];
            self.truth.add_all(rel, line, &kinds)?;
        }
        self.done(out)
    }

    fn ndjson(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        for p in people {
            let line = out.line();
            let icd = ICD[self.g.below(ICD.len())];
            let med = MEDS[self.g.below(MEDS.len())];
            out.raw_line(&format!(
                "{{\"ipp\":{},\"nir\":{},\"identite\":{{\"nom\":{},\"prenom\":{},\"date_naissance\":\"{}\",\"sexe\":\"{}\"}},\"contact\":{{\"email\":{},\"telephone\":\"{}\",\"adresse\":{{\"rue\":{},\"cp\":\"{}\",\"ville\":{}}}}},\"cim10\":[\"{icd}\"],\"traitements\":[\"{med}\"],\"actif\":true,\"score\":{}}}",
                json_str(&p.ipp), json_str(&p.nir), json_str(&p.last_name), json_str(&p.first_name), p.birth_iso(), p.sex_letter(),
                json_str(&p.email), p.phone_e164(), json_str(&p.street), p.postcode, json_str(&p.city), self.g.below(100)
            ))?;
            self.truth.add_all(
                rel,
                line,
                &[
                    Kind::Nir,
                    Kind::PersonName,
                    Kind::PersonName,
                    Kind::BirthDate,
                    Kind::Email,
                    Kind::Phone,
                    Kind::PostalAddress,
                    Kind::Icd10,
                    Kind::Medication,
                ],
            )?;
        }
        self.done(out)
    }

    fn notes(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        for p in people {
            for (text, kinds) in self.report_lines(p) {
                let line = out.line();
                out.raw_line(&text)?;
                self.truth.add_all(rel, line, &kinds)?;
            }
        }
        self.done(out)
    }

    /// A consultation report about `p`, a paragraph a line, each with what it plants; the
    /// last line is empty.
    fn report_lines(&mut self, p: &Person) -> Vec<(String, Vec<Kind>)> {
        {
            let doctor = self.g.person();
            let icd = ICD[self.g.below(ICD.len())];
            let med = MEDS[self.g.below(MEDS.len())];
            vec![
                (
                    format!("Compte rendu de consultation — {}", self.g.lab_name()),
                    vec![],
                ),
                (
                    format!(
                        "Patient : {} {} {}, {} le {}",
                        p.civility(),
                        p.first_name,
                        p.last_name.to_uppercase(),
                        if p.female { "née" } else { "né" },
                        p.birth_fr()
                    ),
                    vec![Kind::PersonName, Kind::BirthDate],
                ),
                (
                    format!("NIR : {}", self.g.nir_format(&p.nir)),
                    vec![Kind::Nir],
                ),
                (
                    format!(
                        "Tél. {} — courriel : {}",
                        self.g.phone_format(&p.phone),
                        p.email
                    ),
                    vec![Kind::Phone, Kind::Email],
                ),
                (
                    format!("Adresse : {} {} {}", p.street, p.postcode, p.city),
                    vec![Kind::PostalAddress],
                ),
                (
                    format!(
                        "Résultats : Glycémie à jeun : 1,{} g/L ; HbA1c {},{} %.",
                        10 + self.g.below(80),
                        5 + self.g.below(5),
                        self.g.below(10)
                    ),
                    vec![Kind::LabResult, Kind::LabResult],
                ),
                (
                    format!("Diagnostic CIM-10 : {icd}. Traitement : {med} 850 mg."),
                    vec![Kind::Icd10, Kind::Medication],
                ),
                (
                    format!(
                        "Prescripteur : Dr {} {} (RPPS {})",
                        doctor.first_name,
                        doctor.last_name.to_uppercase(),
                        self.g.rpps()
                    ),
                    vec![Kind::PersonName, Kind::Rpps],
                ),
                (String::new(), vec![]),
            ]
        }
    }

    /// Excel's "Unicode text" export: UTF-16LE with BOM, tab-separated.
    fn utf16_tsv(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf16Le, "\r\n")?;
        out.record(
            &["Nom", "Prénom", "Date de naissance", "Téléphone", "N° SS"],
            b'\t',
        )?;
        for p in people {
            let line = out.line();
            out.record(
                &[&p.last_name, &p.first_name, &p.birth_fr(), &p.phone, &p.nir],
                b'\t',
            )?;
            self.truth.add_all(
                rel,
                line,
                &[
                    Kind::PersonName,
                    Kind::PersonName,
                    Kind::BirthDate,
                    Kind::Phone,
                    Kind::Nir,
                ],
            )?;
        }
        self.done(out)
    }

    fn headerless(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        for p in people {
            let line = out.line();
            out.record(
                &[&p.nir, &p.last_name.to_uppercase(), &p.first_name, &p.email],
                b',',
            )?;
            self.truth.add_all(
                rel,
                line,
                &[Kind::Nir, Kind::PersonName, Kind::PersonName, Kind::Email],
            )?;
        }
        self.done(out)
    }

    /// The 13-digit number with its key in the next column, as some insurers export it.
    fn split_nir(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        out.record(&["Nom", "NIR", "Clé", "Date naissance"], b';')?;
        for p in people {
            let line = out.line();
            out.record(
                &[&p.last_name, &p.nir[..13], &p.nir[13..], &p.birth_fr()],
                b';',
            )?;
            self.truth
                .add_all(rel, line, &[Kind::PersonName, Kind::Nir, Kind::BirthDate])?;
        }
        self.done(out)
    }

    fn pretty_json(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        out.raw_line("[")?;
        for (i, p) in people.iter().enumerate() {
            let (test, _) = TESTS[self.g.below(TESTS.len() - 1)];
            let fields: [(String, &[Kind]); 6] = [
                (format!("    \"nir\": {},", json_str(&p.nir)), &[Kind::Nir]),
                (
                    format!("    \"nom\": {},", json_str(&p.last_name)),
                    &[Kind::PersonName],
                ),
                (
                    format!("    \"prenom\": {},", json_str(&p.first_name)),
                    &[Kind::PersonName],
                ),
                (
                    format!("    \"ddn\": \"{}\",", p.birth_fr()),
                    &[Kind::BirthDate],
                ),
                (
                    format!("    \"email\": {},", json_str(&p.email)),
                    &[Kind::Email],
                ),
                (
                    format!(
                        "    \"analyses\": [{{\"analyse\": {}, \"resultat\": {}.{}}}]",
                        json_str(test),
                        self.g.below(10),
                        self.g.below(100)
                    ),
                    &[Kind::LabResult, Kind::LabResult],
                ),
            ];
            out.raw_line("  {")?;
            for (text, kinds) in fields {
                let line = out.line();
                out.raw_line(&text)?;
                self.truth.add_all(rel, line, kinds)?;
            }
            out.raw_line(if i + 1 == people.len() { "  }" } else { "  }," })?;
        }
        out.raw_line("]")?;
        self.done(out)
    }

    fn billing(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, rel, Enc::Utf8Bom, "\r\n")?;
        out.record(
            &[
                "Date",
                "Patient",
                "IBAN",
                "Carte bancaire",
                "Montant",
                "SIRET labo",
            ],
            b';',
        )?;
        let siret = self.g.siret();
        for p in people {
            let line = out.line();
            let name = format!("{} {}", p.last_name.to_uppercase(), p.first_name);
            let amount = format!("{},{:02}", 10 + self.g.below(200), self.g.below(100));
            out.record(
                &[
                    &self.g.date_recent(),
                    &name,
                    &self.g.iban_format(),
                    &self.g.card_format(),
                    &amount,
                    &siret,
                ],
                b';',
            )?;
            self.truth.add_all(
                rel,
                line,
                &[Kind::PersonName, Kind::Iban, Kind::PaymentCard, Kind::Siret],
            )?;
        }
        self.done(out)
    }

    /// Look-alikes that must not be reported: wrong keys, failed Luhn, bad IBAN checks,
    /// dates without a birth context, civilities without names. Nothing here goes in the
    /// truth.
    fn decoys(&mut self, n: usize) -> std::io::Result<()> {
        let mut out = Out::create(self.dir, "decoys/commandes.csv", Enc::Utf8, "\n")?;
        out.record(&["N° commande", "Référence", "Montant", "Date"], b';')?;
        for _ in 0..n {
            out.record(
                &[
                    &self.g.bad_nir(),
                    &self.g.bad_card(),
                    &format!(
                        "{} {:03},{:02}",
                        1 + self.g.below(9),
                        self.g.below(1000),
                        self.g.below(100)
                    ),
                    &self.g.date_recent(),
                ],
                b';',
            )?;
        }
        self.done(out)?;
        let mut out = Out::create(self.dir, "decoys/notes_internes.txt", Enc::Utf8, "\n")?;
        for _ in 0..n {
            let line = match self.g.below(8) {
                0 => "Mme a appelé pour décaler son rendez-vous.".to_string(),
                1 => format!(
                    "Commande {} expédiée le {}.",
                    self.g.bad_nir(),
                    self.g.date_recent()
                ),
                2 => format!("Carte {} refusée, client rappelé.", self.g.bad_card()),
                3 => format!(
                    "IBAN {} rejeté par la banque (clé fausse).",
                    self.g.bad_iban()
                ),
                4 => format!("Échantillon prélevé le {} salle B12.", self.g.date_recent()),
                5 => "Le patient est venu sans ordonnance; traitement de texte à réinstaller."
                    .to_string(),
                6 => format!(
                    "Ticket {} ouvert, réf. {}.",
                    self.g.bad_luhn(11),
                    self.g.bad_luhn(9)
                ),
                _ => format!(
                    "Version 2.{}.{} déployée sur le poste 12.",
                    self.g.below(10),
                    self.g.below(50)
                ),
            };
            out.raw_line(&line)?;
        }
        self.done(out)?;
        let mut readme = std::fs::File::create(self.dir.join("LISEZMOI.txt"))?;
        writeln!(
            readme,
            "Données synthétiques générées par vigie-synth (graine fixe) : aucune personne réelle.\n\
             Synthetic data generated by vigie-synth (fixed seed): no real person.\n\
             truth.jsonl lists every planted value as path, line and kind."
        )?;
        Ok(())
    }
}
