//! `dragoman pretranslate`: filled XLIFF 1.2, 2.1 and PO jobs, valid for
//! the OASIS schemas and msgfmt; codes that cannot be mapped; nothing
//! written on failure; and the whole loop back into the memory.

use crate::analyze::{demo_memory, job_sources};
use crate::{dragoman, sample, schemas, scratch, skip_visibly, stdout_of};
use std::path::Path;
use std::process::Command;

/// Whether a checking tool accepts the file; `None` (noted) when the tool
/// is not installed, outside CI.
fn accepts(command: &mut Command, what: &str) -> Option<(bool, String)> {
    match command.output() {
        Ok(output) => Some((output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(std::env::var_os("CI").is_none(), "{what} is needed under CI");
            skip_visibly(what, "the program is not installed");
            None
        }
        Err(e) => panic!("{what}: {e}"),
    }
}

/// Checks `file` against XLIFF 1.2 strict or 2.x core with the matches module.
fn assert_valid_xliff(file: &Path, v2: bool) {
    let Some(schemas) = schemas() else { return };
    let dir = scratch();
    let (schema, catalog) = if v2 {
        let driver = dir.path().join("xliff-2-with-matches.xsd");
        std::fs::write(
            &driver,
            format!(
                "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n\
                 <xs:import namespace=\"urn:oasis:names:tc:xliff:document:2.0\" schemaLocation=\"{}\"/>\n\
                 <xs:import namespace=\"urn:oasis:names:tc:xliff:matches:2.0\" schemaLocation=\"{}\"/>\n</xs:schema>\n",
                schemas.join("xliff2.1/xliff_core_2.0.xsd").display(),
                schemas.join("xliff2.1/matches.xsd").display()
            ),
        )
        .unwrap();
        (driver, schemas.join("xliff2.1/catalog.xml"))
    } else {
        (schemas.join("xliff/xliff-core-1.2-strict.xsd"), schemas.join("catalog.xml"))
    };
    let mut xmllint = Command::new("xmllint");
    xmllint.env("XML_CATALOG_FILES", catalog).args(["--noout", "--nonet", "--schema"]).arg(schema).arg(file);
    if let Some((valid, stderr)) = accepts(&mut xmllint, "xmllint") {
        assert!(valid, "{}: {stderr}", file.display());
    }
}

/// The job read back: each translatable segment's (target text, state).
fn targets(path: &Path) -> Vec<(Option<String>, Option<String>)> {
    let document = dragoman::formats::xliff::read_document(std::fs::File::open(path).unwrap(), "out").unwrap();
    document
        .units
        .iter()
        .filter(|u| u.translate)
        .flat_map(|u| u.segments.iter().map(|s| (s.target.as_ref().map(|t| t.text.clone()), s.state.clone())))
        .collect()
}

#[test]
fn a_pretranslated_xliff_1_2_job_validates_and_marks_exact_and_fuzzy_matches() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let out = dir.path().join("truce.en.xlf");
    let report = stdout_of(
        dragoman(&memory).arg("pretranslate").arg(sample("jobs/truce-talks.ar-en.xlf")).arg("--out").arg(&out).args(["--min-score", "85"]),
    );
    assert_valid_xliff(&out, false);
    let written = std::fs::read_to_string(&out).unwrap();
    let sources = job_sources(&sample("jobs/truce-talks.ar-en.xlf"));
    let filled = targets(&out);
    // the exact ones are translated, the fuzzy ones need review, each with its match
    let by_source = |source: &str| &filled[sources.iter().position(|s| s.starts_with(source)).unwrap()];
    assert_eq!(by_source("وتواصل قطر ومصر").1.as_deref(), Some("translated"));
    assert_eq!(by_source("وصلت إلى معبر رفح").1.as_deref(), Some("needs-review-translation"));
    // numbers adapted to the new sentence: the stored unit says 200 or 350
    assert!(by_source("وصلت إلى معبر رفح").0.as_deref().unwrap().contains("250 trucks"), "{filled:?}");
    assert!(written.contains("<alt-trans match-quality=\"99\" origin=\"dragoman "), "{written}");
    // new sentences are left empty
    assert_eq!(by_source("مصر تستضيف").0, None);
    let left_empty = filled.iter().filter(|(t, _)| t.is_none()).count();
    assert!(report.contains(&format!("left empty: {left_empty} with no match at 85% or more")), "{report}");
    // the unit not to be translated is copied as it was
    assert!(written.contains("<trans-unit id=\"byline\" translate=\"no\">\n        <source>— وكالة الأنباء</source>\n      </trans-unit>"));
}

