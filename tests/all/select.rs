//! Which strategy is best (`compare --select-best`): the Kim–Nelson
//! procedure's probability of correct selection on synthetic normal data
//! and on scenarios whose ranking is known by construction, its report,
//! bad input, and independence from the thread count.

use crate::support::{astromine_cli, astromine_ok, read_json, scenario, text};
use astromine::engine::rng::Streams;
use astromine::model::Subsystem;
use astromine::stats::Kn;
use astromine::study::sample::Sample;
use astromine::study::select::{Progress, SelectOptions, Verdict, select};
use rand_distr::{Distribution, StandardNormal};

/// ln P(X = x) for X ~ Binomial(n, p).
fn ln_binomial_pmf(n: u64, p: f64, x: u64) -> f64 {
    let ln_choose: f64 = (1..=x).map(|i| ((n - x + i) as f64 / i as f64).ln()).sum();
    ln_choose + x as f64 * p.ln() + (n - x) as f64 * (1.0 - p).ln()
}

/// The smallest count t with P(X < t) ≤ `tail` for X ~ Binomial(n, p):
/// when the true probability of correct selection is at least p, a count of
/// correct selections below t has probability at most `tail`.
fn binomial_floor(n: u64, p: f64, tail: f64) -> u64 {
    let mut below = 0.0;
    for t in 0..=n {
        let next = below + ln_binomial_pmf(n, p, t).exp();
        if next > tail {
            return t;
        }
        below = next;
    }
    n
}

/// The same 1e-4 tail for every PCS check: with the stated probability of
/// correct selection at least 0.95, a check fails by chance at most once in
/// 10⁴ sets of seeds (KN is conservative, so far more rarely in fact).
const TAIL: f64 = 1e-4;

