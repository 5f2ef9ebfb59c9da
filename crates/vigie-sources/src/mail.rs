//! E-mail: `.eml` messages and `.mbox` mailboxes. A message's headers (decoded names and
//! addresses, subject) and text bodies (decoded from quoted-printable or base64, HTML as
//! text) become numbered lines of free text; attachments are read as members
//! (`message.eml!resultats.pdf`), through every decoder, within the nesting limit.
//! In a mailbox each message is an item of its own (`inbox.mbox!12`).
//!
//! MIME, RFC 2047 and transfer encodings are mail-parser's; a message is held whole while
//! it is read (bounded by the member size limit).

use crate::{Encoding, Format, Limits, Message, Note, Severity, Sink};
use mail_parser::{Address, MessageParser, MimeHeaders};
use std::io::{BufRead, Read};

fn addresses(label: &str, a: Option<&Address>, lines: &mut Vec<String>) {
    if let Some(a) = a {
        for addr in a.iter() {
            let name = addr.name().unwrap_or("");
            let email = addr.address().unwrap_or("");
            lines.push(format!("{label}: {name} <{email}>"));
        }
    }
}

fn message(
    display: &str,
    raw: &[u8],
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    let Some(msg) = MessageParser::default().parse(raw) else {
        sink.note(Note {
            path: display.to_string(),
            line: None,
            severity: Severity::Error,
            message: Message::new(
                "message électronique illisible",
                "not a readable e-mail message",
            ),
        });
        return Ok(());
    };
    let mut lines = Vec::new();
    addresses("From", msg.from(), &mut lines);
    addresses("To", msg.to(), &mut lines);
    addresses("Cc", msg.cc(), &mut lines);
    addresses("Reply-To", msg.reply_to(), &mut lines);
    if let Some(s) = msg.subject() {
        lines.push(format!("Subject: {s}"));
    }
    lines.push(String::new());
    for i in 0..msg.text_body_count() {
        if let Some(body) = msg.body_text(i) {
            lines.extend(body.lines().map(str::to_string));
            lines.push(String::new());
        }
    }
    for (n, line) in lines.iter().enumerate() {
        sink.text(n as u64 + 1, line);
    }
    if depth + 1 > limits.max_depth_archives {
        if msg.attachment_count() > 0 {
            sink.note(Note {
                path: display.to_string(),
                line: None,
                severity: Severity::Skipped,
                message: Message::new(
                    format!(
                        "pièces jointes imbriquées sur plus de {} niveaux, non lues",
                        limits.max_depth_archives
                    ),
                    format!(
                        "attachments nested deeper than {} levels, not read",
                        limits.max_depth_archives
                    ),
                ),
            });
        }
        return Ok(());
    }
    for (k, part) in msg.attachments().enumerate() {
        let name = part
            .attachment_name()
            .map_or_else(|| format!("attachment-{}", k + 1), str::to_string);
        let member = format!("{display}!{name}");
        if let Err(e) =
            crate::decode::read_item_at(&member, Box::new(part.contents()), limits, sink, depth + 1)
        {
            sink.note(Note {
                path: member,
                line: None,
                severity: Severity::Error,
                message: Message::io(
                    "pièce jointe non lue jusqu'au bout",
                    "attachment not read to the end",
                    &e,
                ),
            });
        }
    }
    Ok(())
}

pub(crate) fn read_mail(
    display: &str,
    input: impl BufRead,
    mbox: bool,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    if !mbox {
        let mut raw = Vec::new();
        input.take(limits.max_member_bytes).read_to_end(&mut raw)?;
        return message(display, &raw, limits, sink, depth);
    }
    for (n, entry) in mail_parser::mailbox::mbox::MessageIterator::new(input).enumerate() {
        let entry = entry?;
        let item = format!("{display}!{}", n + 1);
        sink.item(&item, Format::Mail, Encoding::Utf8);
        message(&item, entry.contents(), limits, sink, depth + 1)?;
    }
    Ok(())
}
