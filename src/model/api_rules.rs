//! What the EFS and EC2 API references document for the values efsctl sends: patterns, lengths,
//! ranges. A request that breaks one of these would be refused by AWS, and if that happened after
//! a first resource was created the user would be left with half a deployment; so every request
//! in a plan is checked against these rules when the plan is made, before any write.
//!
//! The patterns are transcribed from the service models (botocore `efs/2015-02-01`, EC2's
//! CreateSecurityGroup constraints); each function names the pattern it implements. Each returns
//! `Err(why)` with a short reason, which the caller puts in a sentence naming the value.

type Check = Result<(), String>;

fn is_lower_hex(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// `[0-9a-f]{min,max}`.
fn hex_run(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && is_lower_hex(s)
}

/// `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`: a key id.
fn is_key_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| hex_run(p, n, n))
}

/// `mrk-[0-9a-f]{32}`: a multi-Region key id.
fn is_mrk(s: &str) -> bool {
    s.strip_prefix("mrk-").is_some_and(|h| hex_run(h, 32, 32))
}

/// `alias/[a-zA-Z0-9/_-]+`.
fn is_alias(s: &str) -> bool {
    s.strip_prefix("alias/").is_some_and(|a| {
        !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c))
    })
}

/// EFS `KmsKeyId` (CreateFileSystem, CreateReplicationConfiguration): max 2048 characters,
/// `^([0-9a-f]{8}-…-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+|
/// (arn:aws[-a-z]*:kms:[a-z0-9-]+:\d{12}:((key/<uuid>)|(key/mrk-…)|(alias/…))))$`.
pub fn kms_key_id(value: &str) -> Check {
    if value.len() > 2048 {
        return Err("longer than 2048 characters".into());
    }
    if is_key_uuid(value) || is_mrk(value) || is_alias(value) {
        return Ok(());
    }
    let arn_ok = (|| {
        let rest = value.strip_prefix("arn:aws")?;
        let (partition, rest) = rest.split_once(":kms:")?;
        if !partition
            .chars()
            .all(|c| c == '-' || c.is_ascii_lowercase())
        {
            return None;
        }
        let (region, rest) = rest.split_once(':')?;
        let (account, resource) = rest.split_once(':')?;
        let region_ok = !region.is_empty()
            && region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let account_ok = account.len() == 12 && account.chars().all(|c| c.is_ascii_digit());
        let resource_ok = match resource.strip_prefix("key/") {
            Some(key) => is_key_uuid(key) || is_mrk(key),
            None => is_alias(resource),
        };
        (region_ok && account_ok && resource_ok).then_some(())
    })();
    arn_ok.ok_or_else(|| {
        "not a key id (lower-case UUID), mrk- followed by 32 lower-case hex digits, alias/NAME, \
         or a key or alias ARN"
            .into()
    })
}

/// EFS `FileSystemId`: `^(arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:file-system/fs-[0-9a-f]{8,40}|fs-[0-9a-f]{8,40})$`
/// (efsctl only sends ids, never ARNs).
pub fn file_system_id(value: &str) -> Check {
    match value.strip_prefix("fs-") {
        Some(hex) if hex_run(hex, 8, 40) => Ok(()),
        _ => Err("expected fs- followed by 8 to 40 lower-case hex digits".into()),
    }
}

/// EFS `SubnetId`: 15-47 characters, `^subnet-[0-9a-f]{8,40}$`.
pub fn subnet_id(value: &str) -> Check {
    match value.strip_prefix("subnet-") {
        Some(hex) if hex_run(hex, 8, 40) => Ok(()),
        _ => Err("expected subnet- followed by 8 to 40 lower-case hex digits".into()),
    }
}

/// EFS `SecurityGroup`: 11-43 characters, `^sg-[0-9a-f]{8,40}`.
pub fn security_group_id(value: &str) -> Check {
    match value.strip_prefix("sg-") {
        Some(hex) if hex_run(hex, 8, 40) => Ok(()),
        _ => Err("expected sg- followed by 8 to 40 lower-case hex digits".into()),
    }
}

/// "You can associate up to five security groups with a mount target" (EFS user guide,
/// CreateMountTarget); the service model allows 100 but the service refuses more than five.
pub const MAX_MOUNT_TARGET_GROUPS: usize = 5;

/// EFS `CreationToken`: 1-64 characters, `.+`.
pub fn creation_token(value: &str) -> Check {
    length(value, 1, 64)
}

/// EFS `AvailabilityZoneName`: 1-64 characters, `.+`.
pub fn availability_zone_name(value: &str) -> Check {
    length(value, 1, 64)
}