#[test]
fn the_binomial_floor_is_the_exact_tail() {
    // Bin(400, 0.95): mean 380, sd 4.36. The floor leaves at most 1e-4
    // below it, and one more would leave more.
    let t = binomial_floor(400, 0.95, TAIL);
    let below = |t: u64| {
        (0..t)
            .map(|x| ln_binomial_pmf(400, 0.95, x).exp())
            .sum::<f64>()
    };
    assert!(below(t) <= TAIL && below(t + 1) > TAIL, "{t}");
    assert!((360..380).contains(&t), "{t}");
    // A pmf sums to one.
    let total: f64 = (0..=20).map(|x| ln_binomial_pmf(20, 0.3, x).exp()).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

/// One synthetic system set: means, standard deviations and the
/// correlation every pair shares (common random numbers make it positive).
struct Normals {
    means: Vec<f64>,
    sds: Vec<f64>,
    rho: f64,
}

impl Normals {
    /// Replication j: X_i = μ_i + σ_i(√ρ Z₀ + √(1−ρ) Z_i).
    fn draw(&self, rng: &mut impl rand::Rng) -> Vec<f64> {
        let z0: f64 = StandardNormal.sample(rng);
        self.means
            .iter()
            .zip(&self.sds)
            .map(|(m, s)| {
                let z: f64 = StandardNormal.sample(rng);
                m + s * (self.rho.sqrt() * z0 + (1.0 - self.rho).sqrt() * z)
            })
            .collect()
    }

    /// KN from a first stage of `n0` until it decides; the selected system
    /// (or `None`) and the system with the best first-stage mean.
    fn select(&self, seed: u64, n0: usize, delta: f64) -> (Option<usize>, usize) {
        let mut rng = Streams::new(seed, 0).stream(Subsystem::World);
        let k = self.means.len();
        let mut first = vec![Vec::new(); k];
        for _ in 0..n0 {
            for (i, x) in self.draw(&mut rng).into_iter().enumerate() {
                first[i].push(x);
            }
        }
        let naive = (0..k)
            .max_by(|&a, &b| {
                first[a]
                    .iter()
                    .sum::<f64>()
                    .total_cmp(&first[b].iter().sum())
            })
            .unwrap();
        let mut kn = Kn::new(&first, delta, 0.95).unwrap();
        while !kn.decided() {
            let x = self.draw(&mut rng);
            kn.push(|i| x[i]);
        }
        let survivors = kn.survivors();
        ((survivors.len() == 1).then_some(survivors[0]), naive)
    }
}

/// The slippage configuration (the best exactly δ ahead, the others equal:
/// KN's least favourable case) over 400 seeds: KN selects the best at least
/// as often as a 95% probability allows, while picking the best first-stage
/// mean does not — the check can fail.
fn check_slippage(normals: &Normals, best: usize, delta: f64) {
    let seeds = 400;
    let (mut right, mut naive_right) = (0, 0);
    for seed in 0..seeds {
        let (selected, naive) = normals.select(seed, 10, delta);
        right += u64::from(selected == Some(best));
        naive_right += u64::from(naive == best);
    }
    let floor = binomial_floor(seeds, 0.95, TAIL);
    assert!(right >= floor, "KN right {right} of {seeds}, below {floor}");
    assert!(
        naive_right < floor,
        "the first stage alone was right {naive_right} times: the check cannot tell"
    );
}

#[test]
fn kn_selects_the_best_with_the_stated_probability_equal_variances() {
    let delta = 0.5;
    let normals = Normals {
        means: vec![0.0, 0.0, delta, 0.0],
        sds: vec![1.0; 4],
        rho: 0.0,
    };
    check_slippage(&normals, 2, delta);
}

#[test]
fn kn_selects_the_best_with_the_stated_probability_unequal_variances() {
    // Unequal variances and correlated systems, as common random numbers
    // make them; the best is the noisiest.
    let delta = 1.0;
    let normals = Normals {
        means: vec![10.0, 10.0 + delta, 10.0],
        sds: vec![1.0, 4.0, 2.0],
        rho: 0.5,
    };
    check_slippage(&normals, 1, delta);
}

#[test]
fn kn_runs_out_or_ties_where_it_should() {
    // Two equal systems: undecided for a long time.
    let normals = Normals {
        means: vec![0.0, 0.0],
        sds: vec![1.0, 1.0],
        rho: 0.0,
    };
    let mut rng = Streams::new(3, 0).stream(Subsystem::World);
    let first: Vec<Vec<f64>> = {
        let draws: Vec<Vec<f64>> = (0..10).map(|_| normals.draw(&mut rng)).collect();
        (0..2)
            .map(|i| draws.iter().map(|d| d[i]).collect())
            .collect()
    };
    let kn = Kn::new(&first, 0.01, 0.95).unwrap();
    assert!(!kn.decided());
    // h²S²/δ² of about 10⁴·2·h²: tens of thousands of runs to part them.
    assert!(kn.runs_to_decide() > 10_000, "{}", kn.runs_to_decide());
}

/// A short-horizon baseline (no trip comes home before day 700, so runs
/// are cheap) whose development cost is `development`.
fn variant(name: &str, development: &str) -> String {
    format!(
        "extends = \"baseline.toml\"\n[scenario]\nname = \"{name}\"\nhorizon_days = 700\n\
         [economics]\ndevelopment_usd = {development}\n"
    )
}

/// Δ: the known lead of the best scenario's mean NPV, USD.
const LEAD: f64 = 5e5;

/// Three scenarios whose NPV ranking is known by construction. The
/// development cost, paid at launch, enters NPV undiscounted and nothing
/// else, so with common random numbers NPV_b − NPV_a is exactly
/// development_a − development_b in every run. `a` pays a fixed $30M; `b`
/// and `c` draw theirs from normals truncated at ±10 sd on the same uniform
/// (the same key), so both are mean + sd·z with one symmetric z of mean 0:
/// NPV_b − NPV_a = Δ − 4Δz, NPV_b − NPV_c = Δ − 2Δz and NPV_c − NPV_a =
/// −2Δz. So E[NPV_b] is exactly Δ above the others, which are equal: the
/// slippage configuration, with noisy, unequal-variance differences.
fn known_ranking() -> [(String, String); 3] {
    let normal = |mean: f64, sd: f64| {
        format!(
            "{{ normal = {{ mean = {mean:e}, sd = {sd:e}, min = {:e}, max = {:e} }} }}",
            mean - 10.0 * sd,
            mean + 10.0 * sd
        )
    };
    [
        ("a".to_owned(), variant("a", "3.0e7")),
        (
            "b".to_owned(),
            variant("b", &normal(3.0e7 - LEAD, 4.0 * LEAD)),
        ),
        ("c".to_owned(), variant("c", &normal(3.0e7, 2.0 * LEAD))),
    ]
}

#[test]
fn the_known_best_scenario_is_selected_with_the_stated_probability() {
    let texts = known_ranking();
    let scenarios: Vec<_> = texts.iter().map(|(_, t)| scenario(t)).collect();
    let options = SelectOptions {
        goal: "npv_usd".parse().unwrap(),
        indifference: LEAD,
        confidence: 0.95,
        max_runs: None,
    };
    let measure = options.goal.measure;
    let keep = |r: &astromine::model::RunRecord| measure.value(r);
    let quiet = |_: u64| {};
    let progress = Progress {
        planned: &quiet,
        done: &quiet,
    };
    let seeds = 200;
    let (mut right, mut naive_right, mut extra) = (0, 0, 0);
    for seed in 0..seeds {
        let first: Vec<Sample> = scenarios
            .iter()
            .zip(&texts)
            .map(|(s, (label, _))| Sample::run_keeping(s, label, seed, 10, Some(&keep), &quiet))
            .collect::<Result<_, _>>()
            .unwrap();
        let mean = |s: &Sample| s.kept.iter().sum::<f64>();
        naive_right += u64::from(first.iter().all(|s| mean(s) <= mean(&first[1])));
        let sel = select(&scenarios, &first, seed, &options, &progress).unwrap();
        assert_ne!(sel.verdict, Verdict::Undecided, "seed {seed}: {sel:?}");
        right += u64::from(sel.best.as_deref() == Some("b"));
        extra += sel.total_runs - 30;
    }
    let floor = binomial_floor(seeds, 0.95, TAIL);
    assert!(right >= floor, "right {right} of {seeds}, below {floor}");
    assert!(naive_right < floor, "first stage alone right {naive_right}");
    assert!(
        extra > seeds * 10,
        "the procedure hardly ran: {extra} extra runs"
    );
}

/// Writes the known-ranking scenarios into `dir`; their file names.
fn write_known(dir: &std::path::Path) -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    known_ranking()
        .iter()
        .map(|(name, text)| {
            let text = text.replace(
                "\"baseline.toml\"",
                &format!("\"{root}/scenarios/baseline.toml\""),
            );
            std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
            format!("{name}.toml")
        })
        .collect()
}

