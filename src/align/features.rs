//! What the aligner reads in a sentence: its length, and the anchor keys
//! it can share with a sentence of the other document — numbers in any
//! digit system, punctuation that survives translation, footnote
//! markers, URLs, identical words and word prefixes (names, cognates),
//! names across scripts (matched with [`crate::names::NameKey`], the
//! one name mechanism that suggest and the `names` commands use too),
//! and the translations a lexicon gives for its words; and, outside the
//! keys, how the sentence ends ([`final_mark`]) and how many pauses it
//! holds ([`pauses`]), which later passes score per document pair.
//!
//! Keys are interned per document pair and weighted by rarity (a number
//! found in two sentences says more than a quotation mark found in
//! twenty); only keys that occur on both sides count, so a sentence's
//! "size" is what it could possibly share with the other document.

use super::lexicon::{FastMap, Lexicon};
use crate::lang::{Script, char_script};
use crate::names::NameKey;

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
    /// A note or notes heading on a side whose other side has none: most
    /// likely added by the translator (or left untranslated), so it is
    /// cheap to leave unaligned and costly to pair.
    pub unmatched_note: bool,
    /// How the sentence ends ([`final_mark`]).
    pub end: u8,
    /// How many pauses it holds ([`pauses`]).
    pub pauses: u16,
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
    /// Words that may be names to match across scripts (see
    /// [`link_names`]): capitalised Latin words, and non-Latin words with
    /// and without their Arabic clitics.
    pub names: Vec<String>,
    /// The sentence is a note's text or a notes heading ([`is_note`]).
    pub note: bool,
    /// How the sentence ends ([`final_mark`]).
    pub end: u8,
    /// How many pauses it holds ([`pauses`]).
    pub pauses: u16,
}

/// Reads one sentence. `names_across_scripts` collects the words that
/// [`link_names`] compares: non-Latin words and capitalised Latin words.
pub(crate) fn read(sentence: &str, names_across_scripts: bool) -> Reading {
    let len = sentence.chars().filter(|c| !c.is_whitespace()).count() as f64;
    let mut keys = Vec::new();
    let mut occurrences: FastMap<String, usize> = FastMap::default();
    let mut push_counted = |keys: &mut Vec<String>, key: String| {
        let n = occurrences.entry(key.clone()).or_insert(0);
        *n += 1;
        keys.push(format!("{key}#{n}"));
    };
    // Han runs cut into words by jieba (see `super::cjk`): their numerals
    // are numbers, their words go to the lexicon, their names to
    // `link_names`
    let mut han_words: Vec<(String, bool)> = Vec::new();
    let mut numbers = super::numbers_in(sentence);
    for token in sentence.split(|c: char| !crate::text::is_word_char(c)) {
        if token.chars().next().is_some_and(super::cjk::is_han) || token.chars().any(super::cjk::is_han) {
            for word in super::cjk::words(token) {
                if let Some(n) = word.number {
                    numbers.push(n);
                } else if word.text.chars().any(super::cjk::is_han) {
                    han_words.push((word.text.to_string(), word.name_like));
                }
            }
        }
    }
    numbers.extend(super::cjk::english_numbers(sentence));
    for n in numbers {
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
    let mut names = Vec::new();
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
        if names_across_scripts && token.chars().count() >= 3 {
            let latin = char_script(first) == Some(Script::Latin);
            if latin && first.is_uppercase() {
                names.push(token.to_string());
            } else if char_script(first) == Some(Script::Cyrillic) {
                // a Russian name in another case: Путина, Путину as Путин
                names.push(token.to_string());
                let stem = super::ibm1::cyrillic_stem(token);
                if stem != token {
                    names.push(stem.to_string());
                }
            } else if !latin {
                names.extend(without_arabic_prefixes(token).into_iter().map(str::to_string));
            }
        }
        words.push(folded);
    }
    for (word, name_like) in han_words {
        if names_across_scripts && name_like {
            names.push(word.clone());
        }
        words.push(fold_word(&word));
    }
    if words.len() > DEDUP_FROM {
        // a long sentence repeats its words; keys and the lexicon use each
        // once (in order of first appearance), so keeping only that makes
        // memory follow the distinct words, not the length (a 200 MB line
        // cut into 1 MiB pieces held 40 million copies of one word)
        for list in [&mut keys, &mut words, &mut names] {
            let mut seen = std::collections::HashSet::with_capacity(list.len());
            list.retain(|item| seen.insert(item.clone()));
            list.shrink_to_fit();
        }
    }
    let pauses = pauses(&chars);
    Reading { len, keys, words, names, note: is_note(sentence), end: final_mark(sentence), pauses }
}

