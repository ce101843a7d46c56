//! Reads the questionnaire as the build script packs it: fields in the order
//! of `shared/packed_layout.rs`, strings ended by a NUL, numbers in LEB128.
//! No parser and no field names, so the widget carries a few bytes of code
//! per field. The bytes are made by this crate's build from the checked
//! TOML: a mismatch is a programming error (one test reads the whole file
//! and compares it with serde's reading of the TOML).

use super::{
    ActionRule, AdviserKind, AlertRule, AnswerOption, AnswerRef, Audience, Chamber, ChamberOption,
    ChoiceQuestion, Dimension, DutyRule, FreeQuestion, GoalOption, HeadcountOption,
    NationalContact, NetworkOption, ProfileQuestions, Question, Questionnaire, ServiceMapping,
    TradeOption, VenueRules,
};
use crate::i18n::Text;
use crate::json::{FromJson, Json};
use crate::model::{ContactKind, Topic};
use chrono::NaiveDate;

/// Where reading is in the packed bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

#[cold]
#[inline(never)]
fn broken() -> ! {
    panic!("the packed questionnaire does not match its layout")
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = *self.bytes.get(self.at).unwrap_or_else(|| broken());
        self.at += 1;
        b
    }

    #[inline(never)]
    fn uint(&mut self) -> u64 {
        let (mut n, mut shift) = (0u64, 0);
        loop {
            let b = self.byte();
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return n;
            }
            shift += 7;
        }
    }

    #[inline(never)]
    fn str(&mut self) -> &'a str {
        let rest = &self.bytes[self.at..];
        let len = rest
            .iter()
            .position(|b| *b == 0)
            .unwrap_or_else(|| broken());
        self.at += len + 1;
        core::str::from_utf8(&rest[..len]).unwrap_or_else(|_| broken())
    }

    /// Whether reading ended exactly at the end.
    pub(crate) fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// A value read from the packed questionnaire.
pub(crate) trait Packed: Sized {
    fn read(r: &mut Reader<'_>) -> Self;
}

impl Packed for String {
    fn read(r: &mut Reader<'_>) -> Self {
        r.str().to_owned()
    }
}

impl Packed for u32 {
    fn read(r: &mut Reader<'_>) -> Self {
        u32::try_from(r.uint()).unwrap_or_else(|_| broken())
    }
}

impl Packed for usize {
    fn read(r: &mut Reader<'_>) -> Self {
        usize::try_from(r.uint()).unwrap_or_else(|_| broken())
    }
}

impl Packed for f64 {
    fn read(r: &mut Reader<'_>) -> Self {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = r.byte();
        }
        f64::from_le_bytes(b)
    }
}

impl Packed for bool {
    fn read(r: &mut Reader<'_>) -> Self {
        r.byte() != 0
    }
}

impl<T: Packed> Packed for Option<T> {
    fn read(r: &mut Reader<'_>) -> Self {
        (r.byte() != 0).then(|| T::read(r))
    }
}

impl<T: Packed> Packed for Vec<T> {
    #[inline(never)]
    fn read(r: &mut Reader<'_>) -> Self {
        let n = r.uint();
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(T::read(r));
        }
        out
    }
}

/// Names (enums, dates) are read by the JSON readers, from a string.
macro_rules! by_name {
    ($($t:ty),*) => {$(
        impl Packed for $t {
            fn read(r: &mut Reader<'_>) -> Self {
                let s = Json::Str(std::borrow::Cow::Borrowed(r.str()));
                <$t>::from_json(&s).unwrap_or_else(|_| broken())
            }
        }
    )*};
}
by_name!(ContactKind, Topic, NaiveDate);

/// The questionnaire's own enums, by their serde names.
macro_rules! named {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl Packed for $ty {
            fn read(r: &mut Reader<'_>) -> Self {
                match r.str() {
                    $($name => $ty::$variant,)*
                    _ => broken(),
                }
            }
        }
    };
}
named!(Chamber { Cci = "cci", Cma = "cma", DontKnow = "dont_know" });
named!(AdviserKind {
    Chamber = "chamber",
    Accountant = "accountant",
    Cyber = "cyber",
    Mediation = "mediation",
});

