use super::Result;
use std::io::BufRead;
use std::path::PathBuf;
use vigie_scan::Truth;

/// Score a JSONL scan report against a truth file (precision, recall, F1 per kind).
///
/// Both files hold one JSON object per line with at least "path", "line" and "kind";
/// `vigie synth` writes such a truth file. A finding is correct when the truth has the
/// same kind at the same path and line.
#[derive(clap::Args)]
pub struct Args {
    /// The truth file.
    #[arg(long, value_name = "FILE")]
    truth: PathBuf,
    /// The findings, as written by `vigie scan --format jsonl`.
    #[arg(long, value_name = "FILE")]
    findings: PathBuf,
    /// Prefix to strip from finding paths (the directory that was scanned).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Also score each format separately (`csv`, `zip>csv`, `gz>sql`, `hprim`…, from the
    /// extensions along each path).
    #[arg(long)]
    by_format: bool,
}

fn read(path: &PathBuf, root: Option<&str>) -> Result<Vec<Truth>> {
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let mut t: Truth = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        if let Some(r) = root
            && let Some(rest) = t.path.strip_prefix(r)
        {
            t.path = rest.trim_start_matches('/').to_string();
        }
        out.push(t);
    }
    Ok(out)
}

pub fn run(args: Args) -> Result<u8> {
    let root = args.root.as_ref().map(|r| r.display().to_string());
    let truth = read(&args.truth, None)?;
    let found = read(&args.findings, root.as_deref())?;
    // The reader's locale, as the scan's text report.
    let lang = super::Language::default().get();
    super::print_scores(&vigie_scan::score(&truth, &found), lang);
    if args.by_format {
        for (format, scores) in vigie_scan::score_by_format(&truth, &found) {
            println!("\n== {format} ==");
            super::print_scores(&scores, lang);
        }
    }
    Ok(0)
}
