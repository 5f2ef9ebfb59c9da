#![no_main]
#[path = "../common.rs"]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run("x.zip", b"PK\x03\x04", data));
