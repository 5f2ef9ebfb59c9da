//! PDF documents: the text of each page, through lopdf. Every line of a page's text is
//! handed on with the page number as its `line` (a finding in a PDF says its page).
//! A PDF is held whole while read (bounded by the member size limit); encrypted and
//! damaged documents, and pages whose text cannot be extracted, are noted.

use crate::{Limits, Note, Severity, Sink};
use std::io::Read;

pub(crate) fn read_pdf(
    display: &str,
    input: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let note = |sink: &mut dyn Sink, line: Option<u64>, message: String| {
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
                format!("not a readable PDF (damaged or encrypted?): {e}"),
            );
            return Ok(());
        }
    };
    drop(bytes);
    if doc.is_encrypted() {
        note(
            sink,
            None,
            "encrypted PDF, text not readable without its password".to_string(),
        );
        return Ok(());
    }
    let limit = usize::try_from(limits.max_member_bytes).unwrap_or(usize::MAX);
    for page in doc.get_pages().keys() {
        match doc.extract_text_with_limit(&[*page], limit) {
            Ok(text) => {
                for line in text.lines() {
                    sink.text(u64::from(*page), line);
                }
                // A page ends a paragraph.
                sink.text(u64::from(*page), "");
            }
            Err(e) => note(
                sink,
                Some(u64::from(*page)),
                format!("text of page {page} not extracted: {e}"),
            ),
        }
    }
    Ok(())
}
