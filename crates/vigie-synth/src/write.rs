//! Writing files in a chosen encoding with line counting, and the truth file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use vigie_detect::Kind;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Enc {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Windows1252,
}

pub(crate) struct Out {
    w: BufWriter<File>,
    enc: Enc,
    eol: &'static str,
    /// The 1-based number of the next line to be written.
    next_line: u64,
    bytes: u64,
}

impl Out {
    pub(crate) fn create(
        dir: &Path,
        rel: &str,
        enc: Enc,
        eol: &'static str,
    ) -> std::io::Result<Out> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = Out {
            w: BufWriter::with_capacity(1 << 16, File::create(path)?),
            enc,
            eol,
            next_line: 1,
            bytes: 0,
        };
        match enc {
            Enc::Utf8Bom => out.bytes_out(b"\xef\xbb\xbf")?,
            Enc::Utf16Le => out.bytes_out(b"\xff\xfe")?,
            _ => {}
        }
        Ok(out)
    }

    pub(crate) fn line(&self) -> u64 {
        self.next_line
    }

    fn bytes_out(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.bytes += b.len() as u64;
        self.w.write_all(b)
    }

    fn text_out(&mut self, s: &str) -> std::io::Result<()> {
        match self.enc {
            Enc::Utf8 | Enc::Utf8Bom => self.bytes_out(s.as_bytes()),
            Enc::Windows1252 => {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(s);
                self.bytes_out(&bytes)
            }
            Enc::Utf16Le => {
                let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
                self.bytes_out(&bytes)
            }
        }
    }

    /// One line of text as is.
    pub(crate) fn raw_line(&mut self, s: &str) -> std::io::Result<()> {
        self.text_out(s)?;
        self.text_out(self.eol)?;
        self.next_line += 1 + s.matches('\n').count() as u64;
        Ok(())
    }

    /// One CSV record, quoting fields that need it (embedded newlines count as lines).
    pub(crate) fn record(&mut self, fields: &[&str], delimiter: u8) -> std::io::Result<()> {
        let d = delimiter as char;
        let mut line = String::new();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                line.push(d);
            }
            if f.contains([d, '"', '\n', '\r']) {
                line.push('"');
                line.push_str(&f.replace('"', "\"\""));
                line.push('"');
            } else {
                line.push_str(f);
            }
        }
        self.raw_line(&line)
    }

    pub(crate) fn finish(mut self) -> std::io::Result<u64> {
        self.w.flush()?;
        Ok(self.bytes)
    }
}

pub(crate) struct Truth {
    w: BufWriter<File>,
    n: u64,
}

impl Truth {
    pub(crate) fn create(path: &Path) -> std::io::Result<Truth> {
        Ok(Truth {
            w: BufWriter::new(File::create(path)?),
            n: 0,
        })
    }

    pub(crate) fn add_all(&mut self, path: &str, line: u64, kinds: &[Kind]) -> std::io::Result<()> {
        for k in kinds {
            writeln!(
                self.w,
                "{{\"path\":\"{path}\",\"line\":{line},\"kind\":\"{}\"}}",
                k.id()
            )?;
            self.n += 1;
        }
        Ok(())
    }

    pub(crate) fn count(&self) -> u64 {
        self.n
    }

    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}
