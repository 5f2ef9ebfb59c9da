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
/// The street, postcode and city compared as one fact: a street name agreeing in another
/// town says nothing, and a postcode and its city agreeing are one agreement, not two.
pub const RESIDENCE: usize = 4;
pub const PHONE: usize = 5;
pub const EMAIL: usize = 6;
pub const SEX: usize = 7;
/// Stands for every `Other` column in a set of fields.
pub const OTHERS: usize = 8;

/// Levels named in the code: the top of the name levels, the birth date's.
pub const NAME_EXACT: u8 = 5;
pub const NAME_DIFFERENT: u8 = 1;
pub const BIRTH_EXACT: u8 = 4;
pub const BIRTH_TYPO: u8 = 3;
pub const NIR_EXACT: u8 = 5;
pub const SAME_COMMUNE: u8 = 3;
pub const SAME_ADDRESS: u8 = 5;
/// The last name's level from which it is the family's: the birth or usage name of the
/// other side, or exact.
pub const FAMILY_NAME: u8 = 4;

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
            "far apart",
            "within one year",
            "swap or one digit",
            "exact",
        ],
    ),
    (
        "nir",
        &[
            "missing",
            "two valid NIRs differ",
            "different",
            "same sex, year and month",
            "one digit",
            "exact",
        ],
    ),
    (
        "residence",
        &[
            "missing",
            "different",
            "same département",
            "same commune",
            "same commune, street close",
            "same address",
        ],
    ),
    ("phone", &["missing", "different", "exact"]),
    ("email", &["missing", "different", "exact"]),
    ("sex", &["missing", "different", "same"]),
];

/// Facts about a pair that no agreement elsewhere can outweigh: each a bit of
/// [`Comparison::contradictions`].
pub mod contradiction {
    /// Two NIRs that identify (a valid key, a registered person's, not a test number)
    /// and differ: a typo is caught by the key, so these are two persons' numbers.
    pub const NIR_CONFLICT: u8 = 1;
    /// One side's identifying NIR says the other sex than the other side records.
    pub const NIR_SEX: u8 = 2;
    /// One side's identifying NIR says another birth year or month than the other
    /// side's birth date.
    pub const NIR_BIRTH: u8 = 4;
    /// Complete birth dates that differ by more than a typo (one digit, day and month
    /// swapped, the century of a two-digit year).
    pub const BIRTH: u8 = 8;
    /// First names that share nothing (or are the two sexes' forms of one name).
    pub const FIRST_NAME: u8 = 16;

    /// Each bit with its id (in the link result) and its words, in English and French.
    pub const ALL: &[(u8, &str, &str, &str)] = &[
        (
            NIR_CONFLICT,
            "nir_conflict",
            "two valid NIRs differ",
            "deux NIR valides différents",
        ),
        (
            NIR_SEX,
            "nir_sex",
            "the NIR says the other sex",
            "le NIR indique l'autre sexe",
        ),
        (
            NIR_BIRTH,
            "nir_birth",
            "the NIR says another birth year or month",
            "le NIR indique une autre année ou un autre mois de naissance",
        ),
        (
            BIRTH,
            "birth_date",
            "birth dates differ beyond a typo",
            "dates de naissance différentes au-delà d'une faute de frappe",
        ),
        (
            FIRST_NAME,
            "first_name",
            "different first names",
            "prénoms différents",
        ),
    ];

    /// The ids of the contradictions of `bits`.
    pub fn ids(bits: u8) -> Vec<&'static str> {
        ALL.iter()
            .filter(|(b, ..)| bits & b != 0)
            .map(|&(_, id, ..)| id)
            .collect()
    }

    /// The words of a contradiction's id, in French or English; the id itself if unknown.
    pub fn words(id: &str, french: bool) -> &str {
        known(id, french).unwrap_or(id)
    }

    /// The words of a known contradiction's id.
    pub fn known(id: &str, french: bool) -> Option<&'static str> {
        ALL.iter()
            .find(|(_, i, ..)| *i == id)
            .map(|&(_, _, en, fr)| if french { fr } else { en })
    }
}

/// A name's words, joined by spaces, and the phonetic key of its first word.
#[derive(Clone, Copy)]
struct Name<'a> {
    words: &'a [u8],
    sound: &'a [u8],
}

fn words(w: &[u8]) -> impl Iterator<Item = &[u8]> {
    w.split(|&b| b == b' ')
}

fn first_word(w: &[u8]) -> &[u8] {
    words(w).next().unwrap_or(&[])
}

/// Exact agreement of two names: the same words, or the words of one the first words of
/// the other (a compound first name cut: "marie claire" and "marie"). Two compound names
/// that part after a common first word (a Jean-Pierre and a Jean-Paul, brothers as often
/// as not) are not the same.
fn same(a: &[u8], b: &[u8]) -> bool {
    let starts = |short: &[u8], long: &[u8]| {
        long.len() > short.len() && long.starts_with(short) && long[short.len()] == b' '
    };
    !a.is_empty() && !b.is_empty() && (a == b || starts(a, b) || starts(b, a))
}

/// Whether two names have a word of three letters or more in common.
fn shares_word(a: &[u8], b: &[u8]) -> bool {
    words(a).any(|w| w.len() >= 3 && words(b).any(|v| v == w))
}

/// Whether one first name is the other sex's form of the other (Louis and Louise, Jean
/// and Jeanne, Daniel and Danielle, Henri and Henriette): the names of a brother and a
/// sister, of twins, which spelling alone would call close.
fn other_sex_form(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.len() > short.len()
        && long.starts_with(short)
        && matches!(
            &long[short.len()..],
            b"e" | b"ne" | b"le" | b"te" | b"tte" | b"ette"
        )
}

