//! Alignment benchmark: strict and lax precision, recall and F1
//! (vecalign's definition, counts summed over documents) on every public
//! set in `../shared/data/alignment/` (Text+Berg, ParIce, the synth sets
//! with sentence gold, the help and handbook sets with paragraph gold),
//! for dragoman beside two baselines implemented here (Gale-Church as
//! published, and a hunalign-style aligner), each with and without the
//! dictionaries of `../shared/data/dicts/` that serve the set's language
//! pair, and with a lexicon learned from the set's language's memory in
//! `../shared/data/tm/` with the set's own sentences held out (see
//! `memory_lexicon`); then a reliability table (confidence bucket → share of beads
//! right) per set, and a 10,000-sentence concatenation of the test set.
//!
//! Run: `cargo bench --bench align` (words after `--` pick sets by part
//! of their name: `-- zh synth_ar` runs synth_zh_en, help_zh_en and
//! synth_ar_en only; add `-- --write DIR` to keep the
//! predicted beads as `DIR/<set>/<doc>.jsonl` for
//! `../shared/tools/align_score.py`; `-- --quick` skips the
//! concatenation and the memory curve, `-- --plain` leaves out the rows
//! with dictionaries and memory, `-- --concatenation` runs only the
//! concatenation, `--samples` only the project's sample pairs, `--names`
//! only the names-across-scripts worst case). The environment variables
//! `ALIGN_ANCHOR` (first-pass anchor weight), `ALIGN_SKIP`,
//! `ALIGN_SKIP_SLOPE`, `ALIGN_ROUNDS` (re-estimation rounds),
//! `ALIGN_NO_REALIGN`, `ALIGN_POOL=0|1` (pooled inflections in the
//! passes' lexicon), `ALIGN_SOFT=0|1` (shape priors from expected counts),
//! `ALIGN_PUNCT=0|1` (scores of sentence ends and pauses)
//! and `ALIGN_SELF_IBM1=0|1` (IBM Model 1 learned in the
//! aligner's own passes) override the aligner's constants, to show how much
//! the figures depend on them. `ALIGN_DUMP=briefing` (or another
//! sample's name) prints that sample's beads to stderr.

use dragoman::align::score::{Counts, read_beads};
use dragoman::align::{Aligner, Bead, Lexicon};
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    if let Ok(v) = std::env::var("ALIGN_TEMPERATURE") {
        a.confidence_temperature = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("ALIGN_SELF_IBM1") {
        a.learn_ibm1_in_passes = v == "1";
    }
    if let Ok(v) = std::env::var("ALIGN_POOL") {
        a.pool_inflections = v == "1";
    }
    if let Ok(v) = std::env::var("ALIGN_SOFT") {
        a.soft_shape_priors = v == "1";
    }
    if let Ok(v) = std::env::var("ALIGN_PUNCT") {
        a.punctuation_scores = v == "1";
    }
    if std::env::var("ALIGN_NO_REALIGN").is_ok() {
        a.realign = 0;
    }
    if let Ok(v) = std::env::var("ALIGN_ROUNDS") {
        a.realign = v.parse().unwrap();
    }
    a
}

/// Every public set: (folder, gold at sentence level). The help and
/// handbook sets have paragraph-level gold: read their lax figures.
const ALL_SETS: [(&str, bool); 14] = [
    ("textberg_de_fr_test", true),
    ("textberg_de_fr_dev", true),
    ("parice_en_is", true),
    ("synth_zh_en", true),
    ("synth_ar_en", true),
    ("synth_fa_en", true),
    ("synth_he_en", true),
    ("synth_tr_en", true),
    ("synth_ru_en", true),
    ("help_zh_en", false),
    ("help_ru_en", false),
    ("help_tr_en", false),
    ("handbook_ar_en", false),
    ("handbook_fa_en", false),
];

