use super::Result;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use vigie_detect::{Detector, FingerprintKey};
use vigie_scan::{Collector, ScanOptions};

/// Walk the whole chain on a synthetic laboratory: scan its file share (scored against the
/// generator's truth), then, for a leaked file, scan it and link it to the patient
/// registry, open the breach case, write the authorities' drafts and the
/// patients' notices (a dry run: nothing is sent), and show how to open the dashboard.
///
/// Each step prints the command that does it, so the demo is also the tutorial. It runs on
/// embedded defaults only: no configuration, no network, nothing outside DIR (its own
/// keys and register are in DIR). Accuracy is scored against the generator's truth.
#[derive(clap::Args)]
pub struct Args {
    /// Where to write everything (default: vigie-demo in the temporary directory). A folder
    /// an earlier demo wrote is emptied first; any other must be empty or absent.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Patients in the synthetic laboratory and its registry.
    #[arg(long, default_value_t = 2000)]
    patients: usize,
    #[command(flatten)]
    lang: super::Language,
}

/// The file that marks a folder as the demo's own, so that it may be emptied.
const MARK: &str = "vigie-demo.txt";

pub fn run(args: Args) -> Result<u8> {
    let dir = args
        .dir
        .unwrap_or_else(|| std::env::temp_dir().join("vigie-demo"));
    start_afresh(&dir)?;
    let lang = args.lang.get();
    let lang_id = lang.id();
    let fr = lang == vigie_detect::Lang::Fr;
    let say =
        |fr_text: &str, en_text: &str| println!("\n== {}", if fr { fr_text } else { en_text });

    // 1. The file share, scanned.
    let data = dir.join("laboratoire");
    let cfg = vigie_synth::Config {
        patients: args.patients,
        ..Default::default()
    };
    let stats =
        vigie_synth::generate(&data, &cfg).map_err(|e| format!("{}: {e}", data.display()))?;
    say(
        "1. Le partage de fichiers d'un laboratoire (synthétique), analysé",
        "1. A laboratory's file share (synthetic), scanned",
    );
    println!(
        "{}",
        if fr {
            format!(
                "{} fichiers écrits ({}) dans {} ; les membres des archives sont analysés comme des fichiers.",
                stats.files,
                vigie_scan::report::size(stats.bytes, lang),
                data.display()
            )
        } else {
            format!(
                "{} files written ({}) in {}; the members of archives are scanned as files.",
                stats.files,
                vigie_scan::report::size(stats.bytes, lang),
                data.display()
            )
        }
    );
    let key_file = dir.join("fingerprint.key");
    let detector = Detector::new()?;
    let key = FingerprintKey::load_or_create(&key_file)?;
    let options = ScanOptions {
        exclude: vec!["**/truth.jsonl".into()],
        ..Default::default()
    };
    println!(
        "$ vigie scan {} --lang {lang_id} --exclude '**/truth.jsonl'",
        data.display()
    );
    let out = Box::new(std::io::stdout().lock());
    let text = vigie_scan::report::new_text(out, &detector, lang);
    let mut report = Collector::new(text, &data);
    vigie_scan::scan(
        std::slice::from_ref(&data),
        &options,
        &detector,
        &key,
        &mut report,
        None,
    )?;
    let truth_file = std::fs::read_to_string(data.join("truth.jsonl"))?;
    let truth: Vec<vigie_scan::Truth> = truth_file
        .lines()
        .map(serde_json::from_str)
        .collect::<std::result::Result<_, _>>()?;
    println!(
        "\n{} ({} {}):",
        if fr {
            "Exactitude contre la vérité du générateur"
        } else {
            "Accuracy against the generator's truth"
        },
        truth.len(),
        if fr {
            "valeurs plantées"
        } else {
            "planted values"
        }
    );
    super::print_scores(&vigie_scan::score(&truth, &report.found), lang);
    // 2. A leaked file linked to the registry.
    let leak_dir = dir.join("fuite");
    let leak_rows = (args.patients / 3).max(30);
    vigie_synth::linkage(&leak_dir, args.patients, leak_rows, 7)
        .map_err(|e| format!("{}: {e}", leak_dir.display()))?;
    say(
        "2. Un fichier divulgué, rapproché du registre des patients",
        "2. A leaked file, linked to the patient registry",
    );
    let (leak, registry) = (leak_dir.join("leak.csv"), leak_dir.join("registry.csv"));
    let (matches, link_report) = (leak_dir.join("lien.jsonl"), leak_dir.join("lien.html"));
    // What the leaked file holds (the case's first evidence), then who in it is a patient.
    let scan_json = dir.join("scan.json");
    let scan = vigie(&[
        "scan",
        &leak.display().to_string(),
        "--format",
        "json",
        "--output",
        &scan_json.display().to_string(),
        "--key-file",
        &key_file.display().to_string(),
        "--lang",
        lang_id,
    ])?;
    if scan > 1 {
        return Err(format!("the scan of the leak ended with status {scan}").into());
    }
    // The persons' lines carry their contact details from the registry: their notices'
    // addresses.
    for (format, output, contacts) in [("jsonl", &matches, true), ("html", &link_report, false)] {
        let mut args = vec![
            "link".to_string(),
            leak.display().to_string(),
            registry.display().to_string(),
            "--format".into(),
            format.into(),
            "--output".into(),
            output.display().to_string(),
            "--lang".into(),
            lang_id.into(),
        ];
        if contacts {
            args.push("--contacts".into());
        }
        vigie(&args)?;
    }
    let linked = read_matches(&matches)?;
    let truth = read_truth(&leak_dir.join("truth.csv"))?;
    let right = linked
        .iter()
        .filter(|(row, patient)| truth.get(row) == Some(patient))
        .count();
    let patients: HashSet<&String> = linked.iter().map(|(_, p)| p).collect();
    println!(
        "{}",
        if fr {
            format!(
                "{} lignes retenues, {} patients distincts ; contre la vérité du générateur : précision {:.4}, rappel {:.4} ({} lignes de patients dans la fuite).",
                linked.len(),
                patients.len(),
                ratio(right, linked.len()),
                ratio(right, truth.len()),
                truth.len()
            )
        } else {
            format!(
                "{} rows accepted, {} distinct patients; against the generator's truth: precision {:.4}, recall {:.4} ({} patient rows in the leak).",
                linked.len(),
                patients.len(),
                ratio(right, linked.len()),
                ratio(right, truth.len()),
                truth.len()
            )
        }
    );
    println!(
        "{} {}",
        if fr { "Rapport :" } else { "Report:" },
        link_report.display()
    );

    // 3. The case, with its evidence and severity.
    say(
        "3. Le dossier de violation : faits, pièces, gravité, échéances",
        "3. The breach case: facts, evidence, severity, deadlines",
    );
    let store = dir.join("register.db").display().to_string();
    let register_key = dir.join("register.key").display().to_string();
    let breach = |rest: &[&str]| -> Result<u8> {
        let mut a = vec![
            "breach",
            "--store",
            &store,
            "--register-key",
            &register_key,
            "--by",
            "demo",
            "--lang",
            lang_id,
        ];
        a.extend_from_slice(rest);
        vigie(&a)
    };
    let now = jiff::Timestamp::now();
    let paris = |t: jiff::Timestamp| {
        t.to_zoned(vigie_breach::time::paris())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    };
    let discovered = paris(now - jiff::SignedDuration::from_hours(20));
    let aware = paris(now - jiff::SignedDuration::from_hours(18));
    breach(&[
        "new",
        "--title",
        "Extraction de migration publiée sur un forum",
        "--controller",
        "laboratory",
        "--discovered",
        &discovered,
        "--aware",
        &aware,
        "--nature",
        "confidentiality",
        "--origin",
        "hacking",
        "--intent",
        "malicious",
        "--dpo",
        "DPO, dpo@labo.example",
        "--measures-taken",
        "Serveur isolé, extraction supprimée, mots de passe du portail réinitialisés.",
        "--quiet",
    ])?;
    let reference = vigie_breach::Store::open(
        &store,
        super::register_key(Some(register_key.clone().into()))?,
    )
    .and_then(|mut s| s.list())
    .map_err(String::from)?
    .last()
    .map(|c| c.breach.reference.clone())
    .ok_or("the demo's case was not recorded")?;
    let scan_json = scan_json.display().to_string();
    let matches = matches.display().to_string();
    breach(&["attach", &reference, "--scan", &scan_json, "--quiet"])?;
    breach(&["attach", &reference, "--link", &matches, "--quiet"])?;
    breach(&[
        "assess",
        &reference,
        "--category",
        "sensitive",
        "--ei",
        "maximum",
        "--confidentiality",
        "full",
        "--malicious",
        "--quiet",
    ])?;
    breach(&["show", &reference])?;

    // 4. Drafts for the authorities, notices for the patients (nothing sent).
    say(
        "4. Les projets pour les autorités et les notifications aux patients (rien n'est envoyé)",
        "4. The authorities' drafts and the patients' notices (nothing is sent)",
    );
    let notify = |rest: &[&str]| -> Result<u8> {
        let mut a = vec![
            "notify",
            "--store",
            &store,
            "--register-key",
            &register_key,
            "--lang",
            lang_id,
        ];
        a.extend_from_slice(rest);
        vigie(&a)
    };
    let drafts = dir.join("projets").display().to_string();
    notify(&["drafts", &reference, "--output", &drafts])?;
    let notices = dir.join("notifications").display().to_string();
    notify(&[
        "send",
        &reference,
        "--dry-run",
        &notices,
        "--from",
        "Laboratoire Exemple <dpo@labo.example>",
        "--organisation",
        "Laboratoire Exemple",
        "--rate",
        "0",
    ])?;

    // 5. The dashboard.
    say("5. Le tableau de bord", "5. The dashboard");
    println!(
        "VIGIE_PASSWORD='{pw}' vigie serve --store {store} --register-key {register_key} user dpo --role dpo\n\
         vigie serve --store {store} --register-key {register_key} --organisation 'Laboratoire Exemple' --dpo dpo@labo.example\n\
         {open} http://127.0.0.1:8080/breaches/{reference} ({who} dpo / {pw})",
        pw = "une longue phrase de passe",
        open = if fr { "puis ouvrez" } else { "then open" },
        who = if fr { "compte" } else { "account" },
    );
    Ok(0)
}

