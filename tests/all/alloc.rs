//! The per-event path allocates nothing: a replication's allocations are a
//! fixed set-up cost, not proportional to its events. Counted per thread so
//! tests running alongside do not interfere.

use crate::support::{FIXED, edit, scenario};
use astromine::model::{simulate, simulate_traced};
use astromine::report::trace::TraceWriter;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    /// Bytes allocated and not yet freed by this thread, and their peak.
    static LIVE: Cell<(i64, i64)> = const { Cell::new((0, 0)) };
}

/// Counts an allocation of `grow` bytes (negative when freeing).
fn account(grow: i64, count: bool) {
    if count {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
    }
    let _ = LIVE.try_with(|l| {
        let (live, peak) = l.get();
        l.set((live + grow, peak.max(live + grow)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        account(layout.size() as i64, true);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        account(-(layout.size() as i64), false);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        account(new_size as i64 - layout.size() as i64, true);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn a_replication_allocates_a_fixed_amount_whatever_its_length() {
    let s = crate::support::prepared(&scenario(FIXED));
    let mut worst = 0;
    let mut events = 0.0;
    for k in 0..30 {
        let before = allocations();
        let r = simulate(&s, 77, k).unwrap();
        worst = worst.max(allocations() - before);
        events += r.metrics.events;
    }
    // Tens of thousands of events per replication, a few dozen allocations
    // (robots, queues, heap growth).
    assert!(
        events / 30.0 > 5_000.0,
        "replications too short to tell: {events}"
    );
    assert!(worst <= 64, "{worst} allocations in one replication");
}

#[test]
fn a_trace_is_streamed_not_held() {
    // `trace` once kept every event: 39 M events took 5.5 GB.
    let s = scenario(&edit(
        FIXED,
        &[
            ("robots = 4", "robots = 40"),
            ("batch_kg = 500", "batch_kg = 20"),
            ("throughput_kg_h = 150", "throughput_kg_h = 15000"),
        ],
    ));
    let start = LIVE.with(Cell::get).0;
    LIVE.with(|l| l.set((start, start)));
    let mut sink = TraceWriter::csv(std::io::sink());
    let r = simulate_traced(&crate::support::prepared(&s), 3, 0, &mut sink).unwrap();
    sink.finish().unwrap();
    let peak = LIVE.with(Cell::get).1 - start;
    // Holding the events would take tens of bytes each.
    assert!(r.metrics.events > 100_000.0, "{} events", r.metrics.events);
    assert!(
        peak < 2_000_000,
        "peak {peak} bytes for {} events",
        r.metrics.events
    );
}
