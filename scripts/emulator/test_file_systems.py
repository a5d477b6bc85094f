"""PutBackupPolicy/DescribeBackupPolicy, UpdateFileSystem, UpdateFileSystemProtection,
CreateFileSystem/DescribeFileSystems shape, DeleteFileSystem."""

import unittest

from emutest import EmulatorTestCase, Emulator

MISSING = "fs-0123456789abcdef0"


class BackupPolicyTest(EmulatorTestCase):
    def test_create_with_backup_true_enables_the_backup_policy(self):
        fs = self.new_file_system(Backup=True)
        policy = self.efs.describe_backup_policy(FileSystemId=fs)["BackupPolicy"]
        self.assertEqual(policy, {"Status": "ENABLED"})

    def test_no_backup_policy_until_one_is_put(self):
        fs = self.new_file_system()
        self.assertError("PolicyNotFound", self.efs.describe_backup_policy, FileSystemId=fs)

    def test_one_zone_defaults_to_backup_unless_told_otherwise(self):
        one_zone = self.new_file_system(AvailabilityZoneName="us-east-1a")
        self.assertEqual(
            self.efs.describe_backup_policy(FileSystemId=one_zone)["BackupPolicy"]["Status"], "ENABLED"
        )
        no_backup = self.new_file_system(AvailabilityZoneName="us-east-1a", Backup=False)
        self.assertError("PolicyNotFound", self.efs.describe_backup_policy, FileSystemId=no_backup)

    def test_put_then_describe_agree(self):
        fs = self.new_file_system()
        for status in ("ENABLED", "DISABLED", "ENABLED"):
            out = self.efs.put_backup_policy(FileSystemId=fs, BackupPolicy={"Status": status})
            self.assertEqual(out["BackupPolicy"], {"Status": status})
            self.assertEqual(
                self.efs.describe_backup_policy(FileSystemId=fs)["BackupPolicy"], {"Status": status}
            )

    def test_transitional_states_cannot_be_put(self):
        fs = self.new_file_system()
        for status in ("ENABLING", "DISABLING"):
            self.assertError(
                "BadRequest", self.efs.put_backup_policy, FileSystemId=fs, BackupPolicy={"Status": status}
            )

    def test_unknown_file_system(self):
        self.assertError(
            "FileSystemNotFound",
            self.efs.put_backup_policy,
            FileSystemId=MISSING,
            BackupPolicy={"Status": "ENABLED"},
        )
        self.assertError("FileSystemNotFound", self.efs.describe_backup_policy, FileSystemId=MISSING)


class DescriptionTest(EmulatorTestCase):
    def test_describe_includes_protection_and_only_model_members(self):
        fs = self.new_file_system(Tags=[{"Key": "Name", "Value": "ray"}])
        desc = self.describe(fs)
        self.assertEqual(desc["FileSystemProtection"], {"ReplicationOverwriteProtection": "ENABLED"})
        self.assertEqual(desc["Name"], "ray")
        # The conformance check at the end of the test rejects extra or null members.

    def test_name_is_absent_without_a_name_tag(self):
        self.assertNotIn("Name", self.describe(self.new_file_system()))

    def test_file_system_already_exists_names_the_existing_file_system(self):
        fs = self.new_file_system(CreationToken="same")
        error = self.assertError("FileSystemAlreadyExists", self.efs.create_file_system, CreationToken="same")
        self.assertEqual(error["FileSystemId"], fs)

    def test_delete_file_system(self):
        fs = self.new_file_system()
        self.efs.delete_file_system(FileSystemId=fs)
        self.assertEqual(self.last_status(), 204)
        self.assertError("FileSystemNotFound", self.efs.describe_file_systems, FileSystemId=fs)
        self.assertError("FileSystemNotFound", self.efs.delete_file_system, FileSystemId=fs)


