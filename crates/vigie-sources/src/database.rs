//! Databases scanned in place: PostgreSQL (`postgres://user@host/db`), MySQL and MariaDB
//! (`mysql://user@host/db`), SQLite (`sqlite:path`). Every table the account can read
//! is an item, `postgres://host/db/schema.table`, whose columns are the table's and whose
//! rows are sampled (or all read) as text.
//!
//! Read-only by construction: a read-only transaction, a statement timeout, no temporary
//! object, nothing written. A table the account may not read is noted and skipped; a
//! lost connection ends the database with a note. Rows stream through a server-side
//! cursor (PostgreSQL) or an unbuffered result (MySQL), so memory does not grow with the
//! table. Each row's primary key (or PostgreSQL's `ctid` where there is none) is handed
//! to the sink to locate the row; the scanner keeps only its fingerprint.

use crate::decode::Fallback;
use crate::{Encoding, Format, Limits, Message, Note, Severity, Sink};
use std::time::Duration;

/// A database to scan, from its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    Postgres(String),
    Mysql(String),
    Sqlite(std::path::PathBuf),
}

/// How much of each table to read.
#[derive(Clone, Debug)]
pub struct DatabaseOptions {
    /// Rows sampled per table; `None` reads every row.
    pub sample_rows: Option<u64>,
    /// Seed of the sample: the same seed draws the same rows of an unchanged table.
    pub seed: u32,
    /// Longest time one statement may run on the server.
    pub statement_timeout: Duration,
    /// The password, from the environment (never from the command line).
    pub password: Option<String>,
    /// Also read binary columns (bytea, BLOB) as text.
    pub binary: bool,
}

impl Default for DatabaseOptions {
    fn default() -> DatabaseOptions {
        DatabaseOptions {
            sample_rows: Some(10_000),
            seed: 1,
            statement_timeout: Duration::from_secs(300),
            password: None,
            binary: false,
        }
    }
}

impl Database {
    /// The database a path argument names, if it is a database URL.
    pub fn parse(arg: &str) -> Option<Database> {
        let lower = arg.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Some(Database::Postgres(arg.to_string()))
        } else if lower.starts_with("mysql://") || lower.starts_with("mariadb://") {
            let rest = &arg[arg.find("://").map_or(0, |i| i + 3)..];
            Some(Database::Mysql(format!("mysql://{rest}")))
        } else {
            arg.strip_prefix("sqlite:")
                .map(|p| Database::Sqlite(p.trim_start_matches("//").into()))
        }
    }

    /// Whether the URL carries a password (`user:secret@host`).
    pub fn has_password(&self) -> bool {
        match self {
            Database::Postgres(u) | Database::Mysql(u) => {
                let authority = u.split("://").nth(1).unwrap_or("");
                let authority = authority.split(['/', '?']).next().unwrap_or("");
                authority
                    .rsplit_once('@')
                    .is_some_and(|(user, _)| user.contains(':'))
            }
            Database::Sqlite(_) => false,
        }
    }

    /// The environment variable its password is read from, as the servers' own tools do.
    pub fn password_variable(&self) -> Option<&'static str> {
        match self {
            Database::Postgres(_) => Some("PGPASSWORD"),
            Database::Mysql(_) => Some("MYSQL_PWD"),
            Database::Sqlite(_) => None,
        }
    }

    /// How reports name it: scheme, host and database, without user or password.
    pub fn display(&self) -> String {
        match self {
            Database::Postgres(u) | Database::Mysql(u) => {
                let (scheme, rest) = u.split_once("://").unwrap_or(("", u));
                let scheme = if scheme.starts_with("postgres") {
                    "postgres"
                } else {
                    "mysql"
                };
                let rest = rest.split('?').next().unwrap_or(rest);
                let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
                format!("{scheme}://{}", rest.trim_end_matches('/'))
            }
            Database::Sqlite(p) => format!("sqlite:{}", p.display()),
        }
    }
}