/// Kinds of sentence end that [`final_mark`] tells apart.
pub(crate) const ENDS: usize = 7;

/// How a sentence ends, in any script, closing quotes and brackets
/// looked through: 0 no mark (a heading, a label, a string cut short),
/// 1 a full stop (. 。 ．), 2 a question mark (? ？ ؟), 3 an exclamation
/// mark (! ！), 4 a colon (: ：), 5 a semicolon (; ； ؛), 6 an ellipsis
/// (… or ...). A question mostly stays a question in translation, a
/// heading a heading, a line that introduces a list ends in a colon in
/// both: how much that says is learned on each document pair (see
/// `super::estimate`).
pub(crate) fn final_mark(sentence: &str) -> u8 {
    // closing quotes and brackets, spaces, and the bidi marks that
    // Hebrew and Arabic software strings often end with (U+200F after the
    // full stop)
    let text = sentence.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | '「' | '」' | '』' | ')' | '）' | ']' | '】' | '》' | '〉' | '*')
            || c.is_whitespace()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    });
    if text.ends_with("...") {
        return 6;
    }
    match text.chars().next_back() {
        Some('.' | '。' | '．' | '｡') => 1,
        Some('?' | '？' | '؟') => 2,
        Some('!' | '！') => 3,
        Some(':' | '：') => 4,
        Some(';' | '；' | '؛') => 5,
        Some('…') => 6,
        _ => 0,
    }
}

/// The pauses inside a sentence, in any script: commas (, ، ， 、),
/// semicolons (; ； ؛), colons (: ：, not one between digits as in 10:30
/// nor a turn label's, see [`label_colon`]), dashes (—) and the ends of
/// sentences inside it (a full stop, question or exclamation mark
/// followed by more text). A translator keeps most of a sentence's
/// clause structure, and where two sentences become one, their boundary
/// becomes a pause: so the pauses of a bead's two sides (each side's
/// sentences' pauses plus the boundaries between them) mostly agree.
/// How much a difference says is learned on each document pair (see
/// `super::estimate`); commas and semicolons are no anchor keys, since
/// they are too common to tell one sentence from another alone.
fn pauses(chars: &[char]) -> u16 {
    let label = label_colon(chars);
    // where the last word character stands: a sentence end before it has
    // more text after it (found once, so a line of marks stays linear)
    let last_word = chars.iter().rposition(|c| crate::text::is_word_char(*c));
    let mut count = 0u16;
    for (k, &c) in chars.iter().enumerate() {
        let next = chars.get(k + 1).copied();
        let digits_around = k > 0 && chars[k - 1].is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit());
        let pause = match c {
            ',' | ':' => !digits_around && Some(k) != label,
            '：' => Some(k) != label,
            '،' | '，' | '、' | ';' | '；' | '؛' | '—' => true,
            // a sentence end with more text after it
            '。' | '！' | '？' => last_word.is_some_and(|w| w > k),
            '.' | '!' | '?' | '؟' => {
                next.is_some_and(char::is_whitespace)
                    && chars[k + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|c| {
                        c.is_uppercase()
                            || !c.is_alphabetic() && crate::text::is_word_char(*c)
                            || matches!(char_script(*c), Some(Script::Arabic | Script::Hebrew | Script::Han))
                    })
            }
            _ => false,
        };
        // a hostile line of a million commas saturates, not overflows
        count = count.saturating_add(u16::from(pause));
    }
    count
}

/// The position of the colon of a turn label opening a sentence ("Q:",
/// "A:", "问：", "答：", "س:", "ج:", "ש:", "ת:"): one to three letters and
/// the colon. Such a label marks a turn, not a clause of its sentence,
/// so its colon is no pause (see [`pauses`]). It stays an anchor key:
/// not counting it there moved no public set but samples/briefing, whose
/// question and answer turns it holds together (0.947 → 0.842,
/// BENCHMARKS.md, "Alignment").
fn label_colon(chars: &[char]) -> Option<usize> {
    let start = chars.iter().position(|c| !c.is_whitespace())?;
    let letters = chars[start..].iter().take_while(|&&c| crate::text::is_word_char(c) && !c.is_numeric()).count();
    let at = start + letters;
    let colon = if chars.get(at).is_some_and(|c| c.is_whitespace()) { at + 1 } else { at };
    ((1..=3).contains(&letters) && matches!(chars.get(colon), Some(':' | '：'))).then_some(colon)
}

