//! What the aligner reads in a sentence: its length, and the anchor keys
//! it can share with a sentence of the other document — numbers in any
//! digit system, punctuation that survives translation, footnote
//! markers, URLs, identical words and word prefixes (names, cognates),
//! consonant skeletons of names across scripts, and the translations a
//! lexicon gives for its words.
//!
//! Keys are interned per document pair and weighted by rarity (a number
//! found in two sentences says more than a quotation mark found in
//! twenty); only keys that occur on both sides count, so a sentence's
//! "size" is what it could possibly share with the other document.

use super::lexicon::{FastMap, Lexicon};
use super::romanize;
use crate::lang::{Script, char_script};

/// One sentence, ready for the cost function.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sentence {
    /// Letters and digits, not spaces: Gale and Church's length.
    pub len: f64,
    /// Anchor keys, sorted, without repeats, restricted to keys both
    /// documents contain.
    pub keys: Vec<u32>,
    /// Sum of the weights of `keys`.
    pub size: f32,
}

/// Both documents of a pair, turned into sentences with shared keys.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub src: Vec<Sentence>,
    pub tgt: Vec<Sentence>,
    /// Weight of each key id.
    pub weights: Vec<f32>,
}

/// The raw reading of one sentence before keys are shared out.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub len: f64,
    pub keys: Vec<String>,
    /// Folded words, for lexicon lookups and lexicon learning.
    pub words: Vec<String>,
}

/// Reads one sentence. `names_across_scripts` adds consonant skeletons
/// of non-Latin words and capitalised Latin words.
pub(crate) fn read(sentence: &str, names_across_scripts: bool) -> Reading {
    let len = sentence.chars().filter(|c| !c.is_whitespace()).count() as f64;
    let mut keys = Vec::new();
    let mut occurrences: FastMap<String, usize> = FastMap::default();
    let mut push_counted = |keys: &mut Vec<String>, key: String| {
        let n = occurrences.entry(key.clone()).or_insert(0);
        *n += 1;
        keys.push(format!("{key}#{n}"));
    };
    for n in super::numbers_in(sentence) {
        push_counted(&mut keys, format!("n:{n}"));
    }
    let chars: Vec<char> = sentence.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        let mark = match c {
            '?' | '؟' | '？' => "?",
            '!' | '！' => "!",
            '"' | '“' | '”' | '«' | '»' | '„' | '‟' | '「' | '」' | '『' | '』' | '‹' | '›' => "\"",
            ':' | '：' if !chars.get(k + 1).is_some_and(|n| n.is_ascii_digit()) => ":",
            '(' | '（' => "(",
            '%' | '٪' => "%",
            '…' => "...",
            '[' => {
                // footnote marker [12]
                let digits: String = chars[k + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
                if !digits.is_empty() && chars.get(k + 1 + digits.len()) == Some(&']') {
                    push_counted(&mut keys, format!("f:{digits}"));
                }
                continue;
            }
            '¹' | '²' | '³' => {
                push_counted(&mut keys, format!("f:{}", crate::text::fold(&c.to_string())));
                continue;
            }
            _ => continue,
        };
        push_counted(&mut keys, format!("#:{mark}"));
    }
    let mut words = Vec::new();
    for raw in sentence.split_whitespace() {
        let lower = raw.to_lowercase();
        if lower.contains("://") || lower.starts_with("www.") || (lower.contains('@') && lower.contains('.')) {
            keys.push(format!("u:{}", lower.trim_end_matches(['.', ',', ')', ';'])));
        }
    }
    for token in sentence.split(|c: char| !crate::text::is_word_char(c)).filter(|t| !t.is_empty()) {
        let first = token.chars().next().unwrap_or(' ');
        if first.is_numeric() || matches!(char_script(first), Some(Script::Han | Script::Kana | Script::Hangul)) {
            continue;
        }
        let folded = fold_word(token);
        if folded.is_empty() {
            continue;
        }
        keys.push(format!("w:{folded}"));
        if folded.chars().count() >= 6 && folded.chars().all(char::is_alphabetic) {
            let prefix: String = folded.chars().take(5).collect();
            keys.push(format!("p:{prefix}"));
        }
        if names_across_scripts {
            let latin = char_script(first) == Some(Script::Latin);
            if latin && first.is_uppercase() && token.chars().count() >= 3 {
                if let Some(s) = romanize::skeleton(token) {
                    keys.push(format!("s:{s}"));
                }
            } else if !latin {
                for variant in romanize::without_arabic_prefixes(token) {
                    if let Some(s) = romanize::skeleton(variant) {
                        keys.push(format!("s:{s}"));
                    }
                }
            }
        }
        words.push(folded);
    }
    Reading { len, keys, words }
}

/// Folds a word as `crate::text::fold` does, faster for plain ASCII.
pub(crate) fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        word.chars().filter(|c| *c != '\'' && *c != '`').map(|c| c.to_ascii_lowercase()).collect()
    } else {
        crate::text::fold(word)
    }
}

