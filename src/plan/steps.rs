//! The plan as data: [`Op`], the sum of every resource kind's step type (one line per kind in
//! the `kinds!` table), [`Step`] (an op with its action, resource and reason) and [`Plan`].

use serde::Serialize;

use super::action::{Action, Describe};
use super::{
    access_points, backup, file_system, lifecycle, mount_targets, policy, replication, rules,
    security_group,
};

/// One line per resource kind: the variant of [`Op`] and the kind's own step type.
macro_rules! kinds {
    ($($variant:ident($kind:ty)),+ $(,)?) => {
        /// One step of any resource kind. In JSON, the kind's own fields (`op` names the step).
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Op {
            $($variant($kind),)+
        }

        impl Describe for Op {
            fn action(&self) -> Action {
                match self { $(Op::$variant(op) => op.action(),)+ }
            }
            fn resource(&self) -> String {
                match self { $(Op::$variant(op) => op.resource(),)+ }
            }
            fn check(&self) -> Result<(), String> {
                match self { $(Op::$variant(op) => op.check(),)+ }
            }
        }

        $(
            impl From<$kind> for Op {
                fn from(op: $kind) -> Op {
                    Op::$variant(op)
                }
            }

            impl Kind for $kind {
                fn pick(op: &Op) -> Option<&Self> {
                    match op {
                        Op::$variant(op) => Some(op),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )+
    };
}

kinds! {
    SecurityGroup(security_group::Op),
    Rule(rules::Op),
    FileSystem(file_system::Op),
    Backup(backup::Op),
    Lifecycle(lifecycle::Op),
    Replication(replication::Op),
    Policy(policy::Op),
    AccessPoint(access_points::Op),
    MountTarget(mount_targets::Op),
}

/// A resource kind's step type, as found in a plan.
pub trait Kind: Describe + Sized {
    fn pick(op: &Op) -> Option<&Self>;
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub action: Action,
    /// Human name of the resource, e.g. "mount target us-east-1a (subnet-0a)".
    pub resource: String,
    #[serde(flatten)]
    pub op: Op,
    pub reason: String,
}

impl Step {
    pub fn new(op: impl Into<Op>, reason: impl Into<String>) -> Step {
        let op = op.into();
        Step {
            action: op.action(),
            resource: op.resource(),
            op,
            reason: reason.into(),
        }
    }
}

/// An ordered list of steps, plus blockers: differences efsctl will not resolve by itself
/// (they would need a new file system, or the deployment lives elsewhere). `up` refuses to
/// change anything while a plan has blockers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub blockers: Vec<String>,
}

impl Plan {
    /// Steps that change something (everything but `keep`).
    pub fn changes(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.action != Action::Keep)
    }

    pub fn has_changes(&self) -> bool {
        self.changes().next().is_some()
    }

    pub fn count(&self, action: Action) -> usize {
        self.steps.iter().filter(|s| s.action == action).count()
    }

    /// The steps of one resource kind, in plan order.
    pub fn ops<'a, K: Kind + 'a>(&'a self) -> impl Iterator<Item = &'a K> {
        self.steps.iter().filter_map(|s| K::pick(&s.op))
    }

    /// Appends a kind's planned steps.
    pub fn extend<O: Into<Op>>(&mut self, steps: Vec<(O, String)>) {
        self.steps
            .extend(steps.into_iter().map(|(op, why)| Step::new(op, why)));
    }

    /// Every create request held to the API reference's rules, before anything is written:
    /// the first one broken, as a sentence naming the step.
    pub fn check_requests(&self) -> Result<(), String> {
        for step in self.changes() {
            step.op
                .check()
                .map_err(|why| format!("{}: {why}", step.resource))?;
        }
        Ok(())
    }
}
