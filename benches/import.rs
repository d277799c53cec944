//! Import speed: pairs per second from CSV and from TMX into a fresh
//! memory, through the release binary (`dragoman import`), as a user runs it.
//!
//! The input is made from the TM benchmark corpus
//! `../shared/data/tm/en-fr.tsv` (212,863 English-French pairs; another
//! file with `DRAGOMAN_BENCH_TM=path`), written to a temporary folder as
//! a quoted CSV and as TMX 1.4b; nothing is copied into the repository.
//! Each figure is the median of three runs, as wall time and as the CPU
//! time (user + system) the import process used: on a shared machine the
//! CPU figure is the one that does not depend on the other users' load,
//! printed beside it.
//!
//!     cargo bench --bench import

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

fn main() {
    let tm = std::env::var_os("DRAGOMAN_BENCH_TM")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tm/en-fr.tsv"));
    let pairs = read_tsv(&tm);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv = dir.path().join("en-fr.csv");
    let tmx = dir.path().join("en-fr.tmx");
    write_csv(&csv, &pairs);
    write_tmx(&tmx, &pairs);
    println!("input: {} ({} pairs)", tm.display(), pairs.len());
    println!("load average before: {}", std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim());
    for (name, file) in [("CSV", &csv), ("TMX", &tmx)] {
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let (mut walls, mut cpus) = (Vec::new(), Vec::new());
        for run in 0..RUNS {
            let memory = dir.path().join(format!("{name}-{run}.sqlite"));
            let cpu_before = children_cpu();
            walls.push(import(file, &memory, pairs.len()));
            cpus.push(children_cpu() - cpu_before);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", memory.display()));
            }
        }
        walls.sort();
        cpus.sort();
        let rate = |d: Duration| pairs.len() as f64 / d.as_secs_f64();
        println!(
            "{name}: {:.1} MB; wall {:.2} s = {:.0} pairs/s; CPU {:.2} s = {:.0} pairs/s (median of {RUNS}); max RSS so far {} MB",
            size as f64 / 1e6,
            walls[RUNS / 2].as_secs_f64(),
            rate(walls[RUNS / 2]),
            cpus[RUNS / 2].as_secs_f64(),
            rate(cpus[RUNS / 2]),
            children_max_rss_kb() / 1024,
        );
    }
    // bounded memory: a file `copies` times bigger must not need `copies` times the memory
    // (IMPORT_BENCH_COPIES=19 makes a 1 GB file)
    let copies: usize = std::env::var("IMPORT_BENCH_COPIES").ok().and_then(|c| c.parse().ok()).unwrap_or(4);
    let big = dir.path().join(format!("en-fr-x{copies}.tmx"));
    write_tmx_repeated(&big, &pairs, copies);
    let memory = dir.path().join(format!("x{copies}.sqlite"));
    let elapsed = import(&big, &memory, copies * pairs.len());
    println!(
        "TMX x{copies}: {:.1} MB in {:.2} s; max RSS of any import so far {} MB",
        std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        elapsed.as_secs_f64(),
        children_max_rss_kb() / 1024
    );
}

/// Source-target pairs, one per line, TAB between (quotes are text).
fn read_tsv(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::io::BufReader::new(file)
        .lines()
        .map(|l| l.expect("UTF-8 lines"))
        .filter_map(|l| l.split_once('\t').map(|(s, t)| (s.to_string(), t.to_string())))
        .collect()
}

fn write_csv(path: &Path, pairs: &[(String, String)]) {
    let mut writer = csv::Writer::from_path(path).expect("a CSV file");
    writer.write_record(["en", "fr"]).unwrap();
    for (s, t) in pairs {
        writer.write_record([s, t]).unwrap();
    }
    writer.flush().unwrap();
}

fn write_tmx(path: &Path, pairs: &[(String, String)]) {
    write_tmx_repeated(path, pairs, 1);
}

/// The pairs `times` times over, each copy's segments prefixed `[k] `
/// so that every copy is new to the memory.
fn write_tmx_repeated(path: &Path, pairs: &[(String, String)], times: usize) {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = BufWriter::new(std::fs::File::create(path).expect("a TMX file"));
    writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"bench\" creationtoolversion=\"1\" \
         segtype=\"sentence\" o-tmf=\"bench\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>"
    )
    .unwrap();
    for copy in 0..times {
        let prefix = if copy == 0 { String::new() } else { format!("[{copy}] ") };
        for (k, (s, t)) in pairs.iter().enumerate() {
            writeln!(
                out,
                "<tu tuid=\"{k}\" creationdate=\"20240101T000000Z\" creationid=\"bench\">\n  <tuv xml:lang=\"en\"><seg>{prefix}{}</seg></tuv>\n  \
                 <tuv xml:lang=\"fr\"><seg>{prefix}{}</seg></tuv>\n</tu>",
                escape(s),
                escape(t)
            )
            .unwrap();
        }
    }
    writeln!(out, "</body>\n</tmx>").unwrap();
    out.flush().unwrap();
}

/// Imports `file` into a fresh memory; the wall time of the whole command.
fn import(file: &Path, memory: &Path, expected: usize) -> Duration {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .arg("--memory")
        .arg(memory)
        .args(["import", "--format", "json"])
        .arg(file)
        .output()
        .expect("the dragoman binary runs");
    let elapsed = start.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let stored = report["added"].as_u64().unwrap()
        + report["duplicates"].as_u64().unwrap()
        + report["updated"].as_u64().unwrap()
        + report["rejected"].as_u64().unwrap();
    assert_eq!(stored as usize, expected, "every pair accounted for");
    elapsed
}

fn children_usage() -> libc::rusage {
    // SAFETY: getrusage only writes the struct it is given.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    }
}

/// The largest resident set of any finished child process, in KiB.
#[allow(clippy::unnecessary_cast)] // c_long is not i64 everywhere
fn children_max_rss_kb() -> i64 {
    children_usage().ru_maxrss as i64
}

/// User + system CPU time of the finished child processes so far.
fn children_cpu() -> Duration {
    let usage = children_usage();
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}
