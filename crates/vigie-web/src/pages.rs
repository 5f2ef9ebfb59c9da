//! The pages and the JSON API.

use crate::auth::{self, Role};
use crate::check::Told;
use crate::{
    App, AppState, Peer, acting_case, client, cookie, csrf_ok, forbidden_csrf, language, require,
    require_case, session,
};
use axum::Router;
use axum::extract::{Form, Json, Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use vigie_breach::Lang;
use vigie_breach::obligations::{Decision, Recipient, Status};
use vigie_breach::store::Account;
use vigie_breach::store::DeliveryStatus;
use vigie_breach::store::Error as StoreError;
use vigie_breach::time::countdown;
use vigie_link::explain;

const TEMPLATES: [(&str, &str); 6] = [
    ("base.html", include_str!("../templates/base.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("breaches.html", include_str!("../templates/breaches.html")),
    ("breach.html", include_str!("../templates/breach.html")),
    ("check.html", include_str!("../templates/check.html")),
    ("review.html", include_str!("../templates/review.html")),
];

pub fn templates() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    for (name, source) in TEMPLATES {
        // Embedded and tested: a template that does not compile is a build defect.
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    env
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(index))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/breaches", get(breaches))
        .route("/breaches/{reference}", get(breach))
        .route("/breaches/{reference}/decide", post(decide))
        .route("/breaches/{reference}/attach", post(attach))
        .route("/breaches/{reference}/run", post(run))
        .route("/breaches/{reference}/jobs/{id}/cancel", post(cancel_job))
        .route("/breaches/{reference}/drafts/{recipient}", get(draft))
        .route(
            "/breaches/{reference}/review",
            get(review_page).post(review_answer),
        )
        .route("/breaches/{reference}/review/values", post(review_values))
        .route("/register.html", get(register_html))
        .route("/register.csv", get(register_csv))
        .route("/check", get(check_page))
        .route("/check/logo", get(logo))
        .route("/check/code", post(check_code_form))
        .route("/check/contact", post(check_contact_form))
        .route("/api/check/code", post(api_check_code))
        .route("/api/check/contact", post(api_check_contact))
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
}

type Q = Query<HashMap<String, String>>;

/// A page: the template with the common context (language, account, CSRF token); `?lang=`
/// is kept in a cookie.
fn page(app: &App, headers: &HeaderMap, q: &Q, name: &str, mut ctx: serde_json::Value) -> Response {
    let lang = language(headers, q.get("lang").map(String::as_str));
    if let Some(obj) = ctx.as_object_mut() {
        obj.insert("fr".into(), json!(lang == Lang::Fr));
        obj.insert(
            "controller".into(),
            json!({
                "name": app.controller.name,
                "dpo": app.controller.dpo,
                "logo": app.controller.logo.is_some(),
            }),
        );
        if let Some((_, s)) = session(app, headers) {
            obj.entry("user").or_insert(json!(s.user));
            obj.entry("role").or_insert(json!(s.role.id()));
            obj.entry("csrf").or_insert(json!(s.csrf));
        }
    }
    let body = app
        .templates
        .get_template(name)
        .and_then(|t| t.render(&ctx));
    let mut res = match body {
        Ok(b) => Html(b).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{name}: {e}")).into_response(),
    };
    if q.contains_key("lang")
        && let Ok(v) = format!("vigie_lang={}; Path=/; SameSite=Strict; Secure", lang.id()).parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

fn server_error(e: String) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, e).into_response()
}

async fn index(axum::extract::State(app): AppState, headers: HeaderMap) -> Response {
    if session(&app, &headers).is_some() {
        Redirect::to("/breaches").into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

async fn login_page(axum::extract::State(app): AppState, headers: HeaderMap, q: Q) -> Response {
    // The form's token, repeated in a cookie: a sign-in cannot be posted from elsewhere.
    let token = auth::token();
    let mut res = page(
        &app,
        &headers,
        &q,
        "login.html",
        json!({"login_csrf": token, "error": q.contains_key("error")}),
    );
    if let Ok(v) =
        format!("vigie_login={token}; Path=/login; HttpOnly; SameSite=Strict; Secure").parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[derive(Deserialize)]
struct Login {
    name: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn login(
    axum::extract::State(app): AppState,
    axum::extract::ConnectInfo(peer): Peer,
    headers: HeaderMap,
    Form(f): Form<Login>,
) -> Response {
    let expected = cookie(&headers, "vigie_login").unwrap_or_default();
    if expected.is_empty() || !auth::same(expected.as_bytes(), f.csrf.as_bytes()) {
        return forbidden_csrf();
    }
    if !app.login_limit.allow(&client(&app, peer, &headers)) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many sign-in attempts; try again later",
        )
            .into_response();
    }
    let name = f.name.trim().to_string();
    if !app.account_limit.allow(&format!("account {name}")) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many sign-in attempts; try again later",
        )
            .into_response();
    }
    let account = {
        let name = name.clone();
        app.read(move |s| s.account(&name)).await
    };
    let account = match account {
        Ok(a) => a,
        Err(e) => return failed(e),
    };
    let password = f.password;
    let Ok(_permit) = app.argon.acquire().await else {
        return server_error("the sign-in queue is closed".into());
    };
    let (role, ok, tag, cases) = tokio::task::spawn_blocking(move || match account {
        Some(account) => (
            Role::parse(&account.role),
            auth::verify_password(&password, &account.hash),
            auth::account_tag(&account),
            account.cases,
        ),
        None => {
            // As long as a wrong password: the page does not tell which accounts exist.
            let _ = auth::verify_password(&password, auth::decoy_hash());
            (None, false, [0; 32], Vec::new())
        }
    })
    .await
    .unwrap_or((None, false, [0; 32], Vec::new()));
    let (Some(role), true) = (role, ok) else {
        return (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/login?error=1")],
        )
            .into_response();
    };
    let token = app.sessions.open(&name, role, cases, tag);
    let mut res = Redirect::to("/breaches").into_response();
    if let Ok(v) =
        format!("vigie_session={token}; Path=/; HttpOnly; SameSite=Strict; Secure").parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> Response {
    let Some((token, s)) = session(&app, &headers) else {
        return Redirect::to("/login").into_response();
    };
    if !csrf_ok(&s, &f.csrf) {
        return forbidden_csrf();
    }
    app.sessions.close(&token);
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = "vigie_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0".parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

async fn breaches(axum::extract::State(app): AppState, headers: HeaderMap, q: Q) -> Response {
    let s = match require(&app, &headers, Role::Viewer) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let lang = language(&headers, q.get("lang").map(String::as_str));
    let fr = lang == Lang::Fr;
    let cases = match app.read(|s| s.list()).await {
        Ok(c) => visible(c, &s),
        Err(e) => return failed(e),
    };
    let now = Timestamp::now();
    let mut rows: Vec<(Option<Timestamp>, serde_json::Value)> = cases
        .iter()
        .map(|c| {
            let next = c.obligations(now)
                .into_iter()
                .filter(|o| matches!(o.status, Status::Owed { .. }))
                .filter_map(|o| o.due.map(|d| (d, o)))
                .min_by_key(|(d, _)| *d);
            let level = c
                .breach
                .level()
                .map_or("—".to_string(), |l| app.labels.of("level", &l, lang));
            let due = next.as_ref().map(|(d, _)| *d);
            let next = next.map(|(d, o)| {
                json!({
                    "due": d.to_string(),
                    "late": d < now,
                    "left": countdown(d, now, lang),
                    "label": if fr { o.label_fr } else { o.label_en },
                })
            });
            (
                due,
                json!({"reference": c.breach.reference, "title": c.breach.title, "level": level, "next": next}),
            )
        })
        .collect();
    // What is due soonest (or most late) first; cases with nothing due last.
    rows.sort_by_key(|(d, _)| d.map_or(i64::MAX, |d| d.as_second()));
    let cases: Vec<_> = rows.into_iter().map(|(_, v)| v).collect();
    page(&app, &headers, &q, "breaches.html", json!({"cases": cases}))
}

/// The cases the session's account may see.
fn visible(cases: Vec<vigie_breach::Case>, s: &auth::Session) -> Vec<vigie_breach::Case> {
    cases
        .into_iter()
        .filter(|c| Account::may_see(&s.cases, &c.breach.reference))
        .collect()
}

/// Bars of a chart: label, count, width in pixels (the longest 300).
fn bars(items: &[(String, u64)]) -> Vec<serde_json::Value> {
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    items
        .iter()
        .map(|(label, n)| json!({"label": label, "count": n, "width": (*n as f64 / max as f64 * 300.0).round()}))
        .collect()
}

/// Persons shown on a breach page at once.
const PERSONS_PAGE: u64 = 100;

/// The bands of the probability chart: from, label (with a decimal point).
const PROBABILITY_BANDS: [(f64, &str); 4] = [
    (0.99, "≥ 0.99"),
    (0.9, "0.90–0.99"),
    (0.5, "0.50–0.90"),
    (0.0, "< 0.50"),
];

/// What a breach page charts of a case's persons: read once per change of the case, as a
/// stream (a case of a million persons is never held), and kept until the case changes.
pub(crate) struct PersonSummary {
    total: u64,
    /// Accepted pairs per [`PROBABILITY_BANDS`].
    accepted_bands: [u64; 4],
    review: u64,
    rejected: u64,
    /// Affected persons (accepted and likely, or confirmed): those told.
    affected: u64,
    /// Pairs waiting for a reviewer (in review, or answered both ways).
    awaiting: u64,
    audit: (Vec<vigie_breach::evidence::BandAudit>, Option<(f64, f64)>),
}

impl PersonSummary {
    fn of(
        app: &App,
        st: &mut vigie_breach::Store,
        reference: &str,
        version: usize,
    ) -> Result<Arc<PersonSummary>, String> {
        if let Ok(cache) = app.summaries.lock()
            && let Some((v, s)) = cache.get(reference)
            && *v == version
        {
            return Ok(s.clone());
        }
        use vigie_breach::evidence::LinkDecision;
        let mut s = PersonSummary {
            total: 0,
            accepted_bands: [0; 4],
            review: 0,
            rejected: 0,
            affected: 0,
            awaiting: 0,
            audit: (Vec::new(), None),
        };
        let mut audit = vigie_breach::evidence::Audit::new();
        st.each_person(reference, &mut |p| {
            s.total += 1;
            s.affected += u64::from(p.affected());
            s.awaiting += u64::from(p.decision == LinkDecision::Review || p.disputed());
            audit.add(&p);
            match p.decision {
                LinkDecision::Accept => {
                    if let Some(i) = PROBABILITY_BANDS
                        .iter()
                        .position(|(min, _)| p.probability >= *min)
                    {
                        s.accepted_bands[i] += 1;
                    }
                }
                LinkDecision::Review => s.review += 1,
                LinkDecision::Reject => s.rejected += 1,
            }
            Ok(())
        })
        .map_err(String::from)?;
        s.audit = audit.finish();
        let s = Arc::new(s);
        if let Ok(mut cache) = app.summaries.lock() {
            // Bounded: a server with many cases forgets and counts again.
            if cache.len() >= 64 {
                cache.clear();
            }
            cache.insert(reference.to_string(), (version, s.clone()));
        }
        Ok(s)
    }
}

async fn breach(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    q: Q,
    Path(reference): Path<String>,
) -> Response {
    let s = match require_case(&app, &headers, Role::Viewer, &reference) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let lang = language(&headers, q.get("lang").map(String::as_str));
    let fr = lang == Lang::Fr;
    // The persons a page at a time; their counts once per change of the case.
    let page_no: u64 = q.get("persons").and_then(|p| p.parse().ok()).unwrap_or(0);
    // Which of a processor's controllers to show: all, those not told, those late.
    let only: vigie_breach::text::Only = q
        .get("only")
        .and_then(|o| serde_json::from_value(json!(o)).ok())
        .unwrap_or_default();
    let cached = app.clone();
    let data = app
        .read(move |st| {
            let case = st.get(&reference)?;
            let history = st.history(&reference)?;
            let summary = PersonSummary::of(&cached, st, &reference, history.len())?;
            let persons = st.persons_at(&reference, page_no * PERSONS_PAGE, PERSONS_PAGE)?;
            let log = st.deliveries(&reference)?;
            let checks = st.check_counts(&reference)?;
            // A processor's controllers' own cases, when they are in this register.
            let register = if case.clients.is_empty() {
                Vec::new()
            } else {
                st.controllers_cases(&reference)?
            };
            Ok::<_, StoreError>((case, summary, persons, history, log, checks, register))
        })
        .await;
    let (case, summary, persons, history, log, checks, register) = match data {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    let now = Timestamp::now();
    let b = &case.breach;
    let owed = vigie_notify::drafts::owed(&case, now);
    let obligations: Vec<_> = case.obligations(now)
        .into_iter()
        .map(|o| {
            let pending = matches!(o.status, Status::Owed { .. });
            json!({
                "id": o.recipient.id(),
                "label": if fr { &o.label_fr } else { &o.label_en },
                // A countdown only while it is owed: a notification made in time is not
                // "late by 12 days" once its deadline has passed.
                "due": o.due.filter(|_| pending).map(|d| d.to_string()),
                "due_text": o.due.map_or_else(|| o.due_text.get(fr).to_string(), vigie_notify::words::date_time),
                "left": o.due.filter(|_| pending).map(|d| countdown(d, now, lang)),
                "late": matches!(o.status, Status::Owed { late: true }),
                "status": o.status.text(fr),
                "pending": pending,
                "draft": owed.contains(&o.recipient),
            })
        })
        .collect();
    let labels = &app.labels;
    let facts = vec![
        (
            if fr { "Qualité" } else { "Organisation" },
            labels.of("controller", &b.controller, lang),
        ),
        (
            if fr { "Origine" } else { "Origin" },
            labels.of("origin", &b.origin, lang),
        ),
        (
            if fr { "Début" } else { "Start" },
            b.occurred_start
                .map(vigie_notify::words::date_time)
                .unwrap_or_default(),
        ),
        (
            if fr { "Découverte" } else { "Discovered" },
            vigie_notify::words::date_time(b.discovered),
        ),
        (
            if fr { "Prise de connaissance" } else { "Aware" },
            vigie_notify::words::date_time(b.aware),
        ),
        (
            if fr { "Personnes" } else { "Persons" },
            b.persons_count.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (
            if fr { "Données" } else { "Data" },
            labels.list("data", &b.data, lang),
        ),
        (
            if fr {
                "Mesures prises"
            } else {
                "Measures taken"
            },
            b.measures_taken.clone(),
        ),
        ("DPO", b.dpo.clone()),
    ];
    let evidence: Vec<_> = case
        .evidence
        .iter()
        .map(|e| {
            let items: Vec<(String, u64)> = e
                .counts
                .iter()
                .map(|(k, n)| {
                    // A scan's counts are per kind of data: named as the scan report names them.
                    let name = vigie_detect::rules::kind_name(k, lang)
                        .map_or_else(|| labels.of("evidence", k, lang), str::to_string);
                    (name, *n)
                })
                .collect();
            json!({
                "kind": labels.of("evidence", &e.kind, lang),
                "file": e.file,
                "blake3": e.blake3,
                "persons": e.persons_text(lang),
                "bars": bars(&items),
            })
        })
        .collect();
    let mut items: Vec<(String, u64)> = PROBABILITY_BANDS
        .iter()
        .zip(&summary.accepted_bands)
        .map(|((_, label), n)| (lang.comma(label.to_string()), *n))
        .collect();
    if summary.review > 0 {
        items.push((labels.of("evidence", &"review", lang), summary.review));
    }
    if summary.rejected > 0 {
        items.push((labels.of("evidence", &"rejected", lang), summary.rejected));
    }
    let probability_bars = bars(&items);
    use vigie_breach::evidence::LinkDecision;
    let shown: Vec<_> = persons
        .iter()
        .map(|p| {
            let fields = explain::fields(&p.details, lang)
                .iter()
                .map(|f| format!("{} {} ({})", f.field, f.level, f.signed(lang)))
                .collect::<Vec<_>>()
                .join(", ");
            json!({
                "id": p.registry_id,
                "probability": match (p.decision, fr) {
                    (LinkDecision::Review, true) => format!("{} (à vérifier)", lang.decimal(p.probability, 3)),
                    (LinkDecision::Review, false) => format!("{} (in review)", lang.decimal(p.probability, 3)),
                    (LinkDecision::Reject, true) => format!("{} (écartée)", lang.decimal(p.probability, 3)),
                    (LinkDecision::Reject, false) => format!("{} (rejected)", lang.decimal(p.probability, 3)),
                    (LinkDecision::Accept, _) => lang.decimal(p.probability, 3),
                },
                "categories": labels.list("data", &p.categories, lang),
                "fields": fields,
            })
        })
        .collect();
    let statuses: Vec<String> = DeliveryStatus::ALL
        .iter()
        .map(|s| labels.of("delivery", s, lang))
        .collect();
    let deliveries: Vec<_> = ["email", "letter"]
        .iter()
        .map(|ch| {
            let row: Vec<usize> = DeliveryStatus::ALL
                .iter()
                .map(|st| {
                    log.iter()
                        .filter(|d| d.channel == *ch && d.status == *st)
                        .count()
                })
                .collect();
            json!([labels.of("channel", ch, lang), row])
        })
        .collect();
    let history: Vec<_> = history
        .iter()
        .map(|e| {
            let at =
                e.at.parse::<Timestamp>()
                    .map_or_else(|_| e.at.clone(), vigie_breach::time::local);
            json!({"at": at, "action": labels.action(&e.action, lang), "actor": e.actor})
        })
        .collect();
    let checks: Vec<_> = checks
        .iter()
        .map(|(day, kind, n)| {
            let day = jiff::civil::Date::strptime("%Y-%m-%d", day)
                .map_or_else(|_| day.clone(), |d| d.strftime("%d/%m/%Y").to_string());
            json!([day, labels.of("check", kind, lang), n])
        })
        .collect();
    // What the DPO reads first: the next deadline, what is owed, the persons, the notices.
    let owed: Vec<&serde_json::Value> = obligations
        .iter()
        .filter(|o| o["pending"] == true)
        .collect();
    let next = owed
        .iter()
        .filter(|o| o["due"].is_string())
        .min_by(|a, b| a["due"].as_str().cmp(&b["due"].as_str()));
    let count = |channel: &str, status: DeliveryStatus| {
        log.iter()
            .filter(|d| d.channel == channel && d.status == status)
            .count()
    };
    let brief = json!({
        "next": next,
        "owed": owed.iter().map(|o| o["label"].clone()).collect::<Vec<_>>(),
        "affected": vigie_detect::thousands(summary.affected),
        "awaiting": summary.awaiting,
        "sent": count("email", DeliveryStatus::Sent),
        "letters": log.iter().filter(|d| d.channel == "letter").count(),
        "failed": count("email", DeliveryStatus::Failed) + count("email", DeliveryStatus::Bounced),
        "uncertain": count("email", DeliveryStatus::Uncertain),
    });
    let jobs: Vec<_> = app
        .jobs
        .lock()
        .map(|j| {
            j.iter()
                .filter(|j| j.reference == b.reference)
                .map(|j| {
                    let mut v = j.view(lang);
                    v["state_words"] = json!(labels.of("job", &j.state, lang));
                    v["kind_words"] = json!(labels.of("evidence", &j.kind, lang));
                    v
                })
                .collect()
        })
        .unwrap_or_default();
    let running = jobs.iter().any(|j| j["state"] == "running");
    let severity = b.severity.as_ref().map(
        |sv| json!({"level": labels.of("level", &sv.level, lang), "formula": sv.formula(lang)}),
    );
    let over = b.severity_override.as_ref().map(
        |o| json!({"level": labels.of("level", &o.level, lang), "justification": o.justification}),
    );
    // The audit of the accepted pairs: shown once reviewers answered on some of them.
    let (bands, overall) = summary.audit.clone();
    // Numbers as the reader writes them: a decimal comma in French.
    let comma = |t: String| lang.comma(t);
    let percent =
        |(lo, hi): (f64, f64)| comma(format!("{:.1} % – {:.1} %", lo * 100.0, hi * 100.0));
    let audit = bands.iter().any(|b| b.answered > 0).then(|| {
        json!({
            "bands": bands.iter().map(|b| json!({
                "band": comma(format!("{} – {}", b.from, b.to)),
                "accepted": b.accepted,
                "answered": b.answered,
                "same": b.same,
                "interval": b.interval.map(percent),
            })).collect::<Vec<_>>(),
            "overall": overall.map(percent),
        })
    });
    page(
        &app,
        &headers,
        &q,
        "breach.html",
        json!({
            "case": {"reference": b.reference, "title": b.title},
            "audit": audit,
            // The message of the action just done, by its id: a link cannot make the
            // page say anything else.
            "message": match q.get("done").map(String::as_str) {
                Some("decision") => Some(if fr { "Décision enregistrée." } else { "Decision recorded." }),
                Some("attached") => Some(if fr { "Pièce jointe au dossier." } else { "Evidence attached to the case." }),
                _ => None,
            },
            "obligations": obligations,
            // Each controller's own case is a link only for an account that may open it.
            "controllers": vigie_breach::text::client_rows(&case, &register, now, lang)
                .into_iter()
                .filter(|r| only.keeps(r))
                .map(|r| {
                    let open = Account::may_see(&s.cases, &r.case);
                    json!({"row": r, "open": open})
                })
                .collect::<Vec<_>>(),
            "only": only,
            "processor": !case.clients.is_empty(),
            "split": case.split.as_ref().map(|sp| vigie_breach::text::split_line(sp, lang)),
            "persons_counted": vigie_breach::text::persons_counted(lang),
            "severity": severity,
            "override": over,
            "facts": facts,
            "evidence": evidence,
            "persons": shown,
            "persons_total": summary.total,
            "persons_from": page_no * PERSONS_PAGE + 1,
            "persons_to": page_no * PERSONS_PAGE + persons.len() as u64,
            "persons_previous": page_no.checked_sub(1),
            "persons_next": (page_no + 1) * PERSONS_PAGE < summary.total,
            "persons_page": page_no,
            "awaiting_review": summary.awaiting,
            "summary": brief,
            "probability_bars": probability_bars,
            "statuses": statuses,
            "deliveries": deliveries,
            "checks": checks,
            "history": history,
            "can_attach": s.role >= Role::Analyst,
            "can_decide": s.role >= Role::Dpo,
            "jobs": jobs,
            "running": running,
        }),
    )
}

#[derive(Deserialize)]
struct Decide {
    #[serde(default)]
    csrf: String,
    recipient: String,
    decision: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Form(f): Form<Decide>,
) -> Response {
    let s = match acting_case(&app, &headers, Role::Dpo, &f.csrf, &reference) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let Some(recipient) = Recipient::parse(&f.recipient) else {
        return (StatusCode::BAD_REQUEST, "unknown recipient").into_response();
    };
    let decision = match f.decision.as_str() {
        "notified" => match vigie_breach::time::parse(&f.at) {
            Ok(at) => Decision::Notified {
                recipient,
                at,
                complementary: false,
                reason: f.reason,
                by: String::new(),
            },
            Err(e) => return (StatusCode::BAD_REQUEST, e.0).into_response(),
        },
        "not_notifying" if !f.reason.trim().is_empty() => Decision::NotNotifying {
            recipient,
            reason: f.reason,
        },
        "not_notifying" => {
            return (StatusCode::BAD_REQUEST, "a reason is required").into_response();
        }
        _ => return (StatusCode::BAD_REQUEST, "unknown decision").into_response(),
    };
    let user = s.user.clone();
    let r = reference.clone();
    let done = app
        .db(move |st| {
            let now = Timestamp::now();
            st.update(&r, &user, "decide", now, |c| c.decide(decision, &user, now))
                .map(|_| ())
        })
        .await;
    match done {
        Ok(()) => Redirect::to(&format!("/breaches/{reference}?done=decision")).into_response(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct Run {
    #[serde(default)]
    csrf: String,
    kind: String,
    path: String,
    #[serde(default)]
    registry: String,
}

async fn run(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Form(f): Form<Run>,
) -> Response {
    let s = match acting_case(&app, &headers, Role::Analyst, &f.csrf, &reference) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let r = reference.clone();
    if let Err(e) = app.read(move |st| st.get(&r).map(|_| ())).await {
        return failed(e);
    }
    let confined = |p: &str, dir: bool| app.confine(p, dir);
    let task = match f.kind.as_str() {
        "scan" => match confined(&f.path, true) {
            Ok(path) => crate::jobs::Task::Scan { path },
            Err(e) => return failed(e),
        },
        "link" if !f.registry.trim().is_empty() => {
            match (confined(&f.path, false), confined(&f.registry, false)) {
                (Ok(leak), Ok(registry)) => crate::jobs::Task::Link { leak, registry },
                (Err(e), _) | (_, Err(e)) => return failed(e),
            }
        }
        "link" => return (StatusCode::BAD_REQUEST, "a link needs the registry").into_response(),
        _ => return (StatusCode::BAD_REQUEST, "kind: scan or link").into_response(),
    };
    match crate::jobs::start(&app, &reference, &s.user, task) {
        Ok(_) => Redirect::to(&format!("/breaches/{reference}")).into_response(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct Csrf {
    #[serde(default)]
    csrf: String,
}

/// Stops a scan or link launched from the page: the files not yet read are left, nothing
/// is attached.
async fn cancel_job(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    Path((reference, id)): Path<(String, u64)>,
    Form(f): Form<Csrf>,
) -> Response {
    if let Err(r) = acting_case(&app, &headers, Role::Analyst, &f.csrf, &reference) {
        return r.into_response();
    }
    if crate::jobs::cancel(&app, &reference, id) {
        Redirect::to(&format!("/breaches/{reference}")).into_response()
    } else {
        (StatusCode::NOT_FOUND, "no such run going on").into_response()
    }
}

#[derive(Deserialize)]
struct Attach {
    #[serde(default)]
    csrf: String,
    path: String,
    kind: String,
}

async fn attach(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Form(f): Form<Attach>,
) -> Response {
    let s = match acting_case(&app, &headers, Role::Analyst, &f.csrf, &reference) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let user = s.user.clone();
    let r = reference.clone();
    let path = match app.confine(&f.path, false) {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > crate::EVIDENCE_MAX) {
        return (
            StatusCode::BAD_REQUEST,
            format!("{}: larger than 2 GiB", f.path),
        )
            .into_response();
    }
    // Read and checked before the register is locked: a large result does not stall
    // every other request.
    let now = Timestamp::now();
    let read = tokio::task::spawn_blocking(move || match f.kind.as_str() {
        "scan" => vigie_breach::evidence::scan_report(&path, now).map(|e| (e, Vec::new())),
        "link" => vigie_breach::evidence::link_result(&path, now),
        _ => Err(vigie_breach::Error::Input("kind: scan or link".into())),
    })
    .await
    .unwrap_or_else(|e| Err(vigie_breach::Error::Input(e.to_string())));
    let (evidence, persons) = match read {
        Ok(r) => r,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let done = app
        .db(move |st| st.attach(&r, &user, now, evidence, &persons).map(|_| ()))
        .await;
    match done {
        Ok(()) => Redirect::to(&format!("/breaches/{reference}?done=attached")).into_response(),
        Err(e) => failed(e),
    }
}

/// The next pair awaiting review (the model's least sure), or the one named, as the
/// review page shows it; `values`: the registry's values for the pair, once looked at.
async fn review_view(
    app: &Arc<App>,
    headers: &HeaderMap,
    q: &Q,
    reference: String,
    shown: Option<String>,
) -> Response {
    let lang = language(headers, q.get("lang").map(String::as_str));
    let blind = q.get("blind").is_some_and(|b| b == "1");
    let r = reference.clone();
    let persons = match app.read(move |st| st.persons(&r)).await {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    let waiting = vigie_breach::evidence::awaiting_review(&persons);
    let pair = match &shown {
        Some(id) => waiting.iter().find(|p| &p.registry_id == id).copied(),
        None => waiting.first().copied(),
    };
    let pair = pair.map(|p| {
        let text = |k: &str| {
            p.details
                .get(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let fields: Vec<_> = explain::fields(&p.details, lang)
            .iter()
            .map(|f| json!({"field": f.field, "level": f.level, "weight": f.signed(lang)}))
            .collect();
        let against = explain::against(&p.details, lang);
        let values: Vec<(String, String)> = if shown.is_some() {
            explain::values(&p.details)
                .map(|(k, v)| (k.clone(), v))
                .collect()
        } else {
            Vec::new()
        };
        json!({
            "id": p.registry_id,
            "probability": lang.decimal(p.probability, 3),
            "runner_up": text("runner_up_id"),
            "against": against,
            "fields": fields,
            "values": values,
            "disputed": p.disputed(),
        })
    });
    page(
        app,
        headers,
        q,
        "review.html",
        json!({
            "reference": reference,
            "waiting": waiting.len(),
            "pair": pair,
            "blind": blind,
        }),
    )
}

async fn review_page(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    q: Q,
    Path(reference): Path<String>,
) -> Response {
    if let Err(r) = require_case(&app, &headers, Role::Analyst, &reference) {
        return r.into_response();
    }
    review_view(&app, &headers, &q, reference, None).await
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    csrf: String,
    registry_id: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    blind: String,
}

async fn review_answer(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Response {
    use vigie_breach::evidence::Answer;
    let s = match acting_case(&app, &headers, Role::Analyst, &f.csrf, &reference) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let answer = match f.answer.as_str() {
        "same" => Answer::Same,
        "different" => Answer::Different,
        "cant_tell" => Answer::CantTell,
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                "answer: same, different or cant_tell",
            )
                .into_response();
        }
    };
    let (user, r, id) = (s.user.clone(), reference.clone(), f.registry_id.clone());
    let done = app
        .db(move |st| {
            st.review(&r, &id, answer, &user, Timestamp::now())
                .map(|_| ())
        })
        .await;
    let blind = if f.blind == "1" { "?blind=1" } else { "" };
    match done {
        Ok(()) => Redirect::to(&format!("/breaches/{reference}/review{blind}")).into_response(),
        Err(e) => failed(e),
    }
}

/// The registry's values for a pair: shown to the account that asks, and the case's
/// history records that it looked (not at whom).
async fn review_values(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    q: Q,
    Path(reference): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let s = match acting_case(&app, &headers, Role::Analyst, &f.csrf, &reference) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let (user, r) = (s.user.clone(), reference.clone());
    let logged = app
        .db(move |st| st.record(&r, &user, "review: values shown", Timestamp::now()))
        .await;
    if let Err(e) = logged {
        return failed(e);
    }
    review_view(&app, &headers, &q, reference, Some(f.registry_id)).await
}

async fn draft(
    axum::extract::State(app): AppState,
    headers: HeaderMap,
    q: Q,
    Path((reference, recipient)): Path<(String, String)>,
) -> Response {
    if let Err(r) = require_case(&app, &headers, Role::Viewer, &reference) {
        return r.into_response();
    }
    let lang = language(&headers, q.get("lang").map(String::as_str));
    let Some(recipient) = Recipient::parse(&recipient) else {
        return (StatusCode::NOT_FOUND, "unknown recipient").into_response();
    };
    // A processor's word to one of its controllers.
    let client = q.get("client").cloned();
    let data = app
        .read(move |st| {
            let case = st.get(&reference)?;
            let history: Vec<_> = st.states(&reference)?.into_iter().map(|(_, c)| c).collect();
            let log = st.deliveries(&reference)?;
            Ok::<_, StoreError>((case, history, log))
        })
        .await;
    match data {
        Ok((case, _, _))
            if client
                .as_ref()
                .is_some_and(|id| !case.clients.iter().any(|c| &c.id == id)) =>
        {
            (StatusCode::NOT_FOUND, "no such controller in the case").into_response()
        }
        Ok((case, history, log)) => {
            let progress = vigie_notify::drafts::Progress::of(&log);
            let d = vigie_notify::drafts::draft(
                &case,
                &history,
                recipient,
                client.as_deref(),
                &progress,
                lang,
                Timestamp::now(),
            );
            let back = format!("/breaches/{}", d.reference);
            Html(vigie_notify::drafts::html(&d, Some(&back))).into_response()
        }
        Err(e) => failed(e),
    }
}

async fn register_html(axum::extract::State(app): AppState, headers: HeaderMap, q: Q) -> Response {
    let s = match require(&app, &headers, Role::Viewer) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let lang = language(&headers, q.get("lang").map(String::as_str));
    let read = app.read(|s| Ok((s.list()?, s.sealed_head()?))).await;
    match read {
        Ok((cases, head)) => Html(vigie_breach::export::html(
            &visible(cases, &s),
            Timestamp::now(),
            lang,
            "",
            head.as_ref(),
        ))
        .into_response(),
        Err(e) => server_error(e),
    }
}

async fn register_csv(axum::extract::State(app): AppState, headers: HeaderMap, q: Q) -> Response {
    let session = match require(&app, &headers, Role::Viewer) {
        Ok(s) => s,
        Err(r) => return r.into_response(),
    };
    let lang = language(&headers, q.get("lang").map(String::as_str));
    match app
        .read(move |s| {
            let cases = visible(s.list()?, &session);
            vigie_breach::export::csv(&cases, Timestamp::now(), lang)
        })
        .await
    {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"registre.csv\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => server_error(e),
    }
}

async fn check_page(axum::extract::State(app): AppState, headers: HeaderMap, q: Q) -> Response {
    page(&app, &headers, &q, "check.html", json!({"user": null}))
}

/// What a code check answers, and whether it was allowed.
async fn check_code(app: &Arc<App>, client: &str, code: &str, lang: Lang) -> Option<Told> {
    let hash = vigie_notify::notice::code_hash(&app.key, code);
    // Per client, and per code (a malformed code counts against the client only).
    let allowed =
        app.limits.client.allow(client) & hash.as_ref().is_none_or(|h| app.limits.code.allow(h));
    if !allowed {
        return None;
    }
    let found = match hash {
        Some(h) => app
            .read(move |s| s.check_code(&h).map_err(String::from))
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let told = match found
        .and_then(|(_, _, a)| serde_json::from_slice::<vigie_notify::notice::Answer>(&a).ok())
    {
        Some(a) => {
            app.counts.add(&a.reference, "code");
            Told::of(&a, lang, &app.words, app.labels)
        }
        None => {
            app.counts.add("", "code_unknown");
            Told::nothing()
        }
    };
    Some(told)
}

/// Queues a contact request; the answer on the page never depends on it.
fn check_contact(app: &Arc<App>, client: &str, contact: &str, lang: Lang) -> bool {
    let hash = vigie_notify::notice::contact_hash(&app.key, contact);
    let allowed =
        app.limits.client.allow(client) & hash.as_ref().is_none_or(|h| app.limits.contact.allow(h));
    if !allowed {
        return false;
    }
    if let Some(h) = hash
        && let Ok(q) = app.contact_queue.lock()
        && let Some(tx) = q.as_ref()
        && tx.try_send((h, lang)).is_err()
    {
        app.counts.add("", "contact_dropped");
    }
    true
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Deserialize)]
struct ContactForm {
    contact: String,
    #[serde(default)]
    lang: Option<String>,
}

async fn check_code_form(
    axum::extract::State(app): AppState,
    axum::extract::ConnectInfo(peer): Peer,
    headers: HeaderMap,
    q: Q,
    Form(f): Form<CodeForm>,
) -> Response {
    let lang = language(&headers, q.get("lang").map(String::as_str));
    let who = client(&app, peer, &headers);
    match check_code(&app, &who, &f.code, lang).await {
        Some(told) => page(
            &app,
            &headers,
            &q,
            "check.html",
            json!({"user": null, "told": told}),
        ),
        None => {
            let mut r = page(
                &app,
                &headers,
                &q,
                "check.html",
                json!({"user": null, "limited": true}),
            );
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r
        }
    }
}

async fn check_contact_form(
    axum::extract::State(app): AppState,
    axum::extract::ConnectInfo(peer): Peer,
    headers: HeaderMap,
    q: Q,
    Form(f): Form<ContactForm>,
) -> Response {
    let lang = language(&headers, q.get("lang").map(String::as_str));
    let who = client(&app, peer, &headers);
    if check_contact(&app, &who, &f.contact, lang) {
        page(
            &app,
            &headers,
            &q,
            "check.html",
            json!({"user": null, "sent": true}),
        )
    } else {
        let mut r = page(
            &app,
            &headers,
            &q,
            "check.html",
            json!({"user": null, "limited": true}),
        );
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        r
    }
}

fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({"error": "too many requests; try again later"})),
    )
        .into_response()
}

async fn api_check_code(
    axum::extract::State(app): AppState,
    axum::extract::ConnectInfo(peer): Peer,
    headers: HeaderMap,
    Json(f): Json<CodeForm>,
) -> Response {
    let lang = language(&headers, f.lang.as_deref());
    let who = client(&app, peer, &headers);
    match check_code(&app, &who, &f.code, lang).await {
        Some(told) => Json(told).into_response(),
        None => too_many(),
    }
}

async fn api_check_contact(
    axum::extract::State(app): AppState,
    axum::extract::ConnectInfo(peer): Peer,
    headers: HeaderMap,
    Json(f): Json<ContactForm>,
) -> Response {
    let lang = language(&headers, f.lang.as_deref());
    let who = client(&app, peer, &headers);
    if check_contact(&app, &who, &f.contact, lang) {
        Json(json!({"message": lang.pick(
            "Si vous êtes concerné, un message a été envoyé aux coordonnées que votre laboratoire détient.",
            "If you are concerned, a message has been sent to the contact details your laboratory holds."
        )}))
        .into_response()
    } else {
        too_many()
    }
}

/// The controller's logo, as an image (an SVG's scripts never run in an <img>, and the
/// policy forbids them anyway).
async fn logo(axum::extract::State(app): AppState) -> Response {
    match &app.controller.logo {
        Some((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'",
                ),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            bytes.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../static/style.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../static/app.js"),
    )
        .into_response()
}

/// A register error as the answer to a request: a case that does not exist is not found,
/// a change the register refuses is a bad request, a failing database the server's fault.
fn failed(e: impl Into<crate::Error>) -> Response {
    e.into().into_response()
}
