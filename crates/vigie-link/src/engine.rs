//! Blocking and comparison on Apache DataFusion (cargo feature `datafusion`,
//! `--engine datafusion`): the pairs the in-memory path makes ([`Pairing::all`]), made by
//! a query engine from tables of keys, so that a plan can spill its joins and sorts to
//! disk, and be handed to other machines, instead of walking blocks held in memory.
//!
//! The leak's keys and the registry's are two tables, (row, rule, key) and (rule, key,
//! record); a block is a group of the registry's by (rule, key), and its size decides,
//! as in memory, whether it is compared (from the same count of pairs by block size,
//! given to the same `largest`). The pairs are an equi-join of the two on (rule,
//! key), grouped by (row, record) with their rules' bits or-ed; each is compared by a
//! scalar function of the two numbers over the packed records it holds (`vigie_compare`,
//! calling [`compare`] itself: one definition of each comparison for both engines; no
//! field goes through the plan, nor into what it spills), and they
//! come back ordered by row and record, the order the in-memory path keeps. The model,
//! its training and the decisions then run on them unchanged, so both engines decide
//! alike to the bit (tested on FEBRL and generated files).

use crate::block::RULES;
use crate::candidates::{Candidate, Candidates};
use crate::compare::{Packed, compare};
use crate::error::{Error, Result};
use crate::record::Linked;
use crate::{Chunk, Codec, Merged, Paired, Pairing, RUN};
use datafusion::arrow::array::{
    ArrayBuilder, ArrayRef, ArrowPrimitiveType, AsArray, PrimitiveArray, RecordBatch, StructArray,
    UInt8Builder, UInt16Builder, UInt32Builder, UInt64Array, UInt64Builder,
};
use datafusion::arrow::datatypes::{
    DataType, Field, Fields, Schema, SchemaRef, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::catalog::MemTable;
use datafusion::common::{DataFusionError, exec_err};
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::StreamExt;
use std::path::Path;
use std::sync::Arc;

/// The plan's memory at least, whatever `--memory` says: a sort merges what it spilled
/// within it, and a pool of 512 MB could not merge a million rows' pairs.
const POOL_FLOOR: usize = 1 << 30;

/// Rows of a table built in one batch.
const BATCH: usize = 1 << 16;

/// Pairs every leak row of `p` with its candidates on DataFusion: `budget` is the pairs a
/// rule may propose (the in-memory path's [`Pairing::largest_blocks`]), `None` when
/// every block up to `max_block` is compared. The plan's operators hold `memory` bytes
/// at most (at least [`POOL_FLOOR`]) and spill to `temp_dir` past it.
pub(crate) fn pair<R: Linked + Sync>(
    p: &Pairing<R>,
    candidates: Candidates,
    budget: Option<u64>,
    max_block: usize,
    memory: usize,
    temp_dir: &Path,
) -> Result<Paired> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .build()
        .map_err(|e| Error::Engine(format!("no runtime for DataFusion: {e}")))?;
    runtime.block_on(run(
        p, candidates, budget, max_block, memory, temp_dir, threads,
    ))
}

