//! One component per screen, plus the pieces they share.

mod choice;
mod dimension_step;
mod keep;
mod pathway_card;
mod profile;
mod radar;
mod results;
mod share;
mod step_nav;
mod welcome;

pub use dimension_step::DimensionStep;
pub use profile::ProfileStep;
pub use results::Results;
pub use share::OutcomeQuestion;
pub use welcome::Welcome;
