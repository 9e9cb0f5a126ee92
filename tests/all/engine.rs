//! The event engine: ordering, ties, scheduling errors, cancellation, horizon,
//! stop, counting.

use astromine::engine::{Engine, EventKey, Model, RunEnd, ScheduleError};

/// Records every event it sees with its time; optional reactions.
#[derive(Default)]
struct Recorder {
    seen: Vec<(f64, u32)>,
    stop_on: Option<u32>,
    spawn_on: Option<(u32, f64, u32)>,
    cancel_on: Option<(u32, EventKey)>,
    cancel_result: Option<bool>,
}

impl Model for Recorder {
    type Event = u32;
    type Error = ScheduleError;

    fn handle(&mut self, ev: u32, engine: &mut Engine<u32>) -> Result<(), ScheduleError> {
        self.seen.push((engine.now(), ev));
        if self.stop_on == Some(ev) {
            engine.stop();
        }
        if let Some((on, delay, new)) = self.spawn_on
            && on == ev
        {
            engine.schedule_in(delay, new)?;
        }
        if let Some((on, key)) = self.cancel_on
            && on == ev
        {
            self.cancel_result = Some(engine.cancel(key));
        }
        Ok(())
    }
}

fn ids(r: &Recorder) -> Vec<u32> {
    r.seen.iter().map(|&(_, e)| e).collect()
}

#[test]
fn events_fire_in_time_order() {
    let mut e = Engine::new();
    for (t, id) in [(5.0, 1), (1.0, 2), (3.0, 3), (0.5, 4), (4.0, 5)] {
        e.schedule_at(t, id).unwrap();
    }
    let mut r = Recorder::default();
    assert_eq!(e.run(&mut r).unwrap(), RunEnd::Empty);
    assert_eq!(ids(&r), vec![4, 2, 3, 5, 1]);
    assert_eq!(
        r.seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        vec![0.5, 1.0, 3.0, 4.0, 5.0]
    );
    assert_eq!(e.events_handled(), 5);
    assert_eq!(e.now(), 5.0);
}

#[test]
fn ties_run_first_in_first_out() {
    let mut e = Engine::new();
    for id in 0..100 {
        e.schedule_at(2.0, id).unwrap();
    }
    e.schedule_at(1.0, 1000).unwrap();
    let mut r = Recorder::default();
    e.run(&mut r).unwrap();
    let mut expected = vec![1000];
    expected.extend(0..100);
    assert_eq!(ids(&r), expected);
}

#[test]
fn zero_delay_event_runs_after_queued_ties() {
    let mut e = Engine::new();
    e.schedule_at(1.0, 1).unwrap();
    e.schedule_at(1.0, 2).unwrap();
    let mut r = Recorder {
        spawn_on: Some((1, 0.0, 3)),
        ..Default::default()
    };
    e.run(&mut r).unwrap();
    assert_eq!(ids(&r), vec![1, 2, 3]);
}

#[test]
fn bad_times_are_errors_not_panics() {
    let mut e: Engine<u32> = Engine::new();
    assert_eq!(e.schedule_at(f64::NAN, 1), Err(ScheduleError::NanTime));
    assert_eq!(e.schedule_in(f64::NAN, 1), Err(ScheduleError::NanTime));
    assert!(matches!(
        e.schedule_at(f64::INFINITY, 1),
        Err(ScheduleError::InfiniteTime(_))
    ));
    assert!(matches!(
        e.schedule_in(f64::INFINITY, 1),
        Err(ScheduleError::InfiniteTime(_))
    ));
    assert!(matches!(
        e.schedule_at(f64::NEG_INFINITY, 1),
        Err(ScheduleError::InfiniteTime(_))
    ));
    assert_eq!(
        e.schedule_in(-1.0, 1),
        Err(ScheduleError::NegativeDelay(-1.0))
    );
    e.schedule_at(10.0, 1).unwrap();
    let mut r = Recorder::default();
    e.run(&mut r).unwrap();
    assert_eq!(
        e.schedule_at(9.0, 2),
        Err(ScheduleError::InThePast {
            time: 9.0,
            now: 10.0
        })
    );
    assert_eq!(e.pending(), 0, "a rejected event must not be queued");
}

#[test]
fn a_handler_error_ends_the_run() {
    let mut e = Engine::new();
    e.schedule_at(1.0, 1).unwrap();
    e.schedule_at(2.0, 2).unwrap();
    let mut r = Recorder {
        spawn_on: Some((1, -5.0, 9)),
        ..Default::default()
    };
    assert_eq!(e.run(&mut r), Err(ScheduleError::NegativeDelay(-5.0)));
    assert_eq!(ids(&r), vec![1]);
}

