//! `make bench`: efsctl measured end to end in one run, against the same moto server.
//!
//! 1. `up` + `teardown` (3 AZs) versus the AWS CLI scripts in `bench/`: wall time and requests.
//! 2. Concurrency under latency: 50 ms per request, mount targets `creating` for 3 s, 1/3/6 AZs,
//!    against the floor.
//! 3. Start-up: `--version` and an offline `compose-gen`: median wall time and peak memory.
//! 4. Scale: `status`, `plan`, `up`, `teardown` with 0, 250 and 1,000 other file systems.
//! 5. Build: clean release build time and binary size (measured by scripts/bench.sh).
//! 6. Terraform: apply + destroy of efsctl's own export versus up + teardown, and unchanged
//!    plans, fault-free and under latency.
//! 7. An AWS-like profile (mount targets creating for 60 s): both tools against the floor.
//!
//! Requests are counted at the test proxy (tests/support/proxy), which forwards untouched here
//! except where latency and slow lifecycles are asked for. Writes docs/benchmarks.md.

#[path = "../../tests/support/mod.rs"]
mod support;

mod report;
mod run;
mod terraform;

use std::collections::BTreeMap;
use std::time::Duration;

use report::{Report, Row};
use run::{awscli_script, efsctl, median, median_u, must, secs};
use support::proxy::{Lifecycle, Proxy, ProxyConfig};

const AZS: [&str; 6] = [
    "us-east-1a",
    "us-east-1b",
    "us-east-1c",
    "us-east-1d",
    "us-east-1e",
    "us-east-1f",
];
const RUNS: usize = 5;

fn main() {
    // `cargo test --all-targets` runs harness-less benches too, without `--bench`: skip there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("e2e benchmark skipped: run it with `make bench` (cargo bench --bench e2e)");
        return;
    }
    // BENCH_ONLY=2,6 runs those sections alone (printed, docs/benchmarks.md left as it is).
    let only: Option<Vec<u32>> = std::env::var("BENCH_ONLY")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect());
    let want = |n: u32| only.as_ref().is_none_or(|o| o.contains(&n));
    // Start-up first, before moto and the SDK warm anything up.
    let mut report = Report::new();
    if want(3) {
        startup(&mut report);
    }
    let moto = support::endpoint();
    if want(1) {
        versus_awscli(&mut report, moto);
    }
    if want(2) {
        latency(&mut report, moto);
    }
    if want(4) {
        scale(&mut report, moto);
    }
    if want(5) {
        build(&mut report);
    }
    if want(6) {
        terraform::versus_terraform(&mut report, moto);
    }
    if want(7) {
        terraform::aws_like(&mut report, moto);
    }
    if only.is_none() {
        report.finish();
    }
}

fn counting_proxy(moto: &str, config: ProxyConfig) -> Proxy {
    Proxy::start(moto, config)
}

fn versus_awscli(report: &mut Report, moto: &str) {
    let proxy = counting_proxy(moto, ProxyConfig::default());
    let dir = tempfile::tempdir().unwrap();
    let azs = AZS[..3].join(",");
    let (mut ours, mut theirs, mut our_calls, mut their_calls) = (vec![], vec![], vec![], vec![]);
    for i in 0..RUNS {
        let name = format!("bench-efsctl-{i}");
        proxy.clear_log();
        let up = must(efsctl(
            &proxy.url(),
            dir.path(),
            &["up", "--name", &name, "--azs", &azs],
        ));
        let down = must(efsctl(
            &proxy.url(),
            dir.path(),
            &["teardown", "--name", &name, "--yes"],
        ));
        ours.push(up.wall + down.wall);
        our_calls.push(proxy.total_calls());

        let name = format!("bench-awscli-{i}");
        proxy.clear_log();
        let up = must(awscli_script(&proxy.url(), "awscli-up.sh", &[&name, &azs]));
        let down = must(awscli_script(&proxy.url(), "awscli-teardown.sh", &[&name]));
        theirs.push(up.wall + down.wall);
        their_calls.push(proxy.total_calls());
    }
    let (ours, theirs) = (median(ours), median(theirs));
    let ratio = theirs.as_secs_f64() / ours.as_secs_f64();
    let (our_calls, their_calls) = (median_u(our_calls), median_u(their_calls));
    report.section(
        "1. up + teardown, 3 AZs: efsctl versus an AWS CLI script",
        &format!("Median of {RUNS} runs each, same moto server, requests counted at the proxy. \
                  Baseline: bench/awscli-up.sh and bench/awscli-teardown.sh (same resources, same waits: \
                  `efsctl plan` finds nothing to change on what the script makes). efsctl also reads what the \
                  script takes for granted: whether the deployment exists before creating it, the VPC's DNS \
                  attributes (so the file system's name resolves), and, at teardown, access points and \
                  replication."),
        &["", "wall time (median)", "API requests"],
        vec![
            Row::new(&["efsctl", &secs(ours), &our_calls.to_string()]),
            Row::new(&["AWS CLI script", &secs(theirs), &their_calls.to_string()]),
        ],
        vec![
            report::goal("efsctl at least 20x faster", ratio >= 20.0, &format!("{ratio:.1}x")),
            report::goal("no more requests than the script", our_calls <= their_calls, &format!("{our_calls} vs {their_calls}")),
        ],
    );
}

