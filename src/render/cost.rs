//! The cost estimate as text: the chosen configuration line by line, a comparison with the
//! alternatives, the assumptions and the price table's provenance.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use crate::cost::money::Cents;
use crate::cost::prices::{TableInfo, LIVE_ORIGIN};
use crate::cost::{CostReport, Estimate, Kind};

fn table(header: &[&str], right_from: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().map(Cell::new));
    for i in right_from..header.len() {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// The whole cost section.
pub fn report(r: &CostReport) -> String {
    let mut out = String::new();
    let Some(chosen) = r.estimates.first() else {
        out.push_str(&format!(
            "Monthly cost: {}\n",
            r.note.as_deref().unwrap_or("no estimate")
        ));
        return out;
    };
    out.push_str(&format!(
        "Monthly cost estimate in {} for {} (USD):\n",
        r.region, chosen.label
    ));
    out.push_str(&lines(chosen));
    out.push_str(&format!(
        "Compared with the alternatives (USD per month):\n{}",
        comparison(&r.estimates)
    ));
    out.push_str("Assumptions:\n");
    for a in &r.assumptions {
        out.push_str(&format!("  - {a}\n"));
    }
    for e in &r.estimates {
        for n in &e.notes {
            out.push_str(&format!("  - {}: {n}\n", e.label));
        }
    }
    out.push_str(&provenance(&r.price_table));
    out
}

/// Where the prices came from, on one line.
fn provenance(t: &TableInfo) -> String {
    if t.origin == LIVE_ORIGIN {
        format!(
            "Prices: {LIVE_ORIGIN}, published {}; source: {}\n",
            t.date, t.source
        )
    } else {
        format!(
            "Prices: {} table dated {}; source: {}\n",
            t.origin, t.date, t.source
        )
    }
}

/// One estimate, line by line, with its total.
pub fn lines(e: &Estimate) -> String {
    let mut t = table(&["Item", "Quantity", "Unit price", "Monthly"], 1);
    for l in &e.lines {
        t.add_row(vec![
            l.item.clone(),
            format!("{} {}", l.quantity, l.unit),
            l.unit_price.to_string(),
            l.amount.to_string(),
        ]);
    }
    t.add_row(vec![
        "Total".to_string(),
        String::new(),
        String::new(),
        e.total.to_string(),
    ]);
    format!("{t}\n")
}

/// One row per scenario: subtotals by kind, total, and the difference from the choice.
pub fn comparison(estimates: &[Estimate]) -> String {
    let Some(chosen) = estimates.iter().find(|e| e.chosen) else {
        return String::new();
    };
    let mut t = table(
        &[
            "Option",
            "Storage",
            "Throughput",
            "Access & tiering",
            "Total",
            "vs chosen",
        ],
        1,
    );
    for e in estimates {
        let label = if e.chosen {
            format!("{} (chosen)", e.label)
        } else {
            e.label.clone()
        };
        let delta = if e.chosen {
            "-".to_string()
        } else {
            signed(Cents(e.total.0 - chosen.total.0))
        };
        t.add_row(vec![
            label,
            e.subtotal(Kind::Storage).to_string(),
            e.subtotal(Kind::Throughput).to_string(),
            e.subtotal(Kind::Access).to_string(),
            e.total.to_string(),
            delta,
        ]);
    }
    format!("{t}\n")
}

fn signed(c: Cents) -> String {
    if c.0 > 0 {
        format!("+{c}")
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::money::Qty;
    use crate::cost::prices::PriceTable;
    use crate::cost::{self, Usage};
    use crate::model::FileSystemSpec;
    use crate::model::{PerformanceMode, Throughput};

    fn sample(region: &str) -> CostReport {
        let fs = FileSystemSpec {
            performance_mode: PerformanceMode::GeneralPurpose,
            throughput: Throughput::Elastic,
            kms_key: None,
            one_zone: None,
            backup: true,
            lifecycle: crate::model::Lifecycle {
                transition_to_ia: crate::model::TransitionDays::new(30),
                transition_to_archive: crate::model::TransitionDays::new(90),
                transition_to_primary_on_first_access: false,
            },
            replica: None,
        };
        let usage = Usage {
            storage_gb: Qty::whole(500),
            ia_bp: 6000,
            archive_bp: 0,
            read_gb: Qty::whole(2000),
            write_gb: Qty::whole(300),
            defaulted: vec![],
        };
        cost::report(&PriceTable::embedded(), region, &fs, &usage)
    }

    #[test]
    fn lines_table_shows_each_line_and_the_total() {
        let text = report(&sample("us-east-1"));
        assert!(text.contains("Regional, Elastic"), "{text}");
        for needle in [
            "Standard storage",
            "200 GB-month",
            "$0.30",
            "$60.00",
            "300 GB-month",
            "$0.016",
            "$4.80",
            "Infrequent Access reads",
            "1,200 GB",
            "$156.60",
            "One Zone, Elastic",
            "$127.79",
            "-$28.81",
            "Regional, Bursting",
            "$81.30",
            "-$75.30",
            "in proportion",
            "built-in table dated",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }

    #[test]
    fn live_prices_name_the_price_list_api_and_its_publication_date() {
        let mut r = sample("us-east-1");
        r.price_table = TableInfo {
            origin: LIVE_ORIGIN.to_string(),
            date: "2025-11-03".to_string(),
            source: "GetProducts, service code AmazonEFS, regionCode us-east-1".to_string(),
            currency: "USD".to_string(),
        };
        let text = report(&r);
        assert!(
            text.contains("Prices: AWS Price List API, published 2025-11-03; source: GetProducts"),
            "{text}"
        );
        assert!(!text.contains("table dated"), "{text}");
    }

    #[test]
    fn uncovered_region_prints_the_note_instead_of_numbers() {
        let text = report(&sample("ap-south-2"));
        assert!(text.contains("no prices for ap-south-2"), "{text}");
        assert!(!text.contains('$'), "{text}");
    }
}