#[test]
fn the_selection_is_reported_and_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_known(dir.path());
    let run = |threads: &str, out: &str| {
        let mut args = vec!["compare"];
        args.extend(files.iter().map(String::as_str));
        args.extend([
            "--runs",
            "10",
            "--seed",
            "7",
            "--select-best",
            "npv_usd",
            "--indifference",
            "5e5",
            "--threads",
            threads,
            "--no-charts",
            "--out",
            out,
        ]);
        astromine_ok(dir.path(), &args)
    };
    let one = run("1", "t1");
    let two = run("2", "t2");
    let folder = "a-vs-b-vs-c";
    for file in ["comparison.json", "comparison.md", "comparison.html"] {
        let read = |out: &str| std::fs::read(dir.path().join(out).join(folder).join(file)).unwrap();
        assert!(
            read("t1") == read("t2"),
            "{file} differs between 1 and 2 threads"
        );
    }
    let json = read_json(dir.path().join("t1").join(folder).join("comparison.json"));
    let sel = &json["selection"];
    assert_eq!(sel["verdict"], "selected", "{sel}");
    assert_eq!(sel["metric"], "npv_usd");
    assert_eq!(sel["first_stage_runs"], 10);
    let runs: Vec<u64> = sel["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["runs"].as_u64().unwrap())
        .collect();
    assert_eq!(sel["total_runs"], runs.iter().sum::<u64>());
    assert!(
        runs.iter().any(|&r| r > 10),
        "no runs beyond the first stage: {runs:?}"
    );
    assert!(sel["simulated_runs"].as_u64().unwrap() >= runs.iter().sum::<u64>());
    assert_eq!(sel["elimination_order"].as_array().unwrap().len(), 2);
    // The tables stay on the first stage.
    assert_eq!(json["runs"], 10);
    let md =
        std::fs::read_to_string(dir.path().join("t1").join(folder).join("comparison.md")).unwrap();
    let best = sel["best"].as_str().unwrap();
    assert!(md.contains("## Best strategy"), "{md}");
    assert!(
        md.contains(&format!("Best: {best}, with the highest mean npv_usd.")),
        "{md}"
    );
    assert!(md.contains("at least $500k better") && md.contains("probability at least 95%"));
    assert!(md.contains("Eliminated, in this order: after run"), "{md}");
    // The terminal says it too, and the same with either thread count.
    let line = |o: &std::process::Output| {
        text(&o.stderr)
            .lines()
            .find(|l| l.starts_with("best by highest mean npv_usd"))
            .map(str::to_owned)
    };
    assert_eq!(line(&one), line(&two));
    let line = line(&one).unwrap();
    assert!(
        line.contains(&format!(
            ": {best} (probability ≥ 95% if it leads by ≥ $500k"
        )),
        "{line}"
    );
}

