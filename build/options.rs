//! Each option's place in what `readOptions` (js/options.js) returns, for
//! the Rust reader: one module per table of the file's `OPTIONS`, with a
//! constant per key (`timeoutMs` is `TIMEOUT_MS`) and, for the tests, the
//! table's rows: key, kind, default (the comment after the row), and how
//! the waits shared across tabs treat it.

use std::fmt::Write;

/// The Rust source of the places of the tables in `source` (js/options.js).
pub fn places(source: &str) -> Result<String, String> {
    let start = source
        .find("export const OPTIONS = {")
        .ok_or("js/options.js has no OPTIONS table")?;
    let mut out = String::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut table = None;
    for line in source[start..].lines().skip(1) {
        let line = line.trim();
        if line == "};" {
            break;
        }
        if let Some(name) = line.strip_suffix(": [") {
            table = Some(name.to_owned());
            rows.clear();
        } else if line == "]," {
            let name = table.take().ok_or("a table ends that did not start")?;
            module(&mut out, &name, &rows);
        } else if let Some(row) = line.strip_prefix('[') {
            let (row, default) = row
                .split_once("], // ")
                .ok_or_else(|| format!("a row without its default: {line}"))?;
            let mut cells: Vec<String> = row
                .split(", ")
                .map(|cell| cell.trim_matches('"').to_owned())
                .collect();
            if cells.len() != 3 {
                return Err(format!("a row of {} cells, not 3: {line}", cells.len()));
            }
            cells.insert(2, default.to_owned());
            rows.push(cells);
        }
    }
    if out.is_empty() {
        return Err("OPTIONS has no table".to_owned());
    }
    Ok(out)
}

fn module(out: &mut String, table: &str, rows: &[Vec<String>]) {
    let _ = writeln!(
        out,
        "/// The places of `{table}`'s keys.\npub mod {table} {{"
    );
    for (place, row) in rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "    /// `{}`.{}\n    pub const {}: u32 = {place};",
            row[0],
            unread(row),
            constant(&row[0])
        );
    }
    let _ = writeln!(
        out,
        "    /// The rows as written: key, kind, default, across tabs.\n    #[cfg(test)]\n    pub const ROWS: [[&str; 4]; {}] = {rows:?};\n}}",
        rows.len()
    );
}

/// The attribute of a key that the Rust reader does not read by its place:
/// the switch of sharing across tabs (`tabs.js`'s) and a nested object (read
/// as a table of its own). Every other key must be read, or the build warns
/// that its place is never used (and clippy `-D warnings` fails).
fn unread(row: &[String]) -> &'static str {
    if row[3] == "switch" || row[1] == "object" {
        "\n    #[allow(dead_code)]"
    } else {
        ""
    }
}

/// `timeoutMs` as `TIMEOUT_MS`.
fn constant(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}
