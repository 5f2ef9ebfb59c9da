//! PostgreSQL archives written by `pg_dump -Fc` (custom), `-Fd` (directory) and `-Ft`
//! (tar): the header and table of contents (TOC) name each table's COPY statement and
//! where its data is; the data is the COPY text format, zlib-compressed in custom
//! archives (gzip files in directories), plain in tar archives. Each table is an item
//! of its own, `dump!schema.table`, whose rows keep their position in the table's data
//! as `line`.
//!
//! Written here because no maintained crate reads these archives; the layout follows
//! PostgreSQL's `pg_backup_archiver.c` (archive versions 1.12 to 1.16, PostgreSQL 9.5
//! to 17). An archive from a newer pg_dump is noted, not guessed at.

use crate::{Limits, Message, Note, Severity, Sink};
use std::io::Read;

pub(crate) const MAGIC: &[u8] = b"PGDMP";
const FORMAT_CUSTOM: u8 = 1;
const FORMAT_TAR: u8 = 3;
const FORMAT_DIRECTORY: u8 = 5;
const BLOCK_DATA: u8 = 1;
const BLOCK_BLOBS: u8 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Zlib,
    Zstd,
    Lz4,
}

/// One table's data in the archive.
#[derive(Clone, Debug)]
pub(crate) struct TableData {
    dump_id: i64,
    /// `schema.table`.
    pub name: String,
    pub columns: Vec<String>,
    /// The data file's name in directory and tar archives (`3340.dat`).
    pub file: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Toc {
    format: u8,
    compression: Compression,
    int_size: usize,
    pub tables: Vec<TableData>,
}

impl Toc {
    /// A directory or tar archive, whose tables' data are files beside the TOC.
    pub fn has_data_files(&self) -> bool {
        matches!(self.format, FORMAT_DIRECTORY | FORMAT_TAR)
    }
}

struct Header<R> {
    input: R,
    int_size: usize,
    off_size: usize,
}

fn bad(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

impl<R: Read> Header<R> {
    fn byte(&mut self) -> std::io::Result<u8> {
        let mut b = [0u8; 1];
        self.input.read_exact(&mut b)?;
        Ok(b[0])
    }

    /// A sign byte, then `int_size` bytes little-endian.
    fn int(&mut self) -> std::io::Result<i64> {
        let negative = self.byte()? != 0;
        let mut v: i64 = 0;
        for i in 0..self.int_size {
            v |= i64::from(self.byte()?) << (8 * i);
        }
        Ok(if negative { -v } else { v })
    }

    /// A length (−1 for NULL), then the bytes.
    fn string(&mut self) -> std::io::Result<Option<String>> {
        let n = self.int()?;
        if n < 0 {
            return Ok(None);
        }
        if n > 64 << 20 {
            return Err(bad(format!("a TOC string of {n} bytes: damaged archive")));
        }
        let mut buf = Vec::new();
        (&mut self.input).take(n as u64).read_to_end(&mut buf)?;
        if buf.len() as i64 != n {
            return Err(bad("archive truncated in its table of contents".into()));
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn skip_offset(&mut self) -> std::io::Result<()> {
        for _ in 0..=self.off_size {
            self.byte()?;
        }
        Ok(())
    }
}

/// Reads the header and TOC, leaving `input` at the first data block.
pub(crate) fn read_toc<R: Read>(input: &mut R) -> std::io::Result<Toc> {
    let mut magic = [0u8; 5];
    input.read_exact(&mut magic)?;
    if magic != MAGIC {
        return Err(bad("not a pg_dump archive".into()));
    }
    let mut h = Header {
        input,
        int_size: 4,
        off_size: 8,
    };
    let (major, minor, _rev) = (h.byte()?, h.byte()?, h.byte()?);
    if major != 1 || !(12..=16).contains(&minor) {
        return Err(bad(format!(
            "pg_dump archive version {major}.{minor}, this version reads 1.12 to 1.16 \
             (PostgreSQL 9.5 to 17): from a newer pg_dump?"
        )));
    }
    h.int_size = usize::from(h.byte()?);
    h.off_size = usize::from(h.byte()?);
    if !(1..=8).contains(&h.int_size) || !(1..=8).contains(&h.off_size) {
        return Err(bad("damaged pg_dump header (integer sizes)".into()));
    }
    let format = h.byte()?;
    let compression = if minor >= 15 {
        match h.byte()? {
            0 => Compression::None,
            1 => Compression::Zlib,
            2 => Compression::Lz4,
            3 => Compression::Zstd,
            n => return Err(bad(format!("unknown compression method {n}"))),
        }
    } else if h.int()? == 0 {
        Compression::None
    } else {
        Compression::Zlib
    };
    for _ in 0..7 {
        h.int()?; // creation time
    }
    h.string()?; // database name
    h.string()?; // server version
    h.string()?; // pg_dump version
    let count = h.int()?;
    if !(0..=10_000_000).contains(&count) {
        return Err(bad(format!("a TOC of {count} entries: damaged archive")));
    }
    let mut tables = Vec::new();
    for _ in 0..count {
        let dump_id = h.int()?;
        h.int()?; // had a dumper
        h.string()?; // table oid
        h.string()?; // oid
        let tag = h.string()?.unwrap_or_default();
        let desc = h.string()?.unwrap_or_default();
        h.int()?; // section
        h.string()?; // definition
        h.string()?; // drop statement
        let copy = h.string()?.unwrap_or_default();
        let namespace = h.string()?.unwrap_or_default();
        h.string()?; // tablespace
        if minor >= 14 {
            h.string()?; // table access method
        }
        if minor >= 16 {
            h.int()?; // relkind
        }
        h.string()?; // owner
        h.string()?; // "with oids"
        while h.string()?.is_some() {} // dependencies
        let file = match format {
            FORMAT_CUSTOM => {
                h.skip_offset()?;
                None
            }
            FORMAT_TAR | FORMAT_DIRECTORY => h.string()?.filter(|f| !f.is_empty()),
            other => return Err(bad(format!("pg_dump archive format {other} not read"))),
        };
        if desc == "TABLE DATA"
            && let Some(columns) = copy_columns(&copy)
        {
            let name = if namespace.is_empty() {
                tag
            } else {
                format!("{namespace}.{tag}")
            };
            tables.push(TableData {
                dump_id,
                name,
                columns,
                file,
            });
        }
    }
    Ok(Toc {
        format,
        compression,
        int_size: h.int_size,
        tables,
    })
}

/// The column list of `COPY schema.table (a, b, "c d") FROM stdin;`.
fn copy_columns(copy: &str) -> Option<Vec<String>> {
    let open = copy.find('(')?;
    let close = copy[open..].find(')')? + open;
    Some(
        copy[open + 1..close]
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect(),
    )
}

/// Chunks of one data block (a length, then bytes; a zero length ends it) as one stream.
struct Chunks<'a, R> {
    header: &'a mut Header<R>,
    left: usize,
    done: bool,
}

impl<R: Read> Read for Chunks<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.left == 0 {
            if self.done {
                return Ok(0);
            }
            let n = self.header.int()?;
            if n <= 0 {
                self.done = true;
                return Ok(0);
            }
            self.left = usize::try_from(n).map_err(|_| bad("damaged data block".into()))?;
        }
        let want = buf.len().min(self.left);
        let got = self.header.input.read(&mut buf[..want])?;
        if got == 0 {
            return Err(bad("archive truncated inside a data block".into()));
        }
        self.left -= got;
        Ok(got)
    }
}

/// A table's data, decompressed as the archive says.
fn decompressed<'a>(
    compression: Compression,
    raw: impl Read + 'a,
) -> std::io::Result<Box<dyn Read + 'a>> {
    Ok(match compression {
        Compression::None => Box::new(raw),
        Compression::Zlib => Box::new(flate2::read::ZlibDecoder::new(raw)),
        Compression::Zstd => Box::new(crate::archive::zstd_reader(raw)),
        Compression::Lz4 => {
            return Err(bad(
                "LZ4-compressed pg_dump data is not read by this version".into(),
            ));
        }
    })
}

