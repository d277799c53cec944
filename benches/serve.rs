//! `dragoman serve` under load (issue 13): the release binary serving a
//! 1,000,000-pair en-fr memory on 127.0.0.1, 64 clients calling
//! `POST /api/v1/suggest` one request at a time each (a closed loop, so
//! the load is bounded) for 60 s; then the same with 8 importers
//! posting 1,000-pair TSV files to `POST /api/v1/import` meanwhile.
//! Reports throughput, p50/p95/p99 latency, errors (which must be 0)
//! and the server's peak resident memory (`VmHWM`). Also the cost of
//! opening the memory for reading, against a suggest request: what the
//! server's pool of read connections saves.
//!
//! The memory is built as `benches/suggest.rs` builds its own (the real
//! pairs of `../shared/data/tm/en-fr.tsv`, then deterministic near
//! duplicates; the same functions, copied: a bench is its own crate);
//! the queries are its held-out sentences.
//!
//! ```text
//! cargo bench --bench serve
//! SERVE_BENCH_PAIRS=100000 SERVE_BENCH_SECONDS=20 cargo bench --bench serve   # a quick run
//! ```
//!
//! Environment: `SERVE_BENCH_PAIRS` (default 1000000),
//! `SERVE_BENCH_SECONDS` (default 60), `SERVE_BENCH_CLIENTS` (64),
//! `SERVE_BENCH_IMPORTERS` (8), `SERVE_BENCH_DIR` for the memory folder
//! (default a temporary one) and `SERVE_BENCH_REUSE` to reuse a memory
//! built there before.

use dragoman::lang::Lang;
use dragoman::memory::{Memory, NewUnit};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "corpus/mod.rs"]
mod corpus;
use corpus::{pairs_for_memory, read_tsv, split_held_out};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn build_memory(path: &Path, pairs: &[(String, String)]) {
    let _ = std::fs::remove_file(path);
    let (src, tgt) = (Lang::parse("en").unwrap(), Lang::parse("fr").unwrap());
    let started = Instant::now();
    let mut memory = Memory::open(path, dragoman::fuzzy::index_keys()).unwrap();
    let mut writer = memory.writer().unwrap();
    for (s, t) in pairs {
        writer.add(&NewUnit::new(src.clone(), tgt.clone(), s, t, "bench")).unwrap();
    }
    writer.commit().unwrap();
    drop(memory);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    println!("memory built in {:.1} s", started.elapsed().as_secs_f64());
}

/// The server under test: the release binary, on a free loopback port.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    // the child is waited for by `Drop` once it is a `Server`, and killed and waited for if it never starts
    #[allow(clippy::zombie_processes)]
    fn start(memory: &Path, home: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
            .arg("--memory")
            .arg(memory)
            .args(["serve", "--listen", "127.0.0.1:0", "--max-upload", "16777216"])
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let found: Arc<Mutex<Option<String>>> = Arc::default();
        let seen = Arc::clone(&found);
        // the request log is read (as a terminal or a file would take it) and dropped
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("on http://") {
                    let port = line[at + 10..].split('/').next().unwrap().rsplit(':').next().unwrap().to_string();
                    *seen.lock().unwrap() = Some(format!("127.0.0.1:{port}"));
                }
            }
        });
        let started = Instant::now();
        loop {
            if let Some(addr) = found.lock().unwrap().clone() {
                return Server { child, addr };
            }
            if started.elapsed() > Duration::from_secs(600) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server did not start");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Peak resident memory so far, in MB (Linux `VmHWM`).
    fn peak_rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let kb: f64 =
            status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0.0);
        kb / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A kept-alive HTTP/1.1 connection: one request at a time.
struct Connection {
    reader: BufReader<TcpStream>,
    addr: String,
}

impl Connection {
    fn open(addr: &str) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        Ok(Connection { reader: BufReader::new(stream), addr: addr.to_string() })
    }

    /// Sends a request and reads the answer: its status and body.
    fn send(&mut self, method: &str, path: &str, extra: &str, body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        let head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n{extra}\r\n", self.addr, body.len());
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().map_err(std::io::Error::other)?;
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, body))
    }
}

