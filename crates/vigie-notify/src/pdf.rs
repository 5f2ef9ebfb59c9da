//! PDF documents: the letters to persons (address placed for a window envelope) and the
//! drafts for the authorities. Written with lopdf in the PDF standard fonts (Helvetica,
//! Windows-1252 text), so nothing is embedded or fetched and every reader shows them.
//!
//! Line breaking is ours: it needs the fonts' advance widths, which no lean crate gives
//! for the standard fonts; they are Adobe's published metrics (Helvetica and
//! Helvetica-Bold AFM, printable ASCII), and an accented letter takes its base letter's
//! width, as in those fonts.

use crate::Error;
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId, Stream, StringFormat, dictionary};

/// A4, in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 20.0 * MM;
const TOP: f32 = 20.0 * MM;
const BOTTOM: f32 = 22.0 * MM;

#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// The width of `text` at `size` points.
fn width(text: &str, size: f32, bold: bool) -> f32 {
    let table = if bold { &HELVETICA_BOLD } else { &HELVETICA };
    let units: u32 = text
        .chars()
        .map(|c| {
            let folded = vigie_detect::fold::fold(&c.to_string())
                .chars()
                .next()
                .unwrap_or(c);
            let base = if c.is_uppercase() {
                folded.to_ascii_uppercase()
            } else {
                folded
            };
            match base {
                ' '..='~' => u32::from(table[base as usize - 32]),
                // Ligatures and wide signs (œ, Œ, æ, €, —, …) are wider than a letter.
                'œ' | 'Œ' | 'æ' | 'Æ' | '—' | '…' => 1000,
                _ => 556,
            }
        })
        .sum();
    units as f32 * size / 1000.0
}

/// The Windows-1252 bytes of `text`, a `?` for what the standard fonts cannot show.
fn winansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        match (unmappable, bytes.as_ref()) {
            (false, [b]) => out.push(*b),
            _ => out.push(b'?'),
        }
    }
    out
}

/// Splits `text` into lines no wider than `max`; a word longer than a line is cut.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size, bold) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if width(&piece, size, bold) > max {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One piece of text placed on a page.
#[derive(Clone, Debug)]
struct Text {
    x: f32,
    /// From the bottom of the page, as PDF counts.
    y: f32,
    size: f32,
    bold: bool,
    text: String,
    /// Drawn on a yellow mark: a field still to fill in before the draft is sent.
    marked: bool,
}

type Page = Vec<Text>;

/// What flows down the pages.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    Bullet(String),
    /// A label and its value, side by side.
    Field(String, String),
    /// A label and the words saying it is still to fill in, marked as the HTML draft
    /// marks them, so that a printed draft shows what is missing too.
    Missing(String, String),
    Space,
}

