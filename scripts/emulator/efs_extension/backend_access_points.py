"""The access point operations of ExtendedEFSBackend: CreateAccessPoint (checks, client
token idempotency, the per-file-system limit), DescribeAccessPoints with paging, and
DeleteAccessPoint.
"""

from __future__ import annotations

import json
from typing import Any

from moto.efs.exceptions import AccessPointNotFound, BadRequest
from moto.efs.models import AccessPoint

from .access_point_checks import _validate_posix_user, _validate_root_directory
from .backend_core import BackendCore
from .errors import AccessPointAlreadyExists, AccessPointLimitExceeded
from .limits import ACCESS_POINT_LIMIT_ENV, _env_number
from .paging import _page


class AccessPointOperations(BackendCore):
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
