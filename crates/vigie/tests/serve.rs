//! `vigie serve` over HTTP: sign-in, sessions, CSRF, roles, the self-check's answers and
//! rate limit, against the running server.

mod web;

use std::io::{Read, Write};
use std::net::TcpStream;
use vigie_testkit::{body, header};
use web::{Setup, ok, serve, setup, vigie};

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a cookie the reply sets.
    fn cookie(&self, name: &str) -> Option<String> {
        self.header("set-cookie").iter().find_map(|c| {
            let (k, v) = c.split(';').next()?.split_once('=')?;
            (k == name).then(|| v.to_string())
        })
    }
}

/// One HTTP/1.1 request on its own connection.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| {
            l.split_once(": ")
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    // Chunked bodies: the chunks' text is enough for what the tests look for.
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of a hidden `name="csrf"` input in a page.
fn csrf(page: &str) -> String {
    let i = page.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    page[i..i + 64].to_string()
}

/// The sign-in form, loaded and posted as a browser does.
fn post_sign_in(port: u16, name: &str, password: &str) -> Reply {
    let login = http(port, "GET", "/login", &[], "");
    let pre = login.cookie("vigie_login").expect("login cookie");
    let token = csrf(&login.body);
    http(
        port,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &format!("vigie_login={pre}")),
        ],
        &form(&[("name", name), ("password", password), ("csrf", &token)]),
    )
}

/// Signs in; returns the session cookie and the CSRF token of the breaches page.
fn sign_in(port: u16, name: &str, password: &str) -> (String, String) {
    let r = post_sign_in(port, name, password);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), ["/breaches"]);
    let session = r.cookie("vigie_session").expect("session cookie");
    let set = r.header("set-cookie").join(" | ");
    assert!(
        set.contains("HttpOnly") && set.contains("Secure") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let cookie = format!("vigie_session={session}");
    let page = http(port, "GET", "/breaches", &[("Cookie", &cookie)], "");
    assert_eq!(page.status, 200);
    (cookie, csrf(&page.body))
}

/// A server over the setup's case: the SMTP server for the self-check's answers, five
/// checks per client, the evidence directory the setup's own.
struct Dashboard {
    setup: Setup,
    served: web::Served,
}

fn dashboard() -> Dashboard {
    let setup = setup();
    let evidence = setup.dir.path().display().to_string();
    let served = serve(
        &setup.home,
        &setup.store,
        &[
            "--smtp",
            &setup.url,
            "--from",
            "Labo <dpo@labo.example>",
            "--checks-per-client",
            "5",
            "--evidence-dir",
            &evidence,
        ],
    );
    Dashboard { setup, served }
}

impl Dashboard {
    fn breach(&self, args: &[&str]) -> std::process::Output {
        vigie(&self.setup.home)
            .args(["breach", "--store", &self.setup.store, "--by", "cli"])
            .args(args)
            .output()
            .expect("breach")
    }

    /// A form posted with a session's cookie.
    fn post(&self, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
        http(
            self.served.port,
            "POST",
            path,
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", cookie),
            ],
            &form(pairs),
        )
    }

    /// A notification to the supervisory authority recorded at `at` (Paris time).
    fn decide_at(&self, cookie: &str, token: &str, at: &str) -> Reply {
        let path = format!("/breaches/{}/decide", self.setup.reference);
        self.post(
            cookie,
            &path,
            &[
                ("csrf", token),
                ("recipient", "supervisory_authority"),
                ("decision", "notified"),
                ("at", at),
            ],
        )
    }

    fn decide(&self, cookie: &str, token: &str) -> Reply {
        self.decide_at(cookie, token, "2026-11-21 09:00")
    }

    /// A second link result, with a pair in review explained field by field (P8) and an
    /// accepted pair (P9), attached through the page.
    fn attach_more(&self, cookie: &str, token: &str) -> Reply {
        let more = self.setup.dir.path().join("more.jsonl");
        std::fs::write(
            &more,
            "{\"registry_id\":\"P9\",\"probability\":0.9}\n\
             {\"registry_id\":\"P8\",\"probability\":0.97,\"decision\":\"review\",\"ville\":\"Lyon\",\
             \"fields\":[{\"field\":\"birth_date\",\"level\":\"swap or one digit\",\"weight\":3.5}]}\n",
        )
        .expect("more");
        let path = format!("/breaches/{}/attach", self.setup.reference);
        let more = more.display().to_string();
        self.post(
            cookie,
            &path,
            &[("csrf", token), ("kind", "link"), ("path", &more)],
        )
    }
}

