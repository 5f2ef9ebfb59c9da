//! Non-personal files of a laboratory's file share: application logs, stock lists,
//! meeting minutes and configuration. They hold numbers, dates and words that look like
//! identifiers (request ids, barcodes, amounts, versions) but no personal data: every
//! finding in them is a false positive. Nothing here goes in the truth.

use crate::people::Gen;
use crate::write::{Enc, Out};

const SENTENCES: &[&str] = &[
    "Le comité de direction a validé le budget de fonctionnement pour l'année suivante.",
    "La maintenance préventive des automates est planifiée en début de mois.",
    "Les contrôles de qualité internes ont été conformes sur l'ensemble des séries.",
    "Le nouveau système informatique sera déployé après la phase de recette.",
    "Les équipes du plateau technique ont suivi la formation aux procédures d'hygiène.",
    "Le fournisseur a confirmé la livraison des réactifs avant la fin de la semaine.",
    "La température des chambres froides est relevée deux fois par jour.",
    "Le plan de continuité d'activité a été mis à jour et diffusé aux responsables.",
    "Les indicateurs de délai de rendu sont stables par rapport au trimestre précédent.",
    "La salle de réunion du deuxième étage est réservée pour la revue de direction.",
    "Un audit de certification est prévu au printemps par l'organisme accréditeur.",
    "Les consommables non conformes ont été retournés au fabricant pour analyse.",
];

const ITEMS: &[&str] = &[
    "Tube EDTA 5 ml",
    "Tube sec 4 ml",
    "Aiguille 21G",
    "Gants nitrile M",
    "Embout de pipette 200 µl",
    "Réactif contrôle niveau 2",
    "Cuvette de lecture",
    "Papier imprimante thermique",
];

impl Gen {
    fn number(&mut self, digits: usize) -> String {
        (0..digits)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

pub(crate) fn log(out: &mut Out, g: &mut Gen, lines: usize) -> std::io::Result<()> {
    for i in 0..lines {
        let line = format!(
            "2025-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z INFO [worker-{}] GET /api/v2/resultats/export request id={} status=200 took {} ms bytes={} client=10.{}.{}.{}",
            1 + g.below(12),
            1 + g.below(28),
            g.below(24),
            g.below(60),
            g.below(60),
            g.below(1000),
            i % 8,
            g.number(15),
            1 + g.below(900),
            g.below(5_000_000),
            g.below(255),
            g.below(255),
            g.below(255)
        );
        out.raw_line(&line)?;
    }
    Ok(())
}

pub(crate) fn stock(out: &mut Out, g: &mut Gen, rows: usize) -> std::io::Result<()> {
    out.record(
        &[
            "ref",
            "libelle",
            "quantite",
            "prix",
            "code_barre",
            "lot",
            "date_peremption",
        ],
        b';',
    )?;
    for i in 0..rows {
        let item = ITEMS[g.below(ITEMS.len())];
        out.record(
            &[
                &format!("REF{i:06}"),
                item,
                &(1 + g.below(500)).to_string(),
                &format!("{},{:02}", 1 + g.below(99), g.below(100)),
                &g.number(13),
                &format!("L{}", g.number(9)),
                &format!("{:02}/{:02}/2027", 1 + g.below(28), 1 + g.below(12)),
            ],
            b';',
        )?;
    }
    Ok(())
}

pub(crate) fn minutes(out: &mut Out, g: &mut Gen, paragraphs: usize) -> std::io::Result<()> {
    for _ in 0..paragraphs {
        out.raw_line(&format!(
            "Compte rendu de réunion — semaine {}",
            1 + g.below(52)
        ))?;
        for _ in 0..4 {
            let s = SENTENCES[g.below(SENTENCES.len())];
            out.raw_line(s)?;
        }
        out.raw_line("")?;
    }
    Ok(())
}

pub(crate) fn config(out: &mut Out, g: &mut Gen, entries: usize) -> std::io::Result<()> {
    out.raw_line("{")?;
    out.raw_line("  \"services\": [")?;
    for i in 0..entries {
        let last = if i + 1 == entries { "" } else { "," };
        out.raw_line(&format!(
            "    {{\"name\": \"export-{i}\", \"version\": \"{}.{}.{}\", \"timeout_ms\": {}, \"retries\": {}, \"queue\": \"q-{}\"}}{last}",
            g.below(5), g.below(20), g.below(100), 1000 * (1 + g.below(30)), g.below(5), g.number(6)
        ))?;
    }
    out.raw_line("  ]")?;
    out.raw_line("}")
}

/// Opens a filler file (UTF-8, LF).
pub(crate) fn open(dir: &std::path::Path, rel: &str) -> std::io::Result<Out> {
    Out::create(dir, rel, Enc::Utf8, "\n")
}
