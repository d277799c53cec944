//! `dragoman analyze`: the sample jobs against the memory the README's
//! demo builds, the report formats, the band settings, and bad input.

use crate::{dragoman, sample, scratch, stdout_of};
use dragoman::documents::words::count_words;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The memory `scripts/demo` builds: the delegation dispatch aligned
/// with its translation and stored, then the sample pairs imported.
pub fn demo_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("demo.sqlite");
    dragoman(&memory).arg("align").arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).arg("--store").assert().success();
    dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]).assert().success();
    memory
}

/// The translatable segments' sources of an XLIFF file, in order.
pub fn job_sources(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let document = dragoman::formats::xliff::read_document(file, &path.display().to_string()).unwrap();
    document
        .units
        .iter()
        .filter(|u| u.translate)
        .flat_map(|u| u.segments.iter().map(|s| s.source.text.trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The band each segment of `job` should fall in, worked out from the
/// stored units themselves (not through `analyze`): context when an
/// identical stored source has the job's previous and next sources as
/// the units stored beside it from the same document; 100% when some
/// stored source is identical; a repetition when met before in the job;
/// else the best `fuzzy::score` against every stored source, in the
/// default bands.
fn expected_bands(units: &[dragoman::memory::Unit], job: &[String]) -> Vec<&'static str> {
    let mut seen = std::collections::HashSet::new();
    let mut bands = Vec::new();
    for (i, text) in job.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| job[p].as_str());
        let next = job.get(i + 1).map(String::as_str);
        let beside = |k: usize, at: Option<usize>| {
            at.and_then(|j| units.get(j)).filter(|u| u.document == units[k].document).map(|u| u.source.trim().to_string())
        };
        let identical: Vec<usize> = (0..units.len()).filter(|&k| units[k].source.trim() == text).collect();
        let context =
            identical.iter().any(|&k| beside(k, k.checked_sub(1)).as_deref() == previous && beside(k, Some(k + 1)).as_deref() == next);
        let repeated = !seen.insert(text.clone());
        let best = units.iter().map(|u| dragoman::fuzzy::score(text, &u.source)).max().unwrap_or(0);
        bands.push(match () {
            _ if context => "context",
            _ if !identical.is_empty() => "100",
            _ if repeated => "repetitions",
            _ if best >= 95 => "95-99",
            _ if best >= 85 => "85-94",
            _ if best >= 75 => "75-84",
            _ if best >= 50 => "50-74",
            _ => "none",
        });
    }
    bands
}

/// Segments and words per band of one file of `analyze --format json`.
fn reported(json: &serde_json::Value, file: usize) -> BTreeMap<String, (u64, u64)> {
    json["files"][file]["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["band"].as_str().unwrap().to_string(), (b["segments"].as_u64().unwrap(), b["words"].as_u64().unwrap())))
        .filter(|(_, (segments, _))| *segments > 0)
        .collect()
}

#[test]
fn the_sample_jobs_fall_in_the_bands_their_construction_implies() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let units = dragoman::memory::Memory::open_for_reading(&memory, dragoman::fuzzy::index_keys()).unwrap().units(None, None).unwrap();
    let jobs = [sample("jobs/truce-talks.ar-en.xlf"), sample("jobs/nasrallah-speech.ar-en.xlf")];
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(dragoman(&memory).arg("analyze").args(&jobs).args(["--format", "json"]))).unwrap();
    let mut all_bands = std::collections::BTreeSet::new();
    for (n, job) in jobs.iter().enumerate() {
        let sources = job_sources(job);
        let bands = expected_bands(&units, &sources);
        let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (text, band) in sources.iter().zip(&bands) {
            let entry = expected.entry(band.to_string()).or_default();
            entry.0 += 1;
            entry.1 += count_words(text) as u64;
        }
        assert_eq!(reported(&json, n), expected, "{}", job.display());
        all_bands.extend(bands);
    }
    // what the samples are written to show: every kind of band, fuzzy ones included
    for band in ["context", "100", "repetitions", "95-99", "85-94", "50-74", "none"] {
        assert!(all_bands.contains(band), "no sample segment is in band {band}");
    }
    // the total is the sum of the files
    let total: u64 = (0..2).map(|n| json["files"][n]["segments"].as_u64().unwrap()).sum();
    assert_eq!(json["total"]["segments"].as_u64(), Some(total));
}

