//! Cleaning of single values coming from outside: each function either
//! returns a value that is safe to publish or says why it could not.

pub mod email;
pub mod geo;
pub mod phone;
pub mod text;
pub mod url;
