//! The two databases the register lives in, behind the few operations it needs: SQLite
//! (a file, the default) and PostgreSQL (by URL, with the `postgres` feature). SQL is
//! written once with `$1` placeholders and portable types; each backend keeps its own
//! migrations, since column types differ (BLOB/BYTEA).

use super::Error;

/// A value bound to, or read from, a statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
    Null,
}

impl Value {
    pub fn int(&self) -> Result<i64, Error> {
        match self {
            Value::Int(i) => Ok(*i),
            other => Err(Error::Storage(format!(
                "register data: expected an integer, found {other:?}"
            ))),
        }
    }

    pub fn text(self) -> Result<String, Error> {
        match self {
            Value::Text(s) => Ok(s),
            other => Err(Error::Storage(format!(
                "register data: expected text, found {other:?}"
            ))),
        }
    }

    pub fn blob(self) -> Result<Vec<u8>, Error> {
        match self {
            Value::Blob(b) => Ok(b),
            other => Err(Error::Storage(format!(
                "register data: expected bytes, found {other:?}"
            ))),
        }
    }
}

pub trait Backend: Send {
    /// Starts a transaction that writers take one at a time (the history is a chain).
    fn begin(&mut self) -> Result<(), Error>;
    fn commit(&mut self) -> Result<(), Error>;
    fn rollback(&mut self);
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<(), Error>;
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, Error>;
    /// How many of this backend's migrations have run.
    fn schema_version(&mut self) -> Result<i64, Error>;
    fn set_schema_version(&mut self, v: i64) -> Result<(), Error>;
    fn migrations(&self) -> Vec<String>;
    /// Whether each commit waits for the disk (`true`, the default), or only for the
    /// operating system: still whole after the process is killed, but the last commits may
    /// be lost with the machine's power.
    fn wait_for_disk(&mut self, wait: bool) -> Result<(), Error>;
    /// Where the register is, for messages.
    fn location(&self) -> &str;
}

/// The tables, by schema version; `{blob}` and `{int}` are the backend's types.
const SCHEMA: &[&str] = &[
    "CREATE TABLE breaches (
        reference TEXT PRIMARY KEY,
        created TEXT NOT NULL,
        state TEXT NOT NULL
    );
    CREATE TABLE events (
        seq {int} PRIMARY KEY,
        reference TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX events_reference ON events (reference);",
    // The key check value, and the affected persons, each sealed with the register key.
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value {blob} NOT NULL);
    CREATE TABLE persons (
        reference TEXT NOT NULL,
        evidence TEXT NOT NULL,
        n {int} NOT NULL,
        sealed {blob} NOT NULL,
        PRIMARY KEY (reference, evidence, n)
    );",
    // The delivery log (a person is a keyed hash, never an identifier); the keyed hashes
    // of the check codes printed in the notices and of the affected persons' contact
    // details, each with what the self-check answers, sealed; the web accounts; the
    // self-check's counts per case and day.
    "CREATE TABLE deliveries (
        reference TEXT NOT NULL,
        person TEXT NOT NULL,
        channel TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts {int} NOT NULL,
        answer TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (reference, person, channel)
    );
    CREATE TABLE check_codes (
        code TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        person TEXT NOT NULL,
        sealed {blob} NOT NULL
    );
    CREATE TABLE check_contacts (
        contact TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        person TEXT NOT NULL,
        sealed {blob} NOT NULL
    );
    CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        hash TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE check_stats (
        reference TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        count {int} NOT NULL,
        PRIMARY KEY (reference, day, kind)
    );",
    // A contact shared by several persons (a parent's address on the children's records,
    // one patient in two cases) answers for each: keyed by contact, case and person.
    "CREATE TABLE check_contacts_by_person (
        contact TEXT NOT NULL,
        reference TEXT NOT NULL,
        person TEXT NOT NULL,
        sealed {blob} NOT NULL,
        PRIMARY KEY (contact, reference, person)
    );
    INSERT INTO check_contacts_by_person (contact, reference, person, sealed)
        SELECT contact, reference, person, sealed FROM check_contacts;
    DROP TABLE check_contacts;
    ALTER TABLE check_contacts_by_person RENAME TO check_contacts;",
    // The cases an account may see on the dashboard (none listed: every case).
    "CREATE TABLE account_cases (
        name TEXT NOT NULL,
        reference TEXT NOT NULL,
        PRIMARY KEY (name, reference)
    );",
];

fn schema(int: &str, blob: &str) -> Vec<String> {
    SCHEMA
        .iter()
        .map(|s| s.replace("{int}", int).replace("{blob}", blob))
        .collect()
}

pub struct Sqlite {
    conn: rusqlite::Connection,
    location: String,
    migrations: Vec<String>,
}

