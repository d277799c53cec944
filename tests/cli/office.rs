//! Word and HTML documents (issue 12): the sample dispatch read into
//! segments, translated and written back, then opened by LibreOffice
//! (`soffice --headless --convert-to`, Writer 7.4 here) and the XLIFF for
//! review checked against the OASIS XLIFF 1.2 strict schema with xmllint.
//! Without soffice or xmllint these checks are skipped visibly, except
//! under CI, where they fail.

use crate::{sample, scratch, skip_visibly};
use dragoman::formats::office::{DocumentKind, ExtractedDocument};
use dragoman::lang::Lang;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
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

/// Where the OASIS schemas are: `$DRAGOMAN_SCHEMAS`, else
/// `../shared/data/schemas` beside the repository (as in CI).
fn schemas() -> Option<PathBuf> {
    let dir = std::env::var_os("DRAGOMAN_SCHEMAS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/schemas"));
    if dir.join("catalog.xml").is_file() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "the XLIFF schemas are needed under CI: {} is missing", dir.display());
    skip_visibly("the schema check of the review XLIFF", &format!("{} is missing (set DRAGOMAN_SCHEMAS)", dir.display()));
    None
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
    let Some(schemas) = schemas() else { return };
    for path in &written {
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