/// Whether the two documents are written in different scripts (so that
/// names must be compared through their skeletons).
pub(crate) fn scripts_differ<S: AsRef<str>, T: AsRef<str>>(src: &[S], tgt: &[T]) -> bool {
    let sample = |side: &[&str]| {
        let mut text = String::new();
        for s in side.iter().take(200) {
            text.push_str(s);
            text.push(' ');
        }
        crate::lang::dominant_script(&text)
    };
    let a: Vec<&str> = src.iter().map(|s| s.as_ref()).collect();
    let b: Vec<&str> = tgt.iter().map(|s| s.as_ref()).collect();
    match (sample(&a), sample(&b)) {
        (Some(x), Some(y)) => x != y,
        _ => false,
    }
}

/// Interns both sides' keys, adds lexicon translations to the source
/// side, keeps only keys found on both sides, and weights them by
/// rarity.
pub(crate) fn prepare(src: &[Reading], tgt: &[Reading], lexicon: &Lexicon) -> Prepared {
    let mut ids: FastMap<String, u32> = FastMap::with_capacity_and_hasher((src.len() + tgt.len()) * 8, Default::default());
    let mut intern = |key: &str| -> u32 {
        if let Some(&id) = ids.get(key) {
            return id;
        }
        let id = ids.len() as u32;
        ids.insert(key.to_string(), id);
        id
    };
    let mut src_keys: Vec<Vec<u32>> = Vec::with_capacity(src.len());
    for r in src {
        let mut keys: Vec<u32> = r.keys.iter().map(|k| intern(k)).collect();
        if !lexicon.is_empty() {
            for w in &r.words {
                for t in lexicon.translations(w) {
                    keys.push(intern(&format!("w:{t}")));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        src_keys.push(keys);
    }
    let mut tgt_keys: Vec<Vec<u32>> = Vec::with_capacity(tgt.len());
    for r in tgt {
        let mut keys: Vec<u32> = r.keys.iter().map(|k| intern(k)).collect();
        keys.sort_unstable();
        keys.dedup();
        tgt_keys.push(keys);
    }
    let count = ids.len();
    let mut df_src = vec![0u32; count];
    let mut df_tgt = vec![0u32; count];
    for keys in &src_keys {
        for &k in keys {
            df_src[k as usize] += 1;
        }
    }
    for keys in &tgt_keys {
        for &k in keys {
            df_tgt[k as usize] += 1;
        }
    }
    let total = (src.len() + tgt.len()) as f32 + 1.0;
    let weights: Vec<f32> = (0..count)
        .map(|k| if df_src[k] == 0 || df_tgt[k] == 0 { 0.0 } else { (total / (df_src[k] + df_tgt[k]) as f32).ln().max(0.1) })
        .collect();
    let finish = |readings: &[Reading], keys: Vec<Vec<u32>>| -> Vec<Sentence> {
        readings
            .iter()
            .zip(keys)
            .map(|(r, mut keys)| {
                keys.retain(|&k| weights[k as usize] > 0.0);
                let size = keys.iter().map(|&k| weights[k as usize]).sum();
                Sentence { len: r.len, keys, size }
            })
            .collect()
    };
    Prepared { src: finish(src, src_keys), tgt: finish(tgt, tgt_keys), weights }
}

/// Weighted size of the keys two sorted key lists share.
pub(crate) fn shared(a: &[u32], b: &[u32], weights: &[f32]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weights[a[i] as usize];
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        read(s, true).keys
    }

    #[test]
    fn what_a_sentence_offers_as_anchors() {
        let cases: &[(&str, &[&str])] = &[
            ("٣١٠٠٠ شاحنة", &["n:31000#1"]),
            ("Is it true?", &["#:?#1"]),
            ("هل هذا صحيح؟", &["#:?#1"]),
            ("He said: «no» again.[2]", &["#::#1", "#:\"#1", "#:\"#2", "f:2#1"]),
            ("at 10:30", &["n:10#1", "n:30#1"]),
            ("see https://example.org/a.", &["u:https://example.org/a"]),
            ("Expedition Engelhörner", &["w:expedition", "p:exped", "w:engelhorner", "p:engel"]),
            ("التقى هنية", &["s:hn"]),
            ("met Haniyeh", &["s:hn"]),
        ];
        for (sentence, want) in cases {
            let got = keys(sentence);
            for w in *want {
                assert!(got.iter().any(|g| g == w), "{sentence}: {w} not in {got:?}");
            }
        }
        assert!(!keys("at 10:30").iter().any(|k| k.starts_with("#::")));
    }

    #[test]
    fn only_keys_on_both_sides_count() {
        let src = [read("Il y a 200 camions.", false)];
        let tgt = [read("There are 200 trucks.", false)];
        let p = prepare(&src, &tgt, &Lexicon::default());
        assert_eq!(p.src[0].keys.len(), 1, "only the number is shared: {:?}", p.src[0].keys);
        assert!(shared(&p.src[0].keys, &p.tgt[0].keys, &p.weights) > 0.0);
    }
}
