//! Chinese names in Latin letters: one name spelled in Hanyu Pinyin,
//! Wade-Giles, the older postal and missionary spellings, and the Hong
//! Kong (and Yale) spellings of its Cantonese reading: Zhang, Chang,
//! Cheung and Jeung are 張; Mao Zedong is Mao Tse-tung; Chiang Kai-shek
//! (Wade-Giles Chiang, Cantonese Kai-shek) is Jiang Jieshi.
//!
//! A Latin word that can be cut into syllables of these systems is read
//! as what each syllable can stand for: the pinyin syllables it spells
//! (with its tone when marked: wěi is not wéi) and the surname
//! characters of the table below whose Mandarin or Cantonese reading it
//! spells. Two words are the same Chinese name when they cut into as
//! many syllables and each pair of syllables can stand for one pinyin
//! syllable or one character ([`same`]); two words of one syllable each
//! that cannot are different names, however alike their letters
//! (Wang / Wan, Chen / Cheng: [`verdict`]). Chinese characters are read
//! the same way (each one its own syllable), so 張 meets Cheung as well
//! as Zhang.
//!
//! The spelling systems are rules, not lists: pinyin to Wade-Giles is
//! the standard conversion of initials and finals (b p, p p', d t, g k,
//! zh ch, ch ch', j ch, q ch', x hs, z ts/tz, c ts'/tz', r j; -ie -ieh,
//! -ian -ien, -ong -ung, -iong -iung, -uo -o, ge/ke/he ko/k'o/ho, ü
//! after j/q/x/y, zi/ci/si tzu/tz'u/ssu, zhi/chi/shi/ri chih/ch'ih/shih/jih,
//! you yu, yi i, er erh), read with and without its apostrophes and
//! diacritics as names are written; the older postal spellings write j
//! and q before i or ü as k or ts and x as s or h (Peking, Kiangsi,
//! Tsingtao, Sian) and -ong as -oong (Soong). Jyutping to the Hong Kong
//! government spellings: b d g as p t k, z and c as ch or ts, s as s or
//! sh, j as y, aa as a, oe as eu, eoi as ui, yu as u or ue, with the
//! usual alternatives (au / ow, o / aw: Law; u / oo also in -ung and
//! -uk: Foong, Loong, Look; i / ee, si as sze; j before i also unwritten:
//! Ip, Iu); Yale: z as
//! j, c as ch, eo and oe as eu.
//!
//! The readings of characters come from the Unicode Han Database
//! (Unihan, Unicode 15.0.0, as Debian's package `unicode-data` ships
//! it; Unicode License): every pinyin syllable of kMandarin, and
//! kMandarin and kCantonese of the surname characters (those Unihan
//! defines as a surname or CC-CEDICT glosses as one, and their
//! traditional forms: about 1,060), with CC-CEDICT's surname reading
//! where kMandarin gives only another (曾 céng, the surname Zēng; 繆 móu,
//! the surname Miào); and their Southern Min (Taiwanese Hokkien)
//! readings in Tai-lo from the data of the PyPI package taibun 1.1.8 (CC
//! BY-SA 4.0: the Taiwanese-Chinese Online Dictionary and iTaigi, through
//! ChhoeTaigi), for about 700 of them. All are written to
//! `chinese_readings.txt` by `scripts/chinese-name-readings.py`.
//! Cantonese and Hokkien spellings are read for surnames only: that is
//! where English text mostly keeps them (Cheung, Chan, Wong; Tan, Lim,
//! Ng, Goh, Khoo, Chua), and the characters of every given name would
//! link most syllables to most others (with the about 4,000 characters
//! of kHanyuPinlu's frequency list, nine in ten of the pairs of
//! spellings that their Cantonese readings added in the Chinese clusters
//! of `cargo bench --bench names` were different names). A given name in
//! Cantonese spelling (Kai-shek) is still read where its characters are
//! also surnames. Tai-lo becomes the spellings of [`hokkien_spellings`]
//! (Pe̍h-ōe-jī's and the usual Singapore, Malaysia, Indonesia and
//! Philippines forms). Two spellings that meet only through a character
//! (Tan and Chen through 陳) score less than two spellings of one Mandarin
//! syllable ([`SAME_CHINESE_NAME_THROUGH_A_CHARACTER_SIMILARITY`]): a
//! regional spelling stands for several characters that Mandarin tells
//! apart (Koh: 高, 許, 顧). No Hakka or Teochew table of character
//! readings was found (Unihan 15.0 has no Hakka or Southern Min field,
//! and neither PyPI nor Debian ships such a table), so Chin and Chong (陳 and 張 in
//! Hakka), Teochew Tee (鄭) and the like are not read; nor are Vietnamese
//! and Korean readings (Ly, Gim), which are not romanisations of Chinese.
//!
//! A character that two spellings reach only through two different
//! Mandarin readings does not make them one name (Zeng and Ceng for 曾:
//! `THROUGH_MANDARIN`). Names written syllable by syllable, as Chinese
//! names are ([`Syllables::spelled_apart`]), are clustered by what they
//! stand for: every spelling of a cluster must stand for one character or
//! one syllable ([`common`]), so that Wong (王 and 黃) does not join Wang
//! and Huang in one cluster ([`super::cluster_names`]).
//!
//! Only words that cut wholly into such syllables (at most
//! [`MAX_SYLLABLES`]) get a reading; others (most Arabic and Western
//! names) are left to the phonetic key of [`super::key`].

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table written by `scripts/chinese-name-readings.py` (see the
/// module doc): every pinyin syllable, then per character its pinyin
/// readings with tone digits and jyutping readings, tab-separated.
const READINGS: &str = include_str!("chinese_readings.txt");

/// A word of more syllables than this is not read as Chinese: Chinese
/// surnames and given names have one or two syllables (a few surnames
/// two, Ouyang, Szeto), so three covers a given name written with its
/// surname run together, and a longer Western name that happens to cut
/// into syllables (Mariana) is left alone.
pub const MAX_SYLLABLES: usize = 3;

/// At most this many ways of cutting one word into syllables are kept
/// (xian: xian or xi-an); a word cut in more ways is read by its first.
/// No more than the 8 bits of [`Syllables`]' `apart`.
const MAX_CUTS: usize = 8;

/// What two words read as Chinese score at most where they are one
/// syllable each and cannot spell one character (Wang / Wan, Chen /
/// Cheng, wěi / wéi): below [`super::SAME_NAME_THRESHOLD`], however
/// alike their letters, and low enough that in the average linkage of
/// [`super::cluster_names`] one such pair outweighs a pair of spellings
/// of one name (0.95 + 0.5 < 2 × 0.86: Wan does not join Wang through
/// Wong); with 0.8 it did, and the Chinese clusters of the bench came
/// out less precise.
pub const DIFFERENT_CHINESE_SYLLABLE_SIMILARITY: f64 = 0.5;

/// What two spellings of one Chinese name score in
/// [`super::NameKey::similarity`]: above [`super::SAME_NAME_THRESHOLD`],
/// below an identical key (1.0), as sure as another romanisation is.
pub const SAME_CHINESE_NAME_SIMILARITY: f64 = 0.95;

/// What two spellings score that meet only through a character, not
/// through one Mandarin syllable: a regional reading of it (Tan and Chen
/// through 陳, Hokkien tân; Cheung and Zhang through 張, Cantonese zoeng)
/// or two Mandarin readings (曾 Zeng and Ceng). Still above
/// [`super::SAME_NAME_THRESHOLD`], but below two spellings of one Mandarin
/// syllable, for such a spelling stands for several characters that
/// Mandarin tells apart (Hokkien Koh: 高, 許, 苟, 顧; Cantonese Wong: 王,
/// 黃). With both at 0.95, the Hokkien readings took the best-threshold
/// F1 of `dragoman similarity` on the Chinese clusters of `cargo bench
/// --bench names` from 0.256 to 0.222.
pub const SAME_CHINESE_NAME_THROUGH_A_CHARACTER_SIMILARITY: f64 = 0.9;

/// Ids of what a syllable can stand for: a pinyin syllable with a tone
/// (`syllable * 8 + tone`, tone 1–5, 5 the neutral one), or a character
/// of the table (`CHARACTER + 2 × index`, + [`THROUGH_MANDARIN`] where
/// the spelling reaches it only through one of its Mandarin readings).
const CHARACTER: u32 = 1 << 16;

/// Added to a character's id where a spelling stands for it through one
/// of its Mandarin readings (Zeng for 曾 zēng), not through a regional
/// one (Tsang, Cantonese) nor as the character itself. Two such
/// spellings of different syllables are different names, although one
/// character can be read both ways: a name is spelled by the one reading
/// it has (曾 is Zeng as a surname, not Ceng; 尉 Yu or Wei, 覃 Tan or
/// Qin, 单 Shan or Dan are two names each). On the Chinese clusters of
/// `cargo bench --bench names` such pairs were 69 different names to 1
/// of the same.
const THROUGH_MANDARIN: u32 = 1;

/// A word read as Chinese syllables: every way of cutting it, each a
/// list of syllables, each the sorted ids of what it can stand for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Syllables {
    cuts: Box<[Cut]>,
    /// Bit k set: the syllables of cut k stand apart (one syllable, or
    /// syllables parted by a hyphen or an apostrophe, or characters), as
    /// every system writes a Chinese name; not set: some syllables run
    /// together, as pinyin writes a given name (Zedong) but also as a
    /// Western name cuts into syllables (Nadia: na-di-a). [`MAX_CUTS`]
    /// bits at most.
    apart: u8,
}

