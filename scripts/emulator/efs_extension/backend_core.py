"""What every mixin of ExtendedEFSBackend shares: the extension's state on a backend
(replications, access point client tokens), the file system lookup by ID or ARN, and the
lifecycle-state check. The mixins, each one concern, are combined with moto's EFSBackend
in `backend.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from moto.efs import urls as efs_urls
from moto.efs.exceptions import BadRequest, FileSystemNotFound
from moto.efs.models import FileSystem

from .errors import IncorrectFileSystemLifeCycleState
from .replication import Replication

if TYPE_CHECKING:
    # Type checkers see a mixin as what it is combined into, an EFSBackend; at run time it
    # is a plain class and ExtendedEFSBackend puts moto's EFSBackend after it.
    from moto.efs.models import EFSBackend as _MixinBase
else:
    _MixinBase = object


class BackendCore(_MixinBase):
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
