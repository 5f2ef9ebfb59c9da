//! Linkage on encodings: Dice comparisons a second, every leak filter against every
//! registry filter on every core (`cargo bench -p vigie-link --bench pprl`). The rate is
//! 4,000 × 4,000 = 16 million comparisons over the median time.

use vigie_link::pprl::{self, Encoded, Secret};
use vigie_link::record::Reader;

fn main() {
    divan::main();
}

/// The generator's registry and leak, encoded.
fn encoded() -> (Vec<Encoded>, Vec<Encoded>) {
    let dir = tempfile::tempdir().expect("tmp");
    vigie_synth::linkage(dir.path(), 4000, 4000, 3).expect("generate");
    let detector = vigie_detect::Detector::new().expect("rules");
    let map = Default::default();
    let reader = Reader {
        detector: &detector,
        overrides: &map,
        id_column: None,
        this_year: 2026,
    };
    let secret = Secret::from_bytes(&[5; 32]);
    let encode = |name: &str| -> Vec<Encoded> {
        let t = reader.read(&dir.path().join(name)).expect("read");
        t.records
            .iter()
            .map(|r| pprl::encode(r, &secret))
            .take(4000)
            .collect()
    };
    (encode("leak.csv"), encode("registry.csv"))
}

#[divan::bench(sample_count = 10)]
fn all_pairs_4000_by_4000(bencher: divan::Bencher) {
    let (leak, registry) = encoded();
    bencher.bench(|| pprl::compare_all(divan::black_box(&leak), &registry, 0.8));
}
