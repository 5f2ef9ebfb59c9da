//! What a zip or an OLE compound file holds, from its directory: the zip central
//! directory's member names (and an OpenDocument's `mimetype`), the OLE directory's
//! stream names. Writers put members in any order (openpyxl writes `xl/workbook.xml`
//! after the sheets), so a prefix of the file says nothing reliable.

use std::io::{Read, Seek};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    Spreadsheet(&'static str),
    Document(&'static str),
    /// A plain zip archive: its members are items.
    Zip,
    /// An OLE file that is not a workbook (a Word 97 document, an Outlook message…).
    Ole(&'static str),
    /// The directory could not be read: the container is damaged or not what it claims.
    Unreadable(crate::Message),
}

/// Reads the directory of a spooled zip (`magic` "zip archive") or OLE file.
pub(crate) fn identify(magic: &str, file: &mut std::fs::File) -> std::io::Result<Content> {
    let content = if magic == "zip archive" {
        zip_content(&mut *file)
    } else {
        ole_content(&mut *file)
    };
    file.rewind()?;
    Ok(content)
}

fn zip_content(file: impl Read + Seek) -> Content {
    let mut zip = match zip::ZipArchive::new(file) {
        Ok(z) => z,
        Err(e) => {
            return Content::Unreadable(crate::Message::with_detail(
                "archive zip illisible",
                "not a readable zip archive",
                e,
            ));
        }
    };
    let has = |zip: &zip::ZipArchive<_>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "xl/workbook.xml") {
        return Content::Spreadsheet("xlsx");
    }
    if has(&zip, "xl/workbook.bin") {
        return Content::Spreadsheet("xlsb");
    }
    if has(&zip, "word/document.xml") {
        return Content::Document("docx");
    }
    let mut mimetype = String::new();
    if let Ok(m) = zip.by_name("mimetype") {
        // A damaged member reads as no mimetype: the zip is then read as an archive.
        let _ = m.take(128).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.spreadsheet" => Content::Spreadsheet("ods"),
        "application/vnd.oasis.opendocument.text" => Content::Document("odt"),
        _ => Content::Zip,
    }
}

fn ole_content(file: impl Read + Seek) -> Content {
    let ole = match cfb::CompoundFile::open(file) {
        Ok(f) => f,
        Err(e) => {
            return Content::Unreadable(crate::Message::with_detail(
                "document OLE illisible",
                "not a readable OLE document",
                e,
            ));
        }
    };
    let stream = |name: &str| ole.is_stream(name);
    if stream("/Workbook") || stream("/Book") {
        Content::Spreadsheet("xls")
    } else if stream("/WordDocument") {
        Content::Ole("Word 97–2003 document")
    } else if ole.walk().any(|e| e.name().starts_with("__substg1.0_")) {
        Content::Ole("Outlook message")
    } else {
        Content::Ole("OLE document")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(members: &[(&str, &[u8])]) -> std::fs::File {
        let mut file = tempfile::tempfile().expect("tmp");
        {
            let mut w = zip::ZipWriter::new(&mut file);
            for (name, body) in members {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .expect("member");
                w.write_all(body).expect("write");
            }
            w.finish().expect("finish");
        }
        file.rewind().expect("rewind");
        file
    }

    #[test]
    fn members_in_any_order_name_the_content() {
        // openpyxl's order: the sheets and styles first, the workbook late.
        let mut filler = vec![("xl/worksheets/sheet1.xml", &[b'x'; 70_000][..])];
        filler.push(("xl/workbook.xml", b"<workbook/>"));
        let mut f = zip_with(&filler);
        assert_eq!(
            identify("zip archive", &mut f).expect("io"),
            Content::Spreadsheet("xlsx")
        );
        let mut f = zip_with(&[
            ("content.xml", b"<x/>"),
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ]);
        assert_eq!(
            identify("zip archive", &mut f).expect("io"),
            Content::Document("odt")
        );
        let mut f = zip_with(&[("export/patients.csv", b"nom;prenom\n")]);
        assert_eq!(identify("zip archive", &mut f).expect("io"), Content::Zip);
        let mut f = zip_with(&[("mimetype", b"application/zip-but-not-odf")]);
        assert_eq!(identify("zip archive", &mut f).expect("io"), Content::Zip);
    }

    #[test]
    fn ole_streams_name_the_content() {
        let ole = |stream: &str| {
            let mut file = tempfile::tempfile().expect("tmp");
            {
                let mut c = cfb::CompoundFile::create(&mut file).expect("create");
                c.create_stream(stream)
                    .expect("stream")
                    .write_all(&[0u8; 9000])
                    .expect("write");
                c.flush().expect("flush");
            }
            file.rewind().expect("rewind");
            identify("OLE document (XLS/DOC)", &mut file).expect("io")
        };
        assert_eq!(ole("/Workbook"), Content::Spreadsheet("xls"));
        assert_eq!(ole("/WordDocument"), Content::Ole("Word 97–2003 document"));
        let mut garbage = tempfile::tempfile().expect("tmp");
        garbage
            .write_all(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and then nothing")
            .expect("write");
        garbage.rewind().expect("rewind");
        assert!(matches!(
            identify("OLE document (XLS/DOC)", &mut garbage).expect("io"),
            Content::Unreadable(_)
        ));
    }
}
