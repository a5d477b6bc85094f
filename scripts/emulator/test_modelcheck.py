"""The model checker itself: it accepts a well-formed response and rejects malformed ones
(the negative control for every other test's conformance check)."""

import json
import unittest

import modelcheck

MODEL = modelcheck.load_model()
V = modelcheck.ShapeValidator(MODEL)


def file_system(**changes):
    fs = {
        "OwnerId": "123456789012",
        "CreationToken": "tok",
        "FileSystemId": "fs-0123456789abcdef0",
        "FileSystemArn": "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0",
        "CreationTime": 1700000000.5,
        "LifeCycleState": "available",
        "NumberOfMountTargets": 0,
        "SizeInBytes": {"Value": 6144, "Timestamp": 1700000000, "ValueInIA": 0},
        "PerformanceMode": "generalPurpose",
        "Encrypted": True,
        "ThroughputMode": "provisioned",
        "ProvisionedThroughputInMibps": 128.0,
        "Tags": [{"Key": "Name", "Value": "x"}],
        "FileSystemProtection": {"ReplicationOverwriteProtection": "ENABLED"},
    }
    for k, v in changes.items():
        if v is DELETE:
            del fs[k]
        else:
            fs[k] = v
    return fs


DELETE = object()


def check(operation, status, body, headers=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return modelcheck.check_response(MODEL, V, operation, status, headers or {}, raw)


class ShapeValidatorTest(unittest.TestCase):
    def shape(self, name):
        return MODEL.shape_for(name)

    def test_accepts_a_well_formed_description(self):
        self.assertEqual(V.errors(self.shape("FileSystemDescription"), file_system()), [])

    def test_rejects_a_missing_required_member(self):
        errors = V.errors(self.shape("FileSystemDescription"), file_system(OwnerId=DELETE))
        self.assertEqual(len(errors), 1)
        self.assertIn("required member 'OwnerId'", errors[0])

    def test_rejects_a_value_outside_the_enum(self):
        errors = V.errors(self.shape("FileSystemDescription"), file_system(LifeCycleState="ready"))
        self.assertEqual(len(errors), 1)
        self.assertIn("'ready' is not one of LifeCycleState", errors[0])

    def test_rejects_a_member_the_model_does_not_define(self):
        errors = V.errors(
            self.shape("FileSystemDescription"), file_system(LifecyclePolicies=[])
        )
        self.assertEqual(errors, ["$: member 'LifecyclePolicies' is not in FileSystemDescription"])

    def test_rejects_nested_problems_with_their_path(self):
        errors = V.errors(
            self.shape("FileSystemDescription"),
            file_system(FileSystemProtection={"ReplicationOverwriteProtection": "ON"}),
        )
        self.assertEqual(len(errors), 1)
        self.assertTrue(errors[0].startswith("$.FileSystemProtection.ReplicationOverwriteProtection:"))

    def test_rejects_null_wrong_types_and_ranges(self):
        cases = {
            "Name": None,  # null
            "NumberOfMountTargets": "0",  # string for integer
            "Encrypted": 1,  # integer for boolean
            "CreationTime": "2024-01-01",  # string for an epoch timestamp
            "ProvisionedThroughputInMibps": 0.5,  # below min 1.0
            "FileSystemId": "fs-XYZ",  # pattern
            "CreationToken": "x" * 65,  # above max length 64
            "OwnerId": "1234567890123456",  # above max length 14
            "Tags": {"Key": "a"},  # object for list
        }
        for member, value in cases.items():
            with self.subTest(member=member):
                errors = V.errors(self.shape("FileSystemDescription"), file_system(**{member: value}))
                self.assertEqual(len(errors), 1, errors)
                self.assertIn(f"$.{member}", errors[0])

    def test_integer_limits_and_list_length(self):
        posix = self.shape("PosixUser")
        self.assertEqual(V.errors(posix, {"Uid": 0, "Gid": 4294967295, "SecondaryGids": []}), [])
        self.assertEqual(len(V.errors(posix, {"Uid": -1, "Gid": 0})), 1)
        self.assertEqual(len(V.errors(posix, {"Uid": 0, "Gid": 4294967296})), 1)
        self.assertEqual(len(V.errors(posix, {"Uid": 0, "Gid": 0, "SecondaryGids": list(range(17))})), 1)
        self.assertEqual(len(V.errors(posix, {"Uid": True, "Gid": 0})), 1)

    def test_uncompilable_patterns_are_skipped_not_failed(self):
        self.assertEqual(V.errors(self.shape("Tag"), {"Key": "Name", "Value": "x"}), [])
        self.assertIn("TagKey", V.skipped_patterns)


class CheckResponseTest(unittest.TestCase):
    def test_accepts_a_conforming_success(self):
        self.assertEqual(check("CreateFileSystem", 201, file_system()), [])

    def test_rejects_the_wrong_success_status(self):
        problems = check("CreateFileSystem", 200, file_system())
        self.assertEqual(problems, ["CreateFileSystem 200: HTTP status 200, the model says 201"])

    def test_rejects_a_malformed_success_body(self):
        body = file_system(OwnerId=DELETE, LifeCycleState="ready", Extra=1)
        self.assertEqual(len(check("CreateFileSystem", 201, body)), 3)

    def test_rejects_a_body_for_an_operation_without_output(self):
        self.assertEqual(check("DeleteFileSystem", 204, b""), [])
        self.assertEqual(len(check("DeleteFileSystem", 204, b"{}")), 1)

    def test_accepts_a_documented_error(self):
        headers = {"x-amzn-ErrorType": "FileSystemNotFound"}
        body = {"ErrorCode": "FileSystemNotFound", "Message": "File system 'fs-1' does not exist."}
        self.assertEqual(check("DescribeFileSystems", 404, body, headers), [])

    def test_rejects_an_undocumented_error_code(self):
        headers = {"x-amzn-ErrorType": "ReplicationNotFound"}
        body = {"ErrorCode": "ReplicationNotFound", "Message": "m"}
        problems = check("DescribeFileSystems", 404, body, headers)
        self.assertEqual(len(problems), 1)
        self.assertIn("is not among the operation's errors", problems[0])

    def test_accepts_a_common_error_code(self):
        headers = {"x-amzn-ErrorType": "ThrottlingException"}
        body = {"ErrorCode": "ThrottlingException", "Message": "slow down"}
        self.assertEqual(check("DescribeFileSystems", 429, body, headers), [])

    def test_rejects_the_wrong_error_status(self):
        headers = {"x-amzn-ErrorType": "FileSystemNotFound"}
        body = {"ErrorCode": "FileSystemNotFound", "Message": "m"}
        problems = check("DescribeFileSystems", 400, body, headers)
        self.assertEqual(problems, ["DescribeFileSystems 400 FileSystemNotFound: HTTP status 400, the model gives FileSystemNotFound 404"])

    def test_rejects_moto_style_error_bodies(self):
        # moto 5.2.5's own EFS error body: no ErrorCode, lower-case message, __type.
        headers = {"x-amzn-ErrorType": "FileSystemNotFound"}
        body = {"__type": "FileSystemNotFound", "message": "m"}
        problems = check("DescribeFileSystems", 404, body, headers)
        self.assertGreaterEqual(len(problems), 3, problems)

    def test_requires_the_error_shapes_own_members(self):
        headers = {"x-amzn-ErrorType": "FileSystemAlreadyExists"}
        body = {"ErrorCode": "FileSystemAlreadyExists", "Message": "m"}
        problems = check("CreateFileSystem", 409, body, headers)
        self.assertEqual(len(problems), 1)
        self.assertIn("'FileSystemId'", problems[0])


if __name__ == "__main__":
    unittest.main()