/// The dictionaries of `../shared/data/dicts/` that serve a set's language
/// pair (source → English), both directions of FreeDict read as one.
fn dictionary_for(set: &str, root: &Path) -> Option<(String, Lexicon)> {
    let dicts = root.join("../dicts");
    let dictd = |name: &str| Lexicon::from_dictd(&dicts.join("freedict").join(format!("{name}.index"))).ok();
    let lang = set.split('_').nth(1)?;
    match lang {
        "ar" => {
            let mut lexicon = dictd("freedict-ara-eng")?;
            lexicon.extend(&dictd("freedict-eng-ara")?.reversed());
            Some(("FreeDict ara-eng + eng-ara".into(), lexicon))
        }
        "tr" => Some(("FreeDict tur-eng".into(), dictd("freedict-tur-eng")?)),
        "ru" => Some(("FreeDict eng-rus (reversed)".into(), dictd("freedict-eng-rus")?.reversed())),
        "zh" => cedict(&dicts).map(|l| ("CC-CEDICT".to_string(), l)),
        _ => None,
    }
}

/// Confidence buckets of the reliability table: [0, 0.5), [0.5, 0.9),
/// [0.9, 1], then the two thresholds the issue states (≥ 0.5, ≥ 0.9).
#[derive(Default)]
struct Reliability {
    right: [usize; 5],
    total: [usize; 5],
}

impl Reliability {
    /// A predicted bead is right when it is a gold bead (sentence-level
    /// gold) or lies inside one gold bead, both sides non-empty or the
    /// same empty side (paragraph-level gold).
    fn add(&mut self, gold: &[Bead], predicted: &[Bead], sentence_gold: bool) {
        let exact: std::collections::HashSet<(&[usize], &[usize])> = gold.iter().map(|b| (&b.src[..], &b.tgt[..])).collect();
        let mut src_bead = std::collections::HashMap::new();
        let mut tgt_bead = std::collections::HashMap::new();
        for (k, b) in gold.iter().enumerate() {
            b.src.iter().for_each(|&i| {
                src_bead.insert(i, k);
            });
            b.tgt.iter().for_each(|&j| {
                tgt_bead.insert(j, k);
            });
        }
        for b in predicted {
            let right = exact.contains(&(&b.src[..], &b.tgt[..]))
                || (!sentence_gold && !b.src.is_empty() && !b.tgt.is_empty() && {
                    let k = src_bead.get(&b.src[0]);
                    k.is_some() && b.src.iter().all(|i| src_bead.get(i) == k) && b.tgt.iter().all(|j| tgt_bead.get(j) == k)
                });
            let c = b.confidence;
            let buckets = [c < 0.5, (0.5..0.9).contains(&c), c >= 0.9, c >= 0.5, c >= 0.9];
            for (k, inside) in buckets.into_iter().enumerate() {
                if inside {
                    self.total[k] += 1;
                    self.right[k] += right as usize;
                }
            }
        }
    }

    fn cell(&self, k: usize) -> String {
        if self.total[k] == 0 {
            format!("{:>13}", "-")
        } else {
            format!("{:.3} of {:<5}", self.right[k] as f64 / self.total[k] as f64, self.total[k])
        }
    }

    /// Whether beads at ≥ 0.9 are right 95% of the time and at ≥ 0.5 85%.
    fn holds(&self) -> bool {
        let p = |k: usize| if self.total[k] == 0 { 1.0 } else { self.right[k] as f64 / self.total[k] as f64 };
        p(4) >= 0.95 && p(3) >= 0.85
    }
}

/// An aligner under test: a document to its beads.
type System = Box<dyn Fn(&Doc) -> Vec<Bead>>;

/// What one system scored on one set.
struct Row {
    counts: Counts,
    seconds: f64,
    reliability: Reliability,
}

