//! `dragoman align`: split two documents into sentences, align them,
//! print the beads (for reading, JSON lines, an HTML review page or TSV)
//! and optionally store the confident pairs. Given a folder, align every
//! `name.L1.txt` / `name.L2.txt` pair in it on all cores.

use super::{json_line, open_memory, open_memory_if_any, parse_lang, read_text, stdout};
use anyhow::{Context, bail};
use dragoman::align::review::{self, Side};
use dragoman::align::stored::{DictionaryFolder, DictionaryStore, LearnedStore, LexiconFolder};
use dragoman::align::{Aligner, Bead, DocumentVerdict, Lexicon};
use dragoman::lang::{Lang, is_rtl};
use dragoman::memory::NewUnit;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source document, or a folder whose files `name.L1.txt` and
    /// `name.L2.txt` are aligned pair by pair.
    src: PathBuf,
    /// Its translation (not given with a folder).
    tgt: Option<PathBuf>,
    /// Source language (default: from the file name, then the script).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Target language (default: from the file name, then the script).
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// Take each non-empty input line as one sentence.
    #[arg(long)]
    presegmented: bool,
    /// Split sentences with the rules of this SRX 2.0 file (as `segment
    /// --rules` does) instead of the built-in ones.
    #[arg(long, value_name = "FILE.srx", conflicts_with = "presegmented")]
    rules: Option<PathBuf>,
    /// The rules of `--rules`, loaded once.
    #[arg(skip)]
    srx: Option<(dragoman::segment::srx::Srx, PathBuf)>,
    /// Word pairs to anchor on: a TSV file, source word TAB target word
    /// per line (may be given more than once).
    #[arg(long = "dictionary", value_name = "FILE")]
    dictionaries: Vec<PathBuf>,
    /// Do not use the dictionaries `dict import` keeps in the data folder
    /// for this language pair.
    #[arg(long)]
    no_dictionary: bool,
    /// A sentence encoder of your own to add meaning to the anchors: the
    /// command (run with `sh -c`) reads JSON strings, one a line (each
    /// sentence, and each run of up to six sentences a bead could join),
    /// and writes one JSON array of numbers a line, in the same order; the
    /// cosine similarity of a bead's sides joins its score. One pair of
    /// files only.
    #[arg(long, value_name = "CMD")]
    embeddings_command: Option<String>,
    /// Do not learn word pairs from the pairs already in the memory.
    #[arg(long)]
    no_memory_lexicon: bool,
    /// Store the aligned pairs in the memory, with both documents' names
    /// as provenance.
    #[arg(long)]
    store: bool,
    /// With --store: keep only pairs at least this confident.
    #[arg(long, default_value_t = 0.5, requires = "store", value_parser = super::parse_fraction)]
    min_confidence: f64,
    /// With --store: store even a document pair whose alignment is too
    /// poor overall to look like a translation (held back by default).
    #[arg(long, requires = "store")]
    force: bool,
    /// Beads below this confidence (0 to 1) are flagged for checking.
    #[arg(long, default_value_t = 0.5, value_parser = super::parse_fraction)]
    flag_below: f64,
    /// Output: beads for reading; JSON lines {"src":[i…],"tgt":[j…],"confidence":c};
    /// an HTML review page; TSV for spreadsheets. With a folder: one
    /// summary line per document, for reading or as JSON.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Open the pair in the review page of `dragoman serve` (started on
    /// this memory if none answers at --server), where beads are
    /// corrected and stored; prints the page's address.
    #[arg(long, conflicts_with_all = ["store", "format", "presegmented", "rules"])]
    review: bool,
    /// With --review: the server's address (default: serve's).
    #[arg(long, value_name = "ADDR", requires = "review")]
    server: Option<std::net::SocketAddr>,
}

/// How beads are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// For people.
    #[default]
    Text,
    /// JSON lines.
    Json,
    /// A self-contained review page, source and target side by side.
    Html,
    /// Tab-separated, with a header line.
    Tsv,
}

