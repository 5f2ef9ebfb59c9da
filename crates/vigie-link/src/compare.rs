//! Field-by-field comparison of two records into levels: 0 when either side is missing,
//! 1 for disagreement, higher for closer agreement. Each similarity is computed once per
//! field pair.

use crate::normalize::phonetic;
use crate::record::Record;
use strsim::{damerau_levenshtein, jaro_winkler};

/// The comparisons, in pattern order, with the number of levels of each (missing included)
/// and the name of each level.
pub const COMPARISONS: &[(&str, &[&str])] = &[
    (
        "first_name",
        &[
            "missing",
            "different",
            "similar",
            "phonetic or close",
            "close",
            "exact",
        ],
    ),
    (
        "last_name",
        &[
            "missing",
            "different",
            "similar",
            "phonetic or close",
            "birth/usage name",
            "exact",
        ],
    ),
    (
        "birth_date",
        &[
            "missing",
            "different",
            "same year",
            "swap or one digit",
            "exact",
        ],
    ),
    (
        "nir",
        &[
            "missing",
            "different",
            "same sex, year and month",
            "one digit",
            "exact",
        ],
    ),
    ("address", &["missing", "different", "close", "exact"]),
    ("postcode", &["missing", "different", "one digit", "exact"]),
    ("city", &["missing", "different", "close", "exact"]),
    ("phone", &["missing", "different", "exact"]),
    ("email", &["missing", "different", "exact"]),
    ("sex", &["missing", "different", "same"]),
];

fn joined(w: &[String]) -> String {
    w.join(" ")
}

fn names(a: &[String], b: &[String]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b || a[0] == b[0] {
        return 5;
    }
    let first = jaro_winkler(&a[0], &b[0]);
    let jw = if a.len() == 1 && b.len() == 1 {
        first
    } else {
        jaro_winkler(&joined(a), &joined(b)).max(first)
    };
    if jw >= 0.94 {
        return 4;
    }
    if phonetic(&a[0]) == phonetic(&b[0]) || jw >= 0.88 {
        return 3;
    }
    // A compound first name cut ("Marie-Claire" / "Marie"), or words in common.
    if a.iter().any(|w| b.contains(w)) || jw >= 0.8 {
        return 2;
    }
    1
}

/// The levels of a pair, and whether the first and last names were crossed.
pub fn compare(a: &Record, b: &Record, others: usize, out: &mut Vec<u8>) -> bool {
    out.clear();
    let mut first = names(&a.first, &b.first);
    let mut last = names(&a.last, &b.last);
    let some_a = !a.last.is_empty() || !a.birth_name.is_empty();
    let some_b = !b.last.is_empty() || !b.birth_name.is_empty();
    if last < 5 && some_a && some_b {
        // A birth name on one side, the usage name on the other.
        let cross = [
            (&a.birth_name, &b.last),
            (&a.last, &b.birth_name),
            (&a.birth_name, &b.birth_name),
        ];
        if cross
            .iter()
            .any(|(x, y)| !x.is_empty() && !y.is_empty() && names(x, y) == 5)
        {
            last = last.max(4);
        }
        if last == 0 {
            let all_a: Vec<String> = a.last.iter().chain(&a.birth_name).cloned().collect();
            let all_b: Vec<String> = b.last.iter().chain(&b.birth_name).cloned().collect();
            last = names(&all_a, &all_b);
        }
    }
    let mut swapped = false;
    if first < 4 && last < 4 {
        let (f2, l2) = (names(&a.first, &b.last), names(&a.last, &b.first));
        if f2 >= 4 && l2 >= 4 {
            (first, last, swapped) = (f2, l2, true);
        }
    }
    out.push(first);
    out.push(last);
    out.push(match (a.birth, b.birth) {
        (Some(x), Some(y)) if x == y => 4,
        (Some((y1, m1, d1)), Some((y2, m2, d2))) => {
            let s1 = format!("{y1:04}{m1:02}{d1:02}");
            let s2 = format!("{y2:04}{m2:02}{d2:02}");
            if (y1 == y2 && m1 == d2 && d1 == m2) || damerau_levenshtein(&s1, &s2) <= 1 {
                3
            } else if y1 == y2 {
                2
            } else {
                1
            }
        }
        _ => 0,
    });
    out.push(match (&a.nir, &b.nir) {
        (Some((x, _)), Some((y, _))) if x == y => 4,
        (Some((x, _)), Some((y, _))) if damerau_levenshtein(x, y) <= 1 => 3,
        (Some((x, _)), Some((y, _))) if x.get(..5) == y.get(..5) => 2,
        (Some(_), Some(_)) => 1,
        _ => 0,
    });
    out.push(text3(&joined(&a.street), &joined(&b.street), 0.9));
    out.push(match (&a.postcode, &b.postcode) {
        (Some(x), Some(y)) if x == y => 3,
        (Some(x), Some(y)) if damerau_levenshtein(x, y) <= 1 => 2,
        (Some(_), Some(_)) => 1,
        _ => 0,
    });
    out.push(text3(&joined(&a.city), &joined(&b.city), 0.88));
    out.push(exact(&a.phone, &b.phone));
    out.push(exact(&a.email, &b.email));
    out.push(match (a.sex, b.sex) {
        (Some(x), Some(y)) => 1 + u8::from(x == y),
        _ => 0,
    });
    for i in 0..others {
        let (x, y) = (
            a.others.get(i).cloned().flatten(),
            b.others.get(i).cloned().flatten(),
        );
        out.push(match (x, y) {
            (Some(x), Some(y)) => text3(&x, &y, 0.88),
            _ => 0,
        });
    }
    swapped
}

fn text3(a: &str, b: &str, close: f64) -> u8 {
    if a.is_empty() || b.is_empty() {
        0
    } else if a == b {
        3
    } else if jaro_winkler(a, b) >= close {
        2
    } else {
        1
    }
}

fn exact(a: &Option<String>, b: &Option<String>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) => 1 + u8::from(x == y),
        _ => 0,
    }
}

/// Levels of the `Other` columns.
pub const OTHER_LEVELS: &[&str] = &["missing", "different", "close", "exact"];
