"""Access point checks for CreateAccessPoint: PosixUser and RootDirectory as the model
allows them (POSIX IDs, path and permission patterns), normalized to what is stored.
"""

from __future__ import annotations

from typing import Any

from moto.efs.exceptions import BadRequest

from .limits import POSIX_ID_MAX
from .service_model import _pattern


def _posix_id(value: Any, what: str) -> int:
    # JSON numbers from the API; CloudFormation passes these properties as strings.
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= POSIX_ID_MAX:
        raise BadRequest(f"{what} must be an integer between 0 and {POSIX_ID_MAX}.")
    return value


def _validate_posix_user(posix_user: Any) -> dict[str, Any] | None:
    if not posix_user:
        return None
    if not isinstance(posix_user, dict) or "Uid" not in posix_user or "Gid" not in posix_user:
        raise BadRequest("PosixUser must have Uid and Gid.")
    out: dict[str, Any] = {
        "Uid": _posix_id(posix_user["Uid"], "PosixUser.Uid"),
        "Gid": _posix_id(posix_user["Gid"], "PosixUser.Gid"),
    }
    unknown = set(posix_user) - {"Uid", "Gid", "SecondaryGids"}
    if unknown:
        raise BadRequest(f"PosixUser has unknown members: {sorted(unknown)}.")
    if "SecondaryGids" in posix_user:
        gids = posix_user["SecondaryGids"]
        if not isinstance(gids, list) or len(gids) > 16:
            raise BadRequest("PosixUser.SecondaryGids must be a list of at most 16 group IDs.")
        out["SecondaryGids"] = [_posix_id(g, "PosixUser.SecondaryGids") for g in gids]
    return out


def _validate_root_directory(root: Any) -> dict[str, Any]:
    if not root:
        return {"Path": "/"}
    if not isinstance(root, dict):
        raise BadRequest("RootDirectory must be an object.")
    unknown = set(root) - {"Path", "CreationInfo"}
    if unknown:
        raise BadRequest(f"RootDirectory has unknown members: {sorted(unknown)}.")
    path = root.get("Path", "/")
    if not isinstance(path, str) or not 1 <= len(path) <= 100 or not _pattern("Path").search(path):
        raise BadRequest(f"RootDirectory.Path {path!r} is not a valid path.")
    out: dict[str, Any] = {"Path": path}
    info = root.get("CreationInfo")
    if info is not None:
        if not isinstance(info, dict) or not {"OwnerUid", "OwnerGid", "Permissions"} <= set(info):
            raise BadRequest("CreationInfo must have OwnerUid, OwnerGid and Permissions.")
        perms = info["Permissions"]
        if not isinstance(perms, str) or not _pattern("Permissions").search(perms):
            raise BadRequest(f"CreationInfo.Permissions {perms!r} must be 3 or 4 octal digits.")
        out["CreationInfo"] = {
            "OwnerUid": _posix_id(info["OwnerUid"], "CreationInfo.OwnerUid"),
            "OwnerGid": _posix_id(info["OwnerGid"], "CreationInfo.OwnerGid"),
            "Permissions": perms,
        }
    return out