fn run_set(docs: &[Doc], sentence_gold: bool, align: &dyn Fn(&Doc) -> Vec<Bead>, write: Option<&Path>) -> Row {
    let started = Instant::now();
    let results: Vec<Vec<Bead>> = docs.iter().map(align).collect();
    let seconds = started.elapsed().as_secs_f64();
    let (mut counts, mut reliability) = (Counts::default(), Reliability::default());
    for (doc, beads) in docs.iter().zip(&results) {
        counts.add(Counts::of(&doc.gold, beads));
        reliability.add(&doc.gold, beads, sentence_gold);
        if let Some(dir) = write {
            std::fs::create_dir_all(dir).unwrap();
            let text: String = beads.iter().map(|b| serde_json::to_string(b).unwrap() + "\n").collect();
            std::fs::write(dir.join(format!("{}.jsonl", doc.name)), text).unwrap();
        }
    }
    Row { counts, seconds, reliability }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write_dir: Option<PathBuf> = args.iter().position(|a| a == "--write").map(|k| PathBuf::from(&args[k + 1]));
    let quick = args.iter().any(|a| a == "--quick");
    let only_concatenation = args.iter().any(|a| a == "--concatenation");
    // only dragoman without dictionaries or memory (beside the baselines), for quick comparisons
    let plain_only = args.iter().any(|a| a == "--plain");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/alignment");
    let aligner = aligner();
    // words that are not flags (nor --write's folder) pick sets by name
    let picked: Vec<&String> =
        args.iter().enumerate().filter(|(k, a)| !a.starts_with("--") && (*k == 0 || args[k - 1] != "--write")).map(|(_, a)| a).collect();
    samples(&aligner, &root);
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
    println!("set                  docs  src×tgt     system                                       strict P     R     F1   lax F1    time");
    let mut test_f1 = 0.0;
    let mut reliability_lines = Vec::new();
    for (set, sentence_gold) in ALL_SETS {
        if !picked.is_empty() && !picked.iter().any(|p| set.contains(p.as_str())) {
            continue;
        }
        let docs = load_set(&root.join(set));
        let (n, m): (usize, usize) = (docs.iter().map(|d| d.src.len()).sum(), docs.iter().map(|d| d.tgt.len()).sum());
        let dictionary = if plain_only { None } else { dictionary_for(set, &root) };
        let mut systems: Vec<(String, System)> = vec![
            ("Gale-Church (own)".into(), Box::new(|d: &Doc| gale_church(&d.src, &d.tgt))),
            ("hunalign-style (own)".into(), Box::new(|d: &Doc| hunalign_style(&d.src, &d.tgt, None))),
        ];
        if let Some((name, lexicon)) = &dictionary {
            let lexicon = lexicon.clone();
            systems.push((
                format!("hunalign-style + {}", short(name)),
                Box::new(move |d: &Doc| hunalign_style(&d.src, &d.tgt, Some(&lexicon))),
            ));
        }
        let plain = aligner.clone();
        systems.push(("dragoman".into(), Box::new(move |d: &Doc| plain.align(&d.src, &d.tgt))));
        if let Some((name, lexicon)) = &dictionary {
            let with = aligner.clone().with_lexicon(lexicon);
            systems.push((format!("dragoman + {}", short(name)), Box::new(move |d: &Doc| with.align(&d.src, &d.tgt))));
        }
        if let Some(memory) = if plain_only { None } else { memory_lexicon(set, &root, &docs) } {
            let with = aligner.clone().with_lexicon(&memory);
            systems.push(("dragoman + memory (held out)".into(), Box::new(move |d: &Doc| with.align(&d.src, &d.tgt))));
            if let Some((name, lexicon)) = &dictionary {
                let with = aligner.clone().with_lexicon(lexicon).with_lexicon(&memory);
                systems.push((format!("dragoman + {} + memory", short(name)), Box::new(move |d: &Doc| with.align(&d.src, &d.tgt))));
            }
        }
        for (k, (system, align)) in systems.iter().enumerate() {
            let out =
                write_dir.as_ref().filter(|_| system.starts_with("dragoman")).map(|d| d.join(set).join(system.replace([' ', '+'], "")));
            let row = run_set(&docs, sentence_gold, align.as_ref(), out.as_deref());
            let c = &row.counts;
            println!(
                "{:<20} {:>4} {:>5}×{:<5} {system:<44} {:.3}  {:.3}  {:.3}  {:.3}  {:>6.3}s",
                if k == 0 { set } else { "" },
                if k == 0 { docs.len().to_string() } else { String::new() },
                n,
                m,
                c.precision(),
                c.recall(),
                c.f1(),
                c.lax_f1(),
                row.seconds
            );
            if system == "dragoman" && set == "textberg_de_fr_test" {
                test_f1 = c.f1();
            }
            if system.starts_with("dragoman") {
                let r = &row.reliability;
                reliability_lines.push(format!(
                    "{set:<20} {system:<44} {}  {}  {}  {}  {}  {}",
                    r.cell(0),
                    r.cell(1),
                    r.cell(2),
                    r.cell(3),
                    r.cell(4),
                    if r.holds() { "yes" } else { "NO" }
                ));
            }
        }
    }
    println!();
    println!("reliability: share of beads right (exact gold bead; inside one gold paragraph bead on help/handbook) by confidence");
    println!(
        "{:<20} {:<44} {:>13}  {:>13}  {:>13}  {:>13}  {:>13}  target (≥0.9: 95%, ≥0.5: 85%)",
        "set", "system", "[0, 0.5)", "[0.5, 0.9)", "[0.9, 1]", "≥ 0.5", "≥ 0.9"
    );
    for line in &reliability_lines {
        println!("{line}");
    }
    if !quick && picked.is_empty() {
        concatenation(&root, &aligner, test_f1);
        growing_memory(&root);
        freedict(&root);
    }
}

