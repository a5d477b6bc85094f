"""EFS operations that moto 5.2.5 lacks, added on moto's own EFS backend state.

`install()` must run before moto's server handles its first request. It

- makes `moto.efs.models.efs_backends` build `ExtendedEFSBackend` (a subclass of moto's
  `EFSBackend`) for every account and Region, so CloudFormation and every other moto caller
  of `efs_backends[account][region]` share the extended state;
- points every route of moto's EFS URL map at `ExtendedEFSResponse` (a subclass of moto's
  `EFSResponse`) and adds the routes moto does not have;
- makes EFS errors look like AWS's: body `{"ErrorCode", "Message", ...}` plus the
  `x-amzn-ErrorType` header, and the model's HTTP status for each error;
- makes file system and access point descriptions carry exactly the members of the EFS
  model (no nulls, no members the model lacks, `FileSystemProtection` present).

Every behaviour is described, with the AWS documentation it follows, in README.md.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import os
import re
import time
import uuid
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs

from moto.core.exceptions import JsonRESTError
from moto.ec2 import ec2_backends
from moto.efs import exceptions as efs_exceptions
from moto.efs import models as efs_models
from moto.efs import urls as efs_urls
from moto.efs.exceptions import (
    AccessPointNotFound,
    BadRequest,
    EFSError,
    FileSystemInUse,
    FileSystemNotFound,
    PolicyNotFound,
)
from moto.efs.models import AccessPoint, EFSBackend, FileSystem
from moto.efs.responses import EFSResponse

# Documented quota: "A file system can have a maximum of 10,000 access points unless you
# request an increase" (CreateAccessPoint). Overridable so tests need not create 10,000.
ACCESS_POINT_LIMIT_ENV = "EFS_EMULATOR_ACCESS_POINT_LIMIT"
# TooManyRequests: "Returned if you don't wait at least 24 hours before either changing the
# throughput mode, or decreasing the Provisioned Throughput value."
THROUGHPUT_COOLDOWN_ENV = "EFS_EMULATOR_THROUGHPUT_COOLDOWN_SECONDS"
# UpdateFileSystem: "Valid values are 1-3414 MiBps, with the upper limit depending on Region."
MAX_PROVISIONED_MIBPS = 3414.0
MAX_POLICY_CHARS = 20000
POSIX_ID_MAX = 4294967295
DEFAULT_PAGE = 100  # MaxResults default of DescribeAccessPoints / DescribeReplicationConfigurations

# --------------------------------------------------------------------------------------------
# Errors


def _efs_error_init(self: EFSError, error_type: str, message: str, **members: Any) -> None:
    JsonRESTError.__init__(self, error_type, message)
    body: dict[str, Any] = {"ErrorCode": error_type, "Message": message}
    body.update(members)
    self.description = json.dumps(body)


class _Error(EFSError):
    error_code = ""

    def __init__(self, message: str, **members: Any):
        super().__init__(self.error_code, message, **members)


def _error_class(name: str, status: int) -> type[_Error]:
    return type(name, (_Error,), {"code": status, "error_code": name})


AccessPointAlreadyExists = _error_class("AccessPointAlreadyExists", 409)
AccessPointLimitExceeded = _error_class("AccessPointLimitExceeded", 403)
ConflictException = _error_class("ConflictException", 409)
FileSystemAlreadyExists = _error_class("FileSystemAlreadyExists", 409)
IncorrectFileSystemLifeCycleState = _error_class("IncorrectFileSystemLifeCycleState", 409)
InvalidPolicyException = _error_class("InvalidPolicyException", 400)
ReplicationAlreadyExists = _error_class("ReplicationAlreadyExists", 409)
ReplicationNotFound = _error_class("ReplicationNotFound", 404)
ThroughputLimitExceeded = _error_class("ThroughputLimitExceeded", 400)
TooManyRequests = _error_class("TooManyRequests", 429)
UnsupportedAvailabilityZone = _error_class("UnsupportedAvailabilityZone", 400)
ValidationException = _error_class("ValidationException", 400)


# --------------------------------------------------------------------------------------------
# The EFS service model (botocore's, the same file the tests validate against)


@lru_cache(maxsize=1)
def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("efs")


def _enum(shape_name: str) -> list[str]:
    return list(_service_model().shape_for(shape_name).enum)


def _pattern(shape_name: str) -> re.Pattern[str]:
    return re.compile(_service_model().shape_for(shape_name).metadata["pattern"])


@lru_cache(maxsize=1)
def _efs_regions() -> frozenset[str]:
    import boto3

    session = boto3.session.Session()
    regions: set[str] = set()
    for partition in session.get_available_partitions():
        regions.update(session.get_available_regions("efs", partition_name=partition))
    return frozenset(regions)


def _days(rule: str) -> int:
    """AFTER_30_DAYS -> 30, AFTER_1_DAY -> 1."""
    return int(rule.split("_")[1])


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


# --------------------------------------------------------------------------------------------
# Descriptions shaped exactly like the model's FileSystemDescription / AccessPointDescription


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


# --------------------------------------------------------------------------------------------
# Replication


class Replication:
    """One replication configuration: a source and a destination file system, possibly in two
    Regions (and two accounts). Each backend that holds one of the two file systems keeps it
    in `replications`, keyed by that file system's ID; a side's entry disappears when that
    side's configuration is deleted (DeletionMode=LOCAL_CONFIGURATION_ONLY deletes only one)."""

    def __init__(
        self,
        source_backend: ExtendedEFSBackend,
        source: FileSystem,
        dest_backend: ExtendedEFSBackend,
        dest: FileSystem,
        role_arn: str | None,
    ):
        self.source_backend = source_backend
        self.source = source
        self.dest_backend = dest_backend
        self.dest = dest
        self.role_arn = role_arn
        self.creation_time = time.time()
        self.status = "ENABLING"
        self.last_replicated: float | None = None

    def enabled(self) -> None:
        self.status = "ENABLED"
        self.last_replicated = time.time()

    def description(self) -> dict[str, Any]:
        dest: dict[str, Any] = {
            "Status": self.status,
            "FileSystemId": self.dest.file_system_id,
            "Region": self.dest_backend.region_name,
        }
        if self.last_replicated is not None:
            dest["LastReplicatedTimestamp"] = self.last_replicated
        dest["OwnerId"] = self.dest_backend.account_id
        if self.role_arn:
            dest["RoleArn"] = self.role_arn
        return {
            "SourceFileSystemId": self.source.file_system_id,
            "SourceFileSystemRegion": self.source_backend.region_name,
            "SourceFileSystemArn": self.source.file_system_arn,
            "OriginalSourceFileSystemArn": self.source.file_system_arn,
            "CreationTime": self.creation_time,
            "Destinations": [dest],
            "SourceFileSystemOwnerId": self.source_backend.account_id,
        }

    def sides(self) -> list[tuple[ExtendedEFSBackend, str]]:
        return [
            (self.source_backend, self.source.file_system_id),
            (self.dest_backend, self.dest.file_system_id),
        ]

    def drop_side(self, backend: ExtendedEFSBackend, fs_id: str) -> None:
        if backend.replications.get(fs_id) is self:
            del backend.replications[fs_id]
        if (backend, fs_id) == (self.dest_backend, self.dest.file_system_id):
            # "After a replication configuration is deleted, the destination file system
            # becomes Writeable and its replication overwrite protection is re-enabled."
            self.dest._protection = "ENABLED"


