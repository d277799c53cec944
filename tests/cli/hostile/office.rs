//! Hostile Word files and HTML pages given to `analyze` and `pretranslate`:
//! one line naming the file and what is wrong, exit 1, and no output
//! file written (neither the document nor its review XLIFF).

use crate::analyze::demo_memory;
use crate::{dragoman, sample, scratch};
use std::io::Write;

/// A ZIP of the given entries.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in entries {
        writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn broken_word_files_are_one_line_naming_the_file_and_nothing_is_written() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.resize(512, 0);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let core =
        "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:language>ar</dc:language></cp:coreProperties>";
    let unbalanced = format!("<w:document {w}>\n<w:body>\n<w:p><w:r><w:t>نص</w:r></w:p></w:body></w:document>");
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("text.docx", b"source,target\n".to_vec(), "not a ZIP archive, so not a Word .docx"),
        ("secret.docx", encrypted, "an encrypted Word document"),
        ("cut.docx", b"PK\x03\x04\x14\x00\x00\x00".to_vec(), "not a readable ZIP archive"),
        ("sheet.docx", zip_of(&[("xl/workbook.xml", "<workbook/>")]), "a ZIP without word/document.xml"),
        ("runs.docx", zip_of(&[("docProps/core.xml", core), ("word/document.xml", &unbalanced)]), "word/document.xml: line 3: "),
    ];
    for (name, bytes, want) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        for command in ["analyze", "pretranslate"] {
            let out = dir.path().join(format!("out-{name}"));
            let mut cmd = dragoman(&memory);
            cmd.arg(command).arg(&file).args(["--src-lang", "ar"]);
            if command == "pretranslate" {
                cmd.arg("--out").arg(&out);
            }
            let assert = cmd.assert().code(1);
            let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
            assert!(stderr.contains(&format!("{}: {want}", file.display())), "{command} {name}: want {want:?} in {stderr:?}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(!out.exists() && !out.with_extension("xlf").exists(), "{command} {name} wrote output");
        }
    }
}

#[test]
fn a_failed_document_pretranslation_leaves_the_old_outputs_as_they_were() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let out = dir.path().join("dispatch.en.html");
    std::fs::write(&out, "old page").unwrap();
    std::fs::write(out.with_extension("xlf"), "old review").unwrap();
    let bad = dir.path().join("dispatch.html");
    let mut page = std::fs::read(sample("jobs/dispatch.html")).unwrap();
    page.extend(b"<p>caf\xe9</p>");
    std::fs::write(&bad, page).unwrap();
    let assert = dragoman(&memory).arg("pretranslate").arg(&bad).arg("--out").arg(&out).args(["--min-score", "75"]).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("not UTF-8 at byte"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old page");
    assert_eq!(std::fs::read_to_string(out.with_extension("xlf")).unwrap(), "old review");
}
