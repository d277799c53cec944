//! Translated jobs in and out (issue 12): XLIFF and PO imported with
//! their finished segments and provenance, on SQLite and PostgreSQL;
//! files translate-toolkit writes; export to XLIFF 1.2, 2.1 and PO.
//! Job files are in `tests/data/xliff/` and `tests/data/po/` (written
//! for dragoman's tests) or generated.

use super::backends::postgres_memory;
use super::*;
use dragoman::memory::{Memory, Unit};

fn job(folder: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(folder).join(name)
}

fn units(memory: &Path) -> Vec<Unit> {
    Memory::open_existing(memory, dragoman::fuzzy::index_keys()).unwrap().units(None, None).unwrap()
}

fn import_json(memory: &Path, file: &Path, flags: &[&str]) -> serde_json::Value {
    let out = stdout_of(dragoman(memory).arg("import").arg(file).args(flags).args(["--format", "json"]));
    serde_json::from_str(out.trim()).unwrap()
}

/// The memories a test runs on: a SQLite file, and a PostgreSQL schema if there is a test database.
fn both(dir: &Path, test: &str) -> Vec<PathBuf> {
    let mut out = vec![dir.join("m.sqlite")];
    out.extend(postgres_memory(test));
    out
}

/// A unit's metadata prop.
fn prop(unit: &Unit, kind: &str) -> Option<String> {
    let metadata: serde_json::Value = serde_json::from_str(unit.metadata.as_deref()?).ok()?;
    metadata["props"].as_array()?.iter().find(|p| p["type"] == kind).and_then(|p| p["value"].as_str()).map(str::to_string)
}

#[test]
fn a_translated_xliff_1_2_imports_only_its_finished_segments_and_counts_the_rest() {
    let dir = scratch();
    for memory in both(dir.path(), "xliff_1_2_import") {
        let report = import_json(&memory, &job("xliff", "dispatch-1.2.xlf"), &[]);
        assert_eq!(report["format"], "xliff");
        assert_eq!(report["added"], 1, "{report}");
        assert_eq!(report["skipped"]["state needs-review-translation"], 1, "{report}");
        assert_eq!(report["skipped"]["no target"], 2, "{report}");
        assert_eq!(report["skipped"]["not to be translated (translate=\"no\")"], 1, "{report}");
        assert_eq!((report["src_lang"].as_str(), report["tgt_lang"].as_str()), (Some("ar"), Some("en")));
        let stored = units(&memory);
        assert_eq!(stored.len(), 1);
        let unit = &stored[0];
        assert_eq!(unit.source, "وصل وفد {1}حماس{/1} إلى الدوحة");
        assert_eq!(unit.target, "A {1}Hamas{/1} delegation arrived in Doha");
        assert_eq!(
            unit.target_markup.as_deref(),
            Some("A <bpt i=\"1\">&lt;g id=\"b1\"&gt;</bpt>Hamas<ept i=\"1\">&lt;/g&gt;</ept> delegation arrived in Doha")
        );
        assert!(unit.document.ends_with("dispatch-1.2.xlf"), "{}", unit.document);
        assert_eq!(unit.locator, "1");
        assert_eq!(prop(unit, "x-xliff-state").as_deref(), Some("final"));
        assert_eq!(prop(unit, "x-xliff-file").as_deref(), Some("dispatch-0412.txt"));
        // the text report has a line for every class skipped
        let again = stdout_of(dragoman(&memory).arg("import").arg(job("xliff", "dispatch-1.2.xlf")));
        assert!(again.contains("skipped: 1 segment (state needs-review-translation)"), "{again}");
        assert!(again.contains("skipped: 2 segments (no target)"), "{again}");
        assert!(again.contains("--include-unfinished"), "{again}");
        // unfinished segments on request; an undo takes the batch back out
        let report = import_json(&memory, &job("xliff", "dispatch-1.2.xlf"), &["--include-unfinished"]);
        assert_eq!((report["added"].as_u64(), report["duplicates"].as_u64()), (Some(1), Some(1)), "{report}");
        assert!(report["skipped"].get("state needs-review-translation").is_none(), "{report}");
        let batch = report["batch"].as_i64().unwrap().to_string();
        stdout_of(dragoman(&memory).args(["import", "--undo", &batch]));
        assert_eq!(units(&memory).len(), 1);
    }
}