fn names(a: Name, b: Name) -> u8 {
    let (wa, wb) = (a.words, b.words);
    if wa.is_empty() || wb.is_empty() {
        return 0;
    }
    if same(wa, wb) {
        return 5;
    }
    if first_word(wa) == first_word(wb) {
        // Compound names parting after their first word: a word in common, no more.
        return 2;
    }
    // Below 0.8 every Jaro-Winkler level is the same: no need to know how far below.
    let jw = name_similarity(wa, wb, 0.8);
    if jw >= CLOSE {
        return 4;
    }
    if (!a.sound.is_empty() && a.sound == b.sound) || jw >= PHONETIC {
        return 3;
    }
    // A compound first name cut ("Marie-Claire" / "Marie"), or words in common.
    if words(wa).any(|w| words(wb).any(|x| x == w)) || jw >= 0.8 {
        return 2;
    }
    1
}

/// The Jaro–Winkler similarity from which two names are close (level 4 and up).
const CLOSE: f64 = 0.94;

/// The similarity of two names: of their first words, or of all their words when that
/// is higher; 0 when under `floor`.
fn name_similarity(wa: &[u8], wb: &[u8], floor: f64) -> f64 {
    let (fa, fb) = (first_word(wa), first_word(wb));
    let first = jaro_winkler_from(fa, fb, floor);
    if fa.len() == wa.len() && fb.len() == wb.len() {
        first
    } else {
        jaro_winkler_from(wa, wb, floor).max(first)
    }
}

/// Whether [`names`] would say at least "phonetic or close", without its lower levels:
/// the test of crossed first and last names (each perhaps mistyped too), asked of nearly
/// every pair of strangers.
fn close_names(a: Name, b: Name) -> bool {
    let (wa, wb) = (a.words, b.words);
    !wa.is_empty()
        && !wb.is_empty()
        && (same(wa, wb)
            || (!a.sound.is_empty() && a.sound == b.sound)
            || name_similarity(wa, wb, PHONETIC) >= PHONETIC)
}

/// The Jaro–Winkler similarity from which two names are "phonetic or close".
const PHONETIC: f64 = 0.88;

/// Jaro–Winkler when it may reach `floor`, else 0. Most compared pairs are strangers, and
/// the characters two strings share bound their Jaro similarity from above (the matched
/// characters are at most the shared ones, transpositions only lower it): when even that
/// bound, with the Winkler bonus of the prefix the strings do share, stays under the
/// floor, the quadratic matching is skipped. The bound is asked first of the lengths
/// alone (no more matches than the shorter string has characters), then of the
/// characters counted. Only ASCII is bounded: in bytes, the lengths of other text are
/// longer than in characters, and the bound would be too low.
pub fn jaro_winkler_from(a: &[u8], b: &[u8], floor: f64) -> f64 {
    let (x, y) = (a, b);
    if x.is_empty() || y.is_empty() || !x.is_ascii() || !y.is_ascii() {
        return jaro_winkler(a, b);
    }
    // The bonus: 0.1 a common leading character, four at most.
    let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
    let (lx, ly) = (x.len() as f64, y.len() as f64);
    let under = |shared: f64| {
        let jaro_max = if shared == 0.0 {
            0.0
        } else {
            (shared / lx + shared / ly + 1.0) / 3.0
        };
        jaro_max + 0.1 * prefix as f64 * (1.0 - jaro_max) < floor
    };
    if under(lx.min(ly)) {
        return 0.0;
    }
    let mut counts = [0i16; 128];
    for &c in x {
        counts[c as usize & 127] += 1;
    }
    // Without a branch: whether a character is still there is a coin toss for the
    // processor's predictor, and its misses were most of this function's time.
    let mut shared = 0usize;
    for &c in y {
        let k = &mut counts[c as usize & 127];
        let there = i16::from(*k > 0);
        *k -= there;
        shared += there as usize;
    }
    if under(shared as f64) {
        return 0.0;
    }
    jaro_winkler(a, b)
}

