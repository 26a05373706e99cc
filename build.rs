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
    // With every import, as `protoc --include_imports --descriptor_set_out`
    // writes it: the type registry's tests register it.
    let mut compiler = protox::Compiler::new(["proto"])?;
    compiler.include_imports(true).open_files(PROTOS)?;
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out.join("descriptors.binpb"),
        compiler.encode_file_descriptor_set(),
    )?;
    let fds = compiler.file_descriptor_set();
    tonic_prost_build::configure()
        // BTreeMap, as prost-types' Struct already uses: no second map type in the wasm.
        .btree_map(".")
        .build_server(false)
        .build_transport(false)
        .compile_fds(fds)?;
    Ok(())
}
