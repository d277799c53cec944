//! Word and HTML documents (issue 12): the sample dispatch read into
//! segments, translated and written back, then opened by LibreOffice
//! (`soffice --headless --convert-to`, Writer 7.4 here) and the XLIFF for
//! review checked against the OASIS XLIFF 1.2 strict schema with xmllint.
//! Without soffice or xmllint these checks are skipped visibly, except
//! under CI, where they fail.

use crate::analyze::demo_memory;
use crate::{dragoman, sample, schemas, scratch, skip_visibly, stdout_of};
use dragoman::formats::office::{DocumentKind, ExtractedDocument};
use dragoman::lang::Lang;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn read(kind: DocumentKind, name: &str) -> ExtractedDocument {
    let bytes = std::fs::read(sample(&format!("jobs/{name}"))).unwrap();
    ExtractedDocument::read(kind, bytes, name, &Lang::parse("ar").unwrap()).unwrap()
}

/// English for three sentences of the dispatch, with its placeholders
/// (the same in the DOCX and the HTML but for the footnote reference).
fn english(doc: &ExtractedDocument) -> HashMap<String, String> {
    let id = |marker: &str| doc.segments.iter().find(|s| s.source.text.contains(marker)).unwrap().id.clone();
    let statement = match doc.kind {
        DocumentKind::Docx => "A {1}{2}statement issued by the movement{/2}{/1}{3/} said the two sides discussed a lasting ceasefire.",
        _ => "A {1}statement issued by the movement{/1}{2}{3}1{/3}{/2} said the two sides discussed a lasting ceasefire.",
    };
    HashMap::from([
        (id("يستقبل وفدا قطريا في الدوحة ويبحث"), "Haniyeh receives Qatari delegation in Doha".to_string()),
        (
            id("إسماعيل هنية"),
            "Hamas political bureau head {1}Ismail Haniyeh{/1} received a Qatari delegation on Sunday evening.".to_string(),
        ),
        (id("بيان صادر"), statement.to_string()),
    ])
}

/// `soffice` converting `file` into `dir` with `filter`; `false` (and a
/// visible note) when soffice is not installed, outside CI.
fn soffice(file: &Path, filter: &str, dir: &Path) -> bool {
    // a profile of its own, so that runs side by side do not share one
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let run = Command::new("soffice").args([&profile, "--headless", "--convert-to", filter, "--outdir"]).arg(dir).arg(file).output();
    match run {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            skip_visibly("LibreOffice opening written Word files", "soffice is not installed (Debian: apt-get install libreoffice-writer)");
            false
        }
        Err(e) => panic!("soffice is needed under CI: {e}"),
        Ok(output) => {
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            true
        }
    }
}

#[test]
fn the_translated_sample_docx_opens_in_libreoffice_with_its_translation() {
    let doc = read(DocumentKind::Docx, "dispatch.docx");
    let dir = scratch();
    let translated = dir.path().join("dispatch.en.docx");
    let file = std::fs::File::create(&translated).unwrap();
    doc.write_translated(&english(&doc), file).unwrap();
    if !soffice(&translated, "txt:Text (encoded):UTF8", dir.path()) {
        return;
    }
    let text = std::fs::read_to_string(dir.path().join("dispatch.en.txt")).unwrap();
    for shown in [
        "Haniyeh receives Qatari delegation in Doha",
        "Hamas political bureau head Ismail Haniyeh received a Qatari delegation on Sunday evening.",
        "said the two sides discussed a lasting ceasefire.",
        // untranslated: as it was
        "ولم يصدر أي تعليق فوري من الجانب الإسرائيلي.",
    ] {
        assert!(text.contains(shown), "{shown} not in what LibreOffice read:\n{text}");
    }
    assert!(soffice(&translated, "pdf", dir.path()));
    assert!(std::fs::metadata(dir.path().join("dispatch.en.pdf")).unwrap().len() > 1000);
}

#[test]
fn the_review_xliff_of_the_sample_dispatches_validates_against_the_xliff_1_2_strict_schema() {
    let dir = scratch();
    let mut written = Vec::new();
    for (kind, name) in [(DocumentKind::Docx, "dispatch.docx"), (DocumentKind::Html, "dispatch.html")] {
        let doc = read(kind, name);
        let targets = english(&doc);
        let mut segments = doc.review_segments(&targets).unwrap();
        for s in &mut segments {
            s.state = s.target.as_ref().map(|_| "needs-review-translation".to_string());
        }
        let path = dir.path().join(format!("{name}.xlf"));
        let file = std::fs::File::create(&path).unwrap();
        dragoman::formats::xliff::write_new(file, &doc.review_document(Some("en")), segments).unwrap();
        // read back: every segment, the translations with their codes
        let back = dragoman::formats::xliff::read_document(std::fs::File::open(&path).unwrap(), "review.xlf").unwrap();
        assert_eq!(back.units.len(), doc.segments.len());
        for unit in &back.units {
            let segment = doc.segment(&unit.id).unwrap();
            assert_eq!(unit.segments[0].source.text, segment.source.text);
            assert_eq!(unit.segments[0].target.as_ref().map(|t| t.text.clone()), targets.get(&unit.id).cloned());
        }
        written.push(path);
    }
    for path in &written {
        assert_valid_xliff_1_2(path);
    }
}

