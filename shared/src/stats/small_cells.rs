//! The small-cell rule: a figure built from fewer than five records could
//! point at one business in a small town, so it is shown as "moins de 5".

/// The fewest records a published figure may be built from.
pub const MIN_CELL: usize = 5;

/// A count as it may be published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Count(usize),
    /// Fewer than [`MIN_CELL`] (zero included: "none" would tell as much).
    Fewer,
}

pub fn cell(n: usize) -> Cell {
    if n < MIN_CELL {
        Cell::Fewer
    } else {
        Cell::Count(n)
    }
}

impl Cell {
    pub fn fr(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Fewer => format!("moins de {MIN_CELL}"),
        }
    }

    /// A share of `total`, in whole percent, only when both are publishable.
    pub fn share_of(self, total: Cell) -> Option<u32> {
        match (self, total) {
            (Cell::Count(n), Cell::Count(t)) if t > 0 => {
                Some(((n as f64 / t as f64) * 100.0).round() as u32)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_records_are_never_shown_five_are() {
        assert_eq!(cell(0), Cell::Fewer);
        assert_eq!(cell(4).fr(), "moins de 5");
        assert_eq!(cell(5).fr(), "5");
        assert_eq!(cell(4).share_of(cell(20)), None);
        assert_eq!(cell(5).share_of(cell(20)), Some(25));
        assert_eq!(cell(5).share_of(cell(3)), None);
    }
}
