//! `dragoman segment` on the samples.

use super::*;

fn sentence_count(file: &str) -> usize {
    let dir = scratch();
    stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(sample(file))).lines().count()
}

#[test]
fn each_sample_splits_into_the_sentences_its_gold_file_implies() {
    for (name, lang) in PAIRS {
        let gold = gold(name);
        let src = gold.iter().map(|b| b.src.len()).sum::<usize>();
        let tgt = gold.iter().map(|b| b.tgt.len()).sum::<usize>();
        assert_eq!(sentence_count(&format!("{name}.{lang}.txt")), src, "{name}.{lang}.txt");
        assert_eq!(sentence_count(&format!("{name}.en.txt")), tgt, "{name}.en.txt");
    }
}

#[test]
fn json_spans_point_into_the_input() {
    let dir = scratch();
    let file = sample("delegation.ar.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--format", "json"]).arg(&file));
    let mut last_end = 0;
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (start, end) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        assert!(start >= last_end && end > start);
        assert_eq!(&text[start..end], v["text"].as_str().unwrap());
        last_end = end;
    }
}

#[test]
fn text_whose_language_cannot_be_told_is_segmented_with_its_scripts_rules() {
    let dir = scratch();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "-"]).write_stdin("外交部说。会议结束。"));
    assert_eq!(out.lines().count(), 2);
    // (input, sentences, script named on stderr)
    let cases: &[(&str, &[&str], &str)] = &[
        ("Hello there. This is English.\n", &["Hello there.", "This is English."], "Latin script"),
        ("Doha Cairo", &["Doha Cairo"], "Latin script"),
        ("वह आया। फिर चला गया।", &["वह आया।", "फिर चला गया।"], "Devanagari script"),
        ("ሰላም ነው። እንዴት ነህ፧", &["ሰላም ነው።", "እንዴት ነህ፧"], "Ethiopic script"),
        ("ฉันไปตลาด วันนี้ฝนตก", &["ฉันไปตลาด วันนี้ฝนตก"], "Thai script"),
    ];
    for (input, want, script) in cases {
        let assert = dragoman(&dir.path().join("m.sqlite")).args(["segment", "-"]).write_stdin(*input).assert().success();
        let output = assert.get_output();
        assert_eq!(String::from_utf8(output.stdout.clone()).unwrap().lines().collect::<Vec<_>>(), *want, "{input}");
        let stderr = String::from_utf8(output.stderr.clone()).unwrap();
        assert_eq!(
            stderr,
            format!("dragoman: <stdin>: language not recognised; segmenting with the rules for {script} (give --lang)\n"),
            "{input}"
        );
    }
    // a language given is not second-guessed, and nothing is said
    dragoman(&dir.path().join("m.sqlite")).args(["segment", "--lang", "en", "-"]).write_stdin("Doha Cairo").assert().success().stderr("");
}

#[test]
fn a_directory_gives_one_json_record_per_sentence_with_its_file() {
    let dir = scratch();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("more")).unwrap();
    for name in ["delegation.ar.txt", "delegation.en.txt", "briefing.zh.txt"] {
        std::fs::copy(sample(name), docs.join(name)).unwrap();
    }
    std::fs::copy(sample("majlis.fa.txt"), docs.join("more/majlis.fa.txt")).unwrap();
    let assert = dragoman(&dir.path().join("m.sqlite")).args(["segment", "--format", "json"]).arg(&docs).assert().success();
    // no progress bar when standard error is not a terminal
    assert!(assert.get_output().stderr.is_empty());
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let mut per_file = std::collections::BTreeMap::<String, usize>::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let (start, end) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], v["text"].as_str().unwrap());
        *per_file.entry(file).or_default() += 1;
    }
    assert_eq!(per_file.len(), 4);
    // each file splits exactly as it does alone
    for (file, count) in per_file {
        let alone = stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(&file)).lines().count();
        assert_eq!(count, alone, "{file}");
    }
}

