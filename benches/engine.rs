//! The classic hold model on the engine and on a bare `BinaryHeap`: pop the
//! earliest event, schedule one successor an Exp(1) later, with the pending
//! set held at 16 and at 1000 events. Both draw from the same pre-generated
//! ring of Exp(1) gaps, so the difference is the engine's own overhead
//! (sequence numbers, cancellation check, counting, model dispatch).

use astromine::engine::rng::Streams;
use astromine::engine::{Engine, Model};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand_distr::{Distribution, Exp1};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::hint::black_box;

const HOLDS: u64 = 100_000;
const RING: usize = 1 << 12;

fn gaps() -> Vec<f64> {
    let mut rng = Streams::new(1, 0).stream(0u64);
    (0..RING).map(|_| Exp1.sample(&mut rng)).collect()
}

/// Reschedules every event it handles, until `left` reaches zero.
struct Hold<'a> {
    gaps: &'a [f64],
    next: usize,
    left: u64,
}

impl Model for Hold<'_> {
    type Event = u32;
    type Error = astromine::engine::ScheduleError;

    fn handle(&mut self, ev: u32, engine: &mut Engine<u32>) -> Result<(), Self::Error> {
        let gap = self.gaps[self.next];
        self.next = (self.next + 1) & (RING - 1);
        engine.schedule_in(gap, ev)?;
        self.left -= 1;
        if self.left == 0 {
            engine.stop();
        }
        Ok(())
    }
}

/// The floor: a min-heap entry with nothing but a time and a payload.
struct Bare {
    time: f64,
    ev: u32,
}

impl PartialEq for Bare {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Bare {}
impl PartialOrd for Bare {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Bare {
    fn cmp(&self, other: &Self) -> Ordering {
        other.time.total_cmp(&self.time)
    }
}

fn hold(c: &mut Criterion) {
    let gaps = gaps();
    let mut group = c.benchmark_group("hold");
    group.throughput(Throughput::Elements(HOLDS));
    for size in [16usize, 1000] {
        group.bench_with_input(BenchmarkId::new("engine", size), &size, |b, &size| {
            b.iter_batched_ref(
                || {
                    let mut engine = Engine::with_capacity(size + 1);
                    for i in 0..size {
                        engine.schedule_at(gaps[i % RING], i as u32).unwrap();
                    }
                    engine
                },
                |engine| {
                    let mut model = Hold {
                        gaps: &gaps,
                        next: size % RING,
                        left: HOLDS,
                    };
                    engine.run(&mut model).unwrap();
                    black_box(engine.now())
                },
                BatchSize::SmallInput,
            );
        });
        group.bench_with_input(BenchmarkId::new("binary_heap", size), &size, |b, &size| {
            b.iter_batched_ref(
                || {
                    let mut heap = BinaryHeap::with_capacity(size + 1);
                    for i in 0..size {
                        heap.push(Bare {
                            time: gaps[i % RING],
                            ev: i as u32,
                        });
                    }
                    heap
                },
                |heap| {
                    let mut next = size % RING;
                    let mut now = 0.0;
                    for _ in 0..HOLDS {
                        let Some(e) = heap.pop() else { break };
                        now = e.time;
                        heap.push(Bare {
                            time: now + gaps[next],
                            ev: e.ev,
                        });
                        next = (next + 1) & (RING - 1);
                    }
                    black_box(now)
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, hold);
criterion_main!(benches);