/// The most memory pairs the lexicon learns from, and the seed of the
/// sample: as `align` does with a memory (`MAX_MEMORY_PAIRS` and its
/// reservoir sampling in `src/cli/align.rs`).
const MEMORY_PAIRS: usize = 20_000;

/// Words in a row that make a pair of the memory "the same text" as a
/// sentence of the set (see [`memory_lexicon`]).
const HELD_OUT_GRAM: usize = 5;

/// Hashes of every run of [`HELD_OUT_GRAM`] words (Han characters count
/// as words) of a text, lower-cased; a shorter text gives one hash of all.
fn grams(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut units: Vec<String> = Vec::new();
    for token in text.split(|c: char| !dragoman::text::is_word_char(c)).filter(|t| !t.is_empty()) {
        let mut word = String::new();
        for c in token.chars() {
            if matches!(dragoman::lang::char_script(c), Some(dragoman::lang::Script::Han)) {
                if !word.is_empty() {
                    units.push(std::mem::take(&mut word));
                }
                units.push(c.to_string());
            } else {
                word.extend(c.to_lowercase());
            }
        }
        if !word.is_empty() {
            units.push(word);
        }
    }
    let hash = |words: &[String]| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        words.hash(&mut h);
        h.finish()
    };
    if units.len() < HELD_OUT_GRAM {
        return vec![hash(&units)];
    }
    units.windows(HELD_OUT_GRAM).map(hash).collect()
}

/// A lexicon learned as `align` learns one from a memory, from
/// `../shared/data/tm/en-XX.tsv` for the set's language (a desk's memory
/// of the same software's earlier translations), **held out**: the synth
/// and help documents are made of pairs of those very files, so every
/// pair that shares a run of five words (or, when shorter, all its
/// words) with any sentence of the set, on either side, is left out
/// first; near-duplicates of the set's sentences go with them. Then, as
/// `align` does: pairs whose source shares a word of four letters or more
/// with the set's sources, at most [`MEMORY_PAIRS`] (a fixed-seed
/// reservoir sample), the co-occurrence lexicon plus IBM Model 1 (its
/// full five iterations here, so the figures do not depend on the load;
/// `align` stops after 2 s).
fn memory_lexicon(set: &str, root: &Path, docs: &[Doc]) -> Option<Lexicon> {
    let lang = set.split('_').nth(1)?;
    let path = root.join(format!("../tm/en-{lang}.tsv"));
    let text = std::fs::read_to_string(&path).ok()?;
    let started = Instant::now();
    let mut seen_src = std::collections::HashSet::new();
    let mut seen_tgt = std::collections::HashSet::new();
    for doc in docs {
        doc.src.iter().for_each(|s| seen_src.extend(grams(s)));
        doc.tgt.iter().for_each(|s| seen_tgt.extend(grams(s)));
    }
    let wanted: std::collections::HashSet<String> =
        docs.iter().flat_map(|d| d.src.iter()).flat_map(|s| Lexicon::words_of(s)).filter(|w| w.chars().count() >= 4).collect();
    let (mut kept, mut left_out, mut qualified, mut random) = (Vec::new(), 0usize, 0usize, 0x9E37_79B9_7F4A_7C15u64);
    for line in text.lines() {
        let Some((english, source)) = line.split_once('\t') else { continue };
        if grams(english).iter().any(|g| seen_tgt.contains(g)) || grams(source).iter().any(|g| seen_src.contains(g)) {
            left_out += 1;
            continue;
        }
        if !Lexicon::words_of(source).iter().any(|w| wanted.contains(w)) {
            continue;
        }
        qualified += 1;
        if kept.len() < MEMORY_PAIRS {
            kept.push((source, english));
        } else {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            let k = (random % qualified as u64) as usize;
            if k < MEMORY_PAIRS {
                kept[k] = (source, english);
            }
        }
    }
    let mut lexicon = Lexicon::learn_from_texts(kept.iter().copied());
    lexicon.extend(&Lexicon::learn_ibm1_from_texts(kept.iter().copied(), std::time::Duration::from_secs(600)));
    println!(
        "{:<20} memory: tm/en-{lang}.tsv, {left_out} pairs held out (they share five words in a row with the set), {} of {qualified} qualifying pairs taught {} words in {:.1}s",
        "",
        kept.len(),
        lexicon.len(),
        started.elapsed().as_secs_f64()
    );
    Some(lexicon)
}