/// Reads every table of a database; failures of a table are notes, a failure to connect
/// is the error returned.
pub fn read_database(
    db: &Database,
    options: &DatabaseOptions,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Result<(), crate::Error> {
    match db {
        Database::Postgres(url) => postgres_scan::read(url, &db.display(), options, limits, sink),
        Database::Mysql(url) => mysql_scan::read(url, &db.display(), options, limits, sink),
        Database::Sqlite(path) => crate::read_path(path, &db.display(), limits, sink)
            .map_err(|e| crate::Error::database(&db.display(), e)),
    }
}

/// Notes a table that could not be read to the end; with the connection `lost`, also that
/// the database ends there. True when it does.
fn table_failed(sink: &mut dyn Sink, item: &str, display: &str, why: &str, lost: bool) -> bool {
    let message = Message::with_detail("table lue en partie", "table not fully read", why);
    sink.note(Note::about(item, Severity::Error, message));
    if lost {
        sink.note(Note::about(
            display,
            Severity::Error,
            Message::new(
                "connexion à la base perdue : les tables suivantes n'ont pas été lues",
                "connection to the database lost: the tables after this one were not read",
            ),
        ));
    }
    lost
}

/// How rows were drawn, in French and English, for the table's note.
type Method = (&'static str, &'static str);

/// What a sample covered, for the table's note.
fn sampled_note(
    read: u64,
    estimate: Option<f64>,
    options: &DatabaseOptions,
    (fr, en): Method,
) -> Message {
    let seed = options.seed;
    let (rows_fr, rows_en) = if read == 1 {
        ("ligne", "row")
    } else {
        ("lignes", "rows")
    };
    match (options.sample_rows, estimate) {
        (Some(n), _) if read < n => Message::new(
            format!("{read} {rows_fr} : toutes lues"),
            format!("{read} {rows_en}: every row read"),
        ),
        (Some(_), Some(total)) if total > 0.0 => {
            let share = 100.0 * read as f64 / total;
            let share_fr = format!("{share:.2}").replace('.', ",");
            Message::new(
                format!(
                    "{read} lignes tirées sur environ {total:.0} ({share_fr}\u{a0}%), {fr}, graine \
                     {seed} : un échantillon ne prouve pas que les autres lignes ne contiennent \
                     rien (--full les lit toutes)"
                ),
                format!(
                    "{read} rows sampled of about {total:.0} ({share:.2} %), {en}, seed {seed}: a \
                     sample is not proof that the other rows hold nothing (--full reads them all)"
                ),
            )
        }
        (Some(_), _) => Message::new(
            format!(
                "{read} lignes tirées, {fr}, graine {seed} (taille de la table inconnue) : un \
                 échantillon ne prouve pas que les autres lignes ne contiennent rien (--full les \
                 lit toutes)"
            ),
            format!(
                "{read} rows sampled, {en}, seed {seed} (the table's size is unknown): a sample \
                 is not proof that the other rows hold nothing (--full reads them all)"
            ),
        ),
        (None, _) => Message::new(
            format!("{read} {rows_fr} : toutes lues (--full)"),
            format!("{read} {rows_en}: every row read (--full)"),
        ),
    }
}

/// A table's column as the catalog describes it.
struct Column {
    name: String,
    binary: bool,
    key: bool,
}

/// The columns to read (binary ones only with `--binary`, the others noted) and the key
/// columns; notes how rows are located when there is no key.
fn plan(
    columns: Vec<Column>,
    options: &DatabaseOptions,
    item: &str,
    sink: &mut dyn Sink,
    (without_key_fr, without_key_en): Method,
) -> (Vec<String>, Vec<String>) {
    let mut read = Vec::new();
    let mut key = Vec::new();
    let mut binary = Vec::new();
    for c in columns {
        if c.key {
            key.push(c.name.clone());
        }
        if c.binary && !options.binary {
            binary.push(c.name);
        } else {
            read.push(c.name);
        }
    }
    if !binary.is_empty() {
        let message = Message::new(
            format!(
                "colonnes binaires non lues (--binary les lit) : {}",
                binary.join(", ")
            ),
            format!(
                "binary columns not read (--binary reads them): {}",
                binary.join(", ")
            ),
        );
        sink.note(Note::about(item, Severity::Info, message));
    }
    if key.is_empty() {
        let message = Message::new(
            format!("pas de clé primaire : les lignes sont situées par {without_key_fr}"),
            format!("no primary key: rows are located by {without_key_en}"),
        );
        sink.note(Note::about(item, Severity::Info, message));
    }
    (read, key)
}

/// A value's bytes as text: UTF-8, or Windows-1252 where it is not (a `SQL_ASCII`
/// database, a latin1 column).
fn text(bytes: &[u8], fallback: &mut Fallback, line: u64) -> String {
    fallback.decode(bytes, line).into_owned()
}

mod postgres_scan {
    use super::*;
    use postgres::{Client, NoTls};

    fn quote(ident: &str) -> String {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }

    /// A value as the bytes the database holds (`convert_to` towards SQL_ASCII converts
    /// nothing): a `SQL_ASCII` database full of Latin-1 bytes would fail any conversion
    /// to the client's UTF-8, so the decoding is ours (UTF-8, else Windows-1252).
    fn raw(text: &str) -> String {
        format!("convert_to({text}, 'SQL_ASCII')")
    }

    struct Table {
        oid: u32,
        schema: String,
        name: String,
        rows: f64,
        readable: bool,
    }

    pub(super) fn read(
        url: &str,
        display: &str,
        options: &DatabaseOptions,
        limits: &Limits,
        sink: &mut dyn Sink,
    ) -> Result<(), crate::Error> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| crate::Error::database(display, e))?;
        if let Some(p) = &options.password {
            config.password(p.as_bytes());
        }
        config.application_name("vigie scan");
        config.connect_timeout(Duration::from_secs(30));
        let mut client: Client = config
            .connect(NoTls)
            .map_err(|e| crate::Error::database(display, format!("cannot connect: {e}")))?;
        let mut tx = client
            .build_transaction()
            .read_only(true)
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .start()
            .map_err(|e| crate::Error::database(display, e))?;
        tx.batch_execute(&format!(
            "SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = 10000; \
             SET LOCAL client_encoding = 'UTF8'",
            options.statement_timeout.as_millis()
        ))
        .map_err(|e| crate::Error::database(display, e))?;
        let tables: Vec<Table> = tx
            .query(
                "SELECT c.oid, n.nspname, c.relname, c.reltuples::float8, \
                        has_table_privilege(c.oid, 'SELECT') \
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition \
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' \
                 ORDER BY 2, 3",
                &[],
            )
            .map_err(|e| crate::Error::database(display, format!("listing tables: {e}")))?
            .iter()
            .map(|r| Table {
                oid: r.get(0),
                schema: r.get(1),
                name: r.get(2),
                rows: r.get(3),
                readable: r.get(4),
            })
            .collect();
        for table in &tables {
            let item = format!("{display}/{}.{}", table.schema, table.name);
            sink.item(&item, Format::Database("postgres"), Encoding::Utf8);
            if !table.readable {
                sink.note(Note::about(
                    &item,
                    Severity::Skipped,
                    Message::new(
                        "le compte n'a pas le droit SELECT sur cette table : non lue",
                        "the account has no SELECT privilege on this table: not read",
                    ),
                ));
                continue;
            }
            // Each table in a savepoint: an error (a timeout, a privilege on a column)
            // aborts only that table.
            let result = match tx.transaction() {
                Ok(mut sp) => {
                    let r = read_table(&mut sp, table, &item, options, limits, sink);
                    if r.is_ok() {
                        let _ = sp.commit();
                    }
                    r
                }
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                // The server's own message ("permission denied…", "canceling statement
                // due to statement timeout"), not the client's "db error".
                let why = e
                    .as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().to_string());
                if table_failed(sink, &item, display, &why, e.is_closed()) {
                    return Ok(());
                }
            }
        }
        let _ = tx.rollback();
        Ok(())
    }

    fn read_table(
        tx: &mut postgres::Transaction,
        table: &Table,
        item: &str,
        options: &DatabaseOptions,
        limits: &Limits,
        sink: &mut dyn Sink,
    ) -> Result<(), postgres::Error> {
        let columns = tx.query(
            "SELECT a.attname, t.typname, \
                    coalesce(a.attnum = ANY(i.indkey::int2[]), false) \
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
             LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary \
             WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum",
            &[&table.oid],
        )?;
        let columns = columns
            .iter()
            .map(|c| Column {
                name: c.get(0),
                binary: c.get::<_, String>(1) == "bytea",
                key: c.get(2),
            })
            .collect();
        let (names, key) = plan(
            columns,
            options,
            item,
            sink,
            (
                "ctid, leur place physique, que modifient une mise à jour ou un VACUUM FULL",
                "ctid, their physical place, which an update or VACUUM FULL changes",
            ),
        );
        let exprs: Vec<String> = names
            .iter()
            .map(|n| raw(&format!("{}::text", quote(n))))
            .collect();
        let key: Vec<String> = key.iter().map(|k| format!("{}::text", quote(k))).collect();
        let key_expr = match key.len() {
            0 => raw("ctid::text"),
            1 => raw(&key[0]),
            _ => raw(&format!("concat_ws(',', {})", key.join(", "))),
        };
        let from = format!("{}.{}", quote(&table.schema), quote(&table.name));
        let (query, method) = match options.sample_rows {
            None => (
                format!("SELECT {key_expr}, {} FROM {from}", exprs.join(", ")),
                ("", ""),
            ),
            Some(n) if table.rows > n as f64 => {
                // BERNOULLI draws rows evenly but reads the whole table; past a million
                // rows SYSTEM draws pages, as fast as the sample is small.
                let method = if table.rows > 1e6 {
                    "SYSTEM"
                } else {
                    "BERNOULLI"
                };
                let percent = (150.0 * n as f64 / table.rows).min(100.0);
                (
                    format!(
                        "SELECT {key_expr}, {} FROM {from} TABLESAMPLE {method} ({percent}) \
                         REPEATABLE ({}) LIMIT {n}",
                        exprs.join(", "),
                        options.seed
                    ),
                    if method == "SYSTEM" {
                        (
                            "TABLESAMPLE SYSTEM (pages tirées au hasard)",
                            "TABLESAMPLE SYSTEM (pages drawn at random)",
                        )
                    } else {
                        (
                            "TABLESAMPLE BERNOULLI (lignes tirées au hasard)",
                            "TABLESAMPLE BERNOULLI (rows drawn at random)",
                        )
                    },
                )
            }
            Some(n) => (
                format!(
                    "SELECT {key_expr}, {} FROM {from} LIMIT {n}",
                    exprs.join(", ")
                ),
                (
                    "les premières lignes dans l'ordre de stockage",
                    "the first rows in storage order",
                ),
            ),
        };
        let expr_empty = exprs.is_empty();
        sink.table(None, &names, None);
        if expr_empty {
            return Ok(());
        }
        let portal = tx.bind(query.as_str(), &[])?;
        let mut line = 0u64;
        let mut fallback = Fallback::default();
        loop {
            if limits.check_time().is_err() {
                sink.note(Note::about(
                    item,
                    Severity::Skipped,
                    Message::new(
                        format!("limite de temps atteinte après {line} lignes (--max-item-time)"),
                        format!("time limit reached after {line} rows (--max-item-time)"),
                    ),
                ));
                break;
            }
            let rows = tx.query_portal(&portal, 1000)?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                line += 1;
                let key: Option<Vec<u8>> = row.try_get(0)?;
                let key = text(key.as_deref().unwrap_or_default(), &mut fallback, line);
                let cells: Vec<String> = (1..row.len())
                    .map(|i| {
                        let v: Option<Vec<u8>> = row.try_get(i)?;
                        Ok(text(v.as_deref().unwrap_or_default(), &mut fallback, line))
                    })
                    .collect::<Result<_, postgres::Error>>()?;
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                sink.row_key(&key);
                sink.row(line, &refs);
            }
        }
        let estimate = (table.rows >= 0.0).then_some(table.rows);
        sink.note(Note::about(
            item,
            Severity::Info,
            sampled_note(line, estimate, options, method),
        ));
        Ok(())
    }
}

