//! Scenario files as diffs (`extends`), every problem reported in one
//! pass, and `check --explain`.

use crate::support::{FIXED, astromine_cli, astromine_exits, astromine_ok, batch, edit, text};
use astromine::scenario::{self, Report, ScenarioError};
use std::path::Path;

/// Writes `files` (name, text) into a fresh directory.
fn files(list: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in list {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn load(path: &Path) -> Result<scenario::Scenario, Box<Report>> {
    match scenario::load(path) {
        Ok(s) => Ok(s),
        Err(ScenarioError::Invalid(r)) => Err(r),
        Err(e) => panic!("not a located report: {e}"),
    }
}

/// (file name, line, key) of each diagnostic, in the order reported.
fn located(report: &Report) -> Vec<(String, usize, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (file, at) = d
                .span
                .as_ref()
                .and_then(|s| report.locate(s))
                .map_or((String::new(), 0), |(f, lc)| (f.to_owned(), lc.line));
            (file, at, d.key.clone())
        })
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle present");
    text[..at].matches('\n').count() + 1
}

#[test]
fn a_diff_simulates_exactly_as_the_edited_copy() {
    let child = "extends = \"base.toml\"\n\n[fleet]\nrobots = 6\n\n\
                 [drilling]\nbit_life_h = { weibull = { shape = 2.0, scale = 900 } }\n";
    let dir = files(&[("base.toml", FIXED), ("child.toml", child)]);
    let from_diff = load(&dir.path().join("child.toml")).unwrap();
    let copy = edit(
        FIXED,
        &[
            ("robots = 4", "robots = 6"),
            (
                "bit_life_h = { weibull = { shape = 1.8, scale = 1200 } }",
                "bit_life_h = { weibull = { shape = 2.0, scale = 900 } }",
            ),
        ],
    );
    let edited = crate::support::scenario(&copy);
    assert_eq!(
        batch(&from_diff, 7, 40),
        batch(&edited, 7, 40),
        "a diff and the copy it stands for simulate differently"
    );
    // The keys the child leaves out keep the base's values.
    assert_eq!(from_diff.fleet.min_anchored.get_ref(), &2);
}

#[test]
fn a_value_replaces_the_earlier_one_whole_and_chains_resolve_in_order() {
    let middle = "extends = \"../base.toml\"\n[drilling]\nbit_life_h = 1000\n[fleet]\nrobots = 5\n";
    let top = "extends = \"mid/middle.toml\"\n[drilling]\n\
               bit_life_h = { uniform = [800, 900] }\n";
    let dir = files(&[
        ("base.toml", FIXED),
        ("mid/middle.toml", middle),
        ("top.toml", top),
    ]);
    let s = load(&dir.path().join("top.toml")).unwrap();
    // The distribution replaced the middle file's number, which replaced the
    // base's Weibull: nothing of either is mixed in.
    assert_eq!(
        s.drilling.bit_life_h.dist().to_string(),
        "{ uniform = [800, 900] }"
    );
    assert_eq!(*s.fleet.robots.get_ref(), 5);
    let m = load(&dir.path().join("mid/middle.toml")).unwrap();
    assert_eq!(m.drilling.bit_life_h.as_fixed(), Some(1000.0));
}