/// Sign-in, sessions and CSRF; a decision refused as the command line refuses it, then
/// recorded and said; signing out.
#[test]
fn signing_in_and_deciding_over_http() {
    let dash = dashboard();
    let (port, reference, d) = (
        dash.served.port,
        dash.setup.reference.clone(),
        dash.setup.dir.path(),
    );
    let breach = |args: &[&str]| dash.breach(args);
    let decide = |cookie: &str, token: &str| dash.decide(cookie, token);
    let _ = d;
    // Not signed in: to the sign-in page. A wrong password: back, with no session.
    let r = http(port, "GET", "/breaches", &[], "");
    assert_eq!((r.status, r.header("location")), (303, vec!["/login"]));
    let login = http(port, "GET", "/login", &[], "");
    assert!(
        login
            .header("content-security-policy")
            .iter()
            .any(|c| c.contains("default-src 'self'"))
    );
    assert_eq!(login.header("x-frame-options"), ["DENY"]);
    let pre = login.cookie("vigie_login").expect("cookie");
    let bad = http(
        port,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &format!("vigie_login={pre}")),
        ],
        &form(&[
            ("name", "dpo"),
            ("password", "wrong password 2026"),
            ("csrf", &csrf(&login.body)),
        ]),
    );
    assert_eq!(
        (bad.status, bad.header("location")),
        (303, vec!["/login?error=1"])
    );
    assert!(bad.cookie("vigie_session").is_none());
    // A sign-in posted without the form's token is refused.
    let forged = http(
        port,
        "POST",
        "/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form(&[("name", "dpo"), ("password", "dpo password 2026")]),
    );
    assert_eq!(forged.status, 403);

    let (dpo, dpo_csrf) = sign_in(port, "dpo", "dpo password 2026");
    let list = http(port, "GET", "/breaches", &[("Cookie", &dpo)], "");
    assert!(
        list.body.contains(&reference) && list.body.contains("countdown late"),
        "{}",
        list.body
    );
    let page = http(
        port,
        "GET",
        &format!("/breaches/{reference}"),
        &[("Cookie", &dpo)],
        "",
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg class=\"chart\""), "charts");
    assert!(
        page.body.contains("P1") && !page.body.contains("Durand"),
        "ids, not names"
    );

    // CSRF: a decision without the session's token is refused; with it, recorded.
    let decide_at = |cookie: &str, token: &str, at: &str| dash.decide_at(cookie, token, at);
    // The dashboard refuses what the command line refuses (one rule, in vigie-breach): a
    // notification in the future, one before the discovery, a time that is not one.
    for (at, why) in [
        ("2099-01-01 09:00", "in the future"),
        ("2020-01-01 09:00", "before the breach was discovered"),
        ("demain", "is not a time"),
    ] {
        let refused = decide_at(&dpo, &dpo_csrf, at);
        assert_eq!(refused.status, 400, "{at}");
        assert!(refused.body.contains(why), "{at}: {}", refused.body);
    }
    assert_eq!(decide(&dpo, "").status, 403);
    assert_eq!(decide(&dpo, &"0".repeat(64)).status, 403);
    let decided = decide(&dpo, &dpo_csrf);
    assert_eq!(decided.status, 303);
    // The page after it says so in words; a link carrying its own text says nothing.
    let location = decided.header("location").join("");
    let after = http(
        port,
        "GET",
        &format!("{location}&lang=fr"),
        &[("Cookie", &dpo)],
        "",
    );
    assert!(after.body.contains("Décision enregistrée."), "{location}");
    let forged = http(
        port,
        "GET",
        &format!("/breaches/{reference}?done=Appelez%20le%2001%2099%2099%2099%2099"),
        &[("Cookie", &dpo)],
        "",
    );
    assert!(!forged.body.contains("Appelez") && !forged.body.contains("id=\"message\""));
    let history = ok(&breach(&["history", &reference, "--lang", "en"]));
    assert!(
        history.contains("decision") && history.contains("dpo"),
        "{history}"
    );

    // Signing out ends the session.
    let (viewer, viewer_csrf) = sign_in(port, "lecteur", "lecteur password 2026");
    let out = http(
        port,
        "POST",
        "/logout",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &viewer),
        ],
        &form(&[("csrf", &viewer_csrf)]),
    );
    assert_eq!(out.status, 303);
    assert_eq!(
        http(port, "GET", "/breaches", &[("Cookie", &viewer)], "").status,
        303
    );
}

/// A viewer reads but cannot decide or attach; an analyst attaches, cannot decide; only
/// regular files under the evidence directory are read.
#[test]
fn roles_and_the_evidence_directory_over_http() {
    let dash = dashboard();
    let (port, reference, d) = (
        dash.served.port,
        dash.setup.reference.clone(),
        dash.setup.dir.path(),
    );
    let breach = |args: &[&str]| dash.breach(args);
    let decide = |cookie: &str, token: &str| dash.decide(cookie, token);
    // Roles: a viewer reads but cannot decide or attach; an analyst attaches, cannot decide.
    let (viewer, viewer_csrf) = sign_in(port, "lecteur", "lecteur password 2026");
    assert_eq!(
        http(
            port,
            "GET",
            &format!("/breaches/{reference}"),
            &[("Cookie", &viewer)],
            ""
        )
        .status,
        200
    );
    assert_eq!(decide(&viewer, &viewer_csrf).status, 403);
    let attach = |cookie: &str, token: &str| dash.attach_more(cookie, token);
    assert_eq!(attach(&viewer, &viewer_csrf).status, 403);
    // Only regular files under the evidence directory are read: not the server's own
    // environment (the register key may be there), not a link out of the directory,
    // not a FIFO that would hang the request.
    let (analyst, analyst_csrf) = sign_in(port, "analyste", "analyste password 2026");
    std::os::unix::fs::symlink("/proc/self/environ", d.join("environ")).expect("symlink");
    let fifo = d.join("fifo.jsonl");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    for path in [
        "/proc/self/environ".to_string(),
        d.join("environ").display().to_string(),
        d.join("../outside.jsonl").display().to_string(),
        fifo.display().to_string(),
    ] {
        let r = http(
            port,
            "POST",
            &format!("/breaches/{reference}/attach"),
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &analyst),
            ],
            &form(&[("csrf", &analyst_csrf), ("kind", "link"), ("path", &path)]),
        );
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(
            r.body.contains("not a file under the evidence directory"),
            "{}",
            r.body
        );
    }
    assert_eq!(decide(&analyst, &analyst_csrf).status, 403);
    assert_eq!(
        attach(&analyst, &viewer_csrf).status,
        403,
        "another session's token"
    );
    assert_eq!(attach(&analyst, &analyst_csrf).status, 303);
    assert!(ok(&breach(&["history", &reference, "--lang", "en"])).contains("analyste"));
    // The pair in review is shown as such, counted apart, in French words.
    let page = http(
        port,
        "GET",
        &format!("/breaches/{reference}?lang=fr"),
        &[("Cookie", &analyst)],
        "",
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("0,970 (à vérifier)")
            && page.body.contains("À vérifier (non notifiées)")
            && page.body.contains("Personnes concernées"),
        "{}",
        page.body
    );
}

