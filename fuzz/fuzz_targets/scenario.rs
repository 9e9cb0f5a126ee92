//! libFuzzer target for the scenario loader: any bytes must be refused with
//! located diagnostics or accepted, never panic, and an accepted scenario's
//! first replication must end (run with `-timeout=10` to catch hangs).

#![no_main]

use astromine::model::simulate;
use astromine::scenario::{ScenarioError, load, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (result, text) = match std::str::from_utf8(data) {
        Ok(text) => (parse(text, "fuzz.toml"), Some(text)),
        Err(_) => {
            // Bytes that are not UTF-8 only reach the loader through a file.
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("fuzz.toml");
            std::fs::write(&path, data).expect("writes the input");
            (load(&path), None)
        }
    };
    match result {
        Ok(scenario) => {
            if let Err(e) = simulate(&scenario, 7, 0) {
                assert!(
                    e.to_string().contains("events"),
                    "accepted scenario failed to simulate: {e}"
                );
            }
        }
        Err(ScenarioError::Invalid(report)) => {
            assert!(
                !report.diagnostics.is_empty(),
                "refused without a diagnostic"
            );
            let source = text.unwrap_or(&report.source);
            for d in &report.diagnostics {
                if let Some(span) = &d.span {
                    assert!(
                        span.start <= span.end
                            && span.end <= source.len()
                            && source.is_char_boundary(span.start)
                            && source.is_char_boundary(span.end),
                        "{}: span {span:?} outside the text: {}",
                        d.key,
                        d.message
                    );
                }
            }
            let _ = report.to_string();
        }
        Err(e) => panic!("not a located report: {e:?}"),
    }
});
