//! The records as JSON, written by hand: the widget sends them, and
//! serde's serialiser would add about 5 KB to every owner's download for
//! two small objects. A test reads them back with serde.

use super::record::{Head, HelpKind, Helped, Opened, Outcome, SharedResult};
use crate::scoring::Level;
use std::fmt::Write as _;

fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn strings(out: &mut String, list: &[String]) {
    out.push('[');
    for (i, s) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, s);
    }
    out.push(']');
}

fn key(out: &mut String, k: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    string(out, k);
    out.push(':');
}

fn optional(out: &mut String, k: &str, v: Option<&str>) {
    if let Some(v) = v {
        key(out, k);
        string(out, v);
    }
}

/// `{` and the fields both records share.
fn head(h: &Head<'_>) -> String {
    let mut out = String::from("{");
    key(&mut out, "schema");
    let _ = write!(out, "{}", h.schema);
    key(&mut out, "territory");
    string(&mut out, h.territory);
    optional(&mut out, "partner", h.partner);
    optional(&mut out, "trade", h.trade);
    optional(&mut out, "headcount", h.headcount);
    out
}

fn level(l: Level) -> &'static str {
    match l {
        Level::FirstSteps => "first_steps",
        Level::OnTheWay => "on_the_way",
        Level::AtEase => "at_ease",
        Level::WellEquipped => "well_equipped",
    }
}

fn opened(out: &mut String, o: &Opened) {
    out.push('{');
    key(out, "venues");
    strings(out, &o.venues);
    key(out, "aids");
    strings(out, &o.aids);
    key(out, "advisers");
    strings(out, &o.advisers);
    out.push('}');
}

impl SharedResult {
    pub fn to_json(&self) -> String {
        let mut out = head(&self.head());
        key(&mut out, "levels");
        out.push('{');
        for (d, l) in &self.levels {
            key(&mut out, d);
            string(&mut out, level(*l));
        }
        out.push('}');
        key(&mut out, "priorities");
        strings(&mut out, &self.priorities);
        key(&mut out, "duties");
        strings(&mut out, &self.duties);
        key(&mut out, "opened");
        opened(&mut out, &self.opened);
        key(&mut out, "week");
        string(&mut out, &self.week);
        out.push('}');
        out
    }
}

impl Outcome {
    pub fn to_json(&self) -> String {
        let mut out = head(&self.head());
        key(&mut out, "helped");
        string(
            &mut out,
            match self.helped {
                Helped::Yes => "yes",
                Helped::NotYet => "not_yet",
                Helped::No => "no",
            },
        );
        key(&mut out, "by");
        out.push('[');
        for (i, k) in self.by.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(
                &mut out,
                match k {
                    HelpKind::Venue => "venue",
                    HelpKind::Chamber => "chamber",
                    HelpKind::Accountant => "accountant",
                    HelpKind::Other => "other",
                },
            );
        }
        out.push(']');
        key(&mut out, "week");
        string(&mut out, &self.week);
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::record::STATS_SCHEMA;

    #[test]
    fn what_the_widget_writes_reads_back_the_same() {
        let r = SharedResult {
            schema: STATS_SCHEMA,
            territory: "arras".into(),
            partner: Some("cci \"artois\"\n\u{1}".into()),
            trade: None,
            headcount: Some("2-4".into()),
            levels: [
                ("selling".to_string(), Level::FirstSteps),
                ("security".to_string(), Level::WellEquipped),
                ("skills".to_string(), Level::OnTheWay),
                ("admin".to_string(), Level::AtEase),
            ]
            .into(),
            priorities: vec!["selling".into()],
            duties: vec!["e_invoice_receive".into()],
            opened: Opened {
                venues: vec!["a:1".into()],
                aids: vec![],
                advisers: vec!["cci".into()],
            },
            week: "2026-W49".into(),
        };
        assert_eq!(
            serde_json::from_str::<SharedResult>(&r.to_json()).unwrap(),
            r
        );
        for helped in [Helped::Yes, Helped::NotYet, Helped::No] {
            let o = Outcome {
                schema: STATS_SCHEMA,
                territory: "calais".into(),
                partner: None,
                trade: Some("commerce".into()),
                headcount: None,
                helped,
                by: vec![
                    HelpKind::Venue,
                    HelpKind::Chamber,
                    HelpKind::Accountant,
                    HelpKind::Other,
                ],
                week: "2026-W48".into(),
            };
            assert_eq!(serde_json::from_str::<Outcome>(&o.to_json()).unwrap(), o);
        }
    }
}
