//! Language tags and scripts: what language a text is in, from a flag, a
//! file name (`x.ar.txt`) or the characters themselves.
//!
//! Tags are BCP-47 (`ar`, `fa`, `zh-Hans`, `pt-BR`); only the primary
//! subtag decides which rules apply, the rest is kept for provenance.

use std::fmt;
use std::path::Path;

/// A BCP-47 language tag, normalised to the usual casing (`zh-Hans`, `pt-BR`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(String);

/// The writing system of a text, as far as segmentation and alignment care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Arabic,
    Hebrew,
    Cyrillic,
    Greek,
    Han,
    Kana,
    Hangul,
    Devanagari,
    Armenian,
    Other,
}

/// Why a language could not be determined.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LangError {
    #[error("'{0}' is not a language tag (expected BCP-47, e.g. ar, en, zh-Hans)")]
    BadTag(String),
    #[error("{file}: cannot tell the language; name it x.LANG.txt or give {flag}")]
    Unknown { file: String, flag: String },
}

impl Lang {
    /// Parses a BCP-47 tag, fixing its casing: `ZH-hans` → `zh-Hans`.
    ///
    /// Fails on empty input and on subtags that are not 1-8 ASCII
    /// letters or digits.
    pub fn parse(tag: &str) -> Result<Lang, LangError> {
        let tag = tag.trim().replace('_', "-");
        let parts: Vec<&str> = tag.split('-').collect();
        let valid = |p: &str| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric());
        if parts.is_empty() || !parts.iter().all(|p| valid(p)) || !parts[0].chars().all(|c| c.is_ascii_alphabetic()) || parts[0].len() > 3 {
            return Err(LangError::BadTag(tag));
        }
        let mut out = parts[0].to_ascii_lowercase();
        for part in &parts[1..] {
            out.push('-');
            match part.len() {
                4 if part.chars().all(|c| c.is_ascii_alphabetic()) => {
                    out.push_str(&part[..1].to_ascii_uppercase());
                    out.push_str(&part[1..].to_ascii_lowercase());
                }
                2 if part.chars().all(|c| c.is_ascii_alphabetic()) => out.push_str(&part.to_ascii_uppercase()),
                _ => out.push_str(&part.to_ascii_lowercase()),
            }
        }
        Ok(Lang(out))
    }

    /// The primary language subtag, lower-case: `zh` for `zh-Hans`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The full tag as normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `other` names the same language, ignoring region and
    /// script subtags (`en-US` matches `en`).
    pub fn matches(&self, other: &Lang) -> bool {
        self.primary() == other.primary()
    }

    /// The script the language is normally written in.
    pub fn script(&self) -> Script {
        match self.primary() {
            "ar" | "fa" | "ur" | "ps" | "ku" | "sd" | "ug" => Script::Arabic,
            "he" | "yi" => Script::Hebrew,
            "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" | "ky" | "tg" | "mn" => Script::Cyrillic,
            "el" => Script::Greek,
            "zh" | "yue" => Script::Han,
            "ja" => Script::Kana,
            "ko" => Script::Hangul,
            "hi" | "mr" | "ne" | "sa" => Script::Devanagari,
            "hy" => Script::Armenian,
            _ => Script::Latin,
        }
    }

    /// The language hinted by a file name of the form `name.LANG.ext`
    /// (`dispatch.ar.txt`), if the second-to-last part is a plausible tag.
    pub fn from_file_name(path: &Path) -> Option<Lang> {
        let name = path.file_name()?.to_str()?;
        let mut parts: Vec<&str> = name.split('.').collect();
        if parts.len() < 3 {
            return None;
        }
        parts.pop();
        let candidate = parts.pop()?;
        let primary = candidate.split(['-', '_']).next()?;
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
            Lang::parse(candidate).ok()
        } else {
            None
        }
    }

    /// Guesses the language from the script of the text, when the script
    /// says enough: Arabic letters mean Arabic unless Persian or Urdu
    /// letters appear; Han without kana means Chinese. Latin and Cyrillic
    /// text is told apart by its commonest short words, and `None`
    /// returned when no language clearly leads.
    pub fn detect(text: &str) -> Option<Lang> {
        let script = dominant_script(text)?;
        let tag = match script {
            Script::Arabic => {
                if text.chars().any(|c| matches!(c, 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ' | 'ھ' | '۔')) {
                    "ur"
                } else if text.chars().any(|c| matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' | '۰'..='۹')) {
                    "fa"
                } else {
                    "ar"
                }
            }
            Script::Hebrew => "he",
            Script::Han => "zh",
            Script::Kana => "ja",
            Script::Hangul => "ko",
            Script::Greek => "el",
            Script::Armenian => "hy",
            Script::Latin => detect_latin(text)?,
            Script::Cyrillic => {
                if text.chars().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ')) {
                    "uk"
                } else {
                    "ru"
                }
            }
            _ => return None,
        };
        Lang::parse(tag).ok()
    }

    /// Decides a file's language: the explicit flag, else the file name,
    /// else the script of its text. `flag_name` is quoted in the error.
    pub fn resolve(explicit: Option<&Lang>, path: &Path, text: &str, flag_name: &str) -> Result<Lang, LangError> {
        Lang::told(explicit, path, text).ok_or_else(|| LangError::Unknown { file: path.display().to_string(), flag: flag_name.to_string() })
    }

    /// The flag, else the file name, else what the text itself says.
    fn told(explicit: Option<&Lang>, path: &Path, text: &str) -> Option<Lang> {
        explicit.cloned().or_else(|| Lang::from_file_name(path)).or_else(|| Lang::detect(text))
    }

    /// Like [`Lang::resolve`], but never fails: when neither the flag, the
    /// file name nor the text tells the language, the text is given the
    /// language whose rules serve its script (see [`ByScript`]), so that a
    /// segmenter can still split it. The caller decides whether to say so.
    pub fn resolve_or_by_script(explicit: Option<&Lang>, path: &Path, text: &str) -> Resolved {
        match Lang::told(explicit, path, text) {
            Some(lang) => Resolved { lang, by_script: None },
            None => {
                let fallback = ByScript::of(text);
                Resolved { lang: fallback.lang(), by_script: Some(fallback) }
            }
        }
    }

    /// Whether the language writes sentences without spaces between words.
    pub fn is_cjk(&self) -> bool {
        matches!(self.script(), Script::Han | Script::Kana)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Lang {
    type Err = LangError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s)
    }
}

