//! Termination signals while a batch or study writes (SIGINT, SIGTERM,
//! SIGQUIT and, on Unix, SIGHUP): the first is only noted, so the work stops
//! at its next check (between replications), removes what it staged and
//! exits with 128 + the signal's number, leaving the previous results as
//! they were; a second one ends the process at once (the next run into the
//! folder removes what it staged).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// The signal caught (0 for none), once the handlers are installed.
static CAUGHT: OnceLock<Arc<AtomicUsize>> = OnceLock::new();

/// The signals that end a batch early.
fn signals() -> Vec<i32> {
    let mut signals = signal_hook::consts::TERM_SIGNALS.to_vec();
    #[cfg(unix)]
    signals.push(signal_hook::consts::SIGHUP);
    signals
}

/// Installs the handlers (once per process).
pub(crate) fn catch() -> std::io::Result<()> {
    if CAUGHT.get().is_some() {
        return Ok(());
    }
    let caught = Arc::new(AtomicUsize::new(0));
    let armed = Arc::new(AtomicBool::new(false));
    for signal in signals() {
        let status = 128 + signal;
        // Registered first, so only a second signal finds it armed.
        signal_hook::flag::register_conditional_shutdown(signal, status, Arc::clone(&armed))?;
        signal_hook::flag::register(signal, Arc::clone(&armed))?;
        let number = usize::try_from(signal).unwrap_or(usize::MAX);
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), number)?;
    }
    let _ = CAUGHT.set(caught);
    Ok(())
}

/// The signal caught since the handlers were installed, if any.
pub(crate) fn caught() -> Option<i32> {
    match CAUGHT.get().map(|c| c.load(Ordering::SeqCst)) {
        None | Some(0) => None,
        Some(signal) => Some(i32::try_from(signal).unwrap_or(i32::MAX)),
    }
}

/// The name of `signal` (`SIGINT`), or its number.
pub(crate) fn name(signal: i32) -> String {
    signal_hook::low_level::signal_name(signal)
        .map_or_else(|| format!("signal {signal}"), str::to_owned)
}
