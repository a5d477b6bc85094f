//! efsctl's own types: the AWS resources it manages, the file system it is asked for, and the
//! requests it sends to create them.
//!
//! The AWS adapter converts SDK types into these, so planning, rendering and tests never touch
//! SDK types. This is the ground floor (with `error`): it imports nothing else of the crate.

pub mod api_rules;
mod requests;
mod resources;
mod spec;

pub use requests::{NewFileSystem, NewMountTarget, NewSecurityGroup, Ref};
pub use resources::*;
pub use spec::FileSystemSpec;