/// A dictionary's name without its edition details, for the table.
fn short(name: &str) -> String {
    name.split(" (").next().unwrap_or(name).to_string()
}

/// CC-CEDICT from `dicts/cedict/`, when the library can read it.
fn cedict(dicts: &Path) -> Option<Lexicon> {
    let path = dicts.join("cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz");
    Lexicon::from_cedict(&path).ok()
}

/// Characters without whitespace: Gale and Church's length.
fn char_len(s: &str) -> f64 {
    s.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// A minimal-cost path over the full grid for the bead `shapes`, each
/// bead's cost given by `cost(i, j, di, dj)` (the bead ending at i, j).
fn best_beads(n: usize, m: usize, shapes: &[(usize, usize)], cost: &dyn Fn(usize, usize, usize, usize) -> f64) -> Vec<Bead> {
    let w = m + 1;
    let mut best = vec![f64::INFINITY; (n + 1) * w];
    let mut back = vec![usize::MAX; (n + 1) * w];
    best[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            for (k, &(di, dj)) in shapes.iter().enumerate() {
                if di > i || dj > j || best[(i - di) * w + j - dj].is_infinite() {
                    continue;
                }
                let v = best[(i - di) * w + j - dj] + cost(i, j, di, dj);
                if v < best[i * w + j] {
                    best[i * w + j] = v;
                    back[i * w + j] = k;
                }
            }
        }
    }
    let (mut i, mut j, mut out) = (n, m, Vec::new());
    while i > 0 || j > 0 {
        let (di, dj) = shapes[back[i * w + j]];
        out.push(Bead { src: (i - di..i).collect(), tgt: (j - dj..j).collect(), confidence: 1.0 });
        (i, j) = (i - di, j - dj);
    }
    out.reverse();
    out
}

/// Gale and Church (1993) as published: character lengths, c = the
/// document's target/source character ratio, variance 6.8, their priors
/// for 1-1 (0.89), 1-0 and 0-1 (0.0099 together), 2-1 and 1-2 (0.089
/// together), 2-2 (0.011); the two-tailed normal probability of the
/// length difference.
fn gale_church(src: &[String], tgt: &[String]) -> Vec<Bead> {
    let (ls, lt): (Vec<f64>, Vec<f64>) = (src.iter().map(|s| char_len(s)).collect(), tgt.iter().map(|s| char_len(s)).collect());
    let c = (lt.iter().sum::<f64>() / ls.iter().sum::<f64>().max(1.0)).max(1e-3);
    let shapes = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
    let prior = |di: usize, dj: usize| -> f64 {
        match (di, dj) {
            (1, 1) => 0.89,
            (1, 0) | (0, 1) => 0.0099 / 2.0,
            (2, 2) => 0.011,
            _ => 0.089 / 2.0,
        }
    };
    let cost = |i: usize, j: usize, di: usize, dj: usize| -> f64 {
        let l1: f64 = ls[i - di..i].iter().sum();
        let l2: f64 = lt[j - dj..j].iter().sum();
        let mut cost = -prior(di, dj).ln();
        if di > 0 && dj > 0 {
            let mean = ((l1 + l2 / c) / 2.0).max(1.0);
            let delta = (l2 - l1 * c) / (mean * 6.8).sqrt();
            cost -= (erfc(delta.abs() / std::f64::consts::SQRT_2)).max(1e-300).ln();
        }
        cost
    };
    best_beads(src.len(), tgt.len(), &shapes, &cost)
}

