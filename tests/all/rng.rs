//! Random streams: independence from draw order, distinctness, and golden
//! values that catch a dependency upgrade changing the numbers.

use astromine::engine::rng::Streams;
use astromine::model::Subsystem;
use astromine::scenario::Dist;
use rand::Rng;
use rand_distr::Distribution;
use std::collections::HashSet;

fn first_values(streams: &Streams, id: Subsystem, n: usize) -> Vec<u64> {
    let mut rng = streams.stream(id);
    (0..n).map(|_| rng.next_u64()).collect()
}

#[test]
fn a_stream_does_not_depend_on_other_streams_drawn_first() {
    let s = Streams::new(42, 3);
    let alone = first_values(&s, Subsystem::Dust, 16);
    let mut other = s.stream(Subsystem::Drilling);
    for _ in 0..10_000 {
        other.next_u64();
    }
    let _world = first_values(&s, Subsystem::World, 100);
    assert_eq!(first_values(&s, Subsystem::Dust, 16), alone);
}

#[test]
fn every_replication_and_subsystem_gets_its_own_stream() {
    let mut seen = HashSet::new();
    for k in 0..200 {
        let s = Streams::new(20261121, k);
        for id in Subsystem::ALL {
            let v = first_values(&s, id, 2);
            assert!(seen.insert(v), "stream (k={k}, {id:?}) repeats another");
        }
    }
    // A different master seed gives different streams too.
    let a = first_values(&Streams::new(1, 0), Subsystem::World, 2);
    let b = first_values(&Streams::new(2, 0), Subsystem::World, 2);
    assert_ne!(a, b);
}

#[test]
fn stream_values_are_pinned() {
    let s = Streams::new(20261121, 0);
    assert_eq!(
        first_values(&s, Subsystem::World, 3),
        GOLDEN_WORLD,
        "ChaCha8 stream derivation changed: every published result would change"
    );
    let s = Streams::new(1, 7);
    assert_eq!(first_values(&s, Subsystem::Anchoring, 3), GOLDEN_ANCHORING);
}

#[test]
fn sampled_values_are_pinned() {
    let s = Streams::new(20261121, 5);
    let forms = [
        "{ uniform = [0.8, 2.2] }",
        "{ triangular = [3.0, 8.0, 12.0] }",
        "{ pert = [12, 48, 240] }",
        "{ normal = { mean = 600, sd = 20, min = 500 } }",
        "{ lognormal = { median = 3.0, sigma = 1.5 } }",
        "{ weibull = { shape = 1.8, scale = 1200 } }",
        "{ exponential = { mean = 1500 } }",
        "{ beta = { alpha = 2, beta = 5 } }",
    ];
    let mut rng = s.stream(Subsystem::World);
    let got: Vec<String> = forms
        .iter()
        .map(|f| {
            let dist: Dist = toml::from_str::<Wrapper>(&format!("v = {f}")).unwrap().v;
            format!("{:.9}", dist.sampler().sample(&mut rng))
        })
        .collect();
    assert_eq!(
        got, GOLDEN_SAMPLES,
        "a sampler or the uniform draw changed its values"
    );
}

#[derive(serde::Deserialize)]
struct Wrapper {
    v: Dist,
}

const GOLDEN_WORLD: [u64; 3] = [
    11048480374653246795,
    14814722658868197063,
    16834920760603286925,
];
const GOLDEN_ANCHORING: [u64; 3] = [
    12219201363103205253,
    251533656115730445,
    8838517269223075755,
];
const GOLDEN_SAMPLES: [&str; 8] = [
    "1.444181342",
    "7.703546149",
    "25.875037384",
    "592.142407788",
    "3.219338948",
    "665.086996471",
    "2350.537033015",
    "0.064864952",
];
