//! report.html and comparison.html in a real browser: headless Chromium
//! lays each page out and screenshots it whole, and every chart must show
//! as a drawn area of its own size, inside the page, overlapping nothing.
//!
//! Without Chromium the test says so and passes, except under CI (`CI`
//! set), where it fails: `.ci/run` installs Chromium from the Debian
//! packages when it is missing.

use crate::support::{BASELINE_PATH, astromine_ok};
use image::RgbImage;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The browser's window width, CSS pixels (a laptop screen).
const WIDTH: u32 = 1280;

/// Where a chart was laid out, in CSS pixels of the page (one per device
/// pixel: the screenshot is taken at scale 1).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placed {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

/// Chromium, if it is installed; under CI its absence is a failure.
fn chromium() -> Option<&'static str> {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("chromium");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "chromium is not installed, and CI is set: the browser test must run under CI \
         (bash .ci/run installs it with apt-get install -y chromium)"
    );
    eprintln!(
        "skipping the browser test: chromium is not installed (apt-get install chromium; \
         under CI this is a failure)"
    );
    None
}

/// Runs headless Chromium on `page` with a window `height` pixels tall and
/// `extra` arguments (a fresh profile each time); its stdout.
fn headless(browser: &str, profile: &Path, page: &Path, height: u32, extra: &[&str]) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--window-size={WIDTH},{height}"))
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A script that writes the page's height and every chart's place into a
/// `<pre id="measured">` appended to the page, for `--dump-dom` to print.
const MEASURE: &str = "<script>
const charts = [...document.querySelectorAll('figure svg')].map(e => {
  const b = e.getBoundingClientRect();
  return [b.left + scrollX, b.top + scrollY, b.width, b.height];
});
const pre = document.createElement('pre');
pre.id = 'measured';
pre.textContent = JSON.stringify({
  width: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
  charts,
});
document.body.appendChild(pre);
</script>
";

/// The page's width and height and where its charts were laid out, as
/// Chromium lays `html` out (measured on a copy with [`MEASURE`] added).
fn measure(browser: &str, dir: &Path, html: &str) -> (f64, f64, Vec<Placed>) {
    let copy = dir.join("measure.html");
    std::fs::write(&copy, html.replace("</body>", &format!("{MEASURE}</body>"))).unwrap();
    let dom = headless(
        browser,
        &dir.join("profile-m"),
        &copy,
        1000,
        &["--dump-dom"],
    );
    let json = dom
        .split("<pre id=\"measured\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no measurements in the page:\n{dom}"));
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let charts = v["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let n = |i: usize| c[i].as_f64().unwrap();
            Placed {
                left: n(0),
                top: n(1),
                width: n(2),
                height: n(3),
            }
        })
        .collect();
    (
        v["width"].as_f64().unwrap(),
        v["height"].as_f64().unwrap(),
        charts,
    )
}

/// The width and height each chart's `<svg>` declares, in page order.
fn declared_sizes(html: &str) -> Vec<(f64, f64)> {
    html.split("<figure id=\"chart-")
        .skip(1)
        .map(|figure| {
            let svg = &figure[figure.find("<svg").unwrap()..];
            let tag = &svg[..svg.find('>').unwrap()];
            let attribute = |name: &str| -> f64 {
                let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                tag[at..].split('"').next().unwrap().parse().unwrap()
            };
            (attribute("width"), attribute("height"))
        })
        .collect()
}

/// Whether the screenshot shows a drawing in `region`: besides its most
/// common colour (the background), at least 1% of its pixels and 32
/// colours (lines, fills and anti-aliased text), and marks in each of its
/// left and right halves (a chart cut off or half drawn fails).
fn drawn(shot: &RgbImage, r: Placed) -> Result<(), String> {
    let (x0, y0) = (r.left.round() as u32, r.top.round() as u32);
    let (w, h) = (r.width.round() as u32, r.height.round() as u32);
    let mut counts = std::collections::HashMap::<[u8; 3], u32>::new();
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            *counts.entry(shot.get_pixel(x, y).0).or_default() += 1;
        }
    }
    let (&background, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    let marked = |xs: std::ops::Range<u32>| {
        (y0..y0 + h)
            .flat_map(|y| xs.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| shot.get_pixel(x, y).0 != background)
            .count() as f64
    };
    let half = x0 + w / 2;
    let (left, right) = (marked(x0..half), marked(half..x0 + w));
    let area = f64::from(w * h);
    if (left + right) / area < 0.01 || counts.len() < 32 {
        return Err(format!(
            "{:.2}% of its pixels drawn in {} colours",
            100.0 * (left + right) / area,
            counts.len()
        ));
    }
    if left / area < 0.001 || right / area < 0.001 {
        return Err(format!(
            "one half is blank: {left} pixels drawn left, {right} right"
        ));
    }
    Ok(())
}

