//! Segmentation benchmark: accuracy on the golden rules and throughput on
//! real paragraphs, beside the `sentencex` crate in the same run.
//!
//! ```text
//! cargo bench --bench segment                 # accuracy + speed
//! cargo bench --bench segment -- --verbose    # also list every failure
//! cargo bench --bench segment -- --accuracy   # accuracy only
//! cargo bench --bench segment -- --speed ar   # speed only, corpora whose name contains "ar"
//! ```
//!
//! Comparison: a case passes when our sentences, each trimmed of
//! surrounding whitespace, equal the expected sentences, each trimmed the
//! same way (empty expected sentences dropped), in order. pySBD's own
//! benchmark compares stripped sentences the same way. Cases listed in
//! [`DISAGREEMENTS`] are reported apart and not counted.

use dragoman::lang::Lang;
use dragoman::segment::Segmenter;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Golden cases whose expected split we deliberately do not follow; each
/// is argued in BENCHMARKS.md.
const DISAGREEMENTS: &[&str] = &["ar-GOLDEN_AR_RULES_TEST_CASES-1", "ar-GOLDEN_AR_RULES_TEST_CASES-4", "ar-GOLDEN_AR_RULES_TEST_CASES-5"];

struct Case {
    id: String,
    lang: String,
    text: String,
    expected: Vec<String>,
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

fn read_cases(dir: &Path) -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let lang = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
            let expected = v["expected"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            cases.push(Case {
                id: v["id"].as_str().unwrap().to_string(),
                lang: lang.clone(),
                text: v["text"].as_str().unwrap().to_string(),
                expected,
            });
        }
    }
    cases
}

fn ours(lang: &str, text: &str) -> Vec<String> {
    Segmenter::new(&Lang::parse(lang).unwrap()).split(text).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn theirs(lang: &str, text: &str) -> Vec<String> {
    sentencex::segment(lang, text).into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Prints per-language and total accuracy for one set; returns (passed, counted) for us.
fn accuracy(set: &str, cases: &[Case], verbose: bool) -> (usize, usize) {
    let mut per_lang: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let (mut ok, mut counted, mut ok_x, mut disagreed) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in cases {
        let got = ours(&case.lang, &case.text);
        let pass = got == case.expected;
        let pass_x = theirs(&case.lang, &case.text) == case.expected;
        if DISAGREEMENTS.contains(&case.id.as_str()) {
            disagreed += 1;
            if verbose {
                println!("  disagreement {} ({})", case.id, if pass { "passes anyway" } else { "differs, as argued" });
            }
            continue;
        }
        let entry = per_lang.entry(&case.lang).or_default();
        entry[0] += pass as usize;
        entry[1] += pass_x as usize;
        entry[2] += 1;
        ok += pass as usize;
        ok_x += pass_x as usize;
        counted += 1;
        if !pass {
            failures.push((case, got));
        }
    }
    println!("{set}: dragoman {ok}/{counted}, sentencex {ok_x}/{counted} ({disagreed} deliberate disagreements not counted)");
    let row: Vec<String> = per_lang.iter().map(|(l, [a, b, n])| format!("{l} {a}/{b}/{n}")).collect();
    println!("  per language (dragoman/sentencex/cases): {}", row.join(", "));
    if verbose {
        for (case, got) in failures {
            println!("  FAIL {}\n    text:     {:?}\n    expected: {:?}\n    got:      {:?}", case.id, case.text, case.expected, got);
        }
    }
    (ok, counted)
}

/// Best timings of `ours` and `theirs` over `text`, run alternately (so
/// that both see the same machine load) for at least `min_runs` rounds
/// and about two seconds, in MB/s (1 MB = 10^6 bytes), with the number of
/// sentences each found.
fn race(text: &str, min_runs: usize, mut ours: impl FnMut(&str) -> usize, mut theirs: impl FnMut(&str) -> usize) -> [(f64, usize); 2] {
    let mut best = [Duration::MAX; 2];
    let mut counts = [0; 2];
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < min_runs || started.elapsed() < Duration::from_secs(2) {
        for (i, f) in [&mut ours as &mut dyn FnMut(&str) -> usize, &mut theirs].into_iter().enumerate() {
            let start = Instant::now();
            counts[i] = std::hint::black_box(f(std::hint::black_box(text)));
            best[i] = best[i].min(start.elapsed());
        }
        rounds += 1;
    }
    [0, 1].map(|i| (text.len() as f64 / 1e6 / best[i].as_secs_f64(), counts[i]))
}

fn speed(only: Option<&str>) {
    let corpora = [
        ("en_pgdocs.txt", "en"),
        ("en_pydocs.txt", "en"),
        ("handbook_ar-MA.txt", "ar"),
        ("handbook_fa-IR.txt", "fa"),
        ("handbook_ru-RU.txt", "ru"),
        ("handbook_zh-CN.txt", "zh"),
    ];
    println!("\nthroughput, single thread, best run of at least 5 alternating rounds and 2 s (MB/s; sentences found):");
    println!("  {:<20} {:>8} {:>10} {:>8} {:>10} {:>7}", "corpus", "dragoman", "sentences", "sentencex", "sentences", "ratio");
    for (file, lang) in corpora {
        if only.is_some_and(|o| !file.contains(o)) {
            continue;
        }
        let path = data_dir().join("corpora").join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("  {file}: missing, skipped");
            continue;
        };
        let segmenter = Segmenter::new(&Lang::parse(lang).unwrap());
        // sentencex treats a lone line break as a space and goes quadratic on
        // a multi-megabyte text without blank lines, so it gets one
        // paragraph (line) at a time, which is what our segmenter does inside.
        let [(ours, n_ours), (theirs, n_theirs)] =
            race(&text, 5, |t| segmenter.spans(t).len(), |t| t.lines().map(|line| sentencex::segment(lang, line).len()).sum());
        println!("  {file:<20} {ours:>8.1} {n_ours:>10} {theirs:>8.1} {n_theirs:>10} {:>6.2}x", ours / theirs);
    }
    // the SRX engine, on the built-in rules exported as SRX
    if only.is_none_or(|o| "en_pgdocs.txt".contains(o))
        && let Ok(text) = std::fs::read_to_string(data_dir().join("corpora/en_pgdocs.txt"))
    {
        let en = Lang::parse("en").unwrap();
        let xml = dragoman::segment::srx::export_builtin(std::slice::from_ref(&en));
        let segmenter = dragoman::segment::srx::Srx::parse(&xml, "exported.srx").unwrap().segmenter(&en);
        let [(srx, n_srx), _] = race(&text, 2, |t| segmenter.spans(t).len(), |_| 0);
        println!("  en_pgdocs.txt with the built-in English rules exported as SRX (--rules): {srx:.1} MB/s, {n_srx} sentences");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let accuracy_only = args.iter().any(|a| a == "--accuracy");
    let speed_only = args.iter().position(|a| a == "--speed").map(|i| args.get(i + 1).map_or("", String::as_str));
    if speed_only.is_none() {
        let golden = read_cases(&data_dir().join("segmentation/golden"));
        let more = read_cases(&data_dir().join("segmentation/golden_more"));
        accuracy("golden", &golden, verbose);
        accuracy("golden_more", &more, verbose);
    }
    if !accuracy_only {
        speed(speed_only.filter(|s| !s.is_empty()));
    }
}
