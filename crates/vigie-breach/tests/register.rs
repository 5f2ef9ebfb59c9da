//! Cases, obligations and the register, on hand-made breaches.

use jiff::Timestamp;
use vigie_breach::case::{Actor, Controller, DataCategory, Intent, Nature, Origin, PersonCategory};
use vigie_breach::crypt::RegisterKey;
use vigie_breach::obligations::{Decision, Exemption, Recipient, Status};
use vigie_breach::severity::{EaseOfIdentification, Level, Loss, Override, SeverityInput};
use vigie_breach::{Breach, Store, derive};

fn key(dir: &tempfile::TempDir) -> RegisterKey {
    RegisterKey::load_or_create(&dir.path().join("register.key")).expect("key")
}

fn t(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

/// The 2021 kind of leak: a laboratory's extract published on a forum.
fn forum_leak() -> Breach {
    let input = SeverityInput {
        category: vigie_breach::severity::DpcCategory::Sensitive,
        adjustments: Vec::new(),
        ease_of_identification: EaseOfIdentification::Maximum,
        confidentiality: Loss::Full,
        integrity: Loss::None,
        availability: Loss::None,
        malicious: true,
    };
    Breach {
        reference: String::new(),
        title: "Extraction de migration publiée sur un forum".into(),
        controller: Controller::Laboratory,
        nis_operator: false,
        occurred_start: Some(t("2026-06-01T00:00:00Z")),
        occurred_end: None,
        ongoing: true,
        discovered: t("2026-11-20T09:00:00Z"),
        aware: t("2026-11-20T10:00:00Z"),
        processor_informed: None,
        discovery: "article de presse".into(),
        nature: Nature {
            confidentiality: true,
            ..Nature::default()
        },
        origin: Origin::Hacking,
        actor: Actor::External,
        intent: Intent::Malicious,
        processors: vec!["Prestataire de migration".into()],
        persons: vec![PersonCategory::Patients],
        persons_count: Some(490_000),
        data: vec![
            DataCategory::Identity,
            DataCategory::Nir,
            DataCategory::Health,
        ],
        records_count: Some(500_000),
        medium: "fichier CSV".into(),
        consequences: "hameçonnage ciblé, atteinte à la vie privée".into(),
        measures_taken: "serveur isolé".into(),
        measures_planned: "chiffrement des extractions".into(),
        dpo: "DPO, dpo@labo.example".into(),
        severity: Some(input.assess().expect("valid")),
        severity_input: Some(input),
        severity_override: None,
    }
}

fn status(obligations: &[vigie_breach::Obligation], r: Recipient) -> &Status {
    &obligations
        .iter()
        .find(|o| o.recipient == r)
        .unwrap_or_else(|| panic!("{r:?} missing: {obligations:?}"))
        .status
}

#[test]
fn impossible_timelines_are_refused_with_every_reason() {
    let now = t("2026-11-28T12:00:00Z");
    assert_eq!(forum_leak().check(now), Ok(()));
    let mut b = forum_leak();
    b.aware = t("2026-11-19T10:00:00Z"); // before discovery
    b.occurred_end = Some(t("2026-06-02T00:00:00Z")); // ongoing with an end
    b.discovered = t("2026-12-01T00:00:00Z"); // future
    let err = b.check(now).expect_err("inconsistent").to_string();
    assert!(
        err.contains("aware:") && err.contains("before the breach was discovered"),
        "{err}"
    );
    assert!(err.contains("ongoing"), "{err}");
    assert!(
        err.contains("discovered: 2026-12-01T00:00:00Z is in the future"),
        "{err}"
    );
    let mut b = forum_leak();
    b.processor_informed = Some(t("2026-11-21T00:00:00Z"));
    assert!(
        b.check(now)
            .expect_err("late awareness")
            .to_string()
            .contains("processor's notice")
    );
    let mut b = forum_leak();
    b.severity_override = Some(Override {
        level: Level::Low,
        justification: "".into(),
    });
    assert!(
        b.check(now)
            .expect_err("no justification")
            .to_string()
            .contains("justification")
    );
}

#[test]
fn a_laboratory_forum_leak_owes_the_authority_the_patients_and_the_health_portal() {
    let b = forum_leak();
    assert_eq!(b.level(), Some(Level::VeryHigh));
    let before = derive(&b, &[], t("2026-11-21T10:00:00Z"));
    let sa = before
        .iter()
        .find(|o| o.recipient == Recipient::SupervisoryAuthority)
        .expect("authority");
    assert_eq!(
        sa.due,
        Some(t("2026-11-23T10:00:00Z")),
        "72 h after awareness"
    );
    assert_eq!(sa.status, Status::Owed { late: false });
    assert_eq!(
        status(&before, Recipient::DataSubjects),
        &Status::Owed { late: false }
    );
    assert_eq!(
        status(&before, Recipient::HealthPortal),
        &Status::Owed { late: false }
    );
    assert!(
        before
            .iter()
            .all(|o| o.recipient != Recipient::NisEarlyWarning)
    );
    // Three days and a half later, nothing done: late.
    let after = derive(&b, &[], t("2026-11-23T22:00:00Z"));
    assert_eq!(
        status(&after, Recipient::SupervisoryAuthority),
        &Status::Owed { late: true }
    );
    // Notified after the deadline without saying why: the reasons are asked for.
    let late = [Decision::Notified {
        recipient: Recipient::SupervisoryAuthority,
        at: t("2026-11-24T09:00:00Z"),
        complementary: false,
        reason: String::new(),
        by: String::new(),
    }];
    let o = derive(&b, &late, t("2026-11-25T00:00:00Z"));
    let sa = o
        .iter()
        .find(|o| o.recipient == Recipient::SupervisoryAuthority)
        .expect("sa");
    assert_eq!(
        sa.status,
        Status::Done {
            at: t("2026-11-24T09:00:00Z"),
            late: true
        }
    );
    assert!(
        sa.reasons
            .iter()
            .any(|r| r.en.contains("reasons for the delay are missing")
                && r.fr.contains("les motifs du retard manquent"))
    );
    // What a DPO reads: Paris time to the minute, the level in words, no ids.
    assert!(
        sa.reasons
            .iter()
            .any(|r| r.fr == "notifié le 24/11/2026 10:00"),
        "{:?}",
        sa.reasons
    );
    assert_eq!(sa.status.text(true), "fait le 24/11/2026 10:00 (en retard)");
    for r in &sa.reasons {
        for id in ["very_high", "T09:00", "Z "] {
            assert!(!r.fr.contains(id) && !r.en.contains(id), "{id} in {r:?}");
        }
    }
}

#[test]
fn low_risk_exemptions_nis_and_processors() {
    let mut b = forum_leak();
    b.severity_override = Some(Override {
        level: Level::Low,
        justification: "données chiffrées, clé non compromise".into(),
    });
    let o = derive(&b, &[], t("2026-11-21T00:00:00Z"));
    assert_eq!(
        status(&o, Recipient::SupervisoryAuthority),
        &Status::NotRequired
    );
    assert_eq!(status(&o, Recipient::DataSubjects), &Status::NotRequired);

    // Disproportionate effort: a public communication replaces the notices.
    let b = forum_leak();
    let exempt = Decision::Exempted {
        ground: Exemption::DisproportionateEffort,
        evidence: "coordonnées inconnues pour 80 % des personnes".into(),
    };
    let o = derive(&b, std::slice::from_ref(&exempt), t("2026-11-21T00:00:00Z"));
    assert_eq!(
        status(&o, Recipient::DataSubjects),
        &Status::Owed { late: false }
    );
    let public = Decision::PublicCommunication {
        at: t("2026-11-22T08:00:00Z"),
        channel: "site web et presse régionale".into(),
    };
    let o = derive(&b, &[exempt, public], t("2026-11-23T00:00:00Z"));
    assert!(matches!(
        status(&o, Recipient::DataSubjects),
        Status::Done { .. }
    ));
    let o = derive(
        &b,
        &[Decision::Exempted {
            ground: Exemption::Unintelligible,
            evidence: "AES-256, clé hors périmètre".into(),
        }],
        t("2026-11-23T00:00:00Z"),
    );
    assert_eq!(status(&o, Recipient::DataSubjects), &Status::Exempted);

    // A NIS entity: 24 h, 72 h and one calendar month (Paris time).
    let mut b = forum_leak();
    b.nis_operator = true;
    b.aware = t("2026-01-31T10:00:00Z");
    b.discovered = b.aware;
    let o = derive(&b, &[], t("2026-02-01T00:00:00Z"));
    let due = |r: Recipient| o.iter().find(|o| o.recipient == r).and_then(|o| o.due);
    assert_eq!(
        due(Recipient::NisEarlyWarning),
        Some(t("2026-02-01T10:00:00Z"))
    );
    assert_eq!(
        due(Recipient::NisNotification),
        Some(t("2026-02-03T10:00:00Z"))
    );
    assert_eq!(
        due(Recipient::NisFinalReport),
        Some(t("2026-02-28T10:00:00Z"))
    );

    // A processor tells its controllers, not the authority.
    let mut b = forum_leak();
    b.controller = Controller::Processor;
    let o = derive(&b, &[], t("2026-11-21T00:00:00Z"));
    let recipients: Vec<Recipient> = o.iter().map(|o| o.recipient).collect();
    // A processor attacked tells its controllers; CERT-FR is advised, not owed.
    assert_eq!(recipients, [Recipient::Controllers, Recipient::CertFr]);
}

#[test]
fn a_cyberattack_advises_a_report_to_cert_fr_without_a_clock() {
    let now = t("2026-11-28T00:00:00Z");
    let b = forum_leak();
    let o = derive(&b, &[], now);
    let cert = o
        .iter()
        .find(|o| o.recipient == Recipient::CertFr)
        .expect("CERT-FR");
    assert_eq!((&cert.status, cert.due), (&Status::Recommended, None));
    assert_eq!(cert.status.text(true), "recommandé (non obligatoire)");
    // The health portal's declaration says who receives it.
    let portal = o
        .iter()
        .find(|o| o.recipient == Recipient::HealthPortal)
        .expect("portal");
    assert!(portal.reasons[0].fr.contains("ARS") && portal.reasons[0].fr.contains("CERT Santé"));
    // Reported: done, and when.
    let reported = [Decision::Notified {
        recipient: Recipient::CertFr,
        at: t("2026-11-21T08:00:00Z"),
        complementary: false,
        reason: String::new(),
        by: "rssi".into(),
    }];
    let o = derive(&b, &reported, now);
    let cert = o
        .iter()
        .find(|o| o.recipient == Recipient::CertFr)
        .expect("CERT-FR");
    assert_eq!(
        cert.status,
        Status::Done {
            at: t("2026-11-21T08:00:00Z"),
            late: false
        }
    );
    // An accident advises nothing; a NIS entity reports to ANSSI under NIS instead.
    let mut accident = forum_leak();
    accident.intent = Intent::Accidental;
    assert!(
        derive(&accident, &[], now)
            .iter()
            .all(|o| o.recipient != Recipient::CertFr)
    );
    let mut nis = forum_leak();
    nis.nis_operator = true;
    let o = derive(&nis, &[], now);
    assert!(o.iter().all(|o| o.recipient != Recipient::CertFr));
    assert!(o.iter().any(|o| o.recipient == Recipient::NisEarlyWarning));
}

/// The register's life on one backend: `raw` runs SQL behind vigie's back, to tamper.
pub fn history_on(location: &str, key: &dyn Fn() -> RegisterKey, raw: &mut dyn FnMut(&str)) {
    let now = t("2026-11-28T12:00:00Z");
    let mut store = Store::open(location, key()).expect("open");
    let first = store.create(forum_leak(), "dpo", now).expect("create");
    let second = store.create(forum_leak(), "dpo", now).expect("create");
    assert_eq!(
        (first.as_str(), second.as_str()),
        ("VIG-2026-0001", "VIG-2026-0002")
    );
    // A lease is taken by one taker only, passed on only from the holder it names, and
    // given back only by it (the send runs' guard against writing to anyone twice).
    assert!(store.swap_lease("run", None, b"a").expect("take"));
    assert!(!store.swap_lease("run", None, b"b").expect("taken"));
    assert!(!store.swap_lease("run", Some(b"x"), b"b").expect("not x's"));
    assert!(store.swap_lease("run", Some(b"a"), b"b").expect("from a"));
    store.drop_lease("run", b"a").expect("not a's any more");
    assert_eq!(store.lease("run").expect("lease"), Some(b"b".to_vec()));
    store.drop_lease("run", b"b").expect("give back");
    assert_eq!(store.lease("run").expect("lease"), None);
    // A bad change is refused and leaves nothing behind.
    let err = store
        .update(&first, "analyst", "edit", now, |c| {
            c.breach.aware = t("2027-01-01T00:00:00Z");
            Ok(())
        })
        .expect_err("future awareness")
        .to_string();
    assert!(err.to_string().contains("in the future"), "{err}");
    assert_eq!(store.history(&first).expect("history").len(), 1);
    store
        .update(&first, "dpo", "decide", now, |c| {
            c.decisions.push(Decision::Notified {
                recipient: Recipient::SupervisoryAuthority,
                at: t("2026-11-22T10:00:00Z"),
                complementary: false,
                reason: String::new(),
                by: String::new(),
            });
            Ok(())
        })
        .expect("decide");
    let case = store.get(&first).expect("get");
    assert_eq!(case.decisions.len(), 1);
    let v = store.verify().expect("verify");
    assert_eq!((v.events, v.cases, v.problems.len()), (3, 2, 0), "{v:?}");
    drop(store);

    // Reopened: same data, schema not migrated twice.
    let mut store = Store::open(location, key()).expect("reopen");
    assert_eq!(store.list().expect("list").len(), 2);
    drop(store);

    // Tampering.
    raw(&format!(
        "UPDATE breaches SET state = replace(state, '490000', '49') WHERE reference = '{second}'"
    ));
    raw("UPDATE events SET actor = 'someone else' WHERE seq = 1");
    let v = Store::open(location, key())
        .expect("open")
        .verify()
        .expect("verify");
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("event 1") && p.contains("altered")),
        "{v:?}"
    );
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains(&second) && p.contains("differs")),
        "{v:?}"
    );
    raw("DELETE FROM events WHERE seq = 2");
    let v = Store::open(location, key())
        .expect("open")
        .verify()
        .expect("verify");
    assert!(
        v.problems.iter().any(|p| p.contains("removed or inserted")),
        "{v:?}"
    );
}