/// A document split into sentences.
struct Document {
    path: PathBuf,
    lang: Lang,
    sentences: Vec<String>,
}

impl Document {
    fn side(&self) -> Side<'_> {
        Side {
            name: self.path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            lang: self.lang.as_str(),
            rtl: is_rtl(self.lang.script()),
            joiner: if self.lang.is_cjk() { "" } else { " " },
            sentences: &self.sentences,
        }
    }
}

/// The longest sentence aligned whole: the longest segment a memory
/// takes (`formats::MAX_SEGMENT_BYTES`, 1 MiB), so that every stored pair
/// can be exported and imported again; a longer one is cut into pieces.
const MAX_SENTENCE: usize = dragoman::formats::MAX_SEGMENT_BYTES;

/// Reads one side. A text whose language cannot be told is aligned with
/// its script's rules (a note says so), unless its pairs are to be
/// stored: a memory needs the real language to find them again.
fn load(args: &Args, path: &Path, lang: Option<&Lang>, flag: &str) -> anyhow::Result<Document> {
    let (presegmented, store) = (args.presegmented, args.store);
    let text = read_text(path)?;
    let lang = if store {
        Lang::resolve(lang, path, &text, flag)?
    } else {
        let resolved = Lang::resolve_or_by_script(lang, path, &text);
        if let Some(by_script) = &resolved.by_script {
            eprintln!("dragoman: {}: language not recognised; aligning with {by_script} (give {flag})", path.display());
        }
        resolved.lang
    };
    let segmenter = super::segment::segmenter_for(args.srx.as_ref(), &lang);
    let (spans, cuts) = if presegmented {
        // each line a sentence, cut like any other when over the cap
        let mut spans = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            dragoman::segment::push_trimmed_span(&text, line_start, line_start + line.len(), &mut spans);
            line_start += line.len();
        }
        let cuts = dragoman::segment::cap_spans(&text, 0, &mut spans, MAX_SENTENCE);
        (spans, cuts)
    } else {
        segmenter.capped_spans(&text, MAX_SENTENCE)
    };
    if spans.len() > dragoman::align::MAX_DOCUMENT_SENTENCES {
        bail!(
            "{}: {} sentences; align takes at most {} a document (split it into parts)",
            path.display(),
            spans.len(),
            dragoman::align::MAX_DOCUMENT_SENTENCES
        );
    }
    if let Some(first) = cuts.first() {
        eprintln!(
            "dragoman: {}: {} sentence(s) longer than {MAX_SENTENCE} bytes (the first at byte {first} of the text) aligned in pieces of at most that",
            path.display(),
            cuts.len()
        );
    }
    let sentences = spans.into_iter().map(|(start, end)| text[start..end].replace('\n', " ")).collect();
    Ok(Document { path: path.to_path_buf(), lang, sentences })
}

pub fn run(mut args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let is_stdin = |p: &Path| p.as_os_str() == "-";
    let stdin_document = is_stdin(&args.src) || args.tgt.as_deref().is_some_and(is_stdin);
    let stdin_extras = args.rules.as_deref().is_some_and(is_stdin) as usize + args.dictionaries.iter().filter(|p| is_stdin(p)).count();
    if stdin_extras + stdin_document as usize > 1 {
        bail!("-: standard input can be read once: one document, the rules or one dictionary");
    }
    if args.review {
        return open_review(&args, memory_path);
    }
    if let Some(path) = &args.rules {
        args.srx = Some((super::segment::load_srx(path)?, path.clone()));
    }
    let mut dictionary = Lexicon::default();
    for path in &args.dictionaries {
        let read = if path.as_os_str() == "-" { Lexicon::from_tsv(&read_text(path)?, path)? } else { Lexicon::from_tsv_file(path)? };
        dictionary.extend(&read);
    }
    match &args.tgt {
        Some(tgt) => run_pair(&args, tgt, &dictionary, memory_path),
        None if args.src.is_dir() => run_folder(&args, &dictionary, memory_path),
        None => bail!("{}: give the translation too, or a folder of NAME.LANG.txt files", args.src.display()),
    }
}

