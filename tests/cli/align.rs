//! `dragoman align` on the sample pairs, scored against their gold files.

use super::*;
use dragoman::align::Bead;
use dragoman::align::score::Counts;

/// Segments a sample with the binary and writes one sentence a line.
fn presegment(dir: &Path, file: &str) -> PathBuf {
    let out = stdout_of(dragoman(&dir.join("m.sqlite")).arg("segment").arg(sample(file)));
    let path = dir.join(file);
    std::fs::write(&path, out).unwrap();
    path
}

fn align_json(memory: &Path, src: &Path, tgt: &Path, extra: &[&str]) -> Vec<Bead> {
    let out = stdout_of(dragoman(memory).arg("align").arg(src).arg(tgt).args(["--format", "json"]).args(extra));
    dragoman::align::score::read_beads(&out).unwrap()
}

#[test]
fn each_sample_pair_aligns_with_strict_f1_of_at_least_0_8() {
    for (name, lang) in PAIRS {
        let dir = scratch();
        let src = presegment(dir.path(), &format!("{name}.{lang}.txt"));
        let tgt = presegment(dir.path(), &format!("{name}.en.txt"));
        let beads = align_json(&dir.path().join("m.sqlite"), &src, &tgt, &["--presegmented"]);
        let f1 = Counts::of(&gold(name), &beads).f1();
        assert!(f1 >= 0.8, "{name}: strict F1 {f1:.3}");
    }
}

#[test]
fn beads_cover_every_sentence_once_in_order_with_a_confidence() {
    let dir = scratch();
    let beads = align_json(&dir.path().join("m.sqlite"), &sample("briefing.zh.txt"), &sample("briefing.en.txt"), &[]);
    let src: Vec<usize> = beads.iter().flat_map(|b| b.src.clone()).collect();
    let tgt: Vec<usize> = beads.iter().flat_map(|b| b.tgt.clone()).collect();
    assert_eq!(src, (0..src.len()).collect::<Vec<_>>());
    assert_eq!(tgt, (0..tgt.len()).collect::<Vec<_>>());
    assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
}

#[test]
fn store_saves_pairs_with_both_documents_as_provenance() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let out = stdout_of(dragoman(&memory).arg("align").arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).arg("--store"));
    assert!(out.contains("stored "), "{out}");
    let export = stdout_of(dragoman(&memory).arg("export"));
    assert!(export.contains("delegation.ar.txt + "), "{export}");
    assert!(export.contains("delegation.en.txt"), "{export}");
}

#[test]
fn html_review_is_one_self_contained_page_with_a_row_per_bead() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let beads = align_json(&memory, &sample("speech.ar.txt"), &sample("speech.en.txt"), &[]);
    let page =
        stdout_of(dragoman(&memory).arg("align").arg(sample("speech.ar.txt")).arg(sample("speech.en.txt")).args(["--format", "html"]));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<tr class=").count(), beads.len());
    let unaligned = beads.iter().filter(|b| b.src.is_empty() || b.tgt.is_empty()).count();
    assert!(unaligned > 0, "the speech has untranslated sentences and footnotes");
    assert_eq!(page.matches("<tr class=\"unaligned\"").count(), unaligned);
    assert!(page.contains("lang=\"ar\" dir=\"rtl\""), "Arabic runs right to left");
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing fetched from the network");
}

#[test]
fn tsv_output_has_a_header_and_a_line_per_bead() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let beads = align_json(&memory, &sample("majlis.fa.txt"), &sample("majlis.en.txt"), &[]);
    let tsv = stdout_of(dragoman(&memory).arg("align").arg(sample("majlis.fa.txt")).arg(sample("majlis.en.txt")).args(["--format", "tsv"]));
    let lines: Vec<&str> = tsv.lines().collect();
    assert!(lines[0].starts_with("bead\tshape\tconfidence"));
    assert_eq!(lines.len(), beads.len() + 1);
    assert!(lines.iter().all(|l| l.split('\t').count() == 8), "{tsv}");
}