#[test]
fn the_register_keeps_a_verifiable_history() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registre.db");
    let location = path.to_str().expect("utf-8 path");
    let sql = |s: &str| {
        rusqlite::Connection::open(&path)
            .and_then(|db| db.execute_batch(s))
            .expect("raw sql");
    };
    history_on(location, &|| key(&dir), &mut |s| sql(s));
    // A register from a newer vigie is not touched.
    sql("PRAGMA user_version = 99");
    let err = Store::open(location, key(&dir))
        .err()
        .expect("newer schema");
    assert!(err.to_string().contains("newer than this vigie"), "{err}");
}

/// The history proves itself even against someone who can write the database: events
/// are chained under a subkey of the register key, and the head (how many events, the
/// last hash) is sealed. Cutting the last events (the states put back to match), or
/// rewriting one and recomputing the chain without the key, or removing the head: `verify`
/// fails. Its head is printed so that it can be kept elsewhere.
#[test]
fn the_history_proves_itself_against_cuts_and_recomputation() {
    let now = t("2026-11-28T12:00:00Z");
    let register = || {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("registre.db");
        let mut store = Store::open(path.to_str().expect("utf-8"), key(&dir)).expect("open");
        let first = store.create(forum_leak(), "dpo", now).expect("create");
        store.create(forum_leak(), "dpo", now).expect("create");
        store
            .update(&first, "dpo", "edit", now, |c| {
                c.breach.title = "Extraction publiée sur un forum, suite".into();
                Ok(())
            })
            .expect("edit");
        let v = store.verify().expect("verify");
        assert!(v.problems.is_empty(), "{v:?}");
        assert_eq!(v.head.as_ref().map(|h| h.0), Some(3));
        assert!(v.head.as_ref().is_some_and(|h| h.1.starts_with("k1:")));
        (dir, path, first)
    };
    let check = |dir: &tempfile::TempDir, path: &std::path::Path, what: &str| {
        let v = Store::open(path.to_str().expect("utf-8"), key(dir))
            .expect("open")
            .verify()
            .expect("verify");
        assert!(v.problems.iter().any(|p| p.contains(what)), "{what}: {v:?}");
    };
    let sql = |path: &std::path::Path, s: &str| {
        rusqlite::Connection::open(path)
            .and_then(|db| db.execute_batch(s))
            .expect("raw sql");
    };

    // The last change cut, the case's state put back as the event before it left it.
    let (dir, path, first) = register();
    sql(
        &path,
        &format!(
            "DELETE FROM events WHERE seq = 3; UPDATE breaches SET state = \
             (SELECT payload FROM events WHERE seq = 1) WHERE reference = '{first}'"
        ),
    );
    check(
        &dir,
        &path,
        "does not end where its sealed head says (3 events",
    );

    // An event rewritten and the whole chain recomputed as plain BLAKE3, which needs no
    // key: the links hold, the head does not.
    let (dir, path, _) = register();
    let db = rusqlite::Connection::open(&path).expect("db");
    db.execute("UPDATE events SET actor = 'quelqu''un' WHERE seq = 1", [])
        .expect("rewrite");
    let rows: Vec<(i64, Vec<String>)> = db
        .prepare("SELECT seq, reference, at, actor, action, payload FROM events ORDER BY seq")
        .and_then(|mut st| {
            st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    (1..6).map(|i| r.get(i)).collect::<Result<_, _>>()?,
                ))
            })?
            .collect()
        })
        .expect("events");
    let mut prev = "vigie-register-v1".to_string();
    for (seq, f) in rows {
        let mut h = blake3::Hasher::new();
        for part in [&prev, &seq.to_string(), &f[0], &f[1], &f[2], &f[3], &f[4]] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        let hash = h.finalize().to_hex().to_string();
        db.execute(
            "UPDATE events SET prev = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .expect("recompute");
        prev = hash;
    }
    drop(db);
    check(&dir, &path, "does not end where its sealed head says");

    // The head removed.
    let (dir, path, _) = register();
    sql(&path, "DELETE FROM meta WHERE name = 'history_head'");
    check(&dir, &path, "sealed head is missing");
}

