"""The responses: ExtendedEFSResponse, moto's EFSResponse with the operations moto lacks
added and those that depart from AWS changed (request parsing, status codes, bodies).
`install()` points every EFS route at it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from moto.efs import models as efs_models
from moto.efs.exceptions import BadRequest
from moto.efs.responses import EFSResponse

from .backend import ExtendedEFSBackend


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
