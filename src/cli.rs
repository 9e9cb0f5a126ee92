//! The `astromine` command line: argument parsing, dispatch, and the mapping
//! of errors to exit codes (0 ok, 2 bad usage or invalid scenario, 1 other).

use crate::aggregate::precision::PrecisionTarget;
use crate::batch::Shard;
use crate::model::SimError;
use crate::model::metric_target::MetricTarget;
use crate::pipeline::BatchError;
use crate::scenario::{self, ScenarioError};
use crate::study::StudyError;
use crate::study::overrides::SetArg;
use crate::study::select::Goal;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use thiserror::Error;

mod merge;
mod orbit;
mod progress;
mod run;
mod study;

/// Discrete-event Monte Carlo simulator of robotic asteroid mining.
#[derive(Debug, Parser)]
#[command(name = "astromine", version, about, long_about = None)]
struct Cli {
    /// The command to run.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate many seeded replications of a scenario and write the results.
    Run(RunArgs),
    /// Validate scenario files, every problem at once; print nothing when all
    /// are valid, except warnings for a mission that cannot succeed as written.
    Check(CheckArgs),
    /// Print every event of one replication.
    Trace(TraceArgs),
    /// Run several scenarios on common random numbers and compare them.
    Compare(CompareArgs),
    /// Combine shard results into the files one unsharded run writes.
    Merge(MergeArgs),
    /// Run a grid of variants of a scenario over scenario keys.
    Sweep(SweepArgs),
    /// Sensitivity of the results to each numeric input: one at a time, or variance-based (Sobol indices).
    Sensitivity(SensitivityArgs),
    /// The target catalog, or a target's daily distances, light time and
    /// conjunctions between two dates.
    Orbit(OrbitArgs),
    /// A scenario's porkchop: the best transfer of each departure day and
    /// the windows, as a CSV and a chart.
    Porkchop(PorkchopArgs),
    /// Print the JSON Schema of the scenario format, for editors.
    ///
    /// Save it (`astromine schema > astromine.schema.json`) and point an
    /// editor's TOML support at it (taplo, Even Better TOML: README
    /// §Editor support): keys complete, and typos, values out of range and
    /// unknown choices show as they are typed. It is generated from the
    /// declaration of every key; `astromine check` still judges the rules
    /// that tie keys together.
    Schema,
}

/// Which leg `astromine porkchop` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LegArg {
    /// From the target home: the windows the scenario's trips use.
    Return,
    /// From the Earth to the target, a year either side of the launch date.
    Outbound,
}

/// `astromine porkchop`.
#[derive(Debug, Args)]
struct PorkchopArgs {
    /// The scenario file (TOML), with `target.orbit`.
    scenario: PathBuf,
    /// The leg.
    #[arg(long, value_enum, default_value_t = LegArg::Return)]
    leg: LegArg,
    /// Directory for results: writes DIR/<name>-porkchop-<leg>/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
}

/// Options shared by the commands that run batches.
#[derive(Debug, Args)]
struct BatchArgs {
    /// Replications, at most 10^7 (default: the scenario's [monte_carlo] runs).
    #[arg(long, value_name = "N", value_parser = parse_runs)]
    runs: Option<u64>,
    /// Master seed (overrides [monte_carlo] seed).
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Directory the results folder goes in.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Replace results in the output folder even when they came from another scenario file with the same name.
    #[arg(long)]
    force: bool,
    /// How the per-run keys are sampled over the batch: random, lhs (Latin hypercube) or sobol; shorthand for --set monte_carlo.sampling=X.
    #[arg(long, value_name = "DESIGN", value_parser = sampling_names())]
    sampling: Option<String>,
}

/// The names `--sampling` accepts.
fn sampling_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(scenario::Sampling::NAMES)
}

/// `sets` with `--sampling X` added as `--set monte_carlo.sampling=X`.
fn with_sampling(sets: &[SetArg], sampling: Option<&str>) -> Vec<SetArg> {
    let mut out = sets.to_vec();
    out.extend(sampling.map(|name| SetArg {
        key: scenario::key::monte_carlo::sampling.path.to_owned(),
        values: vec![toml::Value::String(name.to_owned())],
    }));
    out
}

