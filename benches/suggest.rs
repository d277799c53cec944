//! Suggest at scale: a 1,000,000-pair en-fr memory built from the real
//! pairs of `../shared/data/tm/en-fr.tsv` plus deterministic near
//! duplicates, 1,000 held-out real sentences as queries.
//!
//! Measures, in one process: import with the index built (pairs/s), the
//! file size against the raw text, per-query time (single thread, warm),
//! recall against an exhaustive scan of every stored unit, and the wall
//! time of `dragoman suggest --file` on the 1,000 queries.
//!
//! ```text
//! cargo bench --bench suggest                 # the 1M-pair figures
//! cargo bench --bench suggest -- quality      # top-3 suggestions for real en-ar and en-fr queries (markdown)
//! DRAGOMAN_BENCH_POSTGRES=postgres://… cargo bench --bench suggest -- backends
//!                                             # SQLite and PostgreSQL side by side: import, 1 and 32 clients, recall
//! DRAGOMAN_BENCH_MEMORY=postgres://… cargo bench --bench suggest -- roundtrips
//!                                             # on a memory built before: lists read one key per call (as before
//!                                             # the batched reads) against batched, 1 and 32 clients, in turns
//! ```
//!
//! Environment: `SUGGEST_BENCH_PAIRS` (default 1000000) to try a smaller
//! memory, `SUGGEST_BENCH_DIR` for the memory folder (default a
//! temporary one), `SUGGEST_BENCH_REUSE` to reuse a memory built there
//! before, `SUGGEST_BENCH_QUERIES_ONLY` to stop after the per-query
//! times (and show the slowest queries).

use dragoman::fuzzy::score::Prepared;
use dragoman::fuzzy::tokenize::index_keys;
use dragoman::fuzzy::{Markers, Matcher, Searcher, adapt, compare, mark_edits};
use dragoman::lang::Lang;
use dragoman::memory::index::{CandidateUnit, IndexStatus, PostingSource, Postings, Side};
use dragoman::memory::{Memory, MemoryError, NewUnit};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "corpus/mod.rs"]
mod corpus;
use corpus::{QUERIES, pairs_for_memory, read_tsv, split_held_out};