/// Declares a struct's fields in the layout's order (struct expressions
/// evaluate their fields in the order written).
macro_rules! packed {
    ($ty:ident $(<$g:ident>)? { $($field:ident),* $(,)? }) => {
        impl$(<$g: Packed>)? Packed for $ty$(<$g>)? {
            #[inline(never)]
            fn read(r: &mut Reader<'_>) -> Self {
                $ty { $($field: Packed::read(r),)* }
            }
        }
    };
}

packed!(Text { fr, en });
packed!(Questionnaire {
    version,
    min_answered_for_priorities,
    profile,
    dimensions,
    alerts,
    duties,
    venue_services,
    venue_rules,
    national_contacts,
});
packed!(ProfileQuestions {
    trade,
    headcount,
    commune,
    chamber,
    network,
    goals
});
packed!(ChoiceQuestion<O> { id, text, help, options });
packed!(FreeQuestion { id, text, help });
packed!(TradeOption { id, label, craft });
packed!(HeadcountOption {
    id,
    label,
    min,
    max
});
packed!(ChamberOption { id, label });
packed!(NetworkOption {
    id,
    label,
    franchise,
    dont_know
});
packed!(GoalOption {
    id,
    label,
    dimensions
});
packed!(Dimension {
    id,
    title,
    short,
    why,
    adviser,
    aid_topics,
    questions
});
packed!(Question {
    id,
    text,
    help,
    adviser_text,
    weight,
    answers,
    actions
});
packed!(ActionRule { when, text });
packed!(AnswerOption {
    id,
    label,
    value,
    dont_know,
    not_for_me
});
packed!(AlertRule {
    id,
    dimension,
    when,
    deadline,
    title,
    why,
    why_after
});
packed!(DutyRule {
    id,
    dimension,
    date,
    announce_months,
    deciding,
    due_when,
    met_when,
    check_when_unknown,
    check_with,
    title,
    rule_coming,
    rule_in_force,
    todo,
    met,
    source_url,
});
packed!(VenueRules {
    reuse_extra_km,
    reuse_ratio,
    max_km_from_owner,
    stale_after_months,
    general_publics,
    audiences,
});
packed!(Audience {
    id,
    label,
    publics,
    typologies,
    name_words
});
packed!(AnswerRef { question, answers });
packed!(ServiceMapping {
    service,
    dimensions
});
packed!(NationalContact {
    kind,
    name,
    description,
    phone,
    url
});

/// Reads the whole packed questionnaire.
pub(crate) fn read(bytes: &[u8]) -> Questionnaire {
    let mut r = Reader::new(bytes);
    let q = Questionnaire::read(&mut r);
    if !r.done() {
        broken()
    }
    q
}

#[cfg(test)]
mod tests {
    /// Every field, in every type, read back as serde reads the same
    /// questionnaire (the build writes it as JSON too, French spacing
    /// applied to both).
    #[test]
    fn the_packed_questionnaire_reads_as_serde_reads_it() {
        let json = include_str!(concat!(env!("OUT_DIR"), "/questionnaire.json"));
        let by_serde: super::Questionnaire = serde_json::from_str(json).unwrap();
        let packed = super::read(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/questionnaire.bin"
        )));
        assert_eq!(packed, by_serde);
        assert!(packed.dimensions.len() >= 5 && !packed.duties.is_empty());
    }

    /// A truncated or overlong file is a build error, said at once.
    #[test]
    fn bytes_that_do_not_match_the_layout_are_refused() {
        let bytes = include_bytes!(concat!(env!("OUT_DIR"), "/questionnaire.bin"));
        let short = std::panic::catch_unwind(|| super::read(&bytes[..bytes.len() - 1]));
        assert!(short.is_err());
        let mut long = bytes.to_vec();
        long.push(0);
        assert!(std::panic::catch_unwind(|| super::read(&long)).is_err());
    }
}