/// Jaro–Winkler as strsim computes it, on ASCII without allocating: the match flags are
/// two 64-bit masks. Written here because a large link calls it tens of millions of times
/// and strsim allocates its flags at each call; other strings, and longer ones, go to
/// strsim.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let (x, y) = (a, b);
    if x.len() > 64 || y.len() > 64 || !a.is_ascii() || !b.is_ascii() {
        // Packed text is cut at character boundaries: it is UTF-8, borrowed as it is.
        return strsim::jaro_winkler(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
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

/// The fields compared, of every record of a file, packed one record after the other
/// in one run of bytes. A registry record's `String`s lie anywhere on the heap, and a
/// comparison that followed them waited for memory a dozen times; packed, a record is a
/// few adjacent cache lines, fetched ahead of its turn.
#[derive(Clone, Debug, Default)]
pub struct Packed {
    bytes: Vec<u8>,
    starts: Vec<usize>,
}

/// Marks an absent optional field in [`Packed`]; text is cut below it (a name or an
/// address of 64 KiB compares as well by its beginning).
const ABSENT: u16 = u16::MAX;

impl Packed {
    /// The records packed, shares of them on every core.
    pub fn of(records: &[Record]) -> Packed {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let share = records.len().div_ceil(threads).max(1);
        let parts: Vec<Packed> = std::thread::scope(|s| {
            let workers: Vec<_> = records
                .chunks(share)
                .map(|part| s.spawn(move || Packed::of_part(part)))
                .collect();
            workers.into_iter().map(crate::index::joined).collect()
        });
        let mut p = Packed {
            bytes: Vec::with_capacity(parts.iter().map(|q| q.bytes.len()).sum()),
            starts: Vec::with_capacity(records.len() + 1),
        };
        for q in parts {
            let base = p.bytes.len();
            p.starts.extend(q.starts.iter().map(|s| s + base));
            p.bytes.extend(q.bytes);
        }
        p.starts.push(p.bytes.len());
        p
    }

    /// One record, packed on this thread (two allocations, not a dozen strings): to keep
    /// a record aside, or compare a pair now and then, as the registry is read.
    pub fn one(r: &Record) -> Packed {
        let mut p = Packed {
            bytes: Vec::with_capacity(128),
            starts: Vec::with_capacity(2),
        };
        p.push(r);
        p.starts.push(p.bytes.len());
        p
    }

    /// A share of the records, without the closing start.
    fn of_part(records: &[Record]) -> Packed {
        let mut p = Packed {
            bytes: Vec::with_capacity(records.len() * 128),
            starts: Vec::with_capacity(records.len()),
        };
        for r in records {
            p.push(r);
        }
        p
    }

    fn text(&mut self, s: Option<&str>) {
        let Some(s) = s else {
            self.bytes.extend(ABSENT.to_le_bytes());
            return;
        };
        let mut end = s.len().min(ABSENT as usize - 1);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.bytes.extend((end as u16).to_le_bytes());
        self.bytes.extend(&s.as_bytes()[..end]);
    }

    fn words(&mut self, w: &[String]) {
        let start = self.bytes.len();
        self.bytes.extend([0, 0]);
        for (n, word) in w.iter().enumerate() {
            if n > 0 {
                self.bytes.push(b' ');
            }
            self.bytes.extend(word.as_bytes());
        }
        // Names are words of letters and digits: far below the cut.
        let len = (self.bytes.len() - start - 2).min(ABSENT as usize - 1) as u16;
        self.bytes.truncate(start + 2 + len as usize);
        self.bytes[start..start + 2].copy_from_slice(&len.to_le_bytes());
    }

    /// Records packed one by one, room made for `rows` of `bytes` bytes in all
    /// ([`Packed::size`]): close with [`Packed::closed`].
    pub(crate) fn with_rows(rows: usize, bytes: usize) -> Packed {
        Packed {
            bytes: Vec::with_capacity(bytes),
            starts: Vec::with_capacity(rows + 1),
        }
    }

    /// The bytes `r` takes packed, packed here (one scratch reused for a file's rows).
    pub(crate) fn size(&mut self, r: &Record) -> usize {
        self.bytes.clear();
        self.starts.clear();
        self.push(r);
        self.bytes.len()
    }

    pub(crate) fn closed(mut self) -> Packed {
        self.starts.push(self.bytes.len());
        self
    }

    pub(crate) fn push(&mut self, r: &Record) {
        self.starts.push(self.bytes.len());
        self.words(&r.first);
        self.words(&r.last);
        self.words(&r.birth_name);
        for s in &r.sounds {
            self.text(Some(s));
        }
        let (y, m, d) = r.birth.unwrap_or((0, 0, 0));
        self.bytes.extend(y.to_le_bytes());
        self.bytes.extend([m, d]);
        self.text(r.nir.as_ref().map(|(n, _)| n.as_str()));
        let mut letter = [0; 4];
        self.bytes.push(match &r.nir {
            Some((n, ok)) if nir_identifies(n, *ok) => {
                let sex = r.sex.map(|c| c.encode_utf8(&mut letter).as_bytes());
                if nir_contradicts(n.as_bytes(), sex, r.birth) == 0 {
                    NIR_IDENTIFIES
                } else {
                    NIR_ANOTHERS
                }
            }
            _ => 0,
        });
        self.text(Some(&r.street));
        self.text(r.postcode.as_deref());
        self.text(Some(&r.city));
        self.text(r.phone.as_deref());
        self.text(r.email.as_deref());
        let mut sex = [0; 4];
        self.text(r.sex.map(|c| &*c.encode_utf8(&mut sex)));
        self.bytes
            .extend((r.others.len().min(u16::MAX as usize) as u16).to_le_bytes());
        for o in r.others.iter().take(u16::MAX as usize) {
            self.text(o.as_deref());
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Record `i`'s fields.
    pub fn get(&self, i: usize) -> View<'_> {
        View::read(&self.bytes[self.starts[i]..self.starts[i + 1]])
    }

    /// Asks the processor to bring record `i` into cache before it is compared.
    #[inline]
    pub fn prefetch(&self, i: usize) {
        let (from, to) = (self.starts[i], self.starts[i + 1]);
        for offset in (from..to).step_by(64) {
            prefetch(&self.bytes[offset]);
        }
    }
}

/// Asks the processor to bring the cache line of `x` in, without waiting for it.
#[inline]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint to the processor; it neither faults nor changes memory.
    unsafe {
        core::arch::x86_64::_mm_prefetch(
            (x as *const T).cast::<i8>(),
            core::arch::x86_64::_MM_HINT_T0,
        )
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Reads a packed record's fields in the order [`Packed::push`] wrote them.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }

    fn text(&mut self) -> Option<&'a [u8]> {
        let len = u16::from_le_bytes([self.byte(), self.byte()]);
        if len == ABSENT {
            return None;
        }
        let Some((s, rest)) = self.0.split_at_checked(len as usize) else {
            self.0 = &[];
            return None;
        };
        self.0 = rest;
        Some(s)
    }

    fn text_or_empty(&mut self) -> &'a [u8] {
        self.text().unwrap_or(&[])
    }
}

/// One record's compared fields, read from [`Packed`].
pub struct View<'a> {
    first: &'a [u8],
    last: &'a [u8],
    birth_name: &'a [u8],
    sounds: [&'a [u8]; 3],
    birth: Option<(u16, u8, u8)>,
    nir: Option<&'a [u8]>,
    /// Whether the NIR identifies a person ([`nir_identifies`]).
    nir_identifies: bool,
    /// The record held a valid NIR that its own birth date or sex contradicts: another
    /// person's number (an insured parent's on a child's record), left out of `nir`.
    nir_anothers: bool,
    street: &'a [u8],
    postcode: Option<&'a [u8]>,
    city: &'a [u8],
    phone: Option<&'a [u8]>,
    email: Option<&'a [u8]>,
    sex: Option<&'a [u8]>,
    /// The `Other` columns, still packed: a count, then each value.
    others: &'a [u8],
}

impl<'a> View<'a> {
    /// A record's fields from its packed bytes ([`Packed::get`]); bytes cut short
    /// read as absent fields, never out of bounds.
    pub fn read(bytes: &'a [u8]) -> View<'a> {
        let mut c = Cursor(bytes);
        let (first, last, birth_name) = (c.text_or_empty(), c.text_or_empty(), c.text_or_empty());
        let sounds = [c.text_or_empty(), c.text_or_empty(), c.text_or_empty()];
        let y = u16::from_le_bytes([c.byte(), c.byte()]);
        let (m, d) = (c.byte(), c.byte());
        let (nir, nir_kind) = (c.text(), c.byte());
        // Another person's number is not compared: it says nothing of who the row is.
        let nir = nir.filter(|_| nir_kind != NIR_ANOTHERS);
        View {
            first,
            last,
            birth_name,
            sounds,
            birth: (y != 0).then_some((y, m, d)),
            nir,
            nir_identifies: nir_kind == NIR_IDENTIFIES,
            nir_anothers: nir_kind == NIR_ANOTHERS,
            street: c.text_or_empty(),
            postcode: c.text(),
            city: c.text_or_empty(),
            phone: c.text(),
            email: c.text(),
            sex: c.text(),
            others: c.0,
        }
    }

    /// Its first (0), last (1) or birth (2) name.
    fn name(&self, which: usize) -> Name<'a> {
        let words = match which {
            0 => self.first,
            1 => self.last,
            _ => self.birth_name,
        };
        Name {
            words,
            sound: self.sounds[which],
        }
    }

    /// The usage and birth names together, and the sound of the first of them.
    fn family_names(&self) -> (Vec<u8>, &'a [u8]) {
        let words = match (self.last.is_empty(), self.birth_name.is_empty()) {
            (true, _) => self.birth_name.to_vec(),
            (_, true) => self.last.to_vec(),
            _ => [self.last, self.birth_name].join(&b' '),
        };
        let sound = if self.last.is_empty() {
            self.sounds[2]
        } else {
            self.sounds[1]
        };
        (words, sound)
    }

    /// The `Other` column `i`, if the file has it and the row a value.
    fn other(&self, i: usize) -> Option<&'a [u8]> {
        let mut c = Cursor(self.others);
        let n = u16::from_le_bytes([c.byte(), c.byte()]) as usize;
        if i >= n {
            return None;
        }
        for _ in 0..i {
            c.text();
        }
        c.text()
    }
}

