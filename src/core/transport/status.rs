//! The gRPC status of a response, from its trailers frame or its headers:
//! `grpc-status`, `grpc-message` (percent-encoded UTF-8, decoded leniently)
//! and `grpc-status-details-bin` (base64 of a google.rpc.Status).

use crate::core::base64;
use crate::core::codec::Decode;
use crate::core::text::text;
use crate::proto::google::rpc::{self, Code};

/// The fields of a trailers frame: `name: value` lines, names lowercased.
pub fn parse_trailers(block: &[u8]) -> Vec<(String, Vec<u8>)> {
    block
        .split(|b| *b == b'\n')
        .filter_map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let colon = line.iter().position(|b| *b == b':')?;
            let name = lossy(line[..colon].trim_ascii()).to_ascii_lowercase();
            let value = line[colon + 1..].trim_ascii().to_vec();
            Some((name, value))
        })
        .collect()
}

/// Named raw values: a trailers frame's fields, or response headers.
pub type Fields = [(String, Vec<u8>)];

/// The status the fields carry, or None without a `grpc-status`.
pub fn status(fields: &Fields) -> Option<rpc::Status> {
    let get = |name: &str| {
        let field = fields.iter().find(|(n, _)| n == name);
        field.map(|(_, value)| value.as_slice())
    };
    let raw = get("grpc-status")?;
    let message = get("grpc-message").map(message).unwrap_or_default();
    let code = std::str::from_utf8(raw.trim_ascii())
        .ok()
        .and_then(|s| s.parse::<i32>().ok());
    let Some(code) = code else {
        let sent = lossy(raw);
        return Some(rpc::Status {
            code: Code::Unknown as i32,
            message: text![
                "the server sent grpc-status \"",
                sent,
                "\", which is not a status code; message: ",
                message
            ],
            details: Vec::new(),
        });
    };
    let details = get("grpc-status-details-bin").and_then(details);
    Some(rpc::Status {
        code,
        message,
        details: details.unwrap_or_default(),
    })
}

/// `grpc-message`: percent-decoded where the encoding is valid (a `%` not
/// followed by two hex digits stays as it is), then UTF-8 with invalid
/// sequences replaced by U+FFFD. Never fails: the message is for people.
pub fn message(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw.get(i + 1..i + 3).and_then(|h| {
            let h = std::str::from_utf8(h).ok()?;
            u8::from_str_radix(h, 16)
                .ok()
                .filter(|_| h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        match (raw[i], hex) {
            (b'%', Some(byte)) => {
                bytes.push(byte);
                i += 3;
            }
            (byte, _) => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    lossy(&bytes)
}

/// `bytes` as text, each invalid UTF-8 sequence replaced by U+FFFD: what
/// `String::from_utf8_lossy` gives, in a fraction of its code in the wasm.
pub fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let bad = error.error_len().unwrap_or(rest.len());
                bytes = rest.get(bad..).unwrap_or_default();
            }
        }
    }
}

/// The details of `grpc-status-details-bin`: a google.rpc.Status in base64,
/// padded or not.
fn details(raw: &[u8]) -> Option<Vec<prost_types::Any>> {
    let bytes = base64::decode(raw)?;
    rpc::Status::decode(bytes.as_slice())
        .ok()
        .map(|s| s.details)
}

/// The bytes a fetch header value stands for: browsers give header values as
/// "byte strings", one char (U+0000 to U+00FF) per byte.
pub fn header_bytes(value: &str) -> Vec<u8> {
    value
        .chars()
        .map(|c| u8::try_from(c).unwrap_or(b'?'))
        .collect()
}

