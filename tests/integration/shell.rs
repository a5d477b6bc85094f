//! Fitting the shell: completion scripts for every shell clap_complete knows, man pages for every
//! command, and the JSON Schema on stdout. None of them needs AWS or a config file.

use crate::support::efsctl;

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = efsctl(&["completions", shell]);
        run.success()
            .stdout_has(&["teardown", "compose-gen", "ray-cluster"]);
    }
    efsctl(&["completions", "tcsh"]).code(2);
}

#[test]
fn man_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    efsctl(&["man", "--out", out.to_str().unwrap()])
        .success()
        .stdout_has(&["man pages"]);
    for page in [
        "efsctl",
        "efsctl-up",
        "efsctl-plan",
        "efsctl-teardown",
        "efsctl-init",
        "efsctl-audit",
        "efsctl-export",
    ] {
        let text = std::fs::read_to_string(out.join(format!("{page}.1")))
            .unwrap_or_else(|e| panic!("{page}.1: {e}"));
        assert!(
            text.starts_with(".ie"),
            "{page}.1 is not roff: {}",
            &text[..40.min(text.len())]
        );
    }
    let up = std::fs::read_to_string(out.join("efsctl-up.1")).unwrap();
    assert!(
        up.contains("transition\\-to\\-ia"),
        "the up page lists its flags"
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let run = efsctl(&["schema"]);
    run.success();
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/efsctl.schema.json"),
    )
    .unwrap();
    assert_eq!(run.stdout, committed);
}
