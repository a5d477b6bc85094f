//! The cost model against figures computed by hand from the us-east-1 prices in
//! `prices/efs-prices.yaml`. Each test writes its arithmetic out so a reviewer can check it to
//! the cent without running anything.

use super::money::{Cents, Qty};
use super::prices::PriceTable;
use super::*;
use crate::model::{PerformanceMode, Throughput};

fn usage(storage: i64, ia_pct: u32, archive_pct: u32, read: i64, write: i64) -> Usage {
    Usage {
        storage_gb: Qty::whole(storage),
        ia_bp: ia_pct * 100,
        archive_bp: archive_pct * 100,
        read_gb: Qty::whole(read),
        write_gb: Qty::whole(write),
        defaulted: Vec::new(),
    }
}

fn fs(one_zone: bool, throughput: Throughput) -> FileSystemSpec {
    FileSystemSpec {
        performance_mode: PerformanceMode::GeneralPurpose,
        throughput,
        kms_key: None,
        one_zone: one_zone.then(|| "us-east-1a".to_string()),
        backup: true,
        lifecycle: crate::model::Lifecycle {
            transition_to_ia: crate::model::TransitionDays::new(30),
            transition_to_archive: crate::model::TransitionDays::new(90),
            transition_to_primary_on_first_access: false,
        },
        replica: None,
    }
}

fn lines(e: &Estimate) -> Vec<(String, Cents)> {
    e.lines.iter().map(|l| (l.item.clone(), l.amount)).collect()
}

fn row(item: &str, cents: i64) -> (String, Cents) {
    (item.to_string(), Cents(cents))
}

fn us_east_1() -> RegionPrices {
    *PriceTable::embedded().region("us-east-1").unwrap()
}

/// The example: 500 GB, 60% IA, 2000 GB read and 300 GB written a month.
fn example() -> Usage {
    usage(500, 60, 0, 2000, 300)
}

const REGIONAL_ELASTIC: Scenario = Scenario {
    file_system: FsType::Regional,
    throughput: Mode::Elastic,
};

#[test]
fn regional_elastic_example() {
    let e = estimate(REGIONAL_ELASTIC, &example(), &us_east_1(), true);
    assert_eq!(
        lines(&e),
        [
            row("Standard storage", 6000), // 500 × 40% = 200 GB × $0.30  = $60.00
            row("Infrequent Access storage", 480), // 500 × 60% = 300 GB × $0.016 = $4.80
            row("Elastic throughput reads", 6000), // 2000 GB × $0.03 = $60.00
            row("Elastic throughput writes", 1800), // 300 GB × $0.06  = $18.00
            row("Infrequent Access reads", 1200), // 2000 × 60% = 1200 GB × $0.01 = $12.00
            row("Tiering into Infrequent Access", 180), // 300 × 60% = 180 GB × $0.01 = $1.80
        ]
    );
    // 60.00 + 4.80 + 60.00 + 18.00 + 12.00 + 1.80 = 156.60
    assert_eq!(e.total, Cents(15660));
    assert_eq!(e.subtotal(Kind::Storage), Cents(6480));
    assert_eq!(e.subtotal(Kind::Throughput), Cents(7800));
    assert_eq!(e.subtotal(Kind::Access), Cents(1380));
}

#[test]
fn one_zone_elastic_alternative() {
    let s = Scenario {
        file_system: FsType::OneZone,
        throughput: Mode::Elastic,
    };
    let e = estimate(s, &example(), &us_east_1(), false);
    assert_eq!(
        lines(&e),
        [
            row("One Zone storage", 3200),              // 200 GB × $0.16   = $32.00
            row("One Zone-IA storage", 399),            // 300 GB × $0.0133 = $3.99
            row("Elastic throughput reads", 6000),      // 2000 GB × $0.03  = $60.00
            row("Elastic throughput writes", 1800),     // 300 GB × $0.06   = $18.00
            row("Infrequent Access reads", 1200),       // 1200 GB × $0.01  = $12.00
            row("Tiering into Infrequent Access", 180), // 180 GB × $0.01   = $1.80
        ]
    );
    // 32.00 + 3.99 + 60.00 + 18.00 + 12.00 + 1.80 = 127.79
    assert_eq!(e.total, Cents(12779));
}

