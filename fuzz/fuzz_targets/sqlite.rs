#![no_main]
#[path = "../common.rs"]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run("x.db", b"SQLite format 3\x00", data));
