//! Free text to plain text: third-party fields carry HTML, Markdown,
//! entities and text decoded twice. What leaves here has no markup at all,
//! so no consumer can ever render it as HTML.

/// What cleaning changed, so the report can say so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextChanges {
    pub markup: bool,
    pub mojibake: bool,
    pub truncated: bool,
}

/// Cleans a free-text value: mojibake repaired, markup stripped, spaces
/// collapsed (newlines kept when `multiline`), at most `max` characters.
/// Returns `None` when nothing is left.
pub fn clean_text(raw: &str, max: usize, multiline: bool) -> (Option<String>, TextChanges) {
    let mut changes = TextChanges::default();
    if is_plain(raw, max) {
        let t = raw.trim();
        return ((!t.is_empty()).then(|| t.to_string()), changes);
    }
    let mut s = match repair_mojibake(raw) {
        Some(fixed) => {
            changes.mojibake = true;
            fixed
        }
        None => raw.to_string(),
    };
    // Entities can hide tags (`&lt;script&gt;`): strip, decode, strip again.
    for _ in 0..3 {
        let stripped = strip_markup(&s);
        if stripped == s {
            break;
        }
        changes.markup = true;
        s = stripped;
    }
    if s.contains(['<', '>']) {
        changes.markup = true;
        s = s.replace(['<', '>'], "");
    }
    let s = collapse_whitespace(&s, multiline);
    if s.is_empty() {
        return (None, changes);
    }
    let (s, cut) = cap(&s, max);
    changes.truncated = cut;
    (Some(s), changes)
}

/// Most values need nothing: no markup character, no suspicious accent,
/// no control character, no double space, short enough. One scan decides;
/// ASCII characters (most of any record) are judged without the Unicode
/// tables.
fn is_plain(s: &str, max: usize) -> bool {
    let mut prev = 'a';
    let mut chars = 0;
    for c in s.trim().chars() {
        chars += 1;
        let after_mojibake_lead = matches!(prev, 'Ã' | 'Â' | 'â' | 'Å');
        let bad = if c.is_ascii() {
            let b = c as u8;
            let space = b == b' ';
            (space && prev == ' ')
                || (after_mojibake_lead && !b.is_ascii_alphanumeric() && !space)
                || !(b' '..0x7f).contains(&b)
                || matches!(b, b'<' | b'>' | b'&' | b'*' | b'_' | b'#' | b'[' | b'`')
        } else {
            (after_mojibake_lead && !c.is_alphanumeric()) || c.is_control() || c.is_whitespace()
        };
        if bad {
            return false;
        }
        prev = c;
    }
    chars <= max
}

/// Whether cleaning would leave some text, without building it when the
/// value is plain (the common case).
pub fn has_text(raw: &str, max: usize) -> bool {
    if is_plain(raw, max) {
        return !raw.trim().is_empty();
    }
    clean_text(raw, max, false).0.is_some()
}

/// Cuts at a character boundary and marks the cut with an ellipsis.
pub fn cap(s: &str, max: usize) -> (String, bool) {
    if s.chars().count() <= max {
        return (s.to_string(), false);
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    (out, true)
}

/// Repairs UTF-8 that was decoded as Windows-1252 and re-encoded
/// (`LÃ©guillon` → `Léguillon`). Returns `None` when the text does not look
/// like that or the repair would not give valid UTF-8.
pub fn repair_mojibake(s: &str) -> Option<String> {
    let suspicious = s.chars().zip(s.chars().skip(1)).any(|(a, b)| {
        matches!(a, 'Ã' | 'Â' | 'â' | 'Å') && !b.is_ascii_alphanumeric() && !b.is_whitespace()
    });
    if !suspicious {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
    if unmappable {
        return None;
    }
    let fixed = String::from_utf8(bytes.into_owned()).ok()?;
    (fixed != s).then_some(fixed)
}

/// Removes HTML tags (and the content of `script`/`style`), decodes
/// entities, and removes Markdown emphasis, headings and links.
pub fn strip_markup(s: &str) -> String {
    let no_tags = strip_tags(s);
    let decoded = decode_entities(&no_tags);
    strip_markdown(&decoded)
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !starts_tag {
            out.push('<');
            rest = after;
            continue;
        }
        let Some(end) = after.find('>') else {
            // An unclosed tag: drop the rest of it.
            rest = "";
            break;
        };
        let tag = after[..end].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[end + 1..];
        if !after.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(i) => rest[i..].find('>').map_or("", |j| &rest[i + j + 1..]),
                None => "",
            };
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4"
        ) {
            out.push('\n');
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "icirc" => 'î',
        "rsquo" | "lsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?
        }
    };
    Some(c)
}

fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start();
        let line = line.trim_start_matches('#').trim_start();
        let line = line.strip_prefix("> ").unwrap_or(line);
        out.push_str(&strip_md_links(line));
    }
    out.replace("**", "").replace("__", "").replace('`', "")
}