#[test]
fn xliff_2_1_imports_translated_and_final_segments_with_segment_ids_and_placeholders() {
    let dir = scratch();
    for memory in both(dir.path(), "xliff_2_1_import") {
        let report = import_json(&memory, &job("xliff", "dispatch-2.1.xlf"), &[]);
        assert_eq!(report["added"], 2, "{report}");
        assert_eq!(report["skipped"]["no target"], 2, "{report}");
        let stored = units(&memory);
        let lead = stored.iter().find(|u| u.locator == "u1/s1").expect("u1/s1 stored");
        assert_eq!(lead.target, "{1}Ismail Haniyeh{/1} said the delegation had arrived in Doha{2/}");
        assert_eq!(prop(lead, "x-xliff-state").as_deref(), Some("translated (desk:draft)"));
        assert!(stored.iter().any(|u| u.locator == "u2" && u.target == "Doha (Reuters)"), "{stored:?}");
    }
}

#[test]
fn sdlxliff_and_mqxliff_confirmed_segments_import_with_the_tools_states_and_users() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let report = import_json(&memory, &job("xliff", "dispatch.sdlxliff"), &[]);
    assert_eq!(report["added"], 2, "{report}");
    assert_eq!(report["skipped"]["state SDL conf Draft"], 1, "{report}");
    assert_eq!((report["src_lang"].as_str(), report["tgt_lang"].as_str()), (Some("ar-QA"), Some("en-US")));
    let stored = units(&memory);
    assert!(stored.iter().any(|u| u.target == "Doha" && prop(u, "x-xliff-state").as_deref() == Some("SDL conf ApprovedTranslation")));
    let report = import_json(&memory, &job("xliff", "dispatch.mqxliff"), &[]);
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["skipped"]["no target"], 1, "{report}");
    let by_rana: Vec<Unit> = units(&memory).into_iter().filter(|u| u.created_by.as_deref() == Some("rana")).collect();
    assert_eq!(by_rana.len(), 1, "{by_rana:?}");
    assert_eq!(prop(&by_rana[0], "x-xliff-state").as_deref(), Some("memoQ status ManuallyConfirmed"));
}

#[test]
fn po_imports_translated_entries_with_their_translator_and_skips_fuzzy_ones_unless_asked() {
    let dir = scratch();
    for memory in both(dir.path(), "po_import") {
        let report = import_json(&memory, &job("po", "desk.fr.po"), &["--src-lang", "en"]);
        assert_eq!(report["format"], "po");
        assert_eq!((report["src_lang"].as_str(), report["tgt_lang"].as_str()), (Some("en"), Some("fr")));
        let fuzzy = report["skipped"]["fuzzy"].as_u64().unwrap();
        assert!(fuzzy >= 1, "{report}");
        let stored = units(&memory);
        let publish = stored.iter().find(|u| u.source == "Publish").expect("Publish stored");
        assert_eq!(publish.target, "Publier");
        assert_eq!(publish.created_by.as_deref(), Some("Claire Martin <claire@desk.example>"));
        assert_eq!(prop(publish, "x-po-msgctxt").as_deref(), Some("toolbar"));
        assert!(stored.iter().any(|u| u.source == "%d new dispatches" && u.target == "%d nouvelles dépêches"));
        assert!(!stored.iter().any(|u| u.source.starts_with("Embargoed until")), "a fuzzy entry was stored");
        let report = import_json(&memory, &job("po", "desk.fr.po"), &["--src-lang", "en", "--include-unfinished"]);
        assert!(report["added"].as_u64().unwrap() >= fuzzy, "{report}");
        assert!(units(&memory).iter().any(|u| u.source.starts_with("Embargoed until")));
    }
}

