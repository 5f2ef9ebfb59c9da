//! Notices sent through a real SMTP server (aiosmtpd on 127.0.0.1) from a real register:
//! what arrives, to whom, with what; what the log says when the server refuses.

use jiff::Timestamp;
use std::time::Duration;
use vigie_breach::case::{Actor, Controller, DataCategory, Intent, Nature, Origin, PersonCategory};
use vigie_breach::crypt::RegisterKey;
use vigie_breach::store::DeliveryStatus;
use vigie_breach::{Breach, Store};
use vigie_notify::notice::{Sender, Templates, Writer, code_hash, person_key};
use vigie_notify::send::{self, Letters, Options, Outbox, Summary};
use vigie_notify::smtp::{Mailbox, Mailer, Server};
use vigie_testkit::{Certs, SmtpServer, body, header, pdf_text};

const KEY: &str = "5f2d7b1e9c3a4f60812d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7";

fn key() -> RegisterKey {
    RegisterKey::from_hex(KEY, "test").expect("key")
}

fn t(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

fn breach() -> Breach {
    Breach {
        reference: String::new(),
        title: "Extraction publiée sur un forum".into(),
        controller: Controller::Laboratory,
        nis_operator: false,
        occurred_start: Some(t("2026-06-01T00:00:00Z")),
        occurred_end: Some(t("2026-11-19T00:00:00Z")),
        ongoing: false,
        discovered: t("2026-11-20T09:00:00Z"),
        aware: t("2026-11-20T10:00:00Z"),
        processor_informed: None,
        discovery: "Un fichier de patients a été publié sur un forum.".into(),
        nature: Nature {
            confidentiality: true,
            ..Nature::default()
        },
        origin: Origin::Hacking,
        actor: Actor::External,
        intent: Intent::Malicious,
        processors: vec![],
        persons: vec![PersonCategory::Patients],
        persons_count: Some(5),
        data: vec![DataCategory::Identity, DataCategory::Health],
        records_count: Some(5),
        medium: "fichier CSV".into(),
        consequences: String::new(),
        measures_taken: "Le fichier a été retiré du forum.".into(),
        measures_planned: String::new(),
        dpo: "Délégué à la protection des données, dpo@labo.example".into(),
        severity_input: None,
        severity: None,
        severity_override: None,
    }
}

/// Five persons: two with e-mail and different categories, one English speaker, one with
/// only a postal address, one with nothing to reach them by, and one below the threshold.
const PERSONS: &str = r#"{"registry_id":"P1","probability":0.99,"categories":["identity","health"],"first_name":"Sophie","last_name":"Durand","sex":"F","email":"sophie.durand@example.org"}
{"registry_id":"P2","probability":0.97,"categories":["contact"],"first_name":"Marc","last_name":"Petit","sex":"M","email":"marc.petit@example.org"}
{"registry_id":"P3","probability":0.95,"categories":["credentials"],"first_name":"John","last_name":"Smith","sex":"M","email":"john.smith@example.org","lang":"en"}
{"registry_id":"P4","probability":0.93,"categories":["nir"],"first_name":"Élise","last_name":"Lefèvre","sex":"F","address":"12 rue des Lilas","postcode":"69003","city":"Lyon"}
{"registry_id":"P5","probability":0.91,"first_name":"Paul","last_name":"Sans Adresse"}
{"registry_id":"P6","probability":0.2,"first_name":"Jean","last_name":"Autre","email":"jean.autre@example.org"}
"#;

struct Case {
    _dir: tempfile::TempDir,
    store: Store,
    reference: String,
    templates: Templates,
    letters: std::path::PathBuf,
}

fn case(persons: &str) -> Case {
    let dir = tempfile::tempdir().expect("dir");
    let mut store =
        Store::open(&dir.path().join("register.db").display().to_string(), key()).expect("store");
    let now = t("2026-11-21T10:00:00Z");
    let reference = store.create(breach(), "test", now).expect("create");
    let file = dir.path().join("persons.jsonl");
    std::fs::write(&file, persons).expect("persons");
    let (evidence, persons) = vigie_breach::evidence::link_result(&file, now).expect("link result");
    store
        .attach(&reference, "test", now, evidence, &persons)
        .expect("attach");
    let letters = dir.path().join("letters");
    Case {
        _dir: dir,
        store,
        reference,
        templates: Templates::load(None).expect("templates"),
        letters,
    }
}

fn options(c: &Case) -> Options {
    Options {
        rate: 0.0,
        retries: 3,
        backoff: Duration::from_millis(20),
        letters_dir: Some(c.letters.clone()),
        ..Options::default()
    }
}

fn from() -> Mailbox {
    "Laboratoire Exemple <dpo@labo.example>"
        .parse()
        .expect("from")
}

/// The case's notices as they are written now.
fn writer<'a>(
    templates: &'a Templates,
    store: &mut Store,
    reference: &str,
    sender: Sender,
) -> Result<Writer<'a>, vigie_notify::Error> {
    let case = store.get(reference)?;
    Writer::new(
        templates,
        key(),
        &case.breach,
        &case.decisions,
        sender,
        Timestamp::now(),
    )
}

