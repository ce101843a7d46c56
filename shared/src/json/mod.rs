//! Reading the published JSON without serde's generic machinery.
//!
//! The widget reads two published documents: the manifest and its
//! territory's snapshot (the questionnaire is packed at build time, see
//! `questionnaire::packed`). Decoding them through serde's derived code cost
//! the phone 29 KB of a 240 KB download (brotli); this reader is one small
//! parser ([`parse`]) and one plain function per type ([`FromJson`]).
//! The worker keeps serde to write them; tests check that whatever serde
//! writes, this reads back to the same value.

mod model;
mod parse;
#[cfg(test)]
mod tests;

pub use parse::{parse, Json};

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::i18n::Text;

/// Why a document was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("not JSON (byte {0})")]
    Syntax(usize),
    /// The innermost field named, and what it should have held.
    #[error("`{field}`: {expected} expected")]
    Shape {
        field: &'static str,
        expected: &'static str,
    },
}

impl Error {
    fn expected(expected: &'static str) -> Error {
        Error::Shape {
            field: "",
            expected,
        }
    }

    /// Names the field, unless a deeper one is named already.
    fn at(self, name: &'static str) -> Error {
        match self {
            Error::Shape {
                field: "",
                expected,
            } => Error::Shape {
                field: name,
                expected,
            },
            e => e,
        }
    }
}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(v: &Json<'_>) -> Result<Self, Error>;
}

/// Parses `text` and reads it as a `T`.
pub fn decode<T: FromJson>(text: &str) -> Result<T, Error> {
    T::from_json(&parse(text)?)
}

/// An object's members, read by name. Unknown members are ignored and the
/// first of two same-named members wins.
pub struct Obj<'j, 'a>(&'j [(Cow<'a, str>, Json<'a>)]);

impl<'j, 'a> Obj<'j, 'a> {
    pub fn of(v: &'j Json<'a>) -> Result<Self, Error> {
        match v {
            Json::Obj(members) => Ok(Obj(members)),
            _ => Err(Error::expected("an object")),
        }
    }

    fn get(&self, name: &str) -> Option<&'j Json<'a>> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A member that must be there.
    #[inline(never)]
    pub fn req<T: FromJson>(&self, name: &'static str) -> Result<T, Error> {
        match self.get(name) {
            Some(v) => T::from_json(v).map_err(|e| e.at(name)),
            None => Err(Error::expected("a value").at(name)),
        }
    }

    /// A member that may be missing (then its default).
    pub fn dft<T: FromJson + Default>(&self, name: &'static str) -> Result<T, Error> {
        self.or(name, T::default())
    }

    /// A member that may be missing (then `default`).
    #[inline(never)]
    pub fn or<T: FromJson>(&self, name: &'static str, default: T) -> Result<T, Error> {
        match self.get(name) {
            Some(v) => T::from_json(v).map_err(|e| e.at(name)),
            None => Ok(default),
        }
    }
}

impl<'a> Json<'a> {
    pub fn as_str(&self) -> Result<&str, Error> {
        match self {
            Json::Str(s) => Ok(s),
            _ => Err(Error::expected("a string")),
        }
    }

    fn items(&self) -> Result<&[Json<'a>], Error> {
        match self {
            Json::Arr(items) => Ok(items),
            _ => Err(Error::expected("an array")),
        }
    }

    /// The digits of a non-negative integer (no sign, fraction or exponent).
    fn unsigned(&self) -> Result<u64, Error> {
        match self {
            Json::Num(n) => n.parse().map_err(|_| Error::expected("a whole number")),
            _ => Err(Error::expected("a number")),
        }
    }
}

/// Declares how a struct is read: `field: req | dft | or(default)`, in the
/// spelling the worker writes (serde's, checked by the tests). Each reader
/// and `Obj::req`/`Obj::or` stay out of line: inlined into every caller they
/// cost the widget 1.1 KB more (brotli).
macro_rules! object {
    ($ty:ident { $($field:ident : $how:ident $(($default:expr))?),* $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            #[inline(never)]
            fn from_json(v: &$crate::json::Json<'_>) -> Result<Self, $crate::json::Error> {
                let o = $crate::json::Obj::of(v)?;
                Ok($ty { $($field: o.$how(stringify!($field) $(, $default)?)?,)* })
            }
        }
    };
}

/// The same for a type with a `Default`: fields are set one by one on a
/// default value, so that a refused field drops one value, not a different
/// set of fields at each of the struct's early returns (much smaller code).
macro_rules! object_by_field {
    ($ty:ident { $($field:ident : $how:ident $(($default:expr))?),* $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            #[inline(never)]
            fn from_json(v: &$crate::json::Json<'_>) -> Result<Self, $crate::json::Error> {
                let o = $crate::json::Obj::of(v)?;
                let mut read = $ty::default();
                $(read.$field = o.$how(stringify!($field) $(, $default)?)?;)*
                Ok(read)
            }
        }
    };
}

/// Declares how a unit enum is read from its snake_case name.
macro_rules! names {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            fn from_json(v: &$crate::json::Json<'_>) -> Result<Self, $crate::json::Error> {
                match v.as_str()? {
                    $($name => Ok($ty::$variant),)*
                    _ => Err($crate::json::Error::Shape {
                        field: "",
                        expected: concat!("a known ", stringify!($ty)),
                    }),
                }
            }
        }
    };
}
pub(crate) use {names, object, object_by_field};

impl FromJson for String {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        v.as_str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        match v {
            Json::Bool(b) => Ok(*b),
            _ => Err(Error::expected("true or false")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        match v {
            // The grammar is checked; `parse_f64` takes every JSON number.
            Json::Num(n) => crate::decimal::parse_f64(n)
                .filter(|x| x.is_finite())
                .ok_or(Error::expected("a number within range")),
            _ => Err(Error::expected("a number")),
        }
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: &Json<'_>) -> Result<Self, Error> {
                <$t>::try_from(v.unsigned()?).map_err(|_| Error::expected("a smaller number"))
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        match v {
            Json::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        // A plain loop: `collect` into a `Result` instantiates a larger
        // adapter for every element type.
        let items = v.items()?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(T::from_json(item)?);
        }
        Ok(out)
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        let items: Vec<T> = Vec::from_json(v)?;
        items
            .try_into()
            .map_err(|_| Error::expected("an array of the right length"))
    }
}

impl FromJson for NaiveDate {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        crate::dates::date(v.as_str()?).ok_or(Error::expected("a date (YYYY-MM-DD)"))
    }
}

impl FromJson for DateTime<FixedOffset> {
    fn from_json(v: &Json<'_>) -> Result<Self, Error> {
        crate::dates::rfc3339(v.as_str()?).ok_or(Error::expected("an RFC 3339 time"))
    }
}

object!(Text { fr: req, en: req });