async fn run<R: Linked + Sync>(
    p: &Pairing<'_, R>,
    candidates: Candidates,
    budget: Option<u64>,
    max_block: usize,
    memory: usize,
    temp_dir: &Path,
    threads: usize,
) -> Result<Paired> {
    // The plan's joins, groupings and sorts spill to `temp_dir` past the pool; the tables
    // of keys it reads, and the packed records its comparison holds, are held besides, as
    // the in-memory path holds its blocks.
    let env = RuntimeEnvBuilder::new()
        .with_temp_file_path(temp_dir)
        .with_memory_pool(Arc::new(FairSpillPool::new(memory.max(POOL_FLOOR))))
        .build_arc()
        .map_err(at(temp_dir))?;
    let mut config = SessionConfig::new().with_target_partitions(threads);
    // A hash join holds its whole build side and cannot spill: at a million rows linked
    // to themselves it took 10.4 GB, or failed within a pool; sort-merge joins spill, and
    // were faster (docs/benchmarks.md).
    config.options_mut().optimizer.prefer_hash_join = false;
    let ctx = SessionContext::new_with_config_rt(config, env);
    register(&ctx, p, threads)?;
    // The records are copied once for the function to hold (the plan may outlive any
    // borrow); a file linked to itself is held once for both sides.
    let registry = Arc::new(p.index.packed.clone());
    let leak = if std::ptr::eq(p.packed, &p.index.packed) {
        registry.clone()
    } else {
        Arc::new(p.packed.clone())
    };
    ctx.register_udf(ScalarUDF::from(Compare {
        signature: Signature::exact(
            vec![DataType::UInt32, DataType::UInt32],
            Volatility::Immutable,
        ),
        codec: p.codec.clone(),
        others: p.others.to_vec(),
        leak,
        registry,
    }));

    let singles = p.singles();
    let mut largest = [max_block; RULES.len()];
    if let Some(budget) = budget {
        let mut by_size = vec![vec![0u64; max_block + 1]; RULES.len()];
        let sql = format!(
            "{BLOCKS} SELECT l.rule, b.size, SUM(b.size) AS pairs FROM leak_keys l \
             JOIN blocks b ON l.rule = b.rule AND l.key = b.key \
             WHERE b.size <= {max_block} GROUP BY l.rule, b.size"
        );
        for batch in collect(&ctx, &sql, temp_dir).await? {
            let (rule, size, pairs) = (
                column::<UInt8Type>(&batch, 0)?,
                column::<UInt64Type>(&batch, 1)?,
                column::<UInt64Type>(&batch, 2)?,
            );
            for i in 0..batch.num_rows() {
                by_size[usize::from(rule.value(i))][size.value(i) as usize] += pairs.value(i);
            }
        }
        largest = crate::largest(by_size, singles, budget);
    }
    let caps = largest
        .iter()
        .enumerate()
        .map(|(k, l)| format!("({k}, {l})"))
        .collect::<Vec<_>>()
        .join(", ");
    let caps = format!(
        ", caps AS (SELECT CAST(column1 AS TINYINT UNSIGNED) AS rule, \
         CAST(column2 AS BIGINT UNSIGNED) AS largest FROM (VALUES {caps}))"
    );

    let mut merged = Merged::new(p.leak.len(), candidates, largest);
    let sql = format!(
        "{BLOCKS}{caps} SELECT l.rule, CAST(COUNT(*) AS BIGINT UNSIGNED) AS capped FROM leak_keys l \
         JOIN blocks b ON l.rule = b.rule AND l.key = b.key JOIN caps c ON c.rule = l.rule \
         WHERE b.size > c.largest GROUP BY l.rule"
    );
    for batch in collect(&ctx, &sql, temp_dir).await? {
        let (rule, capped) = (
            column::<UInt8Type>(&batch, 0)?,
            column::<UInt64Type>(&batch, 1)?,
        );
        for i in 0..batch.num_rows() {
            merged.paired.capped[usize::from(rule.value(i))] += capped.value(i);
        }
    }
    for (k, &singles) in singles.iter().enumerate() {
        if largest[k] == 0 {
            merged.paired.capped[k] += singles;
        }
    }

    let sql = format!(
        "{BLOCKS}{caps}, \
         compared AS (SELECT b.rule, b.key FROM blocks b JOIN caps c ON c.rule = b.rule \
            WHERE b.size <= c.largest), \
         pairs AS (SELECT l.row, r.rec, bit_or(l.bit) AS rules FROM leak_keys l \
            JOIN compared k ON k.rule = l.rule AND k.key = l.key \
            JOIN registry_keys r ON r.rule = l.rule AND r.key = l.key \
            GROUP BY l.row, r.rec) \
         SELECT row, rec, rules, vigie_compare(row, rec) AS found FROM pairs ORDER BY row, rec"
    );
    let mut stream =
        datafusion::physical_plan::execute_stream(plan(&ctx, &sql).await?, ctx.task_ctx())
            .map_err(at(temp_dir))?;
    let mut chunk = Chunk::new(0, RUN);
    // The row whose candidates come now.
    let mut row = 0usize;
    while let Some(batch) = stream.next().await {
        let batch = batch.map_err(at(temp_dir))?;
        let rows = column::<UInt32Type>(&batch, 0)?;
        let recs = column::<UInt32Type>(&batch, 1)?;
        let rules = column::<UInt16Type>(&batch, 2)?;
        let found = batch
            .column(3)
            .as_struct_opt()
            .ok_or_else(|| Error::Engine("column 3 is not a comparison".into()))?;
        let codes = found
            .column(0)
            .as_primitive_opt::<UInt64Type>()
            .ok_or_else(|| Error::Engine("no pattern code".into()))?;
        let notes = found
            .column(1)
            .as_primitive_opt::<UInt16Type>()
            .ok_or_else(|| Error::Engine("no comparison notes".into()))?;
        for i in 0..batch.num_rows() {
            let (r, rec) = (rows.value(i) as usize, recs.value(i));
            // A file linked to itself: a row's own record is not its candidate.
            if p.own(r, rec) {
                continue;
            }
            rows_up_to(r, &mut row, &mut chunk, &mut merged).map_err(spill(temp_dir))?;
            chunk.push(Candidate {
                registry: rec,
                rules: rules.value(i),
                found: crate::compare::Comparison::from_bytes(notes.value(i).to_le_bytes()),
                code: codes.value(i),
            });
        }
    }
    rows_up_to(p.leak.len(), &mut row, &mut chunk, &mut merged).map_err(spill(temp_dir))?;
    merged.add(chunk).map_err(spill(temp_dir))?;
    merged.paired.candidates.finish().map_err(spill(temp_dir))?;
    Ok(merged.paired)
}

