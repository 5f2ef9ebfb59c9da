//! Field-by-field comparison of two records into levels: 0 when either side is missing,
//! 1 for disagreement, higher for closer agreement. Each similarity is computed once per
//! field pair.

use crate::normalize::date_digits;
use crate::record::Record;
use strsim::jaro_winkler;

/// Positions of the comparisons in a pattern; the `Other` columns come after `SEX`.
pub const FIRST: usize = 0;
pub const LAST: usize = 1;
pub const BIRTH: usize = 2;
pub const NIR: usize = 3;
pub const ADDRESS: usize = 4;
pub const POSTCODE: usize = 5;
pub const CITY: usize = 6;
pub const PHONE: usize = 7;
pub const EMAIL: usize = 8;
pub const SEX: usize = 9;
/// Stands for every `Other` column in a set of fields.
pub const OTHERS: usize = 10;

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

/// A name's words and the phonetic key of its first word.
#[derive(Clone, Copy)]
struct Name<'a> {
    words: &'a [String],
    sound: &'a str,
}

fn names(a: Name, b: Name) -> u8 {
    let (wa, wb) = (a.words, b.words);
    if wa.is_empty() || wb.is_empty() {
        return 0;
    }
    if wa == wb || wa[0] == wb[0] {
        return 5;
    }
    let first = jaro_winkler(&wa[0], &wb[0]);
    let jw = if wa.len() == 1 && wb.len() == 1 {
        first
    } else {
        jaro_winkler(&wa.join(" "), &wb.join(" ")).max(first)
    };
    if jw >= 0.94 {
        return 4;
    }
    if (!a.sound.is_empty() && a.sound == b.sound) || jw >= 0.88 {
        return 3;
    }
    // A compound first name cut ("Marie-Claire" / "Marie"), or words in common.
    if wa.iter().any(|w| wb.contains(w)) || jw >= 0.8 {
        return 2;
    }
    1
}

/// Whether two strings are at most one edit apart (a substitution, an insertion or
/// deletion, or two adjacent characters swapped): Damerau–Levenshtein ≤ 1 without the
/// distance matrix, called for millions of pairs.
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let start = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if start == short.len() {
        return long.len() - short.len() <= 1;
    }
    match long.len() - short.len() {
        0 => {
            short[start + 1..] == long[start + 1..]
                || (start + 1 < short.len()
                    && short[start] == long[start + 1]
                    && short[start + 1] == long[start]
                    && short[start + 2..] == long[start + 2..])
        }
        1 => short[start..] == long[start + 1..],
        _ => false,
    }
}

/// A record's first (0), last (1) or birth (2) name.
fn name(r: &Record, which: usize) -> Name<'_> {
    let words = match which {
        0 => &r.first,
        1 => &r.last,
        _ => &r.birth_name,
    };
    Name {
        words,
        sound: &r.sounds[which],
    }
}

/// The levels of a pair, and whether the first and last names were crossed. `others`
/// pairs the `Other` columns the two files share: (index in `a`, index in `b`).
pub fn compare(a: &Record, b: &Record, others: &[(usize, usize)], out: &mut Vec<u8>) -> bool {
    out.clear();
    let mut first = names(name(a, 0), name(b, 0));
    let mut last = names(name(a, 1), name(b, 1));
    let some_a = !a.last.is_empty() || !a.birth_name.is_empty();
    let some_b = !b.last.is_empty() || !b.birth_name.is_empty();
    if last < 5 && some_a && some_b {
        // A birth name on one side, the usage name on the other.
        let cross = [(2, 1), (1, 2), (2, 2)];
        if cross
            .iter()
            .any(|&(x, y)| names(name(a, x), name(b, y)) == 5)
        {
            last = last.max(4);
        }
        if last == 0 {
            let all_a: Vec<String> = a.last.iter().chain(&a.birth_name).cloned().collect();
            let all_b: Vec<String> = b.last.iter().chain(&b.birth_name).cloned().collect();
            let sound = |r: &Record| {
                if r.last.is_empty() {
                    r.sounds[2].clone()
                } else {
                    r.sounds[1].clone()
                }
            };
            let (sa, sb) = (sound(a), sound(b));
            last = names(
                Name {
                    words: &all_a,
                    sound: &sa,
                },
                Name {
                    words: &all_b,
                    sound: &sb,
                },
            );
        }
    }
    let mut swapped = false;
    if first < 4 && last < 4 {
        let (f2, l2) = (names(name(a, 0), name(b, 1)), names(name(a, 1), name(b, 0)));
        if f2 >= 4 && l2 >= 4 {
            (first, last, swapped) = (f2, l2, true);
        }
    }
    out.push(first);
    out.push(last);
    out.push(match (a.birth, b.birth) {
        (Some(x), Some(y)) if x == y => 4,
        (Some(x @ (y1, m1, d1)), Some(y @ (y2, m2, d2))) => {
            if (y1 == y2 && m1 == d2 && d1 == m2)
                || within_one_edit(&date_digits(x), &date_digits(y))
            {
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
        (Some((x, _)), Some((y, _))) if within_one_edit(x.as_bytes(), y.as_bytes()) => 3,
        (Some((x, _)), Some((y, _))) if x.get(..5) == y.get(..5) => 2,
        (Some(_), Some(_)) => 1,
        _ => 0,
    });
    out.push(text3(&a.street, &b.street, 0.9));
    out.push(match (&a.postcode, &b.postcode) {
        (Some(x), Some(y)) if x == y => 3,
        (Some(x), Some(y)) if within_one_edit(x.as_bytes(), y.as_bytes()) => 2,
        (Some(_), Some(_)) => 1,
        _ => 0,
    });
    out.push(text3(&a.city, &b.city, 0.88));
    out.push(exact(&a.phone, &b.phone));
    out.push(exact(&a.email, &b.email));
    out.push(match (a.sex, b.sex) {
        (Some(x), Some(y)) => 1 + u8::from(x == y),
        _ => 0,
    });
    for &(i, j) in others {
        out.push(match (a.others.get(i), b.others.get(j)) {
            (Some(Some(x)), Some(Some(y))) => text3(x, y, 0.88),
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

#[cfg(test)]
mod tests {
    use super::within_one_edit;

    #[test]
    fn one_edit_is_damerau_levenshtein_one() {
        // Each case checked against strsim's full Damerau–Levenshtein.
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "abd", "abcd", "abdc", "xbcd", "bcd", "abcde",
            "19850312", "19851203", "19850313", "19580312", "1985031", "75012", "75021",
        ];
        for a in words {
            for b in words {
                let expected = strsim::damerau_levenshtein(a, b) <= 1;
                assert_eq!(
                    within_one_edit(a.as_bytes(), b.as_bytes()),
                    expected,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