#[test]
fn a_large_input_is_read_in_blocks_with_offsets_into_the_whole_file() {
    let dir = scratch();
    let paragraph =
        "Mr. Haniyeh met the U.N. envoy at 10 a.m. on Monday. Talks went on (as the envoy said.) into the night! Did they end?\n";
    let text = paragraph.repeat((5 << 19) / paragraph.len()); // 2.5 MB: three blocks
    let file = dir.path().join("big.en.txt");
    std::fs::write(&file, &text).unwrap();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--format", "json"]).arg(&file));
    let mut count = 0;
    let mut last_end = 0;
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (start, end) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        assert!(start >= last_end);
        assert_eq!(&text[start..end], v["text"].as_str().unwrap());
        last_end = end;
        count += 1;
    }
    assert_eq!(count, 3 * text.lines().count());
}

#[test]
fn srx_rules_apply_and_rules_they_cannot_express_are_named() {
    let dir = scratch();
    let file = dir.path().join("note.en.txt");
    std::fs::write(&file, "Amb. Smith arrived. Res. 242 was cited! Then?\n").unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx");
    let assert = dragoman(&dir.path().join("m.sqlite")).args(["segment", "--rules"]).arg(&rules).arg(&file).assert().success();
    let output = assert.get_output();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), ["Amb. Smith arrived.", "Res. 242 was cited!", "Then?"]);
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(stderr.contains("rule 3 of 'English desk'") && stderr.contains("look-behind"), "{stderr}");
}

#[test]
fn exported_rules_load_back_as_srx() {
    let dir = scratch();
    let exported = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--export-rules"]));
    assert!(exported.contains("<srx") && exported.contains("languagerulename=\"ar\""));
    let rules = dir.path().join("builtin.srx");
    std::fs::write(&rules, exported).unwrap();
    let out = stdout_of(
        dragoman(&dir.path().join("m.sqlite"))
            .args(["segment", "--lang", "en", "--rules"])
            .arg(&rules)
            .arg("-")
            .write_stdin("Mr. Smith met Dr. Jones at 10 a.m. on Monday. They talked.\nAm 17. März."),
    );
    assert_eq!(out.lines().collect::<Vec<_>>(), ["Mr. Smith met Dr. Jones at 10 a.m. on Monday.", "They talked.", "Am 17.", "März."]);
}

#[test]
fn invalid_utf8_is_reported_with_file_and_byte() {
    let dir = scratch();
    let file = dir.path().join("bad.en.txt");
    std::fs::write(&file, b"Fine line.\nBroken \xff here.\n").unwrap();
    dragoman(&dir.path().join("m.sqlite"))
        .arg("segment")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bad.en.txt: invalid UTF-8 at byte 18"));
}

#[test]
fn bcp47_tags_with_script_and_region_are_accepted() {
    let dir = scratch();
    let out =
        stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--lang", "zh-Hans", "-"]).write_stdin("外交部说。会议结束。"));
    assert_eq!(out.lines().count(), 2);
    let out = stdout_of(
        dragoman(&dir.path().join("m.sqlite")).args(["segment", "--lang", "pt-BR", "-"]).write_stdin("O Sr. Silva chegou. Ele falou."),
    );
    assert_eq!(out.lines().collect::<Vec<_>>(), ["O Sr. Silva chegou.", "Ele falou."]);
}

/// The sentences of a `--format json` run, each checked against the bytes
/// of `file`: slicing them at start..end gives the sentence once in NFC.
fn json_sentences_checked_against(file: &Path, out: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let bytes = std::fs::read(file).unwrap();
    let mut sentences = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (start, end) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        let raw = std::str::from_utf8(&bytes[start..end]).unwrap();
        let text = v["text"].as_str().unwrap();
        assert_eq!(raw.nfc().collect::<String>(), text, "{}: {start}..{end}", file.display());
        sentences.push(text.to_string());
    }
    sentences
}