#[test]
fn a_folder_aligns_every_pair_with_one_summary_line_each() {
    let dir = scratch();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (name, lang) in PAIRS {
        for l in [*lang, "en"] {
            std::fs::copy(sample(&format!("{name}.{l}.txt")), docs.join(format!("{name}.{l}.txt"))).unwrap();
        }
    }
    std::fs::copy(sample("new.ar.txt"), docs.join("new.ar.txt")).unwrap();
    let memory = dir.path().join("m.sqlite");
    let output = dragoman(&memory).arg("align").arg(&docs).args(["--format", "json"]).assert().success().get_output().clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let names: Vec<&str> = lines.iter().map(|v| v["document"].as_str().unwrap()).collect();
    assert_eq!(names, ["briefing", "delegation", "majlis", "speech"]);
    for v in &lines {
        assert!(
            v["tgt"].as_str().unwrap().ends_with(".en.txt") && !v["src"].as_str().unwrap().ends_with(".en.txt"),
            "English is the translation: {v}"
        );
        assert!(v["beads"].as_u64().unwrap() > 10);
    }
    assert!(String::from_utf8(output.stderr).unwrap().contains("new: no translation beside"), "the lone file is reported");
    // the same through the folder and one pair at a time
    let one = align_json(&memory, &sample("delegation.ar.txt"), &sample("delegation.en.txt"), &["--no-memory-lexicon"]);
    assert_eq!(lines[1]["beads"].as_u64().unwrap() as usize, one.len());
}

#[test]
fn a_folder_run_stores_and_counts_what_it_held_back() {
    let dir = scratch();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for l in ["ar", "en"] {
        std::fs::copy(sample(&format!("speech.{l}.txt")), docs.join(format!("speech.{l}.txt"))).unwrap();
    }
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("align").arg(&docs).args(["--store", "--min-confidence", "0.99"]));
    assert!(out.starts_with("speech  ar→en  17×21 sentences"), "{out}");
    assert!(out.contains(" held back below 0.99"), "{out}");
}

#[test]
fn a_dictionary_line_without_a_tab_is_an_error_naming_file_and_line() {
    let dir = scratch();
    let dictionary = dir.path().join("ar-en.tsv");
    std::fs::write(&dictionary, "هدنة\ttruce\nمعبر crossing\n").unwrap();
    let output = dragoman(&dir.path().join("m.sqlite"))
        .arg("align")
        .arg(sample("delegation.ar.txt"))
        .arg(sample("delegation.en.txt"))
        .arg("--dictionary")
        .arg(&dictionary)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("ar-en.tsv:2: expected two tab-separated columns"), "{stderr}");
}

#[test]
fn a_dictionary_file_is_accepted_and_keeps_the_alignment_sound() {
    let dir = scratch();
    let dictionary = dir.path().join("ar-en.tsv");
    std::fs::write(&dictionary, "# word pairs\nهدنة\ttruce\nمعبر\tcrossing\nشاحنة\ttrucks\nالأسرى\tprisoners\n").unwrap();
    let src = presegment(dir.path(), "delegation.ar.txt");
    let tgt = presegment(dir.path(), "delegation.en.txt");
    let beads = align_json(&dir.path().join("m.sqlite"), &src, &tgt, &["--presegmented", "--dictionary", dictionary.to_str().unwrap()]);
    assert!(Counts::of(&gold("delegation"), &beads).f1() >= 0.8);
}

/// dictd's base-64 digits.
fn b64(mut n: usize) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 64]);
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// Writes a tiny dictd dictionary (gzip-compressed, as Debian ships
/// them) with the given entries and returns the index path.
fn tiny_dictd(dir: &Path, entries: &[(&str, &str)]) -> PathBuf {
    use std::io::Write;
    let (mut text, mut index) = (String::new(), String::new());
    for (key, entry) in entries {
        index.push_str(&format!("{key}\t{}\t{}\n", b64(text.len()), b64(entry.len())));
        text.push_str(entry);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    std::fs::write(dir.join("tiny-deu-fra.dict.dz"), gz.finish().unwrap()).unwrap();
    let path = dir.join("tiny-deu-fra.index");
    std::fs::write(&path, index).unwrap();
    path
}

#[test]
fn dict_import_turns_a_dictd_dictionary_into_word_pairs() {
    let dir = scratch();
    let index = tiny_dictd(
        dir.path(),
        &[
            ("00databaseshort", "00-database-short\n     Tiny German-French\n"),
            ("berg", "Berg /bɛʁk/ <n, masc>\n1. montagne, mont\nGeländeerhebung\n2. tas\nAnhäufung\n"),
            ("gletscher", "Gletscher /ˈɡlɛt͡ʃɐ/ <n, masc>\nglacier\nEismasse im Hochgebirge\n"),
        ],
    );
    let out = dir.path().join("deu-fra.tsv");
    let summary = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["dict", "import"]).arg(&index).arg("--output").arg(&out));
    assert_eq!(summary.trim(), format!("4 word pairs from 2 headwords written to {}", out.display()));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "Berg\tmontagne\nBerg\tmont\nBerg\ttas\nGletscher\tglacier\n");
    // the word list feeds the aligner
    let src = dir.path().join("a.de.txt");
    let tgt = dir.path().join("a.fr.txt");
    std::fs::write(&src, "Der Berg.\nDer Gletscher schmilzt seit Jahren unaufhaltsam und schnell.\n").unwrap();
    std::fs::write(&tgt, "Le glacier fond.\nLa montagne est haute, très haute, et belle.\n").unwrap();
    let beads = align_json(&dir.path().join("m.sqlite"), &src, &tgt, &["--presegmented", "--dictionary", out.to_str().unwrap()]);
    assert!(!beads.iter().any(|b| b.src == [0] && b.tgt == [0]), "Berg is not glacier: {beads:?}");
}