/// Refuses a plan that any operator of would hold text or bytes: what sorts and joins
/// hold may be spilled to disk in clear, so it must be numbers (rows, records, rules,
/// sealed keys, comparison levels), never a field.
fn numbers_only(plan: &dyn ExecutionPlan) -> Result<()> {
    fn numeric(t: &DataType) -> bool {
        match t {
            DataType::Struct(fields) => fields.iter().all(|f| numeric(f.data_type())),
            t => t.is_integer(),
        }
    }
    for field in plan.schema().fields() {
        if !numeric(field.data_type()) {
            return Err(Error::Engine(format!(
                "the plan's {} would hold {} ({}): only numbers may reach what it spills",
                plan.name(),
                field.name(),
                field.data_type()
            )));
        }
    }
    plan.children()
        .into_iter()
        .try_for_each(|child| numbers_only(child.as_ref()))
}

/// Ends the rows from `row` up to `to` (not included), their candidates all come; a
/// chunk is added to the run's every [`RUN`] rows, where the in-memory path adds one.
fn rows_up_to(
    to: usize,
    row: &mut usize,
    chunk: &mut Chunk,
    merged: &mut Merged,
) -> std::io::Result<()> {
    while *row < to {
        chunk.end_row();
        *row += 1;
        if row.is_multiple_of(RUN) {
            merged.add(std::mem::replace(chunk, Chunk::new(*row, RUN)))?;
        }
    }
    Ok(())
}

/// Each block of the registry and its size.
const BLOCKS: &str = "WITH blocks AS (SELECT rule, key, \
                      CAST(COUNT(*) AS BIGINT UNSIGNED) AS size FROM registry_keys GROUP BY rule, key)";

/// Column `i` of a plan's result, of the type the plan makes it.
fn column<T: ArrowPrimitiveType>(batch: &RecordBatch, i: usize) -> Result<&PrimitiveArray<T>> {
    batch
        .column(i)
        .as_primitive_opt::<T>()
        .ok_or_else(|| Error::Engine(format!("column {i} is not of type {}", T::DATA_TYPE)))
}

fn engine(e: DataFusionError) -> Error {
    Error::Engine(e.to_string())
}