/// Runs one step as its command line, printed first.
fn vigie<T: AsRef<str>>(args: &[T]) -> Result<u8> {
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            let a = a.as_ref();
            if a.contains([' ', '*', '\'', '<', ',']) {
                format!("'{a}'")
            } else {
                a.to_string()
            }
        })
        .collect();
    println!("$ vigie {}", shown.join(" "));
    crate::dispatch(std::iter::once("vigie").chain(args.iter().map(|a| a.as_ref())))
}

/// Empties `dir` when an earlier demo wrote it; refuses a folder that holds anything else.
fn start_afresh(dir: &Path) -> Result<()> {
    if dir.join(MARK).exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    } else if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{}: not empty and not an earlier demo's folder; give another with --dir",
            dir.display()
        )
        .into());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(
        dir.join(MARK),
        "Written by `vigie demo`, emptied by the next one. Synthetic data only.\n",
    )?;
    Ok(())
}

/// The accepted (leak row, registry patient) pairs of a link result.
fn read_matches(path: &Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if v["decision"] == "accept" {
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            out.push((field("leak_id"), field("registry_id")));
        }
    }
    Ok(out)
}

/// The generator's truth: leak row → registry patient, for the rows that are patients.
fn read_truth(path: &Path) -> Result<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut truth = HashMap::new();
    for row in reader.records() {
        let row = row?;
        if let (Some(leak), Some(patient)) = (row.get(0), row.get(1))
            && !patient.is_empty()
        {
            truth.insert(leak.to_string(), patient.to_string());
        }
    }
    Ok(truth)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
