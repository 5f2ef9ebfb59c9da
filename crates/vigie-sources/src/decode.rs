//! Opening an item: sniff its encoding and format, then hand it to the right decoder.

use crate::sniff::{Format, sample_text, sniff_encoding, sniff_format};
use crate::{Limits, Message, Note, Severity, Sink};
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn id(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// A line (or field) of a byte-oriented file: UTF-8 when it is valid UTF-8, otherwise
/// Windows-1252, which every byte sequence is. Deciding per line copes with files whose
/// encoding changes part-way (concatenated exports), which a whole-file guess does not;
/// a Windows-1252 French line is practically never valid UTF-8. The flag says whether
/// the fallback was used.
pub fn decode_line(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
            true,
        ),
    }
}

const SAMPLE: usize = 64 * 1024;

/// Reads a file from disk. `display` is the path as reports show it.
pub fn read_path(
    path: &Path,
    display: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    if let Some(read) = crate::pgdump::read_directory_part(path, display, limits, sink) {
        return read;
    }
    if let Some(read) = crate::mysqltab::read_tab_part(path, display, limits, sink) {
        return read;
    }
    let file = std::fs::File::open(path)?;
    read_item(display, file, limits, sink)
}

/// Reads one item from any reader (a file, or an archive member).
pub fn read_item(
    display: &str,
    reader: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let limits = limits.starting_now();
    read_item_at(display, Box::new(reader), &limits, sink, 0)
}

/// An item at an archive nesting depth.
/// Members of nested archives come back here: the reader is boxed so that the recursion
/// does not instantiate a new reader type per nesting level.
///
/// A panic in a decoder is turned into an error for this item, so that one hostile file
/// does not end the scan: the parsers we use for binary formats (calamine, lopdf, 7z,
/// Arrow) assert on some malformed inputs (fuzzing found calamine's `to_u32` assertion on
/// a damaged XLS).
pub(crate) fn read_item_at(
    display: &str,
    reader: Box<dyn Read + '_>,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    let guarded =
        std::panic::AssertUnwindSafe(|| read_unguarded(display, reader, limits, sink, depth));
    std::panic::catch_unwind(guarded).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown cause");
        Err(crate::refused(
            std::io::ErrorKind::Other,
            Message::with_detail(
                "le décodeur a échoué sur des données endommagées ; la suite de cet élément n'est pas lue",
                "the decoder failed on damaged data; the rest of this item is not read",
                why,
            ),
        ))
    })
}

/// A zip or an OLE file: spooled, then read as what its directory says it holds.
fn read_container(
    what: &'static str,
    display: &str,
    whole: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    use crate::container::Content;
    let Some(mut file) = crate::archive::spool(whole, limits, sink, display, what)? else {
        sink.item(display, Format::Binary(what), Encoding::Utf8);
        return Ok(());
    };
    match crate::container::identify(what, &mut file)? {
        Content::Spreadsheet(kind) => {
            sink.item(display, Format::Spreadsheet(kind), Encoding::Utf8);
            crate::spreadsheet::read_workbook(kind, display, file, limits, sink)
        }
        Content::Document(kind) => {
            sink.item(display, Format::Document(kind), Encoding::Utf8);
            crate::office::read_document(kind, display, file, limits, sink)
        }
        Content::Zip => {
            sink.item(display, Format::Archive("zip"), Encoding::Utf8);
            if crate::archive::too_deep(display, limits, sink, depth) {
                return Ok(());
            }
            crate::archive::read_zip(display, file, limits, sink, depth)
        }
        Content::Ole(kind) => {
            sink.item(display, Format::Binary(kind), Encoding::Utf8);
            sink.note(Note::about(
                display,
                Severity::Skipped,
                Message::new(
                    format!(
                        "{} : cette version n'en lit pas le texte",
                        crate::in_french(kind)
                    ),
                    format!("{kind}: this version does not read its text"),
                ),
            ));
            Ok(())
        }
        Content::Unreadable(why) => {
            sink.item(display, Format::Binary(what), Encoding::Utf8);
            sink.note(Note::about(display, Severity::Error, why));
            Ok(())
        }
    }
}