/// A plan run with its temporary files in `dir`: a failure to write them (a full disk,
/// a directory that is not there) names the directory, as the in-memory path's does.
fn at(dir: &Path) -> impl Fn(DataFusionError) -> Error + '_ {
    move |e| match e.find_root() {
        DataFusionError::IoError(_) => Error::Spill {
            dir: dir.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        },
        DataFusionError::ResourcesExhausted(_) => Error::Engine(format!(
            "{e} (the plan holds --memory at most, and 1 GB at least: give it more)"
        )),
        _ => engine(e),
    }
}

fn spill(dir: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    |source| Error::Spill {
        dir: dir.to_path_buf(),
        source,
    }
}

/// The plan of `sql`, checked to carry numbers only ([`numbers_only`]).
async fn plan(ctx: &SessionContext, sql: &str) -> Result<Arc<dyn ExecutionPlan>> {
    let plan = ctx
        .sql(sql)
        .await
        .map_err(engine)?
        .create_physical_plan()
        .await
        .map_err(engine)?;
    numbers_only(plan.as_ref())?;
    Ok(plan)
}

async fn collect(ctx: &SessionContext, sql: &str, temp_dir: &Path) -> Result<Vec<RecordBatch>> {
    datafusion::physical_plan::collect(plan(ctx, sql).await?, ctx.task_ctx())
        .await
        .map_err(at(temp_dir))
}

/// The two tables the plans read: both sides' keys.
fn register<R: Linked + Sync>(
    ctx: &SessionContext,
    p: &Pairing<'_, R>,
    threads: usize,
) -> Result<()> {
    let seal = Seal(std::hash::RandomState::new());
    let mut leak = Keys::new(threads, "row", seal.clone());
    let mut registry = Keys::new(threads, "rec", seal);
    let mut scratch = Vec::new();
    match &p.index.blocks {
        crate::index::Blocks::Postings(postings) => {
            for (i, r) in p.leak.iter().enumerate() {
                let Some(r) = r.record() else { continue };
                for (k, rule) in RULES.iter().enumerate() {
                    scratch.clear();
                    (rule.keys)(r, true, &mut scratch);
                    for &key in &scratch {
                        leak.push(i as u32, k as u8, key)?;
                    }
                }
            }
            for (k, postings) in postings.iter().enumerate() {
                for (key, rec) in postings.pairs() {
                    registry.push(rec, k as u8, key)?;
                }
            }
        }
        crate::index::Blocks::Met(met) => {
            for (row, rule, key) in met.leak_keys() {
                leak.push(row, rule, key)?;
            }
            for (rule, key, rec) in met.registry_keys() {
                registry.push(rec, rule, key)?;
            }
        }
    }
    ctx.register_table("leak_keys", leak.table()?)
        .map_err(engine)?;
    ctx.register_table("registry_keys", registry.table()?)
        .map_err(engine)?;
    Ok(())
}

/// Blocking keys as the plan holds them: each key (an unkeyed hash of a name, a date, a
/// NIR: a guess could be tested against it) mixed by a permutation keyed for this run
/// alone, a four-round Feistel network over SipHash with random keys, so that no guess
/// can be tested against what a sort spills to disk, while two keys still meet exactly
/// where they met (a permutation merges no blocks). Which rows share a key still shows,
/// as the pairs' numbers show it.
#[derive(Clone)]
struct Seal(std::hash::RandomState);

impl Seal {
    fn key(&self, key: u64) -> u64 {
        use std::hash::BuildHasher;
        let (mut left, mut right) = ((key >> 32) as u32, key as u32);
        for round in 0..4u8 {
            let f = self.0.hash_one((round, right)) as u32;
            (left, right) = (right, left ^ f);
        }
        (u64::from(left) << 32) | u64::from(right)
    }
}

/// A table of keys built in batches, shared round-robin among `threads` partitions so
/// that every core scans a part: (number, rule, rule's bit, key).
struct Keys {
    seal: Seal,
    schema: SchemaRef,
    numbers: UInt32Builder,
    rules: UInt8Builder,
    bits: UInt16Builder,
    keys: UInt64Builder,
    partitions: Vec<Vec<RecordBatch>>,
    batches: usize,
}