#[test]
fn a_malformed_dictd_index_line_is_reported_with_its_number() {
    let dir = scratch();
    let index = tiny_dictd(dir.path(), &[("berg", "Berg\nmontagne\n")]);
    let mut text = std::fs::read_to_string(&index).unwrap();
    text.push_str("gletscher\tnot base64!\tB\n");
    std::fs::write(&index, text).unwrap();
    let output = dragoman(&dir.path().join("m.sqlite")).args(["dict", "import"]).arg(&index).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("tiny-deu-fra.index:2: offset or length is not a dictd base-64 number"), "{stderr}");
}

#[test]
fn an_empty_translation_leaves_every_sentence_unaligned_without_failing() {
    let dir = scratch();
    let empty = dir.path().join("empty.en.txt");
    std::fs::write(&empty, "").unwrap();
    let memory = dir.path().join("m.sqlite");
    let beads = align_json(&memory, &sample("delegation.ar.txt"), &empty, &[]);
    assert_eq!(beads.len(), 19);
    assert!(beads.iter().all(|b| b.src.len() == 1 && b.tgt.is_empty()));
    assert!(align_json(&memory, &empty, &empty, &[]).is_empty());
    let page = stdout_of(dragoman(&memory).arg("align").arg(&empty).arg(&empty).args(["--format", "html"]));
    assert!(page.contains("0 beads"), "{page}");
}

// Regression: a document in three languages was dropped, and a folder
// run reported success although a group was left out.
#[test]
fn a_folder_pairs_a_source_with_each_translation_and_fails_on_an_ambiguous_group() {
    let dir = scratch();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (from, to) in [("delegation.ar.txt", "talks.ar.txt"), ("delegation.en.txt", "talks.en.txt"), ("delegation.en.txt", "talks.fr.txt")]
    {
        std::fs::copy(sample(from), docs.join(to)).unwrap();
    }
    // two translation languages side by side: which is the source?
    for l in ["de", "fr"] {
        std::fs::copy(sample("delegation.en.txt"), docs.join(format!("memo.{l}.txt"))).unwrap();
    }
    let output = dragoman(&dir.path().join("m.sqlite")).arg("align").arg(&docs).args(["--format", "json"]).assert().code(1);
    let output = output.get_output();
    let names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["document"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["talks (ar→en)", "talks (ar→fr)"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("memo: cannot tell source from translation"));
}

// Regression: the translator's notes at the end of the speech were paired
// with the last source sentences (0.85 confidence on a wrong pair).
#[test]
fn notes_the_source_lacks_are_left_unaligned() {
    let dir = scratch();
    let beads = align_json(&dir.path().join("m.sqlite"), &sample("speech.ar.txt"), &sample("speech.en.txt"), &[]);
    let target = stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(sample("speech.en.txt")));
    let notes: Vec<usize> = target
        .lines()
        .enumerate()
        .filter(|(_, s)| *s == "Notes" || s.starts_with('[') && s[1..].starts_with(char::is_numeric))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(notes.len(), 4, "the sample ends with a heading and three notes");
    for bead in &beads {
        if bead.tgt.iter().any(|t| notes.contains(t)) {
            assert!(bead.src.is_empty(), "a note paired: {bead:?}");
        }
    }
}

