//! The per-event path allocates nothing: a replication's allocations are a
//! fixed set-up cost, not proportional to its events. Counted per thread so
//! tests running alongside do not interfere.

use crate::support::{BASELINE, scenario};
use astromine::model::simulate;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
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
    let s = scenario(BASELINE);
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
