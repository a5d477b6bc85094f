//! A local stand-in for the AWS Price List Query API (moto does not serve it), so a test can run
//! `plan --live-pricing` end to end: the real binary and SDK client, the awsJson1.1 protocol,
//! pagination with NextToken, and efsctl's reading of the product documents.
//!
//! It proves the wiring, not AWS's data: the documents it serves are built by the test in the
//! shape the Price List publishes, with made-up prices. efsctl reaches it through
//! `AWS_ENDPOINT_URL_PRICING`, as it would any endpoint.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};
use serde_json::{json, Value};

use super::http_server::{serve, Running};

/// One request as received: its `X-Amz-Target` and JSON body.
#[derive(Debug, Clone)]
pub struct Received {
    pub target: String,
    /// The SigV4 `Authorization` header (its credential scope names region and service).
    pub authorization: String,
    pub body: Value,
}

pub struct PriceList {
    server: Running,
    received: Arc<Mutex<Vec<Received>>>,
}

impl PriceList {
    /// Serves `documents` to GetProducts, `page_size` per page.
    pub fn start(documents: Vec<String>, page_size: usize) -> PriceList {
        let received = Arc::new(Mutex::new(Vec::new()));
        let documents = Arc::new(documents);
        let log = received.clone();
        let server = serve(1, move || {
            move |req| answer(req, log.clone(), documents.clone(), page_size)
        });
        PriceList { server, received }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn answer(
    req: Request<hyper::body::Incoming>,
    log: Arc<Mutex<Vec<Received>>>,
    documents: Arc<Vec<String>>,
    page_size: usize,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (target, authorization) = (header("x-amz-target"), header("authorization"));
    let body = req.into_body().collect().await?.to_bytes();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    log.lock().unwrap().push(Received {
        target: target.clone(),
        authorization,
        body: body.clone(),
    });
    if target != "AWSPriceListService.GetProducts" {
        return Ok(reply(
            400,
            json!({"__type": "InvalidParameterException", "Message": "unknown operation"}),
        ));
    }
    // The one filter efsctl sends: regionCode, TERM_MATCH.
    let region = body["Filters"][0]["Value"].as_str().unwrap_or_default();
    let documents: Vec<&String> = documents
        .iter()
        .filter(|d| {
            serde_json::from_str::<Value>(d)
                .ok()
                .as_ref()
                .and_then(|v| {
                    v["product"]["attributes"]["regionCode"]
                        .as_str()
                        .map(|r| r == region)
                })
                == Some(true)
        })
        .collect();
    let start: usize = body["NextToken"]
        .as_str()
        .and_then(|t| t.strip_prefix("page-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let end = (start + page_size).min(documents.len());
    let mut page = json!({
        "FormatVersion": "aws_v1",
        "PriceList": documents[start..end],
    });
    if end < documents.len() {
        page["NextToken"] = json!(format!("page-{end}"));
    }
    Ok(reply(200, page))
}

fn reply(status: u16, body: Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.1")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("response")
}

/// A product document as the Price List publishes one for Amazon EFS: a SKU with its
/// attributes, and one OnDemand term with one price dimension.
pub fn efs_document(
    region: &str,
    usage_type: &str,
    access_type: Option<&str>,
    unit: &str,
    usd: &str,
) -> String {
    let mut attributes = json!({
        "servicecode": "AmazonEFS",
        "regionCode": region,
        "usagetype": usage_type,
        "servicename": "Amazon Elastic File System",
    });
    if let Some(access) = access_type {
        attributes["accessType"] = json!(access);
    }
    let sku = format!("TEST{usage_type}{}", access_type.unwrap_or(""));
    json!({
        "product": {"productFamily": "Storage", "attributes": attributes, "sku": sku},
        "serviceCode": "AmazonEFS",
        "terms": {"OnDemand": {format!("{sku}.JRTCKXETXF"): {
            "offerTermCode": "JRTCKXETXF",
            "sku": sku,
            "priceDimensions": {format!("{sku}.JRTCKXETXF.6YS6EN2CT7"): {
                "unit": unit,
                "beginRange": "0",
                "endRange": "Inf",
                "pricePerUnit": {"USD": usd},
                "description": format!("test price {usd} per {unit}"),
            }},
        }}},
        "version": "20260101000000",
        "publicationDate": "2026-01-01T00:00:00Z",
    })
    .to_string()
}

/// The bulk offer file AWS publishes for AmazonEFS, holding `documents` (GetProducts-style
/// product documents, as [`efs_document`] makes): products and their on-demand terms side by
/// side, keyed by SKU, as in `offers/v1.0/aws/AmazonEFS/current/index.json`.
pub fn offer_file(documents: &[String]) -> String {
    let mut products = serde_json::Map::new();
    let mut on_demand = serde_json::Map::new();
    for text in documents {
        let doc: Value = serde_json::from_str(text).expect("a product document");
        let sku = doc["product"]["sku"].as_str().expect("a SKU").to_string();
        products.insert(sku.clone(), doc["product"].clone());
        on_demand.insert(sku, doc["terms"]["OnDemand"].clone());
    }
    json!({
        "formatVersion": "v1.0",
        "disclaimer": "This pricing list is for informational purposes only.",
        "offerCode": "AmazonEFS",
        "version": "20260101000000",
        "publicationDate": "2026-01-01T00:00:00Z",
        "products": products,
        "terms": {"OnDemand": on_demand},
    })
    .to_string()
}