/// The gRPC code for an HTTP status that is not 200, per gRPC's
/// http-grpc-status-mapping.
pub fn code_of_http(status: u16) -> Code {
    match status {
        400 => Code::Internal,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::Unimplemented,
        429 | 502 | 503 | 504 => Code::Unavailable,
        _ => Code::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // README failures: a grpc-message with bad percent-encoding or invalid UTF-8
    #[test]
    fn lossy_text_is_what_std_gives() {
        let samples: [&[u8]; 8] = [
            b"plain",
            b"",
            "caf\u{e9} \u{1f600}".as_bytes(),
            b"\xff",
            b"a\xffb\xfe",
            b"\xe2\x82",          // a cut 3-byte sequence at the end
            b"\xe2\x82x\xf0\x9f", // cut in the middle and at the end
            b"\xed\xa0\x80z",     // a surrogate
        ];
        for bytes in samples {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
    }

    fn of(fields: &[(&str, &[u8])]) -> Option<rpc::Status> {
        let fields: Vec<_> = fields
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_vec()))
            .collect();
        status(&fields)
    }

    #[test]
    fn trailers_are_lines_of_name_and_value() {
        let block = b"grpc-status: 5\r\nGrpc-Message:  not%20found \r\nbroken line\nx: \r\n";
        assert_eq!(
            parse_trailers(block),
            vec![
                ("grpc-status".to_owned(), b"5".to_vec()),
                ("grpc-message".to_owned(), b"not%20found".to_vec()),
                ("x".to_owned(), Vec::new()),
            ]
        );
    }

    // README failures: a grpc-message with bad percent-encoding or invalid UTF-8
    #[test]
    fn messages_decode_leniently() {
        let cases: [(&[u8], &str); 6] = [
            (b"plain", "plain"),
            (b"caf%C3%A9 %25", "caf\u{e9} %"),
            (b"bad %ZZ and 100%", "bad %ZZ and 100%"),
            (b"%FF%FE end", "\u{fffd}\u{fffd} end"),
            (b"raw \xff", "raw \u{fffd}"),
            (b"%+1", "%+1"),
        ];
        for (raw, want) in cases {
            assert_eq!(message(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn status_keeps_code_message_and_details() {
        assert!(of(&[("grpc-message", b"x")]).is_none());
        let s = of(&[("grpc-status", b"5"), ("grpc-message", b"gone%21")]).unwrap();
        assert_eq!((s.code, s.message.as_str()), (5, "gone!"));
        // A Status whose details hold one Any {type_url: "t", value: [1]}
        // (field 3 (len 6) = field 1 "t", field 2 [1]), padded and not:
        // 1a 06 0a 01 74 12 01 01 in base64.
        for encoded in ["GgYKAXQSAQE=", "GgYKAXQSAQE"] {
            let s = of(&[
                ("grpc-status", b"9"),
                ("grpc-status-details-bin", encoded.as_bytes()),
            ]);
            let any = &s.unwrap().details[0];
            assert_eq!(
                (any.type_url.as_str(), any.value.as_slice()),
                ("t", &[1][..])
            );
        }
        let s = of(&[("grpc-status", b"9"), ("grpc-status-details-bin", b"!!")]).unwrap();
        assert!(s.details.is_empty());
        let s = of(&[("grpc-status", b"nine"), ("grpc-message", b"m")]).unwrap();
        assert_eq!(s.code, Code::Unknown as i32);
        assert!(s.message.contains("\"nine\""), "{}", s.message);
    }

    #[test]
    fn header_strings_map_back_to_bytes() {
        assert_eq!(header_bytes("a\u{ff}"), vec![b'a', 0xff]);
        assert_eq!(header_bytes("\u{100}"), vec![b'?']);
    }

    // README failures: HTTP 503, 502, 504, 429 with an HTML page
    #[test]
    fn http_statuses_map_as_grpc_says() {
        assert_eq!(code_of_http(503), Code::Unavailable);
        assert_eq!(code_of_http(502), Code::Unavailable);
        assert_eq!(code_of_http(404), Code::Unimplemented);
        assert_eq!(code_of_http(401), Code::Unauthenticated);
        assert_eq!(code_of_http(500), Code::Unknown);
    }
}
