"""Paging for DescribeAccessPoints and DescribeReplicationConfigurations: an opaque token
that is the offset into the (stable, insertion-ordered) result.
"""

from __future__ import annotations

import base64
from typing import Any

from moto.efs.exceptions import BadRequest

from .limits import DEFAULT_PAGE


def _page(items: list[Any], max_results: Any, token: Any) -> tuple[list[Any], str | None]:
    if max_results is None:
        limit = DEFAULT_PAGE
    else:
        try:
            limit = int(max_results)
        except (TypeError, ValueError):
            raise BadRequest("MaxResults must be an integer.")
        if limit < 1:
            raise BadRequest("MaxResults must be at least 1.")
    start = 0
    if token is not None:
        try:
            start = int(base64.urlsafe_b64decode(str(token).encode()).decode())
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("The NextToken is not valid.")
        if start < 0 or start > len(items):
            raise BadRequest("The NextToken is not valid.")
    end = start + limit
    next_token = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], next_token