/// `--review`: the pair handed to the server's review page.
fn open_review(args: &Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    use crate::serve::pages::launch;
    let Some(tgt) = &args.tgt else { bail!("{}: --review needs the translation too (one pair of files)", args.src.display()) };
    launch::review(launch::Review {
        source: &args.src,
        target: tgt,
        source_text: read_text(&args.src)?,
        target_text: read_text(tgt)?,
        src_lang: args.src_lang.as_ref().map(|l| l.as_str().to_string()),
        tgt_lang: args.tgt_lang.as_ref().map(|l| l.as_str().to_string()),
        memory: memory_path,
        address: args.server.unwrap_or_else(launch::default_address),
    })
}

/// How long IBM Model 1 may learn from the memory's pairs on one run
/// (the iterations done by then count): a round figure, small beside
/// the streaming pass over a large memory.
const IBM1_BUDGET: std::time::Duration = std::time::Duration::from_secs(2);

/// At most this many of the memory's pairs teach the aligner a lexicon
/// on one run, so that a large memory costs a bounded time to learn from.
const MAX_MEMORY_PAIRS: usize = 20_000;

/// The aligner for one language pair: the dictionaries, plus what the
/// memory's pairs for these languages teach. Only pairs whose source
/// shares a word of four letters or more with `documents` (the source
/// sentences to align) are
/// read into the lexicon, at most [`MAX_MEMORY_PAIRS`] of them (a uniform
/// sample when more qualify), so the cost of a large memory is one
/// streaming pass over its units, not a lexicon learned from all of them.
fn aligner_for(
    args: &Args,
    dictionary: &Lexicon,
    src: &Lang,
    tgt: &Lang,
    memory_path: &Path,
    documents: &[&[String]],
) -> anyhow::Result<Aligner> {
    let mut lexicon = dictionary.clone();
    if !args.no_dictionary
        && let Some(folder) = DictionaryFolder::default_location()
    {
        // only the entries of the words the documents use (CC-CEDICT has 400,000 pairs)
        let used: HashSet<String> = documents.iter().flat_map(|d| d.iter()).flat_map(|s| Lexicon::words_of(s)).collect();
        lexicon.extend(&folder.lexicon_for_words(src, tgt, &|w| used.contains(w))?.0);
    }
    if !args.no_memory_lexicon
        && let Some(memory) = open_memory_if_any(memory_path)?
    {
        // words of four letters or more: "the", "und", "في" would let every pair in
        let wanted: HashSet<String> =
            documents.iter().flat_map(|d| d.iter()).flat_map(|s| Lexicon::words_of(s)).filter(|w| w.chars().count() >= 4).collect();
        let mut kept: Vec<(String, String)> = Vec::new();
        let (mut qualified, mut random) = (0usize, 0x9E37_79B9_7F4A_7C15u64);
        memory.for_each_unit(Some(src), Some(tgt), |u| {
            if !Lexicon::words_of(&u.source).iter().any(|w| wanted.contains(w)) {
                return;
            }
            qualified += 1;
            if kept.len() < MAX_MEMORY_PAIRS {
                kept.push((u.source, u.target));
            } else {
                // reservoir sampling with a fixed-seed xorshift: the same memory gives the same lexicon
                random ^= random << 13;
                random ^= random >> 7;
                random ^= random << 17;
                let k = (random % qualified as u64) as usize;
                if k < MAX_MEMORY_PAIRS {
                    kept[k] = (u.source, u.target);
                }
            }
        })?;
        if !kept.is_empty() {
            let texts = || kept.iter().map(|(s, t)| (s.as_str(), t.as_str()));
            let mut learned = Lexicon::learn_from_texts(texts());
            learned.extend(&Lexicon::learn_ibm1_from_texts(texts(), IBM1_BUDGET));
            lexicon.extend(&learned);
            if let Some(folder) = LexiconFolder::default_location() {
                folder.add(src, tgt, &learned)?;
            }
        }
    }
    // what earlier runs learned (from the memory and from documents stored)
    if !args.no_memory_lexicon
        && let Some(folder) = LexiconFolder::default_location()
    {
        lexicon.extend(&folder.load(src, tgt)?);
    }
    Ok(Aligner::default().with_lexicon(&lexicon))
}