/// Sentences with more words than this have their repeated keys, words
/// and names dropped (see [`read`]); a sentence of news copy has 20 to 40
/// words, so alignment of ordinary text does not pay for it.
const DEDUP_FROM: usize = 256;

/// Headings over a block of notes, lower case, without a final colon.
const NOTE_HEADINGS: &[&str] = &[
    "notes",
    "note",
    "footnotes",
    "endnotes",
    "translator's notes",
    "translator's note",
    "translator’s notes",
    "translator’s note",
    "notes du traducteur",
    "note du traducteur",
    "anmerkungen",
    "fußnoten",
    "الهوامش",
    "هوامش",
    "ملاحظات",
    "ملاحظة",
    "注释",
    "注",
    "附注",
    "примечания",
    "notlar",
    "dipnotlar",
    "یادداشت‌ها",
    "پانویس",
    "پانوشت",
];

/// How a translator's note opens, lower case, in the languages of the
/// desk: "Translator's note" and "Note from the translator" in English,
/// the usual wording in French, German, Spanish, Italian, Portuguese,
/// Russian, Arabic, Persian, Hebrew, Turkish and Chinese, and the
/// abbreviations of the Romance languages ("N.d.T.", "N. del T.", the
/// style guides' forms of "note du traducteur" / "nota del traductor").
const NOTE_OPENINGS: &[&str] = &[
    "translator's note",
    "translator’s note",
    "note from the translator",
    "note du traducteur",
    "anmerkung des übersetzers",
    "nota del traductor",
    "nota del traduttore",
    "nota do tradutor",
    "n.d.t.",
    "n. d. t.",
    "ndt :",
    "ndt:",
    "n. del t.",
    "примечание переводчика",
    "ملاحظة المترجم",
    "يادداشت مترجم",
    "یادداشت مترجم",
    "הערת המתרגם",
    "çevirmenin notu",
    "译者注",
    "译注",
];

/// Whether a sentence is the text of a footnote or a translator's note
/// ("[2] The call recalls …", "Translator's note: …") or the heading of
/// a block of them: text a translation often adds without any sentence
/// of the source behind it.
pub(crate) fn is_note(sentence: &str) -> bool {
    let text = sentence.trim();
    let heading = text.trim_end_matches([':', '：']).trim().to_lowercase();
    if NOTE_HEADINGS.contains(&heading.as_str()) {
        return true;
    }
    let lower = text.trim_start_matches(['(', '[', '（', '【']).to_lowercase();
    if NOTE_OPENINGS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // a footnote marker opening the sentence: [2] … or [12] …
    let Some(rest) = text.strip_prefix('[') else { return false };
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&digits) && rest[digits..].starts_with(']') && rest[digits + 1..].starts_with(char::is_whitespace)
}

/// The clitics a word may start with, in Arabic script (the article,
/// "and", "by", "for") and in Hebrew (ו "and", ה "the", ב "in", ל "to",
/// מ "from", ש "that", כ "as", and their pairs): a name is looked up with
/// and without them (בירושלים as ירושלים, Jerusalem).
fn without_arabic_prefixes(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    let hebrew = word.chars().next().and_then(char_script) == Some(Script::Hebrew);
    let prefixes: &[&str] = if hebrew {
        &["וה", "וב", "ול", "ומ", "וכ", "ש", "מה", "שה", "שב", "של", "ו", "ה", "ב", "ל", "מ", "כ"]
    } else {
        &["وال", "بال", "فال", "كال", "لل", "و", "ب", "ل"]
    };
    for prefix in prefixes {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 3
        {
            out.push(rest);
        }
    }
    out
}

