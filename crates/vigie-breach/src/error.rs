//! What goes wrong with a case or the register, by kind, so that each caller answers it
//! as it should (the command line: a message and an exit code; the dashboard: a missing
//! case is a 404, a refused change a 400, a failing database or key a 500).

/// A change or a value a rule of the case refuses (an inconsistent date, a decision
/// without its reasons, an unknown field, a time that does not read), said as a person
/// reads it; the caller adds where it was typed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused(message)
    }
}

impl From<&str> for Refused {
    fn from(message: &str) -> Refused {
        Refused(message.to_string())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such case.
    #[error("{0}")]
    NotFound(String),
    /// A change the register refuses as it stands (a rule, a conflict).
    #[error("{0}")]
    Refused(String),
    /// A file given as evidence is not what it should be (its path and line said).
    #[error("{0}")]
    Input(String),
    /// The database or the data in it failed.
    #[error("{0}")]
    Storage(String),
    /// The register key is not this register's, or a sealed value does not open.
    #[error(transparent)]
    Key(#[from] crate::crypt::Error),
}

impl From<Refused> for Error {
    fn from(r: Refused) -> Error {
        Error::Refused(r.0)
    }
}

impl From<Error> for String {
    fn from(e: Error) -> String {
        e.to_string()
    }
}
