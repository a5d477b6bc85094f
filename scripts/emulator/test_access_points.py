"""CreateAccessPoint, DescribeAccessPoints, DeleteAccessPoint."""

import unittest

from emutest import ACCOUNT, Emulator, EmulatorTestCase

MISSING_FS = "fs-0123456789abcdef0"
MISSING_AP = "fsap-0123456789abcdef0"

POSIX = {"Uid": 1000, "Gid": 1000, "SecondaryGids": [100, 4294967295]}
ROOT = {"Path": "/ray/shared", "CreationInfo": {"OwnerUid": 1000, "OwnerGid": 1000, "Permissions": "0755"}}


class AccessPointTest(EmulatorTestCase):
    def create(self, fs, token, **kw):
        return self.efs.create_access_point(ClientToken=token, FileSystemId=fs, **kw)

    def test_create_describes_everything_given(self):
        fs = self.new_file_system()
        ap = self.create(fs, "t1", PosixUser=POSIX, RootDirectory=ROOT, Tags=[{"Key": "Name", "Value": "ray"}])
        self.assertEqual(self.last_status(), 200)
        self.assertEqual(ap["PosixUser"], POSIX)
        self.assertEqual(ap["RootDirectory"], ROOT)
        self.assertEqual((ap["Name"], ap["Tags"]), ("ray", [{"Key": "Name", "Value": "ray"}]))
        self.assertEqual((ap["FileSystemId"], ap["OwnerId"], ap["LifeCycleState"]), (fs, ACCOUNT, "available"))
        self.assertTrue(ap["AccessPointArn"].endswith(f":access-point/{ap['AccessPointId']}"))
        described = self.efs.describe_access_points(AccessPointId=ap["AccessPointId"])["AccessPoints"]
        self.assertEqual([a["AccessPointId"] for a in described], [ap["AccessPointId"]])

    def test_defaults(self):
        ap = self.create(self.new_file_system(), "t1")
        self.assertEqual(ap["RootDirectory"], {"Path": "/"})
        self.assertNotIn("PosixUser", ap)
        self.assertNotIn("Name", ap)

    def test_client_token_is_idempotent(self):
        fs = self.new_file_system()
        first = self.create(fs, "same", PosixUser=POSIX)
        again = self.create(fs, "same", PosixUser=POSIX)
        self.assertEqual(again["AccessPointId"], first["AccessPointId"])
        self.assertEqual(len(self.efs.describe_access_points(FileSystemId=fs)["AccessPoints"]), 1)
        # The same token for a different request is a conflict that names the access point.
        error = self.assertError("AccessPointAlreadyExists", self.create, fs, "same", PosixUser={"Uid": 1, "Gid": 1})
        self.assertEqual(error["AccessPointId"], first["AccessPointId"])
        # Once that access point is deleted, the token is free again.
        self.efs.delete_access_point(AccessPointId=first["AccessPointId"])
        self.assertNotEqual(self.create(fs, "same")["AccessPointId"], first["AccessPointId"])

    def test_validation(self):
        fs = self.new_file_system()
        unchecked = self.efs_client(validate_params=False)
        for kw in (
            {"PosixUser": {"Uid": 4294967296, "Gid": 0}},
            {"PosixUser": {"Uid": 0, "Gid": 0, "SecondaryGids": list(range(17))}},
            {"RootDirectory": {"Path": "relative"}},
            {"RootDirectory": {"Path": "/a/b/c/d/e"}},
            {"RootDirectory": {"Path": "/.hidden"}},
            {"RootDirectory": {"Path": "/x", "CreationInfo": {"OwnerUid": 0, "OwnerGid": 0, "Permissions": "999"}}},
        ):
            with self.subTest(kw=kw):
                self.assertError("BadRequest", unchecked.create_access_point, ClientToken=str(kw), FileSystemId=fs, **kw)
        self.assertError("FileSystemNotFound", self.create, MISSING_FS, "t")
        self.assertEqual(self.efs.describe_access_points(FileSystemId=fs)["AccessPoints"], [])

    def test_file_system_arn_is_accepted(self):
        fs = self.new_file_system()
        arn = f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/{fs}"
        self.assertEqual(self.create(arn, "t")["FileSystemId"], fs)
        self.assertEqual(len(self.efs.describe_access_points(FileSystemId=arn)["AccessPoints"]), 1)

    def test_describe_by_file_system_with_pagination(self):
        fs, other = self.new_file_system(), self.new_file_system()
        created = [self.create(fs, f"t{i}")["AccessPointId"] for i in range(5)]
        self.create(other, "other")
        seen, token, pages = [], None, 0
        while True:
            kw = {"NextToken": token} if token else {}
            out = self.efs.describe_access_points(FileSystemId=fs, MaxResults=2, **kw)
            seen += [a["AccessPointId"] for a in out["AccessPoints"]]
            pages += 1
            token = out.get("NextToken")
            if not token:
                break
        self.assertEqual((seen, pages), (created, 3))
        self.assertEqual(len(self.efs.describe_access_points()["AccessPoints"]), 6)

    def test_describe_errors(self):
        fs = self.new_file_system()
        ap = self.create(fs, "t")["AccessPointId"]
        self.assertError("BadRequest", self.efs.describe_access_points, FileSystemId=fs, AccessPointId=ap)
        self.assertError("AccessPointNotFound", self.efs.describe_access_points, AccessPointId=MISSING_AP)
        self.assertError("FileSystemNotFound", self.efs.describe_access_points, FileSystemId=MISSING_FS)
        self.assertError("BadRequest", self.efs.describe_access_points, FileSystemId=fs, NextToken="garbage!")
        unchecked = self.efs_client(validate_params=False)
        self.assertError("BadRequest", unchecked.describe_access_points, FileSystemId=fs, MaxResults=0)

    def test_delete(self):
        fs = self.new_file_system()
        ap = self.create(fs, "t")["AccessPointId"]
        self.efs.delete_access_point(AccessPointId=ap)
        self.assertEqual(self.last_status(), 204)
        self.assertError("AccessPointNotFound", self.efs.describe_access_points, AccessPointId=ap)
        self.assertError("AccessPointNotFound", self.efs.delete_access_point, AccessPointId=ap)

    def test_a_file_system_with_access_points_cannot_be_deleted(self):
        fs = self.new_file_system()
        ap = self.create(fs, "t")["AccessPointId"]
        self.assertError("FileSystemInUse", self.efs.delete_file_system, FileSystemId=fs)
        self.efs.delete_access_point(AccessPointId=ap)
        self.efs.delete_file_system(FileSystemId=fs)


class AccessPointLimitTest(EmulatorTestCase):
    """AWS's limit is 10,000 per file system; EFS_EMULATOR_ACCESS_POINT_LIMIT lowers it."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator({"EFS_EMULATOR_ACCESS_POINT_LIMIT": "3"})

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def test_limit_is_per_file_system(self):
        fs, other = self.new_file_system(), self.new_file_system()
        for i in range(3):
            self.efs.create_access_point(ClientToken=f"t{i}", FileSystemId=fs)
        self.assertError("AccessPointLimitExceeded", self.efs.create_access_point, ClientToken="t3", FileSystemId=fs)
        # A retry of an earlier request is still answered, and other file systems are not limited.
        self.efs.create_access_point(ClientToken="t0", FileSystemId=fs)
        self.efs.create_access_point(ClientToken="o0", FileSystemId=other)


if __name__ == "__main__":
    unittest.main()
