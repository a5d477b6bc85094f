//! Shared support for the integration tests: one moto emulator per test binary, the real
//! `efsctl` binary run in a clean environment, and SDK clients to check what it did.
//!
//! Integration tests must prove behaviour by describing resources in the emulator, not by
//! trusting efsctl's own output, so this module gives them direct EFS and EC2 clients.
//!
//! Tests run in parallel threads against one shared emulator and never reset it: each test
//! isolates itself with a [`unique_name`] and VPCs it creates with [`Aws::create_vpc`].
//!
//! The API, kept small on purpose:
//! - [`endpoint`]: the emulator's URL (starts moto on first use);
//! - [`unique_name`]: a deployment name no other test in this run uses;
//! - [`efsctl`] / [`efsctl_in`] / [`efsctl_env`]: run the binary (in a fresh or given working
//!   directory, with extra environment), get a [`Run`]: exit code, stdout, stderr, and
//!   assertions that print both streams when they fail;
//! - [`aws`]: an [`Aws`] with `efs` and `ec2` clients and helpers to create VPCs and count
//!   and describe resources, including [`Aws::assert_deployed`] and [`Aws::assert_nothing_for`]
//!   for the shape of a whole deployment.

#![allow(dead_code)] // each test module uses a different part of the harness

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;

pub mod http_server;
pub mod price_list;
pub mod proxy;

/// The region every test uses.
pub const REGION: &str = "us-east-1";

/// How long one `efsctl` run may take before the test fails instead of hanging.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// The running emulator. Statics are never dropped, so moto is not killed from here: it runs
/// under a small watchdog that kills it when its stdin (held here) closes, which the OS does
/// when the test process exits, however it exits.
struct Emulator {
    url: String,
    _watchdog: Mutex<(Child, ChildStdin)>,
}

static EMULATOR: OnceLock<Emulator> = OnceLock::new();

/// Runs moto (argv[1:]) and kills it when stdin reaches end of file, i.e. when the test process
/// is gone; exits with moto's status if moto stops first (e.g. its port was taken).
const WATCHDOG: &str = r#"
import os, subprocess, sys, threading
moto = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def watch():
    sys.stdin.buffer.read()
    moto.terminate()
    try:
        moto.wait(5)
    except Exception:
        moto.kill()
threading.Thread(target=watch, daemon=True).start()
os._exit(moto.wait() % 256)  # not sys.exit: the reader thread holds stdin
"#;

/// The emulator's URL, e.g. `http://127.0.0.1:40123`. Starts moto on first call.
pub fn endpoint() -> &'static str {
    &EMULATOR.get_or_init(start_emulator).url
}

fn moto_server() -> PathBuf {
    let path = std::env::var_os("EFSCTL_MOTO_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server"));
    if !path.is_file() {
        panic!(
            "moto_server not found at {}: run `make moto` or set EFSCTL_MOTO_SERVER",
            path.display()
        );
    }
    path
}

fn start_emulator() -> Emulator {
    let server = moto_server();
    // The free port is released before moto binds it; if something else takes it meanwhile,
    // moto exits at once and another port is tried.
    for _ in 0..3 {
        if let Some(emulator) = try_start(&server) {
            return emulator;
        }
    }
    panic!(
        "moto_server ({}) exited at start three times",
        server.display()
    );
}

fn try_start(server: &Path) -> Option<Emulator> {
    // A free port: bind port 0, read what the OS chose, release it for moto.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("cannot find a free loopback port")
        .port();
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(WATCHDOG)
        .arg(server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} via python3: {e}", server.display()));
    let stdin = child.stdin.take().expect("stdin is piped");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers_http(port) {
        if let Ok(Some(_)) = child.try_wait() {
            return None;
        }
        if Instant::now() > deadline {
            panic!(
                "moto_server ({}) did not answer on port {port} within 60s",
                server.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Emulator {
        url: format!("http://127.0.0.1:{port}"),
        _watchdog: Mutex::new((child, stdin)),
    })
}

fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}

/// A deployment name unique within this test run and across concurrent runs (pid), e.g.
/// `up-4242-7`.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// One finished `efsctl` run.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    /// Exit code; -1 if killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "efsctl {}\nexit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Panics, printing both streams, unless the exit code is `code`.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\n{}", self.describe());
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        self.code(0)
    }

    /// Panics unless stderr contains every one of `parts`.
    #[track_caller]
    pub fn stderr_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "stderr lacks {p:?}\n{}",
                self.describe()
            );
        }
        self
    }

    /// Panics unless stdout contains every one of `parts`.
    #[track_caller]
    pub fn stdout_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stdout.contains(p),
                "stdout lacks {p:?}\n{}",
                self.describe()
            );
        }
        self
    }

    /// Stdout parsed as one JSON document.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