impl Sqlite {
    pub fn open(path: &std::path::Path) -> Result<Sqlite, Error> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        // The register holds sealed persons and the case history: its directory and file
        // are the owner's alone from the start (SQLite gives its WAL the file's mode).
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| Error::Storage(format!("{}: {e}", dir.display())))?;
        }
        let location = path.display().to_string();
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::Storage(format!("{location}: {e}"))),
        }
        let conn = rusqlite::Connection::open(path)
            .map_err(|e| Error::Storage(format!("{location}: {e}")))?;
        // WAL and full sync: a kill or a power cut leaves the last committed change whole.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(Sqlite {
            conn,
            location,
            migrations: schema("INTEGER", "BLOB"),
        })
    }
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
        Value::Null => rusqlite::types::Value::Null,
    }
}

/// `$1` placeholders become SQLite's positional `?1`.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

impl Backend for Sqlite {
    fn begin(&mut self) -> Result<(), Error> {
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }
    fn commit(&mut self) -> Result<(), Error> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }
    fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<(), Error> {
        if params.is_empty() && sql.contains(';') {
            return Ok(self.conn.execute_batch(sql)?);
        }
        let params: Vec<rusqlite::types::Value> = params.iter().map(to_sqlite).collect();
        self.conn
            .execute(&sqlite_sql(sql), rusqlite::params_from_iter(params))?;
        Ok(())
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
        let params: Vec<rusqlite::types::Value> = params.iter().map(to_sqlite).collect();
        let mut stmt = self.conn.prepare(&sqlite_sql(sql))?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get::<_, rusqlite::types::Value>(i)? {
                    rusqlite::types::Value::Integer(i) => Value::Int(i),
                    rusqlite::types::Value::Text(s) => Value::Text(s),
                    rusqlite::types::Value::Blob(b) => Value::Blob(b),
                    rusqlite::types::Value::Real(f) => Value::Text(f.to_string()),
                    rusqlite::types::Value::Null => Value::Null,
                });
            }
            out.push(row);
        }
        Ok(out)
    }
    fn schema_version(&mut self) -> Result<i64, Error> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
    fn set_schema_version(&mut self, v: i64) -> Result<(), Error> {
        Ok(self.conn.pragma_update(None, "user_version", v)?)
    }
    fn migrations(&self) -> Vec<String> {
        self.migrations.clone()
    }
    fn wait_for_disk(&mut self, wait: bool) -> Result<(), Error> {
        let mode = if wait { "FULL" } else { "NORMAL" };
        Ok(self.conn.pragma_update(None, "synchronous", mode)?)
    }
    fn location(&self) -> &str {
        &self.location
    }
}

#[cfg(feature = "postgres")]
pub struct Postgres {
    client: postgres::Client,
    location: String,
    migrations: Vec<String>,
}

