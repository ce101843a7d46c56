//! Phone numbers to the `+33…` form the standard requires.

use crate::validate::ValidationErrorKind;

/// Overseas prefixes the standard accepts besides +33.
const OVERSEAS: [&str; 9] = [
    "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681",
];

/// Normalises one French number. When a field holds several ("03 … / 06 …"),
/// the first readable one is kept.
pub fn clean_phone(raw: &str) -> Result<String, ValidationErrorKind> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationErrorKind::Missing);
    }
    raw.split(['/', ',', ';'])
        .flat_map(|part| part.split(" ou "))
        .find_map(|part| normalise(part).ok())
        .ok_or(ValidationErrorKind::Phone)
}

fn normalise(part: &str) -> Result<String, ValidationErrorKind> {
    let s = part.trim().replace("(0)", "");
    let mut digits = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => digits.push('+'),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' | '\u{202f}' => {}
            _ => return Err(ValidationErrorKind::Phone),
        }
    }
    let digits = match digits.strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => digits,
    };
    if let Some(rest) = digits.strip_prefix("+33") {
        return (rest.len() == 9 && !rest.starts_with('0'))
            .then(|| format!("+33{rest}"))
            .ok_or(ValidationErrorKind::Phone);
    }
    if let Some(prefix) = OVERSEAS.iter().find(|p| digits.starts_with(**p)) {
        let rest = &digits[prefix.len()..];
        return (6..=9)
            .contains(&rest.len())
            .then(|| digits.clone())
            .ok_or(ValidationErrorKind::Phone);
    }
    if digits.len() == 10 && digits.starts_with('0') && !digits.starts_with("00") {
        return Ok(format!("+33{}", &digits[1..]));
    }
    Err(ValidationErrorKind::Phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_seen_in_the_real_files_become_e164() {
        for (raw, want) in [
            ("03 21 22 11 61", "+33321221161"),
            ("0322847360", "+33322847360"),
            ("+33321218700", "+33321218700"),
            ("03.23.97.53.90", "+33323975390"),
            ("+33 (0)3 21 22 11 61", "+33321221161"),
            ("0033 3 21 22 11 61", "+33321221161"),
            ("03 21 22 11 61 / 06 12 34 56 78", "+33321221161"),
        ] {
            assert_eq!(clean_phone(raw).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn absurd_numbers_are_refused() {
        for raw in ["12", "03 21", "téléphone", "+33 0321221161", "0000"] {
            assert_eq!(clean_phone(raw), Err(ValidationErrorKind::Phone), "{raw}");
        }
    }
}
