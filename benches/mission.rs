//! One replication of the baseline scenario, single-threaded: replications
//! per second, and events per second over the same replications.

use astromine::model::simulate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const RUNS: u64 = 20;

fn mission(c: &mut Criterion) {
    let scenario = astromine::scenario::parse(
        include_str!("../scenarios/baseline.toml"),
        "scenarios/baseline.toml",
    )
    .expect("the baseline is valid");
    let seed = scenario.monte_carlo.seed;
    let replications = || {
        (0..RUNS)
            .map(|k| {
                simulate(&scenario, seed, k)
                    .expect("simulates")
                    .metrics
                    .events
            })
            .sum::<f64>()
    };
    let events = replications() as u64;
    let mut group = c.benchmark_group("baseline");
    group.throughput(Throughput::Elements(RUNS));
    group.bench_function("replications", |b| b.iter(|| black_box(replications())));
    group.throughput(Throughput::Elements(events));
    group.bench_function("events", |b| b.iter(|| black_box(replications())));
    group.finish();
}

criterion_group!(benches, mission);
criterion_main!(benches);
