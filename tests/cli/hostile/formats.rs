//! Hostile cases: formats. What a file crafted or mangled to get past
//! import and `names import` does: control characters and bidi overrides
//! in names and provenance (refused at the door, the memory unchanged),
//! inline tags nested 200,000 deep (refused at once), metadata of
//! megabytes (refused with a line in the report), a date in the far
//! future (dropped, so that it cannot win every tie), and files of
//! another kind given as CSV (named for what they are). The inputs are
//! generated here.

use super::super::*;
use dragoman::memory::Memory;

/// Everything stored, as text: what "the memory unchanged" compares.
fn stored(memory: &Path) -> Vec<String> {
    Memory::open_existing(memory, dragoman::fuzzy::index_keys())
        .unwrap()
        .units(None, None)
        .unwrap()
        .into_iter()
        .map(|u| format!("{u:?}"))
        .collect()
}

fn import_report(memory: &Path, file: &Path, flags: &[&str]) -> serde_json::Value {
    let out = stdout_of(dragoman(memory).arg("import").arg(file).args(flags).args(["--format", "json"]));
    serde_json::from_str(out.trim()).unwrap()
}

/// A memory holding one pair, to check that what follows changes nothing.
fn memory_with_one_pair(dir: &Path) -> PathBuf {
    let memory = dir.join("m.sqlite");
    let file = dir.join("one.csv");
    std::fs::write(&file, "source,target\nصباح الخير,Good morning\n").unwrap();
    stdout_of(dragoman(&memory).arg("import").arg(&file).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    memory
}

fn house_style(memory: &Path) -> String {
    stdout_of(dragoman(memory).args(["names", "export"]))
}

#[test]
fn control_characters_and_bidi_overrides_in_names_import_are_refused_naming_line_field_and_code_point() {
    let dir = scratch();
    let memory = memory_with_one_pair(dir.path());
    stdout_of(dragoman(&memory).args(["names", "prefer", "Haniyeh", "--variant", "Haniya"]));
    let before = house_style(&memory);
    for (bad, code) in [("\u{1B}[31mQaddafi", "U+001B"), ("Qadda\u{7}fi", "U+0007"), ("Qaddafi\0", "U+0000"), ("\u{202E}ifaddaQ", "U+202E")]
    {
        let file = dir.path().join("style.csv");
        std::fs::write(&file, format!("preferred,variant\nSinwar,Sinwaar\nGaddafi,{bad}\n")).unwrap();
        let assert = dragoman(&memory).args(["names", "import"]).arg(&file).assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        let want = format!("style.csv: line 3: field 2: control character {code} in a name");
        assert!(stderr.contains(&want), "want {want:?} in {stderr:?}");
        assert!(!stderr.contains(['\u{1B}', '\u{7}', '\0', '\u{202E}']), "raw character in {stderr:?}");
        assert_eq!(house_style(&memory), before);
    }
    let assert = dragoman(&memory).args(["names", "prefer", "Gaddafi", "--variant", "\u{2066}Qaddafi"]).assert().code(1);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("control character U+2066 in variant 1"));
    dragoman(&memory).args(["names", "prefer", "\u{1B}]0;owned\u{7}"]).assert().code(1);
    assert_eq!(house_style(&memory), before);
    // the right-to-left mark belongs to Arabic names and stays allowed
    stdout_of(dragoman(&memory).args(["names", "prefer", "هنية\u{200F}"]));
}

