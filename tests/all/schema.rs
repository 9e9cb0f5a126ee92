//! `astromine schema`: the JSON Schema of the scenario format, checked with
//! a small validator of exactly the draft-07 keywords it uses (any other
//! keyword fails the tests), against the shipped scenarios, against
//! mistakes the parser also refuses, and against every key's declaration.

use crate::support::{BASELINE, IN_SCENARIOS, astromine_cli, edit, text};
use astromine::orbit::ephemeris::Elements;
use astromine::scenario::{DIST_FORMS, FormParams, KEYS, SECTIONS, json_schema, parse};
use regex::Regex;
use serde_json::{Value, json};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The problems of `value` against the schema `root`, each with its place.
fn problems(root: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(root, root, value, "", &mut out);
    out
}

/// Checks `value`, at `at`, against `schema`, a part of `root`.
fn check(root: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = schema.as_object().expect("a schema is an object");
    for (keyword, arg) in schema {
        match keyword.as_str() {
            "$schema" | "title" | "description" | "default" | "definitions" | "format" => {}
            "then" | "else" => {}
            "$ref" => {
                let path = arg.as_str().unwrap().strip_prefix('#').unwrap();
                let target = root.pointer(path).expect("a $ref resolves");
                check(root, target, value, at, out);
            }
            "if" => {
                let branch = if passes(root, arg, value) {
                    schema.get("then")
                } else {
                    schema.get("else")
                };
                if let Some(branch) = branch {
                    check(root, branch, value, at, out);
                }
            }
            "anyOf" => {
                let options = arg.as_array().unwrap();
                if !options.iter().any(|o| passes(root, o, value)) {
                    out.push(format!("{at}: {value} matches none of the forms"));
                }
            }
            "type" | "enum" | "pattern" => check_scalar(keyword, arg, value, at, out),
            "minimum" | "exclusiveMinimum" | "maximum" => check_bound(keyword, arg, value, at, out),
            "properties"
            | "additionalProperties"
            | "required"
            | "minProperties"
            | "maxProperties" => check_object(root, schema, keyword, arg, value, at, out),
            "items" | "minItems" | "maxItems" => check_array(root, keyword, arg, value, at, out),
            other => panic!("the schema uses `{other}`, which this validator does not know"),
        }
    }
}

/// Whether `value` matches `schema`.
fn passes(root: &Value, schema: &Value, value: &Value) -> bool {
    let mut out = Vec::new();
    check(root, schema, value, "", &mut out);
    out.is_empty()
}

fn check_scalar(keyword: &str, arg: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let ok = match keyword {
        "type" => match arg.as_str().unwrap() {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            other => panic!("unknown type {other}"),
        },
        "enum" => arg.as_array().unwrap().contains(value),
        _ => value
            .as_str()
            .is_none_or(|s| Regex::new(arg.as_str().unwrap()).unwrap().is_match(s)),
    };
    if !ok {
        out.push(format!("{at}: {value} fails {keyword} {arg}"));
    }
}

fn check_bound(keyword: &str, arg: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let (Some(x), Some(bound)) = (value.as_f64(), arg.as_f64()) else {
        return;
    };
    let ok = match keyword {
        "minimum" => x >= bound,
        "exclusiveMinimum" => x > bound,
        _ => x <= bound,
    };
    if !ok {
        out.push(format!("{at}: {value} fails {keyword} {arg}"));
    }
}

fn check_object(
    root: &Value,
    schema: &serde_json::Map<String, Value>,
    keyword: &str,
    arg: &Value,
    value: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let Some(object) = value.as_object() else {
        return;
    };
    let declared = schema.get("properties").and_then(Value::as_object);
    let count = |n: &Value| n.as_u64().unwrap() as usize;
    match keyword {
        "properties" => {
            for (name, sub) in arg.as_object().unwrap() {
                if let Some(v) = object.get(name) {
                    check(root, sub, v, &format!("{at}.{name}"), out);
                }
            }
        }
        "additionalProperties" => {
            assert_eq!(
                arg,
                &json!(false),
                "only additionalProperties: false is used"
            );
            for name in object.keys() {
                if !declared.is_some_and(|d| d.contains_key(name)) {
                    out.push(format!("{at}: unknown key `{name}`"));
                }
            }
        }
        "required" => {
            for name in arg.as_array().unwrap() {
                if !object.contains_key(name.as_str().unwrap()) {
                    out.push(format!("{at}: `{}` is required", name.as_str().unwrap()));
                }
            }
        }
        "minProperties" if object.len() < count(arg) => {
            out.push(format!("{at}: fewer than {arg} keys"));
        }
        "maxProperties" if object.len() > count(arg) => {
            out.push(format!("{at}: more than {arg} keys"));
        }
        _ => {}
    }
}

