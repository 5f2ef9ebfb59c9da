use super::Result;
use std::path::PathBuf;
use vigie_detect::{Detector, FingerprintKey};
use vigie_scan::{Collector, ScanOptions};

/// Generate a synthetic laboratory's files, scan them, and score the scan against truth.
///
/// Runs on embedded defaults only: no configuration, no network, nothing outside DIR (the
/// demo uses its own fingerprint key inside DIR).
#[derive(clap::Args)]
pub struct Args {
    /// Where to write the synthetic files (default: vigie-demo in the temporary directory).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Patients in the synthetic laboratory.
    #[arg(long, default_value_t = 2000)]
    patients: usize,
    /// Language of the report (default from $LANG).
    #[arg(long, value_enum)]
    lang: Option<super::scan::LangArg>,
}

pub fn run(args: Args) -> Result<u8> {
    let dir = args
        .dir
        .unwrap_or_else(|| std::env::temp_dir().join("vigie-demo"));
    let data = dir.join("laboratoire");
    let cfg = vigie_synth::Config {
        patients: args.patients,
        ..Default::default()
    };
    let stats =
        vigie_synth::generate(&data, &cfg).map_err(|e| format!("{}: {e}", data.display()))?;
    println!(
        "Synthetic laboratory: {} files, {:.1} MB in {}\n",
        stats.files,
        stats.bytes as f64 / 1e6,
        data.display()
    );
    let detector = Detector::new()?;
    let key = FingerprintKey::load_or_create(&dir.join("demo-fingerprint.key"))?;
    let options = ScanOptions {
        exclude: vec!["**/truth.jsonl".into()],
        ..Default::default()
    };
    let out = Box::new(std::io::stdout().lock());
    let text = vigie_scan::report::new_text(out, &detector, super::scan::lang(args.lang));
    let mut report = Collector::new(text, &data);
    let summary = vigie_scan::scan(
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
        "\nAccuracy against the generator's truth ({} planted values):",
        truth.len()
    );
    super::print_scores(&vigie_scan::score(&truth, &report.found));
    println!(
        "\n{} bytes scanned. Try: vigie scan {} --format html --output report.html",
        summary.bytes,
        data.display()
    );
    Ok(0)
}