/// EFS `RegionName` (replication destinations): 1-64 characters,
/// `^[a-z]{2}-((iso[a-z]{0,1}-)|(gov-)){0,1}[a-z]+-{0,1}[0-9]{0,1}$`.
pub fn region_name(value: &str) -> Check {
    length(value, 1, 64)?;
    let bad = || Err("expected a region name such as us-west-2".to_string());
    let Some((area, rest)) = value.split_once('-') else {
        return bad();
    };
    if area.len() != 2 || !area.chars().all(|c| c.is_ascii_lowercase()) {
        return bad();
    }
    let rest = rest
        .strip_prefix("gov-")
        .or_else(|| {
            let r = rest.strip_prefix("iso")?;
            let r = r
                .strip_prefix(|c: char| c.is_ascii_lowercase())
                .unwrap_or(r);
            r.strip_prefix('-')
        })
        .unwrap_or(rest);
    let name_end = rest
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(rest.len());
    let (name, tail) = rest.split_at(name_end);
    let tail = tail.strip_prefix('-').unwrap_or(tail);
    if name.is_empty() || tail.len() > 1 || !tail.chars().all(|c| c.is_ascii_digit()) {
        return bad();
    }
    Ok(())
}

/// EFS `ProvisionedThroughputInMibps`: a double, minimum 1.0.
pub fn provisioned_mibps(value: f64) -> Check {
    if value.is_finite() && value >= 1.0 {
        Ok(())
    } else {
        Err("must be at least 1.0 MiB/s".into())
    }
}

/// EFS `ClientToken` (CreateAccessPoint): 1-64 characters, `.+`.
pub fn client_token(value: &str) -> Check {
    length(value, 1, 64)
}

/// EFS `Path` of an access point's root directory: 1-100 characters,
/// `^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$`: `/`, or one to four segments, none starting
/// with `.` (so no `..`), none holding `$#<>;`|&?{}^*` or a newline.
pub fn access_point_path(value: &str) -> Check {
    length(value, 1, 100)?;
    if value == "/" {
        return Ok(());
    }
    let Some(rest) = value.strip_prefix('/') else {
        return Err("must be absolute (start with /)".into());
    };
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.len() > 4 {
        return Err("at most four directory levels".into());
    }
    for seg in segments {
        if seg.is_empty() {
            return Err("no empty segments (// or a trailing /)".into());
        }
        if seg.starts_with('.') {
            return Err("no segment may start with . (no .. or hidden directories)".into());
        }
        if seg.chars().any(|c| "$#<>;`|&?{}^*\n".contains(c)) {
            return Err("none of $ # < > ; ` | & ? { } ^ * in a path".into());
        }
    }
    Ok(())
}

/// EFS `Permissions` (CreationInfo): `^[0-7]{3,4}$`.
pub fn permissions(value: &str) -> Check {
    if (3..=4).contains(&value.len()) && value.chars().all(|c| ('0'..='7').contains(&c)) {
        Ok(())
    } else {
        Err("three or four octal digits, e.g. 0755".into())
    }
}

/// "Access points for each file system: 10,000" (EFS quotas; AccessPointLimitExceeded beyond).
pub const MAX_ACCESS_POINTS: usize = 10_000;

/// The characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`: letters, separators, numbers and `_.:/=+-@`.
fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// EFS `TagKey`: 1-128 characters, `^(?![aA]{1}[wW]{1}[sS]{1}:)([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$`;
/// EC2 tag keys: up to 128 characters, not starting with `aws:`. The EFS rule is the stricter.
pub fn tag_key(value: &str) -> Check {
    length(value, 1, 128)?;
    if value.len() >= 4 && value[..4].eq_ignore_ascii_case("aws:") {
        return Err("keys starting with aws: are reserved".into());
    }
    if !value.chars().all(tag_char) {
        return Err("only letters, numbers, spaces and _ . : / = + - @ are allowed".into());
    }
    Ok(())
}

/// EFS `TagValue`: 0-256 characters, `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`.
pub fn tag_value(value: &str) -> Check {
    length(value, 0, 256)?;
    if !value.chars().all(tag_char) {
        return Err("only letters, numbers, spaces and _ . : / = + - @ are allowed".into());
    }
    Ok(())
}

/// EC2 CreateSecurityGroup `GroupName` and `GroupDescription` in a VPC: up to 255 characters of
/// a-z, A-Z, 0-9, spaces and `._-:/()#,@[]+=&;{}!$*`; a group name cannot start with `sg-`.
pub fn security_group_text(value: &str, is_name: bool) -> Check {
    length(value, 1, 255)?;
    if is_name && value.starts_with("sg-") {
        return Err("a group name cannot start with sg-".into());
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c))
    {
        return Err("only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* are allowed".into());
    }
    Ok(())
}