// Regression: align refused two short Latin-script files without a
// language in their names, where segment already fell back to the script.
#[test]
fn a_pair_whose_languages_cannot_be_told_is_aligned_but_not_stored() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let (src, tgt) = (dir.path().join("talks.src"), dir.path().join("talks.tgt"));
    std::fs::write(&src, "The talks went well. They ended at noon.\n").unwrap();
    std::fs::write(&tgt, "Les pourparlers se sont bien passés. Ils ont pris fin à midi.\n").unwrap();
    let output = dragoman(&memory).arg("align").arg(&src).arg(&tgt).args(["--format", "json"]).assert().success();
    let output = output.get_output();
    let beads = dragoman::align::score::read_beads(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert_eq!(beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect::<Vec<_>>(), [(vec![0], vec![0]), (vec![1], vec![1])]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("talks.src: language not recognised"));
    // a memory needs the real languages to find the pairs again
    dragoman(&memory).arg("align").arg(&src).arg(&tgt).arg("--store").assert().code(1).stderr(predicates::str::contains("--src-lang"));
}

/// Regression: `-o -` wrote a file named `-`, and `dict import -` looked
/// for `-.index`.
#[test]
fn dict_import_output_dash_is_standard_output_and_input_dash_is_refused() {
    let dir = scratch();
    let index = tiny_dictd(dir.path(), &[("berg", "Berg\nmontagne\n")]);
    let memory = dir.path().join("m.sqlite");
    let out = dragoman(&memory).current_dir(dir.path()).args(["dict", "import"]).arg(&index).args(["-o", "-"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), "Berg\tmontagne\n");
    assert_eq!(String::from_utf8_lossy(&out.get_output().stderr).trim(), "1 word pair from 1 headword");
    assert!(!dir.path().join("-").exists());
    let refused = dragoman(&memory).args(["dict", "import", "-"]).assert().code(1).get_output().stderr.clone();
    let refused = String::from_utf8(refused).unwrap();
    assert!(refused.starts_with("dragoman: -: a dictd dictionary is two files") && refused.lines().count() == 1, "{refused}");
}

/// Regression: `dict import -o FILE` wrote the file in place, so that a
/// failure left it truncated; it is now replaced whole, and an error
/// names it.
#[test]
fn dict_import_replaces_its_output_whole_and_a_full_device_is_named() {
    let dir = scratch();
    let index = tiny_dictd(dir.path(), &[("berg", "Berg\nmontagne\n")]);
    let memory = dir.path().join("m.sqlite");
    let out = dir.path().join("words.tsv");
    std::fs::write(&out, "old\tlist\n").unwrap();
    dragoman(&memory).args(["dict", "import"]).arg(&index).arg("-o").arg(&out).assert().success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "Berg\tmontagne\n");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().contains("dragoman-tmp")), "{names:?}");
    let full =
        dragoman(&memory).args(["dict", "import"]).arg(&index).args(["-o", "/dev/full"]).assert().code(1).get_output().stderr.clone();
    assert_eq!(String::from_utf8(full).unwrap(), "dragoman: /dev/full: cannot write: No space left on device (os error 28)\n");
}

/// Regression check: one side of a pair may come from standard input.
#[test]
fn align_reads_one_side_from_standard_input() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let from_files =
        stdout_of(dragoman(&memory).args(["align", "--format", "json"]).arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")));
    let piped = stdout_of(
        dragoman(&memory)
            .args(["align", "--format", "json", "--tgt-lang", "en"])
            .arg(sample("delegation.ar.txt"))
            .arg("-")
            .write_stdin(std::fs::read(sample("delegation.en.txt")).unwrap()),
    );
    assert_eq!(piped, from_files);
    let both = dragoman(&memory).args(["align", "-", "-"]).write_stdin("Hello.\n").assert().code(1).get_output().stderr.clone();
    assert_eq!(String::from_utf8(both).unwrap(), "dragoman: -: standard input can be one document of the pair, not both\n");
}

