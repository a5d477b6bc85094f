"""IncorrectFileSystemLifeCycleState: moto makes every file system `available` at once, so
no request to the server can reach a file system in another state. This test runs the same
extension in-process (moto's mock_aws, which dispatches through the same URL map and
response classes) so it can put a file system in the `creating` state, and checks the raw
error responses against the model like every other test."""

import json
import unittest

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws

import efs_extension
import modelcheck
from emutest import ACCOUNT, MODEL, VALIDATOR


class NotAvailableTest(unittest.TestCase):
    def setUp(self):
        efs_extension.install()
        mock = mock_aws()
        mock.start()
        self.addCleanup(mock.stop)
        self.recorder = modelcheck.Recorder()
        self.efs = self.recorder.attach(
            boto3.client("efs", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        )

    def set_state(self, fs_id, state):
        from moto.efs.models import efs_backends

        backend = efs_backends[ACCOUNT]["us-east-1"]
        self.assertIsInstance(backend, efs_extension.ExtendedEFSBackend)
        backend.file_systems_by_id[fs_id].life_cycle_state = state

    def test_changes_to_a_file_system_that_is_not_available(self):
        fs = self.efs.create_file_system(CreationToken="creating")["FileSystemId"]
        self.set_state(fs, "creating")
        policy = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "elasticfilesystem:ClientMount"}]})
        calls = {
            "PutBackupPolicy": lambda: self.efs.put_backup_policy(FileSystemId=fs, BackupPolicy={"Status": "ENABLED"}),
            "UpdateFileSystem": lambda: self.efs.update_file_system(FileSystemId=fs, ThroughputMode="elastic"),
            "UpdateFileSystemProtection": lambda: self.efs.update_file_system_protection(
                FileSystemId=fs, ReplicationOverwriteProtection="DISABLED"),
            "PutLifecycleConfiguration": lambda: self.efs.put_lifecycle_configuration(
                FileSystemId=fs, LifecyclePolicies=[{"TransitionToIA": "AFTER_30_DAYS"}]),
            "PutFileSystemPolicy": lambda: self.efs.put_file_system_policy(FileSystemId=fs, Policy=policy),
            "DeleteFileSystemPolicy": lambda: self.efs.delete_file_system_policy(FileSystemId=fs),
            "CreateAccessPoint": lambda: self.efs.create_access_point(ClientToken="t", FileSystemId=fs),
            "CreateReplicationConfiguration": lambda: self.efs.create_replication_configuration(
                SourceFileSystemId=fs, Destinations=[{"Region": "us-west-2"}]),
        }
        for operation, call in calls.items():
            with self.subTest(operation=operation):
                with self.assertRaises(ClientError) as cm:
                    call()
                self.assertEqual(cm.exception.response["Error"]["Code"], "IncorrectFileSystemLifeCycleState")
                self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        # An existing destination must be available too.
        self.set_state(fs, "available")
        west = boto3.client("efs", region_name="us-west-2", aws_access_key_id="testing", aws_secret_access_key="testing")
        self.recorder.attach(west)
        dest = west.create_file_system(CreationToken="dest")["FileSystemId"]
        west.update_file_system_protection(FileSystemId=dest, ReplicationOverwriteProtection="DISABLED")
        from moto.efs.models import efs_backends

        efs_backends[ACCOUNT]["us-west-2"].file_systems_by_id[dest].life_cycle_state = "updating"
        with self.assertRaises(ClientError) as cm:
            self.efs.create_replication_configuration(
                SourceFileSystemId=fs, Destinations=[{"Region": "us-west-2", "FileSystemId": dest}])
        self.assertEqual(cm.exception.response["Error"]["Code"], "IncorrectFileSystemLifeCycleState")

        problems = []
        for op, status, headers, body in self.recorder.records:
            problems.extend(modelcheck.check_response(MODEL, VALIDATOR, op.name, status, headers, body))
        self.assertEqual(problems, [])
        self.assertEqual(len(self.recorder.records), len(calls) + 4)


if __name__ == "__main__":
    unittest.main()
