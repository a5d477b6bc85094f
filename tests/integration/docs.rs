//! The docs' efsctl.yaml examples are valid: each ```yaml block whose first line is a comment
//! naming efsctl.yaml is checked against the committed JSON Schema (docs/efsctl.schema.json) by
//! a real validator (Python's jsonschema, from the emulator's venv), and read by efsctl itself.
//! A negative control (a misspelt key) must be refused by both.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> PathBuf {
    let venv = std::env::var_os("EFSCTL_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".venv"));
    let python = venv.join("bin/python");
    assert!(
        python.is_file(),
        "no Python venv at {} (run `make moto`): the schema validator runs there",
        venv.display()
    );
    python
}

/// Every efsctl.yaml example in docs/*.md: (file, text).
fn examples() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("```yaml\n") {
            let body = &rest[start + 8..];
            let end = body.find("```").expect("a closed code block");
            let block = &body[..end];
            if block.starts_with("# efsctl.yaml") {
                found.push((path.display().to_string(), block.to_string()));
            }
            rest = &body[end + 3..];
        }
    }
    found
}

/// Runs jsonschema on the YAML `text` (converted to JSON here); `Err` with its complaint.
fn validate(text: &str) -> Result<(), String> {
    let value: serde_json::Value =
        serde_norway::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
    let dir = tempfile::tempdir().unwrap();
    let instance = dir.path().join("instance.json");
    std::fs::write(&instance, value.to_string()).unwrap();
    let out = Command::new(python())
        .arg("-c")
        .arg(
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             jsonschema.validators.validator_for(schema).check_schema(schema)\n\
             jsonschema.validate(json.load(open(sys.argv[2])), schema)\n",
        )
        .arg(repo().join("docs/efsctl.schema.json"))
        .arg(&instance)
        .output()
        .expect("run python");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn every_efsctl_yaml_example_in_the_docs_validates() {
    let examples = examples();
    assert!(examples.len() >= 4, "found only {examples:?}");
    for (file, text) in &examples {
        validate(text)
            .unwrap_or_else(|e| panic!("{file}: example does not validate:\n{text}\n{e}"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("efsctl.yaml"), text).unwrap();
        // efsctl reads it too (schema lets through what serde refuses, and the reverse).
        let run = crate::support::efsctl_in(
            dir.path(),
            &[
                "plan",
                "--name",
                "docs-check",
                "--region",
                "eu-north-1",
                "--endpoint-url",
                "http://127.0.0.1:9",
            ],
        );
        assert!(
            !run.stderr.contains("config file"),
            "{file}: efsctl refuses the example: {}",
            run.stderr
        );
    }
}

#[test]
fn the_schema_validator_refuses_a_misspelt_key() {
    let bad = "# efsctl.yaml\nname: ray\nthroughpt: elastic\n";
    assert!(
        validate(bad).is_err(),
        "the validator accepted an unknown key"
    );
    let bad = "# efsctl.yaml\nthroughput: turbo\n";
    assert!(
        validate(bad).is_err(),
        "the validator accepted an unknown value"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("efsctl.yaml"), "throughpt: elastic\n").unwrap();
    crate::support::efsctl_in(dir.path(), &["plan", "--name", "x"])
        .code(2)
        .stderr_has(&["unknown field `throughpt`"]);
}
