//! Text from the user's files and decks made safe for a terminal. A file name, a source line or
//! a deck entry is anyone's text: an escape sequence in it could clear the screen, retitle the
//! window, or write the clipboard (OSC 52) when printed. Every byte of CLI output goes through
//! here, so control characters reach the terminal only as visible escapes (`\x1b`, `\u{9b}`).

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a character would act on a terminal (or reorder what it shows) instead of printing:
/// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
/// isolates that can make code read differently from what it is.
fn acts(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every character that would act on a terminal shown as an escape. A carriage return
/// is kept where a newline follows it (`\r\n`, as CSV ends its lines): only a lone one moves the
/// cursor back over what was printed.
pub fn clean(s: &str) -> Cow<'_, str> {
    let acts_at = |i: usize, c: char| acts(c) && !(c == '\r' && s[i + 1..].starts_with('\n'));
    if !s.char_indices().any(|(i, c)| acts_at(i, c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if !acts_at(i, c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// A writer that cleans what passes through it. Writes may split a character across calls; the
/// incomplete end is kept for the next write. Bytes that are not UTF-8 at all are shown as
/// `\xNN` escapes.
pub struct Clean<W: Write> {
    inner: W,
    carry: Vec<u8>,
}

impl<W: Write> Clean<W> {
    pub fn new(inner: W) -> Self {
        Clean { inner, carry: Vec::new() }
    }
}

impl<W: Write> Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(buf);
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    // A `\r` at the end may be the first half of a `\r\n` split across writes.
                    let (now, later) = match s.strip_suffix('\r') {
                        Some(head) => (head, b"\r".as_slice()),
                        None => (s, b"".as_slice()),
                    };
                    self.inner.write_all(clean(now).as_bytes())?;
                    self.carry = later.to_vec();
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // SAFETY-free: `valid_up_to` bytes are UTF-8 by definition.
                    self.inner.write_all(clean(std::str::from_utf8(good).unwrap_or_default()).as_bytes())?;
                    match e.error_len() {
                        // An incomplete character at the end: wait for the rest.
                        None => {
                            self.carry = bad.to_vec();
                            break;
                        }
                        Some(n) => {
                            for b in &bad[..n] {
                                write!(self.inner, "\\x{b:02x}")?;
                            }
                            rest = &bad[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Clean<W> {
    fn drop(&mut self) {
        // What is left cannot complete any more: a lone `\r`, or half a character.
        for b in std::mem::take(&mut self.carry) {
            let _ = write!(self.inner, "\\x{b:02x}");
        }
        let _ = self.inner.flush();
    }
}

/// `eprintln!` for text that may hold anyone's characters (file names, deck text).
#[macro_export]
macro_rules! warnln {
    ($($arg:tt)*) => {{
        let line = format!($($arg)*);
        eprintln!("{}", $crate::term::clean(&line));
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert!(matches!(clean("plain text\twith tabs\nand lines 🐍"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(clean("\u{1b}]52;c;aGk=\u{7}"), "\\x1b]52;c;aGk=\\x07");
        assert_eq!(clean("x\u{9b}y\ru"), "x\\u{9b}y\\x0du");
        assert!(matches!(clean("a,b\r\nc,d\r\n"), Cow::Borrowed(_)), "CSV line ends pass");
        assert_eq!(clean("if x\u{202e}y"), "if x\\u{202e}y");
    }

    #[test]
    fn the_writer_cleans_across_split_writes_and_invalid_bytes() {
        let mut out = Vec::new();
        {
            let mut w = Clean::new(&mut out);
            let text = "é\u{1b}[31m🐍".as_bytes();
            for b in text {
                w.write_all(std::slice::from_ref(b)).unwrap();
            }
            w.write_all(b"\xff!\r").unwrap();
            w.write_all(b"\nend\r").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "é\\x1b[31m🐍\\xff!\r\nend\\x0d");
    }
}
