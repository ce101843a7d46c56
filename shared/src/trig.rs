//! Sine and cosine for the angles the product works with (latitudes,
//! half-differences of coordinates, the chart's spokes), written out: the
//! general ones bring 9 KB of argument reduction for huge angles into the
//! widget. Same code on the worker and on the phone, so both compute the
//! same distances.
//!
//! The angle is brought within ±π/4 by multiples of π/2 (π/2 split in two
//! parts, exact products for |x| < 10⁶), then a Taylor series to the 17th
//! (sine) or 18th (cosine) power: its truncation error is below 10⁻¹⁹ there,
//! so the result is within a few units in the last place of the true value.

/// π/2 = `PIO2_HI + PIO2_LO`; `PIO2_HI` has 33 bits, so `k * PIO2_HI` is
/// exact for `|k| < 2^20`.
const PIO2_HI: f64 = 1.570_796_326_734_125_6;
const PIO2_LO: f64 = 6.077_100_506_506_192e-11;

/// `(quadrant, r)` with `x = quadrant·π/2 + r`, `|r| ≤ π/4` (about).
fn reduce(x: f64) -> (i64, f64) {
    let k = (x * std::f64::consts::FRAC_2_PI).round();
    ((k as i64) & 3, (x - k * PIO2_HI) - k * PIO2_LO)
}

/// 1/3!, 1/5!, …, 1/17! (each factorial is exact in an f64).
const SIN: [f64; 8] = [
    1.0 / 6.0,
    1.0 / 120.0,
    1.0 / 5_040.0,
    1.0 / 362_880.0,
    1.0 / 39_916_800.0,
    1.0 / 6_227_020_800.0,
    1.0 / 1_307_674_368_000.0,
    1.0 / 355_687_428_096_000.0,
];

/// 1/2!, 1/4!, …, 1/18!.
const COS: [f64; 9] = [
    1.0 / 2.0,
    1.0 / 24.0,
    1.0 / 720.0,
    1.0 / 40_320.0,
    1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    1.0 / 87_178_291_200.0,
    1.0 / 20_922_789_888_000.0,
    1.0 / 6_402_373_705_728_000.0,
];

/// Σ (−z)^k c_k by Horner, from the smallest term.
fn series(z: f64, c: &[f64]) -> f64 {
    c.iter().rev().fold(0.0, |p, &k| k - z * p)
}

/// sin r, |r| ≤ π/4.
fn sin_kernel(r: f64) -> f64 {
    let z = r * r;
    r - r * z * series(z, &SIN)
}

/// cos r, |r| ≤ π/4.
fn cos_kernel(r: f64) -> f64 {
    let z = r * r;
    1.0 - z * series(z, &COS)
}

pub fn sin(x: f64) -> f64 {
    let (q, r) = reduce(x);
    match q {
        0 => sin_kernel(r),
        1 => cos_kernel(r),
        2 => -sin_kernel(r),
        _ => -cos_kernel(r),
    }
}

pub fn cos(x: f64) -> f64 {
    let (q, r) = reduce(x);
    match q {
        0 => cos_kernel(r),
        1 => -sin_kernel(r),
        2 => -cos_kernel(r),
        _ => sin_kernel(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_6, PI};

    #[test]
    fn known_values() {
        assert_eq!(sin(0.0), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert!((sin(FRAC_PI_6) - 0.5).abs() < 1e-16);
        assert!((cos(PI) + 1.0).abs() < 1e-16);
        assert!(sin(PI).abs() < 1e-15);
        assert!((sin(FRAC_PI_2) - 1.0).abs() < 1e-16);
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_functions(x in -1e5f64..1e5) {
            // Absolute: near a zero of the function, the argument's own
            // rounding dominates whichever implementation.
            prop_assert!((sin(x) - x.sin()).abs() <= 4e-16, "sin {}", x);
            prop_assert!((cos(x) - x.cos()).abs() <= 4e-16, "cos {}", x);
        }

        #[test]
        fn small_angles_keep_their_relative_precision(x in -0.01f64..0.01) {
            prop_assert!((sin(x) - x.sin()).abs() <= 2.0 * f64::EPSILON * x.abs(), "{}", x);
        }
    }
}
