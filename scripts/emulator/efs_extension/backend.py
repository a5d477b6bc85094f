"""The backend: ExtendedEFSBackend, moto's EFSBackend with the operations moto lacks added
and those that depart from AWS changed. One mixin per concern; `install()` makes moto build
this class for every account and Region.
"""

from __future__ import annotations

from moto.efs.models import EFSBackend

from .backend_access_points import AccessPointOperations
from .backend_file_systems import FileSystemOperations
from .backend_policy import PolicyOperations
from .backend_replication import ReplicationOperations


class ExtendedEFSBackend(
    FileSystemOperations,
    ReplicationOperations,
    PolicyOperations,
    AccessPointOperations,
    EFSBackend,
):
    """moto's EFSBackend behind the mixins (which all build on BackendCore): the mixins come
    first, so their methods replace moto's and `super()` in them reaches moto's."""