#[cfg(feature = "postgres")]
impl Postgres {
    pub fn open(url: &str) -> Result<Postgres, Error> {
        // The URL may hold a password: messages name the host and database only.
        let (url, verify) = tls::verify_mode(url);
        let config: postgres::Config = url
            .parse()
            .map_err(|e| Error::Storage(format!("PostgreSQL URL: {e}")))?;
        let hosts: Vec<String> = config
            .get_hosts()
            .iter()
            .map(|h| match h {
                postgres::config::Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                postgres::config::Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        let location = format!(
            "postgres://{}/{}",
            hosts.join(","),
            config.get_dbname().unwrap_or("")
        );
        let client = match config.get_ssl_mode() {
            postgres::config::SslMode::Disable => config.connect(postgres::NoTls),
            _ => config.connect(tls::connector(verify)?),
        }
        .map_err(|e| {
            // The cause (a certificate refused, TLS not offered) is in the error's sources.
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                why.push_str(&format!(": {s}"));
                source = s.source();
            }
            Error::Storage(format!("{location}: {why}"))
        })?;
        let mut pg = Postgres {
            client,
            location,
            migrations: schema("BIGINT", "BYTEA"),
        };
        pg.execute(
            "CREATE TABLE IF NOT EXISTS vigie_schema (version BIGINT NOT NULL)",
            &[],
        )?;
        Ok(pg)
    }

    fn err(&self, e: postgres::Error) -> Error {
        // The server's own message says what went wrong; the driver's Display does not.
        match e.as_db_error() {
            Some(db) => Error::Storage(format!(
                "{}: {} ({})",
                self.location,
                db.message(),
                db.code().code()
            )),
            None => Error::Storage(format!("{}: {e}", self.location)),
        }
    }
}

#[cfg(feature = "postgres")]
fn pg_params(params: &[Value]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    params
        .iter()
        .map(|v| -> Box<dyn postgres::types::ToSql + Sync> {
            match v {
                Value::Int(i) => Box::new(*i),
                Value::Text(s) => Box::new(s.clone()),
                Value::Blob(b) => Box::new(b.clone()),
                Value::Null => Box::new(Option::<String>::None),
            }
        })
        .collect()
}

#[cfg(feature = "postgres")]
impl Backend for Postgres {
    fn begin(&mut self) -> Result<(), Error> {
        // Writers queue on the schema table (it exists before any migration): the history
        // is a chain, with one next link at a time.
        self.client
            .batch_execute("BEGIN; LOCK TABLE vigie_schema IN EXCLUSIVE MODE")
            .map_err(|e| self.err(e))
    }
    fn commit(&mut self) -> Result<(), Error> {
        self.client.batch_execute("COMMIT").map_err(|e| self.err(e))
    }
    fn rollback(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<(), Error> {
        if params.is_empty() {
            return self.client.batch_execute(sql).map_err(|e| self.err(e));
        }
        let boxed = pg_params(params);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        self.client
            .execute(sql, &refs)
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
        use postgres::types::Type;
        let boxed = pg_params(params);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        let rows = self.client.query(sql, &refs).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                let v = match *c.type_() {
                    Type::INT8 => r.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int)),
                    Type::INT4 => r
                        .try_get::<_, Option<i32>>(i)
                        .map(|v| v.map(|v| Value::Int(i64::from(v)))),
                    Type::BYTEA => r
                        .try_get::<_, Option<Vec<u8>>>(i)
                        .map(|v| v.map(Value::Blob)),
                    _ => r
                        .try_get::<_, Option<String>>(i)
                        .map(|v| v.map(Value::Text)),
                }
                .map_err(|e| self.err(e))?;
                row.push(v.unwrap_or(Value::Null));
            }
            out.push(row);
        }
        Ok(out)
    }
    fn schema_version(&mut self) -> Result<i64, Error> {
        let rows = self.query("SELECT max(version) FROM vigie_schema", &[])?;
        Ok(
            match rows.into_iter().next().and_then(|r| r.into_iter().next()) {
                Some(Value::Int(v)) => v,
                _ => 0,
            },
        )
    }
    fn set_schema_version(&mut self, v: i64) -> Result<(), Error> {
        self.execute("DELETE FROM vigie_schema", &[])?;
        self.execute(
            "INSERT INTO vigie_schema (version) VALUES ($1)",
            &[Value::Int(v)],
        )
    }
    fn migrations(&self) -> Vec<String> {
        self.migrations.clone()
    }
    fn wait_for_disk(&mut self, wait: bool) -> Result<(), Error> {
        let mode = if wait { "on" } else { "off" };
        self.client
            .batch_execute(&format!("SET synchronous_commit = {mode}"))
            .map_err(|e| self.err(e))
    }
    fn location(&self) -> &str {
        &self.location
    }
}

/// TLS to PostgreSQL as libpq's `sslmode` means it: `disable` none; `prefer` (the default)
/// and `require` encrypt without checking who answers (against an eavesdropper, as libpq
/// does); `verify-ca` and `verify-full` check the server's certificate against the
/// system's authorities and `$PGSSLROOTCERT`, and its name. The client library reads only
/// the first three modes: the verifying ones are taken out of the URL here.
#[cfg(feature = "postgres")]
mod tls {
    use super::Error;
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, SignatureScheme};
    use std::sync::Arc;

    /// The URL the client library reads, and whether the server must prove who it is.
    pub fn verify_mode(url: &str) -> (String, bool) {
        for mode in ["verify-full", "verify-ca"] {
            let key = format!("sslmode={mode}");
            if url.contains(&key) {
                return (url.replace(&key, "sslmode=require"), true);
            }
        }
        (url.to_string(), false)
    }

    pub fn connector(verify: bool) -> Result<tokio_postgres_rustls::MakeRustlsConnect, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Storage(format!("TLS: {e}")))?;
        let config = if verify {
            let mut roots = rustls::RootCertStore::empty();
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
            if let Some(path) = std::env::var_os("PGSSLROOTCERT") {
                let pem = std::fs::read(&path).map_err(|e| {
                    Error::Storage(format!("PGSSLROOTCERT {}: {e}", path.display()))
                })?;
                for cert in rustls::pki_types::pem::PemObject::pem_slice_iter(&pem) {
                    let cert: CertificateDer = cert.map_err(|e| {
                        Error::Storage(format!("PGSSLROOTCERT {}: {e}", path.display()))
                    })?;
                    roots
                        .add(cert)
                        .map_err(|e| Error::Storage(format!("PGSSLROOTCERT: {e}")))?;
                }
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        } else {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
                .with_no_client_auth()
        };
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
    }

    /// `sslmode=prefer` or `require`: any certificate is taken (libpq checks none in these
    /// modes), while the handshake's signatures are still checked with it.
    #[derive(Debug)]
    struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

    impl ServerCertVerifier for EncryptOnly {
        fn verify_server_cert(
            &self,
            _end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _server_name: &ServerName<'_>,
            _ocsp_response: &[u8],
            _now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
}
