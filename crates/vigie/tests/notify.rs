//! The whole chain from the command line: a leak linked to the registry, the persons
//! attached to a case with their registry contact details, notices sent to a real SMTP
//! server, a run killed and resumed, the drafts for the authorities.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use vigie_testkit::{SmtpServer, body, header, new_case, pdf_text};

fn vigie(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigie"));
    c.env("VIGIE_HOME", home)
        .env_remove("VIGIE_REGISTER_KEY")
        .env_remove("VIGIE_STORE")
        .env_remove("VIGIE_SMTP_PASSWORD");
    c
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
}

/// Each leak reference's comment and password cells, from the synthetic leak (cp1252, `;`).
fn leak_cells(path: &Path) -> BTreeMap<String, (bool, bool)> {
    let bytes = std::fs::read(path).expect("leak");
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(';').collect();
            (c[0].to_string(), (!c[9].is_empty(), !c[10].is_empty()))
        })
        .collect()
}

/// Every message the server received, asserting nobody was written to twice.
fn received_once_each(smtp: &SmtpServer, what: &str) -> Vec<String> {
    let messages = smtp.messages();
    let mut per_address: BTreeMap<String, usize> = BTreeMap::new();
    for m in &messages {
        *per_address
            .entry(header(m, "X-Test-Envelope-To").expect("rcpt"))
            .or_default() += 1;
    }
    assert!(
        per_address.values().all(|n| *n == 1),
        "{what}: a person was written to twice"
    );
    messages
}

/// A case's delivery log, as `notify status --json` prints it.
fn delivery_log(home: &Path, store: &str, reference: &str) -> Vec<serde_json::Value> {
    let status = vigie(home)
        .args(["notify", "--store", store, "status", reference, "--json"])
        .output()
        .expect("status");
    ok(&status);
    serde_json::from_slice(&status.stdout).expect("log")
}

/// Entries of the log on `channel` standing at `status`.
fn count_of(log: &[serde_json::Value], channel: &str, status: &str) -> usize {
    log.iter()
        .filter(|d| d["channel"] == channel && d["status"] == status)
        .count()
}