#[test]
fn a_problem_is_located_in_the_file_that_writes_the_value() {
    let base = edit(FIXED, &[("autonomy = 0.8", "autonomy = 1.8")]);
    let child = "extends = \"base.toml\"\n\n[fleet]\nrobots = 0\n";
    let dir = files(&[("base.toml", &base), ("child.toml", child)]);
    let report = load(&dir.path().join("child.toml")).unwrap_err();
    let found = located(&report);
    let base_name = dir.path().join("base.toml").display().to_string();
    let child_name = dir.path().join("child.toml").display().to_string();
    assert!(
        found.contains(&(
            base_name.clone(),
            line_of(&base, "autonomy = 1.8"),
            "fleet.autonomy".into()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(child_name, 4, "fleet.robots".into())),
        "{found:?}"
    );
    let shown = report.to_string();
    assert!(shown.contains(&format!("error: {base_name}:")), "{shown}");
}

#[test]
fn cycles_missing_parents_and_bad_extends_are_located_errors() {
    let a = "extends = \"b.toml\"\n[scenario]\nname = \"a\"\n";
    let b = "extends = \"a.toml\"\n";
    let dir = files(&[("a.toml", a), ("b.toml", b)]);
    let report = load(&dir.path().join("a.toml")).unwrap_err();
    let shown = report.to_string();
    assert!(
        shown.contains("b.toml:1:11: extends: extends") && shown.contains("already in the chain"),
        "{shown}"
    );

    let dir = files(&[("c.toml", "extends = \"nowhere.toml\"\n")]);
    let shown = load(&dir.path().join("c.toml")).unwrap_err().to_string();
    assert!(
        shown.contains("c.toml:1:11: extends: cannot extend") && shown.contains("nowhere.toml"),
        "{shown}"
    );

    let dir = files(&[("d.toml", &format!("extends = 5\n{FIXED}"))]);
    let shown = load(&dir.path().join("d.toml")).unwrap_err().to_string();
    assert!(
        shown.contains("d.toml:1:11: extends: must be the path"),
        "{shown}"
    );
}

/// A file with one mistake of every kind, each on its own line.
const MISTAKES: [(&str, &str); 5] = [
    ("robots = 4", "robots = \"four\""),
    ("class = \"C\"", "class = \"Q\""),
    ("autonomy = 0.8", "autonomy = 1.5\nautonomie = 0.8"),
    ("survey_days = 60\n", ""),
    ("[power]", "[powr]\nx = 1\n[power]"),
];

#[test]
fn every_problem_of_a_file_is_reported_in_one_pass_in_file_order() {
    let text = edit(FIXED, &MISTAKES);
    let report = match scenario::parse(&text, "t.toml") {
        Err(ScenarioError::Invalid(r)) => r,
        other => panic!("accepted or unlocated: {other:?}"),
    };
    let found: Vec<(usize, String)> = located(&report)
        .into_iter()
        .map(|(_, line, key)| (line, key))
        .collect();
    let expected = vec![
        (line_of(&text, "[target]"), "target.survey_days".to_owned()),
        (line_of(&text, "class = \"Q\""), "target.class".to_owned()),
        (
            line_of(&text, "robots = \"four\""),
            "fleet.robots".to_owned(),
        ),
        (
            line_of(&text, "autonomy = 1.5"),
            "fleet.autonomy".to_owned(),
        ),
        (line_of(&text, "autonomie"), "fleet.autonomie".to_owned()),
        (line_of(&text, "[powr]"), "powr".to_owned()),
    ];
    assert_eq!(found, expected, "{report}");
    let shown = report.to_string();
    for says in [
        "missing key `survey_days` in [target]",
        "unknown value `Q`",
        "must be a whole number from 1 to 1000, got the text \"four\"",
        "must be in [0, 1], got 1.5",
        "unknown key `autonomie` in [fleet] (did you mean `autonomy`?)",
        "unknown section [powr] (did you mean `power`?)",
        "6 errors found",
    ] {
        assert!(shown.contains(says), "no {says:?} in:\n{shown}");
    }
}

#[test]
fn a_key_set_aside_raises_no_consequential_errors() {
    // An unreadable robot count would otherwise also fail the rule that
    // min_anchored is at most robots.
    let text = edit(FIXED, &[("robots = 4", "robots = -4")]);
    let report = match scenario::parse(&text, "t.toml") {
        Err(ScenarioError::Invalid(r)) => r,
        other => panic!("accepted: {other:?}"),
    };
    assert_eq!(report.diagnostics.len(), 1, "{report}");
    assert_eq!(report.diagnostics[0].key, "fleet.robots");
}

#[test]
fn check_explain_names_the_file_and_line_of_each_value() {
    let child = "extends = \"base.toml\"\n[fleet]\nrobots = 6\n";
    let dir = files(&[("base.toml", FIXED), ("child.toml", child)]);
    let out = astromine_ok(
        dir.path(),
        &[
            "check",
            "child.toml",
            "--explain",
            "fleet.robots",
            "--explain",
            "fleet.autonomy",
            "--set",
            "fleet.autonomy=0.9",
            "--explain",
            "monte_carlo.max_events",
        ],
    );
    let said = text(&out.stdout);
    let base_line = line_of(FIXED, "robots = 4");
    for says in [
        "fleet.robots = 6\n  written at child.toml:3:10\n".to_owned(),
        format!("  replaces 4 written at base.toml:{base_line}:10\n"),
        "fleet.autonomy = 0.9\n  written at --set:".to_owned(),
        "monte_carlo.max_events: not written in base.toml or child.toml or --set; \
         it takes its default, 10000000"
            .to_owned(),
        "accepts a whole number from 1 to 1000".to_owned(),
    ] {
        assert!(said.contains(&says), "no {says:?} in:\n{said}");
    }
    let out = astromine_exits(
        dir.path(),
        &["check", "child.toml", "--explain", "fleet.robot"],
        2,
    );
    assert!(
        text(&out.stderr).contains("did you mean `robots`?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_sharded_diff_merges_to_the_unsharded_results() {
    let child = "extends = \"base.toml\"\n[scenario]\nname = \"child\"\n[fleet]\nrobots = 5\n";
    let dir = files(&[("base.toml", FIXED), ("child.toml", child)]);
    let common = ["--runs", "40", "--no-charts", "--quiet"];
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "child.toml"];
        args.extend(common);
        args.extend(extra);
        let out = astromine_cli(dir.path(), &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
    };
    run(&["--out", "whole"]);
    run(&["--out", "parts", "--shard", "1/2"]);
    run(&["--out", "parts", "--shard", "2/2"]);
    astromine_ok(dir.path(), &["merge", "parts/child", "--out", "merged"]);
    let csv = |p: &str| std::fs::read(dir.path().join(p)).unwrap();
    assert_eq!(csv("whole/child/runs.csv"), csv("merged/child/runs.csv"));
}
