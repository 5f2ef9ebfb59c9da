//! Databases scanned in place, against the real servers (PostgreSQL from
//! VIGIE_TEST_POSTGRES or 127.0.0.1:5432/test, MariaDB from VIGIE_TEST_MYSQL or
//! root@127.0.0.1:3306/test; `scripts/test` starts them when absent), seeded with tables whose
//! truth the test knows.

use std::collections::BTreeSet;
use std::path::PathBuf;
use vigie_detect::{Detector, FingerprintKey, Kind};
use vigie_scan::{ReportFormat, ScanOptions, Summary};
use vigie_sources::DatabaseOptions;

fn postgres_url() -> String {
    std::env::var("VIGIE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn postgres_admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| {
        panic!("no PostgreSQL at {url} ({e}): run scripts/test, or set VIGIE_TEST_POSTGRES")
    })
}

fn mysql_url() -> String {
    std::env::var("VIGIE_TEST_MYSQL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

/// A valid NIR for patient `i` (women born in 1960–1999, Paris).
fn nir(i: u32) -> String {
    let body = format!(
        "2{:02}{:02}75{:03}{:03}",
        60 + i % 40,
        1 + i % 12,
        100 + i % 800,
        1 + i % 999
    );
    let n: u64 = body.parse().expect("digits");
    format!("{body}{:02}", 97 - n % 97)
}

struct Scan {
    summary: Summary,
    report: serde_json::Value,
}

fn scan(url: &str, database: DatabaseOptions) -> Scan {
    let (summary, out) = scan_as(ReportFormat::Json, url, database);
    Scan {
        summary,
        report: serde_json::from_slice(&out).expect("json"),
    }
}

fn scan_as(format: ReportFormat, url: &str, database: DatabaseOptions) -> (Summary, Vec<u8>) {
    let detector = Detector::new().expect("rules");
    let key = FingerprintKey::from_bytes([9; 32]);
    let mut out = Vec::new();
    let summary = {
        let mut report = vigie_scan::report::new(format, Box::new(&mut out), &detector);
        let options = ScanOptions {
            threads: 2,
            database,
            ..Default::default()
        };
        vigie_scan::scan(
            &[PathBuf::from(url)],
            &options,
            &detector,
            &key,
            report.as_mut(),
            None,
        )
        .expect("scan")
    };
    (summary, out)
}

impl Scan {
    fn findings(&self, path_ends: &str, kind: Kind) -> Vec<&serde_json::Value> {
        self.report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path_ends)))
            .filter(|f| f["kind"] == kind.id())
            .collect()
    }
    fn notes(&self, path_ends: &str) -> Vec<String> {
        self.report["summary"]["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .filter(|n| n["path"].as_str().is_some_and(|p| p.ends_with(path_ends)))
            .map(|n| format!("{}: {} / {}", n["severity"], n["message"], n["message_fr"]))
            .collect()
    }
}

