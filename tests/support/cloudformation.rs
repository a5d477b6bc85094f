//! The CloudFormation side of `efsctl export`: `cfn-lint` (PyPI; the AWS resource specification)
//! on a template, and stacks created and deleted through the emulator's CloudFormation (moto),
//! driven with boto3 from the test venv. Both come from the venv `make moto` builds
//! (`EFSCTL_VENV`, default .venv); a missing one fails the test, naming it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{endpoint, REGION};

fn venv_bin(tool: &str) -> PathBuf {
    let venv = std::env::var_os("EFSCTL_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv"));
    let path = venv.join("bin").join(tool);
    assert!(
        path.is_file(),
        "{tool} is not installed in {} (run `make moto`, which installs the pinned validators)",
        venv.display()
    );
    path
}

/// `cfn-lint TEMPLATE`: `Ok` when it finds nothing, else its report.
pub fn cfn_lint(template: &Path) -> Result<(), String> {
    let out = Command::new(venv_bin("cfn-lint"))
        .arg("--")
        .arg(template)
        .output()
        .expect("run cfn-lint");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Creates stack NAME from TEMPLATE and waits for it; prints {"status", "reason", "resources":
/// {logical id: physical id}}. `delete NAME` deletes it and waits.
const STACK: &str = r#"
import json, sys, time
import boto3
cf = boto3.client("cloudformation")
action, name = sys.argv[1], sys.argv[2]
def wait(done):
    for _ in range(600):
        try:
            s = cf.describe_stacks(StackName=name)["Stacks"][0]
        except cf.exceptions.ClientError:
            return None
        if not s["StackStatus"].endswith("IN_PROGRESS"):
            return s
        time.sleep(0.1)
    sys.exit("timed out")
if action == "create":
    cf.create_stack(StackName=name, TemplateBody=open(sys.argv[3]).read())
    s = wait(None)
    res = cf.list_stack_resources(StackName=name)["StackResourceSummaries"]
    print(json.dumps({
        "status": s["StackStatus"],
        "reason": s.get("StackStatusReason"),
        "resources": {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in res},
    }))
else:
    cf.delete_stack(StackName=name)
    s = wait(None)
    print(json.dumps({"status": s["StackStatus"] if s else "DELETE_COMPLETE"}))
"#;

fn stack(args: &[&str]) -> serde_json::Value {
    let out = Command::new(venv_bin("python"))
        .arg("-c")
        .arg(STACK)
        .args(args)
        .env("AWS_ENDPOINT_URL", endpoint())
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("run the venv's python");
    assert!(
        out.status.success(),
        "CloudFormation {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the stack script prints JSON")
}

/// Creates the stack; its logical ids mapped to physical ids. Panics unless CREATE_COMPLETE.
pub fn create_stack(name: &str, template: &Path) -> BTreeMap<String, String> {
    let result = stack(&["create", name, template.to_str().expect("utf-8 path")]);
    assert_eq!(
        result["status"], "CREATE_COMPLETE",
        "stack {name}: {}",
        result["reason"]
    );
    result["resources"]
        .as_object()
        .expect("resources")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect()
}

pub fn delete_stack(name: &str) {
    let result = stack(&["delete", name]);
    assert_eq!(result["status"], "DELETE_COMPLETE", "stack {name}");
}
