//! Compressed files and archives: gzip, bzip2, xz, zstd, zip, tar and 7z (and their
//! combinations), nested. Members are
//! read as items of their own, named `outer.zip!inner/dir/file.csv`, and their line
//! numbers are those of the decompressed member.
//!
//! Every member is bounded: nesting depth, member count, decompressed size, and the
//! ratio of decompressed to compressed bytes (zip bombs). Hitting a limit, an encrypted
//! member or a corrupt one gives a note naming the member, and the next one is read.

use crate::{Limits, Message, Note, Severity, Sink, refused};
use std::cell::Cell;
use std::io::{Read, Seek};
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Archive {
    Gzip,
    Bzip2,
    Xz,
    Zstd,
    Zip,
    Tar,
    SevenZ,
}

impl Archive {
    pub(crate) fn from_magic(what: &str) -> Option<Archive> {
        match what {
            "gzip file" => Some(Archive::Gzip),
            "bzip2 file" => Some(Archive::Bzip2),
            "xz file" => Some(Archive::Xz),
            "zstd file" => Some(Archive::Zstd),
            "zip archive" => Some(Archive::Zip),
            "tar archive" => Some(Archive::Tar),
            "7z archive" => Some(Archive::SevenZ),
            _ => None,
        }
    }

    pub(crate) fn id(self) -> &'static str {
        match self {
            Archive::Gzip => "gzip",
            Archive::Bzip2 => "bzip2",
            Archive::Xz => "xz",
            Archive::Zstd => "zstd",
            Archive::Zip => "zip",
            Archive::Tar => "tar",
            Archive::SevenZ => "7z",
        }
    }
}

fn note(sink: &mut dyn Sink, path: &str, severity: Severity, message: Message) {
    sink.note(Note::about(path, severity, message));
}

/// Counts the compressed bytes consumed, for the ratio check.
/// Every frame of a zstd stream. ruzstd decodes one frame at a time, but `pzstd`, `zstd
/// -T0` and concatenated files write several, and skippable frames may sit between them.
struct ZstdFrames<R> {
    source: std::io::BufReader<R>,
    frame: ruzstd::decoding::FrameDecoder,
    in_frame: bool,
}

impl<R: Read> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        use std::io::BufRead;
        loop {
            if !self.in_frame {
                if self.source.fill_buf()?.is_empty() {
                    return Ok(0);
                }
                match self.frame.reset(&mut self.source) {
                    Ok(()) => self.in_frame = true,
                    Err(FrameDecoderError::ReadFrameHeaderError(
                        ReadFrameHeaderError::SkipFrame { length, .. },
                    )) => {
                        let mut skipped = (&mut self.source).take(u64::from(length));
                        std::io::copy(&mut skipped, &mut std::io::sink())?;
                        continue;
                    }
                    Err(e) => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!("not a readable zstd stream: {e}"),
                        ));
                    }
                }
            }
            while self.frame.can_collect() == 0 && !self.frame.is_finished() {
                self.frame
                    .decode_blocks(
                        &mut self.source,
                        ruzstd::decoding::BlockDecodingStrategy::UptoBlocks(1),
                    )
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            }
            let n = self.frame.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            self.in_frame = false;
        }
    }
}

struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Stops a decompressed stream past the member size limit or the compression ratio.
/// A zstd stream of any number of frames.
pub(crate) fn zstd_reader<R: Read>(inner: R) -> impl Read {
    ZstdFrames {
        source: std::io::BufReader::new(inner),
        frame: ruzstd::decoding::FrameDecoder::new(),
        in_frame: false,
    }
}

/// A member's content within the member size limit.
pub(crate) fn bounded<R: Read>(inner: R, limits: &Limits) -> impl Read {
    Bounded {
        inner,
        out: 0,
        compressed: None,
        compressed_size: None,
        limits: limits.clone(),
    }
}

