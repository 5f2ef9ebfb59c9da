//! A processor's case and its controllers (GDPR Art. 33(2)): who they are (the table the
//! processor provides), which codes of a leak name each (a laboratory code, a FINESS, a
//! site), when and how each was told, and each one's share of the leak in rows and
//! persons, with how it was counted. The processor's duty to its controllers is done
//! when every one of them has been told.

use crate::case::Breach;
use crate::error::{Error, Refused};
use crate::obligations::{Obligation, Recipient, Status, Text};
use crate::store::Case;
use crate::time::local;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A controller whose data the processor holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    /// How the processor and the authorities know it: FINESS, SIRET, or the processor's
    /// own client code; unique in the case.
    pub id: String,
    pub name: String,
    /// Its DPO or contact point: who is told.
    #[serde(default)]
    pub dpo: String,
    /// The values of a leak's site column that name it (besides its id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    /// Its letterhead's address lines: what notices sent in its name carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub letterhead: Vec<String>,
    /// When, by whom and how it was told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed: Option<Informed>,
    /// When it acknowledged the processor's notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Informed>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Informed {
    pub at: Timestamp,
    /// Who recorded it.
    pub by: String,
    /// How: the channel and what was sent, in the processor's words.
    pub how: String,
}

impl Informed {
    pub fn new(at: Timestamp, by: &str, how: &str) -> Informed {
        Informed {
            at,
            by: by.to_string(),
            how: how.to_string(),
        }
    }
}

/// A leak shared out among the controllers: which file, by which column, and each
/// share's rows and persons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub file: String,
    pub blake3: String,
    pub column: String,
    pub recorded: Timestamp,
    /// The whole leak.
    pub total: Share,
    /// The whole leak's persons counted with every accepted pair the model itself
    /// expects to be wrong as two persons: an upper bound.
    pub at_most: u64,
    /// Persons with rows under more than one controller.
    pub shared_persons: u64,
    /// The precision of the pairs of rows joined as one person, as the model estimates
    /// it; none when no rows were joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    /// Each controller's share, by its id.
    pub shares: BTreeMap<String, Share>,
    /// Rows no controller's code names (kept, to be assigned).
    pub unassigned: Share,
    /// The codes found that no controller claims, with their rows.
    pub unknown_codes: BTreeMap<String, u64>,
    /// Unassigned rows with no code at all.
    pub blank: u64,
}

/// Rows and persons: persons counted by `vigie link dedup`'s accepted pairs (at most),
/// and if the pairs awaiting review are each one person as well.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub rows: u64,
    pub persons: u64,
    pub persons_if_reviewed: u64,
    /// Of the rows, those found by linkage on the controller's encoded registry rather
    /// than by their code.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub linked: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The format of a processor's notice to one controller.
pub const NOTICE_FORMAT: &str = "vigie-processor-notice/1";

/// What a processor tells one of its controllers (GDPR Art. 33(2)), as a file: written
/// from the processor's case (`vigie breach notice`), read to open the controller's own
/// case (`vigie breach receive`). It holds the processor's facts, the controller's share
/// of the leak and how it was counted: counts, never a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub format: String,
    /// The processor's case, as its register names it.
    pub processor: String,
    /// The processor's contact point.
    pub processor_contact: String,
    /// The controller told, and when (once recorded).
    pub controller: Client,
    /// The breach as the processor records it (its own severity left out: each
    /// controller assesses the risk to its persons).
    pub facts: Breach,
    pub share: Option<Share>,
    /// The file the share was counted in, by name and BLAKE3, and its site column.
    pub counted_in: Option<(String, String, String)>,
}

/// Where a controller's case comes from: the processor's notice it was opened with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FromProcessor {
    /// The processor's case reference and the controller's id in it.
    pub processor: String,
    pub controller: String,
    /// The controller's name and letterhead as the processor's table gives them: what a
    /// delegation signs with unless it says otherwise.
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub letterhead: Vec<String>,
    /// The notice file's BLAKE3.
    pub notice: String,
    pub share: Option<Share>,
}

