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

Every behaviour is described, with the AWS documentation it follows, in README.md (in
scripts/emulator/, next to this package).

The package has one module per concern: `errors`, `service_model`, `limits`,
`descriptions`, `replication`, `paging`, `policy_checks`, `access_point_checks`, the
backend (`backend` composes the mixins `backend_core`, `backend_file_systems`,
`backend_replication`, `backend_policy`, `backend_access_points`), `responses`; this
module holds `install()` and the routes it adds.
"""

from __future__ import annotations

from moto.efs import exceptions as efs_exceptions
from moto.efs import models as efs_models
from moto.efs import urls as efs_urls
from moto.efs.exceptions import EFSError
from moto.efs.models import AccessPoint, FileSystem

from .backend import ExtendedEFSBackend
from .descriptions import _access_point_description, _backup_policy, _file_system_description
from .errors import (
    AccessPointAlreadyExists,
    AccessPointLimitExceeded,
    ConflictException,
    FileSystemAlreadyExists,
    IncorrectFileSystemLifeCycleState,
    InvalidPolicyException,
    ReplicationAlreadyExists,
    ReplicationNotFound,
    ThroughputLimitExceeded,
    TooManyRequests,
    UnsupportedAvailabilityZone,
    ValidationException,
    _efs_error_init,
)
from .limits import (
    ACCESS_POINT_LIMIT_ENV,
    DEFAULT_PAGE,
    MAX_POLICY_CHARS,
    MAX_PROVISIONED_MIBPS,
    POSIX_ID_MAX,
    THROUGHPUT_COOLDOWN_ENV,
)
from .replication import Replication
from .responses import ExtendedEFSResponse

__all__ = [
    "ACCESS_POINT_LIMIT_ENV",
    "DEFAULT_PAGE",
    "MAX_POLICY_CHARS",
    "MAX_PROVISIONED_MIBPS",
    "NEW_ROUTES",
    "POSIX_ID_MAX",
    "THROUGHPUT_COOLDOWN_ENV",
    "AccessPointAlreadyExists",
    "AccessPointLimitExceeded",
    "ConflictException",
    "ExtendedEFSBackend",
    "ExtendedEFSResponse",
    "FileSystemAlreadyExists",
    "IncorrectFileSystemLifeCycleState",
    "InvalidPolicyException",
    "Replication",
    "ReplicationAlreadyExists",
    "ReplicationNotFound",
    "ThroughputLimitExceeded",
    "TooManyRequests",
    "UnsupportedAvailabilityZone",
    "ValidationException",
    "install",
]

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
