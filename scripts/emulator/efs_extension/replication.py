"""The replication configuration (the Replication class): moto has no replication, and a
configuration spans two backends (two Regions, possibly two accounts), so it is an object
both sides share.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from moto.efs.models import FileSystem

if TYPE_CHECKING:
    from .backend import ExtendedEFSBackend


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
