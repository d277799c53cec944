//! Tests of the XLIFF reader and writers, on the samples in
//! `tests/data/xliff/` (written for dragoman: an Arabic dispatch about a
//! delegation in Doha, as plain 1.2, segmented 1.2, SDLXLIFF, MQXLIFF
//! and 2.1) and on small strings. Written files are validated against
//! the OASIS schemas in `../shared/data/schemas` (or `$DRAGOMAN_SCHEMAS`)
//! with xmllint; translate-toolkit (`pip install translate-toolkit`,
//! checked with 3.20.4) writes a file with `po2xliff` for the reader.
//! Where a tool or the schemas are missing the check is skipped with a
//! note, except under CI (`CI` set), where it must run.

use super::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xliff").join(name)
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(sample_path(name)).unwrap()
}

fn read(name: &str) -> XliffDocument {
    read_document(&sample(name)[..], name).unwrap()
}

fn read_str(xliff: &str) -> Result<XliffDocument, XliffError> {
    read_document(xliff.as_bytes(), "job.xlf")
}

const SAMPLES: [&str; 5] = ["dispatch-1.2.xlf", "dispatch-segmented-1.2.xlf", "dispatch.sdlxliff", "dispatch.mqxliff", "dispatch-2.1.xlf"];

fn texts(unit: &XliffUnit) -> Vec<(String, Option<String>)> {
    unit.segments.iter().map(|s| (s.source.text.clone(), s.target.as_ref().map(|t| t.text.clone()))).collect()
}

#[test]
fn unsegmented_1_2_gives_one_segment_per_trans_unit_with_placeholders() {
    let doc = read("dispatch-1.2.xlf");
    assert_eq!((doc.version, doc.flavour), (XliffVersion::V1_2, Flavour::Oasis));
    assert_eq!(doc.files.len(), 1);
    let file = &doc.files[0];
    assert_eq!(
        (file.original.as_deref(), file.source_language.as_deref(), file.target_language.as_deref(), file.datatype.as_deref()),
        (Some("dispatch-0412.txt"), Some("ar"), Some("en"), Some("plaintext"))
    );
    assert_eq!(file.notes[0].text, "Embargoed until 10:00 GMT; names in house style.");
    let ids: Vec<&str> = doc.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let [one, two, three, four, five] = &doc.units[..] else { panic!("five units") };
    assert_eq!(texts(one), [("وصل وفد {1}حماس{/1} إلى الدوحة".into(), Some("A {1}Hamas{/1} delegation arrived in Doha".into()))]);
    assert_eq!((one.resname.as_deref(), one.approved, one.translate), (Some("headline"), Some(true), true));
    assert_eq!(one.notes[0].attributes["from"], "rana");
    assert_eq!(one.segments[0].state.as_deref(), Some("final"));
    // bpt/ept hide their native code; the alt-trans is not the target
    assert_eq!(texts(two)[0].0, "قال {1}إسماعيل هنية{/1} إن المحادثات \"جادة\"{2/}");
    assert_eq!(texts(two)[0].1.as_deref(), Some("Ismail Haniyeh said the talks were \"serious\""));
    assert_eq!(
        two.segments[0].source.markup,
        "قال <bpt id=\"1\">&lt;b&gt;</bpt>إسماعيل هنية<ept id=\"1\">&lt;/b&gt;</ept> إن المحادثات &quot;جادة&quot;<x id=\"2\"/>"
    );
    assert_eq!(two.segments[0].state.as_deref(), Some("needs-review-translation"));
    assert_eq!(texts(three), [("وأضاف أن الوفد سيلتقي رئيس الوزراء القطري {1/}يوم الأحد.".into(), None)]);
    assert!(!four.translate, "translate=\"no\" of the group is inherited");
    assert!(five.translate);
    assert_eq!(texts(five), [("ولم يصدر تعليق فوري من {1}الجانب الإسرائيلي{/1}.".into(), Some(String::new()))]);
    assert_eq!(five.line, 31);
}

#[test]
fn seg_source_gives_one_segment_per_segment_mrk() {
    let doc = read("dispatch-segmented-1.2.xlf");
    let p1 = &doc.units[0];
    assert_eq!(p1.segments.iter().map(|s| s.id.as_deref()).collect::<Vec<_>>(), [Some("1"), Some("2")]);
    assert_eq!(
        texts(p1)[1],
        ("وقال مسؤول إن {1}المفاوضات{/1} ستبدأ غدا.".into(), Some("An official said {1}the negotiations{/1} would begin tomorrow.".into()))
    );
    assert!(p1.segments.iter().all(|s| s.state.as_deref() == Some("translated")));
    assert_eq!(texts(&doc.units[1]), [("ولم يحدد موعدا للعودة.".into(), None), ("وتستمر الزيارة ثلاثة أيام.".into(), None)]);
}

#[test]
fn sdlxliff_reads_as_1_2_with_segments_inside_g_and_sdl_markup_ignored() {
    let doc = read("dispatch.sdlxliff");
    assert_eq!((doc.version, doc.flavour), (XliffVersion::V1_2, Flavour::Sdlxliff));
    assert_eq!(doc.files[0].source_language.as_deref(), Some("ar-QA"));
    assert_eq!(doc.units.len(), 3);
    let first = &doc.units[0];
    assert_eq!(texts(first)[0].0, "قال {1}إسماعيل هنية{/1} إن الوفد وصل إلى الدوحة.");
    // a comment mrk is a marker like any other; an empty segment mrk is an empty target
    assert_eq!(texts(first)[0].1.as_deref(), Some("{1}{2}Ismail Haniyeh{/2}{/1} said the delegation had arrived in Doha."));
    assert_eq!(texts(first)[1], ("وأضاف أن المحادثات ستستمر.".into(), Some(String::new())));
    assert!(!doc.units[1].translate);
    assert_eq!(texts(&doc.units[2]), [("الدوحة".into(), Some("Doha".into())), ("(رويترز)".into(), Some("(Reuters)".into()))]);
    // SDL's confirmation level of each segment, by mid
    let confirmations: Vec<Option<&str>> = doc.units.iter().flat_map(|u| &u.segments).map(|s| s.vendor_state.as_deref()).collect();
    assert_eq!(confirmations, [Some("Translated"), None, None, Some("ApprovedTranslation"), Some("Draft")]);
    assert!(doc.units.iter().flat_map(|u| &u.segments).all(|s| s.state.is_none()));
}

