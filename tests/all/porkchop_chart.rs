//! The porkchop exports: porkchop.csv (its exact header, a row per
//! departure day, numbers that parse back to the porkchop's, dated empty
//! rows for days without a transfer) and the porkchop chart (a PNG of the
//! charts' size with real content, a well-formed SVG, the same bytes every
//! time), on small Bennu spans.

use astromine::orbit::catalog::target;
use astromine::orbit::date::Date;
use astromine::orbit::porkchop::{Arrival, FLIGHT_STEP_DAYS, Leg, Porkchop, Span, porkchop};
use astromine::report::charts::{PorkchopChart, render_porkchop};
use astromine::report::porkchop_csv::{HEADER, write_porkchop_csv};
use std::collections::HashSet;
use std::path::Path;

const CAPTURE: Leg = Leg::Return(Arrival::Capture {
    perigee_km: 6678.0,
    apogee_km: 384_400.0,
});

/// Direct entry at v∞ ≤ 2 km/s: from 2030-02-05, Bennu's returns meet the
/// limit for 15 days, then for none.
const SLOW_ENTRY: Leg = Leg::Return(Arrival::Entry {
    max_vinf_m_s: 2000.0,
});

/// Bennu's porkchop of `leg` over `days` departure days from `first`,
/// flight times 150 to 1200 days, up to one revolution.
fn bennu(leg: &Leg, first: &str, days: u32) -> Porkchop {
    let span = Span {
        first_departure_jd: Date::parse(first).unwrap().jd(),
        departure_days: days,
        min_flight_days: 150,
        max_flight_days: 1200,
        flight_step_days: FLIGHT_STEP_DAYS,
        max_revolutions: 1,
    };
    porkchop(&target("bennu").unwrap().orbit, leg, &span).unwrap()
}

/// The records of the CSV at `path` after checking its header.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, HEADER);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn porkchop_csv_has_a_row_per_day_with_numbers_that_parse_back() {
    let pc = bennu(&CAPTURE, "2030-01-01", 30);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("porkchop.csv");
    write_porkchop_csv(&path, &pc).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(
        "departure_date,flight_days,revolutions,departure_dv_m_s,arrival_vinf_m_s,total_dv_m_s\n"
    ));
    let rows = csv_rows(&path);
    assert_eq!(rows.len(), 30);
    for (day, (row, best)) in rows.iter().zip(pc.best()).enumerate() {
        let best = best.expect("a capture transfer every day");
        let date = Date::parse(&row[0]).unwrap();
        assert_eq!(date.jd(), pc.first_departure_jd() + day as f64, "{row:?}");
        assert_eq!(row[1].parse::<u32>().unwrap(), best.flight_days);
        assert_eq!(row[2].parse::<u32>().unwrap(), best.revolutions);
        let speeds = [
            best.departure_dv_m_s,
            best.arrival_vinf_m_s,
            best.total_dv_m_s,
        ];
        for (text, exact) in row[3..].iter().zip(speeds) {
            let (whole, tenths) = text.split_once('.').expect("one decimal");
            assert_eq!(tenths.len(), 1, "{text}");
            assert!(!whole.is_empty());
            let value: f64 = text.parse().unwrap();
            assert!((value - exact).abs() <= 0.05 + 1e-9, "{text} for {exact}");
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn porkchop_csv_dates_a_day_without_transfer_and_leaves_it_empty() {
    let pc = bennu(&SLOW_ENTRY, "2030-02-05", 30);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("porkchop.csv");
    write_porkchop_csv(&path, &pc).unwrap();
    let rows = csv_rows(&path);
    assert_eq!(rows.len(), 30);
    let first = Date::parse("2030-02-05").unwrap();
    let mut empty = 0;
    for (day, (row, best)) in rows.iter().zip(pc.best()).enumerate() {
        assert_eq!(row[0], first.plus_days(day as i64).unwrap().to_string());
        match best {
            Some(t) => assert_eq!(row[1], t.flight_days.to_string()),
            None => {
                assert_eq!(row[1..], ["", "", "", "", ""], "day {day}");
                empty += 1;
            }
        }
    }
    assert!(
        0 < empty && empty < 30,
        "{empty} empty days: mixed expected"
    );
}

/// Renders `chart` into `dir`; checks the PNG (1200×800, more than a
/// handful of colours) and the SVG (parses, an <svg> root with text);
/// returns both files' bytes.
fn render_and_check(chart: &PorkchopChart<'_>, dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let reference = render_porkchop(chart, "bennu-return", dir).unwrap();
    assert_eq!(reference.stem, "porkchop");
    assert!(reference.title.starts_with("porkchop — return from Bennu"));
    let png_path = dir.join("porkchop.png");
    let img = image::open(&png_path).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1200, 800));
    let colours: HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 8, "only {} colours: blank?", colours.len());
    let svg = std::fs::read_to_string(dir.join("porkchop.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(svg.contains("<text") && svg.contains("flight time (days)"));
    assert_eq!(svg, reference.svg);
    (std::fs::read(&png_path).unwrap(), svg.into_bytes())
}

#[test]
fn porkchop_chart_is_a_png_and_svg_of_the_chart_size_and_the_same_bytes_twice() {
    let pc = bennu(&CAPTURE, "2030-01-01", 90);
    let limit = 3200.0;
    let windows = pc.windows(limit);
    assert!(!windows.is_empty(), "the chart should show a window");
    let chart = PorkchopChart {
        porkchop: &pc,
        windows: &windows,
        leg: CAPTURE,
        target: "Bennu".to_owned(),
        max_total_dv_m_s: Some(limit),
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = render_and_check(&chart, &a.path().join("charts"));
    let second = render_and_check(&chart, &b.path().join("charts"));
    assert!(first == second, "rendering is deterministic");
    let svg = String::from_utf8(first.1).unwrap();
    let best = windows[0].best;
    let date = Date::from_jd(best.departure_jd).unwrap().to_string();
    assert!(svg.contains(&date), "the window's best is labelled {date}");
}

#[test]
fn porkchop_chart_renders_days_and_spans_without_transfers() {
    let dir = tempfile::tempdir().unwrap();
    for (leg, days) in [
        (SLOW_ENTRY, 30),
        (Leg::Return(Arrival::Entry { max_vinf_m_s: 1.0 }), 10),
    ] {
        let pc = bennu(&leg, "2030-02-05", days);
        let chart = PorkchopChart {
            porkchop: &pc,
            windows: &[],
            leg,
            target: "Bennu".to_owned(),
            max_total_dv_m_s: None,
        };
        let (_, svg) = render_and_check(&chart, dir.path());
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.contains("no transfer"), "the key names empty cells");
    }
}
