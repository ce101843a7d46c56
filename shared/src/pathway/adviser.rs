//! The trusted adviser for a need: CCI or CMA, the accountant, cyber help.

use super::PathwayContext;
use crate::model::{Contact, ContactKind};
use crate::questionnaire::{AdviserKind, Chamber, NationalContact};

/// Who to call about one priority.
#[derive(Clone, Debug, PartialEq)]
pub enum Adviser<'a> {
    /// A contact of the territory (chamber, economic-development service…).
    Local(&'a Contact),
    /// A national service, when the territory names no one of that kind.
    National(&'a NationalContact),
    /// The owner's own accountant: the right person for invoicing.
    Accountant,
    /// A digital adviser at one of the venues of the step.
    Mediation,
    /// The owner lives beyond the territory: the chamber of their own
    /// department, not this territory's, is the one that serves them.
    ChamberElsewhere(Chamber),
}

pub(super) fn for_dimension<'a>(
    ctx: &PathwayContext<'a>,
    kind: AdviserKind,
    outside: bool,
) -> Adviser<'a> {
    let contacts = &ctx.snapshot.territory.contacts;
    let local = |k: ContactKind| contacts.iter().find(|c| c.kind == k);
    match kind {
        AdviserKind::Accountant => Adviser::Accountant,
        AdviserKind::Mediation => Adviser::Mediation,
        AdviserKind::Cyber => local(ContactKind::Cyber)
            .map(Adviser::Local)
            .or_else(|| {
                ctx.questionnaire
                    .national_contacts
                    .iter()
                    .find(|c| c.kind == ContactKind::Cyber)
                    .map(Adviser::National)
            })
            .unwrap_or(Adviser::Mediation),
        AdviserKind::Chamber if outside => Adviser::ChamberElsewhere(chamber_of(ctx)),
        AdviserKind::Chamber => {
            let (first, second) = match chamber_of(ctx) {
                Chamber::Cma => (ContactKind::Cma, ContactKind::Cci),
                _ => (ContactKind::Cci, ContactKind::Cma),
            };
            local(first)
                .or_else(|| local(second))
                .or_else(|| local(ContactKind::Other))
                .map_or(Adviser::Mediation, Adviser::Local)
        }
    }
}

/// The chamber the owner said, else the one their trade belongs to: craft
/// trades are on the trades register (CMA), the others on the commerce one.
fn chamber_of(ctx: &PathwayContext<'_>) -> Chamber {
    match ctx.profile.chamber {
        Some(c @ (Chamber::Cci | Chamber::Cma)) => c,
        _ => {
            let craft = ctx
                .profile
                .trade
                .as_deref()
                .and_then(|t| ctx.questionnaire.trade(t))
                .is_some_and(|t| t.craft);
            if craft {
                Chamber::Cma
            } else {
                Chamber::Cci
            }
        }
    }
}

/// A chamber card without a phone gets a second contact of the territory
/// that has one (`kind = "other"`: the intercommunality's economic service),
/// so that "who to call" always has a number when the data holds one.
pub(super) fn also_call<'a>(
    ctx: &PathwayContext<'a>,
    adviser: &Adviser<'a>,
) -> Option<&'a Contact> {
    let Adviser::Local(c) = adviser else {
        return None;
    };
    if c.phone.is_some() || !matches!(c.kind, ContactKind::Cci | ContactKind::Cma) {
        return None;
    }
    ctx.snapshot
        .territory
        .contacts
        .iter()
        .find(|o| o.kind == ContactKind::Other && o.phone.is_some())
}
