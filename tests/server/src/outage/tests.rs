//! The outage's decisions, and its cuts seen by a real client over HTTP/1.1
//! and over HTTP/2 (TLS).

use std::time::Duration;

use tokio::time::{sleep, timeout, Instant};
use tonic::Code;

use super::*;
use crate::proto::demo::StartJobRequest;
use crate::proto::google::longrunning::{GetOperationRequest, Operation, WaitOperationRequest};
use crate::testing::{self, Running};

#[test]
fn inside_an_outage_only_before_its_end() {
    let now = Instant::now();
    let ms = Duration::from_millis;
    assert!(!inside(None, now));
    assert!(inside(Some(now + ms(1)), now));
    assert!(!inside(Some(now), now));
    assert!(!inside(now.checked_sub(ms(1)), now));
}

#[test]
fn the_length_is_read_from_ms() {
    let ms = |n| Ok(Duration::from_millis(n));
    assert_eq!(length(Some("ms=250")), ms(250));
    assert_eq!(length(Some("x=1&ms=0")), ms(0));
    assert_eq!(length(Some("ms=600000")), ms(600_000));
    for bad in [None, Some(""), Some("ms="), Some("ms=-1"), Some("ms=1.5")] {
        assert!(length(bad).is_err(), "{bad:?}");
    }
    assert!(length(Some("ms=600001")).is_err());
}

/// A plain HTTP/1.1 server and a TLS one (HTTP/2), with the client's version.
async fn servers() -> [(Running, http::Version); 2] {
    let plain = testing::start(&[]).await;
    let tls = testing::start(&["--tls"]).await;
    [
        (plain, http::Version::HTTP_11),
        (tls, http::Version::HTTP_2),
    ]
}

/// Starts an outage of `ms` milliseconds.
async fn outage(client: &reqwest::Client, server: &Running, ms: u64) {
    let url = server.at(&format!("{PATH}?ms={ms}"));
    let response = client.post(url).header("origin", "http://a.test").send();
    let response = response.await.expect("the endpoint answers");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let allowed = response.headers().get("access-control-allow-origin");
    assert_eq!(allowed.map(|v| v.as_bytes()), Some(&b"*"[..]));
}

/// GetOperation of `name`: its reply, or the error of a call cut.
async fn get(client: &reqwest::Client, server: &Running, name: &str) -> Option<Operation> {
    let request = GetOperationRequest {
        name: name.to_owned(),
    };
    let reply = testing::call(client, &server.url, testing::GET_OPERATION, &request, &[]);
    let reply = reply.await.ok()?;
    assert_eq!(reply.code(), Code::Ok, "{reply:?}");
    Some(reply.decode())
}

#[tokio::test]
async fn calls_arriving_during_an_outage_get_no_response() {
    let client = testing::client();
    for (server, version) in servers().await {
        let job = StartJobRequest::default();
        let op = testing::start_job(&client, &server.url, job).await;
        outage(&client, &server, 60_000).await;
        let cut = get(&client, &server, &op.name).await;
        assert!(cut.is_none(), "{version:?}");
        let stats = testing::call(&client, &server.url, testing::GET_STATS, &op, &[]);
        assert!(stats.await.is_err(), "{version:?}");
        // The rest of the server keeps working.
        let descriptors = client.get(server.at("/descriptors.binpb")).send().await;
        let descriptors = descriptors.expect("descriptors during an outage");
        assert_eq!(
            (descriptors.status().as_u16(), descriptors.version()),
            (200, version)
        );
        // An outage of no length ends the one under way.
        outage(&client, &server, 0).await;
        let after = get(&client, &server, &op.name).await;
        assert!(after.expect("a call after the outage").done, "{version:?}");
    }
}

#[tokio::test]
async fn an_outage_ends_by_itself() {
    let client = testing::client();
    let server = testing::start(&[]).await;
    outage(&client, &server, 200).await;
    sleep(Duration::from_millis(300)).await;
    let stats = testing::stats(&client, &server.url, "").await;
    assert_eq!(stats.code(), Code::Ok);
}

#[tokio::test]
async fn calls_in_flight_are_cut_when_an_outage_starts() {
    let client = testing::client();
    for (server, version) in servers().await {
        let job = StartJobRequest {
            duration_ms: 60_000,
            ..Default::default()
        };
        let op = testing::start_job(&client, &server.url, job).await;
        let wait = WaitOperationRequest {
            name: op.name.clone(),
            timeout: None,
        };
        let (waiting, url) = (client.clone(), server.url.clone());
        let wait = tokio::spawn(async move {
            testing::call(&waiting, &url, testing::WAIT_OPERATION, &wait, &[]).await
        });
        testing::open_waits_reach(&client, &server.url, &op.name, 1).await;
        // An outage of no length: the calls in flight are cut, no later one.
        outage(&client, &server, 0).await;
        let cut = timeout(Duration::from_secs(2), wait).await;
        let cut = cut.expect("cut at once").expect("the call's task");
        assert!(cut.is_err(), "{version:?}: {cut:?}");
        testing::open_waits_reach(&client, &server.url, &op.name, 0).await;
        let now = get(&client, &server, &op.name).await;
        assert!(!now.expect("a call after the outage").done);
    }
}

#[tokio::test]
async fn jobs_finish_during_an_outage() {
    let client = testing::client();
    let server = testing::start(&[]).await;
    let job = StartJobRequest {
        duration_ms: 100,
        ..Default::default()
    };
    let op = testing::start_job(&client, &server.url, job).await;
    outage(&client, &server, 60_000).await;
    sleep(Duration::from_millis(300)).await;
    assert!(get(&client, &server, &op.name).await.is_none());
    outage(&client, &server, 0).await;
    let done = get(&client, &server, &op.name).await;
    assert!(done.expect("a call after the outage").done);
}

#[tokio::test]
async fn the_endpoint_refuses_a_bad_length() {
    let client = testing::client();
    let server = testing::start(&[]).await;
    for query in ["", "?ms=x", "?ms=600001"] {
        let response = client.post(server.at(&format!("{PATH}{query}"))).send();
        let response = response.await.expect("an answer");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    let stats = testing::stats(&client, &server.url, "").await;
    assert_eq!(stats.code(), Code::Ok);
}