/// Regression: `--flag-below 2`, `NaN` or `inf` exited 1 as if the
/// documents were at fault; a value out of range is a usage error (exit 2).
#[test]
fn flag_below_out_of_range_or_nan_is_a_usage_error() {
    let dir = scratch();
    for value in ["2", "1.5", "NaN", "inf", "-inf", "half", ""] {
        let output = dragoman(&dir.path().join("m.sqlite"))
            .arg("align")
            .arg(sample("delegation.ar.txt"))
            .arg(sample("delegation.en.txt"))
            .arg(format!("--flag-below={value}"))
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(&format!("invalid value '{value}' for '--flag-below")), "{value}: {stderr}");
    }
    for value in ["0", "1", "0.75"] {
        dragoman(&dir.path().join("m.sqlite"))
            .arg("align")
            .arg(sample("delegation.ar.txt"))
            .arg(sample("delegation.en.txt"))
            .arg(format!("--flag-below={value}"))
            .assert()
            .success();
    }
}

#[test]
fn an_out_of_range_or_nan_confidence_is_a_usage_error() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    for value in ["2", "NaN", "-0.1", "inf", "half"] {
        for flag in [["--store", "--min-confidence"], ["--flag-below", "--flag-below"]] {
            let mut cmd = dragoman(&memory);
            cmd.arg("align").arg(sample("speech.ar.txt")).arg(sample("speech.en.txt"));
            if flag[0] == "--store" {
                cmd.arg("--store");
            }
            let output = cmd.arg(format!("{}={value}", flag[1])).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{} {value}: {}", flag[1], String::from_utf8_lossy(&output.stderr));
            assert!(String::from_utf8_lossy(&output.stderr).contains("from 0 to 1"), "{}", String::from_utf8_lossy(&output.stderr));
        }
    }
    assert!(!memory.exists(), "a usage error created the memory");
}

#[test]
fn a_3_mb_sentence_is_aligned_in_pieces_and_every_stored_pair_exports_and_imports_again() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let src = dir.path().join("long.fr.txt");
    let tgt = dir.path().join("long.en.txt");
    std::fs::write(&src, format!("Il est arrivé hier. Début {}\nIl repart demain.\n", "mot ".repeat(750_000).trim_end())).unwrap();
    std::fs::write(&tgt, format!("He arrived yesterday. Start {}\nHe leaves tomorrow.\n", "word ".repeat(600_000).trim_end())).unwrap();
    let output = dragoman(&memory).arg("align").arg(&src).arg(&tgt).args(["--store", "--force"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("long.fr.txt: 1 sentence(s) longer than 1048576 bytes"), "{stderr}");
    let tmx = dir.path().join("out.tmx");
    dragoman(&memory).args(["export", "--format", "tmx", "--output"]).arg(&tmx).assert().success();
    let again = dir.path().join("again.sqlite");
    let imported = dragoman(&again).arg("import").arg(&tmx).output().unwrap();
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(!String::from_utf8_lossy(&imported.stderr).contains("too long"), "{}", String::from_utf8_lossy(&imported.stderr));
}

#[test]
fn a_pair_of_unrelated_documents_is_stored_only_with_force() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let run = |extra: &[&str]| {
        let output = dragoman(&memory)
            .arg("align")
            .arg(sample("briefing.zh.txt"))
            .arg(sample("speech.en.txt"))
            .arg("--store")
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let held = run(&[]);
    assert!(held.contains("may not be translations of each other; nothing stored"), "{held}");
    assert!(!memory.exists(), "nothing stored, and no memory created");
    let forced = run(&["--force"]);
    assert!(forced.contains("stored "), "{forced}");
    assert!(!forced.contains("nothing stored"), "{forced}");
}

#[test]
fn every_sample_pair_is_judged_a_translation_and_stored() {
    for (name, lang) in PAIRS {
        let dir = scratch();
        let memory = dir.path().join("m.sqlite");
        let out = stdout_of(
            dragoman(&memory).arg("align").arg(sample(&format!("{name}.{lang}.txt"))).arg(sample(&format!("{name}.en.txt"))).arg("--store"),
        );
        assert!(!out.contains("nothing stored"), "{name}: {out}");
        assert!(out.contains("stored 1") || out.contains("stored 2"), "{name}: {out}");
    }
}