/// Checks `path` against XLIFF 1.2 strict with xmllint (skipped visibly
/// without the schemas or xmllint, outside CI).
fn assert_valid_xliff_1_2(path: &Path) {
    let Some(schemas) = schemas() else { return };
    let run = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .args(["--noout", "--nonet", "--schema"])
        .arg(schemas.join("xliff/xliff-core-1.2-strict.xsd"))
        .arg(path)
        .output();
    let output = match run {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            return skip_visibly(
                "the schema check of the review XLIFF",
                "xmllint is not installed (Debian: apt-get install libxml2-utils)",
            );
        }
        other => other.expect("xmllint is needed under CI"),
    };
    assert!(output.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&output.stderr));
}

/// Every Arabic word of `text` replaced by `word`, its placeholders kept:
/// a stand-in translation with the source's codes where they were.
fn stand_in(text: &str) -> String {
    let arabic = regex::Regex::new(r"[\p{Arabic}]+").unwrap();
    arabic.replace_all(text, "word").into_owned()
}

#[test]
fn a_docx_written_by_libreoffice_is_translated_and_opens_again() {
    let dir = scratch();
    // LibreOffice's own Word file of the sample page: its run splitting, its namespaces
    if !soffice(&sample("jobs/dispatch.html"), "docx:MS Word 2007 XML", dir.path()) {
        return;
    }
    let path = dir.path().join("dispatch.docx");
    let doc = ExtractedDocument::read_file(DocumentKind::Docx, &path, "dispatch.docx", &Lang::parse("ar").unwrap()).unwrap();
    let texts: Vec<String> =
        doc.segments.iter().map(|s| s.source.text.replace(|c: char| c == '{' || c == '}' || c == '/' || c.is_ascii_digit(), "")).collect();
    for sentence in ["ولم يصدر أي تعليق فوري من الجانب الإسرائيلي.", "نشرت الحركة البيان على موقعها الرسمي مساء الأحد."]
    {
        assert!(texts.iter().any(|t| t == sentence), "{sentence} not among {texts:#?}");
    }
    let targets: HashMap<String, String> = doc.segments.iter().map(|s| (s.id.clone(), stand_in(&s.source.text))).collect();
    let translated = dir.path().join("translated").join("dispatch.docx");
    std::fs::create_dir(translated.parent().unwrap()).unwrap();
    doc.write_translated(&targets, std::fs::File::create(&translated).unwrap()).unwrap();
    assert!(soffice(&translated, "txt:Text (encoded):UTF8", translated.parent().unwrap()));
    let text = std::fs::read_to_string(translated.with_extension("txt")).unwrap();
    assert!(text.contains("word word word"), "{text}");
    let left: Vec<&str> = text.lines().filter(|l| l.chars().any(|c| c.is_alphabetic() && ('\u{600}'..='\u{6FF}').contains(&c))).collect();
    assert!(left.is_empty(), "Arabic left after translating every segment: {left:?}");
}

#[test]
fn analyze_counts_a_docx_and_an_html_job_sentence_by_sentence() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let units = dragoman::memory::Memory::open_for_reading(&memory, dragoman::fuzzy::index_keys()).unwrap().units(None, None).unwrap();
    for (kind, name) in [(DocumentKind::Docx, "dispatch.docx"), (DocumentKind::Html, "dispatch.html")] {
        let doc = read(kind, name);
        let json: serde_json::Value = serde_json::from_str(&stdout_of(
            dragoman(&memory).arg("analyze").arg(sample(&format!("jobs/{name}"))).args(["--format", "json"]),
        ))
        .unwrap();
        let file = &json["files"][0];
        assert_eq!(file["segments"].as_u64(), Some(doc.segments.len() as u64), "{name}");
        let words: u64 = doc.segments.iter().map(|s| dragoman::documents::words::count_words(s.source.text.trim()) as u64).sum();
        assert_eq!(file["words"].as_u64(), Some(words), "{name}");
        // the sentences stored as they are (codes and all) are exact matches
        let identical = doc.segments.iter().filter(|s| units.iter().any(|u| u.source.trim() == s.source.text.trim())).count() as u64;
        let band = |b: &str| file["bands"].as_array().unwrap().iter().find(|x| x["band"] == b).unwrap()["segments"].as_u64().unwrap();
        assert!(identical > 0, "{name}: the sample has an exact match");
        assert_eq!(band("100") + band("context"), identical, "{name}");
        assert_eq!(file["format"].as_str(), Some(if kind == DocumentKind::Docx { "Word (DOCX)" } else { "HTML" }));
    }
}