/// Runs `efsctl ARGS` in a fresh empty directory (so no stray efsctl.yaml is read).
pub fn efsctl(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    efsctl_in(dir.path(), args)
}

/// Runs `efsctl ARGS` in `dir` against the emulator, with an environment holding nothing but
/// the emulator's endpoint, test credentials and the region: no profile, no ~/.aws files, no
/// instance metadata, stdin not a terminal.
pub fn efsctl_in(dir: &Path, args: &[&str]) -> Run {
    efsctl_env(dir, &[], args)
}

/// [`efsctl_in`] with extra environment variables set last, so they win: e.g.
/// `("AWS_ENDPOINT_URL", proxy_url)` to send requests through a proxy, or `AWS_MAX_ATTEMPTS`.
pub fn efsctl_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("temp dir");
    let mut child = proxy::child::command(dir, home.path(), endpoint(), env, args)
        .spawn()
        .expect("cannot run the efsctl binary");
    let out = drain(child.stdout.take().expect("piped"));
    let err = drain(child.stderr.take().expect("piped"));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for efsctl") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "efsctl {} still running after {RUN_TIMEOUT:?}; killed.\n--- stderr ---\n{}",
                args.join(" "),
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Direct SDK clients for the emulator, to set up scenes and check results.
#[derive(Clone, Debug)]
pub struct Aws {
    pub efs: aws_sdk_efs::Client,
    pub ec2: aws_sdk_ec2::Client,
}

/// A VPC made by a test: its id, CIDR and `(az, subnet_id)` pairs in the order given.
#[derive(Clone, Debug)]
pub struct TestVpc {
    pub id: String,
    pub cidr: String,
    pub subnets: Vec<(String, String)>,
}

impl TestVpc {
    /// The subnet made in `az` (the first, if several).
    #[track_caller]
    pub fn subnet(&self, az: &str) -> &str {
        self.subnets
            .iter()
            .find(|(z, _)| z == az)
            .map(|(_, s)| s.as_str())
            .unwrap_or_else(|| panic!("no subnet in {az} in {self:?}"))
    }
}

/// Clients for the emulator (starts it if needed).
pub fn aws() -> Aws {
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(endpoint())
        .credentials_provider(aws_sdk_efs::config::SharedCredentialsProvider::new(
            aws_sdk_efs::config::Credentials::new("testing", "testing", None, None, "efsctl-tests"),
        ))
        .build();
    Aws {
        efs: aws_sdk_efs::Client::new(&config),
        ec2: aws_sdk_ec2::Client::new(&config),
    }
}

fn ec2_filter(name: &str, value: &str) -> ec2::Filter {
    ec2::Filter::builder().name(name).values(value).build()
}

impl Aws {
    /// Creates a VPC with `cidr` and one subnet per `(az, cidr)`, DNS support and hostnames
    /// on (so efsctl has no DNS warning to give).
    pub async fn create_vpc(&self, cidr: &str, subnets: &[(&str, &str)]) -> TestVpc {
        let vpc = self
            .ec2
            .create_vpc()
            .cidr_block(cidr)
            .send()
            .await
            .expect("CreateVpc");
        let id = vpc
            .vpc()
            .and_then(|v| v.vpc_id())
            .expect("vpc id")
            .to_string();
        for attr in ["support", "hostnames"] {
            let on = ec2::AttributeBooleanValue::builder().value(true).build();
            let req = self.ec2.modify_vpc_attribute().vpc_id(&id);
            let req = if attr == "support" {
                req.enable_dns_support(on)
            } else {
                req.enable_dns_hostnames(on)
            };
            req.send().await.expect("ModifyVpcAttribute");
        }
        let mut made = Vec::new();
        for (az, block) in subnets {
            let out = self
                .ec2
                .create_subnet()
                .vpc_id(&id)
                .availability_zone(*az)
                .cidr_block(*block)
                .send()
                .await
                .unwrap_or_else(|e| panic!("CreateSubnet {az} {block}: {e:?}"));
            let subnet = out.subnet().and_then(|s| s.subnet_id()).expect("subnet id");
            made.push((az.to_string(), subnet.to_string()));
        }
        TestVpc {
            id,
            cidr: cidr.to_string(),
            subnets: made,
        }
    }

