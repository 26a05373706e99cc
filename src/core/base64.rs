//! Standard base64 (RFC 4648 §4), the two ways the client needs it: `bytes`
//! fields in proto3 JSON (written padded) and `grpc-status-details-bin`
//! (read padded or not, as gRPC servers send either). Hand-written: the
//! `base64` crate's configurable engine is far larger in the module for
//! these two functions (README, Size); the tests hold this one to the
//! crate's results.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` in standard base64, padded.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// The bytes of standard base64 `text`, padded or not; `None` if it is not
/// base64. Unused bits of the last symbol are ignored.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    let text = match text {
        [rest @ .., b'=', b'='] | [rest @ .., b'='] if text.len() % 4 == 0 => rest,
        _ => text,
    };
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64_crate::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    use base64_crate::Engine;

    #[test]
    fn agrees_with_the_base64_crate() {
        let bytes: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for len in 0..bytes.len() {
            let input = &bytes[len / 2..len];
            let padded = STANDARD.encode(input);
            assert_eq!(encode(input), padded);
            assert_eq!(decode(padded.as_bytes()).as_deref(), Some(input));
            let unpadded = STANDARD_NO_PAD.encode(input);
            assert_eq!(decode(unpadded.as_bytes()).as_deref(), Some(input));
        }
    }

    #[test]
    fn what_is_not_base64_is_refused() {
        for bad in [
            "A", "AAAAA", "AA=A", "A===", "AA-_", "AAA ", "====", "AA==AA==",
        ] {
            assert_eq!(decode(bad.as_bytes()), None, "{bad}");
        }
        assert_eq!(decode(b""), Some(vec![]));
        assert_eq!(decode(b"AB=="), Some(vec![0]));
    }
}