/// The register and its directory are the owner's alone from their creation, the WAL
/// that SQLite writes beside it included.
#[test]
fn a_new_register_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("vigie").join("registre.db");
    let location = path.to_str().expect("utf-8 path");
    let mut store = Store::open(location, key(&dir)).expect("open");
    store
        .create(forum_leak(), "dpo", t("2026-11-21T10:00:00Z"))
        .expect("a case");
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .expect("metadata")
    };
    assert_eq!(mode(path.parent().expect("dir")), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = path.with_file_name("registre.db-wal");
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o600);
}

/// A mail server's answer quotes the address it refused: the delivery log keeps it
/// sealed, readable with the register key only.
#[test]
fn servers_answers_are_sealed_in_the_delivery_log() {
    use vigie_breach::store::{Delivery, DeliveryStatus};
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registre.db");
    let location = path.to_str().expect("utf-8 path");
    let now = t("2026-11-22T10:00:00Z");
    let mut store = Store::open(location, key(&dir)).expect("open");
    let reference = store.create(forum_leak(), "dpo", now).expect("a case");
    let bounced = Delivery {
        person: "p1".into(),
        channel: "email".into(),
        status: DeliveryStatus::Bounced,
        attempts: 1,
        answer: "550 5.1.1 <sophie.durand@example.org>: Recipient address rejected".into(),
        updated: String::new(),
    };
    store.set_delivery(&reference, &bounced, now).expect("log");
    let log = store.deliveries(&reference).expect("read");
    assert_eq!(log[0].answer, bounced.answer);
    drop(store);
    let raw: String = rusqlite::Connection::open(&path)
        .and_then(|db| db.query_row("SELECT answer FROM deliveries", [], |r| r.get(0)))
        .expect("raw");
    assert!(
        !raw.contains("sophie") && raw.starts_with("sealed:"),
        "{raw}"
    );
}

