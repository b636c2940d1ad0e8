//! The web app's module keeps the linker's relocations (`--emit-relocs`): the build reads them
//! to find the closures, callbacks and vtables that the functions of a route's entry make
//! (`tools/wasm-split plan`, docs/split.md). wasm-bindgen and wasm-opt drop them.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