    /// A VPC 10.9.0.0/16 with one /24 subnet in each of us-east-1a, b and c: the usual scene.
    pub async fn create_vpc_3az(&self) -> TestVpc {
        self.create_vpc(
            "10.9.0.0/16",
            &[
                ("us-east-1a", "10.9.1.0/24"),
                ("us-east-1b", "10.9.2.0/24"),
                ("us-east-1c", "10.9.3.0/24"),
            ],
        )
        .await
    }

    /// What an `up` interrupted after its first step leaves: a group named `efsctl-NAME` in
    /// `vpc_id` carrying the owner tag, without rules. Returns its id.
    pub async fn create_owned_security_group(&self, vpc_id: &str, name: &str) -> String {
        let tag = |k: &str| ec2::Tag::builder().key(k).value(name).build();
        self.ec2
            .create_security_group()
            .vpc_id(vpc_id)
            .group_name(format!("efsctl-{name}"))
            .description("left by an interrupted efsctl up")
            .tag_specifications(
                ec2::TagSpecification::builder()
                    .resource_type(ec2::ResourceType::SecurityGroup)
                    .tags(tag("efsctl:deployment"))
                    .tags(tag("Name"))
                    .build(),
            )
            .send()
            .await
            .expect("CreateSecurityGroup")
            .group_id()
            .expect("group id")
            .to_string()
    }

    /// Creates an encrypted, elastic file system with `token` and `tags`, as efsctl would or
    /// as someone else might; returns its id.
    pub async fn create_file_system(&self, token: &str, tags: &[(&str, &str)]) -> String {
        let tags = tags
            .iter()
            .map(|(k, v)| efs::Tag::builder().key(*k).value(*v).build().expect("tag"))
            .collect();
        self.efs
            .create_file_system()
            .creation_token(token)
            .encrypted(true)
            .throughput_mode(efs::ThroughputMode::Elastic)
            .set_tags(Some(tags))
            .send()
            .await
            .expect("CreateFileSystem")
            .file_system_id()
            .to_string()
    }

    /// Creates a plain security group (no tags, no rules) in `vpc_id`; returns its id.
    pub async fn create_security_group(&self, vpc_id: &str, name: &str) -> String {
        self.ec2
            .create_security_group()
            .vpc_id(vpc_id)
            .group_name(name)
            .description("made by an efsctl test")
            .send()
            .await
            .expect("CreateSecurityGroup")
            .group_id()
            .expect("group id")
            .to_string()
    }

    /// Asks for a VPC peering connection from `requester` to `accepter`, and accepts it when
    /// `accept`; returns its id.
    pub async fn peer_vpcs(&self, requester: &str, accepter: &str, accept: bool) -> String {
        let id = self
            .ec2
            .create_vpc_peering_connection()
            .vpc_id(requester)
            .peer_vpc_id(accepter)
            .send()
            .await
            .expect("CreateVpcPeeringConnection")
            .vpc_peering_connection()
            .and_then(|c| c.vpc_peering_connection_id())
            .expect("peering connection id")
            .to_string();
        if accept {
            self.ec2
                .accept_vpc_peering_connection()
                .vpc_peering_connection_id(&id)
                .send()
                .await
                .expect("AcceptVpcPeeringConnection");
        }
        id
    }

    /// File systems holding `token` (0 or 1: EFS makes tokens unique).
    pub async fn file_systems_with_token(&self, token: &str) -> Vec<efs::FileSystemDescription> {
        self.efs
            .describe_file_systems()
            .creation_token(token)
            .send()
            .await
            .expect("DescribeFileSystems")
            .file_systems()
            .to_vec()
    }

