//! The benchmark report: printed as it goes, and written to docs/benchmarks.md at the end.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

pub struct Row(Vec<String>);

impl Row {
    pub fn new(cells: &[&str]) -> Row {
        Row(cells.iter().map(|c| c.to_string()).collect())
    }
}

pub struct Goal {
    text: String,
    met: bool,
    measured: String,
}

pub fn goal(text: &str, met: bool, measured: &str) -> Goal {
    Goal {
        text: text.to_string(),
        met,
        measured: measured.to_string(),
    }
}

pub struct Report {
    body: String,
    goals: Vec<Goal>,
}

impl Report {
    pub fn new() -> Report {
        Report {
            body: String::new(),
            goals: Vec::new(),
        }
    }

    pub fn section(
        &mut self,
        title: &str,
        note: &str,
        header: &[&str],
        rows: Vec<Row>,
        goals: Vec<Goal>,
    ) {
        let mut s = format!(
            "## {title}\n\n{note}\n\n| {} |\n|{}\n",
            header.join(" | "),
            "---|".repeat(header.len())
        );
        for r in rows {
            let _ = writeln!(s, "| {} |", r.0.join(" | "));
        }
        for g in &goals {
            let _ = writeln!(
                s,
                "\n**Goal:** {} — measured {} — {}",
                g.text,
                g.measured,
                if g.met { "met" } else { "**missed**" }
            );
        }
        s.push('\n');
        print!("{s}");
        self.body.push_str(&s);
        self.goals.extend(goals);
    }

    pub fn finish(self) {
        let met = self.goals.iter().filter(|g| g.met).count();
        let mut doc = String::from("# Benchmarks\n\n");
        let _ = writeln!(doc, "Reproduce with `make bench` (installs moto and the AWS CLI into local venvs, \
                               measures a clean release build, then runs `cargo bench --bench e2e`; \
                               Terraform and the hashicorp/aws provider come from the machine: \
                               `terraform` on PATH, the provider in /opt/tf-plugins or `EFSCTL_TF_PLUGINS`).\n");
        let _ = writeln!(doc, "- Date: {}", shell("date -u +%Y-%m-%dT%H:%MZ"));
        let _ = writeln!(
            doc,
            "- Machine: {} cores ({}), {}",
            cores(),
            cpu_model(),
            memory()
        );
        let _ = writeln!(
            doc,
            "- Toolchain: {}; moto {}",
            shell("rustc --version"),
            shell(".venv/bin/pip show moto 2>/dev/null | sed -n 's/^Version: //p'")
        );
        let _ = writeln!(doc, "- Goals met: {met} of {}\n", self.goals.len());
        doc.push_str(&self.body);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/benchmarks.md");
        std::fs::write(&path, doc).expect("write docs/benchmarks.md");
        println!(
            "bench: {met} passed, {} failed (goals); wrote {}",
            self.goals.len() - met,
            path.display()
        );
    }
}

fn shell(cmd: &str) -> String {
    Command::new("sh")
        .args(["-c", cmd])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn cpu_model() -> String {
    shell("sed -n 's/^model name\\s*: //p' /proc/cpuinfo | head -1")
}

fn memory() -> String {
    shell("awk '/MemTotal/ {printf \"%.0f GiB RAM\", $2/1048576}' /proc/meminfo")
}
