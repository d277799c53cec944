//! A lexicon learned by IBM Model 1 (Brown et al. 1993), as fast_align's
//! first iterations do: expectation-maximisation of word translation
//! probabilities t(target | source) over aligned sentence pairs, with an
//! empty source word for target words that translate nothing, a few
//! iterations and a time budget. Words are normalised lightly first, so
//! that sparse inflected forms pool their evidence: Arabic-script source
//! words lose the clitics و ف ب ل ك and the article ال, English target
//! words a plural or verb ending (see [`light_stem`]); the lexicon then
//! pairs each source form seen with the target forms seen. The command
//! line learns it from the memory's pairs and from the sure beads of each
//! stored document pair (see `LexiconFolder`), and the aligner's later
//! passes from the pass before's sure beads (see
//! `Aligner::learn_ibm1_in_passes`). Hebrew source words lose their
//! clitics too (ו ה ב ל מ ש כ), Cyrillic ones a case or verb ending.

use super::lexicon::{FastMap, Lexicon};
use std::time::{Duration, Instant};

/// Iterations of EM: fast_align's default is 5.
pub const ITERATIONS: usize = 5;

/// A learned pair is kept when t(target | source) is at least this (a
/// round figure: a word's mass shared by at most three translations).
const MIN_PROBABILITY: f64 = 0.3;

/// A source word seen in fewer pairs than this teaches nothing.
const MIN_PAIRS: usize = 2;

/// Target words found in more than this share of the pairs (and at least
/// 10) are function words and are not learned (as `Lexicon::learn` does).
const TOO_COMMON: f64 = 0.1;

/// The Arabic-script word without its leading clitics: conjunctions و ف,
/// prepositions ب ل ك, the article ال (والمعبر → معبر, للأسرى → أسرى),
/// keeping at least three letters.
pub fn strip_arabic_clitics(word: &str) -> &str {
    strip_leading(word, &[&["و", "ف"], &["ب", "ل", "ك"], &["ال", "ل"]])
}

/// `word` without one prefix of each group in turn (the first of the
/// group that leaves at least three letters), for the clitic strippers.
fn strip_leading<'w>(word: &'w str, groups: &[&[&str]]) -> &'w str {
    let mut rest = word;
    for clitics in groups {
        if let Some(r) = clitics.iter().find_map(|c| rest.strip_prefix(c).filter(|r| r.chars().count() >= 3)) {
            rest = r;
        }
    }
    rest
}

/// A light stemmer for English (and similar Latin-script) words: drops
/// -ies/-es/-s of plurals and -ed/-ing of verbs when at least four letters
/// remain (trucks → truck, entered → enter, talks → talk).
pub fn light_stem(word: &str) -> &str {
    if !word.is_ascii() {
        return word;
    }
    for suffix in ["ing", "ies", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 4
            && !stem.ends_with('s')
        {
            return stem;
        }
    }
    word
}

/// The Hebrew word without its leading clitics: the conjunction ו, the
/// relative ש (כש, מש), then one of the prepositions ב ל מ כ or the
/// article ה (והקובץ → קובץ, שבתיקייה → תיקייה, לקבצים → קבצים), keeping
/// at least three letters. As with Arabic, a root letter that looks like
/// a clitic goes too (מחשב → חשב): the lexicon pools forms, the text
/// keeps its own.
pub fn strip_hebrew_clitics(word: &str) -> &str {
    strip_leading(word, &[&["ו"], &["כש", "מש", "ש"], &["ה", "ב", "ל", "מ", "כ"]])
}

/// Russian (and other Cyrillic) inflectional endings, folded as
/// `fold_word` folds them (й → и, ё → е), longest first: the case endings
/// of nouns and adjectives and the commonest verb endings.
const CYRILLIC_ENDINGS: &[&str] = &[
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ться", "тся", "ает", "яет", "ует", "ают", "яют", "уют", "ать", "ять",
    "ить", "еть", "ов", "ев", "еи", "ои", "ии", "ыи", "ая", "яя", "ое", "ее", "ие", "ые", "ых", "их", "ую", "юю", "ом", "ем", "ам", "ям",
    "ах", "ях", "ию", "ия", "ть", "ет", "ит", "ют", "ут", "ат", "ят", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь",
];

