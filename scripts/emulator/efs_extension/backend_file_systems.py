"""The file system operations of ExtendedEFSBackend: CreateFileSystem / DeleteFileSystem,
UpdateFileSystem, the backup policy, file system protection and the lifecycle
configuration (the settings of one file system).
"""

from __future__ import annotations

import time
from typing import Any

from moto.efs.exceptions import BadRequest, FileSystemInUse, PolicyNotFound
from moto.efs.models import FileSystem

from .backend_core import BackendCore
from .descriptions import _protection
from .errors import (
    FileSystemAlreadyExists,
    ReplicationAlreadyExists,
    ThroughputLimitExceeded,
    TooManyRequests,
)
from .limits import MAX_PROVISIONED_MIBPS, THROUGHPUT_COOLDOWN_ENV, _env_number
from .service_model import _days, _enum


class FileSystemOperations(BackendCore):
    # -- CreateFileSystem / DeleteFileSystem --------------------------------------------------

    def create_file_system(  # type: ignore[override]
        self,
        creation_token: str,
        performance_mode: str,
        encrypted: bool,
        kms_key_id: str,
        throughput_mode: str,
        provisioned_throughput_in_mibps: int,
        availability_zone_name: str,
        backup: bool | None,
        tags: list[dict[str, str]],
    ) -> FileSystem:
        for fs in self.file_systems_by_id.values():
            if creation_token and fs.creation_token == creation_token:
                # "this operation returns a FileSystemAlreadyExists error with the ID of the
                # existing file system" (CreateFileSystem)
                raise FileSystemAlreadyExists(
                    f"File system '{fs.file_system_id}' already exists with creation token "
                    f"'{creation_token}'.",
                    FileSystemId=fs.file_system_id,
                )
        # "Default is false. However, if you specify an AvailabilityZoneName, the default is
        # true." moto forces true for One Zone even when Backup=false is given.
        wanted_backup = bool(availability_zone_name) if backup is None else bool(backup)
        fs = super().create_file_system(
            creation_token=creation_token,
            performance_mode=performance_mode,
            encrypted=encrypted,
            kms_key_id=kms_key_id,
            throughput_mode=throughput_mode,
            provisioned_throughput_in_mibps=provisioned_throughput_in_mibps,
            availability_zone_name=availability_zone_name,
            backup=wanted_backup,
            tags=tags,
        )
        fs._backup = wanted_backup
        fs._backup_status = "ENABLED" if wanted_backup else None
        fs._protection = "ENABLED"
        fs._throughput_restricted_change_at = None
        return fs

    def delete_file_system(self, file_system_id: str) -> None:
        fs = self._file_system(file_system_id)
        if fs.file_system_id in self.replications:
            # "You cannot delete a file system that is part of an EFS replication
            # configuration. You need to delete the replication configuration first."
            raise FileSystemInUse(
                f"You cannot delete file system '{fs.file_system_id}' because it is in a "
                "replication configuration. Delete the replication configuration first."
            )
        if any(ap.file_system_id == fs.file_system_id for ap in self.access_points.values()):
            # "Before you can use the AWS CLI command to delete a file system, you must delete
            # all of the mount targets and access points that were created for the file
            # system." (Deleting EFS file systems, Amazon EFS User Guide)
            raise FileSystemInUse(
                f"File system '{fs.file_system_id}' has access points; delete them before "
                "deleting the file system."
            )
        super().delete_file_system(fs.file_system_id)

    # -- UpdateFileSystem ---------------------------------------------------------------------

    def update_file_system(
        self, file_system_id: str, throughput_mode: Any, provisioned_mibps: Any
    ) -> FileSystem:
        fs = self._file_system(file_system_id)
        if throughput_mode is None and provisioned_mibps is None:
            raise BadRequest("Specify ThroughputMode, ProvisionedThroughputInMibps or both.")
        if throughput_mode is not None and throughput_mode not in _enum("ThroughputMode"):
            raise BadRequest(f"ThroughputMode {throughput_mode!r} is not one of {_enum('ThroughputMode')}.")
        self._require_available(fs)
        new_mode = throughput_mode or fs.throughput_mode
        current_mibps = fs.provisioned_throughput_in_mibps if fs.throughput_mode == "provisioned" else None
        if provisioned_mibps is not None:
            if isinstance(provisioned_mibps, bool) or not isinstance(provisioned_mibps, (int, float)):
                raise BadRequest("ProvisionedThroughputInMibps must be a number.")
            if new_mode != "provisioned":
                raise BadRequest(
                    "ProvisionedThroughputInMibps can only be set when ThroughputMode is provisioned."
                )
            if provisioned_mibps < 1:
                raise BadRequest("ProvisionedThroughputInMibps must be at least 1.")
            if provisioned_mibps > MAX_PROVISIONED_MIBPS:
                raise ThroughputLimitExceeded(
                    f"ProvisionedThroughputInMibps {provisioned_mibps} is above the limit of "
                    f"{MAX_PROVISIONED_MIBPS:g} MiB/s."
                )
            new_mibps = float(provisioned_mibps)
        elif new_mode == "provisioned":
            if current_mibps is None:
                raise BadRequest(
                    "ProvisionedThroughputInMibps is required when ThroughputMode is provisioned."
                )
            new_mibps = float(current_mibps)
        else:
            new_mibps = None
        if new_mode == "elastic" and fs.performance_mode == "maxIO":
            raise BadRequest("Elastic throughput is not supported with the maxIO performance mode.")
        mode_change = new_mode != fs.throughput_mode
        decrease = (
            new_mibps is not None and current_mibps is not None and new_mibps < float(current_mibps)
        )
        if mode_change or decrease:
            cooldown = _env_number(THROUGHPUT_COOLDOWN_ENV, 24 * 3600)
            last = getattr(fs, "_throughput_restricted_change_at", None)
            if last is not None and time.time() - last < cooldown:
                raise TooManyRequests(
                    "You must wait at least 24 hours after changing the throughput mode or "
                    "decreasing the provisioned throughput before doing either again."
                )
            fs._throughput_restricted_change_at = time.time()
        fs.throughput_mode = new_mode
        fs.provisioned_throughput_in_mibps = new_mibps
        return fs

    # -- Backup policy ------------------------------------------------------------------------

    def put_backup_policy(self, file_system_id: str, backup_policy: Any) -> dict[str, str]:
        fs = self._file_system(file_system_id)
        if not isinstance(backup_policy, dict) or "Status" not in backup_policy:
            raise BadRequest("BackupPolicy with a Status is required.")
        status = backup_policy["Status"]
        if status not in ("ENABLED", "DISABLED"):
            # ENABLING and DISABLING are states EFS reports, not values a caller can set.
            raise BadRequest(f"BackupPolicy.Status must be ENABLED or DISABLED, not {status!r}.")
        self._require_available(fs)
        fs._backup_status = status
        fs._backup = status == "ENABLED"
        return {"Status": status}

    def describe_backup_policy(self, file_system_id: str) -> dict[str, str]:
        fs = self._file_system(file_system_id)
        policy = fs.backup_policy
        if not policy:
            raise PolicyNotFound("None")
        return policy

    # -- File system protection ---------------------------------------------------------------

    def update_file_system_protection(self, file_system_id: str, protection: Any) -> str:
        fs = self._file_system(file_system_id)
        if protection is None:
            return _protection(fs)
        if protection == "REPLICATING":
            raise BadRequest(
                "ReplicationOverwriteProtection REPLICATING is set by EFS replication; "
                "it can be ENABLED or DISABLED."
            )
        if protection not in ("ENABLED", "DISABLED"):
            raise BadRequest(f"ReplicationOverwriteProtection {protection!r} must be ENABLED or DISABLED.")
        rep = self.replications.get(fs.file_system_id)
        if rep is not None:
            role = "destination" if rep.dest is fs else "source"
            raise ReplicationAlreadyExists(
                "ReplicationOverwriteProtection cannot be changed while the file system is a "
                f"replication {role}."
            )
        self._require_available(fs)
        fs._protection = protection
        return protection

    # -- Lifecycle ----------------------------------------------------------------------------

    def put_lifecycle_configuration(
        self, file_system_id: str, policies: list[dict[str, str]]
    ) -> None:
        fs = self._file_system(file_system_id)
        if not isinstance(policies, list):
            raise BadRequest("LifecyclePolicies must be a list.")
        if len(policies) > 3:
            raise BadRequest("LifecyclePolicies can have at most 3 LifecyclePolicy objects.")
        seen: dict[str, str] = {}
        for policy in policies:
            if not isinstance(policy, dict) or len(policy) != 1:
                raise BadRequest("Each LifecyclePolicy object must have exactly one transition.")
            ((kind, rule),) = policy.items()
            enum_shape = {
                "TransitionToIA": "TransitionToIARules",
                "TransitionToArchive": "TransitionToArchiveRules",
                "TransitionToPrimaryStorageClass": "TransitionToPrimaryStorageClassRules",
            }.get(kind)
            if enum_shape is None:
                raise BadRequest(f"Unknown lifecycle transition {kind!r}.")
            if rule not in _enum(enum_shape):
                raise BadRequest(f"{kind} {rule!r} is not one of {_enum(enum_shape)}.")
            if kind in seen:
                raise BadRequest(f"{kind} is given more than once.")
            seen[kind] = rule
        if "TransitionToArchive" in seen:
            if fs.throughput_mode != "elastic" or fs.performance_mode != "generalPurpose":
                raise BadRequest(
                    "The Archive storage class is available only for file systems that use the "
                    "Elastic throughput mode and the General Purpose performance mode."
                )
            if "TransitionToIA" in seen and _days(seen["TransitionToArchive"]) <= _days(seen["TransitionToIA"]):
                raise BadRequest("TransitionToArchive must be later than TransitionToIA.")
        self._require_available(fs)
        fs.lifecycle_policies = [dict(p) for p in policies]

    def describe_lifecycle_configuration(self, file_system_id: str) -> list[dict[str, str]]:
        return self._file_system(file_system_id).lifecycle_policies
