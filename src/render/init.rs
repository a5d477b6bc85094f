//! The efsctl.yaml `efsctl init` writes: every setting `up` and `plan` take, each with its help
//! text and default as comments, and the values discovered in the account (region, VPC, AZs,
//! the Ray cluster's groups) set. The settings and their help come from the command-line
//! definitions themselves (the flags and the file share their names), so the file cannot drift
//! from `efsctl up --help`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cli::{file_settings, FileSetting};

/// First line of a file `efsctl init` wrote: `--force` is needed to replace any other.
pub const MARKER: &str = "Written by efsctl init";

/// Values to set in the file, by key; each a YAML value already (`us-east-1`, `[a, b]`).
pub type Values = BTreeMap<String, String>;

/// How an unset key reads as a commented example.
fn example(key: &str) -> &'static str {
    match key {
        "name" => "ray-shared",
        "region" => "us-east-1",
        "profile" => "default",
        "endpoint-url" => "http://localhost:5000",
        "ray-cluster" => "my-ray-cluster",
        "vpc" => "vpc-0a1b2c3d",
        "azs" => "[us-east-1a, us-east-1b]",
        "subnets" => "[subnet-0a1b2c3d, subnet-4e5f6a7b]",
        "one-zone" => "us-east-1a",
        "allow-sg" => "[sg-0ray0workers]",
        "allow-cidr" => "[10.0.0.0/16]",
        "kms-key" => "alias/efs",
        "throughput" => "elastic",
        "provisioned-mibps" => "128",
        "performance-mode" => "general-purpose",
        "backup" => "true",
        "transition-to-ia" => "30",
        "transition-to-archive" => "90",
        "transition-to-primary" => "none",
        "replicate-to" => "us-west-2",
        "replica-kms-key" => "alias/efs",
        "replica-one-zone" => "us-west-2a",
        "mount-mode" => "nfs",
        "iam-auth" => "false",
        "root-squash" => "false",
        "access-points" => "[{name: train, path: /ray/train, uid: 1000, gid: 100, mode: \"0750\"}]",
        "timeout" => "20m",
        "storage-gb" => "100",
        "ia-percent" => "0",
        "archive-percent" => "0",
        "read-gb-month" => "0",
        "write-gb-month" => "0",
        "prices" => "prices.yaml",
        "live-pricing" => "false",
        _ => "",
    }
}

/// `# text` lines, wrapped at about 96 columns.
fn comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > 96 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// The file: a header naming where the values came from, then every setting by section.
pub fn render(values: &Values, notes: &[String], schema_url: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(url) = schema_url {
        let _ = writeln!(out, "# yaml-language-server: $schema={url}");
    }
    let _ = writeln!(
        out,
        "# {MARKER}. The settings of `efsctl up` and `efsctl plan`, one key per flag (flags win)."
    );
    comment(
        &mut out,
        "Uncomment and change what you need; every key but name is optional. See docs/config.md.",
    );
    for note in notes {
        comment(&mut out, note);
    }
    let mut sections: Vec<(String, Vec<FileSetting>)> = Vec::new();
    for setting in file_settings() {
        match sections.iter_mut().find(|(h, _)| *h == setting.heading) {
            Some((_, list)) => list.push(setting),
            None => sections.push((setting.heading.clone(), vec![setting])),
        }
    }
    for (heading, settings) in sections {
        let _ = writeln!(out, "\n# --- {heading} ---");
        for setting in settings {
            comment(&mut out, &setting.help);
            let key = &setting.key;
            match values.get(key) {
                Some(value) => {
                    let _ = writeln!(out, "{key}: {value}");
                }
                None => {
                    let _ = writeln!(out, "# {key}: {}", example(key));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    #[test]
    fn every_key_is_there_and_the_file_reads_back() {
        let values: Values = [
            ("name", "ray-shared"),
            ("region", "us-east-1"),
            ("azs", "[us-east-1a, us-east-1b]"),
            ("allow-sg", "[sg-0123abcd]"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let text = render(&values, &["discovered from nothing".into()], None);
        let config = ConfigFile::parse(&text).expect("init's file is a valid config");
        assert_eq!(config.name.as_deref(), Some("ray-shared"));
        assert_eq!(config.azs.unwrap(), ["us-east-1a", "us-east-1b"]);
        for key in [
            "ray-cluster",
            "vpc",
            "subnets",
            "one-zone",
            "allow-cidr",
            "kms-key",
            "throughput",
            "backup",
            "transition-to-ia",
            "replicate-to",
            "mount-mode",
            "iam-auth",
            "root-squash",
            "access-points",
            "timeout",
            "storage-gb",
            "live-pricing",
            "profile",
            "endpoint-url",
        ] {
            assert!(
                text.contains(&format!("# {key}: ")),
                "{key} missing:\n{text}"
            );
        }
        // Every commented example is itself a valid setting.
        let uncommented: String = text
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| {
                l.split_once(": ").is_some_and(|(k, _)| {
                    k.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !values.contains_key(k)
                })
            })
            .map(|l| format!("{l}\n"))
            .collect();
        ConfigFile::parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
    }
}
