//! Interchange: TMX and CSV in and out, bad input, and the memory's
//! safety under failed, killed and concurrent imports. Input files are
//! in `tests/data/interchange/` (written for these tests) or generated.

use super::*;
use dragoman::memory::{Memory, Unit};
use std::io::Write as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/interchange").join(name)
}

fn units(memory: &Path) -> Vec<Unit> {
    Memory::open_existing(memory, dragoman::fuzzy::index_keys()).unwrap().units(None, None).unwrap()
}

/// Everything stored except the row id: what "the memory as before" means.
fn content(memory: &Path) -> Vec<String> {
    units(memory).into_iter().map(|u| format!("{:?}", Unit { id: 0, ..u })).collect()
}

fn import_json(memory: &Path, file: &Path, flags: &[&str]) -> serde_json::Value {
    let out = stdout_of(dragoman(memory).arg("import").arg(file).args(flags).args(["--format", "json"]));
    serde_json::from_str(out.trim()).unwrap()
}

fn counts(report: &serde_json::Value) -> [u64; 4] {
    ["added", "duplicates", "updated", "rejected"].map(|k| report[k].as_u64().unwrap())
}

/// Runs an import that must fail; checks the message and that the memory
/// (holding the sample pairs) is exactly as before.
fn assert_import_fails(file: &Path, flags: &[&str], message: &[&str]) {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let before = content(&memory);
    let assert = dragoman(&memory).arg("import").arg(file).args(flags).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in message {
        assert!(stderr.contains(part), "want {part:?} in {stderr}");
    }
    assert_eq!(content(&memory), before);
    assert!(Memory::open_existing(&memory, dragoman::fuzzy::index_keys()).unwrap().integrity_ok().unwrap());
}

#[test]
fn tmx_import_takes_header_language_region_fallback_markup_metadata_and_provenance() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("multi.tmx"), &[]);
    assert_eq!(counts(&report), [3, 0, 0, 2]);
    assert_eq!((report["src_lang"].as_str(), report["tgt_lang"].as_str()), (Some("ar"), Some("en-US")));
    assert_eq!(report["tmx_header"]["creationtool"], "OmegaT");
    assert_eq!(report["rejections"][0]["tu"], 4);
    assert_eq!(report["rejections"][0]["line"], 43);
    assert_eq!(report["rejections"][0]["reason"], "no tuv for ar");
    assert_eq!(report["rejections"][1]["reason"], "empty source segment");

    let stored = units(&memory);
    let first = &stored[0];
    assert_eq!((first.src_lang.as_str(), first.tgt_lang.as_str()), ("ar-SA", "en-US"));
    assert_eq!(first.created_at, "2024-03-01T09:15:00Z");
    assert_eq!(first.created_by.as_deref(), Some("rana"));
    assert_eq!((first.changed_by.as_deref(), first.changed_at.as_deref()), (Some("omar"), Some("2024-03-02T10:10:10Z")));
    let metadata: serde_json::Value = serde_json::from_str(first.metadata.as_deref().unwrap()).unwrap();
    assert_eq!(metadata["props"][0]["value"], "Maghreb Press Agency", "internal entity expanded");
    assert_eq!(metadata["notes"][0]["value"], "Checked against the published wire.");
    assert_eq!(metadata["attributes"]["usagecount"], "4");
    assert_eq!(metadata["source"]["props"][0]["value"], "MSA");

    let marked = &stored[1];
    assert_eq!(marked.target, "{1}Ismail Haniyeh{/1} said the talks were {2}fruitful{/2}.{3/}");
    assert!(marked.target_markup.as_deref().unwrap().starts_with(r#"<bpt i="1" type="bold">&lt;b&gt;</bpt>Ismail"#));
    assert_eq!(stored[2].source, "عبرت 200 شاحنة <مساعدات> معبر رفح & كرم أبو سالم.", "CDATA and entities");
    assert_eq!(stored[2].tgt_lang, "en-GB");
}

#[test]
fn tmx_with_more_languages_gives_the_pair_asked_for() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("multi.tmx"), &["--src-lang", "FR", "--tgt-lang", "de-DE"]);
    assert_eq!(counts(&report), [1, 0, 0, 4]);
    let report = import_json(&memory, &data("multi.tmx"), &["--tgt-lang", "fr"]);
    assert_eq!(counts(&report)[0], 1);
    let fr: Vec<Unit> = units(&memory).into_iter().filter(|u| u.tgt_lang == "fr-FR").collect();
    assert_eq!(fr[0].target, "La délégation égyptienne est arrivée à Doha jeudi soir.");
}

#[test]
fn suggest_shows_inline_codes_as_placeholders() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &data("multi.tmx"), &[]);
    let out =
        stdout_of(dragoman(&memory).args(["suggest", "--src-lang", "ar", "--format", "json", "قال إسماعيل هنية إن المحادثات كانت مثمرة."]));
    let result: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(result["matches"][0]["target"], "{1}Ismail Haniyeh{/1} said the talks were {2}fruitful{/2}.{3/}");
}

