//! HTML: the text of each line, tags removed (their state carried across lines), `<style>`
//! skipped, entities decoded, so lines keep their numbers. Inline scripts are kept: pages
//! often embed patient records in them (`var patient = {…}`).
//!
//! Written by hand: scanning needs the text and its line, not a document tree, and an
//! HTML5 parser would be a large dependency for that.

use crate::decode::Fallback;
use crate::text::next_line;
use crate::{Limits, Sink};
use std::io::BufRead;

/// Named entities a French document uses; numeric ones are decoded generally.
pub(crate) fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "Eacute" => 'É',
        "Egrave" => 'È',
        "Agrave" => 'À',
        "Ccedil" => 'Ç',
        "oelig" => 'œ',
        "laquo" => '«',
        "raquo" => '»',
        "deg" => '°',
        "euro" => '€',
        _ => return None,
    })
}

fn entity(s: &str) -> Option<char> {
    if let Some(num) = s.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    named(s)
}

#[derive(Default)]
struct State {
    in_tag: bool,
    /// Inside <style>: text is skipped until the closing tag.
    skipping: Option<&'static str>,
    tag: String,
}

impl State {
    /// The visible text of one line.
    fn visible(&mut self, line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if self.in_tag {
                if c == '>' {
                    self.in_tag = false;
                    self.close_tag();
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                } else if self.tag.len() < 16 {
                    self.tag.push(c.to_ascii_lowercase());
                }
                continue;
            }
            if c == '<' {
                self.in_tag = true;
                self.tag.clear();
                continue;
            }
            if self.skipping.is_some() {
                continue;
            }
            if c == '&'
                && let Some(end) = line[i..].find(';').filter(|&e| e <= 10)
                && let Some(decoded) = entity(&line[i + 1..i + end])
            {
                out.push(decoded);
                for _ in 0..end {
                    chars.next();
                }
                continue;
            }
            // Tags leave spaces; runs of spaces are folded into one.
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        out
    }

    fn close_tag(&mut self) {
        let name: String = self
            .tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match (self.skipping, name.as_str()) {
            (None, "style") => self.skipping = Some("/style"),
            (Some(end), n) if n == end => self.skipping = None,
            _ => {}
        }
    }
}

pub(crate) fn read_html(
    r: &mut dyn BufRead,
    limits: &Limits,
    sink: &mut dyn Sink,
    fallback: &mut Fallback,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut state = State::default();
    let mut line = 0u64;
    while next_line(r, &mut buf, limits.max_line)?.is_some() {
        line += 1;
        let text = fallback.decode(&buf, line);
        let visible = state.visible(&text);
        // A blank visible line ends a paragraph, as in text files.
        sink.text(line, visible.trim());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_across_lines() {
        let mut s = State::default();
        assert_eq!(
            s.visible("<p>Mme Sophie&nbsp;DURAND, n&eacute;e le").trim(),
            "Mme Sophie DURAND, née le"
        );
        assert_eq!(
            s.visible("<b>12/03/1985</b> <a href=\"x\"").trim(),
            "12/03/1985"
        );
        assert_eq!(
            s.visible("title='a'>lien</a> &#233;&#xE9; &unknown;")
                .trim(),
            "lien éé &unknown;"
        );
        assert_eq!(
            s.visible("<script>var nir = '185057800608491';").trim(),
            "var nir = '185057800608491';"
        );
        assert_eq!(s.visible("</script><style>p{color:red}").trim(), "");
        assert_eq!(s.visible("td{}</style>fin").trim(), "fin");
    }
}