/// The pair in review answered on its own page, the values shown on demand and the
/// looking recorded; an accepted pair audited, its band's precision shown.
#[test]
fn a_pair_in_review_is_answered_and_audited_over_http() {
    let dash = dashboard();
    let (port, reference, d) = (
        dash.served.port,
        dash.setup.reference.clone(),
        dash.setup.dir.path(),
    );
    let breach = |args: &[&str]| dash.breach(args);
    let decide = |cookie: &str, token: &str| dash.decide(cookie, token);
    let (viewer, viewer_csrf) = sign_in(port, "lecteur", "lecteur password 2026");
    let (analyst, analyst_csrf) = sign_in(port, "analyste", "analyste password 2026");
    assert_eq!(dash.attach_more(&analyst, &analyst_csrf).status, 303);
    let _ = (&decide, d);
    // The pair in review is answered on its own page: analysts and DPOs only; the values
    // shown on demand, the looking recorded; blind hides the probability; keys 1, 2, 3.
    let review = format!("/breaches/{reference}/review");
    assert_eq!(
        http(port, "GET", &review, &[("Cookie", &viewer)], "").status,
        403
    );
    let shown = http(
        port,
        "GET",
        &format!("{review}?lang=fr"),
        &[("Cookie", &analyst)],
        "",
    );
    assert_eq!(shown.status, 200);
    assert!(
        shown.body.contains("Paires à vérifier (1)")
            && shown.body.contains("P8")
            && shown.body.contains("probabilité 0,970")
            // The explanation in French words and French numbers, not the file's ids.
            && shown.body.contains("date de naissance")
            && shown.body.contains("inversion ou un chiffre")
            && shown.body.contains("+3,5")
            && !shown.body.contains("birth_date")
            && shown.body.contains("data-key=\"1\"")
            && !shown.body.contains("Lyon"),
        "{}",
        shown.body
    );
    let blind = http(
        port,
        "GET",
        &format!("{review}?blind=1"),
        &[("Cookie", &analyst)],
        "",
    );
    assert!(
        blind.body.contains("P8") && !blind.body.contains("0.970"),
        "{}",
        blind.body
    );
    let post = |path: &str, pairs: &[(&str, &str)]| {
        http(
            port,
            "POST",
            path,
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &analyst),
            ],
            &form(pairs),
        )
    };
    let values = post(
        &format!("{review}/values"),
        &[("csrf", &analyst_csrf), ("registry_id", "P8")],
    );
    assert_eq!(values.status, 200);
    assert!(values.body.contains("Lyon"), "{}", values.body);
    assert!(ok(&breach(&["history", &reference, "--lang", "en"])).contains("review: values shown"));
    let forged = post(
        &review,
        &[
            ("csrf", &viewer_csrf),
            ("registry_id", "P8"),
            ("answer", "same"),
        ],
    );
    assert_eq!(forged.status, 403);
    let answered = post(
        &review,
        &[
            ("csrf", &analyst_csrf),
            ("registry_id", "P8"),
            ("answer", "same"),
        ],
    );
    assert_eq!(answered.status, 303);
    let after = http(
        port,
        "GET",
        &format!("{review}?lang=en"),
        &[("Cookie", &analyst)],
        "",
    );
    assert!(
        after.body.contains("No pair awaits an answer"),
        "{}",
        after.body
    );
    assert!(ok(&breach(&["history", &reference, "--lang", "en"])).contains("review: same person"));
    // An accepted pair checked by a person (the audit): the breach page shows its band's
    // precision with the 95 % interval (Wilson's, 1 of 1: 20.7 % to 100 %).
    let page = |lang: &str| {
        http(
            port,
            "GET",
            &format!("/breaches/{reference}?lang={lang}"),
            &[("Cookie", &analyst)],
            "",
        )
        .body
    };
    assert!(!page("fr").contains("id=\"audit\""));
    let audited = post(
        &review,
        &[
            ("csrf", &analyst_csrf),
            ("registry_id", "P9"),
            ("answer", "same"),
        ],
    );
    assert_eq!(audited.status, 303);
    let audit = page("fr");
    assert!(audit.contains("Audit des paires retenues"), "{audit}");
    assert!(
        audit.contains("<td>0,9 – 0,99</td>")
            && audit.contains("<td>1</td><td>1</td><td>20,7 % – 100,0 %</td></tr>"),
        "{audit}"
    );
}