fn run(c: &mut Case, server: Server, opts: &Options) -> Result<Summary, vigie_notify::Error> {
    let sender = Sender {
        organisation: "Laboratoire Exemple".into(),
        address: vec!["1 place de la Gare".into(), "69002 Lyon".into()],
        check_url: Some("https://labo.example/verifier".into()),
        lang: None,
    };
    let writer = writer(&c.templates, &mut c.store, &c.reference, sender)?;
    let mut outbox = Outbox::Smtp(Box::new(Mailer::new(server)?));
    send::run(
        &mut c.store,
        &writer,
        &from(),
        &mut outbox,
        opts,
        &mut |_| {},
    )
}

fn tls_server(args: &[&str]) -> (SmtpServer, Server, Certs) {
    let certs = Certs::make();
    let cert = certs.path("server.pem");
    let key = certs.path("server.key");
    let mut all = vec![
        "--tls",
        cert.as_str(),
        key.as_str(),
        "--auth",
        "vigie:s3cret",
    ];
    all.extend_from_slice(args);
    let smtp = SmtpServer::start(&all);
    let mut server = Server::parse(
        &format!("smtp://vigie@127.0.0.1:{}", smtp.port),
        Some("s3cret".into()),
    )
    .expect("url");
    server.ca = Some(std::fs::read(certs.path("ca.pem")).expect("ca"));
    (smtp, server, certs)
}

fn to(message: &str) -> String {
    header(message, "X-Test-Envelope-To").unwrap_or_default()
}

