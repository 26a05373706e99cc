//! The option keys the parser reads are the ones `types.d.ts` declares, for
//! every options interface: a key in one place only is a bug either way.

use std::collections::BTreeSet;

const TYPES: &str = include_str!("../types.d.ts");
const PARSER: &str = include_str!("mod.rs");

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
        .filter(|line| !line.starts_with('*') && !line.starts_with("/"))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key))
        .filter(|key| !key.contains(' ') && !key.is_empty())
        .map(|key| key.trim_end_matches('?').to_owned())
        .collect();
    if let Some(parent) = body[..open].split("extends ").nth(1) {
        keys.extend(declared(parent.trim()));
    }
    keys
}

/// The keys that the reader function `name` reads: the string literals
/// given to `field`, `string`, `number` and `millis` of an options object.
fn read_by(name: &str) -> BTreeSet<String> {
    let start = PARSER
        .find(&format!("fn {name}("))
        .unwrap_or_else(|| panic!("fn {name} is in the parser"));
    let body = &PARSER[start..];
    let end = body[1..]
        .find("\nfn ")
        .min(body[1..].find("\npub fn "))
        .unwrap_or(body.len() - 1);
    let body = &body[..end + 1];
    let mut keys = BTreeSet::new();
    for reader in ["field(", "string(", "number(", "millis("] {
        for (at, _) in body.match_indices(reader) {
            let before = body[..at].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue; // `object_field(`, not `field(`
            }
            let call = &body[at + reader.len()..];
            let Some((_, rest)) = call.split_once(", \"") else {
                continue;
            };
            if call.find(')') < call.find(", \"") {
                continue;
            }
            keys.insert(rest.split('"').next().unwrap_or_default().to_owned());
        }
    }
    keys
}

#[test]
fn every_options_interface_is_read_key_for_key() {
    // Each interface of the .d.ts, and the reader functions of its keys
    // (`timeout` and `headers` read one key each, for the others).
    let call: &[&str] = &["call", "timeout", "headers"];
    let interfaces: [(&str, &[&str]); 5] = [
        ("ClientOptions", &["client", "timeout", "headers"]),
        ("CallOptions", call),
        ("ListOptions", &[call, &["list"]].concat()),
        ("WaitOptions", &[call, &["wait", "declared"]].concat()),
        ("Backoff", &["backoff"]),
    ];
    for (interface, readers) in interfaces {
        let read: BTreeSet<String> = readers.iter().flat_map(|r| read_by(r)).collect();
        assert_eq!(
            read,
            declared(interface),
            "{interface}: read (left) and declared (right)"
        );
    }
}