mod mysql_scan {
    use super::*;
    use mysql::prelude::Queryable;

    fn quote(ident: &str) -> String {
        format!("`{}`", ident.replace('`', "``"))
    }

    pub(super) fn read(
        url: &str,
        display: &str,
        options: &DatabaseOptions,
        limits: &Limits,
        sink: &mut dyn Sink,
    ) -> Result<(), crate::Error> {
        let opts = mysql::Opts::from_url(url).map_err(|e| crate::Error::database(display, e))?;
        let mut builder = mysql::OptsBuilder::from_opts(opts)
            .tcp_connect_timeout(Some(Duration::from_secs(30)))
            .read_timeout(Some(options.statement_timeout + Duration::from_secs(30)));
        if let Some(p) = &options.password {
            builder = builder.pass(Some(p.clone()));
        }
        let only = mysql::Opts::from(builder.clone())
            .get_db_name()
            .map(str::to_string);
        let mut conn = mysql::Conn::new(builder)
            .map_err(|e| crate::Error::database(display, format!("cannot connect: {e}")))?;
        // MySQL counts milliseconds, MariaDB seconds; each ignores the other's variable.
        let _ = conn.query_drop(format!(
            "SET SESSION max_execution_time = {}",
            options.statement_timeout.as_millis()
        ));
        let _ = conn.query_drop(format!(
            "SET SESSION max_statement_time = {}",
            options.statement_timeout.as_secs()
        ));
        conn.query_drop("SET SESSION TRANSACTION READ ONLY")
            .and_then(|()| conn.query_drop("START TRANSACTION READ ONLY"))
            .map_err(|e| crate::Error::database(display, e))?;
        let tables: Vec<(String, String, Option<u64>)> = conn
            .exec(
                "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES \
                 WHERE TABLE_TYPE = 'BASE TABLE' \
                   AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') \
                   AND (? IS NULL OR TABLE_SCHEMA = ?) \
                 ORDER BY 1, 2",
                (only.clone(), only),
            )
            .map_err(|e| crate::Error::database(display, format!("listing tables: {e}")))?;
        let host_only = display.rsplit_once('/').map_or(display, |(h, _)| h);
        for (schema, name, rows) in tables {
            let item = format!("{host_only}/{schema}.{name}");
            sink.item(&item, Format::Database("mysql"), Encoding::Utf8);
            if let Err(e) = read_table(
                &mut conn,
                (&schema, &name, rows),
                &item,
                options,
                limits,
                sink,
            ) {
                let lost = matches!(e, mysql::Error::IoError(_) | mysql::Error::DriverError(_));
                if table_failed(sink, &item, display, &e.to_string(), lost) {
                    return Ok(());
                }
            }
        }
        let _ = conn.query_drop("ROLLBACK");
        Ok(())
    }

