//! Alignment benchmark: strict precision, recall and F1 (vecalign's
//! definition, counts summed over documents) on the public sets in
//! `../shared/data/alignment/`, precision of confident beads, time and
//! peak memory; then a 10,000-sentence concatenation of the test set.
//!
//! Run: `cargo bench --bench align` (add `-- --write DIR` to keep the
//! predicted beads as `DIR/<set>/<doc>.jsonl` for
//! `../shared/tools/align_score.py`; `-- --quick` skips the
//! concatenation and the memory curve, `-- --concatenation` runs only the
//! concatenation, `--samples` only the project's sample pairs, `--names`
//! only the names-across-scripts worst case). The environment variables
//! `ALIGN_ANCHOR` (first-pass anchor weight), `ALIGN_SKIP`,
//! `ALIGN_SKIP_SLOPE`, `ALIGN_ROUNDS` (re-estimation rounds) and
//! `ALIGN_NO_REALIGN` override the aligner's constants, to show how much
//! the figures depend on them.

use dragoman::align::score::{Counts, read_beads};
use dragoman::align::{Aligner, Bead, Lexicon};
use std::path::{Path, PathBuf};
use std::time::Instant;

const SETS: [&str; 3] = ["textberg_de_fr_test", "textberg_de_fr_dev", "parice_en_is"];

struct Doc {
    name: String,
    src: Vec<String>,
    tgt: Vec<String>,
    gold: Vec<Bead>,
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

fn load_set(dir: &Path) -> Vec<Doc> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".src").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let gold = read_beads(&std::fs::read_to_string(dir.join(format!("{name}.gold.jsonl"))).unwrap()).unwrap();
            Doc { src: lines(&dir.join(format!("{name}.src"))), tgt: lines(&dir.join(format!("{name}.tgt"))), gold, name }
        })
        .collect()
}

/// Peak resident memory since the last reset, in MB (Linux).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU seconds this process has used (user + system), from
/// /proc/self/stat: the figure that does not depend on what else the
/// machine is doing.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // fields 14 and 15 of the whole line are utime and stime; here they
    // are 11 and 12 (0-based), the name and pid being cut off
    let ticks: f64 =
        fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0) + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[derive(Default)]
struct Confident {
    hits: [usize; 2],
    total: [usize; 2],
}

impl Confident {
    fn add(&mut self, gold: &[Bead], predicted: &[Bead]) {
        let gold: std::collections::HashSet<(&[usize], &[usize])> = gold.iter().map(|b| (&b.src[..], &b.tgt[..])).collect();
        for b in predicted {
            for (k, threshold) in [0.9, 0.5].into_iter().enumerate() {
                if b.confidence > threshold {
                    self.total[k] += 1;
                    self.hits[k] += gold.contains(&(&b.src[..], &b.tgt[..])) as usize;
                }
            }
        }
    }

    fn describe(&self) -> String {
        let p = |k: usize| if self.total[k] == 0 { 0.0 } else { self.hits[k] as f64 / self.total[k] as f64 };
        format!("P(conf>0.9) {:.3} of {}  P(conf>0.5) {:.3} of {}", p(0), self.total[0], p(1), self.total[1])
    }
}

