//! Per territory and per month: what shared results and outcomes say, as
//! counts that respect the small-cell rule. The raw records never leave
//! the collector; only these figures are printed and put on the desk.

use super::record::{week_start, HelpKind, Helped, Outcome, SharedResult};
use super::small_cells::{cell, Cell};
use crate::scoring::Level;
use std::collections::BTreeMap;

/// One territory in one month (`2026-12`, the month of the week's Monday).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerritoryMonth {
    pub territory: String,
    pub month: String,
    pub shared: usize,
    /// Dimension → level → records.
    pub levels: BTreeMap<String, BTreeMap<Level, usize>>,
    /// Dimension → records that had it among their three priorities.
    pub priorities: BTreeMap<String, usize>,
    /// Duty id → records it applied to.
    pub duties: BTreeMap<String, usize>,
    pub outcomes: usize,
    /// (answer, by whom) → outcomes; `None`: no one named.
    pub helped: BTreeMap<(Helped, Option<HelpKind>), usize>,
}

impl TerritoryMonth {
    pub fn shared_cell(&self) -> Cell {
        cell(self.shared)
    }

    /// Level counts of one dimension, each through the small-cell rule.
    /// The total is published, so the hidden levels together must not be a
    /// small group either: while they add up to 1–4 records, the smallest
    /// shown level is hidden too (otherwise the total minus the shown
    /// levels would give a small count back).
    pub fn level_cells(&self, dimension: &str) -> Vec<(Level, Cell)> {
        let counts = self.levels.get(dimension);
        let raw: Vec<(Level, usize)> = [
            Level::FirstSteps,
            Level::OnTheWay,
            Level::AtEase,
            Level::WellEquipped,
        ]
        .into_iter()
        .map(|l| (l, counts.and_then(|c| c.get(&l)).copied().unwrap_or(0)))
        .collect();
        let mut cells: Vec<(Level, Cell)> = raw.iter().map(|(l, n)| (*l, cell(*n))).collect();
        loop {
            let hidden: usize = (0..raw.len())
                .filter(|&i| cells[i].1 == Cell::Fewer)
                .map(|i| raw[i].1)
                .sum();
            if hidden == 0 || hidden >= super::MIN_CELL {
                break;
            }
            let smallest = (0..raw.len())
                .filter(|&i| cells[i].1 != Cell::Fewer)
                .min_by_key(|&i| raw[i].1);
            match smallest {
                Some(i) => cells[i].1 = Cell::Fewer,
                None => break,
            }
        }
        cells
    }

    /// Priorities, most frequent first; only those publishable.
    pub fn top_priorities(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self
            .priorities
            .iter()
            .filter(|(_, n)| matches!(cell(**n), Cell::Count(_)))
            .map(|(d, n)| (d.as_str(), *n))
            .collect();
        crate::sort::sort_by(&mut v, &|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// All figures, keyed by (territory, month).
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    pub months: BTreeMap<(String, String), TerritoryMonth>,
}

fn month(week: &str) -> String {
    week_start(week).map_or_else(|| "?".into(), |d| d.format("%Y-%m").to_string())
}

impl Aggregate {
    fn slot(&mut self, territory: &str, week: &str) -> &mut TerritoryMonth {
        let key = (territory.to_string(), month(week));
        self.months
            .entry(key.clone())
            .or_insert_with(|| TerritoryMonth {
                territory: key.0,
                month: key.1,
                ..TerritoryMonth::default()
            })
    }

    pub fn add_result(&mut self, r: &SharedResult) {
        let m = self.slot(&r.territory, &r.week);
        m.shared += 1;
        for (d, l) in &r.levels {
            *m.levels
                .entry(d.clone())
                .or_default()
                .entry(*l)
                .or_default() += 1;
        }
        for p in &r.priorities {
            *m.priorities.entry(p.clone()).or_default() += 1;
        }
        for d in &r.duties {
            *m.duties.entry(d.clone()).or_default() += 1;
        }
    }

    pub fn add_outcome(&mut self, o: &Outcome) {
        let m = self.slot(&o.territory, &o.week);
        m.outcomes += 1;
        if o.by.is_empty() {
            *m.helped.entry((o.helped, None)).or_default() += 1;
        }
        for k in &o.by {
            *m.helped.entry((o.helped, Some(*k))).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::record::{iso_week, Opened, STATS_SCHEMA};
    use chrono::NaiveDate;

    fn result(level: Level) -> SharedResult {
        SharedResult {
            schema: STATS_SCHEMA,
            territory: "calais".into(),
            partner: None,
            trade: None,
            headcount: None,
            levels: [("security".to_string(), level)].into(),
            priorities: vec!["security".into()],
            duties: vec![],
            opened: Opened::default(),
            week: iso_week(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()),
        }
    }

    #[test]
    fn a_level_held_by_four_owners_is_never_shown_as_four() {
        let mut a = Aggregate::default();
        for _ in 0..6 {
            a.add_result(&result(Level::FirstSteps));
        }
        for _ in 0..4 {
            a.add_result(&result(Level::AtEase));
        }
        let m = &a.months[&("calais".to_string(), "2026-11".to_string())];
        // The week of 3 December 2026 starts on Monday 30 November.
        assert_eq!(m.shared_cell(), Cell::Count(10));
        let cells = m.level_cells("security");
        // 10 shared and 4 hidden: the 6 would give them back, so it is hidden too.
        assert_eq!(cells[0], (Level::FirstSteps, Cell::Fewer));
        assert_eq!(cells[2], (Level::AtEase, Cell::Fewer));
        assert_eq!(
            cells[1],
            (Level::OnTheWay, Cell::Fewer),
            "zero is not told either"
        );
        assert_eq!(m.top_priorities(), [("security", 10)]);
    }

    /// 7, 5, 3 and 6 owners by level: the 3 is hidden, and the total (21)
    /// minus 7, 5 and 6 would give it back, so the 5 is hidden as well.
    #[test]
    fn a_single_hidden_cell_cannot_be_computed_back_from_the_total() {
        let mut a = Aggregate::default();
        for (level, n) in [
            (Level::FirstSteps, 7),
            (Level::OnTheWay, 5),
            (Level::AtEase, 3),
            (Level::WellEquipped, 6),
        ] {
            for _ in 0..n {
                a.add_result(&result(level));
            }
        }
        let m = a.months.values().next().unwrap();
        assert_eq!(m.shared_cell(), Cell::Count(21));
        let cells: Vec<Cell> = m
            .level_cells("security")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(
            cells,
            [Cell::Count(7), Cell::Fewer, Cell::Fewer, Cell::Count(6)]
        );
    }
}
