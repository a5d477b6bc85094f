"""File system policy checks for PutFileSystemPolicy: the policy document's shape, and the
lockout safety check (an unconditional Deny of PutFileSystemPolicy for the caller).
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from moto.efs.exceptions import BadRequest

from .errors import InvalidPolicyException
from .limits import MAX_POLICY_CHARS


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
