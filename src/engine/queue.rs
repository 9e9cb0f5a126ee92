//! The pending-event set: a binary min-heap on `(time, sequence)`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One scheduled event with its firing time and insertion sequence.
#[derive(Debug)]
pub(super) struct Entry<E> {
    pub(super) time: f64,
    pub(super) seq: u64,
    pub(super) event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
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
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
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
        self.heap.peek().map(|e| e.time)
    }

    pub(super) fn len(&self) -> usize {
        self.heap.len()
    }

    pub(super) fn contains_seq(&self, seq: u64) -> bool {
        self.heap.iter().any(|e| e.seq == seq)
    }

    pub(super) fn clear(&mut self) {
        self.heap.clear();
    }
}
