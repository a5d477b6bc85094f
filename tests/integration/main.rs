//! The integration tests: the real `efsctl` binary against a local AWS emulator (moto).
//!
//! One test binary on purpose: linking aws-sdk-ec2 is slow, so every module shares this one
//! link and one emulator process (see `support`). Add a module here rather than a new file
//! under `tests/`.

#[path = "../support/mod.rs"]
mod support;

mod audit;
mod bad_input;
mod clients;
mod compose;
mod config;
mod docs;
mod export;
mod keeping;
mod plan;
mod pricing;
mod ray;
mod reliability;
mod shell;
mod status;
mod teardown;
mod up;
mod up_placement;
mod up_repair;