/// A custom-format archive (`pg_dump -Fc`), streamed: the TOC, then the data blocks in
/// the order they were written.
pub(crate) fn read_custom(
    display: &str,
    mut input: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let toc = match read_toc(&mut input) {
        Ok(t) if t.format == FORMAT_CUSTOM => t,
        Ok(t) => {
            // A directory or tar archive's toc.dat read on its own: its data is elsewhere.
            let (fr, en) = if t.format == FORMAT_TAR {
                ("tar", "tar")
            } else {
                ("répertoire", "directory")
            };
            let message = Message::new(
                format!(
                    "la table des matières d'une archive pg_dump au format {fr} : ses données sont lues avec l'archive"
                ),
                format!(
                    "the table of contents of a pg_dump {en} archive: its data is read with the archive"
                ),
            );
            sink.note(Note::about(display, Severity::Info, message));
            return Ok(());
        }
        Err(e) => {
            sink.note(Note::about(
                display,
                Severity::Error,
                Message::io("archive pg_dump non lue", "pg_dump archive not read", &e),
            ));
            return Ok(());
        }
    };
    let mut h = Header {
        input: &mut input,
        int_size: toc.int_size,
        off_size: 8,
    };
    loop {
        limits.check_time()?;
        let kind = match h.byte() {
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        };
        let id = match h.int() {
            Ok(id) => id,
            Err(e) => return truncated(display, sink, e),
        };
        match kind {
            BLOCK_DATA => {
                let mut chunks = Chunks {
                    header: &mut h,
                    left: 0,
                    done: false,
                };
                if let Some(t) = toc.tables.iter().find(|t| t.dump_id == id) {
                    let data = decompressed(toc.compression, &mut chunks)?;
                    read_table(&format!("{display}!{}", t.name), t, data, limits, sink)?;
                }
                // The rest of the block (all of it for other data, the end marker after
                // a compressed stream), so that the next block starts where it should.
                if let Err(e) = std::io::copy(&mut chunks, &mut std::io::sink()) {
                    return truncated(display, sink, e);
                }
            }
            BLOCK_BLOBS => loop {
                // Large objects: an oid, its chunks; a zero oid ends them. Not table data.
                match h.int() {
                    Ok(0) => break,
                    Ok(_) => {
                        let mut chunks = Chunks {
                            header: &mut h,
                            left: 0,
                            done: false,
                        };
                        if let Err(e) = std::io::copy(&mut chunks, &mut std::io::sink()) {
                            return truncated(display, sink, e);
                        }
                    }
                    Err(e) => return truncated(display, sink, e),
                }
            },
            other => {
                let message = Message::new(
                    format!("archive pg_dump endommagée : type de bloc inconnu {other}"),
                    format!("pg_dump archive damaged: unknown block type {other}"),
                );
                sink.note(Note::about(display, Severity::Error, message));
                return Ok(());
            }
        }
    }
}