#[test]
fn control_characters_in_csv_provenance_are_refused_and_the_memory_unchanged() {
    let dir = scratch();
    let memory = memory_with_one_pair(dir.path());
    let before = stored(&memory);
    let header = "source,target,src_lang,tgt_lang,origin,created_by,created_at";
    for (row, code, column) in [
        ("نعم,Yes,ar,en,\u{1B}[2Jreport.csv:4,rana,2024-01-31", "U+001B", "origin"),
        ("نعم,Yes,ar,en,report.csv:4,ra\u{202E}na,2024-01-31", "U+202E", "created_by"),
        ("نعم,Yes,ar,en,report.csv:4,rana\u{7},2024-01-31", "U+0007", "created_by"),
    ] {
        let file = dir.path().join("provenance.csv");
        std::fs::write(&file, format!("{header}\n{row}\n")).unwrap();
        let report = import_report(&memory, &file, &[]);
        assert_eq!((report["added"].as_u64(), report["rejected"].as_u64()), (Some(0), Some(1)), "{report}");
        assert_eq!(report["rejections"][0]["reason"], format!("control character {code} in {column}"));
        assert_eq!(stored(&memory), before);
    }
}

#[test]
fn a_tmx_with_200000_nested_inline_tags_is_refused_naming_its_line() {
    let dir = scratch();
    let memory = memory_with_one_pair(dir.path());
    let before = stored(&memory);
    let depth = 200_000;
    let seg = format!("{}x{}", "<hi>".repeat(depth), "</hi>".repeat(depth));
    let tmx = format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/>\n<body>\n<tu><tuv xml:lang=\"en\">\n<seg>{seg}</seg></tuv>\
         <tuv xml:lang=\"ar\"><seg>س</seg></tuv></tu>\n</body></tmx>\n"
    );
    let file = dir.path().join("nested.tmx");
    std::fs::write(&file, tmx).unwrap();
    let assert = dragoman(&memory).arg("import").arg(&file).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("nested.tmx: line 5: inline elements nest more than 64 deep"), "{stderr}");
    assert_eq!(stored(&memory), before);
}

#[test]
fn a_3_mb_origin_and_a_20_mb_creationid_are_refused_with_a_line_in_the_report() {
    let dir = scratch();
    let memory = memory_with_one_pair(dir.path());
    let before = stored(&memory);
    let csv = dir.path().join("origin.csv");
    let origin = "o".repeat(3 << 20);
    std::fs::write(&csv, format!("source,target,src_lang,tgt_lang,origin\nنعم,Yes,ar,en,{origin}\nلا,No,ar,en,ok.csv:3\n")).unwrap();
    let report = import_report(&memory, &csv, &[]);
    assert_eq!((report["added"].as_u64(), report["rejected"].as_u64()), (Some(1), Some(1)), "{}", &report.to_string()[..300]);
    assert_eq!(report["rejections"][0]["reason"], format!("origin too long ({} bytes, limit 4096)", 3 << 20));
    let tmx = dir.path().join("creationid.tmx");
    let id = "r".repeat(20 << 20);
    let prop = "p".repeat(30 << 20);
    std::fs::write(
        &tmx,
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\"/>\n<body>\n\
             <tu creationid=\"{id}\"><tuv xml:lang=\"ar\"><seg>شكرا</seg></tuv><tuv xml:lang=\"en\"><seg>Thanks</seg></tuv></tu>\n\
             <tu><prop type=\"x-context\">{prop}</prop><tuv xml:lang=\"ar\"><seg>مرحبا</seg></tuv><tuv xml:lang=\"en\"><seg>Hello</seg></tuv></tu>\n\
             </body></tmx>\n"
        ),
    )
    .unwrap();
    let report = import_report(&memory, &tmx, &[]);
    assert_eq!((report["added"].as_u64(), report["rejected"].as_u64()), (Some(0), Some(2)));
    assert_eq!(report["rejections"][0]["reason"], format!("attribute creationid of the tu too long ({} bytes, limit 4096)", 20 << 20));
    assert_eq!(report["rejections"][1]["reason"], format!("prop x-context of the tu too long ({} bytes, limit 4096)", 30 << 20));
    assert_eq!(stored(&memory).len(), before.len() + 1);
    let largest = Memory::open_existing(&memory, dragoman::fuzzy::index_keys())
        .unwrap()
        .units(None, None)
        .unwrap()
        .iter()
        .map(|u| format!("{u:?}").len())
        .max();
    assert!(largest.unwrap() < 4096, "a unit kept a huge value");
}

