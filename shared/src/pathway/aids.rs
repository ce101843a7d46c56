//! Aid eligibility: never show an aid the owner cannot get, say what is
//! left to check, and say what a near-miss aid does not fund.

use super::PathwayContext;
use crate::communes::{department_of, Commune};
use crate::i18n::{long_date, Lang};
use crate::model::{Aid, Topic};
use crate::questionnaire::Dimension;
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

/// An aid the business could get, but that does not fund this need.
#[derive(Clone, Debug, PartialEq)]
pub struct NearMiss<'a> {
    pub aid: &'a Aid,
    /// Among what this need calls for, what the aid explicitly excludes.
    pub does_not_fund: Vec<Topic>,
}

impl NearMiss<'_> {
    pub fn explain(&self, lang: Lang) -> String {
        let list = topics(&self.does_not_fund, lang);
        match lang {
            Lang::Fr => format!("« {} » ne finance pas : {list}.", self.aid.name),
            Lang::En => format!("“{}” does not fund: {list}.", self.aid.name),
        }
    }
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

/// Why an aid is out of reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ineligible {
    Expired(NaiveDate),
    TooMany { below: u32 },
    TooFew { at_least: u32 },
    SectorExcluded,
    SectorNotIncluded,
    Franchise,
    OutsidePerimeter,
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

    if e.excludes_franchises {
        match p.network.as_deref().and_then(|n| q.network(n)) {
            Some(n) if n.franchise => return Err(Ineligible::Franchise),
            Some(n) if !n.dont_know => {}
            _ => caveats.push(Caveat::NotFranchise),
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
    Ok(caveats)
}

/// Eligibility of each aid, worked out the first time a step asks: it
/// does not depend on the step.
pub(super) type EligibilityCache = Vec<Option<Result<Vec<Caveat>, Ineligible>>>;

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
    for (aid, cached) in ctx.snapshot.aids.iter().zip(cache.iter_mut()) {
        let funds_need = aid.funds.iter().any(|t| needed(&t));
        if !funds_need && !aid.does_not_fund.iter().any(|t| needed(&t)) {
            continue;
        }
        let Ok(to_check) = cached
            .get_or_insert_with(|| eligibility(ctx, place, aid))
            .clone()
        else {
            continue;
        };
        if funds_need {
            let funds = aid.funds.iter().filter(needed).copied().collect();
            matches.push(AidMatch {
                aid,
                funds,
                to_check,
            });
        } else {
            let does_not_fund = aid.does_not_fund.iter().filter(needed).copied().collect();
            near.push(NearMiss { aid, does_not_fund });
        }
    }
    // Fewest conditions left to check first, then the largest amount.
    matches.sort_by(|a, b| {
        a.to_check
            .len()
            .cmp(&b.to_check.len())
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