#[test]
fn mqxliff_reads_as_1_2_with_mq_attributes_ignored() {
    let doc = read("dispatch.mqxliff");
    assert_eq!(doc.flavour, Flavour::Mqxliff);
    assert_eq!(doc.files[0].target_language.as_deref(), Some("en-gb"));
    assert_eq!(texts(&doc.units[0]), [("وصل وفد {1}حماس{/1} إلى الدوحة".into(), Some("A {1}Hamas{/1} delegation arrived in Doha".into()))]);
    assert_eq!(texts(&doc.units[1]), [("وأكد المتحدث أن الزيارة تستمر {1/}ثلاثة أيام.".into(), Some(String::new()))]);
    let statuses: Vec<Option<&str>> = doc.units.iter().map(|u| u.segments[0].vendor_state.as_deref()).collect();
    assert_eq!(statuses, [Some("ManuallyConfirmed"), Some("NotStarted")]);
}

#[test]
fn xliff_2_1_reads_segments_states_notes_and_codes_across_segments() {
    let doc = read("dispatch-2.1.xlf");
    assert_eq!(doc.version, XliffVersion::V2_1);
    let file = &doc.files[0];
    assert_eq!(
        (file.id.as_deref(), file.source_language.as_deref(), file.target_language.as_deref()),
        (Some("f1"), Some("ar"), Some("en"))
    );
    assert_eq!(file.notes[0].attributes["category"], "desk");
    let u1 = &doc.units[0];
    assert_eq!(u1.resname.as_deref(), Some("lead"));
    assert_eq!(u1.notes[0].text, "Name in house style: Ismail Haniyeh.");
    // the ignorable and the mtc:matches are not segments
    assert_eq!(u1.segments.iter().map(|s| s.id.as_deref()).collect::<Vec<_>>(), [Some("s1"), Some("s2"), Some("s3")]);
    let s1 = &u1.segments[0];
    assert_eq!((s1.state.as_deref(), s1.sub_state.as_deref()), (Some("translated"), Some("desk:draft")));
    assert_eq!(s1.source.text, "قال {1}إسماعيل هنية{/1} إن الوفد وصل إلى الدوحة{2/}");
    assert_eq!(s1.target.as_ref().unwrap().text, "{1}Ismail Haniyeh{/1} said the delegation had arrived in Doha{2/}");
    // sc in s2 is closed by ec in s3: legal in 2.x
    assert_eq!(u1.segments[1].source.text, "وأضاف أن {1}المحادثات");
    assert_eq!(u1.segments[2].source.text, "ستبدأ {1}غدا{/1}{/2}.");
    assert_eq!(doc.units[1].segments[0].source.text, "الدوحة \u{200F}(رويترز)");
}

#[test]
fn placeholders_for_each_kind_of_inline_code() {
    let v12 = |source: &str| {
        format!("<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>{source}</source></trans-unit></body></file></xliff>")
    };
    let v2 = |source: &str| {
        format!(
            "<xliff version=\"2.0\" xmlns=\"{XLIFF_2_NAMESPACE}\" srcLang=\"ar\"><file id=\"f\"><unit id=\"1\"><segment><source>{source}</source></segment></unit></file></xliff>"
        )
    };
    let cases = [
        (v12("a &amp; b"), "a & b"),
        (v12("<g id=\"1\">x<x id=\"2\"/></g><ph id=\"3\">&lt;br/></ph>"), "{1}x{2/}{/1}{3/}"),
        (v12("<bpt id=\"1\">&lt;a href=\"<sub>link text</sub>\"></bpt>Doha<ept id=\"1\">&lt;/a></ept>"), "{1}Doha{/1}"),
        (v12("<it id=\"1\" pos=\"open\">&lt;i></it>x<it id=\"2\" pos=\"close\">&lt;/i></it>"), "{1}x{/2}"),
        (v12("<mrk mtype=\"term\">هنية</mrk><bx id=\"1\"/>y<ex id=\"2\" rid=\"1\"/>"), "{1}هنية{/1}{2}y{/2}"),
        (v12("<![CDATA[a <b>]]>"), "a <b>"),
        (v2("<pc id=\"1\">x<ph id=\"2\"/></pc><sc id=\"3\"/>y<ec startRef=\"3\"/>"), "{1}x{2/}{/1}{3}y{/3}"),
        (v2("<sm id=\"m\"/>z<em startRef=\"m\"/><mrk id=\"k\" translate=\"no\">k</mrk><cp hex=\"0007\"/>"), "{1}z{/1}{2}k{/2}\u{7}"),
        (v2("<ec isolated=\"yes\" id=\"5\"/>tail"), "{/1}tail"),
    ];
    for (xliff, want) in cases {
        let doc = read_str(&xliff).unwrap_or_else(|e| panic!("{xliff}: {e}"));
        assert_eq!(doc.units[0].segments[0].source.text, want, "{xliff}");
    }
}

