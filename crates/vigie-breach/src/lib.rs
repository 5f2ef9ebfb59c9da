//! vigie-breach owns the breach case and the register: the facts a DPO records, the
//! ENISA severity, the obligations the case creates (who must be told, by when, and what
//! was decided), and the SQLite register with its append-only, hash-chained history.
//!
//! It does not scan or link: it reads their results (the scan report's summary, the link
//! result's lines) as evidence of a case, through its own reading of those files, so it
//! depends on no scanner or decoder. It also owns the times a DPO types and reads
//! (`time`: Paris time in, Paris time out, one countdown) and the validation of every
//! change to a case, whoever makes it (`Case::decide`, `Breach::check`, `Refused`), the
//! case's text on a terminal (`text`), and the register's typed `Error`s. Its choices
//! (controller, origin, recipients…) are `clap::ValueEnum`s with the `clap` feature, so
//! the command line offers exactly the library's values.

pub mod case;
pub mod clients;
mod error;
pub use vigie_detect::crypt;
pub mod evidence;
pub mod export;
pub mod labels;
pub mod obligations;
pub mod severity;
pub mod store;
pub mod text;
pub mod time;

pub use case::Breach;
pub use error::{Error, Refused};
pub use obligations::{Decision, Obligation, Recipient, derive};
pub use store::{Case, Store};
pub use vigie_detect::Lang;