#[test]
fn cancelled_events_do_not_fire_and_are_not_counted() {
    let mut e = Engine::new();
    let a = e.schedule_at(1.0, 1).unwrap();
    let b = e.schedule_at(2.0, 2).unwrap();
    e.schedule_at(3.0, 3).unwrap();
    assert!(e.cancel(b));
    assert!(!e.cancel(b), "second cancel of the same key");
    let mut r = Recorder::default();
    e.run(&mut r).unwrap();
    assert_eq!(ids(&r), vec![1, 3]);
    assert_eq!(e.events_handled(), 2);
    assert!(
        !e.cancel(a),
        "an event that already fired cannot be cancelled"
    );
}

#[test]
fn a_handler_can_cancel_a_later_event() {
    let mut e = Engine::new();
    e.schedule_at(1.0, 1).unwrap();
    let later = e.schedule_at(5.0, 2).unwrap();
    e.schedule_at(6.0, 3).unwrap();
    let mut r = Recorder {
        cancel_on: Some((1, later)),
        ..Default::default()
    };
    e.run(&mut r).unwrap();
    assert_eq!(r.cancel_result, Some(true));
    assert_eq!(ids(&r), vec![1, 3]);
}

#[test]
fn run_until_stops_at_the_horizon_and_resumes() {
    let mut e = Engine::new();
    for (t, id) in [(1.0, 1), (2.0, 2), (2.0, 3), (3.0, 4)] {
        e.schedule_at(t, id).unwrap();
    }
    let mut r = Recorder::default();
    assert_eq!(e.run_until(&mut r, 2.0).unwrap(), RunEnd::Horizon);
    assert_eq!(ids(&r), vec![1, 2, 3], "events at exactly the horizon run");
    assert_eq!(e.now(), 2.0);
    assert_eq!(e.run_until(&mut r, 2.5).unwrap(), RunEnd::Horizon);
    assert_eq!(e.now(), 2.5, "the clock advances to the horizon");
    assert_eq!(e.run_until(&mut r, 10.0).unwrap(), RunEnd::Empty);
    assert_eq!(ids(&r), vec![1, 2, 3, 4]);
}

#[test]
fn stop_from_a_handler_returns_and_can_resume() {
    let mut e = Engine::new();
    for id in 1..=4 {
        e.schedule_at(f64::from(id), id).unwrap();
    }
    let mut r = Recorder {
        stop_on: Some(2),
        ..Default::default()
    };
    assert_eq!(e.run(&mut r).unwrap(), RunEnd::Stopped);
    assert_eq!(ids(&r), vec![1, 2]);
    assert_eq!(e.pending(), 2);
    assert_eq!(e.run(&mut r).unwrap(), RunEnd::Empty);
    assert_eq!(ids(&r), vec![1, 2, 3, 4]);
}

#[test]
fn reset_clears_everything() {
    let mut e = Engine::new();
    e.schedule_at(1.0, 1).unwrap();
    let k = e.schedule_at(2.0, 2).unwrap();
    e.cancel(k);
    e.run_until(&mut Recorder::default(), 1.5).unwrap();
    e.reset();
    assert_eq!((e.now(), e.pending(), e.events_handled()), (0.0, 0, 0));
    e.schedule_at(0.5, 7).unwrap();
    let mut r = Recorder::default();
    e.run(&mut r).unwrap();
    assert_eq!(ids(&r), vec![7]);
}

#[test]
fn an_event_limit_stops_a_run_and_a_higher_one_resumes_it() {
    let mut e = Engine::new();
    for id in 0..10 {
        e.schedule_at(f64::from(id), id).unwrap();
    }
    e.set_event_limit(4);
    let mut r = Recorder::default();
    assert_eq!(e.run(&mut r).unwrap(), RunEnd::EventLimit);
    assert_eq!(ids(&r), vec![0, 1, 2, 3], "exactly the limit, in order");
    assert_eq!(e.events_handled(), 4);
    // The next event is still pending: a higher limit picks up from it.
    e.set_event_limit(100);
    assert_eq!(e.run(&mut r).unwrap(), RunEnd::Empty);
    assert_eq!(ids(&r), (0..10).collect::<Vec<_>>());
}

#[test]
fn cancel_pending_drops_a_pending_event_like_cancel() {
    let mut e = Engine::new();
    let keep = e.schedule_at(1.0, 1).unwrap();
    let drop = e.schedule_at(2.0, 2).unwrap();
    e.schedule_at(3.0, 3).unwrap();
    e.cancel_pending(drop);
    let mut r = Recorder::default();
    e.run(&mut r).unwrap();
    assert_eq!(ids(&r), vec![1, 3]);
    // The handled count excludes the cancelled event, as with cancel.
    assert_eq!(e.events_handled(), 2);
    let _ = keep;
}