#[test]
fn inline_code_placeholders_match_as_tags_not_words() {
    // a stored source with a {1/} placeholder, looked up without it: only
    // a tag differs, so the match lands in 95-99, not among word edits
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &data("trados-utf8.tmx"), &[]);
    let out = stdout_of(dragoman(&memory).args(["suggest", "--src-lang", "fa", "--format", "json", "او افزود: «ایران آماده گفت‌وگو است.»"]));
    let result: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let score = result["matches"][0]["score"].as_u64().unwrap();
    assert!((95..=99).contains(&score), "{result}");
}

#[test]
fn utf16_tmx_as_trados_writes_it_reads_like_utf8() {
    let dir = scratch();
    let mut stored = Vec::new();
    for name in ["trados-utf8.tmx", "trados-utf16le.tmx", "trados-utf16be.tmx"] {
        let memory = dir.path().join(format!("{name}.sqlite"));
        assert_eq!(counts(&import_json(&memory, &data(name), &[])), [2, 0, 0, 0], "{name}");
        stored.push(units(&memory).into_iter().map(|u| (u.source, u.target, u.created_by, u.target_markup)).collect::<Vec<_>>());
    }
    assert_eq!(stored[0], stored[1]);
    assert_eq!(stored[0], stored[2]);
    assert_eq!(stored[0][0].2.as_deref(), Some(r"DESK\\sara"));
}

/// Whether `file` is valid against the TMX 1.4b DTD, by `program`
/// (xmllint); `None` when it is not installed. `cargo test` on a fresh
/// machine then skips the check with a visible note (see
/// [`skip_visibly`]), but CI (`CI` set, as `.ci/run` installs xmllint)
/// must never pass without it.
fn xmllint_with(program: &str, file: &Path) -> Option<bool> {
    let output =
        match std::process::Command::new(program).args(["--noout", "--nonet", "--dtdvalid"]).arg(data("tmx14.dtd")).arg(file).output() {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => return None,
            Err(e) => panic!("{program} is needed (Debian: apt-get install libxml2-utils): {e}"),
        };
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    Some(output.status.success())
}

#[test]
fn exported_tmx_is_valid_tmx_14b() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &data("multi.tmx"), &[]);
    import_json(&memory, &data("multi.tmx"), &["--tgt-lang", "fr"]);
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let exported = dir.path().join("out.tmx");
    dragoman(&memory).args(["export", "--format", "tmx", "--output"]).arg(&exported).assert().success();
    let Some(valid) = xmllint_with("xmllint", &exported) else {
        skip_visibly("the TMX 1.4b DTD check of exported TMX", "xmllint is not installed (Debian: apt-get install libxml2-utils)");
        return;
    };
    assert!(valid);
    // and a broken one is not, so the check can fail
    let broken = dir.path().join("broken.tmx");
    std::fs::write(&broken, std::fs::read_to_string(&exported).unwrap().replace(" srclang=\"*all*\"", "")).unwrap();
    assert_eq!(xmllint_with("xmllint", &broken), Some(false));
}

/// Regression: the DTD check panicked where xmllint is not installed,
/// so `cargo test` failed on a fresh machine (README says it passes).
#[test]
fn a_missing_xmllint_skips_the_dtd_check_except_in_ci() {
    let missing = "xmllint-not-installed-here";
    let file = data("trados-utf8.tmx");
    if std::env::var_os("CI").is_some() {
        assert!(std::panic::catch_unwind(|| xmllint_with(missing, &file)).is_err());
    } else {
        assert_eq!(xmllint_with(missing, &file), None);
    }
}

#[test]
fn tmx_import_export_import_is_lossless() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &data("multi.tmx"), &[]);
    import_json(&memory, &data("multi.tmx"), &["--tgt-lang", "fr"]);
    import_json(&memory, &data("trados-utf16le.tmx"), &[]);
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let exported = dir.path().join("out.tmx");
    dragoman(&memory).args(["export", "--format", "tmx", "--output"]).arg(&exported).assert().success();

    let other = dir.path().join("other.sqlite");
    // each tu says its source language, and its other tuv is the target
    let report = import_json(&other, &exported, &[]);
    assert_eq!(counts(&report)[0] as usize, units(&memory).len());
    let mut want = content(&memory);
    let mut got = content(&other);
    want.sort();
    got.sort();
    assert_eq!(got, want);
    // and importing the export into the memory it came from adds nothing
    let again = import_json(&memory, &exported, &[]);
    assert_eq!(counts(&again)[0], 0);
    assert_eq!(counts(&again)[2], 0);
}

/// Regression: white space around a segment (`<seg>  Titre : </seg>`) was
/// lost on import. The stored text stays trimmed, for matching and the
/// duplicate check; the markup keeps it, and export writes it back.
#[test]
fn white_space_around_a_tmx_segment_survives_import_and_export() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    assert_eq!(counts(&import_json(&memory, &data("seg-spaces.tmx"), &[])), [2, 0, 0, 0]);
    let stored = units(&memory);
    assert_eq!((stored[0].source.as_str(), stored[0].source_markup.as_deref()), ("Titre :", Some("  Titre : ")));
    assert_eq!((stored[0].target.as_str(), stored[0].target_markup.as_deref()), ("Headline:", Some("  Headline: ")));
    assert_eq!(stored[1].source_markup, None);
    let exported = dir.path().join("out.tmx");
    dragoman(&memory).args(["export", "--format", "tmx", "--output"]).arg(&exported).assert().success();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("<seg>  Titre : </seg>") && text.contains("<seg>  Headline: </seg>"), "{text}");
    let other = dir.path().join("other.sqlite");
    import_json(&other, &exported, &[]);
    assert_eq!(content(&other), content(&memory));
}