/// How a command that simulates runs: threads, charts, progress.
#[derive(Debug, Args)]
struct ExecArgs {
    /// Worker threads (default: all cores; at most 8 per core, or 64 on a small machine); results do not depend on it.
    #[arg(long, value_name = "T", value_parser = parse_threads)]
    threads: Option<u32>,
    /// Skip the PNG and SVG charts.
    #[arg(long)]
    no_charts: bool,
    /// Print no progress bar and no closing line.
    #[arg(long)]
    quiet: bool,
}

/// `astromine run`.
#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.help("Directory for results: they go to DIR/<scenario name>/")))]
struct RunArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    #[command(flatten)]
    /// Replications, seed and output directory.
    batch: BatchArgs,
    #[command(flatten)]
    /// Threads, charts and progress.
    exec: ExecArgs,
    /// Run only the K-th of N contiguous slices of the replications, for merging later.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Set a scenario key for this command, e.g. --set fleet.robots=6 (repeatable; dotted paths and values as in sweep, one value each).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<SetArg>,
    /// Report the share of runs meeting a target, e.g. --target 'delivered_kg>=100000' (repeatable; any runs.csv metric with >=, >, <=, <; adds to the scenario's [report] targets).
    #[arg(long = "target", value_name = "METRIC OP VALUE")]
    targets: Vec<MetricTarget>,
    /// Run until the 95% interval is this narrow, checked after each block of 1000 runs from 2000 on, e.g. --precision npv_usd=2% (relative to the mean), delivered_kg=5000 (in the metric's unit), success=1pp (a share, in points; also any outcome, npv_positive, full_success or a target's share, 'delivered_kg>=100000=1pp') (repeatable: all must be met).
    #[arg(long = "precision", value_name = "METRIC=WIDTH", conflicts_with_all = ["runs", "shard"])]
    precision: Vec<PrecisionTarget>,
    /// The most runs --precision may take, at most 10^7 [default: 100000].
    #[arg(long, value_name = "N", value_parser = parse_runs, requires = "precision")]
    max_runs: Option<u64>,
}

/// `astromine check`.
#[derive(Debug, Args)]
struct CheckArgs {
    /// Scenario files to validate.
    #[arg(required = true, value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    /// Set a scenario key for this command, e.g. --set fleet.robots=6 (repeatable; dotted paths and values as in sweep, one value each).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<SetArg>,
    /// Say where KEY's value comes from (which file of an `extends` chain, or --set), what it replaced, what it means and what it accepts (repeatable).
    #[arg(long, value_name = "KEY")]
    explain: Vec<String>,
}

/// Output format of `astromine trace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TraceFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// `astromine trace`.
#[derive(Debug, Args)]
struct TraceArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Index of the replication to trace (0-based, as in runs.csv).
    #[arg(long, value_name = "K")]
    run: u64,
    /// Master seed (overrides [monte_carlo] seed).
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Csv)]
    format: TraceFormat,
    /// How the per-run keys are sampled over the scenario's batch of [monte_carlo] runs: random, lhs or sobol; shorthand for --set monte_carlo.sampling=X.
    #[arg(long, value_name = "DESIGN", value_parser = sampling_names())]
    sampling: Option<String>,
    /// Set a scenario key for this command, e.g. --set fleet.robots=6 (repeatable; dotted paths and values as in sweep, one value each).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<SetArg>,
    /// Print no closing line on stderr.
    #[arg(long)]
    quiet: bool,
}

/// `astromine orbit`.
#[derive(Debug, Args)]
struct OrbitArgs {
    /// A target of the catalog (`bennu`, `ryugu`, `2008-ev5`, …), or a
    /// scenario file with `target.orbit` (its conjunction limit is used).
    #[arg(required_unless_present = "list", value_name = "TARGET_OR_SCENARIO")]
    target: Option<String>,
    /// List the catalog's targets with their orbits and sources.
    #[arg(long, conflicts_with_all = ["target", "from", "to"])]
    list: bool,
    /// First date of the table (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", required_unless_present = "list")]
    from: Option<crate::orbit::date::Date>,
    /// Last date of the table (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", required_unless_present = "list")]
    to: Option<crate::orbit::date::Date>,
    /// Days between rows.
    #[arg(long, value_name = "DAYS", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=3660))]
    step: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Csv)]
    format: TraceFormat,
}

