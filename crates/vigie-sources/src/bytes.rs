//! A byte reader with its own buffer and a line count, for the decoders that look at
//! every byte (JSON, SQL): a dynamic `BufRead` call per byte cost more than the lexing.

use std::io::Read;

pub(crate) struct ByteReader<'r> {
    r: &'r mut dyn Read,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// The 1-based line of the next byte.
    pub(crate) line: u64,
}

impl<'r> ByteReader<'r> {
    pub(crate) fn new(r: &'r mut dyn Read) -> ByteReader<'r> {
        ByteReader {
            r,
            buf: vec![0; 64 * 1024],
            pos: 0,
            len: 0,
            line: 1,
        }
    }

    fn refill(&mut self) -> std::io::Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        loop {
            match self.r.read(&mut self.buf) {
                Ok(n) => {
                    self.pos = 0;
                    self.len = n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    #[inline]
    pub(crate) fn peek(&mut self) -> std::io::Result<Option<u8>> {
        if self.pos < self.len || self.refill()? {
            Ok(Some(self.buf[self.pos]))
        } else {
            Ok(None)
        }
    }

    #[inline]
    pub(crate) fn bump(&mut self) -> std::io::Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(c) = b {
            self.pos += 1;
            if c == b'\n' {
                self.line += 1;
            }
        }
        Ok(b)
    }

    /// The buffered bytes not yet consumed (refill with `peek` first).
    pub(crate) fn available(&self) -> &[u8] {
        &self.buf[self.pos..self.len]
    }

    /// Consumes `n` available bytes that hold no newline.
    pub(crate) fn skip(&mut self, n: usize) {
        self.pos += n;
    }
}
