//! Field-by-field comparison of two records into levels: 0 when either side is missing,
//! 1 for disagreement, higher for closer agreement. Each similarity is computed once per
//! field pair.

use crate::normalize::date_digits;
use crate::record::Record;

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

/// Exact agreement of two names: the same words, or the same first word.
fn same(a: &[String], b: &[String]) -> bool {
    !a.is_empty() && !b.is_empty() && (a == b || a[0] == b[0])
}

fn names(a: Name, b: Name) -> u8 {
    let (wa, wb) = (a.words, b.words);
    if wa.is_empty() || wb.is_empty() {
        return 0;
    }
    if same(wa, wb) {
        return 5;
    }
    // Below 0.8 every Jaro-Winkler level is the same: no need to know how far below.
    let first = jaro_winkler_from(&wa[0], &wb[0], 0.8);
    let jw = if wa.len() == 1 && wb.len() == 1 {
        first
    } else {
        jaro_winkler_from(&wa.join(" "), &wb.join(" "), 0.8).max(first)
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

/// Jaro–Winkler when it may reach `floor`, else 0. Most compared pairs are strangers, and
/// the characters two strings share bound their Jaro similarity from above (the matched
/// characters are at most the shared ones, transpositions only lower it): when even that
/// bound, with the largest Winkler bonus, stays under the floor, the quadratic matching
/// is skipped. Characters are counted in 32 buckets: sharing buckets can only raise the
/// bound, never lower it below the true value.
pub fn jaro_winkler_from(a: &str, b: &str, floor: f64) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.is_empty() || y.is_empty() {
        return jaro_winkler(a, b);
    }
    let mut counts = [0i16; 32];
    for &c in x {
        counts[(c & 31) as usize] += 1;
    }
    let mut shared = 0usize;
    for &c in y {
        let k = &mut counts[(c & 31) as usize];
        if *k > 0 {
            *k -= 1;
            shared += 1;
        }
    }
    let m = shared as f64;
    let jaro_max = if shared == 0 {
        0.0
    } else {
        (m / x.len() as f64 + m / y.len() as f64 + 1.0) / 3.0
    };
    if jaro_max + 0.4 * (1.0 - jaro_max) < floor {
        return 0.0;
    }
    jaro_winkler(a, b)
}

/// Jaro–Winkler as strsim computes it, on ASCII without allocating: the match flags are
/// two 64-bit masks. Written here because a large link calls it tens of millions of times
/// and strsim allocates its flags at each call; other strings, and longer ones, go to
/// strsim.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() > 64 || y.len() > 64 || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(a, b);
    }
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let range = (x.len().max(y.len()) / 2).saturating_sub(1);
    let (mut fx, mut fy, mut matches) = (0u64, 0u64, 0usize);
    for (i, &c) in x.iter().enumerate() {
        let hi = (i + range + 1).min(y.len());
        let lo = i.saturating_sub(range);
        for (j, &d) in y.iter().enumerate().take(hi).skip(lo) {
            if fy & (1 << j) == 0 && d == c {
                fx |= 1 << i;
                fy |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let (mut transpositions, mut j) = (0usize, 0usize);
    for (i, &c) in x.iter().enumerate() {
        if fx & (1 << i) != 0 {
            while fy & (1 << j) == 0 {
                j += 1;
            }
            if y[j] != c {
                transpositions += 1;
            }
            j += 1;
        }
    }
    let m = matches as f64;
    let sim =
        (m / x.len() as f64 + m / y.len() as f64 + (matches - transpositions / 2) as f64 / m) / 3.0;
    if sim > 0.7 {
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
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
            .any(|&(x, y)| same(name(a, x).words, name(b, y).words))
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
        let f2 = names(name(a, 0), name(b, 1));
        if f2 >= 4 {
            let l2 = names(name(a, 1), name(b, 0));
            if l2 >= 4 {
                (first, last, swapped) = (f2, l2, true);
            }
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
    } else if jaro_winkler_from(a, b, close) >= close {
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
    use super::{jaro_winkler, within_one_edit};

    /// Names, compound names, streets, accents, short and long strings.
    const WORDS: &[&str] = &[
        "martin",
        "martine",
        "dupont",
        "dupond",
        "lefevre",
        "lefebvre",
        "jean pierre",
        "jeanpierre",
        "crate",
        "trace",
        "12 rue des lilas",
        "21 rue des lilas",
        "xyz",
        "zoé",
        "zoe",
        "b",
        "ab",
        "",
        "a",
        "marin",
        "marie claire",
        "claire marie",
        "dwayne",
        "duane",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
        "12 rue des lilas bis",
    ];

    #[test]
    fn the_bound_never_hides_a_similarity_over_the_floor() {
        for a in WORDS {
            for b in WORDS {
                let jw = strsim::jaro_winkler(a, b);
                for floor in [0.5, 0.8, 0.88, 0.9, 0.94] {
                    let got = super::jaro_winkler_from(a, b, floor);
                    if jw >= floor {
                        assert!((got - jw).abs() < 1e-12, "{a:?} {b:?} {floor}");
                    } else {
                        assert!(got < floor, "{a:?} {b:?} {floor}");
                    }
                }
            }
        }
    }

    #[test]
    fn jaro_winkler_is_strsim_s() {
        for a in WORDS {
            for b in WORDS {
                let (mine, theirs) = (jaro_winkler(a, b), strsim::jaro_winkler(a, b));
                assert!(
                    (mine - theirs).abs() < 1e-12,
                    "{a:?} {b:?}: {mine} {theirs}"
                );
            }
        }
    }

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
