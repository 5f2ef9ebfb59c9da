//! End to end in a real browser: headless Chromium (Debian's), driven by Playwright's core
//! (tests/e2e/dashboard.mjs), signs in to `vigie serve`, opens a breach, and sees its
//! countdown tick and turn red, its charts drawn, a pair in review answered with a key,
//! and the patient check answer a code (with the mouse and from the keyboard), every page
//! checked by axe-core against WCAG 2.1 AA.
//! `scripts/test` installs Chromium and the driver.

mod web;

use std::path::Path;
use std::process::Command;
use web::{Setup, serve, setup};

#[test]
fn a_dpo_signs_in_and_sees_the_countdown_and_the_charts() {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").exists(),
        "no browser driver in {}: run scripts/test, which installs it",
        e2e.display()
    );
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {}: run scripts/test, which installs it (or set CHROMIUM)",
        Path::new(&chromium).display()
    );
    let Setup {
        dir,
        home,
        store,
        reference,
        code,
        ..
    } = setup();
    // A pair awaiting review, answered from the keyboard on its page.
    let review = dir.path().join("review.jsonl");
    std::fs::write(
        &review,
        "{\"registry_id\":\"P7\",\"probability\":0.8,\"decision\":\"review\",\"kinds\":[\"nir\"]}\n",
    )
    .expect("review");
    let attached = web::vigie(&home)
        .args([
            "breach", "--store", &store, "--by", "cli", "attach", &reference, "--link",
        ])
        .arg(&review)
        .output()
        .expect("attach");
    assert!(
        attached.status.success(),
        "{}",
        String::from_utf8_lossy(&attached.stderr)
    );
    // The controller the patients' page names, with its logo (a small SVG).
    let logo = dir.path().join("logo.svg");
    std::fs::write(
        &logo,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"48\" height=\"48\"><rect width=\"48\" height=\"48\" fill=\"#1f3b57\"/></svg>",
    )
    .expect("logo");
    let served = serve(
        &home,
        &store,
        &[
            "--organisation",
            "Laboratoire Exemple",
            "--dpo",
            "dpo@labo.example",
            "--logo",
            logo.to_str().unwrap_or_default(),
        ],
    );
    let shot = dir.path().join("breach.png");
    let out = Command::new("node")
        .arg(e2e.join("dashboard.mjs"))
        .args([
            &format!("http://127.0.0.1:{}", served.port),
            "dpo",
            "dpo password 2026",
            &reference,
            &code,
            shot.to_str().unwrap_or_default(),
        ])
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
    // A full-page screenshot of the breach page was taken: a PNG of some size.
    let png = std::fs::read(&shot).expect("screenshot");
    if let Some(keep) = std::env::var_os("VIGIE_E2E_SCREENSHOT") {
        std::fs::write(keep, &png).expect("keep the screenshot");
    }
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{}",
        png.len()
    );
}
