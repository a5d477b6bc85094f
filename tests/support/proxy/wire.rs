//! What the proxy needs to know about the AWS wire formats: which service and operation a
//! request is, and how each service spells an error, so an injected fault looks exactly like
//! one from AWS and goes through the SDK's real error parsing and retry classification.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Response, StatusCode};

/// The AWS service a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// REST-JSON: the operation is in the method and path; errors are JSON with
    /// an `x-amzn-errortype` header.
    Efs,
    /// The query protocol: form-encoded POSTs with `Action=...`; errors are XML.
    Ec2,
    /// JSON 1.1: the operation is in the `X-Amz-Target` header.
    Kms,
    Other,
}

/// Names the operation of a request, e.g. (Efs, "CreateMountTarget").
pub fn classify(
    method: &Method,
    path: &str,
    target: Option<&str>,
    body: &[u8],
) -> (Service, String) {
    if let Some(rest) = path.strip_prefix("/2015-02-01/") {
        return (Service::Efs, efs_operation(method, rest).to_string());
    }
    if let Some(target) = target {
        let op = target.rsplit('.').next().unwrap_or(target);
        let service = if target.starts_with("TrentService") {
            Service::Kms
        } else {
            Service::Other
        };
        return (service, op.to_string());
    }
    match form_value(body, "Action") {
        Some(action) => (Service::Ec2, action),
        None => (Service::Other, format!("{method} {path}")),
    }
}

fn efs_operation(method: &Method, rest: &str) -> &'static str {
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["file-systems"]) => "DescribeFileSystems",
        ("POST", ["file-systems"]) => "CreateFileSystem",
        ("PUT", ["file-systems", _]) => "UpdateFileSystem",
        ("DELETE", ["file-systems", _]) => "DeleteFileSystem",
        ("GET", ["mount-targets"]) => "DescribeMountTargets",
        ("POST", ["mount-targets"]) => "CreateMountTarget",
        ("DELETE", ["mount-targets", _]) => "DeleteMountTarget",
        ("GET", ["mount-targets", _, "security-groups"]) => "DescribeMountTargetSecurityGroups",
        ("PUT", ["mount-targets", _, "security-groups"]) => "ModifyMountTargetSecurityGroups",
        ("GET", ["file-systems", _, "backup-policy"]) => "DescribeBackupPolicy",
        ("PUT", ["file-systems", _, "backup-policy"]) => "PutBackupPolicy",
        ("GET", ["file-systems", _, "lifecycle-configuration"]) => "DescribeLifecycleConfiguration",
        ("PUT", ["file-systems", _, "lifecycle-configuration"]) => "PutLifecycleConfiguration",
        ("GET", ["file-systems", _, "policy"]) => "DescribeFileSystemPolicy",
        ("PUT", ["file-systems", _, "policy"]) => "PutFileSystemPolicy",
        ("DELETE", ["file-systems", _, "policy"]) => "DeleteFileSystemPolicy",
        ("PUT", ["file-systems", _, "protection"]) => "UpdateFileSystemProtection",
        ("GET", ["file-systems", "replication-configurations"]) => {
            "DescribeReplicationConfigurations"
        }
        ("POST", ["file-systems", _, "replication-configuration"]) => {
            "CreateReplicationConfiguration"
        }
        ("DELETE", ["file-systems", _, "replication-configuration"]) => {
            "DeleteReplicationConfiguration"
        }
        ("GET", ["access-points"]) => "DescribeAccessPoints",
        ("POST", ["access-points"]) => "CreateAccessPoint",
        ("DELETE", ["access-points", _]) => "DeleteAccessPoint",
        ("GET", ["resource-tags", _]) => "ListTagsForResource",
        ("POST", ["resource-tags", _]) => "TagResource",
        ("DELETE", ["resource-tags", _]) => "UntagResource",
        _ => "OtherEfs",
    }
}

/// The last path segment, e.g. the id in `/2015-02-01/file-systems/fs-123`.
pub fn path_id(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/2015-02-01/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    parts.get(1).map(|s| s.to_string())
}

/// One value of an `a=b&c=d` form or query string (values efsctl sends need no decoding
/// beyond `%2F`-style escapes, which ids never contain).
pub fn form_value(body: &[u8], key: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

/// A fault the proxy can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The service's throttling error (EFS ThrottlingException 429, EC2 RequestLimitExceeded 503).
    Throttle,
    /// 500 InternalError.
    Internal,
    /// 503 ServiceUnavailable.
    Unavailable,
    /// The connection is closed before the request reaches moto.
    ResetBefore,
    /// The request reaches moto (and takes effect), then the connection is closed unanswered.
    ResetAfter,
    /// 400 UnsupportedAvailabilityZone (EFS): the AZ does not offer what was asked for. Not in
    /// [`Fault::ALL`]: only injected on purpose, never at random.
    UnsupportedAz,
}