#[test]
fn postgres_tables_are_read_in_place_sampled_and_joined_into_persons() {
    let base = postgres_url();
    let schema = format!("vigie_scan_{}", std::process::id());
    let mut admin = postgres_admin(&base);
    let mut sql = format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};
         CREATE TABLE {schema}.patients (id int PRIMARY KEY, nir char(15), nom text,
           prenom text, date_naissance date, courriel text, photo bytea);
         CREATE TABLE {schema}.resultats (nir char(15), examen text, commentaire text);
         CREATE TABLE {schema}.secret (nir char(15));
         CREATE TABLE {schema}.grande (id int PRIMARY KEY, nir char(15));
         INSERT INTO {schema}.grande SELECT i, '185057800608491' FROM generate_series(1, 50000) i;
         ANALYZE {schema}.grande;
         DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_lecteur') THEN
             CREATE ROLE vigie_lecteur LOGIN PASSWORD 'lecteur';
           END IF;
         END $$;
         GRANT USAGE ON SCHEMA {schema} TO vigie_lecteur;
         GRANT SELECT ON {schema}.patients, {schema}.resultats, {schema}.grande TO vigie_lecteur;"
    );
    // 300 patients, each with a NIR, names, a birth date and an address; 100 of them have
    // results (the same NIR), none of which names them again.
    for i in 0..300u32 {
        sql.push_str(&format!(
            "INSERT INTO {schema}.patients VALUES ({i}, '{}', 'NOM{i}', 'Sophie', \
             DATE '1960-01-01' + {i}, 'patient{i}@example.fr', '\\x00ff');",
            nir(i)
        ));
        if i % 3 == 0 {
            sql.push_str(&format!(
                "INSERT INTO {schema}.resultats VALUES ('{}', 'HbA1c', 'diabète de type 2');",
                nir(i)
            ));
        }
    }
    admin.batch_execute(&sql).expect("seed");

    // As the reader role: only this schema's tables are its to read.
    let url = {
        let mut parts = base.splitn(2, "://");
        let (scheme, rest) = (
            parts.next().unwrap_or("postgres"),
            parts.next().unwrap_or(""),
        );
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        format!("{scheme}://vigie_lecteur@{host}")
    };
    let options = DatabaseOptions {
        sample_rows: Some(1000),
        seed: 7,
        password: Some("lecteur".into()),
        ..Default::default()
    };
    let run = scan(&url, options.clone());
    let patients = format!("{schema}.patients");
    let resultats = format!("{schema}.resultats");
    assert_eq!(run.findings(&patients, Kind::Nir).len(), 300);
    assert_eq!(run.findings(&patients, Kind::Email).len(), 300);
    assert_eq!(run.findings(&resultats, Kind::Nir).len(), 100);
    // Located: the table and column in the path and column, the row by its key's
    // fingerprint, never the key itself.
    let first = run.findings(&patients, Kind::Nir)[0];
    assert!(
        first["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("postgres://") && !p.contains("vigie_lecteur"))
    );
    assert_eq!(first["column"], "nir");
    let cell = first["cell"].as_str().expect("row key");
    assert!(cell.starts_with("key:") && cell.len() == 20, "{cell}");
    // Health data in results joins the patient by NIR: 300 persons, 100 with health data.
    let mine: Vec<_> = run.report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.contains(&schema)))
        .collect();
    assert_eq!(mine.len(), 4, "{mine:?}");
    // The whole run (other schemas of the test database are not this role's to read).
    assert_eq!(
        run.summary.persons.with_health, 100,
        "{:?}",
        run.summary.persons
    );
    assert_eq!(
        run.summary.persons.distinct, 301,
        "300 patients and the big table's one NIR"
    );
    // What was not read is said: the binary column, the forbidden table, the sample.
    assert!(
        run.notes(&patients)
            .iter()
            .any(|n| n.contains("binary") && n.contains("photo"))
    );
    assert!(
        run.notes(&format!("{schema}.secret"))
            .iter()
            .any(|n| n.contains("skipped") && n.contains("SELECT privilege"))
    );
    assert!(
        run.notes(&resultats)
            .iter()
            .any(|n| n.contains("no primary key"))
    );
    let grande = format!("{schema}.grande");
    let sampled = run.findings(&grande, Kind::Nir).len();
    assert!((1..=1000).contains(&sampled), "{sampled}");
    assert!(
        run.notes(&grande)
            .iter()
            .any(|n| n.contains("sampled of about 50000")
                && n.contains("seed 7")
                && n.contains("1000 lignes tirées sur environ 50000 (2,00\u{a0}%)")),
        "{:?}",
        run.notes(&grande)
    );
    // The same seed draws the same rows; --full reads them all.
    let keys = |s: &Scan| -> BTreeSet<String> {
        s.findings(&grande, Kind::Nir)
            .iter()
            .map(|f| f["cell"].to_string())
            .collect()
    };
    let again = scan(&url, options.clone());
    assert_eq!(keys(&run), keys(&again));
    // The DPO's page says, per table, which columns hold what and what was read.
    let (_, html) = scan_as(ReportFormat::Html, &url, options.clone());
    let html = String::from_utf8(html).expect("utf-8");
    assert!(
        html.contains("<code>nir</code>: 300 French social-security number")
            && html.contains("<code>courriel</code>: 300 E-mail address"),
        "{html}"
    );
    assert!(html.contains("sampled of about 50000"));
    let full = scan(
        &url,
        DatabaseOptions {
            sample_rows: None,
            ..options
        },
    );
    assert_eq!(full.findings(&grande, Kind::Nir).len(), 50_000);

    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .expect("clean");
}

#[test]
fn postgres_sql_ascii_bytes_are_read_as_windows_1252() {
    let base = postgres_url();
    let db = format!("vigie_ascii_{}", std::process::id());
    let mut admin = postgres_admin(&base);
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .expect("drop");
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {db} ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
        ))
        .expect("database");
    let url = match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{db}"),
        None => base.clone(),
    };
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    c.batch_execute(
        "SET client_encoding = 'SQL_ASCII';
         CREATE TABLE patients (id int PRIMARY KEY, nom text, commentaire text);
         INSERT INTO patients VALUES (1, 'DUPR' || convert_from('\\xc9'::bytea, 'SQL_ASCII'), 'suivi diab' || convert_from('\\xe8'::bytea, 'SQL_ASCII') || 'te');",
    )
    .expect("seed");
    drop(c);
    let run = scan(&url, DatabaseOptions::default());
    let errors: Vec<_> = run
        .notes("patients")
        .into_iter()
        .filter(|n| n.contains("error"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        run.findings("patients", Kind::HealthTerm).len(),
        1,
        "diabète read from Latin-1 bytes"
    );
    admin
        .batch_execute(&format!("DROP DATABASE {db}"))
        .expect("clean");
}

