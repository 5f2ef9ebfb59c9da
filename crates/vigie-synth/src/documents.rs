//! The documents and containers a laboratory also leaks: consultation reports as HTML,
//! RTF, DOCX, ODT and PDF, an e-mail with an export attached, an appointment SQLite
//! database, a MySQL dump, a FHIR bundle, and contact lists in 7z, tar.xz, tar.bz2 and
//! zstd. Each plants values on the lines the format's reader numbers (paragraphs, pages,
//! rows), as `docs/formats.md` describes.

use crate::write::Enc;
use crate::{Lab, Person};
use std::io::Write as _;
use vigie_detect::Kind;

type Paragraph = (String, Vec<Kind>);

/// A PDF whose pages hold the given lines of text (Helvetica, WinAnsi encoding).
pub fn pdf(pages: &[Vec<String>]) -> std::io::Result<Vec<u8>> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, StringFormat, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for lines in pages {
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
        ];
        for (i, line) in lines.iter().enumerate() {
            let y = 800 - 16 * i as i64;
            operations.push(Operation::new(
                "Tm",
                vec![1.into(), 0.into(), 0.into(), 1.into(), 40.into(), y.into()],
            ));
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(line);
            operations.push(Operation::new(
                "Tj",
                vec![Object::String(bytes.into_owned(), StringFormat::Literal)],
            ));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations }
            .encode()
            .map_err(std::io::Error::other)?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(
            doc.add_object(
                dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content_id },
            )
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// RTF text: control characters escaped, non-ASCII as `\'xx` (Windows-1252) or `\uN?`.
fn rtf_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                let (bytes, _, unmappable) =
                    encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
                if unmappable {
                    out.push_str(&format!("\\u{}?", c as u32 as i16));
                } else {
                    out.push_str(&format!("\\'{:02x}", bytes[0]));
                }
            }
        }
    }
    out
}

fn zip_bytes(members: &[(&str, &[u8])]) -> std::io::Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        // ODF wants its mimetype first and stored.
        let options = if *name == "mimetype" {
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
        } else {
            zip::write::SimpleFileOptions::default()
        };
        w.start_file(*name, options)
            .map_err(std::io::Error::other)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

fn tar_bytes(name: &str, data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut b = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(1_700_000_000);
    header.set_cksum();
    b.append_data(&mut header, name, data)?;
    b.into_inner()
}

