//! The notice to one person: who they are (from the case's affected persons), which of
//! their data were exposed (their categories only) and what to advise, their check code,
//! and the e-mail and letter text from the templates, in their language.
//!
//! Templates are Jinja (minijinja): `email.fr.txt`, `email.en.txt` (first line
//! `Subject: …`), `letter.fr.txt`, `letter.en.txt` (lines starting `# ` are headings), and
//! `categories.toml`. A controller's directory replaces any of them; every template is
//! compiled and rendered against a sample person before anything is sent, so a broken
//! one is refused with its file, line and reason.

use crate::Error;
use crate::words::{self, Categories, Labels};
use jiff::Timestamp;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::path::Path;
use vigie_breach::Lang;
use vigie_breach::case::{Breach, DataCategory};
use vigie_breach::crypt::RegisterKey;
use vigie_breach::evidence::Person;
use vigie_breach::obligations::{Decision, Recipient};

const TEMPLATES: [(&str, &str); 4] = [
    ("email.fr.txt", include_str!("../templates/email.fr.txt")),
    ("email.en.txt", include_str!("../templates/email.en.txt")),
    ("letter.fr.txt", include_str!("../templates/letter.fr.txt")),
    ("letter.en.txt", include_str!("../templates/letter.en.txt")),
];

/// The embedded templates and category words, by file name: what a controller copies to
/// edit.
/// Writes the embedded templates into `dir` to be edited, keeping the files already
/// there; returns those written.
pub fn export(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    let mut written = Vec::new();
    for (name, text) in embedded_files() {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(&path, text).map_err(Error::io(&path))?;
            written.push(path);
        }
    }
    Ok(written)
}

pub fn embedded_files() -> Vec<(&'static str, &'static str)> {
    let mut files = TEMPLATES.to_vec();
    files.push((
        Categories::FILE,
        include_str!("../templates/categories.toml"),
    ));
    files
}

/// The notice templates and the words they use, checked.
pub struct Templates {
    env: Environment<'static>,
    pub categories: Categories,
    pub labels: &'static Labels,
}

fn template_error(e: &minijinja::Error) -> String {
    let place = match (e.name(), e.line()) {
        (Some(n), Some(l)) => format!("{n}:{l}"),
        (Some(n), None) => n.to_string(),
        _ => "template".to_string(),
    };
    let reason = e
        .detail()
        .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()));
    format!("{place}: {reason}")
}

impl Templates {
    /// The embedded templates, each replaced by the file of the same name in `dir` when
    /// there is one. Every error of every template is reported at once.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        let mut errors = Vec::new();
        let read = |name: &str| -> Result<Option<String>, String> {
            let Some(dir) = dir else { return Ok(None) };
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(t) => Ok(Some(t)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(format!("{}: {e}", path.display())),
            }
        };
        for (name, embedded) in TEMPLATES {
            let source = match read(name) {
                Ok(s) => s.unwrap_or_else(|| embedded.to_string()),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if name.starts_with("email.") && !source.starts_with("Subject:") {
                errors.push(format!(
                    "{name}:1: an e-mail template starts with its `Subject: …` line"
                ));
            }
            if let Err(e) = env.add_template_owned(name, source) {
                errors.push(template_error(&e));
            }
        }
        let categories = match read(Categories::FILE) {
            Ok(Some(text)) => Categories::parse(&text, Categories::FILE),
            Ok(None) => Ok(Categories::embedded()),
            Err(e) => Err(Error::Templates(vec![e])),
        };
        let categories = categories.unwrap_or_else(|e| {
            errors.push(e.to_string());
            Categories::embedded()
        });
        let templates = Templates {
            env,
            categories,
            labels: Labels::embedded(),
        };
        if errors.is_empty() {
            errors.extend(templates.rehearse());
        }
        if errors.is_empty() {
            Ok(templates)
        } else {
            Err(Error::Templates(errors))
        }
    }

