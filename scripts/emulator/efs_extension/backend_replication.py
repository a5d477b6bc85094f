"""The replication operations of ExtendedEFSBackend, which moto lacks:
CreateReplicationConfiguration (to a new or an existing file system, in another Region or
account), DescribeReplicationConfigurations and DeleteReplicationConfiguration.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from moto.ec2 import ec2_backends
from moto.efs import models as efs_models
from moto.efs.exceptions import BadRequest

from .backend_core import BackendCore
from .descriptions import _protection
from .errors import (
    ConflictException,
    ReplicationNotFound,
    UnsupportedAvailabilityZone,
    ValidationException,
)
from .paging import _page
from .replication import Replication
from .service_model import _efs_regions, _enum

if TYPE_CHECKING:
    from .backend import ExtendedEFSBackend


class ReplicationOperations(BackendCore):
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