struct Bounded<R> {
    inner: R,
    out: u64,
    /// Compressed bytes consumed so far, when the ratio applies.
    compressed: Option<Rc<Cell<u64>>>,
    /// A known compressed size (zip entries).
    compressed_size: Option<u64>,
    limits: Limits,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        if self.out > self.limits.max_member_bytes {
            let max = self.limits.max_member_bytes;
            return Err(refused(
                std::io::ErrorKind::InvalidData,
                Message::new(
                    format!("plus de {max} octets une fois décompressé (--max-member-size)"),
                    format!("decompressed size over {max} bytes (--max-member-size)"),
                ),
            ));
        }
        let input = self
            .compressed_size
            .or_else(|| self.compressed.as_ref().map(|c| c.get()))
            .unwrap_or(u64::MAX);
        // A margin so that small, highly compressible members are not refused.
        let allowed = input
            .saturating_mul(self.limits.max_ratio)
            .saturating_add(1 << 20);
        if self.out > allowed {
            let ratio = self.limits.max_ratio;
            return Err(refused(
                std::io::ErrorKind::InvalidData,
                Message::new(
                    format!("taux de compression supérieur à {ratio} (bombe de décompression ?)"),
                    format!("compression ratio over {ratio} (possible zip bomb)"),
                ),
            ));
        }
        Ok(n)
    }
}

/// Copies a stream to an anonymous temporary file (deleted on drop) for the formats that
/// must seek (zip, workbooks, documents); None, with a note, past the size limit.
pub(crate) fn spool(
    reader: impl Read,
    limits: &Limits,
    sink: &mut dyn Sink,
    display: &str,
    what: &str,
) -> std::io::Result<Option<std::fs::File>> {
    let mut file = tempfile::tempfile()?;
    let copied = std::io::copy(&mut reader.take(limits.max_member_bytes + 1), &mut file)?;
    if copied > limits.max_member_bytes {
        note(
            sink,
            display,
            Severity::Skipped,
            Message::new(
                format!(
                    "{} de plus de {} octets, non ouvert",
                    crate::in_french(what),
                    limits.max_member_bytes
                ),
                format!(
                    "{what} larger than {} bytes, not opened",
                    limits.max_member_bytes
                ),
            ),
        );
        return Ok(None);
    }
    file.rewind()?;
    Ok(Some(file))
}

fn too_many_members(sink: &mut dyn Sink, display: &str, limits: &Limits) {
    let max = limits.max_members;
    let message = Message::new(
        format!("plus de {max} éléments, les suivants ne sont pas lus"),
        format!("more than {max} members, the rest not read"),
    );
    note(sink, display, Severity::Skipped, message);
}

/// Reads one member; its own failure is noted and does not stop the archive.
fn member<'r>(
    display: &str,
    reader: impl Read + 'r,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) {
    if let Err(e) = crate::decode::read_item_at(display, Box::new(reader), limits, sink, depth) {
        note(
            sink,
            display,
            Severity::Error,
            Message::io(
                "élément non lu jusqu'au bout",
                "member not read to the end",
                &e,
            ),
        );
    }
}

/// Reads a member through the size and ratio bounds; `compressed_size` when the archive
/// says it (zip entries; a whole 7z archive), else the ratio is not judged (tar).
fn bounded_member(
    member_path: &str,
    inner: impl Read,
    compressed_size: Option<u64>,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) {
    let bounded = Bounded {
        inner,
        out: 0,
        compressed: None,
        compressed_size,
        limits: limits.clone(),
    };
    member(member_path, bounded, limits, sink, depth + 1);
}

/// The name of a compressed file's content: `x.csv.gz` → `x.csv`, `x.tgz` → `x.tar`.
fn decompressed_name(outer: &str) -> String {
    let base = outer.rsplit(['/', '!']).next().unwrap_or(outer);
    for tar in [".tgz", ".tbz2", ".tbz", ".txz", ".tzst"] {
        if let Some(stem) = base.strip_suffix(tar) {
            return format!("{stem}.tar");
        }
    }
    for ext in [".gz", ".bz2", ".xz", ".zst", ".zstd"] {
        if let Some(stem) = base.strip_suffix(ext) {
            return stem.to_string();
        }
    }
    format!("{base}.data")
}

/// Whether an archive at this nesting depth is past the limit (noted).
pub(crate) fn too_deep(display: &str, limits: &Limits, sink: &mut dyn Sink, depth: usize) -> bool {
    let deep = depth >= limits.max_depth_archives;
    if deep {
        note(
            sink,
            display,
            Severity::Skipped,
            Message::new(
                format!(
                    "archive imbriquée sur plus de {} niveaux (--max-depth), non ouverte",
                    limits.max_depth_archives
                ),
                format!(
                    "archive nested deeper than {} levels (--max-depth), not opened",
                    limits.max_depth_archives
                ),
            ),
        );
    }
    deep
}

