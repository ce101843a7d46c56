//! Partner accent colours that stay readable (WCAG 2.1 AA: 4.5:1).

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The accent used when a partner gives none, or an unreadable value.
pub const DEFAULT_ACCENT: Rgb = Rgb(0x0b, 0x5f, 0xa5);

/// Minimum contrast for normal text against white.
pub const MIN_CONTRAST: f64 = 4.5;

impl Rgb {
    /// Reads `#rgb` or `#rrggbb`; anything else is `None` (never passed to CSS).
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// The partner's accent, darkened just enough to carry white text and to
/// read as text on white; the default accent when the value is unusable.
pub fn readable_accent(requested: Option<&str>) -> Rgb {
    let Some(mut c) = requested.and_then(Rgb::parse_hex) else {
        return DEFAULT_ACCENT;
    };
    const WHITE: Rgb = Rgb(255, 255, 255);
    // Each step keeps the hue and loses 5 % of the brightness; black is
    // reached in well under 100 steps.
    for _ in 0..100 {
        if c.contrast(WHITE) >= MIN_CONTRAST {
            return c;
        }
        let darker = |x: u8| (f64::from(x) * 0.95).floor() as u8;
        c = Rgb(darker(c.0), darker(c.1), darker(c.2));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readable_accent_is_kept_as_is() {
        assert_eq!(readable_accent(Some("#0b5fa5")), Rgb(0x0b, 0x5f, 0xa5));
        assert_eq!(readable_accent(Some("#000")), Rgb(0, 0, 0));
    }

    #[test]
    fn a_pale_accent_is_darkened_until_it_passes_aa() {
        for pale in ["#ffcc00", "#ffffff", "#7fdbff", "#f0f"] {
            let c = readable_accent(Some(pale));
            assert!(
                c.contrast(Rgb(255, 255, 255)) >= MIN_CONTRAST,
                "{pale} -> {}",
                c.to_hex()
            );
            assert_ne!(Some(c), Rgb::parse_hex(pale), "{pale} should have changed");
        }
    }

    #[test]
    fn anything_but_a_hex_colour_falls_back_to_the_default() {
        for bad in [
            "red",
            "#12",
            "#zzzzzz",
            "#0b5fa5; background:url(x)",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(readable_accent(Some(bad)), DEFAULT_ACCENT, "{bad}");
        }
        assert_eq!(readable_accent(None), DEFAULT_ACCENT);
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        let white = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert!((Rgb(0x76, 0x76, 0x76).contrast(white) - 4.54).abs() < 0.01);
    }
}
