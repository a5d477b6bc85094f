//! IAM's policy grammar, checked by a real validator: the emulator's IAM `CreatePolicy`, which
//! parses the document and refuses one that breaks the grammar (MalformedPolicyDocument).
//! Called over plain HTTP with the query protocol, so the tests need no IAM SDK crate.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::endpoint;

/// `Ok(())` when IAM accepts `document` as a managed policy, else its answer.
pub fn create_policy(document: &str) -> Result<(), String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "efsctl-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let body = format!(
        "Action=CreatePolicy&Version=2010-05-08&PolicyName={name}&PolicyDocument={}",
        url_encode(document)
    );
    let host = endpoint().trim_start_matches("http://");
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, \
         SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(host).map_err(|e| e.to_string())?;
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    if answer.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(answer)
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
