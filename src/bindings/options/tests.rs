//! The table of js/options.js against the rest: every options interface of
//! `types.d.ts` names exactly the table's keys, the defaults the table gives
//! are the Rust reader's, and the places build/options.rs gave follow the table.

use std::collections::BTreeSet;

use super::places::{backoff, call, client, list, wait};
use crate::core::transport::DEFAULT_MAX_RESPONSE;
use crate::core::wait::policy::{Backoff, Mode, WaitPolicy, DEFAULT_LONG_POLL};

const TYPES: &str = include_str!("../types.d.ts");

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

fn keys(rows: &[[&str; 4]]) -> BTreeSet<String> {
    rows.iter().map(|row| row[0].to_owned()).collect()
}

/// The default the table gives `key` in `rows`.
fn default<'a>(rows: &'a [[&'a str; 4]], key: &str) -> &'a str {
    rows.iter()
        .find(|row| row[0] == key)
        .unwrap_or_else(|| panic!("{key} is in the table"))[2]
}

#[test]
fn every_options_interface_is_the_table_key_for_key() {
    let interfaces: [(&str, BTreeSet<String>); 5] = [
        ("ClientOptions", keys(&client::ROWS)),
        ("CallOptions", keys(&call::ROWS)),
        ("ListOptions", &keys(&call::ROWS) | &keys(&list::ROWS)),
        ("WaitOptions", &keys(&call::ROWS) | &keys(&wait::ROWS)),
        ("Backoff", keys(&backoff::ROWS)),
    ];
    for (interface, table) in interfaces {
        assert_eq!(
            table,
            declared(interface),
            "{interface}: the table (left) and types.d.ts (right)"
        );
    }
}

#[test]
fn the_defaults_of_the_table_are_the_readers() {
    let policy = WaitPolicy::default();
    let backoff_default = Backoff::default();
    let cases = [
        (
            default(&client::ROWS, "maxResponseBytes"),
            DEFAULT_MAX_RESPONSE.to_string(),
        ),
        (
            default(&wait::ROWS, "longPollMs"),
            DEFAULT_LONG_POLL.as_millis().to_string(),
        ),
        (
            default(&wait::ROWS, "mode"),
            format!("{:?}", Mode::default()).to_lowercase(),
        ),
        (
            default(&wait::ROWS, "retryCodes"),
            policy
                .retry_codes
                .iter()
                .map(|code| code.as_str_name())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            default(&backoff::ROWS, "initialDelayMs"),
            backoff_default.initial.as_millis().to_string(),
        ),
        (
            default(&backoff::ROWS, "maxDelayMs"),
            backoff_default.max.as_millis().to_string(),
        ),
        (
            default(&backoff::ROWS, "multiplier"),
            backoff_default.multiplier.to_string(),
        ),
    ];
    for (table, reader) in cases {
        assert_eq!(table, reader, "the table's default and the reader's");
    }
}

#[test]
fn each_key_reads_from_its_place_in_the_table() {
    let places = [
        (
            &client::ROWS[..],
            client::MAX_RESPONSE_BYTES,
            "maxResponseBytes",
        ),
        (&client::ROWS[..], client::ON_CALL, "onCall"),
        (&call::ROWS[..], call::TIMEOUT_MS, "timeoutMs"),
        (&list::ROWS[..], list::PAGE_TOKEN, "pageToken"),
        (&wait::ROWS[..], wait::METADATA_TYPE, "metadataType"),
        (&backoff::ROWS[..], backoff::MULTIPLIER, "multiplier"),
    ];
    for (rows, place, key) in places {
        assert_eq!(rows[place as usize][0], key);
    }
}