/// What comparing a pair found besides its levels, in two bytes: a pair of the candidate
/// list costs 16 bytes, and a third byte would pad it to 24 (26 million pairs at 1M ×
/// 500k).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Bits of [`contradiction`].
    pub contradictions: u8,
    /// [`Comparison::SWAPPED`], [`Comparison::ANOTHERS_NIR`].
    notes: u8,
}

impl Comparison {
    /// The first and last names were crossed.
    const SWAPPED: u8 = 1;
    /// One side's NIR was another person's and not compared ([`View`]).
    const ANOTHERS_NIR: u8 = 2;

    pub fn swapped(&self) -> bool {
        self.notes & Self::SWAPPED != 0
    }

    pub fn anothers_nir(&self) -> bool {
        self.notes & Self::ANOTHERS_NIR != 0
    }

    /// Its two bytes, for a pair written to disk ([`crate::candidates`]).
    pub(crate) fn to_bytes(self) -> [u8; 2] {
        [self.contradictions, self.notes]
    }

    pub(crate) fn from_bytes([contradictions, notes]: [u8; 2]) -> Comparison {
        Comparison {
            contradictions,
            notes,
        }
    }
}

/// The levels of a pair, and what else the comparison found. `others` pairs the `Other`
/// columns the two files share: (index in `a`, index in `b`).
pub fn compare(a: &View, b: &View, others: &[(usize, usize)], out: &mut Vec<u8>) -> Comparison {
    out.clear();
    let mut first = names(a.name(0), b.name(0));
    let mut last = names(a.name(1), b.name(1));
    let some_a = !a.last.is_empty() || !a.birth_name.is_empty();
    let some_b = !b.last.is_empty() || !b.birth_name.is_empty();
    if last < 5 && some_a && some_b {
        // A birth name on one side, the usage name on the other.
        let cross = [(2, 1), (1, 2), (2, 2)];
        if cross
            .iter()
            .any(|&(x, y)| same(a.name(x).words, b.name(y).words))
        {
            last = last.max(4);
        }
        if last == 0 {
            // One side has only a birth name: all the other's names against it.
            let ((wa, sa), (wb, sb)) = (a.family_names(), b.family_names());
            last = names(
                Name {
                    words: &wa,
                    sound: sa,
                },
                Name {
                    words: &wb,
                    sound: sb,
                },
            );
        }
    }
    let mut found = Comparison::default();
    if a.nir_anothers || b.nir_anothers {
        found.notes |= Comparison::ANOTHERS_NIR;
    }
    // First and last names crossed: `a`'s last-name column holds the first name, its
    // first-name column the family name (perhaps a married name written whole, "Lagier
    // née Denys", whose birth name is the other side's).
    let crossed = first < 4
        && last < 4
        && close_names(a.name(1), b.name(0))
        && (close_names(a.name(0), b.name(1))
            || close_names(a.name(0), b.name(2))
            || shares_word(a.first, b.last)
            || shares_word(a.first, b.birth_name));
    let crossed = crossed.then(|| {
        let usage = names(a.name(0), b.name(1));
        let family = if usage < 4
            && (same(a.first, b.birth_name)
                || shares_word(a.first, b.last)
                || shares_word(a.first, b.birth_name))
        {
            4
        } else {
            usage
        };
        (names(a.name(1), b.name(0)), family)
    });
    if let Some((f, l)) = crossed.filter(|(f, l)| f + l > first + last) {
        (first, last) = (f, l);
        found.notes |= Comparison::SWAPPED;
    } else if (2..NAME_EXACT).contains(&first) && other_sex_form(a.first, b.first) {
        first = NAME_DIFFERENT;
    }
    let birth = birth_level(a.birth, b.birth);
    let nir = match (a.nir, b.nir) {
        (Some(x), Some(y)) if x == y => NIR_EXACT,
        (Some(_), Some(_)) if a.nir_identifies && b.nir_identifies => 1,
        (Some(x), Some(y)) if within_one_edit(x, y) => 4,
        (Some(x), Some(y)) if x.get(..5) == y.get(..5) => 3,
        (Some(_), Some(_)) => 2,
        _ => 0,
    };
    // The same identifying NIR outweighs a birth date a few months off, not a birth date
    // years away nor another first name (a relative's number on the row: a twin's has
    // the same birth date).
    let same_nir = nir == NIR_EXACT && a.nir_identifies;
    if first == NAME_DIFFERENT {
        found.contradictions |= contradiction::FIRST_NAME;
    }
    if birth == 1 || (birth == 2 && !same_nir) {
        found.contradictions |= contradiction::BIRTH;
    }
    if nir == 1 {
        found.contradictions |= contradiction::NIR_CONFLICT;
    }
    if nir != NIR_EXACT {
        found.contradictions |= nir_against(a, b) | nir_against(b, a);
    }
    out.push(first);
    out.push(last);
    out.push(birth);
    out.push(nir);
    out.push(residence(a, b));
    out.push(any_same(a.phone, b.phone));
    out.push(any_same(a.email, b.email));
    out.push(exact(a.sex, b.sex));
    for &(i, j) in others {
        out.push(match (a.other(i), b.other(j)) {
            (Some(x), Some(y)) => text3(x, y, 0.88),
            _ => 0,
        });
    }
    found
}