# --------------------------------------------------------------------------------------------
# Paging: an opaque token that is the offset into the (stable, insertion-ordered) result


def _page(items: list[Any], max_results: Any, token: Any) -> tuple[list[Any], str | None]:
    if max_results is None:
        limit = DEFAULT_PAGE
    else:
        try:
            limit = int(max_results)
        except (TypeError, ValueError):
            raise BadRequest("MaxResults must be an integer.")
        if limit < 1:
            raise BadRequest("MaxResults must be at least 1.")
    start = 0
    if token is not None:
        try:
            start = int(base64.urlsafe_b64decode(str(token).encode()).decode())
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("The NextToken is not valid.")
        if start < 0 or start > len(items):
            raise BadRequest("The NextToken is not valid.")
    end = start + limit
    next_token = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], next_token


# --------------------------------------------------------------------------------------------
# File system policy checks


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _validate_policy(policy: Any) -> dict[str, Any]:
    if not isinstance(policy, str) or not policy:
        raise BadRequest("Policy is required.")
    if len(policy) > MAX_POLICY_CHARS:
        raise BadRequest(f"Policy must be at most {MAX_POLICY_CHARS} characters long.")
    try:
        doc = json.loads(policy)
    except ValueError as e:
        raise InvalidPolicyException(f"Policy is not valid JSON: {e}")
    if not isinstance(doc, dict):
        raise InvalidPolicyException("Policy must be a JSON object.")
    version = doc.get("Version")
    if version is not None and version not in ("2012-10-17", "2008-10-17"):
        raise InvalidPolicyException(f"Policy has an invalid Version: {version!r}.")
    statements = doc.get("Statement")
    if not statements:
        raise InvalidPolicyException("Policy must contain at least one Statement.")
    for st in _as_list(statements):
        if not isinstance(st, dict):
            raise InvalidPolicyException("Each Statement must be a JSON object.")
        if st.get("Effect") not in ("Allow", "Deny"):
            raise InvalidPolicyException("Each Statement must have an Effect of Allow or Deny.")
        if ("Action" in st) == ("NotAction" in st):
            raise InvalidPolicyException("Each Statement must have exactly one of Action or NotAction.")
        if "Principal" not in st and "NotPrincipal" not in st:
            raise InvalidPolicyException(
                "Each Statement of a resource-based policy must have a Principal."
            )
        for action in _as_list(st.get("Action", st.get("NotAction"))):
            if not isinstance(action, str) or not action:
                raise InvalidPolicyException("Actions must be non-empty strings.")
    return doc