impl Notice {
    /// Reads a notice file; one of another format is refused.
    pub fn read(path: &Path) -> Result<(Notice, String), Error> {
        let input = |problem: String| Error::Input(format!("{}: {problem}", path.display()));
        let bytes = std::fs::read(path).map_err(|e| input(e.to_string()))?;
        let notice: Notice = serde_json::from_slice(&bytes)
            .map_err(|e| input(format!("not a processor's notice ({e})")))?;
        if notice.format != NOTICE_FORMAT {
            return Err(input(format!(
                "a notice of format {:?}; this vigie reads {NOTICE_FORMAT}",
                notice.format
            )));
        }
        Ok((notice, blake3::hash(&bytes).to_hex().to_string()))
    }

    /// The controller's own case, opened from this notice (`blake3`: the notice file's):
    /// see [`Notice::breach`]; the case remembers the notice, the controller's name and
    /// letterhead for a delegation.
    pub fn case(
        &self,
        blake3: &str,
        controller: crate::case::Controller,
        nis: bool,
        dpo: String,
        aware: Option<Timestamp>,
    ) -> Result<Case, Refused> {
        let mut case = Case::new(self.breach(controller, nis, dpo, aware)?);
        case.from_processor = Some(FromProcessor {
            processor: self.processor.clone(),
            controller: self.controller.id.clone(),
            name: self.controller.name.clone(),
            letterhead: self.controller.letterhead.clone(),
            notice: blake3.to_string(),
            share: self.share,
        });
        Ok(case)
    }

    /// The controller's own case: the processor's facts, the controller's share as its
    /// counts, the processor named, and its clock started when the processor told it
    /// (or at `aware`, when it says otherwise). Its DPO and kind are the controller's.
    pub fn breach(
        &self,
        controller: crate::case::Controller,
        nis: bool,
        dpo: String,
        aware: Option<Timestamp>,
    ) -> Result<Breach, Refused> {
        let told = self.controller.informed.as_ref().map(|i| i.at);
        let Some(aware) = aware.or(told) else {
            return Err("the notice does not say when the processor told you: give --aware".into());
        };
        let f = &self.facts;
        Ok(Breach {
            reference: String::new(),
            controller,
            nis_operator: nis,
            aware,
            processor_informed: told.or(Some(aware)),
            processors: vec![format!("{} ({})", self.processor_contact, self.processor)],
            persons_count: self.share.map(|s| s.persons),
            records_count: self.share.map(|s| s.rows),
            dpo,
            severity_input: None,
            severity: None,
            severity_override: None,
            ..f.clone()
        })
    }
}

/// A controller's decision to have its processor send the notices to its persons, under
/// the controller's own name, letterhead and address (Art. 34 stays the controller's
/// duty: the register says who sent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delegation {
    /// Who sends: the processor.
    pub to: String,
    /// The name the notices are signed with, their letterhead and the mailbox they come
    /// from: the controller's.
    pub organisation: String,
    #[serde(default)]
    pub letterhead: Vec<String>,
    pub from: String,
    pub at: Timestamp,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Informed>,
}

/// Reads the processor's table of controllers: CSV (`;` or `,`, UTF-8 or Windows-1252,
/// as a spreadsheet saves it) with the columns `id`, `name`, and optionally `dpo`,
/// `sites` (codes separated by spaces or `|`) and `letterhead` (address lines separated
/// by `|`); French headers (`identifiant`, `nom`, `en-tête`) read too. A duplicate id, a code claimed by two controllers or a row without id or
/// name is refused with its line.
pub fn read(path: &Path) -> Result<Vec<Client>, Error> {
    let at =
        |line: u64, problem: String| Error::Input(format!("{}:{line}: {problem}", path.display()));
    let bytes =
        std::fs::read(path).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    let head = text.lines().next().unwrap_or("");
    let delimiter = if head.matches(';').count() > head.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = csv.headers().map_err(|e| at(1, e.to_string()))?.clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let (Some(id_col), Some(name_col)) = (
        column(&["id", "identifiant", "finess", "siret", "code"]),
        column(&["name", "nom", "raison sociale"]),
    ) else {
        return Err(at(
            1,
            "the header names no `id` and `name` columns (also read: identifiant, finess, siret, code; nom)".into(),
        ));
    };
    let (dpo_col, sites_col, letterhead_col) = (
        column(&["dpo", "contact", "dpd"]),
        column(&["sites", "site", "codes"]),
        column(&["letterhead", "en-tête", "en-tete", "adresse"]),
    );
    let mut clients: Vec<Client> = Vec::new();
    let mut line_of: HashMap<String, u64> = HashMap::new();
    let mut code_of: HashMap<String, (String, u64)> = HashMap::new();
    for row in csv.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            at(line, e.to_string())
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim();
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (id, name) = (cell(Some(id_col)), cell(Some(name_col)));
        if id.is_empty() || name.is_empty() {
            return Err(at(line, "a controller needs its id and its name".into()));
        }
        if let Some(first) = line_of.insert(id.to_string(), line) {
            return Err(at(line, format!("the id {id} is already on line {first}")));
        }
        let sites: Vec<String> = cell(sites_col)
            .split(|c: char| c == '|' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for code in std::iter::once(id).chain(sites.iter().map(String::as_str)) {
            let key = fold(code);
            if let Some((other, first)) = code_of.get(&key)
                && other != id
            {
                return Err(at(
                    line,
                    format!("the code {code} already names {other} (line {first})"),
                ));
            }
            code_of.insert(key, (id.to_string(), line));
        }
        clients.push(Client {
            id: id.to_string(),
            name: name.to_string(),
            dpo: cell(dpo_col).to_string(),
            sites,
            letterhead: cell(letterhead_col)
                .split('|')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            informed: None,
            acknowledged: None,
        });
    }
    if clients.is_empty() {
        return Err(Error::Input(format!(
            "{}: no controller in the table",
            path.display()
        )));
    }
    Ok(clients)
}