#[test]
fn each_person_gets_one_notice_with_their_own_categories_over_starttls() {
    let (smtp, server, _certs) = tls_server(&[]);
    let mut c = case(PERSONS);
    let summary = {
        let o = options(&c);
        run(&mut c, server.clone(), &o)
    }
    .expect("run");
    assert_eq!(summary.persons, 5);
    assert_eq!(summary.below_threshold, 1);
    assert_eq!((summary.sent, summary.failed, summary.bounced), (3, 0, 0));
    assert_eq!(summary.letters, 1);
    assert_eq!(summary.unreachable, 1);

    let messages = smtp.messages();
    let mut recipients: Vec<String> = messages.iter().map(|m| to(m)).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "john.smith@example.org",
            "marc.petit@example.org",
            "sophie.durand@example.org"
        ]
    );
    let k = key();
    for m in &messages {
        assert_eq!(
            header(m, "X-Test-TLS").as_deref(),
            Some("yes"),
            "sent in clear"
        );
        let text = body(m);
        let who = to(m);
        let id = match who.as_str() {
            "sophie.durand@example.org" => "P1",
            "marc.petit@example.org" => "P2",
            _ => "P3",
        };
        // The code printed is the one whose keyed hash the register keeps.
        let code = text
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(a, _)| a.contains("code personnel") || a.contains("personal code"))
                    .map(|(_, c)| c.trim().to_string())
            })
            .unwrap_or_else(|| panic!("no code in {text}"));
        let hash = code_hash(&k, &code).expect("a code");
        let (reference, person, answer) = c
            .store
            .check_code(&hash)
            .expect("lookup")
            .expect("known code");
        assert_eq!(
            (reference.as_str(), person),
            (c.reference.as_str(), person_key(&k, &c.reference, id))
        );
        let answer: vigie_notify::notice::Answer = serde_json::from_slice(&answer).expect("answer");
        assert_eq!(answer.email.as_deref(), Some(who.as_str()));
        match id {
            "P1" => {
                assert!(text.starts_with("Madame,"), "{text}");
                assert!(text.contains("des informations sur votre santé"));
                assert!(text.contains("vos nom, prénoms et date de naissance"));
                assert!(!text.contains("mot de passe d'accès"));
                assert!(!text.contains("numéro de sécurité sociale"));
            }
            "P2" => {
                assert!(text.starts_with("Monsieur,"), "{text}");
                assert!(text.contains("vos coordonnées"));
                assert!(!text.contains("santé ("));
            }
            _ => {
                assert!(text.starts_with("Dear Mr Smith,"), "{text}");
                assert!(text.contains("your login or password"));
                assert!(text.contains("Change the password"));
                assert!(!text.contains("health"));
            }
        }
        assert!(text.contains("dpo@labo.example"));
        assert!(text.contains("https://labo.example/verifier"));
    }

    // The one without e-mail gets a letter, addressed for the window and carrying her code.
    let letter = c.letters.join("000001.pdf");
    let pdf = pdf_text(&letter);
    assert!(pdf.contains("ÉLISE LEFÈVRE"), "{pdf}");
    assert!(pdf.contains("69003 LYON"), "{pdf}");
    assert!(pdf.contains("numéro de sécurité sociale"), "{pdf}");
    let code = vigie_notify::notice::check_code(&k, &c.reference, "P4");
    assert!(pdf.contains(&code), "{pdf}");
    let index = std::fs::read_to_string(c.letters.join("index.csv")).expect("index");
    assert!(
        index
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("1,000001.pdf,Élise Lefèvre,69003,Lyon,fr")),
        "{index}"
    );

    // A second run sends nothing: everything is done.
    let again = {
        let o = options(&c);
        run(&mut c, server, &o)
    }
    .expect("rerun");
    assert_eq!((again.sent, again.letters, again.already), (0, 0, 4));
    assert_eq!(smtp.messages().len(), 3);
    let log = c.store.deliveries(&c.reference).expect("log");
    assert_eq!(
        log.iter()
            .filter(|d| d.status == DeliveryStatus::Sent)
            .count(),
        3
    );
    assert_eq!(
        log.iter()
            .filter(|d| d.status == DeliveryStatus::Queued && d.channel == "letter")
            .count(),
        1
    );
    // The log names persons by a keyed hash only.
    let dump = serde_json::to_string(&log).expect("json");
    for id in ["P1", "P2", "P3", "P4", "durand", "Durand"] {
        assert!(!dump.contains(id), "{id} in the log");
    }

    // A letter logged whose file is gone is written again, after the numbers already
    // used (nothing overwritten), and the index grows instead of starting over.
    std::fs::remove_file(&letter).expect("remove");
    std::fs::write(c.letters.join("000007.pdf"), b"another batch's letter").expect("write");
    let rebuilt = {
        let o = options(&c);
        let (_smtp, server, _certs) = tls_server(&[]);
        run(&mut c, server, &o)
    }
    .expect("rebuild");
    assert_eq!(rebuilt.letters, 1);
    assert!(c.letters.join("000008.pdf").is_file() && !letter.exists());
    assert_eq!(
        std::fs::read(c.letters.join("000007.pdf")).expect("kept"),
        b"another batch's letter"
    );
    let index = std::fs::read_to_string(c.letters.join("index.csv")).expect("index");
    assert_eq!(
        index.lines().filter(|l| l.starts_with("letter,")).count(),
        1,
        "{index}"
    );
    assert!(
        index
            .lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("8,000008.pdf,")),
        "{index}"
    );
    let queued = c
        .store
        .delivery(&c.reference, &person_key(&k, &c.reference, "P4"), "letter")
        .expect("log")
        .expect("entry");
    assert_eq!(queued.answer, "000008.pdf");
}

