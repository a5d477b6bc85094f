//! Planning the group's outbound rules: exactly the no-egress rule.

use super::*;

fn egress_ops(plan: &Plan) -> Vec<(Action, String)> {
    plan.steps
        .iter()
        .filter(|s| egress(s))
        .map(|s| (s.action, s.resource.clone()))
        .collect()
}

#[test]
fn a_new_group_gets_the_no_egress_rule_in_place_of_the_default() {
    let plan = plan_up(&desired(&[A]), &Observed::default());
    assert_eq!(
        egress_ops(&plan),
        [(
            Action::Create,
            "egress rule all to 127.0.0.1/32".to_string()
        )]
    );
    // On the group the plan creates (the applier revokes EC2's default rule first).
    assert!(plan.ops::<rules::Op>().all(|op| match op {
        rules::Op::RevokeEgress { group_id, .. } | rules::Op::AuthorizeEgress { group_id, .. } => {
            *group_id == Ref::Planned
        }
        _ => true,
    }));
}

#[test]
fn an_existing_group_keeps_the_rule_and_loses_any_other() {
    let want = desired(&[A]);
    assert_eq!(
        egress_ops(&plan_up(&want, &converged(&want))),
        [(Action::Keep, "egress rule all to 127.0.0.1/32".to_string())]
    );
    // A group made before efsctl removed the default rule.
    let mut have = converged(&want);
    have.security_groups[0].egress = vec![IngressRule {
        protocol: "-1".into(),
        from_port: -1,
        to_port: -1,
        source: IngressSource::Cidr("0.0.0.0/0".into()),
    }];
    assert_eq!(
        egress_ops(&plan_up(&want, &have)),
        [
            (Action::Delete, "egress rule all to 0.0.0.0/0".to_string()),
            (
                Action::Create,
                "egress rule all to 127.0.0.1/32".to_string()
            ),
        ]
    );
}
