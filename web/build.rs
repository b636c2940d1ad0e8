//! The web app's module keeps the linker's relocations (`--emit-relocs`): the build reads them
//! to find, from the code alone, which functions each route's first figures can reach without
//! crossing a split point (`tools/wasm-split`, `reach`). wasm-bindgen and wasm-opt drop them.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