/// Regression: a TMX declaring ISO-8859-1 failed with "invalid UTF-8 at
/// byte N"; it and windows-1252 are decoded, another encoding is named.
#[test]
fn tmx_in_latin1_or_windows_1252_imports_and_another_encoding_is_named() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    assert_eq!(counts(&import_json(&memory, &data("latin1.tmx"), &[])), [2, 0, 0, 0]);
    assert_eq!(counts(&import_json(&memory, &data("windows-1252.tmx"), &[])), [1, 0, 0, 0]);
    let stored = units(&memory);
    assert_eq!(stored[0].source, "La délégation est arrivée à Doha.");
    assert_eq!(stored[1].target, "He said \u{201c}no\u{201d} on Thursday.");
    assert_eq!((stored[2].source.as_str(), stored[2].target.as_str()), ("Le coût : 5 €.", "The cost: €5 \u{2013} or so."));
    assert_import_fails(
        &data("shift-jis.tmx"),
        &[],
        &["shift-jis.tmx: line 1: encoding Shift_JIS is not supported (convert to UTF-8 or UTF-16)"],
    );
}

#[test]
fn a_newer_change_updates_a_stored_unit_and_an_older_one_does_not() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &data("multi.tmx"), &[]);
    let newer = dir.path().join("newer.tmx");
    let text = std::fs::read_to_string(data("multi.tmx")).unwrap();
    std::fs::write(&newer, text.replace("changedate=\"20240302T101010Z\"", "changedate=\"20240405T000000Z\"")).unwrap();
    assert_eq!(counts(&import_json(&memory, &newer, &[])), [0, 2, 1, 2]);
    assert_eq!(units(&memory)[0].changed_at.as_deref(), Some("2024-04-05T00:00:00Z"));
    assert_eq!(counts(&import_json(&memory, &data("multi.tmx"), &[])), [0, 3, 0, 2]);
    assert_eq!(units(&memory)[0].changed_at.as_deref(), Some("2024-04-05T00:00:00Z"));
}

#[test]
fn csv_separator_bom_language_headers_and_multiline_fields() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("semicolon-bom.csv"), &[]);
    assert_eq!(counts(&report), [3, 0, 0, 0]);
    assert_eq!((report["src_lang"].as_str(), report["tgt_lang"].as_str()), (Some("ar"), Some("en")));
    let stored = units(&memory);
    assert_eq!(stored[0].target, "The delegation arrived in Doha; talks began.");
    assert_eq!(stored[1].source, "عاجل\nالدوحة (وكالات)");

    let report = import_json(&memory, &data("lang-columns.tsv"), &["--src-lang", "ar"]);
    assert_eq!(counts(&report), [2, 0, 0, 0]);
    assert_eq!(report["tgt_lang"], "en-US");
    assert_eq!(units(&memory)[3].source, "أعيد فتح المعبر يوم السبت.");

    let by_number = dir.path().join("n.sqlite");
    let report =
        import_json(&by_number, &data("lang-columns.tsv"), &["--source-column", "3", "--target-column", "EN-US", "--src-lang", "ar"]);
    assert_eq!(counts(&report), [2, 0, 0, 0]);
    assert_eq!(units(&by_number)[0].target, "The crossing reopened on Saturday.");
}

#[test]
fn excel_unicode_text_utf16_tab_separated_imports() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("excel-unicode.txt"), &["--src-lang", "ar", "--tgt-lang", "en"]);
    assert_eq!(counts(&report), [2, 0, 0, 0]);
    assert_eq!(units(&memory)[1].source, "سطر أول\r\nسطر ثان");
}

#[test]
fn excel_friendly_csv_export_has_a_bom_and_reimports() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let exported = dir.path().join("excel.csv");
    dragoman(&memory).args(["export", "--bom", "--output"]).arg(&exported).assert().success();
    let bytes = std::fs::read(&exported).unwrap();
    assert!(bytes.starts_with("\u{feff}source,target,".as_bytes()));
    assert!(String::from_utf8(bytes).unwrap().split('\n').next().unwrap().ends_with('\r'));
    let other = dir.path().join("other.sqlite");
    let report = import_json(&other, &exported, &["--src-lang", "ar", "--tgt-lang", "en"]);
    assert_eq!(counts(&report)[0] as usize, units(&memory).len());
    assert_eq!(content(&other).len(), content(&memory).len());
}