pub(crate) fn read_archive(
    kind: Archive,
    display: &str,
    reader: Box<dyn Read + '_>,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    if too_deep(display, limits, sink, depth) {
        return Ok(());
    }
    match kind {
        Archive::Gzip | Archive::Bzip2 | Archive::Xz | Archive::Zstd => {
            let count = Rc::new(Cell::new(0));
            let input = Counted {
                inner: reader,
                count: count.clone(),
            };
            let decoder: Box<dyn Read + '_> = match kind {
                Archive::Gzip => Box::new(flate2::read::MultiGzDecoder::new(input)),
                Archive::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(input)),
                Archive::Xz => Box::new(lzma_rust2::XzReader::new(input, true)),
                _ => Box::new(zstd_reader(input)),
            };
            let mut decoded = Bounded {
                inner: decoder,
                out: 0,
                compressed: Some(count),
                compressed_size: None,
                limits: limits.clone(),
            };
            // A compressed tar is one archive to its users: its members are named
            // `x.tar.gz!dir/file.csv`, without an `x.tar` level between.
            let mut head = Vec::with_capacity(512);
            let rest: Box<dyn Read + '_> = match (&mut decoded).take(512).read_to_end(&mut head) {
                Ok(_) => Box::new(decoded),
                // Damaged early: what came before is still read, then the error noted.
                Err(e) => Box::new(crate::Failed(Some(e))),
            };
            let is_tar = head.get(257..262) == Some(b"ustar");
            let whole = std::io::Cursor::new(head).chain(rest);
            if is_tar {
                return read_tar(display, Box::new(whole), limits, sink, depth + 1);
            }
            member(
                &format!("{display}!{}", decompressed_name(display)),
                whole,
                limits,
                sink,
                depth + 1,
            );
            Ok(())
        }
        Archive::Tar => read_tar(display, reader, limits, sink, depth),
        Archive::SevenZ => {
            let Some(spool) = spool(reader, limits, sink, display, "7z archive")? else {
                return Ok(());
            };
            read_7z(display, spool, limits, sink, depth)
        }
        Archive::Zip => {
            // The zip directory is at the end: spool it to seek in it.
            let Some(spool) = spool(reader, limits, sink, display, "zip")? else {
                return Ok(());
            };
            read_zip(display, spool, limits, sink, depth)
        }
    }
}

fn read_tar(
    display: &str,
    reader: Box<dyn Read + '_>,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            note(
                sink,
                display,
                Severity::Error,
                Message::with_detail("archive tar illisible", "not a readable tar archive", e),
            );
            return Ok(());
        }
    };
    let mut pg = None;
    for (n, entry) in entries.enumerate() {
        limits.check_time()?;
        if n >= limits.max_members {
            too_many_members(sink, display, limits);
            break;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                note(
                    sink,
                    display,
                    Severity::Error,
                    Message::with_detail(
                        &format!("archive tar endommagée ou tronquée après {n} éléments"),
                        &format!("tar archive corrupt or truncated after {n} members"),
                        e,
                    ),
                );
                break;
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path().map_or_else(
            |_| format!("member-{n}"),
            |p| p.display().to_string().trim_start_matches("./").to_string(),
        );
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        // A pg_dump tar archive: its toc.dat names the tables whose data follow.
        if let Some(table) = pg.as_ref().and_then(|t: &crate::pgdump::Toc| {
            t.tables.iter().find(|t| t.file.as_deref() == Some(&base))
        }) {
            let item = format!("{display}!{}", table.name);
            if let Err(e) =
                crate::pgdump::read_table(&item, table, bounded(entry, limits), limits, sink)
            {
                note(sink, &item, Severity::Error, Message::of_io(&e));
            }
            continue;
        }
        let mut entry = entry;
        let mut head = Vec::with_capacity(5);
        if base == "toc.dat" {
            (&mut entry).take(5).read_to_end(&mut head)?;
            if head == crate::pgdump::MAGIC {
                let member = format!("{display}!{name}");
                sink.item(
                    &member,
                    crate::Format::Archive("pg_dump"),
                    crate::Encoding::Utf8,
                );
                match crate::pgdump::read_toc(&mut std::io::Cursor::new(head).chain(entry)) {
                    Ok(toc) if toc.has_data_files() => pg = Some(toc),
                    Ok(_) => {}
                    Err(e) => note(
                        sink,
                        &member,
                        Severity::Error,
                        Message::io("archive pg_dump non lue", "pg_dump archive not read", &e),
                    ),
                }
                continue;
            }
        }
        bounded_member(
            &format!("{display}!{name}"),
            std::io::Cursor::new(head).chain(entry),
            None,
            limits,
            sink,
            depth,
        );
    }
    Ok(())
}