#[test]
fn json_offsets_count_the_bytes_of_a_decomposed_file_and_its_byte_order_mark() {
    use unicode_normalization::UnicodeNormalization;
    let dir = scratch();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let text = "Le président est arrivé à Genève. Élisabeth a parlé après lui.\nLa séance a été levée très tard. Ça a duré.\n";
    let want = ["Le président est arrivé à Genève.", "Élisabeth a parlé après lui.", "La séance a été levée très tard.", "Ça a duré."];
    let nfd = docs.join("nfd.fr.txt");
    std::fs::write(&nfd, text.nfd().collect::<String>()).unwrap();
    let bom = docs.join("bom.fr.txt");
    std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
    let both = docs.join("both.fr.txt");
    std::fs::write(&both, format!("\u{feff}{}", text.nfd().collect::<String>())).unwrap();
    for file in [&nfd, &bom, &both] {
        let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--format", "json"]).arg(file));
        assert_eq!(json_sentences_checked_against(file, &out), want, "{}", file.display());
        let plain = stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(file));
        assert_eq!(plain.lines().collect::<Vec<_>>(), want, "{}", file.display());
    }
    let first: serde_json::Value = serde_json::from_str(
        stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--format", "json"]).arg(&bom)).lines().next().unwrap(),
    )
    .unwrap();
    assert_eq!(first["start"], 3, "the byte order mark counts three bytes");
    // the same offsets when the files are segmented as a directory
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--format", "json"]).arg(&docs));
    for file in [&nfd, &bom, &both] {
        let name = file.display().to_string();
        let own: String = out
            .lines()
            .filter(|l| l.contains(&format!("\"file\":{}", serde_json::to_string(&name).unwrap())))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(json_sentences_checked_against(file, &own), want, "{name}");
    }
}

#[test]
fn a_broken_srx_file_is_refused_and_a_language_without_a_map_is_warned_about() {
    let dir = scratch();
    let text = dir.path().join("note.fr.txt");
    std::fs::write(&text, "M. Dupont est arrivé. Il parle.\n").unwrap();
    let house = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx")).unwrap();
    // cut inside a tag, and cut between elements (well-formed so far)
    let cut = dir.path().join("cut.srx");
    std::fs::write(&cut, &house[..500]).unwrap();
    let at_tag = house.find("</languagerule>").unwrap();
    let cut_at_tag = dir.path().join("cut-at-tag.srx");
    std::fs::write(&cut_at_tag, &house[..at_tag]).unwrap();
    let bare = dir.path().join("bare.srx");
    std::fs::write(&bare, "<srx><body>").unwrap();
    let last_line = |text: &str| text.lines().count();
    for (rules, place, what) in [
        (&cut, format!("cut.srx:{}: ", last_line(&house[..500])), "malformed XML"),
        (&cut_at_tag, format!("cut-at-tag.srx:{}: ", last_line(&house[..at_tag])), "unexpected end of file"),
        (&bare, "bare.srx:1: ".to_string(), "unexpected end of file"),
    ] {
        let assert = dragoman(&dir.path().join("m.sqlite")).args(["segment", "--rules"]).arg(rules).arg(&text).assert().code(1).stdout("");
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(&place) && stderr.contains(what), "{stderr}");
    }
    // the house rules without their default map have nothing for French
    let english_only = dir.path().join("english-only.srx");
    std::fs::write(&english_only, house.replace("<languagemap languagepattern=\".*\" languagerulename=\"Default\"/>", "")).unwrap();
    let assert = dragoman(&dir.path().join("m.sqlite"))
        .args(["segment", "--lang", "fr", "--rules"])
        .arg(&english_only)
        .arg(&text)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("english-only.srx: no languagemap matches 'fr'"), "{stderr}");
}