/// Regression: an exported CSV did not import into a fresh memory ("cannot
/// tell the language of the column") and, given the languages, lost its
/// src_lang, tgt_lang, origin, created_by and created_at columns.
#[test]
fn csv_and_tsv_export_reimport_into_a_fresh_memory_and_export_the_same() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &data("multi.tmx"), &[]);
    import_json(&memory, &data("multi.tmx"), &["--tgt-lang", "fr"]);
    import_json(&memory, &data("trados-utf8.tmx"), &[]);
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    for (format, bom) in [("csv", true), ("csv", false), ("tsv", false)] {
        let exported = dir.path().join(format!("e{bom}.{format}"));
        let mut export = dragoman(&memory);
        export.args(["export", "--format", format, "--output"]).arg(&exported);
        if bom {
            export.arg("--bom");
        }
        export.assert().success();
        let fresh = dir.path().join(format!("fresh-{format}-{bom}.sqlite"));
        let report = import_json(&fresh, &exported, &[]);
        assert_eq!(counts(&report), [units(&memory).len() as u64, 0, 0, 0], "{format}");
        let again = dir.path().join(format!("again{bom}.{format}"));
        let mut export = dragoman(&fresh);
        export.args(["export", "--format", format, "--output"]).arg(&again);
        if bom {
            export.arg("--bom");
        }
        export.assert().success();
        assert_eq!(std::fs::read_to_string(&again).unwrap(), std::fs::read_to_string(&exported).unwrap(), "{format}");
        let stored = units(&fresh);
        assert_eq!((stored[0].src_lang.as_str(), stored[0].tgt_lang.as_str()), ("ar-SA", "en-US"));
        assert_eq!(stored[0].created_by.as_deref(), Some("rana"));
        assert_eq!(stored[0].created_at, "2024-03-01T09:15:00Z");
        assert_eq!(stored[0].document, units(&memory)[0].document);
    }
    // a flag picks the rows of its language, the others are listed
    let exported = dir.path().join("efalse.csv");
    let fresh = dir.path().join("fr.sqlite");
    let report = import_json(&fresh, &exported, &["--tgt-lang", "fr"]);
    let fr = units(&memory).iter().filter(|u| u.tgt_lang.starts_with("fr")).count() as u64;
    assert_eq!(counts(&report)[0], fr);
    assert!(report["rejections"][0]["reason"].as_str().unwrap().contains("not the fr asked for"), "{report}");
}

#[test]
fn a_headerless_tsv_imports_with_no_header() {
    let dir = scratch();
    let file = dir.path().join("plain.tsv");
    std::fs::write(&file, "Check\tCocher\nUncheck\tDécocher\n").unwrap();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &file, &["--no-header", "--src-lang", "en", "--tgt-lang", "fr"]);
    assert_eq!(counts(&report), [2, 0, 0, 0]);
}

/// Regression: the report said "1 pairs added".
#[test]
fn one_pair_added_is_reported_in_the_singular() {
    let dir = scratch();
    let file = dir.path().join("one.tsv");
    std::fs::write(&file, "en\tfr\nCheck\tCocher\n").unwrap();
    let memory = dir.path().join("m.sqlite");
    let text = stdout_of(dragoman(&memory).arg("import").arg(&file));
    assert!(text.contains(": 1 pair added, 0 skipped as duplicates"), "{text}");
    let text = stdout_of(dragoman(&memory).arg("import").arg(&file));
    assert!(text.contains(": 0 pairs added, 1 skipped as duplicates"), "{text}");
}

#[test]
fn truncated_tmx_is_an_error_naming_the_line_and_stores_nothing() {
    assert_import_fails(&data("truncated.tmx"), &[], &["truncated.tmx: line 40: unexpected end of file inside <seg>"]);
}

#[test]
fn unclosed_tag_is_an_error_naming_the_line() {
    assert_import_fails(&data("unclosed.tmx"), &[], &["unclosed.tmx: line 46:", "expected `</seg>`"]);
}

#[test]
fn invalid_utf8_is_an_error_with_the_byte_offset() {
    for name in ["invalid-utf8.tmx", "invalid-utf8.csv"] {
        let bytes = std::fs::read(data(name)).unwrap();
        let offset = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
        assert_import_fails(&data(name), &["--src-lang", "ar", "--tgt-lang", "en"], &[&format!("{name}: invalid UTF-8 at byte {offset}")]);
    }
}

#[test]
fn billion_laughs_stops_at_the_expansion_budget() {
    assert_import_fails(&data("billion-laughs.tmx"), &[], &["billion-laughs.tmx: line 18:", "entity bomb"]);
}

#[test]
fn external_entities_are_not_fetched() {
    assert_import_fails(&data("external-entity.tmx"), &[], &["external-entity.tmx: line 6: external entity &secret; is not fetched"]);
}

#[test]
fn a_csv_record_with_the_wrong_field_count_fails_or_is_skipped_and_listed() {
    let flags = ["--src-lang", "ar", "--tgt-lang", "en"];
    assert_import_fails(&data("wrong-fields.csv"), &flags, &["wrong-fields.csv: record 3 (line 3): has 3 fields, expected 2"]);
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("wrong-fields.csv"), &[&flags[..], &["--skip-bad"]].concat());
    assert_eq!(counts(&report), [3, 0, 0, 2]);
    assert_eq!(report["rejections"][0]["record"], 3);
    assert_eq!(report["rejections"][1]["record"], 5);
    let text = stdout_of(dragoman(&memory).arg("import").arg(data("wrong-fields.csv")).args(flags).arg("--skip-bad"));
    assert!(text.contains("wrong-fields.csv: record 5 (line 5): has 1 fields, expected 2"), "{text}");
}