    fn read_table(
        conn: &mut mysql::Conn,
        (schema, name, rows): (&str, &str, Option<u64>),
        item: &str,
        options: &DatabaseOptions,
        limits: &Limits,
        sink: &mut dyn Sink,
    ) -> Result<(), mysql::Error> {
        let columns: Vec<(String, String, String)> = conn.exec(
            "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_KEY FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
            (schema, name),
        )?;
        let columns = columns
            .into_iter()
            .map(|(name, ty, key)| Column {
                binary: ty.ends_with("blob") || ty.ends_with("binary"),
                key: key == "PRI",
                name,
            })
            .collect();
        let (names, key) = plan(
            columns,
            options,
            item,
            sink,
            (
                "leur position dans la lecture",
                "their position in the scan",
            ),
        );
        let exprs: Vec<String> = names.iter().map(|n| quote(n)).collect();
        let key_expr = match key.len() {
            0 => "NULL".to_string(),
            _ => {
                let key: Vec<String> = key.iter().map(|k| quote(k)).collect();
                format!("CONCAT_WS(',', {})", key.join(", "))
            }
        };
        sink.table(None, &names, None);
        if exprs.is_empty() {
            return Ok(());
        }
        let from = format!("{}.{}", quote(schema), quote(name));
        let estimate = rows.map(|r| r as f64);
        // MySQL has no TABLESAMPLE: RAND(seed) draws rows evenly, the same ones for the same
        // seed and table.
        let (query, method) = match options.sample_rows {
            None => (
                format!("SELECT {key_expr}, {} FROM {from}", exprs.join(", ")),
                ("", ""),
            ),
            Some(n) if estimate.is_some_and(|r| r > n as f64) => {
                let fraction = (1.5 * n as f64 / estimate.unwrap_or(1.0)).min(1.0);
                (
                    format!(
                        "SELECT {key_expr}, {} FROM {from} WHERE RAND({}) < {fraction} LIMIT {n}",
                        exprs.join(", "),
                        options.seed
                    ),
                    (
                        "lignes tirées au hasard (RAND avec la graine)",
                        "rows drawn at random (RAND with the seed)",
                    ),
                )
            }
            Some(n) => (
                format!(
                    "SELECT {key_expr}, {} FROM {from} LIMIT {n}",
                    exprs.join(", ")
                ),
                (
                    "les premières lignes dans l'ordre de stockage",
                    "the first rows in storage order",
                ),
            ),
        };
        let mut line = 0u64;
        let mut fallback = Fallback::default();
        let result = conn.query_iter(query)?;
        for row in result {
            let row = row?;
            if limits.check_time().is_err() {
                sink.note(Note::about(
                    item,
                    Severity::Skipped,
                    Message::new(
                        format!("limite de temps atteinte après {line} lignes (--max-item-time)"),
                        format!("time limit reached after {line} rows (--max-item-time)"),
                    ),
                ));
                break;
            }
            line += 1;
            let values: Vec<String> = (0..row.len())
                .map(|i| match row.as_ref(i) {
                    None | Some(mysql::Value::NULL) => String::new(),
                    Some(mysql::Value::Bytes(b)) => text(b, &mut fallback, line),
                    Some(other) => other.as_sql(true).trim_matches('\'').to_string(),
                })
                .collect();
            let key = if key.is_empty() {
                line.to_string()
            } else {
                values.first().cloned().unwrap_or_default()
            };
            let refs: Vec<&str> = values.iter().skip(1).map(String::as_str).collect();
            sink.row_key(&key);
            sink.row(line, &refs);
        }
        sink.note(Note::about(
            item,
            Severity::Info,
            sampled_note(line, estimate, options, method),
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_databases_without_credentials() {
        let pg = Database::parse("postgres://dpo@db.labo.local:5433/patients?sslmode=disable")
            .expect("postgres");
        assert_eq!(pg.display(), "postgres://db.labo.local:5433/patients");
        assert!(!pg.has_password());
        let my = Database::parse("mariadb://root:secret@127.0.0.1/lims").expect("mysql");
        assert!(matches!(&my, Database::Mysql(u) if u == "mysql://root:secret@127.0.0.1/lims"));
        assert!(my.has_password());
        assert_eq!(my.display(), "mysql://127.0.0.1/lims");
        assert_eq!(
            Database::parse("sqlite:/srv/agenda.db"),
            Some(Database::Sqlite("/srv/agenda.db".into()))
        );
        assert_eq!(Database::parse("/srv/export/patients.csv"), None);
        // A user name with @ and no password is not a password.
        let at = Database::parse("postgres://a%40b@h/d").expect("postgres");
        assert!(!at.has_password());
    }
}