/// What the suggest clients saw.
struct Load {
    latencies_ms: Vec<f64>,
    errors: u64,
    seconds: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// `clients` threads calling suggest for `seconds`, each on its own
/// kept-alive connection, one request at a time.
fn suggest_load(addr: &str, queries: &[String], clients: usize, seconds: f64) -> Load {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (addr, queries) = (addr.to_string(), queries.to_vec());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut connection = Connection::open(&addr).ok();
                let mut k = c * 7919;
                while Instant::now() < deadline {
                    let query = &queries[k % queries.len()];
                    k += 1;
                    let body = serde_json::json!({ "text": query, "src_lang": "en" }).to_string();
                    let sent = Instant::now();
                    let result = match connection.as_mut() {
                        Some(conn) => conn.send("POST", "/api/v1/suggest", "Content-Type: application/json\r\n", body.as_bytes()),
                        None => Err(std::io::Error::other("not connected")),
                    };
                    match result {
                        Ok((200, _)) => latencies.push(sent.elapsed().as_secs_f64() * 1000.0),
                        Ok((status, body)) => {
                            errors += 1;
                            if errors <= 3 {
                                eprintln!("suggest: {status} {}", String::from_utf8_lossy(&body));
                            }
                        }
                        Err(e) => {
                            errors += 1;
                            if errors <= 3 {
                                eprintln!("suggest: {e}");
                            }
                            connection = Connection::open(&addr).ok();
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut load = Load { latencies_ms: Vec::new(), errors: 0, seconds: 0.0 };
    for handle in handles {
        let (latencies, errors) = handle.join().unwrap();
        load.latencies_ms.extend(latencies);
        load.errors += errors;
    }
    load.seconds = started.elapsed().as_secs_f64();
    load.latencies_ms.sort_by(f64::total_cmp);
    load
}

/// What the importers did.
#[derive(Default)]
struct Imports {
    files: u64,
    pairs: u64,
    errors: u64,
    latencies_ms: Vec<f64>,
}

/// `importers` threads posting 1,000-pair TSV files of new pairs until `stop`.
fn import_load(addr: &str, importers: usize, stop: Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<Imports>> {
    static FILE: AtomicU64 = AtomicU64::new(0);
    (0..importers)
        .map(|_| {
            let (addr, stop) = (addr.to_string(), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut done = Imports::default();
                let mut connection = Connection::open(&addr).ok();
                while !stop.load(Ordering::Relaxed) {
                    let file = FILE.fetch_add(1, Ordering::Relaxed);
                    let mut tsv = String::from("source\ttarget\n");
                    for k in 0..1000 {
                        tsv.push_str(&format!(
                            "Dispatch {file} paragraph {k}: the committee met again on Thursday.\tDépêche {file} paragraphe {k} : le comité s'est réuni de nouveau jeudi.\n"
                        ));
                    }
                    let sent = Instant::now();
                    let headers = "Cookie: dragoman_csrf=bench\r\nX-CSRF-Token: bench\r\n";
                    let result = match connection.as_mut() {
                        Some(conn) => conn.send("POST", "/api/v1/import?format=tsv&src_lang=en&tgt_lang=fr", headers, tsv.as_bytes()),
                        None => Err(std::io::Error::other("not connected")),
                    };
                    match result {
                        Ok((200, _)) => {
                            done.files += 1;
                            done.pairs += 1000;
                            done.latencies_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                        }
                        Ok((status, body)) => {
                            done.errors += 1;
                            eprintln!("import: {status} {}", String::from_utf8_lossy(&body));
                        }
                        Err(e) => {
                            done.errors += 1;
                            eprintln!("import: {e}");
                            connection = Connection::open(&addr).ok();
                        }
                    }
                }
                done
            })
        })
        .collect()
}

fn report(title: &str, load: &Load) {
    let l = &load.latencies_ms;
    println!(
        "{title}: {} requests in {:.1} s = {:.0} requests/s; latency p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms; errors {}",
        l.len(),
        load.seconds,
        l.len() as f64 / load.seconds,
        percentile(l, 0.50),
        percentile(l, 0.95),
        percentile(l, 0.99),
        load.errors
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let total: usize = env_or("SERVE_BENCH_PAIRS", 1_000_000);
    let seconds: f64 = env_or("SERVE_BENCH_SECONDS", 60.0);
    let clients: usize = env_or("SERVE_BENCH_CLIENTS", 64);
    let importers: usize = env_or("SERVE_BENCH_IMPORTERS", 8);
    let (dir, _keep): (PathBuf, Option<tempfile::TempDir>) = match std::env::var("SERVE_BENCH_DIR") {
        Ok(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            (PathBuf::from(dir), None)
        }
        Err(_) => {
            let temp = tempfile::tempdir().unwrap();
            (temp.path().to_path_buf(), Some(temp))
        }
    };
    let (real, held) = split_held_out(read_tsv("../shared/data/tm/en-fr.tsv"));
    let queries: Vec<String> = held.into_iter().map(|(s, _)| s).collect();
    let path = dir.join(format!("serve-en-fr-{total}.sqlite"));
    if !(std::env::var_os("SERVE_BENCH_REUSE").is_some() && path.exists()) {
        build_memory(&path, &pairs_for_memory(&real, total));
    }
    drop(real);
    println!(
        "memory: {total} en-fr pairs; {} queries; {clients} suggest clients, {importers} importers, {seconds} s each phase",
        queries.len()
    );
    println!("machine: {} threads available", std::thread::available_parallelism().map_or(0, |n| n.get()));

    // what a pooled connection saves: opening the memory for reading
    let mut opens: Vec<f64> = (0..50)
        .map(|_| {
            let started = Instant::now();
            drop(Memory::open_for_reading(&path, dragoman::fuzzy::index_keys()).unwrap());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    opens.sort_by(f64::total_cmp);
    println!("opening the memory for reading: median {:.2} ms, p95 {:.2} ms", percentile(&opens, 0.5), percentile(&opens, 0.95));

    let server = Server::start(&path, &dir);
    // warm-up: the pages the queries touch come into the cache
    let _ = suggest_load(&server.addr, &queries, 4, 3.0_f64.min(seconds));
    let one = suggest_load(&server.addr, &queries, 1, 10.0_f64.min(seconds));
    report("suggest, 1 client", &one);
    let read = suggest_load(&server.addr, &queries, clients, seconds);
    report(&format!("suggest, {clients} clients"), &read);
    println!("server peak RSS so far: {:.0} MB", server.peak_rss_mb());

    let stop = Arc::new(AtomicBool::new(false));
    let writers = import_load(&server.addr, importers, Arc::clone(&stop));
    let mixed = suggest_load(&server.addr, &queries, clients, seconds);
    stop.store(true, Ordering::Relaxed);
    let mut imports = Imports::default();
    for writer in writers {
        let done = writer.join().unwrap();
        imports.files += done.files;
        imports.pairs += done.pairs;
        imports.errors += done.errors;
        imports.latencies_ms.extend(done.latencies_ms);
    }
    imports.latencies_ms.sort_by(f64::total_cmp);
    report(&format!("suggest, {clients} clients, with {importers} importers"), &mixed);
    println!(
        "imports: {} files of 1,000 pairs = {:.0} pairs/s; latency p50 {:.0} ms, p95 {:.0} ms; errors {}",
        imports.files,
        imports.pairs as f64 / mixed.seconds,
        percentile(&imports.latencies_ms, 0.5),
        percentile(&imports.latencies_ms, 0.95),
        imports.errors
    );
    println!("server peak RSS: {:.0} MB", server.peak_rss_mb());
    let failed = read.errors + mixed.errors + imports.errors + one.errors;
    assert_eq!(failed, 0, "requests failed");
}