/// Merged letters are logged once their PDF is on disk, never over a file already there
/// (the mail house may have it), and made again when their file is gone.
#[test]
fn merged_letters_are_logged_once_written_and_never_overwritten() {
    let mut c = case(PERSONS);
    let mut opts = options(&c);
    opts.merged = true;
    opts.letters = Letters::All;
    std::fs::create_dir_all(&c.letters).expect("dir");
    let earlier = c.letters.join("letters.pdf");
    std::fs::write(&earlier, b"an earlier batch").expect("write");
    let (_smtp, server, _certs) = tls_server(&[]);
    let first = run(&mut c, server.clone(), &opts).expect("run");
    assert_eq!(first.letters, 1, "one person has a postal address");
    assert_eq!(std::fs::read(&earlier).expect("kept"), b"an earlier batch");
    let merged = c.letters.join("letters-2.pdf");
    assert!(pdf_text(&merged).contains("ÉLISE LEFÈVRE"));
    let p4 = person_key(&key(), &c.reference, "P4");
    let logged = |c: &mut Case| {
        c.store
            .delivery(&c.reference, &p4, "letter")
            .expect("log")
            .map(|d| d.answer)
    };
    assert_eq!(logged(&mut c).as_deref(), Some("letters-2.pdf #1"));
    // Done: a rerun writes nothing.
    assert_eq!(
        run(&mut c, server.clone(), &opts).expect("rerun").letters,
        0
    );
    // The merged file lost: the letter is made again.
    std::fs::remove_file(&merged).expect("remove");
    let again = run(&mut c, server, &opts).expect("rerun");
    assert_eq!(again.letters, 1);
    assert!(pdf_text(&merged).contains("ÉLISE LEFÈVRE"));
    assert_eq!(std::fs::read(&earlier).expect("kept"), b"an earlier batch");
}

#[test]
fn refusals_bounces_and_temporary_failures_are_logged_with_the_servers_answer() {
    let (smtp, server, _certs) =
        tls_server(&["--refuse", "marc.petit", "--tempfail", "john.smith:2"]);
    let mut c = case(PERSONS);
    let summary = {
        let o = options(&c);
        run(&mut c, server, &o)
    }
    .expect("run");
    assert_eq!((summary.sent, summary.bounced, summary.failed), (2, 1, 0));
    let k = key();
    let entry = |c: &mut Case, id: &str| {
        c.store
            .delivery(&c.reference, &person_key(&k, &c.reference, id), "email")
            .expect("log")
            .expect("entry")
    };
    let bounced = entry(&mut c, "P2");
    assert_eq!(bounced.status, DeliveryStatus::Bounced);
    assert!(
        bounced.answer.contains("550") && bounced.answer.contains("mailbox unavailable"),
        "{}",
        bounced.answer
    );
    // Refused twice for a while, then taken on the third attempt.
    let retried = entry(&mut c, "P3");
    assert_eq!(
        (retried.status, retried.attempts),
        (DeliveryStatus::Sent, 3)
    );
    assert!(retried.answer.starts_with("250"), "{}", retried.answer);
    assert_eq!(smtp.messages().len(), 2);
}

#[test]
fn a_server_that_keeps_failing_leaves_the_notice_failed_and_the_rest_go_on() {
    let (smtp, server, _certs) = tls_server(&["--tempfail", "sophie.durand:10"]);
    let mut c = case(PERSONS);
    let mut opts = options(&c);
    opts.retries = 2;
    let summary = run(&mut c, server, &opts).expect("run");
    assert_eq!((summary.sent, summary.failed), (2, 1));
    let k = key();
    let failed = c
        .store
        .delivery(&c.reference, &person_key(&k, &c.reference, "P1"), "email")
        .expect("log")
        .expect("entry");
    assert_eq!(
        (failed.status, failed.attempts),
        (DeliveryStatus::Failed, 3)
    );
    assert!(failed.answer.contains("451"), "{}", failed.answer);
    assert_eq!(smtp.messages().len(), 2);
}

