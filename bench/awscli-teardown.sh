#!/usr/bin/env bash
# The AWS CLI baseline for `efsctl teardown`: mount targets, wait until none, file system, then
# the security group, retrying while its network interfaces linger.
# usage: awscli-teardown.sh NAME
set -euo pipefail
name=$1
q() { aws --output text "$@"; }

fs=$(q efs describe-file-systems --creation-token "efsctl-$name" --query 'FileSystems[0].FileSystemId')
if [ "$fs" != None ]; then
  for mt in $(q efs describe-mount-targets --file-system-id "$fs" --query 'MountTargets[].MountTargetId'); do
    aws efs delete-mount-target --mount-target-id "$mt"
  done
  until [ "$(q efs describe-file-systems --file-system-id "$fs" --query 'FileSystems[0].NumberOfMountTargets')" = 0 ]; do
    sleep 1
  done
  aws efs delete-file-system --file-system-id "$fs"
fi
sg=$(q ec2 describe-security-groups --filters "Name=tag:efsctl:deployment,Values=$name" --query 'SecurityGroups[0].GroupId')
if [ "$sg" != None ]; then
  until aws ec2 delete-security-group --group-id "$sg" 2>/dev/null; do sleep 1; done
fi