#[test]
fn scenarios_that_cannot_be_told_apart_are_reported_so() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_known(dir.path());
    // a and c have equal means: a budget of 20 runs cannot part them.
    let out = astromine_ok(
        dir.path(),
        &[
            "compare",
            &files[0],
            &files[2],
            "--runs",
            "10",
            "--select-best",
            "npv_usd",
            "--indifference",
            "1e5",
            "--max-runs",
            "20",
            "--no-charts",
            "--out",
            "o",
        ],
    );
    let json = read_json(dir.path().join("o/a-vs-c/comparison.json"));
    let sel = &json["selection"];
    assert_eq!(sel["verdict"], "undecided", "{sel}");
    assert_eq!(sel["max_runs"], 20);
    assert!(sel["runs_to_decide"].as_u64().unwrap() > 20, "{sel}");
    assert_eq!(sel["survivors"].as_array().unwrap().len(), 2);
    assert!(text(&out.stderr).contains("a and c cannot be told apart within $100k after 20 runs"));
    let md = std::fs::read_to_string(dir.path().join("o/a-vs-c/comparison.md")).unwrap();
    assert!(
        md.contains("No single best within $100k. After 20 runs each"),
        "{md}"
    );
    // The same scenario twice: identical in every run, tied at once.
    astromine_ok(
        dir.path(),
        &[
            "compare",
            &files[1],
            &files[1],
            "--runs",
            "10",
            "--select-best",
            "min:mission_days",
            "--indifference",
            "1",
            "--no-charts",
            "--out",
            "o",
        ],
    );
    let json = read_json(dir.path().join("o/b-vs-b-2/comparison.json"));
    assert_eq!(json["selection"]["verdict"], "tied");
    assert_eq!(json["selection"]["goal"], "min");
    assert_eq!(json["selection"]["total_runs"], 20);
}

#[test]
fn bad_selection_arguments_say_what_is_valid_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_known(dir.path());
    let cases: [(&[&str], &str); 7] = [
        (
            &["--select-best", "npv", "--indifference", "1"],
            "`npv` is not a metric",
        ),
        (
            &["--select-best", "best:npv_usd", "--indifference", "1"],
            "not a direction",
        ),
        (&["--select-best", "npv_usd"], "--indifference"),
        (
            &["--select-best", "npv_usd", "--indifference", "-5"],
            "not a positive difference",
        ),
        (
            &[
                "--select-best",
                "npv_usd",
                "--indifference",
                "1",
                "--confidence",
                "1.5",
            ],
            "between 0 and 1",
        ),
        (
            &[
                "--select-best",
                "npv_usd",
                "--indifference",
                "1",
                "--confidence",
                "0.3",
            ],
            "between 1/3 and 1",
        ),
        (
            &[
                "--select-best",
                "npv_usd",
                "--indifference",
                "1",
                "--max-runs",
                "5",
            ],
            "give at least 10",
        ),
    ];
    for (extra, expect) in cases {
        let mut args = vec!["compare"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--runs", "10", "--out", "o"]);
        args.extend(extra);
        let out = astromine_cli(dir.path(), &args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        // (Warnings that no trip comes home before day 700 come first.)
        let error = err.find("error:").map(|at| &err[at..]);
        assert!(
            error.is_some_and(|e| e.contains(expect)),
            "{extra:?}: {err}"
        );
        assert!(!dir.path().join("o").exists(), "{extra:?} wrote results");
    }
    // The unknown metric's message lists the metrics and the outcomes.
    let mut args = vec!["compare"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--select-best", "npv", "--indifference", "1"]);
    let err = text(&astromine_cli(dir.path(), &args).stderr);
    assert!(
        err.contains("npv_usd") && err.contains("mission_days") && err.contains("launch_failure"),
        "{err}"
    );
}