#[test]
fn regional_bursting_alternative_uses_the_legacy_ia_price_and_no_throughput_charge() {
    let s = Scenario {
        file_system: FsType::Regional,
        throughput: Mode::Bursting,
    };
    let e = estimate(s, &example(), &us_east_1(), false);
    assert_eq!(
        lines(&e),
        [
            row("Standard storage", 6000),              // 200 GB × $0.30  = $60.00
            row("Infrequent Access storage", 750),      // 300 GB × $0.025 = $7.50
            row("Infrequent Access reads", 1200),       // 1200 GB × $0.01 = $12.00
            row("Tiering into Infrequent Access", 180), // 180 GB × $0.01  = $1.80
        ]
    );
    // 60.00 + 7.50 + 12.00 + 1.80 = 81.30
    assert_eq!(e.total, Cents(8130));
    // Baseline: 200 GB × 50 KB/s = 10 MB/s.
    assert!(e.notes[0].contains("10 MB/s"), "{:?}", e.notes);
}

#[test]
fn provisioned_bills_only_above_the_bursting_baseline() {
    let s = Scenario {
        file_system: FsType::Regional,
        throughput: Mode::Provisioned(Qty::whole(64)),
    };
    let e = estimate(s, &example(), &us_east_1(), true);
    assert_eq!(
        lines(&e),
        [
            row("Standard storage", 6000),         // 200 GB × $0.30 = $60.00
            row("Infrequent Access storage", 750), // 300 GB × $0.025 = $7.50
            // baseline 200 GB / 20 = 10 MB/s; (64 - 10) = 54 MB/s × $6.00 = $324.00
            row(
                "Provisioned throughput (64 MB/s, less 10 MB/s Bursting baseline)",
                32400
            ),
            row("Infrequent Access reads", 1200),       // $12.00
            row("Tiering into Infrequent Access", 180), // $1.80
        ]
    );
    // 60.00 + 7.50 + 324.00 + 12.00 + 1.80 = 405.30
    assert_eq!(e.total, Cents(40530));
}

#[test]
fn provisioned_below_the_baseline_costs_nothing_extra() {
    // 2000 GB all Standard: baseline 2000 / 20 = 100 MB/s > 64 MB/s provisioned -> 0 billed.
    let s = Scenario {
        file_system: FsType::Regional,
        throughput: Mode::Provisioned(Qty::whole(64)),
    };
    let e = estimate(s, &usage(2000, 0, 0, 0, 0), &us_east_1(), true);
    let line = &e.lines[1];
    assert_eq!(line.quantity, Qty(0));
    assert_eq!(line.amount, Cents(0));
    // 2000 GB × $0.30 = $600.00
    assert_eq!(e.total, Cents(60000));
}

#[test]
fn archive_share_on_regional_elastic() {
    // 1000 GB: 20% IA = 200 GB, 50% Archive = 500 GB, 30% Standard = 300 GB; 100 GB read, 100 written.
    let e = estimate(
        REGIONAL_ELASTIC,
        &usage(1000, 20, 50, 100, 100),
        &us_east_1(),
        true,
    );
    assert_eq!(
        lines(&e),
        [
            row("Standard storage", 9000),             // 300 GB × $0.30  = $90.00
            row("Infrequent Access storage", 320),     // 200 GB × $0.016 = $3.20
            row("Archive storage", 400),               // 500 GB × $0.008 = $4.00
            row("Elastic throughput reads", 300),      // 100 GB × $0.03  = $3.00
            row("Elastic throughput writes", 600),     // 100 GB × $0.06  = $6.00
            row("Infrequent Access reads", 20),        // 20 GB × $0.01   = $0.20
            row("Archive reads", 150),                 // 50 GB × $0.03   = $1.50
            row("Tiering into Infrequent Access", 20), // 20 GB × $0.01   = $0.20
            row("Tiering into Archive", 150),          // 50 GB × $0.03   = $1.50
        ]
    );
    // 90 + 3.20 + 4.00 + 3.00 + 6.00 + 0.20 + 1.50 + 0.20 + 1.50 = 109.60
    assert_eq!(e.total, Cents(10960));
}

