//! The option keys that read.js reads are the ones `types.d.ts` declares,
//! for every options interface: a key in one place only is a bug either way.

use std::collections::BTreeSet;

const TYPES: &str = include_str!("../types.d.ts");
const READER: &str = include_str!("read.js");

/// The properties of `interface NAME` in the `.d.ts`, with those of the
/// interface it extends.
fn declared(name: &str) -> BTreeSet<String> {
    let head = format!("export interface {name} ");
    let start = TYPES
        .find(&head)
        .unwrap_or_else(|| panic!("{name} is declared"));
    let body = &TYPES[start..];
    let open = body.find('{').expect("a body");
    let close = body.find("\n}").expect("the body's end");
    let mut keys: BTreeSet<String> = body[open + 1..close]
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('*') && !line.starts_with('/'))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key))
        .filter(|key| !key.contains(' ') && !key.is_empty())
        .map(|key| key.trim_end_matches('?').to_owned())
        .collect();
    if let Some(parent) = body[..open].split("extends ").nth(1) {
        keys.extend(declared(parent.trim()));
    }
    keys
}

/// The keys of the table `const NAME = [["key", "kind"], ...];` of read.js.
fn table(name: &str) -> BTreeSet<String> {
    let start = READER
        .find(&format!("const {name} = ["))
        .unwrap_or_else(|| panic!("table {name} is in read.js"));
    let body = &READER[start..];
    let end = body.find("];").expect("the table's end");
    body[..end]
        .split("[\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_options_interface_is_read_key_for_key() {
    // Each interface of the .d.ts, and the tables of read.js that read it.
    let interfaces: [(&str, &[&str]); 5] = [
        ("ClientOptions", &["CLIENT"]),
        ("CallOptions", &["CALL"]),
        ("ListOptions", &["CALL", "LIST"]),
        ("WaitOptions", &["CALL", "WAIT"]),
        ("Backoff", &["BACKOFF"]),
    ];
    for (interface, tables) in interfaces {
        let read: BTreeSet<String> = tables.iter().flat_map(|t| table(t)).collect();
        assert_eq!(
            read,
            declared(interface),
            "{interface}: read (left) and declared (right)"
        );
    }
}