impl Fault {
    pub const ALL: [Fault; 5] = [
        Fault::Throttle,
        Fault::Internal,
        Fault::Unavailable,
        Fault::ResetBefore,
        Fault::ResetAfter,
    ];

    /// The HTTP answer for an error fault; `None` for resets.
    pub fn response(self, service: Service) -> Option<Response<Full<Bytes>>> {
        let (status, efs_code, ec2_code) = match self {
            Fault::Throttle => (429, "ThrottlingException", "RequestLimitExceeded"),
            Fault::Internal => (500, "InternalServerError", "InternalError"),
            Fault::Unavailable => (503, "ServiceUnavailable", "Unavailable"),
            Fault::UnsupportedAz => (
                400,
                "UnsupportedAvailabilityZone",
                "UnsupportedAvailabilityZone",
            ),
            Fault::ResetBefore | Fault::ResetAfter => return None,
        };
        let message = "injected by the efsctl test proxy";
        Some(match service {
            Service::Ec2 => {
                let status = if self == Fault::Throttle { 503 } else { status };
                ec2_error(status, ec2_code, message)
            }
            _ => json_error(status, efs_code, message),
        })
    }
}

/// An error as EFS (REST-JSON) or KMS (JSON 1.1) sends it.
/// A 200 JSON answer, as EFS gives it.
pub fn json_ok(body: &serde_json::Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("valid response")
}

pub fn json_error(status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({ "ErrorCode": code, "__type": code, "Message": message });
    Response::builder()
        .status(StatusCode::from_u16(status).expect("valid status"))
        .header("content-type", "application/json")
        .header("x-amzn-errortype", code)
        .header("x-amzn-requestid", "efsctl-proxy")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("valid response")
}

/// An error as EC2 (query protocol) sends it.
pub fn ec2_error(status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>\
         <Message>{message}</Message></Error></Errors><RequestID>efsctl-proxy</RequestID></Response>"
    );
    Response::builder()
        .status(StatusCode::from_u16(status).expect("valid status"))
        .header("content-type", "text/xml;charset=UTF-8")
        .body(Full::new(Bytes::from(body)))
        .expect("valid response")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[test]
    fn names_efs_operations_by_method_and_path() {
        let get = Method::GET;
        assert_eq!(
            classify(&get, "/2015-02-01/file-systems", None, b""),
            (Service::Efs, "DescribeFileSystems".into())
        );
        assert_eq!(
            classify(
                &Method::DELETE,
                "/2015-02-01/mount-targets/fsmt-1",
                None,
                b""
            )
            .1,
            "DeleteMountTarget"
        );
        assert_eq!(
            classify(
                &get,
                "/2015-02-01/mount-targets/fsmt-1/security-groups",
                None,
                b""
            )
            .1,
            "DescribeMountTargetSecurityGroups"
        );
        assert_eq!(
            path_id("/2015-02-01/file-systems/fs-12"),
            Some("fs-12".into())
        );
    }

    #[test]
    fn names_ec2_actions_and_kms_targets() {
        let body = b"Action=DeleteSecurityGroup&Version=2016-11-15&GroupId=sg-1";
        assert_eq!(
            classify(&Method::POST, "/", None, body),
            (Service::Ec2, "DeleteSecurityGroup".into())
        );
        assert_eq!(form_value(body, "GroupId"), Some("sg-1".into()));
        assert_eq!(
            classify(&Method::POST, "/", Some("TrentService.DescribeKey"), b"{}"),
            (Service::Kms, "DescribeKey".into())
        );
    }

    fn body(r: Response<Full<Bytes>>) -> (u16, Option<String>, String) {
        let status = r.status().as_u16();
        let kind = r
            .headers()
            .get("x-amzn-errortype")
            .map(|v| v.to_str().unwrap().to_string());
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = rt.block_on(r.into_body().collect()).unwrap().to_bytes();
        (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[test]
    fn faults_speak_each_services_wire_format() {
        let (status, kind, text) = body(Fault::Throttle.response(Service::Efs).unwrap());
        assert_eq!(
            (status, kind.as_deref()),
            (429, Some("ThrottlingException"))
        );
        assert!(
            text.contains("\"ErrorCode\":\"ThrottlingException\""),
            "{text}"
        );
        let (status, _, text) = body(Fault::Throttle.response(Service::Ec2).unwrap());
        assert_eq!(status, 503);
        assert!(text.contains("<Code>RequestLimitExceeded</Code>"), "{text}");
        let (status, _, text) = body(Fault::Internal.response(Service::Ec2).unwrap());
        assert_eq!(status, 500);
        assert!(
            text.contains("<Response><Errors><Error><Code>InternalError</Code>"),
            "{text}"
        );
        assert_eq!(
            body(Fault::Unavailable.response(Service::Efs).unwrap()).0,
            503
        );
        assert!(Fault::ResetBefore.response(Service::Efs).is_none());
    }
}
