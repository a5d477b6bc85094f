"""CreateReplicationConfiguration, DescribeReplicationConfigurations,
DeleteReplicationConfiguration, and what they do to DeleteFileSystem and
UpdateFileSystemProtection."""

import unittest

from emutest import ACCOUNT, EmulatorTestCase

MISSING = "fs-0123456789abcdef0"
OTHER_ACCOUNT = "111122223333"


def protection(desc):
    return desc["FileSystemProtection"]["ReplicationOverwriteProtection"]


class ReplicationTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        self.west = self.efs_client("us-west-2")

    def replicate(self, source, **destination):
        return self.efs.create_replication_configuration(SourceFileSystemId=source, Destinations=[destination])

    def test_cross_region_replication_lifecycle(self):
        kms = self.aws_client("kms", "us-west-2").create_key()["KeyMetadata"]["Arn"]
        source = self.new_file_system(PerformanceMode="maxIO", Encrypted=False)
        created = self.replicate(source, Region="us-west-2", AvailabilityZoneName="us-west-2b", KmsKeyId=kms)
        (dest_entry,) = created["Destinations"]
        dest = dest_entry["FileSystemId"]
        self.assertEqual(dest_entry["Status"], "ENABLING")
        self.assertEqual(
            (created["SourceFileSystemId"], created["SourceFileSystemRegion"], dest_entry["Region"], dest_entry["OwnerId"]),
            (source, "us-east-1", "us-west-2", ACCOUNT),
        )
        self.assertEqual(created["OriginalSourceFileSystemArn"], created["SourceFileSystemArn"])

        # The destination exists in us-west-2 only: One Zone, encrypted with the key, read-only.
        self.assertError("FileSystemNotFound", self.efs.describe_file_systems, FileSystemId=dest)
        self.assertEqual([fs["FileSystemId"] for fs in self.efs.describe_file_systems()["FileSystems"]], [source])
        west = self.describe(dest, self.west)
        self.assertEqual(
            (west["AvailabilityZoneName"], west["Encrypted"], west["KmsKeyId"], west["PerformanceMode"], protection(west)),
            ("us-west-2b", True, kms, "generalPurpose", "REPLICATING"),
        )
        # One Zone destinations get automatic backups.
        self.assertEqual(self.west.describe_backup_policy(FileSystemId=dest)["BackupPolicy"]["Status"], "ENABLED")
        self.assertEqual(protection(self.describe(source)), "ENABLED")

        # Later describes say ENABLED, from either Region, by source or destination ID.
        for client, fs_id in ((self.efs, source), (self.west, dest), (self.efs, None), (self.west, None)):
            kw = {"FileSystemId": fs_id} if fs_id else {}
            (rep,) = client.describe_replication_configurations(**kw)["Replications"]
            self.assertEqual((rep["SourceFileSystemId"], rep["Destinations"][0]["FileSystemId"]), (source, dest))
            self.assertEqual(rep["Destinations"][0]["Status"], "ENABLED")
            self.assertIn("LastReplicatedTimestamp", rep["Destinations"][0])

        # Neither file system can be deleted, nor its protection changed, while replicating.
        self.assertError("FileSystemInUse", self.efs.delete_file_system, FileSystemId=source)
        self.assertError("FileSystemInUse", self.west.delete_file_system, FileSystemId=dest)
        for client, fs_id in ((self.west, dest), (self.efs, source)):
            self.assertError(
                "ReplicationAlreadyExists", client.update_file_system_protection,
                FileSystemId=fs_id, ReplicationOverwriteProtection="DISABLED",
            )

        # Delete (here from the destination's side), then both file systems.
        self.west.delete_replication_configuration(SourceFileSystemId=dest)
        self.assertEqual(self.last_status(), 204)
        for client, fs_id in ((self.efs, source), (self.west, dest)):
            self.assertError("ReplicationNotFound", client.describe_replication_configurations, FileSystemId=fs_id)
        self.assertEqual(self.efs.describe_replication_configurations()["Replications"], [])
        self.assertEqual(protection(self.describe(dest, self.west)), "ENABLED")
        self.efs.delete_file_system(FileSystemId=source)
        self.west.delete_file_system(FileSystemId=dest)
        for client in (self.efs, self.west):
            self.assertEqual(client.describe_file_systems()["FileSystems"], [])

    def test_regional_destination_keeps_the_source_performance_mode(self):
        source = self.new_file_system(PerformanceMode="maxIO")
        dest = self.replicate(source, Region="eu-west-1")["Destinations"][0]["FileSystemId"]
        desc = self.describe(dest, self.efs_client("eu-west-1"))
        self.assertEqual((desc["PerformanceMode"], desc["ThroughputMode"], desc["Encrypted"]), ("maxIO", "bursting", True))
        self.assertNotIn("AvailabilityZoneName", desc)
        self.assertError("PolicyNotFound", self.efs_client("eu-west-1").describe_backup_policy, FileSystemId=dest)

    def test_region_from_availability_zone(self):
        source = self.new_file_system()
        created = self.replicate(source, AvailabilityZoneName="us-west-2a")
        self.assertEqual(created["Destinations"][0]["Region"], "us-west-2")

    def test_same_region_replication_is_allowed(self):
        # AWS documents same-Region replication (DeletionMode: "same-account, same-region
        # replication"), so the emulator does not refuse it.
        source = self.new_file_system()
        dest = self.replicate(source, Region="us-east-1")["Destinations"][0]["FileSystemId"]
        self.assertEqual(len(self.efs.describe_replication_configurations()["Replications"]), 1)
        self.assertError(
            "BadRequest", self.efs.delete_replication_configuration,
            SourceFileSystemId=source, DeletionMode="LOCAL_CONFIGURATION_ONLY",
        )
        self.efs.delete_replication_configuration(SourceFileSystemId=source)
        self.assertEqual(protection(self.describe(dest)), "ENABLED")

    def test_to_an_existing_file_system(self):
        source = self.new_file_system(Encrypted=True)
        dest = self.new_file_system(self.west, Encrypted=True)
        self.assertError("ValidationException", self.replicate, source, Region="us-west-2", FileSystemId=dest)
        self.west.update_file_system_protection(FileSystemId=dest, ReplicationOverwriteProtection="DISABLED")
        created = self.replicate(source, Region="us-west-2", FileSystemId=dest)
        self.assertEqual(created["Destinations"][0]["FileSystemId"], dest)
        self.assertEqual(protection(self.describe(dest, self.west)), "REPLICATING")
        self.efs.delete_replication_configuration(SourceFileSystemId=source)
        # "its replication overwrite protection is re-enabled"
        self.assertEqual(protection(self.describe(dest, self.west)), "ENABLED")

    def test_encrypted_source_to_unencrypted_destination_conflicts(self):
        source = self.new_file_system(Encrypted=True)
        dest = self.new_file_system(self.west)
        self.west.update_file_system_protection(FileSystemId=dest, ReplicationOverwriteProtection="DISABLED")
        self.assertError("ConflictException", self.replicate, source, Region="us-west-2", FileSystemId=dest)

    def test_cross_account_needs_a_role(self):
        other = self.efs_client("us-west-2", account=OTHER_ACCOUNT)
        dest = self.new_file_system(other)
        other.update_file_system_protection(FileSystemId=dest, ReplicationOverwriteProtection="DISABLED")
        arn = f"arn:aws:elasticfilesystem:us-west-2:{OTHER_ACCOUNT}:file-system/{dest}"
        source = self.new_file_system()
        self.assertError("BadRequest", self.replicate, source, FileSystemId=arn)
        role = f"arn:aws:iam::{ACCOUNT}:role/efs-replication"
        created = self.replicate(source, FileSystemId=arn, RoleArn=role)
        entry = created["Destinations"][0]
        self.assertEqual((entry["OwnerId"], entry["Region"], entry["RoleArn"]), (OTHER_ACCOUNT, "us-west-2", role))
        self.assertEqual(created["SourceFileSystemOwnerId"], ACCOUNT)
        (seen,) = other.describe_replication_configurations(FileSystemId=dest)["Replications"]
        self.assertEqual(seen["SourceFileSystemId"], source)
        # Deleting only the local (source) side leaves the destination's side in place.
        self.efs.delete_replication_configuration(SourceFileSystemId=source, DeletionMode="LOCAL_CONFIGURATION_ONLY")
        self.assertError("ReplicationNotFound", self.efs.describe_replication_configurations, FileSystemId=source)
        self.assertEqual(len(other.describe_replication_configurations()["Replications"]), 1)
        self.assertEqual(protection(self.describe(dest, other)), "REPLICATING")
        self.efs.delete_file_system(FileSystemId=source)
        other.delete_replication_configuration(SourceFileSystemId=dest, DeletionMode="LOCAL_CONFIGURATION_ONLY")
        self.assertEqual(protection(self.describe(dest, other)), "ENABLED")

    def test_create_errors(self):
        source = self.new_file_system()
        self.assertError("FileSystemNotFound", self.replicate, MISSING, Region="us-west-2")
        self.assertError("ValidationException", self.replicate, source, Region="xx-nowhere-1")
        self.assertError("BadRequest", self.replicate, source)
        self.assertError("BadRequest", self.replicate, source, Region="us-west-2", AvailabilityZoneName="us-east-1a")
        self.assertError("UnsupportedAvailabilityZone", self.replicate, source, Region="us-west-2", AvailabilityZoneName="us-west-2z")
        self.assertError(
            "BadRequest", self.efs.create_replication_configuration,
            SourceFileSystemId=source, Destinations=[{"Region": "us-west-2"}, {"Region": "eu-west-1"}],
        )
        self.assertError("BadRequest", self.efs.create_replication_configuration, SourceFileSystemId=source, Destinations=[])
        self.assertError("FileSystemNotFound", self.replicate, source, Region="us-west-2", FileSystemId=MISSING)
        self.assertError("ValidationException", self.replicate, source, Region="us-east-1", FileSystemId=source)
        # Nothing was created by the failed attempts.
        self.assertEqual(self.west.describe_file_systems()["FileSystems"], [])
        dest = self.replicate(source, Region="us-west-2")["Destinations"][0]["FileSystemId"]
        # A file system can be part of only one replication configuration, as source or destination.
        self.assertError("ValidationException", self.replicate, source, Region="eu-west-1")
        self.assertError(
            "ValidationException", self.west.create_replication_configuration,
            SourceFileSystemId=dest, Destinations=[{"Region": "eu-west-1"}],
        )
        third = self.new_file_system()
        self.assertError("ValidationException", self.replicate, third, Region="us-west-2", FileSystemId=dest)

    def test_describe_and_delete_errors(self):
        lone = self.new_file_system()
        self.assertError("ReplicationNotFound", self.efs.describe_replication_configurations, FileSystemId=lone)
        self.assertError("FileSystemNotFound", self.efs.describe_replication_configurations, FileSystemId=MISSING)
        self.assertError("ReplicationNotFound", self.efs.delete_replication_configuration, SourceFileSystemId=lone)
        self.assertError("FileSystemNotFound", self.efs.delete_replication_configuration, SourceFileSystemId=MISSING)
        self.assertError(
            "BadRequest", self.efs.delete_replication_configuration, SourceFileSystemId=lone, DeletionMode="SOME"
        )
        self.assertEqual(self.efs.describe_replication_configurations()["Replications"], [])
        self.assertError("BadRequest", self.efs.describe_replication_configurations, NextToken="%%%")

    def test_describe_all_is_paginated(self):
        sources = [self.new_file_system() for _ in range(5)]
        for i, source in enumerate(sources):
            self.replicate(source, Region=("us-west-2", "eu-west-1")[i % 2])
        seen, token, pages = [], None, 0
        while True:
            kw = {"NextToken": token} if token else {}
            out = self.efs.describe_replication_configurations(MaxResults=2, **kw)
            seen += [r["SourceFileSystemId"] for r in out["Replications"]]
            pages += 1
            token = out.get("NextToken")
            if not token:
                break
        self.assertEqual((seen, pages), (sources, 3))
        # Each destination Region lists the configurations whose destination it holds.
        self.assertEqual(len(self.west.describe_replication_configurations()["Replications"]), 3)
        unchecked = self.efs_client(validate_params=False)
        self.assertError("BadRequest", unchecked.describe_replication_configurations, MaxResults=0)


if __name__ == "__main__":
    unittest.main()
