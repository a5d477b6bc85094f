//! Shared support for the integration tests: one moto emulator per test binary, the real
//! `efsctl` binary run in a clean environment, and SDK clients to check what it did.
//!
//! Integration tests must prove behaviour by describing resources in the emulator, not by
//! trusting efsctl's own output, so this module gives them direct EFS and EC2 clients.
//!
//! Tests run in parallel threads against one shared emulator and never reset it: each test
//! isolates itself with a [`unique_name`] and VPCs it creates with [`Aws::create_vpc`].
//!
//! One file per concern:
//! - `emulator`: [`endpoint`], the emulator's URL (starts it on first use);
//! - `run`: [`unique_name`], and [`efsctl`] / [`efsctl_in`] / [`efsctl_env`] to run the binary
//!   (in a fresh or given working directory, with extra environment), giving a [`Run`];
//! - `aws`: [`aws`], an [`Aws`] with `efs` and `ec2` clients, and the scene builders
//!   ([`Aws::create_vpc`], groups, file systems, peering);
//! - `checks`: describes and whole-deployment assertions ([`Aws::assert_deployed`],
//!   [`Aws::assert_nothing_for`]);
//! - `scene`: [`Scene`], a named deployment in its own 3-AZ VPC with `up`/`plan`/`status`/
//!   `teardown` shortcuts, so a test reads as what it does;
//! - `proxy`, `http_server`, `price_list`: the fault proxy and the Price List stand-in;
//! - `terraform`: a [`terraform::Workspace`] running the real Terraform against the emulator;
//! - `cloudformation`: cfn-lint, and stacks on the emulator's CloudFormation.

#![allow(dead_code)] // each test module uses a different part of the harness
#![allow(unused_imports)]

pub mod aws;
pub mod checks;
pub mod cloudformation;
pub mod emulator;
pub mod http_server;
pub mod iam;
pub mod price_list;
pub mod proxy;
pub mod run;
pub mod scene;
pub mod terraform;

pub use aws::{aws, aws_in, Aws, TestVpc};
pub use checks::{egress, fs_tag, ingress, sg_tag, Deployed};
pub use emulator::endpoint;
pub use run::{efsctl, efsctl_env, efsctl_in, unique_name, Run};
pub use scene::{Scene, AZS};

/// The region every test uses.
pub const REGION: &str = "us-east-1";