/// The birth date's level: exact; a typo (one digit, day and month swapped, the day one
/// off, or the century of a two-digit year read wrong); within a year; far apart.
fn birth_level(a: Option<(u16, u8, u8)>, b: Option<(u16, u8, u8)>) -> u8 {
    let (Some(x @ (y1, m1, d1)), Some(y @ (y2, m2, d2))) = (a, b) else {
        return 0;
    };
    if x == y {
        return BIRTH_EXACT;
    }
    if (y1 == y2 && m1 == d2 && d1 == m2)
        || (y1 == y2 && m1 == m2 && d1.abs_diff(d2) == 1)
        || within_one_edit(&date_digits(x), &date_digits(y))
        || (y1 % 100 == y2 % 100 && m1 == m2 && d1 == d2)
    {
        return BIRTH_TYPO;
    }
    // Months of 31 days: a day or two off at the ends of the year does not matter here.
    let day = |y: u16, m: u8, d: u8| y as i64 * 372 + m as i64 * 31 + d as i64;
    if (day(y1, m1, d1) - day(y2, m2, d2)).abs() <= 372 {
        2
    } else {
        1
    }
}

/// How a record's NIR is packed: not identifying (or none), identifying, or another
/// person's (valid, but its own record's birth date or sex says otherwise).
const NIR_IDENTIFIES: u8 = 1;
const NIR_ANOTHERS: u8 = 2;

/// What `a`'s identifying NIR contradicts of `b`'s sex and birth date: its first digit is
/// the sex (1 a man, 2 a woman), the next four the birth year's last two digits and the
/// month (months over 12 stand for an unknown month and say nothing).
fn nir_against(a: &View, b: &View) -> u8 {
    match a.nir.filter(|_| a.nir_identifies) {
        Some(n) => nir_contradicts(n, b.sex, b.birth),
        None => 0,
    }
}

/// What an identifying NIR contradicts of a sex and a birth date ([`nir_against`]); of
/// its own record's, it is another person's number.
fn nir_contradicts(n: &[u8], sex_of: Option<&[u8]>, birth: Option<(u16, u8, u8)>) -> u8 {
    let mut bits = 0;
    let sex = match n[0] {
        b'1' => b'M',
        _ => b'F',
    };
    if let Some(s) = sex_of
        && matches!(s, b"M" | b"F")
        && s[0] != sex
    {
        bits |= contradiction::NIR_SEX;
    }
    // The year and month as the NIR writes them, against the date's (or its day and
    // month swapped): a digit apart is a typo, not another person.
    if let Some((y, m, d)) = birth {
        let month = (n[3] - b'0') * 10 + (n[4] - b'0');
        let yy = (y % 100) as u8;
        let written = |m: u8| [b'0' + yy / 10, b'0' + yy % 10, b'0' + m / 10, b'0' + m % 10];
        let agrees = if (1..=12).contains(&month) {
            within_one_edit(&n[1..5], &written(m)) || within_one_edit(&n[1..5], &written(d))
        } else {
            within_one_edit(&n[1..3], &written(m)[..2])
        };
        if !agrees {
            bits |= contradiction::NIR_BIRTH;
        }
    }
    bits
}

/// Whether a NIR identifies a person: its key is right, it is a registered person's (1
/// or 2: not a number being assigned, 3 or 4, nor a temporary one, 7 or 8), and it is
/// not a test number (one digit repeated).
pub fn nir_identifies(body: &str, key_ok: bool) -> bool {
    let b = body.as_bytes();
    key_ok
        && b.len() == 13
        && matches!(b[0], b'1' | b'2')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && !b[1..].iter().all(|&c| c == b[1])
}

