"""The EFS service model (botocore's, the same file the tests validate against): enums and
patterns are read from it rather than copied, so the checks follow the model exactly. Also
the Regions where EFS is available, and the day count of a lifecycle rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("efs")


def _enum(shape_name: str) -> list[str]:
    return list(_service_model().shape_for(shape_name).enum)


def _pattern(shape_name: str) -> re.Pattern[str]:
    return re.compile(_service_model().shape_for(shape_name).metadata["pattern"])


@lru_cache(maxsize=1)
def _efs_regions() -> frozenset[str]:
    import boto3

    session = boto3.session.Session()
    regions: set[str] = set()
    for partition in session.get_available_partitions():
        regions.update(session.get_available_regions("efs", partition_name=partition))
    return frozenset(regions)


def _days(rule: str) -> int:
    """AFTER_30_DAYS -> 30, AFTER_1_DAY -> 1."""
    return int(rule.split("_")[1])
