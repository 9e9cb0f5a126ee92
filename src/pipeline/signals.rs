//! Termination signals while a batch writes (SIGINT, SIGTERM, SIGQUIT and,
//! on Unix, SIGHUP): the first is only noted, so the batch stops at the next
//! check, removes what it staged and exits with 128 + the signal's number,
//! leaving the previous results as they were; a second one ends the process
//! at once (the next run into the folder removes what it staged).

use super::BatchError;
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
pub(crate) fn catch() -> Result<(), BatchError> {
    if CAUGHT.get().is_some() {
        return Ok(());
    }
    let caught = Arc::new(AtomicUsize::new(0));
    let armed = Arc::new(AtomicBool::new(false));
    let failed = |e| super::io_error("installing the signal handlers".to_owned())(e);
    for signal in signals() {
        let status = 128 + signal;
        // Registered first, so only a second signal finds it armed.
        signal_hook::flag::register_conditional_shutdown(signal, status, Arc::clone(&armed))
            .map_err(failed)?;
        signal_hook::flag::register(signal, Arc::clone(&armed)).map_err(failed)?;
        let number = usize::try_from(signal).unwrap_or(usize::MAX);
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), number).map_err(failed)?;
    }
    let _ = CAUGHT.set(caught);
    Ok(())
}

/// Fails with [`BatchError::Interrupted`] once a signal was caught.
pub(crate) fn check() -> Result<(), BatchError> {
    match CAUGHT.get().map(|c| c.load(Ordering::SeqCst)) {
        None | Some(0) => Ok(()),
        Some(signal) => Err(BatchError::Interrupted(
            i32::try_from(signal).unwrap_or(i32::MAX),
        )),
    }
}

/// The name of `signal` (`SIGINT`), or its number.
pub(crate) fn name(signal: i32) -> String {
    signal_hook::low_level::signal_name(signal)
        .map_or_else(|| format!("signal {signal}"), str::to_owned)
}
