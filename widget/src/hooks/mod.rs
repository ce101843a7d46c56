mod use_data;

pub use use_data::{use_data, Data, Load};
