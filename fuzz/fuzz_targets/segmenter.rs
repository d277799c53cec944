//! Any text, any of the source languages: the spans must be in order,
//! not overlapping, on character boundaries, non-empty and trimmed.
#![no_main]

use dragoman::lang::Lang;
use dragoman::segment::Segmenter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let langs = ["en", "ar", "fa", "ur", "zh", "ru", "he", "tr", "fr", "de"];
    let segmenter = Segmenter::new(&Lang::parse(langs[which as usize % langs.len()]).unwrap());
    let mut end_of_last = 0;
    for (start, end) in segmenter.spans(text) {
        assert!(end_of_last <= start && start < end && end <= text.len(), "{start}..{end} after {end_of_last}");
        let sentence = &text[start..end];
        assert_eq!(sentence, sentence.trim());
        end_of_last = end;
    }
});