/// `astromine compare`.
#[derive(Debug, Args)]
#[command(mut_arg("runs", |a| a.help("Replications per scenario, the same for all, at most 10^7 (default: the first file's [monte_carlo] runs)")))]
#[command(mut_arg("out", |a| a.help("Directory for results: they go to DIR/<a>-vs-<b>/")))]
struct CompareArgs {
    /// Scenario files; each is compared with the first.
    #[arg(required = true, num_args = 2.., value_name = "SCENARIO")]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    /// Replications, seed and output directory.
    batch: BatchArgs,
    #[command(flatten)]
    /// Threads, charts and progress.
    exec: ExecArgs,
    /// Set a scenario key in every compared file, e.g. --set economics.cargo_price_usd_per_kg=3000 (repeatable; one value each).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<SetArg>,
    /// Report each scenario's share of runs meeting a target, e.g. --target 'delivered_kg>=100000' (repeatable; any runs.csv metric with >=, >, <=, <; every scenario is measured against these and all the files' [report] targets).
    #[arg(long = "target", value_name = "METRIC OP VALUE")]
    targets: Vec<MetricTarget>,
    /// Select the best scenario by the mean of a runs.csv metric (highest; min:METRIC for the lowest) or an outcome's share, adding runs until it is known (Kim–Nelson, on common random numbers); needs --indifference.
    #[arg(long, value_name = "[min:]METRIC", requires = "indifference")]
    select_best: Option<Goal>,
    /// The smallest difference in the selected metric's mean worth telling apart, in its unit (USD for npv_usd; a fraction for an outcome's share).
    #[arg(long, value_name = "DELTA", requires = "select_best", value_parser = parse_indifference, allow_negative_numbers = true)]
    indifference: Option<f64>,
    /// Probability of selecting the best when it is at least DELTA ahead of every other; between 1/k and 1 for k scenarios.
    #[arg(long, value_name = "P", default_value_t = 0.95, requires = "select_best", value_parser = parse_confidence)]
    confidence: f64,
    /// Most runs any scenario gets while selecting, at most 10^7 (default: ten times --runs, at least 10,000).
    #[arg(long, value_name = "N", requires = "select_best", value_parser = parse_runs)]
    max_runs: Option<u64>,
}

/// `astromine merge`.
#[derive(Debug, Args)]
struct MergeArgs {
    /// Shard result directories written by `run --shard`.
    #[arg(required = true, value_name = "SHARD_DIR")]
    shards: Vec<PathBuf>,
    /// Directory for the merged results; they go to DIR/<scenario name>/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Skip the PNG and SVG charts.
    #[arg(long)]
    no_charts: bool,
    /// Print no closing line.
    #[arg(long)]
    quiet: bool,
}

/// `astromine sweep`.
#[derive(Debug, Args)]
#[command(mut_arg("runs", |a| a.help("Replications per point of the grid, at most 10^7 (default: the scenario's [monte_carlo] runs)")))]
#[command(mut_arg("out", |a| a.help("Directory for results: they go to DIR/<name>-sweep-<key>/ (DIR/<name>-sweep-<key1>-by-<key2>/ for two keys)")))]
struct SweepArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// A key by dotted path and the values to try, e.g. fleet.robots=2,4,8 (repeatable; two keys make a grid).
    #[arg(long = "set", required = true, value_name = "KEY=V1,V2,...")]
    sets: Vec<SetArg>,
    #[command(flatten)]
    /// Replications, seed and output directory.
    batch: BatchArgs,
    #[command(flatten)]
    /// Threads, charts and progress.
    exec: ExecArgs,
}