fn aligner() -> Aligner {
    let mut a = Aligner::default();
    if let Ok(v) = std::env::var("ALIGN_ANCHOR") {
        a.anchor_weight = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("ALIGN_SKIP") {
        a.skip_logp = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("ALIGN_SKIP_SLOPE") {
        a.skip_per_sentence = v.parse().unwrap();
    }
    if std::env::var("ALIGN_NO_REALIGN").is_ok() {
        a.realign = 0;
    }
    if let Ok(v) = std::env::var("ALIGN_ROUNDS") {
        a.realign = v.parse().unwrap();
    }
    a
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let write_dir: Option<PathBuf> = args.iter().position(|a| a == "--write").map(|k| PathBuf::from(&args[k + 1]));
    let quick = args.iter().any(|a| a == "--quick");
    let only_concatenation = args.iter().any(|a| a == "--concatenation");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/alignment");
    let aligner = aligner();
    samples(&aligner);
    if args.iter().any(|a| a == "--samples") {
        return;
    }
    if args.iter().any(|a| a == "--names") {
        names_across_scripts(&root);
        return;
    }
    if only_concatenation {
        let docs = load_set(&root.join("textberg_de_fr_test"));
        let mut counts = Counts::default();
        for doc in &docs {
            counts.add(Counts::of(&doc.gold, &aligner.align(&doc.src, &doc.tgt)));
        }
        concatenation(&root, &aligner, counts.f1());
        return;
    }
    println!("set                   docs   src×tgt      P      R     F1   time      peak   confidence");
    let mut test_f1 = 0.0;
    for set in SETS {
        let docs = load_set(&root.join(set));
        let (mut counts, mut confident) = (Counts::default(), Confident::default());
        reset_peak();
        let started = Instant::now();
        let mut results = Vec::new();
        for doc in &docs {
            results.push(aligner.align(&doc.src, &doc.tgt));
        }
        let elapsed = started.elapsed();
        for (doc, beads) in docs.iter().zip(&results) {
            counts.add(Counts::of(&doc.gold, beads));
            confident.add(&doc.gold, beads);
            if let Some(dir) = &write_dir {
                let out = dir.join(set);
                std::fs::create_dir_all(&out).unwrap();
                let text: String = beads.iter().map(|b| serde_json::to_string(b).unwrap() + "\n").collect();
                std::fs::write(out.join(format!("{}.jsonl", doc.name)), text).unwrap();
            }
        }
        let (n, m): (usize, usize) = (docs.iter().map(|d| d.src.len()).sum(), docs.iter().map(|d| d.tgt.len()).sum());
        println!(
            "{set:<21} {:>4} {n:>5}×{m:<5} {:.3}  {:.3}  {:.3}  {:>6.3}s  {:>5.1}MB  {}",
            docs.len(),
            counts.precision(),
            counts.recall(),
            counts.f1(),
            elapsed.as_secs_f64(),
            peak_mb(),
            confident.describe()
        );
        if set == "textberg_de_fr_test" {
            test_f1 = counts.f1();
        }
    }
    if !quick {
        concatenation(&root, &aligner, test_f1);
        growing_memory(&root);
        freedict(&root);
    }
}

/// Strict F1 on the project's own sample pairs (Arabic, Persian and
/// Chinese against English), segmented by dragoman's segmenter: the
/// data written for the project, not a benchmark set.
fn samples(aligner: &Aligner) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut all = Counts::default();
    let mut line = String::from("samples (project's own):");
    for (name, lang) in [("delegation", "ar"), ("speech", "ar"), ("majlis", "fa"), ("briefing", "zh")] {
        let side = |code: &str| -> Vec<String> {
            let text = std::fs::read_to_string(dir.join(format!("{name}.{code}.txt"))).unwrap();
            let segmenter = dragoman::segment::Segmenter::new(&code.parse().unwrap());
            segmenter.split(&text).map(str::to_string).collect()
        };
        let gold = read_beads(&std::fs::read_to_string(dir.join(format!("{name}.gold.jsonl"))).unwrap()).unwrap();
        let counts = Counts::of(&gold, &aligner.align(&side(lang), &side("en")));
        line.push_str(&format!("  {name} {:.3}", counts.f1()));
        all.add(counts);
    }
    println!("{line}  all {:.3}", all.f1());
}

/// A worst case for matching names across scripts: 10,000 Arabic
/// sentences of six names each against their Latin spellings, from
/// `../shared/data/names/arabic_latin_pairs.tsv` (so tens of thousands of
/// distinct words on each side, each a name to compare).
fn names_across_scripts(root: &Path) {
    let path = root.join("../names/arabic_latin_pairs.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("{}: not found, names across scripts skipped", path.display());
        return;
    };
    let pairs: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (a, b) = (cols.next()?, cols.next()?);
            let mut latin = b.to_string();
            // names are capitalised in running text
            if let Some(first) = latin.get(..1) {
                latin = first.to_uppercase() + &latin[1..];
            }
            (!a.contains(' ') && !b.contains(' ') && b.len() > 2).then(|| (a.to_string(), latin))
        })
        .collect();
    let (mut src, mut tgt) = (Vec::new(), Vec::new());
    for k in 0..10_000 {
        let names: Vec<&(String, String)> = (0..6).map(|w| &pairs[(k * 6 + w) * 7919 % pairs.len()]).collect();
        src.push(names.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>().join(" ") + ".");
        tgt.push(names.iter().map(|(_, b)| b.as_str()).collect::<Vec<_>>().join(" ") + ".");
    }
    let aligner = aligner();
    reset_peak();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let beads = aligner.align(&src, &tgt);
    let (wall, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu_before);
    let right = beads.iter().filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.src[0] == b.tgt[0]).count();
    println!(
        "names across scripts  10000×10000 sentences of 6 names: {right} of 10000 beads right  {wall:.3}s wall, {cpu:.2}s CPU  peak {:.1}MB",
        peak_mb()
    );
}

