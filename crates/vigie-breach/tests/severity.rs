//! ENISA severity on worked vectors, computed by hand from the method's tables.

use vigie_breach::severity::{
    Adjustment, DpcCategory, EaseOfIdentification, Level, Loss, SeverityInput,
};

fn input(category: DpcCategory, ei: EaseOfIdentification) -> SeverityInput {
    SeverityInput {
        category,
        adjustments: Vec::new(),
        ease_of_identification: ei,
        confidentiality: Loss::None,
        integrity: Loss::None,
        availability: Loss::None,
        malicious: false,
    }
}

#[test]
fn forum_leak_of_nir_and_diagnoses_is_very_high() {
    // NIR and diagnoses posted on a public forum by an attacker: DPC 4 (health data), EI 1
    // (NIR and names), CB 0.5 (published) + 0.5 (malicious) = 1.0 → 4 × 1 + 1 = 5.0.
    let s = SeverityInput {
        confidentiality: Loss::Full,
        malicious: true,
        ..input(DpcCategory::Sensitive, EaseOfIdentification::Maximum)
    }
    .assess()
    .expect("valid");
    assert_eq!((s.dpc, s.ei, s.cb, s.score), (4, 1.0, 1.0, 5.0));
    assert_eq!(s.level, Level::VeryHigh);
}

#[test]
fn other_worked_vectors() {
    // A list of names and phone numbers e-mailed to one wrong, known recipient:
    // 1 × 1 + 0.25 = 1.25, low.
    let s = SeverityInput {
        confidentiality: Loss::Limited,
        ..input(DpcCategory::Simple, EaseOfIdentification::Maximum)
    }
    .assess()
    .expect("valid");
    assert_eq!((s.score, s.level), (1.25, Level::Low));
    // Ransomware makes lab results unavailable for two days, restored from backups;
    // pseudonymised files (EI 0.75): 4 × 0.75 + 0.25 + 0.5 = 3.75, high.
    let s = SeverityInput {
        availability: Loss::Limited,
        malicious: true,
        ..input(DpcCategory::Sensitive, EaseOfIdentification::Significant)
    }
    .assess()
    .expect("valid");
    assert_eq!((s.score, s.level), (3.75, Level::High));
    // Simple data of a vulnerable population (+1): DPC 2; with significant EI 0.75 and an
    // irrecoverable alteration: 2 × 0.75 + 0.5 = 2.0, medium (the band starts at 2).
    let s = SeverityInput {
        adjustments: vec![Adjustment {
            delta: 1,
            reason: "minors".into(),
        }],
        integrity: Loss::Full,
        ..input(DpcCategory::Simple, EaseOfIdentification::Significant)
    }
    .assess()
    .expect("valid");
    assert_eq!((s.dpc, s.score, s.level), (2, 2.0, Level::Medium));
}

#[test]
fn dpc_stays_within_one_to_four() {
    let up = SeverityInput {
        adjustments: vec![Adjustment {
            delta: 2,
            reason: "large volume".into(),
        }],
        ..input(DpcCategory::Sensitive, EaseOfIdentification::Maximum)
    };
    assert_eq!(up.assess().expect("valid").dpc, 4);
    let down = SeverityInput {
        adjustments: vec![Adjustment {
            delta: -3,
            reason: "already public".into(),
        }],
        ..input(DpcCategory::Financial, EaseOfIdentification::Maximum)
    };
    assert_eq!(down.assess().expect("valid").dpc, 1);
}

#[test]
fn bands_and_bad_adjustments() {
    assert_eq!(Level::of(1.99), Level::Low);
    assert_eq!(Level::of(2.0), Level::Medium);
    assert_eq!(Level::of(3.0), Level::High);
    assert_eq!(Level::of(3.99), Level::High);
    assert_eq!(Level::of(4.0), Level::VeryHigh);
    let unexplained = SeverityInput {
        adjustments: vec![Adjustment {
            delta: 1,
            reason: " ".into(),
        }],
        ..input(DpcCategory::Simple, EaseOfIdentification::Maximum)
    };
    assert!(
        unexplained
            .assess()
            .expect_err("no reason")
            .0
            .contains("without a reason")
    );
    let too_far = SeverityInput {
        adjustments: vec![Adjustment {
            delta: 5,
            reason: "x".into(),
        }],
        ..input(DpcCategory::Simple, EaseOfIdentification::Maximum)
    };
    assert!(
        too_far
            .assess()
            .expect_err("out of range")
            .0
            .contains("out of")
    );
}
