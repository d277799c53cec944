//! Sentence segmentation: splits text into sentences as byte spans into
//! the original, per language.
//!
//! A line break always ends a sentence (dispatches keep one paragraph a
//! line, and headings, datelines and footnotes stand on lines of their
//! own). Inside a line a sentence ends at a terminator (`. ! ? … ؟ ۔ । 。
//! ！ ？`, Armenian `:`, Greek `;`) together with the closing quotes,
//! brackets and footnote markers after it, unless the language's rules say
//! the period belongs to an abbreviation, a title, an initial, an ordinal
//! or a number, or the next word shows the sentence goes on (lower case,
//! a symbol); after an abbreviation that can end a sentence ("the U.S."),
//! a sentence starter ("How") decides. A short quotation or bracket that
//! does not end with its own full stop is kept whole; list items ("1. …
//! 2. …", "•") start sentences. Languages without rules of their own get
//! those of their script. [`srx`] loads SRX 2.0 rules instead.
//!
//! ```
//! use dragoman::lang::Lang;
//! use dragoman::segment::Segmenter;
//!
//! let seg = Segmenter::new(&Lang::parse("en").unwrap());
//! let text = "Mr. Haniyeh met the U.N. envoy at 10 a.m. on Monday. Talks went on.";
//! let sentences: Vec<&str> = seg.split(text).collect();
//! assert_eq!(sentences, ["Mr. Haniyeh met the U.N. envoy at 10 a.m. on Monday.", "Talks went on."]);
//! ```

mod abbreviations;
mod engine;
pub mod srx;

use crate::lang::Lang;
use engine::{Rules, Scratch};
use serde::Serialize;
use srx::SrxRule;
use std::sync::Arc;

/// The languages with rules of their own (others use their script's).
pub const BUILTIN_LANGUAGES: &[&str] = &[
    "en", "fr", "de", "es", "it", "pt", "nl", "da", "pl", "sk", "tr", "ru", "uk", "bg", "kk", "el", "ar", "fa", "ur", "he", "hi", "mr",
    "hy", "zh", "ja", "am", "my",
];

/// One sentence: its text and its byte span in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Sentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A sentence splitter configured for one language.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lang: Lang,
    engine: Engine,
    /// Single line breaks are spaces; only blank lines end paragraphs.
    wrapped: bool,
}

/// Which rules decide: the built-in ones, or those of an SRX file.
#[derive(Debug, Clone)]
enum Engine {
    Builtin(Arc<Rules>),
    Srx(Arc<Vec<SrxRule>>),
}

impl Segmenter {
    /// Builds the segmenter for `lang`; languages without their own lists
    /// get the rules of their script (and, in Latin script, the English
    /// abbreviations).
    pub fn new(lang: &Lang) -> Segmenter {
        Segmenter { lang: lang.clone(), engine: Engine::Builtin(Arc::new(Rules::new(lang))), wrapped: false }
    }

    /// A segmenter applying SRX rules (see [`srx::Srx::segmenter`]).
    pub fn with_srx_rules(lang: &Lang, rules: Vec<SrxRule>) -> Segmenter {
        Segmenter { lang: lang.clone(), engine: Engine::Srx(Arc::new(rules)), wrapped: false }
    }

    /// For hard-wrapped text: a single line break is a space inside a
    /// paragraph, and only a blank line ends one (and its sentence). By
    /// default every line break ends a sentence, as dispatches keep a
    /// paragraph a line and headings on lines of their own.
    pub fn wrapped(mut self, wrapped: bool) -> Segmenter {
        self.wrapped = wrapped;
        self
    }