/// Reads a letter's text: `# ` starts a heading, `- ` a bullet, blank lines part
/// paragraphs.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join(" ")));
            para.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix("# ") {
            flush(&mut para, &mut out);
            out.push(Block::Heading(h.to_string()));
        } else if let Some(b) = t.strip_prefix("- ") {
            flush(&mut para, &mut out);
            out.push(Block::Bullet(b.to_string()));
        } else if t.is_empty() {
            flush(&mut para, &mut out);
            if out.last().is_some_and(|b| *b != Block::Space) {
                out.push(Block::Space);
            }
        } else {
            para.push(t);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Lays blocks out from `y` down, starting new pages as needed.
struct Flow {
    pages: Vec<Page>,
    y: f32,
}

const BODY: f32 = 10.0;
const LEADING: f32 = 13.5;

impl Flow {
    fn new(first: Page, y: f32) -> Flow {
        Flow {
            pages: vec![first],
            y,
        }
    }

    fn line(&mut self, x: f32, size: f32, bold: bool, text: String) {
        self.line_marked(x, size, bold, text, false);
    }

    fn line_marked(&mut self, x: f32, size: f32, bold: bool, text: String, marked: bool) {
        if self.y - size < BOTTOM {
            self.pages.push(Vec::new());
            self.y = HEIGHT - TOP;
        }
        self.y -= size * LEADING / BODY;
        if let Some(p) = self.pages.last_mut() {
            p.push(Text {
                x,
                y: self.y,
                size,
                bold,
                text,
                marked,
            });
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        self.text_within(x, WIDTH - RIGHT - x, size, bold, text);
    }

    fn text_within(&mut self, x: f32, max: f32, size: f32, bold: bool, text: &str) {
        for l in wrap(text, size, bold, max) {
            self.line(x, size, bold, l);
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Title(t) => {
                self.text(LEFT, 15.0, true, t);
                self.y -= 6.0;
            }
            Block::Heading(h) => {
                self.y -= 4.0;
                self.text(LEFT, 11.0, true, h);
            }
            Block::Paragraph(p) => self.text(LEFT, BODY, false, p),
            Block::Bullet(b) => {
                let lines = wrap(b, BODY, false, WIDTH - RIGHT - LEFT - 12.0);
                for (i, l) in lines.into_iter().enumerate() {
                    if i == 0 {
                        self.line(LEFT + 2.0, BODY, false, "•".into());
                        self.y += LEADING;
                    }
                    self.line(LEFT + 12.0, BODY, false, l);
                }
            }
            Block::Field(label, value) | Block::Missing(label, value) => {
                let marked = matches!(b, Block::Missing(..));
                let col = LEFT + 62.0 * MM;
                let start = self.y;
                let pages = self.pages.len();
                self.text_within(LEFT, col - LEFT - 4.0 * MM, 9.0, true, label);
                let (after_label, label_pages) = (self.y, self.pages.len());
                if label_pages == pages {
                    self.y = start;
                }
                let value = if value.trim().is_empty() {
                    "—"
                } else {
                    value.as_str()
                };
                for (i, para) in value.lines().enumerate() {
                    if i > 0 {
                        self.y -= 2.0;
                    }
                    for l in wrap(para, 9.0, false, WIDTH - RIGHT - col) {
                        self.line_marked(col, 9.0, false, l, marked);
                    }
                }
                if self.pages.len() == label_pages {
                    self.y = self.y.min(after_label);
                }
                self.y -= 3.0;
            }
            Block::Space => self.y -= LEADING * 0.6,
        }
    }
}

/// A letter to one person.
pub struct Letter<'a> {
    /// The letterhead: the organisation and its address.
    pub sender: &'a [String],
    /// The address block (name, street lines, postcode and city).
    pub address: &'a [String],
    /// `Le 29 novembre 2026`.
    pub date: &'a str,
    /// The letter's text (`# ` headings, `- ` bullets).
    pub text: &'a str,
    /// Printed small at the foot of each page, for the mail house: the case and letter.
    pub footer: &'a str,
}

/// The pages of one letter. The address sits where a French window envelope (DL, window
/// on the right) shows it: 110 mm from the left edge, from 50 mm below the top.
fn letter_pages(l: &Letter) -> Vec<Page> {
    let mut first = Vec::new();
    let mut y = HEIGHT - TOP;
    for (i, s) in l.sender.iter().enumerate() {
        y -= 12.0;
        first.push(Text {
            x: LEFT,
            y,
            size: if i == 0 { 11.0 } else { 9.0 },
            bold: i == 0,
            text: s.clone(),
            marked: false,
        });
    }
    let mut y = HEIGHT - 50.0 * MM;
    for line in l.address.iter().take(6) {
        y -= 13.0;
        let mut text = line.clone();
        while width(&text, 10.5, false) > 85.0 * MM && text.pop().is_some() {}
        first.push(Text {
            x: 110.0 * MM,
            y,
            size: 10.5,
            bold: false,
            text,
            marked: false,
        });
    }
    first.push(Text {
        x: 110.0 * MM,
        y: HEIGHT - 100.0 * MM,
        size: 10.0,
        bold: false,
        text: l.date.to_string(),
        marked: false,
    });
    let mut flow = Flow::new(first, HEIGHT - 110.0 * MM);
    for b in blocks(l.text) {
        flow.block(&b);
    }
    flow.pages
}

/// Adds page numbers and a footer to each page of one document.
fn footed(mut pages: Vec<Page>, footer: &str) -> Vec<Page> {
    let n = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        p.push(Text {
            x: LEFT,
            y: 12.0 * MM,
            size: 7.5,
            bold: false,
            text: format!("{footer}  —  {}/{n}", i + 1),
            marked: false,
        });
    }
    pages
}

