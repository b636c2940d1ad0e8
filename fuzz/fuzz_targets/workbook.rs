//! Fuzzes the workbook reader and the register import on any bytes; the checks are in
//! `fuzz/checks.rs`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::workbook(data));
