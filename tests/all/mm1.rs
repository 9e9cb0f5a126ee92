//! The engine against the M/M/1 closed form: mean wait in queue
//! Wq = λ/(μ(μ−λ)) and utilisation ρ = λ/μ, each inside a 99.9% batch-means
//! interval taken from the run itself, and that interval narrow enough
//! (under 5% of the true value) that a biased engine would fall outside it.

use astromine::engine::mm1::{Mm1, Mm1Trace};
use astromine::engine::rng::Streams;
use astromine::stats::{MeanInterval, batch_means};

const BATCHES: usize = 20;
const CONFIDENCE: f64 = 0.999;

fn run(lambda: f64, mu: f64, customers: u64, seed: u64) -> Mm1Trace {
    Mm1::new(lambda, mu, customers, &Streams::new(seed, 0))
        .expect("valid rates")
        .simulate()
        .expect("the model schedules only valid times")
}

/// Batch-means interval of the utilisation: busy share of each batch's span
/// of departures, after `warmup` departures.
fn utilisation_interval(trace: &Mm1Trace, warmup: usize) -> MeanInterval {
    let d = &trace.departures[warmup..];
    let len = d.len() / BATCHES;
    let shares: Vec<f64> = (0..BATCHES)
        .map(|b| {
            let (t0, busy0) = d[b * len];
            let (t1, busy1) = d[(b + 1) * len - 1];
            (busy1 - busy0) / (t1 - t0)
        })
        .collect();
    batch_means(&shares, BATCHES, CONFIDENCE).expect("enough batches")
}

fn check(lambda: f64, mu: f64, customers: u64) {
    let trace = run(lambda, mu, customers, 7);
    let warmup = trace.waits.len() / 10;
    let wq = lambda / (mu * (mu - lambda));
    let rho = lambda / mu;

    let waits = batch_means(&trace.waits[warmup..], BATCHES, CONFIDENCE).unwrap();
    assert!(waits.contains(wq), "Wq {wq} outside {waits:?} at rho {rho}");
    assert!(
        waits.half_width() < 0.05 * wq,
        "interval too wide to test: {waits:?}"
    );

    let util = utilisation_interval(&trace, warmup);
    assert!(util.contains(rho), "rho {rho} outside {util:?}");
    assert!(
        util.half_width() < 0.05 * rho,
        "interval too wide to test: {util:?}"
    );
}

#[test]
fn mm1_at_half_load_matches_theory() {
    check(0.5, 1.0, 400_000);
}

#[test]
fn mm1_at_ninety_percent_load_matches_theory() {
    check(0.9, 1.0, 5_000_000);
}

#[test]
fn every_customer_is_served_in_arrival_order() {
    let trace = run(0.8, 1.0, 10_000, 3);
    assert_eq!(trace.waits.len(), 10_000);
    assert_eq!(trace.departures.len(), 10_000);
    assert!(trace.waits.iter().all(|&w| w >= 0.0));
    assert!(trace.departures.windows(2).all(|w| w[0].0 <= w[1].0));
}