#[test]
fn a_leak_becomes_notices_sent_once_each_even_when_the_run_is_killed() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let home = d.join("home");
    let path = |p: &str| d.join(p).display().to_string();
    ok(&vigie(&home)
        .args([
            "synth",
            &path("data"),
            "--patients",
            "3000",
            "--linkage",
            "120",
            "--seed",
            "11",
        ])
        .output()
        .expect("synth"));
    ok(&vigie(&home)
        .args([
            "link",
            &path("data/leak.csv"),
            &path("data/registry.csv"),
            "--format",
            "jsonl",
            "--output",
            &path("persons.jsonl"),
        ])
        .output()
        .expect("link"));
    let store = path("register.db");
    let breach = |args: &[&str]| {
        vigie(&home)
            .args(["breach", "--store", &store, "--by", "dpo"])
            .args(args)
            .output()
            .expect("breach")
    };
    let created = breach(&vigie_testkit::forum_leak(
        "Extraction publiée sur un forum",
        "DPO du laboratoire, dpo@labo.example",
    ));
    ok(&created);
    let reference = vigie_testkit::reference(&created);
    let attached = breach(&[
        "attach",
        &reference,
        "--link",
        &path("persons.jsonl"),
        "--registry",
        &path("data/registry.csv"),
    ]);
    let stderr = ok(&attached);
    assert!(stderr.contains("contact details for"), "{stderr}");

    // Each person's categories are those of their own leak row.
    let revealed = breach(&["persons", &reference, "--reveal", "--json"]);
    ok(&revealed);
    let persons: Vec<serde_json::Value> = String::from_utf8_lossy(&revealed.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a person"))
        .collect();
    assert!(persons.len() > 50, "{}", persons.len());
    let cells = leak_cells(&d.join("data/leak.csv"));
    let linked: Vec<serde_json::Value> = std::fs::read_to_string(d.join("persons.jsonl"))
        .expect("persons")
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    let mut with_health = 0;
    for l in &linked {
        let (comment, password) = cells[l["leak_id"].as_str().expect("leak id")];
        let kinds: Vec<&str> = l["kinds"]
            .as_array()
            .expect("kinds")
            .iter()
            .filter_map(|k| k.as_str())
            .collect();
        assert_eq!(kinds.contains(&"health_term"), comment, "{l}");
        assert_eq!(kinds.contains(&"password"), password, "{l}");
        with_health += usize::from(comment);
    }
    assert!(
        with_health > 10 && with_health < linked.len() - 10,
        "{with_health}"
    );

    let smtp = SmtpServer::start(&[]);
    let url = format!("smtp://127.0.0.1:{}?tls=none", smtp.port);
    let send = |extra: &[&str]| {
        let mut c = vigie(&home);
        c.args([
            "notify",
            "--store",
            &store,
            "send",
            &reference,
            "--smtp",
            &url,
            "--from",
            "Laboratoire Exemple <dpo@labo.example>",
            "--organisation",
            "Laboratoire Exemple",
            "--letterhead",
            "1 place de la Gare",
            "--letters",
            &path("letters"),
            "--check-url",
            "https://labo.example/verifier",
            "--backoff",
            "0.05",
        ])
        .args(extra);
        c
    };
    // The case records nothing of what was done (still going on, the CNIL not told, no
    // measures written): no notice goes out rather than one that says otherwise.
    let refused = send(&["--rate", "0"]).output().expect("send");
    assert_eq!(refused.status.code(), Some(2));
    let e = String::from_utf8_lossy(&refused.stderr);
    assert!(
        e.contains("measures_taken") && e.contains(&reference),
        "{e}"
    );
    assert!(smtp.messages().is_empty());
    ok(&breach(&[
        "edit",
        &reference,
        "--set",
        "measures_taken=Le fichier a été retiré du forum.",
    ]));
    // Killed while sending, at about 25 messages a second.
    let mut child = send(&["--rate", "25"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("send");
    let started = std::time::Instant::now();
    while smtp.messages().len() < 15 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    let before = smtp.messages().len();
    assert!(before >= 15 && before < persons.len(), "{before}");

    let resumed = send(&["--rate", "0"]).output().expect("resume");
    assert!(
        resumed.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let messages = received_once_each(&smtp, "");
    let log = delivery_log(&home, &store, &reference);
    let count = |channel: &str, s: &str| count_of(&log, channel, s);
    // At most the one being handed over when the run was killed is uncertain, and it is
    // not sent again without being asked.
    let uncertain = count("email", "uncertain");
    assert!(uncertain <= 1, "{uncertain}");
    let sent = count("email", "sent");
    // Every notice the log calls sent arrived; the uncertain one may have, or not.
    assert!(
        messages.len() >= sent && messages.len() <= sent + uncertain,
        "{} {sent}",
        messages.len()
    );
    let with_email = persons
        .iter()
        .filter(|p| {
            p["details"]["email"]
                .as_str()
                .is_some_and(|e| e.contains('@'))
        })
        .count();
    assert_eq!(sent + uncertain, with_email);

    // The right content for the right person: the registry's name and their categories.
    let by_email: BTreeMap<String, &serde_json::Value> = persons
        .iter()
        .filter_map(|p| Some((p["details"]["email"].as_str()?.to_string(), p)))
        .collect();
    for m in &messages {
        let to = header(m, "X-Test-Envelope-To").expect("rcpt");
        let p = by_email[&to];
        let text = body(m);
        let cats: Vec<&str> = p["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        assert_eq!(
            text.contains("des informations sur votre santé"),
            cats.contains(&"health"),
            "{to}: {cats:?}\n{text}"
        );
        assert_eq!(
            text.contains("votre mot de passe d'accès"),
            cats.contains(&"credentials"),
            "{to}"
        );
        let salutation = if p["details"]["sex"] == "F" {
            "Madame,"
        } else {
            "Monsieur,"
        };
        assert!(text.starts_with(salutation), "{to}: {text}");
    }
    // A second resume sends nothing.
    let again = send(&["--rate", "0"]).output().expect("again");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(" 0 sent"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(smtp.messages().len(), messages.len());

    // The drafts: initial, then complementary with what changed.
    let drafts = |out: &str| {
        vigie(&home)
            .args([
                "notify",
                "--store",
                &store,
                "--lang",
                "fr",
                "drafts",
                &reference,
                "--output",
                &path(out),
            ])
            .output()
            .expect("drafts")
    };
    let stderr = ok(&drafts("drafts1"));
    assert!(
        stderr.contains("supervisory_authority") && stderr.contains("health_portal"),
        "{stderr}"
    );
    // Said in the language asked for, as the drafts themselves.
    assert!(
        stderr.contains("(initiale)") && stderr.contains("champ(s) à compléter"),
        "{stderr}"
    );
    let initial: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("drafts1/supervisory_authority.json")).expect("json"),
    )
    .expect("draft");
    assert_eq!(initial["kind"], "initial");
    let pdf = pdf_text(&d.join("drafts1/supervisory_authority.pdf"));
    assert!(
        pdf.contains("Autorité de contrôle (CNIL)") && pdf.contains("À compléter"),
        "{pdf}"
    );
    assert!(pdf.contains("Piratage"), "{pdf}");
    ok(&breach(&[
        "decide",
        &reference,
        "--notified",
        "supervisory_authority",
        "--at",
        "2026-11-21 09:00",
    ]));
    ok(&breach(&[
        "edit",
        &reference,
        "--set",
        "measures_taken=Serveur isolé, mots de passe réinitialisés",
    ]));
    ok(&drafts("drafts2"));
    let second: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("drafts2/supervisory_authority.json")).expect("json"),
    )
    .expect("draft");
    assert_eq!(second["kind"], "complementary");
    let changes = second["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "taken"
                && c["after"] == "Serveur isolé, mots de passe réinitialisés"),
        "{changes:?}"
    );
    let html = std::fs::read_to_string(d.join("drafts2/supervisory_authority.html")).expect("html");
    assert!(
        html.contains("Ce qui a changé depuis la notification initiale")
            && !html.contains("<script")
    );
}