    /// Renders every template for a sample person with every category, so that a name
    /// the templates use and the notice does not give is found before sending.
    fn rehearse(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for lang in [Lang::Fr, Lang::En] {
            let ctx = sample_context(self, lang);
            for channel in ["email", "letter"] {
                if let Err(e) = self.render(channel, lang, &ctx) {
                    errors.push(e.to_string());
                }
            }
        }
        errors
    }

    fn render(&self, channel: &str, lang: Lang, ctx: &Context) -> Result<String, Error> {
        let name = format!("{channel}.{}.txt", lang.id());
        self.env
            .get_template(&name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| Error::Templates(vec![template_error(&e)]))
    }
}

/// What a template sees.
#[derive(Serialize)]
pub struct Context {
    pub person: PersonContext,
    /// The person's exposed categories: `id`, `label` and the `text` that tells it.
    pub exposed: Vec<Exposed>,
    /// The advice for those categories, each once.
    pub advice: Vec<String>,
    pub breach: BreachContext,
    pub organisation: String,
    pub dpo: String,
    pub check: CheckContext,
    /// Today, as a letter writes it.
    pub date: String,
}

#[derive(Clone, Serialize)]
pub struct PersonContext {
    /// `Madame`, `Monsieur`, `Madame, Monsieur`; `Dear Ms Durand`…
    pub salutation: String,
    pub first_name: String,
    pub last_name: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct Exposed {
    pub id: String,
    pub label: String,
    pub text: String,
}

#[derive(Clone, Serialize)]
pub struct BreachContext {
    pub reference: String,
    pub discovered: String,
    /// What happened, in a sentence or two.
    pub summary: String,
    pub consequences: String,
    pub measures: String,
}

#[derive(Serialize)]
pub struct CheckContext {
    pub code: String,
    pub url: Option<String>,
}

fn sample_context(t: &Templates, lang: Lang) -> Context {
    let exposed = words::ALL_CATEGORIES
        .iter()
        .filter_map(|c| t.categories.get(*c, lang).map(|w| (c, w)))
        .map(|(c, w)| Exposed {
            id: words::id_of(c),
            label: t.labels.of("data", c, lang),
            text: w.exposed.clone(),
        })
        .collect();
    Context {
        person: PersonContext {
            salutation: lang.pick("Madame", "Dear Ms Exemple").into(),
            first_name: "Claire".into(),
            last_name: "Exemple".into(),
            name: "Claire Exemple".into(),
        },
        exposed,
        advice: vec!["…".into()],
        breach: BreachContext {
            reference: "VIG-2026-0001".into(),
            discovered: "1er janvier 2026".into(),
            summary: "…".into(),
            consequences: "…".into(),
            measures: "…".into(),
        },
        organisation: "Laboratoire".into(),
        dpo: "dpo@example.org".into(),
        check: CheckContext {
            code: "ABCD-EFGH-JKMN-PQRS".into(),
            url: Some("https://example.org/verifier".into()),
        },
        date: "1er janvier 2026".into(),
    }
}

/// Who a notice goes to, read from an affected person of the case.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Addressee {
    pub registry_id: String,
    pub sex: Option<char>,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Street lines of the postal address.
    pub street: Vec<String>,
    pub postcode: String,
    pub city: String,
    pub lang: Option<Lang>,
    pub categories: Vec<DataCategory>,
}

/// The first of `keys` the person's details have, as text.
fn detail(p: &Person, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let v = p.details.get(*k)?;
        let s = match v {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        (!s.is_empty()).then_some(s)
    })
}

