"""Descriptions shaped exactly like the model's FileSystemDescription /
AccessPointDescription (no nulls, no members the model lacks, `FileSystemProtection`
present), plus the backup policy and replication overwrite protection a file system keeps.
`install()` puts these on moto's FileSystem and AccessPoint.
"""

from __future__ import annotations

import time
from typing import Any

from moto.efs.models import AccessPoint, FileSystem


def _name_tag(tags: list[dict[str, str]]) -> str | None:
    return next((t["Value"] for t in tags if t["Key"] == "Name"), None)


def _file_system_description(self: FileSystem) -> dict[str, Any]:
    tags = self._context.list_tags_for_resource(self.file_system_id)
    size = self._size_value
    out: dict[str, Any] = {
        "OwnerId": self.owner_id,
        "CreationToken": self.creation_token,
        "FileSystemId": self.file_system_id,
        "FileSystemArn": self.file_system_arn,
        "CreationTime": self.creation_time,
        "LifeCycleState": self.life_cycle_state,
    }
    name = _name_tag(tags)
    if name is not None:
        out["Name"] = name
    out.update(
        NumberOfMountTargets=self.number_of_mount_targets,
        SizeInBytes={
            "Value": size,
            "Timestamp": time.time(),
            "ValueInIA": 0,
            "ValueInStandard": size,
            "ValueInArchive": 0,
        },
        PerformanceMode=self.performance_mode,
        Encrypted=bool(self.encrypted),
    )
    if self.kms_key_id:
        out["KmsKeyId"] = self.kms_key_id
    out["ThroughputMode"] = self.throughput_mode
    if self.throughput_mode == "provisioned" and self.provisioned_throughput_in_mibps:
        out["ProvisionedThroughputInMibps"] = float(self.provisioned_throughput_in_mibps)
    if self.availability_zone_name:
        out["AvailabilityZoneName"] = self.availability_zone_name
    if self.availability_zone_id:
        out["AvailabilityZoneId"] = self.availability_zone_id
    out["Tags"] = tags
    out["FileSystemProtection"] = {"ReplicationOverwriteProtection": _protection(self)}
    return out


def _backup_policy(self: FileSystem) -> dict[str, str] | None:
    status = getattr(self, "_backup_status", None)
    if status is None and self._backup:
        status = "ENABLED"
    return {"Status": status} if status else None


def _protection(fs: FileSystem) -> str:
    return getattr(fs, "_protection", "ENABLED")


def _access_point_description(self: AccessPoint) -> dict[str, Any]:
    tags = self.context.list_tags_for_resource(self.access_point_id)
    out: dict[str, Any] = {"ClientToken": self.client_token}
    name = _name_tag(tags)
    if name is not None:
        out["Name"] = name
    out.update(
        Tags=tags,
        AccessPointId=self.access_point_id,
        AccessPointArn=self.access_point_arn,
        FileSystemId=self.file_system_id,
    )
    if self.posix_user:
        out["PosixUser"] = self.posix_user
    out.update(
        RootDirectory=self.root_directory,
        OwnerId=self.account_id,
        LifeCycleState="available",
    )
    return out
