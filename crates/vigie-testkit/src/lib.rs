//! What the tests of several crates share, so that none includes another's files: a real
//! SMTP server (`smtp_server.py`, aiosmtpd) with its certificates, and the readers that are
//! not ours a test checks our output with (poppler's pdftotext, mail-parser).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The Python that has aiosmtpd: $VIGIE_TEST_PYTHON, else Debian's.
fn python() -> String {
    std::env::var("VIGIE_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into())
}

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub maildir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the server with the given behaviours (see smtp_server.py).
    pub fn start(args: &[&str]) -> SmtpServer {
        let maildir = tempfile::tempdir().expect("maildir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("smtp_server.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg("--maildir")
            .arg(maildir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "{} ({e}): run scripts/test, which installs python3-aiosmtpd",
                    python()
                )
            });
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("the server's port");
        let Ok(port) = line.trim().parse() else {
            // The cause (most often a Python without aiosmtpd) is on its standard error.
            let mut why = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut err, &mut why);
            }
            let why = why.lines().last().unwrap_or_default().to_owned();
            panic!(
                "the SMTP test server did not start: {why} (scripts/test installs python3-aiosmtpd)"
            );
        };
        // From here its standard error goes where it went before: the test's.
        if let Some(mut err) = child.stderr.take() {
            std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::stderr()));
        }
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    /// Every message received, as text.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.maildir.path().join("new"))
            .expect("maildir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| String::from_utf8_lossy(&std::fs::read(f).expect("message")).into_owned())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A certificate authority and a server certificate for 127.0.0.1, made with openssl.
pub struct Certs {
    pub dir: tempfile::TempDir,
}

impl Certs {
    pub fn make() -> Certs {
        let dir = tempfile::tempdir().expect("certs");
        let d = dir.path();
        let run = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(d)
                .output()
                .expect("openssl: run scripts/test, which installs it");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        std::fs::write(
            d.join("ext.cnf"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .expect("ext");
        run(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=vigie test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        run(&[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ]);
        Certs { dir }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// The text of a PDF, by poppler's pdftotext (a reader that is not ours).
pub fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext: run scripts/test, which installs poppler-utils");
    assert!(out.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A message's body, decoded (lettre writes UTF-8 text as quoted-printable or base64).
pub fn body(message: &str) -> String {
    let parsed = mail_parser::MessageParser::default()
        .parse(message.as_bytes())
        .expect("a message");
    parsed
        .body_text(0)
        .map(|b| b.into_owned())
        .unwrap_or_default()
}

pub fn header(message: &str, name: &str) -> Option<String> {
    message.lines().take_while(|l| !l.is_empty()).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// `vigie breach new` with the facts the tests' cases share (a laboratory's file exposed,
/// found on 20 November 2026 at 09:00 and known for a breach at 10:00, Paris time), then
/// `more`.
pub fn new_case<'a>(title: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    case_of("laboratory", title, more)
}

/// A processor's case (its server hacked, its contact `dpo`), otherwise as [`new_case`].
pub fn processor_case<'a>(title: &'a str, dpo: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = case_of("processor", title, &["--origin", "hacking", "--dpo", dpo]);
    args.extend_from_slice(more);
    args
}

fn case_of<'a>(controller: &'a str, title: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "new",
        "--title",
        title,
        "--controller",
        controller,
        "--discovered",
        "2026-11-20 09:00",
        "--aware",
        "2026-11-20 10:00",
        "--nature",
        "confidentiality",
    ];
    args.extend_from_slice(more);
    args
}

/// What a forum leak adds to [`new_case`]: ongoing since June, a malicious outside
/// attack, then `dpo` and `--json`.
pub fn forum_leak<'a>(title: &'a str, dpo: &'a str) -> Vec<&'a str> {
    new_case(
        title,
        &[
            "--occurred-start",
            "2026-06-01 00:00",
            "--ongoing",
            "--origin",
            "hacking",
            "--actor",
            "external",
            "--intent",
            "malicious",
            "--dpo",
            dpo,
            "--json",
        ],
    )
}

/// The reference of the case `vigie breach new --json` printed.
pub fn reference(created: &std::process::Output) -> String {
    let case: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap_or_else(|e| {
        panic!(
            "breach new --json printed no case ({e}): {}",
            String::from_utf8_lossy(&created.stderr)
        )
    });
    case["reference"]
        .as_str()
        .expect("a case has a reference")
        .to_string()
}

/// The generator's linkage truth (`vigie synth --linkage`, `truth.csv` in `dir`): leak
/// reference → registry id, for the leak rows that are patients.
pub fn linkage_truth(dir: &Path) -> std::collections::HashMap<String, String> {
    std::fs::read_to_string(dir.join("truth.csv"))
        .expect("truth.csv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .filter(|(_, r)| !r.is_empty())
        .map(|(l, r)| (l.to_string(), r.to_string()))
        .collect()
}
