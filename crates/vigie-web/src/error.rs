//! What the server refuses or cannot do, by kind: a request refused is a 400 with its
//! reason, a register error is answered by its own kind (404, 400, 500), a server that
//! cannot start says why and exits.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request refused as asked (a path outside the evidence directory, too many runs
    /// at once, a password too short), said as its reader reads it.
    #[error("{0}")]
    Refused(String),
    /// The register refused or failed.
    #[error(transparent)]
    Register(#[from] vigie_breach::Error),
    /// The server or a run could not do its part (listening, a runtime, the SMTP set-up, a
    /// library's error in a run).
    #[error("{0}")]
    Failed(String),
}

impl axum::response::IntoResponse for Error {
    fn into_response(self) -> axum::response::Response {
        use axum::http::StatusCode;
        use vigie_breach::Error as Register;
        let status = match &self {
            Error::Refused(_) => StatusCode::BAD_REQUEST,
            Error::Register(Register::NotFound(_)) => StatusCode::NOT_FOUND,
            Error::Register(Register::Refused(_) | Register::Input(_)) => StatusCode::BAD_REQUEST,
            Error::Register(Register::Storage(_) | Register::Key(_)) | Error::Failed(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, self.to_string()).into_response()
    }
}
