//! Keeping the data: the lifecycle policy (when files move to Infrequent Access and Archive, and
//! back) and the automatic-backup state of a file system, in EFS's own terms.

use std::fmt;

use serde::{Serialize, Serializer};

/// The ages EFS offers for a transition (`TransitionToIARules`, `TransitionToArchiveRules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TransitionDays(u16);

impl TransitionDays {
    /// Every value AWS offers, in days.
    pub const OFFERED: [u16; 9] = [1, 7, 14, 30, 60, 90, 180, 270, 365];

    /// `Some` for a value AWS offers.
    pub fn new(days: u16) -> Option<Self> {
        Self::OFFERED
            .contains(&days)
            .then_some(TransitionDays(days))
    }
    pub fn days(self) -> u16 {
        self.0
    }
    /// The API's name: `AFTER_1_DAY`, `AFTER_30_DAYS`, ...
    pub fn api_name(self) -> String {
        match self.0 {
            1 => "AFTER_1_DAY".to_string(),
            n => format!("AFTER_{n}_DAYS"),
        }
    }
    /// From the API's name; `None` for anything else.
    pub fn from_api_name(name: &str) -> Option<Self> {
        let days = name
            .strip_prefix("AFTER_")?
            .trim_end_matches("_DAYS")
            .trim_end_matches("_DAY");
        Self::new(days.parse().ok()?)
    }
}

impl fmt::Display for TransitionDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 day"),
            n => write!(f, "{n} days"),
        }
    }
}

impl Serialize for TransitionDays {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

/// A file system's lifecycle policy: each transition, or none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Lifecycle {
    /// Files not accessed for this long move to Infrequent Access.
    pub transition_to_ia: Option<TransitionDays>,
    /// ... and to Archive (Regional file systems with Elastic throughput only).
    pub transition_to_archive: Option<TransitionDays>,
    /// Files in IA or Archive move back to Standard when first accessed.
    pub transition_to_primary_on_first_access: bool,
}

impl Lifecycle {
    pub fn is_empty(&self) -> bool {
        *self == Lifecycle::default()
    }
}

impl fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(d) = self.transition_to_ia {
            parts.push(format!("IA after {d}"));
        }
        if let Some(d) = self.transition_to_archive {
            parts.push(format!("Archive after {d}"));
        }
        if self.transition_to_primary_on_first_access {
            parts.push("back to Standard on first access".to_string());
        }
        if parts.is_empty() {
            f.write_str("no transitions (all data stays in Standard)")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// Automatic backups (AWS Backup's default plan for EFS), as `DescribeBackupPolicy` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BackupStatus {
    Enabled,
    Enabling,
    Disabled,
    Disabling,
}

impl BackupStatus {
    pub fn parse(status: &str) -> Self {
        match status {
            "ENABLED" => Self::Enabled,
            "ENABLING" => Self::Enabling,
            "DISABLING" => Self::Disabling,
            _ => Self::Disabled,
        }
    }
    /// Where the status is heading: on (enabled or enabling) or off.
    pub fn is_on(self) -> bool {
        matches!(self, Self::Enabled | Self::Enabling)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enabled => "enabled",
            Self::Enabling => "enabling",
            Self::Disabled => "disabled",
            Self::Disabling => "disabling",
        }
    }
}

impl fmt::Display for BackupStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_the_ones_aws_offers_with_their_api_names() {
        assert!(TransitionDays::new(30).is_some());
        assert!(TransitionDays::new(31).is_none());
        assert!(TransitionDays::new(0).is_none());
        for d in TransitionDays::OFFERED {
            let t = TransitionDays::new(d).unwrap();
            assert_eq!(TransitionDays::from_api_name(&t.api_name()), Some(t));
        }
        assert_eq!(TransitionDays::new(1).unwrap().api_name(), "AFTER_1_DAY");
        assert_eq!(TransitionDays::new(90).unwrap().api_name(), "AFTER_90_DAYS");
        assert_eq!(TransitionDays::from_api_name("AFTER_1_ACCESS"), None);
    }

    #[test]
    fn a_lifecycle_reads_as_a_sentence() {
        let l = Lifecycle {
            transition_to_ia: TransitionDays::new(30),
            transition_to_archive: TransitionDays::new(90),
            transition_to_primary_on_first_access: true,
        };
        assert_eq!(
            l.to_string(),
            "IA after 30 days, Archive after 90 days, back to Standard on first access"
        );
        assert!(Lifecycle::default()
            .to_string()
            .starts_with("no transitions"));
    }
}
