//! The pilot's real aid catalogue (the worker's shipped file) against owners
//! an adviser knows the answer for: which aids are offered under a need, and
//! which are named as not for them, with the reason.

use super::*;
use crate::pathway::Miss;

fn catalogue() -> Vec<Aid> {
    #[derive(serde::Deserialize)]
    struct File {
        aids: Vec<Aid>,
    }
    let text = include_str!("../../../../worker/sources/aides-catalogue.toml");
    toml::from_str::<File>(text).unwrap().aids
}

struct Owner {
    who: &'static str,
    trade: &'static str,
    headcount: &'static str,
    /// Commune INSEE code.
    commune: &'static str,
    chamber: Chamber,
    network: &'static str,
    need: &'static str,
    offered: &'static [&'static str],
    not_offered: &'static [&'static str],
    /// Named as not for this owner, with a sentence holding these words.
    said_not_for_you: &'static [(&'static str, &'static str)],
}

const OWNERS: &[Owner] = &[
    Owner {
        who: "plumber alone in Arras",
        trade: "artisan_batiment",
        headcount: "1",
        commune: "62041",
        chamber: Chamber::Cma,
        network: "independent",
        need: "skills",
        offered: &["fafcea"],
        not_offered: &[
            "agefice",
            "opco-branche",
            "opco-ep",
            "opcommerce",
            "akto",
            "fif-pl",
        ],
        said_not_for_you: &[
            ("agefice", "pour vous, c'est «\u{a0}FAFCEA"),
            ("opco-branche", "au moins un salarié"),
        ],
    },
    Owner {
        who: "bookshop of 3 in Calais",
        trade: "commerce",
        headcount: "2-4",
        commune: "62193",
        chamber: Chamber::Cci,
        network: "independent",
        need: "skills",
        offered: &["agefice", "opcommerce"],
        not_offered: &["fafcea", "fif-pl", "opco-ep"],
        said_not_for_you: &[("fafcea", "pour vous, c'est «\u{a0}AGEFICE")],
    },
    Owner {
        who: "architect in Soissons",
        trade: "profession_liberale",
        headcount: "1",
        commune: "02722",
        chamber: Chamber::DontKnow,
        network: "independent",
        need: "skills",
        offered: &["fif-pl"],
        not_offered: &["agefice", "fafcea", "aden"],
        said_not_for_you: &[(
            "agefice",
            "votre métier en est exclu\u{a0}; pour vous, c'est «\u{a0}FIF PL",
        )],
    },
    Owner {
        who: "architect in Soissons who wants to sell online",
        trade: "profession_liberale",
        headcount: "1",
        commune: "02722",
        chamber: Chamber::DontKnow,
        network: "independent",
        need: "selling",
        offered: &[],
        not_offered: &["aden"],
        said_not_for_you: &[("aden", "votre métier en est exclu")],
    },
    Owner {
        who: "bakery franchise of 8 in Arras that wants to sell online",
        trade: "artisan_alimentaire",
        headcount: "5-9",
        commune: "62041",
        chamber: Chamber::Cma,
        network: "franchise",
        need: "selling",
        offered: &[],
        not_offered: &["aden"],
        said_not_for_you: &[("aden", "franchises et les succursales en sont exclues")],
    },
];

