//! Synthetic persons and identifiers with valid check digits.

use vigie_detect::rules::{self, list_entries};
use vigie_detect::validate;

#[derive(Clone, Debug)]
pub struct Person {
    pub ipp: String,
    pub female: bool,
    pub first_name: String,
    pub last_name: String,
    pub birth_name: String,
    pub birth: (u16, u8, u8),
    pub nir: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub password: String,
}

impl Person {
    pub fn birth_fr(&self) -> String {
        let (y, m, d) = self.birth;
        format!("{d:02}/{m:02}/{y}")
    }
    pub fn birth_iso(&self) -> String {
        let (y, m, d) = self.birth;
        format!("{y}-{m:02}-{d:02}")
    }
    pub fn sex_letter(&self) -> &'static str {
        if self.female { "F" } else { "M" }
    }
    pub fn civility(&self) -> &'static str {
        if self.female { "Mme" } else { "M." }
    }
    pub fn phone_e164(&self) -> String {
        format!("+33{}", &self.phone[1..])
    }
}

const STREETS: &[&str] = &[
    "rue des Lilas",
    "avenue Jean Jaurès",
    "boulevard Voltaire",
    "rue de la République",
    "chemin des Vignes",
    "impasse des Tilleuls",
    "place du Marché",
    "allée des Cerisiers",
    "rue Victor Hugo",
    "route de Lyon",
    "quai de la Loire",
    "rue Pasteur",
];
const CITIES: &[(&str, &str)] = &[
    ("75012", "Paris"),
    ("69007", "Lyon"),
    ("13005", "Marseille"),
    ("31000", "Toulouse"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("97400", "Saint-Denis"),
    ("20000", "Ajaccio"),
    ("35000", "Rennes"),
    ("06000", "Nice"),
];
const DOMAINS: &[&str] = &[
    "orange.fr",
    "gmail.com",
    "laposte.net",
    "free.fr",
    "sfr.fr",
    "yahoo.fr",
    "hotmail.fr",
];
const LABS: &[&str] = &[
    "Laboratoire Bio Santé Ouest",
    "Biolab Centre",
    "Laboratoire des Quais",
    "Unilabs Sud",
];

pub(crate) struct Gen {
    rng: fastrand::Rng,
    first: Vec<String>,
    last: Vec<String>,
    next_ipp: u64,
    /// A population as diverse as a region's: every name of the lists, common ones
    /// drawn more often, and some two thousand communes with their own streets. The
    /// scan corpora keep the small fixed lists, whose truth they were built on.
    wide: Option<Wide>,
}

struct Wide {
    places: Vec<(String, String)>,
    streets: Vec<String>,
}

fn ascii_lower(s: &str) -> String {
    vigie_detect::fold::fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

impl Gen {
    pub(crate) fn new(seed: u64) -> Gen {
        // Simple names only (no spaces), so that every generated name is one list entry.
        let first = list_entries(rules::FIRST_NAMES)
            .filter(|n| !n.contains(' '))
            .take(600)
            .map(str::to_string)
            .collect();
        let last = list_entries(rules::SURNAMES)
            .filter(|n| !n.contains(' '))
            .take(3000)
            .map(str::to_string)
            .collect();
        Gen {
            rng: fastrand::Rng::with_seed(seed),
            first,
            last,
            next_ipp: 1,
            wide: None,
        }
    }

    /// A generator for linkage: the whole name lists, names drawn with a heavy tail (a
    /// few very common, most rare, as in a real population), 95 departments of about 20
    /// communes each, and 2,000 streets.
    pub(crate) fn wide(seed: u64) -> Gen {
        let simple = |list| {
            list_entries(list)
                .filter(|n: &&str| !n.contains(' '))
                .map(str::to_string)
                .collect::<Vec<String>>()
        };
        let mut g = Gen {
            rng: fastrand::Rng::with_seed(seed),
            first: simple(rules::FIRST_NAMES),
            last: simple(rules::SURNAMES),
            next_ipp: 1,
            wide: None,
        };
        const SUFFIXES: &[&str] = &[
            "",
            "",
            "",
            "-sur-Loire",
            "-les-Bains",
            "-en-Vallée",
            "-le-Château",
            "-sur-Mer",
        ];
        const TYPES: &[&str] = &[
            "rue",
            "rue",
            "rue",
            "avenue",
            "boulevard",
            "chemin",
            "impasse",
            "allée",
            "place",
            "route",
        ];
        let mut places = Vec::new();
        for dept in 1..=95u32 {
            for k in 0..20u32 {
                let base = g.last[g.rng.usize(..g.last.len())].clone();
                let name = if g.below(6) == 0 {
                    format!("Saint-{}", g.first[g.rng.usize(..g.first.len())])
                } else {
                    base
                };
                let suffix = SUFFIXES[g.below(SUFFIXES.len())];
                places.push((
                    format!("{:05}", dept * 1000 + 10 * k),
                    format!("{name}{suffix}"),
                ));
            }
        }
        let streets = (0..2000)
            .map(|_| {
                let t = TYPES[g.below(TYPES.len())];
                let f = g.first[g.rng.usize(..g.first.len())].clone();
                let l = g.last[g.rng.usize(..g.last.len())].clone();
                format!("{t} {f} {l}")
            })
            .collect();
        g.wide = Some(Wide { places, streets });
        g
    }

    /// An index into a list of `n`, uniform, or heavy-tailed for the wide population
    /// (the square of a uniform draw: the first tenth of the list gets a third of the
    /// draws).
    fn pick(&mut self, n: usize) -> usize {
        if self.wide.is_some() {
            let x = self.rng.f64();
            ((x * x * n as f64) as usize).min(n.saturating_sub(1))
        } else {
            self.rng.usize(..n.max(1))
        }
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.rng.usize(..n.max(1))
    }

    pub(crate) fn first_name(&mut self) -> String {
        let i = self.pick(self.first.len());
        self.first[i].clone()
    }

    fn surname(&mut self) -> String {
        let i = self.pick(self.last.len());
        self.last[i].clone()
    }

    /// A postcode, a commune and a street.
    fn address(&mut self) -> (String, String, String) {
        let (n, bis) = (1 + self.below(150), self.below(10) == 0);
        let bis = if bis { " bis" } else { "" };
        let (postcode, city, street) = match &self.wide {
            Some(w) => {
                let (pc, city) = &w.places[self.rng.usize(..w.places.len())];
                let street = &w.streets[self.rng.usize(..w.streets.len())];
                (pc.clone(), city.clone(), street.clone())
            }
            None => {
                let (pc, city) = CITIES[self.below(CITIES.len())];
                let street = STREETS[self.below(STREETS.len())];
                (pc.to_string(), city.to_string(), street.to_string())
            }
        };
        (postcode, city, format!("{n}{bis} {street}"))
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.u8(..10)))
            .collect()
    }

    pub(crate) fn person(&mut self) -> Person {
        let female = self.rng.bool();
        let first_name = self.first_name();
        let birth_name = self.surname();
        // A third of women appear under a married name.
        let last_name = if female && self.below(3) == 0 {
            self.surname()
        } else {
            birth_name.clone()
        };
        let year = 1930 + self.rng.u16(..90);
        let month = 1 + self.rng.u8(..12);
        let day = 1 + self.rng.u8(..28);
        let nir = self.nir(female, year, month);
        let phone = format!(
            "0{}{}",
            [6, 7, 1, 2, 3, 4, 5][self.below(7)],
            self.digits(8)
        );
        let email = format!(
            "{}.{}{}@{}",
            ascii_lower(&first_name),
            ascii_lower(&last_name),
            self.below(100),
            DOMAINS[self.below(DOMAINS.len())]
        );
        let (postcode, city, street) = self.address();
        let ipp = format!("P{:07}", self.next_ipp);
        self.next_ipp += 1;
        Person {
            ipp,
            female,
            first_name,
            last_name,
            birth_name,
            birth: (year, month, day),
            nir,
            phone,
            email,
            street,
            postcode,
            city,
            password: format!("{}{}!", ascii_lower(&self.first_name()), self.below(10000)),
        }
    }

    pub(crate) fn nir(&mut self, female: bool, year: u16, month: u8) -> String {
        let sex = if female { '2' } else { '1' };
        let month = if self.below(50) == 0 {
            20 + self.rng.u8(..2) * 10
        } else {
            month
        };
        let place = match self.below(20) {
            0 => "2A".to_string() + &format!("{:03}", 1 + self.below(300)),
            1 => "2B".to_string() + &format!("{:03}", 1 + self.below(300)),
            2 => format!("97{}{:02}", 1 + self.below(4), 1 + self.below(30)),
            3 => format!("99{:03}", 100 + self.below(400)),
            _ => format!("{:02}{:03}", 1 + self.below(95), 1 + self.below(900)),
        };
        let body = format!(
            "{sex}{:02}{month:02}{place}{:03}",
            year % 100,
            1 + self.below(999)
        );
        let key = validate::nir_key(body.as_bytes()).unwrap_or(0);
        format!("{body}{key:02}")
    }

    /// `nir` with the birth year and month of another birth date, its key computed anew:
    /// the number a twin born the same day holds.
    pub(crate) fn nir_born(nir: &str, (year, month, _): (u16, u8, u8)) -> String {
        let body = format!("{}{:02}{month:02}{}", &nir[..1], year % 100, &nir[5..13]);
        let key = validate::nir_key(body.as_bytes()).unwrap_or(0);
        format!("{body}{key:02}")
    }

    pub(crate) fn nir_format(&mut self, nir: &str) -> String {
        let groups = [
            &nir[..1],
            &nir[1..3],
            &nir[3..5],
            &nir[5..7],
            &nir[7..10],
            &nir[10..13],
            &nir[13..],
        ];
        match self.below(3) {
            0 => nir.to_string(),
            1 => groups.join(" "),
            _ => groups.join("."),
        }
    }

    pub(crate) fn phone_format(&mut self, phone: &str) -> String {
        let pairs: Vec<&str> = (0..5).map(|i| &phone[2 * i..2 * i + 2]).collect();
        match self.below(4) {
            0 => phone.to_string(),
            1 => pairs.join(" "),
            2 => pairs.join("."),
            _ => format!("+33 {} {}", &phone[1..2], pairs[1..].join(" ")),
        }
    }

    pub(crate) fn date_recent(&mut self) -> String {
        format!(
            "{:02}/{:02}/{}",
            1 + self.below(28),
            1 + self.below(12),
            2020 + self.below(6)
        )
    }

    fn with_luhn(&mut self, prefix: &str, len: usize) -> String {
        let mut s = prefix.to_string() + &self.digits(len - 1 - prefix.len());
        s.push(char::from(validate::luhn_check_digit(s.as_bytes())));
        s
    }

    pub(crate) fn rpps(&mut self) -> String {
        self.with_luhn("10", 11)
    }

    pub(crate) fn finess(&mut self) -> String {
        let dept = format!("{:02}", 1 + self.below(95));
        self.with_luhn(&dept, 9)
    }

    pub(crate) fn siret(&mut self) -> String {
        self.with_luhn("", 14)
    }

    pub(crate) fn iban(&mut self) -> String {
        let rib = format!("{}{}{}", self.digits(5), self.digits(5), self.digits(11));
        let key = validate::rib_key(rib.as_bytes()).unwrap_or(0);
        let bban = format!("{rib}{key:02}");
        let check = validate::iban_check_digits(b"FR", bban.as_bytes()).unwrap_or(*b"00");
        format!("FR{}{}{bban}", check[0] as char, check[1] as char)
    }

    pub(crate) fn iban_format(&mut self) -> String {
        let iban = self.iban();
        if self.rng.bool() {
            return iban;
        }
        iban.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(crate) fn card_format(&mut self) -> String {
        let prefix = if self.rng.bool() {
            "4".to_string()
        } else {
            format!("5{}", 1 + self.below(5))
        };
        let card = self.with_luhn(&prefix, 16);
        if self.rng.bool() {
            card
        } else {
            format!(
                "{} {} {} {}",
                &card[..4],
                &card[4..8],
                &card[8..12],
                &card[12..]
            )
        }
    }

    /// A 15-digit number that is neither a NIR nor a card.
    pub(crate) fn bad_nir(&mut self) -> String {
        loop {
            let p = self.person();
            let key: u8 = p.nir[13..].parse().unwrap_or(0);
            let wrong = format!("{}{:02}", &p.nir[..13], (key % 97) + 1);
            if !validate::nir(wrong.as_bytes()) && !validate::payment_card(wrong.as_bytes()) {
                return wrong;
            }
        }
    }

    /// A card-shaped number whose Luhn check fails.
    pub(crate) fn bad_card(&mut self) -> String {
        self.bad_luhn(16)
    }

    pub(crate) fn bad_luhn(&mut self, len: usize) -> String {
        let good = self.with_luhn("4", len);
        let last = good.as_bytes()[len - 1] - b'0';
        format!("{}{}", &good[..len - 1], (last + 1) % 10)
    }

    pub(crate) fn bad_iban(&mut self) -> String {
        let good = self.iban();
        let check: u8 = good[2..4].parse().unwrap_or(2);
        let wrong = if check >= 97 { 2 } else { check + 1 };
        format!("FR{wrong:02}{}", &good[4..])
    }

    pub(crate) fn lab_name(&mut self) -> &'static str {
        LABS[self.below(LABS.len())]
    }
}
