//! What the lifecycle lets the usage assumptions be: the estimate never prices tiering that
//! `up` will not produce. An Infrequent Access share without a transition to IA stays in
//! Standard; an Archive share without a transition to Archive stays where files go instead (IA,
//! or Standard). Each such correction is a warning; what the estimate assumes when no share was
//! given, and what it leaves out (backups, the replica), are assumption lines.

use super::{percent, Usage};
use crate::model::{FileSystemSpec, Lifecycle};

/// The usage as the lifecycle allows it, and a warning for each share it moved.
pub fn as_the_lifecycle_allows(usage: &Usage, lifecycle: &Lifecycle) -> (Usage, Vec<String>) {
    let mut u = usage.clone();
    let mut warnings = Vec::new();
    if u.archive_bp > 0 && lifecycle.transition_to_archive.is_none() {
        let to_ia = lifecycle.transition_to_ia.is_some();
        warnings.push(format!(
            "--archive-percent {}: the lifecycle has no transition to Archive \
             (--transition-to-archive none), so up will not move data there; the estimate prices \
             that share as {}",
            percent(u.archive_bp),
            if to_ia {
                "Infrequent Access"
            } else {
                "Standard"
            }
        ));
        if to_ia {
            u.ia_bp += u.archive_bp;
        }
        u.archive_bp = 0;
    }
    if u.ia_bp > 0 && lifecycle.transition_to_ia.is_none() {
        warnings.push(format!(
            "--ia-percent {}: the lifecycle has no transition to Infrequent Access \
             (--transition-to-ia none), so up will not move data there; the estimate prices that \
             share as Standard",
            percent(u.ia_bp)
        ));
        u.ia_bp = 0;
    }
    (u, warnings)
}

/// What the estimate assumes about tiering, backups and the replica.
pub fn assumptions(usage: &Usage, fs: &FileSystemSpec) -> Vec<String> {
    let mut lines = Vec::new();
    let no_shares =
        usage.defaulted.contains(&"ia-percent") && usage.defaulted.contains(&"archive-percent");
    if no_shares && !fs.lifecycle.is_empty() {
        lines.push(format!(
            "No --ia-percent or --archive-percent given: all data is priced as Standard. The \
             lifecycle ({}) moves files not read for that long to cheaper classes; give the \
             shares you expect to see the saving",
            fs.lifecycle
        ));
    }
    lines.push(if fs.backup {
        "Backups are on (--no-backup turns them off): billed by AWS Backup per GB-month of \
         backup storage, not included here"
            .to_string()
    } else {
        "Backups are off (--no-backup): no AWS Backup charges".to_string()
    });
    if let Some(replica) = &fs.replica {
        lines.push(format!(
            "Not included: the replica in {} (billed there as a file system of its own) and the \
             data transfer of replication",
            replica.region
        ));
    }
    lines
}