#[test]
fn exact_matches_are_filled_by_default_and_locked_as_final_in_xliff_2_1() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = sample("jobs/nasrallah-speech.ar-en.xlf");
    let out = dir.path().join("speech.en.xlf");
    dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&out).arg("--lock-exact").assert().success();
    assert_valid_xliff(&out, true);
    let filled = targets(&out);
    // only 100% and context matches at the default --min-score, each final
    assert!(filled.iter().any(|(t, _)| t.is_some()));
    for (target, state) in &filled {
        assert_eq!(target.is_some(), state.as_deref() == Some("final"), "{filled:?}");
    }
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("urn:oasis:names:tc:xliff:matches:2.0") && written.contains("matchQuality=\"100\""), "{written}");
    // fuzzy matches in 2.x: state initial with a subState saying so
    let fuzzy = dir.path().join("speech-fuzzy.en.xlf");
    dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&fuzzy).args(["--min-score", "60"]).assert().success();
    assert_valid_xliff(&fuzzy, true);
    assert!(std::fs::read_to_string(&fuzzy).unwrap().contains("state=\"initial\" subState=\"dragoman:fuzzy-match\""));
}

#[test]
fn a_pretranslated_po_catalogue_passes_msgfmt_and_flags_fuzzy_matches() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let po = dir.path().join("desk.po");
    std::fs::write(
        &po,
        "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         msgid \"وتواصل قطر ومصر، بالتنسيق مع الولايات المتحدة، وساطتهما بين حماس وإسرائيل.\"\nmsgstr \"\"\n\n\
         msgid \"وصلت إلى معبر رفح صباح اليوم 250 شاحنة محملة بالمساعدات الإنسانية.\"\nmsgstr \"\"\n\n\
         msgid \"وتزامن الخطاب مع تصعيد على الحدود الجنوبية.\"\nmsgstr \"\"\n",
    )
    .unwrap();
    let out = dir.path().join("desk.en.po");
    dragoman(&memory)
        .arg("pretranslate")
        .arg(&po)
        .arg("--out")
        .arg(&out)
        .args(["--src-lang", "ar", "--min-score", "90"])
        .assert()
        .success();
    let mut msgfmt = Command::new("msgfmt");
    msgfmt.args(["--check", "-o", "/dev/null"]).arg(&out);
    if let Some((valid, stderr)) = accepts(&mut msgfmt, "msgfmt --check") {
        assert!(valid, "{stderr}");
    }
    let catalogue = dragoman::formats::po::PoCatalogue::parse(std::fs::File::open(&out).unwrap(), "out").unwrap();
    let entries = &catalogue.entries;
    assert!(entries[0].msgstr[0].starts_with("Qatar and Egypt") && !entries[0].is_fuzzy());
    assert!(entries[1].msgstr[0].contains("250 trucks") && entries[1].is_fuzzy());
    assert_eq!(entries[2].msgstr[0], "");
}

#[test]
fn a_match_with_inline_codes_the_source_lacks_leaves_the_segment_empty() {
    let dir = scratch();
    let memory = dir.path().join("codes.sqlite");
    let tmx = dir.path().join("codes.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" \
         segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"ar\" datatype=\"plaintext\"/><body>\n\
         <tu><tuv xml:lang=\"ar\"><seg>وصل الوفد إلى الدوحة مساء أمس.</seg></tuv><tuv xml:lang=\"en\"><seg>The delegation arrived in \
         <bpt i=\"1\">&lt;b></bpt>Doha<ept i=\"1\">&lt;/b></ept> last night.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    dragoman(&memory).arg("import").arg(&tmx).assert().success();
    let job = dir.path().join("job.xlf");
    std::fs::write(
        &job,
        "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x\" source-language=\"ar\" \
         target-language=\"en\" datatype=\"plaintext\"><body><trans-unit id=\"1\"><source>وصل الوفد إلى الدوحة مساء أمس.</source>\
         </trans-unit></body></file></xliff>",
    )
    .unwrap();
    let out = dir.path().join("job.en.xlf");
    let report = stdout_of(dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&out));
    assert!(report.contains("0 of 1 segments filled") && report.contains("left empty: 1 whose match has inline codes"), "{report}");
    assert_eq!(targets(&out), [(None, None)]);
}