#[test]
fn a_broken_template_stops_everything_before_sending() {
    let dir = tempfile::tempdir().expect("tmp");
    let home = dir.path().join("home");
    let templates = dir.path().join("templates");
    ok(&vigie(&home)
        .args([
            "notify",
            "templates",
            "--export",
            templates.to_str().unwrap_or_default(),
        ])
        .output()
        .expect("export"));
    assert!(templates.join("letter.fr.txt").exists() && templates.join("categories.toml").exists());
    let good = vigie(&home)
        .args([
            "notify",
            "templates",
            "--templates",
            templates.to_str().unwrap_or_default(),
        ])
        .output()
        .expect("check");
    ok(&good);
    let mut text = std::fs::read_to_string(templates.join("email.fr.txt")).expect("template");
    text.push_str("{% if check.url %}\n");
    std::fs::write(templates.join("email.fr.txt"), text).expect("write");
    let bad = vigie(&home)
        .args([
            "notify",
            "templates",
            "--templates",
            templates.to_str().unwrap_or_default(),
        ])
        .output()
        .expect("check");
    assert_eq!(bad.status.code(), Some(1));
    let e = String::from_utf8_lossy(&bad.stderr);
    assert!(
        e.contains("email.fr.txt:") && e.contains("syntax error"),
        "{e}"
    );
    // The same template given to send: refused before the register is even opened.
    let smtp = SmtpServer::start(&[]);
    let send = vigie(&home)
        .args([
            "notify",
            "send",
            "VIG-2026-0001",
            "--smtp",
            &format!("smtp://127.0.0.1:{}?tls=none", smtp.port),
            "--from",
            "dpo@labo.example",
            "--organisation",
            "Labo",
            "--templates",
            templates.to_str().unwrap_or_default(),
        ])
        .output()
        .expect("send");
    assert_eq!(send.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&send.stderr).contains("email.fr.txt:"));
    assert!(smtp.messages().is_empty());
}