#[test]
fn pretranslate_a_docx_writes_the_translated_document_and_an_xliff_to_review() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let out = dir.path().join("dispatch.en.docx");
    let shown = stdout_of(dragoman(&memory).arg("pretranslate").arg(sample("jobs/dispatch.docx")).arg("--out").arg(&out).args([
        "--min-score",
        "75",
        "--tgt-lang",
        "en",
    ]));
    let review = dir.path().join("dispatch.en.xlf");
    assert!(shown.contains(&format!("to review: {}", review.display())), "{shown}");
    assert_valid_xliff_1_2(&review);
    let back = dragoman::formats::xliff::read_document(std::fs::File::open(&review).unwrap(), "review").unwrap();
    let source = read(DocumentKind::Docx, "dispatch.docx");
    assert_eq!(back.units.len(), source.segments.len());
    let filled: Vec<(String, String)> =
        back.units.iter().filter_map(|u| Some((u.segments[0].target.as_ref()?.text.clone(), u.segments[0].state.clone()?))).collect();
    assert!(!filled.is_empty(), "{shown}");
    // every filled target is a sentence of the translated document; the rest keep their source
    let translated = ExtractedDocument::read_file(DocumentKind::Docx, &out, "dispatch.en.docx", &Lang::parse("en").unwrap()).unwrap();
    let texts: Vec<&str> = translated.segments.iter().map(|s| s.source.text.as_str()).collect();
    for (target, state) in &filled {
        assert!(texts.contains(&target.as_str()), "{target} not in {texts:#?}");
        assert!(["translated", "needs-review-translation"].contains(&state.as_str()), "{state}");
    }
    for unit in back.units.iter().filter(|u| u.segments[0].target.is_none()) {
        let text = &source.segment(&unit.id).unwrap().source.text;
        assert!(translated.segments.iter().any(|s| &s.source.text == text), "{text} lost");
    }
    // the footnote reference is kept, once
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut document).unwrap();
    assert_eq!(document.matches("<w:footnoteReference w:id=\"1\"/>").count(), 1);
    if soffice(&out, "txt:Text (encoded):UTF8", dir.path()) {
        let text = std::fs::read_to_string(dir.path().join("dispatch.en.txt")).unwrap();
        assert!(text.contains(filled[0].0.as_str()), "{text}");
    }
}

#[test]
fn pretranslate_an_html_page_keeps_what_is_not_translated_byte_for_byte() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let out = dir.path().join("dispatch.en.html");
    let page = sample("jobs/dispatch.html");
    dragoman(&memory)
        .arg("pretranslate")
        .arg(&page)
        .arg("--out")
        .arg(&out)
        .args(["--min-score", "75", "--tgt-lang", "en"])
        .assert()
        .success();
    let written = std::fs::read_to_string(&out).unwrap();
    let original = std::fs::read_to_string(&page).unwrap();
    assert_ne!(written, original);
    let between = |t: &str, from: &str, to: &str| t[t.find(from).unwrap()..t.find(to).unwrap()].to_string();
    assert_eq!(between(&written, "<style>", "</head>"), between(&original, "<style>", "</head>"));
    assert_eq!(between(&written, "<!DOCTYPE", "<title>"), between(&original, "<!DOCTYPE", "<title>"));
    assert!(written.contains("<a href=\"#ref1\">&#8617;</a>"));
    assert_valid_xliff_1_2(&dir.path().join("dispatch.en.xlf"));
}

