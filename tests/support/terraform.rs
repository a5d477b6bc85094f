//! The real Terraform (1.5 or later, `terraform` on PATH) with the real hashicorp/aws provider,
//! pointed at the emulator: what `efsctl export --format terraform` is checked with.
//!
//! The provider comes from a local filesystem mirror (`EFSCTL_TF_PLUGINS`, default
//! /opt/tf-plugins, laid out as registry.terraform.io/hashicorp/aws/VERSION/...) through a CLI
//! config file written per workspace; nothing is downloaded. A missing `terraform` or mirror
//! fails the test with what to install: never a silent skip.
//!
//! The exported main.tf is left as efsctl wrote it; `emulator_override.tf` (a Terraform override
//! file, merged into the `provider "aws"` block) adds the emulator's endpoints and test
//! credentials, so the file under test is the file a user gets.

use std::path::PathBuf;
use std::process::{Command, Output};

use super::endpoint;

/// One Terraform working directory (removed when dropped).
pub struct Workspace {
    dir: tempfile::TempDir,
    cli_config: PathBuf,
}

/// What one terraform command did.
pub struct TfRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TfRun {
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "terraform failed\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

fn plugin_mirror() -> PathBuf {
    let mirror = std::env::var_os("EFSCTL_TF_PLUGINS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/tf-plugins"));
    let provider = mirror.join("registry.terraform.io/hashicorp/aws");
    assert!(
        provider.is_dir(),
        "no hashicorp/aws provider in the Terraform plugin mirror {} (set EFSCTL_TF_PLUGINS to a \
         filesystem mirror holding registry.terraform.io/hashicorp/aws/5.x)",
        mirror.display()
    );
    mirror
}

impl Workspace {
    /// An empty working directory with a CLI config that installs hashicorp/aws from the mirror
    /// only.
    pub fn new() -> Workspace {
        let version = Command::new("terraform").arg("version").output();
        match version {
            Ok(out) if out.status.success() => {}
            _ => panic!(
                "`terraform` is not on PATH: install Terraform 1.5 or later (the export tests \
                 run the real engine)"
            ),
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let cli_config = dir.path().join("terraformrc");
        let mirror = plugin_mirror();
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    \
                 include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    \
                 exclude = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n",
                mirror.display().to_string()
            ),
        )
        .expect("write terraformrc");
        let work = dir.path().join("work");
        std::fs::create_dir(&work).expect("work dir");
        Workspace { dir, cli_config }
    }

    /// The directory Terraform runs in.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Writes `name` in the working directory.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path().join(name), text).expect("write into the workspace");
    }

    /// Points the configuration's `provider "aws"` at the emulator (an override file, so main.tf
    /// stays as exported). One retry only: the provider's default of 25 would turn an
    /// operation the emulator lacks into minutes of backoff instead of an error.
    pub fn use_emulator(&self) {
        self.use_endpoint(endpoint());
    }

    /// [`Workspace::use_emulator`] through another URL (the benchmarks' counting proxy).
    pub fn use_endpoint(&self, url: &str) {
        self.write(
            "emulator_override.tf",
            &format!(
                r#"provider "aws" {{
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  max_retries                 = 1

  endpoints {{
    ec2 = "{url}"
    efs = "{url}"
    kms = "{url}"
    sts = "{url}"
  }}
}}
"#
            ),
        );
    }

    /// `terraform ARGS` in the working directory, not interactive, no colour.
    pub fn run(&self, args: &[&str]) -> TfRun {
        let out: Output = Command::new("terraform")
            .args(args)
            .current_dir(self.path())
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("NO_COLOR", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .env_remove("TF_LOG")
            .output()
            .expect("run terraform");
        TfRun {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn init(&self) {
        self.run(&["init", "-input=false", "-no-color"]).success();
    }

    /// `terraform plan -out`, then the saved plan as JSON (`terraform show -json`).
    pub fn plan_json(&self) -> serde_json::Value {
        self.run(&["plan", "-input=false", "-no-color", "-out=tfplan"])
            .success();
        let shown = self.run(&["show", "-json", "-no-color", "tfplan"]);
        shown.success();
        serde_json::from_str(&shown.stdout).expect("terraform show -json prints JSON")
    }

    pub fn apply(&self) {
        self.run(&["apply", "-input=false", "-no-color", "-auto-approve"])
            .success();
    }

    pub fn destroy(&self) {
        self.run(&["destroy", "-input=false", "-no-color", "-auto-approve"])
            .success();
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

/// `(address, actions, importing)` of every resource change in a `terraform show -json` plan.
pub fn resource_changes(plan: &serde_json::Value) -> Vec<(String, Vec<String>, bool)> {
    plan["resource_changes"]
        .as_array()
        .map(|changes| {
            changes
                .iter()
                .map(|c| {
                    let actions = c["change"]["actions"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        c["address"].as_str().unwrap_or_default().to_string(),
                        actions,
                        !c["change"]["importing"].is_null(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
