//! What `efsctl plan` prints: the steps `up` would take and the cost estimate, as tables or as
//! one JSON document. One type, two renderings, so text and JSON always say the same thing.

use serde::Serialize;

use super::{cost, tables};
use crate::cost::CostReport;
use crate::plan::{mount_targets, Action, Op, Plan, Step};

/// The result of `efsctl plan`.
#[derive(Debug, Clone, Serialize)]
pub struct Preview<'a> {
    pub name: &'a str,
    pub region: &'a str,
    /// True when `up` would change something (what `--detailed-exitcode` reports as 2).
    pub changes: bool,
    pub summary: Summary,
    pub steps: &'a [Step],
    /// Non-empty: `up` would refuse and change nothing.
    pub blockers: &'a [String],
    pub cost: &'a CostReport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub replace: usize,
    pub delete: usize,
    pub keep: usize,
}

impl<'a> Preview<'a> {
    pub fn new(name: &'a str, region: &'a str, plan: &'a Plan, cost: &'a CostReport) -> Self {
        Preview {
            name,
            region,
            changes: plan.has_changes(),
            summary: Summary {
                create: plan.count(Action::Create),
                update: plan.count(Action::Update),
                replace: plan.count(Action::Replace),
                delete: plan.count(Action::Delete),
                keep: plan.count(Action::Keep),
            },
            steps: &plan.steps,
            blockers: &plan.blockers,
            cost,
        }
    }

    /// Tables: the plan, then the cost estimate.
    pub fn table(&self) -> String {
        let mut out = format!("Deployment {} in {}:\n", self.name, self.region);
        let labelled = Plan {
            steps: self
                .steps
                .iter()
                .map(|s| Step {
                    resource: resource_label(s),
                    ..s.clone()
                })
                .collect(),
            blockers: self.blockers.to_vec(),
        };
        out.push_str(&tables::plan(&labelled));
        if !self.blockers.is_empty() {
            out.push_str("up would refuse to run until the blockers above are resolved.\n");
        }
        out.push('\n');
        out.push_str(&cost::report(self.cost));
        out
    }
}

impl std::fmt::Display for Preview<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.table())
    }
}

