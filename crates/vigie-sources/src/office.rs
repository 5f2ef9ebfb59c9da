//! Word-processing documents: DOCX (`word/document.xml`) and ODT (`content.xml`). Each
//! paragraph is a line of free text; its `line` is the paragraph's number.
//!
//! The XML is read as a stream (quick-xml); only paragraph text is kept.

use crate::{Limits, Message, Note, Severity, Sink};
use quick_xml::events::Event;
use std::io::{BufReader, Read, Seek};

pub(crate) fn read_document<RS: Read + Seek>(
    kind: &str,
    display: &str,
    rs: RS,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let failed = |sink: &mut dyn Sink, message: Message| {
        sink.note(Note::about(display, Severity::Error, message))
    };
    let mut zip = match zip::ZipArchive::new(rs) {
        Ok(z) => z,
        Err(e) => {
            let message = Message::with_detail("document illisible", "not a readable document", e);
            failed(sink, message);
            return Ok(());
        }
    };
    let part = if kind == "odt" {
        "content.xml"
    } else {
        "word/document.xml"
    };
    let entry = match zip.by_name(part) {
        Ok(e) => e,
        Err(e) => {
            failed(
                sink,
                Message::with_detail(
                    &format!("texte du document ({part}) illisible (chiffré ?)"),
                    &format!("document text ({part}) not readable (encrypted?)"),
                    e,
                ),
            );
            return Ok(());
        }
    };
    let mut xml =
        quick_xml::Reader::from_reader(BufReader::new(entry.take(limits.max_member_bytes)));
    // DOCX keeps text in <w:t>; ODT in the paragraphs (<text:p>, <text:h>) themselves.
    let text_only_in_t = kind == "docx";
    let mut buf = Vec::new();
    let mut paragraph = String::new();
    let mut number = 0u64;
    let mut in_t = false;
    let mut depth_p = 0usize;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                failed(
                    sink,
                    Message::with_detail(
                        &format!("XML du document endommagé après le paragraphe {number}"),
                        &format!("document XML damaged after paragraph {number}"),
                        e,
                    ),
                );
                return Ok(());
            }
        };
        match event {
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.local_name().as_ref(),
                    "tab" | "br" | "s" | "line-break" | "cr"
                ) =>
            {
                paragraph.push(' ');
            }
            // An empty paragraph still counts, as the reader sees it, and ends a block of
            // text: a letter's patient is not the next letter's.
            Event::Empty(e) if matches!(e.local_name().as_ref(), "p" | "h") && depth_p == 0 => {
                number += 1;
                sink.text(number, "");
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_t = true,
                "p" | "h" => depth_p += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "p" | "h" => {
                    depth_p = depth_p.saturating_sub(1);
                    if depth_p == 0 {
                        number += 1;
                        sink.text(number, paragraph.trim());
                        paragraph.clear();
                    }
                }
                _ => {}
            },
            Event::Text(t) if depth_p > 0 && (in_t || !text_only_in_t) => {
                paragraph.push_str(t.as_ref());
                if paragraph.len() > limits.max_line {
                    number += 1;
                    sink.text(number, &paragraph);
                    paragraph.clear();
                }
            }
            Event::GeneralRef(r) if depth_p > 0 && (in_t || !text_only_in_t) => {
                let name: &str = r.as_ref();
                if let Some(c) =
                    crate::html::named(name).or_else(|| r.resolve_char_ref().ok().flatten())
                {
                    paragraph.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}
