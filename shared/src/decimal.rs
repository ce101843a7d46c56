//! Reading decimal numbers (coordinates, distances, weights) without the
//! standard library's float parser, whose tables alone weigh 12 KB in the
//! wasm a phone downloads.
//!
//! Up to 15 significant digits and a power of ten within ±22 (every
//! coordinate, radius and weight the product publishes) the result is the
//! correctly rounded one, as `str::parse` gives: both the digits and the
//! power are exact in an `f64`, so one division or product rounds once.
//! Longer numbers are read to within two units in the last place (a
//! nanometre for a latitude) between 1e-22 and 1e22, and to within 1e-14 of
//! their value beyond (no such number is published).

/// The powers of ten an `f64` holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Digits kept in the integer mantissa; later ones only move the exponent.
const MAX_MANTISSA: u64 = 1_000_000_000_000_000_000;

/// `[+-]digits[.digits][(e|E)[+-]digits]`, or `.5` / `5.`; `None` for
/// anything else (no `inf`, no `NaN`, no white space). May overflow to an
/// infinity, which callers refuse.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut any_digit = false;
    let mut fraction = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                any_digit = true;
                if mantissa < MAX_MANTISSA {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    exponent -= i64::from(fraction);
                } else {
                    exponent += i64::from(!fraction);
                }
            }
            b'.' if !fraction => fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let from = i;
        let mut e: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            // Far beyond any f64: the value is 0 or infinite either way.
            e = (e * 10 + i64::from(c - b'0')).min(100_000);
            i += 1;
        }
        if i == from {
            return None;
        }
        exponent += sign * e;
    }
    if i != b.len() {
        return None;
    }
    let m = mantissa as f64;
    let value = if mantissa == 0 {
        0.0
    } else if (0..=22).contains(&exponent) {
        m * EXACT_POWERS[exponent as usize]
    } else if (-22..0).contains(&exponent) {
        m / EXACT_POWERS[(-exponent) as usize]
    } else {
        // Rare: scale in two exact steps where possible.
        let e = exponent.clamp(-800, 800) as i32;
        if e < 0 {
            m / 1e22 * 10f64.powi(e + 22)
        } else {
            m * 1e22 * 10f64.powi(e - 22)
        }
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_the_data_holds_reads_as_the_standard_parser_reads_it() {
        for s in [
            "50.2899",
            "2.7659",
            "50.2812177829625",
            "2.72248439928536",
            "-1.5e-3",
            "20",
            "0.5",
            "1",
            "1E+5",
            "-0",
            ".5",
            "5.",
            "49.5992",
            "0.000001",
            "123456789012345",
        ] {
            assert_eq!(parse_f64(s), s.parse().ok(), "{s}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for s in [
            "", "-", ".", "1e", "1e+", "inf", "NaN", " 1", "1 ", "1.2.3", "0x10", "1,5", "--1",
        ] {
            assert_eq!(parse_f64(s), None, "{s:?}");
        }
        assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
        assert_eq!(parse_f64("1e-400"), Some(0.0));
    }

    proptest! {
        #[test]
        fn up_to_15_digits_the_result_is_correctly_rounded(
            m in 0u64..1_000_000_000_000_000, point in 0usize..16, e in -7i32..7, neg: bool
        ) {
            let digits = m.to_string();
            let point = point.min(digits.len());
            let s = format!(
                "{}{}.{}e{e}",
                if neg { "-" } else { "" },
                &digits[..digits.len() - point],
                &digits[digits.len() - point..]
            );
            let s = s.replace(".e", "e");
            prop_assert_eq!(parse_f64(&s), s.parse::<f64>().ok(), "{}", s);
        }

        #[test]
        fn any_float_written_out_reads_back_within_two_units_in_the_last_place(
            x in -1e22f64..1e22
        ) {
            prop_assume!(x == 0.0 || x.abs() > 1e-22);
            let read = parse_f64(&x.to_string()).unwrap();
            let ulp = f64::EPSILON * x.abs();
            prop_assert!((read - x).abs() <= 2.0 * ulp, "{} read as {}", x, read);
            let read = parse_f64(&format!("{x:e}")).unwrap();
            prop_assert!((read - x).abs() <= 2.0 * ulp, "{:e} read as {}", x, read);
        }

        #[test]
        fn any_float_at_all_reads_back_within_1e_14_of_itself(x: f64) {
            prop_assume!(x.is_finite() && (x == 0.0 || x.abs() > 1e-300));
            let read = parse_f64(&format!("{x:e}")).unwrap();
            prop_assert!((read - x).abs() <= 1e-14 * x.abs(), "{:e} read as {}", x, read);
        }
    }
}
