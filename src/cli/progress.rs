//! The progress bar: on stderr when it is a terminal, hidden when it is not,
//! when `CI` is set, or with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar over replications, or nothing.
pub(super) struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `total` replications unless progress should be hidden.
    pub(super) fn new(total: u64, quiet: bool) -> Self {
        Self::styled(
            total,
            quiet,
            "{bar:40.cyan/blue} {human_pos}/{human_len} runs  {rate}  ETA {eta}",
        )
    }

    /// A count of replications towards a precision, which may stop well
    /// before `max` (so no bar or ETA), unless progress should be hidden.
    pub(super) fn open_ended(max: u64, quiet: bool) -> Self {
        Self::styled(
            max,
            quiet,
            "{human_pos} runs (until the precision asked for, at most {human_len})  {rate}",
        )
    }

    /// A progress line with `template` over `total` replications.
    fn styled(total: u64, quiet: bool, template: &str) -> Self {
        let hidden = quiet || std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal();
        if hidden {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} runs/s", state.per_sec());
                },
            );
        bar.set_style(style);
        Self(Some(bar))
    }

    /// Counts `n` more replications done.
    pub(super) fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// Adds `n` replications to the total.
    pub(super) fn grow(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc_length(n);
        }
    }

    /// Removes the bar.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