/// Regression: `"Yes" he said,"Oui" a-t-il dit` was stored without its
/// quotes (`Yes he said`), silently.
#[test]
fn a_stray_quote_in_csv_is_an_error_not_quotes_lost() {
    let flags = ["--src-lang", "ar", "--tgt-lang", "en"];
    assert_import_fails(&data("stray-quote.csv"), &flags, &["stray-quote.csv: record 3 (line 3): text after the closing quote of field 1"]);
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("stray-quote.csv"), &[&flags[..], &["--skip-bad"]].concat());
    assert_eq!(counts(&report), [3, 0, 0, 1]);
    assert_eq!((report["rejections"][0]["record"].as_u64(), report["rejections"][0]["line"].as_u64()), (Some(3), Some(3)));
    assert_eq!(units(&memory)[1].source, "متعدد\nالأسطر");
}

/// Regression: in TSV, `"Yes" he said` lost its quotes too; a field not
/// wholly quoted is now taken as written.
#[test]
fn tsv_quotes_are_text_unless_the_whole_field_is_quoted() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("stray-quote.tsv"), &["--src-lang", "ar", "--tgt-lang", "en"]);
    assert_eq!(counts(&report), [4, 0, 0, 0]);
    let stored = units(&memory);
    assert_eq!((stored[1].source.as_str(), stored[1].target.as_str()), ("\"نعم\" قال", "\"Yes\" he said"));
    assert_eq!((stored[2].source.as_str(), stored[2].target.as_str()), ("مقتبس\tبعلامة", "quoted \"tab\""));
}

/// Regression: an unterminated quote was reported as a wrong field count,
/// and with --skip-bad swallowed every later row into one rejected record.
#[test]
fn an_unterminated_quote_fails_or_is_skipped_and_the_rows_after_it_import() {
    let flags = ["--src-lang", "ar", "--tgt-lang", "en"];
    assert_import_fails(
        &data("unterminated-quote.csv"),
        &flags,
        &["unterminated-quote.csv: record 3 (line 3): unterminated quote opened at line 3 (the quote on line 5 is followed by text)"],
    );
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("unterminated-quote.csv"), &[&flags[..], &["--skip-bad"]].concat());
    assert_eq!(counts(&report), [4, 0, 0, 1]);
    assert_eq!((report["rejections"][0]["record"].as_u64(), report["rejections"][0]["line"].as_u64()), (Some(3), Some(3)));
    let stored: Vec<(String, String)> = units(&memory).into_iter().map(|u| (u.target, u.locator)).collect();
    let want = [("The delegation arrived", "2"), ("Thanks", "4"), ("Multi-line", "5"), ("Good morning", "6")];
    assert_eq!(stored, want.map(|(t, l)| (t.to_string(), l.to_string())));
}

#[test]
fn control_characters_are_rejected_so_that_every_unit_exports_as_tmx() {
    let dir = scratch();
    let file = dir.path().join("bell.csv");
    std::fs::write(&file, "source,target\nمرحبا,Hello\nجرس\u{7},Bell\n").unwrap();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &file, &["--src-lang", "ar", "--tgt-lang", "en"]);
    assert_eq!(counts(&report), [1, 0, 0, 1]);
    assert_eq!(report["rejections"][0]["reason"], "control character U+0007 in the source");
    let tmx = dir.path().join("bell.tmx");
    std::fs::write(&tmx, std::fs::read_to_string(data("trados-utf8.tmx")).unwrap().replace("90 minutes", "90 minutes&#7;")).unwrap();
    let report = import_json(&memory, &tmx, &[]);
    assert_eq!(counts(&report), [1, 0, 0, 1]);
    assert_eq!(report["rejections"][0]["reason"], "control character U+0007 in the target segment");
}

#[test]
fn empty_segments_are_rejected_and_counted_not_fatal() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("empty-segments.csv"), &["--src-lang", "ar", "--tgt-lang", "en"]);
    assert_eq!(counts(&report), [2, 0, 0, 2]);
    assert_eq!(report["rejections"][0]["reason"], "empty source");
    assert_eq!(report["rejections"][1]["reason"], "empty target");
}

