//! Every command the README shows runs as written: the lines of its `sh`
//! blocks, in a fresh folder beside the shipped scenarios, with `astromine`
//! on the PATH. `cargo run --release --` is the same binary as `astromine`
//! and runs as such; `cargo test` is this suite itself.

use crate::support::text;
use std::path::Path;
use std::process::Command;

/// The command lines of the README's `sh` blocks, in order.
fn readme_commands() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line.trim() == "```sh";
            continue;
        }
        if in_sh && !line.trim().is_empty() {
            out.push(line.trim().to_owned());
        }
    }
    out
}

#[test]
fn every_readme_command_runs_as_written() {
    let commands = readme_commands();
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("cargo run --release -- run "))
            && commands.iter().any(|c| c.starts_with("cargo test")),
        "the quick start's two commands are gone: {commands:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::os::unix::fs::symlink(root.join("scenarios"), dir.path().join("scenarios")).unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_astromine"), bin.join("astromine")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for command in &commands {
        if command.starts_with("cargo test") {
            continue;
        }
        let line = command.replace("cargo run --release -- ", "astromine ");
        assert!(
            line.starts_with("astromine ") || line.starts_with("for "),
            "{line}"
        );
        let out = Command::new("bash")
            .args(["-c", &line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("CI", "true")
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "README command failed: {command}\n{}",
            text(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 8, "only {ran} README commands found");
}