/// Round trips no `up` can avoid: find the VPC, its subnets, create the mount target, see it
/// available. The file system's creation overlaps the discovery.
const FLOOR_ROUND_TRIPS: u32 = 4;

fn latency(report: &mut Report, moto: &str) {
    let rtt = Duration::from_millis(50);
    let creating = Duration::from_secs(3);
    let config = ProxyConfig {
        latency: rtt,
        lifecycle: Lifecycle {
            mt_creating: creating,
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    };
    let proxy = counting_proxy(moto, config);
    let dir = tempfile::tempdir().unwrap();
    let floor = creating + rtt * FLOOR_ROUND_TRIPS;
    let mut rows = vec![];
    let mut six = Duration::ZERO;
    for n in [1usize, 3, 6] {
        let name = format!("bench-latency-{n}");
        proxy.clear_log();
        let up = must(efsctl(
            &proxy.url(),
            dir.path(),
            &["up", "--name", &name, "--azs", &AZS[..n].join(",")],
        ));
        let calls = proxy.total_calls();
        if std::env::var_os("BENCH_TRACE").is_some() {
            trace(&proxy);
        }
        proxy.set_lifecycle(Lifecycle::default());
        must(efsctl(
            &proxy.url(),
            dir.path(),
            &["teardown", "--name", &name, "--yes"],
        ));
        proxy.set_lifecycle(Lifecycle {
            mt_creating: creating,
            ..Lifecycle::default()
        });
        if n == 6 {
            six = up.wall;
        }
        rows.push(Row::new(&[
            &n.to_string(),
            &secs(up.wall),
            &format!("{:.2}x", up.wall.as_secs_f64() / floor.as_secs_f64()),
            &calls.to_string(),
        ]));
    }
    let ratio = six.as_secs_f64() / floor.as_secs_f64();
    report.section(
        "2. Concurrency under latency: up with 50 ms per request, mount targets creating for 3 s",
        &format!("Floor = one mount-target creation (3 s) + {FLOOR_ROUND_TRIPS} unavoidable sequential round trips \
                  (DescribeVpcs, DescribeSubnets, CreateMountTarget, DescribeMountTargets) = {}. \
                  Sequential creation of 6 mount targets would take over 18 s.", secs(floor)),
        &["AZs", "up wall time", "vs floor", "API requests"],
        rows,
        vec![report::goal("6 AZs within 1.15x of the floor", ratio <= 1.15, &format!("{ratio:.2}x"))],
    );
}

/// BENCH_TRACE=1: each request of the last command, when it reached the proxy (ms from the
/// first), to see which calls ran one after another.
fn trace(proxy: &Proxy) {
    let log = proxy.log();
    let Some(first) = log.first().map(|l| l.received) else {
        return;
    };
    for l in &log {
        let ms = l.received.duration_since(first).as_millis();
        println!("  {ms:>6} ms  {} {}", l.operation, l.status);
    }
}

fn startup(report: &mut Report) {
    const N: usize = 200;
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![];
    let mut worst = (Duration::ZERO, 0i64);
    for (label, args) in [
        ("efsctl --version", vec!["--version"]),
        (
            "efsctl compose-gen --file-system-id (offline)",
            vec![
                "compose-gen",
                "--file-system-id",
                "fs-0123456789abcdef0",
                "--region",
                "us-east-1",
            ],
        ),
    ] {
        let mut walls = vec![];
        let mut rss = 0;
        for _ in 0..N {
            let m = must(efsctl("http://127.0.0.1:9", dir.path(), &args));
            walls.push(m.wall);
            rss = rss.max(m.max_rss_kib);
        }
        let med = median(walls);
        worst = (worst.0.max(med), worst.1.max(rss));
        rows.push(Row::new(&[
            label,
            &secs(med),
            &format!("{:.1} MB", rss as f64 / 1024.0),
        ]));
    }
    report.section(
        "3. Start-up",
        &format!("Median wall time of {N} runs (spawn to exit, as a shell would see it) and the highest peak RSS."),
        &["command", "wall time (median)", "peak memory"],
        rows,
        vec![
            report::goal("under 5 ms", worst.0 < Duration::from_millis(5), &secs(worst.0)),
            report::goal("under 10 MB", worst.1 < 10 * 1024, &format!("{:.1} MB", worst.1 as f64 / 1024.0)),
        ],
    );
}

fn scale(report: &mut Report, moto: &str) {
    let proxy = counting_proxy(moto, ProxyConfig::default());
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let aws = runtime.block_on(async { support::aws() });
    let mut others = 0;
    let mut rows = vec![];
    let mut times: BTreeMap<usize, Duration> = BTreeMap::new();
    let mut counts_note = String::new();
    for target in [0usize, 250, 1000] {
        runtime.block_on(create_other_file_systems(&aws, others, target));
        others = target;
        let name = format!("bench-scale-{target}");
        let azs = AZS.join(",");
        let timed = |args: &[&str]| {
            proxy.clear_log();
            let m = must(efsctl(&proxy.url(), dir.path(), args));
            (m.wall, proxy.total_calls(), proxy.log())
        };
        let (up, up_calls, up_log) = timed(&["up", "--name", &name, "--azs", &azs]);
        let status: Vec<_> = (0..RUNS)
            .map(|_| timed(&["status", "--name", &name]))
            .collect();
        let plan: Vec<_> = (0..RUNS)
            .map(|_| timed(&["plan", "--name", &name, "--azs", &azs]))
            .collect();
        let (down, down_calls, _) = timed(&["teardown", "--name", &name, "--yes"]);
        let status_med = median(status.iter().map(|s| s.0).collect());
        let plan_med = median(plan.iter().map(|s| s.0).collect());
        times.insert(target, status_med + plan_med + up + down);
        rows.push(Row::new(&[
            &target.to_string(),
            &format!("{} ({})", secs(up), up_calls),
            &format!("{} ({})", secs(status_med), status[0].1),
            &format!("{} ({})", secs(plan_med), plan[0].1),
            &format!("{} ({})", secs(down), down_calls),
        ]));
        if target == 1000 {
            let mut per_op: BTreeMap<String, usize> = BTreeMap::new();
            for l in up_log {
                *per_op.entry(l.operation).or_default() += 1;
            }
            counts_note = per_op
                .iter()
                .map(|(op, n)| format!("{op} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
        }
    }
    // Leave the emulator as it was found: the sections after this one measure a quiet account.
    runtime.block_on(delete_other_file_systems(&aws));
    let growth = times[&1000].as_secs_f64() / times[&0].as_secs_f64();
    report.section(
        "4. Scale: other file systems in the account",
        &format!(
            "Wall time (API requests) per command; status and plan are medians of {RUNS}. \
                  efsctl finds its file system by creation token and its groups by group name, so \
                  the number of requests does not depend on the account's size. \
                  Requests of `up` (6 AZs) with 1,000 other file systems: {counts_note}."
        ),
        &[
            "other file systems",
            "up, 6 AZs",
            "status",
            "plan",
            "teardown",
        ],
        rows,
        vec![report::goal(
            "linear (or better) growth, no repeated describe",
            growth < 1000.0 / 250.0,
            &format!("all four commands together: {growth:.2}x the time at 0"),
        )],
    );
}

async fn create_other_file_systems(aws: &support::Aws, from: usize, to: usize) {
    use futures_util::future::join_all;
    for chunk in (from..to).collect::<Vec<_>>().chunks(25) {
        join_all(chunk.iter().map(|i| async move {
            aws.efs
                .create_file_system()
                .creation_token(format!("other-{i}"))
                .send()
                .await
                .expect("create other file system");
        }))
        .await;
    }
}

fn build(report: &mut Report) {
    let seconds = std::env::var("BENCH_BUILD_SECONDS").ok();
    let bytes = std::env::var("BENCH_BINARY_BYTES")
        .ok()
        .and_then(|b| b.parse::<u64>().ok());
    let rows = match (seconds, bytes) {
        (Some(s), Some(b)) => vec![Row::new(&[
            &format!("{s} s"),
            &format!("{:.1} MB", b as f64 / 1_048_576.0),
        ])],
        _ => vec![Row::new(&["not measured (run `make bench`)", "-"])],
    };
    report.section(
        "5. Build",
        "Clean `cargo build --release` in an empty target directory, and the stripped binary's size. \
         Recorded to keep from growing, not a goal.",
        &["clean release build", "binary size"],
        rows,
        vec![],
    );
}

async fn delete_other_file_systems(aws: &support::Aws) {
    use futures_util::future::join_all;
    let listed: Vec<_> = aws
        .efs
        .describe_file_systems()
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    let ids: Vec<String> = listed
        .into_iter()
        .map(|fs| fs.expect("list file systems"))
        .filter(|fs| fs.creation_token().starts_with("other-"))
        .map(|fs| fs.file_system_id().to_string())
        .collect();
    for chunk in ids.chunks(25) {
        join_all(chunk.iter().map(|id| async move {
            aws.efs
                .delete_file_system()
                .file_system_id(id)
                .send()
                .await
                .expect("delete other file system");
        }))
        .await;
    }
}