impl Addressee {
    /// The fields a link result or a registry gives (`last_name`, `first_name`, `sex`,
    /// `email`, `address`, `postcode`, `city`, `lang`, and their French names).
    pub fn of(p: &Person) -> Addressee {
        let sex = detail(p, &["sex", "sexe", "civilite", "civility"]).and_then(|s| {
            let s = s.to_lowercase();
            // "Mme" and "Madame" start like "M" (masculin): read them first.
            if ["mme", "madame", "mlle", "f"]
                .iter()
                .any(|p| s.starts_with(p))
                || s == "2"
            {
                Some('F')
            } else if s.starts_with('m') || s.starts_with('h') || s == "1" {
                Some('M')
            } else {
                None
            }
        });
        let email = detail(p, &["email", "e-mail", "mail", "courriel"])
            .filter(|e| e.contains('@') && !e.contains(char::is_whitespace));
        Addressee {
            registry_id: p.registry_id.clone(),
            sex,
            phone: detail(p, &["phone", "telephone", "téléphone", "tel"]),
            first_name: detail(p, &["first_name", "prenom", "prénom"]).unwrap_or_default(),
            last_name: detail(p, &["last_name", "usage_name", "nom"]).unwrap_or_default(),
            email,
            street: detail(p, &["address", "adresse"])
                .map(|a| {
                    a.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            postcode: detail(p, &["postcode", "code_postal", "cp"]).unwrap_or_default(),
            city: detail(p, &["city", "ville", "commune"]).unwrap_or_default(),
            lang: detail(p, &["lang", "langue", "language"]).and_then(|l| Lang::parse(&l)),
            categories: p.categories.clone(),
        }
    }

    pub fn name(&self) -> String {
        [self.first_name.as_str(), self.last_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether a letter can reach the person: a street, a postcode and a city.
    pub fn postal(&self) -> bool {
        !self.street.is_empty() && !self.postcode.is_empty() && !self.city.is_empty()
    }

    /// The address block of a letter, as La Poste wants it: name, street lines, postcode
    /// and city in capitals on the last line.
    pub fn address_block(&self) -> Vec<String> {
        let mut lines = vec![self.name().to_uppercase()];
        lines.extend(self.street.iter().cloned());
        lines.push(format!("{} {}", self.postcode, self.city.to_uppercase()));
        lines
    }

    fn salutation(&self, lang: Lang) -> String {
        match (lang, self.sex) {
            (Lang::Fr, Some('F')) => "Madame".into(),
            (Lang::Fr, Some(_)) => "Monsieur".into(),
            (Lang::Fr, None) => "Madame, Monsieur".into(),
            (Lang::En, Some(s)) if !self.last_name.is_empty() => {
                format!(
                    "Dear {} {}",
                    if s == 'F' { "Ms" } else { "Mr" },
                    self.last_name
                )
            }
            (Lang::En, _) if !self.name().is_empty() => format!("Dear {}", self.name()),
            (Lang::En, _) => "Dear Sir or Madam".into(),
        }
    }
}

/// The check code printed in a person's notice: 80 bits from a keyed hash of the case and
/// the person, so a rerun gives the same code, and only its keyed hash is stored. Crockford
/// base 32 (no I, L, O, U) in groups of four.
pub fn check_code(key: &RegisterKey, reference: &str, registry_id: &str) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let h = key.keyed_hash(
        "check code",
        format!("{reference}\0{registry_id}").as_bytes(),
    );
    let mut bits = u128::from_le_bytes(h[..16].try_into().unwrap_or_default());
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[(bits & 31) as usize]));
        bits >>= 5;
    }
    out
}

/// A code as a person types it, read the Crockford way: case, spaces and dashes ignored,
/// O read as 0, I and L as 1. `None` when it cannot be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(16);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c @ ('0'..='9' | 'A'..='Z') if c != 'U' => c,
            _ => return None,
        };
        out.push(c);
    }
    (out.len() == 16).then_some(out)
}

/// What is stored of a check code: its keyed hash, in hex.
pub fn code_hash(key: &RegisterKey, code: &str) -> Option<String> {
    let code = normalise_code(code)?;
    Some(hex(&key.keyed_hash("check code hash", code.as_bytes())))
}