#[test]
fn a_created_at_in_the_far_future_is_dropped_and_does_not_win_ties() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let header = "source,target,src_lang,tgt_lang,origin,created_by,created_at";
    let early = dir.path().join("early.csv");
    std::fs::write(
        &early,
        format!("{header}\nThe minister arrived in Doha.,Le ministre est arrivé à Doha.,en,fr,a.csv:2,rana,9999-12-31\n"),
    )
    .unwrap();
    let report = import_report(&memory, &early, &[]);
    assert_eq!(report["added"], 1);
    assert_eq!(report["dropped"][0]["reason"], "created_at dropped, the unit stored: date 9999-12-31 is in the future");
    let later = dir.path().join("later.csv");
    let today = dragoman::formats::values::latest_date(); // tomorrow: still allowed
    std::fs::write(&later, format!("{header}\nThe minister arrived in Doha.,Le ministre arriva à Doha.,en,fr,b.csv:2,omar,{today}\n"))
        .unwrap();
    let report = import_report(&memory, &later, &[]);
    assert!(report.get("dropped").is_none(), "{report}");
    let out = stdout_of(dragoman(&memory).args(["suggest", "The minister arrived in Doha.", "--format", "json"]));
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["matches"][0]["target"], "Le ministre arriva à Doha.", "{out}");
}

/// XLIFF and PO are imported (issue 12); broken ones, like a Word or
/// binary file, fail in one line naming the file and the place, and
/// leave the memory as it was.
#[test]
fn broken_xliff_and_po_files_and_word_files_fail_in_one_line_and_leave_the_memory_as_it_was() {
    let dir = scratch();
    let memory = memory_with_one_pair(dir.path());
    let before = stored(&memory);
    let unit = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"a\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source>Good</source><target state=\"final\">Bon</target></trans-unit>\n{body}\n</body></file></xliff>\n"
        )
        .into_bytes()
    };
    let malformed = unit("<trans-unit id=\"2\"><source>Open <b></source><target state=\"final\">x</target></trans-unit>");
    let unbalanced = unit("<trans-unit id=\"2\"><source>Open <g id=\"1\">the door</source><target state=\"final\">x</target></trans-unit>");
    let v2_unbalanced = b"<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\" trgLang=\"fr\">\n<file id=\"f\"><unit id=\"u1\"><segment state=\"final\"><source><sc id=\"1\"/>Open</source><target><sc id=\"1\"/>Ouvrir</target></segment></unit></file></xliff>\n".to_vec();
    let files: [(&str, Vec<u8>, &str); 7] = [
        ("malformed.xlf", malformed, "malformed.xlf: line 5: "),
        ("unbalanced.xlf", unbalanced, "unbalanced.xlf: line 5: "),
        ("v2.xlf", v2_unbalanced, "v2.xlf: line "),
        (
            "namespace.xlf",
            b"<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file/></xliff>\n".to_vec(),
            "namespace.xlf: line 2: root <xliff> has version 2.1 but the namespace",
        ),
        (
            "report.docx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml".to_vec(),
            "report.docx: this is a ZIP file (Word .docx?), a document to translate, not a translation memory: ",
        ),
        (
            "fr.po",
            b"# French\nmsgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgid \"Open\"\nmsgstr \"Ouvrir\n".to_vec(),
            "fr.po: line 7: ",
        ),
        ("data.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00".to_vec(), "data.csv: this is a binary file"),
    ];
    for (name, bytes, want) in files {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let assert = dragoman(&memory).arg("import").arg(&file).assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(want), "want {want:?} in {stderr:?}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains(['\0', '\u{7f}']), "raw bytes in {stderr:?}");
        assert_eq!(stored(&memory), before);
    }
}