/// Complementary error function (Numerical Recipes' erfcc).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07 + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// A hunalign-style aligner (Varga et al. 2005, without its second pass):
/// a 1-1 bead scores the share of tokens the two sides have in common
/// (identical tokens and numbers, and the dictionary's translations of
/// the source words when given) minus a penalty on the log of their
/// character length ratio (after the document's ratio); 1-0 and 0-1
/// beads have a fixed cost, 2-1 and 1-2 beads are scored as one merged
/// sentence with a fixed extra cost. Round constants, chosen once
/// (not fitted on any gold): length 3 per unit of |ln ratio|, similarity
/// 2, skip 1.5, merge 0.5.
fn hunalign_style(src: &[String], tgt: &[String], lexicon: Option<&Lexicon>) -> Vec<Bead> {
    let tokens = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = Lexicon::words_of(s);
        out.extend(dragoman::align::numbers_in(s).into_iter().map(|n| format!("#{n}")));
        out
    };
    let src_tokens: Vec<Vec<String>> = src.iter().map(|s| tokens(s)).collect();
    let tgt_tokens: Vec<std::collections::HashSet<String>> = tgt.iter().map(|s| tokens(s).into_iter().collect()).collect();
    let (ls, lt): (Vec<f64>, Vec<f64>) = (src.iter().map(|s| char_len(s)).collect(), tgt.iter().map(|s| char_len(s)).collect());
    let c = (lt.iter().sum::<f64>() / ls.iter().sum::<f64>().max(1.0)).max(1e-3);
    let shapes = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)];
    let cost = |i: usize, j: usize, di: usize, dj: usize| -> f64 {
        if di == 0 || dj == 0 {
            return 1.5;
        }
        let l1: f64 = ls[i - di..i].iter().sum();
        let l2: f64 = lt[j - dj..j].iter().sum();
        let src_words: Vec<&String> = src_tokens[i - di..i].iter().flatten().collect();
        let tgt_count: usize = tgt_tokens[j - dj..j].iter().map(|t| t.len()).sum();
        let hit = |w: &String| {
            tgt_tokens[j - dj..j]
                .iter()
                .any(|t| t.contains(w) || lexicon.is_some_and(|lex| lex.translations(w).iter().any(|x| t.contains(x))))
        };
        let shared = src_words.iter().filter(|w| hit(w)).count();
        let sim = if src_words.is_empty() && tgt_count == 0 { 0.0 } else { 2.0 * shared as f64 / (src_words.len() + tgt_count) as f64 };
        let length = ((l1 * c + 1.0) / (l2 + 1.0)).ln().abs();
        3.0 * length - 2.0 * sim + if di + dj > 2 { 0.5 } else { 0.0 }
    };
    best_beads(src.len(), tgt.len(), &shapes, &cost)
}

/// Strict F1 on the project's own sample pairs (Arabic, Persian and
/// Chinese against English), segmented by dragoman's segmenter: the
/// data written for the project, not a benchmark set.
fn samples(aligner: &Aligner, root: &Path) {
    samples_with(aligner, root, false);
    samples_with(aligner, root, true);
}

/// [`samples`] without dictionaries, or with the one of
/// `../shared/data/dicts/` that serves each pair (none for Persian).
fn samples_with(aligner: &Aligner, root: &Path, dictionaries: bool) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut all = Counts::default();
    let mut line = String::from(if dictionaries { "samples + dictionaries:  " } else { "samples (project's own):" });
    for (name, lang) in [("delegation", "ar"), ("speech", "ar"), ("majlis", "fa"), ("briefing", "zh")] {
        let side = |code: &str| -> Vec<String> {
            let text = std::fs::read_to_string(dir.join(format!("{name}.{code}.txt"))).unwrap();
            let segmenter = dragoman::segment::Segmenter::new(&code.parse().unwrap());
            segmenter.split(&text).map(str::to_string).collect()
        };
        let gold = read_beads(&std::fs::read_to_string(dir.join(format!("{name}.gold.jsonl"))).unwrap()).unwrap();
        let dictionary = if dictionaries { dictionary_for(&format!("synth_{lang}_en"), root) } else { None };
        let aligner = match dictionary {
            Some((_, lexicon)) => aligner.clone().with_lexicon(&lexicon),
            None => aligner.clone(),
        };
        let beads = aligner.align(&side(lang), &side("en"));
        if std::env::var("ALIGN_DUMP").is_ok_and(|d| d == name) {
            for b in &beads {
                eprintln!("{:?} {:?} {:.3}", b.src, b.tgt, b.confidence);
            }
        }
        let counts = Counts::of(&gold, &beads);
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
