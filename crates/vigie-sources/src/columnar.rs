//! Columnar files: Parquet and Arrow IPC files (Feather v2), read through the Arrow
//! crates when built with the `columnar` feature. Each file is one table whose columns are
//! the schema's fields; a row's `line` is its row number from 1. Values are written as
//! Arrow displays them, so the column types decide the text the classifier sees (dates as
//! ISO dates, decimals exactly, integers without exponent); binary columns are skipped,
//! and nested values (structs, lists) are read as their text.

use crate::{Limits, Message, Note, Severity, Sink};

/// The columnar kind of a file whose magic number sniffing recognised.
pub(crate) fn kind_of(magic: &str) -> Option<&'static str> {
    match magic {
        "Parquet file" => Some("parquet"),
        "Arrow file" => Some("arrow"),
        _ => None,
    }
}

#[cfg(not(feature = "columnar"))]
pub(crate) fn read_columnar(
    kind: &str,
    display: &str,
    _file: std::fs::File,
    _limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    sink.note(Note::about(
        display,
        Severity::Skipped,
        Message::new(
            format!("fichier {kind} non lu : cette version de vigie est construite sans la fonction `columnar`"),
            format!("{kind} file not read: this build of vigie lacks the `columnar` feature"),
        ),
    ));
    Ok(())
}

#[cfg(feature = "columnar")]
pub(crate) fn read_columnar(
    kind: &str,
    display: &str,
    file: std::fs::File,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> std::io::Result<()> {
    use arrow_array::RecordBatch;
    use arrow_schema::{ArrowError, DataType, SchemaRef};
    type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>>>;
    let opened: Result<(SchemaRef, Batches), String> = if kind == "parquet" {
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| {
                // The parquet crate asserts that a column chunk's offset and length are
                // not negative, and a damaged footer says they are (found by fuzzing):
                // refused here as damage, before a read panics on it.
                for chunk in b.metadata().row_groups().iter().flat_map(|g| g.columns()) {
                    let start = chunk
                        .dictionary_page_offset()
                        .unwrap_or(chunk.data_page_offset());
                    if start < 0 || chunk.compressed_size() < 0 {
                        return Err(parquet::errors::ParquetError::General(format!(
                            "column chunk at offset {start}, {} bytes long",
                            chunk.compressed_size()
                        )));
                    }
                }
                let schema = b.schema().clone();
                Ok((
                    schema,
                    Box::new(b.with_batch_size(4096).build()?) as Batches,
                ))
            })
            .map_err(|e| e.to_string())
    } else {
        arrow_ipc::reader::FileReader::try_new(file, None)
            .map(|r| (r.schema(), Box::new(r) as Batches))
            .map_err(|e| e.to_string())
    };
    let (schema, batches) = match opened {
        Ok(o) => o,
        Err(e) => {
            sink.note(Note::about(
                display,
                Severity::Error,
                Message::with_detail(
                    &format!("fichier {kind} illisible (endommagé ou chiffré ?)"),
                    &format!("not a readable {kind} file (damaged or encrypted?)"),
                    e,
                ),
            ));
            return Ok(());
        }
    };
    let columns: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    sink.table(None, &columns, None);
    let options = arrow_cast::display::FormatOptions::default();
    let mut line = 0u64;
    let mut cells: Vec<String> = Vec::with_capacity(columns.len());
    for batch in batches {
        limits.check_time()?;
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                sink.note(Note {
                    path: display.to_string(),
                    line: Some(line + 1),
                    severity: Severity::Error,
                    message: Message::with_detail(
                        &format!("lecture {kind} interrompue après la ligne {line}"),
                        &format!("{kind} reading stopped after row {line}"),
                        e,
                    ),
                });
                return Ok(());
            }
        };
        let formatters: Vec<_> = batch
            .columns()
            .iter()
            .map(|c| {
                if matches!(
                    c.data_type(),
                    DataType::Binary
                        | DataType::LargeBinary
                        | DataType::BinaryView
                        | DataType::FixedSizeBinary(_)
                ) {
                    None
                } else {
                    arrow_cast::display::ArrayFormatter::try_new(c.as_ref(), &options)
                        .ok()
                        .map(|f| (c, f))
                }
            })
            .collect();
        for row in 0..batch.num_rows() {
            line += 1;
            cells.clear();
            for f in &formatters {
                cells.push(match f {
                    Some((c, f)) if c.is_valid(row) => f.value(row).to_string(),
                    _ => String::new(),
                });
            }
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            sink.row(line, &refs);
        }
    }
    Ok(())
}
