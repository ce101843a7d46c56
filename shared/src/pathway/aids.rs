//! Aid eligibility: never show an aid the owner cannot get, say what is
//! left to check, and say what a near-miss aid does not fund.

use super::PathwayContext;
use crate::communes::{department_of, Commune};
use crate::i18n::{long_date, pick, Lang};
use crate::model::{Aid, Registry, Topic};
use crate::questionnaire::{Chamber, Dimension};
use chrono::NaiveDate;

/// Aids shown per step.
pub const AIDS_PER_STEP: usize = 4;

/// An aid that fits the need and, as far as the answers tell, the business.
#[derive(Clone, Debug, PartialEq)]
pub struct AidMatch<'a> {
    pub aid: &'a Aid,
    /// What it funds among what this need calls for.
    pub funds: Vec<Topic>,
    /// Conditions the answers could not settle: to check before applying.
    pub to_check: Vec<Caveat>,
}

/// An aid that is not for this owner here, said in one sentence so no one
/// applies for the wrong thing.
#[derive(Clone, Debug, PartialEq)]
pub struct NearMiss<'a> {
    pub aid: &'a Aid,
    pub why: Miss<'a>,
}

/// Why an aid that looks relevant is not.
#[derive(Clone, Debug, PartialEq)]
pub enum Miss<'a> {
    /// The business could get it, but among what this need calls for, it
    /// explicitly excludes these.
    DoesNotFund(Vec<Topic>),
    /// It funds this need, but not for a business like this one; `instead`
    /// is the aid of the same family the owner can get.
    NotForYou {
        reason: Ineligible,
        instead: Option<&'a Aid>,
    },
}

impl NearMiss<'_> {
    pub fn explain(&self, lang: Lang) -> String {
        let name = self.aid.short_name(lang);
        match (&self.why, lang) {
            (Miss::DoesNotFund(list), Lang::Fr) => {
                format!(
                    "«\u{a0}{name}\u{a0}» ne finance pas\u{a0}: {}.",
                    topics(list, lang)
                )
            }
            (Miss::DoesNotFund(list), Lang::En) => {
                format!("“{name}” does not fund: {}.", topics(list, lang))
            }
            (Miss::NotForYou { reason, instead }, _) => {
                let why = reason.describe(lang);
                let then = instead.map(|a| match lang {
                    Lang::Fr => format!(
                        "\u{a0}; pour vous, c'est «\u{a0}{}\u{a0}»",
                        a.short_name(lang)
                    ),
                    Lang::En => format!("; for you, it is “{}”", a.short_name(lang)),
                });
                match lang {
                    Lang::Fr => format!(
                        "«\u{a0}{name}\u{a0}»\u{a0}: {why}{}.",
                        then.unwrap_or_default()
                    ),
                    Lang::En => format!("“{name}”: {why}{}.", then.unwrap_or_default()),
                }
            }
        }
    }
}

