//! The return porkchop of Bennu over a 6-year departure span, one core:
//! flight times 150 to 1200 days (coarse step 8 days, refined day by day
//! around each revolution count's best), up to one revolution, capture at
//! the Earth. Target: under 1 s.

use astromine::orbit::catalog::target;
use astromine::orbit::date::Date;
use astromine::orbit::porkchop::{Arrival, FLIGHT_STEP_DAYS, Leg, Span, porkchop};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn return_porkchop(c: &mut Criterion) {
    let bennu = &target("bennu").expect("bennu is in the catalog").orbit;
    let leg = Leg::Return(Arrival::Capture {
        perigee_km: 6678.0,
        apogee_km: 384_400.0,
    });
    let span = Span {
        first_departure_jd: Date::parse("2030-01-01").expect("a date").jd(),
        departure_days: 6 * 365 + 2,
        min_flight_days: 150,
        max_flight_days: 1200,
        flight_step_days: FLIGHT_STEP_DAYS,
        max_revolutions: 1,
    };
    let mut group = c.benchmark_group("porkchop");
    group.sample_size(10);
    group.bench_function("bennu_return_6_years", |b| {
        b.iter(|| black_box(porkchop(bennu, &leg, &span).expect("a porkchop")))
    });
    group.finish();
}

criterion_group!(benches, return_porkchop);
criterion_main!(benches);