/// One run sends a case's notices at a time: while another process holds the case, a
/// second run writes to no one and says who holds it; a run that died (its process gone)
/// frees the case at once, and a finished run gives it back.
#[test]
fn two_runs_never_send_one_case_at_once() {
    let (smtp, server, _certs) = tls_server(&[]);
    let mut c = case(PERSONS);
    let opts = options(&c);
    let name = format!("notify send/{}", c.reference);
    // Process 1 (init) is alive on every Linux machine: another run, on this host.
    let mut other = send::Holder::this_process();
    other.pid = 1;
    let held = serde_json::to_vec(&other).expect("json");
    assert!(c.store.swap_lease(&name, None, &held).expect("lease"));
    let err = run(&mut c, server.clone(), &opts)
        .expect_err("the case is held")
        .to_string();
    assert!(
        err.contains("another `vigie notify send`") && err.contains("process 1"),
        "{err}"
    );
    assert!(smtp.messages().is_empty());
    assert!(
        c.store.deliveries(&c.reference).expect("log").is_empty(),
        "nothing marked"
    );
    // Only one of two takers of a free lease wins.
    assert!(!c.store.swap_lease(&name, None, b"late").expect("lease"));
    // Its process gone (killed): taken over, everyone sent once, the case given back.
    other.pid = u32::MAX;
    let dead = serde_json::to_vec(&other).expect("json");
    assert!(
        c.store
            .swap_lease(&name, Some(&held), &dead)
            .expect("lease")
    );
    let summary = run(&mut c, server, &opts).expect("run");
    assert_eq!(summary.sent, 3);
    assert_eq!(smtp.messages().len(), 3);
    assert_eq!(c.store.lease(&name).expect("lease"), None);
}

#[test]
fn wrong_settings_stop_the_run_before_anything_is_marked() {
    // No STARTTLS on the server: notices are not sent in clear unless the URL says so.
    let plain = SmtpServer::start(&[]);
    let mut c = case(PERSONS);
    let server = Server::parse(&format!("smtp://127.0.0.1:{}", plain.port), None).expect("url");
    let e = {
        let o = options(&c);
        run(&mut c, server, &o)
    }
    .expect_err("refused")
    .to_string();
    assert!(e.contains("STARTTLS"), "{e}");
    // A wrong password.
    let (_smtp, mut server, _certs) = tls_server(&[]);
    server.password = Some("wrong".into());
    let e = {
        let o = options(&c);
        run(&mut c, server.clone(), &o)
    }
    .expect_err("refused")
    .to_string();
    assert!(e.contains("authentication as vigie"), "{e}");
    // A certificate nobody vouches for.
    server.ca = None;
    server.password = Some("s3cret".into());
    let e = {
        let o = options(&c);
        run(&mut c, server, &o)
    }
    .expect_err("refused")
    .to_string();
    assert!(e.contains("STARTTLS"), "{e}");
    assert!(c.store.deliveries(&c.reference).expect("log").is_empty());
    assert!(plain.messages().is_empty());
    // Told to, clear text works (a relay on the same machine).
    let server =
        Server::parse(&format!("smtp://127.0.0.1:{}?tls=none", plain.port), None).expect("url");
    let summary = {
        let o = options(&c);
        run(&mut c, server, &o)
    }
    .expect("run");
    assert_eq!(summary.sent, 3);
    assert!(
        plain
            .messages()
            .iter()
            .all(|m| header(m, "X-Test-TLS").as_deref() == Some("no"))
    );
}