/// Codes compared as a leak's cells are: case and accents aside.
fn fold(code: &str) -> String {
    vigie_detect::fold::fold(code.trim())
}

/// What a new table of controllers changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    pub updated: usize,
    /// In the case and not in the table: kept (a controller told stays in the record).
    pub kept: usize,
}

impl Case {
    /// The case's obligations at `now`: the rules' ([`crate::derive`]), with a
    /// processor's duty to its controllers followed controller by controller once the
    /// case lists them (done when every one has been told).
    pub fn obligations(&self, now: Timestamp) -> Vec<Obligation> {
        let mut out = crate::derive(&self.breach, &self.decisions, now);
        if self.clients.is_empty() {
            return out;
        }
        let told: Vec<&Informed> = self
            .clients
            .iter()
            .filter_map(|c| c.informed.as_ref())
            .collect();
        let (n, k) = (self.clients.len(), told.len());
        for o in out
            .iter_mut()
            .filter(|o| o.recipient == Recipient::Controllers)
        {
            o.status = match told.iter().map(|i| i.at).max() {
                Some(at) if k == n => Status::Done { at, late: false },
                _ => Status::Owed { late: false },
            };
            let waiting: Vec<&str> = self
                .clients
                .iter()
                .filter(|c| c.informed.is_none())
                .map(|c| c.name.as_str())
                .collect();
            o.reasons.push(if waiting.is_empty() {
                Text::new(
                    format!("all {n} controllers told"),
                    format!("les {n} responsables de traitement informés"),
                )
            } else {
                let list = waiting.join(", ");
                Text::new(
                    format!("{k} of {n} controllers told; still to tell: {list}"),
                    format!(
                        "{k} des {n} responsables de traitement informés ; à informer : {list}"
                    ),
                )
            });
        }
        out
    }

    /// Takes in the processor's table: new controllers added, known ones (by id) given
    /// the table's name, contact and codes, their record of being told kept. Refused
    /// for a case that is not a processor's, and when a code would name two controllers.
    pub fn set_clients(&mut self, table: Vec<Client>) -> Result<Merged, Refused> {
        if self.breach.controller != crate::case::Controller::Processor {
            return Err(
                "only a processor's case has controllers (open it with --controller processor)"
                    .into(),
            );
        }
        let mut merged = Merged::default();
        let incoming: HashMap<&str, &Client> = table.iter().map(|c| (c.id.as_str(), c)).collect();
        merged.kept = self
            .clients
            .iter()
            .filter(|c| !incoming.contains_key(c.id.as_str()))
            .count();
        for new in table {
            match self.clients.iter_mut().find(|c| c.id == new.id) {
                Some(known) => {
                    merged.updated += 1;
                    known.name = new.name;
                    known.dpo = new.dpo;
                    known.sites = new.sites;
                    known.letterhead = new.letterhead;
                }
                None => {
                    merged.added += 1;
                    self.clients.push(new);
                }
            }
        }
        let mut seen: HashMap<String, &str> = HashMap::new();
        for c in &self.clients {
            for code in std::iter::once(&c.id).chain(&c.sites) {
                if let Some(other) = seen.insert(fold(code), &c.id)
                    && other != c.id
                {
                    return Err(
                        format!("the code {code} would name both {other} and {}", c.id).into(),
                    );
                }
            }
        }
        Ok(merged)
    }

