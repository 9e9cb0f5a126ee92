//! The mission geometry chart from a real orbit: written as PNG and SVG of
//! the other charts' size, the same bytes on every render, and drawn as
//! well with no windows, no departures and no arrival.

use astromine::orbit::catalog::target;
use astromine::orbit::date::Date;
use astromine::orbit::geometry::geometry_table;
use astromine::report::charts::{GeometryChart, render_geometry};
use std::collections::HashSet;
use std::path::Path;

/// Six years of Bennu from a 2031-06-15 launch, with two made-up windows
/// and a departure in each.
fn bennu_chart() -> GeometryChart {
    let launch = Date::parse("2031-06-15").unwrap();
    let to = launch.plus_days(6 * 365).unwrap();
    let orbit = &target("bennu").unwrap().orbit;
    GeometryChart {
        target: "Bennu".to_owned(),
        launch,
        days: geometry_table(orbit, launch, to, 1, 3.0).unwrap(),
        array_kw_1au: 40.0,
        arrival_day: Some(700.0),
        windows: vec![(1380.0, 1460.0), (1790.0, 1850.0)],
        departures: vec![(1420.5, 100_000.0), (1810.25, 95_400.0)],
        horizon_day: 2190.0,
    }
}

/// Renders `chart` into `dir`; returns the PNG and SVG bytes after
/// checking the PNG's size and that it is not blank and the SVG parses.
fn render(chart: &GeometryChart, dir: &Path) -> (Vec<u8>, Vec<u8>) {
    render_geometry(chart, "baseline", dir).unwrap();
    let png = std::fs::read(dir.join("geometry.png")).unwrap();
    let svg = std::fs::read(dir.join("geometry.svg")).unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1200, 800));
    let colours: HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 8, "only {} colours: blank?", colours.len());
    let text = std::str::from_utf8(&svg).unwrap();
    let doc = roxmltree::Document::parse(text).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    (png, svg)
}

#[test]
fn the_geometry_chart_is_written_at_the_charts_size_with_its_title_and_axes() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let chart = bennu_chart();
    assert_eq!(chart.days.len(), 6 * 365 + 1);
    let (_, svg) = render(&chart, &charts);
    let svg = String::from_utf8(svg).unwrap();
    for text in [
        "baseline: mission geometry — Bennu, launch 2031-06-15",
        "Earth distance Δ (au)",
        "One-way light time (min)",
        "Sun distance r (au)",
        "Array power at r (kW)",
        "Mission day (days since launch)",
        "solar conjunction (no contact)",
        "departure window",
        "return 1: 100.0 t",
        "return 2: 95.4 t",
        "2033",
    ] {
        assert!(svg.contains(text), "no {text:?} in the SVG");
    }
}

#[test]
fn the_geometry_chart_has_the_same_bytes_on_a_second_render() {
    let dir = tempfile::tempdir().unwrap();
    let chart = bennu_chart();
    let first = render(&chart, &dir.path().join("a"));
    let second = render(&chart, &dir.path().join("b"));
    assert!(first == second, "a second render differs");
}

#[test]
fn the_geometry_chart_draws_without_windows_departures_or_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let chart = GeometryChart {
        windows: Vec::new(),
        departures: Vec::new(),
        arrival_day: None,
        ..bennu_chart()
    };
    let (_, svg) = render(&chart, dir.path());
    let svg = String::from_utf8(svg).unwrap();
    assert!(!svg.contains("departure window") && !svg.contains("return 1"));
    let empty = GeometryChart {
        days: Vec::new(),
        ..chart
    };
    let (_, svg) = render(&empty, dir.path());
    assert!(
        String::from_utf8(svg)
            .unwrap()
            .contains("No orbit geometry to show")
    );
}