/// A light stemmer for Russian: drops one inflectional ending (see
/// [`CYRILLIC_ENDINGS`]) when at least three letters remain (файлов,
/// файла, файлы → файл; открывает → открыв), so that a word's cases pool
/// their evidence.
pub fn cyrillic_stem(word: &str) -> &str {
    for ending in CYRILLIC_ENDINGS {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= 3
        {
            return stem;
        }
    }
    word
}

/// A folded word of a script with clitics or case endings reduced as
/// [`normalise`] does; Latin-script and other words as they are.
pub(crate) fn normalise_source(word: &str) -> &str {
    let first = word.chars().next().unwrap_or(' ');
    match crate::lang::char_script(first) {
        Some(crate::lang::Script::Arabic) => strip_arabic_clitics(word),
        Some(crate::lang::Script::Hebrew) => strip_hebrew_clitics(word),
        Some(crate::lang::Script::Cyrillic) => cyrillic_stem(word),
        _ => word,
    }
}

/// A folded word reduced to what its inflected forms share, by its
/// script: Arabic and Hebrew words lose their leading clitics, Cyrillic
/// words an ending, English (ASCII) words a plural or verb ending.
pub(crate) fn normalise(word: &str) -> &str {
    if word.is_ascii() { light_stem(word) } else { normalise_source(word) }
}

/// Learns a lexicon from aligned pairs of folded words, within `budget`
/// (the iterations done by then count).
pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>, budget: Duration) -> Lexicon {
    learn_with(pairs, Some(budget), MIN_PROBABILITY)
}

/// Learns as [`learn`] does, all [`ITERATIONS`] whatever the time (the
/// caller bounds the pairs), keeping only pairs of at least
/// `min_probability`: the same pairs give the same lexicon on a loaded
/// machine as on an idle one.
pub(crate) fn learn_strict<'a>(pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>, min_probability: f64) -> Lexicon {
    learn_with(pairs, None, min_probability)
}