    /// Each code of a leak's site column (ids and sites, as the table wrote them) and the
    /// controller it names.
    pub fn client_codes(&self) -> HashMap<String, String> {
        self.clients
            .iter()
            .flat_map(|c| {
                std::iter::once(&c.id)
                    .chain(&c.sites)
                    .map(|code| (code.clone(), c.id.clone()))
            })
            .collect()
    }

    /// Records that the controllers `ids` (all of them when empty) were told at `at`.
    /// Refused for an unknown id, one already told (its record stays as it is), or a time
    /// in the future or before the breach was discovered.
    pub fn inform(
        &mut self,
        ids: &[String],
        at: Timestamp,
        by: &str,
        how: &str,
        now: Timestamp,
    ) -> Result<usize, Refused> {
        if self.clients.is_empty() {
            return Err(
                "no controllers in the case yet (vigie breach controllers REF --import FILE)"
                    .into(),
            );
        }
        self.done_at(at, now)?;
        for id in ids {
            match self.clients.iter().find(|c| &c.id == id) {
                None => return Err(format!("no controller {id} in the case").into()),
                Some(Client {
                    informed: Some(i), ..
                }) => {
                    return Err(
                        format!("{id} was told already, on {} (Paris time)", local(i.at)).into(),
                    );
                }
                Some(_) => {}
            }
        }
        let mut told = 0;
        for c in &mut self.clients {
            let wanted = if ids.is_empty() {
                c.informed.is_none()
            } else {
                ids.contains(&c.id)
            };
            if wanted {
                c.informed = Some(Informed::new(at, by, how));
                told += 1;
            }
        }
        Ok(told)
    }

    /// Delegates the notices to the persons to the processor (replacing no delegation in
    /// force: revoke it first).
    pub fn delegate(&mut self, mut delegation: Delegation) -> Result<(), Refused> {
        // In the name and letterhead the processor's table gives, unless said otherwise.
        if let Some(from) = &self.from_processor {
            if delegation.organisation.trim().is_empty() {
                delegation.organisation = from.name.clone();
            }
            if delegation.letterhead.is_empty() {
                delegation.letterhead = from.letterhead.clone();
            }
        }
        if let Some(d) = self.delegation() {
            return Err(format!(
                "the notices are delegated to {} already (revoke it first)",
                d.to
            )
            .into());
        }
        if delegation.to.trim().is_empty() || delegation.organisation.trim().is_empty() {
            return Err("a delegation names who sends and under which name".into());
        }
        self.delegations.push(delegation);
        Ok(())
    }

    /// Revokes the delegation in force: the processor may send no more notices; those
    /// sent stay in the delivery log.
    pub fn revoke(&mut self, at: Timestamp, by: &str, why: &str) -> Result<(), Refused> {
        let Some(d) = self.delegations.iter_mut().rfind(|d| d.revoked.is_none()) else {
            return Err("no delegation in force to revoke".into());
        };
        d.revoked = Some(Informed::new(at, by, why));
        Ok(())
    }

    /// The delegation in force, if any.
    pub fn delegation(&self) -> Option<&Delegation> {
        self.delegations.last().filter(|d| d.revoked.is_none())
    }

    /// The delegation a processor sends under, refused when there is none in force (never
    /// given, or revoked, said with when and by whom).
    pub fn delegated_sender(&self) -> Result<&Delegation, Refused> {
        if let Some(d) = self.delegation() {
            return Ok(d);
        }
        Err(match self.delegations.last().and_then(|d| d.revoked.as_ref()) {
            Some(r) => format!(
                "the delegation of the notices was revoked on {} (Paris time) by {}: they are the controller's to send",
                local(r.at),
                r.by
            ),
            None => "the controller has not delegated its notices (vigie breach delegate)".to_string(),
        }
        .into())
    }