#[test]
fn a_pair_whose_target_is_its_source_in_the_same_language_is_not_stored() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    // the same English text, with one sentence reworded
    let text = std::fs::read_to_string(sample("speech.en.txt")).unwrap();
    let first = text.split_once(". ").unwrap().0;
    let edited = dir.path().join("edited.en.txt");
    std::fs::write(&edited, text.replacen(first, "An edited opening", 1)).unwrap();
    let out = stdout_of(dragoman(&memory).arg("align").arg(sample("speech.en.txt")).arg(&edited).args(["--store", "--force"]));
    assert!(out.contains("identical to their source"), "{out}");
    let export = stdout_of(dragoman(&memory).args(["export", "--format", "tsv"]));
    for line in export.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_ne!(fields.first(), fields.get(1), "stored a pair whose target is its source: {line}");
    }
}

#[test]
fn an_imported_dictionary_is_kept_and_used_by_align_both_ways_until_no_dictionary() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    // French → German word pairs serve German → French alignment
    let tsv = dir.path().join("fr-de.tsv");
    std::fs::write(&tsv, "glacier\tGletscher\nmontagne\tBerg\n").unwrap();
    let summary = stdout_of(dragoman(&memory).args(["dict", "import"]).arg(&tsv));
    let kept = dir.path().join("data/dragoman/dictionaries/fr-de.fr-de.tsv");
    assert!(summary.contains("2 word pairs from 2 headwords kept for fr-de alignment"), "{summary}");
    assert!(std::fs::read_to_string(&kept).unwrap().starts_with("# dragoman dictionary fr de\n"));
    let src = dir.path().join("a.de.txt");
    let tgt = dir.path().join("a.fr.txt");
    std::fs::write(&src, "Der Berg.\nDer Gletscher schmilzt seit Jahren unaufhaltsam und schnell.\n").unwrap();
    std::fs::write(&tgt, "Le glacier fond.\nLa montagne est haute, très haute, et belle.\n").unwrap();
    let with = align_json(&memory, &src, &tgt, &["--presegmented"]);
    assert!(!with.iter().any(|b| b.src == [0] && b.tgt == [0]), "Berg is not glacier: {with:?}");
    let without = align_json(&memory, &src, &tgt, &["--presegmented", "--no-dictionary"]);
    assert_ne!(with, without, "--no-dictionary leaves the kept dictionary out");
}

#[test]
fn dict_import_keeps_cc_cedict_for_chinese_and_names_a_bad_line() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let cedict = dir.path().join("cedict_ts.u8");
    std::fs::write(&cedict, "# CC-CEDICT\n停火 停火 [ting2 huo3] /ceasefire/\n代表團 代表团 [dai4 biao3 tuan2] /delegation/\n").unwrap();
    let summary = stdout_of(dragoman(&memory).args(["dict", "import", "--format", "json"]).arg(&cedict));
    let json: serde_json::Value = serde_json::from_str(summary.trim()).unwrap();
    assert_eq!((json["src_lang"].as_str(), json["tgt_lang"].as_str(), json["pairs"].as_u64()), (Some("zh"), Some("en"), Some(3)));
    assert!(dir.path().join("data/dragoman/dictionaries/zh-en.cedict.tsv").exists());
    std::fs::write(&cedict, "# CC-CEDICT\n停火 停火 [ting2 huo3] /ceasefire/\n代表團 代表团\n").unwrap();
    let output = dragoman(&memory).args(["dict", "import"]).arg(&cedict).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("cedict_ts.u8:3: expected `Traditional Simplified [pinyin] /gloss/…/`"), "{stderr}");
}

#[test]
fn align_rules_split_sentences_with_an_srx_file() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let src = dir.path().join("note.en.txt");
    let tgt = dir.path().join("note.fr.txt");
    std::fs::write(&src, "Amb. Smith arrived. Res. 242 was cited! Then?\n").unwrap();
    std::fs::write(&tgt, "L'ambassadeur Smith est arrivé. La résolution 242 a été citée ! Et ensuite ?\n").unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx");
    let source_sentences = |beads: &[Bead]| beads.iter().flat_map(|b| b.src.clone()).count();
    let built_in = align_json(&memory, &src, &tgt, &[]);
    let with_rules = align_json(&memory, &src, &tgt, &["--rules", rules.to_str().unwrap()]);
    assert_eq!(source_sentences(&with_rules), 3, "Amb. and Res. end no sentence under the desk's rules: {with_rules:?}");
    assert!(source_sentences(&built_in) > 3, "the built-in rules break after them: {built_in:?}");
    assert_eq!(with_rules.iter().map(|b| (b.src.len(), b.tgt.len())).collect::<Vec<_>>(), [(1, 1); 3]);
}