/// A thousand persons, three in four by e-mail and the rest by letter, the run killed
/// (SIGKILL) at pseudo-random points again and again, with letters one file a person and
/// merged: afterwards every person reachable by e-mail got exactly one message or is
/// listed as uncertain, nobody got two, and every letter the log records exists on disk.
#[test]
fn a_thousand_notices_survive_kill_9_at_random_points() {
    for merged in [false, true] {
        killed_again_and_again(merged);
    }
}

fn killed_again_and_again(merged: bool) {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let home = d.join("home");
    let persons: String = (0..1000)
        .map(|i| {
            let email = if i % 4 == 0 {
                String::new()
            } else {
                format!(",\"email\":\"p{i:04}@example.org\"")
            };
            format!(
                "{{\"registry_id\":\"P{i:04}\",\"probability\":0.99,\"categories\":[\"identity\"],\
                 \"first_name\":\"Prénom{i}\",\"last_name\":\"Nom{i}\",\"sex\":\"F\",\
                 \"address\":\"{i} rue de la Gare\",\"postcode\":\"75010\",\"city\":\"Paris\"{email}}}\n"
            )
        })
        .collect();
    std::fs::write(d.join("persons.jsonl"), persons).expect("persons");
    let store = d.join("register.db").display().to_string();
    let breach = |args: &[&str]| {
        vigie(&home)
            .args(["breach", "--store", &store, "--by", "dpo"])
            .args(args)
            .output()
            .expect("breach")
    };
    let created = breach(&new_case(
        "Fuite",
        &[
            "--origin",
            "hacking",
            "--dpo",
            "dpo@labo.example",
            "--measures-taken",
            "Le fichier a été retiré.",
            "--json",
        ],
    ));
    ok(&created);
    let reference = vigie_testkit::reference(&created);
    ok(&breach(&[
        "attach",
        &reference,
        "--link",
        &d.join("persons.jsonl").display().to_string(),
    ]));
    let smtp = SmtpServer::start(&[]);
    let url = format!("smtp://127.0.0.1:{}?tls=none", smtp.port);
    let letters = d.join("letters");
    let send = || {
        let mut c = vigie(&home);
        c.args([
            "notify", "--store", &store, "send", &reference, "--smtp", &url,
        ])
        .args([
            "--from",
            "Labo <dpo@labo.example>",
            "--organisation",
            "Labo",
        ])
        .args(["--letters", &letters.display().to_string(), "--rate", "0"])
        .args(["--backoff", "0.05"])
        .args(if merged { &["--merged"][..] } else { &[][..] })
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        c
    };
    // Killed eight times, after 50 to 750 ms each (a fixed pseudo-random sequence).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ u64::from(merged);
    let mut received = Vec::new();
    for _ in 0..8 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut child = send().spawn().expect("send");
        std::thread::sleep(std::time::Duration::from_millis(50 + x % 700));
        child.kill().expect("kill -9");
        child.wait().expect("wait");
        received.push(smtp.messages().len());
    }
    // The kills fell while there was work left: some, not all, had arrived.
    assert!(
        received.iter().filter(|&&n| n > 0 && n < 750).count() >= 3,
        "merged {merged}: received after each kill {received:?}"
    );
    let last = send().status().expect("the last run");
    assert!(last.code().is_some_and(|c| c <= 1), "{last:?}");

    let messages = received_once_each(&smtp, &format!("merged {merged}"));
    let log = delivery_log(&home, &store, &reference);
    let count = |channel: &str, s: &str| count_of(&log, channel, s);
    let (sent, uncertain) = (count("email", "sent"), count("email", "uncertain"));
    assert_eq!(sent + uncertain, 750, "merged {merged}: {log:?}");
    assert!(
        messages.len() >= sent && messages.len() <= sent + uncertain,
        "merged {merged}: {} received, {sent} sent, {uncertain} uncertain",
        messages.len()
    );
    // Every letter logged exists, and each person without e-mail has one logged.
    let logged: Vec<&str> = log
        .iter()
        .filter(|d| d["channel"] == "letter")
        .filter_map(|d| d["answer"].as_str())
        .collect();
    assert_eq!(logged.len(), 250, "merged {merged}: {log:?}");
    for file in &logged {
        let name = file.split('#').next().unwrap_or_default().trim();
        assert!(
            letters.join(name).exists(),
            "merged {merged}: {file} is logged and missing"
        );
    }
}