class UpdateFileSystemTest(EmulatorTestCase):
    def test_to_provisioned_and_back(self):
        fs = self.new_file_system()
        out = self.efs.update_file_system(
            FileSystemId=fs, ThroughputMode="provisioned", ProvisionedThroughputInMibps=128
        )
        self.assertEqual(self.last_status(), 202)
        self.assertEqual((out["ThroughputMode"], out["ProvisionedThroughputInMibps"]), ("provisioned", 128.0))
        self.assertEqual(self.describe(fs)["ProvisionedThroughputInMibps"], 128.0)
        # Increasing provisioned throughput is never rate-limited.
        out = self.efs.update_file_system(FileSystemId=fs, ProvisionedThroughputInMibps=256)
        self.assertEqual(out["ProvisionedThroughputInMibps"], 256.0)

    def test_same_mode_is_not_a_change(self):
        fs = self.new_file_system(ThroughputMode="elastic")
        for _ in range(2):
            out = self.efs.update_file_system(FileSystemId=fs, ThroughputMode="elastic")
            self.assertEqual(out["ThroughputMode"], "elastic")

    def test_24_hours_between_mode_changes_or_decreases(self):
        fs = self.new_file_system()
        self.efs.update_file_system(FileSystemId=fs, ThroughputMode="provisioned", ProvisionedThroughputInMibps=100)
        self.assertError("TooManyRequests", self.efs.update_file_system, FileSystemId=fs, ThroughputMode="elastic")
        self.assertError(
            "TooManyRequests", self.efs.update_file_system, FileSystemId=fs, ProvisionedThroughputInMibps=50
        )
        self.assertEqual(self.describe(fs)["ProvisionedThroughputInMibps"], 100.0)

    def test_first_decrease_after_creation_is_allowed(self):
        fs = self.new_file_system(ThroughputMode="provisioned", ProvisionedThroughputInMibps=200)
        out = self.efs.update_file_system(FileSystemId=fs, ProvisionedThroughputInMibps=100)
        self.assertEqual(out["ProvisionedThroughputInMibps"], 100.0)

    def test_validation(self):
        fs = self.new_file_system()
        update = self.efs.update_file_system
        self.assertError("BadRequest", update, FileSystemId=fs, ThroughputMode="provisioned")
        self.assertError("BadRequest", update, FileSystemId=fs, ThroughputMode="elastic", ProvisionedThroughputInMibps=10)
        self.assertError("BadRequest", update, FileSystemId=fs, ProvisionedThroughputInMibps=10)
        self.assertError("BadRequest", update, FileSystemId=fs, ThroughputMode="turbo")
        self.assertError("BadRequest", update, FileSystemId=fs)
        self.assertError(
            "ThroughputLimitExceeded", update, FileSystemId=fs, ThroughputMode="provisioned", ProvisionedThroughputInMibps=5000
        )
        unchecked = self.efs_client(validate_params=False)
        self.assertError(
            "BadRequest", unchecked.update_file_system, FileSystemId=fs, ThroughputMode="provisioned", ProvisionedThroughputInMibps=0.5
        )
        max_io = self.new_file_system(PerformanceMode="maxIO")
        self.assertError("BadRequest", update, FileSystemId=max_io, ThroughputMode="elastic")
        self.assertError("FileSystemNotFound", update, FileSystemId=MISSING, ThroughputMode="elastic")
        self.assertEqual(self.describe(fs)["ThroughputMode"], "bursting")


class CooldownOverrideTest(EmulatorTestCase):
    """EFS_EMULATOR_THROUGHPUT_COOLDOWN_SECONDS shortens the 24 hours, e.g. to 0."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator({"EFS_EMULATOR_THROUGHPUT_COOLDOWN_SECONDS": "0"})

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def test_no_cooldown(self):
        fs = self.new_file_system()
        self.efs.update_file_system(FileSystemId=fs, ThroughputMode="elastic")
        out = self.efs.update_file_system(FileSystemId=fs, ThroughputMode="bursting")
        self.assertEqual(out["ThroughputMode"], "bursting")


class ProtectionTest(EmulatorTestCase):
    def test_disable_and_enable(self):
        fs = self.new_file_system()
        for value in ("DISABLED", "ENABLED"):
            out = self.efs.update_file_system_protection(FileSystemId=fs, ReplicationOverwriteProtection=value)
            self.assertEqual(out["ReplicationOverwriteProtection"], value)
            self.assertEqual(self.describe(fs)["FileSystemProtection"]["ReplicationOverwriteProtection"], value)

    def test_replicating_is_not_settable(self):
        fs = self.new_file_system()
        self.assertError(
            "BadRequest", self.efs.update_file_system_protection, FileSystemId=fs, ReplicationOverwriteProtection="REPLICATING"
        )
        self.assertError(
            "BadRequest", self.efs.update_file_system_protection, FileSystemId=fs, ReplicationOverwriteProtection="OFF"
        )

    def test_unknown_file_system(self):
        self.assertError(
            "FileSystemNotFound", self.efs.update_file_system_protection, FileSystemId=MISSING, ReplicationOverwriteProtection="DISABLED"
        )


if __name__ == "__main__":
    unittest.main()