/// How `astromine sensitivity` measures the inputs' effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MethodArg {
    // One at a time: each input moved to a low and a high value (tornado
    // charts, rank correlations). Plain comments, not doc comments: clap
    // would list documented values one a line and push every flag's help
    // onto the next line.
    Oat,
    // Variance-based: first-order and total Sobol indices over every
    // input's range (Saltelli design, N(d+3) runs for d inputs).
    Variance,
}

/// `astromine sensitivity`.
#[derive(Debug, Args)]
#[command(mut_arg("runs", |a| a.help("Replications per variant (rows N with --method variance), at most 10^7 (default: the scenario's [monte_carlo] runs, at most 400)")))]
#[command(mut_arg("out", |a| a.help("Directory for results: they go to DIR/<name>-sensitivity/")))]
struct SensitivityArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Swing applied to fixed numbers, as a percentage (per-run distributions go to their P10 and P90; per-event ones are scaled to put their median there).
    #[arg(long, value_name = "PCT", default_value = "20%", value_parser = parse_swing)]
    swing: f64,
    /// oat: one input at a time (tornado, rank correlations); variance: first-order and total Sobol indices, N(d+3) runs for d inputs.
    #[arg(long, value_enum, default_value = "oat")]
    method: MethodArg,
    #[command(flatten)]
    /// Replications, seed and output directory.
    batch: BatchArgs,
    #[command(flatten)]
    /// Threads, charts and progress.
    exec: ExecArgs,
    /// Set a scenario key for this study, e.g. --set fleet.robots=6 (repeatable; one value each).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<SetArg>,
}

/// A thread count: a whole number of at least 1 (its upper bound depends
/// on the machine and is checked when the batch starts).
fn parse_threads(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(0) => Err("use at least 1 worker thread".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number of threads")),
    }
}

/// A replication count: a whole number from 1 to [`scenario::MAX_RUNS`].
fn parse_runs(s: &str) -> Result<u64, String> {
    let max = scenario::MAX_RUNS;
    match s.trim().parse::<u64>() {
        Ok(0) => Err("use at least 1 replication".to_owned()),
        Ok(n) if n > max => Err(format!(
            "{n} replications are more than the limit of {max}; use at most {max}"
        )),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number of replications")),
    }
}

/// An indifference zone: a positive finite number.
fn parse_indifference(s: &str) -> Result<f64, String> {
    match s.trim().replace('_', "").parse::<f64>() {
        Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
        Ok(_) => Err(format!(
            "{s} is not a positive difference; give the smallest difference in the mean that \
             matters, in the metric's unit (e.g. 5e6 for $5M of NPV)"
        )),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}

/// A confidence: a number strictly between 0 and 1 (the bound 1/k is
/// checked once the scenarios are counted).
fn parse_confidence(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!(
            "'{s}' is not a probability between 0 and 1 (exclusive), such as 0.95"
        )),
    }
}

/// A swing such as `20%` (or `20`) as a fraction, within the range
/// sensitivity accepts. A bare number below 1 is refused rather than read
/// as a fraction or as a tiny percentage: `0.2` may mean either.
fn parse_swing(s: &str) -> Result<f64, String> {
    let text = s.trim();
    let pct: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("'{s}' is not a percentage such as 20%"))?;
    if !text.ends_with('%') && pct > 0.0 && pct < 1.0 {
        return Err(format!(
            "'{s}' is ambiguous: swings are percentages; write {}% for a fraction of {s}, \
             or {s}% if that is meant",
            pct * 100.0
        ));
    }
    crate::study::sensitivity::check_swing(pct / 100.0)?;
    Ok(pct / 100.0)
}