fn truncated(display: &str, sink: &mut dyn Sink, e: std::io::Error) -> std::io::Result<()> {
    sink.note(Note::about(
        display,
        Severity::Error,
        Message::io(
            "archive pg_dump tronquée ou endommagée",
            "pg_dump archive truncated or damaged",
            &e,
        ),
    ));
    Ok(())
}

/// One table's COPY data as an item of its own.
pub(crate) fn read_table(
    item: &str,
    table: &TableData,
    data: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    sink.item(item, crate::Format::Sql, crate::Encoding::Utf8);
    let mut fallback = crate::decode::Fallback::default();
    crate::sql::read_copy_data(
        data,
        &table.name,
        table.columns.clone(),
        item,
        limits,
        sink,
        &mut fallback,
    )
}

/// The data of a directory or tar archive's table, from its file (`3340.dat`, or
/// compressed as `3340.dat.gz` / `.zst`).
pub(crate) fn read_table_file(
    item: &str,
    table: &TableData,
    path: &std::path::Path,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    let plain = std::fs::File::open(path);
    if let Ok(f) = plain {
        return read_table(item, table, f, limits, sink);
    }
    let gz = path.with_extension("dat.gz");
    if let Ok(f) = std::fs::File::open(&gz) {
        return read_table(
            item,
            table,
            flate2::read::MultiGzDecoder::new(f),
            limits,
            sink,
        );
    }
    let zst = path.with_extension("dat.zst");
    if let Ok(f) = std::fs::File::open(&zst) {
        return read_table(item, table, crate::archive::zstd_reader(f), limits, sink);
    }
    sink.note(Note::about(
        item,
        Severity::Error,
        Message::new(
            format!(
                "le fichier de données {} de cette table manque",
                path.display()
            ),
            format!("the data file {} of this table is missing", path.display()),
        ),
    ));
    Ok(())
}

/// A file of a pg_dump directory archive (or of an extracted tar archive): its
/// `toc.dat` reads every table's data as `folder!schema.table`; a data file beside such
/// a TOC is read with it, not alone. None for any other file.
pub(crate) fn read_directory_part(
    path: &std::path::Path,
    display: &str,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Option<std::io::Result<()>> {
    let name = path.file_name()?.to_str()?;
    let dir = path.parent()?;
    let toc_path = dir.join("toc.dat");
    let toc = || -> Option<Toc> {
        let mut f = std::fs::File::open(&toc_path).ok()?;
        let mut magic = [0u8; 5];
        f.read_exact(&mut magic).ok()?;
        (magic == MAGIC).then_some(())?;
        let mut f = std::io::BufReader::new(std::fs::File::open(&toc_path).ok()?);
        read_toc(&mut f).ok().filter(Toc::has_data_files)
    };
    if name == "toc.dat" {
        let toc = toc()?;
        let folder = display.strip_suffix("toc.dat").unwrap_or(display);
        let folder = folder.strip_suffix(['/', '\\']).unwrap_or(folder);
        sink.item(
            display,
            crate::Format::Archive("pg_dump"),
            crate::Encoding::Utf8,
        );
        for table in &toc.tables {
            let Some(file) = &table.file else { continue };
            let item = format!("{folder}!{}", table.name);
            if let Err(e) = read_table_file(&item, table, &dir.join(file), limits, sink) {
                sink.note(Note::about(&item, Severity::Error, Message::of_io(&e)));
            }
        }
        return Some(Ok(()));
    }
    let stem = name.split('.').next()?;
    let data_file = !stem.is_empty()
        && stem.bytes().all(|b| b.is_ascii_digit())
        && name[stem.len()..].starts_with(".dat");
    if !data_file {
        return None;
    }
    let toc = toc()?;
    let named = toc
        .tables
        .iter()
        .find(|t| t.file.as_deref().is_some_and(|f| name.starts_with(f)))?;
    sink.item(
        display,
        crate::Format::Archive("pg_dump"),
        crate::Encoding::Utf8,
    );
    sink.note(Note::about(
        display,
        Severity::Info,
        Message::new(
            format!(
                "données de {} dans l'archive pg_dump de ce dossier, lues avec son toc.dat",
                named.name
            ),
            format!(
                "data of {} in the pg_dump archive of this folder, read with its toc.dat",
                named.name
            ),
        ),
    ));
    Some(Ok(()))
}
