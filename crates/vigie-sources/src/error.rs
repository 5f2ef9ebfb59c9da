//! What stops a walk or a database before any item is read. An item that fails is a
//! note (or the `io::Error` of `read_path`), not one of these.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An `--include` or `--exclude` pattern that is not a glob.
    #[error("glob {pattern:?}: {why}")]
    Glob { pattern: String, why: String },
    /// A database that could not be reached or listed (the URL, the connection, the
    /// credentials, the catalogue), named as reports show it.
    #[error("{place}: {why}")]
    Database { place: String, why: String },
}

impl Error {
    pub(crate) fn database(place: &str, why: impl std::fmt::Display) -> Error {
        Error::Database {
            place: place.to_string(),
            why: why.to_string(),
        }
    }
}