/// The loop of issue 12 on the Word sample: analyse, pretranslate, the
/// translator fills the review XLIFF and sets every segment translated,
/// it goes back into the memory, and the next analysis of the same
/// document finds every sentence in the memory.
#[test]
fn a_docx_job_whose_review_xliff_is_imported_back_analyses_as_all_context_or_100_percent() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = sample("jobs/dispatch.docx");
    let analysis = |memory: &Path| -> serde_json::Value {
        serde_json::from_str(&stdout_of(dragoman(memory).arg("analyze").arg(&job).args(["--format", "json"]))).unwrap()
    };
    let exact = |json: &serde_json::Value| -> u64 {
        let bands = json["total"]["bands"].as_array().unwrap();
        bands.iter().filter(|b| b["band"] == "context" || b["band"] == "100").map(|b| b["segments"].as_u64().unwrap()).sum()
    };
    let before = analysis(&memory);
    let segments = before["total"]["segments"].as_u64().unwrap();
    assert!(exact(&before) < segments);
    let out = dir.path().join("dispatch.en.docx");
    dragoman(&memory)
        .arg("pretranslate")
        .arg(&job)
        .arg("--out")
        .arg(&out)
        .args(["--min-score", "75", "--tgt-lang", "en"])
        .assert()
        .success();
    // the translator: every unit gets a target (their own words where the memory had none) and state translated
    let review = dir.path().join("dispatch.en.xlf");
    let document = dragoman::formats::xliff::read_document(std::fs::File::open(&review).unwrap(), "review").unwrap();
    let mut updates = HashMap::new();
    for unit in &document.units {
        let text = unit.segments[0].target.as_ref().map_or_else(|| format!("Translation of sentence {}", unit.id), |t| t.text.clone());
        let key = dragoman::formats::xliff::SegmentKey { file: unit.file, unit: unit.id.clone(), segment: 0 };
        let markup = unit.segments[0].source.markup_for(&text).unwrap();
        updates.insert(key, dragoman::formats::xliff::TargetUpdate { markup, state: Some("translated".into()), ..Default::default() });
    }
    let written = dragoman::formats::xliff::write_back(std::fs::File::open(&review).unwrap(), "review", &updates, Vec::new()).unwrap();
    let edited = dir.path().join("dispatch.edited.xlf");
    std::fs::write(&edited, written.out).unwrap();
    dragoman(&memory).arg("import").arg(&edited).assert().success();
    let after = analysis(&memory);
    assert_eq!(exact(&after), segments, "{after}");
}

/// Import used to say Word files could not be imported "yet": a Word file
/// or an HTML page is a job, and the message now says what to do with it,
/// which the loop test above does.
#[test]
fn importing_a_word_file_or_html_page_points_to_pretranslate_and_the_review_xliff_not_to_a_later_version() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    for name in ["dispatch.docx", "dispatch.html"] {
        let assert = dragoman(&memory).arg("import").arg(sample(&format!("jobs/{name}"))).assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&format!("{name}: ")) && stderr.contains("not a translation memory"), "{stderr}");
        assert!(stderr.contains("`dragoman pretranslate`") && stderr.contains("import that XLIFF once reviewed"), "{stderr}");
        assert!(!stderr.contains("yet") && !stderr.contains("cannot import"), "{stderr}");
    }
}

/// The review XLIFF beside a pretranslated document used to carry no
/// `alt-trans`: each filled unit now records its match as pretranslating
/// an XLIFF 1.2 job does (match-quality, origin), and is valid strict.
#[test]
fn the_review_xliff_of_a_pretranslated_docx_or_html_page_records_each_match_as_an_alt_trans() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    for name in ["dispatch.docx", "dispatch.html"] {
        let extension = name.rsplit_once('.').unwrap().1;
        let out = dir.path().join(format!("dispatch.en.{extension}"));
        let args = ["--min-score", "75", "--tgt-lang", "en"];
        dragoman(&memory).arg("pretranslate").arg(sample(&format!("jobs/{name}"))).arg("--out").arg(&out).args(args).assert().success();
        let review = dir.path().join("dispatch.en.xlf");
        assert_valid_xliff_1_2(&review);
        let text = std::fs::read_to_string(&review).unwrap();
        let units: Vec<&str> = text.split("<trans-unit ").skip(1).collect();
        let back = dragoman::formats::xliff::read_document(text.as_bytes(), "review").unwrap();
        assert_eq!(units.len(), back.units.len());
        let mut recorded = 0;
        for (unit, raw) in back.units.iter().zip(&units) {
            let segment = &unit.segments[0];
            match (&segment.target, raw.find("<alt-trans ")) {
                (None, None) => {}
                (Some(target), Some(at)) => {
                    recorded += 1;
                    let alt = &raw[at..raw.find("</alt-trans>").unwrap()];
                    let quality: f64 = alt.split("match-quality=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
                    assert!((75.0..=100.0).contains(&quality), "{alt}");
                    // exact matches are translated, the others need review, as in an XLIFF job
                    let state = segment.state.as_deref().unwrap();
                    assert_eq!(state == "translated", quality == 100.0, "{state} at {quality}: {alt}");
                    assert!(alt.contains("origin=\"dragoman "), "{alt}");
                    // the match's target is the target filled in
                    assert!(alt.contains(&format!("<target>{}</target>", segment.source.markup_for(&target.text).unwrap())), "{alt}");
                }
                (target, at) => panic!("unit {}: target {target:?} but alt-trans at {at:?}", unit.id),
            }
        }
        assert!(recorded > 0, "{name}: nothing filled");
    }
}