/// The consonants of a name key that every spelling writes, for
/// blocking: the coarse key (q/k/g, sh/ch, th/dh/d already merged)
/// without vowels, the letters that may write a vowel in an abjad (y,
/// w/v) or the ʿayn/hamza mark, p read as b (Arabic writes p with ب),
/// repeats collapsed. Spellings of one name share it; a word with fewer
/// than two such consonants (Ali, Issa) is too ambiguous to anchor.
fn consonants(key: &NameKey) -> String {
    let mut out = String::new();
    for c in key.coarse().chars() {
        let c = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'v' | 'w' | '\'' => continue,
            'p' => 'b',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Links the names of two documents written in different scripts: every
/// candidate word of one side whose [`NameKey`] matches a candidate word
/// of the other side (هنية and Haniyeh) gives both sentences a shared
/// key `s:<id>`. Keys are built once per distinct word; only words with
/// the same written consonants (see [`consonants`]) and compatible
/// lengths are compared, so a book costs little more than a dispatch.
pub(crate) fn link_names(src: &mut [Reading], tgt: &mut [Reading]) {
    struct Word {
        key: NameKey,
        block: String,
        len: usize,
    }
    // each distinct word gets the id of its distinct key (spellings
    // that differ only in case, marks or doubled letters share one)
    fn distinct(side: &[Reading]) -> (FastMap<String, u32>, Vec<Word>) {
        let mut ids: FastMap<String, u32> = FastMap::default();
        let mut key_ids: FastMap<NameKey, u32> = FastMap::default();
        let mut words = Vec::new();
        for r in side {
            for w in &r.names {
                if !ids.contains_key(w) {
                    let key = NameKey::new(w);
                    let id = *key_ids.entry(key.clone()).or_insert_with(|| {
                        let block = consonants(&key);
                        let len = key.phones().len();
                        words.push(Word { key, block, len });
                        (words.len() - 1) as u32
                    });
                    ids.insert(w.clone(), id);
                }
            }
        }
        (ids, words)
    }
    let (src_ids, src_words) = distinct(src);
    let (tgt_ids, tgt_words) = distinct(tgt);
    let mut by_block: FastMap<&str, Vec<u32>> = FastMap::default();
    for (k, w) in tgt_words.iter().enumerate() {
        if w.block.chars().count() >= 2 {
            by_block.entry(w.block.as_str()).or_default().push(k as u32);
        }
    }
    // union-find over source words (0..) and target words (offset)
    let offset = src_words.len();
    let mut parent: Vec<u32> = (0..(offset + tgt_words.len()) as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    let mut linked = vec![false; parent.len()];
    for (a, wa) in src_words.iter().enumerate() {
        let Some(candidates) = by_block.get(wa.block.as_str()) else { continue };
        for &b in candidates {
            let wb = &tgt_words[b as usize];
            // a word written without short vowels is at most as long as its
            // spelling with them, and not much shorter
            let (short, long) = if wa.key.is_abjad() == wb.key.is_abjad() {
                (wa.len.min(wb.len), wa.len.max(wb.len))
            } else if wa.key.is_abjad() {
                (wa.len, wb.len)
            } else {
                (wb.len, wa.len)
            };
            if long > 2 * short + 3 || short > long + 2 || !crate::names::same_name_keys(&wa.key, &wb.key) {
                continue;
            }
            let (x, y) = (root(&mut parent, a as u32), root(&mut parent, (offset + b as usize) as u32));
            parent[x as usize] = y;
            linked[a] = true;
            linked[offset + b as usize] = true;
        }
    }
    let mut attach = |side: &mut [Reading], ids: &FastMap<String, u32>, base: usize| {
        for r in side.iter_mut() {
            let mut keys: Vec<u32> =
                r.names.iter().map(|w| base as u32 + ids[w]).filter(|&k| linked[k as usize]).map(|k| root(&mut parent, k)).collect();
            keys.sort_unstable();
            keys.dedup();
            r.keys.extend(keys.into_iter().map(|k| format!("s:{k}")));
        }
    };
    attach(src, &src_ids, 0);
    attach(tgt, &tgt_ids, offset);
}

pub(crate) use crate::text::fold_word;

/// Whether a side is written in a script whose words [`read`] does not
/// take (Kana, Hangul: no spaces to find them by; Han runs are cut by
/// jieba), judged on its first 200 sentences: such a side gives a lexicon
/// nothing to learn.
pub(crate) fn without_words<S: AsRef<str>>(side: &[S]) -> bool {
    let mut text = String::new();
    for s in side.iter().take(200) {
        text.push_str(s.as_ref());
        text.push(' ');
    }
    matches!(crate::lang::dominant_script(&text), Some(Script::Kana | Script::Hangul))
}

/// Whether the two documents are written in different scripts (so that
/// names must be compared through their name keys).
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

/// Both documents' keys as ids, interned once per document pair and
/// shared by every pass.
#[derive(Debug, Clone)]
pub(crate) struct Keyed {
    ids: FastMap<String, u32>,
    src: Vec<Vec<u32>>,
    tgt: Vec<Vec<u32>>,
}

/// Interns both sides' keys.
pub(crate) fn intern(src: &[Reading], tgt: &[Reading]) -> Keyed {
    let mut ids: FastMap<String, u32> = FastMap::with_capacity_and_hasher((src.len() + tgt.len()) * 8, Default::default());
    let mut side = |readings: &[Reading]| -> Vec<Vec<u32>> {
        readings
            .iter()
            .map(|r| {
                r.keys
                    .iter()
                    .map(|k| {
                        if let Some(&id) = ids.get(k.as_str()) {
                            return id;
                        }
                        let id = ids.len() as u32;
                        ids.insert(k.clone(), id);
                        id
                    })
                    .collect()
            })
            .collect()
    };
    let src_keys = side(src);
    let tgt_keys = side(tgt);
    Keyed { ids, src: src_keys, tgt: tgt_keys }
}

/// Adds lexicon translations to the source side (a translation counts
/// only when the target document has that word), keeps only keys found on
/// both sides, and weights them by rarity.
pub(crate) fn prepare(keyed: &Keyed, src: &[Reading], tgt: &[Reading], lexicons: &[&Lexicon]) -> Prepared {
    let ids = &keyed.ids;
    let mut lookup = String::new();
    let mut src_keys: Vec<Vec<u32>> = Vec::with_capacity(src.len());
    for (r, base) in src.iter().zip(&keyed.src) {
        let mut keys = base.clone();
        for lexicon in lexicons.iter().filter(|l| !l.is_empty()) {
            for w in &r.words {
                for t in lexicon.translations(w) {
                    lookup.clear();
                    lookup.push_str("w:");
                    lookup.push_str(t);
                    if let Some(&id) = ids.get(lookup.as_str()) {
                        keys.push(id);
                    }
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        src_keys.push(keys);
    }
    let mut tgt_keys: Vec<Vec<u32>> = Vec::with_capacity(tgt.len());
    for base in &keyed.tgt {
        let mut keys = base.clone();
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
    let finish = |readings: &[Reading], keys: Vec<Vec<u32>>, other_has_notes: bool| -> Vec<Sentence> {
        readings
            .iter()
            .zip(keys)
            .map(|(r, mut keys)| {
                keys.retain(|&k| weights[k as usize] > 0.0);
                let size = keys.iter().map(|&k| weights[k as usize]).sum();
                Sentence { len: r.len, keys, size, unmatched_note: r.note && !other_has_notes, end: r.end, pauses: r.pauses }
            })
            .collect()
    };
    let has_notes = |readings: &[Reading]| readings.iter().any(|r| r.note);
    let (src_notes, tgt_notes) = (has_notes(src), has_notes(tgt));
    Prepared { src: finish(src, src_keys, tgt_notes), tgt: finish(tgt, tgt_keys, src_notes), weights }
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

    #[test]
    fn notes_table() {
        let cases = [
            ("[2] The call recalls the oil embargo of 1973.", true),
            ("Notes", true),
            ("Notes:", true),
            ("الهوامش", true),
            ("注释", true),
            ("Translator's note: the Arabic says 'martyrs'.", true),
            ("(Translator's note: a pun in the original.)", true),
            ("(Note from the translator: the minister quotes a verse of the Quran.)", true),
            ("(N.d.T. : le ministre cite un verset du Coran.)", true),
            ("[N. del T.: juego de palabras en el original.]", true),
            ("NDTV reported the talks had stalled.", false),
            ("（译者注：此处为双关语。）", true),
            ("[ملاحظة المترجم: الكلمة في الأصل عامية.]", true),
            ("(הערת המתרגם: משחק מילים במקור.)", true),
            ("He called for a halt to oil supplies.[2]", false),
            ("[the Palestinians'] right to return", false),
            ("[1999] was a year of talks.", false),
            ("Notes were exchanged between the delegations.", false),
        ];
        for (sentence, want) in cases {
            assert_eq!(is_note(sentence), want, "{sentence}");
        }
    }

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
    fn how_a_sentence_ends_in_every_script() {
        let cases = [
            ("中方对此有何评论？", 2),
            ("中国是中东国家的真诚朋友！", 3),
            ("答：王毅外长强调：“解决巴勒斯坦问题的根本出路是落实‘两国方案’。”", 1),
            ("هل هذا صحيح؟", 2),
            ("האם אכן לבטל את ההורדה?", 2),
            ("מחזירה מספר אקראי בין 0 ל 1.\u{200F}", 1),
            ("الهوامش", 0),
            ("موارد زیر را بررسی کنید:", 4),
            ("ابتدا فایل را ذخیره کنید؛", 5),
            ("Он помолчал и сказал…", 6),
            ("He paused...", 6),
            ("(Translator's note: a pun in the original.)", 1),
        ];
        for (sentence, want) in cases {
            assert_eq!(final_mark(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn pauses_count_clauses_and_joined_sentences_not_labels_times_or_thousands() {
        let cases = [
            // a turn label's colon is no pause, nor a final mark
            ("答：我没有看到你提到的文章。", 0),
            ("A: China is a sincere friend of the countries of the Middle East!", 0),
            // a comma and a sentence end with more text after it
            ("问：有报道称，埃及提出了一项分三阶段实现停火的新方案。中方是否支持？", 2),
            ("Q: There are reports that Egypt has put forward a new three-stage plan for a ceasefire. Does China support it?", 1),
            ("وقال المتحدث، في مؤتمر صحفي، إن الوفد سيصل غدا.", 2),
            ("סכום השיעור חייב להיות תקין; סוג החשבון אינו תואם.", 1),
            ("مذاکرات ساعت ۹ آغاز شد، و ۳۴۰ کارشناس در آن شرکت کردند.", 1),
            ("Переговоры начались в 9 часов утра, в них участвовали 340 экспертов — из 27 стран.", 2),
            ("At 10:30, the talks began with 31,000 delegates.", 1),
            ("Note: the file is read-only.", 1),
        ];
        let commas: Vec<char> = "a,".repeat(70_000).chars().collect();
        assert_eq!(pauses(&commas), u16::MAX, "a line of 70,000 commas saturates the count");
        // a line of 300,000 full stops and nothing else: no sentence end
        // has text after it (the code before read the rest of the line at
        // each mark: 4.5 · 10^10 steps)
        let marks: Vec<char> = "。".repeat(300_000).chars().collect();
        assert_eq!(pauses(&marks), 0, "a line of 300,000 marks and no word holds no pause");
        for (sentence, want) in cases {
            let chars: Vec<char> = sentence.chars().collect();
            assert_eq!(pauses(&chars), want, "{sentence}");
            assert_eq!(read(sentence, true).pauses, want, "{sentence}");
        }
    }

    #[test]
    fn names_across_scripts_share_a_key() {
        let cases = [
            ("التقى إسماعيل هنية الوفد في الدوحة", "Ismail Haniyeh met the delegation in Doha", 3),
            ("وقال القذافي", "Gaddafi said", 1),
            ("Путин прибыл", "Putin arrived", 1),
            ("Переговоры Путина и Эрдогана", "Talks between Putin and Erdogan", 2),
            ("הוא נפגש עם נתניהו בוושינגטון", "He met Netanyahu in Washington", 2),
            ("هنية", "Hamas", 0),
        ];
        for (a, b, want) in cases {
            let mut src = [read(a, true)];
            let mut tgt = [read(b, true)];
            link_names(&mut src, &mut tgt);
            let s: Vec<&String> = src[0].keys.iter().filter(|k| k.starts_with("s:")).collect();
            let t: Vec<&String> = tgt[0].keys.iter().filter(|k| k.starts_with("s:")).collect();
            let common = s.iter().filter(|k| t.contains(k)).count();
            assert_eq!(common, want, "{a} / {b}: {s:?} {t:?}");
        }
    }

    #[test]
    fn only_keys_on_both_sides_count() {
        let src = [read("Il y a 200 camions.", false)];
        let tgt = [read("There are 200 trucks.", false)];
        let p = prepare(&intern(&src, &tgt), &src, &tgt, &[]);
        assert_eq!(p.src[0].keys.len(), 1, "only the number is shared: {:?}", p.src[0].keys);
        assert!(shared(&p.src[0].keys, &p.tgt[0].keys, &p.weights) > 0.0);
    }
}
