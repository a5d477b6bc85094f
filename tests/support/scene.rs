//! A scene: one deployment name and its own 3-AZ VPC, with shortcuts for the commands a test
//! runs against them, so a test reads as what it does instead of spelling out `up`'s argument
//! list each time.
//!
//! ```ignore
//! let scene = Scene::new("rerun").await;
//! scene.up(&["-o", "json"]).success();
//! scene.assert_deployed(&AZS).await;
//! scene.teardown(&[]).success();
//! ```

use super::{aws, efsctl, unique_name, Aws, Deployed, Run, TestVpc};

/// The three AZs of [`Aws::create_vpc_3az`].
pub const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

#[derive(Clone, Debug)]
pub struct Scene {
    pub aws: Aws,
    pub vpc: TestVpc,
    pub name: String,
}

impl Scene {
    /// A fresh deployment name (`PREFIX-pid-n`) and a new VPC 10.9.0.0/16 with one subnet in
    /// each of us-east-1a, b and c.
    pub async fn new(prefix: &str) -> Scene {
        let aws = aws();
        let vpc = aws.create_vpc_3az().await;
        Scene {
            aws,
            vpc,
            name: unique_name(prefix),
        }
    }

    /// Owned copies of the clients, the VPC and the name, for tests that use them directly.
    pub fn parts(&self) -> (Aws, TestVpc, String) {
        (self.aws.clone(), self.vpc.clone(), self.name.clone())
    }

    /// `COMMAND --name NAME [--vpc VPC] EXTRA...`: the VPC for `up` and `plan`, which place
    /// mount targets.
    pub fn args(&self, command: &str, extra: &[&str]) -> Vec<String> {
        let mut args = vec![command.to_string(), "--name".into(), self.name.clone()];
        if matches!(command, "up" | "plan") {
            args.extend(["--vpc".to_string(), self.vpc.id.clone()]);
        }
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    }

    pub fn run(&self, command: &str, extra: &[&str]) -> Run {
        let args = self.args(command, extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        efsctl(&args)
    }

    pub fn up(&self, extra: &[&str]) -> Run {
        self.run("up", extra)
    }
    pub fn plan(&self, extra: &[&str]) -> Run {
        self.run("plan", extra)
    }
    pub fn status(&self, extra: &[&str]) -> Run {
        self.run("status", extra)
    }
    /// `teardown --yes`.
    pub fn teardown(&self, extra: &[&str]) -> Run {
        let mut with_yes = vec!["--yes"];
        with_yes.extend_from_slice(extra);
        self.run("teardown", &with_yes)
    }

    /// The deployment is exactly one file system, one group in the scene's VPC and an available
    /// mount target in each of `azs` (see [`Aws::assert_deployed`]).
    pub async fn assert_deployed(&self, azs: &[&str]) -> Deployed {
        self.aws
            .assert_deployed(&self.name, &self.vpc.id, azs)
            .await
    }

    /// Nothing of the deployment is left.
    pub async fn assert_gone(&self) {
        self.aws.assert_nothing_for(&self.name).await
    }
}
