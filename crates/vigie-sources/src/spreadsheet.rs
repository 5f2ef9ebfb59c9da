//! Spreadsheets: XLSX, XLSM, XLSB, XLS and ODS, every sheet, through `calamine`. Each
//! sheet is a table named after it; rows keep their sheet row number as line, and cells
//! their column position, so findings can say `Patients!C5`.
//!
//! calamine reads a whole sheet at once: the spreadsheet is spooled to a temporary file
//! bounded by the member size limit, and a sheet's memory is that of its cells.

use crate::{Limits, Message, Note, Severity, Sink};
use calamine::{Data, Reader};
use std::io::{Read, Seek};

fn note(sink: &mut dyn Sink, path: &str, severity: Severity, message: Message) {
    sink.note(Note::about(path, severity, message));
}

/// Excel serial day number (1900 system) to an ISO date. Serial 1 is 1900-01-01, and
/// Excel counts a 29 February 1900 that never was, so from serial 61 on the day is
/// 1899-12-30 plus the serial.
pub fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let serial = serial.floor() as i64;
    let unix_days = if serial >= 61 {
        serial - 25_569
    } else {
        serial - 25_568
    };
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = unix_days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // Whole numbers without ".0": a NIR typed as a number must stay 15 digits.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{}", *f as i64),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
        other => other.to_string(),
    }
}

/// Opens a workbook of a known kind.
pub(crate) fn read_workbook<RS: Read + Seek>(
    kind: &str,
    display: &str,
    rs: RS,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    match kind {
        "xls" => {
            let mut rs = rs;
            if let Err(why) = xls_extent(&mut rs, limits) {
                note(
                    sink,
                    display,
                    Severity::Error,
                    Message::with_detail(
                        "classeur XLS endommagé, non lu",
                        "damaged XLS workbook, not read",
                        why,
                    ),
                );
                return Ok(());
            }
            sheets::<RS, calamine::Xls<RS>>(display, rs, limits, sink)
        }
        "ods" => sheets::<RS, calamine::Ods<RS>>(display, rs, limits, sink),
        "xlsb" => sheets::<RS, calamine::Xlsb<RS>>(display, rs, limits, sink),
        _ => sheets::<RS, calamine::Xlsx<RS>>(display, rs, limits, sink),
    }
}

/// A BIFF8 sheet's cells at most: 65,536 rows of 256 columns, with the one row and one
/// column more that DIMENSIONS's "last + 1" bounds count here.
const XLS_MAX_CELLS: u64 = 65_537 * 257;