#[cfg(feature = "postgres")]
#[test]
fn the_register_in_postgresql() {
    // A schema of its own per run, in the database CI starts (override with
    // VIGIE_TEST_POSTGRES).
    let base = std::env::var("VIGIE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let schema = format!("vigie_test_{}", std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap_or_else(|e| {
        panic!("no PostgreSQL at {base} ({e}): run scripts/test, or set VIGIE_TEST_POSTGRES")
    });
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    let location = format!("{base}{sep}options=-csearch_path%3D{schema}");
    let dir = tempfile::tempdir().expect("tmp");
    history_on(&location, &|| key(&dir), &mut |s| {
        admin
            .batch_execute(&format!("SET search_path TO {schema}; {s}"))
            .expect("raw sql");
    });
    // Sealed persons and a wrong key, as on SQLite.
    let now = t("2026-11-28T12:00:00Z");
    let mut store = Store::open(&location, key(&dir)).expect("open");
    let link = dir.path().join("lien.jsonl");
    std::fs::write(
        &link,
        "{\"registry_id\":\"P1\",\"probability\":0.99,\"last_name\":\"DURAND\"}\n",
    )
    .expect("write");
    let (evidence, persons) = vigie_breach::evidence::link_result(&link, now).expect("link");
    store
        .attach("VIG-2026-0001", "dpo", now, evidence, &persons)
        .expect("attach");
    assert_eq!(store.persons("VIG-2026-0001").expect("persons"), persons);
    let clear: i64 = admin
        .query_one(
            &format!("SELECT count(*) FROM {schema}.persons WHERE position('DURAND'::bytea in sealed) > 0"),
            &[],
        )
        .expect("query")
        .get(0);
    assert_eq!(clear, 0, "sealed in PostgreSQL too");
    let other = RegisterKey::from_hex(&"ab".repeat(32), "test key").expect("key");
    assert!(Store::open(&location, other).is_err(), "wrong key refused");
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .expect("cleanup");
}