    /// The one file system holding `token`; panics if there is none or more.
    pub async fn file_system_with_token(&self, token: &str) -> efs::FileSystemDescription {
        let mut found = self.file_systems_with_token(token).await;
        assert_eq!(found.len(), 1, "file systems with token {token}: {found:?}");
        found.remove(0)
    }

    /// A file system by id; `None` once it is gone.
    pub async fn file_system(&self, id: &str) -> Option<efs::FileSystemDescription> {
        match self
            .efs
            .describe_file_systems()
            .file_system_id(id)
            .send()
            .await
        {
            Ok(out) => out.file_systems().first().cloned(),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_file_system_not_found()) =>
            {
                None
            }
            Err(e) => panic!("DescribeFileSystems {id}: {e:?}"),
        }
    }

    /// Mount targets of a file system, sorted by AZ.
    pub async fn mount_targets(&self, fs_id: &str) -> Vec<efs::MountTargetDescription> {
        let mut mts = self
            .efs
            .describe_mount_targets()
            .file_system_id(fs_id)
            .send()
            .await
            .expect("DescribeMountTargets")
            .mount_targets()
            .to_vec();
        mts.sort_by(|a, b| a.availability_zone_name().cmp(&b.availability_zone_name()));
        mts
    }

    /// Security groups of a mount target, sorted.
    pub async fn mount_target_groups(&self, mt_id: &str) -> Vec<String> {
        let mut groups = self
            .efs
            .describe_mount_target_security_groups()
            .mount_target_id(mt_id)
            .send()
            .await
            .expect("DescribeMountTargetSecurityGroups")
            .security_groups()
            .to_vec();
        groups.sort();
        groups
    }

    pub async fn delete_mount_target(&self, mt_id: &str) {
        self.efs
            .delete_mount_target()
            .mount_target_id(mt_id)
            .send()
            .await
            .expect("DeleteMountTarget");
    }

    pub async fn delete_file_system(&self, fs_id: &str) {
        self.efs
            .delete_file_system()
            .file_system_id(fs_id)
            .send()
            .await
            .expect("DeleteFileSystem");
    }

    /// Security groups with this group name, in any VPC.
    pub async fn security_groups_named(&self, name: &str) -> Vec<ec2::SecurityGroup> {
        self.ec2
            .describe_security_groups()
            .filters(ec2_filter("group-name", name))
            .send()
            .await
            .expect("DescribeSecurityGroups")
            .security_groups()
            .to_vec()
    }

    /// The one security group with this name; panics if there is none or more.
    pub async fn security_group_named(&self, name: &str) -> ec2::SecurityGroup {
        let mut found = self.security_groups_named(name).await;
        assert_eq!(found.len(), 1, "security groups named {name}: {found:?}");
        found.remove(0)
    }

    /// A security group by id; `None` once it is gone.
    pub async fn security_group(&self, id: &str) -> Option<ec2::SecurityGroup> {
        match self
            .ec2
            .describe_security_groups()
            .group_ids(id)
            .send()
            .await
        {
            Ok(out) => out.security_groups().first().cloned(),
            Err(e)
                if e.as_service_error().and_then(|s| s.meta().code())
                    == Some("InvalidGroup.NotFound") =>
            {
                None
            }
            Err(e) => panic!("DescribeSecurityGroups {id}: {e:?}"),
        }
    }
}

/// A security group's inbound rules flattened to `(protocol, from, to, source)`, sorted, where
/// source is a CIDR or a group id.
pub fn ingress(group: &ec2::SecurityGroup) -> Vec<(String, i32, i32, String)> {
    let mut rules = Vec::new();
    for p in group.ip_permissions() {
        let proto = p.ip_protocol().unwrap_or("-1").to_string();
        let (from, to) = (p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
        for r in p.ip_ranges() {
            rules.push((
                proto.clone(),
                from,
                to,
                r.cidr_ip().unwrap_or("").to_string(),
            ));
        }
        for r in p.ipv6_ranges() {
            rules.push((
                proto.clone(),
                from,
                to,
                r.cidr_ipv6().unwrap_or("").to_string(),
            ));
        }
        for u in p.user_id_group_pairs() {
            rules.push((
                proto.clone(),
                from,
                to,
                u.group_id().unwrap_or("").to_string(),
            ));
        }
    }
    rules.sort();
    rules
}

/// The tag `key` of an EFS file system, if set.
pub fn fs_tag<'a>(fs: &'a efs::FileSystemDescription, key: &str) -> Option<&'a str> {
    fs.tags().iter().find(|t| t.key() == key).map(|t| t.value())
}

