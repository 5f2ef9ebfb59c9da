#![no_main]
#[path = "../common.rs"]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run("x.zst", b"\x28\xb5\x2f\xfd", data));