fn check_array(
    root: &Value,
    keyword: &str,
    arg: &Value,
    value: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    let Some(items) = value.as_array() else {
        return;
    };
    let n = |arg: &Value| arg.as_u64().unwrap() as usize;
    match keyword {
        "items" => {
            for (k, item) in items.iter().enumerate() {
                check(root, arg, item, &format!("{at}[{k}]"), out);
            }
        }
        "minItems" if items.len() < n(arg) => out.push(format!("{at}: fewer than {arg} items")),
        "maxItems" if items.len() > n(arg) => out.push(format!("{at}: more than {arg} items")),
        _ => {}
    }
}

/// A TOML document as JSON, as an editor's TOML support presents it to a
/// schema: dates become strings.
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

/// The problems of scenario text against the schema.
fn schema_problems(text: &str) -> Vec<String> {
    let doc: toml::Table = text.parse().expect("valid TOML");
    problems(&json_schema().unwrap(), &to_json(toml::Value::Table(doc)))
}

#[test]
fn the_shipped_schema_is_what_the_command_prints_and_taplo_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = astromine_cli(dir.path(), &["schema"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shipped = std::fs::read_to_string(Path::new(ROOT).join("astromine.schema.json")).unwrap();
    assert!(
        text(&out.stdout) == shipped,
        "astromine.schema.json is stale: run `astromine schema > astromine.schema.json`"
    );
    let again = astromine_cli(dir.path(), &["schema"]);
    assert_eq!(out.stdout, again.stdout);
    let taplo: toml::Table = std::fs::read_to_string(Path::new(ROOT).join(".taplo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let rule = &taplo["rule"][0];
    assert_eq!(rule["include"][0].as_str(), Some("scenarios/*.toml"));
    assert_eq!(
        rule["schema"]["path"].as_str(),
        Some("astromine.schema.json")
    );
}

#[test]
fn every_shipped_scenario_matches_the_schema() {
    let mut seen = 0;
    for entry in std::fs::read_dir(Path::new(ROOT).join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let problems = schema_problems(&std::fs::read_to_string(&path).unwrap());
            assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 13, "only {seen} scenarios found");
}

/// Mistakes in the baseline that the parser refuses: the schema refuses
/// each too, so an editor shows it as it is typed.
#[test]
fn mistakes_fail_as_they_do_in_check() {
    for (what, from, to) in [
        ("a misspelt key", "robots = 4", "robtos = 4"),
        ("an unknown key", "robots = 4 ", "robots = 4\nrobtos = 4 "),
        ("a misspelt section", "[fleet]", "[flete]"),
        ("a count out of range", "robots = 4", "robots = 0"),
        ("a count as a fraction", "robots = 4", "robots = 4.5"),
        ("a probability above 1", "autonomy = 0.8", "autonomy = 1.5"),
        (
            "a negative probability",
            "autonomy = 0.8",
            "autonomy = -0.1",
        ),
        ("text for a number", "autonomy = 0.8", "autonomy = \"high\""),
        (
            "an unknown choice",
            "mitigation = \"none\"",
            "mitigation = \"domes\"",
        ),
        (
            "a choice in the wrong case",
            "class = \"C\"",
            "class = \"c\"",
        ),
        (
            "an unknown distribution",
            "{ triangular = [3.0",
            "{ triangle = [3.0",
        ),
        ("a list too short", "[3.0, 8.0, 12.0]", "[3.0, 8.0]"),
        ("a misspelt parameter", "median = 3.0", "medain = 3.0"),
        (
            "a missing parameter",
            "shape = 1.8, scale = 1200",
            "shape = 1.8",
        ),
        (
            "two distributions",
            "{ lognormal",
            "{ uniform = [1, 2], lognormal",
        ),
        ("an unknown target", "\"bennu\"", "\"bennuu\""),
        ("a date and time", "2030-10-09 ", "2030-10-09T00:00:00Z "),
        ("a date of another shape", "2030-10-09 ", "\"2030-1-9\" "),
    ] {
        let text = edit(BASELINE, &[(from, to)]);
        assert!(
            parse(&text, IN_SCENARIOS).is_err(),
            "{what}: the parser accepts it"
        );
        assert!(
            !schema_problems(&text).is_empty(),
            "{what}: the schema accepts it"
        );
    }
    for target in [
        "delivred_kg >= 1",
        "delivered_kg => 1",
        "delivered_kg >= many",
    ] {
        let text = BASELINE.replace(
            "targets = [\"delivered_kg >= 100000\", \"delivered_kg >= 200000\"]",
            &format!("targets = [\"{target}\"]"),
        );
        assert!(parse(&text, IN_SCENARIOS).is_err(), "{target}");
        assert!(!schema_problems(&text).is_empty(), "{target}");
    }
    let missing = edit(BASELINE, &[("robots = 4 ", "# robots = 4 ")]);
    assert_eq!(
        schema_problems(&missing),
        vec![".fleet: `robots` is required"]
    );
}

/// Values the parser accepts in every form the schema describes: each
/// distribution as declared (integers and fractions), catalog names as the
/// catalog matches them, inline elements, a quoted date, and a diff file
/// that writes one key.
#[test]
fn every_form_the_parser_accepts_matches_the_schema() {
    let mut values: Vec<String> = DIST_FORMS
        .iter()
        .map(|form| match form.params {
            FormParams::List(params) => {
                let numbers = ["1", "2.5", "3"];
                format!(
                    "{{ {} = [{}] }}",
                    form.name,
                    numbers[..params.len()].join(", ")
                )
            }
            FormParams::Table { required, optional } => {
                let bound = |p: &&str| format!("{p} = {}", if *p == "min" { 1 } else { 3 });
                let params: Vec<String> = required
                    .iter()
                    .map(|p| format!("{p} = 2"))
                    .chain(optional.iter().map(bound))
                    .collect();
                format!("{{ {} = {{ {} }} }}", form.name, params.join(", "))
            }
        })
        .collect();
    values.push("7".to_owned());
    for value in &values {
        let from = "surface_strength_kpa = { lognormal = { median = 3.0, sigma = 1.5 } }";
        let text = edit(
            BASELINE,
            &[(from, &format!("surface_strength_kpa = {value}"))],
        );
        assert_accepted(&text, value);
    }
    let elements: Vec<String> = Elements::KEYS
        .iter()
        .zip([1.126, 0.204, 6.03, 2.06, 66.2, 101.7, 2455562.5])
        .map(|((name, _), x)| format!("{name} = {x}"))
        .collect();
    let inline = format!("orbit = {{ {} }}\ndiameter_m = 490", elements.join(", "));
    for (from, to) in [
        ("orbit = \"bennu\"", "orbit = \"Bennu\""),
        ("orbit = \"bennu\"", "orbit = \" 2008 EV5 \""),
        ("orbit = \"bennu\"", inline.as_str()),
        ("launch_date = 2030-10-09", "launch_date = \"2030-10-09\""),
    ] {
        assert_accepted(&edit(BASELINE, &[(from, to)]), to);
    }
    for dropped in 0..Elements::KEYS.len() {
        let mut fewer = elements.clone();
        fewer.remove(dropped);
        let text = edit(
            BASELINE,
            &[(
                "orbit = \"bennu\"",
                &format!("orbit = {{ {} }}", fewer.join(", ")),
            )],
        );
        assert!(parse(&text, IN_SCENARIOS).is_err(), "{fewer:?}");
        assert!(!schema_problems(&text).is_empty(), "{fewer:?}");
    }
    assert_accepted(
        "extends = \"baseline.toml\"\n[fleet]\nrobots = 6\n",
        "a diff",
    );
    let targets = edit(
        BASELINE,
        &[(
            "targets = [\"delivered_kg >= 100000\", \"delivered_kg >= 200000\"]",
            "targets = [\"delivered_kg>=100_000\", \" npv_usd > -5e7 \"]",
        )],
    );
    assert_accepted(&targets, "report targets");
}

/// `text` is a valid scenario, and the schema finds nothing in it.
fn assert_accepted(text: &str, what: &str) {
    if let Err(e) = parse(text, IN_SCENARIOS) {
        panic!("{what}: the parser refuses it: {e}");
    }
    let problems = schema_problems(text);
    assert!(problems.is_empty(), "{what}: {problems:#?}");
}

/// Every section and key is in the schema with its documentation and
/// default, required exactly when the declaration says, and nothing else
/// is.
#[test]
fn every_key_is_in_the_schema_as_declared() {
    let schema = json_schema().unwrap();
    let sections = &schema["properties"];
    let required = &schema["else"]["properties"];
    for spec in KEYS {
        let (section, key) = spec.path.split_once('.').unwrap();
        let entry = &sections[section]["properties"][key];
        let description = entry["description"].as_str().unwrap_or_default();
        assert!(
            description.starts_with(&spec.description()),
            "{}: {description:?}",
            spec.path
        );
        let listed = required[section]["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!(key)));
        assert_eq!(listed, !spec.optional, "{}", spec.path);
        match (spec.default, spec.default_text) {
            (Some(x), _) => assert_eq!(entry["default"].as_f64(), Some(x), "{}", spec.path),
            (None, Some(t)) => assert_eq!(entry["default"], json!(t), "{}", spec.path),
            (None, None) => assert!(entry.get("default").is_none(), "{}", spec.path),
        }
    }
    let keys: usize = SECTIONS
        .iter()
        .map(|spec| {
            let section = &sections[spec.name];
            let doc = spec.doc.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                !doc.is_empty() && section["description"] == json!(doc),
                "{}",
                spec.name
            );
            let listed = schema["else"]["required"]
                .as_array()
                .unwrap()
                .contains(&json!(spec.name));
            assert_eq!(listed, !spec.optional, "{}", spec.name);
            section["properties"].as_object().unwrap().len()
        })
        .sum();
    assert_eq!(keys, KEYS.len());
    assert_eq!(
        sections.as_object().unwrap().len(),
        SECTIONS.len() + 1,
        "the sections and `extends`"
    );
}