/// The test set's documents concatenated until each side has about
/// 10,000 sentences, aligned in one piece.
fn concatenation(root: &Path, aligner: &Aligner, per_document_f1: f64) {
    let docs = load_set(&root.join("textberg_de_fr_test"));
    let (mut src, mut tgt, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    while src.len() < 9_900 {
        for doc in &docs {
            let (i0, j0) = (src.len(), tgt.len());
            src.extend(doc.src.iter().cloned());
            tgt.extend(doc.tgt.iter().cloned());
            gold.extend(doc.gold.iter().map(|b| Bead {
                src: b.src.iter().map(|i| i + i0).collect(),
                tgt: b.tgt.iter().map(|j| j + j0).collect(),
                confidence: 1.0,
            }));
        }
    }
    // the machine is shared: the best of five runs is the aligner's own time
    let (mut wall, mut cpu, mut beads) = (f64::INFINITY, f64::INFINITY, Vec::new());
    reset_peak();
    let before = peak_mb();
    for _ in 0..5 {
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        beads = aligner.align(&src, &tgt);
        wall = wall.min(started.elapsed().as_secs_f64());
        cpu = cpu.min(cpu_seconds() - cpu_before);
    }
    let counts = Counts::of(&gold, &beads);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "concatenated test set  {}×{}: F1 {:.3} (per document {:.3}, difference {:+.3})  best of 5: {wall:.3}s wall, {cpu:.2}s CPU, single-threaded  peak {:.1}MB (before {:.1}MB)  load average {}",
        src.len(),
        tgt.len(),
        counts.f1(),
        per_document_f1,
        counts.f1() - per_document_f1,
        peak_mb(),
        before,
        load.split_whitespace().next().unwrap_or("?")
    );
}

