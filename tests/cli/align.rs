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