    /// The notice to the controller `id`: what the processor knows, and that
    /// controller's share.
    pub fn notice(&self, id: &str) -> Result<Notice, Refused> {
        let Some(client) = self.clients.iter().find(|c| c.id == id) else {
            return Err(format!("no controller {id} in the case").into());
        };
        let split = self.split.as_ref();
        Ok(Notice {
            format: NOTICE_FORMAT.into(),
            processor: self.breach.reference.clone(),
            processor_contact: self.breach.dpo.clone(),
            controller: client.clone(),
            facts: Breach {
                severity_input: None,
                severity: None,
                severity_override: None,
                ..self.breach.clone()
            },
            share: split.and_then(|s| s.shares.get(id)).copied(),
            counted_in: split.map(|s| (s.file.clone(), s.blake3.clone(), s.column.clone())),
        })
    }

    /// Records that the controllers `ids` acknowledged the processor's notice at `at`:
    /// refused for one not told yet, or before it was told.
    pub fn acknowledge(
        &mut self,
        ids: &[String],
        at: Timestamp,
        by: &str,
        how: &str,
        now: Timestamp,
    ) -> Result<usize, Refused> {
        self.done_at(at, now)?;
        for id in ids {
            let Some(c) = self.clients.iter().find(|c| &c.id == id) else {
                return Err(format!("no controller {id} in the case").into());
            };
            match &c.informed {
                None => return Err(format!("{id} has not been told yet").into()),
                Some(i) if at < i.at => {
                    return Err(format!(
                        "{id} was told on {} (Paris time), after {}",
                        local(i.at),
                        local(at)
                    )
                    .into());
                }
                Some(_) => {}
            }
        }
        let mut n = 0;
        for c in self.clients.iter_mut().filter(|c| ids.contains(&c.id)) {
            c.acknowledged = Some(Informed::new(at, by, how));
            n += 1;
        }
        Ok(n)
    }

    /// Records a leak's split among the controllers (the latest replaces an earlier one:
    /// the history keeps it). Refused when it names a controller the case does not have.
    pub fn record_split(&mut self, split: Split) -> Result<(), Refused> {
        if let Some(id) = split
            .shares
            .keys()
            .find(|id| !self.clients.iter().any(|c| &c.id == *id))
        {
            return Err(format!("the split names {id}, not a controller of the case").into());
        }
        self.split = Some(split);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &[u8]) -> Result<Vec<Client>, Error> {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("clients.csv");
        std::fs::write(&path, text).expect("write");
        read(&path)
    }

    #[test]
    fn a_spreadsheets_table_of_controllers_reads() {
        // Windows-1252, `;`, French headers, as Excel saves it in France.
        let clients = table(
            b"Identifiant;Nom;DPO;Sites;En-t\xeate\r\n750000001;Laboratoire d'Al\xe9sia;dpo@alesia.test;LAB01 | LAB02;1 rue d'Al\xe9sia | 75014 Paris\r\n;;;;\r\n690000002;Bio Rh\xf4ne;;LAB03;\r\n",
        )
        .expect("reads");
        assert_eq!(clients.len(), 2);
        assert_eq!(clients[0].name, "Laboratoire d'Alésia");
        assert_eq!(clients[0].sites, ["LAB01", "LAB02"]);
        assert_eq!(clients[0].letterhead, ["1 rue d'Alésia", "75014 Paris"]);
        assert!(clients[1].letterhead.is_empty());
        assert_eq!(clients[1].name, "Bio Rhône");
        assert_eq!(clients[1].dpo, "");
    }

    #[test]
    fn a_bad_table_is_refused_with_its_line() {
        let err = |t: &[u8]| table(t).expect_err("refused").to_string();
        let dup = err(b"id,name\nA,One\nB,Two\nA,Three\n");
        assert!(dup.ends_with(":4: the id A is already on line 2"), "{dup}");
        let code = err(b"id,name,sites\nA,One,S1\nB,Two,s1\n");
        assert!(
            code.ends_with(":3: the code s1 already names A (line 2)"),
            "{code}"
        );
        let name = err(b"id,name\nA,\n");
        assert!(
            name.ends_with(":2: a controller needs its id and its name"),
            "{name}"
        );
        assert!(err(b"code,label\nA,One\n").contains(":1: the header names no `id`"));
        assert!(err(b"id,name\n").contains("no controller"));
    }
}