#[test]
fn a_dry_run_writes_every_message_and_records_nothing() {
    let mut c = case(PERSONS);
    let out = tempfile::tempdir().expect("out");
    let mut opts = options(&c);
    opts.dry_run = Some(out.path().to_path_buf());
    opts.letters = Letters::All;
    opts.merged = true;
    let sender = Sender {
        organisation: "Laboratoire Exemple".into(),
        ..Sender::default()
    };
    let writer = writer(&c.templates, &mut c.store, &c.reference, sender).expect("writer");
    let mut outbox = Outbox::Folder(out.path().to_path_buf());
    let summary = send::run(
        &mut c.store,
        &writer,
        &from(),
        &mut outbox,
        &opts,
        &mut |_| {},
    )
    .expect("run");
    assert_eq!((summary.written, summary.sent, summary.letters), (3, 0, 1));
    let emails: Vec<_> = std::fs::read_dir(out.path().join("email"))
        .expect("email")
        .collect();
    assert_eq!(emails.len(), 3);
    let merged = pdf_text(&out.path().join("letters/letters.pdf"));
    assert!(merged.contains("Élise Lefèvre"), "{merged}");
    assert!(c.store.deliveries(&c.reference).expect("log").is_empty());
    let k = key();
    let code = vigie_notify::notice::check_code(&k, &c.reference, "P1");
    let stored = c.store.check_code(&code_hash(&k, &code).expect("hash"));
    assert!(stored.expect("lookup").is_none());
}

/// A notice states only what the case records: without the DPO's own words on the
/// measures taken, it says the exposure ended only when the case has an end, and that
/// the CNIL was told only when that notification is recorded; with neither, nothing is
/// written and the refusal says what to fill in.
#[test]
fn a_notice_states_only_what_the_case_records() {
    let templates = Templates::load(None).expect("templates");
    let person: vigie_breach::evidence::Person =
        serde_json::from_str(PERSONS.lines().next().expect("a person")).expect("person");
    let sender = || Sender {
        organisation: "Laboratoire Exemple".into(),
        ..Sender::default()
    };
    let now = t("2026-11-22T10:00:00Z");
    let mut b = breach();
    b.reference = "VIG-2026-0042".into();
    b.measures_taken = String::new();
    let render = |b: &Breach, decisions: &[vigie_breach::obligations::Decision]| {
        Writer::new(&templates, key(), b, decisions, sender(), now)
            .and_then(|w| w.notice(&person))
            .map(|n| n.email)
    };

    // Ended on 19 November, the CNIL not notified: the end is told, the CNIL is not.
    let email = render(&b, &[]).expect("a notice");
    assert!(
        email.contains("L'exposition des données a pris fin le 19 novembre 2026."),
        "{email}"
    );
    assert!(!email.contains("informé la CNIL"), "{email}");

    // The CNIL notified on 21 November: said, with its date.
    let notified = vigie_breach::obligations::Decision::Notified {
        recipient: vigie_breach::obligations::Recipient::SupervisoryAuthority,
        at: t("2026-11-21T15:00:00Z"),
        complementary: false,
        reason: String::new(),
        by: String::new(),
    };
    let email = render(&b, std::slice::from_ref(&notified)).expect("a notice");
    assert!(
        email.contains("Nous avons informé la CNIL le 21 novembre 2026."),
        "{email}"
    );

    // Still going on: no word of an end, and the CNIL's date alone.
    b.ongoing = true;
    b.occurred_end = None;
    let email = render(&b, std::slice::from_ref(&notified)).expect("a notice");
    assert!(!email.contains("pris fin"), "{email}");

    // Going on, nothing recorded, nothing written by the DPO: refused, naming the case
    // and the fields to fill in.
    let refused = render(&b, &[])
        .expect_err("nothing to say is not said")
        .to_string();
    for needed in [
        "VIG-2026-0042",
        "measures_taken",
        "occurred_end",
        "--notified supervisory_authority",
    ] {
        assert!(refused.contains(needed), "{needed} in {refused}");
    }

    // The DPO's own words stand as written.
    b.measures_taken = "Le serveur a été isolé.".into();
    let email = render(&b, &[]).expect("a notice");
    assert!(email.contains("Le serveur a été isolé."), "{email}");
}