    /// The language this segmenter was built for.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// The byte spans of the sentences of `text`: in order, not
    /// overlapping, each trimmed of surrounding whitespace, so that the
    /// spans and the whitespace between them make up the whole text.
    /// Every line break ends a sentence (a blank line, when [`Segmenter::wrapped`]).
    /// Never fails and never panics.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::with_capacity(text.len() / 64 + 1);
        self.spans_into(text, 0, &mut spans);
        spans
    }

    /// Like [`Segmenter::spans`], but appends to `out` with every offset
    /// moved by `base`: for text read in pieces (always cut after a line
    /// break) whose offsets must stay those of the whole input.
    pub fn spans_into(&self, text: &str, base: usize, out: &mut Vec<(usize, usize)>) {
        let mut scratch = Scratch::default();
        let mut split = |from: usize, to: usize| match &self.engine {
            Engine::Builtin(rules) => engine::split_line(rules, &text[from..to], base + from, out, &mut scratch),
            Engine::Srx(rules) => srx::split_line(rules, &text[from..to], base + from, out),
        };
        let mut line_start = 0;
        // wrapped: the paragraph being gathered, from its first line to the end of its last
        let mut paragraph: Option<(usize, usize)> = None;
        for line in text.split('\n') {
            let line_end = line_start + line.len();
            if !self.wrapped {
                split(line_start, line_end);
            } else if line.trim().is_empty() {
                if let Some((from, to)) = paragraph.take() {
                    split(from, to);
                }
            } else {
                paragraph = Some((paragraph.map_or(line_start, |(from, _)| from), line_end));
            }
            line_start = line_end + 1;
        }
        if let Some((from, to)) = paragraph {
            split(from, to);
        }
    }

    /// Like [`Segmenter::spans`], with every sentence over `max_bytes`
    /// cut by [`cap_spans`], and a line longer than four times that
    /// segmented piece by piece (the last sentence of each piece carried
    /// into the next), so that the work space stays bounded on a text
    /// without line breaks. Returns the spans and the start of each
    /// sentence that was cut.
    pub fn capped_spans(&self, text: &str, max_bytes: usize) -> (Vec<(usize, usize)>, Vec<usize>) {
        let window = 4 * max_bytes.max(4);
        let (mut spans, mut cuts) = (Vec::with_capacity(text.len() / 64 + 1), Vec::new());
        let mut piece_spans = Vec::new();
        let mut from = 0;
        while from < text.len() {
            let mut to = (from + window).min(text.len());
            let mut at_line_end = to == text.len();
            if to < text.len() {
                match text[from..to].rfind('\n') {
                    Some(newline) if !self.wrapped && newline > 0 => {
                        to = from + newline + 1;
                        at_line_end = true;
                    }
                    _ => {
                        while !text.is_char_boundary(to) {
                            to -= 1;
                        }
                    }
                }
            }
            piece_spans.clear();
            self.spans_into(&text[from..to], from, &mut piece_spans);
            cuts.extend(cap_spans(&text[from..to], from, &mut piece_spans, max_bytes));
            if !at_line_end
                && let Some(&(start, _)) = piece_spans.last()
                && start > from
                && to - start <= max_bytes.max(4) + 4
            {
                // the last sentence may go on after the cut: segment it again with what follows
                piece_spans.pop();
                to = start;
            }
            spans.extend_from_slice(&piece_spans);
            from = to;
        }
        (spans, cuts)
    }

    /// The sentences of `text` as borrowed slices.
    pub fn split<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        self.spans(text).into_iter().map(move |(s, e)| &text[s..e])
    }

    /// The sentences of `text` with their spans.
    pub fn sentences(&self, text: &str) -> Vec<Sentence> {
        self.spans(text).into_iter().map(|(start, end)| Sentence { text: text[start..end].to_string(), start, end }).collect()
    }
}

/// Pushes `text[start..end]` as a span without its outer white space
/// (nothing when nothing is left): a line of presegmented text.
pub fn push_trimmed_span(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    engine::push_trimmed(text, 0, start, end, out);
}