/// What `python3 -m translate.convert.<converter> args…` did; `None`
/// (skipped with a note) where translate-toolkit is not installed,
/// outside CI.
fn translate_toolkit(converter: &str, args: &[&Path]) -> Option<()> {
    let output = std::process::Command::new("python3").arg("-m").arg(format!("translate.convert.{converter}")).args(args).output();
    let missing = match &output {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(o) => String::from_utf8_lossy(&o.stderr).contains("No module named"),
    };
    if missing {
        assert!(std::env::var_os("CI").is_none(), "translate-toolkit is needed under CI (pip install translate-toolkit)");
        skip_visibly(&format!("translate-toolkit's {converter}"), "python3 with translate-toolkit is not installed");
        return None;
    }
    let output = output.unwrap();
    assert!(output.status.success(), "{converter}: {}", String::from_utf8_lossy(&output.stderr));
    Some(())
}

/// The pairs stored, as (source, target), sorted.
fn pairs(memory: &Path) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = units(memory).into_iter().map(|u| (u.source, u.target)).collect();
    pairs.sort();
    pairs
}

/// Files translate-toolkit writes (tested with translate-toolkit 3.x):
/// `po2xliff`'s XLIFF gives the same pairs as the PO it came from (its
/// gettext header unit and fuzzy entries left out), and `pot2po`'s
/// catalogue, all untranslated, gives none and says so.
#[test]
fn files_written_by_translate_toolkit_import_without_loss() {
    let dir = scratch();
    let po = job("po", "desk.fr.po");
    let xliff = dir.path().join("desk.fr.xlf");
    let Some(()) = translate_toolkit("po2xliff", &[&po, &xliff]) else { return };
    let (from_po, from_xliff) = (dir.path().join("po.sqlite"), dir.path().join("xliff.sqlite"));
    import_json(&from_po, &po, &["--src-lang", "en"]);
    let report = import_json(&from_xliff, &xliff, &["--src-lang", "en"]);
    assert_eq!(report["skipped"]["gettext header"], 1, "{report}");
    assert!(!pairs(&from_po).is_empty());
    assert_eq!(pairs(&from_xliff), pairs(&from_po));
    // a template made into a catalogue: nothing translated, nothing stored, every entry counted
    let pot = dir.path().join("desk.pot");
    let catalogue = std::fs::read_to_string(&po).unwrap();
    let template: String = catalogue
        .split("\n\n")
        .map(|entry| {
            let keep: Vec<&str> = entry.lines().filter(|l| !l.starts_with("msgstr") && !l.starts_with("#,")).collect();
            let mut entry = keep.join("\n");
            entry.push_str(if entry.contains("msgid_plural") { "\nmsgstr[0] \"\"\nmsgstr[1] \"\"" } else { "\nmsgstr \"\"" });
            entry
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    std::fs::write(
        &pot,
        template.replacen("msgid \"\"\nmsgstr \"\"", "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"", 1),
    )
    .unwrap();
    let new_po = dir.path().join("new.po");
    let Some(()) = translate_toolkit("pot2po", &[&pot, &new_po]) else { return };
    let memory = dir.path().join("pot.sqlite");
    let report = import_json(&memory, &new_po, &["--src-lang", "en", "--tgt-lang", "fr"]);
    assert_eq!(report["added"], 0, "{report}");
    assert!(report["skipped"]["untranslated"].as_u64().unwrap() >= 4, "{report}");
}

/// Whether a checker (`xmllint`, `msgfmt`) accepts a file; `None` (with
/// a note) where it is not installed, outside CI.
fn accepts(command: &mut std::process::Command) -> Option<bool> {
    let program = command.get_program().to_string_lossy().into_owned();
    match command.output() {
        Ok(output) => {
            if !output.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            }
            Some(output.status.success())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            skip_visibly(&format!("the {program} check"), &format!("{program} is not installed"));
            None
        }
        Err(e) => panic!("{program} is needed: {e}"),
    }
}

/// Whether `file` is valid XLIFF of its version by the OASIS schema
/// (1.2 strict; 2.1 core), offline through the schemas' catalogs.
fn valid_xliff(file: &Path, v2: bool) -> Option<bool> {
    let schemas = schemas()?;
    let (schema, catalog) =
        if v2 { ("xliff2.1/xliff_core_2.0.xsd", "xliff2.1/catalog.xml") } else { ("xliff/xliff-core-1.2-strict.xsd", "catalog.xml") };
    accepts(
        std::process::Command::new("xmllint")
            .env("XML_CATALOG_FILES", schemas.join(catalog))
            .args(["--noout", "--nonet", "--schema"])
            .arg(schemas.join(schema))
            .arg(file),
    )
}

/// What translate-toolkit's storage class `class` (`xliff.xlifffile`,
/// `xliff2.Xliff2File`, `po.pofile`) reads off `file`: its units' source
/// and target, the header left out; a plural unit as the pairs dragoman
/// stores of it (`msgid` with its first form, `msgid_plural` with its second).
fn read_by_translate_toolkit(class: &str, file: &Path) -> Option<Vec<(String, String)>> {
    let (module, _) = class.split_once('.').unwrap();
    let script = format!(
        "import sys, json\nfrom translate.storage import {module}\nstore = {class}(open(sys.argv[1], 'rb').read())\n\
         pairs = lambda u: [[str(s), str(t)] for s, t in zip(u.source.strings, u.target.strings) if str(t)] if u.hasplural() else [[str(u.source), str(u.target or '')]]\n\
         print(json.dumps([p for u in store.units if not u.isheader() for p in pairs(u)]))"
    );
    let output = std::process::Command::new("python3").arg("-c").arg(script).arg(file).output();
    let missing = match &output {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(o) => String::from_utf8_lossy(&o.stderr).contains("No module named 'translate'"),
    };
    if missing {
        assert!(std::env::var_os("CI").is_none(), "translate-toolkit is needed under CI (pip install translate-toolkit)");
        skip_visibly(&format!("translate-toolkit's {class} reading exports"), "python3 with translate-toolkit is not installed");
        return None;
    }
    let output = output.unwrap();
    assert!(output.status.success(), "{class}: {}", String::from_utf8_lossy(&output.stderr));
    let mut pairs: Vec<(String, String)> = serde_json::from_slice(&output.stdout).unwrap();
    pairs.sort();
    Some(pairs)
}

/// Export picks XLIFF by `--format` or the output's extension; what it
/// writes validates against the OASIS schemas, imports back as the same
/// pairs (inline codes as the same placeholders), and translate-toolkit
/// reads the same segments (texts without codes compared as they are).
#[test]
fn exported_xliff_1_2_and_2_1_validate_import_back_the_same_and_translate_toolkit_reads_them() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &job("xliff", "dispatch-1.2.xlf"), &["--include-unfinished"]);
    import_json(&memory, &job("xliff", "dispatch-2.1.xlf"), &[]);
    import_json(&memory, &job("xliff", "dispatch.sdlxliff"), &["--src-lang", "ar", "--tgt-lang", "en"]);
    let stored = pairs(&memory);
    assert!(stored.len() >= 5 && stored.iter().any(|(s, _)| s.contains("{/1}")), "{stored:?}");
    for (name, flags, v2, class) in
        [("out.xlf", &[][..], false, "xliff.xlifffile"), ("out2.xlf", &["--format", "xliff2"][..], true, "xliff2.Xliff2File")]
    {
        let file = dir.path().join(name);
        stdout_of(dragoman(&memory).args(["export", "--output"]).arg(&file).args(flags));
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.contains(if v2 { "version=\"2.1\"" } else { "version=\"1.2\"" }), "{written}");
        if let Some(valid) = valid_xliff(&file, v2) {
            assert!(valid, "{written}");
        }
        let again = dir.path().join(format!("{name}.sqlite"));
        let report = import_json(&again, &file, &["--include-unfinished"]);
        assert_eq!(report["rejected"], 0, "{report}");
        assert_eq!(pairs(&again), stored, "{name}");
        if let Some(theirs) = read_by_translate_toolkit(class, &file) {
            assert_eq!(theirs.len(), stored.len(), "{theirs:?}");
            for pair in stored.iter().filter(|(s, t)| !s.contains('{') && !t.contains('{')) {
                assert!(theirs.contains(pair), "{class} lacks {pair:?}: {theirs:?}");
            }
        }
    }
    // a memory of two pairs: XLIFF holds one, and says which to choose
    import_json(&memory, &job("po", "desk.fr.po"), &["--src-lang", "en"]);
    let assert = dragoman(&memory).args(["export", "--format", "xliff"]).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("ar → en") && stderr.contains("en → fr") && stderr.contains("--src-lang"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// PO export: passes `msgfmt --check`, keeps the context and the fuzzy
/// flag of what was imported, and translate-toolkit reads the same pairs.
#[test]
fn exported_po_passes_msgfmt_check_keeps_contexts_and_translate_toolkit_reads_the_same_pairs() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_json(&memory, &job("po", "desk.fr.po"), &["--src-lang", "en", "--include-unfinished"]);
    let file = dir.path().join("out.po");
    stdout_of(dragoman(&memory).args(["export", "--output"]).arg(&file));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("msgctxt \"toolbar\"\nmsgid \"Publish\"\nmsgstr \"Publier\""), "{written}");
    assert!(written.contains("#, fuzzy\n"), "{written}");
    assert!(written.contains("Language: fr\\n"), "{written}");
    if let Some(valid) = accepts(std::process::Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(&file)) {
        assert!(valid, "{written}");
    }
    if let Some(theirs) = read_by_translate_toolkit("po.pofile", &file) {
        assert_eq!(theirs, pairs(&memory));
    }
    // and it imports back as the same pairs
    let again = dir.path().join("again.sqlite");
    import_json(&again, &file, &["--src-lang", "en", "--include-unfinished"]);
    assert_eq!(pairs(&again), pairs(&memory));
}