/// How the delivery log names a person: a keyed hash of the case and their registry id.
pub fn person_key(key: &RegisterKey, reference: &str, registry_id: &str) -> String {
    hex(&key.keyed_hash(
        "delivery person",
        format!("{reference}\0{registry_id}").as_bytes(),
    )[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the organisation says of itself in its notices.
#[derive(Clone, Debug, Default)]
pub struct Sender {
    pub organisation: String,
    /// The letterhead's address lines.
    pub address: Vec<String>,
    /// The self-check page, printed with the code.
    pub check_url: Option<String>,
    /// The language of persons whose record does not say.
    pub lang: Option<Lang>,
}

/// One person's notice, ready to send or print.
#[derive(Clone, Debug)]
pub struct Notice {
    pub addressee: Addressee,
    /// The delivery log's name for the person.
    pub person: String,
    pub code: String,
    pub lang: Lang,
    pub subject: String,
    /// The e-mail's body.
    pub email: String,
    /// The letter's text (headings start with `# `).
    pub letter: String,
    /// The categories the notice tells of.
    pub categories: Vec<DataCategory>,
}

/// What the self-check tells a person, kept sealed beside the keyed hashes of their code
/// and contact details: their categories, in their language, and where to answer them.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Answer {
    pub reference: String,
    pub categories: Vec<DataCategory>,
    pub lang: Lang,
    /// Where the answer to a contact request goes (the address the registry holds).
    pub email: Option<String>,
    pub organisation: String,
    pub dpo: String,
}

impl Notice {
    pub fn answer(&self, writer: &Writer) -> Answer {
        Answer {
            reference: writer.reference.clone(),
            categories: self.categories.clone(),
            lang: self.lang,
            email: self.addressee.email.clone(),
            organisation: writer.sender.organisation.clone(),
            dpo: writer.dpo.clone(),
        }
    }
}

/// A contact as the self-check compares it: an e-mail address in lower case, or a phone
/// number's digits in international form (`33612345678`). `None` when it is neither.
pub fn normalise_contact(contact: &str) -> Option<String> {
    let c = contact.trim();
    if c.contains('@') {
        let c = c.to_lowercase();
        return (c.len() > 3 && !c.contains(char::is_whitespace)).then_some(c);
    }
    let plus = c.starts_with('+');
    let digits: String = c.chars().filter(char::is_ascii_digit).collect();
    let national = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        // A French number written the national way.
        format!("33{rest}")
    } else {
        digits
    };
    (8..=15).contains(&national.len()).then_some(national)
}

/// What is stored of a contact: its keyed hash, in hex.
pub fn contact_hash(key: &RegisterKey, contact: &str) -> Option<String> {
    let c = normalise_contact(contact)?;
    Some(hex(&key.keyed_hash("check contact", c.as_bytes())))
}

/// Writes the notices of one case.
pub struct Writer<'a> {
    templates: &'a Templates,
    key: RegisterKey,
    reference: String,
    sender: Sender,
    dpo: String,
    case_categories: Vec<DataCategory>,
    breach: [BreachContext; 2],
    today: [String; 2],
}

