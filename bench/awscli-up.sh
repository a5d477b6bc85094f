#!/usr/bin/env bash
# The AWS CLI baseline for `efsctl up`: the same resources and the same waits, written the way a
# platform engineer would script it (sequential calls, `until` loops polling once a second).
# Same resources as efsctl's defaults: backups on, IA after 30 days and Archive after 90, NFS
# from the VPC, the group's outbound rules replaced by the one no-egress rule, the mount-mode tag:
# `efsctl plan --detailed-exitcode` exits 0 on what this script makes.
# usage: awscli-up.sh NAME AZ[,AZ...]      (AWS_ENDPOINT_URL / AWS_REGION / credentials from env)
set -euo pipefail
name=$1
IFS=, read -ra azs <<<"$2"
q() { aws --output text "$@"; }

vpc=$(q ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId')
cidr=$(q ec2 describe-vpcs --vpc-ids "$vpc" --query 'Vpcs[0].CidrBlock')
tags="Key=Name,Value=$name Key=efsctl:deployment,Value=$name Key=efsctl:mount-mode,Value=nfs"

sg=$(q ec2 create-security-group --group-name "efsctl-$name" --vpc-id "$vpc" \
  --description "NFS to EFS for $name" \
  --tag-specifications "ResourceType=security-group,Tags=[{Key=Name,Value=$name},{Key=efsctl:deployment,Value=$name}]" \
  --query GroupId)
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 2049 --cidr "$cidr" >/dev/null
aws ec2 revoke-security-group-egress --group-id "$sg" \
  --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]' >/dev/null
aws ec2 authorize-security-group-egress --group-id "$sg" \
  --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=127.0.0.1/32}]' >/dev/null

fs=$(q efs create-file-system --creation-token "efsctl-$name" --encrypted \
  --performance-mode generalPurpose --throughput-mode elastic --backup --tags $tags --query FileSystemId)
until [ "$(q efs describe-file-systems --file-system-id "$fs" --query 'FileSystems[0].LifeCycleState')" = available ]; do
  sleep 1
done
aws efs put-lifecycle-configuration --file-system-id "$fs" \
  --lifecycle-policies '[{"TransitionToIA":"AFTER_30_DAYS"},{"TransitionToArchive":"AFTER_90_DAYS"}]' >/dev/null

for az in "${azs[@]}"; do
  subnet=$(q ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc" "Name=availability-zone,Values=$az" \
    --query 'Subnets[0].SubnetId')
  aws efs create-mount-target --file-system-id "$fs" --subnet-id "$subnet" --security-groups "$sg" >/dev/null
done
until [ "$(q efs describe-mount-targets --file-system-id "$fs" \
  --query 'length(MountTargets[?LifeCycleState==`available`])')" = "${#azs[@]}" ]; do
  sleep 1
done
echo "$fs"