fn read_unguarded(
    display: &str,
    reader: Box<dyn Read + '_>,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    let reader = Box::new(crate::Timed {
        inner: reader,
        limits,
    });
    let (sample, reader) = read_sample(reader)?;
    let complete = sample.len() < SAMPLE;
    let encoding = match sniff_encoding(&sample) {
        Ok(e) => e,
        Err(what @ ("zip archive" | "OLE document (XLS/DOC)")) => {
            let whole = std::io::Cursor::new(sample).chain(reader);
            return read_container(what, display, whole, limits, sink, depth);
        }
        Err(what) if let Some(kind) = crate::columnar::kind_of(what) => {
            sink.item(display, Format::Columnar(kind), Encoding::Utf8);
            let whole = std::io::Cursor::new(sample).chain(reader);
            // Parquet's footer is at the end and Arrow files are read by offset: spool.
            return match crate::archive::spool(whole, limits, sink, display, kind)? {
                Some(file) => crate::columnar::read_columnar(kind, display, file, limits, sink),
                None => Ok(()),
            };
        }
        Err("PostgreSQL archive (pg_dump)") => {
            sink.item(display, Format::Archive("pg_dump"), Encoding::Utf8);
            let whole = std::io::Cursor::new(sample).chain(reader);
            return crate::pgdump::read_custom(display, whole, limits, sink);
        }
        Err("PDF document") => {
            sink.item(display, Format::Pdf, Encoding::Utf8);
            let whole = std::io::Cursor::new(sample).chain(reader);
            return crate::pdf::read_pdf(display, whole, limits, sink);
        }
        Err("SQLite database") => {
            sink.item(display, Format::Sqlite, Encoding::Utf8);
            let whole = std::io::Cursor::new(sample).chain(reader);
            let mut fallback = Fallback::default();
            return crate::sqlite::read_sqlite(display, whole, limits, sink, &mut fallback);
        }
        Err(what) if let Some(kind) = crate::archive::Archive::from_magic(what) => {
            sink.item(display, Format::Archive(kind.id()), Encoding::Utf8);
            let whole = Box::new(std::io::Cursor::new(sample).chain(reader));
            return crate::archive::read_archive(kind, display, whole, limits, sink, depth);
        }
        Err(what) => {
            sink.item(display, Format::Binary(what), Encoding::Utf8);
            sink.note(Note {
                path: display.to_string(),
                line: None,
                severity: Severity::Skipped,
                message: Message::new(
                    format!(
                        "non lu : {}, un format que cette version ne lit pas (formats lus : docs/formats.md)",
                        crate::in_french(what)
                    ),
                    format!(
                        "not read: {what}, a format this version does not read (what it reads: docs/formats.md)"
                    ),
                ),
            });
            return Ok(());
        }
    };
    let format = sniff_format(display, &sample_text(&sample, encoding), complete);
    sink.item(display, format, encoding);
    let empty = sample.is_empty();
    let mut reader = BufReader::with_capacity(SAMPLE, std::io::Cursor::new(sample).chain(reader));
    let mut input: Box<dyn BufRead> = match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let enc = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .build(reader);
            Box::new(BufReader::with_capacity(SAMPLE, decoder))
        }
        Encoding::Utf8Bom => {
            let mut bom = [0u8; 3];
            reader.read_exact(&mut bom)?;
            Box::new(reader)
        }
        Encoding::Utf8 | Encoding::Windows1252 => Box::new(reader),
    };
    if format == Format::Empty {
        sink.note(Note {
            path: display.to_string(),
            line: None,
            severity: Severity::Info,
            message: if empty {
                Message::new("fichier vide", "empty file")
            } else {
                Message::new("rien que des blancs", "only blank content")
            },
        });
        return Ok(());
    }
    let mut fallback = Fallback::default();
    let result = match format {
        Format::Empty => Ok(()),
        Format::Binary(_)
        | Format::Archive(_)
        | Format::Spreadsheet(_)
        | Format::Document(_)
        | Format::Columnar(_)
        | Format::Database(_)
        | Format::Pdf
        | Format::Sqlite => Ok(()),
        Format::Sql => crate::sql::read_sql(input, display, limits, sink, &mut fallback),
        Format::Hl7 => crate::hl7::read_hl7(
            input,
            display,
            crate::hl7::Dialect::Hl7,
            limits,
            sink,
            &mut fallback,
        ),
        Format::Hprim => crate::hl7::read_hl7(
            input,
            display,
            crate::hl7::Dialect::Hprim,
            limits,
            sink,
            &mut fallback,
        ),
        Format::Html => crate::html::read_html(&mut input, limits, sink, &mut fallback),
        Format::Rtf => crate::rtf::read_rtf(input, limits, sink),
        Format::Mail | Format::Mbox => {
            crate::mail::read_mail(display, input, format == Format::Mbox, limits, sink, depth)
        }
        Format::Text => crate::text::read_text(&mut input, display, limits, sink, &mut fallback, 1),
        Format::Csv { delimiter, header } => crate::table::read_csv(
            input,
            delimiter,
            header,
            display,
            limits,
            sink,
            &mut fallback,
        ),
        Format::Json | Format::Ndjson => crate::json::read_json(
            input,
            format == Format::Ndjson,
            display,
            limits,
            sink,
            &mut fallback,
        ),
    };
    if fallback.lines > 0 && encoding != Encoding::Windows1252 {
        sink.note(Note {
            path: display.to_string(),
            line: fallback.first,
            severity: Severity::Info,
            message: Message::new(
                format!(
                    "{} ligne(s) hors UTF-8 lue(s) en Windows-1252 (la première à la ligne {})",
                    fallback.lines,
                    fallback.first.unwrap_or(0)
                ),
                format!(
                    "{} line(s) were not valid UTF-8 and were read as Windows-1252 (first at line {})",
                    fallback.lines,
                    fallback.first.unwrap_or(0)
                ),
            ),
        });
    }
    result
}

/// Counts lines that needed the Windows-1252 fallback, for one note per item.
#[derive(Default)]
pub(crate) struct Fallback {
    lines: u64,
    first: Option<u64>,
}

impl Fallback {
    pub(crate) fn decode<'a>(&mut self, bytes: &'a [u8], line: u64) -> Cow<'a, str> {
        let (text, fell_back) = decode_line(bytes);
        if fell_back {
            self.lines += 1;
            self.first.get_or_insert(line);
        }
        text
    }
}

/// Reads up to the sample size from the start of the item; the caller chains the
/// sample back in front of the rest.
/// The first bytes of an item, and the rest. A stream damaged within its first bytes still
/// yields what came before the damage: the error comes back from the rest's first read,
/// where the decoder notes it with its line.
fn read_sample<'a>(
    mut reader: Box<dyn Read + 'a>,
) -> std::io::Result<(Vec<u8>, Box<dyn Read + 'a>)> {
    let mut sample = Vec::with_capacity(SAMPLE);
    match (&mut reader).take(SAMPLE as u64).read_to_end(&mut sample) {
        Ok(_) => Ok((sample, reader)),
        Err(e) if sample.is_empty() => Err(e),
        Err(e) => Ok((sample, Box::new(crate::Failed(Some(e))))),
    }
}