/// Checks, before calamine reads an XLS workbook, that its sheets' extent is one a real
/// workbook can have. calamine reserves a sheet's cells from its DIMENSIONS record and
/// lays them out densely from the cells' places, so a 6 KB damaged file claiming billions
/// of rows made it allocate gigabytes, or fail to allocate and abort the whole scan
/// (found by fuzzing). The records are read here, in the workbook stream, as [MS-XLS]
/// lays them out: type, length, data.
fn xls_extent<RS: Read + Seek>(rs: &mut RS, limits: &Limits) -> Result<(), String> {
    let start = rs.stream_position().map_err(|e| e.to_string())?;
    let checked = (|| {
        let mut ole = cfb::CompoundFile::open(&mut *rs).map_err(|e| e.to_string())?;
        let name = ["/Workbook", "/Book"]
            .into_iter()
            .find(|n| ole.is_stream(n))
            .ok_or("no workbook stream")?;
        let mut stream = Vec::new();
        ole.open_stream(name)
            .map_err(|e| e.to_string())?
            .take(limits.max_member_bytes)
            .read_to_end(&mut stream)
            .map_err(|e| e.to_string())?;
        let (mut rows, mut cols) = (0u64, 0u64);
        let mut at = 0;
        while at + 4 <= stream.len() {
            let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
            let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
            let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
            let u16_at = |i: usize| {
                data.get(i..i + 2)
                    .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
            };
            let u32_at = |i: usize| {
                data.get(i..i + 4)
                    .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            };
            match kind {
                // DIMENSIONS: first and last rows (32 bits in BIFF8), first and last
                // columns; calamine reserves their product.
                0x0200 => {
                    let (rf, rl, cf, cl) = if data.len() >= 12 {
                        (u32_at(0), u32_at(4), u16_at(8), u16_at(10))
                    } else {
                        (u16_at(0), u16_at(2), u16_at(4), u16_at(6))
                    };
                    let span = |a: Option<u64>, b: Option<u64>| {
                        a.zip(b)
                            .map_or(0, |(a, b)| b.wrapping_sub(a).wrapping_add(1))
                    };
                    let cells = span(rf, rl).saturating_mul(span(cf, cl));
                    if cells > XLS_MAX_CELLS {
                        return Err(format!("a sheet's dimensions claim {cells} cells"));
                    }
                }
                // Cell records: row then column first; a MULRK or MULBLANK ends with its
                // last column.
                0x0203 | 0x0204 | 0x00D6 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x0201 | 0x00BD
                | 0x00BE => {
                    rows = rows.max(u16_at(0).unwrap_or(0));
                    cols = cols.max(u16_at(2).unwrap_or(0));
                    if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 2 {
                        cols = cols.max(u16_at(data.len() - 2).unwrap_or(0));
                    }
                }
                _ => {}
            }
            at += 4 + len;
        }
        let cells = (rows + 1).saturating_mul(cols + 1);
        if cells > XLS_MAX_CELLS {
            return Err(format!(
                "its cells span {} rows by {} columns",
                rows + 1,
                cols + 1
            ));
        }
        Ok(())
    })();
    rs.seek(std::io::SeekFrom::Start(start))
        .map_err(|e| e.to_string())?;
    checked
}

fn sheets<RS: Read + Seek, R: Reader<RS>>(
    display: &str,
    rs: RS,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()>
where
    R::Error: std::fmt::Display,
{
    let mut wb = match R::new(rs) {
        Ok(w) => w,
        Err(e) => {
            note(
                sink,
                display,
                Severity::Error,
                Message::with_detail(
                    "classeur illisible (chiffré ou endommagé ?)",
                    "not a readable spreadsheet (encrypted or damaged?)",
                    e,
                ),
            );
            return Ok(());
        }
    };
    for name in wb.sheet_names().to_owned() {
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                note(
                    sink,
                    &format!("{display}!{name}"),
                    Severity::Error,
                    Message::with_detail("feuille illisible", "sheet not readable", e),
                );
                continue;
            }
        };
        let Some((row0, col0)) = range.start() else {
            continue;
        };
        // Leading empty columns are kept so that a cell's index is its column.
        let pad = col0 as usize;
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                std::iter::repeat_n(String::new(), pad)
                    .chain(r.iter().map(cell_text))
                    .collect()
            })
            .collect();
        let Some((first, rest)) = rows.split_first() else {
            continue;
        };
        let header = crate::sniff::header_row(
            first.iter().map(String::as_bytes),
            rest.iter().map(|r| r.iter().map(String::as_bytes)),
        );
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let (columns, data, first_line) = if header {
            let mut cols: Vec<String> = first.iter().map(|c| c.trim().to_string()).collect();
            cols.resize(width, String::new());
            (cols, rest, row0 + 2)
        } else {
            (
                (1..=width).map(|i| format!("col{i}")).collect(),
                &rows[..],
                row0 + 1,
            )
        };
        sink.table(Some(&name), &columns, header.then_some(u64::from(row0) + 1));
        for (i, row) in data.iter().enumerate() {
            if i.is_multiple_of(1024) {
                limits.check_time()?;
            }
            if row.iter().all(String::is_empty) {
                continue;
            }
            let refs: Vec<&str> = row.iter().map(String::as_str).collect();
            sink.row(u64::from(first_line) + i as u64, &refs);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(excel_date(59.0).as_deref(), Some("1900-02-28"));
        assert_eq!(excel_date(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(excel_date(31_118.0).as_deref(), Some("1985-03-12"));
        assert_eq!(excel_date(45_583.5).as_deref(), Some("2024-10-18"));
    }
}
