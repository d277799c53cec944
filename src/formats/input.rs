//! Bytes of an interchange file turned into checked UTF-8, streaming.
//!
//! The byte-order mark decides the encoding: UTF-8 (BOM or none), UTF-16
//! little- or big-endian (as Trados and Excel write them). The BOM is
//! dropped and UTF-16 is transcoded. Invalid input stops the stream with
//! an [`std::io::Error`] whose payload is an [`InvalidText`] naming the
//! byte offset in the original file, so that every reader built on top
//! reports the same precise place.
//!
//! ```
//! use std::io::Read;
//! use dragoman::formats::input::Utf8Input;
//!
//! let utf16le = [0xFF, 0xFE, b'h', 0, b'i', 0];
//! let mut text = String::new();
//! Utf8Input::new(&utf16le[..]).read_to_string(&mut text).unwrap();
//! assert_eq!(text, "hi");
//! ```

use std::io::{self, Read};

/// The encoding of a file, from its byte-order mark (or, for XML
/// without one, its declaration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// windows-1252, also for a file declaring ISO-8859-1: the two differ
    /// only in 0x80-0x9F, C1 controls in ISO-8859-1 that no text means
    /// and that files labelled ISO-8859-1 use for cp1252's quotes and
    /// dashes (which is why HTML reads the label this way too).
    Windows1252,
}

/// An XML declaration names an encoding that is not read: the payload
/// of the `io::Error` that [`Utf8Input::for_xml`] returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("encoding {name} is not supported (convert to UTF-8 or UTF-16)")]
pub struct UnsupportedEncoding {
    /// As declared.
    pub name: String,
}

impl UnsupportedEncoding {
    /// The `UnsupportedEncoding` an I/O error carries, if any.
    pub fn from_io(error: &io::Error) -> Option<&UnsupportedEncoding> {
        error.get_ref().and_then(|e| e.downcast_ref::<UnsupportedEncoding>())
    }
}

/// The characters of windows-1252's bytes 0x80-0x9F (the five it leaves
/// undefined stay the C1 code point, as WHATWG's decoder does).
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–',
    '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The encoding an XML declaration at the start of `bytes` names, if it
/// names one: `Ok(None)` for none or one whose bytes are read as UTF-8.
fn declared_encoding(bytes: &[u8]) -> Result<Option<Encoding>, UnsupportedEncoding> {
    let Some(declaration) = bytes.strip_prefix(b"<?xml") else { return Ok(None) };
    let declaration = &declaration[..declaration.windows(2).position(|w| w == b"?>").unwrap_or(declaration.len())];
    let Some(at) = declaration.windows(8).position(|w| w == b"encoding") else { return Ok(None) };
    let rest = declaration[at + 8..].trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"=") else { return Ok(None) };
    let rest = rest.trim_ascii_start();
    let Some((&quote, rest)) = rest.split_first().filter(|(q, _)| **q == b'"' || **q == b'\'') else { return Ok(None) };
    let name = String::from_utf8_lossy(&rest[..rest.iter().position(|&b| b == quote).unwrap_or(rest.len())]).into_owned();
    match name.to_ascii_lowercase().as_str() {
        // UTF-16 declared without a BOM or a UTF-16 `<` is a mislabel: the
        // bytes are ASCII-compatible, so UTF-8 is what they can be
        "utf-8" | "utf8" | "us-ascii" | "ascii" | "utf-16" | "utf-16le" | "utf-16be" => Ok(None),
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "cp819" | "windows-1252" | "cp1252" | "x-cp1252" => {
            Ok(Some(Encoding::Windows1252))
        }
        _ => Err(UnsupportedEncoding { name }),
    }
}

/// Why the bytes are not text: the payload of the `io::Error` that
/// [`Utf8Input`] returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {encoding} at byte {offset}")]
pub struct InvalidText {
    /// `UTF-8` or `UTF-16`.
    pub encoding: &'static str,
    /// 0-based offset in the original file, BOM included.
    pub offset: u64,
}

impl InvalidText {
    /// The `InvalidText` an I/O error carries, if any.
    pub fn from_io(error: &io::Error) -> Option<&InvalidText> {
        error.get_ref().and_then(|e| e.downcast_ref::<InvalidText>())
    }
}

const CHUNK: usize = 64 * 1024;

/// How many bytes tell UTF-16 without a BOM: 32 characters.
pub const UTF16_SNIFF_BYTES: usize = 64;

