#![no_main]
#[path = "../common.rs"]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run("x.7z", b"7z\xbc\xaf\x27\x1c", data));
