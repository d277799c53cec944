//! Hostile cases for `suggest` and `search`: stored data built to hide
//! the identical match behind the cap on comparisons (hundreds of
//! sources differing only in a number), and stored text holding terminal
//! escape sequences and bidirectional overrides, which must be shown
//! escaped, never printed raw.

use super::super::*;

// Regression (issue 10 item 2): with more than 400 stored sources
// differing from the query only in a number, the cap on comparisons
// (400, latest first) left the identical one, stored first, uncompared:
// suggest answered 99% instead of the stored 100%.
#[test]
fn an_identical_match_is_found_among_401_number_variants() {
    let dir = scratch();
    let pairs: Vec<(String, String)> = (1..=401)
        .map(|n| (format!("Five people were killed in Gaza on {n} March."), format!("Cinq personnes ont été tuées à Gaza le {n} mars.")))
        .collect();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(s, t)| (s.as_str(), t.as_str())).collect();
    let memory = crate::suggest::memory_with(dir.path(), "pairs", &borrowed);
    for n in [1, 2, 200, 401] {
        let query = format!("Five people were killed in Gaza on {n} March.");
        let out = stdout_of(dragoman(&memory).args(["suggest", "--format", "json", "--src-lang", "en"]).arg(&query));
        let result: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        let top = &result["matches"][0];
        assert_eq!(top["score"], 100, "{n}: {top}");
        assert_eq!(top["exact"], true, "{n}");
        assert_eq!(top["source"], query.as_str());
        assert_eq!(top["target"], format!("Cinq personnes ont été tuées à Gaza le {n} mars."));
        // the identical match comes once, not again from the fuzzy search
        let ids: Vec<i64> = result["matches"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }
}

/// A memory holding one unit whose texts and provenance carry a screen
/// clear (ESC [2J), a bell and a right-to-left override, stored through
/// the library (import refuses such characters at the door; an older or
/// foreign writer may not have).
fn memory_with_escapes(dir: &Path) -> PathBuf {
    use dragoman::lang::Lang;
    use dragoman::memory::{Memory, NewUnit};
    let path = dir.join("m.sqlite");
    let mut memory = Memory::open(&path, dragoman::fuzzy::index_keys()).unwrap();
    let mut writer = memory.writer().unwrap();
    let mut unit = NewUnit::new(
        Lang::parse("en").unwrap(),
        Lang::parse("fr").unwrap(),
        "The talks resumed\u{1b}[2J on Monday.",
        "Les pourparlers\u{7} ont repris \u{202e}lundi\u{1b}]0;owned\u{7}.",
        "evil\u{1b}[31m.tsv",
    );
    unit.locator = "1\u{202e}2".to_string();
    writer.add(&unit).unwrap();
    writer.commit().unwrap();
    path
}

fn assert_nothing_raw(out: &str) {
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!out.contains(bad), "raw {:?} printed:\n{out}", bad);
    }
}

// Regression (issue 10 item 6): suggest and search printed stored text
// raw, so a unit could clear the screen, retitle the terminal or reverse
// what follows.
#[test]
fn control_and_bidi_characters_from_the_memory_are_printed_escaped() {
    let dir = scratch();
    let memory = memory_with_escapes(dir.path());
    let suggest = stdout_of(dragoman(&memory).args(["suggest", "--src-lang", "en", "The talks resumed\u{1b}[2J on Monday."]));
    assert_nothing_raw(&suggest);
    assert!(suggest.contains("100%"), "{suggest}");
    assert!(suggest.contains("ont repris \\u{202e}lundi\\u{1b}]0;owned\\u{7}."), "{suggest}");
    assert!(suggest.contains("evil\\u{1b}[31m.tsv:1\\u{202e}2"), "{suggest}");
    // a near match goes through the marking of edits: escaped there too
    let near = stdout_of(dragoman(&memory).args(["suggest", "--src-lang", "en", "The talks resumed on Tuesday."]));
    assert_nothing_raw(&near);
    assert!(near.contains("resumed\\u{1b}["), "{near}");
    for side in ["source", "target", "both"] {
        let search = stdout_of(dragoman(&memory).args(["search", "--side", side, "talks"]));
        assert_nothing_raw(&search);
    }
    let search = stdout_of(dragoman(&memory).args(["search", "lundi"]));
    assert_nothing_raw(&search);
    assert!(search.contains("\\u{202e}[[lundi]]"), "{search}");
    // the query echo and the term echo are escaped as well
    let echo = stdout_of(dragoman(&memory).args(["suggest", "--src-lang", "en", "Nothing\u{1b}[2J like it here at all."]));
    assert_nothing_raw(&echo);
    let missing = stdout_of(dragoman(&memory).args(["search", "absent\u{202e}word"]));
    assert_nothing_raw(&missing);
}