#[test]
fn a_prefixed_root_makes_its_prefix_the_xliff_one() {
    let xliff = format!(
        "<x:xliff xmlns:x=\"{XLIFF_1_2_NAMESPACE}\" version=\"1.2\"><x:file original=\"a\"><x:body>\
         <x:trans-unit id=\"1\"><x:source>Doha <x:g id=\"1\">now</x:g><g>not XLIFF</g></x:source></x:trans-unit>\
         </x:body></x:file></x:xliff>"
    );
    let doc = read_str(&xliff).unwrap();
    assert_eq!(doc.units[0].segments[0].source.text, "Doha {1}now{/1}{2}not XLIFF{/2}");
    let key = SegmentKey { file: 0, unit: "1".into(), segment: 0 };
    let updates = HashMap::from([(key, TargetUpdate::text("الدوحة", Some("translated")))]);
    let written = String::from_utf8(write_back(xliff.as_bytes(), "p.xlf", &updates, Vec::new()).unwrap().out).unwrap();
    assert!(written.contains("</x:source><x:target state=\"translated\">الدوحة</x:target></x:trans-unit>"), "{written}");
}

#[test]
fn a_translation_with_the_same_placeholders_gets_the_source_codes() {
    let doc = read("dispatch-1.2.xlf");
    let headline = &doc.units[0].segments[0].source;
    assert_eq!(headline.codes, [("{1}".to_string(), "<g id=\"b1\">".to_string()), ("{/1}".into(), "</g>".into())]);
    assert_eq!(headline.markup_for("A {1}Hamas{/1} delegation & {9} more").unwrap(), "A <g id=\"b1\">Hamas</g> delegation &amp; {9} more");
    assert_eq!(headline.markup_for("A {1}Hamas delegation").unwrap_err(), "{1} is opened but not closed");
    assert_eq!(headline.markup_for("{/1}Hamas{1}").unwrap_err(), "{/1} closes a code that is not open there");
    let lead = &doc.units[1].segments[0].source;
    let markup = lead.markup_for("{2/}Ismail Haniyeh{/1} said {1}").unwrap();
    assert_eq!(markup, "<x id=\"2\"/>Ismail Haniyeh<ept id=\"1\">&lt;/b&gt;</ept> said <bpt id=\"1\">&lt;b&gt;</bpt>");
    // (bpt/ept out of order are separate elements: well-formed, and the reader says what is wrong)
    let v2 = read("dispatch-2.1.xlf");
    let s1 = &v2.units[0].segments[0];
    assert_eq!(s1.source.markup_for(&s1.target.as_ref().unwrap().text).unwrap(), s1.target.as_ref().unwrap().markup);
    assert_eq!(v2.units[0].segments[2].source.codes.len(), 3, "{:?}", v2.units[0].segments[2].source.codes);
}

#[test]
fn stored_markup_is_kept_only_where_the_text_does_not_say_it_all() {
    assert_eq!(Content::plain("a < b").stored_markup(), None);
    assert_eq!(Content::plain(" padded ").stored_markup(), Some(" padded "));
    let doc = read("dispatch-1.2.xlf");
    assert!(doc.units[0].segments[0].source.stored_markup().unwrap().contains("<g id=\"b1\">"));
}

/// Every error is one line, names the file and a line, and says what is wrong.
#[test]
fn bad_input_is_a_one_line_error_naming_file_and_line() {
    let v12 = |units: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"{XLIFF_1_2_NAMESPACE}\">\n<file><body>\n{units}\n</body></file></xliff>"
        )
    };
    let v2 = |units: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"{XLIFF_2_NAMESPACE}\" srcLang=\"ar\">\n<file id=\"f\">\n{units}\n</file></xliff>"
        )
    };
    let cases = [
        (v12("<trans-unit id=\"1\"><source>x</target></trans-unit>"), "line 4: ill-formed"),
        (v12("<trans-unit id=\"1\"><source>x</source>").replace("</body></file></xliff>", ""), "unexpected end of file"),
        ("<xliff version=\"3.0\"><file/></xliff>".into(), "line 1: root <xliff> has version \"3.0\""),
        ("<xliff version=\"1.2\" xmlns=\"urn:example:not-xliff\"/>".into(), "namespace \"urn:example:not-xliff\""),
        (format!("<xliff version=\"2.0\" xmlns=\"{XLIFF_1_2_NAMESPACE}\"/>"), "which is not XLIFF 2.0's"),
        ("<xliff><file/></xliff>".into(), "no version"),
        ("<tmx version=\"1.4\"/>".into(), "not an XLIFF file: the root element is <tmx>"),
        (
            v12("<trans-unit id=\"1\">\n<source>a <bx id=\"1\"/>b</source></trans-unit>"),
            "line 5: <bx> with id \"1\" is not closed by an <ex>",
        ),
        (
            v12("<trans-unit id=\"1\"><source>a <ept id=\"4\">&lt;/b></ept></source></trans-unit>"),
            "line 4: <ept> with id \"4\" closes no <bpt>",
        ),
        (
            v2("<unit id=\"u\"><segment><source><sc id=\"1\"/>a</source></segment>\n<segment><source>b</source></segment></unit>"),
            "line 4: <sc> with id \"1\" is never closed",
        ),
        (
            v2("<unit id=\"u\"><segment><source>a</source></segment>\n<segment><source><ec startRef=\"9\"/>b</source></segment></unit>"),
            "line 5: <ec> with startRef \"9\" closes nothing",
        ),
        (v2("<unit id=\"u\"><segment><source><pc id=\"1\">a</source></segment></unit>"), "line 4: ill-formed"),
        (v12("<trans-unit id=\"1\"><target>x</target></trans-unit>"), "line 4: <trans-unit id=\"1\"> has no <source>"),
        (v12("<trans-unit id=\"1\"><source>&lol;</source></trans-unit>"), "undefined entity &lol;"),
        (
            v12("<trans-unit id=\"1\"><source>&x;</source></trans-unit>")
                .replace("<xliff ", "<!DOCTYPE xliff [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<xliff "),
            "external entity &x; is not fetched",
        ),
    ];
    for (xliff, want) in cases {
        let error = read_str(&xliff).map(|_| ()).unwrap_err().to_string();
        assert!(error.starts_with("job.xlf: "), "{error}");
        assert!(error.contains(want), "want {want:?} in {error:?}");
        assert!(!error.contains('\n'), "{error}");
    }
    let mut doctype = String::from("<!DOCTYPE xliff [<!ENTITY lol0 \"lol\">");
    for k in 1..10 {
        doctype.push_str(&format!("<!ENTITY lol{k} \"{}\">", format!("&lol{};", k - 1).repeat(10)));
    }
    doctype.push_str("]>\n");
    let bomb = v12("<trans-unit id=\"1\"><source>&lol9;</source></trans-unit>").replace("<xliff ", &format!("{doctype}<xliff "));
    assert!(read_str(&bomb).unwrap_err().to_string().contains("entity bomb"));
}

