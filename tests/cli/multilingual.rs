//! Multilingual TMX keeps its shape (issue 12 part 4): a unit of four
//! languages imported for every pair (`--tgt-lang all`), reported per
//! pair; `export --multilingual` writing one `tu` per source with all its
//! languages; the TMX header kept through import and export.

use super::*;
use dragoman::formats::tmx::TmxReader;
use dragoman::memory::Memory;

/// Three units in Arabic, English, French and German, one in Arabic and
/// English only, and one without Arabic.
fn four_languages(dir: &Path) -> PathBuf {
    let tu = |id: &str, tuvs: &[(&str, &str)]| {
        let tuvs: String = tuvs.iter().map(|(lang, seg)| format!("<tuv xml:lang=\"{lang}\"><seg>{seg}</seg></tuv>")).collect();
        format!("<tu tuid=\"{id}\">{tuvs}</tu>\n")
    };
    let body = [
        tu(
            "1",
            &[
                ("ar", "وصل الوفد."),
                ("en", "The delegation arrived."),
                ("fr", "La délégation est arrivée."),
                ("de", "Die Delegation ist eingetroffen."),
            ],
        ),
        tu(
            "2",
            &[
                ("ar", "بدأت المحادثات."),
                ("en", "Talks began."),
                ("fr", "Les pourparlers ont commencé."),
                ("de", "Die Gespräche begannen."),
            ],
        ),
        tu(
            "3",
            &[("ar", "انتهى الاجتماع."), ("en", "The meeting ended."), ("fr", "La réunion s'est terminée."), ("de", "Das Treffen endete.")],
        ),
        tu("4", &[("ar", "شكرا."), ("en", "Thank you.")]),
        tu("5", &[("fr", "Merci."), ("de", "Danke.")]),
    ]
    .concat();
    let path = dir.join("four.tmx");
    std::fs::write(
        &path,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"Wordfast\" creationtoolversion=\"8\" segtype=\"sentence\" o-tmf=\"WF TMX\" adminlang=\"en\" srclang=\"ar\" datatype=\"plaintext\">\n<note>Desk memory, four languages</note>\n<prop type=\"x-desk\">Middle East</prop>\n</header>\n<body>\n{body}</body>\n</tmx>\n"
        ),
    )
    .unwrap();
    path
}

fn import_json(memory: &Path, file: &Path, flags: &[&str]) -> serde_json::Value {
    let out = stdout_of(dragoman(memory).arg("import").arg(file).args(flags).args(["--format", "json"]));
    serde_json::from_str(out.trim()).unwrap()
}

/// The stored pairs with their languages, sorted.
fn stored(memory: &Path) -> Vec<(String, String, String, String)> {
    let units = Memory::open_existing(memory, dragoman::fuzzy::index_keys()).unwrap().units(None, None).unwrap();
    let mut pairs: Vec<_> = units.into_iter().map(|u| (u.src_lang, u.tgt_lang, u.source, u.target)).collect();
    pairs.sort();
    pairs
}

#[test]
fn a_four_language_tmx_is_imported_for_every_pair_with_tgt_lang_all_and_reported_per_pair() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let tmx = four_languages(dir.path());
    let report = import_json(&memory, &tmx, &["--tgt-lang", "all"]);
    let pairs: Vec<(String, u64)> = report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (format!("{} → {}", p["src_lang"].as_str().unwrap(), p["tgt_lang"].as_str().unwrap()), p["units"].as_u64().unwrap()))
        .collect();
    assert_eq!(pairs, [("ar → de".to_string(), 3), ("ar → en".to_string(), 4), ("ar → fr".to_string(), 3)], "{report}");
    // the unit without Arabic is not dropped silently
    assert_eq!(report["rejected"], 1, "{report}");
    assert_eq!(report["rejections"][0]["tu"], 5);
    assert_eq!(report["rejections"][0]["reason"], "no tuv for ar");
    assert_eq!(stored(&memory).len(), 10);
    let text = stdout_of(dragoman(&dir.path().join("text.sqlite")).arg("import").arg(&tmx).args(["--tgt-lang", "all"]));
    assert!(text.contains("(ar → de 3, ar → en 4, ar → fr 3,"), "{text}");
    assert!(text.contains("tu 5 (line "), "{text}");
    // a German source takes the German units' pairs
    let german = import_json(&dir.path().join("de.sqlite"), &tmx, &["--src-lang", "de", "--tgt-lang", "all"]);
    assert_eq!(german["added"], 10, "{german}");
    assert_eq!(german["rejected"], 1, "{german}");
    // `all` is for TMX
    let csv = dir.path().join("pairs.csv");
    std::fs::write(&csv, "source,target\nشكرا,Thank you\n").unwrap();
    let assert = dragoman(&memory).arg("import").arg(&csv).args(["--tgt-lang", "all"]).assert().code(1);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("--tgt-lang all"));
}

#[test]
fn export_multilingual_writes_one_tu_per_source_with_all_its_languages_and_it_imports_back_the_same() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &four_languages(dir.path()), &["--tgt-lang", "all"]);
    // a second English translation of one source supersedes the first
    // (issue 11); with `--all` both are written, the older in a tu of its own
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "source,target\nوصل الوفد.,The delegation has arrived.\n").unwrap();
    import_json(&memory, &other, &["--src-lang", "ar", "--tgt-lang", "en"]);
    let exported = dir.path().join("out.tmx");
    stdout_of(dragoman(&memory).args(["export", "--multilingual", "--all", "--output"]).arg(&exported));
    let tus: Vec<_> = TmxReader::new(std::fs::File::open(&exported).unwrap(), "out.tmx").unwrap().collect::<Result<_, _>>().unwrap();
    let shapes: Vec<usize> = tus.iter().map(|tu| tu.tuvs.len()).collect();
    assert_eq!(shapes, [4, 4, 4, 2, 2], "{shapes:?}");
    let again = dir.path().join("again.sqlite");
    import_json(&again, &exported, &["--tgt-lang", "all"]);
    assert_eq!(stored(&again), stored(&memory));
    // the DTD still holds
    let check = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/interchange/tmx14.dtd"))
        .arg(&exported)
        .output();
    match check {
        Ok(output) => assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr)),
        Err(_) if std::env::var_os("CI").is_none() => skip_visibly("the DTD check of a multilingual export", "xmllint is not installed"),
        Err(e) => panic!("xmllint is needed: {e}"),
    }
    // --multilingual is for TMX
    dragoman(&memory).args(["export", "--multilingual", "--format", "csv"]).assert().code(1);
}

#[test]
fn the_tmx_header_survives_an_import_and_an_export() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let tmx = four_languages(dir.path());
    import_json(&memory, &tmx, &["--tgt-lang", "all"]);
    let exported = dir.path().join("out.tmx");
    stdout_of(dragoman(&memory).args(["export", "--format", "tmx", "--output"]).arg(&exported));
    let original = TmxReader::new(std::fs::File::open(&tmx).unwrap(), "four.tmx").unwrap().header().clone();
    let written = TmxReader::new(std::fs::File::open(&exported).unwrap(), "out.tmx").unwrap().header().clone();
    assert_eq!(written, original);
    // undoing the import forgets its header
    stdout_of(dragoman(&memory).args(["import", "--undo", "1"]));
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    stdout_of(dragoman(&memory).args(["export", "--format", "tmx", "--output"]).arg(&exported));
    let plain = TmxReader::new(std::fs::File::open(&exported).unwrap(), "out.tmx").unwrap().header().clone();
    assert_eq!(plain.attributes["creationtool"], "dragoman");
    assert!(plain.notes.is_empty());
}
