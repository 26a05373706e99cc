//! `--auth`: the google.longrunning.Operations service asks for a bearer token,
//! `authorization: Bearer t-<expiry>`, where `<expiry>` is a time in
//! milliseconds since the Unix epoch. Anyone can make such a token, and it
//! expires when its maker says: clients' tests can send a token, let it
//! expire, and check that the client asks for a new one. A call without a
//! valid token answers UNAUTHENTICATED, saying why. The Jobs service needs no
//! token.

use std::fmt;

/// The metadata key that carries the token.
pub const HEADER: &str = "authorization";

/// Why a call's token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No `authorization` header.
    Missing,
    /// A header that is not `Bearer t-<expiry ms>`.
    Malformed,
    /// A token whose expiry (ms since the Unix epoch) is not after now.
    Expired {
        /// The token's expiry.
        expiry_ms: u64,
        /// The server's clock when the call came.
        now_ms: u64,
    },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing => {
                write!(f, "missing token: send `authorization: Bearer t-<expiry ms>`")
            }
            Refused::Malformed => write!(
                f,
                "malformed token: expected `Bearer t-<expiry>`, the expiry in ms since the Unix epoch"
            ),
            Refused::Expired { expiry_ms, now_ms } => write!(
                f,
                "expired token: it expired at {expiry_ms} ms, the server's clock is {now_ms} ms"
            ),
        }
    }
}

/// Checks the `authorization` header's value (`None` when absent) at `now_ms`.
pub fn check(header: Option<&[u8]>, now_ms: u64) -> Result<(), Refused> {
    let header = header.ok_or(Refused::Missing)?;
    let expiry_ms = std::str::from_utf8(header)
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .and_then(|(_, token)| token.trim_start_matches(' ').strip_prefix("t-"))
        .filter(|expiry| !expiry.is_empty() && expiry.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|expiry| expiry.parse::<u64>().ok())
        .ok_or(Refused::Malformed)?;
    if expiry_ms <= now_ms {
        return Err(Refused::Expired { expiry_ms, now_ms });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::demo::StartJobRequest;
    use crate::proto::google::longrunning::GetOperationRequest;
    use crate::testing;
    use tonic::Code;

    #[test]
    fn tokens_are_checked_against_the_clock() {
        const NOW: u64 = 1_700_000_000_000;
        let expired = |expiry_ms| {
            Err(Refused::Expired {
                expiry_ms,
                now_ms: NOW,
            })
        };
        /// A header, and what the check says of it.
        type Case = (Option<&'static [u8]>, Result<(), Refused>);
        let table: &[Case] = &[
            (Some(b"Bearer t-1700000000001"), Ok(())),
            (Some(b"bearer t-99999999999999"), Ok(())),
            (Some(b"Bearer  t-1700000000001"), Ok(())),
            (None, Err(Refused::Missing)),
            (Some(b"Bearer t-1700000000000"), expired(NOW)),
            (Some(b"Bearer t-0"), expired(0)),
            (Some(b""), Err(Refused::Malformed)),
            (Some(b"Bearer"), Err(Refused::Malformed)),
            (Some(b"Bearer "), Err(Refused::Malformed)),
            (Some(b"Bearer t-"), Err(Refused::Malformed)),
            (Some(b"Bearer t-12x"), Err(Refused::Malformed)),
            (Some(b"Bearer t--5"), Err(Refused::Malformed)),
            (
                Some(b"Bearer t-99999999999999999999999"),
                Err(Refused::Malformed),
            ),
            (Some(b"Bearer 1700000000001"), Err(Refused::Malformed)),
            (Some(b"Basic t-1700000000001"), Err(Refused::Malformed)),
            (Some(b"t-1700000000001"), Err(Refused::Malformed)),
            (Some(b"Bearer t-1700000000001 "), Err(Refused::Malformed)),
            (Some(b"Bearer t-\xff"), Err(Refused::Malformed)),
        ];
        for (header, want) in table {
            let got = check(*header, NOW);
            assert_eq!(&got, want, "{:?}", header.map(String::from_utf8_lossy));
        }
    }

    #[test]
    fn refusals_say_which() {
        assert!(Refused::Missing.to_string().starts_with("missing token"));
        assert!(Refused::Malformed
            .to_string()
            .starts_with("malformed token"));
        let expired = Refused::Expired {
            expiry_ms: 5,
            now_ms: 9,
        };
        assert!(expired.to_string().starts_with("expired token"));
    }

    #[tokio::test]
    async fn operations_need_a_live_token_and_refusals_are_counted() {
        let server = testing::start(&["--auth"]).await;
        let client = testing::client();
        // The Jobs service needs none.
        let job = StartJobRequest::default();
        let op = testing::start_job(&client, &server.url, job).await;
        let request = GetOperationRequest {
            name: op.name.clone(),
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let live = format!("Bearer t-{}", now + 60_000);
        let expired = format!("Bearer t-{}", now - 1);
        let cases: [(Option<&str>, Code, &str); 4] = [
            (None, Code::Unauthenticated, "missing token"),
            (
                Some("Bearer nope"),
                Code::Unauthenticated,
                "malformed token",
            ),
            (Some(&expired), Code::Unauthenticated, "expired token"),
            (Some(&live), Code::Ok, ""),
        ];
        for (token, code, message) in cases {
            let headers: Vec<_> = token.map(|t| (HEADER, t)).into_iter().collect();
            let call = testing::call(
                &client,
                &server.url,
                testing::GET_OPERATION,
                &request,
                &headers,
            );
            let reply = call.await.unwrap();
            assert_eq!(reply.code(), code, "{token:?}");
            let said = reply.message();
            assert!(said.starts_with(message), "{token:?}: {said}");
        }
        let stats = testing::server_stats(&client, &server.url, &op.name).await;
        assert_eq!(stats.calls.get("GetOperation"), Some(&4));
    }
}