#[test]
fn what_a_stored_alignment_teaches_is_kept_for_the_next_one() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let kept = dir.path().join("data/dragoman/lexicons/ar-en.tsv");
    let align = |extra: &[&str]| {
        dragoman(&memory)
            .arg("align")
            .arg(sample("delegation.ar.txt"))
            .arg(sample("delegation.en.txt"))
            .arg("--store")
            .args(extra)
            .assert()
            .success();
    };
    align(&["--no-memory-lexicon"]);
    assert!(!kept.exists(), "--no-memory-lexicon learns nothing to keep");
    align(&[]);
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(text.starts_with("# dragoman lexicon ar en\n"), "{text}");
    assert!(text.lines().count() > 5, "{text}");
    // the next alignment reads it (a damaged file is an error naming it)
    std::fs::write(&kept, "# dragoman lexicon ar en\nbroken line\n").unwrap();
    let output =
        dragoman(&memory).arg("align").arg(sample("speech.ar.txt")).arg(sample("speech.en.txt")).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("ar-en.tsv:2: expected two tab-separated columns"), "{stderr}");
}

#[test]
fn an_embeddings_command_adds_meaning_where_lengths_mislead() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let src = dir.path().join("a.de.txt");
    let tgt = dir.path().join("a.en.txt");
    // the translation swaps each pair of sentences, so 2-2 beads are right
    std::fs::write(
        &src,
        "Hund.\nDie Katze schläft lange auf dem warmen Ofen neben dem Fenster.\nVogel.\nDer Hund und die Katze spielen zusammen im großen Garten hinter dem Haus.\n",
    )
    .unwrap();
    std::fs::write(
        &tgt,
        "The cat sleeps for a long time on the warm stove by the window.\nDog.\nThe dog and the cat play together in the big garden behind the house.\nBird.\n",
    )
    .unwrap();
    let encoder = format!("sh {}", Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fake-encoder.sh").display());
    let pairs = |beads: Vec<Bead>| beads.into_iter().map(|b| (b.src, b.tgt)).collect::<Vec<_>>();
    let right = vec![(vec![0, 1], vec![0, 1]), (vec![2, 3], vec![2, 3])];
    let with = pairs(align_json(&memory, &src, &tgt, &["--presegmented", "--no-memory-lexicon", "--embeddings-command", &encoder]));
    assert_eq!(with, right);
    let without = pairs(align_json(&memory, &src, &tgt, &["--presegmented", "--no-memory-lexicon"]));
    assert_ne!(without, right, "lengths alone pair the bird with the dog");
}

#[test]
fn a_broken_embeddings_command_is_a_one_line_error_naming_it() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let encoder = format!("sh {}", Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fake-encoder.sh").display());
    let run = |command: &str, broken: bool| -> String {
        let mut cmd = dragoman(&memory);
        cmd.arg("align").arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).args(["--embeddings-command", command]);
        if broken {
            cmd.env("FAKE_ENCODER_BROKEN", "1");
        }
        let output = cmd.assert().code(1).get_output().clone();
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = run(&encoder, true);
    assert!(stderr.contains("fake-encoder.sh: line 1 of its output: expected a JSON array of numbers"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let stderr = run("exit 3", false);
    assert!(stderr.contains("--embeddings-command exit 3: exited with exit status: 3"), "{stderr}");
    let stderr = run("head -n 2 > /dev/null; echo '[1,2]'", false);
    assert!(stderr.contains("gave 1 vectors for"), "{stderr}");
}

/// Regression: `--dictionary -` looked for a file named `-`; a word list
/// comes from standard input as from a file, and standard input is read
/// once only.
#[test]
fn a_dictionary_given_as_dash_is_read_from_standard_input() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let list = dir.path().join("words.tsv");
    std::fs::write(&list, "وفد\tdelegation\nالدوحة\tDoha\n").unwrap();
    let args = ["align", "--format", "json", "--no-dictionary"];
    let from_file = stdout_of(
        dragoman(&memory).args(args).arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).arg("--dictionary").arg(&list),
    );
    let from_stdin = stdout_of(
        dragoman(&memory)
            .args(args)
            .arg(sample("delegation.ar.txt"))
            .arg(sample("delegation.en.txt"))
            .args(["--dictionary", "-"])
            .write_stdin(std::fs::read(&list).unwrap()),
    );
    assert_eq!(from_stdin, from_file);
    let twice = dragoman(&memory)
        .args(["align", "--dictionary", "-", "--tgt-lang", "en"])
        .arg(sample("delegation.ar.txt"))
        .arg("-")
        .write_stdin("x")
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert_eq!(
        String::from_utf8(twice).unwrap(),
        "dragoman: -: standard input can be read once: one document, the rules or one dictionary\n"
    );
}