def _principal_matches(principal: Any, account_id: str) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        for value in _as_list(principal.get("AWS", [])):
            if value == "*" or (isinstance(value, str) and account_id in value):
                return True
    return False


def _locks_out(doc: dict[str, Any], account_id: str) -> bool:
    """True if an unconditional Deny in the policy covers elasticfilesystem:PutFileSystemPolicy
    for the caller's account (the lockout safety check of PutFileSystemPolicy)."""
    target = "elasticfilesystem:putfilesystempolicy"
    for st in _as_list(doc["Statement"]):
        if st.get("Effect") != "Deny" or st.get("Condition"):
            continue
        if "Principal" not in st or not _principal_matches(st["Principal"], account_id):
            continue
        if "Action" in st:
            covered = any(fnmatch.fnmatchcase(target, a.lower()) for a in _as_list(st["Action"]))
        else:
            covered = not any(
                fnmatch.fnmatchcase(target, a.lower()) for a in _as_list(st["NotAction"])
            )
        if covered:
            return True
    return False


# --------------------------------------------------------------------------------------------
# Access point checks


def _posix_id(value: Any, what: str) -> int:
    # JSON numbers from the API; CloudFormation passes these properties as strings.
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= POSIX_ID_MAX:
        raise BadRequest(f"{what} must be an integer between 0 and {POSIX_ID_MAX}.")
    return value


def _validate_posix_user(posix_user: Any) -> dict[str, Any] | None:
    if not posix_user:
        return None
    if not isinstance(posix_user, dict) or "Uid" not in posix_user or "Gid" not in posix_user:
        raise BadRequest("PosixUser must have Uid and Gid.")
    out: dict[str, Any] = {
        "Uid": _posix_id(posix_user["Uid"], "PosixUser.Uid"),
        "Gid": _posix_id(posix_user["Gid"], "PosixUser.Gid"),
    }
    unknown = set(posix_user) - {"Uid", "Gid", "SecondaryGids"}
    if unknown:
        raise BadRequest(f"PosixUser has unknown members: {sorted(unknown)}.")
    if "SecondaryGids" in posix_user:
        gids = posix_user["SecondaryGids"]
        if not isinstance(gids, list) or len(gids) > 16:
            raise BadRequest("PosixUser.SecondaryGids must be a list of at most 16 group IDs.")
        out["SecondaryGids"] = [_posix_id(g, "PosixUser.SecondaryGids") for g in gids]
    return out