#[test]
fn a_10_mb_single_line_tmx_imports_and_a_10_mb_csv_field_is_rejected() {
    let dir = scratch();
    let tmx = dir.path().join("one-line.tmx");
    let mut line = String::from(r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>"#);
    let mut n = 0;
    while line.len() < 10 << 20 {
        n += 1;
        line.push_str(&format!(r#"<tu><tuv xml:lang="en"><seg>Statement number {n} was read out.</seg></tuv><tuv xml:lang="fr"><seg>La déclaration numéro {n} a été lue.</seg></tuv></tu>"#));
    }
    line.push_str("</body></tmx>");
    std::fs::write(&tmx, &line).unwrap();
    let memory = dir.path().join("m.sqlite");
    assert_eq!(counts(&import_json(&memory, &tmx, &[])), [n, 0, 0, 0]);

    let csv = dir.path().join("long.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    write!(file, "source,target\nshort,court\n{},long\nend,fin\n", "word ".repeat(2 << 20)).unwrap();
    file.flush().unwrap();
    drop(file);
    let report = import_json(&memory, &csv, &["--src-lang", "en", "--tgt-lang", "fr"]);
    assert_eq!(counts(&report), [2, 0, 0, 1]);
    assert_eq!(report["rejections"][0]["record"], 3);
    assert!(report["rejections"][0]["reason"].as_str().unwrap().starts_with("source too long"));
}

/// A TSV of `n` generated pairs, each unique to `tag`.
fn generated_tsv(dir: &Path, tag: &str, n: usize) -> PathBuf {
    let path = dir.join(format!("{tag}.tsv"));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "en\tfr").unwrap();
    for k in 0..n {
        writeln!(
            file,
            "The {tag} agency filed report number {k} from the capital.\tL'agence {tag} a envoyé la dépêche numéro {k} depuis la capitale."
        )
        .unwrap();
    }
    file.flush().unwrap();
    path
}

fn unit_count(memory: &Path) -> i64 {
    let conn = rusqlite::Connection::open(memory).unwrap();
    conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).unwrap()
}

/// How many pairs the killed import is given.
const PAIRS_TO_KILL: usize = 20_000;

/// How many bytes a process has read so far (Linux).
fn bytes_read(pid: u32) -> u64 {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap_or_default();
    io.lines().find_map(|l| l.strip_prefix("rchar: ")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// A named pipe at `path`, so that a test decides when the importer's
/// input runs dry (and so when it is half-way), whatever the machine's speed.
#[cfg(target_os = "linux")]
fn named_pipe(path: &Path) {
    use std::os::unix::ffi::OsStrExt as _;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
}

#[cfg(target_os = "linux")]
#[test]
fn an_import_killed_half_way_leaves_the_memory_as_before_and_suggest_works_meanwhile() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let before = content(&memory);
    let big = std::fs::read(generated_tsv(dir.path(), "kill", PAIRS_TO_KILL)).unwrap();
    let pipe = dir.path().join("kill-pipe.tsv");
    named_pipe(&pipe);

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dragoman"))
        .env("DRAGOMAN_MEMORY", &memory)
        .arg("import")
        .arg(&pipe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // feed half the input and keep the pipe open: the importer stores
    // (uncommitted) what it has read, then waits for the rest
    let mut feed = std::fs::OpenOptions::new().write(true).open(&pipe).unwrap();
    let half = big.len() / 2;
    feed.write_all(&big[..half]).unwrap();
    feed.flush().unwrap();
    let start = Instant::now();
    while bytes_read(child.id()) < half as u64 {
        assert!(child.try_wait().unwrap().is_none(), "the import ended with its input half-written");
        assert!(start.elapsed() < Duration::from_secs(120), "the import read nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    // a reader is not blocked by the running import
    let (source, target) = {
        let mut reader = csv::Reader::from_path(sample("pairs.csv")).unwrap();
        let record = reader.records().map(Result::unwrap).find(|r| !r[0].contains('\n')).unwrap();
        (record[0].to_string(), record[1].to_string())
    };
    let out = stdout_of(dragoman(&memory).args(["suggest", "--format", "json"]).arg(&source));
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["matches"][0]["target"], target.as_str());
    assert!(child.try_wait().unwrap().is_none(), "the import ended with its input half-written");

    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    drop(feed);
    assert_eq!(content(&memory), before);
    assert!(Memory::open_existing(&memory, dragoman::fuzzy::index_keys()).unwrap().integrity_ok().unwrap());

    let whole = dir.path().join("kill.tsv");
    let report = import_json(&memory, &whole, &[]);
    assert_eq!(counts(&report), [PAIRS_TO_KILL as u64, 0, 0, 0]);
    assert_eq!(unit_count(&memory), (before.len() + PAIRS_TO_KILL) as i64);
}

#[test]
fn two_imports_at_once_both_store_every_pair() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let files = [generated_tsv(dir.path(), "first", 30_000), generated_tsv(dir.path(), "second", 30_000)];
    let children: Vec<_> = files
        .iter()
        .map(|file| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("dragoman"))
                .env("DRAGOMAN_MEMORY", &memory)
                .arg("import")
                .arg(file)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stdout).contains("30000 pairs added"));
    }
    assert_eq!(unit_count(&memory), 60_000);
}

/// Regression: `export -o -` wrote a file named `-` instead of standard
/// output.
#[test]
fn export_output_dash_is_standard_output_not_a_file_named_dash() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    for format in ["csv", "tsv", "tmx"] {
        let plain = stdout_of(dragoman(&memory).args(["export", "--format", format]));
        let dash = stdout_of(dragoman(&memory).current_dir(dir.path()).args(["export", "--format", format, "-o", "-"]));
        assert_eq!(dash, plain, "{format}");
        assert!(!dir.path().join("-").exists(), "{format}");
    }
}