fn write_back_bytes(name: &str, updates: &HashMap<SegmentKey, TargetUpdate>) -> Vec<u8> {
    let written = write_back(&sample(name)[..], name, updates, Vec::new()).unwrap();
    assert_eq!((written.updated, &written.not_found[..]), (updates.len(), &[][..]), "{name}");
    written.out
}

#[test]
fn write_back_without_updates_gives_the_file_back_byte_for_byte() {
    for name in SAMPLES {
        assert_eq!(String::from_utf8(write_back_bytes(name, &HashMap::new())).unwrap(), String::from_utf8(sample(name)).unwrap(), "{name}");
    }
}

/// Updates setting every segment's target to its source, with `state`
/// and a match of 87.5%.
fn targets_from_sources(doc: &XliffDocument) -> HashMap<SegmentKey, TargetUpdate> {
    let state = if doc.version.is_2x() { "translated" } else { "needs-review-translation" };
    let mut updates = HashMap::new();
    for unit in &doc.units {
        for (index, segment) in unit.segments.iter().enumerate() {
            let key = SegmentKey { file: unit.file, unit: unit.id.clone(), segment: index };
            let markup = segment.source.markup.clone();
            let matches = vec![TmMatch { quality: 87.5, origin: "desk.tm".into(), source: markup.clone(), target: markup.clone() }];
            updates.insert(key, TargetUpdate { markup, state: Some(state.into()), sub_state: None, matches });
        }
    }
    updates
}

#[test]
fn write_back_with_targets_equal_to_sources_reads_back_the_same_segments() {
    for name in SAMPLES {
        let before = read(name);
        let written = write_back_bytes(name, &targets_from_sources(&before));
        let after = read_document(&written[..], name).unwrap_or_else(|e| panic!("{name}: {e}\n{}", String::from_utf8_lossy(&written)));
        assert_eq!((after.version, after.flavour, &after.files), (before.version, before.flavour, &before.files), "{name}");
        assert_eq!(after.units.len(), before.units.len(), "{name}");
        for (a, b) in after.units.iter().zip(&before.units) {
            assert_eq!(
                (&a.id, &a.resname, a.approved, a.translate, &a.notes),
                (&b.id, &b.resname, b.approved, b.translate, &b.notes),
                "{name}"
            );
            assert_eq!(a.segments.len(), b.segments.len(), "{name} {}", a.id);
            for (sa, sb) in a.segments.iter().zip(&b.segments) {
                assert_eq!((&sa.id, &sa.source), (&sb.id, &sb.source), "{name} {}", a.id);
                assert_eq!(sa.target.as_ref(), Some(&sb.source), "{name} {}", a.id);
                let want = if before.version.is_2x() { "translated" } else { "needs-review-translation" };
                assert_eq!(sa.state.as_deref(), Some(want), "{name} {}", a.id);
                assert_eq!(sa.sub_state, None, "{name} {}", a.id);
            }
        }
    }
}

#[test]
fn write_back_changes_only_the_segments_it_is_given() {
    let name = "dispatch-segmented-1.2.xlf";
    let key = |unit: &str, segment| SegmentKey { file: 0, unit: unit.into(), segment };
    let updates = HashMap::from([
        (key("p1", 1), TargetUpdate::text("An official said talks begin tomorrow & end Monday.", Some("needs-review-translation"))),
        (key("p2", 1), TargetUpdate::text("The visit lasts three days.", None)),
    ]);
    let doc = read_document(&write_back_bytes(name, &updates)[..], name).unwrap();
    assert_eq!(
        texts(&doc.units[0]),
        [
            ("وصل الوفد إلى الدوحة مساء السبت.".into(), Some("The delegation arrived in Doha on Saturday evening.".into())),
            ("وقال مسؤول إن {1}المفاوضات{/1} ستبدأ غدا.".into(), Some("An official said talks begin tomorrow & end Monday.".into())),
        ]
    );
    assert_eq!(doc.units[0].segments[0].state.as_deref(), Some("needs-review-translation"));
    // a new target has every segment mrk, the others empty
    assert_eq!(texts(&doc.units[1])[0].1.as_deref(), Some(""));
    assert_eq!(texts(&doc.units[1])[1].1.as_deref(), Some("The visit lasts three days."));
    assert_eq!(doc.units[1].segments[1].state, None);
}