impl<'a> Writer<'a> {
    /// Refused when the notices would have to state a fact the case does not hold.
    pub fn new(
        templates: &'a Templates,
        key: RegisterKey,
        breach: &Breach,
        decisions: &[Decision],
        sender: Sender,
        now: Timestamp,
    ) -> Result<Writer<'a>, Error> {
        let ctx = |lang| breach_context(templates, breach, decisions, lang);
        Ok(Writer {
            templates,
            key,
            reference: breach.reference.clone(),
            sender,
            dpo: breach.dpo.clone(),
            case_categories: breach.data.clone(),
            breach: [ctx(Lang::Fr)?, ctx(Lang::En)?],
            today: [words::date(now, Lang::Fr), words::date(now, Lang::En)],
        })
    }

    /// The notice to one person. Their own categories are told when the link result
    /// gives them; otherwise the case's.
    pub fn notice(&self, p: &Person) -> Result<Notice, Error> {
        let a = Addressee::of(p);
        let lang = a.lang.or(self.sender.lang).unwrap_or(Lang::Fr);
        let i = usize::from(lang == Lang::En);
        let mut categories = if a.categories.is_empty() {
            self.case_categories.clone()
        } else {
            a.categories.clone()
        };
        categories.sort();
        categories.dedup();
        let t = self.templates;
        let mut exposed = Vec::new();
        let mut advice: Vec<String> = Vec::new();
        for c in &categories {
            if let Some(w) = t.categories.get(*c, lang) {
                exposed.push(Exposed {
                    id: words::id_of(c),
                    label: t.labels.of("data", c, lang),
                    text: w.exposed.clone(),
                });
                for line in &w.advice {
                    if !advice.contains(line) {
                        advice.push(line.clone());
                    }
                }
            }
        }
        let code = check_code(&self.key, &self.reference, &a.registry_id);
        let ctx = Context {
            person: PersonContext {
                salutation: a.salutation(lang),
                first_name: a.first_name.clone(),
                last_name: a.last_name.clone(),
                name: a.name(),
            },
            exposed,
            advice,
            breach: self.breach[i].clone(),
            organisation: self.sender.organisation.clone(),
            dpo: self.dpo.clone(),
            check: CheckContext {
                code: code.clone(),
                url: self.sender.check_url.clone(),
            },
            date: self.today[i].clone(),
        };
        let email = t.render("email", lang, &ctx)?;
        let (subject, body) = email
            .split_once('\n')
            .map_or((email.as_str(), ""), |(s, b)| (s, b));
        let subject = subject.trim_start_matches("Subject:").trim().to_string();
        let letter = t.render("letter", lang, &ctx)?;
        Ok(Notice {
            person: person_key(&self.key, &self.reference, &a.registry_id),
            code,
            lang,
            subject,
            email: body.trim_start_matches('\n').to_string(),
            letter,
            categories,
            addressee: a,
        })
    }

    pub fn key(&self) -> &RegisterKey {
        &self.key
    }

    pub fn reference(&self) -> &str {
        &self.reference
    }

    pub fn sender(&self) -> &Sender {
        &self.sender
    }
}