impl Keys {
    fn new(threads: usize, number: &str, seal: Seal) -> Keys {
        Keys {
            seal,
            schema: Keys::schema(number),
            numbers: UInt32Builder::with_capacity(BATCH),
            rules: UInt8Builder::with_capacity(BATCH),
            bits: UInt16Builder::with_capacity(BATCH),
            keys: UInt64Builder::with_capacity(BATCH),
            partitions: vec![Vec::new(); threads.max(1)],
            batches: 0,
        }
    }

    fn push(&mut self, number: u32, rule: u8, key: u64) -> Result<()> {
        self.numbers.append_value(number);
        self.rules.append_value(rule);
        self.bits.append_value(1 << rule);
        self.keys.append_value(self.seal.key(key));
        if self.keys.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn schema(number: &str) -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new(number, DataType::UInt32, false),
            Field::new("rule", DataType::UInt8, false),
            Field::new("bit", DataType::UInt16, false),
            Field::new("key", DataType::UInt64, false),
        ]))
    }

    fn flush(&mut self) -> Result<()> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.numbers.finish()),
            Arc::new(self.rules.finish()),
            Arc::new(self.bits.finish()),
            Arc::new(self.keys.finish()),
        ];
        let batch =
            RecordBatch::try_new(self.schema.clone(), columns).map_err(|e| engine(e.into()))?;
        let n = self.partitions.len();
        self.partitions[self.batches % n].push(batch);
        self.batches += 1;
        Ok(())
    }

    fn table(mut self) -> Result<Arc<MemTable>> {
        if !self.keys.is_empty() {
            self.flush()?;
        }
        Ok(Arc::new(
            MemTable::try_new(self.schema, self.partitions).map_err(engine)?,
        ))
    }
}

/// `vigie_compare(row, rec)`: leak row `row` compared with registry record `rec`, by
/// [`compare`], as its pattern code and the two bytes of what else it found. The function
/// holds both sides' packed records and the plan only their numbers, so that no field
/// goes through the joins and sorts, nor into the files they spill.
#[derive(Debug)]
struct Compare {
    signature: Signature,
    codec: Codec,
    others: Vec<(usize, usize)>,
    leak: Arc<Packed>,
    registry: Arc<Packed>,
}

impl Compare {
    fn fields() -> Fields {
        Fields::from(vec![
            Field::new("code", DataType::UInt64, false),
            Field::new("found", DataType::UInt16, false),
        ])
    }
}

// A plan compares functions when it simplifies expressions: the records are told by
// where they are held, not by hashing millions of them.
impl PartialEq for Compare {
    fn eq(&self, other: &Compare) -> bool {
        self.codec == other.codec
            && self.others == other.others
            && Arc::ptr_eq(&self.leak, &other.leak)
            && Arc::ptr_eq(&self.registry, &other.registry)
    }
}

impl Eq for Compare {}

impl std::hash::Hash for Compare {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.codec.hash(state);
        self.others.hash(state);
        Arc::as_ptr(&self.leak).hash(state);
        Arc::as_ptr(&self.registry).hash(state);
    }
}