/// One way of cutting a word: its syllables, each the sorted ids of what
/// it can stand for.
type Cut = Box<[Box<[u32]>]>;

/// Added to the tone of a spelling that is not the pinyin itself (see
/// [`Table::spellings`]).
const OTHER_SYSTEM: u8 = 10;

struct Table {
    /// A syllable's Latin spelling (lower case, ü as v, apostrophes
    /// kept) → (id, tag) of what it can stand for: the tag is the tone
    /// (1–5) where the spelling is the pinyin itself, the tone +
    /// [`OTHER_SYSTEM`] where it is Wade-Giles or postal, 0 for a
    /// character reached by its Cantonese reading. A syllable with a tone
    /// mark is pinyin: it stands only for what its tone tags.
    spellings: HashMap<String, Vec<(u32, u8)>>,
    /// A character → the ids it stands for (itself and its pinyin).
    characters: HashMap<char, Box<[u32]>>,
    /// Toneless pinyin syllable → its index.
    pinyin: HashMap<String, u32>,
    /// The longest spelling, in bytes.
    longest: usize,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

fn build() -> Table {
    let mut pinyin: HashMap<String, u32> = HashMap::new();
    let mut spellings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    let mut characters: HashMap<char, Box<[u32]>> = HashMap::new();
    let mut jyutping_of: HashMap<String, Vec<u32>> = HashMap::new();
    let mut tai_lo_of: HashMap<String, Vec<u32>> = HashMap::new();
    let intern = |syllable: &str, pinyin: &mut HashMap<String, u32>| {
        let next = pinyin.len() as u32;
        *pinyin.entry(syllable.to_string()).or_insert(next)
    };
    let mut pinyin_readings: Vec<(u32, String, u8)> = Vec::new();
    for (index, line) in READINGS.lines().filter(|l| !l.starts_with('#')).enumerate() {
        if let Some(all) = line.strip_prefix("syllables\t") {
            for syllable in all.split_whitespace() {
                intern(&syllable.replace('ü', "v"), &mut pinyin);
            }
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(character), Some(mandarin), Some(cantonese)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let hokkien = fields.next().unwrap_or_default();
        let Some(character) = character.chars().next() else { continue };
        let id = CHARACTER + 2 * index as u32;
        let mut ids = vec![id];
        for reading in mandarin.split_whitespace() {
            let (syllable, tone) = reading.split_at(reading.len() - 1);
            let tone = tone.parse::<u8>().unwrap_or(5);
            let syllable = syllable.replace('ü', "v");
            let s = intern(&syllable, &mut pinyin);
            ids.push(s * 8 + u32::from(tone));
            pinyin_readings.push((id, syllable, tone));
        }
        for reading in cantonese.split_whitespace() {
            jyutping_of.entry(reading.to_string()).or_default().push(id);
        }
        for reading in hokkien.split_whitespace() {
            tai_lo_of.entry(reading.to_string()).or_default().push(id);
        }
        ids.sort_unstable();
        characters.insert(character, ids.into_boxed_slice());
    }
    let mut add = |spelling: String, entry: (u32, u8)| spellings.entry(spelling).or_default().push(entry);
    // a spelling that is the pinyin itself carries its tone (1–5), one of
    // the other systems its tone + OTHER_SYSTEM (a tone mark is pinyin's)
    let tagged = |syllable: &str, tone: u8| -> Vec<(String, u8)> {
        let proper = pinyin_proper(syllable);
        pinyin_spellings(syllable)
            .into_iter()
            .map(|s| {
                let tag = if proper.contains(&s) { tone } else { tone + OTHER_SYSTEM };
                (s, tag)
            })
            .collect()
    };
    for (syllable, &s) in &pinyin {
        for tone in 1..=5 {
            for (spelling, tag) in tagged(syllable, tone) {
                add(spelling, (s * 8 + u32::from(tone), tag));
            }
        }
    }
    for (id, syllable, tone) in &pinyin_readings {
        for (spelling, tag) in tagged(syllable, *tone) {
            add(spelling, (*id + THROUGH_MANDARIN, tag));
        }
    }
    for (jyutping, ids) in &jyutping_of {
        for spelling in cantonese_spellings(jyutping) {
            for &id in ids {
                add(spelling.clone(), (id, 0));
            }
        }
    }
    for (tai_lo, ids) in &tai_lo_of {
        for spelling in hokkien_spellings(tai_lo) {
            for &id in ids {
                add(spelling.clone(), (id, 0));
            }
        }
    }
    for entries in spellings.values_mut() {
        entries.sort_unstable();
        entries.dedup();
    }
    let longest = spellings.keys().map(String::len).max().unwrap_or(0);
    Table { spellings, characters, pinyin, longest }
}

/// Splits a pinyin syllable (ü as v) into its initial and final.
fn split_pinyin(syllable: &str) -> (&str, &str) {
    for initial in ["zh", "ch", "sh"] {
        if let Some(rest) = syllable.strip_prefix(initial) {
            return (initial, rest);
        }
    }
    match syllable.as_bytes().first() {
        Some(
            b'b' | b'p' | b'm' | b'f' | b'd' | b't' | b'n' | b'l' | b'g' | b'k' | b'h' | b'j' | b'q' | b'x' | b'z' | b'c' | b's' | b'r',
        ) if syllable.len() > 1 => syllable.split_at(1),
        _ => ("", syllable),
    }
}

/// The Wade-Giles spellings of a pinyin syllable (ü as v), with its
/// apostrophes and with ê as e (the standard table; see the module doc).
fn wade_giles(syllable: &str) -> Vec<String> {
    let whole: &[&str] = match syllable {
        "zi" => &["tzu", "tsu"],
        "ci" => &["tz'u", "ts'u"],
        "si" => &["ssu", "szu"],
        "zhi" => &["chih"],
        "chi" => &["ch'ih"],
        "shi" => &["shih"],
        "ri" => &["jih"],
        "er" => &["erh"],
        "yi" => &["i", "yi"],
        "you" => &["yu"],
        "ye" => &["yeh"],
        "yan" => &["yen"],
        "yong" => &["yung"],
        "yu" => &["yv"],
        "yue" => &["yveh"],
        "yuan" => &["yvan"],
        "yun" => &["yvn"],
        "e" => &["o", "e"],
        _ => &[],
    };
    if !whole.is_empty() {
        return whole.iter().map(|s| s.to_string()).collect();
    }
    let (initial, last) = split_pinyin(syllable);
    let palatal = matches!(initial, "j" | "q" | "x");
    let velar = matches!(initial, "g" | "k" | "h");
    let wg_initial = match initial {
        "b" => "p",
        "p" => "p'",
        "d" => "t",
        "t" => "t'",
        "g" => "k",
        "k" => "k'",
        "zh" => "ch",
        "ch" => "ch'",
        "j" => "ch",
        "q" => "ch'",
        "x" => "hs",
        "z" => "ts",
        "c" => "ts'",
        "r" => "j",
        other => other,
    };
    let finals: &[&str] = match last {
        "u" if palatal => &["v"],
        "ue" if palatal => &["veh"],
        "uan" if palatal => &["van"],
        "un" if palatal => &["vn"],
        "ve" => &["veh"],
        "ie" => &["ieh"],
        "ian" => &["ien"],
        "iong" => &["iung"],
        "ong" => &["ung"],
        "uo" if velar || initial == "sh" => &["uo"],
        "uo" => &["o"],
        "e" if velar => &["o"],
        "ui" => &["ui", "uei"],
        other => return vec![format!("{wg_initial}{other}")],
    };
    finals.iter().map(|f| format!("{wg_initial}{f}")).collect()
}

/// A pinyin syllable (ü as v) as pinyin writes it: with ü as v or u.
fn pinyin_proper(syllable: &str) -> Vec<String> {
    vec![syllable.to_string(), syllable.replace('v', "u")]
}

/// Every Latin spelling of a pinyin syllable (ü as v): the pinyin with
/// ü as v or u, Wade-Giles with and without apostrophes and with ü as
/// u, and the older postal spellings (see the module doc).
fn pinyin_spellings(syllable: &str) -> Vec<String> {
    let mut out = pinyin_proper(syllable);
    let (initial, _) = split_pinyin(syllable);
    for wg in wade_giles(syllable) {
        let plain = wg.replace('\'', "");
        for form in [wg.clone(), wg.replace('v', "u"), plain.clone(), plain.replace('v', "u")] {
            out.push(form);
        }
        let plain = plain.replace('v', "u");
        // postal: j, q before i / ü as k or ts; x as s or h; -ung as -oong
        if let Some(rest) = plain.strip_prefix("ch").filter(|_| matches!(initial, "j" | "q")) {
            out.push(format!("k{rest}"));
            out.push(format!("ts{rest}"));
        }
        if let Some(rest) = plain.strip_prefix("hs").filter(|_| initial == "x") {
            out.push(format!("s{rest}"));
            out.push(format!("h{rest}"));
        }
        if let Some(head) = plain.strip_suffix("ung").filter(|_| syllable.ends_with("ong")) {
            out.push(format!("{head}oong"));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every Latin spelling of a jyutping syllable (without tone): the Hong
/// Kong government's with its usual alternatives, and Yale's (see the
/// module doc).
fn cantonese_spellings(jyutping: &str) -> Vec<String> {
    if matches!(jyutping, "m" | "ng") {
        return vec![jyutping.to_string()];
    }
    let (initial, last) = ["gw", "kw", "ng"]
        .iter()
        .find_map(|i| jyutping.strip_prefix(i).map(|rest| (&jyutping[..i.len()], rest)))
        .unwrap_or_else(|| match jyutping.as_bytes().first() {
            Some(b'b' | b'p' | b'm' | b'f' | b'd' | b't' | b'n' | b'l' | b'g' | b'k' | b'h' | b'w' | b'z' | b'c' | b's' | b'j')
                if jyutping.len() > 1 =>
            {
                jyutping.split_at(1)
            }
            _ => ("", jyutping),
        });
    let mut out = Vec::new();
    // Hong Kong government
    let (initials, last): (Vec<&str>, &str) = match initial {
        "b" => (vec!["p"], last),
        "d" => (vec!["t"], last),
        "g" => (vec!["k"], last),
        "gw" => (vec!["kw"], last),
        "z" | "c" => (vec!["ch", "ts"], last),
        "s" => (vec!["s", "sh"], last),
        // j before yu: y alone (jyu: yu, yue)
        "j" if last.starts_with("yu") => (vec!["y"], &last[1..]),
        // j before i also not written (葉 jip: Yip or Ip, 姚 jiu: Yiu or Iu)
        "j" if last.starts_with('i') => (vec!["y", ""], last),
        "j" => (vec!["y"], last),
        other => (vec![other], last),
    };
    let after_y = initial == "j" && jyutping[1..].starts_with("yu");
    let finals: Vec<String> = match last {
        // after j, yu- has lost its y to the initial: u- here
        "u" if after_y => vec!["u".into(), "ue".into()],
        "un" if after_y => vec!["un".into(), "uen".into()],
        "ut" if after_y => vec!["ut".into(), "uet".into()],
        "aa" => vec!["a".into(), "ah".into()],
        "au" | "aau" => vec!["au".into(), "ow".into()],
        "am" => vec!["am".into(), "um".into()],
        "an" => vec!["an".into(), "un".into()],
        "ap" => vec!["ap".into(), "up".into()],
        "at" => vec!["at".into(), "ut".into()],
        "ei" => vec!["ei".into(), "ee".into()],
        "i" if initial == "s" => vec!["i".into(), "ee".into(), "ze".into()],
        "i" => vec!["i".into(), "ee".into()],
        "o" => vec!["o".into(), "oh".into(), "aw".into()],
        "oi" => vec!["oi".into(), "oy".into()],
        "ou" => vec!["o".into(), "ou".into()],
        "oe" => vec!["eu".into(), "oe".into()],
        "oeng" => vec!["eung".into(), "eong".into()],
        "oek" => vec!["euk".into(), "eok".into()],
        "eoi" => vec!["ui".into(), "ue".into(), "eui".into()],
        "eon" => vec!["un".into(), "eun".into()],
        "eot" => vec!["ut".into(), "eut".into()],
        "u" => vec!["u".into(), "oo".into()],
        "ui" => vec!["ui".into(), "ooi".into()],
        "un" => vec!["un".into(), "oon".into()],
        "ung" => vec!["ung".into(), "oong".into()],
        "uk" => vec!["uk".into(), "ook".into()],
        "yu" => vec!["u".into(), "ue".into(), "yu".into()],
        "yun" => vec!["un".into(), "uen".into(), "yun".into()],
        "yut" => vec!["ut".into(), "uet".into(), "yut".into()],
        other if other.starts_with("aa") => vec![other[1..].to_string()],
        other => vec![other.to_string()],
    };
    for i in &initials {
        for f in &finals {
            out.push(format!("{i}{f}"));
        }
    }
    // Yale: z j, c ch, j y, eo and oe eu, aa as a when alone
    let yale_initial = match initial {
        "z" => "j",
        "c" => "ch",
        "j" => "y",
        other => other,
    };
    let yale_final = match jyutping.strip_prefix(initial).unwrap_or_default() {
        "aa" => "a".to_string(),
        f if initial == "j" && f.starts_with("yu") => f[1..].to_string(),
        f => f.replace("eo", "eu").replace("oe", "eu"),
    };
    out.push(format!("{yale_initial}{yale_final}"));
    out.sort_unstable();
    out.dedup();
    out
}

/// Every Latin spelling of a Southern Min (Hokkien) syllable in Tai-lo
/// without tone, as surnames of Singapore, Malaysia, Indonesia and the
/// Philippines are written (Tan, Lim, Ng, Ong, Goh, Koh, Khoo, Chua, Teh,
/// Yap, Oei): Tai-lo ts / tsh as ch or ts (Pe̍h-ōe-jī ch / chh), ph th kh
/// with and without their h, ng before a vowel also as g (gôo beside
/// ngôo: Goh), the nasal nn not written, a final glottal h written or not;
/// o and oo as o, oo or oh, e as e, eh or ay, i as i or ee, u as u or oo,
/// ua ue ui uan as Pe̍h-ōe-jī's oa oe oi oan and ui also as oei, ooi, uy,
/// ing and ik as Pe̍h-ōe-jī's eng and ek, au as ow, iu as eu, ew or eo, io
/// as eo, ian as ien; a syllable with no initial writes i- as y- and u- as
/// w- (Yap, Wee). Tai-lo's own spelling is kept too.
fn hokkien_spellings(tai_lo: &str) -> Vec<String> {
    if matches!(tai_lo, "m" | "ng") {
        return vec![tai_lo.to_string()];
    }
    let initial = ["tsh", "ts", "ph", "th", "kh", "ng", "p", "b", "m", "t", "n", "l", "k", "g", "h", "s", "j"]
        .into_iter()
        .find(|i| tai_lo.starts_with(i) && tai_lo.len() > i.len())
        .unwrap_or("");
    let rest = &tai_lo[initial.len()..];
    let rest = rest.strip_suffix("h").filter(|r| !r.is_empty()).unwrap_or(rest);
    let glottal = rest.len() < tai_lo.len() - initial.len();
    let rest = rest.strip_suffix("nn").filter(|r| !r.is_empty()).unwrap_or(rest);
    let initials: &[&str] = match initial {
        "ts" => &["ch", "ts"],
        "tsh" => &["ch", "chh", "ts", "tsh"],
        "ph" => &["ph", "p"],
        "th" => &["th", "t"],
        "kh" => &["kh", "k"],
        "ng" => &["ng", "g"],
        other => &[other],
    };
    let mut finals: Vec<String> = match rest {
        "oo" => vec!["oo".into(), "o".into(), "oh".into()],
        "o" => vec!["o".into(), "oh".into()],
        "e" => vec!["e".into(), "eh".into(), "ay".into()],
        "i" => vec!["i".into(), "ee".into()],
        "u" => vec!["u".into(), "oo".into()],
        "ui" => vec!["ui".into(), "oei".into(), "ooi".into(), "uy".into()],
        "au" => vec!["au".into(), "ow".into()],
        "iau" => vec!["iau".into(), "eow".into(), "iow".into()],
        "iu" => vec!["iu".into(), "eu".into(), "ew".into(), "eo".into()],
        "io" => vec!["io".into(), "eo".into()],
        "ian" => vec!["ian".into(), "ien".into()],
        "iat" => vec!["iat".into(), "iet".into()],
        "ing" => vec!["ing".into(), "eng".into()],
        "ik" => vec!["ik".into(), "ek".into()],
        other if other.starts_with("ua") || other.starts_with("ue") => vec![other.into(), format!("o{}", &other[1..])],
        other => vec![other.into()],
    };
    if glottal {
        finals = finals.into_iter().flat_map(|f| [format!("{f}h"), f]).collect();
    }
    let mut out: Vec<String> = Vec::new();
    for i in initials {
        for f in &finals {
            out.push(format!("{i}{f}"));
        }
    }
    // no initial: i- as y- (iap: Yap), u- as w- (ui: Wee)
    if initial.is_empty() && rest.len() > 1 {
        for f in &finals {
            if let Some(tail) = f.strip_prefix('i').filter(|t| !t.starts_with('i')) {
                out.push(format!("y{tail}"));
            } else if let Some(tail) = f.strip_prefix('u').filter(|t| !t.starts_with('u')) {
                out.push(format!("w{tail}"));
                if tail == "i" {
                    out.push("wee".into());
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A letter of a word as read here: lower case, ü (and v) as v, ê as e,
/// the apostrophes as ', hyphens as -; a pinyin tone mark as its tone.
/// None for any other character (the word is not read as Chinese).
fn letter(c: char) -> Option<(u8, u8)> {
    let plain = |c: char| c.to_ascii_lowercase() as u8;
    Some(match c {
        'a'..='z' | 'A'..='Z' => (plain(c), 0),
        'ā' | 'Ā' => (b'a', 1),
        'á' | 'Á' => (b'a', 2),
        'ǎ' | 'Ǎ' => (b'a', 3),
        'à' | 'À' => (b'a', 4),
        'ē' | 'Ē' => (b'e', 1),
        'é' | 'É' => (b'e', 2),
        'ě' | 'Ě' => (b'e', 3),
        'è' | 'È' => (b'e', 4),
        'ê' | 'Ê' => (b'e', 0),
        'ī' | 'Ī' => (b'i', 1),
        'í' | 'Í' => (b'i', 2),
        'ǐ' | 'Ǐ' => (b'i', 3),
        'ì' | 'Ì' => (b'i', 4),
        'ō' | 'Ō' => (b'o', 1),
        'ó' | 'Ó' => (b'o', 2),
        'ǒ' | 'Ǒ' => (b'o', 3),
        'ò' | 'Ò' => (b'o', 4),
        'ū' | 'Ū' => (b'u', 1),
        'ú' | 'Ú' => (b'u', 2),
        'ǔ' | 'Ǔ' => (b'u', 3),
        'ù' | 'Ù' => (b'u', 4),
        'ü' | 'Ü' => (b'v', 0),
        'ǖ' | 'Ǖ' => (b'v', 1),
        'ǘ' | 'Ǘ' => (b'v', 2),
        'ǚ' | 'Ǚ' => (b'v', 3),
        'ǜ' | 'Ǜ' => (b'v', 4),
        '\'' | '’' | '‘' | 'ʻ' | 'ʼ' | '`' => (b'\'', 0),
        '-' | '‐' | '‑' => (b'-', 0),
        _ => return None,
    })
}

/// A Latin word read as Chinese syllables, if it cuts wholly into
/// syllables of the spelling systems of the module doc (hyphens and
/// apostrophes between syllables allowed), in at most
/// [`MAX_SYLLABLES`].
pub fn of_latin(word: &str) -> Option<Syllables> {
    if word.len() > 40 {
        return None;
    }
    let mut letters = Vec::with_capacity(word.len());
    let mut tones = Vec::with_capacity(word.len());
    for c in word.chars() {
        let (l, t) = letter(c)?;
        letters.push(l);
        tones.push(t);
    }
    // apostrophes and hyphens at the ends (a quoted name, 's aside)
    while letters.first().is_some_and(|&l| matches!(l, b'\'' | b'-')) {
        letters.remove(0);
        tones.remove(0);
    }
    while letters.last().is_some_and(|&l| matches!(l, b'\'' | b'-')) {
        letters.pop();
        tones.pop();
    }
    if letters.is_empty() {
        return None;
    }
    let table = table();
    let mut cuts: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut path = Vec::new();
    cut(&letters, 0, table, &mut path, &mut cuts);
    if cuts.is_empty() {
        return None;
    }
    let read = |&(from, to): &(usize, usize), pinyin_only: bool| -> Box<[u32]> {
        let spelling = std::str::from_utf8(&letters[from..to]).unwrap_or_default();
        let tone = tones[from..to].iter().copied().find(|&t| t != 0);
        let mut ids: Vec<u32> = table.spellings[spelling]
            .iter()
            .filter(|(_, t)| match tone {
                None if pinyin_only => (1..=5).contains(t),
                None => true,
                Some(tone) => *t == tone,
            })
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_boxed_slice()
    };
    // a cut with a syllable that stands for nothing with its tone mark
    // (fe-i of fēi: fe is no pinyin) is no reading
    // syllables run together are pinyin's way (Zedong, Jieshi); Wade-Giles
    // and the Cantonese spellings hyphenate a given name (Tse-tung,
    // Kai-shek), and a Western name that cuts into syllables (Amin: a-min,
    // Diana: di-a-na) is read as pinyin at most, not as every system
    let run_together = |c: &[(usize, usize)]| c.windows(2).any(|w| w[0].1 == w[1].0);
    let mut apart = 0u8;
    let mut read_cuts: Vec<Cut> = Vec::with_capacity(cuts.len());
    for c in &cuts {
        let together = run_together(c);
        let syllables: Cut = c.iter().map(|span| read(span, together)).collect();
        if syllables.iter().all(|s| !s.is_empty()) {
            if !together {
                apart |= 1 << read_cuts.len();
            }
            read_cuts.push(syllables);
        }
    }
    if read_cuts.is_empty() {
        return None;
    }
    Some(Syllables { cuts: read_cuts.into_boxed_slice(), apart })
}

/// The ways of cutting `letters[at..]` into spellings of the table, as
/// (from, to) spans, appended to `cuts` (at most [`MAX_CUTS`], of at
/// most [`MAX_SYLLABLES`] syllables).
fn cut(letters: &[u8], at: usize, table: &Table, path: &mut Vec<(usize, usize)>, cuts: &mut Vec<Vec<(usize, usize)>>) {
    if cuts.len() >= MAX_CUTS {
        return;
    }
    if at == letters.len() {
        if !path.is_empty() {
            cuts.push(path.clone());
        }
        return;
    }
    // a hyphen or an apostrophe between syllables
    if !path.is_empty() && matches!(letters[at], b'-' | b'\'') {
        if at + 1 < letters.len() && !matches!(letters[at + 1], b'-' | b'\'') {
            cut(letters, at + 1, table, path, cuts);
        }
        if letters[at] == b'-' {
            return;
        }
    }
    if path.len() == MAX_SYLLABLES {
        return;
    }
    for to in (at + 1..=letters.len().min(at + table.longest)).rev() {
        let Ok(spelling) = std::str::from_utf8(&letters[at..to]) else { continue };
        // a syllabic nasal (Cantonese Ng, M; Mandarin n, hm) is a word of
        // its own, not the end of Chen or Cheng
        let nasal = matches!(spelling, "m" | "n" | "ng" | "hm" | "hng");
        if table.spellings.contains_key(spelling) && !(nasal && (at > 0 || to < letters.len())) {
            path.push((at, to));
            cut(letters, to, table, path, cuts);
            path.pop();
        }
    }
}

/// A word in Chinese characters read as syllables, one per character
/// (Unihan's readings for the characters of the table, the `pinyin`
/// crate's for others); None if a character has no reading.
pub fn of_han(word: &str) -> Option<Syllables> {
    use pinyin::ToPinyin;
    let table = table();
    let mut syllables: Vec<Box<[u32]>> = Vec::new();
    for c in word.chars().filter(|c| c.is_alphanumeric()) {
        if let Some(ids) = table.characters.get(&c) {
            syllables.push(ids.clone());
            continue;
        }
        let plain = c.to_pinyin()?.plain().replace('ü', "v");
        let &s = table.pinyin.get(&plain)?;
        syllables.push((1..=5).map(|tone| s * 8 + tone).collect());
    }
    if syllables.is_empty() || syllables.len() > 2 * MAX_SYLLABLES {
        return None;
    }
    Some(Syllables { cuts: vec![syllables.into_boxed_slice()].into_boxed_slice(), apart: 1 })
}

/// Words read as Chinese run together (a name written in two words
/// against the same written as one): every cut of each, in order;
/// None unless every word has a reading.
pub fn joined<'a>(words: impl IntoIterator<Item = Option<&'a Syllables>>) -> Option<Syllables> {
    // each cut with whether its syllables stand apart
    let mut cuts: Vec<(Vec<Box<[u32]>>, bool)> = vec![(Vec::new(), true)];
    for word in words {
        let word = word?;
        let mut next = Vec::new();
        for (head, head_apart) in &cuts {
            for (k, tail) in word.cuts.iter().enumerate() {
                if next.len() < MAX_CUTS {
                    let mut c = head.clone();
                    c.extend(tail.iter().cloned());
                    next.push((c, *head_apart && word.is_apart(k)));
                }
            }
        }
        cuts = next;
    }
    if cuts.iter().all(|(c, _)| c.is_empty()) {
        return None;
    }
    let apart = cuts.iter().enumerate().filter(|(_, (_, apart))| *apart).fold(0u8, |bits, (k, _)| bits | 1 << k);
    Some(Syllables { cuts: cuts.into_iter().map(|(c, _)| c.into_boxed_slice()).collect(), apart })
}

impl Syllables {
    /// Whether the syllables of cut `k` stand apart (the bits of `apart`).
    fn is_apart(&self, k: usize) -> bool {
        self.apart & (1 << k) != 0
    }

    /// The reading of a name written syllable by syllable, as Chinese
    /// names are in every system (Wang, Tse-tung, Au-Yeung, 張): its cuts
    /// whose syllables stand apart; None where every cut runs syllables
    /// together (Zedong, Nadia), which a Western name that happens to
    /// cut into syllables does too. [`super::cluster_names`] holds the
    /// clusters of such names to one reading ([`common`]).
    pub fn spelled_apart(&self) -> Option<Syllables> {
        if self.apart == 0 {
            return None;
        }
        let cuts: Box<[Cut]> = self.cuts.iter().enumerate().filter(|(k, _)| self.is_apart(*k)).map(|(_, c)| c.clone()).collect();
        let apart = ((1u16 << cuts.len()) - 1) as u8;
        Some(Syllables { cuts, apart })
    }
}

/// What two readings have in common: the readings that both words can
/// stand for, syllable by syllable (cuts of both of as many syllables,
/// each syllable the ids both can stand for), or None if they share
/// none, that is if they are not [`same`]. A cluster of spellings of one
/// Chinese name is the spellings of one character or one syllable for
/// each of its syllables: Wang, Wong and Ong share 王; Wong and Huang
/// share 黃; but Wang, Wong and Huang share nothing, so Wong cannot
/// chain Wang to Huang.
pub fn common(a: &Syllables, b: &Syllables) -> Option<Syllables> {
    let mut cuts: Vec<Cut> = Vec::new();
    let mut apart = 0u8;
    for (i, x) in a.cuts.iter().enumerate() {
        for (j, y) in b.cuts.iter().enumerate() {
            if x.len() != y.len() || cuts.len() >= MAX_CUTS {
                continue;
            }
            let shared: Option<Cut> = x
                .iter()
                .zip(y.iter())
                .map(|(s, t)| {
                    // what both can stand for, where the two meet at all
                    // (Zeng and Ceng reach 曾 only through two Mandarin
                    // readings: they share nothing); a shared character is
                    // kept as the character, so that every spelling that
                    // reaches it meets what the cluster shares (Wang and
                    // Wong share 王, which Wang, Wong and Ong all meet)
                    let (mut ids, mut meet_at_all) = (Vec::new(), false);
                    both_stand_for(s, t, |key, meets, _| {
                        ids.push(key);
                        meet_at_all |= meets;
                        true
                    });
                    meet_at_all.then(|| ids.into_boxed_slice())
                })
                .collect();
            let Some(shared) = shared else { continue };
            if !cuts.contains(&shared) {
                if a.is_apart(i) && b.is_apart(j) {
                    apart |= 1 << cuts.len();
                }
                cuts.push(shared);
            }
        }
    }
    (!cuts.is_empty()).then(|| Syllables { cuts: cuts.into_boxed_slice(), apart })
}

/// The ids of one syllable (sorted) as what they stand for: a pinyin id
/// alone, a character's two ids (any reading, through a Mandarin
/// reading) together, as (key, reached by any reading, reached through
/// a Mandarin reading), by key.
fn standing_for(ids: &[u32]) -> impl Iterator<Item = (u32, bool, bool)> + '_ {
    let mut k = 0;
    std::iter::from_fn(move || {
        let &id = ids.get(k)?;
        k += 1;
        if id < CHARACTER {
            return Some((id, true, false));
        }
        let key = id & !THROUGH_MANDARIN;
        let (mut any, mut mandarin) = (id == key, id != key);
        while let Some(&next) = ids.get(k).filter(|&&next| next & !THROUGH_MANDARIN == key) {
            any |= next == key;
            mandarin |= next != key;
            k += 1;
        }
        Some((key, any, mandarin))
    })
}

/// What two syllables' sorted id lists both stand for, each given to
/// `each` as (key, whether the two meet there, whether both reach it by
/// any reading) until `each` returns false: the pinyin syllables both
/// spell (they meet) and the characters both do (they meet unless each
/// reaches it only through a Mandarin reading: two different syllables,
/// see [`THROUGH_MANDARIN`]; the same syllable they share as pinyin
/// anyway).
fn both_stand_for(a: &[u32], b: &[u32], mut each: impl FnMut(u32, bool, bool) -> bool) {
    let (mut x, mut y) = (standing_for(a).peekable(), standing_for(b).peekable());
    while let (Some(&(ka, any_a, m_a)), Some(&(kb, any_b, m_b))) = (x.peek(), y.peek()) {
        match ka.cmp(&kb) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => {
                x.next();
                y.next();
                if !each(ka, (any_a && (any_b || m_b)) || (any_b && m_a), any_a && any_b) {
                    return;
                }
            }
        }
    }
}

/// How two sorted id lists share one: 0 not at all, 1 a character
/// only, 2 a pinyin syllable.
fn meet(a: &[u32], b: &[u32]) -> u8 {
    let mut best = 0;
    both_stand_for(a, b, |key, meets, _| {
        if meets {
            best = if key < CHARACTER { 2 } else { 1 };
        }
        best < 2
    });
    best
}

/// How surely two words read as Chinese are one name: 0 not, 1 only
/// through a character for some syllable, 2 through one pinyin syllable
/// for each (the best
/// pair of cuts, each as sure as its least sure syllable).
fn sureness(a: &Syllables, b: &Syllables) -> u8 {
    let mut best = 0;
    for x in a.cuts.iter() {
        for y in b.cuts.iter().filter(|y| y.len() == x.len()) {
            let s = x.iter().zip(y.iter()).map(|(s, t)| meet(s, t)).min().unwrap_or(0);
            best = best.max(s);
            if best == 2 {
                return 2;
            }
        }
    }
    best
}

/// What two words that are [`same`] score: [`SAME_CHINESE_NAME_SIMILARITY`],
/// or [`SAME_CHINESE_NAME_THROUGH_A_CHARACTER_SIMILARITY`] where they
/// meet only through a character for some syllable.
pub fn same_name_similarity(a: Option<&Syllables>, b: Option<&Syllables>) -> f64 {
    match (a, b) {
        (Some(a), Some(b)) if sureness(a, b) == 2 => SAME_CHINESE_NAME_SIMILARITY,
        _ => SAME_CHINESE_NAME_THROUGH_A_CHARACTER_SIMILARITY,
    }
}

/// Whether two words read as Chinese can be one name: some cut of each
/// into as many syllables, each pair of which can stand for one pinyin
/// syllable (with one tone, where both mark it) or one character.
pub fn same(a: Option<&Syllables>, b: Option<&Syllables>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return false };
    a.cuts.iter().any(|x| b.cuts.iter().any(|y| x.len() == y.len() && x.iter().zip(y.iter()).all(|(s, t)| meet(s, t) > 0)))
}

/// [`same`], and where two words are one syllable each (a surname, a
/// given name of one character) that cannot spell one character, that
/// they are not one name: Some(true) or Some(false); None where either
/// is not read as Chinese or either has more syllables (a Western or
/// Arabic name that happens to cut into syllables is left to its
/// phonetic key).
pub fn verdict(a: Option<&Syllables>, b: Option<&Syllables>) -> Option<bool> {
    if same(a, b) {
        return Some(true);
    }
    let one_syllable = |s: Option<&Syllables>| s.is_some_and(|s| s.cuts.iter().all(|c| c.len() == 1));
    (one_syllable(a) && one_syllable(b)).then_some(false)
}

/// Ids for finding the words that may be [`same`] as this one without
/// comparing them all: the number of syllables and an id of the first,
/// for every cut (two words that are the same share one).
pub fn blocking_ids(syllables: &Syllables) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for c in syllables.cuts.iter() {
        if let Some(first) = c.first() {
            // a character by its key, however the word reaches it
            let key = |id: u32| if id < CHARACTER { id } else { id & !THROUGH_MANDARIN };
            out.extend(first.iter().map(|&id| ((c.len() as u64) << 32) | u64::from(key(id))));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_words(a: &str, b: &str) -> bool {
        let read = |w: &str| if w.chars().any(|c| c > '\u{2e80}') { of_han(w) } else { of_latin(w) };
        same(read(a).as_ref(), read(b).as_ref())
    }

    #[test]
    fn wade_giles_follows_the_standard_table() {
        assert_eq!(wade_giles("zhang"), ["chang"]);
        assert_eq!(wade_giles("qiang"), ["ch'iang"]);
        assert_eq!(wade_giles("xi"), ["hsi"]);
        assert_eq!(wade_giles("ze"), ["tse"]);
        assert_eq!(wade_giles("dong"), ["tung"]);
        assert_eq!(wade_giles("guo"), ["kuo"]);
        assert_eq!(wade_giles("xue"), ["hsveh"]);
        assert_eq!(wade_giles("shi"), ["shih"]);
        assert_eq!(wade_giles("cai"), ["ts'ai"]);
        assert_eq!(wade_giles("ren"), ["jen"]);
    }

    #[test]
    fn jyutping_gives_the_hong_kong_and_yale_spellings() {
        let zoeng = cantonese_spellings("zoeng");
        for s in ["cheung", "cheong", "tseung", "jeung"] {
            assert!(zoeng.contains(&s.to_string()), "{s} in {zoeng:?}");
        }
        assert!(cantonese_spellings("wong").contains(&"wong".to_string()));
        assert!(cantonese_spellings("can").contains(&"chan".to_string()));
        assert!(cantonese_spellings("lau").contains(&"lau".to_string()));
        assert!(cantonese_spellings("jyun").contains(&"yuen".to_string()));
        assert!(cantonese_spellings("ceoi").contains(&"tsui".to_string()));
        assert!(cantonese_spellings("si").contains(&"sze".to_string()));
        assert_eq!(cantonese_spellings("ng"), ["ng"]);
        assert!(cantonese_spellings("jip").contains(&"ip".to_string()));
        assert!(cantonese_spellings("jip").contains(&"yip".to_string()));
        assert!(cantonese_spellings("lo").contains(&"law".to_string()));
        assert!(cantonese_spellings("fung").contains(&"foong".to_string()));
    }

    #[test]
    fn one_surname_in_pinyin_wade_giles_and_cantonese_is_one_name() {
        for (a, b) in [
            ("Zhang", "Chang"),
            ("Zhang", "Cheung"),
            ("Chang", "Cheung"),
            ("Wang", "Wong"),
            ("Chen", "Chan"),
            ("Liu", "Lau"),
            ("Huang", "Wong"),
            ("Wu", "Ng"),
            ("Xu", "Hsu"),
            ("Cai", "Tsai"),
            ("Guo", "Kuo"),
            ("Jiang", "Chiang"),
            ("Song", "Soong"),
            ("Zhou", "Chow"),
            ("Xi", "Hsi"),
            ("Xue", "Hsüeh"),
        ] {
            assert!(same_words(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn chiang_kai_shek_is_jiang_jieshi_and_mao_tse_tung_is_mao_zedong() {
        assert!(same_words("Kai-shek", "Jieshi"));
        assert!(same_words("Tse-tung", "Zedong"));
        assert!(same_words("Tse-tung", "Ze-dong"));
        assert!(same_words("Hsiao-p'ing", "Xiaoping"));
    }

    #[test]
    fn characters_meet_their_mandarin_and_cantonese_spellings() {
        assert!(same_words("張", "Cheung"));
        assert!(same_words("張", "Zhang"));
        assert!(same_words("陳", "Chan"));
        assert!(same_words("王", "Wong"));
        assert!(!same_words("王", "Cheung"));
    }

    #[test]
    fn tai_lo_gives_the_southern_min_spellings_of_surnames() {
        let has = |tai_lo: &str, spellings: &[&str]| {
            let all = hokkien_spellings(tai_lo);
            for s in spellings {
                assert!(all.contains(&s.to_string()), "{s} in {all:?}");
            }
        };
        has("tan", &["tan"]);
        has("lim", &["lim"]);
        has("ng", &["ng"]);
        has("ngoo", &["goh", "ngo", "ngoh"]);
        has("tshua", &["chua", "tsua", "choa"]);
        has("uinn", &["oei", "wee", "uy", "ooi"]);
        has("iap", &["yap"]);
        has("khu", &["khoo", "khu"]);
        has("tenn", &["teh", "tay"]);
        has("kueh", &["kueh", "koeh", "kue"]);
        has("ting", &["teng"]);
        assert!(!hokkien_spellings("tan").contains(&"chan".to_string()));
    }

    #[test]
    fn a_surname_in_hokkien_spelling_meets_its_mandarin_and_cantonese_spellings() {
        for (character, spellings) in [
            ("陳", &["Tan", "Chan", "Chen"][..]),
            ("林", &["Lim", "Lam", "Lin"]),
            ("黃", &["Ng", "Wong", "Huang", "Oei", "Wee"]),
            ("王", &["Ong", "Wong", "Wang"]),
            ("吳", &["Goh", "Ng", "Wu"]),
            ("蔡", &["Chua", "Tsai", "Cai"]),
            ("邱", &["Khoo", "Qiu"]),
            ("高", &["Koh", "Gao", "Kao"]),
            ("葉", &["Yap", "Ye", "Yip"]),
            ("鄭", &["Teh", "Zheng", "Cheng"]),
        ] {
            for a in spellings {
                assert!(same_words(character, a), "{character} / {a}");
                for b in spellings {
                    assert!(same_words(a, b), "{a} / {b} ({character})");
                }
            }
        }
    }

    #[test]
    fn hokkien_spellings_of_different_surnames_stay_apart() {
        for (a, b) in [("Tan", "Lim"), ("Goh", "Koh"), ("Ong", "Ng"), ("Chua", "Tan"), ("Khoo", "Goh"), ("Lim", "Li")] {
            assert!(!same_words(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn different_chinese_names_stay_apart() {
        for (a, b) in [("Wang", "Zhang"), ("Li", "Liu"), ("Chen", "Cheng"), ("Lin", "Ling"), ("Wang", "Wan"), ("Hu", "Huang")] {
            assert!(!same_words(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn tone_marks_tell_apart_syllables_spelled_alike() {
        assert!(same_words("wěi", "wei"));
        assert!(!same_words("wěi", "wéi"));
        assert!(same_words("míng", "Ming"));
    }

    #[test]
    fn two_mandarin_readings_of_one_character_are_different_names() {
        // 曾 zēng / céng, 尉 yù / wèi, 单 shàn / dān, 覃 tán / qín, 区 ōu / qū
        for (a, b) in [("Zeng", "Ceng"), ("Yu", "Wei"), ("Shan", "Dan"), ("Qin", "Tan"), ("Ou", "Qu")] {
            assert!(!same_words(a, b), "{a} / {b}");
        }
        // the character itself and its Cantonese spelling meet both
        for a in ["Zeng", "Ceng", "Tsang"] {
            assert!(same_words("曾", a), "曾 / {a}");
        }
        assert!(same_words("Zeng", "Tsang"));
        assert!(same_words("Ceng", "Tsang"));
        // one syllable in two systems still meets through the character
        assert!(same_words("Zhang", "Chang"));
    }

    #[test]
    fn what_wang_wong_and_ong_share_huang_does_not() {
        let read = |w: &str| of_latin(w).unwrap();
        let wang_wong = common(&read("Wang"), &read("Wong")).expect("王");
        let with_ong = common(&wang_wong, &read("Ong")).expect("王 in Hokkien");
        assert!(same(Some(&with_ong), of_han("王").as_ref()));
        assert!(common(&wang_wong, &read("Huang")).is_none(), "Wong is 黃 too, but Wang is not");
        // what Wang and Wong share, both still meet (and a second Wang)
        assert!(same(Some(&wang_wong), Some(&read("Wang"))));
        assert!(same(Some(&wang_wong), Some(&read("Wong"))));
        assert!(common(&read("Wong"), &read("Huang")).is_some());
        // two Mandarin readings of 曾 share nothing; Zhang and Chang share 張
        assert!(common(&read("Zeng"), &read("Ceng")).is_none());
        let zhang_chang = common(&read("Zhang"), &read("Chang")).unwrap();
        assert!(common(&zhang_chang, &read("Cheung")).is_some());
    }

    #[test]
    fn names_that_run_syllables_together_are_not_spelled_apart() {
        for w in ["Nadia", "Zedong", "Fatima", "Huda"] {
            assert!(of_latin(w).and_then(|s| s.spelled_apart()).is_none(), "{w}");
        }
        for w in ["Wang", "Tse-tung", "Xi'an", "Au-Yeung", "wěi"] {
            assert!(of_latin(w).and_then(|s| s.spelled_apart()).is_some(), "{w}");
        }
        assert!(of_han("張偉").and_then(|s| s.spelled_apart()).is_some());
        // Xian runs together as xi-an, but is one syllable too
        assert!(of_latin("Xian").and_then(|s| s.spelled_apart()).is_some());
    }

    #[test]
    fn a_character_reached_through_mandarin_blocks_with_its_other_spellings() {
        let blocks = |a: &str, b: &str| {
            let (a, b) = (blocking_ids(&of_latin(a).unwrap()), blocking_ids(&of_latin(b).unwrap()));
            a.iter().any(|id| b.contains(id))
        };
        assert!(blocks("Zeng", "Tsang"));
        assert!(blocks("Chen", "Tan"));
        assert!(blocks("Zhang", "Cheung"));
    }

    #[test]
    fn words_that_do_not_cut_into_syllables_are_not_read() {
        for w in ["Muhammad", "Sorceress", "Mariana", "Smith", "Gaddafi's", "Nasrallah"] {
            assert!(of_latin(w).is_none(), "{w}");
        }
    }
}