#[test]
fn evidence_fills_the_case_and_persons_stay_sealed() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registre.db");
    let now = t("2026-11-28T12:00:00Z");
    let mut store = Store::open(path.to_str().expect("utf-8 path"), key(&dir)).expect("open");
    let mut b = forum_leak();
    b.data = vec![DataCategory::Identity];
    b.persons_count = None;
    let reference = store.create(b, "dpo", now).expect("create");

    // A scan report as `vigie scan --format json` writes it.
    let scan = dir.path().join("scan.json");
    std::fs::write(
        &scan,
        r#"{"version":1,"findings":[],"files":[],"summary":{"files_scanned":3,"findings":12,
        "counts":{"nir":4,"email":4,"icd10":2,"iban":0},"persons":{"distinct":4,"with_nir":4,"with_health":2},
        "errors":0,"notes":[]}}"#,
    )
    .expect("write");
    let evidence = vigie_breach::evidence::scan_report(&scan, now).expect("scan report");
    let case = store
        .attach(&reference, "analyst", now, evidence.clone(), &[])
        .expect("attach");
    assert_eq!(
        case.breach.data,
        [
            DataCategory::Identity,
            DataCategory::Nir,
            DataCategory::Contact,
            DataCategory::Health
        ],
        "an IBAN count of 0 adds nothing"
    );
    assert_eq!(case.breach.persons_count, Some(4));
    assert_eq!(
        case.evidence[0].blake3,
        blake3::hash(&std::fs::read(&scan).expect("read"))
            .to_hex()
            .to_string()
    );
    let again = store.attach(&reference, "analyst", now, evidence, &[]);
    assert!(
        again
            .expect_err("twice")
            .to_string()
            .to_string()
            .contains("attached already")
    );

    // A link result: persons with their probability; one bad line refuses the whole file.
    let link = dir.path().join("lien.jsonl");
    std::fs::write(
        &link,
        "{\"registry_id\":\"P1\",\"probability\":0.99,\"categories\":[\"nir\",\"health\"],\"last_name\":\"DURAND\",\"email\":\"s.durand@example.fr\"}\n\
         {\"registry_id\":\"P2\",\"probability\":1.7}\n{oops\n",
    )
    .expect("write");
    let err = vigie_breach::evidence::link_result(&link, now)
        .expect_err("bad lines")
        .to_string();
    assert!(err.contains("lien.jsonl:2: probability 1.7"), "{err}");
    assert!(err.contains("lien.jsonl:3:"), "{err}");
    // A line of a newer format is refused, not misread; the version is no person's detail.
    std::fs::write(
        &link,
        "{\"version\":1,\"registry_id\":\"P1\",\"probability\":0.99}\n\
         {\"version\":2,\"registry_id\":\"P2\",\"probability\":0.99}\n",
    )
    .expect("write");
    let err = vigie_breach::evidence::link_result(&link, now)
        .expect_err("newer")
        .to_string();
    assert!(
        err.contains("lien.jsonl:2: a link result of version 2") && !err.contains("lien.jsonl:1"),
        "{err}"
    );
    std::fs::write(
        &link,
        "{\"version\":1,\"registry_id\":\"P1\",\"probability\":0.99}\n",
    )
    .expect("write");
    let (_, versioned) = vigie_breach::evidence::link_result(&link, now).expect("version 1");
    assert!(!versioned[0].details.contains_key("version"));
    std::fs::write(
        &link,
        "{\"registry_id\":\"P1\",\"probability\":0.99,\"categories\":[\"nir\",\"health\"],\"last_name\":\"DURAND\",\"email\":\"s.durand@example.fr\"}\n\
         {\"registry_id\":\"P2\",\"probability\":0.2,\"last_name\":\"MARTIN\"}\n",
    )
    .expect("write");
    let (evidence, persons) = vigie_breach::evidence::link_result(&link, now).expect("link");
    assert_eq!(evidence.persons, 1, "only P1 is likely affected");
    store
        .attach(&reference, "analyst", now, evidence, &persons)
        .expect("attach link");
    let back = store.persons(&reference).expect("persons");
    assert_eq!(back, persons);
    drop(store);
    // The database alone does not reveal them.
    let raw = std::fs::read(&path).expect("db");
    let wal = std::fs::read(dir.path().join("registre.db-wal")).unwrap_or_default();
    for needle in [&b"DURAND"[..], b"s.durand@example.fr", b"MARTIN"] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle)
                && !wal.windows(needle.len()).any(|w| w == needle),
            "{} in clear in the database",
            String::from_utf8_lossy(needle)
        );
    }
    // Another key does not open the register.
    let other = RegisterKey::from_hex(&"ab".repeat(32), "test key").expect("key");
    let err = Store::open(path.to_str().expect("utf-8 path"), other)
        .err()
        .expect("wrong key");
    assert!(
        err.to_string().contains("does not open this register"),
        "{err}"
    );
}

#[test]
fn a_patient_on_several_leak_rows_is_one_person_told_of_everything_exposed() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("persons.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"registry_id":"P1","probability":0.9,"kinds":["person_name","password"],"email":"a@example.org"}"#,
            "\n",
            r#"{"registry_id":"P2","probability":0.99,"kinds":["nir"]}"#,
            "\n",
            r#"{"registry_id":"P1","probability":0.97,"kinds":["health_term"],"phone":"0601020304"}"#,
            "\n",
        ),
    )
    .expect("write");
    let (evidence, persons) =
        vigie_breach::evidence::link_result(&file, t("2026-11-21T10:00:00Z")).expect("read");
    assert_eq!(persons.len(), 2);
    assert_eq!(evidence.persons, 2);
    let p1 = &persons[0];
    assert_eq!(p1.probability, 0.97);
    assert_eq!(
        p1.categories,
        vec![
            DataCategory::Identity,
            DataCategory::Health,
            DataCategory::Credentials
        ]
    );
    // The likelier row's details, completed by the other's.
    assert_eq!(p1.details["phone"], "0601020304");
    assert_eq!(p1.details["email"], "a@example.org");
    assert_eq!(persons[1].categories, vec![DataCategory::Nir]);
}

/// A link result's pairs in review are the case's, but not its affected persons: they
/// are counted apart and get no notice; rejected pairs are no one's; a patient accepted
/// on one row is affected whatever another row's pair says.
#[test]
fn pairs_in_review_are_kept_apart_from_the_affected() {
    use vigie_breach::evidence::{LinkDecision as Link, link_result};
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("link.jsonl");
    let line = |registry: &str, p: f64, decision: &str| {
        format!(
            r#"{{"leak_id":"L{registry}","registry_id":"{registry}","probability":{p},"decision":"{decision}","kinds":["nir"]}}"#
        )
    };
    let lines = [
        line("P1", 0.999, "accept"),
        line("P2", 0.97, "review"),
        line("P3", 0.95, "reject"),
        line("P4", 0.99, "review"),
        line("P4", 0.9999, "accept"),
        // An older link result: no decision, accepted.
        r#"{"leak_id":"L5","registry_id":"P5","probability":0.9}"#.to_string(),
    ];
    std::fs::write(&path, lines.join("\n")).expect("write");
    let (evidence, persons) = link_result(&path, t("2026-11-20T10:00:00Z")).expect("read");
    let ids: Vec<(&str, Link)> = persons
        .iter()
        .map(|p| (p.registry_id.as_str(), p.decision))
        .collect();
    assert_eq!(
        ids,
        [
            ("P1", Link::Accept),
            ("P2", Link::Review),
            ("P4", Link::Accept),
            ("P5", Link::Accept)
        ]
    );
    assert_eq!(evidence.persons, 3);
    assert_eq!(evidence.counts["review"], 1);
    assert_eq!(evidence.counts["rejected"], 1);
    assert!(!persons[1].affected() && persons[0].affected());

    // A decision vigie link does not write: refused with the file and line, nothing kept.
    std::fs::write(
        &path,
        [lines[0].clone(), line("P9", 0.99, "maybe")].join("\n"),
    )
    .expect("write");
    let err = link_result(&path, t("2026-11-20T10:00:00Z"))
        .expect_err("refused")
        .to_string();
    assert!(
        err.contains(&format!("{}:2:", path.display())) && err.contains("maybe"),
        "{err}"
    );
}

