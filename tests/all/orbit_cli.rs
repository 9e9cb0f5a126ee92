//! `astromine orbit`: the catalog listing, the daily geometry table and its
//! exact CSV header, and every mistake an exit 2 with a clear message.

use crate::support::{astromine_exits, astromine_ok, text};

#[test]
fn the_catalog_lists_every_target_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let out = text(&astromine_ok(dir.path(), &["orbit", "--list"]).stdout);
    for name in [
        "bennu", "ryugu", "itokawa", "nereus", "didymos", "2008-ev5", "eros",
    ] {
        assert!(out.lines().any(|l| l.starts_with(name)), "{name}:\n{out}");
    }
    assert!(out.contains("JPL Small-Body Database"), "{out}");
}

#[test]
fn the_geometry_table_has_its_header_and_one_row_a_step() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "orbit",
        "bennu",
        "--from",
        "2020-10-01",
        "--to",
        "2020-10-31",
    ];
    let csv = text(&astromine_ok(dir.path(), &[&args[..], &["--step", "10"]].concat()).stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "date,jd,sun_distance_au,earth_distance_au,light_time_min,elongation_deg,phase_deg,conjunction"
    );
    let dates: Vec<&str> = lines[1..].iter().map(|l| &l[..10]).collect();
    assert_eq!(
        dates,
        ["2020-10-01", "2020-10-11", "2020-10-21", "2020-10-31"]
    );
    // OSIRIS-REx sampled Bennu on 2020-10-20, about 334 million km from
    // Earth (NASA, 2020): the table agrees within 2%.
    let day = text(
        &astromine_ok(
            dir.path(),
            &[
                "orbit",
                "bennu",
                "--from",
                "2020-10-20",
                "--to",
                "2020-10-20",
            ],
        )
        .stdout,
    );
    let row: Vec<&str> = day.lines().nth(1).unwrap().split(',').collect();
    let km = row[3].parse::<f64>().unwrap() * 149_597_870.7;
    assert!((km / 334e6 - 1.0).abs() < 0.02, "{km} km");
    let jsonl =
        text(&astromine_ok(dir.path(), &[&args[..], &["--format", "jsonl"]].concat()).stdout);
    assert_eq!(jsonl.lines().count(), 31);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["date"], "2020-10-01");
    assert_eq!(first["conjunction"], false);
}

#[test]
fn orbit_mistakes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (args, needle) in [
        (
            &[
                "orbit",
                "bennuu",
                "--from",
                "2020-01-01",
                "--to",
                "2020-01-02",
            ][..],
            "the catalog knows bennu, ryugu",
        ),
        (
            &[
                "orbit",
                "bennu",
                "--from",
                "2021-01-01",
                "--to",
                "2020-01-01",
            ][..],
            "give --from on or before --to",
        ),
        (
            &[
                "orbit",
                "bennu",
                "--from",
                "2020-02-30",
                "--to",
                "2020-03-01",
            ][..],
            "day 30 is not in February 2020",
        ),
        (
            &["orbit", "bennu", "--from", "20-1-1", "--to", "2020-03-01"][..],
            "20-1-1",
        ),
        (&["orbit", "bennu"][..], "--from"),
        (
            &[
                "orbit",
                "eros",
                "--from",
                "1700-01-01",
                "--to",
                "2000-01-01",
            ][..],
            "outside 1800-01-01 to 2100-12-31",
        ),
        (
            &[
                "orbit",
                "bennu",
                "--from",
                "2020-01-01",
                "--to",
                "2020-01-02",
                "--step",
                "0",
            ][..],
            "--step",
        ),
    ] {
        let out = astromine_exits(dir.path(), args, 2);
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}
