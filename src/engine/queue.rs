//! The pending-event set: a binary min-heap on `(time, sequence)`.
//!
//! Event times are never negative (the clock starts at 0 and an event may
//! not be scheduled before it), and for non-negative floats the order of
//! their bit patterns is their numeric order; so `(time, sequence)` is
//! compared as a pair of integers.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One scheduled event with its firing time and insertion sequence.
#[derive(Debug)]
pub(super) struct Entry<E> {
    /// Time bits, then sequence.
    key: (u64, u64),
    pub(super) event: E,
}

impl<E> Entry<E> {
    /// An event at `time` (finite, ≥ 0) with insertion sequence `seq`.
    pub(super) fn new(time: f64, seq: u64, event: E) -> Self {
        debug_assert!(time >= 0.0 && time.is_finite(), "event time {time}");
        // Adding +0.0 turns −0.0, whose sign bit would sort it last, into +0.0.
        let bits = (time + 0.0).to_bits();
        Self {
            key: (bits, seq),
            event,
        }
    }

    pub(super) fn time(&self) -> f64 {
        f64::from_bits(self.key.0)
    }

    pub(super) fn seq(&self) -> u64 {
        self.key.1
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    /// Reversed so that `BinaryHeap`, a max-heap, yields the earliest time
    /// first and, among equal times, the lowest sequence (FIFO).
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// Events waiting to fire, earliest first.
#[derive(Debug)]
pub(super) struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
}

impl<E> EventQueue<E> {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(capacity),
        }
    }

    pub(super) fn push(&mut self, entry: Entry<E>) {
        self.heap.push(entry);
    }

    pub(super) fn pop(&mut self) -> Option<Entry<E>> {
        self.heap.pop()
    }

    pub(super) fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(Entry::time)
    }

    pub(super) fn len(&self) -> usize {
        self.heap.len()
    }

    pub(super) fn contains_seq(&self, seq: u64) -> bool {
        self.heap.iter().any(|e| e.seq() == seq)
    }

    pub(super) fn clear(&mut self) {
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packed_key_orders_by_time_then_sequence() {
        let times = [3.5, 0.0, -0.0, 1e-310, 1e300, 2.0, 0.0, 3.5];
        let mut q = EventQueue::with_capacity(0);
        for (seq, &t) in times.iter().enumerate() {
            q.push(Entry::new(t, seq as u64, seq));
        }
        let order: Vec<(f64, usize)> = std::iter::from_fn(|| q.pop())
            .map(|e| (e.time(), e.event))
            .collect();
        // −0.0 counts as 0.0 and keeps its place among the zeros.
        assert_eq!(
            order,
            [
                (0.0, 1),
                (0.0, 2),
                (0.0, 6),
                (1e-310, 3),
                (2.0, 5),
                (3.5, 0),
                (3.5, 7),
                (1e300, 4)
            ]
        );
        assert!(order[1].0.is_sign_positive());
    }

    proptest::proptest! {
        /// Any mix of pushes and pops yields what a sorted list would:
        /// the earliest time first, ties in insertion order.
        #[test]
        fn the_heap_pops_in_order(ops in proptest::collection::vec(proptest::option::of(0u8..20), 0..200)) {
            let mut q = EventQueue::with_capacity(0);
            let mut model: Vec<(u64, u64)> = Vec::new();
            for (seq, op) in ops.into_iter().enumerate() {
                match op {
                    Some(t) => {
                        q.push(Entry::new(f64::from(t) / 4.0, seq as u64, ()));
                        model.push(((f64::from(t) / 4.0).to_bits(), seq as u64));
                        model.sort_unstable();
                    }
                    None => {
                        let got = q.pop().map(|e| (e.time().to_bits(), e.seq()));
                        let want = (!model.is_empty()).then(|| model.remove(0));
                        proptest::prop_assert_eq!(got, want);
                    }
                }
                proptest::prop_assert_eq!(q.len(), model.len());
            }
        }
    }
}