/// What an aid funds among `list`, in words, each with the condition its
/// funder puts on it: "caisse connectée (seulement avec …)".
pub fn funded(aid: &Aid, list: &[Topic], lang: Lang) -> String {
    list.iter()
        .map(|t| match aid.note_on(*t) {
            Some(note) => format!("{} ({})", t.label(lang), note.get(lang)),
            None => t.label(lang).to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list of topics in words.
pub fn topics(list: &[Topic], lang: Lang) -> String {
    list.iter()
        .map(|t| t.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A condition to confirm with the funder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caveat {
    HeadcountBelow(u32),
    HeadcountAtLeast(u32),
    TurnoverBelow(u64),
    /// The aid is for some trades only, and the trade was not given.
    Sector,
    /// Franchisees and branches are excluded; the owner did not say.
    NotFranchise,
    /// Applications open on this date.
    OpensOn(NaiveDate),
    /// The register the business must be in; the owner did not know.
    Registry(Registry),
    /// Not for the salaried head of an SAS, SASU or SA.
    NonSalariedOwner,
    /// An investment programme of at least this many euros excluding VAT.
    MinInvestment(u32),
    /// The need may be covered, but the aid's rules do not name it.
    MaybeFunds(Topic),
}

impl Caveat {
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Caveat::HeadcountBelow(n), Lang::Fr) => format!("être moins de {n} personnes"),
            (Caveat::HeadcountBelow(n), Lang::En) => format!("fewer than {n} people"),
            (Caveat::HeadcountAtLeast(n), Lang::Fr) => format!("être au moins {n} personnes"),
            (Caveat::HeadcountAtLeast(n), Lang::En) => format!("at least {n} people"),
            (Caveat::TurnoverBelow(n), Lang::Fr) => {
                format!("chiffre d'affaires sous {} €", thousands(*n, ' '))
            }
            (Caveat::TurnoverBelow(n), Lang::En) => {
                format!("turnover under €{}", thousands(*n, ','))
            }
            (Caveat::Sector, Lang::Fr) => "votre métier doit faire partie de ceux aidés".into(),
            (Caveat::Sector, Lang::En) => "your trade must be one of those covered".into(),
            (Caveat::NotFranchise, Lang::Fr) => {
                "ne pas être une franchise ou une succursale".into()
            }
            (Caveat::NotFranchise, Lang::En) => "not a franchise or a branch".into(),
            (Caveat::OpensOn(d), Lang::Fr) => {
                format!("dépôt des demandes à partir du {}", long_date(*d, lang))
            }
            (Caveat::OpensOn(d), Lang::En) => {
                format!("applications open on {}", long_date(*d, lang))
            }
            (Caveat::Registry(r), _) => registry_words(*r, lang).into(),
            (Caveat::NonSalariedOwner, Lang::Fr) => {
                "être chef d'entreprise non salarié (entreprise individuelle, micro-entreprise, gérant majoritaire de SARL), pas président salarié de SAS, SASU ou SA".into()
            }
            (Caveat::NonSalariedOwner, Lang::En) => {
                "be a self-employed owner (sole trader, micro-entrepreneur, majority manager of a SARL), not the salaried head of an SAS, SASU or SA".into()
            }
            (Caveat::MinInvestment(n), Lang::Fr) => format!(
                "un projet d'investissement d'au moins {} HT",
                crate::format::euros(*n, lang)
            ),
            (Caveat::MinInvestment(n), Lang::En) => format!(
                "an investment plan of at least {} excluding VAT",
                crate::format::euros(*n, lang)
            ),
            (Caveat::MaybeFunds(t), Lang::Fr) => format!(
                "ses règles ne citent pas\u{a0}: {}\u{a0}; demandez au financeur si c'est accepté",
                t.label(lang)
            ),
            (Caveat::MaybeFunds(t), Lang::En) => format!(
                "its rules do not name: {}; ask the funder whether it is accepted",
                t.label(lang)
            ),
        }
    }
}

fn thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn registry_words(r: Registry, lang: Lang) -> &'static str {
    match r {
        Registry::Commerce => pick(
            lang,
            "être inscrit au registre du commerce (CCI)",
            "be on the trade register (CCI)",
        ),
        Registry::Crafts => pick(
            lang,
            "être inscrit au répertoire des métiers (CMA)",
            "be on the craft register (CMA)",
        ),
    }
}

/// Why an aid is out of reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ineligible {
    Expired(NaiveDate),
    TooMany {
        below: u32,
    },
    TooFew {
        at_least: u32,
    },
    SectorExcluded,
    SectorNotIncluded,
    Franchise,
    OutsidePerimeter,
    /// In the other register than the one the aid requires.
    Registry(Registry),
}

impl Ineligible {
    /// Reasons that come from what the business is (its status, its size,
    /// its trade): worth one sentence under the need. Dates and places are
    /// not: such aids are simply not shown.
    pub fn is_about_status(&self) -> bool {
        matches!(
            self,
            Ineligible::TooFew { .. }
                | Ineligible::TooMany { .. }
                | Ineligible::SectorExcluded
                | Ineligible::Franchise
                | Ineligible::Registry(_)
        )
    }

    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Ineligible::TooFew { at_least: 2 }, Lang::Fr) => {
                "il faut avoir au moins un salarié".into()
            }
            (Ineligible::TooFew { at_least: 2 }, Lang::En) => {
                "it needs at least one employee".into()
            }
            (Ineligible::TooFew { at_least }, Lang::Fr) => {
                format!("il faut être au moins {at_least} personnes")
            }
            (Ineligible::TooFew { at_least }, Lang::En) => {
                format!("it needs at least {at_least} people")
            }
            (Ineligible::TooMany { below }, Lang::Fr) => {
                format!("réservée aux entreprises de moins de {below} personnes")
            }
            (Ineligible::TooMany { below }, Lang::En) => {
                format!("only for businesses of fewer than {below} people")
            }
            (Ineligible::SectorExcluded, _) => {
                pick(lang, "votre métier en est exclu", "your trade is excluded").into()
            }
            (Ineligible::SectorNotIncluded, _) => pick(
                lang,
                "réservée à d'autres métiers",
                "only for other trades",
            )
            .into(),
            (Ineligible::Franchise, _) => pick(
                lang,
                "les franchises et les succursales en sont exclues",
                "franchises and branches are excluded",
            )
            .into(),
            (Ineligible::Registry(Registry::Commerce), _) => pick(
                lang,
                "réservée aux entreprises inscrites à la CCI (commerce, services)\u{a0}; vous êtes à la Chambre de métiers",
                "only for businesses registered with the CCI (shops, services); yours is with the Chamber of Trades",
            )
            .into(),
            (Ineligible::Registry(Registry::Crafts), _) => pick(
                lang,
                "réservée aux artisans inscrits à la Chambre de métiers\u{a0}; vous êtes à la CCI",
                "only for craft businesses registered with the Chamber of Trades; yours is with the CCI",
            )
            .into(),
            (Ineligible::Expired(d), _) => format!(
                "{} {}",
                pick(lang, "fermée depuis le", "closed since"),
                long_date(*d, lang)
            ),
            (Ineligible::OutsidePerimeter, _) => {
                pick(lang, "pas pour votre commune", "not for your town").into()
            }
        }
    }
}