/// Regression: `export -o FILE` truncated the old file first and its
/// error did not name the file; a special file is written directly (a
/// rename would replace the device) and its error is one line naming it.
#[test]
fn export_to_a_full_device_is_a_one_line_error_naming_it() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    for format in ["csv", "tmx"] {
        let stderr = dragoman(&memory).args(["export", "--format", format, "-o", "/dev/full"]).assert().code(1).get_output().stderr.clone();
        assert_eq!(String::from_utf8(stderr).unwrap(), "dragoman: /dev/full: cannot write: No space left on device (os error 28)\n");
        // standard output on a full device is named too
        let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("dragoman"));
        let output = cmd.env("DRAGOMAN_MEMORY", &memory).args(["export", "--format", format]).stdout(full).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            "dragoman: standard output: cannot write: No space left on device (os error 28)\n"
        );
    }
}

/// Regression: an export replaced its file in place; now the new file
/// takes the old one's place whole, through a link to it, with its
/// permissions, and nothing else is left in the folder.
#[test]
fn export_replaces_the_old_file_whole_through_a_link_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "old export\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    dragoman(&memory).args(["export", "-o"]).arg(&link).assert().success();
    assert_eq!(std::fs::read_to_string(&real).unwrap(), stdout_of(dragoman(&memory).arg("export")));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names.retain(|n| !n.starts_with("m.sqlite"));
    assert_eq!(names, ["latest.csv", "real.csv"]);
}

/// Regression: `import --wait` beyond SQLite's busy timeout (a C int of
/// milliseconds, about 24 days) panicked in rusqlite ("too big", exit
/// 101); such a wait is now that long, and the import runs.
#[test]
fn an_import_wait_longer_than_sqlite_can_time_is_not_a_panic() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    for wait in ["2147484", "18446744073709551615"] {
        let out = stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args([
            "--src-lang",
            "ar",
            "--tgt-lang",
            "en",
            "--wait",
            wait,
        ]));
        assert!(out.contains("pairs added"), "{wait}: {out}");
    }
}

/// Regression: a TSV line whose first field starts with a quote that is
/// text (a software catalogue's `" = align right`) failed the whole
/// import, header and all: the quote was taken to open a field that ran
/// on past the tab, and the separator was then guessed as a comma.
#[test]
fn a_tsv_field_starting_with_a_quote_that_is_text_imports_with_its_header() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &data("catalogue.tsv"), &["--src-lang", "en", "--tgt-lang", "fr"]);
    assert_eq!(counts(&report), [3, 0, 0, 0]);
    let stored: Vec<(String, String)> = units(&memory).into_iter().map(|u| (u.source, u.target)).collect();
    let want = [("\" = align right", "\" = aligné à droite"), ("Open", "Ouvrir"), ("Save \"as\"", "Enregistrer \"sous\"")];
    assert_eq!(stored, want.map(|(s, t)| (s.to_string(), t.to_string())));
}

/// Regression: `import -` failed with "cannot open". Standard input is
/// read, TMX told from CSV by its content.
#[test]
fn import_dash_reads_standard_input_and_tells_tmx_from_csv_by_content() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let csv = "source,target\nصباح الخير,Good morning\n";
    let out = stdout_of(dragoman(&memory).args(["import", "-", "--src-lang", "ar", "--tgt-lang", "en"]).write_stdin(csv));
    assert!(out.starts_with("standard input: 1 pair added"), "{out}");
    let tmx = std::fs::read(data("trados-utf8.tmx")).unwrap();
    let out = stdout_of(dragoman(&memory).args(["import", "-", "--format", "json"]).write_stdin(tmx));
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["format"], "tmx");
    assert!(report["added"].as_u64().unwrap() >= 1, "{report}");
}

/// Regression: files that are not CSV were read as CSV ("no source
/// column in the header (<?xml …"); a UTF-16 CSV without a BOM gave
/// "invalid UTF-8 at byte 1".
#[test]
fn files_that_are_not_csv_say_what_they_are_and_utf16_without_a_bom_imports() {
    let dir = scratch();
    let tbx = dir.path().join("terms.tbx");
    std::fs::write(&tbx, "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"en\"><text/></martif>\n").unwrap();
    assert_import_fails(&tbx, &[], &["terms.tbx: a TBX termbase, not a translation memory"]);
    let strings = dir.path().join("strings.xml");
    std::fs::write(&strings, "<?xml version=\"1.0\"?>\n<resources><string name=\"ok\">OK</string></resources>\n").unwrap();
    assert_import_fails(&strings, &[], &["strings.xml: XML with root element <resources>, not TMX"]);
    let utf16 = dir.path().join("sheet.csv");
    let bytes: Vec<u8> = "source,target\r\nصباح الخير,Good morning\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&utf16, bytes).unwrap();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &utf16, &["--src-lang", "ar", "--tgt-lang", "en"]);
    assert_eq!(counts(&report), [1, 0, 0, 0]);
    assert_eq!(units(&memory)[0].source, "صباح الخير");
}

