// The order and kind of every field of the embedded questionnaire, for the
// build script that packs it (`build.rs`). The reader (`src/questionnaire/
// packed.rs`) lists the same fields in the same order; a test checks that
// what it reads equals what serde reads from `questionnaire.toml`.

/// How one field is written.
#[derive(Clone, Copy)]
pub enum K {
    Str,
    /// `{ fr, en }`: two strings.
    Text,
    /// Unsigned integer, LEB128.
    Uint,
    /// 8 bytes, little-endian (TOML integers accepted).
    Float,
    Bool,
    /// Absent: 0; present: 1 then the value.
    Opt(&'static K),
    /// Count, then the items.
    List(&'static K),
    /// Fields of this type, in order.
    Obj(&'static str),
}

/// When a field is missing from the TOML.
#[derive(Clone, Copy)]
pub enum Missing {
    /// The file must have it.
    Required,
    /// `None`, `[]`, `false`.
    Empty,
    /// This number.
    Uint(u64),
}

use Missing::{Empty, Required};
use K::*;

const TEXT: K = Text;
const STR: K = Str;

/// A field: its name, how it is written, what a missing one means.
pub type Field = (&'static str, K, Missing);

pub const LAYOUT: &[(&str, &[Field])] = &[
    (
        "Questionnaire",
        &[
            ("version", Uint, Required),
            ("min_answered_for_priorities", Uint, Required),
            ("profile", Obj("ProfileQuestions"), Required),
            ("dimensions", List(&Obj("Dimension")), Required),
            ("alerts", List(&Obj("AlertRule")), Empty),
            ("duties", List(&Obj("DutyRule")), Empty),
            ("venue_services", List(&Obj("ServiceMapping")), Required),
            ("venue_rules", Obj("VenueRules"), Required),
            ("national_contacts", List(&Obj("NationalContact")), Empty),
        ],
    ),
    (
        "ProfileQuestions",
        &[
            ("trade", Obj("TradeQuestion"), Required),
            ("headcount", Obj("HeadcountQuestion"), Required),
            ("commune", Obj("FreeQuestion"), Required),
            ("chamber", Obj("ChamberQuestion"), Required),
            ("network", Obj("NetworkQuestion"), Required),
            ("goals", Obj("GoalQuestion"), Required),
        ],
    ),
    ("TradeQuestion", &choice(&Obj("TradeOption"))),
    ("HeadcountQuestion", &choice(&Obj("HeadcountOption"))),
    ("ChamberQuestion", &choice(&Obj("ChamberOption"))),
    ("NetworkQuestion", &choice(&Obj("NetworkOption"))),
    ("GoalQuestion", &choice(&Obj("GoalOption"))),
    (
        "FreeQuestion",
        &[
            ("id", Str, Required),
            ("text", Text, Required),
            ("help", Opt(&TEXT), Empty),
        ],
    ),
    (
        "TradeOption",
        &[
            ("id", Str, Required),
            ("label", Text, Required),
            ("craft", Bool, Empty),
        ],
    ),
    (
        "HeadcountOption",
        &[
            ("id", Str, Required),
            ("label", Text, Required),
            ("min", Uint, Required),
            ("max", Opt(&Uint), Empty),
        ],
    ),
    (
        "ChamberOption",
        &[("id", Str, Required), ("label", Text, Required)],
    ),
    (
        "NetworkOption",
        &[
            ("id", Str, Required),
            ("label", Text, Required),
            ("franchise", Bool, Empty),
            ("dont_know", Bool, Empty),
        ],
    ),
    (
        "GoalOption",
        &[
            ("id", Str, Required),
            ("label", Text, Required),
            ("dimensions", List(&STR), Required),
        ],
    ),
    (
        "Dimension",
        &[
            ("id", Str, Required),
            ("title", Text, Required),
            ("short", Text, Required),
            ("why", Text, Required),
            ("adviser", Str, Required),
            ("aid_topics", List(&STR), Empty),
            ("questions", List(&Obj("Question")), Required),
        ],
    ),
    (
        "Question",
        &[
            ("id", Str, Required),
            ("text", Text, Required),
            ("help", Opt(&TEXT), Empty),
            ("adviser_text", Opt(&TEXT), Empty),
            ("weight", Float, Required),
            ("answers", List(&Obj("AnswerOption")), Required),
            ("actions", List(&Obj("ActionRule")), Empty),
        ],
    ),
    (
        "ActionRule",
        &[("when", List(&STR), Required), ("text", Text, Required)],
    ),
    (
        "AnswerOption",
        &[
            ("id", Str, Required),
            ("label", Text, Required),
            ("value", Opt(&Float), Empty),
            ("dont_know", Bool, Empty),
            ("not_for_me", Bool, Empty),
        ],
    ),
    (
        "AlertRule",
        &[
            ("id", Str, Required),
            ("dimension", Str, Required),
            ("when", List(&Obj("AnswerRef")), Required),
            ("deadline", Opt(&STR), Empty),
            ("title", Text, Required),
            ("why", Text, Required),
            ("why_after", Opt(&TEXT), Empty),
        ],
    ),
    (
        "DutyRule",
        &[
            ("id", Str, Required),
            ("dimension", Str, Required),
            ("date", Opt(&STR), Empty),
            ("announce_months", Uint, Missing::Uint(12)),
            ("deciding", List(&STR), Required),
            ("due_when", List(&Obj("AnswerRef")), Required),
            ("met_when", List(&Obj("AnswerRef")), Empty),
            ("check_when_unknown", Bool, Empty),
            ("check_with", Str, Required),
            ("title", Text, Required),
            ("rule_coming", Opt(&TEXT), Empty),
            ("rule_in_force", Text, Required),
            ("todo", Text, Required),
            ("met", Opt(&TEXT), Empty),
            ("source_url", Opt(&STR), Empty),
        ],
    ),
    (
        "VenueRules",
        &[
            ("reuse_extra_km", Float, Required),
            ("reuse_ratio", Float, Required),
            ("max_km_from_owner", Float, Required),
            ("stale_after_months", Uint, Missing::Uint(18)),
            ("general_publics", List(&STR), Empty),
            ("audiences", List(&Obj("Audience")), Empty),
        ],
    ),
    (
        "Audience",
        &[
            ("id", Str, Required),
            ("label", Text, Required),
            ("publics", List(&STR), Empty),
            ("typologies", List(&STR), Empty),
            ("name_words", List(&STR), Empty),
        ],
    ),
    (
        "AnswerRef",
        &[
            ("question", Str, Required),
            ("answers", List(&STR), Required),
        ],
    ),
    (
        "ServiceMapping",
        &[
            ("service", Str, Required),
            ("dimensions", List(&STR), Required),
        ],
    ),
    (
        "NationalContact",
        &[
            ("kind", Str, Required),
            ("name", Str, Required),
            ("description", Text, Required),
            ("phone", Opt(&STR), Empty),
            ("url", Opt(&STR), Empty),
        ],
    ),
];

/// A question answered by picking among options of `option`.
const fn choice(option: &'static K) -> [Field; 4] {
    [
        ("id", Str, Required),
        ("text", Text, Required),
        ("help", Opt(&TEXT), Empty),
        ("options", List(option), Required),
    ]
}
