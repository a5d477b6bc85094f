"""EFS errors shaped like AWS's: body `{"ErrorCode", "Message", ...}` with the error
shape's own members, and the model's HTTP status. moto's EFSError gets `_efs_error_init`
(installed by `install()`); the errors moto lacks are defined here.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.efs.exceptions import EFSError


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