/// The step's resource, with the subnet added for mount targets kept or deleted (the planner's
/// label names only the mount target id there).
fn resource_label(step: &Step) -> String {
    match &step.op {
        Op::MountTarget(
            mount_targets::Op::Keep { subnet_id, .. } | mount_targets::Op::Delete { subnet_id, .. },
        ) => {
            format!("{} in {subnet_id}", step.resource)
        }
        _ => step.resource.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::prices::PriceTable;
    use crate::model::{IngressRule, IngressSource, NewMountTarget, Ref};
    use crate::plan::{rules, security_group};

    fn plan() -> Plan {
        let step = |action, resource: &str, op: Op, reason: &str| Step {
            action,
            resource: resource.to_string(),
            op,
            reason: reason.to_string(),
        };
        Plan {
            steps: vec![
                step(
                    Action::Keep,
                    "security group sg-1",
                    security_group::Op::Keep {
                        id: "sg-1".into(),
                        vpc_id: "vpc-1".into(),
                    }
                    .into(),
                    "exists",
                ),
                step(
                    Action::Create,
                    "ingress rule tcp/2049 from 10.0.0.0/16",
                    rules::Op::Authorize {
                        rule: IngressRule::nfs_from(IngressSource::Cidr("10.0.0.0/16".into())),
                        group_id: Ref::existing("sg-1"),
                    }
                    .into(),
                    "NFS access requested but not granted",
                ),
                step(
                    Action::Keep,
                    "mount target us-east-1a (fsmt-1)",
                    mount_targets::Op::Keep {
                        id: "fsmt-1".into(),
                        availability_zone: "us-east-1a".into(),
                        subnet_id: "subnet-0a".into(),
                        current: Box::new(crate::plan::tests::mount_target("us-east-1a")),
                    }
                    .into(),
                    "exists",
                ),
                step(
                    Action::Create,
                    "mount target us-east-1b (subnet-0b)",
                    mount_targets::Op::Create {
                        availability_zone: "us-east-1b".into(),
                        subnet_id: "subnet-0b".into(),
                        request: NewMountTarget {
                            file_system_id: Ref::existing("fs-1"),
                            subnet_id: "subnet-0b".into(),
                            security_groups: vec![Ref::existing("sg-1")],
                        },
                    }
                    .into(),
                    "AZ us-east-1b has no mount target",
                ),
            ],
            blockers: vec![],
        }
    }

    fn cost() -> CostReport {
        CostReport {
            region: "eu-west-1".into(),
            price_table: PriceTable::embedded().info,
            covered_regions: vec!["us-east-1".into()],
            assumptions: vec!["an assumption".into()],
            estimates: vec![],
            note: Some("no cost estimate: no prices for eu-west-1".into()),
            warnings: vec![],
        }
    }

    #[test]
    fn json_is_one_document_with_steps_summary_and_cost() {
        let plan = plan();
        let cost = cost();
        let doc = serde_json::to_value(Preview::new("ray", "eu-west-1", &plan, &cost)).unwrap();
        assert_eq!(doc["name"], "ray");
        assert_eq!(doc["changes"], true);
        assert_eq!(
            doc["summary"],
            serde_json::json!({"create": 2, "update": 0, "replace": 0, "delete": 0, "keep": 2})
        );
        let steps = doc["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[3]["action"], "create");
        assert_eq!(steps[3]["op"], "create-mount-target");
        assert_eq!(steps[3]["availability_zone"], "us-east-1b");
        assert_eq!(steps[3]["subnet_id"], "subnet-0b");
        assert_eq!(steps[3]["reason"], "AZ us-east-1b has no mount target");
        assert_eq!(doc["blockers"], serde_json::json!([]));
        assert_eq!(doc["cost"]["region"], "eu-west-1");
        assert!(doc["cost"]["note"].as_str().unwrap().contains("no prices"));
        assert!(doc["cost"]["price_table"]["date"].is_string());
    }

    #[test]
    fn json_cost_lines_carry_numbers() {
        let plan = Plan::default();
        let fs = crate::model::FileSystemSpec {
            performance_mode: crate::model::PerformanceMode::GeneralPurpose,
            throughput: crate::model::Throughput::Elastic,
            kms_key: None,
            one_zone: None,
            backup: true,
            lifecycle: crate::model::Lifecycle {
                transition_to_ia: crate::model::TransitionDays::new(30),
                transition_to_archive: crate::model::TransitionDays::new(90),
                transition_to_primary_on_first_access: false,
            },
            replica: None,
        };
        let usage = crate::cost::Usage {
            storage_gb: crate::cost::money::Qty::whole(500),
            ia_bp: 6000,
            archive_bp: 0,
            read_gb: crate::cost::money::Qty::whole(2000),
            write_gb: crate::cost::money::Qty::whole(300),
            defaulted: vec![],
        };
        let cost = crate::cost::report(&PriceTable::embedded(), "us-east-1", &fs, &usage);
        let doc = serde_json::to_value(Preview::new("ray", "us-east-1", &plan, &cost)).unwrap();
        assert_eq!(doc["changes"], false);
        let chosen = &doc["cost"]["estimates"][0];
        assert_eq!(chosen["chosen"], true);
        assert_eq!(chosen["total"], 156.6);
        assert_eq!(chosen["scenario"]["file_system"], "regional");
        assert_eq!(chosen["lines"][0]["item"], "Standard storage");
        assert_eq!(chosen["lines"][0]["quantity"], 200.0);
        assert_eq!(chosen["lines"][0]["unit_price"], 0.3);
        assert_eq!(chosen["lines"][0]["amount"], 60.0);
    }

    #[test]
    fn table_shows_every_step_with_az_and_subnet() {
        let plan = plan();
        let cost = cost();
        let text = Preview::new("ray", "eu-west-1", &plan, &cost).table();
        assert!(text.starts_with("Deployment ray in eu-west-1:"), "{text}");
        assert!(
            text.contains("mount target us-east-1a (fsmt-1) in subnet-0a"),
            "{text}"
        );
        assert!(
            text.contains("mount target us-east-1b (subnet-0b)"),
            "{text}"
        );
        assert!(
            text.contains("NFS access requested but not granted"),
            "{text}"
        );
        assert!(text.contains("Plan: 2 to create, 0 to update, 0 to delete, 2 unchanged."));
        assert!(text.contains("no prices for eu-west-1"), "{text}");
    }

    #[test]
    fn blockers_are_shown() {
        let mut plan = plan();
        plan.blockers
            .push("file system fs-1 is max-io, not general-purpose".into());
        let cost = cost();
        let text = Preview::new("ray", "eu-west-1", &plan, &cost).table();
        assert!(
            text.contains("blocked: file system fs-1 is max-io"),
            "{text}"
        );
        assert!(text.contains("up would refuse"), "{text}");
    }
}