/// The aligner with a lexicon learned from a growing memory. Pairs
/// already stored are stood for by gold pairs of other documents: the
/// dev set, then the other test documents (leave one out: a document's
/// own pairs are never in its memory, and gold is otherwise used only to
/// score).
fn growing_memory(root: &Path) {
    let dev = load_set(&root.join("textberg_de_fr_dev"));
    let test = load_set(&root.join("textberg_de_fr_test"));
    let pairs_of = |doc: &Doc| -> Vec<(String, String)> {
        doc.gold
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .map(|b| {
                let s: Vec<&str> = b.src.iter().map(|&i| doc.src[i].as_str()).collect();
                let t: Vec<&str> = b.tgt.iter().map(|&j| doc.tgt[j].as_str()).collect();
                (s.join(" "), t.join(" "))
            })
            .collect()
    };
    let dev_pairs: Vec<(String, String)> = dev.iter().flat_map(pairs_of).collect();
    // whole documents, and the same documents cut into dispatch-sized
    // pieces of about 20 sentences (cut between gold beads), where a pair
    // alone is too short to learn a lexicon from
    let pieces: Vec<Vec<Doc>> = test.iter().map(|d| cut(d, 20)).collect();
    println!("memory (pairs, average)  lexicon (words)  test F1 whole documents  test F1 in pieces of ~20 sentences");
    for fraction in [0.0, 0.25, 0.5, 1.0] {
        let (mut whole, mut cut_counts) = (Counts::default(), Counts::default());
        let (mut memory_size, mut lexicon_size) = (0, 0);
        for (k, doc) in test.iter().enumerate() {
            let mut pool = dev_pairs.clone();
            pool.extend(test.iter().enumerate().filter(|(o, _)| *o != k).flat_map(|(_, d)| pairs_of(d)));
            let take = (pool.len() as f64 * fraction) as usize;
            let lexicon = Lexicon::learn_from_texts(pool[..take].iter().map(|(a, b)| (a.as_str(), b.as_str())));
            memory_size += take;
            lexicon_size += lexicon.len();
            let aligner = aligner().with_lexicon(&lexicon);
            whole.add(Counts::of(&doc.gold, &aligner.align(&doc.src, &doc.tgt)));
            for piece in &pieces[k] {
                cut_counts.add(Counts::of(&piece.gold, &aligner.align(&piece.src, &piece.tgt)));
            }
        }
        println!("{:>23}  {:>15}  {:>23.3}  {:>34.3}", memory_size / test.len(), lexicon_size / test.len(), whole.f1(), cut_counts.f1());
    }
}

/// A document cut between gold beads into pieces of at least `size`
/// source sentences.
fn cut(doc: &Doc, size: usize) -> Vec<Doc> {
    let mut pieces = Vec::new();
    let mut beads: Vec<&Bead> = Vec::new();
    let flush = |beads: &mut Vec<&Bead>, pieces: &mut Vec<Doc>| {
        let src: Vec<usize> = beads.iter().flat_map(|b| b.src.iter().copied()).collect();
        let tgt: Vec<usize> = beads.iter().flat_map(|b| b.tgt.iter().copied()).collect();
        let (i0, j0) = (src.first().copied().unwrap_or(0), tgt.first().copied().unwrap_or(0));
        pieces.push(Doc {
            name: format!("{}:{}", doc.name, pieces.len()),
            src: src.iter().map(|&i| doc.src[i].clone()).collect(),
            tgt: tgt.iter().map(|&j| doc.tgt[j].clone()).collect(),
            gold: beads
                .iter()
                .map(|b| Bead { src: b.src.iter().map(|i| i - i0).collect(), tgt: b.tgt.iter().map(|j| j - j0).collect(), confidence: 1.0 })
                .collect(),
        });
        beads.clear();
    };
    for bead in &doc.gold {
        beads.push(bead);
        if beads.iter().map(|b| b.src.len()).sum::<usize>() >= size {
            flush(&mut beads, &mut pieces);
        }
    }
    if !beads.is_empty() {
        flush(&mut beads, &mut pieces);
    }
    pieces
}

/// The textberg sets with the FreeDict German-French dictionary that
/// Debian's dict-freedict-deu-fra installs, when it is installed.
fn freedict(root: &Path) {
    let path = Path::new("/usr/share/dictd/freedict-deu-fra.index");
    if !path.exists() {
        println!("FreeDict deu-fra not installed (apt-get install dict-freedict-deu-fra): skipped");
        return;
    }
    let lexicon = Lexicon::from_dictd(path).expect("a readable dictionary");
    let aligner = aligner().with_lexicon(&lexicon);
    for set in ["textberg_de_fr_test", "textberg_de_fr_dev"] {
        let mut counts = Counts::default();
        let started = Instant::now();
        for doc in &load_set(&root.join(set)) {
            counts.add(Counts::of(&doc.gold, &aligner.align(&doc.src, &doc.tgt)));
        }
        println!(
            "{set} with FreeDict deu-fra ({} headwords): F1 {:.3}  {:.3}s",
            lexicon.len(),
            counts.f1(),
            started.elapsed().as_secs_f64()
        );
    }
}