impl ScalarUDFImpl for Compare {
    fn name(&self) -> &str {
        "vigie_compare"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> datafusion::common::Result<DataType> {
        Ok(DataType::Struct(Compare::fields()))
    }

    fn invoke_with_args(
        &self,
        args: ScalarFunctionArgs,
    ) -> datafusion::common::Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [rows, recs] = arrays.as_slice() else {
            return exec_err!("vigie_compare takes a row and a record");
        };
        let (Some(rows), Some(recs)) = (
            rows.as_primitive_opt::<UInt32Type>(),
            recs.as_primitive_opt::<UInt32Type>(),
        ) else {
            return exec_err!("vigie_compare takes two record numbers");
        };
        let (leak, registry) = (self.leak.len(), self.registry.len());
        let mut codes = Vec::with_capacity(rows.len());
        let mut found = UInt16Builder::with_capacity(rows.len());
        let mut levels = Vec::new();
        if let Some(row) = rows.values().iter().find(|&&r| r as usize >= leak) {
            return exec_err!("vigie_compare: no row {row} of {leak}");
        }
        if let Some(rec) = recs.values().iter().find(|&&r| r as usize >= registry) {
            return exec_err!("vigie_compare: no record {rec} of {registry}");
        }
        for (i, (row, rec)) in rows.values().iter().zip(recs.values()).enumerate() {
            let (row, rec) = (*row as usize, *rec as usize);
            // As in memory: records are fetched a few pairs ahead of their turn.
            if let (Some(&ahead), Some(&ahead_row)) = (
                recs.values().get(i + crate::PREFETCH),
                rows.values().get(i + crate::PREFETCH),
            ) {
                self.registry.prefetch(ahead as usize);
                self.leak.prefetch(ahead_row as usize);
            }
            let f = compare(
                &self.leak.get(row),
                &self.registry.get(rec),
                &self.others,
                &mut levels,
            );
            codes.push(self.codec.encode(&levels));
            found.append_value(u16::from_le_bytes(f.to_bytes()));
        }
        let columns: Vec<ArrayRef> =
            vec![Arc::new(UInt64Array::from(codes)), Arc::new(found.finish())];
        Ok(ColumnarValue::Array(Arc::new(StructArray::try_new(
            Compare::fields(),
            columns,
            None,
        )?)))
    }
}

#[cfg(test)]
mod tests {
    use super::{Seal, numbers_only};
    use crate::error::Error;
    use datafusion::prelude::SessionContext;
    use std::collections::HashSet;
    use std::hash::RandomState;

    #[test]
    fn a_plan_that_would_carry_text_is_refused_before_it_runs() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let checked = |sql: &'static str| {
            runtime.block_on(async {
                let ctx = SessionContext::new();
                let plan = ctx
                    .sql(sql)
                    .await
                    .expect("a plan")
                    .create_physical_plan()
                    .await
                    .expect("a physical plan");
                numbers_only(plan.as_ref())
            })
        };
        let numbers = "SELECT a, b FROM (VALUES (CAST(2 AS INT UNSIGNED), 1), (1, 2)) t(a, b) \
                       ORDER BY a";
        assert!(checked(numbers).is_ok());
        // A field below the top of the plan, sorted and then dropped, is refused too.
        let below = "SELECT a FROM (VALUES (1, 'Dupont'), (2, 'Martin')) t(a, name) \
                     ORDER BY name";
        for sql in [below, "SELECT 'Dupont' AS name"] {
            match checked(sql) {
                Err(Error::Engine(message)) => assert!(message.contains("Utf8"), "{message}"),
                other => panic!("{sql}: {other:?}"),
            }
        }
    }

    #[test]
    fn sealed_keys_meet_where_keys_meet_and_differ_with_each_run() {
        let (seal, other) = (Seal(RandomState::new()), Seal(RandomState::new()));
        // Keys that differ in one half only, the way a structured value's hash would not,
        // and scattered ones.
        let keys: Vec<u64> = (0..300_000u64)
            .flat_map(|k| [k, k << 32, k.wrapping_mul(0x9E37_79B9_7F4A_7C15)])
            .collect();
        let distinct: HashSet<u64> = keys.iter().copied().collect();
        let sealed: HashSet<u64> = distinct.iter().map(|&k| seal.key(k)).collect();
        assert_eq!(
            sealed.len(),
            distinct.len(),
            "two keys merged into one block"
        );
        assert!(keys.iter().all(|&k| seal.key(k) == seal.key(k)));
        let kept = keys.iter().filter(|&&k| seal.key(k) == k).count();
        let shared = keys
            .iter()
            .filter(|&&k| seal.key(k) == other.key(k))
            .count();
        assert!(kept < 3, "{kept} keys left as they were");
        assert!(shared < 3, "{shared} keys sealed alike in two runs");
    }
}
