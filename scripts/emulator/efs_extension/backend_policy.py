"""The file system policy operations of ExtendedEFSBackend: DescribeFileSystemPolicy,
PutFileSystemPolicy (with the policy checks) and DeleteFileSystemPolicy.
"""

from __future__ import annotations

from moto.efs.exceptions import PolicyNotFound

from .backend_core import BackendCore
from .errors import InvalidPolicyException
from .policy_checks import _locks_out, _validate_policy


class PolicyOperations(BackendCore):
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