#[test]
fn hard_wrapped_text_is_cut_mid_sentence_unless_wrapped_is_given() {
    let dir = scratch();
    let file = dir.path().join("wrapped.en.txt");
    std::fs::write(&file, "The delegation met Mr. Haniyeh in Doha\non Monday. Talks went on into\nthe night.\n\nA second paragraph.\n")
        .unwrap();
    let by_line = stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(&file));
    assert_eq!(by_line.lines().count(), 5, "by default every line break ends a sentence");
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--wrapped"]).arg(&file));
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["The delegation met Mr. Haniyeh in Doha on Monday.", "Talks went on into the night.", "A second paragraph."]
    );
    let json = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--wrapped", "--format", "json"]).arg(&file));
    let bytes = std::fs::read(&file).unwrap();
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (start, end) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        assert_eq!(std::str::from_utf8(&bytes[start..end]).unwrap().replace('\n', " "), v["text"].as_str().unwrap());
    }
}

// Regression: one unreadable file stopped `segment DIR`, and the files
// after it were never segmented.
#[test]
fn a_bad_file_in_a_folder_is_reported_and_the_others_are_segmented() {
    let dir = scratch();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.en.txt"), "The talks resumed. They ended at noon.\n").unwrap();
    std::fs::write(docs.join("b.en.txt"), b"Broken \xff bytes.\n").unwrap();
    std::fs::write(docs.join("c.en.txt"), "The envoy left Doha. He said nothing.\n").unwrap();
    let output = dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(&docs).assert().code(1);
    let output = output.get_output();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.contains("c.en.txt: He said nothing."), "{out}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("b.en.txt") && err.contains("1 of 3 files could not be segmented"), "{err}");
}

#[test]
fn a_chinese_opening_quote_after_a_full_stop_goes_with_the_next_sentence() {
    let dir = scratch();
    let out =
        stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "--lang", "zh", "-"]).write_stdin("他说完了。“你走吧。”\n"));
    assert_eq!(out, "他说完了。\n“你走吧。”\n");
}

#[test]
fn a_sentence_over_1_mib_is_printed_in_pieces_with_a_warning_naming_its_offset() {
    let dir = scratch();
    // a 3 MB line without a terminator, after a short sentence
    let text = format!("Short one. Start {}\n", "word ".repeat(600_000).trim_end());
    let file = dir.path().join("long.en.txt");
    std::fs::write(&file, &text).unwrap();
    let output = dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(&file).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("long.en.txt: sentence at byte 11 longer than 1048576 bytes"), "{stderr}");
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Short one.");
    assert!(lines.len() >= 4, "{} pieces", lines.len());
    assert!(lines.iter().all(|l| l.len() <= 1 << 20), "a piece over 1 MiB");
    // nothing lost: the pieces give back every word
    assert_eq!(lines.join(" ").split_whitespace().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
}

#[test]
fn a_nul_byte_is_refused_with_file_and_byte_offset() {
    let dir = scratch();
    let file = dir.path().join("binary.en.txt");
    std::fs::write(&file, b"Fine text.\nMore\0text\n").unwrap();
    let output = dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("binary.en.txt: NUL byte at byte 15: not a text file"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Regression: `--rules -` looked for a file named `-`; standard input
/// works for the rules as for a text, and cannot be both.
#[test]
fn rules_given_as_dash_are_read_from_standard_input() {
    let dir = scratch();
    let rules = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx")).unwrap();
    let memory = dir.path().join("m.sqlite");
    let from_file = stdout_of(
        dragoman(&memory)
            .args(["segment", "--rules"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx"))
            .arg(sample("speech.en.txt")),
    );
    let from_stdin = stdout_of(dragoman(&memory).args(["segment", "--rules", "-"]).arg(sample("speech.en.txt")).write_stdin(rules.clone()));
    assert_eq!(from_stdin, from_file);
    let both = dragoman(&memory).args(["segment", "--rules", "-", "-"]).write_stdin(rules).assert().code(1).get_output().stderr.clone();
    assert_eq!(String::from_utf8(both).unwrap(), "dragoman: -: standard input can be the rules or the text, not both\n");
}
