//! Exact money arithmetic for the cost estimate, so a reviewer can check every line to the cent.
//!
//! Floating point cannot say whether 0.75 GB × $0.30 is $0.225 (rounds to $0.23) or
//! $0.22499… (rounds to $0.22): in f64 it is the latter. Here every quantity and price is a
//! fixed-point integer: quantities in units of 1e-7 (GB, GB-month or MB/s), prices in micro-dollars (1e-6 USD) per
//! unit, so their product is an exact amount in units of 1e-13 USD. Nothing is rounded until a
//! line is shown: then it rounds half-up to the cent, and totals are sums of the rounded lines.

use std::fmt;

use serde::{Serialize, Serializer};

/// Quantity scale: 1 unit (GB, MB/s) = 10^7 `Qty` units.
pub const QTY_SCALE: i128 = 10_000_000;
/// Price scale: $1 = 10^6 micro-dollars.
pub const PRICE_SCALE: i64 = 1_000_000;
/// Money scale: 1 cent = 10^11 `Money` units (1e-13 USD each).
const MONEY_PER_CENT: i128 = 100_000_000_000;

/// A quantity (GB, GB-month, MB/s-month) in units of 1e-7.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Qty(pub i128);

/// A unit price in micro-dollars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Price(pub i64);

/// An exact amount in units of 1e-13 USD.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub i128);

/// An amount rounded to whole cents: what is shown and added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cents(pub i64);

impl Qty {
    pub fn whole(n: i64) -> Qty {
        Qty(i128::from(n) * QTY_SCALE)
    }

    /// `value` rounded to 7 decimals; `None` for negative, non-finite or absurdly large values.
    pub fn from_f64(value: f64) -> Option<Qty> {
        if !(0.0..=1e15).contains(&value) {
            return None;
        }
        Some(Qty((value * QTY_SCALE as f64).round() as i128))
    }

    pub fn times(self, price: Price) -> Money {
        Money(self.0 * i128::from(price.0))
    }

    /// The share `part_bp` basis points (1/100 of a percent) of this quantity, rounded half-up
    /// to a unit of 1e-7 (exact whenever the quantity has at most 3 decimals).
    pub fn share(self, part_bp: u32) -> Qty {
        Qty(div_round(self.0 * i128::from(part_bp), 10_000))
    }

    pub fn saturating_sub(self, other: Qty) -> Qty {
        Qty((self.0 - other.0).max(0))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / QTY_SCALE as f64
    }
}

impl Price {
    /// A price given in dollars (as written in the price table), exact to 6 decimals;
    /// `None` for negative values or more decimals than a micro-dollar can hold.
    pub fn from_dollars(value: f64) -> Option<Price> {
        if !value.is_finite() || !(0.0..=1e6).contains(&value) {
            return None;
        }
        let micros = value * PRICE_SCALE as f64;
        let rounded = micros.round();
        if (micros - rounded).abs() > 1e-6 {
            return None;
        }
        Some(Price(rounded as i64))
    }

    /// A price written as a decimal string, as the AWS Price List does ("0.0160000000"),
    /// read exactly: `None` unless it is a plain non-negative decimal whose digits past the
    /// sixth decimal are all zero.
    pub fn from_decimal(text: &str) -> Option<Price> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || whole.len() > 6 || !digits(whole) || !digits(fraction) {
            return None;
        }
        let (kept, rest) = fraction.split_at(fraction.len().min(6));
        if rest.chars().any(|c| c != '0') {
            return None;
        }
        let micros = format!("{kept:0<6}").parse::<i64>().ok()?;
        Some(Price(whole.parse::<i64>().ok()? * PRICE_SCALE + micros))
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / PRICE_SCALE as f64
    }
}

