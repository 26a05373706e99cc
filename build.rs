//! Generates the gRPC-Web client for google.longrunning.Operations (and the demo
//! Jobs service, used by the browser tests) from `proto/`, with protox: no protoc.

const PROTOS: &[&str] = &[
    "google/longrunning/operations.proto",
    "google/rpc/status.proto",
    "google/rpc/code.proto",
    "google/rpc/error_details.proto",
    "lro/demo/v1/jobs.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let fds = protox::compile(PROTOS, ["proto"])?;
    tonic_prost_build::configure()
        // BTreeMap, as prost-types' Struct already uses: no second map type in the wasm.
        .btree_map(".")
        .build_server(false)
        .build_transport(false)
        .compile_fds(fds)?;
    Ok(())
}
