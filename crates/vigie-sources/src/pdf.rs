//! PDF documents: the text of each page, through lopdf. Every line of a page's text is
//! handed on with the page number as its `line` (a finding in a PDF says its page).
//! A PDF is held whole while read (bounded by the member size limit); encrypted and
//! damaged documents, and pages whose text cannot be extracted, are noted.

use crate::{Limits, Message, Note, Severity, Sink};
use std::io::Read;

pub(crate) fn read_pdf(
    display: &str,
    input: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let note = |sink: &mut dyn Sink, line: Option<u64>, message: Message| {
        sink.note(Note {
            path: display.to_string(),
            line,
            severity: Severity::Error,
            message,
        })
    };
    let mut bytes = Vec::new();
    input
        .take(limits.max_member_bytes)
        .read_to_end(&mut bytes)?;
    let doc = match lopdf::Document::load_mem(&bytes) {
        Ok(d) => d,
        Err(e) => {
            note(
                sink,
                None,
                Message::with_detail(
                    "PDF illisible (endommagé ou chiffré ?)",
                    "not a readable PDF (damaged or encrypted?)",
                    e,
                ),
            );
            return Ok(());
        }
    };
    drop(bytes);
    if doc.is_encrypted() {
        note(
            sink,
            None,
            Message::new(
                "PDF chiffré, texte illisible sans son mot de passe",
                "encrypted PDF, text not readable without its password",
            ),
        );
        return Ok(());
    }
    let limit = usize::try_from(limits.max_member_bytes).unwrap_or(usize::MAX);
    for (page, id) in doc.get_pages() {
        limits.check_time()?;
        match page_text(&doc, id, limit) {
            Ok(text) => {
                for line in unwrapped(&text) {
                    sink.text(u64::from(page), &line);
                }
                // A page ends a paragraph.
                sink.text(u64::from(page), "");
            }
            Err(e) => note(
                sink,
                Some(u64::from(page)),
                Message::with_detail(
                    &format!("texte de la page {page} non extrait"),
                    &format!("text of page {page} not extracted"),
                    e,
                ),
            ),
        }
    }
    Ok(())
}

/// The page's lines with prose re-joined where the layout wrapped it: a line that does
/// not end a sentence, followed by one that starts in lower case or with a bracket, is
/// the same sentence ("… hypertension essentielle" / "(I10)."), and its context must
/// reach the code. Nothing is lost: every line of a page is located by the page.
fn unwrapped(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let continues = line
            .trim_start()
            .starts_with(|c: char| c.is_lowercase() || c == '(');
        match out.last_mut() {
            Some(prev)
                if continues
                    && !prev.trim_end().is_empty()
                    && !prev.trim_end().ends_with(['.', ':', ';', '!', '?']) =>
            {
                prev.push(' ');
                prev.push_str(line.trim_start());
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// The text of one page, a line each time the text moves to another line (`Td`/`TD` with a
/// vertical move, `Tm` to another height, `T*`, `'`, `"`, `ET`). Written here because
/// lopdf's `extract_text` breaks lines only at `T*` and `ET`: the lines of a report laid
/// out with `Td` or `Tm`, as word processors write them, ran together, gluing a NIR or an
/// e-mail address to the word before it.
fn page_text(doc: &lopdf::Document, page: lopdf::ObjectId, limit: usize) -> lopdf::Result<String> {
    use lopdf::Object;
    let fonts = doc.get_page_fonts(page)?;
    let encodings: std::collections::BTreeMap<Vec<u8>, lopdf::Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| Some((name, font.get_font_encoding(doc).ok()?)))
        .collect();
    let content = lopdf::content::Content::decode(&doc.get_page_content_with_limit(page, limit)?)?;
    let mut text = String::new();
    let mut encoding = None;
    let mut y: Option<f32> = None;
    let newline = |text: &mut String| {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    };
    let space = |text: &mut String| {
        if !text.is_empty() && !text.ends_with([' ', '\n']) {
            text.push(' ');
        }
    };
    let num = |ops: &[Object], i: usize| ops.get(i).and_then(|o| o.as_float().ok());
    for op in &content.operations {
        let ops = &op.operands;
        match op.operator.as_str() {
            "Tf" => {
                encoding = ops
                    .first()
                    .and_then(|f| f.as_name().ok())
                    .and_then(|f| encodings.get(f))
            }
            "BT" => y = None,
            "ET" | "T*" => newline(&mut text),
            "Td" | "TD" => {
                if num(ops, 1).is_some_and(|dy| dy != 0.0) {
                    newline(&mut text);
                } else {
                    space(&mut text);
                }
            }
            "Tm" => {
                let new_y = num(ops, 5);
                if y.is_some() && new_y != y {
                    newline(&mut text);
                } else {
                    space(&mut text);
                }
                y = new_y;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(op.operator.as_str(), "'" | "\"") {
                    newline(&mut text);
                }
                if let Some(encoding) = encoding {
                    let shown = if op.operator == "\"" {
                        ops.get(2..).unwrap_or(&[])
                    } else {
                        ops
                    };
                    shown_text(&mut text, encoding, shown)?;
                }
            }
            _ => {}
        }
    }
    Ok(text)
}

/// The strings of a `Tj`/`TJ`: in a `TJ` array, a move right of more than a tenth of an
/// em between strings is a space.
fn shown_text(
    text: &mut String,
    encoding: &lopdf::Encoding,
    operands: &[lopdf::Object],
) -> lopdf::Result<()> {
    use lopdf::Object;
    for operand in operands {
        match operand {
            Object::String(bytes, _) => encoding.write_to_string(bytes, text)?,
            Object::Array(items) => shown_text(text, encoding, items)?,
            Object::Integer(_) | Object::Real(_)
                if operand.as_float().is_ok_and(|f| f < -100.0) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrapped_prose_is_one_line_and_fields_stay_apart() {
        let page = "Patient : Mme Marthe DUPRÉ, née le 12/03/1956\n\
                    N° de sécurité sociale : 2 56 03 69 123 034 56\n\
                    Madame, le bilan confirme le diagnostic suivant : hypertension essentielle\n\
                    (I10).\n\
                    Merci de rappeler la patiente au 0104063403 pour convenir du\n\
                    suivi.\n\
                    Dr Paul GIRARD";
        assert_eq!(
            super::unwrapped(page),
            [
                "Patient : Mme Marthe DUPRÉ, née le 12/03/1956",
                "N° de sécurité sociale : 2 56 03 69 123 034 56",
                "Madame, le bilan confirme le diagnostic suivant : hypertension essentielle (I10).",
                "Merci de rappeler la patiente au 0104063403 pour convenir du suivi.",
                "Dr Paul GIRARD",
            ]
        );
        // A sentence that ended, or a blank line, is not continued.
        assert_eq!(super::unwrapped("Fin.\nsuite"), ["Fin.", "suite"]);
        assert_eq!(super::unwrapped("\nsuite"), ["", "suite"]);
    }
}