/// Whether the start of a file without a BOM is UTF-16, little-endian
/// (`Some(true)`) or big-endian: text that is mostly ASCII (headers,
/// punctuation, digits) has a NUL byte in every other place, which no
/// UTF-8 text has. At least four characters must show the pattern, and
/// one in four of the first 32 (the rest may be other scripts: a header
/// line in ASCII before Arabic rows), with no NUL on the other side.
pub fn utf16_without_bom(start: &[u8]) -> Option<bool> {
    let pairs: Vec<&[u8]> = start.chunks_exact(2).take(UTF16_SNIFF_BYTES / 2).collect();
    if pairs.len() < 4 {
        return None;
    }
    let low_nul = pairs.iter().filter(|p| p[1] == 0 && p[0] != 0).count();
    let high_nul = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    let enough = |n: usize| n >= 4 && 4 * n >= pairs.len();
    match (low_nul, high_nul) {
        (n, 0) if enough(n) => Some(true),
        (0, n) if enough(n) => Some(false),
        _ => None,
    }
}

/// A reader yielding checked UTF-8 from UTF-8 or UTF-16 input.
pub struct Utf8Input<R> {
    inner: R,
    encoding: Option<Encoding>,
    /// Bytes read from `inner` but not yet decoded (an incomplete sequence).
    pending: Vec<u8>,
    /// Offset in the original file of `pending[0]`.
    pending_offset: u64,
    decoded: Vec<u8>,
    decoded_pos: usize,
    eof: bool,
    /// Whether an XML declaration may name the encoding.
    xml: bool,
}

impl<R: Read> Utf8Input<R> {
    pub fn new(inner: R) -> Utf8Input<R> {
        Utf8Input {
            inner,
            encoding: None,
            pending: Vec::new(),
            pending_offset: 0,
            decoded: Vec::new(),
            decoded_pos: 0,
            eof: false,
            xml: false,
        }
    }

    /// Like [`Utf8Input::new`], for XML: without a BOM, the declaration's
    /// `encoding` is read too (ISO-8859-1 and windows-1252 are decoded;
    /// another is an error carrying an [`UnsupportedEncoding`]).
    pub fn for_xml(inner: R) -> Utf8Input<R> {
        Utf8Input { xml: true, ..Utf8Input::new(inner) }
    }

    fn read_more(&mut self) -> io::Result<usize> {
        let start = self.pending.len();
        self.pending.resize(start + CHUNK, 0);
        let n = loop {
            match self.inner.read(&mut self.pending[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.pending.truncate(start);
                    return Err(e);
                }
            }
        };
        self.pending.truncate(start + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n)
    }

    fn detect(&mut self) -> io::Result<Encoding> {
        while self.pending.len() < UTF16_SNIFF_BYTES && !self.eof {
            self.read_more()?;
        }
        let (encoding, bom) = match self.pending.as_slice() {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            // UTF-16 without a BOM, recognised by an XML declaration's `<`.
            [b'<', 0, ..] => (Encoding::Utf16Le, 0),
            [0, b'<', ..] => (Encoding::Utf16Be, 0),
            start => match utf16_without_bom(start) {
                Some(true) => (Encoding::Utf16Le, 0),
                Some(false) => (Encoding::Utf16Be, 0),
                None => (Encoding::Utf8, 0),
            },
        };
        let mut encoding = encoding;
        if self.xml && encoding == Encoding::Utf8 && bom == 0 {
            // the declaration is short: it ends within the first chunk read
            while !self.eof && self.pending.len() < 1024 && !self.pending.windows(2).any(|w| w == b"?>") {
                self.read_more()?;
            }
            if let Some(declared) =
                declared_encoding(&self.pending).map_err(|unsupported| io::Error::new(io::ErrorKind::InvalidData, unsupported))?
            {
                encoding = declared;
            }
        }
        self.pending.drain(..bom);
        self.pending_offset = bom as u64;
        self.encoding = Some(encoding);
        Ok(encoding)
    }

    /// Decodes as much of `pending` as is complete into `decoded`.
    fn decode(&mut self, encoding: Encoding) -> io::Result<()> {
        self.decoded.clear();
        self.decoded_pos = 0;
        let used = match encoding {
            Encoding::Utf8 => match std::str::from_utf8(&self.pending) {
                Ok(_) => {
                    std::mem::swap(&mut self.decoded, &mut self.pending);
                    let used = self.decoded.len();
                    self.pending.clear();
                    self.pending_offset += used as u64;
                    return Ok(());
                }
                Err(e) if e.error_len().is_none() && !self.eof => {
                    let valid = e.valid_up_to();
                    self.decoded.extend_from_slice(&self.pending[..valid]);
                    valid
                }
                Err(e) => return Err(invalid("UTF-8", self.pending_offset + e.valid_up_to() as u64)),
            },
            Encoding::Windows1252 => {
                let mut buf = [0u8; 4];
                for &b in &self.pending {
                    let c = match b {
                        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
                        _ => char::from(b),
                    };
                    self.decoded.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                self.pending.len()
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let unit_at = |i: usize| {
                    let b = [self.pending[2 * i], self.pending[2 * i + 1]];
                    if encoding == Encoding::Utf16Le { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) }
                };
                let mut complete = self.pending.len() / 2;
                // a high surrogate at the end of the chunk waits for its pair
                if !self.eof && complete > 0 && (0xD800..0xDC00).contains(&unit_at(complete - 1)) {
                    complete -= 1;
                }
                let mut used = 0;
                let mut buf = [0u8; 4];
                for c in char::decode_utf16((0..complete).map(unit_at)) {
                    match c {
                        Ok(c) => {
                            self.decoded.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            used += 2 * c.len_utf16();
                        }
                        Err(_) => return Err(invalid("UTF-16", self.pending_offset + used as u64)),
                    }
                }
                if self.eof && used < self.pending.len() {
                    return Err(invalid("UTF-16", self.pending_offset + used as u64));
                }
                used
            }
        };
        self.pending.drain(..used);
        self.pending_offset += used as u64;
        Ok(())
    }
}

