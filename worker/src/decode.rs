//! Bytes to text. Upstream files come as UTF-8 with or without a BOM, and
//! sometimes as Latin-1/Windows-1252 from a spreadsheet export: decode all
//! of them and say which, so the operator knows.

use serde::Serialize;

/// Which encoding the body was in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    /// Not valid UTF-8: decoded as Windows-1252 (a superset of Latin-1).
    Windows1252,
}

impl Encoding {
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with a byte-order mark",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1252 => "Latin-1/Windows-1252 (not UTF-8): decoded, accents kept",
        }
    }
}

/// Decodes a whole body.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (text.into_owned(), Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

/// Guesses the encoding of a body from its first bytes, for bodies read as
/// a stream. A multi-byte character cut at the end of `head` is fine.
pub fn sniff(head: &[u8]) -> Encoding {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8Bom;
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Encoding::Utf16;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Decodes one field of a streamed file: UTF-8 when it is valid, else
/// Windows-1252. The flag says a fallback happened.
pub fn decode_field(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_seen_reads_the_same() {
        let want = "Arras – Thérèse";
        assert_eq!(decode(want.as_bytes()), (want.to_string(), Encoding::Utf8));
        let bom = [b"\xEF\xBB\xBF".as_slice(), want.as_bytes()].concat();
        assert_eq!(decode(&bom), (want.to_string(), Encoding::Utf8Bom));
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(want);
        assert_eq!(decode(&latin1), (want.to_string(), Encoding::Windows1252));
        assert_eq!(sniff(&latin1), Encoding::Windows1252);
        assert_eq!(
            sniff(&want.as_bytes()[..10]),
            Encoding::Utf8,
            "a cut character is not an error"
        );
        assert_eq!(decode_field(&latin1), (want.into(), true));
    }
}
