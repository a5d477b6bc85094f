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
fn a_new_group_asks_for_the_no_egress_rule_in_its_create_request() {
    let plan = plan_up(&desired(&[A]), &Observed::default());
    assert!(egress_ops(&plan).is_empty());
    let request = plan
        .ops::<security_group::Op>()
        .find_map(|op| match op {
            security_group::Op::Create { request, .. } => Some(request.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(request.egress, [IngressRule::no_egress()]);
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
