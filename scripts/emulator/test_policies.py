"""PutFileSystemPolicy/DescribeFileSystemPolicy/DeleteFileSystemPolicy and
PutLifecycleConfiguration/DescribeLifecycleConfiguration."""

import json
import unittest

from emutest import ACCOUNT, EmulatorTestCase

MISSING = "fs-0123456789abcdef0"


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ALLOW_MOUNT = {
    "Effect": "Allow",
    "Principal": {"AWS": "*"},
    "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
    "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}},
}
DENY_ALL = {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "elasticfilesystem:*"}


class FileSystemPolicyTest(EmulatorTestCase):
    def test_put_describe_delete(self):
        fs = self.new_file_system()
        self.assertError("PolicyNotFound", self.efs.describe_file_system_policy, FileSystemId=fs)
        doc = policy(ALLOW_MOUNT)
        out = self.efs.put_file_system_policy(FileSystemId=fs, Policy=doc)
        self.assertEqual((out["FileSystemId"], json.loads(out["Policy"])), (fs, json.loads(doc)))
        described = self.efs.describe_file_system_policy(FileSystemId=fs)
        self.assertEqual(json.loads(described["Policy"]), json.loads(doc))
        self.efs.delete_file_system_policy(FileSystemId=fs)
        self.assertEqual(self.last_status(), 200)
        self.assertError("PolicyNotFound", self.efs.describe_file_system_policy, FileSystemId=fs)
        # Deleting when only the default policy is in effect is not an error.
        self.efs.delete_file_system_policy(FileSystemId=fs)

    def test_invalid_policies(self):
        fs = self.new_file_system()
        put = self.efs.put_file_system_policy
        for bad in (
            "{not json",
            "[]",
            json.dumps({"Version": "2012-10-17"}),
            json.dumps({"Version": "2099-01-01", "Statement": [ALLOW_MOUNT]}),
            policy({"Effect": "Maybe", "Principal": "*", "Action": "elasticfilesystem:ClientMount"}),
            policy({"Effect": "Allow", "Principal": "*"}),
            policy({"Effect": "Allow", "Action": "elasticfilesystem:ClientMount"}),
        ):
            with self.subTest(policy=bad):
                self.assertError("InvalidPolicyException", put, FileSystemId=fs, Policy=bad)
        self.assertError("BadRequest", put, FileSystemId=fs, Policy=" " * 20001)
        self.assertError("PolicyNotFound", self.efs.describe_file_system_policy, FileSystemId=fs)

    def test_lockout_safety_check(self):
        fs = self.new_file_system()
        put = self.efs.put_file_system_policy
        for lockout in (
            DENY_ALL,
            {"Effect": "Deny", "Principal": "*", "Action": "elasticfilesystem:PutFileSystemPolicy"},
            {"Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "*"},
            {"Effect": "Deny", "Principal": "*", "NotAction": "elasticfilesystem:ClientMount"},
        ):
            with self.subTest(statement=lockout):
                self.assertError("InvalidPolicyException", put, FileSystemId=fs, Policy=policy(ALLOW_MOUNT, lockout))
        # Not a lockout: conditional, another account, or an action that is not PutFileSystemPolicy.
        for fine in (
            dict(DENY_ALL, Condition={"Bool": {"aws:SecureTransport": "false"}}),
            {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "elasticfilesystem:ClientRootAccess"},
        ):
            with self.subTest(statement=fine):
                put(FileSystemId=fs, Policy=policy(ALLOW_MOUNT, fine))
        out = put(FileSystemId=fs, Policy=policy(DENY_ALL), BypassPolicyLockoutSafetyCheck=True)
        self.assertEqual(json.loads(out["Policy"])["Statement"], [DENY_ALL])

    def test_unknown_file_system(self):
        self.assertError("FileSystemNotFound", self.efs.put_file_system_policy, FileSystemId=MISSING, Policy=policy(ALLOW_MOUNT))
        self.assertError("FileSystemNotFound", self.efs.describe_file_system_policy, FileSystemId=MISSING)
        self.assertError("FileSystemNotFound", self.efs.delete_file_system_policy, FileSystemId=MISSING)


class LifecycleTest(EmulatorTestCase):
    def test_all_three_kinds(self):
        fs = self.new_file_system(ThroughputMode="elastic")
        policies = [
            {"TransitionToIA": "AFTER_30_DAYS"},
            {"TransitionToArchive": "AFTER_90_DAYS"},
            {"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"},
        ]
        out = self.efs.put_lifecycle_configuration(FileSystemId=fs, LifecyclePolicies=policies)
        self.assertEqual(out["LifecyclePolicies"], policies)
        self.assertEqual(self.efs.describe_lifecycle_configuration(FileSystemId=fs)["LifecyclePolicies"], policies)
        self.efs.put_lifecycle_configuration(FileSystemId=fs, LifecyclePolicies=[])
        self.assertEqual(self.efs.describe_lifecycle_configuration(FileSystemId=fs)["LifecyclePolicies"], [])

    def test_every_documented_value(self):
        fs = self.new_file_system()
        for rule in ("AFTER_1_DAY", "AFTER_7_DAYS", "AFTER_14_DAYS", "AFTER_30_DAYS", "AFTER_60_DAYS",
                     "AFTER_90_DAYS", "AFTER_180_DAYS", "AFTER_270_DAYS", "AFTER_365_DAYS"):
            self.efs.put_lifecycle_configuration(FileSystemId=fs, LifecyclePolicies=[{"TransitionToIA": rule}])

    def test_archive_rules(self):
        elastic = self.new_file_system(ThroughputMode="elastic")
        put = self.efs.put_lifecycle_configuration
        # Archive alone is fine; Archive must be later than IA.
        put(FileSystemId=elastic, LifecyclePolicies=[{"TransitionToArchive": "AFTER_1_DAY"}])
        for ia, archive in (("AFTER_90_DAYS", "AFTER_90_DAYS"), ("AFTER_90_DAYS", "AFTER_30_DAYS")):
            self.assertError(
                "BadRequest", put, FileSystemId=elastic,
                LifecyclePolicies=[{"TransitionToIA": ia}, {"TransitionToArchive": archive}],
            )
        # Archive needs Elastic throughput and General Purpose performance.
        for kw in ({}, {"ThroughputMode": "provisioned", "ProvisionedThroughputInMibps": 10}):
            fs = self.new_file_system(**kw)
            self.assertError("BadRequest", put, FileSystemId=fs, LifecyclePolicies=[{"TransitionToArchive": "AFTER_90_DAYS"}])
        self.assertEqual(self.efs.describe_lifecycle_configuration(FileSystemId=elastic)["LifecyclePolicies"],
                         [{"TransitionToArchive": "AFTER_1_DAY"}])

    def test_one_transition_per_policy_object_and_valid_values(self):
        fs = self.new_file_system()
        put = self.efs.put_lifecycle_configuration
        for policies in (
            [{"TransitionToIA": "AFTER_30_DAYS", "TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"}],
            [{}],
            [{"TransitionToIA": "AFTER_30_DAYS"}, {"TransitionToIA": "AFTER_60_DAYS"}],
            [{"TransitionToIA": "AFTER_2_DAYS"}],
            [{"TransitionToPrimaryStorageClass": "AFTER_2_ACCESSES"}],
        ):
            with self.subTest(policies=policies):
                self.assertError("BadRequest", put, FileSystemId=fs, LifecyclePolicies=policies)
        unchecked = self.efs_client(validate_params=False)
        self.assertError("BadRequest", unchecked.put_lifecycle_configuration, FileSystemId=fs,
                         LifecyclePolicies=[{"TransitionToIA": "AFTER_7_DAYS"}] * 4)
        self.assertEqual(self.efs.describe_lifecycle_configuration(FileSystemId=fs)["LifecyclePolicies"], [])

    def test_unknown_file_system(self):
        self.assertError("FileSystemNotFound", self.efs.put_lifecycle_configuration, FileSystemId=MISSING, LifecyclePolicies=[])
        self.assertError("FileSystemNotFound", self.efs.describe_lifecycle_configuration, FileSystemId=MISSING)


if __name__ == "__main__":
    unittest.main()