/// A reviewer's answer on a pair in review: the pair is accepted (affected, counted) or
/// rejected, every answer is kept sealed with the person, a disagreement shows, the
/// history says who answered what without naming the patient, and an answer on a pair
/// the case does not hold changes nothing.
#[test]
fn reviewers_answers_decide_pairs_in_review() {
    use vigie_breach::evidence::{Answer, LinkDecision, link_result};
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("link.jsonl");
    std::fs::write(
        &path,
        "{\"registry_id\":\"P1\",\"probability\":0.999,\"kinds\":[\"nir\"]}\n\
         {\"registry_id\":\"P2\",\"probability\":0.97,\"decision\":\"review\",\"kinds\":[\"health_term\"],\"contradictions\":[\"nir_conflict\"]}\n",
    )
    .expect("write");
    let db = dir.path().join("registre.db");
    let mut store = Store::open(db.to_str().expect("utf-8"), key(&dir)).expect("open");
    let now = t("2026-11-28T12:00:00Z");
    let reference = store.create(forum_leak(), "dpo", now).expect("create");
    let (evidence, persons) = link_result(&path, now).expect("read");
    store
        .attach(&reference, "dpo", now, evidence, &persons)
        .expect("attach");
    let count = |s: &mut Store| {
        let case = s.get(&reference).expect("case");
        let e = &case.evidence[0];
        (e.persons, e.counts["review"], e.counts["rejected"])
    };
    assert_eq!(count(&mut store), (1, 1, 0));
    let events = store.history(&reference).expect("history").len();

    // Nothing to answer on: refused, nothing recorded.
    let err = store
        .review(&reference, "P9", Answer::Same, "analyste", now)
        .expect_err("no such pair")
        .to_string();
    assert!(err.to_string().contains("P9"), "{err}");
    assert_eq!(store.history(&reference).expect("history").len(), events);

    // The same person: accepted, affected, counted, its data categories the case's.
    let case = store
        .review(
            &reference,
            "P2",
            Answer::Same,
            "analyste",
            t("2026-11-28T13:00:00Z"),
        )
        .expect("review");
    assert!(case.breach.data.contains(&DataCategory::Health));
    assert_eq!(count(&mut store), (2, 0, 0));
    let p2 = |s: &mut Store| {
        s.persons(&reference)
            .expect("persons")
            .into_iter()
            .find(|p| p.registry_id == "P2")
            .expect("P2")
    };
    let p = p2(&mut store);
    assert_eq!(p.decision, LinkDecision::Accept);
    assert!(p.affected() && !p.disputed());

    // The DPO disagrees: both answers kept, the later decides.
    store
        .review(
            &reference,
            "P2",
            Answer::Different,
            "dpo",
            t("2026-11-28T14:00:00Z"),
        )
        .expect("review");
    let p = p2(&mut store);
    assert_eq!(p.decision, LinkDecision::Reject);
    assert!(p.disputed() && !p.affected());
    assert_eq!(
        p.labels.iter().map(|l| l.by.as_str()).collect::<Vec<_>>(),
        ["analyste", "dpo"]
    );
    assert_eq!(count(&mut store), (1, 0, 1));
    // Can't tell changes no decision.
    store
        .review(&reference, "P2", Answer::CantTell, "analyste", now)
        .expect("review");
    assert_eq!(p2(&mut store).decision, LinkDecision::Reject);

    let history = store.history(&reference).expect("history");
    let actions: Vec<(&str, &str)> = history[events..]
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("analyste", "review: same person"),
            ("dpo", "review: different persons"),
            ("analyste", "review: can't tell")
        ]
    );
    assert!(history.iter().all(|e| !e.action.contains("P2")));
    assert!(store.verify().expect("verify").problems.is_empty());
}

/// The audit of accepted pairs: Wilson intervals at the values the formula gives by hand,
/// bands apart, the overall bound only when every band has answers, and a draw that is
/// the same for one seed and leaves out what was answered or not accepted.
#[test]
fn an_audit_estimates_the_accepted_pairs_precision() {
    use vigie_breach::evidence::{Answer, LinkDecision, Person, audit, audit_sample, wilson};
    // 10 of 10: the lower bound is 1 / (1 + z²/10) = 0.7225; 0 of 0: nothing known.
    let (lo, hi) = wilson(10, 10).expect("an interval");
    assert!(
        (lo - 0.7225).abs() < 1e-4 && (hi - 1.0).abs() < 1e-12,
        "{lo} {hi}"
    );
    assert_eq!(wilson(0, 0), None);
    // 5 of 10: centred on one half, 0.2366 to 0.7634.
    let (lo, hi) = wilson(5, 10).expect("an interval");
    assert!(
        (lo - 0.2366).abs() < 1e-4 && (hi - 0.7634).abs() < 1e-4,
        "{lo} {hi}"
    );

    let person = |id: &str, p: f64, linked: LinkDecision| Person {
        registry_id: id.to_string(),
        probability: p,
        categories: Vec::new(),
        kinds: Vec::new(),
        decision: linked,
        linked,
        labels: Vec::new(),
        details: serde_json::Map::new(),
    };
    let now = t("2026-11-28T12:00:00Z");
    let mut persons: Vec<Person> = (0..40)
        .map(|i| person(&format!("P{i}"), 0.9995, LinkDecision::Accept))
        .chain((40..50).map(|i| person(&format!("P{i}"), 0.95, LinkDecision::Accept)))
        .chain([person("R1", 0.97, LinkDecision::Review)])
        .collect();
    let first = audit_sample(&persons, 3, 7);
    let ids: Vec<String> = first.iter().map(|p| p.registry_id.clone()).collect();
    assert_eq!(ids.len(), 6, "three per band holding accepted pairs");
    assert!(!ids.contains(&"R1".to_string()), "not a pair in review");
    assert_eq!(
        audit_sample(&persons, 3, 7)
            .iter()
            .map(|p| p.registry_id.clone())
            .collect::<Vec<_>>(),
        ids,
        "the same seed, the same draw"
    );
    // Answers on the top band only: no overall bound yet.
    for p in persons.iter_mut().take(10) {
        p.label("dpo", now, Answer::Same);
    }
    let (bands, overall) = audit(&persons);
    let top = &bands[3];
    assert_eq!((top.accepted, top.answered, top.same), (40, 10, 10));
    assert_eq!(overall, None);
    assert!(
        !audit_sample(&persons, 40, 7)
            .iter()
            .any(|p| p.registry_id == "P0")
    );
    // One wrong in the 0.9–0.99 band: its interval, and the overall weighted bound.
    persons[40].label("dpo", now, Answer::Different);
    persons[41].label("dpo", now, Answer::Same);
    let (bands, overall) = audit(&persons);
    assert_eq!((bands[1].answered, bands[1].same), (2, 1));
    let (lo, hi) = overall.expect("every band answered");
    let (l1, h1) = wilson(1, 2).expect("band");
    let (l3, h3) = wilson(10, 10).expect("band");
    assert!(
        (lo - (0.2 * l1 + 0.8 * l3)).abs() < 1e-12 && (hi - (0.2 * h1 + 0.8 * h3)).abs() < 1e-12
    );
}