/// A plural entry of `catalogue` (context, msgid, msgid_plural, forms, fuzzy).
type PluralEntry = (Option<String>, String, Option<String>, Vec<String>, bool);

fn plural_entries(path: &Path) -> Vec<PluralEntry> {
    let catalogue = dragoman::formats::po::PoCatalogue::parse(std::fs::File::open(path).unwrap(), "po").unwrap();
    let plural = catalogue.entries.iter().filter(|e| e.msgid_plural.is_some() && !e.obsolete);
    plural.map(|e| (e.msgctxt.clone(), e.msgid.clone(), e.msgid_plural.clone(), e.msgstr.clone(), e.is_fuzzy())).collect()
}

/// PO plurals used to be exported as two singular entries (`msgid` ↔
/// `msgstr[0]`, `msgid_plural` ↔ `msgstr[1]`) and Arabic's further forms
/// were lost: a plural entry imported from PO now exports as one, with
/// every form, its `msgctxt` and the target language's `Plural-Forms`;
/// `msgfmt --check` passes and translate-toolkit reads the same plurals.
#[test]
fn a_plural_po_entry_exports_as_one_plural_entry_with_every_form_not_as_two_singular_entries() {
    let dir = scratch();
    let ru = dir.path().join("desk.ru.po");
    std::fs::write(
        &ru,
        "msgid \"\"\nmsgstr \"\"\n\"Language: ru\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\
         \"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n\
         msgctxt \"wire\"\nmsgid \"%d dispatch\"\nmsgid_plural \"%d dispatches\"\nmsgstr[0] \"%d сообщение\"\nmsgstr[1] \"%d сообщения\"\n\
         msgstr[2] \"%d сообщений\"\n\nmsgid \"Urgent\"\nmsgstr \"Срочно\"\n",
    )
    .unwrap();
    for (file, lang, forms) in [(job("po", "desk.ar.po"), "ar", 6), (job("po", "desk.fr.po"), "fr", 2), (ru, "ru", 3)] {
        let memory = dir.path().join(format!("{lang}.sqlite"));
        import_json(&memory, &file, &["--src-lang", "en"]);
        let out = dir.path().join(format!("out.{lang}.po"));
        stdout_of(dragoman(&memory).args(["export", "--output"]).arg(&out));
        let written = std::fs::read_to_string(&out).unwrap();
        let catalogue = dragoman::formats::po::PoCatalogue::parse(written.as_bytes(), "out").unwrap();
        assert_eq!(catalogue.nplurals(), Some(forms), "{written}");
        assert_eq!(catalogue.header_field("Plural-Forms"), dragoman::formats::plural_forms::plural_forms(lang));
        // the finished plural entries come back whole, once, with their context
        let original: Vec<PluralEntry> = plural_entries(&file).into_iter().filter(|e| !e.4 && e.3.iter().all(|f| !f.is_empty())).collect();
        assert!(!original.is_empty());
        let back = plural_entries(&out);
        assert_eq!(back, original, "{written}");
        // and no singular entry holds one of their forms
        let singular = catalogue.entries.iter().filter(|e| e.msgid_plural.is_none());
        for entry in singular {
            assert!(!original.iter().any(|p| p.2.as_deref() == Some(entry.msgid.as_str())), "{written}");
        }
        if let Some(valid) = accepts(std::process::Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(&out)) {
            assert!(valid, "{written}");
        }
        let script = "import sys, json\nfrom translate.storage import po\nstore = po.pofile.parsefile(sys.argv[1])\n\
                      print(json.dumps([[u.getcontext() or None, [str(s) for s in u.source.strings], [str(t) for t in u.target.strings]] \
                      for u in store.units if u.hasplural()], ensure_ascii=False))";
        let output = std::process::Command::new("python3").arg("-c").arg(script).arg(&out).output();
        match output {
            Ok(o) if o.status.success() => {
                let theirs: Vec<(Option<String>, Vec<String>, Vec<String>)> = serde_json::from_slice(&o.stdout).unwrap();
                let ours: Vec<_> = original.iter().map(|e| (e.0.clone(), vec![e.1.clone(), e.2.clone().unwrap()], e.3.clone())).collect();
                assert_eq!(theirs, ours);
            }
            _ => {
                assert!(std::env::var_os("CI").is_none(), "translate-toolkit is needed under CI");
                skip_visibly("translate-toolkit reading exported PO plurals", "python3 with translate-toolkit is not installed");
            }
        }
    }
}