#[test]
fn a_repeated_sentence_counts_as_a_repetition_from_its_second_occurrence_only() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = dir.path().join("repeat.xlf");
    let unit = |id: usize, text: &str| format!("<trans-unit id=\"{id}\"><source>{text}</source></trans-unit>");
    let new = "وتزامن الخطاب مع تصعيد على الحدود الجنوبية.";
    std::fs::write(
        &job,
        format!(
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x\" source-language=\"ar\" \
             target-language=\"en\" datatype=\"plaintext\"><body>{}{}{}</body></file></xliff>",
            unit(1, new),
            unit(2, new),
            unit(3, new)
        ),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(dragoman(&memory).arg("analyze").arg(&job).args(["--format", "json"]))).unwrap();
    let bands = reported(&json, 0);
    assert_eq!(bands["repetitions"].0, 2);
    assert_eq!(bands["none"].0, 1);
}

#[test]
fn the_csv_and_html_reports_carry_the_same_figures_and_the_page_is_escaped() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    // a file name with markup in it, which the page must show as text
    let job = dir.path().join("<b>job&.xlf");
    std::fs::copy(sample("jobs/truce-talks.ar-en.xlf"), &job).unwrap();
    let html = dir.path().join("report.html");
    let csv = stdout_of(dragoman(&memory).arg("analyze").arg(&job).args(["--format", "csv", "--html"]).arg(&html));
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let total = rows.records().map(Result::unwrap).find(|r| &r[0] == "total" && &r[1] == "total").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(dragoman(&memory).arg("analyze").arg(&job).args(["--format", "json"]))).unwrap();
    assert_eq!(total[3].parse::<u64>().unwrap(), json["total"]["words"].as_u64().unwrap());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("<rect"), "no bar chart");
    assert!(page.contains("&lt;b&gt;job&amp;.xlf"), "the file name is not escaped");
    assert!(!page.contains("<b>job"));
    // self-contained: nothing fetched
    assert!(!page.contains("src=") && !page.contains("href="));
}

#[test]
fn bands_come_from_the_flag_else_the_config_file() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = sample("jobs/truce-talks.ar-en.xlf");
    let bands_of = |json: &str| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(json).unwrap();
        json["total"]["bands"].as_array().unwrap().iter().map(|b| b["band"].as_str().unwrap().to_string()).collect()
    };
    let flag = stdout_of(dragoman(&memory).arg("analyze").arg(&job).args(["--format", "json", "--bands", "80-99=0.5,none=1"]));
    assert_eq!(bands_of(&flag), ["context", "100", "repetitions", "80-99", "none"]);
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("dragoman")).unwrap();
    std::fs::write(config.join("dragoman/config.toml"), "[analysis]\nbands = \"context=0,100=0.1,70-99=0.5\"\n").unwrap();
    let configured = stdout_of(dragoman(&memory).env("XDG_CONFIG_HOME", &config).arg("analyze").arg(&job).args(["--format", "json"]));
    assert_eq!(bands_of(&configured), ["context", "100", "repetitions", "70-99", "none"]);
    // a bad list in the file: one line naming the file and the line
    std::fs::write(config.join("dragoman/config.toml"), "\n[analysis]\nbands = \"90-100\"\n").unwrap();
    let failed = dragoman(&memory).env("XDG_CONFIG_HOME", &config).arg("analyze").arg(&job).assert().code(1);
    let stderr = String::from_utf8(failed.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("config.toml: line 3") && stderr.contains("HIGH <= 99"), "{stderr}");
    // a bad flag is a usage error
    dragoman(&memory).arg("analyze").arg(&job).args(["--bands", "80-99,85-90"]).assert().code(2);
}