def _validate_root_directory(root: Any) -> dict[str, Any]:
    if not root:
        return {"Path": "/"}
    if not isinstance(root, dict):
        raise BadRequest("RootDirectory must be an object.")
    unknown = set(root) - {"Path", "CreationInfo"}
    if unknown:
        raise BadRequest(f"RootDirectory has unknown members: {sorted(unknown)}.")
    path = root.get("Path", "/")
    if not isinstance(path, str) or not 1 <= len(path) <= 100 or not _pattern("Path").search(path):
        raise BadRequest(f"RootDirectory.Path {path!r} is not a valid path.")
    out: dict[str, Any] = {"Path": path}
    info = root.get("CreationInfo")
    if info is not None:
        if not isinstance(info, dict) or not {"OwnerUid", "OwnerGid", "Permissions"} <= set(info):
            raise BadRequest("CreationInfo must have OwnerUid, OwnerGid and Permissions.")
        perms = info["Permissions"]
        if not isinstance(perms, str) or not _pattern("Permissions").search(perms):
            raise BadRequest(f"CreationInfo.Permissions {perms!r} must be 3 or 4 octal digits.")
        out["CreationInfo"] = {
            "OwnerUid": _posix_id(info["OwnerUid"], "CreationInfo.OwnerUid"),
            "OwnerGid": _posix_id(info["OwnerGid"], "CreationInfo.OwnerGid"),
            "Permissions": perms,
        }
    return out


# --------------------------------------------------------------------------------------------
# The backend


