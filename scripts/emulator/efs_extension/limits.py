"""The documented EFS quotas and limits the extension enforces, in one place with the AWS
documentation each follows, and the two settings (environment variables) that lower them so
tests need not create 10,000 access points or wait 24 hours.
"""

from __future__ import annotations

import os

# Documented quota: "A file system can have a maximum of 10,000 access points unless you
# request an increase" (CreateAccessPoint). Overridable so tests need not create 10,000.
ACCESS_POINT_LIMIT_ENV = "EFS_EMULATOR_ACCESS_POINT_LIMIT"
# TooManyRequests: "Returned if you don't wait at least 24 hours before either changing the
# throughput mode, or decreasing the Provisioned Throughput value."
THROUGHPUT_COOLDOWN_ENV = "EFS_EMULATOR_THROUGHPUT_COOLDOWN_SECONDS"
# UpdateFileSystem: "Valid values are 1-3414 MiBps, with the upper limit depending on Region."
MAX_PROVISIONED_MIBPS = 3414.0
MAX_POLICY_CHARS = 20000
POSIX_ID_MAX = 4294967295
DEFAULT_PAGE = 100  # MaxResults default of DescribeAccessPoints / DescribeReplicationConfigurations


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default