#[test]
fn an_edit_reads_times_as_paris_time_and_refuses_what_it_cannot_read() {
    let b = forum_leak();
    let set = |k: &str, v: &str| b.with_changes(&[(k.to_string(), v.to_string())]);
    let edited = set("aware", "2026-11-20 12:30").expect("Paris time");
    assert_eq!(edited.aware, t("2026-11-20T11:30:00Z"));
    assert!(set("ongoing", "non").is_ok_and(|e| !e.ongoing));
    assert_eq!(
        set("persons_count", "12").map(|e| e.persons_count),
        Ok(Some(12))
    );
    // The nature as `breach new --nature` takes it, or as `show --json` prints it.
    let both = vigie_breach::case::Nature {
        confidentiality: true,
        integrity: true,
        availability: false,
    };
    assert_eq!(
        set("nature", "confidentiality, integrity").map(|e| e.nature),
        Ok(both)
    );
    assert_eq!(
        set(
            "nature",
            r#"{"confidentiality":true,"integrity":true,"availability":false}"#
        )
        .map(|e| e.nature),
        Ok(both)
    );
    for (key, value, why) in [
        (
            "nature",
            "confidentialité",
            "is not confidentiality, integrity or availability",
        ),
        ("ongoing", "peut-être", "is not yes or no"),
        ("aware", "hier", "is not a time"),
        ("persons_count", "beaucoup", "is not a count"),
        ("severity", "low", "set by vigie"),
        ("titre", "x", "no such field"),
        ("controller", "hôpital", "unknown variant"),
    ] {
        let err = set(key, value).expect_err(key).to_string();
        assert!(err.contains(why), "{key}: {err}");
    }
}

#[test]
fn a_decision_without_what_the_register_must_show_is_refused() {
    let now = t("2026-11-22T10:00:00Z");
    let mut case = vigie_breach::Case::new(forum_leak());
    let cnil = Recipient::SupervisoryAuthority;
    for (decision, why) in [
        (
            Decision::NotNotifying {
                recipient: cnil,
                reason: " ".into(),
            },
            "needs its reasons",
        ),
        (
            Decision::Exempted {
                ground: Exemption::Unintelligible,
                evidence: String::new(),
            },
            "needs its evidence",
        ),
        (
            Decision::PublicCommunication {
                at: now,
                channel: String::new(),
            },
            "needs its channel",
        ),
        (
            Decision::Notified {
                recipient: cnil,
                at: t("2026-11-23T10:00:00Z"),
                complementary: false,
                reason: String::new(),
                by: String::new(),
            },
            "23/11/2026 11:00 (Paris time) is in the future",
        ),
        (
            Decision::Notified {
                recipient: cnil,
                at: t("2026-11-19T10:00:00Z"),
                complementary: false,
                reason: String::new(),
                by: String::new(),
            },
            "before the breach was discovered (20/11/2026 10:00)",
        ),
    ] {
        let err = case
            .decide(decision, "dpo", now)
            .expect_err(why)
            .to_string();
        assert!(err.contains(why), "{err}");
    }
    assert!(case.decisions.is_empty());
    case.decide(
        Decision::Notified {
            recipient: cnil,
            at: t("2026-11-21T10:00:00Z"),
            complementary: false,
            reason: String::new(),
            by: String::new(),
        },
        "dpo",
        now,
    )
    .expect("a notification made");
    assert_eq!(case.decisions.len(), 1);
    // The register says who recorded it.
    let told = derive(&case.breach, &case.decisions, now);
    let cnil = told.iter().find(|o| o.recipient == cnil).expect("the CNIL");
    assert!(
        cnil.reasons
            .iter()
            .any(|r| r.fr == "notifié le 21/11/2026 11:00 (enregistré par dpo)"),
        "{:?}",
        cnil.reasons
    );
}

