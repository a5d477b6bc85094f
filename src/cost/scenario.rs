//! The configurations the estimate prices: the user's choice, derived from the validated spec,
//! and the alternatives shown beside it so the choice of file system type and throughput mode
//! is visible in dollars.

use serde::Serialize;

use super::money::Qty;
use crate::model::FileSystemSpec;
use crate::model::Throughput;

/// Regional (multi-AZ) or One Zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FsType {
    Regional,
    OneZone,
}

/// Throughput mode, with the provisioned rate in MB/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", content = "mbps", rename_all = "kebab-case")]
pub enum Mode {
    Elastic,
    Bursting,
    Provisioned(Qty),
}

/// One configuration to price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scenario {
    pub file_system: FsType,
    pub throughput: Mode,
}

impl Scenario {
    pub fn from_spec(fs: &FileSystemSpec) -> Scenario {
        Scenario {
            file_system: if fs.one_zone.is_some() {
                FsType::OneZone
            } else {
                FsType::Regional
            },
            throughput: match fs.throughput {
                Throughput::Elastic => Mode::Elastic,
                Throughput::Bursting => Mode::Bursting,
                Throughput::Provisioned { mibps } => {
                    Mode::Provisioned(Qty::from_f64(mibps).unwrap_or_default())
                }
            },
        }
    }

    pub fn label(&self) -> String {
        let fs = match self.file_system {
            FsType::Regional => "Regional",
            FsType::OneZone => "One Zone",
        };
        match self.throughput {
            Mode::Elastic => format!("{fs}, Elastic"),
            Mode::Bursting => format!("{fs}, Bursting"),
            Mode::Provisioned(rate) => format!("{fs}, Provisioned {rate} MiB/s"),
        }
    }

    pub(super) fn has_archive(&self) -> bool {
        self.file_system == FsType::Regional && self.throughput == Mode::Elastic
    }

    /// The alternatives shown next to the choice: the other file system type, then the other
    /// throughput mode(s) among Elastic and Bursting.
    pub fn alternatives(&self) -> Vec<Scenario> {
        let other_fs = match self.file_system {
            FsType::Regional => FsType::OneZone,
            FsType::OneZone => FsType::Regional,
        };
        let mut out = vec![Scenario {
            file_system: other_fs,
            throughput: self.throughput,
        }];
        for mode in [Mode::Elastic, Mode::Bursting] {
            if mode != self.throughput {
                out.push(Scenario {
                    file_system: self.file_system,
                    throughput: mode,
                });
            }
        }
        out
    }
}
