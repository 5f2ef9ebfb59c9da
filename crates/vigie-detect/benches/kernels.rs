//! Detection kernels: validators, a free-text line, a typed cell. `cargo bench -p vigie-detect`.

use vigie_detect::{ColumnClass, Detector, Matches, validate};

fn main() {
    divan::main();
}

#[divan::bench]
fn nir_validate() -> bool {
    validate::nir(divan::black_box(b"185057800608491"))
}

#[divan::bench]
fn luhn_16() -> bool {
    validate::luhn(divan::black_box(b"4539578763621486"))
}

#[divan::bench]
fn iban_fr() -> bool {
    validate::iban(divan::black_box(b"FR1420041010050500013M02606"))
}

const NOTE: &str = "Patient : Mme Sophie DURAND, née le 12/03/1985 NIR 2 85 03 75 112 345 67 \
tél. 06 12 34 56 78 courriel sophie.durand@example.fr, 12 rue des Lilas 75012 Paris, \
HbA1c 7,2 %, diagnostic CIM-10 E11.9, traitement METFORMINE";

const PLAIN: &str = "Le rendez-vous du laboratoire est reporté à la semaine prochaine faute de personnel disponible ce jour.";

/// An application log line: a 15-digit request id that is no NIR, words that begin like
/// vocabulary (`resultats`, `request`), no personal data.
const LOG: &str = "2025-08-02T00:05:25.405Z INFO [worker-0] GET /api/v2/resultats/export request id=406419927601093 status=200 took 421 ms bytes=3728844 client=10.59.172.124";

#[divan::bench(args = [NOTE, PLAIN, LOG])]
fn scan_text_line(bencher: divan::Bencher, text: &str) {
    let d = Detector::new().expect("rules");
    let mut m = Matches::default();
    bencher
        .counter(divan::counter::BytesCount::of_str(text))
        .bench_local(|| {
            m.clear();
            d.scan_text(divan::black_box(text), None, &mut m);
            m.items.len()
        });
}

#[divan::bench]
fn scan_cell_nir_column(bencher: divan::Bencher) {
    let d = Detector::new().expect("rules");
    let mut m = Matches::default();
    bencher.bench_local(|| {
        m.clear();
        d.scan_cell(
            divan::black_box("1 85 05 78 006 084 91"),
            Some(ColumnClass::Nir),
            &mut m,
        );
        m.items.len()
    });
}