#[test]
fn each_owner_gets_the_aids_an_adviser_would_name() {
    let aids = catalogue();
    for o in OWNERS {
        let mut snap = snapshot(vec![], aids.clone());
        if o.commune == "02722" {
            snap.territory.insee = "02722".into();
            snap.territory.epcis = vec!["240200477".into()];
        }
        let profile = Profile {
            trade: Some(o.trade.into()),
            headcount: Some(o.headcount.into()),
            commune: Some(o.commune.into()),
            chamber: Some(o.chamber),
            network: Some(o.network.into()),
            goals: vec![],
        };
        let p = build(&snap, &profile, &[o.need]);
        let step = &p.steps[0];
        let offered = aid_ids(step);
        for id in o.offered {
            assert!(
                offered.contains(id),
                "{}: {id} not offered: {offered:?}",
                o.who
            );
        }
        for id in o.not_offered {
            assert!(
                !offered.contains(id),
                "{}: {id} offered: {offered:?}",
                o.who
            );
        }
        for (id, words) in o.said_not_for_you {
            let n = step
                .near_misses
                .iter()
                .find(|n| n.aid.id == *id && matches!(n.why, Miss::NotForYou { .. }));
            let said = n.map(|n| n.explain(Lang::Fr));
            assert!(
                said.as_deref().is_some_and(|s| s.contains(words)),
                "{}: about {id}, expected « {words} », got {said:?}",
                o.who
            );
        }
        // The same sentences in English carry English names and punctuation.
        for n in &step.near_misses {
            let en = n.explain(Lang::En);
            assert!(
                !en.contains('«') && !en.contains(" :") && !en.contains(" ; "),
                "{}: {en}",
                o.who
            );
            assert!(!en.contains("votre branche"), "{}: {en}", o.who);
        }
    }
}

#[test]
fn a_catalogue_aid_to_confirm_and_a_free_service_read_as_such() {
    let aids = catalogue();
    let snap = snapshot(vec![], aids.clone());
    let profile = shop("2-4", "62041");
    let p = build(&snap, &profile, &["security"]);
    let step = &p.steps[0];
    let cyber = step
        .aids
        .iter()
        .find(|m| m.aid.id == "cybermalveillance-17cyber")
        .expect("free cyber help offered");
    assert_eq!(cyber.aid.kind, crate::model::AidKind::FreeService);
    // Every aid shown under a need names what is left to confirm, or none.
    let pass = aids.iter().find(|a| a.id == "pass-cyber-invest").unwrap();
    assert!(pass.to_confirm.is_some());
    // Pass Cyber never funds hardware: not offered under equipment.
    let p = build(&snap, &profile, &["equipment"]);
    assert!(!aid_ids(&p.steps[0]).contains(&"pass-cyber-invest"));
}

/// A bakery of 8 in Soissons behind on e-invoicing: the Region's ADEN is
/// offered for its management-software line, but the card must not promise
/// what no source says: that an e-invoicing tool counts (to ask the
/// funder), nor the connected till without an online shop.
#[test]
fn aden_under_invoicing_says_what_is_uncertain_and_what_is_conditional() {
    let snap = snapshot(vec![], catalogue());
    let profile = Profile {
        trade: Some("artisan_alimentaire".into()),
        headcount: Some("5-9".into()),
        commune: Some("02722".into()),
        chamber: Some(Chamber::Cma),
        network: Some("independent".into()),
        goals: vec![],
    };
    let p = build(&snap, &profile, &["invoicing"]);
    let aden = p.steps[0]
        .aids
        .iter()
        .find(|m| m.aid.id == "aden")
        .expect("ADEN offered under invoicing");
    assert!(
        aden.to_check
            .contains(&Caveat::MaybeFunds(Topic::Einvoicing)),
        "{:?}",
        aden.to_check
    );
    let checks: Vec<String> = aden.to_check.iter().map(|c| c.describe(Lang::Fr)).collect();
    assert!(
        checks.iter().any(|c| c.contains(
            "ses règles ne citent pas\u{a0}: logiciel de facturation, facture électronique"
        )),
        "{checks:?}"
    );
    let fr = crate::pathway::funded(aden.aid, &aden.funds, Lang::Fr);
    assert!(
        fr.contains(
            "caisse connectée (seulement avec un projet de vente en ligne, jusqu'à 1 500 €)"
        ),
        "{fr}"
    );
    let en = crate::pathway::funded(aden.aid, &aden.funds, Lang::En);
    assert!(
        en.contains("connected till (only with an online-selling project, up to €1,500)"),
        "{en}"
    );
    // Where the need is selling online, the e-invoicing doubt is not raised.
    let p = build(&snap, &profile, &["selling"]);
    let aden = p.steps[0].aids.iter().find(|m| m.aid.id == "aden");
    assert!(aden.is_some_and(|m| m
        .to_check
        .iter()
        .all(|c| !matches!(c, Caveat::MaybeFunds(_)))));
}
