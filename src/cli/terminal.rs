//! Text from files and memories made safe to print on a terminal.
//!
//! A stored unit, a provenance field or a name in a document may hold
//! control characters (ESC starts a terminal escape sequence, BEL rings,
//! NUL truncates in some terminals) or bidirectional overrides
//! (U+202A–U+202E, U+2066–U+2069) that reorder what follows on screen.
//! Printed raw, such text can rewrite the screen or disguise what the
//! user reads (terminal escape injection). Everything that comes from
//! data and is printed in the text output goes through [`printable`];
//! JSON output escapes control characters itself.

pub use dragoman::text::printable;

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn escape_and_bidi_controls_are_shown_not_obeyed() {
        assert_eq!(printable("Haniyeh\u{1b}[2J said"), "Haniyeh\\u{1b}[2J said");
        assert_eq!(printable("a\u{7}b\u{0}c"), "a\\u{7}b\\u{0}c");
        assert_eq!(printable("\u{202e}evil\u{2069}"), "\\u{202e}evil\\u{2069}");
        assert_eq!(printable("\u{85}x\u{9b}"), "\\u{85}x\\u{9b}");
    }

    #[test]
    fn ordinary_text_in_every_script_is_untouched() {
        for text in ["هنية يستقبل وفدا", "Ismail\tHaniyeh", "外交部发言人", "Хания", "\u{200f}RLM and ZWJ\u{200d} stay"]
        {
            assert!(matches!(printable(text), Cow::Borrowed(_)), "{text}");
        }
    }
}