#[test]
fn a_failed_pretranslation_leaves_the_output_file_as_it_was() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = dir.path().join("broken.xlf");
    let text = std::fs::read_to_string(sample("jobs/truce-talks.ar-en.xlf")).unwrap();
    // cut off in the middle of the body: malformed at the end
    std::fs::write(&job, &text[..text.find("<trans-unit id=\"p4-s1\">").unwrap()]).unwrap();
    let out = dir.path().join("out.xlf");
    std::fs::write(&out, "earlier work").unwrap();
    let failed = dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&out).assert().code(1);
    let stderr = String::from_utf8(failed.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.xlf: line"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "earlier work");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("tmp")), "{names:?}");
    // and a missing job creates no output at all
    let none = dir.path().join("none.xlf");
    dragoman(&memory).arg("pretranslate").arg(dir.path().join("missing.xlf")).arg("--out").arg(&none).assert().code(1);
    assert!(!none.exists());
}

/// The loop of issue 12: analyse, pretranslate, the translator fills the
/// rest and sets every segment translated, the file goes back into the
/// memory, and the next analysis finds everything in the memory.
#[test]
fn a_translated_job_imported_back_analyses_as_all_context_or_100_percent() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = sample("jobs/truce-talks.ar-en.xlf");
    let analysis = |memory: &Path| -> serde_json::Value {
        serde_json::from_str(&stdout_of(dragoman(memory).arg("analyze").arg(&job).args(["--format", "json"]))).unwrap()
    };
    let before = analysis(&memory);
    let out = dir.path().join("truce.en.xlf");
    dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&out).args(["--min-score", "75"]).assert().success();
    // the translator: every segment gets a target (their own words where the memory had none) and state translated
    let document = dragoman::formats::xliff::read_document(std::fs::File::open(&out).unwrap(), "out").unwrap();
    let mut updates = std::collections::HashMap::new();
    for unit in document.units.iter().filter(|u| u.translate) {
        for (index, segment) in unit.segments.iter().enumerate() {
            let text = segment.target.as_ref().map_or_else(|| format!("Translation of {}", unit.id), |t| t.text.clone());
            let key = dragoman::formats::xliff::SegmentKey { file: unit.file, unit: unit.id.clone(), segment: index };
            updates.insert(key, dragoman::formats::xliff::TargetUpdate::text(&text, Some("translated")));
        }
    }
    let edited = dir.path().join("truce.edited.xlf");
    let written = dragoman::formats::xliff::write_back(std::fs::File::open(&out).unwrap(), "out", &updates, Vec::new()).unwrap();
    std::fs::write(&edited, written.out).unwrap();
    dragoman(&memory).arg("import").arg(&edited).assert().success();
    let after = analysis(&memory);
    let segments = before["total"]["segments"].as_u64().unwrap();
    let exact: u64 = after["total"]["bands"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["band"] == "context" || b["band"] == "100")
        .map(|b| b["segments"].as_u64().unwrap())
        .sum();
    assert_eq!(exact, segments, "{after}");
}