/// Where the business is, as aid perimeters describe places.
pub(super) struct Place<'a> {
    insee: Option<&'a str>,
    department: Option<&'a str>,
    region: Option<&'a str>,
    /// The commune's EPCI (intercommunality), from the commune table.
    epci: Option<&'a str>,
    /// Without an EPCI in the table: the place is the territory's centre,
    /// so the territory's EPCI applies.
    in_territory_epci: bool,
}

impl<'a> Place<'a> {
    pub(super) fn of(ctx: &PathwayContext<'a>, owner: Option<&'a Commune>) -> Place<'a> {
        let territory = &ctx.snapshot.territory;
        let commune = owner.or_else(|| ctx.communes.by_insee(&territory.insee));
        let insee = commune.map_or(territory.insee.as_str(), |c| c.insee.as_str());
        Place {
            insee: Some(insee),
            department: commune
                .map(|c| c.department.as_str())
                .or_else(|| department_of(insee)),
            region: commune.map(|c| c.region.as_str()),
            epci: commune.and_then(|c| c.epci.as_deref()),
            // A commune within the radius may belong to another EPCI: only
            // the centre is known to be in the territory's.
            in_territory_epci: insee == territory.insee,
        }
    }
}

/// Whether the business can get the aid today; the caveats left to check.
pub(super) fn eligibility(
    ctx: &PathwayContext<'_>,
    place: &Place<'_>,
    aid: &Aid,
) -> Result<Vec<Caveat>, Ineligible> {
    let today = ctx.now.date();
    let e = &aid.eligibility;
    let q = ctx.questionnaire;
    let p = ctx.profile;
    let mut caveats = Vec::new();

    if let Some(deadline) = aid.deadline {
        if deadline < today {
            return Err(Ineligible::Expired(deadline));
        }
    }
    if let Some(start) = aid.start_date {
        if start > today {
            caveats.push(Caveat::OpensOn(start));
        }
    }

    let per = &e.perimeter;
    let has = |list: &[String], v: Option<&str>| v.is_some_and(|v| list.iter().any(|x| x == v));
    let covered = per.is_national()
        || has(&per.regions, place.region)
        || has(&per.departments, place.department)
        || has(&per.communes, place.insee)
        || has(&per.epcis, place.epci)
        || (place.epci.is_none()
            && place.in_territory_epci
            && per
                .epcis
                .iter()
                .any(|x| ctx.snapshot.territory.epcis.contains(x)));
    if !covered {
        return Err(Ineligible::OutsidePerimeter);
    }
    // The trade first: an aid for other trades is not a near-miss worth a
    // sentence, whatever the size.
    match p.trade.as_deref() {
        Some(trade) => {
            if e.sectors_excluded.iter().any(|s| s == trade) {
                return Err(Ineligible::SectorExcluded);
            }
            if !e.sectors_included.is_empty() && !e.sectors_included.iter().any(|s| s == trade) {
                return Err(Ineligible::SectorNotIncluded);
            }
        }
        None if !e.sectors_included.is_empty() || !e.sectors_excluded.is_empty() => {
            caveats.push(Caveat::Sector)
        }
        None => {}
    }

    let band = p.headcount.as_deref().and_then(|h| q.headcount(h));
    let (min, max) = band.map_or((1, None), |b| (b.min, b.max));
    if let Some(below) = e.headcount_below {
        if min >= below {
            return Err(Ineligible::TooMany { below });
        }
        if max.is_none_or(|m| m >= below) {
            caveats.push(Caveat::HeadcountBelow(below));
        }
    }
    if let Some(at_least) = e.min_headcount {
        if max.is_some_and(|m| m < at_least) {
            return Err(Ineligible::TooFew { at_least });
        }
        if min < at_least {
            caveats.push(Caveat::HeadcountAtLeast(at_least));
        }
    }
    if let Some(t) = e.turnover_below_eur {
        caveats.push(Caveat::TurnoverBelow(t));
    }

    if e.excludes_franchises {
        match p.network.as_deref().and_then(|n| q.network(n)) {
            Some(n) if n.franchise => return Err(Ineligible::Franchise),
            Some(n) if !n.dont_know => {}
            _ => caveats.push(Caveat::NotFranchise),
        }
    }

    if let Some(needed) = e.registry {
        let registered = match p.chamber {
            Some(Chamber::Cci) => Some(Registry::Commerce),
            Some(Chamber::Cma) => Some(Registry::Crafts),
            _ => None,
        };
        match registered {
            Some(r) if r != needed => return Err(Ineligible::Registry(needed)),
            Some(_) => {}
            None => caveats.push(Caveat::Registry(needed)),
        }
    }
    if e.non_salaried_owner {
        caveats.push(Caveat::NonSalariedOwner);
    }
    if let Some(n) = e.min_investment_eur {
        caveats.push(Caveat::MinInvestment(n));
    }

    Ok(caveats)
}