/// Writes pages into one PDF.
fn render(pages: &[Page], title: &str) -> Result<Vec<u8>, Error> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = |doc: &mut Document, name: &str| {
        doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => name,
            "Encoding" => "WinAnsiEncoding",
        })
    };
    let regular = font(&mut doc, "Helvetica");
    let bold = font(&mut doc, "Helvetica-Bold");
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });
    let mut kids: Vec<Object> = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::with_capacity(page.len() * 4 + 2);
        for t in page {
            if t.marked {
                // A light yellow box behind the words (the HTML draft's colour).
                let w = width(&t.text, t.size, t.bold);
                ops.push(Operation::new("q", vec![]));
                ops.push(Operation::new(
                    "rg",
                    vec![1.0.into(), 0.953.into(), 0.804.into()],
                ));
                ops.push(Operation::new(
                    "re",
                    vec![
                        (t.x - 1.5).into(),
                        (t.y - t.size * 0.3).into(),
                        (w + 3.0).into(),
                        (t.size * 1.2).into(),
                    ],
                ));
                ops.push(Operation::new("f", vec![]));
                ops.push(Operation::new("Q", vec![]));
            }
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new(
                "Tf",
                vec![if t.bold { "F2" } else { "F1" }.into(), t.size.into()],
            ));
            ops.push(Operation::new("Td", vec![t.x.into(), t.y.into()]));
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(winansi(&t.text), StringFormat::Literal)],
            ));
            ops.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations: ops }
            .encode()
            .map_err(|e| Error::Pdf(e.to_string()))?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id: ObjectId = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), WIDTH.into(), HEIGHT.into()],
        }),
    );
    let info = doc.add_object(dictionary! {
        "Title" => Object::String(winansi(title), StringFormat::Literal),
        "Producer" => Object::string_literal("vigie"),
    });
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(out)
}

/// One letter as a PDF.
pub fn letter(l: &Letter) -> Result<Vec<u8>, Error> {
    render(&footed(letter_pages(l), l.footer), l.footer)
}

/// Letters in one file for the mail house, after an index of who is on which page.
/// `index_header` names the index's columns; each entry's first cells are given, its
/// page is added.
pub fn merged(
    letters: &[(Vec<String>, Letter)],
    title: &str,
    index_header: &[&str],
) -> Result<Vec<u8>, Error> {
    let laid: Vec<Vec<Page>> = letters
        .iter()
        .map(|(_, l)| footed(letter_pages(l), l.footer))
        .collect();
    // The index's own length decides where the letters start: lay it out once with
    // placeholder pages to count, then again with the real ones.
    let index = |offset: usize| {
        let mut flow = Flow::new(Vec::new(), HEIGHT - TOP);
        flow.block(&Block::Title(title.to_string()));
        let row = |cells: &[String]| cells.join("   ·   ");
        let header: Vec<String> = index_header.iter().map(|s| s.to_string()).collect();
        flow.text(LEFT, 9.0, true, &row(&header));
        let mut page = offset + 1;
        for ((cells, _), pages) in letters.iter().zip(&laid) {
            let mut cells = cells.clone();
            cells.push(page.to_string());
            flow.text(LEFT, 9.0, false, &row(&cells));
            page += pages.len();
        }
        flow.pages
    };
    let first = index(0).len();
    let mut pages = index(first);
    for l in laid {
        pages.extend(l);
    }
    render(&pages, title)
}