fn run_pair(args: &Args, tgt_path: &Path, dictionary: &Lexicon, memory_path: &Path) -> anyhow::Result<ExitCode> {
    if args.src.as_os_str() == "-" && tgt_path.as_os_str() == "-" {
        bail!("-: standard input can be one document of the pair, not both");
    }
    let src = load(args, &args.src, args.src_lang.as_ref(), "--src-lang")?;
    let tgt = load(args, tgt_path, args.tgt_lang.as_ref(), "--tgt-lang")?;
    let aligner = aligner_for(args, dictionary, &src.lang, &tgt.lang, memory_path, &[&src.sentences])?;
    let aligner = match &args.embeddings_command {
        Some(command) => {
            let texts = dragoman::align::embed::candidates(&src.sentences, &tgt.sentences);
            let vectors = encode(command, &texts)?;
            let embeddings = dragoman::align::embed::Embeddings::new(src.sentences.len(), tgt.sentences.len(), vectors)
                .map_err(|e| anyhow::anyhow!("--embeddings-command {command}: {e}"))?;
            aligner.with_embeddings(embeddings)
        }
        None => aligner,
    };
    let beads = aligner.align(&src.sentences, &tgt.sentences);
    let mut out = stdout();
    match args.format {
        Format::Json => beads.iter().try_for_each(|b| json_line(&mut out, b))?,
        Format::Text => {
            for (k, bead) in beads.iter().enumerate() {
                print_bead(&mut out, k, bead, &src, &tgt, args.flag_below)?;
            }
        }
        Format::Html => review::write_html(&mut out, &src.side(), &tgt.side(), &beads, args.flag_below)?,
        Format::Tsv => review::write_tsv(&mut out, &src.side(), &tgt.side(), &beads, args.flag_below)?,
    }
    if args.store {
        let verdict = aligner.verdict(&src.sentences, &tgt.sentences, &beads);
        let stored = store(&beads, &verdict, &src, &tgt, memory_path, args.min_confidence, args.force)?;
        // the pair's sure beads teach the kept lexicon, unless the pair looked like no translation
        if stored.withheld.is_none()
            && !verdict.poor
            && !args.no_memory_lexicon
            && let Some(folder) = LexiconFolder::default_location()
        {
            let text = |doc: &Document, indices: &[usize]| indices.iter().map(|&i| doc.sentences[i].as_str()).collect::<Vec<_>>().join(" ");
            let sure: Vec<(String, String)> = beads
                .iter()
                .filter(|b| b.confidence >= 0.9 && !b.src.is_empty() && !b.tgt.is_empty())
                .map(|b| (text(&src, &b.src), text(&tgt, &b.tgt)))
                .collect();
            let learned = Lexicon::learn_ibm1_from_texts(sure.iter().map(|(s, t)| (s.as_str(), t.as_str())), IBM1_BUDGET);
            folder.add(&src.lang, &tgt.lang, &learned)?;
        }
        let line = match &stored.withheld {
            Some(why) => format!("{} + {}: {why}", src.path.display(), tgt.path.display()),
            None => format!(
                "stored {} pairs in {} ({} already there, {} held back below confidence {}{})",
                stored.added,
                super::shown_memory(memory_path),
                stored.duplicates,
                stored.held_back,
                args.min_confidence,
                stored.refusals()
            ),
        };
        // only the text format leaves room on stdout for a summary
        match args.format {
            Format::Text => writeln!(out, "{line}")?,
            _ => eprintln!("{line}"),
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_bead(out: &mut impl Write, k: usize, bead: &Bead, src: &Document, tgt: &Document, flag_below: f64) -> anyhow::Result<()> {
    let flag = match review::flag(bead, flag_below) {
        review::Flag::Unaligned => "  unaligned",
        review::Flag::Check => "  check",
        review::Flag::None => "",
    };
    writeln!(out, "#{:<3} {}-{}  {:.2}{flag}", k + 1, bead.src.len(), bead.tgt.len(), bead.confidence)?;
    for (lang, doc, indices) in [(&src.lang, src, &bead.src), (&tgt.lang, tgt, &bead.tgt)] {
        let text = if indices.is_empty() { "—".to_string() } else { doc.side().text(indices) };
        writeln!(out, "  {:<5} {}", lang.as_str(), super::terminal::printable(&text))?;
    }
    writeln!(out)?;
    Ok(())
}

/// The sentences of a bead side joined as one segment (no space between
/// Chinese or Japanese sentences).
fn locator(indices: &[usize]) -> String {
    match indices {
        [] => String::new(),
        [one] => (one + 1).to_string(),
        [first, .., last] => format!("{}-{}", first + 1, last + 1),
    }
}

#[derive(Debug, Default, serde::Serialize)]
struct Stored {
    added: usize,
    duplicates: usize,
    held_back: usize,
    /// Pairs whose target is their source, in the same language.
    identical: usize,
    /// Pairs a memory cannot take (a side over 1 MiB, a control character).
    refused: usize,
    /// Why nothing of the document pair was stored, if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    withheld: Option<String>,
}

impl Stored {
    /// The pairs left out besides those below the confidence, for the summary.
    fn refusals(&self) -> String {
        let mut said = String::new();
        if self.identical > 0 {
            said.push_str(&format!(", {} identical to their source", self.identical));
        }
        if self.refused > 0 {
            said.push_str(&format!(", {} a memory cannot take (over {MAX_SENTENCE} bytes or a control character)", self.refused));
        }
        said
    }
}

/// Stores the beads of one document pair at least `min_confidence` sure,
/// unless the two documents are the same text or (without `force`) do not
/// look like translations of each other ([`DocumentVerdict`]); a pair whose
/// target is its source in the same language, or one a memory cannot take
/// (`formats::check_segment`: a side over 1 MiB), is left out and counted.
fn store(
    beads: &[Bead],
    verdict: &DocumentVerdict,
    src: &Document,
    tgt: &Document,
    memory_path: &Path,
    min_confidence: f64,
    force: bool,
) -> anyhow::Result<Stored> {
    let mut stored = Stored::default();
    let same_language = src.lang.matches(&tgt.lang);
    if same_language && src.sentences == tgt.sentences {
        stored.withheld = Some("the two documents are the same text; nothing stored".to_string());
        return Ok(stored);
    }
    if verdict.poor && !force {
        stored.withheld = Some(format!(
            "these two texts may not be translations of each other; nothing stored ({} beads, mean confidence {:.2}; --force stores them anyway)",
            verdict.beads, verdict.mean_confidence
        ));
        return Ok(stored);
    }
    let mut memory = open_memory(memory_path)?;
    let mut writer = memory.writer()?;
    let document = format!("{} + {}", src.path.display(), tgt.path.display());
    for bead in beads.iter().filter(|b| !b.src.is_empty() && !b.tgt.is_empty()) {
        if bead.confidence < min_confidence {
            stored.held_back += 1;
            continue;
        }
        let (source, target) = (src.side().text(&bead.src), tgt.side().text(&bead.tgt));
        if same_language && source == target {
            stored.identical += 1;
            continue;
        }
        if dragoman::formats::check_segment(&source, "source").and(dragoman::formats::check_segment(&target, "target")).is_err() {
            stored.refused += 1;
            continue;
        }
        let mut unit = NewUnit::new(src.lang.clone(), tgt.lang.clone(), &source, &target, &document);
        unit.locator = format!("s{}/t{}", locator(&bead.src), locator(&bead.tgt));
        unit.created_by = super::settings::author();
        if writer.add(&unit)?.is_added() {
            stored.added += 1;
        } else {
            stored.duplicates += 1;
        }
    }
    writer.commit().with_context(|| format!("{}: storing the pairs", super::shown_memory(memory_path)))?;
    Ok(stored)
}

/// Languages that dispatches are translated into: in a folder pair, the
/// file in one of these is the translation when the other is not.
const TARGET_LANGUAGES: [&str; 3] = ["en", "fr", "de"];

type LangFile = (Lang, PathBuf);

/// A folder entry not aligned: why, and whether the user has to act.
type LeftOut = (String, bool);

/// Every (source, translation) pairing of `sources` with `targets`.
fn every<'f>(sources: Vec<&'f LangFile>, targets: Vec<&'f LangFile>) -> Vec<(&'f LangFile, &'f LangFile)> {
    sources.iter().flat_map(|a| targets.iter().map(move |b| (*a, *b))).collect()
}

/// A pair of files found in a folder.
struct FilePair {
    name: String,
    src: PathBuf,
    tgt: PathBuf,
}

/// Pairs `name.L1.txt` with `name.L2.txt`. Returns the pairs (sorted by
/// name), and one line per file left out and why, with whether the user
/// has to act (an ambiguous group, not a file still untranslated).
fn find_pairs(dir: &Path, src_lang: Option<&Lang>, tgt_lang: Option<&Lang>) -> anyhow::Result<(Vec<FilePair>, Vec<LeftOut>)> {
    let mut groups: BTreeMap<String, Vec<(Lang, PathBuf)>> = BTreeMap::new();
    let (mut pairs, mut left_out) = (Vec::new(), Vec::new());
    let root = std::fs::canonicalize(dir).with_context(|| format!("{}: cannot read the folder", dir.display()))?;
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}: cannot read the folder", dir.display()))? {
        let path = entry.with_context(|| format!("{}: cannot read the folder", dir.display()))?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if !file.ends_with(".txt") {
            continue;
        }
        // only regular files: a FIFO or device would never end; a link is
        // followed only to a regular file inside the folder
        let kind = std::fs::symlink_metadata(&path).map(|m| m.file_type());
        let regular = match kind {
            Ok(kind) if kind.is_file() => true,
            Ok(kind) if kind.is_symlink() => std::fs::canonicalize(&path).is_ok_and(|target| target.starts_with(&root) && target.is_file()),
            _ => false,
        };
        if !regular {
            if !kind.is_ok_and(|k| k.is_dir()) {
                left_out.push((format!("{file}: not a regular file in the folder (a FIFO, device, or a link out of the folder)"), false));
            }
            continue;
        }
        let Some(lang) = Lang::from_file_name(&path) else { continue };
        let name = file.trim_end_matches(".txt").rsplit_once('.').map_or(file, |(n, _)| n).to_string();
        groups.entry(name).or_default().push((lang, path));
    }
    for (name, mut files) in groups {
        files.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let in_lang = |want: &Lang| -> Vec<&LangFile> { files.iter().filter(|(l, _)| l.matches(want)).collect() };
        let not_in_lang = |want: &Lang| -> Vec<&LangFile> { files.iter().filter(|(l, _)| !l.matches(want)).collect() };
        let is_target = |(l, _): &&LangFile| TARGET_LANGUAGES.contains(&l.primary());
        // every (source, translation) pair of the group
        let chosen: Vec<(&LangFile, &LangFile)> = match (src_lang, tgt_lang) {
            (Some(s), Some(t)) => every(in_lang(s).into_iter().take(1).collect(), in_lang(t).into_iter().take(1).collect()),
            (Some(s), None) => every(in_lang(s).into_iter().take(1).collect(), not_in_lang(s)),
            (None, Some(t)) => every(not_in_lang(t), in_lang(t).into_iter().take(1).collect()),
            (None, None) if files.len() == 1 => {
                left_out.push((format!("{name}: no translation beside {}", files[0].1.display()), false));
                continue;
            }
            (None, None) => {
                // one file in a source language, the others translations of it
                let sources: Vec<_> = files.iter().filter(|f| !is_target(f)).collect();
                match sources.as_slice() {
                    [source] => every(vec![*source], files.iter().filter(is_target).collect()),
                    _ => {
                        left_out.push((format!("{name}: cannot tell source from translation; give --src-lang or --tgt-lang"), true));
                        continue;
                    }
                }
            }
        };
        if chosen.is_empty() {
            let langs: Vec<&str> = files.iter().map(|(l, _)| l.as_str()).collect();
            left_out.push((format!("{name}: no pair among the languages {}", langs.join(", ")), true));
        }
        let several = chosen.len() > 1;
        for ((src_lang, src), (tgt_lang, tgt)) in chosen {
            let name = if several { format!("{name} ({src_lang}→{tgt_lang})") } else { name.clone() };
            pairs.push(FilePair { name, src: src.clone(), tgt: tgt.clone() });
        }
    }
    Ok((pairs, left_out))
}