fn read_7z(
    display: &str,
    file: std::fs::File,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    // Solid 7z archives compress members together: the ratio is judged on the archive.
    let archive_size = file.metadata()?.len();
    let mut archive = match sevenz_rust2::ArchiveReader::new(file, sevenz_rust2::Password::empty())
    {
        Ok(a) => a,
        Err(e) => {
            note(
                sink,
                display,
                Severity::Error,
                Message::with_detail(
                    "archive 7z illisible (chiffrée ou endommagée ?)",
                    "not a readable 7z archive (encrypted or damaged?)",
                    e,
                ),
            );
            return Ok(());
        }
    };
    let mut n = 0usize;
    let result = archive.for_each_entries(|entry, reader| {
        if entry.is_directory() {
            return Ok(true);
        }
        n += 1;
        if n > limits.max_members {
            too_many_members(sink, display, limits);
            return Ok(false);
        }
        let path = format!("{display}!{}", entry.name());
        bounded_member(&path, reader, Some(archive_size), limits, sink, depth);
        Ok(true)
    });
    if let Err(e) = result {
        note(
            sink,
            display,
            Severity::Error,
            Message::with_detail(
                "archive 7z non lue jusqu'au bout (chiffrée ou endommagée ?)",
                "7z archive not read to the end (encrypted or damaged?)",
                e,
            ),
        );
    }
    Ok(())
}

pub(crate) fn read_zip(
    display: &str,
    file: std::fs::File,
    limits: &Limits,
    sink: &mut dyn Sink,
    depth: usize,
) -> std::io::Result<()> {
    let mut zip = match zip::ZipArchive::new(file) {
        Ok(z) => z,
        Err(e) => {
            note(
                sink,
                display,
                Severity::Error,
                Message::with_detail("archive zip illisible", "not a readable zip archive", e),
            );
            return Ok(());
        }
    };
    if zip.len() > limits.max_members {
        note(
            sink,
            display,
            Severity::Skipped,
            Message::new(
                format!(
                    "{} éléments, seuls les {} premiers sont lus",
                    zip.len(),
                    limits.max_members
                ),
                format!(
                    "{} members, only the first {} read",
                    zip.len(),
                    limits.max_members
                ),
            ),
        );
    }
    for i in 0..zip.len().min(limits.max_members) {
        limits.check_time()?;
        let listed_name = zip
            .name_for_index(i)
            .and_then(Result::ok)
            .map_or_else(|| format!("member-{i}"), |n| n.into_owned());
        let entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                let name = listed_name;
                let why = match e {
                    zip::result::ZipError::UnsupportedArchive(m)
                        if m.contains("assword") || m.contains("AES") || m.contains("ncrypt") =>
                    {
                        Message::new(
                            "élément chiffré, illisible sans son mot de passe",
                            "encrypted member, not readable without its password",
                        )
                    }
                    other => {
                        Message::with_detail("élément illisible", "member not readable", other)
                    }
                };
                note(sink, &format!("{display}!{name}"), Severity::Error, why);
                continue;
            }
        };
        if !entry.is_file() {
            continue;
        }
        let name = entry
            .name()
            .map_or_else(|_| format!("member-{i}"), |n| n.into_owned());
        let compressed = entry.compressed_size();
        bounded_member(
            &format!("{display}!{name}"),
            entry,
            Some(compressed),
            limits,
            sink,
            depth,
        );
    }
    Ok(())
}