/// `[text](url)` → `text`; links in free text are never published as links.
fn strip_md_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|mid| {
            let close = after[mid + 2..].find(')')?;
            Some((&after[..mid], mid + 2 + close + 1))
        });
        match parsed {
            Some((text, consumed)) => {
                out.push_str(&rest[..open]);
                out.push_str(text);
                rest = &after[consumed..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse_whitespace(s: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_lines = 0;
    for line in s.split('\n') {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || (c.is_control() && c != '\n'))
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            if multiline {
                out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
            } else {
                out.push(' ');
            }
        }
        blank_lines = 0;
        out.push_str(&words.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        clean_text(s, 1000, false).0.unwrap_or_default()
    }

    #[test]
    fn hostile_markup_never_survives() {
        for (raw, want) in [
            ("<script>alert(1)</script>Mairie", "Mairie"),
            ("Mairie<img src=x onerror=alert(1)>", "Mairie"),
            ("&lt;script&gt;alert(1)&lt;/script&gt;Centre", "Centre"),
            ("<p>Aide <strong>régionale</strong></p>", "Aide régionale"),
            ("a < b > c", "a b c"),
            ("<b unclosed", ""),
        ] {
            let got = clean(raw);
            assert_eq!(got, want, "{raw}");
            assert!(!got.contains('<') && !got.contains('>'));
        }
    }

    #[test]
    fn markdown_and_entities_become_plain_text() {
        assert_eq!(
            clean("**Rassembler** les [moyens](https://x.fr) &amp; plus"),
            "Rassembler les moyens & plus"
        );
        assert_eq!(clean("## Titre\n\nTexte"), "Titre Texte");
        let (multi, _) = clean_text("Ligne 1\r\n\r\n\r\nLigne 2", 100, true);
        assert_eq!(multi.as_deref(), Some("Ligne 1\n\nLigne 2"));
    }

    #[test]
    fn mojibake_from_the_2022_france_services_file_is_repaired() {
        let (s, ch) = clean_text("Fresnes-LÃ©guillon", 100, false);
        assert_eq!(s.as_deref(), Some("Fresnes-Léguillon"));
        assert!(ch.mojibake);
        assert_eq!(clean("Trie-ChÃ¢teau"), "Trie-Château");
        // Real accents are left alone.
        assert_eq!(repair_mojibake("Thérèse Château à Élincourt"), None);
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        let (s, ch) = clean_text(&"é".repeat(300), 280, false);
        let s = s.unwrap();
        assert_eq!(s.chars().count(), 280);
        assert!(s.ends_with('…'));
        assert!(ch.truncated);
    }

    #[test]
    fn plain_text_takes_the_fast_path_unchanged() {
        for s in [
            "France services de Ribemont",
            "12 Place du Château",
            "Trie-Château",
        ] {
            assert!(is_plain(s, 100), "{s}");
            assert_eq!(
                clean_text(s, 100, false),
                (Some(s.to_string()), TextChanges::default())
            );
        }
        for s in ["a  b", "a\tb", "x<y", "LÃ©", "**x**", "&amp;"] {
            assert!(!is_plain(s, 100), "{s}");
        }
    }

    /// The scan as first written, one rule for every character.
    fn is_plain_reference(s: &str, max: usize) -> bool {
        let mut prev = 'a';
        let mut chars = 0;
        for c in s.trim().chars() {
            chars += 1;
            let space = c == ' ';
            let mojibake = matches!(prev, 'Ã' | 'Â' | 'â' | 'Å') && !c.is_alphanumeric() && !space;
            if (space && prev == ' ')
                || mojibake
                || c.is_control()
                || matches!(c, '<' | '>' | '&' | '*' | '_' | '#' | '[' | '`')
                || c.is_whitespace() && !space
            {
                return false;
            }
            prev = c;
        }
        chars <= max
    }

    /// The ASCII shortcut judges every pair of characters (all of ASCII, the
    /// mojibake leads, and non-ASCII spaces, controls and letters) as the
    /// plain rule does.
    #[test]
    fn the_ascii_shortcut_decides_as_the_plain_rule() {
        let mut alphabet: Vec<char> = (0u8..128).map(char::from).collect();
        alphabet.extend([
            'Ã', 'Â', 'â', 'Å', 'é', '©', '\u{a0}', '\u{85}', '\u{2028}', '\u{202f}', '\u{9f}', 'ß',
        ]);
        for a in &alphabet {
            for b in &alphabet {
                for s in [format!("x{a}{b}y"), format!("{a}{b}"), format!("Ã{a}{b}")] {
                    assert_eq!(is_plain(&s, 3), is_plain_reference(&s, 3), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn blank_text_is_none() {
        assert_eq!(clean_text("  <br> \n ", 10, true).0, None);
    }
}