class ExtendedEFSBackend(EFSBackend):
    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        # local file system ID -> replication it belongs to (as source or destination)
        self.replications: dict[str, Replication] = {}
        # access point client token -> (request fingerprint, access point ID)
        self.access_point_tokens: dict[str, tuple[str, str]] = {}

    @property
    def _url_module(self) -> Any:
        # BaseBackend derives the URL module from the class's module; ours is moto's.
        return efs_urls

    # -- helpers ------------------------------------------------------------------------------

    def _file_system(self, file_system_id: Any) -> FileSystem:
        """The file system with this ID or ARN, in this account and Region."""
        if not isinstance(file_system_id, str) or not file_system_id:
            raise BadRequest("FileSystemId is required.")
        fs_id = file_system_id
        if fs_id.startswith("arn:"):
            parts = fs_id.split(":")
            if len(parts) < 6 or parts[3] != self.region_name or parts[4] != self.account_id:
                raise FileSystemNotFound(file_system_id)
            fs_id = parts[5].rsplit("/", 1)[-1]
        fs = self.file_systems_by_id.get(fs_id)
        if fs is None:
            raise FileSystemNotFound(file_system_id)
        return fs

    @staticmethod
    def _require_available(fs: FileSystem) -> None:
        if fs.life_cycle_state != "available":
            raise IncorrectFileSystemLifeCycleState(
                f"File system '{fs.file_system_id}' is in lifecycle state "
                f"'{fs.life_cycle_state}', not 'available'."
            )

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

    # -- File system policy -------------------------------------------------------------------

    def describe_file_system_policy(self, file_system_id: str) -> str:
        fs = self._file_system(file_system_id)
        if not fs.file_system_policy:
            raise PolicyNotFound("None")
        return fs.file_system_policy

    def put_file_system_policy(
        self, file_system_id: str, policy: str, bypass_policy_lockout_safety_check: bool
    ) -> None:
        fs = self._file_system(file_system_id)
        doc = _validate_policy(policy)
        if not bypass_policy_lockout_safety_check and _locks_out(doc, self.account_id):
            raise InvalidPolicyException(
                "The policy would lock the caller out of future PutFileSystemPolicy requests "
                "on this file system. Set BypassPolicyLockoutSafetyCheck to true to apply it anyway."
            )
        self._require_available(fs)
        fs.file_system_policy = policy

    def delete_file_system_policy(self, file_system_id: str) -> None:
        fs = self._file_system(file_system_id)
        self._require_available(fs)
        fs.file_system_policy = None

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

    # -- Access points ------------------------------------------------------------------------

    def create_access_point(  # type: ignore[override]
        self,
        client_token: str,
        tags: list[dict[str, str]],
        file_system_id: str,
        posix_user: dict[str, Any],
        root_directory: dict[str, Any],
    ) -> AccessPoint:
        if not isinstance(client_token, str) or not 1 <= len(client_token) <= 64:
            raise BadRequest("ClientToken must be 1 to 64 characters long.")
        fs = self._file_system(file_system_id)
        posix = _validate_posix_user(posix_user)
        root = _validate_root_directory(root_directory)
        tags = tags or []
        fingerprint = json.dumps(
            [fs.file_system_id, posix, root, tags], sort_keys=True
        )
        known = self.access_point_tokens.get(client_token)
        if known is not None and known[1] in self.access_points:
            if known[0] == fingerprint:
                # An idempotent retry: the access point the token created.
                return self.access_points[known[1]]
            raise AccessPointAlreadyExists(
                f"An access point with client token '{client_token}' already exists.",
                AccessPointId=known[1],
            )
        self._require_available(fs)
        limit = int(_env_number(ACCESS_POINT_LIMIT_ENV, 10000))
        count = sum(1 for ap in self.access_points.values() if ap.file_system_id == fs.file_system_id)
        if count >= limit:
            raise AccessPointLimitExceeded(
                f"File system '{fs.file_system_id}' already has the maximum of {limit} access points."
            )
        ap = super().create_access_point(
            client_token,
            tags=tags,
            file_system_id=fs.file_system_id,
            posix_user=posix,  # type: ignore[arg-type]
            root_directory=root,
        )
        self.access_point_tokens[client_token] = (fingerprint, ap.access_point_id)
        return ap

    def _access_point_id(self, access_point_id: str) -> str:
        return access_point_id.rsplit("/", 1)[-1] if access_point_id.startswith("arn:") else access_point_id

    def describe_access_points_page(
        self, access_point_id: Any, file_system_id: Any, max_results: Any, next_token: Any
    ) -> tuple[list[AccessPoint], str | None]:
        if access_point_id and file_system_id:
            raise BadRequest("Specify either AccessPointId or FileSystemId, not both.")
        if access_point_id:
            ap = self.access_points.get(self._access_point_id(access_point_id))
            if ap is None:
                raise AccessPointNotFound(access_point_id)
            items = [ap]
        elif file_system_id:
            fs = self._file_system(file_system_id)
            items = [ap for ap in self.access_points.values() if ap.file_system_id == fs.file_system_id]
        else:
            items = list(self.access_points.values())
        return _page(items, max_results, next_token)

    def delete_access_point(self, access_point_id: str) -> None:
        ap_id = self._access_point_id(access_point_id or "")
        if ap_id not in self.access_points:
            raise AccessPointNotFound(access_point_id)
        self._forget_access_point(ap_id)

    def _forget_access_point(self, ap_id: str) -> None:
        self.access_points.pop(ap_id, None)
        self.tagging_service.delete_all_tags_for_resource(ap_id)
        for token, (_, known) in list(self.access_point_tokens.items()):
            if known == ap_id:
                del self.access_point_tokens[token]

    # -- Replication --------------------------------------------------------------------------

    def _backend_for(self, account_id: str, region: str) -> ExtendedEFSBackend:
        return efs_models.efs_backends[account_id][region]  # type: ignore[return-value]

    def create_replication_configuration(
        self, source_file_system_id: str, destinations: Any
    ) -> dict[str, Any]:
        if not isinstance(destinations, list) or len(destinations) != 1:
            raise BadRequest("Destinations must contain exactly one destination.")
        dest_req = destinations[0]
        if not isinstance(dest_req, dict):
            raise BadRequest("A destination must be an object.")
        unknown = set(dest_req) - {"Region", "AvailabilityZoneName", "KmsKeyId", "FileSystemId", "RoleArn"}
        if unknown:
            raise BadRequest(f"The destination has unknown members: {sorted(unknown)}.")
        source = self._file_system(source_file_system_id)
        self._require_available(source)
        if source.file_system_id in self.replications:
            raise ValidationException(
                f"File system '{source.file_system_id}' is already part of a replication "
                "configuration; a file system can be part of only one."
            )

        region = dest_req.get("Region")
        az = dest_req.get("AvailabilityZoneName")
        kms_key_id = dest_req.get("KmsKeyId")
        dest_ref = dest_req.get("FileSystemId")
        role_arn = dest_req.get("RoleArn")
        dest_account = self.account_id

        if dest_ref:
            if az or kms_key_id:
                raise BadRequest(
                    "AvailabilityZoneName and KmsKeyId apply only when EFS creates the "
                    "destination file system; omit them with an existing FileSystemId."
                )
            if str(dest_ref).startswith("arn:"):
                parts = str(dest_ref).split(":")
                if len(parts) < 6 or "file-system/" not in parts[5]:
                    raise BadRequest(f"Destination FileSystemId {dest_ref!r} is not a file system ARN.")
                if region and region != parts[3]:
                    raise BadRequest("The destination Region does not match the file system ARN.")
                region, dest_account = parts[3], parts[4]
            region = region or self.region_name
        elif not region:
            if not az:
                raise BadRequest("The destination needs a Region (or an AvailabilityZoneName).")
            region = re.sub(r"[a-z]$", "", az)

        if not isinstance(region, str) or region not in _efs_regions():
            raise ValidationException(f"'{region}' is not a Region in which EFS is available.")
        if dest_account != self.account_id and not role_arn:
            raise BadRequest("RoleArn is required to replicate to another AWS account.")

        dest_backend = self._backend_for(dest_account, region)
        if dest_ref:
            dest = dest_backend._file_system(dest_ref)
            if dest is source:
                raise ValidationException("A file system cannot be replicated to itself.")
            if dest.file_system_id in dest_backend.replications:
                raise ValidationException(
                    f"File system '{dest.file_system_id}' is already part of a replication configuration."
                )
            if _protection(dest) != "DISABLED":
                raise ValidationException(
                    f"The replication overwrite protection of file system '{dest.file_system_id}' "
                    "must be DISABLED before it can be a replication destination."
                )
            self._require_available(dest)
            if source.encrypted and not dest.encrypted:
                raise ConflictException(
                    "The source file system is encrypted but the destination file system is not."
                )
        else:
            if az:
                zones = {
                    z.name
                    for z in ec2_backends[self.account_id][region].describe_availability_zones()
                }
                if az not in zones:
                    if re.sub(r"[a-z]$", "", az) != region:
                        raise BadRequest(
                            f"Availability Zone '{az}' is not in the destination Region '{region}'."
                        )
                    raise UnsupportedAvailabilityZone(
                        f"EFS One Zone is not available in Availability Zone '{az}'."
                    )
            dest = dest_backend.create_file_system(
                creation_token=f"replication-{uuid.uuid4()}",
                # "The destination file system's performance mode matches that of the source
                # file system, unless the destination file system uses EFS One Zone storage.
                # In that case, the General Purpose performance mode is used."
                performance_mode="generalPurpose" if az else source.performance_mode,
                # "All destination file systems are created with encryption at rest enabled."
                encrypted=True,
                kms_key_id=kms_key_id,
                throughput_mode="bursting",
                provisioned_throughput_in_mibps=None,  # type: ignore[arg-type]
                availability_zone_name=az,
                # One Zone destinations have automatic backups enabled by default.
                backup=bool(az),
                tags=[],
            )

        rep = Replication(self, source, dest_backend, dest, role_arn)
        self.replications[source.file_system_id] = rep
        dest_backend.replications[dest.file_system_id] = rep
        dest._protection = "REPLICATING"
        description = rep.description()
        rep.enabled()  # the next describe shows ENABLED
        return description

    def describe_replication_configurations(
        self, file_system_id: Any, max_results: Any, next_token: Any
    ) -> tuple[list[dict[str, Any]], str | None]:
        if file_system_id:
            fs = self._file_system(file_system_id)
            rep = self.replications.get(fs.file_system_id)
            if rep is None:
                raise ReplicationNotFound(
                    f"File system '{fs.file_system_id}' is not part of a replication configuration."
                )
            reps = [rep]
        else:
            reps = []
            for rep in self.replications.values():
                if all(r is not rep for r in reps):
                    reps.append(rep)
        page, token = _page(reps, max_results, next_token)
        return [r.description() for r in page], token

    def delete_replication_configuration(self, file_system_id: str, deletion_mode: Any) -> None:
        mode = deletion_mode or "ALL_CONFIGURATIONS"
        if mode not in _enum("DeletionMode"):
            raise BadRequest(f"deletionMode {mode!r} is not one of {_enum('DeletionMode')}.")
        fs = self._file_system(file_system_id)
        rep = self.replications.get(fs.file_system_id)
        if rep is None:
            raise ReplicationNotFound(
                f"File system '{fs.file_system_id}' is not part of a replication configuration."
            )
        same_place = rep.source_backend is rep.dest_backend
        if mode == "LOCAL_CONFIGURATION_ONLY":
            if same_place:
                raise BadRequest(
                    "LOCAL_CONFIGURATION_ONLY is not allowed for a same-account, same-Region replication."
                )
            rep.drop_side(self, fs.file_system_id)
            return
        for backend, fs_id in rep.sides():
            rep.drop_side(backend, fs_id)