/// A scan launched from the page runs and lands as evidence; a link that cannot run
/// fails; nothing is left in the temporary directory; cancelling is refused where due.
#[test]
fn runs_launched_from_the_page_land_as_evidence() {
    let dash = dashboard();
    let (port, reference, d) = (
        dash.served.port,
        dash.setup.reference.clone(),
        dash.setup.dir.path(),
    );
    let breach = |args: &[&str]| dash.breach(args);
    let decide = |cookie: &str, token: &str| dash.decide(cookie, token);
    let (viewer, viewer_csrf) = sign_in(port, "lecteur", "lecteur password 2026");
    let (analyst, analyst_csrf) = sign_in(port, "analyste", "analyste password 2026");
    let _ = &decide;
    // A scan launched from the page runs, shows its progress, and lands as evidence.
    let export = d.join("export.csv");
    std::fs::write(
        &export,
        "nom;prenom;nir;commentaire\nDurand;Sophie;185057800608491;diabète de type 2\n",
    )
    .expect("export");
    let run = |kind: &str, path: &str, registry: &str| {
        http(
            port,
            "POST",
            &format!("/breaches/{reference}/run"),
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &analyst),
            ],
            &form(&[
                ("csrf", &analyst_csrf),
                ("kind", kind),
                ("path", path),
                ("registry", registry),
            ]),
        )
    };
    assert_eq!(
        run("link", export.to_str().unwrap_or_default(), "/nowhere.csv").status,
        400
    );
    assert_eq!(
        run("scan", export.to_str().unwrap_or_default(), "").status,
        303
    );
    // The breach page once no job runs any more (a minute at most).
    let after_jobs = || {
        let started = std::time::Instant::now();
        loop {
            let page = http(
                port,
                "GET",
                &format!("/breaches/{reference}"),
                &[("Cookie", &analyst)],
                "",
            );
            if !page.body.contains("job running") || started.elapsed().as_secs() > 60 {
                break page;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    };
    let page = after_jobs();
    assert!(page.body.contains("job done"), "{}", page.body);
    assert!(
        page.body.contains("Analyse (vigie scan) · ") && !page.body.contains("vigie-job-"),
        "the scan report is evidence, under the name of what was scanned: {}",
        page.body
    );
    assert!(ok(&breach(&["show", &reference])).contains("health"));
    // A link whose registry is no registry fails; neither run leaves its result (personal
    // data) in the temporary directory.
    let notes = d.join("notes.txt");
    std::fs::write(&notes, "rien ici\n").expect("notes");
    assert_eq!(
        run(
            "link",
            export.to_str().unwrap_or_default(),
            notes.to_str().unwrap_or_default()
        )
        .status,
        303
    );
    let page = after_jobs();
    assert!(page.body.contains("job failed"), "{}", page.body);
    // A run that has ended is not cancelled; a viewer cancels nothing; without the form's
    // token, nothing either.
    let cancel = |cookie: &str, csrf: &str, id: u64| {
        http(
            port,
            "POST",
            &format!("/breaches/{reference}/jobs/{id}/cancel"),
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", cookie),
            ],
            &form(&[("csrf", csrf)]),
        )
        .status
    };
    assert_eq!(cancel(&analyst, &analyst_csrf, 1), 404);
    assert_eq!(cancel(&analyst, &analyst_csrf, 99), 404);
    assert_eq!(cancel(&viewer, &viewer_csrf, 1), 403);
    assert_eq!(cancel(&analyst, "", 1), 403);
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("tmp")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("vigie-job-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The self-check by code and by contact: the same answer whoever asks, the rate limit,
/// X-Forwarded-For not believed; accounts changed while the server runs; the checks
/// counted in the case.
#[test]
fn the_self_check_answers_alike_limits_and_counts() {
    let dash = dashboard();
    let port = dash.served.port;
    let Setup {
        home,
        store,
        reference,
        code,
        smtp,
        ..
    } = &dash.setup;
    let (dpo, _) = sign_in(port, "dpo", "dpo password 2026");
    let (viewer, _) = sign_in(port, "lecteur", "lecteur password 2026");
    let (analyst, _) = sign_in(port, "analyste", "analyste password 2026");
    // The self-check by code: the person learns their categories; a wrong code and a
    // malformed one read the same.
    let check = |code: &str, xff: &str| {
        http(
            port,
            "POST",
            "/api/check/code",
            &[
                ("Content-Type", "application/json"),
                ("X-Forwarded-For", xff),
            ],
            &serde_json::json!({"code": code, "lang": "fr"}).to_string(),
        )
    };
    let r = check(&code.to_lowercase(), "");
    assert_eq!(r.status, 200, "{}", r.body);
    let told: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(told["affected"], true);
    let ids: Vec<&str> = told["exposed"]
        .as_array()
        .expect("exposed")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, ["identity", "health"]);
    let wrong = check("ABCD-EFGH-JKMN-PQRS", "");
    let malformed = check("not a code", "");
    assert_eq!((wrong.status, malformed.status), (200, 200));
    assert_eq!(wrong.body, malformed.body);
    assert!(wrong.body.contains("\"affected\":false"));

    // Without a code: the same answer whoever asks; only the affected address is written to.
    let contact = |c: &str| {
        http(
            port,
            "POST",
            "/api/check/contact",
            &[("Content-Type", "application/json")],
            &serde_json::json!({"contact": c}).to_string(),
        )
    };
    let before = smtp.messages().len();
    let a = contact("Marc.Petit@example.org");
    let b = contact("nobody@example.org");
    assert_eq!((a.status, b.status), (200, 200));
    assert_eq!(a.body, b.body);
    let started = std::time::Instant::now();
    while smtp.messages().len() < before + 1 && started.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let answers: Vec<String> = smtp.messages()[before..].to_vec();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        header(&answers[0], "X-Test-Envelope-To").as_deref(),
        Some("marc.petit@example.org")
    );
    assert!(body(&answers[0]).contains("vos coordonnées"));

    // The rate limit: 5 checks per client (three codes and two contacts so far); the
    // sixth is refused, whatever the code.
    let limited = check(code, "");
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert_eq!(check("ABCD-EFGH-JKMN-PQRS", "").status, 429);
    // X-Forwarded-For is not believed from a client that is not the trusted proxy.
    assert_eq!(check(code, "203.0.113.9").status, 429);

    // An account whose role changes, or that is removed, from the command line while the
    // server runs: its sessions end within seconds; others' go on.
    let user = |args: &[&str]| {
        vigie(home)
            .args(["serve", "--store", store, "user"])
            .args(args)
            .env("VIGIE_PASSWORD", "analyste password 2026")
            .output()
            .expect("user")
    };
    ok(&user(&["analyste", "--role", "viewer"]));
    ok(&user(&["lecteur", "--delete"]));
    assert_eq!(user(&["personne", "--delete"]).status.code(), Some(2));

    // The checks are counted in the case's statistics.
    std::thread::sleep(std::time::Duration::from_secs(6));
    for gone in [&analyst, &viewer] {
        let r = http(port, "GET", "/breaches", &[("Cookie", gone)], "");
        assert_eq!((r.status, r.header("location")), (303, vec!["/login"]));
    }
    let page = http(
        port,
        "GET",
        &format!("/breaches/{reference}"),
        &[("Cookie", &dpo)],
        "",
    );
    assert!(
        page.body.contains("par code : 1") && page.body.contains("par coordonnées : 1"),
        "{}",
        &page.body[page.body.find("notifications").unwrap_or(0)..]
    );
}

/// Guesses at one account spread over many addresses (behind the trusted proxy, each
/// request from another client) are still limited: twenty per ten minutes for the
/// account, then refused before any password is checked — the right one included.
#[test]
fn sign_ins_are_limited_per_account_whatever_the_address() {
    let Setup {
        dir: _dir,
        home,
        store,
        ..
    } = setup();
    let s = serve(&home, &store, &["--trusted-proxy", "127.0.0.1"]);
    let attempt = |n: u32, password: &str| {
        let login = http(s.port, "GET", "/login", &[], "");
        let pre = login.cookie("vigie_login").expect("login cookie");
        let token = csrf(&login.body);
        let client = format!("198.51.100.{n}");
        http(
            s.port,
            "POST",
            "/login",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &format!("vigie_login={pre}")),
                ("X-Forwarded-For", &client),
            ],
            &form(&[("name", "dpo"), ("password", password), ("csrf", &token)]),
        )
        .status
    };
    for n in 0..20 {
        assert_eq!(attempt(n, "not the password"), 303, "attempt {n}");
    }
    assert_eq!(attempt(20, "dpo password 2026"), 429);
    // Another account is not held up by it.
    let (cookie, _) = sign_in(s.port, "analyste", "analyste password 2026");
    assert!(cookie.starts_with("vigie_session="));
}