#[test]
fn a_po_catalogue_is_analysed_in_the_source_language_given() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let po = dir.path().join("desk.po");
    std::fs::write(
        &po,
        "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         msgid \"وتواصل قطر ومصر، بالتنسيق مع الولايات المتحدة، وساطتهما بين حماس وإسرائيل.\"\nmsgstr \"\"\n\n\
         msgid \"وتزامن الخطاب مع تصعيد على الحدود الجنوبية.\"\nmsgstr \"\"\n",
    )
    .unwrap();
    // a PO file does not say its source language
    let failed = dragoman(&memory).arg("analyze").arg(&po).assert().code(1);
    assert!(String::from_utf8_lossy(&failed.get_output().stderr).contains("--src-lang"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(dragoman(&memory).arg("analyze").arg(&po).args(["--src-lang", "ar", "--format", "json"]))).unwrap();
    let bands = reported(&json, 0);
    assert_eq!(bands.get("100").map(|b| b.0), Some(1), "{bands:?}");
    assert_eq!(bands.get("none").map(|b| b.0), Some(1), "{bands:?}");
    assert_eq!(json["files"][0]["format"], "PO");
}

#[test]
fn a_malformed_job_is_one_line_naming_the_file_and_line() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let job = dir.path().join("broken.xlf");
    let text = std::fs::read_to_string(sample("jobs/truce-talks.ar-en.xlf")).unwrap();
    // a unit's source closed by the wrong tag on line 12
    std::fs::write(&job, text.replacen("في قطاع غزة.</source>", "في قطاع غزة.</target>", 1)).unwrap();
    let failed = dragoman(&memory).arg("analyze").arg(&job).assert().code(1);
    let stderr = String::from_utf8(failed.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.xlf: line 12"), "{stderr}");
    // a broken Word document is named as what it is
    let docx = dir.path().join("dispatch.docx");
    std::fs::write(&docx, b"PK\x03\x04\x14\x00\x00\x00rest of a zip").unwrap();
    let failed = dragoman(&memory).arg("analyze").arg(&docx).assert().code(1);
    let stderr = String::from_utf8(failed.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("dispatch.docx: not a readable ZIP archive"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

/// An XLIFF 1.2 job (Arabic to English) of these sources, one unit each.
pub fn job_of(path: &Path, sources: &[String]) {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let units: String =
        sources.iter().enumerate().map(|(n, s)| format!("<trans-unit id=\"u{n}\"><source>{}</source></trans-unit>\n", escape(s))).collect();
    std::fs::write(
        path,
        format!(
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x\" source-language=\"ar\" \
             target-language=\"en\" datatype=\"plaintext\"><body>\n{units}</body></file></xliff>\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_job_analysed_on_three_look_up_threads_counts_as_on_one_with_repetitions_across_their_shares() {
    let dir = scratch();
    let memory = demo_memory(dir.path());
    let units = dragoman::memory::Memory::open_for_reading(&memory, dragoman::fuzzy::index_keys()).unwrap().units(None, None).unwrap();
    // both samples, then the first again: its second time is all
    // repetitions (or 100%), in another thread's share than the first
    let first = job_sources(&sample("jobs/truce-talks.ar-en.xlf"));
    let sources: Vec<String> = [first.clone(), job_sources(&sample("jobs/nasrallah-speech.ar-en.xlf")), first].concat();
    // three shares of at least eight segments (the analyzer's smallest share)
    assert!(sources.len() >= 24, "{} segments: too few for three shares", sources.len());
    let job = dir.path().join("job.xlf");
    job_of(&job, &sources);
    let analysed = |jobs: &str| stdout_of(dragoman(&memory).arg("analyze").arg(&job).args(["--format", "json", "--jobs", jobs]));
    let (one, three) = (analysed("1"), analysed("3"));
    assert_eq!(one, three);
    let json: serde_json::Value = serde_json::from_str(&three).unwrap();
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (text, band) in sources.iter().zip(expected_bands(&units, &sources)) {
        let entry = expected.entry(band.to_string()).or_default();
        entry.0 += 1;
        entry.1 += count_words(text) as u64;
    }
    assert_eq!(reported(&json, 0), expected);
    assert!(expected["repetitions"].0 > 0);
}