/// A failed command, classified for its exit code.
#[derive(Debug, Error)]
enum CliError {
    /// One or more scenarios are invalid (exit 2); the reports are printed.
    #[error("{}", .0.iter().map(scenario_error).collect::<Vec<_>>().join("\n"))]
    Scenario(Vec<ScenarioError>),
    /// Arguments that parse but cannot be used (exit 2).
    #[error("error: {0}")]
    Usage(String),
    /// Reading or writing files failed (exit 1).
    #[error("error: {what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Results could not be written (exit 1).
    #[error("error: {0}")]
    Results(#[from] crate::report::results::ResultsError),
    /// A replication could not be simulated (exit 1).
    #[error("error: simulation failed: {0}")]
    Simulation(#[from] SimError),
    /// A study failed: an invalid variant (exit 2) or a simulation (exit 1).
    #[error("error: {0}")]
    Study(#[from] StudyError),
    /// A termination signal (its number) stopped a batch (exit 128 + it).
    #[error("error: {}", BatchError::Interrupted(*.0))]
    Interrupted(i32),
}

impl From<BatchError> for CliError {
    fn from(e: BatchError) -> Self {
        match e {
            BatchError::Usage(message) => CliError::Usage(message),
            BatchError::Scenario(e) => CliError::Scenario(vec![e]),
            BatchError::Io { what, source } => CliError::Io { what, source },
            BatchError::Simulation(e) => CliError::Simulation(e),
            BatchError::Results(e) => CliError::Results(e),
            BatchError::Interrupted(signal) => CliError::Interrupted(signal),
            BatchError::Study(e) => CliError::Study(e),
        }
    }
}

/// A scenario error as printed: located reports carry their own `error:`
/// lines; the others (unreadable, not a file) get the prefix here.
fn scenario_error(e: &ScenarioError) -> String {
    match e {
        ScenarioError::Invalid(_) => e.to_string(),
        other => format!("error: {other}"),
    }
}

impl CliError {
    /// The process exit code for this error.
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Scenario(_) | CliError::Usage(_) => 2,
            CliError::Study(StudyError::Override(_) | StudyError::Select(_)) => 2,
            CliError::Study(StudyError::Simulation(_)) => 1,
            CliError::Io { .. } | CliError::Results(_) | CliError::Simulation(_) => 1,
            CliError::Interrupted(signal) | CliError::Study(StudyError::Interrupted(signal)) => {
                u8::try_from(128 + signal).unwrap_or(1)
            }
        }
    }
}

/// Writes a line to stderr; a stderr that cannot be written (closed, or a
/// full disk) is not an error: the results are what matters.
pub(super) fn say(line: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Warns (on stderr; `check` still succeeds) about a valid scenario that
/// cannot succeed as written: no return window, no outbound transfer, or
/// metal whose propellant from Earth cannot fly a trip (full).
fn warn_about(path: &std::path::Path, s: &scenario::Scenario) -> Result<(), CliError> {
    let prepared = crate::model::Prepared::new(s).map_err(SimError::from)?;
    for w in crate::report::warnings::warnings(&prepared) {
        say(format_args!("warning: {}: {w}", path.display()));
    }
    Ok(())
}

/// Parses the process arguments, runs the command, and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs a parsed command.
fn execute(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Check(args) => check_command(&args),
        Command::Run(args) => run::run(&args),
        Command::Trace(args) => run::trace(&args),
        Command::Compare(args) => study::compare(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Sweep(args) => study::sweep(&args),
        Command::Sensitivity(args) => study::sensitivity(&args),
        Command::Orbit(args) => orbit::orbit(&args),
        Command::Porkchop(args) => orbit::porkchop(&args),
        Command::Schema => schema(),
    }
}

/// `astromine schema`: the JSON Schema of the scenario format on stdout.
fn schema() -> Result<(), CliError> {
    let schema = scenario::json_schema().map_err(|e| CliError::Usage(e.to_string()))?;
    print("writing the schema", |out| {
        serde_json::to_writer_pretty(&mut *out, &schema)?;
        writeln!(out)
    })
}

/// Writes to stdout with `fill`; a reader that stops early (a closed pipe)
/// is not an error.
fn print(
    what: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match fill(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(run::io_error(what)),
    }
}

/// Loads one scenario, mapping failure to an exit-2 error.
fn load(path: &std::path::Path) -> Result<crate::scenario::Scenario, CliError> {
    scenario::load(path).map_err(|e| CliError::Scenario(vec![e]))
}

/// Prints where each of `keys` gets its value in the scenario at `path`
/// with `sets` over it.
fn explain(
    path: &std::path::Path,
    sets: &[(&str, &toml::Value)],
    keys: &[String],
) -> Result<(), CliError> {
    let mut sources = scenario::read_sources(path).map_err(|e| CliError::Scenario(vec![e]))?;
    if let Some(text) = crate::study::overrides::sets_text(sets)
        .map_err(|e| CliError::Study(StudyError::from(e)))?
    {
        sources.push("--set", text);
    }
    for key in keys {
        let text = scenario::explain(&sources, key)
            .map_err(|why| CliError::Usage(format!("--explain {key}: {why}")))?;
        println!("{text}");
    }
    Ok(())
}

/// Loads one scenario with `--set`s applied (each with one value), and
/// the text it was read from; an invalid set is an exit-2 error naming it.
fn load_with_sets(
    path: &std::path::Path,
    sets: &[SetArg],
) -> Result<(crate::scenario::Scenario, String), CliError> {
    if sets.is_empty() {
        return scenario::load_with_source(path).map_err(|e| CliError::Scenario(vec![e]));
    }
    let pairs = one_value_each(sets)?;
    let base =
        crate::study::overrides::Base::load(path).map_err(|e| CliError::Scenario(vec![e]))?;
    base.with_source(&pairs)
        .map_err(|e| CliError::Study(StudyError::from(e)))
}

/// The `--set`s as (key, value) pairs: one value each outside a sweep.
fn one_value_each(sets: &[SetArg]) -> Result<Vec<(&str, &toml::Value)>, CliError> {
    sets.iter()
        .map(|set| match set.values.as_slice() {
            [value] => Ok((set.key.as_str(), value)),
            _ => Err(CliError::Usage(format!(
                "--set {set}: give one value here; `astromine sweep` runs several"
            ))),
        })
        .collect()
}

/// `astromine check`: explains the keys asked about, then validates.
fn check_command(args: &CheckArgs) -> Result<(), CliError> {
    if !args.explain.is_empty() {
        let sets = one_value_each(&args.sets)?;
        for path in &args.scenarios {
            explain(path, &sets, &args.explain)?;
        }
    }
    check(&args.scenarios, &args.sets)
}

/// Makes `targets` the `[report]` targets of `scenario`; whether that
/// changed them.
fn set_targets(scenario: &mut crate::scenario::Scenario, targets: &[MetricTarget]) -> bool {
    if MetricTarget::of_scenario(scenario) == targets {
        return false;
    }
    scenario.report.targets = targets
        .iter()
        .map(|t| toml::Spanned::new(0..0, t.to_string()))
        .collect();
    true
}

/// Scenario text `source` with `targets` as its `[report]` targets: what a
/// shard's manifest records of a run with `--target`, for `merge` to
/// rebuild.
fn write_targets(source: &str, targets: &[MetricTarget]) -> Result<String, CliError> {
    let unwritable = |e: &dyn Display| CliError::Usage(format!("cannot add the targets: {e}"));
    let mut table: toml::Table = source.parse().map_err(|e| unwritable(&e))?;
    let report = table
        .entry("report")
        .or_insert_with(|| toml::Table::new().into())
        .as_table_mut()
        .ok_or_else(|| unwritable(&"[report] is not a section"))?;
    let texts: Vec<String> = targets.iter().map(MetricTarget::to_string).collect();
    report.insert("targets".to_owned(), texts.into());
    toml::to_string(&table).map_err(|e| unwritable(&e))
}

/// Validates every file, collecting all failures.
fn check(paths: &[PathBuf], sets: &[SetArg]) -> Result<(), CliError> {
    let mut errors: Vec<ScenarioError> = Vec::new();
    for path in paths {
        if !sets.is_empty() {
            let (s, _) = load_with_sets(path, sets)?;
            warn_about(path, &s)?;
            continue;
        }
        match scenario::load(path) {
            Ok(s) => warn_about(path, &s)?,
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::Scenario(errors))
    }
}