#[test]
fn write_back_records_matches_as_alt_trans_and_mtc_matches() {
    for (name, element, count) in
        [("dispatch-1.2.xlf", "<alt-trans match-quality=\"87.5\" origin=\"desk.tm\">", 5), ("dispatch-2.1.xlf", "<mtc:match ref=\"#s", 4)]
    {
        let written = String::from_utf8(write_back_bytes(name, &targets_from_sources(&read(name)))).unwrap();
        let before = String::from_utf8(sample(name)).unwrap();
        assert_eq!(written.matches(element).count(), before.matches(element).count() + count, "{name}: {written}");
    }
    let segmented =
        String::from_utf8(write_back_bytes("dispatch-segmented-1.2.xlf", &targets_from_sources(&read("dispatch-segmented-1.2.xlf"))))
            .unwrap();
    for mid in 1..=4 {
        assert!(segmented.contains(&format!("<alt-trans mid=\"{mid}\" match-quality=\"87.5\"")), "{segmented}");
    }
    // a 2.x file that does not declare the module gets it declared where the matches go
    let bare = String::from_utf8(sample("dispatch-2.1.xlf")).unwrap().replace(&format!(" xmlns:mtc=\"{MATCHES_NAMESPACE}\""), "").replace(
        "<mtc:matches>\n        <mtc:match ref=\"#s1\" matchQuality=\"92.5\" origin=\"desk.tm\">\n          <source>قال إسماعيل هنية إن الوفد وصل إلى الدوحة</source>\n          <target>Ismail Haniyeh said the delegation arrived in Doha</target>\n        </mtc:match>\n      </mtc:matches>",
        "",
    );
    assert!(!bare.contains("mtc:"));
    let updates = targets_from_sources(&read_str(&bare).unwrap());
    let written = String::from_utf8(write_back(bare.as_bytes(), "bare.xlf", &updates, Vec::new()).unwrap().out).unwrap();
    assert_eq!(written.matches(&format!("<mtc:matches xmlns:mtc=\"{MATCHES_NAMESPACE}\"><mtc:match ")).count(), 2, "{written}");
    // and reads back as the same units, targets = sources (lines moved by the inserted targets)
    let lineless = |doc: XliffDocument| doc.units.into_iter().map(|u| XliffUnit { line: 0, ..u }).collect::<Vec<_>>();
    let mut want = lineless(read_str(&bare).unwrap());
    for s in want.iter_mut().flat_map(|u| &mut u.segments) {
        (s.target, s.state, s.sub_state) = (Some(s.source.clone()), Some("translated".into()), None);
    }
    assert_eq!(lineless(read_str(&written).unwrap()), want);
}

#[test]
fn write_back_of_a_truncated_or_broken_file_is_an_error() {
    let original = String::from_utf8(sample("dispatch-1.2.xlf")).unwrap();
    let cases = [
        (original[..original.find("</body>").unwrap()].to_string(), "unexpected end of file inside <xliff>"),
        (original[..original.find("<trans-unit id=\"3\">").unwrap() + 19].to_string(), "unexpected end of file inside <unit>"),
        (original.replace("</source>\n        <target state=\"final\">", "</target>"), "line 11: ill-formed"),
        (original.replace("version=\"1.2\" xmlns", "version=\"1.3\" xmlns"), "line 3: root <xliff> has version \"1.3\""),
    ];
    for (xliff, want) in cases {
        let error = write_back(xliff.as_bytes(), "job.xlf", &HashMap::new(), Vec::new()).map(|_| ()).unwrap_err().to_string();
        assert!(error.starts_with("job.xlf: ") && error.contains(want), "want {want:?} in {error:?}");
    }
}

#[test]
fn write_back_reports_updates_that_name_no_segment() {
    let name = "dispatch-1.2.xlf";
    let key = |file, unit: &str, segment| SegmentKey { file, unit: unit.into(), segment };
    let update = TargetUpdate::text("Doha", Some("translated"));
    let updates = HashMap::from([
        (key(0, "3", 0), update.clone()),
        (key(0, "3", 1), update.clone()),
        (key(0, "no-such-unit", 0), update.clone()),
        (key(1, "1", 0), update.clone()),
    ]);
    let written = write_back(&sample(name)[..], name, &updates, Vec::new()).unwrap();
    assert_eq!(written.updated, 1);
    assert_eq!(written.not_found, [key(0, "3", 1), key(0, "no-such-unit", 0), key(1, "1", 0)]);
    let doc = read_document(&written.out[..], name).unwrap();
    assert_eq!(doc.units[2].segments[0].target.as_ref().map(|t| t.text.as_str()), Some("Doha"));
}