/// Opens `page` in Chromium and checks that every chart rendered at its
/// declared size, inside the page, without overlapping another.
fn every_chart_renders(browser: &str, page: &Path, charts: usize) {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(page).unwrap();
    let (width, height, placed) = measure(browser, dir.path(), &html);
    let sizes = declared_sizes(&html);
    assert_eq!(placed.len(), charts, "{}: charts laid out", page.display());
    assert_eq!(
        sizes.len(),
        charts,
        "{}: charts in the page",
        page.display()
    );
    assert!(
        width <= f64::from(WIDTH),
        "{} is {width} px wide: it scrolls sideways in a {WIDTH} px window",
        page.display()
    );
    let shot_path = dir.path().join("shot.png");
    let tall = height.ceil() as u32;
    let shot_arg = format!("--screenshot={}", shot_path.display());
    headless(
        browser,
        &dir.path().join("profile-s"),
        page,
        tall,
        &[&shot_arg],
    );
    let shot = image::open(&shot_path).unwrap().to_rgb8();
    assert_eq!(
        shot.dimensions(),
        (WIDTH, tall),
        "the whole page in one shot"
    );
    for (i, (r, (w, h))) in placed.iter().zip(sizes).enumerate() {
        let name = format!("{} chart {}", page.display(), i + 1);
        assert!(
            (r.width - w).abs() < 1.0 && (r.height - h).abs() < 1.0,
            "{name} is laid out {}×{} for its {w}×{h}",
            r.width,
            r.height
        );
        assert!(
            r.left >= 0.0 && r.left + r.width <= f64::from(WIDTH) && r.top + r.height <= height,
            "{name} at {r:?} is not inside the page"
        );
        if let Some(next) = placed.get(i + 1) {
            assert!(r.top + r.height <= next.top, "{name} overlaps the next");
        }
        drawn(&shot, *r).unwrap_or_else(|e| panic!("{name} at {r:?} is blank: {e}"));
    }
}

/// `html` with the first chart's drawing taken out: its `<svg>` keeps its
/// size and draws nothing.
fn first_chart_blanked(html: &str) -> String {
    let figure = html.find("<figure id=\"chart-").unwrap();
    let open = figure + html[figure..].find("<svg").unwrap();
    let inside = open + html[open..].find('>').unwrap() + 1;
    let close = inside + html[inside..].find("</svg>").unwrap();
    format!("{}{}", &html[..inside], &html[close..])
}

/// The results of `args` (a run or a compare) in `dir`, charts drawn.
fn results(dir: &Path, args: &[&str], folder: &str) -> PathBuf {
    astromine_ok(dir, args);
    dir.join("o").join(folder)
}

#[test]
fn report_and_comparison_pages_render_every_chart_in_a_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let swarm = BASELINE_PATH.replace("baseline.toml", "swarm.toml");
    let run = results(
        d,
        &[
            "run",
            BASELINE_PATH,
            "--runs",
            "40",
            "--out",
            "o",
            "--quiet",
        ],
        "baseline",
    );
    let compare = results(
        d,
        &[
            "compare",
            BASELINE_PATH,
            &swarm,
            "--runs",
            "20",
            "--out",
            "o",
        ],
        "baseline-vs-swarm",
    );
    for (page, folder) in [
        (run.join("report.html"), &run),
        (compare.join("comparison.html"), &compare),
    ] {
        let charts = crate::support::listing(&folder.join("charts"))
            .iter()
            .filter(|f| f.ends_with(".svg"))
            .count();
        assert!(charts >= 5, "{}: {charts} charts", folder.display());
        every_chart_renders(browser, &page, charts);
    }
    // The check sees a chart that did not draw.
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let blanked = d.join("blanked.html");
    std::fs::write(&blanked, first_chart_blanked(&html)).unwrap();
    let charts = html.matches("<figure id=\"chart-").count();
    let caught = std::panic::catch_unwind(|| every_chart_renders(browser, &blanked, charts));
    let message = caught.expect_err("a blank chart passes");
    let message = message.downcast_ref::<String>().map_or("", String::as_str);
    assert!(
        message.contains("chart 1 at") && message.contains("is blank"),
        "{message}"
    );
}