/// What a French reader sees of a page or an output: its text, without markup, scripts,
/// styles, code (hashes, commands) or the values the case's author typed.
fn visible_text(html: &str) -> String {
    let mut s = html.to_string();
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<code", "</code>"),
        ("<head>", "</head>"),
    ] {
        while let Some(a) = s.find(open) {
            let b = s[a..].find(close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x2f;", "/")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Ids (`very_high`, `supervisory_authority`) and English sentences in what should be
/// French: each finding with its context.
fn not_french(text: &str) -> Vec<String> {
    const ENGLISH: &[&str] = &[
        " the ", " and ", " of ", " with ", " is ", " are ", " to ", " by ", " owed", " late",
        " left", "without", " not ", " none", " pending", " sent", " failed", " queued", " done",
        " running", " review", " persons", " matches",
    ];
    let lower = format!(
        " {} ",
        text.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut found = Vec::new();
    let context = |i: usize| {
        let a = lower.floor_char_boundary(i.saturating_sub(40));
        let b = lower.ceil_char_boundary((i + 40).min(lower.len()));
        lower[a..b].to_string()
    };
    for w in ENGLISH {
        if let Some(i) = lower.find(w) {
            found.push(format!("{w:?} in …{}…", context(i)));
        }
    }
    // A decimal point (French writes 0,975), English law's name, UTC times.
    let chars: Vec<char> = lower.chars().collect();
    for (i, w) in chars.windows(3).enumerate() {
        if w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit() {
            found.push(format!(
                "decimal point in …{}…",
                context(lower.char_indices().nth(i).map_or(0, |(b, _)| b))
            ));
        }
    }
    for w in ["gdpr", ":00z", "t00:", "utc"] {
        if let Some(i) = lower.find(w) {
            found.push(format!("{w:?} in …{}…", context(i)));
        }
    }
    // snake_case ids, outside the commands a page may quote (`vigie breach review`).
    for (i, word) in lower.split(' ').enumerate() {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
        if w.contains('_')
            && w.split('_')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        {
            found.push(format!("id {w:?} (word {i})"));
        }
    }
    found
}

#[test]
fn every_page_and_output_a_french_dpo_reads_is_french() {
    let Setup {
        dir,
        home,
        store,
        reference,
        ..
    } = setup();
    let d = dir.path();
    let breach = |args: &[&str]| web::breach(&home, &store, args);
    // A case with everything a page can show: a severity, a decision, a link with a pair
    // in review explained field by field, a scan.
    ok(&breach(&[
        "assess",
        &reference,
        "--category",
        "sensitive",
        "--ei",
        "maximum",
        "--confidentiality",
        "full",
        "--malicious",
    ]));
    ok(&breach(&[
        "decide",
        &reference,
        "--notified",
        "supervisory_authority",
        "--at",
        "2026-11-21 09:00",
    ]));
    let link = d.join("lien.jsonl");
    std::fs::write(
        &link,
        "{\"registry_id\":\"P8\",\"probability\":0.8,\"decision\":\"review\",\"kinds\":[\"nir\"],\
         \"contradictions\":[\"nir_birth\"],\"fields\":[\
         {\"field\":\"prior\",\"level\":\"λ = 1.000e-3\",\"weight\":-9.9},\
         {\"field\":\"first_name\",\"level\":\"exact\",\"weight\":5.1},\
         {\"field\":\"last_name\",\"level\":\"birth/usage name\",\"weight\":3.0},\
         {\"field\":\"birth_date\",\"level\":\"swap or one digit\",\"weight\":3.5},\
         {\"field\":\"nir\",\"level\":\"another person's (contradicts its record), not compared\",\"weight\":0.0},\
         {\"field\":\"residence\",\"level\":\"same commune, street close\",\"weight\":2.0}]}\n",
    )
    .expect("link");
    ok(&breach(&[
        "attach",
        &reference,
        "--link",
        link.to_str().unwrap_or_default(),
    ]));

    let mut outputs: Vec<(String, String)> = Vec::new();
    for args in [
        vec!["show", reference.as_str(), "--lang", "fr"],
        vec!["list", "--lang", "fr"],
        vec!["export", "--format", "csv", "--lang", "fr"],
        vec!["export", "--format", "html", "--lang", "fr"],
    ] {
        let out = breach(&args);
        outputs.push((
            format!("vigie breach {}", args.join(" ")),
            visible_text(&ok(&out)),
        ));
    }
    // The scan's HTML report and its summary, over a share with what the scanner must
    // explain: an empty file, an image, a damaged zip, a file it reads.
    let share = d.join("partage");
    std::fs::create_dir_all(&share).expect("share");
    std::fs::write(
        share.join("patients.csv"),
        "nom;prenom;nir;courriel\nDURAND;Marie;185057800608491;marie.durand@example.fr\n",
    )
    .expect("csv");
    std::fs::write(share.join("vide.txt"), "").expect("empty");
    std::fs::write(share.join("photo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("png");
    std::fs::write(share.join("casse.zip"), b"PK\x03\x04 not a zip at all").expect("zip");
    let report = d.join("analyse.html");
    let scanned = vigie(&home)
        .args(["scan", "--lang", "fr", "--format", "html", "--output"])
        .arg(&report)
        .arg(&share)
        .output()
        .expect("scan");
    assert_eq!(
        scanned.status.code(),
        Some(4),
        "found, with a file not read"
    );
    let page = std::fs::read_to_string(&report).expect("report");
    assert!(
        page.contains("archive zip illisible") && page.contains("fichier vide"),
        "the notes are there, in French"
    );
    outputs.push(("vigie scan --format html".into(), visible_text(&page)));
    // A library's own error, quoted between backticks as code, is not vigie's sentence.
    let summary = String::from_utf8_lossy(&scanned.stderr)
        .split('`')
        .step_by(2)
        .collect::<String>();
    outputs.push(("vigie scan (summary)".into(), summary));

    let served = serve(&home, &store, &[]);
    let (dpo, _) = sign_in(served.port, "dpo", "dpo password 2026");
    for path in [
        "/breaches".to_string(),
        format!("/breaches/{reference}"),
        format!("/breaches/{reference}/review"),
        format!("/breaches/{reference}/drafts/supervisory_authority"),
        format!("/breaches/{reference}/drafts/data_subjects"),
        "/register.html".to_string(),
        "/check".to_string(),
        "/login".to_string(),
    ] {
        let page = http(
            served.port,
            "GET",
            &format!("{path}?lang=fr"),
            &[("Cookie", &dpo)],
            "",
        );
        assert_eq!(page.status, 200, "{path}");
        if path.ends_with(&reference) {
            // Notified in time: no countdown runs on past its deadline.
            let text = visible_text(&page.body);
            assert!(
                text.contains("fait le 21/11/2026 09:00") && !text.contains("en retard"),
                "{text}"
            );
            // The summary first: what is still owed, who is concerned, what waits.
            let brief = &text[text.find("En bref").expect("a summary")..];
            let brief = &brief[..brief
                .find("Obligations et échéances")
                .expect("then the rest")];
            assert!(
                brief.contains("Aucune échéance fixe en cours")
                    && brief.contains("Encore dû : Personnes concernées ; Portail")
                    && brief.contains("2 personnes concernées (à informer)")
                    && brief.contains("1 paire à vérifier")
                    && brief.contains("2 courriels envoyés"),
                "{brief}"
            );
        }
        if path.contains("/drafts/") {
            // A way back to the case it belongs to.
            assert!(
                page.body
                    .contains(&format!("href=\"/breaches/{reference}\"")),
                "{path}"
            );
        }
        outputs.push((path, visible_text(&page.body)));
    }
    if let Some(dump) = std::env::var_os("VIGIE_FRENCH_DUMP") {
        let all: Vec<String> = outputs
            .iter()
            .map(|(w, t)| format!("== {w}\n{t}"))
            .collect();
        std::fs::write(dump, all.join("\n")).expect("dump");
    }
    let mut faults = Vec::new();
    for (what, text) in &outputs {
        for f in not_french(text) {
            faults.push(format!("{what}: {f}"));
        }
    }
    assert!(
        faults.is_empty(),
        "{} not in French:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

#[test]
fn a_large_case_is_shown_a_page_of_persons_at_a_time_with_counts_that_follow_changes() {
    let Setup {
        dir,
        home,
        store,
        reference,
        ..
    } = setup();
    let d = dir.path();
    let breach = |args: &[&str]| web::breach(&home, &store, args);
    let link = |name: &str, n: usize, probability: f64| {
        let path = d.join(name);
        let lines: String = (0..n)
            .map(|i| {
                format!("{{\"registry_id\":\"{name}-{i:04}\",\"probability\":{probability}}}\n")
            })
            .collect();
        std::fs::write(&path, lines).expect("link");
        ok(&breach(&[
            "attach",
            &reference,
            "--link",
            path.to_str().unwrap_or_default(),
        ]));
    };
    link("a", 250, 0.97);
    let served = serve(&home, &store, &[]);
    let (dpo, _) = sign_in(served.port, "dpo", "dpo password 2026");
    let get = |path: &str| {
        let page = http(served.port, "GET", path, &[("Cookie", &dpo)], "");
        assert_eq!(page.status, 200, "{path}");
        visible_text(&page.body)
    };
    let rows = |text: &str, prefix: &str| text.matches(&format!("{prefix}-0")).count();
    // Two persons from the setup, then 250: the first page holds 100 of the 252.
    let first = get(&format!("/breaches/{reference}?lang=fr"));
    assert!(
        first.contains("1–100 sur 252") && first.contains("suivantes"),
        "{first}"
    );
    assert!(!first.contains("précédentes"));
    let last = get(&format!("/breaches/{reference}?lang=fr&persons=2"));
    assert!(
        last.contains("201–252 sur 252") && last.contains("précédentes"),
        "{last}"
    );
    assert!(!last.contains("suivantes"));
    // Every person on exactly one page.
    let middle = get(&format!("/breaches/{reference}?lang=fr&persons=1"));
    assert!(middle.contains("101–200 sur 252"), "{middle}");
    assert_eq!(
        rows(&first, "a") + rows(&middle, "a") + rows(&last, "a"),
        250
    );
    assert!(rows(&first, "a") <= 100 && rows(&last, "a") <= 52);
    // The chart counts every person, not the page: 250 and the setup's P2 (0.98) in
    // 0.90–0.99.
    let chart = |text: &str, band: &str| -> u64 {
        let at = text.find(band).unwrap_or_else(|| panic!("{band}: {text}"));
        text[at + band.len()..]
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{band}: {text}"))
    };
    assert_eq!(chart(&first, "0,90–0,99"), 251);
    // A change to the case is counted at the next view.
    link("b", 10, 0.995);
    let after = get(&format!("/breaches/{reference}?lang=fr"));
    assert!(after.contains("sur 262"), "{after}");
    // The setup's P1 (0.99) and the 10 new ones.
    assert_eq!(chart(&after, "≥ 0,99"), 11);
}

/// A client that opens a connection and trickles its headers (slowloris) is cut off after
/// ten seconds, while others are served meanwhile.
#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let Setup {
        dir: _dir,
        home,
        store,
        ..
    } = setup();
    let served = serve(&home, &store, &[]);
    let started = std::time::Instant::now();
    let mut slow = TcpStream::connect(("127.0.0.1", served.port)).expect("connect");
    slow.write_all(b"GET /check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("partial headers");
    slow.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    // Served meanwhile.
    assert_eq!(http(served.port, "GET", "/check", &[], "").status, 200);
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed().as_secs();
    assert!((9..25).contains(&waited), "closed after {waited} s");
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "the unfinished request was answered"
    );
}

/// Random requests at every route — methods, paths with odd bytes, cookies, forwarded
/// addresses, content types and bodies of junk, forms and JSON with wrong shapes — from a
/// fixed pseudo-random sequence: no answer is a server error, and the server answers
/// normally afterwards.
#[test]
fn junk_at_every_route_gets_no_server_error() {
    let Setup {
        dir: _dir,
        home,
        store,
        reference,
        ..
    } = setup();
    let served = serve(&home, &store, &[]);
    let (dpo, csrf) = sign_in(served.port, "dpo", "dpo password 2026");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let paths = [
        "/".to_string(),
        "/login".into(),
        "/logout".into(),
        "/breaches".into(),
        format!("/breaches/{reference}"),
        format!("/breaches/{reference}/decide"),
        format!("/breaches/{reference}/attach"),
        format!("/breaches/{reference}/run"),
        format!("/breaches/{reference}/drafts/supervisory_authority"),
        format!("/breaches/{reference}/drafts/%00%ff"),
        format!("/breaches/{reference}/review"),
        format!("/breaches/{reference}/review/values"),
        "/breaches/..%2f..%2fetc%2fpasswd".into(),
        "/register.html".into(),
        "/register.csv".into(),
        "/check".into(),
        "/check/code".into(),
        "/check/contact".into(),
        "/check/logo".into(),
        "/api/check/code".into(),
        "/api/check/contact".into(),
        "/static/app.js".into(),
    ];
    let junk = [
        "".to_string(),
        "=".into(),
        "&&&".into(),
        "csrf=&kind=scan&path=%00".into(),
        format!("csrf={csrf}&recipient=x&decision=notified&at=2026-13-45%2099:99"),
        format!("csrf={csrf}&recipient=supervisory_authority&decision=notified&at=1970-01-01"),
        format!("csrf={csrf}&registry_id=&answer=maybe"),
        "{\"code\": 12}".into(),
        "{\"contact\": [1,2,3], \"lang\": {}}".into(),
        "{\"code\": \"\\u0000\\u0000\"}".into(),
        "[".into(),
        "\u{feff}\u{202e}é\u{0}".into(),
        "%ZZ%".into(),
        "a".repeat(70_000),
    ];
    let content_types = [
        "application/x-www-form-urlencoded",
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
    ];
    let cookies = [
        dpo.clone(),
        "vigie_session=".into(),
        "vigie_session=\u{7f}\u{1}".into(),
        format!("{dpo}; vigie_lang=xx; vigie_session=other"),
        "vigie_login=a; vigie_lang=fr".into(),
    ];
    let forwarded = [
        "",
        "::1",
        "1.2.3.4, 5.6.7.8",
        "not an address",
        "2001:db8::1, ,,",
    ];
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..600 {
        let method = ["GET", "POST", "POST", "GET", "POST", "DELETE"][next(6)];
        let mut path = paths[next(paths.len())].clone();
        if next(4) == 0 {
            path.push_str(
                [
                    "?lang=%ff",
                    "?persons=-1",
                    "?persons=99999999999999999999",
                    "?done=%3Cscript%3E",
                    "?blind=1&blind=2",
                ][next(5)],
            );
        }
        let body = &junk[next(junk.len())];
        let headers = [
            ("Content-Type", content_types[next(content_types.len())]),
            ("Cookie", cookies[next(cookies.len())].as_str()),
            ("X-Forwarded-For", forwarded[next(forwarded.len())]),
        ];
        let r = http(served.port, method, &path, &headers, body);
        assert!(
            r.status != 0 && r.status < 500,
            "{method} {path} ({} bytes): {} {}",
            body.len(),
            r.status,
            &r.body[..r.body.len().min(300)]
        );
        *statuses.entry(r.status).or_insert(0u32) += 1;
    }
    eprintln!("answers: {statuses:?}");
    // Several kinds of answer were reached (not one refusal for everything).
    assert!(statuses.len() >= 4, "{statuses:?}");
    // A case that does not exist is not found, whichever page asks for it (a register
    // error was once answered 404 whatever it was).
    for path in [
        "/breaches/VIG-2026-9999",
        "/breaches/VIG-2026-9999/review",
        "/breaches/VIG-2026-9999/drafts/supervisory_authority",
    ] {
        let r = http(served.port, "GET", path, &[("Cookie", &dpo)], "");
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(r.body.contains("no such breach"), "{path}: {}", r.body);
    }
    // Still answering, the session still valid.
    assert_eq!(http(served.port, "GET", "/check", &[], "").status, 200);
    assert_eq!(
        http(served.port, "GET", "/breaches", &[("Cookie", &dpo)], "").status,
        200
    );
}

/// A processor's case on the dashboard: its controllers as rows (share of the leak, told
/// or waiting, the waiting ones marked late), each one's own draft with its share, the
/// rows no code assigns listed; an unknown controller's draft is a 404; all in French.
#[test]
fn a_processors_controllers_are_rows_with_their_own_drafts() {
    let Setup {
        dir, home, store, ..
    } = setup();
    let d = dir.path();
    let breach = |args: &[&str]| web::breach(&home, &store, args);
    let created = breach(&vigie_testkit::processor_case(
        "Fuite chez le prestataire",
        "dpo@presta.example",
        &["--json"],
    ));
    ok(&created);
    let reference = vigie_testkit::reference(&created);
    let table = d.join("clients.csv");
    std::fs::write(
        &table,
        "id;name;dpo;sites\n750000001;Laboratoire Alésia;dpo@alesia.example;LAB01\n750000002;Bio Rhône;dpo@rhone.example;LAB02\n",
    )
    .expect("table");
    ok(&breach(&[
        "controllers",
        &reference,
        "--import",
        &table.display().to_string(),
    ]));
    let leak = d.join("export.csv");
    std::fs::write(
        &leak,
        "id;nom;prenom;date_naissance;ville;site\n\
         1;DURAND;Marie;12/03/1961;Lyon;LAB01\n\
         2;DURAND;Marie;12/03/1961;Lyon;LAB02\n\
         3;PETIT;Marc;01/02/1970;Lyon;LAB01\n\
         4;MARTIN;Paul;05/06/1980;Vienne;LAB02\n\
         5;BERNARD;Julie;07/08/1990;Bron;LAB09\n\
         6;THOMAS;Luc;09/10/1985;Caluire;\n",
    )
    .expect("leak");
    ok(&breach(&[
        "split",
        &reference,
        &leak.display().to_string(),
        "--column",
        "site",
    ]));
    ok(&breach(&[
        "inform",
        &reference,
        "750000001",
        "--at",
        "2026-11-21 09:00",
        "--how",
        "courriel au DPO",
    ]));
    // Bio Rhône's own case, opened from the processor's notice.
    let notice = d.join("notice.json").display().to_string();
    ok(&breach(&[
        "notice",
        &reference,
        "750000002",
        "--output",
        &notice,
    ]));
    let received = breach(&[
        "receive",
        &notice,
        "--controller",
        "laboratory",
        "--dpo",
        "DPO Bio Rhône",
        "--aware",
        "2026-11-22 10:00",
        "--json",
    ]);
    ok(&received);
    let rhone = vigie_testkit::reference(&received);
    // The processor's staff see the processor's case; Bio Rhône's DPO, Bio Rhône's.
    let user = |name: &str, cases: &[&str]| {
        let mut c = vigie(&home);
        c.args(["serve", "--store", &store, "user", name, "--role", "dpo"]);
        for case in cases {
            c.args(["--case", case]);
        }
        c.env("VIGIE_PASSWORD", format!("{name} password 2026"))
            .output()
            .expect("user")
    };
    ok(&user("presta", &[&reference]));
    ok(&user("rhone", &[&rhone]));
    // A case that does not exist is refused, and no account is made that sees every case.
    let wrong = user("perdu", &["VIG-1999-0001"]);
    assert_eq!(wrong.status.code(), Some(2));
    let served = serve(&home, &store, &[]);
    refused_sign_in(served.port, "perdu", "perdu password 2026");
    let (dpo, _) = sign_in(served.port, "dpo", "dpo password 2026");
    let get = |path: &str| http(served.port, "GET", path, &[("Cookie", &dpo)], "");
    let page = get(&format!("/breaches/{reference}?lang=fr"));
    assert_eq!(page.status, 200);
    let section = &page.body[page
        .body
        .find("id=\"controllers\"")
        .expect("the controllers")..];
    let section = &section[..section.find("</section>").expect("its end")];
    let rows: Vec<&str> = section.split("<tr>").skip(2).collect();
    assert_eq!(
        rows.len(),
        3,
        "two controllers and the unassigned rows: {section}"
    );
    let cells = |row: &str| -> Vec<String> {
        row.split("<td>")
            .skip(1)
            .map(|c| {
                visible_text(c.split("</td>").next().unwrap_or_default())
                    .trim()
                    .to_string()
            })
            .collect()
    };
    let (alesia, rhone_row, rest) = (cells(rows[0]), cells(rows[1]), cells(rows[2]));
    assert_eq!(
        alesia[..3],
        ["750000001", "Laboratoire Alésia", "2"],
        "{section}"
    );
    assert!(
        alesia[4].contains("le 21/11/2026 09:00 par dpo (courriel au DPO)"),
        "{alesia:?}"
    );
    assert_eq!(rhone_row[2], "2");
    assert!(
        rhone_row[4].starts_with("à informer (attend depuis"),
        "{rhone_row:?}"
    );
    assert!(rows[1].contains("class=\"late\"") && !rows[0].contains("class=\"late\""));
    assert_eq!(rest[2], "2");
    assert!(
        rest[4].contains("LAB09 ×1") && rest[4].contains("sans code ×1"),
        "{rest:?}"
    );
    // Bio Rhône's own case, in this register: where it stands, and its notices.
    assert_eq!(rhone_row[5], rhone, "{rhone_row:?}");
    assert!(rhone_row[6].starts_with("dû"), "{rhone_row:?}");
    assert_eq!(rhone_row[8], "aucune", "{rhone_row:?}");
    // Only those not told yet.
    let waiting = get(&format!("/breaches/{reference}?lang=fr&only=waiting"));
    let waiting_rows = &waiting.body[waiting
        .body
        .find("id=\"controllers\"")
        .expect("the controllers")..];
    let waiting_rows = &waiting_rows[..waiting_rows.find("</section>").expect("its end")];
    assert_eq!(waiting_rows.matches("<tr>").count(), 2, "{waiting_rows}");
    assert!(
        waiting_rows.contains("750000002") && !waiting_rows.contains(">750000001<"),
        "{waiting_rows}"
    );
    // Marie Durand, at both laboratories: one person of the leak, and each one's.
    let split = visible_text(section);
    assert!(
        split.contains("6 lignes") && split.contains("chez plusieurs responsables"),
        "{split}"
    );
    // The draft to Bio Rhône: its own share, how it was counted, not yet told.
    let draft = get(&format!(
        "/breaches/{reference}/drafts/controllers?client=750000002&lang=fr"
    ));
    assert_eq!(draft.status, 200);
    let text = visible_text(&draft.body)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Bio Rhône (750000002)")
            && text.contains("Lignes de la fuite le concernant 2")
            && text.contains("colonne « site » porte l'un de ses codes (750000002, LAB02)")
            && !text.contains("Informé "),
        "{text}"
    );
    let unknown = get(&format!(
        "/breaches/{reference}/drafts/controllers?client=999&lang=fr"
    ));
    assert_eq!(unknown.status, 404);
    let mut faults = not_french(&visible_text(&page.body));
    faults.extend(not_french(&text));
    assert!(faults.is_empty(), "not in French: {faults:?}");
    // Each account sees its own case alone; any other is answered as one that does not
    // exist, to read or to change.
    for (name, own, other) in [
        ("presta", &reference, &rhone),
        ("rhone", &rhone, &reference),
    ] {
        let (cookie, token) = sign_in(served.port, name, &format!("{name} password 2026"));
        let get = |path: &str| http(served.port, "GET", path, &[("Cookie", &cookie)], "");
        let list = get("/breaches");
        assert!(
            list.body.contains(own.as_str()) && !list.body.contains(other.as_str()),
            "{name}"
        );
        assert_eq!(get(&format!("/breaches/{own}")).status, 200, "{name}");
        for path in [
            format!("/breaches/{other}"),
            format!("/breaches/{other}/drafts/supervisory_authority"),
            format!("/breaches/{other}/review"),
        ] {
            assert_eq!(get(&path).status, 404, "{name}: {path}");
        }
        let decided = http(
            served.port,
            "POST",
            &format!("/breaches/{other}/decide"),
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &cookie),
            ],
            &form(&[
                ("csrf", &token),
                ("recipient", "supervisory_authority"),
                ("decision", "notified"),
                ("at", "2026-11-22 09:00"),
            ]),
        );
        assert_eq!(decided.status, 404, "{name}");
        let csv = get("/register.csv");
        assert!(
            csv.body.contains(own.as_str()) && !csv.body.contains(other.as_str()),
            "{name}"
        );
    }
    // The processor's page says where Bio Rhône's case stands without opening it.
    let (cookie, _) = sign_in(served.port, "presta", "presta password 2026");
    let page = http(
        served.port,
        "GET",
        &format!("/breaches/{reference}?lang=fr"),
        &[("Cookie", &cookie)],
        "",
    );
    assert!(
        page.body.contains(rhone.as_str())
            && !page.body.contains(&format!("href=\"/breaches/{rhone}\""))
    );
    let history = String::from_utf8_lossy(&breach(&["history", "#accounts"]).stdout).to_string();
    assert!(
        history.contains(&format!("account presta: cases {reference}")),
        "{history}"
    );
}

/// A sign-in refused: back to the form, with no session.
fn refused_sign_in(port: u16, name: &str, password: &str) {
    let r = post_sign_in(port, name, password);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), ["/login?error=1"], "{name} signed in");
    assert!(r.cookie("vigie_session").is_none());
}
