//! Generates the protobuf messages of google.longrunning and google.rpc from
//! `proto/`, with protox: no protoc. The library has no generated gRPC client
//! (its transport is its own); the demo Jobs client, for the browser tests
//! only, goes to `OUT_DIR/demo`. And each option's place in what
//! js/options.js hands the wasm (`OUT_DIR/options.rs`, see [`options`]).

mod options;

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
    println!("cargo:rerun-if-changed=js/options.js");
    let table = std::fs::read_to_string("js/options.js")?;
    std::fs::write(out.join("options.rs"), options::places(&table)?)?;
    std::fs::write(
        out.join("descriptors.binpb"),
        compiler.encode_file_descriptor_set(),
    )?;
    let fds = compiler.file_descriptor_set();
    tonic_prost_build::configure()
        // BTreeMap, as prost-types' Struct already uses: no second map type in the wasm.
        .btree_map(".")
        .build_server(false)
        .build_client(false)
        .compile_fds(fds.clone())?;
    let demo = out.join("demo");
    std::fs::create_dir_all(&demo)?;
    tonic_prost_build::configure()
        .btree_map(".")
        .build_server(false)
        .build_transport(false)
        .out_dir(demo)
        .compile_fds(fds)?;
    Ok(())
}
