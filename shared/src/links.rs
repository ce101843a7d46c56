//! Links built from third-party data: only `http`, `https`, `tel` and
//! `mailto`, so that a `javascript:` website in open data stays inert.

/// The URL if it is an absolute `http(s)` URL without spaces or control
/// characters; anything else is dropped.
pub fn web(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (scheme_ok && clean && url.len() > 8).then(|| url.to_string())
}

/// `tel:` with only digits and a leading `+`; `None` without digits.
pub fn tel(phone: &str) -> Option<String> {
    let mut number: String = phone.chars().filter(char::is_ascii_digit).collect();
    if number.len() < 3 {
        return None;
    }
    if phone.trim_start().starts_with('+') {
        number.insert(0, '+');
    }
    Some(format!("tel:{number}"))
}

/// A French number the way it is read aloud: `+33321595529` → `03 21 59 55 29`.
pub fn phone_display(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.strip_prefix("33") {
        Some(rest) if phone.trim_start().starts_with('+') && rest.len() == 9 => {
            format!("0{rest}")
        }
        _ => digits.clone(),
    };
    if national.len() == 10 && national.starts_with('0') {
        let pairs: Vec<&str> = (0..5).map(|i| &national[i * 2..i * 2 + 2]).collect();
        pairs.join(" ")
    } else {
        phone.trim().to_string()
    }
}

/// `mailto:` for a plain address (letters, digits, `.-_+`, one `@`).
pub fn mailto(email: &str) -> Option<String> {
    let email = email.trim();
    let ok = email.matches('@').count() == 1
        && !email.starts_with('@')
        && !email.ends_with('@')
        && email
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c));
    ok.then(|| format!("mailto:{email}"))
}

/// The host (and port) of an absolute `http(s)` URL, to say where data
/// would go; `None` for a relative or other URL.
pub fn host_of(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = ["https://", "http://"].iter().find_map(|s| {
        url.get(..s.len())
            .filter(|p| p.eq_ignore_ascii_case(s))
            .map(|_| &url[s.len()..])
    })?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_websites_become_links() {
        assert_eq!(web(" https://a.fr/x ").as_deref(), Some("https://a.fr/x"));
        assert_eq!(web("HTTP://a.fr").as_deref(), Some("HTTP://a.fr"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "https://a.fr/\u{0}x",
            "https://a b.fr",
            "https://",
            "",
        ] {
            assert_eq!(web(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn phone_links_keep_only_digits_and_the_plus() {
        assert_eq!(
            tel("+33 3 21 59 55 29").as_deref(),
            Some("tel:+33321595529")
        );
        assert_eq!(tel("03.21.59.55.29").as_deref(), Some("tel:0321595529"));
        assert_eq!(tel("javascript:alert(1)"), None);
        assert_eq!(phone_display("+33321595529"), "03 21 59 55 29");
        assert_eq!(phone_display("0321595529"), "03 21 59 55 29");
        assert_eq!(phone_display("+442071234567"), "+442071234567");
    }

    #[test]
    fn mail_links_refuse_anything_but_a_plain_address() {
        assert_eq!(
            mailto("contact@artois.cci.fr").as_deref(),
            Some("mailto:contact@artois.cci.fr")
        );
        for bad in [
            "a@b@c",
            "@b.fr",
            "a@",
            "a b@c.fr",
            "a@b.fr?body=x",
            "<a@b.fr>",
        ] {
            assert_eq!(mailto(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_host_of_a_collector_url_is_what_the_owner_is_told() {
        assert_eq!(
            host_of("https://stats.example.org/v1"),
            Some("stats.example.org")
        );
        assert_eq!(host_of(" HTTP://a.fr:8443?x=1 "), Some("a.fr:8443"));
        assert_eq!(host_of("https://user:pw@b.fr/#z"), Some("b.fr"));
        assert_eq!(host_of("/stats"), None);
        assert_eq!(host_of("https://"), None);
        assert_eq!(host_of("javascript:alert(1)"), None);
    }
}