#[test]
fn mariadb_tables_are_read_in_place() {
    let url = mysql_url();
    let db = format!("vigie_scan_{}", std::process::id());
    let mut admin =
        mysql::Conn::new(mysql::Opts::from_url(&url).expect("url")).unwrap_or_else(|e| {
            panic!("no MariaDB at {url} ({e}): run scripts/test, or set VIGIE_TEST_MYSQL")
        });
    use mysql::prelude::Queryable;
    admin
        .query_drop(format!(
            "DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db} CHARACTER SET utf8mb4"
        ))
        .expect("database");
    let mut sql = format!(
        "CREATE TABLE {db}.patients (id int PRIMARY KEY, nir char(15), nom varchar(40), prenom varchar(40), email varchar(80), scan blob);
         CREATE TABLE {db}.journal (ligne text);"
    );
    for i in 0..120u32 {
        sql.push_str(&format!(
            "INSERT INTO {db}.patients VALUES ({i}, '{}', 'NOM{i}', 'Paul', 'p{i}@example.fr', 'x');",
            nir(i)
        ));
    }
    sql.push_str(&format!(
        "INSERT INTO {db}.journal VALUES ('Merci de rappeler le patient {} au 0612345678, diabète');",
        nir(5)
    ));
    admin.query_drop(sql).expect("seed");
    let server = url.rsplit_once('/').map_or(url.as_str(), |(s, _)| s);
    let run = scan(&format!("{server}/{db}"), DatabaseOptions::default());
    assert_eq!(
        run.findings(&format!("{db}.patients"), Kind::Nir).len(),
        120
    );
    assert_eq!(run.findings(&format!("{db}.journal"), Kind::Phone).len(), 1);
    assert!(
        run.notes(&format!("{db}.patients"))
            .iter()
            .any(|n| n.contains("binary") && n.contains("scan"))
    );
    assert!(
        run.notes(&format!("{db}.journal"))
            .iter()
            .any(|n| n.contains("no primary key"))
    );
    // The journal's NIR is patient 5: one person, with health data.
    assert_eq!(
        run.summary.persons.distinct, 120,
        "{:?}",
        run.summary.persons
    );
    assert_eq!(run.summary.persons.with_health, 1);
    admin
        .query_drop(format!("DROP DATABASE {db}"))
        .expect("clean");
}

#[test]
fn a_connection_lost_mid_table_is_an_error_and_what_was_read_stays() {
    let base = postgres_url();
    let db = format!("vigie_lost_{}", std::process::id());
    let mut admin = postgres_admin(&base);
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .expect("drop");
    admin
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .expect("database");
    let url = match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{db}"),
        None => base.clone(),
    };
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    c.batch_execute(
        "CREATE TABLE a_grande (id int PRIMARY KEY, nir char(15));
         INSERT INTO a_grande SELECT i, '185057800608491' FROM generate_series(1, 1000000) i;
         CREATE TABLE b_petite (nir char(15));
         INSERT INTO b_petite VALUES ('269054958815780');",
    )
    .expect("seed");
    drop(c);
    let scanning = {
        let url = url.clone();
        std::thread::spawn(move || {
            scan(
                &url,
                DatabaseOptions {
                    sample_rows: None,
                    ..Default::default()
                },
            )
        })
    };
    // End the scan's connection once it is reading the big table.
    let mut ended = false;
    for _ in 0..1500 {
        let n: i64 = admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = $1 AND application_name = 'vigie scan' AND query LIKE '%a_grande%'",
                &[&db],
            )
            .expect("terminate")
            .get(0);
        if n > 0 {
            ended = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let run = scanning.join().expect("the scan ends without a panic");
    assert!(ended, "the scan was never seen reading");
    let notes = run.notes(&db);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("error") && n.contains("connection to the database lost")),
        "{notes:?}"
    );
    assert!(
        run.notes("a_grande")
            .iter()
            .any(|n| n.contains("table not fully read"))
    );
    assert!(
        run.findings("b_petite", Kind::Nir).is_empty(),
        "nothing after the loss"
    );
    assert!(run.summary.errors >= 2);
    admin
        .batch_execute(&format!("DROP DATABASE {db} WITH (FORCE)"))
        .expect("clean");
}