/// A LibreOffice document with a text frame, a header, a footer and an
/// endnote (flat ODF, written for this test), which LibreOffice saves as
/// Word with the frame as a text box in `mc:AlternateContent` (a
/// DrawingML Choice and a VML Fallback holding the same paragraph).
const FRAMED_FODT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/><style:header-style/><style:footer-style/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p>رأس الصفحة للبرقية.</text:p></style:header><style:footer><text:p>تذييل الصفحة للبرقية.</text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
<text:p>وصل الوفد إلى الدوحة.<text:note text:id="e1" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>ملاحظة ختامية عن الوفد.</text:p></text:note-body></text:note></text:p>
<text:p><draw:frame draw:name="Frame1" text:anchor-type="paragraph" svg:width="8cm" svg:height="3cm"><draw:text-box><text:p>الجملة الأولى في المربع. الجملة الثانية في المربع.</text:p></draw:text-box></draw:frame>بعد المربع.</text:p>
</office:text></office:body></office:document>
"#;

/// Word text boxes were neither extracted nor translated: a text box
/// LibreOffice writes (Choice and Fallback), and the header, footer and
/// endnote beside it, are segments now, translated in every copy, and
/// LibreOffice opens the result showing the translation.
#[test]
fn a_text_box_header_footer_and_endnote_of_a_word_file_are_translated_and_libreoffice_opens_it() {
    let dir = scratch();
    let fodt = dir.path().join("framed.fodt");
    std::fs::write(&fodt, FRAMED_FODT).unwrap();
    if !soffice(&fodt, "docx:MS Word 2007 XML", dir.path()) {
        return;
    }
    let path = dir.path().join("framed.docx");
    let doc = ExtractedDocument::read_file(DocumentKind::Docx, &path, "framed.docx", &Lang::parse("ar").unwrap()).unwrap();
    let plain = |s: &str| s.replace(|c: char| c == '{' || c == '}' || c == '/' || c.is_ascii_digit(), "");
    let texts: Vec<String> = doc.segments.iter().map(|s| plain(&s.source.text)).collect();
    for sentence in [
        "الجملة الأولى في المربع.",
        "الجملة الثانية في المربع.",
        "رأس الصفحة للبرقية.",
        "تذييل الصفحة للبرقية.",
        "ملاحظة ختامية عن الوفد.",
        "بعد المربع.",
    ] {
        // once: the Fallback's copy of the box takes the Choice's segments
        assert_eq!(texts.iter().filter(|t| *t == sentence).count(), 1, "{sentence} in {texts:#?}");
    }
    // every target its source: every part as it was
    let same: HashMap<String, String> = doc.segments.iter().map(|s| (s.id.clone(), s.source.text.clone())).collect();
    let unchanged = dir.path().join("unchanged.docx");
    doc.write_translated(&same, std::fs::File::create(&unchanged).unwrap()).unwrap();
    let part = |file: &Path, name: &str| {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    for name in ["word/document.xml", "word/header1.xml", "word/footer1.xml", "word/endnotes.xml"] {
        assert_eq!(part(&unchanged, name), part(&path, name), "{name}");
    }
    // every segment translated: no Arabic left in any copy
    let targets: HashMap<String, String> = doc.segments.iter().map(|s| (s.id.clone(), stand_in(&s.source.text))).collect();
    let translated = dir.path().join("translated").join("framed.docx");
    std::fs::create_dir(translated.parent().unwrap()).unwrap();
    doc.write_translated(&targets, std::fs::File::create(&translated).unwrap()).unwrap();
    let arabic = |t: &str| t.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c));
    let document = part(&translated, "word/document.xml");
    assert_eq!(document.matches("<w:txbxContent>").count(), 2, "Choice and Fallback");
    for name in ["word/document.xml", "word/header1.xml", "word/footer1.xml", "word/endnotes.xml"] {
        assert!(!arabic(&part(&translated, name)), "Arabic left in {name}");
    }
    assert!(soffice(&translated, "txt:Text (encoded):UTF8", translated.parent().unwrap()));
    let text = std::fs::read_to_string(translated.with_extension("txt")).unwrap();
    assert!(text.contains("word word word") && !arabic(&text), "{text}");
    assert!(soffice(&translated, "pdf", translated.parent().unwrap()));
}
