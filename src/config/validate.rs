//! Shape checks for user-supplied values, done before any AWS call so bad input changes nothing.
//!
//! Each check returns one sentence naming the bad value and what a valid one looks like.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result};
use crate::model::IngressSource;

/// Checks an AWS resource id of the form `PREFIX-hex` (vpc-, subnet-, sg-).
pub fn resource_id(value: &str, prefix: &str, what: &str) -> Result<String> {
    let ok = value
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()));
    if ok {
        Ok(value.to_string())
    } else {
        Err(Error::usage(format!(
            "invalid {what} {value:?}: expected {prefix}- followed by hex digits, e.g. {prefix}-0a1b2c3d"
        )))
    }
}

/// Parses an IPv4 or IPv6 CIDR and refuses host bits, which EC2 would reject later.
pub fn cidr(value: &str) -> Result<IngressSource> {
    let bad = |why: &str| {
        Error::usage(format!(
            "invalid CIDR {value:?}: {why} (expected e.g. 10.0.0.0/16 or 2600:1f18::/56)"
        ))
    };
    let (addr, len) = value
        .split_once('/')
        .ok_or_else(|| bad("missing /prefix"))?;
    let len: u32 = len
        .parse()
        .map_err(|_| bad("prefix length is not a number"))?;
    if let Ok(v4) = addr.parse::<Ipv4Addr>() {
        if len > 32 {
            return Err(bad("IPv4 prefix length must be 0-32"));
        }
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
        let network = Ipv4Addr::from(u32::from(v4) & mask);
        if network != v4 {
            return Err(bad(&format!(
                "host bits set; did you mean {network}/{len}?"
            )));
        }
        Ok(IngressSource::Cidr(value.to_string()))
    } else if let Ok(v6) = addr.parse::<Ipv6Addr>() {
        if len > 128 {
            return Err(bad("IPv6 prefix length must be 0-128"));
        }
        let mask = if len == 0 {
            0
        } else {
            u128::MAX << (128 - len)
        };
        let network = Ipv6Addr::from(u128::from(v6) & mask);
        if network != v6 {
            return Err(bad(&format!(
                "host bits set; did you mean {network}/{len}?"
            )));
        }
        Ok(IngressSource::Ipv6Cidr(value.to_string()))
    } else {
        Err(bad("not an IP address"))
    }
}

/// Checks an availability zone name belongs to the region (`us-east-1a` in `us-east-1`).
pub fn availability_zone(value: &str, region: &str) -> Result<String> {
    let suffix_ok = value.strip_prefix(region).is_some_and(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    if suffix_ok {
        Ok(value.to_string())
    } else {
        Err(Error::usage(format!(
            "invalid availability zone {value:?} for region {region}: expected a zone name such as {region}a"
        )))
    }
}

/// Checks a KMS key reference against what CreateFileSystem accepts (EFS's `KmsKeyId`
/// pattern): a key id, `mrk-` id, key ARN, alias/NAME or alias ARN.
pub fn kms_key(value: &str) -> Result<String> {
    crate::model::api_rules::kms_key_id(value)
        .map(|()| value.to_string())
        .map_err(|why| {
            Error::usage(format!(
                "invalid KMS key {value:?}: {why} (e.g. 1234abcd-12ab-34cd-56ef-1234567890ab, \
                 alias/NAME, or arn:aws:kms:REGION:ACCOUNT:key/KEY_ID)"
            ))
        })
}

/// Checks a Ray cluster name (the cluster_name of its YAML, which Ray puts in a tag and a
/// group name).
pub fn ray_cluster(value: &str) -> Result<String> {
    let ok = !value.is_empty()
        && value.len() <= 200
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if ok {
        Ok(value.to_string())
    } else {
        Err(Error::usage(format!(
            "invalid --ray-cluster {value:?}: give the cluster_name of the Ray cluster YAML \
             (letters, digits, '-', '_' or '.')"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids() {
        assert!(resource_id("subnet-0abc12", "subnet", "subnet").is_ok());
        for bad in ["subnet-", "subnet-xyz", "sg-12", "subnet0abc"] {
            let e = resource_id(bad, "subnet", "subnet").unwrap_err();
            assert!(e.message.contains(bad), "{}", e.message);
        }
    }

    #[test]
    fn cidrs() {
        assert_eq!(
            cidr("10.0.0.0/16").unwrap(),
            IngressSource::Cidr("10.0.0.0/16".into())
        );
        assert_eq!(
            cidr("2600:1f18::/56").unwrap(),
            IngressSource::Ipv6Cidr("2600:1f18::/56".into())
        );
        assert!(cidr("0.0.0.0/0").is_ok());
        for (bad, why) in [
            ("10.0.0.0", "missing /prefix"),
            ("10.0.0.0/33", "0-32"),
            ("10.0.0.5/16", "did you mean 10.0.0.0/16"),
            ("10.0.0/16", "not an IP"),
            ("ten/8", "not an IP"),
            ("10.0.0.0/x", "not a number"),
        ] {
            let e = cidr(bad).unwrap_err();
            assert!(e.message.contains(why), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn zones_belong_to_the_region() {
        assert!(availability_zone("us-east-1a", "us-east-1").is_ok());
        assert!(availability_zone("us-west-2-lax-1a", "us-west-2").is_ok());
        assert!(availability_zone("eu-west-1a", "us-east-1").is_err());
        assert!(availability_zone("us-east-1", "us-east-1").is_err());
    }

    #[test]
    fn ray_cluster_names() {
        assert!(ray_cluster("my-cluster_1.a").is_ok());
        assert!(ray_cluster("bad name").is_err());
        assert!(ray_cluster("").is_err());
    }

    #[test]
    fn kms_keys() {
        for ok in [
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "mrk-1234abcd12ab34cd56ef1234567890ab",
            "alias/efs-key",
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-east-1:111122223333:alias/efs",
        ] {
            assert!(kms_key(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "mykey",
            "alias/",
            "alias/has space",
            "1234ABCD-12AB-34CD-56EF-1234567890AB",
            "mrk-1234abcd",
            "arn:aws:kms:us-east-1:1:key/x",
        ] {
            assert!(kms_key(bad).is_err(), "{bad}");
        }
    }
}
