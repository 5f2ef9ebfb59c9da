//! What the web tests share: the binary, a served register with a case whose persons were
//! sent their notices (so check codes exist), and accounts of every role.
#![allow(dead_code)]

use std::io::BufRead;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use vigie_testkit::{SmtpServer, body, header};

pub fn vigie(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigie"));
    c.env("VIGIE_HOME", home)
        .env_remove("VIGIE_REGISTER_KEY")
        .env_remove("VIGIE_STORE")
        .env_remove("VIGIE_SMTP_PASSWORD");
    c
}

/// `vigie breach` on the register `store`, as the DPO.
pub fn breach(home: &Path, store: &str, args: &[&str]) -> Output {
    vigie(home)
        .args(["breach", "--store", store, "--by", "dpo"])
        .args(args)
        .output()
        .expect("breach")
}

pub fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub struct Served {
    child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(home: &Path, store: &str, extra: &[&str]) -> Served {
    let mut child = vigie(home)
        .args(["serve", "--store", store, "--listen", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let port = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Served { child, port }
}

/// A register with one case, two persons notified (through `smtp`), and the accounts
/// dpo, analyste and lecteur (password: NAME password 2026).
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
    pub store: String,
    pub reference: String,
    /// Sophie Durand's check code, from her notice.
    pub code: String,
    pub smtp: SmtpServer,
    /// The SMTP server's URL.
    pub url: String,
}

pub fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let home = d.join("home");
    let store = d.join("register.db").display().to_string();
    let persons = d.join("persons.jsonl");
    std::fs::write(
        &persons,
        concat!(
            r#"{"registry_id":"P1","probability":0.99,"categories":["identity","health"],"first_name":"Sophie","last_name":"Durand","sex":"F","email":"sophie.durand@example.org","phone":"06 12 34 56 78"}"#, "\n",
            r#"{"registry_id":"P2","probability":0.98,"categories":["contact"],"first_name":"Marc","last_name":"Petit","sex":"M","email":"marc.petit@example.org"}"#, "\n",
        ),
    )
    .expect("persons");
    let breach = |args: &[&str]| {
        vigie(&home)
            .args(["breach", "--store", &store, "--by", "cli"])
            .args(args)
            .output()
            .expect("breach")
    };
    let created = breach(&vigie_testkit::new_case(
        "Extraction publiée",
        &[
            "--origin",
            "hacking",
            "--dpo",
            "dpo@labo.example",
            "--measures-taken",
            "Le fichier a été retiré du serveur.",
            "--json",
        ],
    ));
    ok(&created);
    let reference = vigie_testkit::reference(&created);
    ok(&breach(&[
        "attach",
        &reference,
        "--link",
        persons.to_str().unwrap_or_default(),
    ]));
    let smtp = SmtpServer::start(&[]);
    let url = format!("smtp://127.0.0.1:{}?tls=none", smtp.port);
    let sent = vigie(&home)
        .args([
            "notify",
            "--store",
            &store,
            "send",
            &reference,
            "--smtp",
            &url,
            "--rate",
            "0",
            "--from",
            "Labo <dpo@labo.example>",
            "--organisation",
            "Laboratoire Exemple",
        ])
        .output()
        .expect("send");
    ok(&sent);
    let notice = smtp
        .messages()
        .into_iter()
        .find(|m| header(m, "X-Test-Envelope-To").as_deref() == Some("sophie.durand@example.org"))
        .expect("Sophie's notice");
    let code = body(&notice)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Votre code personnel : ")
                .map(str::to_string)
        })
        .expect("a code");
    for (name, role) in [
        ("dpo", "dpo"),
        ("analyste", "analyst"),
        ("lecteur", "viewer"),
    ] {
        ok(&vigie(&home)
            .args(["serve", "--store", &store, "user", name, "--role", role])
            .env("VIGIE_PASSWORD", format!("{name} password 2026"))
            .output()
            .expect("user"));
    }
    let short = vigie(&home)
        .args(["serve", "--store", &store, "user", "x", "--role", "dpo"])
        .env("VIGIE_PASSWORD", "short")
        .output()
        .expect("user");
    assert_eq!(short.status.code(), Some(2));

    Setup {
        dir,
        home,
        store,
        reference,
        code,
        smtp,
        url,
    }
}
