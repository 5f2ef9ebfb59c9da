#![no_main]
#[path = "../common.rs"]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run("x.xz", b"\xfd7zXZ\x00", data));