/// A unit of four languages, and one whose own `srclang` reverses the header's.
fn multilingual_tmx(dir: &Path) -> PathBuf {
    let file = dir.join("four.tmx");
    let tu = |n: usize| {
        format!(
            "<tu><tuv xml:lang=\"en\"><seg>Day {n}</seg></tuv><tuv xml:lang=\"ar\"><seg>اليوم {n}</seg></tuv>\
             <tuv xml:lang=\"de\"><seg>Tag {n}</seg></tuv><tuv xml:lang=\"fr\"><seg>Jour {n}</seg></tuv></tu>\n"
        )
    };
    let body: String = (1..=3).map(tu).collect::<String>()
        + "<tu><tuv xml:lang=\"en\"><seg>Night</seg></tuv><tuv xml:lang=\"ar\"><seg>ليل</seg></tuv><tuv xml:lang=\"de\"><seg>Nacht</seg></tuv></tu>\n";
    std::fs::write(&file, format!("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/>\n<body>\n{body}</body></tmx>\n"))
        .unwrap();
    file
}

/// Regression: importing units of four languages for one pair dropped the
/// others without a word; the report now counts them per language.
#[test]
fn a_multilingual_tmx_reports_the_languages_it_did_not_import() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let file = multilingual_tmx(dir.path());
    let report = import_json(&memory, &file, &["--tgt-lang", "ar"]);
    assert_eq!(counts(&report), [4, 0, 0, 0]);
    assert_eq!(report["other_languages"], serde_json::json!({"de": 4, "fr": 3}));
    let out = stdout_of(dragoman(&memory).arg("import").arg(&file).args(["--tgt-lang", "ar"]));
    assert!(out.contains("other languages not imported: de in 4 units, fr in 3 units"), "{out}");
    assert!(out.contains("--tgt-lang de"), "{out}");
}

/// Regression: the summary gave the header's pair ("en → ar") when the
/// units, by their own `srclang`, stored ar → en.
#[test]
fn the_import_summary_states_the_pairs_stored_not_the_header_pair() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let file = dir.path().join("po.tmx");
    let tu = |s: &str, src: &str, tgt: &str| {
        format!("<tu srclang=\"{s}\"><tuv xml:lang=\"ar\"><seg>{src}</seg></tuv><tuv xml:lang=\"en\"><seg>{tgt}</seg></tuv></tu>\n")
    };
    let body = tu("ar", "نعم", "Yes") + &tu("ar", "لا", "No") + &tu("en", "شكرا", "Thanks");
    std::fs::write(&file, format!("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/>\n<body>\n{body}</body></tmx>\n"))
        .unwrap();
    let report = import_json(&memory, &file, &[]);
    let pairs: Vec<(String, String, u64)> = report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["src_lang"].as_str().unwrap().into(), p["tgt_lang"].as_str().unwrap().into(), p["units"].as_u64().unwrap()))
        .collect();
    assert_eq!(pairs, [("ar".into(), "en".into(), 2), ("en".into(), "ar".into(), 1)]);
    let again = dir.path().join("m2.sqlite");
    let out = stdout_of(dragoman(&again).arg("import").arg(&file));
    assert!(out.contains("(ar → en 2, en → ar 1, memory"), "{out}");
    let ar_only = dir.path().join("ar.tmx");
    std::fs::write(&ar_only, std::fs::read_to_string(&file).unwrap().replace("<tu srclang=\"en\">", "<tu srclang=\"ar\">")).unwrap();
    let out = stdout_of(dragoman(&dir.path().join("m3.sqlite")).arg("import").arg(&ar_only));
    assert!(out.contains("(ar → en, memory"), "{out}");
}

/// A date that is not ISO 8601 is dropped with a line; the unit is stored.
#[test]
fn a_created_at_that_is_not_a_date_is_dropped_and_the_unit_stored() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let file = dir.path().join("dates.csv");
    std::fs::write(&file, "source,target,src_lang,tgt_lang,created_at\nنعم,Yes,ar,en,yesterday\nلا,No,ar,en,2024-01-31\n").unwrap();
    let report = import_json(&memory, &file, &[]);
    assert_eq!(counts(&report), [2, 0, 0, 0]);
    assert_eq!(report["dropped"][0]["record"], 2);
    assert!(report["dropped"][0]["reason"].as_str().unwrap().contains("\"yesterday\" is not ISO 8601"), "{report}");
    let stored = units(&memory);
    assert_ne!(stored[0].created_at, "yesterday");
    assert_eq!(stored[1].created_at, "2024-01-31");
}

// Issue 11 part 1: the library's error names no flag; the command adds that advice.
#[test]
fn a_column_missing_from_the_header_is_named_and_the_import_command_names_its_flags() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let out = dragoman(&memory)
        .arg("import")
        .arg(data("lang-columns.tsv"))
        .args(["--source-column", "nowhere", "--src-lang", "ar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no column named 'nowhere' in the header"), "{stderr}");
    assert!(stderr.contains("--source-column/--target-column"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let reader = dragoman::formats::delimited::CsvReader::new(
        std::fs::File::open(data("lang-columns.tsv")).unwrap(),
        "lang-columns.tsv",
        &dragoman::formats::delimited::CsvOptions { source_column: Some("nowhere".into()), ..Default::default() },
    );
    let message = reader.err().expect("a missing column is an error").to_string();
    assert!(message.contains("no column named 'nowhere'") && !message.contains("--"), "{message}");
}