/// The register over TLS as libpq's `sslmode` says: encrypted by default when the server
/// offers it, refused when `require` meets a server without TLS, and the server's
/// certificate checked by `verify-full` (a self-signed one is refused).
#[cfg(feature = "postgres")]
#[test]
fn the_register_in_postgresql_over_tls_as_sslmode_asks() {
    let base = std::env::var("VIGIE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap_or_else(|e| {
        panic!("no PostgreSQL at {base} ({e}): run scripts/test, or set VIGIE_TEST_POSTGRES")
    });
    let ssl_on = admin
        .query_one("SHOW ssl", &[])
        .map(|r| r.get::<_, String>(0) == "on")
        .expect("ssl setting");
    // A schema of its own, as the other PostgreSQL test.
    let schema = format!("vigie_tls_{}", std::process::id());
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    let dir = tempfile::tempdir().expect("tmp");
    // Each connection named, so that other tests' sessions are not counted.
    let open = |name: &str, mode: Option<&str>| {
        let mode = mode.map_or(String::new(), |m| format!("&sslmode={m}"));
        Store::open(
            &format!(
                "{base}{sep}options=-csearch_path%3D{schema}&application_name={schema}_{name}{mode}"
            ),
            key(&dir),
        )
    };
    let encrypted = |admin: &mut postgres::Client, name: &str| -> bool {
        admin
            .query_one(
                "SELECT coalesce(bool_or(s.ssl), false) FROM pg_stat_ssl s \
                 JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1",
                &[&format!("{schema}_{name}")],
            )
            .expect("pg_stat_ssl")
            .get(0)
    };
    let plain = open("disable", Some("disable")).expect("no TLS");
    assert!(
        !encrypted(&mut admin, "disable"),
        "sslmode=disable encrypted"
    );
    drop(plain);
    let required = open("require", Some("require"));
    if ssl_on {
        let store = required.expect("sslmode=require");
        assert!(encrypted(&mut admin, "require"));
        drop(store);
        // The default encrypts too, as libpq's `prefer`.
        let store = open("default", None).expect("default");
        assert!(encrypted(&mut admin, "default"));
        drop(store);
        // A server whose certificate no authority signed is not taken for verified.
        let err = open("verify", Some("verify-full"))
            .err()
            .expect("an unverifiable server is refused");
        assert!(
            err.to_string().to_lowercase().contains("certificate"),
            "{err}"
        );
    } else {
        let err = required.err().expect("require without TLS is refused");
        assert!(err.to_string().contains("TLS"), "{err}");
    }
    let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
}

/// A parent's e-mail on two children's records, or one patient in two cases: the
/// self-check by contact answers for each person, and registers written before keep
/// their contacts when opened by this version.
#[test]
fn a_contact_shared_by_several_persons_answers_for_each() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registre.db");
    let location = path.to_str().expect("utf-8 path");
    {
        let mut store = Store::open(location, key(&dir)).expect("open");
        store
            .set_check_contact("VIG-1", "child-a", "h-parent", b"a")
            .expect("a");
        store
            .set_check_contact("VIG-1", "child-b", "h-parent", b"b")
            .expect("b");
        store
            .set_check_contact("VIG-2", "child-a", "h-parent", b"a2")
            .expect("a in another case");
        // Told again (a second run): replaced, not doubled.
        store
            .set_check_contact("VIG-1", "child-a", "h-parent", b"a'")
            .expect("again");
        let found = store.check_contact("h-parent").expect("lookup");
        let got: Vec<(&str, &str, &[u8])> = found
            .iter()
            .map(|(r, p, a)| (r.as_str(), p.as_str(), a.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                ("VIG-1", "child-a", b"a'".as_slice()),
                ("VIG-1", "child-b", b"b".as_slice()),
                ("VIG-2", "child-a", b"a2".as_slice()),
            ]
        );
        assert!(store.check_contact("h-other").expect("none").is_empty());
    }
    // A register of the version before, whose contacts were one row per contact.
    let db = rusqlite::Connection::open(&path).expect("raw");
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    let sealed: Vec<u8> = db
        .query_row(
            "SELECT sealed FROM check_contacts WHERE reference = 'VIG-1' AND person = 'child-b'",
            [],
            |r| r.get(0),
        )
        .expect("sealed");
    // The migrations after the contacts' are undone too (the accounts' cases).
    db.execute_batch(
        "DROP TABLE check_contacts;
         CREATE TABLE check_contacts (contact TEXT PRIMARY KEY, reference TEXT NOT NULL,
             person TEXT NOT NULL, sealed BLOB NOT NULL);
         DROP TABLE account_cases;",
    )
    .expect("old table");
    db.execute(
        "INSERT INTO check_contacts VALUES ('h-parent', 'VIG-1', 'child-b', ?1)",
        [sealed],
    )
    .expect("old row");
    db.execute_batch(&format!("PRAGMA user_version = {}", version - 2))
        .expect("old version");
    drop(db);
    let mut store = Store::open(location, key(&dir)).expect("migrated");
    let found = store.check_contact("h-parent").expect("lookup");
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].1.as_str(), found[0].2.as_slice()),
        ("child-b", b"b".as_slice())
    );
    store
        .set_check_contact("VIG-1", "child-a", "h-parent", b"a")
        .expect("a second person after the migration");
    assert_eq!(store.check_contact("h-parent").expect("lookup").len(), 2);
}

/// Who was given access, and when it changed, is in the history's chain like the cases:
/// created, role changed, password changed, removed, each by whom; the hash never.
#[test]
fn accounts_are_in_the_history_and_their_events_cannot_be_cut() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registre.db");
    let location = path.to_str().expect("utf-8 path");
    let now = t("2026-11-22T10:00:00Z");
    let mut store = Store::open(location, key(&dir)).expect("open");
    store.create(forum_leak(), "dpo", now).expect("a case");
    store
        .set_account("anne", "viewer", "$argon2id$h1", "root", now)
        .expect("create");
    store
        .set_account("anne", "dpo", "$argon2id$h1", "root", now)
        .expect("role");
    store
        .set_account("anne", "dpo", "$argon2id$h2", "anne", now)
        .expect("password");
    assert!(store.delete_account("anne", "root", now).expect("delete"));
    assert!(!store.delete_account("anne", "root", now).expect("gone"));
    let events = store
        .history(vigie_breach::store::ACCOUNTS)
        .expect("history");
    let told: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        told,
        [
            ("account anne created (viewer)", "root"),
            ("account anne: role viewer → dpo", "root"),
            ("account anne: password changed", "anne"),
            ("account anne removed", "root"),
        ]
    );
    let v = store.verify().expect("verify");
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!((v.events, v.cases), (5, 1));
    drop(store);
    let raw = rusqlite::Connection::open(&path).expect("raw");
    let payloads: Vec<String> = raw
        .prepare("SELECT payload FROM events WHERE reference = '#accounts'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("payloads");
    assert!(
        payloads.iter().all(|p| !p.contains("argon2")),
        "{payloads:?}"
    );
    // The removal cut from the end: the sealed head says more events.
    raw.execute("DELETE FROM events WHERE seq = 5", [])
        .expect("cut");
    drop(raw);
    let v = Store::open(location, key(&dir))
        .expect("open")
        .verify()
        .expect("verify");
    assert!(
        v.problems.iter().any(|p| p.contains("sealed head")),
        "{:?}",
        v.problems
    );
}