/// A language for a text, and whether it was only inferred from the
/// script because the language itself could not be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub lang: Lang,
    /// `Some` when `lang` stands for the rules of the text's script.
    pub by_script: Option<ByScript>,
}

/// The script of a text whose language could not be told, and so the
/// rules it is segmented with: short texts in Latin script rarely carry
/// enough common words to tell English from French, and Devanagari,
/// Ethiopic, Thai or Burmese text has no detector at all, but their
/// terminators (. । ። ။) are known whatever the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByScript {
    /// The Unicode name of the script ("Latin", "Devanagari"), or `None`
    /// when the text has no letters at all.
    pub script: Option<&'static str>,
    /// The language whose rules serve the script.
    tag: &'static str,
}

/// Scripts without a language detector: (first, last code point, script
/// name, language whose rules serve it). `und` (undetermined) gets the
/// generic rules: every terminator, and the English abbreviations.
const FALLBACK_SCRIPTS: &[(u32, u32, &str, &str)] = &[
    (0x0041, 0x024F, "Latin", "und"),
    (0x1E00, 0x1EFF, "Latin", "und"),
    (0x0900, 0x097F, "Devanagari", "hi"),
    (0xA8E0, 0xA8FF, "Devanagari", "hi"),
    (0x0980, 0x09FF, "Bengali", "und"),
    (0x0A00, 0x0A7F, "Gurmukhi", "und"),
    (0x0A80, 0x0AFF, "Gujarati", "und"),
    (0x0B80, 0x0BFF, "Tamil", "und"),
    (0x0C00, 0x0C7F, "Telugu", "und"),
    (0x0C80, 0x0CFF, "Kannada", "und"),
    (0x0D00, 0x0D7F, "Malayalam", "und"),
    (0x0D80, 0x0DFF, "Sinhala", "und"),
    (0x0E00, 0x0E7F, "Thai", "und"),
    (0x0E80, 0x0EFF, "Lao", "und"),
    (0x0F00, 0x0FFF, "Tibetan", "und"),
    (0x1000, 0x109F, "Myanmar", "my"),
    (0x10A0, 0x10FF, "Georgian", "und"),
    (0x1200, 0x139F, "Ethiopic", "am"),
    (0x2D80, 0x2DDF, "Ethiopic", "am"),
    (0xAB00, 0xAB2F, "Ethiopic", "am"),
    (0x1780, 0x17FF, "Khmer", "und"),
];

