//! The pending-event set: a binary min-heap on `(time, sequence)`.
//!
//! Event times are never negative (the clock starts at 0 and an event may
//! not be scheduled before it), and for non-negative floats the order of
//! their bit patterns is their numeric order; so `(time, sequence)` is
//! compared as one 128-bit integer, time bits above sequence.
//!
//! A discrete-event loop takes the earliest event and, as it handles it,
//! usually schedules another. [`EventQueue::take_head`] therefore leaves the
//! root's slot to be refilled: the next push goes straight to the root and
//! sifts down once, where a pop and a push would sift twice. Any other
//! operation first restores the heap.

/// One scheduled event with its firing time and insertion sequence.
#[derive(Debug)]
pub(super) struct Entry<E> {
    /// Time bits, then sequence: two words rather than one `u128`, whose
    /// 16-byte alignment would pad a small event's entry from 24 bytes
    /// to 32.
    parts: [u64; 2],
    pub(super) event: E,
}

impl<E> Entry<E> {
    /// An event at `time` (finite, ≥ 0) with insertion sequence `seq`.
    pub(super) fn new(time: f64, seq: u64, event: E) -> Self {
        debug_assert!(time >= 0.0 && time.is_finite(), "event time {time}");
        // Adding +0.0 turns −0.0, whose sign bit would sort it last, into +0.0.
        let bits = (time + 0.0).to_bits();
        Self {
            parts: [bits, seq],
            event,
        }
    }

    /// The key, time bits above sequence, compared in one go.
    fn key(&self) -> u128 {
        (u128::from(self.parts[0]) << 64) | u128::from(self.parts[1])
    }

    pub(super) fn time(&self) -> f64 {
        f64::from_bits(self.parts[0])
    }

    pub(super) fn seq(&self) -> u64 {
        self.parts[1]
    }
}

/// Events waiting to fire, earliest first.
#[derive(Debug)]
pub(super) struct EventQueue<E> {
    /// A binary min-heap on `key`, except that after `take_head` the root
    /// may be out of place (`root_stale`).
    heap: Vec<Entry<E>>,
    /// The root holds the former last entry, not yet sifted into place.
    root_stale: bool,
}

impl<E> EventQueue<E> {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: Vec::with_capacity(capacity),
            root_stale: false,
        }
    }

    pub(super) fn push(&mut self, entry: Entry<E>) {
        if self.root_stale {
            // The stale root goes back to the end, where it was a valid
            // leaf; the new entry takes the root and sifts down past it.
            self.root_stale = false;
            let old = std::mem::replace(&mut self.heap[0], entry);
            self.heap.push(old);
            self.sift_down(0);
        } else {
            self.heap.push(entry);
            self.sift_up(self.heap.len() - 1);
        }
    }

    /// Removes and returns the earliest entry, leaving its slot to the next
    /// push (see the module's note).
    pub(super) fn take_head(&mut self) -> Option<Entry<E>> {
        self.restore();
        if self.heap.is_empty() {
            return None;
        }
        let head = self.heap.swap_remove(0);
        self.root_stale = self.heap.len() > 1;
        Some(head)
    }

    /// Removes and returns the earliest entry.
    #[cfg(test)]
    fn pop(&mut self) -> Option<Entry<E>> {
        let head = self.take_head();
        self.restore();
        head
    }

    pub(super) fn peek_time(&mut self) -> Option<f64> {
        self.restore();
        self.heap.first().map(Entry::time)
    }

    pub(super) fn len(&self) -> usize {
        self.heap.len()
    }

    pub(super) fn contains_seq(&self, seq: u64) -> bool {
        self.heap.iter().any(|e| e.seq() == seq)
    }

    pub(super) fn clear(&mut self) {
        self.heap.clear();
        self.root_stale = false;
    }

    /// Sifts a stale root into place.
    fn restore(&mut self) {
        if self.root_stale {
            self.root_stale = false;
            self.sift_down(0);
        }
    }

    fn sift_up(&mut self, mut pos: usize) {
        let heap = &mut self.heap;
        while pos > 0 {
            let parent = (pos - 1) / 2;
            if heap[parent].key() <= heap[pos].key() {
                break;
            }
            heap.swap(parent, pos);
            pos = parent;
        }
    }

    fn sift_down(&mut self, mut pos: usize) {
        let heap = &mut self.heap;
        let len = heap.len();
        let mut child = 2 * pos + 1;
        // While both children exist, the earlier one is picked without a
        // branch (the comparison's flag is added to the index).
        while child + 1 < len {
            child += usize::from(heap[child + 1].key() < heap[child].key());
            if heap[pos].key() <= heap[child].key() {
                return;
            }
            heap.swap(pos, child);
            pos = child;
            child = 2 * pos + 1;
        }
        if child < len && heap[child].key() < heap[pos].key() {
            heap.swap(pos, child);
        }
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
        /// Any mix of pushes, pops and head takes (whose slot the next push
        /// refills) yields what a sorted list would: the earliest time
        /// first, ties in insertion order.
        #[test]
        fn the_heap_pops_in_order(ops in proptest::collection::vec((0u8..3, 0u8..20), 0..300)) {
            let mut q = EventQueue::with_capacity(0);
            let mut model: Vec<(u64, u64)> = Vec::new();
            for (seq, (op, t)) in ops.into_iter().enumerate() {
                let time = f64::from(t) / 4.0;
                match op {
                    0 => {
                        q.push(Entry::new(time, seq as u64, ()));
                        model.push((time.to_bits(), seq as u64));
                        model.sort_unstable();
                    }
                    _ => {
                        let head = if op == 1 { q.pop() } else { q.take_head() };
                        let got = head.map(|e| (e.time().to_bits(), e.seq()));
                        let want = (!model.is_empty()).then(|| model.remove(0));
                        proptest::prop_assert_eq!(got, want);
                    }
                }
                proptest::prop_assert_eq!(q.len(), model.len());
                if op == 1 {
                    // Peeking restores a stale root, so only after a pop:
                    // a take is followed by whatever comes next.
                    let earliest = model.first().map(|m| m.0);
                    proptest::prop_assert_eq!(q.peek_time().map(f64::to_bits), earliest);
                }
            }
        }
    }
}
