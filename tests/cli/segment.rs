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
fn stdin_needs_a_language_or_a_script_that_tells() {
    let dir = scratch();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["segment", "-"]).write_stdin("外交部说。会议结束。"));
    assert_eq!(out.lines().count(), 2);
    dragoman(&dir.path().join("m.sqlite"))
        .args(["segment", "-"])
        .write_stdin("Doha Cairo")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--lang"));
}
