//! `google.rpc.RetryInfo` among an error's details: how long the server asks
//! a client to wait before it tries again.

use prost_types::Any;

use super::wire::{fields, seconds_nanos, type_name, Wire};

/// The `retry_delay` of the first `google.rpc.RetryInfo` in `details`; `None`
/// without one, or when it does not decode or is negative.
pub fn retry_delay(details: &[Any]) -> Option<std::time::Duration> {
    let info = details
        .iter()
        .find(|d| type_name(&d.type_url) == "google.rpc.RetryInfo")?;
    let mut delay = None;
    for field in fields(&info.value) {
        if let (1, Wire::Len(duration)) = field.ok()? {
            delay = Some(duration);
        }
    }
    let (seconds, nanos) = seconds_nanos(delay?).ok()?;
    let seconds = u64::try_from(seconds).ok()?;
    let nanos = u32::try_from(nanos).ok().filter(|n| *n < 1_000_000_000)?;
    Some(std::time::Duration::new(seconds, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::google::rpc::RetryInfo;
    use prost::Message;

    fn info(seconds: i64, nanos: i32) -> Any {
        let delay = prost_types::Duration { seconds, nanos };
        Any {
            type_url: "type.googleapis.com/google.rpc.RetryInfo".into(),
            value: RetryInfo {
                retry_delay: Some(delay),
            }
            .encode_to_vec(),
        }
    }

    #[test]
    fn the_retry_delay_of_the_details() {
        let other = Any {
            type_url: "type.googleapis.com/google.rpc.ErrorInfo".into(),
            value: vec![10, 1, b'x'],
        };
        let ms = std::time::Duration::from_millis;
        let cases = [
            (vec![info(1, 200_000_000)], Some(ms(1200))),
            (vec![other.clone(), info(0, 5_000_000)], Some(ms(5))),
            (vec![other], None),
            (vec![], None),
            (vec![info(-1, 0)], None),
            (vec![info(0, -5)], None),
            (
                vec![Any {
                    type_url: "type.googleapis.com/google.rpc.RetryInfo".into(),
                    value: vec![10, 9, 1],
                }],
                None,
            ),
        ];
        for (details, want) in cases {
            assert_eq!(retry_delay(&details), want, "{details:?}");
        }
    }
}