impl ByScript {
    /// The script most letters of `text` are written in, among those
    /// without a detector; text with no letters of them gets the generic
    /// rules.
    fn of(text: &str) -> ByScript {
        let mut counts: Vec<(&'static str, &'static str, usize)> = Vec::new();
        for c in text.chars().take(20_000).filter(|c| c.is_alphabetic()) {
            let code = c as u32;
            if let Some((_, _, name, tag)) = FALLBACK_SCRIPTS.iter().find(|(first, last, _, _)| (*first..=*last).contains(&code)) {
                match counts.iter_mut().find(|(n, _, _)| n == name) {
                    Some((_, _, k)) => *k += 1,
                    None => counts.push((name, tag, 1)),
                }
            }
        }
        match counts.into_iter().max_by_key(|(_, _, k)| *k) {
            Some((name, tag, _)) => ByScript { script: Some(name), tag },
            None => ByScript { script: None, tag: "und" },
        }
    }

    /// The language whose rules the text is segmented with.
    pub fn lang(&self) -> Lang {
        Lang(self.tag.to_string())
    }
}

impl fmt::Display for ByScript {
    /// "the rules for Latin script", or "the generic rules".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.script {
            Some(script) => write!(f, "the rules for {script} script"),
            None => f.write_str("the generic rules"),
        }
    }
}

/// Common short words that tell Latin-script languages apart.
const LATIN_STOPWORDS: &[(&str, &[&str])] = &[
    ("en", &["the", "and", "of", "to", "in", "is", "that", "was", "for", "with", "said", "on", "he", "it"]),
    ("fr", &["le", "la", "les", "et", "des", "du", "une", "est", "que", "dans", "pour", "il", "au", "pas"]),
    ("de", &["der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "sich", "auf"]),
    ("es", &["el", "los", "las", "y", "que", "del", "en", "por", "con", "una", "para", "es", "se", "lo"]),
    ("it", &["il", "che", "di", "della", "per", "non", "sono", "gli", "con", "una", "nel", "alla", "del", "è"]),
    ("pt", &["o", "os", "que", "do", "da", "em", "para", "com", "não", "uma", "dos", "ao", "no", "é"]),
    ("nl", &["de", "het", "een", "van", "en", "dat", "niet", "zijn", "op", "met", "voor", "is", "ik", "te"]),
    ("tr", &["ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "gibi", "olan", "ama", "ne"]),
];

fn detect_latin(text: &str) -> Option<&'static str> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(5_000).map(str::to_lowercase).collect();
    let mut scores: Vec<(&str, usize)> =
        LATIN_STOPWORDS.iter().map(|(tag, list)| (*tag, words.iter().filter(|w| list.contains(&w.as_str())).count())).collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    let (best, best_hits) = scores[0];
    let runner_up = scores[1].1;
    // a clear lead: enough evidence, and well ahead of the next language
    (best_hits >= 3 && best_hits * 2 > runner_up * 3).then_some(best)
}

/// The script of one character (letters only; `None` for digits,
/// punctuation and spaces).
pub fn char_script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0900..=0x097F => Script::Devanagari,
        0x3040..=0x30FF => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => Script::Hangul,
        _ => Script::Other,
    })
}