fn build_memory(path: &Path, pairs: &[(String, String)], src: &str, tgt: &str) -> f64 {
    let postgres = path.to_str().is_some_and(|p| p.starts_with("postgres"));
    if !postgres {
        let _ = std::fs::remove_file(path);
    }
    let (src, tgt) = (Lang::parse(src).unwrap(), Lang::parse(tgt).unwrap());
    let units: Vec<NewUnit> = pairs.iter().map(|(s, t)| NewUnit::new(src.clone(), tgt.clone(), s, t, "bench")).collect();
    let start = Instant::now();
    let mut memory = Memory::open(path, dragoman::fuzzy::index_keys()).unwrap();
    // as `dragoman import` writes: PostgreSQL's new units go by `COPY`
    let mut writer = memory.bulk_writer().unwrap();
    for unit in &units {
        writer.add(unit).unwrap();
    }
    let inserted = start.elapsed().as_secs_f64();
    writer.commit().unwrap();
    let seconds = start.elapsed().as_secs_f64();
    println!("import: rows inserted in {inserted:.1} s, index built and committed in {:.1} s", seconds - inserted);
    drop(memory);
    if !postgres {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    seconds
}

/// Every stored unit in RAM with its index keys, for the exhaustive scan.
struct Everything {
    sources: Vec<String>,
    targets: Vec<String>,
    lengths: Vec<u32>,
    offsets: Vec<usize>,
    keys: Vec<(u32, u32)>,
    vocabulary: HashMap<String, u32>,
}

impl Everything {
    fn load(path: &Path) -> Everything {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn.prepare("SELECT source, target FROM units ORDER BY id").unwrap();
        let rows: Vec<(String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        let mut all = Everything {
            sources: Vec::new(),
            targets: Vec::new(),
            lengths: Vec::new(),
            offsets: vec![0],
            keys: Vec::new(),
            vocabulary: HashMap::new(),
        };
        for (source, target) in rows {
            let (keys, length) = index_keys(&source);
            let ids = all.key_ids(keys);
            all.keys.extend(ids);
            all.offsets.push(all.keys.len());
            all.lengths.push(length as u32);
            all.sources.push(source);
            all.targets.push(target);
        }
        all
    }

    fn key_ids(&mut self, keys: Vec<(String, u32)>) -> Vec<(u32, u32)> {
        let mut ids: Vec<(u32, u32)> = keys
            .into_iter()
            .map(|(key, count)| {
                let next = self.vocabulary.len() as u32;
                (*self.vocabulary.entry(key).or_insert(next), count)
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    fn query_ids(&self, query: &str) -> (Vec<(u32, u32)>, usize) {
        let (keys, length) = index_keys(query);
        let mut ids: Vec<(u32, u32)> = keys.into_iter().filter_map(|(k, c)| self.vocabulary.get(&k).map(|&id| (id, c))).collect();
        ids.sort_unstable();
        (ids, length)
    }

    /// The best score over every unit. A unit is compared exactly unless
    /// its shared words prove it cannot beat the best so far (shared
    /// words bound the score: `100 · shared / max(n, m)`).
    fn best_score(&self, query: &str) -> u8 {
        let prepared = Prepared::new(query);
        let (ids, n) = self.query_ids(query);
        let mut best = 0u8;
        for unit in 0..self.sources.len() {
            let m = self.lengths[unit] as usize;
            let longest = n.max(m).max(1);
            if 100 * n.min(m) / longest < usize::from(best.max(1)) {
                continue;
            }
            let theirs = &self.keys[self.offsets[unit]..self.offsets[unit + 1]];
            let (mut i, mut j, mut shared) = (0, 0, 0usize);
            while i < ids.len() && j < theirs.len() {
                match ids[i].0.cmp(&theirs[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        shared += ids[i].1.min(theirs[j].1) as usize;
                        i += 1;
                        j += 1;
                    }
                }
            }
            if 100 * shared / longest <= usize::from(best) {
                continue;
            }
            let comparison = compare(&prepared, &Prepared::new(&self.sources[unit]));
            let score = if adapt::adapt_numbers(&comparison, &self.targets[unit]).is_some() {
                comparison.adapted_score()
            } else {
                comparison.score
            };
            best = best.max(score);
        }
        best
    }
}

/// CPU time of this thread, in milliseconds: what a query costs however
/// busy the machine is.
fn thread_cpu_ms() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

/// User plus system CPU seconds of the children waited for so far.
fn children_cpu_s() -> f64 {
    // SAFETY: getrusage writes into the rusage we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn scratch_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var("SUGGEST_BENCH_DIR") {
        Ok(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            (PathBuf::from(dir), None)
        }
        Err(_) => {
            let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
            (dir.path().to_path_buf(), Some(dir))
        }
    }
}

fn scale() {
    let total: usize = std::env::var("SUGGEST_BENCH_PAIRS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let (real, held) = split_held_out(read_tsv("../shared/data/tm/en-fr.tsv"));
    let pairs = pairs_for_memory(&real, total);
    let raw: usize = pairs.iter().map(|(s, t)| s.len() + t.len()).sum();
    let (dir, _keep) = scratch_dir();
    let path = dir.join(format!("en-fr-{total}.sqlite"));
    let reuse = std::env::var_os("SUGGEST_BENCH_REUSE").is_some() && path.exists();
    println!(
        "memory: {total} pairs ({} real, {} derived) from en-fr.tsv; {QUERIES} held-out queries",
        real.len().min(total),
        total.saturating_sub(real.len())
    );
    if !reuse {
        let seconds = build_memory(&path, &pairs, "en", "fr");
        println!("import with index: {seconds:.1} s = {:.0} pairs/s", total as f64 / seconds);
    }
    drop(pairs);
    let size = std::fs::metadata(&path).unwrap().len();
    println!("file: {:.1} MB for {:.1} MB of raw text = {:.2}x", size as f64 / 1e6, raw as f64 / 1e6, size as f64 / raw as f64);

    let queries: Vec<String> = held.iter().map(|(s, _)| s.clone()).collect();
    let memory = Memory::open_existing(&path, dragoman::fuzzy::index_keys()).unwrap();
    let matcher = Matcher { src_lang: Some(Lang::parse("en").unwrap()), limit: 3, ..Matcher::default() };
    let mut searcher = Searcher::new(&memory, &matcher).unwrap();
    for q in &queries {
        searcher.find(q).unwrap();
    }
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut top = Vec::new();
    for q in &queries {
        let (start, start_cpu) = (Instant::now(), thread_cpu_ms());
        let found = searcher.find(q).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(thread_cpu_ms() - start_cpu);
        top.push(found.first().map_or(0, |m| m.score));
    }
    let mut sorted_cpu = cpu.clone();
    sorted_cpu.sort_by(f64::total_cmp);
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "per query (1 thread, warm): median {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.95),
        percentile(&sorted, 0.99),
        sorted[sorted.len() - 1]
    );
    println!(
        "per query, thread CPU time: median {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms (load average now {})",
        percentile(&sorted_cpu, 0.5),
        percentile(&sorted_cpu, 0.95),
        percentile(&sorted_cpu, 0.99),
        sorted_cpu[sorted_cpu.len() - 1],
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').next().unwrap_or("?")
    );
    let stats = searcher.stats();
    println!(
        "per query on average: {:.0} posting entries read ({:.0} in lists admitting candidates), {:.0} candidates, {:.1} compared exactly",
        stats.postings as f64 / stats.queries as f64,
        stats.admitting as f64 / stats.queries as f64,
        stats.candidates as f64 / stats.queries as f64,
        stats.compared as f64 / stats.queries as f64
    );
    if std::env::var_os("SUGGEST_BENCH_QUERIES_ONLY").is_some() {
        let mut slowest: Vec<usize> = (0..QUERIES).collect();
        slowest.sort_by(|&a, &b| times[b].total_cmp(&times[a]));
        for &k in &slowest[..5] {
            println!("  slow: {:.1} ms (top {}): {}", times[k], top[k], queries[k]);
        }
        return;
    }

    let start = Instant::now();
    let everything = Everything::load(&path);
    let exhaustive: Vec<u8> = std::thread::scope(|scope| {
        let halves: Vec<_> = queries
            .chunks(QUERIES.div_ceil(2))
            .map(|part| scope.spawn(|| part.iter().map(|q| everything.best_score(q)).collect::<Vec<u8>>()))
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let exhaustive_ms = start.elapsed().as_secs_f64() * 1000.0 / QUERIES as f64;
    let eligible: Vec<usize> = (0..QUERIES).filter(|&k| exhaustive[k] >= 50).collect();
    let same = eligible.iter().filter(|&&k| top[k] == exhaustive[k]).count();
    for &k in eligible.iter().filter(|&&k| top[k] != exhaustive[k]).take(5) {
        println!("  miss: exhaustive {} indexed {}: {}", exhaustive[k], top[k], queries[k]);
    }
    println!(
        "recall: {same} of {} queries whose exhaustive best scores >= 50 get the same top score ({:.2}%); exhaustive scan {exhaustive_ms:.0} ms/query (2 threads, incl. loading)",
        eligible.len(),
        100.0 * same as f64 / eligible.len().max(1) as f64
    );
    let bands = [(100, 100), (95, 99), (85, 94), (75, 84), (50, 74), (0, 49)];
    let counts: Vec<String> =
        bands.iter().map(|&(lo, hi)| format!("{lo}-{hi}: {}", top.iter().filter(|&&s| (lo..=hi).contains(&s)).count())).collect();
    println!("top score bands: {}", counts.join(", "));
    drop(everything);

    let file = dir.join("queries.en.txt");
    std::fs::write(&file, queries.join("\n") + "\n").unwrap();
    let (start, cpu_before) = (Instant::now(), children_cpu_s());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(["suggest", "--format", "json", "--file"])
        .arg(&file)
        .arg("--memory")
        .arg(&path)
        .output()
        .unwrap();
    let wall = start.elapsed().as_secs_f64();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = output.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    let cpu = children_cpu_s() - cpu_before;
    println!(
        "dragoman suggest --file ({QUERIES} sentences, {lines} results): {wall:.2} s wall, {cpu:.2} s CPU (user + system, both threads)"
    );
}

fn quality() {
    for (corpus, tgt) in [("en-ar", "ar"), ("en-fr", "fr")] {
        let (real, held) = split_held_out(read_tsv(&format!("../shared/data/tm/{corpus}.tsv")));
        let (dir, _keep) = scratch_dir();
        let path = dir.join(format!("{corpus}.sqlite"));
        build_memory(&path, &real, "en", tgt);
        let memory = Memory::open_existing(&path, dragoman::fuzzy::index_keys()).unwrap();
        let matcher = Matcher { src_lang: Some(Lang::parse("en").unwrap()), limit: 3, ..Matcher::default() };
        let mut searcher = Searcher::new(&memory, &matcher).unwrap();
        println!("### {corpus} ({} pairs in memory)\n", real.len());
        // one query per band, the first held-out sentence (of 4+ words) whose top score falls in it
        let bands = [(95, 99), (85, 94), (75, 84), (60, 74), (50, 59)];
        for (lo, hi) in bands {
            let Some((query, found)) = held
                .iter()
                .filter(|(s, _)| s.split_whitespace().count() >= 4)
                .map(|(s, _)| (s, searcher.find(s).unwrap()))
                .find(|(_, f)| f.first().is_some_and(|m| (lo..=hi).contains(&m.score)))
            else {
                continue;
            };
            println!("» `{}`\n", query.replace('`', "'"));
            for m in &found {
                let adapted = if m.is_adapted() { " (adapted)" } else { "" };
                let marked = mark_edits(&m.unit.source, query, &m.comparison.edits, &Markers::TEXT);
                println!("- **{}%**{adapted} `{}`  \n  → {}", m.score, marked.replace('`', "'"), m.target);
            }
            println!();
        }
    }
}

/// Where the backends run: a SQLite file in the scratch folder, and a
/// fresh schema of the database `DRAGOMAN_BENCH_POSTGRES` names.
fn bench_locations(dir: &Path, total: usize) -> Vec<(&'static str, PathBuf)> {
    let mut out = vec![("SQLite", dir.join(format!("backends-{total}.sqlite")))];
    if let Ok(base) = std::env::var("DRAGOMAN_BENCH_POSTGRES") {
        let schema = format!("bench_{}", std::process::id());
        let mut client = postgres::Client::connect(&base, postgres::NoTls).unwrap();
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
        let joiner = if base.contains('?') { '&' } else { '?' };
        out.push(("PostgreSQL", PathBuf::from(format!("{base}{joiner}options=-csearch_path%3D{schema}"))));
    } else {
        println!("DRAGOMAN_BENCH_POSTGRES is not set: SQLite only");
    }
    out
}

/// Per-query times (ms, sorted) and top scores of `queries` on one client.
fn one_client(at: &Path, queries: &[String], matcher: &Matcher) -> (Vec<f64>, Vec<u8>) {
    let memory = Memory::open_for_reading(at, dragoman::fuzzy::index_keys()).unwrap();
    let mut searcher = Searcher::new(&memory, matcher).unwrap();
    for q in queries {
        searcher.find(q).unwrap();
    }
    let mut times = Vec::new();
    let mut top = Vec::new();
    for q in queries {
        let start = Instant::now();
        let found = searcher.find(q).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        top.push(found.first().map_or(0, |m| m.score));
    }
    times.sort_by(f64::total_cmp);
    (times, top)
}

/// Per-query times (ms, sorted) of `clients` clients at once, each with
/// its own connection, each asking `each` queries (warm: one pass first);
/// and the queries answered per second.
fn many_clients(at: &Path, queries: &[String], matcher: &Matcher, clients: usize, each: usize) -> (Vec<f64>, f64) {
    let barrier = std::sync::Barrier::new(clients);
    let start = std::sync::Mutex::new(None::<Instant>);
    let mut times: Vec<f64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (barrier, start) = (&barrier, &start);
                scope.spawn(move || {
                    let memory = Memory::open_for_reading(at, dragoman::fuzzy::index_keys()).unwrap();
                    let mine: Vec<&String> = (0..each).map(|k| &queries[(c * each + k) % queries.len()]).collect();
                    let mut searcher = Searcher::new(&memory, matcher).unwrap();
                    for q in &mine {
                        searcher.find(q).unwrap();
                    }
                    barrier.wait();
                    start.lock().unwrap().get_or_insert_with(Instant::now);
                    let mut times = Vec::new();
                    for q in mine {
                        let t = Instant::now();
                        searcher.find(q).unwrap();
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    times
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let seconds = start.into_inner().unwrap().unwrap().elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let per_second = times.len() as f64 / seconds;
    (times, per_second)
}

/// SQLite and PostgreSQL side by side on the same pairs and queries.
fn backends() {
    let total: usize = std::env::var("SUGGEST_BENCH_PAIRS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let clients: usize = 32;
    let each: usize = std::env::var("SUGGEST_BENCH_EACH").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let (real, held) = split_held_out(read_tsv("../shared/data/tm/en-fr.tsv"));
    let pairs = pairs_for_memory(&real, total);
    let queries: Vec<String> = held.iter().map(|(s, _)| s.clone()).collect();
    let (dir, _keep) = scratch_dir();
    let locations = bench_locations(&dir, total);
    println!("memory: {total} pairs from en-fr.tsv; {QUERIES} held-out queries; {clients} clients x {each} queries each");
    let matcher = Matcher { src_lang: Some(Lang::parse("en").unwrap()), limit: 3, ..Matcher::default() };
    let mut rows = Vec::new();
    let mut tops = Vec::new();
    for (name, at) in &locations {
        let seconds = build_memory(at, &pairs, "en", "fr");
        let (one, top) = one_client(at, &queries, &matcher);
        let (many, per_second) = many_clients(at, &queries, &matcher, clients, each);
        println!(
            "{name}: import {:.0} pairs/s; 1 client median {:.2} ms p95 {:.2} ms; {clients} clients median {:.2} ms p95 {:.2} ms ({per_second:.0} queries/s)",
            total as f64 / seconds,
            percentile(&one, 0.5),
            percentile(&one, 0.95),
            percentile(&many, 0.5),
            percentile(&many, 0.95)
        );
        rows.push((name, total as f64 / seconds, one, many, per_second));
        tops.push(top);
    }
    drop(pairs);
    let everything = Everything::load(&locations[0].1);
    let exhaustive: Vec<u8> = queries.iter().map(|q| everything.best_score(q)).collect();
    let eligible: Vec<usize> = (0..QUERIES).filter(|&k| exhaustive[k] >= 50).collect();
    println!();
    println!(
        "| backend | import pairs/s | 1 client median | 1 client p95 | {clients} clients median | {clients} clients p95 | {clients} clients queries/s | recall |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for ((name, rate, one, many, per_second), top) in rows.iter().zip(&tops) {
        let same = eligible.iter().filter(|&&k| top[k] == exhaustive[k]).count();
        println!(
            "| {name} | {rate:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {per_second:.0} | {same}/{} = {:.2}% |",
            percentile(one, 0.5),
            percentile(one, 0.95),
            percentile(many, 0.5),
            percentile(many, 0.95),
            eligible.len(),
            100.0 * same as f64 / eligible.len().max(1) as f64
        );
    }
}

/// A memory read through [`PostingSource`], counting the calls (each a
/// round trip on PostgreSQL); `per_key`: the lists, their lengths and
/// the kept units one call per key or id, as retrieval read them before
/// the batched reads (the trait's default methods).
struct Counted<'m> {
    memory: &'m Memory,
    per_key: bool,
    calls: std::cell::Cell<usize>,
}

impl Counted<'_> {
    fn count<T>(&self, calls: usize, value: T) -> T {
        self.calls.set(self.calls.get() + calls);
        value
    }
}

impl PostingSource for Counted<'_> {
    fn prepare_for_queries(&self) -> Result<(), MemoryError> {
        PostingSource::prepare_for_queries(self.memory)
    }
    fn begin_reading(&self) -> Result<bool, MemoryError> {
        PostingSource::begin_reading(self.memory)
    }
    fn end_reading(&self) -> Result<(), MemoryError> {
        PostingSource::end_reading(self.memory)
    }
    fn index_status(&self) -> Result<IndexStatus, MemoryError> {
        PostingSource::index_status(self.memory)
    }
    fn postings(&self, side: Side, key: &str) -> Result<Postings, MemoryError> {
        self.count(1, PostingSource::postings(self.memory, side, key))
    }
    fn postings_len(&self, side: Side, key: &str) -> Result<usize, MemoryError> {
        self.count(1, PostingSource::postings_len(self.memory, side, key))
    }
    fn postings_lens(&self, side: Side, keys: &[&str]) -> Result<Vec<usize>, MemoryError> {
        if self.per_key {
            return keys.iter().map(|key| self.postings_len(side, key)).collect();
        }
        self.count(usize::from(!keys.is_empty()), self.memory.postings_lens(side, keys))
    }
    fn postings_of(&self, side: Side, keys: &[&str]) -> Result<Vec<Postings>, MemoryError> {
        if self.per_key {
            return keys.iter().map(|key| self.postings(side, key)).collect();
        }
        self.count(usize::from(!keys.is_empty()), self.memory.postings_of(side, keys))
    }
    fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError> {
        self.count(1, PostingSource::units_with_source(self.memory, source))
    }
    fn candidate(&self, id: i64) -> Result<Option<CandidateUnit>, MemoryError> {
        self.count(1, PostingSource::candidate(self.memory, id))
    }
    fn candidates(&self, ids: &[i64]) -> Result<Vec<CandidateUnit>, MemoryError> {
        self.count(1, PostingSource::candidates(self.memory, ids))
    }
    fn for_each_candidate_after(&self, after: i64, f: &mut dyn FnMut(CandidateUnit)) -> Result<(), MemoryError> {
        self.count(1, PostingSource::for_each_candidate_after(self.memory, after, f))
    }
    fn unit(&self, id: i64) -> Result<Option<dragoman::memory::Unit>, MemoryError> {
        self.count(1, PostingSource::unit(self.memory, id))
    }
    fn units_of(&self, ids: &[i64]) -> Result<Vec<dragoman::memory::Unit>, MemoryError> {
        if self.per_key {
            return ids.iter().filter_map(|&id| self.unit(id).transpose()).collect();
        }
        self.count(usize::from(!ids.is_empty()), self.memory.units_of(ids))
    }
}

/// Per-query times (ms, sorted), queries per second, calls per query and
/// CPU ms per query (this process, the server's processes) of `clients`
/// clients at once on `at` (each its own connection, warm), reading per
/// key or batched.
fn counted_clients(
    at: &Path,
    queries: &[String],
    matcher: &Matcher,
    clients: usize,
    each: usize,
    per_key: bool,
) -> (Vec<f64>, f64, f64, (f64, f64)) {
    // the main thread too, to read the CPU times while the connections are open
    let barrier = std::sync::Barrier::new(clients + 1);
    let done = std::sync::Barrier::new(clients + 1);
    let start = std::sync::Mutex::new(None::<Instant>);
    let mut cpu = (0.0, 0.0);
    let results: Vec<(Vec<f64>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (barrier, start, done) = (&barrier, &start, &done);
                scope.spawn(move || {
                    let memory = Memory::open_for_reading(at, dragoman::fuzzy::index_keys()).unwrap();
                    let counted = Counted { memory: &memory, per_key, calls: std::cell::Cell::new(0) };
                    let mine: Vec<&String> = (0..each).map(|k| &queries[(c * each + k) % queries.len()]).collect();
                    let mut searcher = Searcher::new(&counted, matcher).unwrap();
                    for q in &mine {
                        searcher.find(q).unwrap();
                    }
                    barrier.wait();
                    start.lock().unwrap().get_or_insert_with(Instant::now);
                    counted.calls.set(0);
                    let mut times = Vec::new();
                    for q in mine {
                        let t = Instant::now();
                        searcher.find(q).unwrap();
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    done.wait();
                    done.wait();
                    (times, counted.calls.get())
                })
            })
            .collect();
        barrier.wait();
        let before = cpu_here_and_in_postgres();
        done.wait();
        let after = cpu_here_and_in_postgres();
        cpu = (after.0 - before.0, after.1 - before.1);
        done.wait();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let seconds = start.into_inner().unwrap().unwrap().elapsed().as_secs_f64();
    let calls: usize = results.iter().map(|(_, c)| c).sum();
    let mut times: Vec<f64> = results.into_iter().flat_map(|(t, _)| t).collect();
    times.sort_by(f64::total_cmp);
    let n = times.len() as f64;
    (times.clone(), n / seconds, calls as f64 / n, (1000.0 * cpu.0 / n, 1000.0 * cpu.1 / n))
}

/// CPU seconds (user + system) used so far by this process and by the
/// server's backends: the children of the postmaster of the throwaway
/// cluster in `DRAGOMAN_TEST_POSTGRES_DIR` (`scripts/throwaway-postgres`),
/// else every process named `postgres` on this machine.
fn cpu_here_and_in_postgres() -> (f64, f64) {
    let ticks = |stat: &str| -> f64 {
        // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields.get(11).and_then(|u| u.parse::<f64>().ok()).unwrap_or(0.0)
            + fields.get(12).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0)
    };
    // USER_HZ is 100 on Linux
    let here = ticks(&std::fs::read_to_string("/proc/self/stat").unwrap_or_default()) / 100.0;
    let postmaster: Option<String> = std::env::var("DRAGOMAN_TEST_POSTGRES_DIR")
        .ok()
        .and_then(|dir| std::fs::read_to_string(Path::new(&dir).join("data/postmaster.pid")).ok())
        .and_then(|pid| pid.lines().next().map(str::to_string));
    let parent = |stat: &str| stat.rsplit_once(')').and_then(|(_, r)| r.split_whitespace().nth(1).map(str::to_string));
    let mut server = 0.0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Ok(stat) = std::fs::read_to_string(entry.path().join("stat"))
            && stat.contains("(postgres)")
            && postmaster.as_ref().is_none_or(|pid| parent(&stat).as_ref() == Some(pid))
        {
            server += ticks(&stat) / 100.0;
        }
    }
    (here, server)
}

/// Per-key against batched reads on a memory built before, in turns.
fn roundtrips() {
    let at = PathBuf::from(std::env::var("DRAGOMAN_BENCH_MEMORY").expect("DRAGOMAN_BENCH_MEMORY names a memory built before"));
    let each: usize = std::env::var("SUGGEST_BENCH_EACH").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let (_, held) = split_held_out(read_tsv("../shared/data/tm/en-fr.tsv"));
    let queries: Vec<String> = held.iter().map(|(s, _)| s.clone()).collect();
    let matcher = Matcher { src_lang: Some(Lang::parse("en").unwrap()), limit: 3, ..Matcher::default() };
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').next().unwrap_or("?").to_string();
    for round in 1..=2 {
        for per_key in [true, false] {
            for clients in [1, 32] {
                let each = if clients == 1 { queries.len() } else { each };
                let (times, per_second, calls, cpu) = counted_clients(&at, &queries, &matcher, clients, each, per_key);
                println!(
                    "round {round}, {}, {clients} clients: median {:.2} ms, p95 {:.2} ms, {per_second:.0} queries/s, {calls:.1} calls/query; CPU per query: client {:.2} ms, server {:.2} ms (load {})",
                    if per_key { "per key" } else { "batched" },
                    percentile(&times, 0.5),
                    percentile(&times, 0.95),
                    cpu.0,
                    cpu.1,
                    load()
                );
            }
        }
    }
}

fn main() {
    if std::env::args().any(|a| a == "roundtrips") {
        roundtrips();
    } else if std::env::args().any(|a| a == "backends") {
        backends();
    } else if std::env::args().any(|a| a == "quality") {
        quality();
    } else {
        scale();
    }
}
