"""scripts/emulator.sh itself: how it fails, how it stops, and that the services other than
EFS answer as they do from a plain moto_server."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.request

import emutest
from emutest import SCRIPT, VENV, Emulator, answers_http, client, free_port


def run_script(args, env_extra, timeout=30):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.update(env_extra)
    return subprocess.run([SCRIPT, *args], env=env, capture_output=True, text=True, timeout=timeout)


class FailsLoudlyTest(unittest.TestCase):
    def test_missing_venv(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = run_script(["--port", str(free_port())], {"EFSCTL_VENV": os.path.join(tmp, "nope")})
        self.assertEqual(result.returncode, 1)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("no Python venv at", lines[0])

    def test_venv_without_moto(self):
        system_python = shutil.which("python3", path="/usr/bin:/bin") or "/usr/bin/python3"
        probe = subprocess.run([system_python, "-c", "import moto"], capture_output=True)
        if probe.returncode == 0:
            self.skipTest(f"{system_python} has moto installed")
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "bin"))
            os.symlink(system_python, os.path.join(tmp, "bin", "python"))
            result = run_script(["--port", str(free_port())], {"EFSCTL_VENV": tmp})
        self.assertEqual(result.returncode, 1)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("moto[server] is not installed", lines[0])

    def test_moto_without_its_server_extras(self):
        # moto installed without [server]: Flask cannot be imported.
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "flask"))
            with open(os.path.join(tmp, "flask", "__init__.py"), "w") as f:
                f.write("raise ImportError('No module named flask')\n")
            result = run_script(["--port", str(free_port())], {"EFSCTL_VENV": VENV, "PYTHONPATH": tmp})
        self.assertEqual(result.returncode, 1)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("moto[server] is not installed", lines[0])

    def test_port_is_required(self):
        result = run_script([], {"EFSCTL_VENV": VENV})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--port", result.stderr)


class RunsUntilKilledTest(unittest.TestCase):
    def test_sigterm_and_sigint_stop_it(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(signal=sig.name):
                emulator = Emulator()
                self.assertTrue(answers_http(emulator.url))
                emulator.proc.send_signal(sig)
                self.assertEqual(emulator.proc.wait(10), 0)
                emulator.stop()
                self.assertFalse(answers_http(emulator.url))

    def test_moto_server_style_arguments(self):
        # The Rust tests run EFSCTL_MOTO_SERVER with -H 127.0.0.1 -p PORT.
        port = free_port()
        env = dict(os.environ, EFSCTL_VENV=VENV, PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.Popen([SCRIPT, "-H", "127.0.0.1", "-p", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.assertTrue(wait_until_answers(f"http://127.0.0.1:{port}", proc))
        finally:
            proc.terminate()
            proc.wait(10)


def wait_until_answers(url: str, proc: subprocess.Popen, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answers_http(url):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def plain_moto() -> subprocess.Popen:
    port = free_port()
    proc = subprocess.Popen(
        [os.path.join(VENV, "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    proc.url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    if not wait_until_answers(proc.url, proc):  # type: ignore[attr-defined]
        proc.kill()
        raise RuntimeError("moto_server did not start")
    return proc


def strip(response):
    response.pop("ResponseMetadata", None)
    return json.loads(json.dumps(response, default=str))


TEMPLATE = {
    "Resources": {
        "Fs": {
            "Type": "AWS::EFS::FileSystem",
            "Properties": {"BackupPolicy": {"Status": "ENABLED"}, "FileSystemTags": [{"Key": "Name", "Value": "cfn"}]},
        },
        "Ap": {
            "Type": "AWS::EFS::AccessPoint",
            "Properties": {"FileSystemId": {"Ref": "Fs"}, "PosixUser": {"Uid": "1000", "Gid": "1000"}},
        },
    }
}


class OtherServicesTest(unittest.TestCase):
    """The same calls to the emulator and to a plain moto_server give the same answers."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = emutest.shared_emulator()
        cls.plain = plain_moto()

    @classmethod
    def tearDownClass(cls):
        cls.plain.terminate()
        cls.plain.wait(10)

    def setUp(self):
        self.emulator.reset()

    def both(self, service, region="us-east-1"):
        return client(self.emulator.url, service, region), client(self.plain.url, service, region)

    def test_moto_api_answers(self):
        with urllib.request.urlopen(f"{self.emulator.url}/moto-api/", timeout=5) as r:
            self.assertEqual(r.status, 200)

    def test_same_answers(self):
        calls = [
            ("ec2", "describe_availability_zones", {}),
            ("ec2", "describe_vpcs", {}),
            ("ec2", "describe_subnets", {"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}),
            ("ec2", "describe_regions", {}),
            ("sts", "get_caller_identity", {}),
            ("kms", "list_keys", {}),
            ("cloudformation", "list_stacks", {}),
            ("s3", "list_buckets", {}),
        ]
        for service, op, kw in calls:
            with self.subTest(call=f"{service}.{op}"):
                ours, plain = self.both(service)
                a, b = strip(getattr(ours, op)(**kw)), strip(getattr(plain, op)(**kw))
                if op == "describe_subnets":  # IDs are random; compare the layout
                    key = lambda s: (s["AvailabilityZone"], s["CidrBlock"])  # noqa: E731
                    a, b = sorted(map(key, a["Subnets"])), sorted(map(key, b["Subnets"]))
                elif op == "describe_vpcs":
                    a, b = [v["CidrBlock"] for v in a["Vpcs"]], [v["CidrBlock"] for v in b["Vpcs"]]
                self.assertEqual(a, b)

    def test_kms_and_security_groups_work(self):
        kms, _ = self.both("kms", "us-west-2")
        key = kms.create_key(Description="efs")["KeyMetadata"]
        self.assertEqual(kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["Arn"], key["Arn"])
        ec2, _ = self.both("ec2")
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        sg = ec2.create_security_group(GroupName="efs", Description="efs", VpcId=vpc)["GroupId"]
        self.assertEqual(ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]["GroupName"], "efs")

    def test_cloudformation_builds_efs_resources_on_the_extended_backend(self):
        cfn, _ = self.both("cloudformation")
        cfn.create_stack(StackName="efs", TemplateBody=json.dumps(TEMPLATE))
        resources = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                     for r in cfn.describe_stack_resources(StackName="efs")["StackResources"]}
        efs = client(self.emulator.url, "efs")
        fs = efs.describe_file_systems(FileSystemId=resources["Fs"])["FileSystems"][0]
        self.assertEqual((fs["Name"], fs["FileSystemProtection"]["ReplicationOverwriteProtection"]), ("cfn", "ENABLED"))
        self.assertEqual(efs.describe_backup_policy(FileSystemId=resources["Fs"])["BackupPolicy"]["Status"], "ENABLED")
        (ap,) = efs.describe_access_points(FileSystemId=resources["Fs"])["AccessPoints"]
        self.assertEqual(ap["PosixUser"], {"Uid": 1000, "Gid": 1000})
        self.assertEqual(resources["Ap"], ap["AccessPointId"])
        cfn.delete_stack(StackName="efs")
        self.assertEqual(efs.describe_file_systems()["FileSystems"], [])


if __name__ == "__main__":
    unittest.main()
