//! The protobuf wire format, read field by field: what the table-driven
//! decoding of payloads ([`super::schema`]) stands on. One small reader in
//! place of a prost-derived decoder per message type.

use crate::core::text::text;

/// One field's value as it is on the wire.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Wire<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 2: bytes, a string, a message or a packed list.
    Len(&'a [u8]),
    /// Wire type 5.
    Fixed32(u32),
}

/// The fields of a message, in wire order: `(number, value)`, or why the
/// bytes are not a message.
pub struct Fields<'a> {
    rest: &'a [u8],
}

/// The fields of `bytes`.
pub fn fields(bytes: &[u8]) -> Fields<'_> {
    Fields { rest: bytes }
}

/// A varint at the start of `rest`, which it then leaves out.
pub fn varint(rest: &mut &[u8]) -> Result<u64, String> {
    let mut value = 0u64;
    for i in 0..10 {
        let Some((&byte, tail)) = rest.split_first() else {
            return Err("truncated varint".to_owned());
        };
        *rest = tail;
        // The tenth byte holds the 64th bit only: more is not a 64-bit varint.
        if i == 9 && byte > 1 {
            break;
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Ok(value);
        }
    }
    Err("invalid varint".to_owned())
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if rest.len() < n {
        return Err("buffer underflow: a field is longer than the message".to_owned());
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

impl<'a> Fields<'a> {
    fn field(&mut self) -> Result<(u32, Wire<'a>), String> {
        let key = varint(&mut self.rest)?;
        // Field numbers go from 1 to 2^29 - 1: a key fits in 32 bits.
        let number = u32::try_from(key).map_or(0, |key| key >> 3);
        if number == 0 {
            return Err("invalid tag: field number out of range".to_owned());
        }
        let value = match key & 7 {
            0 => Wire::Varint(varint(&mut self.rest)?),
            1 => {
                let b = take(&mut self.rest, 8)?;
                Wire::Fixed64(u64::from_le_bytes([
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                ]))
            }
            2 => {
                let len = usize::try_from(varint(&mut self.rest)?).unwrap_or(usize::MAX);
                Wire::Len(take(&mut self.rest, len)?)
            }
            5 => {
                let b = take(&mut self.rest, 4)?;
                Wire::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            3 | 4 => return Err("groups (wire types 3 and 4) are not supported".to_owned()),
            other => return Err(text!["unsupported wire type ", other]),
        };
        Ok((number, value))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u32, Wire<'a>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let field = self.field();
        if field.is_err() {
            self.rest = &[];
        }
        Some(field)
    }
}

/// A string field's text: UTF-8 or an error.
pub fn string(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes)
        .map_err(|_| "invalid string value: data is not UTF-8 encoded".to_owned())
}

/// The full name of the type an Any's URL names (what follows the last `/`).
pub fn type_name(type_url: &str) -> &str {
    // A byte search: `rsplit` brings a generic searcher into the wasm.
    match type_url.bytes().rposition(|b| b == b'/') {
        Some(slash) => type_url.get(slash + 1..).unwrap_or(type_url),
        None => type_url,
    }
}

/// The `seconds` and `nanos` of a `google.protobuf.Duration` or `Timestamp`.
pub fn seconds_nanos(bytes: &[u8]) -> Result<(i64, i32), String> {
    let (mut seconds, mut nanos) = (0i64, 0i32);
    for field in fields(bytes) {
        match field? {
            (1, Wire::Varint(n)) => seconds = n as i64,
            (2, Wire::Varint(n)) => nanos = n as i32,
            (1 | 2, _) => return Err("seconds or nanos has the wrong wire type".to_owned()),
            _ => {}
        }
    }
    Ok((seconds, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<Vec<(u32, Wire<'_>)>, String> {
        fields(bytes).collect()
    }

    #[test]
    fn each_wire_type_reads() {
        let bytes = [
            0x08, 0x96, 0x01, // 1: varint 150
            0x11, 1, 0, 0, 0, 0, 0, 0, 0, // 2: fixed64 1
            0x1a, 0x02, b'h', b'i', // 3: "hi"
            0x25, 2, 0, 0, 0, // 4: fixed32 2
        ];
        assert_eq!(
            all(&bytes).unwrap(),
            vec![
                (1, Wire::Varint(150)),
                (2, Wire::Fixed64(1)),
                (3, Wire::Len(b"hi")),
                (4, Wire::Fixed32(2)),
            ]
        );
    }

    #[test]
    fn the_largest_varint_is_u64_max() {
        let mut bytes = vec![0x08];
        bytes.extend([0xff; 9]);
        bytes.push(0x01);
        assert_eq!(all(&bytes).unwrap(), vec![(1, Wire::Varint(u64::MAX))]);
    }

    #[test]
    fn broken_messages_are_errors() {
        for bad in [
            &[0x08][..],                           // no value
            &[0x08, 0x80],                         // truncated varint
            &[0x0a, 0x05, b'x'],                   // length past the end
            &[0x00, 0x01],                         // field 0
            &[0xf8, 0x80, 0x80, 0x80, 0x10, 0x00], // field 2^29 + 15
            &[
                0x38, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02,
            ], // 65 bits
            &[0x0b],                               // group start
            &[
                0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
        ] {
            assert!(all(bad).is_err(), "{bad:?}");
        }
        assert!(string(&[0xff]).is_err());
    }
}