/// What a folder run reports for one document.
#[derive(Debug, serde::Serialize)]
struct Summary {
    document: String,
    src: String,
    tgt: String,
    src_sentences: usize,
    tgt_sentences: usize,
    beads: usize,
    unaligned: usize,
    low_confidence: usize,
    mean_confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    stored: Option<Stored>,
}

/// One document pair's beads and the verdict on them.
type Aligned = (Vec<Bead>, Option<DocumentVerdict>);

/// Runs the user's encoder on `texts` (see `Args::embeddings_command`):
/// JSON strings in, one a line; JSON arrays of numbers out, one a line.
fn encode(command: &str, texts: &[String]) -> anyhow::Result<Vec<Vec<f32>>> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let name = format!("--embeddings-command {command}");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("{name}: cannot run"))?;
    let mut input = child.stdin.take().expect("piped");
    let lines: String = texts.iter().map(|t| serde_json::Value::String(t.clone()).to_string() + "\n").collect();
    // written from a thread while the vectors are read, so that neither pipe fills up
    let writer = std::thread::spawn(move || input.write_all(lines.as_bytes()));
    let mut vectors = Vec::with_capacity(texts.len());
    for (n, line) in BufReader::new(child.stdout.take().expect("piped")).lines().enumerate() {
        let line = line.with_context(|| format!("{name}: cannot read its output"))?;
        if line.trim().is_empty() {
            continue;
        }
        let vector: Vec<f32> = serde_json::from_str(&line)
            .map_err(|e| anyhow::anyhow!("{name}: line {} of its output: expected a JSON array of numbers ({e})", n + 1))?;
        vectors.push(vector);
    }
    let status = child.wait().with_context(|| format!("{name}: cannot run"))?;
    // a command that stops reading early closes the pipe: its exit status says why
    let written = writer.join().expect("the writer does not panic");
    if !status.success() {
        bail!("{name}: exited with {status}");
    }
    // a command that stopped reading but exited well is judged by its vectors
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        bail!("{name}: cannot write the sentences to it: {e}");
    }
    Ok(vectors)
}

