//! vigie-notify owns what a breach case owes in words, and their delivery: the drafts for
//! the authorities (supervisory authority, health-sector declaration, NIS), the notices
//! to each affected person (templates, the person's own categories and the advice for
//! them, a check code), e-mail through a real SMTP server with the delivery log that
//! makes a rerun resume without writing to anyone twice, and PDF letters for the post.
//!
//! It reads the case and its persons from the register (vigie-breach) and writes the
//! delivery log and check codes back there; it never changes a case's facts.

pub mod drafts;
mod error;
pub use error::Error;
pub mod notice;
pub mod pdf;
pub mod send;
pub mod smtp;
pub mod words;
