//! The hand codec against prost's, which the structs are derived for:
//! the same bytes out, the same messages in.

use super::*;

/// prost's bytes for a message.
fn prost_bytes(message: &impl prost::Message) -> Vec<u8> {
    message.encode_to_vec()
}

/// prost's reading of `bytes`.
fn prost_read<M: prost::Message + Default>(bytes: &[u8]) -> Result<M, prost::DecodeError> {
    M::decode(bytes)
}

fn any(type_url: &str, value: &[u8]) -> Any {
    Any {
        type_url: type_url.to_owned(),
        value: value.to_vec(),
    }
}

fn operations() -> Vec<Operation> {
    let status = Status {
        code: -3,
        message: "bad é".to_owned(),
        details: vec![any("type.googleapis.com/x.Y", &[1, 2]), Any::default()],
    };
    vec![
        Operation::default(),
        Operation {
            name: "operations/1".to_owned(),
            metadata: Some(any("t/M", &[0; 300])),
            done: false,
            result: None,
        },
        Operation {
            name: "operations/2".to_owned(),
            metadata: Some(Any::default()),
            done: true,
            result: Some(operation::Result::Error(status)),
        },
        Operation {
            name: "o".to_owned(),
            metadata: None,
            done: true,
            result: Some(operation::Result::Response(any("t/R", b"r"))),
        },
    ]
}

#[test]
fn replies_read_as_prost_reads_them() {
    for op in operations() {
        assert_eq!(Operation::decode(&prost_bytes(&op)[..]), Ok(op.clone()));
        assert_eq!(op.to_bytes(), prost_bytes(&op));
    }
    let page = ListOperationsResponse {
        operations: operations(),
        next_page_token: "next".to_owned(),
    };
    assert_eq!(
        ListOperationsResponse::decode(&prost_bytes(&page)),
        Ok(page)
    );
    assert_eq!(<() as Decode>::decode(&[]), Ok(()));
}

#[test]
fn requests_write_as_prost_writes_them() {
    let list = ListOperationsRequest {
        name: "operations".to_owned(),
        filter: "done=false".to_owned(),
        page_size: -1,
        page_token: "t".to_owned(),
    };
    assert_eq!(list.to_bytes(), prost_bytes(&list));
    let wait = WaitOperationRequest {
        name: "operations/1".to_owned(),
        timeout: Some(Duration {
            seconds: 30,
            nanos: -5,
        }),
    };
    assert_eq!(wait.to_bytes(), prost_bytes(&wait));
    let name = "operations/1".to_owned();
    let get = GetOperationRequest { name: name.clone() };
    assert_eq!(get.to_bytes(), prost_bytes(&get));
    let cancel = CancelOperationRequest { name: name.clone() };
    assert_eq!(cancel.to_bytes(), prost_bytes(&cancel));
    let delete = DeleteOperationRequest { name };
    assert_eq!(delete.to_bytes(), prost_bytes(&delete));
    assert_eq!(
        ListOperationsRequest::default().to_bytes(),
        Vec::<u8>::new()
    );
}

#[test]
fn unknown_fields_are_skipped_and_repeats_merge() {
    // name "a", unknown fixed32/fixed64/varint/bytes fields, then name "b";
    // metadata in two parts; an error replaced by a response (a oneof).
    let mut bytes = vec![
        0x0a, 1, b'a', 0x75, 0, 0, 0, 0, 0x79, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    bytes.extend([0x78, 5, 0x7a, 1, 9, 0x0a, 1, b'b']);
    bytes.extend([0x12, 3, 0x0a, 1, b't', 0x12, 3, 0x12, 1, 7]);
    bytes.extend([0x22, 2, 0x08, 5, 0x2a, 3, 0x0a, 1, b'r']);
    let op = Operation::decode(&bytes[..]).unwrap();
    assert_eq!(op, prost_read::<Operation>(&bytes).unwrap());
    assert_eq!(op.name, "b");
    assert_eq!(op.metadata, Some(any("t", &[7])));
    assert_eq!(op.result, Some(operation::Result::Response(any("r", &[]))));
}

#[test]
fn broken_replies_are_errors_not_panics() {
    for bad in [
        &[0x0a, 5, b'x'][..],   // a name longer than the message
        &[0x0a, 1, 0xff],       // a name that is not UTF-8
        &[0x08, 1],             // a name sent as a varint
        &[0x12, 2, 0x10, 1],    // metadata's value as a varint
        &[0x18, 0x80],          // a truncated done
        &[0x22, 2, 0x08, 0x80], // an error whose code is cut
        &[0x1b],                // a group
    ] {
        assert!(Operation::decode(bad).is_err(), "{bad:?}");
        assert!(prost_read::<Operation>(bad).is_err(), "prost: {bad:?}");
    }
    assert!(<() as Decode>::decode(&[0x08]).is_err());
}