impl Lab<'_> {
    pub(crate) fn documents(&mut self, people: &[Person]) -> std::io::Result<()> {
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        for p in people {
            paragraphs.extend(self.report_lines(p));
        }
        self.html("courriers/comptes_rendus.html", &paragraphs)?;
        self.rtf("courriers/comptes_rendus.rtf", &paragraphs)?;
        self.docx("courriers/comptes_rendus.docx", &paragraphs)?;
        self.odt("courriers/comptes_rendus.odt", &paragraphs)?;
        self.pdf_reports("courriers/comptes_rendus.pdf", people)?;
        self.mail("messagerie/envoi_prestataire.eml", people)?;
        self.sqlite("sauvegardes/agenda.sqlite", people)?;
        self.mysql("sauvegardes/rdv_mysql.sql", people)?;
        self.fhir("fhir/bundle_patients.json", people)?;
        self.ods("bureautique/rappels.ods", people)?;
        #[cfg(feature = "columnar")]
        self.parquet("entrepot/patients.parquet", people)?;
        self.packed(people)
    }

    /// Adds each paragraph's truth, the first on `first_line`, one line each.
    fn plant(
        &mut self,
        rel: &str,
        first_line: u64,
        paragraphs: &[Paragraph],
    ) -> std::io::Result<()> {
        for (i, (_, kinds)) in paragraphs.iter().enumerate() {
            self.truth.add_all(rel, first_line + i as u64, kinds)?;
        }
        Ok(())
    }

    /// A page saved from the results portal: one `<p>` a line after a four-line head.
    fn html(&mut self, rel: &str, paragraphs: &[Paragraph]) -> std::io::Result<()> {
        let mut page = String::from(
            "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n\
             <style>p { margin: 0 } .nir { font-weight: bold }</style>\n<title>Comptes rendus</title></head><body>\n",
        );
        for (text, _) in paragraphs {
            page.push_str(&format!("<p>{}</p>\n", xml_escape(text)));
        }
        page.push_str("</body></html>\n");
        self.plant(rel, 5, paragraphs)?;
        self.write_bytes(rel, page.as_bytes())
    }

    /// A letter from a word processor: Windows-1252 escapes, one `\par` a paragraph.
    fn rtf(&mut self, rel: &str, paragraphs: &[Paragraph]) -> std::io::Result<()> {
        let mut doc = String::from(
            "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\
             {\\colortbl;\\red0\\green0\\blue0;}\n{\\*\\generator Riched20 10.0;}\\viewkind4\\f0\\fs20 ",
        );
        for (text, _) in paragraphs {
            doc.push_str(&rtf_escape(text));
            doc.push_str("\\par\n");
        }
        doc.push('}');
        self.plant(rel, 1, paragraphs)?;
        self.write_bytes(rel, doc.as_bytes())
    }

    fn docx(&mut self, rel: &str, paragraphs: &[Paragraph]) -> std::io::Result<()> {
        let mut body = String::new();
        for (text, _) in paragraphs {
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                xml_escape(text)
            ));
        }
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
        let bytes = zip_bytes(&[
            ("[Content_Types].xml", types.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ])?;
        self.plant(rel, 1, paragraphs)?;
        self.write_bytes(rel, &bytes)
    }

    fn odt(&mut self, rel: &str, paragraphs: &[Paragraph]) -> std::io::Result<()> {
        let mut body = String::new();
        for (text, _) in paragraphs {
            body.push_str(&format!("<text:p>{}</text:p>", xml_escape(text)));
        }
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
             <office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        let bytes = zip_bytes(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
        ])?;
        self.plant(rel, 1, paragraphs)?;
        self.write_bytes(rel, &bytes)
    }

    /// A LibreOffice callback list: a header row, then one row a person; the sheet's row
    /// is the `line`. The NIR is a number cell, the birth date a date cell.
    fn ods(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let cell = |v: &str| {
            format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                xml_escape(v)
            )
        };
        let mut rows = String::from("<table:table-row>");
        for h in ["Nom", "Prénom", "NIR", "Date de naissance", "Téléphone"] {
            rows.push_str(&cell(h));
        }
        rows.push_str("</table:table-row>");
        for (i, p) in people.iter().enumerate() {
            let nir = if p.nir.bytes().all(|b| b.is_ascii_digit()) {
                format!(
                    "<table:table-cell office:value-type=\"float\" office:value=\"{0}\"><text:p>{0}</text:p></table:table-cell>",
                    p.nir
                )
            } else {
                cell(&p.nir)
            };
            rows.push_str(&format!(
                "<table:table-row>{}{}{nir}<table:table-cell office:value-type=\"date\" office:date-value=\"{}\"><text:p>{}</text:p></table:table-cell>{}</table:table-row>",
                cell(&p.last_name.to_uppercase()),
                cell(&p.first_name),
                p.birth_iso(),
                p.birth_fr(),
                cell(&p.phone)
            ));
            self.truth.add_all(
                rel,
                i as u64 + 2,
                &[
                    Kind::PersonName,
                    Kind::PersonName,
                    Kind::Nir,
                    Kind::BirthDate,
                    Kind::Phone,
                ],
            )?;
        }
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
             <office:body><office:spreadsheet><table:table table:name=\"Rappels\">{rows}\
             </table:table></office:spreadsheet></office:body></office:document-content>"
        );
        let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
            <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
            <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
            <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
        let bytes = zip_bytes(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ])?;
        self.write_bytes(rel, &bytes)
    }

    /// One report a page; a finding's `line` is its page.
    fn pdf_reports(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut pages = Vec::new();
        for (n, p) in people.iter().enumerate() {
            let lines = self.report_lines(p);
            let kinds: Vec<Kind> = lines.iter().flat_map(|(_, k)| k.iter().copied()).collect();
            self.truth.add_all(rel, n as u64 + 1, &kinds)?;
            pages.push(lines.into_iter().map(|(t, _)| t).collect());
        }
        let bytes = pdf(&pages)?;
        self.write_bytes(rel, &bytes)
    }

    /// A message to a contractor with the contact list attached. The reader numbers the
    /// From, To and Subject lines, a blank line, then the body.
    fn mail(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let csv = self.contact_csv(&format!("{rel}!patients_a_rappeler.csv"), people)?;
        let body = "Bonjour,\r\nVoici la liste des patients à rappeler pour la campagne.\r\nCordialement,\r\nLe secrétariat\r\n";
        let attachment = String::from_utf8_lossy(&csv).replace('\n', "\r\n");
        let message = format!(
            "From: Secretariat <secretariat@labo-exemple.fr>\r\n\
             To: <prestataire@centre-appels.example>\r\n\
             Subject: Liste de rappel\r\nDate: Wed, 12 Mar 2025 09:30:00 +0100\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n\
             --sep\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
             {body}\r\n--sep\r\nContent-Type: text/csv; name=\"patients_a_rappeler.csv\"\r\n\
             Content-Disposition: attachment; filename=\"patients_a_rappeler.csv\"\r\n\
             Content-Transfer-Encoding: 8bit\r\n\r\n{attachment}--sep--\r\n"
        );
        self.truth.add_all(rel, 1, &[Kind::Email])?;
        self.truth.add_all(rel, 2, &[Kind::Email])?;
        self.write_bytes(rel, message.as_bytes())
    }

    /// An appointment database: rows are numbered in storage order.
    fn sqlite(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let _ = std::fs::remove_file(&path);
        let db = rusqlite::Connection::open(&path).map_err(std::io::Error::other)?;
        db.execute_batch(
            "CREATE TABLE rendez_vous (id INTEGER PRIMARY KEY, nom TEXT, prenom TEXT, \
             date_naissance TEXT, telephone TEXT, nir INTEGER, motif TEXT);",
        )
        .map_err(std::io::Error::other)?;
        for (i, p) in people.iter().enumerate() {
            // Stored as a number, as the software did, except Corsican NIRs (2A, 2B).
            let nir = match p.nir.parse::<i64>() {
                Ok(n) => rusqlite::types::Value::Integer(n),
                Err(_) => rusqlite::types::Value::Text(p.nir.clone()),
            };
            db.execute(
                "INSERT INTO rendez_vous (nom, prenom, date_naissance, telephone, nir, motif) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 'prise de sang')",
                rusqlite::params![
                    p.last_name.to_uppercase(),
                    p.first_name,
                    p.birth_iso(),
                    p.phone,
                    nir
                ],
            )
            .map_err(std::io::Error::other)?;
            self.truth.add_all(
                rel,
                i as u64 + 1,
                &[
                    Kind::PersonName,
                    Kind::PersonName,
                    Kind::BirthDate,
                    Kind::Phone,
                    Kind::Nir,
                ],
            )?;
        }
        drop(db);
        self.stats.bytes += std::fs::metadata(&path)?.len();
        self.stats.files += 1;
        Ok(())
    }

    /// `mysqldump` output: backquoted names, several rows on one INSERT line.
    fn mysql(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let mut out = crate::write::Out::create(self.dir, rel, Enc::Utf8, "\n")?;
        for l in [
            "-- MySQL dump 10.13  Distrib 8.0.36",
            "/*!40101 SET NAMES utf8mb4 */;",
            "DROP TABLE IF EXISTS `contacts`;",
            "CREATE TABLE `contacts` (",
            "  `id` int NOT NULL AUTO_INCREMENT,",
            "  `nom` varchar(100) DEFAULT NULL,",
            "  `email` varchar(255) DEFAULT NULL,",
            "  `telephone` varchar(20) DEFAULT NULL,",
            "  PRIMARY KEY (`id`)",
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
        ] {
            out.raw_line(l)?;
        }
        for (chunk_no, chunk) in people.chunks(4).enumerate() {
            let line = out.line();
            let tuples: Vec<String> = chunk
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    format!(
                        "({},'{}','{}','{}')",
                        chunk_no * 4 + i + 1,
                        p.last_name.replace('\'', "\\'"),
                        p.email,
                        p.phone
                    )
                })
                .collect();
            out.raw_line(&format!(
                "INSERT INTO `contacts` VALUES {};",
                tuples.join(",")
            ))?;
            for _ in chunk {
                self.truth
                    .add_all(rel, line, &[Kind::PersonName, Kind::Email, Kind::Phone])?;
            }
        }
        self.done(out)
    }

    /// A FHIR Bundle of Patients, pretty-printed as servers return it: the INS-NIR
    /// identifier, name, birth date, phone and e-mail, each on its own line.
    fn fhir(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        let entries: Vec<serde_json::Value> = people
            .iter()
            .map(|p| {
                serde_json::json!({
                    "resource": {
                        "resourceType": "Patient",
                        "identifier": [{
                            "system": "urn:oid:1.2.250.1.213.1.4.8",
                            "value": p.nir
                        }],
                        "name": [{ "family": p.last_name, "given": [p.first_name] }],
                        "birthDate": p.birth_iso(),
                        "telecom": [
                            { "system": "phone", "value": p.phone },
                            { "system": "email", "value": p.email }
                        ]
                    }
                })
            })
            .collect();
        let bundle = serde_json::json!({
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": entries
        });
        let text = serde_json::to_string_pretty(&bundle).map_err(std::io::Error::other)?;
        // Plant by what each line holds, as the pretty printer laid them out.
        let mut person = 0usize;
        for (i, line) in text.lines().enumerate() {
            let n = i as u64 + 1;
            let Some(p) = people.get(person) else { break };
            let t = line.trim();
            let kind = if t == format!("\"value\": \"{}\"", p.nir) {
                Some(Kind::Nir)
            } else if t == format!("\"family\": \"{}\",", p.last_name)
                || t == format!("\"{}\"", p.first_name)
            {
                Some(Kind::PersonName)
            } else if t == format!("\"birthDate\": \"{}\",", p.birth_iso()) {
                Some(Kind::BirthDate)
            } else if t == format!("\"value\": \"{}\"", p.phone) {
                Some(Kind::Phone)
            } else if t == format!("\"value\": \"{}\"", p.email) {
                person += 1;
                Some(Kind::Email)
            } else {
                None
            };
            if let Some(k) = kind {
                self.truth.add_all(rel, n, &[k])?;
            }
        }
        self.write_bytes(rel, text.as_bytes())
    }

    /// The contact list packed as backups and transfers pack it.
    fn packed(&mut self, people: &[Person]) -> std::io::Result<()> {
        let rel = "sauvegardes/export_contacts.7z";
        let csv = self.contact_csv(&format!("{rel}!export/contacts.csv"), people)?;
        let dir = tempfile_dir(self.dir)?;
        std::fs::create_dir_all(dir.join("export"))?;
        std::fs::write(dir.join("export/contacts.csv"), &csv)?;
        let seven = sevenz_rust2::compress(&dir, std::io::Cursor::new(Vec::new()))
            .map_err(std::io::Error::other)?
            .into_inner();
        std::fs::remove_dir_all(&dir)?;
        self.write_bytes(rel, &seven)?;

        let rel = "sauvegardes/contacts.tar";
        let csv = self.contact_csv(&format!("{rel}!contacts.csv"), people)?;
        let bytes = tar_bytes("contacts.csv", &csv)?;
        self.write_bytes(rel, &bytes)?;

        let rel = "sauvegardes/contacts.tar.xz";
        let csv = self.contact_csv(&format!("{rel}!contacts.csv"), people)?;
        let mut xz = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6))?;
        xz.write_all(&tar_bytes("contacts.csv", &csv)?)?;
        let bytes = xz.finish()?;
        self.write_bytes(rel, &bytes)?;

        let rel = "sauvegardes/contacts.tar.bz2";
        let csv = self.contact_csv(&format!("{rel}!contacts.csv"), people)?;
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        bz.write_all(&tar_bytes("contacts.csv", &csv)?)?;
        let bytes = bz.finish()?;
        self.write_bytes(rel, &bytes)?;

        let rel = "sauvegardes/contacts.csv.zst";
        let csv = self.contact_csv(&format!("{rel}!contacts.csv"), people)?;
        let bytes = ruzstd::encoding::compress_to_vec(
            &csv[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        self.write_bytes(rel, &bytes)
    }
}

