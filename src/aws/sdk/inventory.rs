//! `audit`'s reads of [`SdkCloud`]: the region's file systems page by page, mount targets with
//! their network interfaces, and the EC2 describes that take many ids per call.
//!
//! The EC2 describes filter by id instead of naming ids (`NetworkInterfaceIds`, `GroupIds`):
//! a named id that no longer exists fails the whole call with `...NotFound`, a filter just
//! leaves it out, and only filtered requests may be paginated.

use futures_util::future::try_join_all;

use super::SdkCloud;
use crate::aws::convert::{
    file_system, filter_values, listed_mount_target, network_interface, security_group,
};
use crate::aws::{Inventory, Res};
use crate::model::{FileSystem, ListedMountTarget, NetworkInterface, SecurityGroup};

/// Values per EC2 filter in one request: AWS documents 200 as the most some describes accept,
/// so no describe is refused for having too many.
const FILTER_VALUES_PER_CALL: usize = 200;

/// EC2's largest page (MaxResults is 5-1000), so a chunk of ids is usually one request.
const EC2_PAGE: i32 = 1000;

/// `ids` sorted, without repeats, in chunks of at most [`FILTER_VALUES_PER_CALL`].
fn chunks(ids: &[String]) -> Vec<Vec<String>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    ids.chunks(FILTER_VALUES_PER_CALL)
        .map(<[String]>::to_vec)
        .collect()
}

impl Inventory for SdkCloud {
    async fn all_file_systems(&self) -> Res<Vec<FileSystem>> {
        let all: Vec<_> = self
            .efs
            .describe_file_systems()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error("DescribeFileSystems", e))?;
        Ok(all.iter().map(file_system).collect())
    }

    async fn listed_mount_targets(&self, file_system_id: &str) -> Res<Vec<ListedMountTarget>> {
        let mut all: Vec<ListedMountTarget> = self
            .mount_target_descriptions(file_system_id)
            .await?
            .iter()
            .map(listed_mount_target)
            .collect();
        all.sort_by(|a, b| {
            a.mount_target
                .availability_zone
                .cmp(&b.mount_target.availability_zone)
        });
        Ok(all)
    }

    async fn network_interfaces(&self, ids: &[String]) -> Res<Vec<NetworkInterface>> {
        let pages = try_join_all(chunks(ids).into_iter().map(|chunk| async move {
            self.ec2
                .describe_network_interfaces()
                .filters(filter_values("network-interface-id", chunk))
                .max_results(EC2_PAGE)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|e| self.error("DescribeNetworkInterfaces", e))
        }))
        .await?;
        Ok(pages.iter().flatten().map(network_interface).collect())
    }

    async fn security_groups_by_id(&self, ids: &[String]) -> Res<Vec<SecurityGroup>> {
        let pages = try_join_all(chunks(ids).into_iter().map(|chunk| async move {
            self.ec2
                .describe_security_groups()
                .filters(filter_values("group-id", chunk))
                .max_results(EC2_PAGE)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|e| self.error("DescribeSecurityGroups", e))
        }))
        .await?;
        Ok(pages.iter().flatten().map(security_group).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_go_in_sorted_unique_chunks_of_at_most_200() {
        let ids: Vec<String> = (0..450).rev().map(|n| format!("eni-{n:08x}")).collect();
        let mut doubled = ids.clone();
        doubled.extend(ids.iter().cloned());
        let made = chunks(&doubled);
        assert_eq!(
            made.iter().map(Vec::len).collect::<Vec<_>>(),
            [200, 200, 50]
        );
        let flat: Vec<&String> = made.iter().flatten().collect();
        assert!(flat.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert!(chunks(&[]).is_empty());
    }
}