/// An XLIFF 2.1 job whose inline codes name their native data
/// (`originalData`, `dataRef`), finished (`final`) or, with `todo`, with
/// no target and no state.
pub fn data_ref_job(todo: bool) -> String {
    let target = if todo {
        String::new()
    } else {
        "<target>Appuyez sur <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">Enregistrer</pc> maintenant.<ph id=\"2\" dataRef=\"d3\"/></target>"
            .to_string()
    };
    let state = if todo { "" } else { " state=\"final\"" };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"fr\">\n\
         <file id=\"f1\" original=\"ui.html\"><unit id=\"u1\">\n\
         <originalData><data id=\"d1\">&lt;b&gt;</data><data id=\"d2\">&lt;/b&gt;</data><data id=\"d3\">&lt;br/&gt;</data></originalData>\n\
         <segment id=\"s1\"{state}><source>Press <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">Save</pc> now.<ph id=\"2\" dataRef=\"d3\"/></source>{target}</segment>\n\
         </unit></file></xliff>\n"
    )
}

/// XLIFF 2.x export used to drop `dataRef` (a new document had no
/// `originalData`): the data a unit's codes name is kept at import and
/// written back as the unit's `originalData`, losslessly through a second
/// import and export, and the file validates against the 2.x core schema.
#[test]
fn an_xliff_2_unit_exports_with_its_data_refs_and_original_data_instead_of_dropping_them() {
    let dir = scratch();
    let job = dir.path().join("ui.fr.xlf");
    std::fs::write(&job, data_ref_job(false)).unwrap();
    let original = dragoman::formats::xliff::read_document(std::fs::File::open(&job).unwrap(), "job").unwrap();
    let mut file = job.clone();
    for round in 0..2 {
        let memory = dir.path().join(format!("m{round}.sqlite"));
        import_json(&memory, &file, &[]);
        let out = dir.path().join(format!("out{round}.xlf"));
        stdout_of(dragoman(&memory).args(["export", "--format", "xliff2", "--output"]).arg(&out));
        if let Some(valid) = valid_xliff(&out, true) {
            assert!(valid, "{}", std::fs::read_to_string(&out).unwrap());
        }
        let back = dragoman::formats::xliff::read_document(std::fs::File::open(&out).unwrap(), "out").unwrap();
        assert_eq!(back.units[0].original_data, original.units[0].original_data, "round {round}");
        let (theirs, ours) = (&original.units[0].segments[0], &back.units[0].segments[0]);
        assert_eq!(ours.source.markup, theirs.source.markup, "round {round}");
        assert_eq!(ours.target.as_ref().unwrap().markup, theirs.target.as_ref().unwrap().markup, "round {round}");
        file = out;
    }
}