/// Pretranslating a PO plural entry used to copy the `msgid_plural`
/// match into every further form: the forms stored from a plural entry
/// are used now (Arabic's six), and a catalogue without `Plural-Forms`
/// gets the target language's, so that msgfmt accepts it.
#[test]
fn a_po_plural_entry_is_pretranslated_with_every_stored_form_and_the_target_languages_plural_forms() {
    let dir = scratch();
    let memory = dir.path().join("desk.sqlite");
    let desk = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/po/desk.ar.po");
    dragoman(&memory).arg("import").arg(&desk).args(["--src-lang", "en"]).assert().success();
    let job = dir.path().join("job.po");
    std::fs::write(
        &job,
        "msgid \"\"\nmsgstr \"\"\n\"Language: ar\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         #: src/wire/list.c:112\nmsgid \"%d new dispatch\"\nmsgid_plural \"%d new dispatches\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
    )
    .unwrap();
    let out = dir.path().join("job.ar.po");
    dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&out).args(["--src-lang", "en"]).assert().success();
    let catalogue = dragoman::formats::po::PoCatalogue::parse(std::fs::File::open(&out).unwrap(), "out").unwrap();
    let stored = dragoman::formats::po::PoCatalogue::parse(std::fs::File::open(&desk).unwrap(), "desk").unwrap();
    let plural = stored.entries.iter().find(|e| e.msgid == "%d new dispatch").unwrap();
    assert_eq!(catalogue.nplurals(), Some(6));
    assert_eq!(catalogue.entries[0].msgstr, plural.msgstr);
    assert!(!catalogue.entries[0].is_fuzzy());
    let mut msgfmt = Command::new("msgfmt");
    msgfmt.args(["--check", "-o", "/dev/null"]).arg(&out);
    if let Some((valid, stderr)) = accepts(&mut msgfmt, "msgfmt --check") {
        assert!(valid, "{stderr}");
    }
}

/// Pretranslating XLIFF 2.x kept the unit's `originalData` but wrote each
/// memory match with `dataRef`s naming nothing of its own: a match whose
/// codes name original data now holds a copy of it, the filled target
/// keeps the source's `dataRef`s, and the file validates (core and matches).
#[test]
fn pretranslating_an_xliff_2_job_keeps_data_refs_and_gives_each_match_the_original_data_it_names() {
    let dir = scratch();
    let memory = dir.path().join("ui.sqlite");
    let done = dir.path().join("done.xlf");
    std::fs::write(&done, crate::jobs::data_ref_job(false)).unwrap();
    dragoman(&memory).arg("import").arg(&done).assert().success();
    let job = dir.path().join("todo.xlf");
    std::fs::write(&job, crate::jobs::data_ref_job(true)).unwrap();
    let out = dir.path().join("todo.fr.xlf");
    dragoman(&memory).arg("pretranslate").arg(&job).arg("--out").arg(&out).assert().success();
    assert_valid_xliff(&out, true);
    let written = std::fs::read_to_string(&out).unwrap();
    let back = dragoman::formats::xliff::read_document(written.as_bytes(), "out").unwrap();
    let finished = dragoman::formats::xliff::read_document(crate::jobs::data_ref_job(false).as_bytes(), "done").unwrap();
    assert_eq!(back.units[0].original_data, finished.units[0].original_data);
    assert_eq!(back.units[0].segments[0].target.as_ref().unwrap().markup, finished.units[0].segments[0].target.as_ref().unwrap().markup);
    let matched = &written[written.find("<mtc:match ").unwrap()..written.find("</mtc:match>").unwrap()];
    assert!(matched.contains("<originalData>") && matched.contains("<data id=\"d3\">&lt;br/&gt;</data>"), "{matched}");
    assert!(matched.contains("dataRef=\"d3\""), "{matched}");
}

#[test]
fn a_job_pretranslated_on_three_look_up_threads_is_written_as_on_one() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let first = job_sources(&sample("jobs/truce-talks.ar-en.xlf"));
    let sources: Vec<String> = [first.clone(), job_sources(&sample("jobs/nasrallah-speech.ar-en.xlf")), first].concat();
    let job = dir.path().join("job.xlf");
    crate::analyze::job_of(&job, &sources);
    let written = |jobs: &str| {
        let out = dir.path().join(format!("out{jobs}.xlf"));
        dragoman(&memory)
            .arg("pretranslate")
            .arg(&job)
            .arg("--out")
            .arg(&out)
            .args(["--min-score", "60", "--jobs", jobs])
            .assert()
            .success();
        std::fs::read_to_string(&out).unwrap()
    };
    let one = written("1");
    assert_eq!(one, written("3"));
    // the job's first and third parts (the same sources) are filled alike
    let filled = targets(&dir.path().join("out1.xlf"));
    let n = job_sources(&sample("jobs/truce-talks.ar-en.xlf")).len();
    assert_eq!(filled[..n], filled[filled.len() - n..]);
    assert!(filled.iter().any(|(t, _)| t.is_some()) && filled.iter().any(|(t, _)| t.is_none()), "{filled:?}");
}
