//! efsctl: a shared, encrypted Amazon EFS file system for a Ray cluster, in one command.
//!
//! Data flows one way (see docs/architecture.md):
//! flags + efsctl.yaml -> [`config::Spec`] -> [`resolve`] + [`observe`] (AWS reads) ->
//! [`plan`] (pure) -> [`apply`] (AWS writes, through [`aws::Cloud`]) -> [`render`].
//! `efsctl plan` stops before apply and adds a [`cost`] estimate.

pub mod apply;
pub mod atomic_write;
pub mod audit;
pub mod aws;
pub mod cli;
pub mod commands;
pub mod config;
pub mod cost;
pub mod deployment;
pub mod error;
pub mod model;
pub mod observe;
pub mod placement;
pub mod plan;
pub mod progress;
pub mod ray;
pub mod regions;
pub mod render;
pub mod resolve;
pub mod wait;
