//! efsctl against Terraform doing the same job: `terraform apply` + `destroy` of efsctl's own
//! export (so both make the same resources: group, file system with backup, lifecycle and TLS
//! policy, three mount targets, an access point), and `terraform plan` against `efsctl plan` on an
//! unchanged deployment. Fault-free, under the latency profile, and up + teardown under an
//! AWS-like profile where mount targets take a minute and both tools should approach the floor.
//!
//! Terraform runs the real hashicorp/aws provider from the local mirror (tests/support/terraform),
//! pointed at the counting proxy; `terraform init` and the export happen before the clock starts.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::report::{self, Report, Row};
use crate::run::{efsctl, median, must, secs};
use crate::support::proxy::{Lifecycle, Proxy, ProxyConfig};
use crate::support::terraform::Workspace;

/// Every resource kind a default deployment can have beyond the core: the TLS policy, an access
/// point (backups and lifecycle are on by default).
const FLAGS: [&str; 6] = [
    "--azs",
    "us-east-1a,us-east-1b,us-east-1c",
    "--mount-mode",
    "tls",
    "--access-point",
    "train:/train:1000:1000",
];
const TF_RUNS: usize = 3;
const RTT: Duration = Duration::from_millis(50);

fn with(args: &[&str]) -> Vec<String> {
    args.iter()
        .chain(FLAGS.iter())
        .map(|s| s.to_string())
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A workspace holding the export of deployment `name`, initialised, talking to `url`.
fn workspace(moto: &str, name: &str, url: &str) -> Workspace {
    let ws = Workspace::new();
    let args = with(&[
        "export",
        "--name",
        name,
        "--format",
        "terraform",
        "--out",
        "main.tf",
    ]);
    must(efsctl(moto, &ws.path(), &strs(&args)));
    ws.use_endpoint(url);
    ws.init();
    ws
}

/// Wall time of one successful terraform command.
fn tf(ws: &Workspace, args: &[&str]) -> Duration {
    let started = Instant::now();
    ws.run(args).success();
    started.elapsed()
}

const APPLY: [&str; 4] = ["apply", "-input=false", "-no-color", "-auto-approve"];
const DESTROY: [&str; 4] = ["destroy", "-input=false", "-no-color", "-auto-approve"];
const PLAN: [&str; 3] = ["plan", "-input=false", "-no-color"];

/// efsctl up + teardown of `name`, wall time.
fn efsctl_cycle(url: &str, dir: &Path, name: &str) -> Duration {
    let up = must(efsctl(url, dir, &strs(&with(&["up", "--name", name]))));
    let down = must(efsctl(url, dir, &["teardown", "--name", name, "--yes"]));
    up.wall + down.wall
}

struct Cycle {
    ours: Duration,
    theirs: Duration,
    ours_plan: Duration,
    theirs_plan: Duration,
    /// Requests at the proxy: (efsctl, Terraform) for one up+teardown and one unchanged plan.
    cycle_calls: (usize, usize),
    plan_calls: (usize, usize),
}

/// Medians of `runs` up+teardown cycles of each tool, and of unchanged plans.
fn cycles(moto: &str, proxy: &Proxy, tag: &str, runs: usize) -> Cycle {
    let dir = tempfile::tempdir().unwrap();
    let url = proxy.url();
    let (ours_name, theirs_name) = (format!("bench-tf-{tag}-efsctl"), format!("bench-tf-{tag}"));
    let ws = workspace(moto, &theirs_name, &url);
    let (mut ours, mut theirs) = (vec![], vec![]);
    let mut cycle_calls = (0, 0);
    for _ in 0..runs {
        proxy.clear_log();
        ours.push(efsctl_cycle(&url, dir.path(), &ours_name));
        cycle_calls.0 = proxy.total_calls();
        proxy.clear_log();
        theirs.push(tf(&ws, &APPLY) + tf(&ws, &DESTROY));
        cycle_calls.1 = proxy.total_calls();
    }
    // Unchanged plans: each tool on a deployment it made.
    let tracing = std::env::var_os("BENCH_TRACE").is_some();
    proxy.clear_log();
    must(efsctl(
        &url,
        dir.path(),
        &strs(&with(&["up", "--name", &ours_name])),
    ));
    if tracing {
        println!("efsctl up ({tag}):");
        crate::trace(proxy);
    }
    tf(&ws, &APPLY);
    let plan_args = with(&["plan", "--name", &ours_name]);
    proxy.clear_log();
    let ours_plan = median(
        (0..runs)
            .map(|_| must(efsctl(&url, dir.path(), &strs(&plan_args))).wall)
            .collect(),
    );
    let mut plan_calls = (proxy.total_calls() / runs, 0);
    proxy.clear_log();
    let theirs_plan = median((0..runs).map(|_| tf(&ws, &PLAN)).collect());
    plan_calls.1 = proxy.total_calls() / runs;
    if tracing {
        proxy.clear_log();
        must(efsctl(&url, dir.path(), &strs(&plan_args)));
        println!("efsctl plan, unchanged ({tag}):");
        crate::trace(proxy);
    }
    proxy.clear_log();
    must(efsctl(
        &url,
        dir.path(),
        &["teardown", "--name", &ours_name, "--yes"],
    ));
    if tracing {
        println!("efsctl teardown ({tag}):");
        crate::trace(proxy);
    }
    tf(&ws, &DESTROY);
    Cycle {
        ours: median(ours),
        theirs: median(theirs),
        ours_plan,
        theirs_plan,
        cycle_calls,
        plan_calls,
    }
}

fn ratio(theirs: Duration, ours: Duration) -> f64 {
    theirs.as_secs_f64() / ours.as_secs_f64()
}

pub fn versus_terraform(report: &mut Report, moto: &str) {
    let plain = Proxy::start(moto, ProxyConfig::default());
    let fast = cycles(moto, &plain, "plain", TF_RUNS);
    let slow_config = ProxyConfig {
        latency: RTT,
        lifecycle: Lifecycle {
            mt_creating: Duration::from_secs(3),
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    };
    let slow_proxy = Proxy::start(moto, slow_config);
    let slow = cycles(moto, &slow_proxy, "latency", 1);
    let (up_fast, up_slow) = (ratio(fast.theirs, fast.ours), ratio(slow.theirs, slow.ours));
    let (plan_fast, plan_slow) = (
        ratio(fast.theirs_plan, fast.ours_plan),
        ratio(slow.theirs_plan, slow.ours_plan),
    );
    let row = |what: &str, a: Duration, b: Duration, calls: (usize, usize)| {
        Row::new(&[
            what,
            &secs(a),
            &secs(b),
            &format!("{:.1}x", ratio(b, a)),
            &format!("{} / {}", calls.0, calls.1),
        ])
    };
    report.section(
        "6. efsctl versus Terraform: the same deployment",
        &format!(
            "Terraform {} with hashicorp/aws 5.100.0 applies and destroys efsctl's own export \
             (`efsctl export --format terraform`) of a 3-AZ deployment with every kind: group, \
             file system with backup, lifecycle and TLS policy, three mount targets, an access \
             point; efsctl runs `up` and `teardown` with the same flags. Same emulator, through \
             the same proxy; `terraform init` and the export are done before timing. Unchanged \
             plan: each tool on a deployment it made. Fault-free: median of {TF_RUNS}; latency \
             profile (50 ms per request, mount targets creating for 3 s): one run. Fault-free, \
             efsctl's time is mostly the emulator's: moto answers one request at a time \
             (Python, about 1.5 to 3 ms each) and efsctl's CPU per command is about 10 ms, so \
             efsctl's figures move with its request count and with how busy the machine is \
             (runs on one day varied by a third); Terraform's are mostly its own start-up and \
             refresh.",
            terraform_version()
        ),
        &[
            "",
            "efsctl",
            "Terraform",
            "efsctl faster by",
            "requests (efsctl / Terraform)",
        ],
        vec![
            row(
                "up + teardown, fault-free",
                fast.ours,
                fast.theirs,
                fast.cycle_calls,
            ),
            row(
                "up + teardown, latency profile",
                slow.ours,
                slow.theirs,
                slow.cycle_calls,
            ),
            row(
                "unchanged plan, fault-free",
                fast.ours_plan,
                fast.theirs_plan,
                fast.plan_calls,
            ),
            row(
                "unchanged plan, latency profile",
                slow.ours_plan,
                slow.theirs_plan,
                slow.plan_calls,
            ),
        ],
        vec![
            report::goal(
                "up + teardown at least 300x faster than Terraform, fault-free",
                up_fast >= 300.0,
                &format!("{up_fast:.0}x"),
            ),
            report::goal(
                "up + teardown at least 7x faster under latency",
                up_slow >= 7.0,
                &format!("{up_slow:.1}x"),
            ),
            report::goal(
                "unchanged plan at least 150x faster, fault-free",
                plan_fast >= 150.0,
                &format!("{plan_fast:.0}x"),
            ),
            report::goal(
                "unchanged plan under 50 ms latency within four round trips: under 0.25 s",
                slow.ours_plan < Duration::from_millis(250),
                &format!(
                    "{} ({plan_slow:.0}x faster than Terraform)",
                    secs(slow.ours_plan)
                ),
            ),
        ],
    );
}

/// Sequential round trips no tool avoids: `up` (find the VPC, its subnets, create the mount
/// target, see it available) and `teardown` (find the deployment, its mount targets, delete them,
/// see none left, then the file system and the group together: neither needs the other gone).
const FLOOR_ROUND_TRIPS: u32 = 4 + 5;

pub fn aws_like(report: &mut Report, moto: &str) {
    let creating = Duration::from_secs(60);
    let proxy = Proxy::start(
        moto,
        ProxyConfig {
            latency: RTT,
            lifecycle: Lifecycle {
                mt_creating: creating,
                ..Lifecycle::default()
            },
            ..ProxyConfig::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let url = proxy.url();
    let floor = creating + RTT * FLOOR_ROUND_TRIPS;
    let ours = efsctl_cycle(&url, dir.path(), "bench-aws-like-efsctl");
    let ws = workspace(moto, "bench-aws-like", &url);
    let theirs = tf(&ws, &APPLY) + tf(&ws, &DESTROY);
    let vs = |d: Duration| format!("{:.3}x", d.as_secs_f64() / floor.as_secs_f64());
    let ours_vs = ours.as_secs_f64() / floor.as_secs_f64();
    report.section(
        "7. AWS-like profile: up + teardown with mount targets creating for 60 s",
        &format!(
            "50 ms per request and mount targets `creating` for 60 s, as on AWS. Floor = one \
             mount-target creation + {FLOOR_ROUND_TRIPS} unavoidable sequential round trips (4 \
             for up, 5 for teardown) = {}. One run each; the deployment of section 6.",
            secs(floor)
        ),
        &["", "up + teardown", "vs floor"],
        vec![
            Row::new(&["efsctl", &secs(ours), &vs(ours)]),
            Row::new(&["Terraform", &secs(theirs), &vs(theirs)]),
        ],
        vec![report::goal(
            "efsctl within 1.05x of the floor",
            ours_vs <= 1.05,
            &format!("{ours_vs:.3}x"),
        )],
    );
}

fn terraform_version() -> String {
    std::process::Command::new("terraform")
        .arg("version")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim_start_matches("Terraform ").to_string())
        })
        .unwrap_or_else(|| "(version unknown)".to_string())
}