/// The street, postcode and city as one comparison: where the two live, from another
/// town to the same address. A street agreeing in another town is another street.
fn residence(a: &View, b: &View) -> u8 {
    let city = text3(a.city, b.city, 0.88);
    let place = match (a.postcode, b.postcode) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            if x == y || city == 3 || (within_one_edit(x, y) && city == 2) {
                3
            } else if x.get(..2) == y.get(..2) {
                2
            } else {
                1
            }
        }
        _ => city,
    };
    let street = text3(a.street, b.street, 0.9);
    match (place, street) {
        (3, 3) => 5,
        (3, 2) | (0, 3) => 4,
        (3, _) => SAME_COMMUNE,
        (0, 2) => SAME_COMMUNE,
        (0, s) => s.min(1),
        (p, _) => p,
    }
}

fn text3(a: &[u8], b: &[u8], close: f64) -> u8 {
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

fn exact(a: Option<&[u8]>, b: Option<&[u8]>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) => 1 + u8::from(x == y),
        _ => 0,
    }
}

/// [`exact`] for lists of words (a row's phones, its e-mail addresses): the same when
/// one word of each is.
fn any_same(a: Option<&[u8]>, b: Option<&[u8]>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 2,
        (Some(x), Some(y)) => 1 + u8::from(words(x).any(|w| words(y).any(|v| v == w))),
        _ => 0,
    }
}

/// Levels of the `Other` columns.
pub const OTHER_LEVELS: &[&str] = &["missing", "different", "close", "exact"];

/// The level a row's NIR gets when it contradicts its own record: not compared.
pub const ANOTHERS_NIR: &str = "another person's (contradicts its record), not compared";

/// The explanation's fields in French; a shared `Other` column keeps its own name.
const FIELDS_FR: &[(&str, &str)] = &[
    ("prior", "a priori"),
    ("reviewers", "vérificateurs"),
    ("first_name", "prénom"),
    ("last_name", "nom"),
    ("birth_date", "date de naissance"),
    ("nir", "NIR"),
    ("residence", "adresse"),
    ("phone", "téléphone"),
    ("email", "e-mail"),
    ("sex", "sexe"),
];

/// Every level of [`COMPARISONS`], [`OTHER_LEVELS`] and [`ANOTHERS_NIR`] in French.
const LEVELS_FR: &[(&str, &str)] = &[
    ("missing", "absent"),
    ("different", "différent"),
    ("similar", "semblable"),
    ("phonetic or close", "phonétique ou proche"),
    ("close", "proche"),
    ("exact", "identique"),
    ("birth/usage name", "nom de naissance / d'usage"),
    ("far apart", "éloignées"),
    ("within one year", "à moins d'un an"),
    ("swap or one digit", "inversion ou un chiffre"),
    ("two valid NIRs differ", "deux NIR valides différents"),
    ("same sex, year and month", "même sexe, année et mois"),
    ("one digit", "un chiffre"),
    ("same département", "même département"),
    ("same commune", "même commune"),
    ("same commune, street close", "même commune, rue proche"),
    ("same address", "même adresse"),
    ("same", "identique"),
    (
        ANOTHERS_NIR,
        "celui d'une autre personne (contredit sa fiche), non comparé",
    ),
];

/// A field of a link explanation (as the link result writes it) in the reader's words.
pub fn field_words(field: &str, french: bool) -> String {
    let english = field.replace('_', " ");
    match FIELDS_FR.iter().find(|(id, _)| *id == field) {
        Some((_, fr)) if french => (*fr).to_string(),
        Some(_) => english,
        None => field.to_string(),
    }
}