/// A scratch directory inside the output, for the 7z writer, which packs directories.
fn tempfile_dir(base: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
    let dir = base.join(".staging-7z");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(feature = "columnar")]
impl Lab<'_> {
    /// The export as a data team keeps it: Parquet (Snappy), typed columns, a row's
    /// `line` its row number.
    pub(crate) fn parquet(&mut self, rel: &str, people: &[Person]) -> std::io::Result<()> {
        use arrow_array::{ArrayRef, Date32Array, RecordBatch, StringArray};
        use std::sync::Arc;
        let strings = |f: &dyn Fn(&Person) -> String| -> ArrayRef {
            Arc::new(StringArray::from_iter_values(people.iter().map(f)))
        };
        let epoch_days = |p: &Person| {
            let (y, m, d) = p.birth;
            days_from_civil(i64::from(y), i64::from(m), i64::from(d)) as i32
        };
        let batch = RecordBatch::try_from_iter(vec![
            ("ipp", strings(&|p| p.ipp.clone())),
            ("nom", strings(&|p| p.last_name.clone())),
            ("prenom", strings(&|p| p.first_name.clone())),
            ("nir", strings(&|p| p.nir.clone())),
            (
                "date_naissance",
                Arc::new(Date32Array::from_iter_values(people.iter().map(epoch_days))) as ArrayRef,
            ),
            ("telephone", strings(&|p| p.phone.clone())),
            ("email", strings(&|p| p.email.clone())),
        ])
        .map_err(std::io::Error::other)?;
        let props = parquet::file::properties::WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build();
        let mut bytes = Vec::new();
        let mut w = parquet::arrow::ArrowWriter::try_new(&mut bytes, batch.schema(), Some(props))
            .map_err(std::io::Error::other)?;
        w.write(&batch).map_err(std::io::Error::other)?;
        w.close().map_err(std::io::Error::other)?;
        for n in 1..=people.len() as u64 {
            self.truth.add_all(
                rel,
                n,
                &[
                    Kind::PersonName,
                    Kind::PersonName,
                    Kind::Nir,
                    Kind::BirthDate,
                    Kind::Phone,
                    Kind::Email,
                ],
            )?;
        }
        self.write_bytes(rel, &bytes)
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm): Arrow
/// stores dates so, and a date crate for one conversion is not worth its build.
#[cfg(feature = "columnar")]
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(all(test, feature = "columnar"))]
mod tests {
    #[test]
    fn epoch_days() {
        assert_eq!(super::days_from_civil(1970, 1, 1), 0);
        assert_eq!(super::days_from_civil(1985, 3, 12), 5549);
        assert_eq!(super::days_from_civil(1900, 2, 28), -25_509);
        assert_eq!(super::days_from_civil(2000, 2, 29), 11_016);
    }
}