/// A draft for an authority, or any titled document of fields.
pub fn document(title: &str, blocks: &[Block], footer: &str) -> Result<Vec<u8>, Error> {
    let mut flow = Flow::new(Vec::new(), HEIGHT - TOP);
    flow.block(&Block::Title(title.to_string()));
    for b in blocks {
        flow.block(b);
    }
    render(&footed(flow.pages, footer), title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_to_fill_in_is_marked_in_the_pdf_as_in_the_html() {
        let marks = |blocks: &[Block]| -> usize {
            let bytes = document("Projet", blocks, "VIG-1 · CNIL").expect("pdf");
            let doc = Document::load_mem(&bytes).expect("a PDF");
            doc.get_pages()
                .values()
                .map(|&id| {
                    let content = doc.get_page_content(id);
                    Content::decode(&content)
                        .expect("operations")
                        .operations
                        .iter()
                        .filter(|o| o.operator == "re")
                        .count()
                })
                .sum()
        };
        let field = Block::Field("Intitulé".into(), "Extraction publiée".into());
        let missing = Block::Missing("Conséquences".into(), "À compléter".into());
        assert_eq!(marks(std::slice::from_ref(&field)), 0);
        assert_eq!(marks(&[field, missing.clone()]), 1);
        // A long value still to fill in is marked on each of its lines.
        let long = Block::Missing("Mesures".into(), "À compléter ".repeat(30));
        assert!(marks(&[long]) >= 2);
    }

    #[test]
    fn lines_fit_the_page_and_keep_every_word() {
        let text = "Nous vous écrivons parce que des données vous concernant ont été exposées lors d'un incident de sécurité découvert le 20 novembre 2026. Anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement fin.";
        let max = 200.0;
        let lines = wrap(text, 10.0, false, max);
        assert!(lines.len() > 3);
        assert!(
            lines.iter().all(|l| width(l, 10.0, false) <= max),
            "{lines:?}"
        );
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        // Helvetica's published widths: "Hello" = 722+556+222+222+556.
        assert!((width("Hello", 1000.0, false) - 2278.0).abs() < 0.01);
        assert!(width("W", 10.0, true) > width("i", 10.0, true) * 3.0);
    }

    #[test]
    fn text_is_encoded_for_the_standard_fonts() {
        assert_eq!(winansi("é€œ«»"), vec![0xE9, 0x80, 0x9C, 0xAB, 0xBB]);
        assert_eq!(winansi("a→b"), b"a?b".to_vec());
    }

    #[test]
    fn a_letters_text_becomes_blocks() {
        let b = blocks("# Titre\nUne ligne\nqui continue\n\n- un\n- deux\n\nFin");
        assert_eq!(
            b,
            vec![
                Block::Heading("Titre".into()),
                Block::Paragraph("Une ligne qui continue".into()),
                Block::Space,
                Block::Bullet("un".into()),
                Block::Bullet("deux".into()),
                Block::Space,
                Block::Paragraph("Fin".into()),
            ]
        );
    }

    #[test]
    fn a_long_letter_runs_onto_more_pages_and_the_address_stays_in_the_window() {
        let body = "- Une recommandation assez longue pour occuper une ligne entière de la page.\n"
            .repeat(80);
        let sender = ["Laboratoire".to_string()];
        let address = [
            "M. TEST".to_string(),
            "1 rue A".to_string(),
            "75001 PARIS".to_string(),
        ];
        let l = Letter {
            sender: &sender,
            address: &address,
            date: "Le 1er décembre 2026",
            text: &body,
            footer: "VIG-2026-0001 n° 1",
        };
        let pages = letter_pages(&l);
        assert!(pages.len() >= 2);
        for t in pages.iter().flatten() {
            assert!(t.y >= BOTTOM - 1.0 && t.y <= HEIGHT - TOP, "{t:?}");
        }
        let addr: Vec<&Text> = pages[0]
            .iter()
            .filter(|t| address.contains(&t.text))
            .collect();
        assert_eq!(addr.len(), 3);
        for t in addr {
            // The window: 110 to 200 mm from the left, 50 to 95 mm from the top.
            assert!(t.x >= 110.0 * MM - 0.1 && t.x + width(&t.text, t.size, false) <= 200.0 * MM);
            let from_top = (HEIGHT - t.y) / MM;
            assert!((50.0..95.0).contains(&from_top), "{from_top}");
        }
    }
}