/// A level of a link explanation in the reader's words. The prior (`λ = …`) is a
/// number; the reviewers' count (`3 same, 1 different on this pattern`) is reworded.
pub fn level_words(level: &str, french: bool) -> String {
    if !french {
        return level.to_string();
    }
    if level.starts_with("λ = ") {
        return level.replace('.', ",");
    }
    if let Some((_, fr)) = LEVELS_FR.iter().find(|(en, _)| *en == level) {
        return (*fr).to_string();
    }
    let counts = level
        .strip_suffix(" different on this pattern")
        .and_then(|s| s.split_once(" same, "));
    match counts {
        Some((same, different)) => {
            format!("sur ce profil : {same} fois la même personne, {different} fois deux personnes")
        }
        None => level.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_level_an_explanation_can_hold_reads_in_french() {
        let levels = super::COMPARISONS
            .iter()
            .flat_map(|(_, l)| l.iter())
            .chain(super::OTHER_LEVELS)
            .chain([&super::ANOTHERS_NIR]);
        for level in levels {
            let fr = super::level_words(level, true);
            assert_ne!(fr, *level, "{level} has no French");
            assert_eq!(super::level_words(level, false), *level);
        }
        for (field, _) in super::COMPARISONS {
            assert_ne!(
                super::field_words(field, true),
                super::field_words(field, false)
            );
        }
        assert_eq!(super::field_words("birth_date", false), "birth date");
        assert_eq!(super::field_words("ville", true), "ville");
        assert_eq!(
            super::level_words("3 same, 1 different on this pattern", true),
            "sur ce profil : 3 fois la même personne, 1 fois deux personnes"
        );
    }

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
                    let got = super::jaro_winkler_from(a.as_bytes(), b.as_bytes(), floor);
                    if jw >= floor {
                        assert!((got - jw).abs() < 1e-12, "{a:?} {b:?} {floor}");
                    } else {
                        assert!(got < floor, "{a:?} {b:?} {floor}");
                    }
                }
            }
        }
    }

    /// Short strings of few letters share prefixes and characters often: the cases where
    /// a loose bound would wrongly cut.
    #[test]
    fn the_bound_holds_on_many_small_strings() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut word = || {
            let mut w = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for k in 0..1 + state % 12 {
                w.push(b"abcde "[(state >> (8 + 3 * k)) as usize % 6] as char);
            }
            w
        };
        for _ in 0..20_000 {
            let (a, b) = (word(), word());
            let jw = strsim::jaro_winkler(&a, &b);
            for floor in [0.8, 0.88, 0.9, 0.94] {
                let got = super::jaro_winkler_from(a.as_bytes(), b.as_bytes(), floor);
                if jw >= floor {
                    assert!((got - jw).abs() < 1e-12, "{a:?} {b:?} {floor}");
                } else {
                    assert!(got < floor, "{a:?} {b:?} {floor}");
                }
            }
        }
    }

    #[test]
    fn jaro_winkler_is_strsim_s() {
        for a in WORDS {
            for b in WORDS {
                let (mine, theirs) = (
                    jaro_winkler(a.as_bytes(), b.as_bytes()),
                    strsim::jaro_winkler(a, b),
                );
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

#[cfg(test)]
mod packed {
    use super::{Packed, compare};
    use crate::record::Record;

    /// A name's words, as a record holds them.
    pub(super) fn words(s: &str) -> Vec<String> {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    }

    fn person(first: &str, last: &str, birth: &str) -> Record {
        Record {
            id: "1".into(),
            first: words(first),
            last: words(last),
            birth_name: words(birth),
            birth: Some((1985, 3, 12)),
            sex: Some('F'),
            nir: Some(("2850375112345".into(), true)),
            street: "12 rue des lilas".into(),
            postcode: Some("75012".into()),
            city: "paris".into(),
            phone: Some("+33612345678".into()),
            email: None,
            others: vec![None, Some("zoé".into()), Some(String::new())],
            sounds: [first, last, birth].map(|n| {
                n.split(' ')
                    .next()
                    .map(crate::normalize::phonetic)
                    .unwrap_or_default()
            }),
            ..Record::default()
        }
    }

    #[test]
    fn a_packed_record_reads_back_field_by_field() {
        let mut long = person("marie claire", "dupont", "");
        long.street = "é".repeat(40_000);
        long.birth = None;
        long.sex = None;
        long.postcode = Some(String::new());
        let records = vec![person("marie claire", "dupont", "martin"), long];
        let p = Packed::of(&records);
        assert_eq!(p.len(), 2);
        let v = p.get(0);
        assert_eq!(v.first, b"marie claire");
        assert_eq!(v.last, b"dupont");
        assert_eq!(v.birth_name, b"martin");
        assert_eq!(v.sounds, records[0].sounds.each_ref().map(|s| s.as_bytes()));
        assert!(v.sounds.iter().all(|s| !s.is_empty()));
        assert_eq!(v.birth, Some((1985, 3, 12)));
        assert_eq!(v.nir, Some(&b"2850375112345"[..]));
        assert_eq!(v.street, b"12 rue des lilas");
        assert_eq!(v.postcode, Some(&b"75012"[..]));
        assert_eq!(v.city, b"paris");
        assert_eq!(v.phone, Some(&b"+33612345678"[..]));
        // Absent and empty are not the same: an empty value present compares.
        assert_eq!(v.email, None);
        assert_eq!(v.sex, Some(&b"F"[..]));
        assert_eq!(v.other(0), None);
        assert_eq!(v.other(1), Some("zoé".as_bytes()));
        assert_eq!(v.other(2), Some(&b""[..]));
        assert_eq!(v.other(3), None);
        let w = p.get(1);
        assert_eq!(w.birth, None);
        assert_eq!(w.sex, None);
        assert_eq!(w.postcode, Some(&b""[..]));
        assert_eq!(w.birth_name, b"");
        // Cut under 64 KiB at a character boundary, still UTF-8.
        assert!(w.street.len() < u16::MAX as usize && w.street.len().is_multiple_of(2));
        assert!(std::str::from_utf8(w.street).is_ok());
        assert_eq!(w.city, b"paris");
    }

    #[test]
    fn packed_names_compare_as_words() {
        let a = person("marie claire", "dupont", "");
        let cut = person("marie", "dupont", "");
        let married = person("marie claire", "martin", "dupont");
        let stranger = person("paul", "bernard", "");
        let p = Packed::of(&[a, cut, married, stranger]);
        let mut out = Vec::new();
        compare(&p.get(0), &p.get(1), &[], &mut out);
        // The same first word is an exact first name; the same last name exact.
        assert_eq!(&out[..3], &[5, 5, 4]);
        compare(&p.get(2), &p.get(0), &[], &mut out);
        // Her birth name is the other's usage name.
        assert_eq!(out[1], 4);
        compare(&p.get(0), &p.get(3), &[], &mut out);
        assert_eq!(&out[..2], &[1, 1]);
    }
}

#[cfg(test)]
mod contradictions {
    use super::contradiction::{BIRTH, FIRST_NAME, NIR_BIRTH, NIR_CONFLICT, NIR_SEX};
    use super::packed::words;
    use super::{BIRTH as BIRTH_FIELD, FIRST, NIR, Packed, RESIDENCE, compare, nir_identifies};
    use crate::record::Record;

    /// A woman born 12 March 1985, NIR 2 85 03 …, at 12 rue des Lilas, Paris 12e.
    fn anne() -> Record {
        Record {
            id: "1".into(),
            first: words("anne"),
            last: words("durand"),
            birth: Some((1985, 3, 12)),
            sex: Some('F'),
            nir: Some(("2850375112345".into(), true)),
            street: "12 rue des lilas".into(),
            postcode: Some("75012".into()),
            city: "paris".into(),
            sounds: ["AN".into(), "DURAN".into(), String::new()],
            ..Record::default()
        }
    }

    /// The levels and contradictions of `a` against `b`.
    fn pair(a: &Record, b: &Record) -> (Vec<u8>, u8) {
        let (a, b) = (Packed::one(a), Packed::one(b));
        let mut levels = Vec::new();
        let found = compare(&a.get(0), &b.get(0), &[], &mut levels);
        (levels, found.contradictions)
    }

    #[test]
    fn only_a_registered_person_s_valid_nir_identifies() {
        assert!(nir_identifies("2850375112345", true));
        assert!(!nir_identifies("2850375112345", false), "a wrong key");
        assert!(!nir_identifies("7850375112345", true), "a temporary number");
        assert!(
            !nir_identifies("3850375112345", true),
            "a number being assigned"
        );
        assert!(!nir_identifies("1111111111111", true), "a test number");
        assert!(!nir_identifies("28503751123", true), "too short");
    }

    #[test]
    fn two_identifying_nirs_that_differ_are_two_persons() {
        let mut b = anne();
        b.nir = Some(("2850375112399".into(), true));
        let (levels, bits) = pair(&anne(), &b);
        assert_eq!((levels[NIR], bits), (1, NIR_CONFLICT));
        // One of them mistyped (its key wrong): a digit apart, no contradiction.
        b.nir = Some(("2850375112346".into(), false));
        let (levels, bits) = pair(&anne(), &b);
        assert_eq!((levels[NIR], bits), (4, 0));
        // A temporary number says nothing of who this is.
        b.nir = Some(("7850375112346".into(), true));
        assert_eq!(pair(&anne(), &b).1, 0);
    }

    #[test]
    fn a_nir_its_own_record_contradicts_is_another_person_s() {
        // Anne's row carrying her father's number (a man born in 1955): an insured's
        // NIR on a beneficiary's record. It is not hers, so it neither conflicts with
        // her registered NIR nor says anything of her sex and birth.
        let mut row = anne();
        row.nir = Some(("1550375112345".into(), true));
        let (a, b) = (Packed::one(&row), Packed::one(&anne()));
        let mut levels = Vec::new();
        let found = compare(&a.get(0), &b.get(0), &[], &mut levels);
        assert_eq!((levels[NIR], found.contradictions), (0, 0));
        assert!(found.anothers_nir());
        // Her own number mistyped in its month (a digit off) is still hers: compared.
        row.nir = Some(("2850475112399".into(), true));
        let (levels, bits) = pair(&row, &anne());
        assert_eq!((levels[NIR], bits), (1, NIR_CONFLICT));
    }

    #[test]
    fn a_nir_contradicts_the_other_side_s_sex_and_birth_not_its_typos() {
        let mut b = anne();
        b.nir = None;
        b.sex = Some('M');
        assert_eq!(pair(&anne(), &b).1, NIR_SEX);
        // Day and month swapped (12/03 written 03/12): a typo, forgiven.
        let mut swapped = anne();
        swapped.nir = None;
        swapped.birth = Some((1985, 12, 3));
        assert_eq!(pair(&anne(), &swapped).1, 0);
        // Born in 1990: the NIR says 1985.
        let mut other = anne();
        other.nir = None;
        other.birth = Some((1990, 3, 12));
        assert_eq!(pair(&anne(), &other).1 & NIR_BIRTH, NIR_BIRTH);
        // A NIR whose month is unknown (20) speaks of the year only.
        let mut unknown = anne();
        unknown.nir = Some(("2852075112345".into(), true));
        let mut b = anne();
        b.nir = None;
        b.birth = Some((1985, 7, 1));
        assert_eq!(pair(&unknown, &b).1 & NIR_BIRTH, 0);
    }

    #[test]
    fn birth_dates_are_compared_by_how_they_differ() {
        let level = |birth| {
            let mut b = anne();
            b.nir = None;
            b.birth = Some(birth);
            pair(&anne(), &b)
        };
        assert_eq!(level((1985, 3, 12)).0[BIRTH_FIELD], 4);
        for typo in [(1985, 12, 3), (1985, 3, 13), (1985, 3, 19), (2085, 3, 12)] {
            let (levels, bits) = level(typo);
            assert_eq!((levels[BIRTH_FIELD], bits & BIRTH), (3, 0), "{typo:?}");
        }
        let (levels, bits) = level((1985, 9, 1));
        assert_eq!((levels[BIRTH_FIELD], bits & BIRTH), (2, BIRTH));
        // A year a digit apart (1945 for 1985) is a typo; a generation apart is not.
        assert_eq!(level((1945, 3, 12)).0[BIRTH_FIELD], 3);
        let (levels, bits) = level((1952, 7, 25));
        assert_eq!((levels[BIRTH_FIELD], bits & BIRTH), (1, BIRTH));
        // Within a year is forgiven when the same identifying NIR is on both sides.
        let mut b = anne();
        b.birth = Some((1985, 9, 1));
        assert_eq!(pair(&anne(), &b).1, 0);
    }

    #[test]
    fn siblings_first_names_are_not_a_typo() {
        let first = |a: &str, b: &str| {
            let (mut x, mut y) = (anne(), anne());
            x.first = words(a);
            y.first = words(b);
            pair(&x, &y)
        };
        // The other sex's form of one name.
        let (levels, bits) = first("louis", "louise");
        assert_eq!((levels[FIRST], bits), (1, FIRST_NAME));
        // Compound names parting after a common first word: a word in common.
        assert_eq!(first("jean pierre", "jean paul").0[FIRST], 2);
        // A compound name cut is the same name.
        assert_eq!(first("marie claire", "marie").0[FIRST], 5);
        assert_eq!(first("marie claire", "marie").1, 0);
    }

    #[test]
    fn a_street_agrees_only_in_its_town() {
        let residence = |street: &str, postcode: &str, city: &str| {
            let mut b = anne();
            b.street = street.into();
            b.postcode = Some(postcode.into());
            b.city = city.into();
            pair(&anne(), &b).0[RESIDENCE]
        };
        assert_eq!(residence("12 rue des lilas", "75012", "paris"), 5);
        assert_eq!(residence("12 rue des lilas", "69007", "lyon"), 1);
        assert_eq!(residence("3 avenue foch", "75012", "paris"), 3);
        assert_eq!(residence("3 avenue foch", "75016", "versailles"), 2);
    }
}