/// Length in characters within `min..=max`.
fn length(value: &str, min: usize, max: usize) -> Check {
    let n = value.chars().count();
    if n < min {
        Err(format!("must have at least {min} character(s)"))
    } else if n > max {
        Err(format!("must have at most {max} characters, has {n}"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kms_key_ids_follow_the_efs_pattern() {
        for ok in [
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "mrk-1234abcd12ab34cd56ef1234567890ab",
            "alias/efs-key",
            "alias/team/efs_key",
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws:kms:us-east-1:111122223333:alias/efs",
            "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/efs",
            "arn:aws-cn:kms:cn-north-1:111122223333:alias/efs",
        ] {
            assert!(kms_key_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "mykey",
            "alias/",
            "alias/has space",
            // upper-case hex: EFS's pattern is lower-case only
            "1234ABCD-12AB-34CD-56EF-1234567890AB",
            // mrk- ids have exactly 32 hex digits
            "mrk-1234abcd",
            "mrk-1234abcd12ab34cd56ef1234567890ab00",
            // loosely formed ARNs
            "arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-east-1:111122223333:key/not-a-key",
            "arn:aws:s3:::bucket:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:US-EAST-1:111122223333:alias/efs",
            "arn:aws:kms::111122223333:alias/efs",
        ] {
            assert!(kms_key_id(bad).is_err(), "{bad}");
        }
        assert!(kms_key_id(&format!("alias/{}", "a".repeat(2048))).is_err());
    }

    #[test]
    fn ids_follow_their_patterns() {
        assert!(subnet_id("subnet-0123abcd").is_ok());
        assert!(subnet_id(&format!("subnet-{}", "a".repeat(40))).is_ok());
        for bad in [
            "subnet-0123abc",
            "subnet-0123ABCD",
            "subnet-",
            "sub-0123abcd",
        ] {
            assert!(subnet_id(bad).is_err(), "{bad}");
        }
        assert!(security_group_id("sg-0123abcd").is_ok());
        assert!(security_group_id("sg-123").is_err());
        assert!(file_system_id("fs-0123abcd").is_ok());
        assert!(file_system_id("fs-0123ABCD").is_err());
    }

    #[test]
    fn tags_and_group_texts() {
        assert!(tag_key("efsctl:deployment").is_ok());
        assert!(tag_key("AWS:x").is_err());
        assert!(tag_key("").is_err());
        assert!(tag_key(&"k".repeat(129)).is_err());
        assert!(tag_value("").is_ok());
        assert!(tag_value("ray shared_1").is_ok());
        assert!(tag_value("semi;colon").is_err());
        assert!(security_group_text("efsctl-ray", true).is_ok());
        assert!(security_group_text("sg-ray", true).is_err());
        assert!(security_group_text("NFS (managed by efsctl)", false).is_ok());
        assert!(security_group_text("naïve", false).is_err());
        assert!(security_group_text(&"x".repeat(256), false).is_err());
    }

    #[test]
    fn access_point_paths_and_modes() {
        for ok in ["/", "/ray", "/ray/checkpoints", "/a/b/c/d", "/data_1-x"] {
            assert!(access_point_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ray",
            "/a/b/c/d/e",
            "/..",
            "/ray/../etc",
            "/.hidden",
            "/a//b",
            "/a/",
            "/a;b",
            "",
        ] {
            assert!(access_point_path(bad).is_err(), "{bad}");
        }
        assert!(permissions("755").is_ok());
        assert!(permissions("0750").is_ok());
        for bad in ["75", "0888", "rwx", "07555"] {
            assert!(permissions(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn region_names() {
        for ok in [
            "us-east-1",
            "ap-southeast-6",
            "us-gov-west-1",
            "us-isob-east-1",
            "eu-central-2",
        ] {
            assert!(region_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "useast1",
            "US-EAST-1",
            "us-east-12",
            "u-east-1",
            "us--1",
        ] {
            assert!(region_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lengths_and_ranges() {
        assert!(creation_token(&"t".repeat(64)).is_ok());
        assert!(creation_token(&"t".repeat(65)).is_err());
        assert!(creation_token("").is_err());
        assert!(provisioned_mibps(1.0).is_ok());
        assert!(provisioned_mibps(0.5).is_err());
        assert!(provisioned_mibps(f64::NAN).is_err());
    }
}