impl Money {
    /// Rounded half-up to the cent (amounts are never negative).
    pub fn cents(self) -> Cents {
        Cents(div_round(self.0, MONEY_PER_CENT) as i64)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

impl Cents {
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// `n / d` rounded half away from zero.
fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

impl fmt::Display for Cents {
    /// `$1,234.56`; negative amounts as `-$1.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let dollars = group_thousands(abs / 100);
        write!(f, "{sign}${dollars}.{:02}", abs % 100)
    }
}

impl Serialize for Cents {
    /// JSON gets the dollar amount as a number with at most two decimals (e.g. 156.6).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl Serialize for Price {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl Serialize for Qty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl fmt::Display for Price {
    /// `$0.30`, `$0.016`, `$0.0133`: at least two decimals, no trailing zeros beyond them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / PRICE_SCALE;
        let frac = format!("{:06}", self.0 % PRICE_SCALE);
        let trimmed = frac.trim_end_matches('0');
        let frac = if trimmed.len() < 2 {
            &frac[..2]
        } else {
            trimmed
        };
        write!(f, "${whole}.{frac}")
    }
}

impl fmt::Display for Qty {
    /// Up to 3 decimals, trailing zeros dropped: `300`, `14.85`, `0.001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let milli = div_round(self.0, QTY_SCALE / 1000);
        let whole = group_thousands((milli / 1000) as u64);
        let frac = milli % 1000;
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            let text = format!("{frac:03}");
            write!(f, "{whole}.{}", text.trim_end_matches('0'))
        }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_list_decimals_are_read_exactly() {
        assert_eq!(Price::from_decimal("0.0160000000"), Some(Price(16_000)));
        assert_eq!(Price::from_decimal("0.0133000000"), Some(Price(13_300)));
        assert_eq!(Price::from_decimal("6.0000000000"), Some(Price(6_000_000)));
        assert_eq!(Price::from_decimal("0.30"), Some(Price(300_000)));
        assert_eq!(Price::from_decimal("12"), Some(Price(12_000_000)));
        assert_eq!(Price::from_decimal("0.0000000000"), Some(Price(0)));
        for bad in [
            "",
            ".5",
            "-0.3",
            "0.0000001",
            "1e-3",
            "0,30",
            " 0.3",
            "0.3x",
            "9999999",
        ] {
            assert_eq!(Price::from_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn half_a_cent_rounds_up_exactly() {
        // 0.75 GB × $0.30 = $0.225 exactly, which rounds half-up to $0.23; in f64 the product
        // is 0.22499999… and would round to $0.22.
        let q = Qty::from_f64(0.75).unwrap();
        let p = Price::from_dollars(0.30).unwrap();
        assert_eq!(q.times(p).cents(), Cents(23));
        // 30.15 GB × $0.30 = $9.045 -> $9.05.
        let q = Qty::from_f64(30.15).unwrap();
        assert_eq!(q.times(p).cents(), Cents(905));
    }

    #[test]
    fn prices_keep_six_decimals_and_refuse_more() {
        assert_eq!(Price::from_dollars(0.0133), Some(Price(13_300)));
        assert_eq!(Price::from_dollars(6.0), Some(Price(6_000_000)));
        assert_eq!(Price::from_dollars(0.0000001), None);
        assert_eq!(Price::from_dollars(-0.01), None);
    }

    #[test]
    fn shares_are_exact_for_whole_percentages() {
        // 45 GB × 33% = 14.85 GB.
        assert_eq!(Qty::whole(45).share(3_300), Qty(148_500_000));
    }

    #[test]
    fn display_forms() {
        assert_eq!(Cents(15660).to_string(), "$156.60");
        assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
        assert_eq!(Cents(5).to_string(), "$0.05");
        assert_eq!(Price(300_000).to_string(), "$0.30");
        assert_eq!(Price(13_300).to_string(), "$0.0133");
        assert_eq!(Price(6_000_000).to_string(), "$6.00");
        assert_eq!(Qty::whole(2000).to_string(), "2,000");
        assert_eq!(Qty(148_500_000).to_string(), "14.85");
    }
}
