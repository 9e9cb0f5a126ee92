//! One replication of the shipped reference scenarios, single-threaded:
//! replications per second, and events per second over the same
//! replications. `baseline` takes its geometry and windows from Bennu's
//! orbit; `fixed-windows` is the same mission with a fixed Earth distance
//! and a fixed yearly window pattern, so the two show what the orbit costs
//! per replication (its tables are computed once, before the timing).

use astromine::model::{Prepared, simulate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const RUNS: u64 = 20;

fn bench(c: &mut Criterion, name: &str, text: &str) {
    let scenario = astromine::scenario::parse(text, name).expect("the scenario is valid");
    let prepared = Prepared::new(&scenario).expect("the orbit tables compute");
    let seed = scenario.monte_carlo.seed;
    let replications = || {
        (0..RUNS)
            .map(|k| {
                simulate(&prepared, seed, k)
                    .expect("simulates")
                    .metrics
                    .events
            })
            .sum::<f64>()
    };
    let events = replications() as u64;
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(RUNS));
    group.bench_function("replications", |b| b.iter(|| black_box(replications())));
    group.throughput(Throughput::Elements(events));
    group.bench_function("events", |b| b.iter(|| black_box(replications())));
    group.finish();
}

fn mission(c: &mut Criterion) {
    bench(c, "baseline", include_str!("../scenarios/baseline.toml"));
    bench(
        c,
        "fixed-windows",
        include_str!("../scenarios/fixed-windows.toml"),
    );
}

criterion_group!(benches, mission);
criterion_main!(benches);