/// The script most letters of `text` are written in; kana anywhere makes
/// Han text Japanese.
pub fn dominant_script(text: &str) -> Option<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in text.chars().take(20_000) {
        if let Some(s) = char_script(c) {
            match counts.iter_mut().find(|(k, _)| *k == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s, 1)),
            }
        }
    }
    let kana = counts.iter().any(|(s, n)| *s == Script::Kana && *n > 0);
    let (best, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    Some(if best == Script::Han && kana { Script::Kana } else { best })
}

/// Whether text in this script runs right to left.
pub fn is_rtl(script: Script) -> bool {
    matches!(script, Script::Arabic | Script::Hebrew)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised() {
        for (input, want) in [("ar", "ar"), ("ZH-hans", "zh-Hans"), ("pt_br", "pt-BR"), ("en-US", "en-US")] {
            assert_eq!(Lang::parse(input).unwrap().as_str(), want);
        }
        assert!(Lang::parse("").is_err());
        assert!(Lang::parse("english!").is_err());
    }

    #[test]
    fn file_names_hint_languages() {
        assert_eq!(Lang::from_file_name(Path::new("samples/speech.ar.txt")).unwrap().as_str(), "ar");
        assert_eq!(Lang::from_file_name(Path::new("a.zh-Hans.txt")).unwrap().as_str(), "zh-Hans");
        assert!(Lang::from_file_name(Path::new("notes.txt")).is_none());
        assert!(Lang::from_file_name(Path::new("my.notes.txt")).is_none());
    }

    #[test]
    fn script_detection_tells_arabic_persian_urdu_apart() {
        assert_eq!(Lang::detect("قال إسماعيل هنية إن الوفد").unwrap().as_str(), "ar");
        assert_eq!(Lang::detect("سخنگوی وزارت امور خارجه گفت").unwrap().as_str(), "fa");
        assert_eq!(Lang::detect("وزیر اعظم نے کہا ہے۔").unwrap().as_str(), "ur");
        assert_eq!(Lang::detect("外交部发言人表示。").unwrap().as_str(), "zh");
        assert_eq!(Lang::detect("The minister said that the talks in Doha were useful.").unwrap().as_str(), "en");
        assert_eq!(Lang::detect("Le ministre a dit que les pourparlers dans la capitale sont utiles.").unwrap().as_str(), "fr");
        assert!(Lang::detect("Haniyeh Doha").is_none());
    }

    #[test]
    fn text_whose_language_cannot_be_told_gets_its_scripts_rules() {
        let stdin = Path::new("-");
        // (text, script named, language whose rules apply)
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("Hello there. This is English.", Some("Latin"), "und"),
            ("Haniyeh Doha", Some("Latin"), "und"),
            ("वह आया। फिर चला गया।", Some("Devanagari"), "hi"),
            ("ሰላም ነው። እንዴት ነህ፧", Some("Ethiopic"), "am"),
            ("ฉันไปตลาด วันนี้ฝนตก", Some("Thai"), "und"),
            ("မင်္ဂလာပါ။ နေကောင်းလား။", Some("Myanmar"), "my"),
            ("12. 34.", None, "und"),
        ];
        for (text, script, tag) in cases {
            let resolved = Lang::resolve_or_by_script(None, stdin, text);
            let by_script = resolved.by_script.unwrap_or_else(|| panic!("{text}: told as {}", resolved.lang));
            assert_eq!((by_script.script, resolved.lang.as_str()), (*script, *tag), "{text}");
        }
        // a language that can be told is not a fallback
        let told = Lang::resolve_or_by_script(None, stdin, "The minister said that the talks in Doha were useful.");
        assert_eq!((told.lang.as_str(), told.by_script), ("en", None));
        let flagged = Lang::resolve_or_by_script(Some(&Lang::parse("hi").unwrap()), stdin, "Hello there.");
        assert_eq!((flagged.lang.as_str(), flagged.by_script), ("hi", None));
    }
}
