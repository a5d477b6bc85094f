//! The flags of the commands that write something for another tool: `compose-gen` (Compose, fstab,
//! Ray, Kubernetes), `export` (Terraform, CloudFormation), `init` (efsctl.yaml), `iam-policy`.

use super::*;

pub(super) const EXPORT_AFTER_HELP: &str = "\
Examples:
  efsctl export --name ray-shared --format terraform --out efs.tf
  efsctl export --name ray-shared --format terraform --adopt --out efs.tf && terraform plan
  efsctl export --name ray-shared --format cloudformation --out efs.yaml

Exit codes: 0 ok, 1 error, 2 bad input, 3 the deployment does not exist (--adopt).";

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub name: NameArgs,
    #[command(flatten)]
    pub desired: DesiredArgs,
    /// The engine to write for
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Terraform: add import blocks with the live ids of the existing deployment
    #[arg(long)]
    pub adopt: bool,
    /// Write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace a file that efsctl export did not write
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// HCL for the hashicorp/aws provider 5.x
    Terraform,
    /// A CloudFormation template (YAML)
    Cloudformation,
}

pub(super) const INIT_AFTER_HELP: &str = "\
Examples:
  efsctl init --name ray-shared --ray-cluster my-cluster     # then: efsctl plan; efsctl up
  efsctl init --name scratch --region eu-west-1 --out scratch.yaml";

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Discover the VPC, AZs and security groups from this Ray cluster's nodes
    #[arg(long, value_name = "NAME")]
    pub ray_cluster: Option<String>,
    /// Where to write
    #[arg(long, value_name = "FILE", default_value = "efsctl.yaml")]
    pub out: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

pub(super) const IAM_POLICY_AFTER_HELP: &str = "\
Examples:
  efsctl iam-policy --name ray-shared > efs-mount.json
  aws iam put-role-policy --role-name ray-head-v1 --policy-name efs-mount \\
      --policy-document file://efs-mount.json
  efsctl iam-policy --name ray-shared --access-point train --read-only";

#[derive(Debug, Clone, Args)]
pub struct IamPolicyArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Only through this access point of the deployment (repeatable)
    #[arg(long = "access-point", value_name = "NAME")]
    pub access_points: Vec<String>,
    /// Read-only: no ClientWrite
    #[arg(long)]
    pub read_only: bool,
    /// Also ClientRootAccess (act as root on the file system)
    #[arg(long)]
    pub root: bool,
}

pub(super) const COMPOSE_GEN_AFTER_HELP: &str = "\
Examples:
  efsctl compose-gen --name ray-shared --out docker-compose.efs.yml
  efsctl compose-gen --file-system-id fs-0abc1234 --region us-east-1    # no AWS call
  efsctl compose-gen --name ray-shared --service ray-head --service ray-worker --target /data
  efsctl compose-gen --name ray-shared --mount-mode tls --format fstab
  efsctl compose-gen --name ray-shared --format ray      # for the Ray cluster YAML (docker: too)
  efsctl compose-gen --name ray-shared --format ray --ray-docker no    # a cluster without docker:
  efsctl compose-gen --name ray-shared --format k8s --namespace ray    # PV + PVC for KubeRay
  efsctl compose-gen --name ray-shared --format k8s --k8s-provisioning dynamic";

#[derive(Debug, Clone, Args)]
pub struct ComposeGenArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Use this file system instead of looking the deployment up; makes no AWS call
    /// (needs a region: --region, efsctl.yaml or AWS_REGION)
    #[arg(long, value_name = "FS_ID", conflicts_with = "name")]
    pub file_system_id: Option<String>,
    /// What to print: a Compose override file, an /etc/fstab line, a Ray cluster YAML fragment,
    /// or Kubernetes manifests for the EFS CSI driver (KubeRay)
    #[arg(long, value_enum, default_value_t = ComposeFormatArg::Compose)]
    pub format: ComposeFormatArg,
    /// nfs: Docker's NFS driver, not encrypted in transit; tls: each host mounts with
    /// amazon-efs-utils over TLS and the services bind-mount that directory
    /// [default: the deployment's mode with --name, else nfs]
    #[arg(long, value_enum, value_name = "MODE")]
    pub mount_mode: Option<MountModeArg>,
    /// Mount through this access point: its name in the deployment (with --name) or its id,
    /// fsap-... (with --file-system-id). Needs TLS mode: the EFS mount helper
    #[arg(long, value_name = "NAME|ID")]
    pub access_point: Option<String>,
    /// Compose service that mounts the file system (repeatable) [default: ray-worker]
    #[arg(long = "service", value_name = "NAME")]
    pub services: Vec<String>,
    /// Mount point: inside the containers (compose, k8s) or on the host (fstab, ray)
    /// [default: /mnt/cluster_storage for ray and k8s, where Ray's examples keep shared storage;
    /// else /mnt/efs]
    #[arg(long, value_name = "DIR")]
    pub target: Option<String>,
    /// ray: the cluster runs in Docker (Ray's AWS default): mount on the host in
    /// initialization_commands and bind it with docker.run_options; no: setup_commands
    #[arg(long, value_enum, value_name = "YES|NO", default_value_t = RayDockerArg::Yes)]
    pub ray_docker: RayDockerArg,
    /// k8s: namespace of the PersistentVolumeClaim
    #[arg(long, value_name = "NS", default_value = "default")]
    pub namespace: String,
    /// k8s: name of the PersistentVolumeClaim the RayCluster mounts
    #[arg(long, value_name = "NAME", default_value = "cluster-storage")]
    pub claim_name: String,
    /// k8s: static (a PersistentVolume for the file system, or an access point) or dynamic
    /// (a StorageClass: the driver makes an access point per claim)
    #[arg(long, value_enum, value_name = "MODE", default_value_t = K8sProvisioningArg::Static)]
    pub k8s_provisioning: K8sProvisioningArg,
    /// Directory inside the file system to mount
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub path: String,
    /// Name of the Compose volume
    #[arg(long, value_name = "NAME", default_value = "efs-data")]
    pub volume_name: String,
    /// NFS mount options, comma-separated, replacing AWS's recommended set (addr= is always
    /// efsctl's) [default: nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport]
    #[arg(long, value_name = "OPTS")]
    pub nfs_options: Option<String>,
    /// Write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace a file that efsctl did not generate
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ComposeFormatArg {
    /// A Compose override file (docker compose -f base.yml -f this.yml)
    Compose,
    /// An /etc/fstab line
    Fstab,
    /// A Ray cluster launcher fragment (initialization_commands and docker.run_options)
    Ray,
    /// Kubernetes manifests for the EFS CSI driver: PersistentVolume + claim, or StorageClass
    K8s,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RayDockerArg {
    /// The cluster YAML has `docker:` (Ray's AWS default)
    Yes,
    /// The nodes run Ray directly on the host
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum K8sProvisioningArg {
    /// A PersistentVolume naming the file system (or access point), and a claim bound to it
    Static,
    /// A StorageClass in efs-ap mode: each claim gets its own access point
    Dynamic,
}