/// Eligibility of each aid, worked out the first time a step asks: it
/// does not depend on the step.
pub(super) type EligibilityCache = Vec<Option<Result<Vec<Caveat>, Ineligible>>>;

fn cached_eligibility(
    ctx: &PathwayContext<'_>,
    place: &Place<'_>,
    cache: &mut EligibilityCache,
    i: usize,
    aid: &Aid,
) -> Result<Vec<Caveat>, Ineligible> {
    match cache.get_mut(i) {
        Some(slot) => slot
            .get_or_insert_with(|| eligibility(ctx, place, aid))
            .clone(),
        None => eligibility(ctx, place, aid),
    }
}

pub(super) fn for_dimension<'a>(
    ctx: &PathwayContext<'a>,
    place: &Place<'_>,
    dim: &Dimension,
    cache: &mut EligibilityCache,
) -> (Vec<AidMatch<'a>>, Vec<NearMiss<'a>>) {
    cache.resize(ctx.snapshot.aids.len(), None);
    let mut matches = Vec::new();
    let mut near = Vec::new();
    let needed = |t: &&Topic| dim.aid_topics.contains(t);
    for (i, aid) in ctx.snapshot.aids.iter().enumerate() {
        let funds_need = aid.funds.iter().any(|t| needed(&t));
        if !funds_need && !aid.does_not_fund.iter().any(|t| needed(&t)) {
            continue;
        }
        match cached_eligibility(ctx, place, cache, i, aid) {
            Ok(mut to_check) if funds_need => {
                let funds = aid.funds.iter().filter(needed).copied().collect();
                to_check.extend(
                    aid.maybe_funds
                        .iter()
                        .filter(|t| needed(t) && !aid.funds.contains(t))
                        .map(|t| Caveat::MaybeFunds(*t)),
                );
                matches.push(AidMatch {
                    aid,
                    funds,
                    to_check,
                });
            }
            Ok(_) => {
                let list = aid.does_not_fund.iter().filter(needed).copied().collect();
                near.push(NearMiss {
                    aid,
                    why: Miss::DoesNotFund(list),
                });
            }
            Err(reason) if funds_need && reason.is_about_status() => {
                near.push(NearMiss {
                    aid,
                    why: Miss::NotForYou {
                        reason,
                        instead: None,
                    },
                });
            }
            Err(_) => {}
        }
    }
    // A status near-miss points to the sibling the owner can get instead.
    for n in &mut near {
        if let (Miss::NotForYou { instead, .. }, Some(family)) = (&mut n.why, &n.aid.family) {
            *instead = matches
                .iter()
                .find(|m| m.aid.family.as_ref() == Some(family))
                .map(|m| m.aid);
        }
    }
    // Facts confirmed first, then the fewest conditions left to check,
    // then the largest amount.
    crate::sort::sort_by(&mut matches, &|a, b| {
        a.aid
            .to_confirm
            .is_some()
            .cmp(&b.aid.to_confirm.is_some())
            .then_with(|| a.to_check.len().cmp(&b.to_check.len()))
            .then_with(|| max_amount(b.aid).cmp(&max_amount(a.aid)))
            .then_with(|| a.aid.name.cmp(&b.aid.name))
    });
    matches.truncate(AIDS_PER_STEP);
    near.truncate(AIDS_PER_STEP);
    (matches, near)
}

fn max_amount(aid: &Aid) -> u32 {
    aid.amount_eur.and_then(|a| a.max).unwrap_or(0)
}
