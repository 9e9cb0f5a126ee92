//! `astromine merge`: shard results into exactly what one unsharded run
//! writes.

use super::{CliError, MergeArgs, say};
use crate::pipeline::Plan;
use std::time::Instant;

/// Merges shard directories into DIR/<scenario name>/.
pub(super) fn merge(args: &MergeArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let plan = Plan::merge(&args.shards, &args.out, !args.no_charts)?;
    let shards = plan.shards();
    let done = plan.execute(&|_| {})?;
    if args.quiet {
        return Ok(());
    }
    say(format_args!(
        "{}: merged {shards} shards, {} runs, in {:.1} s; results in {}{}",
        done.scenario,
        done.runs,
        started.elapsed().as_secs_f64(),
        done.dir.display(),
        std::path::MAIN_SEPARATOR
    ));
    Ok(())
}
