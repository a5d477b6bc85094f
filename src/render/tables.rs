//! Human-readable tables (comfy-table) for plans, `up` results and `status`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, ContentArrangement, Table};

use crate::model::{
    policy_summary, AccessPoint, BackupStatus, FileSystem, Lifecycle, MountTarget, Replication,
    SecurityGroup,
};
use crate::plan::{Action, Plan};

pub(super) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().map(Cell::new));
    t
}

/// The plan as a table: action, resource, reason; then a one-line summary.
pub fn plan(plan: &Plan) -> String {
    let mut out = String::new();
    if !plan.steps.is_empty() {
        let mut t = table(&["Action", "Resource", "Why"]);
        for s in &plan.steps {
            t.add_row(vec![
                s.action.to_string(),
                s.resource.clone(),
                s.reason.clone(),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    for b in &plan.blockers {
        out.push_str(&format!("blocked: {b}\n"));
    }
    out.push_str(&summary(plan));
    out.push('\n');
    out
}

/// "Plan: 3 to create, 1 to update, 0 to delete, 2 unchanged." or "No changes."
pub fn summary(plan: &Plan) -> String {
    if !plan.has_changes() {
        return "No changes: the deployment matches the request.".to_string();
    }
    let replace = match plan.count(Action::Replace) {
        0 => String::new(),
        n => format!("{n} to replace, "),
    };
    format!(
        "Plan: {} to create, {} to update, {replace}{} to delete, {} unchanged.",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Delete),
        plan.count(Action::Keep)
    )
}

/// The file system summary lines and the mount target table.
pub fn deployment(
    fs: &FileSystem,
    region: &str,
    group: Option<&SecurityGroup>,
    group_id: Option<&str>,
    mts: &[MountTarget],
) -> String {
    let mut t = table(&["Property", "Value"]);
    let storage = fs
        .availability_zone
        .as_ref()
        .map_or("Regional".to_string(), |z| format!("One Zone ({z})"));
    let encryption = match (&fs.encrypted, &fs.kms_key_id) {
        (true, Some(k)) => format!("at rest, {k}"),
        (true, None) => "at rest".to_string(),
        (false, _) => "NOT encrypted".to_string(),
    };
    t.add_row(vec![
        "File system".to_string(),
        format!("{} ({})", fs.id, fs.state),
    ]);
    t.add_row(vec!["DNS name".to_string(), fs.dns_name(region)]);
    t.add_row(vec!["Storage".to_string(), storage]);
    t.add_row(vec![
        "Performance".to_string(),
        format!("{}, {} throughput", fs.performance_mode, fs.throughput),
    ]);
    t.add_row(vec!["Encryption".to_string(), encryption]);
    t.add_row(vec!["Size".to_string(), human_bytes(fs.size.total)]);
    if let Some(id) = group.map(|g| g.id.as_str()).or(group_id) {
        t.add_row(vec!["Security group".to_string(), id.to_string()]);
    }
    if let Some(g) = group {
        let rules: Vec<String> = g.ingress.iter().map(|r| r.to_string()).collect();
        t.add_row(vec![
            "Ingress".to_string(),
            if rules.is_empty() {
                "(none)".into()
            } else {
                rules.join("\n")
            },
        ]);
    }
    let mut out = t.to_string();
    out.push('\n');
    if !mts.is_empty() {
        out.push_str(&mount_targets(mts));
    }
    out
}

/// How the data is kept: backups, lifecycle, replication (what `status` read).
pub fn keeping(
    backup: Option<BackupStatus>,
    lifecycle: Option<&Lifecycle>,
    replication: Option<&Replication>,
) -> String {
    let mut t = table(&["Keeping the data", "Value"]);
    if let Some(b) = backup {
        t.add_row(vec!["Automatic backups".to_string(), b.to_string()]);
    }
    if let Some(l) = lifecycle {
        t.add_row(vec!["Lifecycle".to_string(), l.to_string()]);
    }
    let replication = match replication {
        None => "none".to_string(),
        Some(r) => {
            let mut text = format!(
                "to {} ({}): {}, last replicated {}",
                r.region,
                r.destination_file_system_id,
                r.status,
                r.last_replicated.as_deref().unwrap_or("never yet")
            );
            if let Some(m) = &r.status_message {
                text.push_str(&format!(" ({m})"));
            }
            text
        }
    };
    t.add_row(vec!["Replication".to_string(), replication]);
    format!("{t}\n")
}

/// Who may mount, and as whom: the mount mode, the policy's effect, the access points.
pub fn clients(
    mount_mode: Option<&str>,
    policy: Option<&serde_json::Value>,
    access_points: &[AccessPoint],
) -> String {
    let mut t = table(&["Clients", "Value"]);
    t.add_row(vec![
        "Mount mode".to_string(),
        mount_mode.unwrap_or("not recorded (nfs)").to_string(),
    ]);
    let policy = match policy {
        None => "none (EFS's default: any client reaching a mount target)".to_string(),
        Some(doc) => {
            let set_by = if doc["Id"].as_str().is_some_and(|i| i.starts_with("efsctl-")) {
                "efsctl"
            } else {
                "someone else"
            };
            format!("{} (set by {set_by})", policy_summary(doc))
        }
    };
    t.add_row(vec!["File system policy".to_string(), policy]);
    for ap in access_points {
        t.add_row(vec![
            format!(
                "Access point {}",
                ap.name.as_deref().unwrap_or("(not efsctl's)")
            ),
            format!(
                "{} {} as {}:{} mode {}",
                ap.id,
                ap.path,
                ap.uid.map_or("-".into(), |u| u.to_string()),
                ap.gid.map_or("-".into(), |g| g.to_string()),
                ap.mode.as_deref().unwrap_or("-")
            ),
        ]);
    }
    format!("{t}\n")
}

pub fn mount_targets(mts: &[MountTarget]) -> String {
    let mut t = table(&["AZ", "Subnet", "IP", "State", "Mount target"]);
    for m in mts {
        t.add_row(vec![
            m.availability_zone.clone(),
            m.subnet_id.clone(),
            m.ip_address.clone().unwrap_or_else(|| "-".into()),
            m.state.to_string(),
            m.id.clone(),
        ]);
    }
    format!("{t}\n")
}

/// 1536 -> "1.5 KiB".
pub fn human_bytes(n: i64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_human() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(6144), "6.0 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }
}