fn invalid(encoding: &'static str, offset: u64) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, InvalidText { encoding, offset })
}

impl<R: Read> Read for Utf8Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let encoding = match self.encoding {
            Some(e) => e,
            None => self.detect()?,
        };
        while self.decoded_pos == self.decoded.len() {
            if self.eof && self.pending.is_empty() {
                return Ok(0);
            }
            if !self.eof {
                self.read_more()?;
            }
            self.decode(encoding)?;
        }
        let n = out.len().min(self.decoded.len() - self.decoded_pos);
        out[..n].copy_from_slice(&self.decoded[self.decoded_pos..self.decoded_pos + n]);
        self.decoded_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<String, InvalidText> {
        let mut out = String::new();
        Utf8Input::new(bytes).read_to_string(&mut out).map_err(|e| InvalidText::from_io(&e).unwrap().clone())?;
        Ok(out)
    }

    /// Feeds the input one byte at a time, so every sequence is split.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() || out.is_empty() {
                return Ok(0);
            }
            out[0] = self.0[0];
            self.0 = &self.0[1..];
            Ok(1)
        }
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    }

    #[test]
    fn encodings_by_byte_order_mark() {
        let text = "قال هنية 😀 <seg>";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        assert_eq!(decode(&[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap(), text);
        assert_eq!(decode(&utf16(text, false)).unwrap(), text);
        assert_eq!(decode(&utf16(text, true)).unwrap(), text);
        for bytes in [utf16(text, false), utf16(text, true), text.as_bytes().to_vec()] {
            let mut out = String::new();
            Utf8Input::new(Trickle(&bytes)).read_to_string(&mut out).unwrap();
            assert_eq!(out, text);
        }
    }

    #[test]
    fn xml_declaring_latin1_or_windows_1252_is_decoded_and_another_encoding_refused() {
        let decode_xml = |bytes: &[u8]| {
            let mut out = String::new();
            Utf8Input::for_xml(Trickle(bytes)).read_to_string(&mut out).map(|_| out)
        };
        let latin1 = b"<?xml version='1.0' encoding = 'ISO-8859-1'?><seg>caf\xE9 \x93ok\x94</seg>";
        assert_eq!(decode_xml(latin1).unwrap(), "<?xml version='1.0' encoding = 'ISO-8859-1'?><seg>café “ok”</seg>");
        let cp1252 = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?>\x80\x81";
        assert!(decode_xml(cp1252).unwrap().ends_with("?>€\u{81}"));
        let utf8 = "<?xml version=\"1.0\" encoding=\"utf-8\"?>café";
        assert_eq!(decode_xml(utf8.as_bytes()).unwrap(), utf8);
        let error = decode_xml(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>").unwrap_err();
        assert_eq!(UnsupportedEncoding::from_io(&error).unwrap().name, "Shift_JIS");
        // outside XML the declaration is text like any other
        let mut out = String::new();
        assert!(Utf8Input::new(&latin1[..]).read_to_string(&mut out).is_err());
    }

    /// Regression: a UTF-16 CSV saved without a BOM gave "invalid UTF-8
    /// at byte 1"; the NUL bytes in every other place tell it.
    #[test]
    fn utf16_without_a_bom_is_told_by_its_nul_bytes() {
        let text = "source,target\r\nصباح الخير,Good morning\r\n";
        for big_endian in [false, true] {
            let bytes = utf16(text, big_endian);
            assert_eq!(utf16_without_bom(&bytes[2..]), Some(!big_endian));
            assert_eq!(decode(&bytes[2..]).unwrap(), text);
        }
        assert_eq!(utf16_without_bom("plain, ascii, text\n".as_bytes()), None);
        assert_eq!(utf16_without_bom(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0"), None);
    }

    #[test]
    fn invalid_bytes_are_reported_at_their_offset() {
        assert_eq!(decode(b"abc\xFFdef").unwrap_err().offset, 3);
        assert_eq!(decode(b"\xEF\xBB\xBFab\xC3").unwrap_err().offset, 5);
        // a lone low surrogate after "a" (BOM 2 bytes + 2 bytes)
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0, 0x00, 0xDC]).unwrap_err().offset, 4);
        // an odd byte at the end of UTF-16
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0, b'b']).unwrap_err().encoding, "UTF-16");
    }
}
