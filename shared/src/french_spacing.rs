//! French typography: a no-break space before `:` `;` `!` `?` `»` and after
//! `«`, so that a phone never starts a line with a colon or leaves a
//! guillemet alone at the end of one. Standalone (no `crate::` paths): the
//! build script applies it to the questionnaire's French texts too.

/// `s` with the space before `: ; ! ? »` and after `«` made non-breaking
/// (a missing one is added inside guillemets).
pub fn apply(s: &str) -> String {
    const NBSP: char = '\u{a0}';
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' if matches!(chars.peek(), Some(':' | ';' | '!' | '?' | '»')) => out.push(NBSP),
            '«' => {
                out.push('«');
                out.push(NBSP);
                while chars.peek().is_some_and(|n| *n == ' ' || *n == NBSP) {
                    chars.next();
                }
            }
            '»' if !out.ends_with(NBSP) => {
                out.push(NBSP);
                out.push('»');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::apply;

    #[test]
    fn colons_and_guillemets_keep_to_their_words() {
        assert_eq!(
            apply("cette année : « Avoir plus de clients »."),
            "cette année\u{a0}: «\u{a0}Avoir plus de clients\u{a0}»."
        );
        assert_eq!(
            apply("Vrai ? Oui ; bien !"),
            "Vrai\u{a0}? Oui\u{a0}; bien\u{a0}!"
        );
        assert_eq!(apply("«ADEN»"), "«\u{a0}ADEN\u{a0}»");
        // Already right, or not French punctuation: unchanged.
        let done = "Envoyé à\u{a0}: https://a.fr/x?y=1 9:00";
        assert_eq!(apply(done), done);
        assert_eq!(apply(&apply("« a » : b")), apply("« a » : b"));
    }

    /// The questionnaire as embedded: no breakable space before French
    /// punctuation or inside guillemets, in any French text (other strings,
    /// such as the venue standard's values, are matched as they are).
    #[test]
    fn the_embedded_questionnaire_is_spaced_the_french_way() {
        use crate::json::{parse, Json};
        fn french<'a>(v: &'a Json<'a>, out: &mut Vec<&'a str>) {
            match v {
                Json::Obj(members) => {
                    for (k, v) in members {
                        match v {
                            Json::Str(s) if k == "fr" => out.push(s),
                            v => french(v, out),
                        }
                    }
                }
                Json::Arr(items) => items.iter().for_each(|v| french(v, out)),
                _ => {}
            }
        }
        let json = include_str!(concat!(env!("OUT_DIR"), "/questionnaire.json"));
        let tree = parse(json).unwrap();
        let mut texts = Vec::new();
        french(&tree, &mut texts);
        assert!(texts.len() > 200, "{} French texts", texts.len());
        for t in texts {
            for bad in [" :", " ;", " !", " ?", " »", "« "] {
                assert!(!t.contains(bad), "« {bad} » in: {t}");
            }
        }
    }
}