/// Cuts every span of `spans` (offsets into `text` moved by `base`, as
/// [`Segmenter::spans_into`] gives them) that is longer than `max_bytes`
/// into pieces of at most `max_bytes`, each cut after the last white
/// space that keeps the piece within the limit (at a character boundary
/// when there is none), the pieces trimmed like any span. Returns the
/// start of each span that was cut (its offset, `base` included), so
/// that the caller can say where. A sentence that long is no sentence
/// (a table, a file without punctuation or line breaks); a memory takes
/// no segment over 1 MiB, and a long span makes every later step slow.
pub fn cap_spans(text: &str, base: usize, spans: &mut Vec<(usize, usize)>, max_bytes: usize) -> Vec<usize> {
    let max_bytes = max_bytes.max(4); // room for any character
    if spans.iter().all(|&(start, end)| end - start <= max_bytes) {
        return Vec::new();
    }
    let mut cut = Vec::new();
    let mut capped = Vec::with_capacity(spans.len() + 1);
    for &(start, end) in spans.iter() {
        if end - start <= max_bytes {
            capped.push((start, end));
            continue;
        }
        cut.push(start);
        let mut from = start - base;
        let to = end - base;
        while to - from > max_bytes {
            let mut limit = from + max_bytes;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let piece = &text[from..limit];
            // after the last white space, unless that leaves less than half the piece
            let at = match piece.rfind(char::is_whitespace) {
                Some(space) if space >= max_bytes / 2 => from + space,
                _ => limit,
            };
            engine::push_trimmed(text, base, from, at, &mut capped);
            from = at;
        }
        engine::push_trimmed(text, base, from, to, &mut capped);
    }
    *spans = capped;
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(lang: &str, text: &str) -> Vec<String> {
        Segmenter::new(&Lang::parse(lang).unwrap()).split(text).map(str::to_string).collect()
    }

    /// (language, text, expected sentences): the hard cases, one rule a row.
    const CASES: &[(&str, &str, &[&str])] = &[
        ("en", "Hello world. My name is Jonas.", &["Hello world.", "My name is Jonas."]),
        ("en", "Mr. Smith met Dr. Jones at 10 a.m. today. They talked.", &["Mr. Smith met Dr. Jones at 10 a.m. today.", "They talked."]),
        ("en", "The U.N. envoy arrived. He left.", &["The U.N. envoy arrived.", "He left."]),
        ("en", "I live in the U.S. How about you?", &["I live in the U.S.", "How about you?"]),
        ("en", "It cost 3.5 million dollars. No. 5 was sold.", &["It cost 3.5 million dollars.", "No. 5 was sold."]),
        ("en", "Resolution No. 11206 was adopted.", &["Resolution No. 11206 was adopted."]),
        (
            "en",
            "The answer was no. Israel rejected it. See Art. 51 and p. 4.",
            &["The answer was no.", "Israel rejected it.", "See Art. 51 and p. 4."],
        ),
        ("en", "They saw the sun. Moscow was cold.", &["They saw the sun.", "Moscow was cold."]),
        ("en", "Ismail H. Haniyeh spoke. Then he left.", &["Ismail H. Haniyeh spoke.", "Then he left."]),
        (
            "en",
            "We make a good team, you and I. Did you see Albert I. Jones?",
            &["We make a good team, you and I.", "Did you see Albert I. Jones?"],
        ),
        ("en", "He said: \"We will not retreat.\" The crowd cheered.", &["He said: \"We will not retreat.\"", "The crowd cheered."]),
        ("en", "'This is great.' she said.", &["'This is great.' she said."]),
        ("en", "\"Why?\" he asked. \"Now!\" she said.", &["\"Why?\" he asked.", "\"Now!\" she said."]),
        ("en", "It played a role.[1] The war ended.", &["It played a role.[1]", "The war ended."]),
        ("en", "It played a role.² The war ended.", &["It played a role.²", "The war ended."]),
        (
            "en",
            "Mail jane.doe@example.com. See https://un.org/en/a.html. Done.",
            &["Mail jane.doe@example.com.", "See https://un.org/en/a.html.", "Done."],
        ),
        ("en", "He paid 1,250.50 dollars. It was 3.5% more.", &["He paid 1,250.50 dollars.", "It was 3.5% more."]),
        ("en", "Wait... what? Yes!", &["Wait... what?", "Yes!"]),
        ("en", "I never meant that.... She left.", &["I never meant that....", "She left."]),
        ("en", "(He had worked there for years.) Then came war.", &["(He had worked there for years.)", "Then came war."]),
        (
            "de",
            "„Wir kommen. Morgen vielleicht“, sagte er. Dann ging er.",
            &["„Wir kommen. Morgen vielleicht“, sagte er.", "Dann ging er."],
        ),
        ("en", "He said: \"We came. We stay.\" Then he left.", &["He said: \"We came.", "We stay.\"", "Then he left."]),
        ("en", "1. The first item 2. The second item", &["1. The first item", "2. The second item"]),
        ("en", "• First point • Second point", &["• First point", "• Second point"]),
        ("en", "The plan: 1. a truce 2. an exchange", &["The plan:", "1. a truce", "2. an exchange"]),
        ("de", "Im 1. Halbjahr stieg er, im 2. Halbjahr fiel er.", &["Im 1. Halbjahr stieg er, im 2. Halbjahr fiel er."]),
        ("en", "What do you see? - Posted sentinels.", &["What do you see?", "- Posted sentinels."]),
        ("en", "Headline without a stop\nBody text. More text.", &["Headline without a stop", "Body text.", "More text."]),
        ("en", "One.\n\nTwo", &["One.", "Two"]),
        ("de", "Am 17. März trat er zurück. Es war spät.", &["Am 17. März trat er zurück.", "Es war spät."]),
        ("de", "Es gibt z. B. Brot. Die Sitzung endet.", &["Es gibt z. B. Brot.", "Die Sitzung endet."]),
        ("de", "„Wir kommen.“ Dann ging er.", &["„Wir kommen.“", "Dann ging er."]),
        ("tr", "Anayasanın 17. maddesi açıktır. Meclis toplandı.", &["Anayasanın 17. maddesi açıktır.", "Meclis toplandı."]),
        ("tr", "Elma, armut vb. Bu yıl da aynı.", &["Elma, armut vb.", "Bu yıl da aynı."]),
        ("fr", "M. Dupont est arrivé. Il parle.", &["M. Dupont est arrivé.", "Il parle."]),
        ("fr", "Il a dit « Non. » Puis il est parti.", &["Il a dit « Non. »", "Puis il est parti."]),
        ("es", "¿Cómo está? ¡Muy bien! El Sr. García llegó.", &["¿Cómo está?", "¡Muy bien!", "El Sr. García llegó."]),
        ("ru", "В 2010 г. он уехал. Проф. Иванов остался.", &["В 2010 г. он уехал.", "Проф. Иванов остался."]),
        ("ru", "«Мы придём». Он ушёл.", &["«Мы придём».", "Он ушёл."]),
        ("el", "Πού είναι; Εδώ.", &["Πού είναι;", "Εδώ."]),
        ("ar", "هل توافق؟ نعم، أوافق. شكرا.", &["هل توافق؟", "نعم، أوافق.", "شكرا."]),
        ("ar", "قال د. محمد: نحن هنا. انتهى.", &["قال د. محمد: نحن هنا.", "انتهى."]),
        ("fa", "او گفت. ما رفتیم؟ بله.", &["او گفت.", "ما رفتیم؟", "بله."]),
        ("ur", "یہ ایک جملہ ہے۔ یہ دوسرا ہے۔", &["یہ ایک جملہ ہے۔", "یہ دوسرا ہے۔"]),
        ("he", "הוא אמר שלום. היא ענתה.", &["הוא אמר שלום.", "היא ענתה."]),
        ("hi", "यह पहला है। यह दूसरा है।", &["यह पहला है।", "यह दूसरा है।"]),
        ("hy", "Ի՞նչ ես մտածում: Ոչինչ:", &["Ի՞նչ ես մտածում:", "Ոչինչ:"]),
        ("zh", "我们支持和平。你同意吗？当然！", &["我们支持和平。", "你同意吗？", "当然！"]),
        ("zh", "他说：“我们反对。”会议结束。", &["他说：“我们反对。”", "会议结束。"]),
        ("zh", "我们去看《摔跤吧！爸爸》好吗？好！", &["我们去看《摔跤吧！爸爸》好吗？", "好！"]),
        ("ja", "これはペンです。それは何ですか？", &["これはペンです。", "それは何ですか？"]),
        ("ja", "彼は「はい。」と言った。会議は終わった。", &["彼は「はい。」と言った。", "会議は終わった。"]),
        ("en", "The talks ended at 6 p.m. The delegation left.", &["The talks ended at 6 p.m.", "The delegation left."]),
        (
            "en",
            "DOHA, Dec. 25 (Reuters) - Talks resumed. Both sides spoke.",
            &["DOHA, Dec. 25 (Reuters) - Talks resumed.", "Both sides spoke."],
        ),
        ("en", "“We will return.” Then silence.", &["“We will return.”", "Then silence."]),
        ("he", "דובר צה\"ל אמר. הוא יצא.", &["דובר צה\"ל אמר.", "הוא יצא."]),
        ("tr", "Sn. Bakan 15 Temmuz'da konuştu! Meclis toplandı.", &["Sn. Bakan 15 Temmuz'da konuştu!", "Meclis toplandı."]),
        ("ar", "قال م\u{200F}. أحمد إن الوفد وصل؟! ثم غادر.", &["قال م\u{200F}. أحمد إن الوفد وصل؟!", "ثم غادر."]),
        // a direction mark, zero-width space or byte order mark before the next sentence
        ("ar", "جاء الوفد. \u{200F}وذهب الرئيس.", &["جاء الوفد.", "\u{200F}وذهب الرئيس."]),
        ("he", "הוא אמר שלום. \u{200F}היא ענתה.", &["הוא אמר שלום.", "\u{200F}היא ענתה."]),
        ("en", "The talks ended. \u{200B}The envoy left.", &["The talks ended.", "\u{200B}The envoy left."]),
        ("en", "The talks ended. \u{FEFF}The envoy left.", &["The talks ended.", "\u{FEFF}The envoy left."]),
        ("en", "The talks ended.\u{200B} The envoy left.", &["The talks ended.\u{200B}", "The envoy left."]),
        ("en", "The talks ended.\u{2069} \u{2067}The envoy left.", &["The talks ended.\u{2069}", "\u{2067}The envoy left."]),
        ("en", "Mr. \u{200B}Smith came.", &["Mr. \u{200B}Smith came."]),
        // unknown languages fall back to the rules of their script
        ("sw", "Habari. Nzuri sana.", &["Habari.", "Nzuri sana."]),
        ("zh-Hans", "好。行。", &["好。", "行。"]),
        // an opening quote or bracket after a terminator starts the next sentence
        ("zh", "他说完了。“你走吧。”", &["他说完了。", "“你走吧。”"]),
        ("zh", "他说完了。「你走吧。」", &["他说完了。", "「你走吧。」"]),
        ("zh", "他说完了。『你走吧。』", &["他说完了。", "『你走吧。』"]),
        ("zh", "他说完了。\"你走吧。\"他走了。", &["他说完了。", "\"你走吧。\"", "他走了。"]),
        ("zh", "他说：\"你走吧。\"然后走了。", &["他说：\"你走吧。\"", "然后走了。"]),
        ("ja", "彼は帰った。「また明日。」", &["彼は帰った。", "「また明日。」"]),
        ("ar", "غادر الوفد. «لن نعود» قال.", &["غادر الوفد.", "«لن نعود» قال."]),
        ("ru", "Он ушёл. «Иди домой», сказала она.", &["Он ушёл.", "«Иди домой», сказала она."]),
        ("de", "Er ging. „Komm zurück“, rief sie.", &["Er ging.", "„Komm zurück“, rief sie."]),
        ("de", "„Wir kommen.“Dann ging er.", &["„Wir kommen.“Dann ging er."]),
        ("en", "He left. “Come back,” she said.", &["He left.", "“Come back,” she said."]),
    ];

    #[test]
    fn hard_cases_split_as_a_translator_expects() {
        for (lang, text, want) in CASES {
            assert_eq!(split(lang, text), *want, "{lang}: {text}");
        }
    }

    #[test]
    fn decomposed_text_splits_like_composed_text() {
        use unicode_normalization::UnicodeNormalization;
        let nfd = |s: &str| s.nfd().collect::<String>();
        for (lang, text, want) in CASES {
            let want: Vec<String> = want.iter().map(|s| nfd(s)).collect();
            assert_eq!(split(lang, &nfd(text)), want, "{lang}: {text}");
        }
        // accented abbreviations and sentence starters are looked up in NFC
        for (lang, text, want) in [
            ("es", "Véase la pág. 5 del informe. Él llegó.", &["Véase la pág. 5 del informe.", "Él llegó."][..]),
            ("fr", "Il est arrivé au n° 5. Ça a duré.", &["Il est arrivé au n° 5.", "Ça a duré."][..]),
            ("es", "Vive en EE.UU. Él llegó ayer.", &["Vive en EE.UU.", "Él llegó ayer."][..]),
        ] {
            assert_eq!(split(lang, text), want, "{lang}: {text}");
            let want: Vec<String> = want.iter().map(|s| nfd(s)).collect();
            assert_eq!(split(lang, &nfd(text)), want, "{lang}: NFD {text}");
        }
    }

    /// Checks the promise of [`Segmenter::spans`] on one text.
    fn assert_lossless(text: &str, spans: &[(usize, usize)]) {
        let mut at = 0;
        for &(s, e) in spans {
            assert!(at <= s && s < e && e <= text.len(), "{spans:?} in {text:?}");
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            assert!(text[at..s].trim().is_empty(), "text dropped between spans: {:?}", &text[at..s]);
            assert_eq!(text[s..e].trim(), &text[s..e]);
            at = e;
        }
        assert!(text[at..].trim().is_empty());
    }

    #[test]
    fn a_sentence_over_the_cap_is_cut_at_white_space_into_pieces_within_it() {
        let text = format!("Short one. Words {} Tail.", "word ".repeat(100).trim_end());
        let mut spans = Segmenter::new(&Lang::parse("en").unwrap()).spans(&text);
        let cut = cap_spans(&text, 0, &mut spans, 64);
        assert_eq!(cut, vec![11], "the long sentence starts at byte 11");
        assert_eq!(&text[spans[0].0..spans[0].1], "Short one.");
        assert!(spans.len() > 8, "{spans:?}");
        for &(start, end) in &spans {
            assert!(end - start <= 64, "{start}..{end}");
            assert!(text[start..end].split(' ').all(|w| ["word", "Words", "Tail.", "Short", "one."].contains(&w)));
        }
        assert_lossless(&text, &spans);
    }

    #[test]
    fn a_sentence_over_the_cap_without_white_space_is_cut_at_character_boundaries() {
        let text = "字".repeat(100); // 300 bytes, three a character
        let mut spans = vec![(1000, 1300)];
        assert_eq!(cap_spans(&text, 1000, &mut spans, 100), vec![1000]);
        assert_eq!(spans, vec![(1000, 1099), (1099, 1198), (1198, 1297), (1297, 1300)]);
        let mut short = vec![(0, 3)];
        assert!(cap_spans("字", 0, &mut short, 100).is_empty());
    }

    #[test]
    fn a_text_without_line_breaks_is_segmented_in_pieces_like_the_whole() {
        let seg = Segmenter::new(&Lang::parse("en").unwrap());
        let text = "The talks ended. Both sides spoke at length. ".repeat(40);
        let (capped, cuts) = seg.capped_spans(&text, 100);
        assert!(cuts.is_empty());
        assert_eq!(capped, seg.spans(&text), "pieces of 400 bytes give the sentences of the whole");
        let long = format!("{} end.", "x".repeat(1000));
        let (capped, cuts) = seg.capped_spans(&long, 100);
        assert!(!cuts.is_empty());
        assert!(capped.iter().all(|&(s, e)| e - s <= 100));
        assert_lossless(&long, &capped);
    }

    #[test]
    fn spans_are_ordered_and_cover_the_text_but_whitespace() {
        let text = "  One. Two!\n\nThree?  ";
        let spans = Segmenter::new(&Lang::parse("en").unwrap()).spans(text);
        assert_lossless(text, &spans);
        assert_eq!(spans.len(), 3);
    }

    #[test]
    fn wrapped_lines_join_into_sentences_until_a_blank_line() {
        let en = Segmenter::new(&Lang::parse("en").unwrap()).wrapped(true);
        let text = "The delegation met Mr.\nHaniyeh in Doha on\nMonday. Talks went on\r\ninto the night.\n\nA new paragraph\nwithout a stop\n\n\nLast.";
        let got: Vec<&str> = en.split(text).collect();
        assert_eq!(
            got,
            [
                "The delegation met Mr.\nHaniyeh in Doha on\nMonday.",
                "Talks went on\r\ninto the night.",
                "A new paragraph\nwithout a stop",
                "Last."
            ]
        );
        assert_lossless(text, &en.spans(text));
        // by default each line stands alone
        assert_eq!(Segmenter::new(&Lang::parse("en").unwrap()).split("Talks went on\ninto the night.").count(), 2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn wrapped_spans_are_lossless(text in "([a-zA-Z .!?\"()\n\r\u{200F}]{0,12}){0,20}", lang in prop::sample::select(vec!["en", "ar", "zh"])) {
            let spans = Segmenter::new(&Lang::parse(lang).unwrap()).wrapped(true).spans(&text);
            assert_lossless(&text, &spans);
        }

        #[test]
        fn spans_are_lossless_on_any_text(text in "[\\PC\\p{Cf}]{0,200}", lang in prop::sample::select(vec!["en", "de", "ar", "zh", "hy", "el", "ru", "xx"])) {
            let spans = Segmenter::new(&Lang::parse(lang).unwrap()).spans(&text);
            assert_lossless(&text, &spans);
        }

        #[test]
        fn spans_are_lossless_on_punctuation_heavy_text(text in "([a-zA-Zа-я0-9 .!?\"'()«»„“”\\[\\]…。！？؟۔:;•\n\u{200B}\u{200F}\u{2069}\u{FEFF}\u{00AD}-]{0,12}){0,20}") {
            for lang in ["en", "de", "hy", "el", "zh"] {
                let spans = Segmenter::new(&Lang::parse(lang).unwrap()).spans(&text);
                assert_lossless(&text, &spans);
            }
        }
    }
}