/// A public dictionary of `../shared/data/dicts` (FreeDict, CC-CEDICT),
/// or `None` with a visible note where it is missing.
fn public_dictionary(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/dicts").join(relative);
    if path.is_file() {
        return Some(path);
    }
    skip_visibly("an alignment with a public dictionary", &format!("{} is missing (see ../shared/data/dicts/fetch.sh)", path.display()));
    None
}

/// Aligns a sample pair after importing dictionaries and checks every
/// bead against the gold.
fn aligns_exactly_with(name: &str, lang: &str, dictionaries: &[PathBuf]) {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    for dictionary in dictionaries {
        stdout_of(dragoman(&memory).args(["dict", "import"]).arg(dictionary));
    }
    let beads = align_json(&memory, &sample(&format!("{name}.{lang}.txt")), &sample(&format!("{name}.en.txt")), &[]);
    let pairs = |beads: &[Bead]| -> Vec<(Vec<usize>, Vec<usize>)> { beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect() };
    assert_eq!(pairs(&beads), pairs(&gold(name)), "{name}");
}

/// Regression: with FreeDict ara-eng and eng-ara imported, the speech's
/// untranslated sentence (src 13, "وقال إن قضيته ستبقى حية في وجدان
/// اللبنانيين.") was joined to the next one in a 2-1 bead: the first pass
/// joined them at posterior 0.36, the pass after it counted that as no
/// omission at all and found omissions as unlikely as before.
#[test]
fn an_untranslated_arabic_sentence_is_left_out_with_freedict_imported() {
    let (Some(ara_eng), Some(eng_ara)) =
        (public_dictionary("freedict/freedict-ara-eng.index"), public_dictionary("freedict/freedict-eng-ara.index"))
    else {
        return;
    };
    aligns_exactly_with("speech", "ar", &[ara_eng, eng_ara]);
}

/// Regression: with CC-CEDICT imported, the briefing's answer sentence the
/// English leaves out ("答：我没有看到你提到的文章。") was joined to the
/// next one ("中国是中东国家的真诚朋友！") in a 2-1 bead.
#[test]
fn a_chinese_answer_the_english_leaves_out_is_left_out_with_cc_cedict_imported() {
    let Some(cedict) = public_dictionary("cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz") else { return };
    aligns_exactly_with("briefing", "zh", &[cedict]);
}

/// Regression: a translator's note in Chinese ("（译者注：…）") that the
/// English leaves out was read as an ordinary sentence, and joined to the
/// sentence before it, whose English repeats the note's number: only
/// "Translator's note", "Note du traducteur" and "Anmerkung des
/// Übersetzers" opened a note.
#[test]
fn a_chinese_translators_note_the_english_lacks_is_left_out() {
    let dir = scratch();
    let src = dir.path().join("note.zh.txt");
    let tgt = dir.path().join("note.en.txt");
    std::fs::write(
        &src,
        "外交部发言人汪文斌主持例行记者会。\n\
         中方对决议获得通过表示欢迎，这是安理会在当前局势下作出的又一重要努力。\n\
         （译者注：原文此处为“又一”，指安理会此前的第2712号决议。）\n\
         我们希望决议得到切实执行。\n",
    )
    .unwrap();
    std::fs::write(
        &tgt,
        "Foreign Ministry Spokesperson Wang Wenbin held a regular press conference.\n\
         China welcomes the adoption of the resolution, which is another important effort made by the Security Council in the current situation, following its Resolution 2712.\n\
         We hope it will be implemented in earnest.\n",
    )
    .unwrap();
    let beads = align_json(&dir.path().join("m.sqlite"), &src, &tgt, &["--presegmented"]);
    let pairs: Vec<(Vec<usize>, Vec<usize>)> = beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
    assert_eq!(pairs, vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![]), (vec![3], vec![2])]);
}
