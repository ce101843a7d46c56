//! Links: only `http` and `https` are ever published, so a `javascript:`
//! or `data:` link in a source can never become a clickable script.

use crate::validate::ValidationErrorKind;

const MAX_URL: usize = 2048;

/// A publishable link, or why not. A bare `www.example.fr` gets `https://`.
pub fn clean_url(raw: &str) -> Result<String, ValidationErrorKind> {
    let s: String = raw.trim().chars().filter(|c| !c.is_control()).collect();
    if s.is_empty() {
        return Err(ValidationErrorKind::Missing);
    }
    if s.len() > MAX_URL {
        return Err(ValidationErrorKind::TooLong { max: MAX_URL });
    }
    let with_scheme = match scheme_of(&s) {
        Some(scheme) if scheme == "http" || scheme == "https" => s.clone(),
        Some(scheme) => return Err(ValidationErrorKind::UrlScheme { scheme }),
        None if looks_like_host(&s) => format!("https://{s}"),
        None => return Err(ValidationErrorKind::UrlInvalid),
    };
    let url = reqwest::Url::parse(&with_scheme).map_err(|_| ValidationErrorKind::UrlInvalid)?;
    match url.host_str() {
        Some(h) if h.contains('.') || h == "localhost" => {}
        _ => return Err(ValidationErrorKind::UrlInvalid),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ValidationErrorKind::UrlInvalid);
    }
    Ok(url.to_string())
}

/// The scheme before `:`, lower-cased, when the text starts with one.
/// Browsers ignore spaces and case in `JavaScript :`, so this does too.
fn scheme_of(s: &str) -> Option<String> {
    let (head, _) = s.split_once(':')?;
    let head: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    let valid = !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // "www.x.fr:8080/…" has a dot and a port: a host, not a scheme.
    (valid && !head.contains('.')).then(|| head.to_ascii_lowercase())
}

fn looks_like_host(s: &str) -> bool {
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_kept() {
        assert_eq!(
            clean_url(" https://www.auby.fr ").unwrap(),
            "https://www.auby.fr/"
        );
        assert_eq!(
            clean_url("www.meef-shs.fr").unwrap(),
            "https://www.meef-shs.fr/"
        );
        for (raw, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JavaScript :alert(1)", "javascript"),
            ("data:text/html,<script>", "data"),
            ("mailto:a@b.fr", "mailto"),
        ] {
            assert_eq!(
                clean_url(raw),
                Err(ValidationErrorKind::UrlScheme {
                    scheme: scheme.into()
                }),
                "{raw}"
            );
        }
        assert_eq!(
            clean_url("pas de site"),
            Err(ValidationErrorKind::UrlInvalid)
        );
        assert_eq!(
            clean_url("https://user:pw@evil.fr"),
            Err(ValidationErrorKind::UrlInvalid)
        );
    }
}