#[test]
fn alternatives_without_archive_price_that_share_as_ia_and_say_so() {
    let s = Scenario {
        file_system: FsType::OneZone,
        throughput: Mode::Elastic,
    };
    let e = estimate(s, &usage(1000, 20, 50, 0, 0), &us_east_1(), false);
    // One Zone: 300 GB × $0.16 = $48.00; One Zone-IA: (200 + 500) GB × $0.0133 = $9.31
    assert_eq!(
        lines(&e)[..2],
        [
            row("One Zone storage", 4800),
            row("One Zone-IA storage", 931)
        ]
    );
    assert!(e.notes[0].contains("priced as Infrequent Access"));
}

#[test]
fn half_cents_round_up_and_the_total_is_the_sum_of_displayed_lines() {
    // 45 GB, 33% IA: Standard 30.15 GB × $0.30 = $9.045 -> $9.05 (exact half-cent);
    // IA 14.85 GB × $0.016 = $0.2376 -> $0.24. Total shown: 9.05 + 0.24 = 9.29
    // (the exact sum $9.2826 would round to $9.28: the total follows the displayed lines).
    let e = estimate(
        REGIONAL_ELASTIC,
        &usage(45, 33, 0, 0, 0),
        &us_east_1(),
        true,
    );
    assert_eq!(
        lines(&e)[..2],
        [
            row("Standard storage", 905),
            row("Infrequent Access storage", 24)
        ]
    );
    assert_eq!(e.total, Cents(929));
    let shown: Cents = e.lines.iter().map(|l| l.amount).sum();
    assert_eq!(e.total, shown);
}

#[test]
fn report_has_the_choice_first_then_the_alternatives() {
    let table = PriceTable::embedded();
    let r = report(
        &table,
        "us-east-1",
        &fs(false, Throughput::Elastic),
        &example(),
    );
    let labels: Vec<&str> = r.estimates.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Regional, Elastic",
            "One Zone, Elastic",
            "Regional, Bursting"
        ]
    );
    assert!(r.estimates[0].chosen && !r.estimates[1].chosen);
    assert_eq!(r.note, None);

    let prov = fs(true, Throughput::Provisioned { mibps: 64.0 });
    let r = report(&table, "us-east-1", &prov, &example());
    let labels: Vec<&str> = r.estimates.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "One Zone, Provisioned 64 MiB/s",
            "Regional, Provisioned 64 MiB/s",
            "One Zone, Elastic",
            "One Zone, Bursting"
        ]
    );
}

#[test]
fn uncovered_region_gets_a_note_and_no_borrowed_prices() {
    let r = report(
        &PriceTable::embedded(),
        "eu-west-1",
        &fs(false, Throughput::Elastic),
        &example(),
    );
    assert!(r.estimates.is_empty());
    let note = r.note.unwrap();
    assert!(note.contains("no prices for eu-west-1"), "{note}");
    assert!(note.contains("us-east-1"), "{note}");
}

#[test]
fn usage_that_cannot_fit_the_file_system_is_bad_input() {
    let err = check_usage(&usage(100, 70, 40, 0, 0), &fs(false, Throughput::Elastic)).unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Usage);
    assert!(err.message.contains("more than 100"), "{}", err.message);

    let err = check_usage(&usage(100, 0, 10, 0, 0), &fs(true, Throughput::Elastic)).unwrap_err();
    assert!(
        err.message.contains("Archive exists only"),
        "{}",
        err.message
    );
    let err = check_usage(&usage(100, 0, 10, 0, 0), &fs(false, Throughput::Bursting)).unwrap_err();
    assert!(
        err.message.contains("Regional, Bursting"),
        "{}",
        err.message
    );

    check_usage(&usage(100, 50, 50, 0, 0), &fs(false, Throughput::Elastic)).unwrap();
}

#[test]
fn assumptions_mark_defaults_and_state_the_read_rule() {
    let mut u = usage(100, 0, 0, 0, 0);
    u.defaulted = vec!["storage-gb", "read-gb-month"];
    let a = assumptions(&u);
    assert!(a[0].starts_with("Stored: 100 GB (default)"), "{}", a[0]);
    assert!(a[1].contains("0 GB read (default)"), "{}", a[1]);
    assert!(a[2].contains("in proportion"), "{}", a[2]);
}