/// The elements and attributes of a namespace prefix in a document, as written.
fn extension_markup(xml: &str, prefix: &str) -> Vec<String> {
    let pattern = regex::Regex::new(&format!(r#"</?{prefix}:[^\s>/]+|\s{prefix}:[\w-]+="[^"]*""#)).unwrap();
    pattern.find_iter(xml).map(|m| m.as_str().trim().to_string()).collect()
}

/// Every target is replaced except those holding extension markup (an
/// SDL comment `mrk` in a target goes with the target it is replaced by).
#[test]
fn write_back_keeps_every_sdl_and_mq_extension() {
    for (name, prefix, at_least) in [("dispatch.sdlxliff", "sdl", 20), ("dispatch.mqxliff", "mq", 15)] {
        let original = String::from_utf8(sample(name)).unwrap();
        let doc = read(name);
        let mut updates = targets_from_sources(&doc);
        for unit in &doc.units {
            for (index, segment) in unit.segments.iter().enumerate() {
                if segment.target.as_ref().is_some_and(|t| t.markup.contains(&format!("{prefix}:"))) {
                    updates.remove(&SegmentKey { file: unit.file, unit: unit.id.clone(), segment: index });
                }
            }
        }
        assert!(updates.len() + 1 == targets_from_sources(&doc).len() || prefix == "mq");
        let written = String::from_utf8(write_back_bytes(name, &updates)).unwrap();
        assert_ne!(written, original, "{name}: the targets changed");
        let want = extension_markup(&original, prefix);
        assert!(want.len() >= at_least, "{name}: {want:?}");
        assert_eq!(extension_markup(&written, prefix), want, "{name}");
        // and the SDL header, in its own default namespace, is untouched
        let header = |x: &str| x.find("<header>").map(|a| x[a..x.find("</header>").unwrap()].to_string());
        assert_eq!(header(&written), header(&original), "{name}");
    }
}

#[test]
fn write_back_of_a_utf16_file_says_utf8_in_its_declaration() {
    let text = String::from_utf8(sample("dispatch-1.2.xlf")).unwrap().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let written = String::from_utf8(write_back(&utf16[..], "utf16.xlf", &HashMap::new(), Vec::new()).unwrap().out).unwrap();
    assert!(written.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{}", &written[..60]);
    assert_eq!(written.replace("encoding=\"UTF-8\"", ""), text.replace("encoding=\"UTF-16\"", ""));
}

fn new_segments(v2: bool) -> Vec<NewSegment> {
    let (bold_source, bold_target) = if v2 {
        (
            "قال <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">إسماعيل هنية</pc> إن الوفد وصل",
            "<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">Ismail Haniyeh</pc> said the delegation had arrived",
        )
    } else {
        ("قال <g id=\"1\">إسماعيل هنية</g> إن الوفد وصل", "<g id=\"1\">Ismail Haniyeh</g> said the delegation had arrived")
    };
    let content = |markup: &str| Content { markup: markup.into(), ..Content::default() };
    vec![
        NewSegment {
            id: "1".into(),
            source: Content::plain("وصل الوفد إلى الدوحة <مساء> السبت & الأحد"),
            target: Some(Content::plain("The delegation arrived in Doha <on> Saturday & Sunday")),
            state: Some(if v2 { "final" } else { "translated" }.into()),
            note: Some("from the desk memory, 100%".into()),
            matches: vec![TmMatch {
                quality: 100.0,
                origin: "dragoman desk: dispatch.txt 1".into(),
                source: Content::plain("وصل الوفد إلى الدوحة <مساء> السبت & الأحد").markup,
                target: Content::plain("The delegation arrived in Doha <on> Saturday & Sunday").markup,
            }],
            original_data: Vec::new(),
        },
        NewSegment {
            id: "2".into(),
            source: content(bold_source),
            target: Some(content(bold_target)),
            state: None,
            note: None,
            matches: Vec::new(),
            // 2.x: the bold's native codes kept as original data
            original_data: if v2 { vec![("d1".into(), "&lt;b>".into()), ("d2".into(), "&lt;/b>".into())] } else { Vec::new() },
        },
        NewSegment {
            id: "3".into(),
            source: Content::plain("الدوحة (رويترز)"),
            target: None,
            state: None,
            note: None,
            matches: Vec::new(),
            original_data: Vec::new(),
        },
    ]
}

#[test]
fn new_documents_read_back_as_written() {
    for version in [XliffVersion::V1_2, XliffVersion::V2_1] {
        let document = NewDocument {
            version,
            source_language: "ar".into(),
            target_language: Some("en".into()),
            original: "dispatch \"0412\".txt".into(),
            datatype: "plaintext".into(),
        };
        let written = write_new(Vec::new(), &document, new_segments(version.is_2x())).unwrap();
        let doc = read_document(&written[..], "new.xlf").unwrap();
        assert_eq!(doc.version, version);
        assert_eq!(doc.files[0].original.as_deref(), Some("dispatch \"0412\".txt"));
        assert_eq!(doc.files[0].target_language.as_deref(), Some("en"));
        assert_eq!(
            texts(&doc.units[0]),
            [("وصل الوفد إلى الدوحة <مساء> السبت & الأحد".into(), Some("The delegation arrived in Doha <on> Saturday & Sunday".into()))]
        );
        assert_eq!(doc.units[0].notes[0].text, "from the desk memory, 100%");
        // the match is recorded beside the segment as write-back records one
        let text = String::from_utf8(written).unwrap();
        let recorded = if version.is_2x() {
            "<mtc:match ref=\"#1\" matchQuality=\"100\" origin=\"dragoman desk: dispatch.txt 1\"><source>"
        } else {
            "<alt-trans match-quality=\"100\" origin=\"dragoman desk: dispatch.txt 1\"><source>"
        };
        assert!(text.contains(recorded), "{text}");
        assert_eq!(texts(&doc.units[1])[0].1.as_deref(), Some("{1}Ismail Haniyeh{/1} said the delegation had arrived"));
        // 2.x original data is written and read back as written
        let data: Vec<(String, String)> =
            if version.is_2x() { vec![("d1".into(), "&lt;b>".into()), ("d2".into(), "&lt;/b>".into())] } else { Vec::new() };
        assert_eq!(doc.units[1].original_data, data);
        assert_eq!(texts(&doc.units[2]), [("الدوحة (رويترز)".into(), None)]);
    }
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
    eprintln!("note: {} is missing (set DRAGOMAN_SCHEMAS), so written XLIFF is not checked against the schemas", dir.display());
    None
}

/// Whether `file` is valid against `schema` (relative to the schemas
/// folder, or absolute) by `program` (xmllint), resolving imports offline
/// through the catalog; `None` when the program is not installed, outside CI.
fn xmllint_with(program: &str, schemas: &Path, schema: &Path, catalog: &str, file: &Path) -> Option<bool> {
    crate::formats::checker::accepts(
        Command::new(program)
            .env("XML_CATALOG_FILES", schemas.join(catalog))
            .args(["--noout", "--nonet", "--schema"])
            .arg(schemas.join(schema))
            .arg(file),
        "written XLIFF is not checked against the schemas",
        "Debian: apt-get install libxml2-utils",
    )
}

const SCHEMA_1_2: (&str, &str) = ("xliff/xliff-core-1.2-strict.xsd", "catalog.xml");
/// 2.x: a schema of no namespace that imports the 2.0 core and the
/// matches module (which the core's `##other` wildcard would otherwise
/// pass unchecked), written beside the files under test.
const SCHEMA_2_1: (&str, &str) = ("xliff-2.1-with-matches.xsd", "xliff2.1/catalog.xml");

#[test]
fn written_xliff_validates_against_the_oasis_schemas() {
    let Some(schemas) = schemas() else { return };
    let dir = tempfile::tempdir().unwrap();
    let driver = format!(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n\
         <xs:import namespace=\"{XLIFF_2_NAMESPACE}\" schemaLocation=\"{core}\"/>\n\
         <xs:import namespace=\"{MATCHES_NAMESPACE}\" schemaLocation=\"{matches}\"/>\n</xs:schema>\n",
        core = schemas.join("xliff2.1/xliff_core_2.0.xsd").display(),
        matches = schemas.join("xliff2.1/matches.xsd").display()
    );
    std::fs::write(dir.path().join(SCHEMA_2_1.0), driver).unwrap();
    let schema_path = |schema: &str| if schema == SCHEMA_2_1.0 { dir.path().join(schema) } else { schemas.join(schema) };
    let mut files = Vec::new();
    for name in ["dispatch-1.2.xlf", "dispatch-segmented-1.2.xlf", "dispatch-2.1.xlf"] {
        let schema = if name.contains("2.1") { SCHEMA_2_1 } else { SCHEMA_1_2 };
        let path = dir.path().join(format!("back-{name}"));
        std::fs::write(&path, write_back_bytes(name, &targets_from_sources(&read(name)))).unwrap();
        files.push((path, schema));
    }
    for (version, schema) in [(XliffVersion::V1_2, SCHEMA_1_2), (XliffVersion::V2_1, SCHEMA_2_1)] {
        let document = NewDocument {
            version,
            source_language: "ar".into(),
            target_language: Some("en".into()),
            original: "dispatch.txt".into(),
            datatype: "plaintext".into(),
        };
        let path = dir.path().join(format!("new-{version:?}.xlf"));
        std::fs::write(&path, write_new(Vec::new(), &document, new_segments(version.is_2x())).unwrap()).unwrap();
        files.push((path, schema));
    }
    for (path, (schema, catalog)) in &files {
        let Some(valid) = xmllint_with("xmllint", &schemas, &schema_path(schema), catalog, path) else { return };
        assert!(valid, "{}", path.display());
    }
    // and a broken one is not, so the check can fail: in the core, and in the matches module
    let back_2_1 = &files[2];
    for (path, (schema, catalog)) in files[3..].iter().chain([back_2_1]) {
        let broken = dir.path().join("broken.xlf");
        std::fs::write(&broken, std::fs::read_to_string(path).unwrap().replace("<source>", "<source><bogus/>")).unwrap();
        assert_eq!(xmllint_with("xmllint", &schemas, &schema_path(schema), catalog, &broken), Some(false));
    }
    let quality = std::fs::read_to_string(&back_2_1.0).unwrap().replace("matchQuality=\"87.5\"", "matchQuality=\"187.5\"");
    std::fs::write(dir.path().join("broken.xlf"), quality).unwrap();
    assert_eq!(xmllint_with("xmllint", &schemas, &schema_path(SCHEMA_2_1.0), SCHEMA_2_1.1, &dir.path().join("broken.xlf")), Some(false));
}

/// Regression guard for the pattern of the TMX DTD check: a missing
/// xmllint skips the schema check on a developer's machine, never in CI.
#[test]
fn a_missing_xmllint_skips_the_schema_check_except_in_ci() {
    let missing = "xmllint-not-installed-here";
    let (schema, catalog) = SCHEMA_1_2;
    let run = || xmllint_with(missing, Path::new("."), Path::new(schema), catalog, &sample_path("dispatch-1.2.xlf"));
    if std::env::var_os("CI").is_some() {
        assert!(std::panic::catch_unwind(run).is_err());
    } else {
        assert_eq!(run(), None);
    }
}

/// Runs a translate-toolkit command; `None` (with a note) when it is not
/// installed, outside CI.
fn translate_toolkit(program: &str, args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    crate::formats::checker::output_of(
        Command::new(program).args(args),
        "translate-toolkit interoperability is not checked",
        "pip install translate-toolkit",
    )
}

#[test]
fn xliff_written_by_translate_toolkit_po2xliff_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let po = dir.path().join("dispatch.po");
    std::fs::write(
        &po,
        "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Language: en\\n\"\n\n\
         #. headline\n#: dispatch.txt:1\nmsgid \"وصل وفد حماس إلى الدوحة\"\nmsgstr \"A Hamas delegation arrived in Doha\"\n\n\
         # check the name\n#, fuzzy\nmsgid \"قال إسماعيل هنية إن المحادثات <جادة> & مستمرة\"\nmsgstr \"Ismail Haniyeh said the talks were <serious> & continuing\"\n\n\
         msgid \"الدوحة (رويترز)\"\nmsgstr \"\"\n",
    )
    .unwrap();
    let xlf = dir.path().join("dispatch.xlf");
    let Some(output) = translate_toolkit("po2xliff", &[po.as_os_str(), xlf.as_os_str()]) else { return };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let doc = read_document(std::fs::File::open(&xlf).unwrap(), "dispatch.xlf").unwrap();
    let pairs: Vec<_> = doc.units.iter().filter(|u| u.resname.is_none()).flat_map(texts).collect();
    assert!(pairs.contains(&("وصل وفد حماس إلى الدوحة".into(), Some("A Hamas delegation arrived in Doha".into()))), "{pairs:?}");
    let fuzzy = doc.units.iter().find(|u| u.segments[0].source.text.starts_with("قال")).unwrap();
    assert_eq!(texts(fuzzy)[0].1.as_deref(), Some("Ismail Haniyeh said the talks were <serious> & continuing"));
    assert_eq!((fuzzy.approved, fuzzy.segments[0].state.as_deref()), (Some(false), Some("needs-translation")));
    assert_eq!(fuzzy.notes[0].text, "check the name");
    assert!(doc.units.iter().any(|u| texts(u) == [("الدوحة (رويترز)".into(), Some(String::new()))]));
}

#[test]
fn xliff_written_here_is_read_by_translate_toolkit_with_the_same_targets() {
    let dir = tempfile::tempdir().unwrap();
    let document = NewDocument {
        version: XliffVersion::V1_2,
        source_language: "ar".into(),
        target_language: Some("en".into()),
        original: "dispatch.txt".into(),
        datatype: "plaintext".into(),
    };
    let xlf = dir.path().join("new.xlf");
    std::fs::write(&xlf, write_new(Vec::new(), &document, new_segments(false)).unwrap()).unwrap();
    let script = "import sys, json\nfrom translate.storage import xliff\n\
                  store = xliff.xlifffile(open(sys.argv[1], 'rb').read())\n\
                  print(json.dumps([[u.source, u.target or None] for u in store.units if not u.isheader()]))";
    let Some(output) = translate_toolkit("python3", &["-c".as_ref(), script.as_ref(), xlf.as_os_str()]) else { return };
    if !output.status.success() && std::env::var_os("CI").is_none() {
        eprintln!(
            "note: translate-toolkit is not importable, so it does not read written XLIFF here: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let theirs: Vec<(String, Option<String>)> = serde_json::from_slice(&output.stdout).unwrap();
    let ours = read_document(&std::fs::read(&xlf).unwrap()[..], "new.xlf").unwrap();
    // translate-toolkit shows g codes as its own placeholders: compare the plain segments
    assert_eq!(theirs[0], texts(&ours.units[0])[0]);
    assert_eq!(theirs[2], texts(&ours.units[2])[0]);
    assert_eq!(theirs.len(), ours.units.len());
}

/// Pretranslation's path: a translation with the source's placeholders
/// becomes markup with the source's codes, which written back reads as
/// that translation again.
#[test]
fn markup_for_a_sources_own_text_reads_back_as_that_text() {
    for name in SAMPLES {
        let doc = read(name);
        let mut updates = HashMap::new();
        for unit in &doc.units {
            for (index, segment) in unit.segments.iter().enumerate() {
                let markup = segment.source.markup_for(&segment.source.text).unwrap_or_else(|e| panic!("{name} {}: {e}", unit.id));
                updates.insert(
                    SegmentKey { file: unit.file, unit: unit.id.clone(), segment: index },
                    TargetUpdate { markup, ..TargetUpdate::default() },
                );
            }
        }
        let after = read_document(&write_back_bytes(name, &updates)[..], name).unwrap();
        for (a, b) in after.units.iter().zip(&doc.units) {
            for (sa, sb) in a.segments.iter().zip(&b.segments) {
                assert_eq!(sa.target.as_ref().map(|t| &t.text), Some(&sb.source.text), "{name} {}", a.id);
            }
        }
    }
}

proptest::proptest! {
    /// Any text a memory may hold (no characters XML cannot carry) comes
    /// back from a new 1.2 or 2.1 document as it went in.
    #[test]
    fn new_documents_carry_any_text(
        lines in proptest::collection::vec("[a-z &<>\"'{}/0-9\t\n\r\u{600}-\u{6FF}\u{4E00}-\u{4E10}\u{1F600}]{1,40}", 1..5)
    ) {
        for version in [XliffVersion::V1_2, XliffVersion::V2_1] {
            let document = NewDocument {
                version,
                source_language: "ar".into(),
                target_language: Some("en".into()),
                original: "p.txt".into(),
                datatype: "plaintext".into(),
            };
            let segments = lines.iter().enumerate().map(|(i, t)| NewSegment {
                id: format!("u{i}"),
                source: Content::plain(t),
                target: Some(Content::plain(&t.to_uppercase())),
                ..NewSegment::default()
            });
            let written = write_new(Vec::new(), &document, segments).unwrap();
            let doc = read_document(&written[..], "p.xlf").unwrap();
            let back: Vec<(String, Option<String>)> = doc.units.iter().flat_map(texts).collect();
            let want: Vec<(String, Option<String>)> = lines.iter().map(|t| (t.clone(), Some(t.to_uppercase()))).collect();
            proptest::prop_assert_eq!(back, want);
        }
    }
}

/// Regression: quick-xml reports a DOCTYPE anywhere, and each one gave
/// the entity expansion a fresh budget, so that DOCTYPEs repeated inside
/// the body could expand far past the 1 MiB a file may expand.
#[test]
fn a_doctype_inside_the_document_is_an_error_not_a_fresh_entity_budget() {
    let text = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"a\" source-language=\"ar\" datatype=\"plaintext\"><body>\
        <!DOCTYPE x [<!ENTITY e \"e\">]><trans-unit id=\"1\"><source>a &e;</source></trans-unit></body></file></xliff>";
    let error = read_document(text.as_bytes(), "x.xlf").unwrap_err().to_string();
    assert!(error.starts_with("x.xlf: line ") && error.contains("DOCTYPE inside the document"), "{error}");
}