fn learn_with<'a>(
    pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>,
    budget: Option<Duration>,
    min_probability: f64,
) -> Lexicon {
    let started = Instant::now();
    let mut src_ids: FastMap<&str, u32> = FastMap::default();
    let mut tgt_ids: FastMap<&str, u32> = FastMap::default();
    let mut src_forms: Vec<Vec<&str>> = Vec::new();
    let mut tgt_forms: Vec<Vec<&str>> = Vec::new();
    let mut corpus: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
    for (src, tgt) in pairs {
        let ids = |words: &'a [String], table: &mut FastMap<&'a str, u32>, forms: &mut Vec<Vec<&'a str>>, norm: fn(&str) -> &str| {
            let mut out: Vec<u32> = words
                .iter()
                .map(|w| {
                    let key = norm(w.as_str());
                    let next = table.len() as u32;
                    let id = *table.entry(key).or_insert(next);
                    if id as usize == forms.len() {
                        forms.push(Vec::new());
                    }
                    if forms[id as usize].len() < 4 && !forms[id as usize].contains(&w.as_str()) {
                        forms[id as usize].push(w.as_str());
                    }
                    id
                })
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        };
        let s = ids(src, &mut src_ids, &mut src_forms, normalise_source);
        let t = ids(tgt, &mut tgt_ids, &mut tgt_forms, normalise);
        if !s.is_empty() && !t.is_empty() {
            corpus.push((s, t));
        }
    }
    let mut src_count = vec![0usize; src_forms.len()];
    let mut tgt_count = vec![0usize; tgt_forms.len()];
    for (s, t) in &corpus {
        s.iter().for_each(|&w| src_count[w as usize] += 1);
        t.iter().for_each(|&w| tgt_count[w as usize] += 1);
    }
    // t(e | f) over the pairs (f, e) that co-occur, in a map per source
    // word; f = NULL is the last id
    let null = src_forms.len() as u32;
    let mut table: Vec<FastMap<u32, f64>> = vec![FastMap::default(); src_forms.len() + 1];
    for (s, t) in &corpus {
        for &f in s.iter().chain(std::iter::once(&null)) {
            for &e in t {
                table[f as usize].insert(e, 1.0);
            }
        }
    }
    for row in &mut table {
        let n = row.len() as f64;
        row.values_mut().for_each(|v| *v = 1.0 / n);
    }
    for _ in 0..ITERATIONS {
        if budget.is_some_and(|b| started.elapsed() > b) {
            break;
        }
        let mut counts: Vec<FastMap<u32, f64>> = vec![FastMap::default(); table.len()];
        for (s, t) in &corpus {
            for &e in t {
                let denominator: f64 = s.iter().chain(std::iter::once(&null)).map(|&f| table[f as usize][&e]).sum();
                if denominator <= 0.0 {
                    continue;
                }
                for &f in s.iter().chain(std::iter::once(&null)) {
                    *counts[f as usize].entry(e).or_insert(0.0) += table[f as usize][&e] / denominator;
                }
            }
        }
        for (row, count) in table.iter_mut().zip(counts) {
            let total: f64 = count.values().sum();
            if total > 0.0 {
                for (e, v) in row.iter_mut() {
                    *v = count.get(e).copied().unwrap_or(0.0) / total;
                }
            }
        }
    }
    let too_common = ((corpus.len() as f64 * TOO_COMMON) as usize).max(10);
    let mut lexicon = Lexicon::default();
    for (f, row) in table.iter().enumerate().take(src_forms.len()) {
        if src_count[f] < MIN_PAIRS {
            continue;
        }
        let mut best: Vec<(u32, f64)> =
            row.iter().filter(|&(&e, &p)| p >= min_probability && tgt_count[e as usize] <= too_common).map(|(&e, &p)| (e, p)).collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (e, _) in best.into_iter().take(2) {
            for s in &src_forms[f] {
                for t in &tgt_forms[e as usize] {
                    lexicon.insert(s, t);
                }
            }
        }
    }
    lexicon
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        crate::align::Lexicon::words_of(s)
    }

    #[test]
    fn clitics_and_endings_are_stripped_lightly() {
        assert_eq!(strip_arabic_clitics("والمعبر"), "معبر");
        assert_eq!(strip_arabic_clitics("للأسرى"), "أسرى");
        assert_eq!(
            strip_arabic_clitics("بغداد"),
            "غداد",
            "a clitic-like first letter goes too: the lexicon pools, the text keeps its form"
        );
        assert_eq!(strip_arabic_clitics("ولد"), "ولد", "three letters stay");
        assert_eq!(light_stem("trucks"), "truck");
        assert_eq!(light_stem("entered"), "enter");
        assert_eq!(light_stem("gas"), "gas");
        assert_eq!(light_stem("press"), "press");
    }

    #[test]
    fn hebrew_clitics_and_russian_endings_come_off_lightly() {
        let hebrew = [("והקובץ", "קובץ"), ("שבתיקייה", "תיקייה"), ("לקבצים", "קבצים"), ("בבית", "בית"), ("ספר", "ספר"), ("הם", "הם")];
        for (word, want) in hebrew {
            assert_eq!(strip_hebrew_clitics(word), want, "{word}");
        }
        let fold = crate::text::fold_word;
        // folded as the aligner folds words: й is и
        let russian = [("файлов", "файл"), ("файла", "файл"), ("файлы", "файл"), ("новый", "нов"), ("открывает", "открыв"), ("дом", "дом")];
        for (word, want) in russian {
            assert_eq!(cyrillic_stem(&fold(word)), fold(want), "{word}");
        }
        assert_eq!(normalise("files"), "file");
        assert_eq!(normalise(&fold("папками")), "папк");
        assert_eq!(normalise("בקובץ"), "קובץ");
    }

    #[test]
    fn a_strict_threshold_keeps_only_the_clear_winners_of_a_hebrew_document() {
        // sure beads of one Hebrew news document, as the aligner's passes hand them over
        let pairs = [
            ("הממשלה התכנסה הבוקר בירושלים", "The government met this morning in Jerusalem"),
            ("הממשלה אישרה את התקציב", "The government approved the budget"),
            ("התקציב עבר בכנסת בלילה", "The budget passed in the Knesset at night"),
            ("הכנסת התכנסה שוב בבוקר", "The Knesset met again in the morning"),
            ("בירושלים ירד שלג", "Snow fell in Jerusalem"),
            ("שלג כבד ירד בצפון", "Heavy snow fell in the north"),
            ("הממשלה החדשה הושבעה", "The new government was sworn in"),
            ("השלג נמס מהר", "The snow melted fast"),
        ];
        let read: Vec<(Vec<String>, Vec<String>)> = pairs.iter().map(|(a, b)| (words(a), words(b))).collect();
        let loose = learn(read.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), Duration::from_secs(60));
        let strict = learn_strict(read.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), 0.5);
        let of = |lexicon: &Lexicon, w: &str| lexicon.translations(&crate::text::fold_word(w)).to_vec();
        assert!(of(&strict, "הממשלה").contains(&"government".to_string()), "{:?}", of(&strict, "הממשלה"));
        assert!(of(&strict, "בירושלים").contains(&"jerusalem".to_string()), "{:?}", of(&strict, "בירושלים"));
        // שלג alone is seen twice, with "snow" and "fell" both times (they
        // shared its probability, about 0.37 each); with the article off,
        // השלג adds a third pair with "snow" and none with "fell", so even
        // the document's threshold keeps "snow", and only it
        assert!(of(&loose, "שלג").contains(&"snow".to_string()), "{:?}", of(&loose, "שלג"));
        assert_eq!(of(&strict, "שלג"), ["snow"]);
        assert_eq!(of(&strict, "השלג"), ["snow"]);
        // everything kept at 0.5 is kept at 0.3, not the other way round
        assert!(strict.pairs().all(|(s, t)| loose.translations(s).iter().any(|x| x == t)));
        assert!(strict.pairs().count() <= loose.pairs().count());
        // and the same pairs give the same lexicon, whatever the time taken
        let again = learn_strict(read.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), 0.5);
        let sorted = |l: &Lexicon| {
            let mut v: Vec<(String, String)> = l.pairs().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            v.sort();
            v
        };
        assert_eq!(sorted(&strict), sorted(&again));
    }

    #[test]
    fn arabic_words_learn_their_english_translations_across_inflections() {
        // real news sentences: trucks entered Gaza through the crossing
        let pairs = [
            ("دخلت الشاحنات إلى غزة عبر المعبر", "The trucks entered Gaza through the crossing"),
            ("أغلق المعبر يوم الأحد", "The crossing was closed on Sunday"),
            ("وصلت الشاحنات صباحا", "The trucks arrived in the morning"),
            ("وفتح المعبر مجددا يوم الاثنين", "The crossing opened again on Monday"),
            ("غزة تنتظر المساعدات", "Gaza awaits the aid"),
            ("المساعدات وصلت إلى غزة", "The aid reached Gaza"),
        ];
        let read: Vec<(Vec<String>, Vec<String>)> = pairs.iter().map(|(a, b)| (words(a), words(b))).collect();
        let lexicon = learn(read.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), Duration::from_secs(5));
        let of = |w: &str| lexicon.translations(&crate::text::fold_word(w)).to_vec();
        assert!(of("المعبر").contains(&"crossing".to_string()), "{:?}", of("المعبر"));
        assert!(of("والمعبر").is_empty() || of("والمعبر").contains(&"crossing".to_string()));
        assert!(of("الشاحنات").contains(&"trucks".to_string()), "{:?}", of("الشاحنات"));
    }
}
