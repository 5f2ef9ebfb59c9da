//! Where words start, found 64 bytes at a time. The free-text loop has work only where a
//! word starts with a digit, a capital or a `+` (a number, an IBAN, a code), and the
//! keyword search only where a word starts; finding those places a byte at a time, with
//! a branch per byte, was most of the time spent on ordinary prose and logs.
//!
//! Each block's byte classes become bitmasks eight bytes at a time in plain `u64`
//! arithmetic (SWAR): a range test is an add and a mask per byte lane, and the lanes'
//! top bits are gathered by one multiplication. This needs no `unsafe` and no CPU
//! detection, and the compiler did not turn the byte-at-a-time form of these loops into
//! vector compares. Written here rather than taken from a crate because `memchr` finds
//! at most three given bytes, not a class of bytes after another class.

const BLOCK: usize = 64;

/// A letter, a digit or any byte of a multi-byte UTF-8 character: what a word is made
/// of, for context windows and word boundaries.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte lane set where the lane, below 0x80, is at least `n`
/// (1 ≤ n ≤ 0x80): adding 0x80 − n carries into the top bit exactly then, and never
/// into the next lane.
#[inline(always)]
fn at_least(x7: u64, n: u8) -> u64 {
    x7.wrapping_add(LOW * u64::from(0x80 - n)) & HIGH
}

/// Lanes in `lo..=hi` (ASCII bounds), as top bits.
#[inline(always)]
fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let x7 = x & !HIGH;
    at_least(x7, lo) & !at_least(x7, hi + 1) & !x & HIGH
}

/// Lanes equal to `c`, as top bits.
#[inline(always)]
fn equal(x: u64, c: u8) -> u64 {
    let t = x ^ (LOW * u64::from(c));
    !(((t & !HIGH).wrapping_add(!HIGH)) | t) & HIGH
}

/// Word bytes (letters, digits, bytes of multi-byte characters), as top bits.
#[inline(always)]
fn word(x: u64) -> u64 {
    within(x, b'0', b'9') | within(x | (LOW * 0x20), b'a', b'z') | (x & HIGH)
}

/// The lanes' top bits gathered into the low eight bits, lane i to bit i.
#[inline(always)]
fn gather(top: u64) -> u64 {
    (top >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Which bytes may open what a caller looks for.
#[derive(Clone, Copy)]
pub(crate) enum Lead {
    /// Any word byte: a keyword.
    Word,
    /// A digit, a capital or a `+`: a number, a phone number, an IBAN, a code.
    NumberOrCode,
}

impl Lead {
    #[inline(always)]
    fn lanes(self, x: u64) -> u64 {
        match self {
            Lead::Word => word(x),
            Lead::NumberOrCode => within(x, b'0', b'9') | within(x, b'A', b'Z') | equal(x, b'+'),
        }
    }

    #[cfg(test)]
    fn holds(self, c: u8) -> bool {
        match self {
            Lead::Word => is_word_byte(c),
            Lead::NumberOrCode => c.is_ascii_digit() || c.is_ascii_uppercase() || c == b'+',
        }
    }
}

/// The positions of `b`, in order, whose byte is in the class `lead` and which follow a
/// byte that is not a word byte (or open the text).
pub(crate) struct Starts<'a> {
    b: &'a [u8],
    lead: Lead,
    /// Offset of the block `bits` belongs to, and of the next one.
    base: usize,
    next: usize,
    bits: u64,
    /// Whether the last byte of the previous block was a word byte.
    after_word: bool,
}

pub(crate) fn starts(b: &[u8], lead: Lead) -> Starts<'_> {
    Starts {
        b,
        lead,
        base: 0,
        next: 0,
        bits: 0,
        after_word: false,
    }
}

impl Starts<'_> {
    /// Fills `bits` with the next block, returning false past the end.
    #[inline]
    fn load(&mut self) -> bool {
        let chunk = self.b.get(self.next..).unwrap_or_default();
        if chunk.is_empty() {
            return false;
        }
        let chunk = &chunk[..chunk.len().min(BLOCK)];
        // Whole lanes, then the last few bytes padded with zeros (not a class member):
        // most cells and many lines are far shorter than a block.
        let (mut word, mut lead) = (0u64, 0u64);
        let lanes = chunk.chunks(8);
        for (k, lane) in lanes.enumerate() {
            let x = match lane.first_chunk::<8>() {
                Some(full) => u64::from_le_bytes(*full),
                None => {
                    let mut eight = [0u8; 8];
                    eight[..lane.len()].copy_from_slice(lane);
                    u64::from_le_bytes(eight)
                }
            };
            word |= gather(self::word(x)) << (8 * k);
            lead |= gather(self.lead.lanes(x)) << (8 * k);
        }
        let mut bits = lead & !(word << 1 | u64::from(self.after_word));
        if chunk.len() < BLOCK {
            bits &= (1u64 << chunk.len()) - 1;
        }
        self.after_word = word >> (BLOCK - 1) != 0;
        self.base = self.next;
        self.next += BLOCK;
        self.bits = bits;
        true
    }
}

impl Iterator for Starts<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            if !self.load() {
                return None;
            }
        }
        let i = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(self.base + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time definition the masks must agree with.
    fn naive(b: &[u8], lead: Lead) -> Vec<usize> {
        (0..b.len())
            .filter(|&i| lead.holds(b[i]) && (i == 0 || !is_word_byte(b[i - 1])))
            .collect()
    }

    #[test]
    fn lanes_agree_with_the_byte_tests_for_every_byte() {
        for lead in [Lead::Word, Lead::NumberOrCode] {
            for c in 0..=255u8 {
                // Each byte among neighbours that could carry into it or borrow from it.
                let lanes = [b'.', c, b' ', c, 0xFF, c, 0, c];
                let want = (0..8).fold(0u64, |m, i| m | u64::from(lead.holds(lanes[i])) << i);
                let bits = gather(lead.lanes(u64::from_le_bytes(lanes)));
                assert_eq!(bits, want, "byte {c:#04x}");
            }
        }
    }

    #[test]
    fn starts_agree_with_the_byte_loop_across_block_edges() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(["mot ", "Élan, ", "06 12", "+33 ", "x", "é-", "ABC1", "\t\n"][i % 8]);
        }
        let b = text.as_bytes();
        for len in [0, 1, 2, 63, 64, 65, 127, 128, 129, b.len()] {
            let b = &b[..len.min(b.len())];
            for lead in [Lead::Word, Lead::NumberOrCode] {
                assert_eq!(starts(b, lead).collect::<Vec<_>>(), naive(b, lead), "{len}");
            }
        }
    }

    #[test]
    fn a_word_across_a_block_edge_starts_once() {
        let mut text = vec![b' '; 60];
        text.extend_from_slice(b"abcdefgh 12");
        assert_eq!(starts(&text, Lead::Word).collect::<Vec<_>>(), vec![60, 69]);
    }
}
