//! What stops a draft, a notice or a run of sends, by kind, with the file, the template
//! line or the case it is about.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The register refused or failed.
    #[error(transparent)]
    Register(#[from] vigie_breach::Error),
    /// Templates or category files that do not render: every error, each with its file
    /// and line.
    #[error("{}", .0.join("\n"))]
    Templates(Vec<String>),
    /// The SMTP server's URL, certificate or connection.
    #[error("{0}")]
    Smtp(String),
    /// A PDF could not be made.
    #[error("PDF: {0}")]
    Pdf(String),
    /// A run that must not go on as asked: another run holds the case, the notices could
    /// not say what was done, letters owed without a folder, the server gone mid-run.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

impl From<vigie_breach::Refused> for Error {
    fn from(r: vigie_breach::Refused) -> Error {
        Error::Register(r.into())
    }
}