/// `vigie link --contacts` hands the next stage each person's registry details with the
/// pair, in a file only its owner reads; `breach attach --link` seals them with the person
/// without reading the registry, as `--registry` would have given them.
#[test]
fn the_link_result_carries_contacts_that_the_case_seals_without_the_registry() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let home = d.join("home");
    let path = |p: &str| d.join(p).display().to_string();
    ok(&vigie(&home)
        .args([
            "synth",
            &path("data"),
            "--patients",
            "400",
            "--linkage",
            "40",
        ])
        .args(["--seed", "5"])
        .output()
        .expect("synth"));
    let link = |out: &str, contacts: bool| {
        let mut c = vigie(&home);
        c.args(["link", &path("data/leak.csv"), &path("data/registry.csv")])
            .args(["--format", "jsonl", "--output", &path(out)]);
        if contacts {
            c.arg("--contacts");
        }
        ok(&c.output().expect("link"));
    };
    link("with.jsonl", true);
    link("without.jsonl", false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path("with.jsonl"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    let lines = std::fs::read_to_string(path("with.jsonl")).expect("read");
    let first: serde_json::Value =
        serde_json::from_str(lines.lines().next().expect("a line")).expect("json");
    assert!(first["contact"]["last_name"].is_string(), "{first}");
    let plain = std::fs::read_to_string(path("without.jsonl")).expect("read");
    assert!(!plain.contains("\"contact\""));

    // One case sealed from the carried details, one from the registry read again: the
    // same persons with the same details.
    let persons = |link: &str, registry: bool| {
        let store = path(&format!("{link}.db"));
        let breach = |args: &[&str]| {
            vigie(&home)
                .args(["breach", "--store", &store, "--by", "dpo"])
                .args(args)
                .output()
                .expect("breach")
        };
        let created = breach(&vigie_testkit::forum_leak("Fuite", "DPO, dpo@labo.example"));
        let reference = vigie_testkit::reference(&created);
        let link_file = path(link);
        let registry_file = path("data/registry.csv");
        let mut args = vec!["attach", &reference, "--link", &link_file];
        if registry {
            args.extend(["--registry", &registry_file]);
        }
        let stderr = ok(&breach(&args));
        assert!(stderr.contains("contact details for"), "{stderr}");
        let shown = breach(&["persons", &reference, "--reveal", "--json"]);
        ok(&shown);
        String::from_utf8_lossy(&shown.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("person");
                let details = &v["details"];
                (
                    v["registry_id"].as_str().unwrap_or_default().to_string(),
                    details["last_name"].clone(),
                    details["address"].clone(),
                    details["email"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let carried = persons("with.jsonl", false);
    let read_again = persons("without.jsonl", true);
    assert!(carried.len() > 20, "{}", carried.len());
    assert!(carried.iter().all(|(_, name, _, _)| name.is_string()));
    assert_eq!(carried, read_again);
}

/// A controller's case opened from its processor's notice, its notices delegated to the
/// processor: they reach a real SMTP server from the controller's mailbox, in its name;
/// once the delegation is revoked the processor can send no more, and what was sent
/// stays in the log and the history.
#[test]
fn a_processor_sends_a_controllers_notices_in_its_name_until_revoked() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let home = d.join("home");
    let store = d.join("register.db").display().to_string();
    let path = |p: &str| d.join(p).display().to_string();
    let breach = |args: &[&str]| {
        vigie(&home)
            .args(["breach", "--store", &store, "--by", "presta", "--json"])
            .args(args)
            .output()
            .expect("breach")
    };
    let created = breach(&vigie_testkit::processor_case(
        "Fuite chez le prestataire",
        "dpo@presta.example",
        &["--measures-taken", "Le serveur exposé a été fermé."],
    ));
    ok(&created);
    let processor = vigie_testkit::reference(&created);
    std::fs::write(
        d.join("clients.csv"),
        "id;name;dpo;letterhead\n750000002;Bio Rhône;dpo@rhone.example;1 quai du Rhône | 69002 Lyon\n",
    )
    .expect("table");
    ok(&breach(&[
        "controllers",
        &processor,
        "--import",
        &path("clients.csv"),
    ]));
    ok(&breach(&[
        "inform",
        &processor,
        "750000002",
        "--at",
        "2026-11-21 09:00",
    ]));
    ok(&breach(&[
        "notice",
        &processor,
        "750000002",
        "--output",
        &path("notice.json"),
    ]));
    let received = breach(&[
        "receive",
        &path("notice.json"),
        "--controller",
        "laboratory",
        "--dpo",
        "DPO Bio Rhône",
    ]);
    ok(&received);
    let reference = vigie_testkit::reference(&received);
    std::fs::write(
        d.join("persons.jsonl"),
        concat!(
            r#"{"registry_id":"P1","probability":0.99,"categories":["identity","health"],"first_name":"Sophie","last_name":"Durand","email":"sophie.durand@example.org"}"#, "\n",
            r#"{"registry_id":"P2","probability":0.98,"categories":["contact"],"first_name":"Marc","last_name":"Petit","email":"marc.petit@example.org"}"#, "\n",
        ),
    )
    .expect("persons");
    ok(&breach(&[
        "attach",
        &reference,
        "--link",
        &path("persons.jsonl"),
    ]));
    let smtp = SmtpServer::start(&[]);
    let url = format!("smtp://127.0.0.1:{}?tls=none", smtp.port);
    let send = || {
        vigie(&home)
            .args([
                "notify",
                "--store",
                &store,
                "--lang",
                "fr",
                "send",
                &reference,
                "--delegated",
                "--smtp",
                &url,
                "--backoff",
                "0.05",
            ])
            .output()
            .expect("send")
    };
    // Not delegated yet: the processor cannot send.
    let early = send();
    assert_eq!(early.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&early.stderr).contains("has not delegated its notices"));
    ok(&breach(&[
        "delegate",
        &reference,
        "--to",
        "Prestataire Santé",
        "--from",
        "Bio Rhône <dpo@rhone.example>",
    ]));
    // Its name and letterhead as the processor's table gives them.
    let shown = breach(&["show", &reference]);
    let case: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
    let delegation = &case["case"]["delegations"][0];
    assert_eq!(delegation["organisation"], "Bio Rhône", "{case}");
    assert_eq!(
        delegation["letterhead"],
        serde_json::json!(["1 quai du Rhône", "69002 Lyon"])
    );
    ok(&send());
    let messages = received_once_each(&smtp, "delegated");
    assert_eq!(messages.len(), 2);
    for m in &messages {
        let from = header(m, "From").unwrap_or_default();
        assert!(from.ends_with("<dpo@rhone.example>"), "{m}");
        let text = body(m);
        assert!(
            text.contains("Bio Rhône") && !text.contains("Prestataire"),
            "{text}"
        );
    }
    // Revoked: refused, saying when and by whom; what was sent stays.
    ok(&breach(&[
        "delegate",
        &reference,
        "--revoke",
        "contrat résilié",
    ]));
    let late = send();
    assert_eq!(late.status.code(), Some(2));
    let said = String::from_utf8_lossy(&late.stderr);
    assert!(
        said.contains("revoked on") && said.contains("by presta"),
        "{said}"
    );
    assert_eq!(smtp.messages().len(), 2);
    let log = delivery_log(&home, &store, &reference);
    assert_eq!(
        count_of(&log, "email", "sent") + count_of(&log, "email", "accepted"),
        2,
        "{log:?}"
    );
    let history = vigie(&home)
        .args(["breach", "--store", &store, "history", &reference, "--json"])
        .output()
        .expect("history");
    let history = String::from_utf8_lossy(&history.stdout);
    assert_eq!(
        history.matches("\"action\":\"delegate\"").count(),
        2,
        "{history}"
    );
}
