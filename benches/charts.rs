//! Rendering every chart (PNG and SVG) for a batch of 10^5 replications,
//! and the porkchop chart of a 2,000-day Bennu return span (132 flight
//! times a day). Target for the porkchop: well under 1 s.

use astromine::aggregate::Tally;
use astromine::engine::rng::Streams;
use astromine::model::record::Metric;
use astromine::model::trace::TraceEvent;
use astromine::model::{Metrics, Outcome, RunRecord, simulate_traced};
use astromine::orbit::catalog::target;
use astromine::orbit::date::Date;
use astromine::orbit::porkchop::{Arrival, FLIGHT_STEP_DAYS, Leg, Span, porkchop};
use astromine::report::charts::{
    ChartData, FailureSeries, PorkchopChart, Timeline, render_all, render_porkchop,
};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::RngExt;

const RUNS: u64 = 100_000;

fn charts(c: &mut Criterion) {
    let scenario =
        astromine::scenario::parse(include_str!("../scenarios/baseline.toml"), "baseline")
            .expect("the baseline is valid");
    let mut rng = Streams::new(3, 0).stream(0u64);
    let mut tally = Tally::with_capacity(RUNS as usize);
    for run in 0..RUNS {
        let delivered = if rng.random::<f64>() < 0.1 {
            0.0
        } else {
            rng.random::<f64>() * 2e5
        };
        let metrics = Metrics {
            delivered_kg: delivered,
            npv_usd: delivered * 2000.0 * 0.6 - 2.5e8 * rng.random::<f64>(),
            bit_failures: (rng.random::<f64>() * 80.0).floor(),
            robot_faults: (rng.random::<f64>() * 60.0).floor(),
            ..Metrics::default()
        };
        let outcome = if delivered > 0.0 {
            Outcome::Success
        } else {
            Outcome::PlantFailure
        };
        tally.push(&RunRecord {
            run,
            outcome,
            metrics,
        });
    }
    let column = |metric| tally.column(metric).to_vec();
    let (delivered, npv, bits, faults) = (
        column(Metric::DeliveredKg),
        column(Metric::NpvUsd),
        column(Metric::BitFailures),
        column(Metric::RobotFaults),
    );
    let summary = tally.finish("bench", 3);
    let mut events: Vec<TraceEvent> = Vec::new();
    let prepared = astromine::model::Prepared::new(&scenario).expect("prepares");
    let record = simulate_traced(&prepared, 3, 7, &mut events).expect("simulates");
    let data = ChartData {
        summary: &summary,
        delivered,
        npv,
        failures: vec![
            FailureSeries {
                label: "bit failures",
                unit: "per run",
                values: bits,
            },
            FailureSeries {
                label: "robot faults",
                unit: "per run",
                values: faults,
            },
        ],
        timeline: Some(Timeline::from_trace(7, record, &events)),
        geometry: None,
    };
    let dir = std::env::temp_dir().join("astromine-chart-bench");
    let mut group = c.benchmark_group("charts");
    group.sample_size(10);
    group.bench_function("render_all_1e5_runs", |b| {
        b.iter(|| render_all(&data, &dir).expect("renders"))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn porkchop_chart(c: &mut Criterion) {
    let leg = Leg::Return(Arrival::Capture {
        perigee_km: 6678.0,
        apogee_km: 384_400.0,
    });
    let span = Span {
        first_departure_jd: Date::parse("2030-01-01").expect("a date").jd(),
        departure_days: 2000,
        min_flight_days: 150,
        max_flight_days: 1200,
        flight_step_days: FLIGHT_STEP_DAYS,
        max_revolutions: 1,
    };
    let bennu = &target("bennu").expect("bennu is in the catalog").orbit;
    let pc = porkchop(bennu, &leg, &span).expect("a porkchop");
    let windows = pc.windows(3000.0);
    let chart = PorkchopChart {
        porkchop: &pc,
        windows: &windows,
        leg,
        target: "Bennu".to_owned(),
        max_total_dv_m_s: Some(3000.0),
    };
    let dir = std::env::temp_dir().join("astromine-porkchop-bench");
    let mut group = c.benchmark_group("charts");
    group.sample_size(10);
    group.bench_function("porkchop_2000_days", |b| {
        b.iter(|| render_porkchop(&chart, "bench", &dir).expect("renders"))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, charts, porkchop_chart);
criterion_main!(benches);