# --------------------------------------------------------------------------------------------
# The responses


def _json(body: Any, status: int = 200) -> tuple[str, dict[str, Any]]:
    return json.dumps(body), {"status": status, "Content-Type": "application/json"}


def _empty(status: int) -> tuple[str, dict[str, Any]]:
    return "", {"status": status}


class ExtendedEFSResponse(EFSResponse):
    @property
    def efs_backend(self) -> ExtendedEFSBackend:  # type: ignore[override]
        return efs_models.efs_backends[self.current_account][self.region]  # type: ignore[return-value]

    def _body(self) -> dict[str, Any]:
        if not self.body:
            return {}
        try:
            data = json.loads(self.body)
        except ValueError:
            raise BadRequest("The request body is not valid JSON.")
        if not isinstance(data, dict):
            raise BadRequest("The request body must be a JSON object.")
        return data

    def _query(self, name: str) -> str | None:
        values = parse_qs(self.parsed_url.query, keep_blank_values=True).get(name)
        return values[0] if values else None

    def _uri(self, name: str) -> str | None:
        return self.uri_match.get(name)

    # -- added operations ---------------------------------------------------------------------

    def put_backup_policy(self) -> tuple[str, dict[str, Any]]:
        policy = self.efs_backend.put_backup_policy(
            self._uri("FileSystemId"), self._body().get("BackupPolicy")  # type: ignore[arg-type]
        )
        return _json({"BackupPolicy": policy})

    def update_file_system(self) -> tuple[str, dict[str, Any]]:
        body = self._body()
        fs = self.efs_backend.update_file_system(
            self._uri("FileSystemId"),  # type: ignore[arg-type]
            body.get("ThroughputMode"),
            body.get("ProvisionedThroughputInMibps"),
        )
        return _json(fs.info_json(), 202)

    def update_file_system_protection(self) -> tuple[str, dict[str, Any]]:
        value = self.efs_backend.update_file_system_protection(
            self._uri("FileSystemId"),  # type: ignore[arg-type]
            self._body().get("ReplicationOverwriteProtection"),
        )
        return _json({"ReplicationOverwriteProtection": value})

    def delete_file_system_policy(self) -> tuple[str, dict[str, Any]]:
        self.efs_backend.delete_file_system_policy(self._uri("FileSystemId"))  # type: ignore[arg-type]
        return _empty(200)

    def create_replication_configuration(self) -> tuple[str, dict[str, Any]]:
        description = self.efs_backend.create_replication_configuration(
            self._uri("SourceFileSystemId"),  # type: ignore[arg-type]
            self._body().get("Destinations"),
        )
        return _json(description)

    def describe_replication_configurations(self) -> tuple[str, dict[str, Any]]:
        replications, token = self.efs_backend.describe_replication_configurations(
            self._query("FileSystemId"), self._query("MaxResults"), self._query("NextToken")
        )
        out: dict[str, Any] = {"Replications": replications}
        if token:
            out["NextToken"] = token
        return _json(out)

    def delete_replication_configuration(self) -> tuple[str, dict[str, Any]]:
        self.efs_backend.delete_replication_configuration(
            self._uri("SourceFileSystemId"),  # type: ignore[arg-type]
            self._query("deletionMode"),
        )
        return _empty(204)

    # -- changed operations -------------------------------------------------------------------

    def describe_backup_policy(self) -> tuple[str, dict[str, Any]]:
        policy = self.efs_backend.describe_backup_policy(self._uri("FileSystemId"))  # type: ignore[arg-type]
        return _json({"BackupPolicy": policy})

    def delete_file_system(self) -> tuple[str, dict[str, Any]]:
        self.efs_backend.delete_file_system(self._uri("FileSystemId"))  # type: ignore[arg-type]
        return _empty(204)

    def put_lifecycle_configuration(self) -> tuple[str, dict[str, Any]]:
        body = self._body()
        if "LifecyclePolicies" not in body:
            raise BadRequest("LifecyclePolicies is required.")
        fs_id = self._uri("FileSystemId")
        self.efs_backend.put_lifecycle_configuration(fs_id, body["LifecyclePolicies"])  # type: ignore[arg-type]
        policies = self.efs_backend.describe_lifecycle_configuration(fs_id)  # type: ignore[arg-type]
        return _json({"LifecyclePolicies": policies})

    def describe_lifecycle_configuration(self) -> tuple[str, dict[str, Any]]:
        policies = self.efs_backend.describe_lifecycle_configuration(self._uri("FileSystemId"))  # type: ignore[arg-type]
        return _json({"LifecyclePolicies": policies})

    def describe_file_system_policy(self) -> tuple[str, dict[str, Any]]:
        fs = self.efs_backend._file_system(self._uri("FileSystemId"))
        policy = self.efs_backend.describe_file_system_policy(fs.file_system_id)
        return _json({"FileSystemId": fs.file_system_id, "Policy": policy})

    def put_file_system_policy(self) -> tuple[str, dict[str, Any]]:
        body = self._body()
        fs = self.efs_backend._file_system(self._uri("FileSystemId"))
        bypass = body.get("BypassPolicyLockoutSafetyCheck", False)
        if not isinstance(bypass, bool):
            raise BadRequest("BypassPolicyLockoutSafetyCheck must be a boolean.")
        self.efs_backend.put_file_system_policy(fs.file_system_id, body.get("Policy"), bypass)  # type: ignore[arg-type]
        return _json({"FileSystemId": fs.file_system_id, "Policy": fs.file_system_policy})

    def create_access_point(self) -> tuple[str, dict[str, Any]]:
        body = self._body()
        if not body.get("FileSystemId"):
            raise BadRequest("FileSystemId is required.")
        ap = self.efs_backend.create_access_point(
            body.get("ClientToken"),  # type: ignore[arg-type]
            tags=body.get("Tags") or [],
            file_system_id=body["FileSystemId"],
            posix_user=body.get("PosixUser"),  # type: ignore[arg-type]
            root_directory=body.get("RootDirectory"),  # type: ignore[arg-type]
        )
        return _json(ap.info_json())

    def describe_access_points(self) -> tuple[str, dict[str, Any]]:
        aps, token = self.efs_backend.describe_access_points_page(
            self._query("AccessPointId"),
            self._query("FileSystemId"),
            self._query("MaxResults"),
            self._query("NextToken"),
        )
        out: dict[str, Any] = {"AccessPoints": [ap.info_json() for ap in aps]}
        if token:
            out["NextToken"] = token
        return _json(out)

    def delete_access_point(self) -> tuple[str, dict[str, Any]]:
        self.efs_backend.delete_access_point(self._uri("AccessPointId"))  # type: ignore[arg-type]
        return _empty(204)


