//! A minimal XLSX writer: one sheet, inline strings, digit-only cells as numbers (as a
//! NIR typed into Excel is stored), cells in order without references. Enough to produce the workbooks the scanner reads;
//! written here because the writer crates are large for this need.

use std::io::Write;

fn escape(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The bytes of a workbook with one sheet named `sheet` holding `rows`.
pub fn xlsx(sheet: &str, rows: &[Vec<String>]) -> std::io::Result<Vec<u8>> {
    let mut data = String::new();
    // Cells are written in order, without their optional `r` reference; an empty cell is
    // an empty inline string so that the next keeps its column.
    for row in rows {
        data.push_str("<row>");
        for v in row {
            if !v.is_empty() && v.len() <= 15 && v.bytes().all(|b| b.is_ascii_digit()) {
                data.push_str(&format!("<c><v>{v}</v></c>"));
            } else {
                data.push_str(&format!(
                    "<c t=\"inlineStr\"><is><t>{}</t></is></c>",
                    escape(v)
                ));
            }
        }
        data.push_str("</row>");
    }
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let pkg = "http://schemas.openxmlformats.org/package/2006";
    let ml = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let files = [
        (
            "[Content_Types].xml",
            format!(
                "<?xml version=\"1.0\"?><Types xmlns=\"{pkg}/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"{ml}.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"{ml}.worksheet+xml\"/></Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "<Relationships xmlns=\"{pkg}/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"{rel}\"><sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                escape(sheet)
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<Relationships xmlns=\"{pkg}/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"
            ),
        ),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(std::io::Error::other)?;
        w.write_all(body.as_bytes())?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}