/// What the notices say of the breach. Where the DPO wrote no measures, they are told
/// from what the case records — the exposure ended on its date, the CNIL notified on its
/// date — and never assumed: with neither, the notices are refused with what to fill in.
fn breach_context(
    t: &Templates,
    b: &Breach,
    decisions: &[Decision],
    lang: Lang,
) -> Result<BreachContext, Error> {
    let origin = t.labels.of("origin", &b.origin, lang);
    let mut summary = match (b.occurred_start, b.ongoing, b.occurred_end) {
        (Some(s), _, Some(e)) => format!(
            "{origin} ({} {} {} {}).",
            lang.pick("du", "from"),
            words::date(s, lang),
            lang.pick("au", "to"),
            words::date(e, lang)
        ),
        (Some(s), _, None) => format!(
            "{origin} ({} {}).",
            lang.pick("depuis le", "since"),
            words::date(s, lang)
        ),
        _ => format!("{origin}."),
    };
    if !b.discovery.trim().is_empty() {
        summary.push(' ');
        summary.push_str(b.discovery.trim());
    }
    let or = |text: &str, fr: &str, en: &str| {
        if text.trim().is_empty() {
            lang.pick(fr, en).to_string()
        } else {
            text.trim().to_string()
        }
    };
    let mut measures = if b.measures_taken.trim().is_empty() {
        let mut facts = Vec::new();
        if let (false, Some(end)) = (b.ongoing, b.occurred_end) {
            facts.push(format!(
                "{} {}.",
                lang.pick(
                    "L'exposition des données a pris fin le",
                    "The exposure of the data ended on"
                ),
                words::date(end, lang)
            ));
        }
        let cnil = decisions
            .iter()
            .filter_map(|d| match d {
                Decision::Notified {
                    recipient: Recipient::SupervisoryAuthority,
                    at,
                    ..
                } => Some(*at),
                _ => None,
            })
            .min();
        if let Some(at) = cnil {
            facts.push(format!(
                "{} {}.",
                lang.pick(
                    "Nous avons informé la CNIL le",
                    "We informed the supervisory authority (CNIL) on"
                ),
                words::date(at, lang)
            ));
        }
        if facts.is_empty() {
            return Err(Error::Refused(format!(
                "{}: the notices would have to say what was done, and the case records none of it: \
                 write the measures taken (vigie breach edit {0} --set measures_taken=…), or record \
                 the end of the breach (--set occurred_end=…) or the CNIL's notification \
                 (vigie breach decide {0} --notified supervisory_authority --at …)",
                b.reference
            )));
        }
        facts.join(" ")
    } else {
        b.measures_taken.trim().to_string()
    };
    if !b.measures_planned.trim().is_empty() {
        measures.push(' ');
        measures.push_str(b.measures_planned.trim());
    }
    Ok(BreachContext {
        reference: b.reference.clone(),
        discovered: words::date(b.discovered, lang),
        summary,
        consequences: or(
            &b.consequences,
            "Ces données pourraient être utilisées pour vous adresser des messages frauduleux ou tenter d'usurper votre identité.",
            "These data could be used to send you fraudulent messages or to attempt identity theft.",
        ),
        measures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> RegisterKey {
        RegisterKey::from_hex(&"ab".repeat(32), "test").unwrap()
    }

    #[test]
    fn check_codes_are_stable_distinct_and_read_forgivingly() {
        let k = key();
        let a = check_code(&k, "VIG-2026-0001", "P1");
        assert_eq!(a, check_code(&k, "VIG-2026-0001", "P1"));
        assert_ne!(a, check_code(&k, "VIG-2026-0001", "P2"));
        assert_ne!(a, check_code(&k, "VIG-2026-0002", "P1"));
        assert_eq!(a.len(), 19);
        let typed = a.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(code_hash(&k, &typed), code_hash(&k, &a));
        assert!(code_hash(&k, "ABCD").is_none());
        assert!(code_hash(&k, "ABCD-EFGH-JKMN-PQR!").is_none());
        let other = RegisterKey::from_hex(&"cd".repeat(32), "other").unwrap();
        assert_ne!(code_hash(&other, &a), code_hash(&k, &a));
    }

    #[test]
    fn contacts_compare_whatever_their_writing() {
        assert_eq!(
            normalise_contact(" Sophie.Durand@Example.org "),
            Some("sophie.durand@example.org".into())
        );
        for phone in [
            "06 12 34 56 78",
            "+33 6 12 34 56 78",
            "0033612345678",
            "06.12.34.56.78",
        ] {
            assert_eq!(
                normalise_contact(phone),
                Some("33612345678".into()),
                "{phone}"
            );
        }
        assert_eq!(normalise_contact("12"), None);
        let k = key();
        assert_eq!(
            contact_hash(&k, "0612345678"),
            contact_hash(&k, "+33612345678")
        );
        assert_ne!(
            contact_hash(&k, "0612345678"),
            contact_hash(&k, "0612345679")
        );
    }

    #[test]
    fn a_broken_template_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("email.fr.txt"),
            "Subject: x\nBonjour\n\n{% for e in exposed %}{{ e.text }}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("letter.en.txt"),
            "Hello\n{{ person.nickname }}\n",
        )
        .unwrap();
        let e = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(e.contains("email.fr.txt:4: syntax error"), "{e}");
        // Rendering is rehearsed only once everything compiles.
        std::fs::write(dir.path().join("email.fr.txt"), "Subject: x\nBonjour\n").unwrap();
        let e = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(e.starts_with("letter.en.txt:2: undefined value"), "{e}");
        std::fs::write(dir.path().join("letter.en.txt"), "Hello\n").unwrap();
        std::fs::write(dir.path().join("email.en.txt"), "Hello\n").unwrap();
        let e = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(
            e.contains("email.en.txt:1: an e-mail template starts with"),
            "{e}"
        );
    }
}