fn run_folder(args: &Args, dictionary: &Lexicon, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let dir = &args.src;
    if args.embeddings_command.is_some() {
        bail!("{}: --embeddings-command aligns one pair of files, not a folder", dir.display());
    }
    if matches!(args.format, Format::Html | Format::Tsv) {
        bail!("{}: --format html and tsv review one pair of files; with a folder use text or json", dir.display());
    }
    let (pairs, left_out) = find_pairs(dir, args.src_lang.as_ref(), args.tgt_lang.as_ref())?;
    for (line, _) in &left_out {
        eprintln!("{}: left out {line}", dir.display());
    }
    if pairs.is_empty() {
        bail!("{}: no pair of files named NAME.LANG.txt to align", dir.display());
    }
    let mut documents = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let src = load(args, &pair.src, args.src_lang.as_ref(), "--src-lang")?;
        let tgt = load(args, &pair.tgt, args.tgt_lang.as_ref(), "--tgt-lang")?;
        documents.push((src, tgt));
    }
    // one aligner per language pair, built before the workers start
    let mut aligners: BTreeMap<(String, String), Aligner> = BTreeMap::new();
    for (src, tgt) in &documents {
        let key = (src.lang.as_str().to_string(), tgt.lang.as_str().to_string());
        if let std::collections::btree_map::Entry::Vacant(slot) = aligners.entry(key) {
            let same_pair: Vec<&[String]> =
                documents.iter().filter(|(s, t)| s.lang == src.lang && t.lang == tgt.lang).map(|(s, _)| s.sentences.as_slice()).collect();
            slot.insert(aligner_for(args, dictionary, &src.lang, &tgt.lang, memory_path, &same_pair)?);
        }
    }
    let progress = indicatif::ProgressBar::new(documents.len() as u64);
    progress.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {msg}").expect("a valid template").progress_chars("##-"),
    );
    let results: Vec<Aligned> = dragoman::pool::map_ordered(&documents, dragoman::pool::default_jobs(), |(src, tgt)| {
        let aligner = &aligners[&(src.lang.as_str().to_string(), tgt.lang.as_str().to_string())];
        let beads = aligner.align(&src.sentences, &tgt.sentences);
        // the verdict costs a second reading of both sides: only to store
        let verdict = args.store.then(|| aligner.verdict(&src.sentences, &tgt.sentences, &beads));
        progress.inc(1);
        (beads, verdict)
    });
    progress.finish_and_clear();
    let mut out = stdout();
    for ((pair, (src, tgt)), (beads, verdict)) in pairs.iter().zip(&documents).zip(results) {
        let stored = match &verdict {
            Some(verdict) => Some(store(&beads, verdict, src, tgt, memory_path, args.min_confidence, args.force)?),
            None => None,
        };
        let summary = Summary {
            document: pair.name.clone(),
            src: src.path.display().to_string(),
            tgt: tgt.path.display().to_string(),
            src_sentences: src.sentences.len(),
            tgt_sentences: tgt.sentences.len(),
            beads: beads.len(),
            unaligned: beads.iter().filter(|b| b.src.is_empty() || b.tgt.is_empty()).count(),
            low_confidence: beads.iter().filter(|b| review::flag(b, args.flag_below) == review::Flag::Check).count(),
            mean_confidence: if beads.is_empty() { 0.0 } else { beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len() as f64 },
            stored,
        };
        match args.format {
            Format::Json => json_line(&mut out, &summary)?,
            _ => print_summary(&mut out, &summary, &src.lang, &tgt.lang, args)?,
        }
    }
    out.flush()?;
    // an ambiguous group was not aligned: the run is not complete
    Ok(if left_out.iter().any(|(_, act)| *act) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_summary(out: &mut impl Write, s: &Summary, src: &Lang, tgt: &Lang, args: &Args) -> anyhow::Result<()> {
    write!(
        out,
        "{}  {}→{}  {}×{} sentences  {} beads  {} unaligned  {} below {:.2}  mean confidence {:.2}",
        super::terminal::printable(&s.document),
        src.as_str(),
        tgt.as_str(),
        s.src_sentences,
        s.tgt_sentences,
        s.beads,
        s.unaligned,
        s.low_confidence,
        args.flag_below,
        s.mean_confidence
    )?;
    match &s.stored {
        Some(Stored { withheld: Some(why), .. }) => write!(out, "  {why}")?,
        Some(stored) => write!(
            out,
            "  stored {} ({} already there, {} held back below {}{})",
            stored.added,
            stored.duplicates,
            stored.held_back,
            args.min_confidence,
            stored.refusals()
        )?,
        None => {}
    }
    writeln!(out)?;
    Ok(())
}