/// The tag `key` of a security group, if set.
pub fn sg_tag<'a>(group: &'a ec2::SecurityGroup, key: &str) -> Option<&'a str> {
    group
        .tags()
        .iter()
        .find(|t| t.key() == Some(key))
        .and_then(|t| t.value())
}

/// What a converged deployment consists of, as described by the emulator.
#[derive(Clone, Debug)]
pub struct Deployed {
    pub file_system: efs::FileSystemDescription,
    pub security_group: ec2::SecurityGroup,
    /// Sorted by AZ.
    pub mount_targets: Vec<efs::MountTargetDescription>,
}

impl Deployed {
    pub fn fs_id(&self) -> &str {
        self.file_system.file_system_id()
    }
    pub fn sg_id(&self) -> &str {
        self.security_group.group_id().unwrap_or_default()
    }
    pub fn mount_target_ids(&self) -> Vec<String> {
        self.mount_targets
            .iter()
            .map(|m| m.mount_target_id().to_string())
            .collect()
    }
}

impl Aws {
    /// Checks that deployment `name` is exactly one owned, encrypted file system, one owned
    /// security group `efsctl-NAME` in `vpc_id`, and one available mount target in each of
    /// `azs` (and no other), each in `vpc_id` with only that group. Returns what it found.
    pub async fn assert_deployed(&self, name: &str, vpc_id: &str, azs: &[&str]) -> Deployed {
        let token = format!("efsctl-{name}");
        let file_system = self.file_system_with_token(&token).await;
        assert!(
            file_system.encrypted() == Some(true),
            "not encrypted: {file_system:?}"
        );
        assert_eq!(
            fs_tag(&file_system, "efsctl:deployment"),
            Some(name),
            "owner tag: {file_system:?}"
        );
        let security_group = self.security_group_named(&token).await;
        assert_eq!(security_group.vpc_id(), Some(vpc_id), "{security_group:?}");
        assert_eq!(sg_tag(&security_group, "efsctl:deployment"), Some(name));
        let sg_id = security_group.group_id().expect("group id").to_string();

        let mount_targets = self.mount_targets(file_system.file_system_id()).await;
        let got_azs: Vec<&str> = mount_targets
            .iter()
            .map(|m| m.availability_zone_name().unwrap_or_default())
            .collect();
        assert_eq!(got_azs, azs, "mount target AZs: {mount_targets:?}");
        for mt in &mount_targets {
            assert_eq!(mt.vpc_id(), Some(vpc_id), "{mt:?}");
            assert_eq!(mt.life_cycle_state().as_str(), "available", "{mt:?}");
            assert_eq!(
                self.mount_target_groups(mt.mount_target_id()).await,
                std::slice::from_ref(&sg_id),
                "groups of {}",
                mt.mount_target_id()
            );
        }
        Deployed {
            file_system,
            security_group,
            mount_targets,
        }
    }

    /// Checks that nothing of deployment `name` exists: no file system with its creation token,
    /// no security group named `efsctl-NAME` or tagged for it, in any VPC.
    pub async fn assert_nothing_for(&self, name: &str) {
        let token = format!("efsctl-{name}");
        let file_systems = self.file_systems_with_token(&token).await;
        assert!(
            file_systems.is_empty(),
            "file systems left: {file_systems:?}"
        );
        let named = self.security_groups_named(&token).await;
        assert!(named.is_empty(), "security groups left: {named:?}");
        let tagged = self
            .ec2
            .describe_security_groups()
            .filters(ec2_filter("tag:efsctl:deployment", name))
            .send()
            .await
            .expect("DescribeSecurityGroups")
            .security_groups()
            .to_vec();
        assert!(tagged.is_empty(), "tagged security groups left: {tagged:?}");
    }
}