# --------------------------------------------------------------------------------------------

NEW_ROUTES = [
    # botocore picks the operation from method + path; Flask only has to reach dispatch.
    "/2015-02-01/file-systems/replication-configurations",
    "/2015-02-01/file-systems/<file_system_id>/replication-configuration",
    "/2015-02-01/file-systems/<file_system_id>/protection",
]

_installed = False


def install() -> None:
    """Patch moto's EFS in place. Idempotent; call before the server's first EFS request."""
    global _installed
    if _installed:
        return
    # Errors: AWS's body shape, and the model's HTTP status where moto differs.
    EFSError.__init__ = _efs_error_init  # type: ignore[method-assign]
    efs_exceptions.SubnetNotFound.code = 400
    efs_exceptions.SecurityGroupNotFound.code = 400
    # Descriptions shaped like the model.
    FileSystem.info_json = _file_system_description  # type: ignore[method-assign]
    FileSystem.backup_policy = property(_backup_policy)  # type: ignore[method-assign,assignment]
    AccessPoint.info_json = _access_point_description  # type: ignore[method-assign]
    # moto's AccessPoint has no physical_resource_id, so a CloudFormation stack reports
    # none for AWS::EFS::AccessPoint (Ref gives its ID on AWS).
    AccessPoint.physical_resource_id = property(lambda self: self.access_point_id)  # type: ignore[attr-defined]
    # Every account/Region backend built from now on is the extended one.
    efs_models.efs_backends.backend = ExtendedEFSBackend
    # Every EFS route dispatches to the extended response class; add the missing routes.
    for path in list(efs_urls.url_paths):
        efs_urls.url_paths[path] = ExtendedEFSResponse.dispatch
    for path in NEW_ROUTES:
        efs_urls.url_paths[path] = ExtendedEFSResponse.dispatch
    _installed = True
