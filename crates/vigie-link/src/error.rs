//! What stops a link, a read or an index, with the file (and where it helps, the line)
//! it is about.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file is not what linkage reads: no table with rows, no identity column, no such
    /// id column, a row that could not be read.
    #[error("{}: {problem}", path.display())]
    Input { path: PathBuf, problem: String },
    /// An index whose files do not hold together (truncated, altered).
    #[error("{}: {problem} (a damaged index)", path.display())]
    Damaged { path: PathBuf, problem: String },
    /// An index another version of vigie wrote.
    #[error(
        "{}: an index written by vigie {written} ({format}); this is vigie {this}: build it again with `vigie link index`",
        path.display()
    )]
    OtherVersion {
        path: PathBuf,
        written: String,
        format: String,
        this: &'static str,
    },
    /// An index sealed with another key than the one given.
    #[error(
        "{}: sealed with another key than {origin} (give the one it was built with, --register-key or VIGIE_REGISTER_KEY)",
        path.display()
    )]
    OtherKey { path: PathBuf, origin: String },
    /// Sealing or the key itself failed.
    #[error(transparent)]
    Key(#[from] vigie_detect::crypt::Error),
    /// Lines of a file that do not read, each named by file and line.
    #[error("{}", .0.join("\n"))]
    Lines(Vec<String>),
    /// A column mapping (`--map COLUMN=FIELD`) that says no field.
    #[error("--map: {0}")]
    Mapping(String),
    /// Candidate pairs past the memory budget could not be written to, or read back
    /// from, the temporary directory (a full disk).
    #[error(
        "{}: the candidate pairs past --memory could not be kept there: {source} (--temp-dir names a directory on a disk with room for them, 16 bytes a pair; or give more --memory)",
        dir.display()
    )]
    Spill {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The query engine (`--engine datafusion`) could not run a plan: its own words.
    #[error("the query engine failed: {0}")]
    Engine(String),
    /// The caller stopped the run at a stage (a cancelled job).
    #[error("the run was stopped")]
    Stopped,
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    pub(crate) fn input(path: impl Into<PathBuf>, problem: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn damaged(path: impl Into<PathBuf>, problem: impl Into<String>) -> Error {
        Error::Damaged {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
