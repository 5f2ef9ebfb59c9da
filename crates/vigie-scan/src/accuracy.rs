//! Precision and recall against data with known truth (the synthetic generator's truth
//! file, or an evaluation set in the same format). A finding counts as a true positive
//! when the truth has the same kind at the same path and line; several of one kind on a
//! line are matched by count.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use vigie_detect::Kind;

/// One planted value: where and what (the value itself is not needed to score).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Truth {
    pub path: String,
    pub line: u64,
    pub kind: Kind,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct KindScore {
    pub truth: u64,
    pub found: u64,
    pub true_positives: u64,
}

impl KindScore {
    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.found as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.truth == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.truth as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores found locations (findings reduced to path, line and kind) against truth, per
/// kind.
pub fn score(truth: &[Truth], found: &[Truth]) -> BTreeMap<Kind, KindScore> {
    let mut expected: HashMap<(&str, u64, Kind), u64> = HashMap::new();
    let mut scores: BTreeMap<Kind, KindScore> = BTreeMap::new();
    for t in truth {
        *expected
            .entry((t.path.as_str(), t.line, t.kind))
            .or_default() += 1;
        scores.entry(t.kind).or_default().truth += 1;
    }
    for f in found {
        let s = scores.entry(f.kind).or_default();
        s.found += 1;
        if let Some(n) = expected.get_mut(&(f.path.as_str(), f.line, f.kind))
            && *n > 0
        {
            *n -= 1;
            s.true_positives += 1;
        }
    }
    scores
}

/// The chain of formats a path goes through, from the extension of each archive level:
/// `envois/lot.zip!a/patients.csv` is `zip>csv`, `base.sql.gz!base.sql` is `gz>sql`.
pub fn format_of(path: &str) -> String {
    path.split('!')
        .map(|part| {
            let name = part.rsplit('/').next().unwrap_or(part);
            match name.rsplit_once('.') {
                Some((_, ext)) if !ext.is_empty() => ext.to_ascii_lowercase(),
                _ => "none".to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(">")
}

/// [`score`] for each format chain ([`format_of`]) of the truth and the findings.
pub fn score_by_format(
    truth: &[Truth],
    found: &[Truth],
) -> BTreeMap<String, BTreeMap<Kind, KindScore>> {
    let mut groups: BTreeMap<String, (Vec<Truth>, Vec<Truth>)> = BTreeMap::new();
    for t in truth {
        groups
            .entry(format_of(&t.path))
            .or_default()
            .0
            .push(t.clone());
    }
    for f in found {
        groups
            .entry(format_of(&f.path))
            .or_default()
            .1
            .push(f.clone());
    }
    groups
        .into_iter()
        .map(|(format, (t, f))| (format, score(&t, &f)))
        .collect()
}

/// A report that passes everything to another and keeps each finding's location, to
/// score a run against truth without re-reading its output.
pub struct Collector<'a> {
    inner: Box<dyn crate::Report + 'a>,
    root: String,
    pub found: Vec<Truth>,
}

impl<'a> Collector<'a> {
    /// `root` is stripped from finding paths so they compare with truth paths.
    pub fn new(inner: Box<dyn crate::Report + 'a>, root: &std::path::Path) -> Collector<'a> {
        let mut root = root.display().to_string();
        if !root.ends_with('/') {
            root.push('/');
        }
        Collector {
            inner,
            root,
            found: Vec::new(),
        }
    }
}

impl crate::Report for Collector<'_> {
    fn wants_findings(&self) -> bool {
        true
    }

    fn lists_every_file(&self) -> bool {
        self.inner.lists_every_file()
    }

    fn findings(&mut self, batch: &[crate::Finding]) -> std::io::Result<()> {
        for f in batch {
            let path = f.path.strip_prefix(self.root.as_str()).unwrap_or(&f.path);
            self.found.push(Truth {
                path: path.to_string(),
                line: f.line,
                kind: f.kind,
            });
        }
        self.inner.findings(batch)
    }

    fn finish(
        &mut self,
        files: &[crate::FileSummary],
        summary: &crate::Summary,
    ) -> std::io::Result<()> {
        self.inner.finish(files, summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(path: &str, line: u64, kind: Kind) -> Truth {
        Truth {
            path: path.into(),
            line,
            kind,
        }
    }

    #[test]
    fn counts_by_location_and_kind() {
        let truth = [
            t("a", 1, Kind::Nir),
            t("a", 1, Kind::Nir),
            t("a", 2, Kind::Email),
        ];
        let found = [
            t("a", 1, Kind::Nir),
            t("a", 3, Kind::Email),
            t("a", 2, Kind::Email),
        ];
        let s = score(&truth, &found);
        assert_eq!(s[&Kind::Nir].true_positives, 1);
        assert_eq!(s[&Kind::Nir].recall(), 0.5);
        assert_eq!(s[&Kind::Nir].precision(), 1.0);
        assert_eq!(s[&Kind::Email].precision(), 0.5);
        assert_eq!(s[&Kind::Email].recall(), 1.0);
    }
}
