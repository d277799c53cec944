//! `dragoman names`: scan, check and fix on the sample dispatches, the
//! house style in the memory, clusters.

use super::*;

const ENGLISH: &[&str] = &["briefing.en.txt", "delegation.en.txt", "majlis.en.txt", "speech.en.txt"];

fn english_samples() -> Vec<PathBuf> {
    ENGLISH.iter().map(|n| sample(n)).collect()
}

fn import_style(memory: &Path) {
    dragoman(memory).args(["names", "import"]).arg(sample("house-style.csv")).assert().success();
}

/// The text at a 1-based line and character column of a file.
fn text_at(file: &str, line: usize, column: usize) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let line_text = text.lines().nth(line - 1).unwrap_or_else(|| panic!("{file} has no line {line}"));
    line_text.chars().skip(column - 1).collect()
}

fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn scan_groups_the_spellings_written_into_the_samples_with_their_places() {
    let dir = scratch();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["names", "scan", "--format", "json"]).args(english_samples()));
    let clusters = json_lines(&out);
    let spellings_of = |c: &serde_json::Value| -> Vec<String> {
        c["variants"].as_array().unwrap().iter().map(|v| v["spelling"].as_str().unwrap().to_string()).collect()
    };
    for group in [
        &["Ismail Haniyeh", "Isma'il Haniya", "Ismail Haniyah"][..],
        &["Hassan Nasrallah", "Hassan Nasrullah"],
        &["Muammar Gaddafi", "Muammar Qaddafi"],
        &["Hezbollah", "Hizbullah"],
        &["Musa al-Sadr", "Musa Sadr"],
    ] {
        let cluster = clusters
            .iter()
            .find(|c| spellings_of(c).contains(&group[0].to_string()))
            .unwrap_or_else(|| panic!("no cluster with {}: {out}", group[0]));
        // the spellings of the name, and (issue 15: names are people) the
        // surname written alone, which joins the one full name it belongs to
        let all = spellings_of(cluster);
        let surname = group[0].split_whitespace().last().unwrap();
        for spelling in group {
            assert!(all.contains(&spelling.to_string()), "{spelling} not in {all:?}");
        }
        for spelling in &all {
            let surname_alone = group[0].contains(' ') && !spelling.contains(' ') && dragoman::names::same_name(spelling, surname);
            assert!(group.contains(&spelling.as_str()) || surname_alone, "{spelling} in {all:?}");
        }
        for variant in cluster["variants"].as_array().unwrap() {
            let spelling = variant["spelling"].as_str().unwrap();
            let places = variant["places"].as_array().unwrap();
            assert_eq!(variant["count"].as_u64().unwrap() as usize, places.len());
            for place in places {
                let at = text_at(
                    place["file"].as_str().unwrap(),
                    place["line"].as_u64().unwrap() as usize,
                    place["column"].as_u64().unwrap() as usize,
                );
                assert!(at.starts_with(spelling), "{place}: expected {spelling}, found {at}");
            }
        }
    }
    // different people stay apart
    assert!(!clusters.iter().any(|c| {
        let s = spellings_of(c);
        s.iter().any(|x| x.contains("Haniy")) && s.iter().any(|x| x.contains("Nasr"))
    }));
}

#[test]
fn check_reports_each_off_style_spelling_at_its_line_and_column_and_exits_1() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let output = dragoman(&memory).args(["names", "check"]).args(english_samples()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let mut found = Vec::new();
    for line in out.lines() {
        // file:line:column: found -> preferred (house style)
        let (place, rest) = line.split_once(": ").unwrap();
        let mut parts = place.rsplitn(3, ':');
        let column: usize = parts.next().unwrap().parse().unwrap();
        let line_no: usize = parts.next().unwrap().parse().unwrap();
        let file = parts.next().unwrap();
        let (spelled, preferred) = rest.strip_suffix(" (house style)").unwrap().split_once(" -> ").unwrap();
        assert!(text_at(file, line_no, column).starts_with(spelled), "{line}");
        assert_ne!(spelled, preferred);
        found.push(spelled.to_string());
    }
    found.sort();
    assert_eq!(found, ["Hassan Nasrullah", "Hizbullah", "Isma'il Haniya", "Ismail Haniyah", "Muammar Qaddafi", "Musa Sadr"]);
}

#[test]
fn check_in_json_gives_the_same_findings() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let output = dragoman(&memory).args(["names", "check", "--format", "json"]).arg(sample("majlis.en.txt")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings = json_lines(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(findings.len(), 5);
    let first = &findings[0];
    assert_eq!(first["found"], "Ismail Haniyah");
    assert_eq!(first["preferred"], "Ismail Haniyeh");
    let at = text_at(first["file"].as_str().unwrap(), first["line"].as_u64().unwrap() as usize, first["column"].as_u64().unwrap() as usize);
    assert!(at.starts_with("Ismail Haniyah"));
}

#[test]
fn fix_output_passes_check_and_the_file_is_untouched() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    for name in ENGLISH {
        let before = std::fs::read(sample(name)).unwrap();
        let output = dragoman(&memory).args(["names", "fix"]).arg(sample(name)).output().unwrap();
        assert!(output.status.success());
        assert_eq!(std::fs::read(sample(name)).unwrap(), before, "{name} was touched");
        let fixed = dir.path().join(name);
        std::fs::write(&fixed, &output.stdout).unwrap();
        dragoman(&memory).args(["names", "check"]).arg(&fixed).assert().success().stdout("");
        // what it changed is listed on standard error, one line a change
        let changes = String::from_utf8(output.stderr).unwrap();
        let off_style = dragoman(&memory).args(["names", "check"]).arg(sample(name)).output().unwrap();
        assert_eq!(changes.lines().count(), String::from_utf8(off_style.stdout).unwrap().lines().count(), "{name}");
    }
}

#[test]
fn fix_in_place_keeps_case_possessives_articles_and_punctuation() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let file = dir.path().join("note.en.txt");
    std::fs::write(&file, "HANIYA SPEAKS\n\nHaniya's aide met al-Qaddafi's son (Hizbullah).\n").unwrap();
    let out = stdout_of(dragoman(&memory).args(["names", "fix", "--in-place"]).arg(&file));
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.contains(":3:1: Haniya -> Haniyeh (house style)"), "{out}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "HANIYEH SPEAKS\n\nHaniyeh's aide met al-Gaddafi's son (Hezbollah).\n");
}

#[test]
fn prefer_makes_a_variant_the_house_spelling_and_export_round_trips() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    dragoman(&memory).args(["names", "prefer", "Isma'il Haniya"]).assert().success();
    let list = stdout_of(dragoman(&memory).args(["names", "list"]));
    assert!(list.lines().any(|l| l.starts_with("Isma'il Haniya: Ismail Haniyeh")), "{list}");
    assert!(!list.lines().any(|l| l.starts_with("Ismail Haniyeh:")), "{list}");
    // the old preferred spelling is now off-style
    let output = dragoman(&memory).args(["names", "check"]).arg(sample("delegation.en.txt")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stdout).unwrap().contains("Ismail Haniyeh -> Isma'il Haniya (house style)"));
    // export, import into a fresh memory: the same list
    let csv = dir.path().join("style.csv");
    std::fs::write(&csv, stdout_of(dragoman(&memory).args(["names", "export"]))).unwrap();
    let other = dir.path().join("other.sqlite");
    dragoman(&other).args(["names", "import"]).arg(&csv).assert().success();
    assert_eq!(stdout_of(dragoman(&other).args(["names", "list"])), list);
    // importing the same file again changes nothing
    dragoman(&other).args(["names", "import"]).arg(&csv).assert().success();
    assert_eq!(stdout_of(dragoman(&other).args(["names", "list"])), list);
}

#[test]
fn a_bad_house_style_row_names_file_and_line_and_changes_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let before = stdout_of(dragoman(&memory).args(["names", "list"]));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "preferred,variant\nYahya Sinwar,Yehia Sinwar\n,Qaddafi\n").unwrap();
    let output = dragoman(&memory).args(["names", "import"]).arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("bad.csv: line 3:"), "{err}");
    assert_eq!(stdout_of(dragoman(&memory).args(["names", "list"])), before);
}

#[test]
fn check_without_a_house_style_is_an_error_naming_the_memory() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    dragoman(&memory).args(["names", "prefer", "Haniyeh"]).assert().success();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "preferred,variant\n").unwrap();
    let output = dragoman(&memory).args(["names", "check", "--style"]).arg(&empty).arg(sample("speech.en.txt")).output().unwrap();
    // 1 means "names off the house style"; an error is 2, like grep's
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("empty.csv: no house style"));
    let missing = dir.path().join("missing.txt");
    dragoman(&memory).args(["names", "check"]).arg(&missing).assert().code(2).stderr(predicates::str::contains("missing.txt"));
}

/// `names cluster --format json` on these names, one a line: its output
/// and its clusters.
fn clustered(input: &str) -> (String, Vec<serde_json::Value>) {
    let dir = scratch();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["names", "cluster", "--format", "json"]).write_stdin(input));
    let clusters = json_lines(&out);
    (out, clusters)
}

/// Whether `names cluster --format json` put both spellings in one cluster.
fn in_one_cluster(clusters: &[serde_json::Value], a: &str, b: &str) -> bool {
    clusters.iter().any(|c| {
        let variants = c["variants"].as_array().unwrap();
        variants.iter().any(|v| v == a) && variants.iter().any(|v| v == b)
    })
}

#[test]
fn cluster_puts_every_input_name_in_exactly_one_cluster() {
    let input = "Haniyeh\nHamid\nHaniya\nQaddafi\nهنية\nHamad\nGaddafi\nХания\nHassan\nHussein\nHaniyeh\n";
    let (_, clusters) = clustered(input);
    let mut all: Vec<String> =
        clusters.iter().flat_map(|c| c["variants"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string())).collect();
    all.sort();
    let mut expected: Vec<String> = input.lines().map(str::to_string).collect();
    expected.sort();
    assert_eq!(all, expected);
    let together = |a: &str, b: &str| in_one_cluster(&clusters, a, b);
    assert!(together("Haniyeh", "هنية"));
    assert!(together("Haniya", "Хания"));
    assert!(together("Qaddafi", "Gaddafi"));
    assert!(!together("Hassan", "Hussein"));
    assert!(!together("Hamid", "Hamad"));
}

#[test]
fn cluster_meets_initials_spelled_out_in_arabic_script_with_the_latin_initials() {
    // Arabic and Persian news spell an initial out by the letter's
    // English name: جيه J, دبليو W, إف F; the sounds alone do not meet
    let input = "J.D. Vance\nجيه دي فانس\nGeorge W. Bush\nجورج دبليو بوش\nJohn F. Kennedy\nجون إف كينيدي\nجیه کیه فانس\nJ. K. Vance\n";
    let (out, clusters) = clustered(input);
    let together = |a: &str, b: &str| in_one_cluster(&clusters, a, b);
    assert!(together("J.D. Vance", "جيه دي فانس"), "{out}");
    assert!(together("George W. Bush", "جورج دبليو بوش"), "{out}");
    assert!(together("John F. Kennedy", "جون إف كينيدي"), "{out}");
    // Persian ی and ک; another initial is another name
    assert!(together("J. K. Vance", "جیه کیه فانس"), "{out}");
    assert!(!together("J.D. Vance", "J. K. Vance"), "{out}");
    assert!(!together("جيه دي فانس", "جیه کیه فانس"), "{out}");
}

/// A Russian dispatch: Russian declines names, so the house spelling is
/// put in the case the text writes (Махмуда Абаса → Махмуда Аббаса).
const RUSSIAN: &str = "РАМАЛЛА, 3 декабря. Президент Палестинской национальной администрации Махмуд Абас заявил во вторник, что переговоры продолжатся. По словам Махмуда Абаса, делегация прибудет в Каир в четверг. Встреча с Абасом прошла в закрытом режиме; Абасу передали послание премьер-министра Израиля Биньямина Нетаниягу. Делегация встретилась также с Исмаилом Ханийе. О Мустафе Абасе агентства не сообщали.\n";

#[test]
fn russian_mentions_in_any_case_are_checked_and_fixed_in_that_case() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let style = dir.path().join("style.csv");
    std::fs::write(
        &style,
        "preferred,variant\nМахмуд Аббас,Махмуд Абас\nБиньямин Нетаньяху,Биньямин Нетаниягу\nИсмаил Хания,Исмаил Ханийе\nМустафа Аббас,Мустафа Абас\n",
    )
    .unwrap();
    dragoman(&memory).args(["names", "import"]).arg(&style).assert().success();
    let file = dir.path().join("note.ru.txt");
    std::fs::write(&file, RUSSIAN).unwrap();
    let out = dragoman(&memory).args(["names", "check"]).arg(&file).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    for (found, replacement) in [
        ("Махмуд Абас", "Махмуд Аббас"),
        ("Махмуда Абаса", "Махмуда Аббаса"),
        ("Абасом", "Аббасом"),
        ("Абасу", "Аббасу"),
        ("Биньямина Нетаниягу", "Биньямина Нетаньяху"),
        // both words in the prepositional, of two paradigms
        ("Мустафе Абасе", "Мустафе Аббасе"),
    ] {
        assert!(out.contains(&format!(": {found} -> {replacement} (house style)")), "{found}\n{out}");
    }
    let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&file));
    assert!(!fixed.contains("Абас"), "{fixed}");
    assert!(fixed.contains("По словам Махмуда Аббаса, делегация") && fixed.contains("Встреча с Аббасом прошла"), "{fixed}");
    // Ханийе does not decline, Хания does: the case of "с Исмаилом
    // Ханийе" is not known from the surname, and the words are left
    assert!(fixed.contains("встретилась также с Исмаилом Ханийе."), "{fixed}");
    // the fixed text passes check (the words left are not reported)
    let again = dir.path().join("fixed.ru.txt");
    std::fs::write(&again, &fixed).unwrap();
    let out = dragoman(&memory).args(["names", "check"]).arg(&again).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().is_empty());
}

/// A French text whose names follow elided articles (qu’, d’, l').
const FRENCH: &str = "Selon lui, qu’Ismail Haniyeh a dit que d’Ismail Haniyeh et l'Iran, l'Irak.\nL'Iran aussi.\n";

#[test]
fn names_after_french_elided_articles_are_checked_and_fixed_keeping_the_article() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    dragoman(&memory).args(["names", "prefer", "Isma'il Haniya", "--variant", "Ismail Haniyeh"]).assert().success();
    let file = dir.path().join("note.fr.txt");
    std::fs::write(&file, FRENCH).unwrap();
    let output = dragoman(&memory).args(["names", "check"]).arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let name = file.display();
    assert_eq!(
        out,
        format!(
            "{name}:1:15: Ismail Haniyeh -> Isma'il Haniya (house style)\n{name}:1:42: Ismail Haniyeh -> Isma'il Haniya (house style)\n"
        )
    );
    for line in out.lines() {
        let column: usize = line.split(':').nth_back(1).unwrap().parse().unwrap();
        assert!(text_at(&file.display().to_string(), 1, column).starts_with("Ismail Haniyeh"), "{line}");
    }
    dragoman(&memory).args(["names", "fix", "--in-place"]).arg(&file).assert().success();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Selon lui, qu’Isma'il Haniya a dit que d’Isma'il Haniya et l'Iran, l'Irak.\nL'Iran aussi.\n"
    );
}

#[test]
fn scan_finds_names_after_elided_articles_without_the_article() {
    let dir = scratch();
    let file = dir.path().join("note.fr.txt");
    std::fs::write(&file, FRENCH).unwrap();
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["names", "scan", "--all", "--format", "json"]).arg(&file));
    let mut spellings: Vec<String> = json_lines(&out)
        .iter()
        .flat_map(|c| c["variants"].as_array().unwrap().iter().map(|v| v["spelling"].as_str().unwrap().to_string()).collect::<Vec<_>>())
        .collect();
    spellings.sort();
    // "Selon" (according to) starts a sentence and nothing else capitalises it
    assert_eq!(spellings, ["Irak", "Iran", "Ismail Haniyeh"]);
    assert!(!out.contains("L'Iran") && !out.contains("l'Irak"), "{out}");
}

#[test]
fn suggested_french_targets_get_the_house_spelling_after_an_elided_article() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(&pairs, "source\ttarget\nHe said that Ismail Haniyeh had left.\tIl a dit qu’Ismail Haniyeh était parti.\n").unwrap();
    dragoman(&memory).arg("import").arg(&pairs).args(["--src-lang", "en", "--tgt-lang", "fr"]).assert().success();
    dragoman(&memory).args(["names", "prefer", "Isma'il Haniya", "--variant", "Ismail Haniyeh"]).assert().success();
    let out =
        stdout_of(dragoman(&memory).args(["suggest", "--format", "json", "--src-lang", "en"]).arg("He said that Ismail Haniyeh had left."));
    let result: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(result["matches"][0]["target"], "Il a dit qu’Isma'il Haniya était parti.");
}

#[test]
fn fix_finds_a_name_inside_a_compound_like_qaddafi_era() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let file = dir.path().join("note.en.txt");
    std::fs::write(&file, "Qaddafi-era laws and Hizbullah-backed groups met Hossein Amir-Abdollahian and Abd al-Rahman.\n").unwrap();
    let output = dragoman(&memory).args(["names", "check"]).arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let name = file.display();
    assert_eq!(out, format!("{name}:1:1: Qaddafi -> Gaddafi (house style)\n{name}:1:22: Hizbullah -> Hezbollah (house style)\n"));
    dragoman(&memory).args(["names", "fix", "--in-place"]).arg(&file).assert().success();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Gaddafi-era laws and Hezbollah-backed groups met Hossein Amir-Abdollahian and Abd al-Rahman.\n"
    );
}

#[test]
fn import_rejects_an_unclosed_quote_with_file_and_line_and_stores_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let before = stdout_of(dragoman(&memory).args(["names", "list"]));
    let bad = dir.path().join("open-quote.csv");
    std::fs::write(&bad, "Yahya Sinwar,Yehia Sinwar\n\"Haniyeh,Haniya\n").unwrap();
    let output = dragoman(&memory).args(["names", "import"]).arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("{}: line 2: a quote opens a field and is never closed", bad.display())), "{err}");
    assert_eq!(stdout_of(dragoman(&memory).args(["names", "list"])), before);
}

#[test]
fn import_reads_a_semicolon_file_without_storing_its_header() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let file = dir.path().join("style.csv");
    std::fs::write(&file, "preferred;variant\nIsma'il Haniya;Ismail Haniyeh;Ismail Haniyah\nGaddafi;Qaddafi\n").unwrap();
    let out = stdout_of(dragoman(&memory).args(["names", "import"]).arg(&file));
    assert!(out.ends_with(": 2 rows read; the house style has 2 names\n"), "{out}");
    assert_eq!(stdout_of(dragoman(&memory).args(["names", "list"])), "Isma'il Haniya: Ismail Haniyeh, Ismail Haniyah\nGaddafi: Qaddafi\n");
}

#[test]
fn import_rejects_a_name_holding_a_separator_and_stores_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let bad = dir.path().join("mixed.csv");
    std::fs::write(&bad, "preferred,variant\nGaddafi,Qaddafi\nHaniyeh,Haniya;Haniyah\n").unwrap();
    let output = dragoman(&memory).args(["names", "import"]).arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains(&format!("{}: line 3: a name cannot hold a separator", bad.display())), "{err}");
    assert!(!memory.exists(), "a memory was created for a file that was not imported");
}

#[cfg(unix)]
#[test]
fn fix_in_place_through_a_symlink_rewrites_the_target_and_keeps_the_link() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let target = dir.path().join("drafts").join("note.en.txt");
    std::fs::write(&target, "Haniya's aide met Qaddafi.\n").unwrap();
    let link = dir.path().join("note.en.txt");
    std::os::unix::fs::symlink("drafts/note.en.txt", &link).unwrap();
    dragoman(&memory).args(["names", "fix", "--in-place"]).arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced by a file");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("drafts/note.en.txt"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "Haniyeh's aide met Gaddafi.\n");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("drafts")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["note.en.txt"]);
}

#[test]
fn fix_in_place_keeps_a_utf8_bom() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let file = dir.path().join("note.en.txt");
    std::fs::write(&file, "\u{feff}Haniya's aide\r\nmet Qaddafi.\r\n").unwrap();
    let out = stdout_of(dragoman(&memory).args(["names", "fix", "--in-place"]).arg(&file));
    assert!(out.contains(":1:1: Haniya -> Haniyeh (house style)"), "{out}");
    assert_eq!(std::fs::read(&file).unwrap(), "\u{feff}Haniyeh's aide\r\nmet Gaddafi.\r\n".as_bytes());
}

#[test]
fn prefer_without_variants_says_so_instead_of_an_empty_list() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    assert_eq!(stdout_of(dragoman(&memory).args(["names", "prefer", "Isma'il Haniya"])), "Isma'il Haniya (no variants yet)\n");
    assert_eq!(
        stdout_of(dragoman(&memory).args(["names", "prefer", "Gaddafi", "--format", "json"])),
        "{\"preferred\":\"Gaddafi\",\"variants\":[]}\n"
    );
    assert_eq!(
        stdout_of(dragoman(&memory).args(["names", "prefer", "Isma'il Haniya", "--variant", "Ismail Haniyeh"])),
        "Isma'il Haniya: Ismail Haniyeh\n"
    );
}

/// Regression: `names import -` looked for a file named `-`; every
/// names command reading documents takes `-` as standard input, and
/// `fix --in-place -` is refused (standard input cannot be rewritten).
#[test]
fn names_commands_read_standard_input_for_dash() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let imported =
        stdout_of(dragoman(&memory).args(["names", "import", "-"]).write_stdin(std::fs::read(sample("house-style.csv")).unwrap()));
    assert!(imported.starts_with("-: 10 rows read"), "{imported}");
    let text = "Haniya's aide met Qaddafi.\n";
    let check = dragoman(&memory).args(["names", "check", "-"]).write_stdin(text).assert().code(1).get_output().stdout.clone();
    assert_eq!(String::from_utf8(check).unwrap(), "-:1:1: Haniya -> Haniyeh (house style)\n-:1:19: Qaddafi -> Gaddafi (house style)\n");
    let fixed = dragoman(&memory).args(["names", "fix", "-"]).write_stdin(text).assert().success().get_output().clone();
    assert_eq!(String::from_utf8(fixed.stdout).unwrap(), "Haniyeh's aide met Gaddafi.\n");
    let scan = stdout_of(dragoman(&memory).args(["names", "scan", "--all", "-"]).write_stdin(text));
    assert!(scan.contains("-:1:19"), "{scan}");
    let refused =
        dragoman(&memory).args(["names", "fix", "--in-place", "-"]).write_stdin(text).assert().code(1).get_output().stderr.clone();
    let refused = String::from_utf8(refused).unwrap();
    assert!(refused.starts_with("dragoman: -: standard input cannot be rewritten in place") && refused.lines().count() == 1, "{refused}");
    // the house style itself may come from standard input
    let doc = dir.path().join("note.en.txt");
    std::fs::write(&doc, text).unwrap();
    let fresh = dir.path().join("fresh.sqlite");
    let style = std::fs::read(sample("house-style.csv")).unwrap();
    let check = dragoman(&fresh).args(["names", "check", "--style", "-"]).arg(&doc).write_stdin(style.clone()).assert().code(1);
    assert_eq!(String::from_utf8_lossy(&check.get_output().stdout).lines().count(), 2);
    let both =
        dragoman(&fresh).args(["names", "check", "--style", "-", "-"]).write_stdin(style).assert().code(2).get_output().stderr.clone();
    assert_eq!(String::from_utf8(both).unwrap(), "dragoman: -: standard input can be the house style or a document, not both\n");
}

/// Regression: `names import` compared every row with every stored entry
/// (20,000 rows took over two minutes). Thousands of rows now import at
/// once, each distinct name its own entry, and a later row naming a
/// known name (a spelling of it) still joins that name's entry.
#[test]
fn a_house_style_of_thousands_of_names_imports_and_later_rows_join_their_entries() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let file = dir.path().join("big.csv");
    let (consonants, vowels) = (["b", "d", "k", "l", "m", "n", "r", "s", "t", "z"], ["a", "i", "u"]);
    let syllables: Vec<String> = consonants.iter().flat_map(|c| vowels.iter().map(move |v| format!("{c}{v}"))).collect();
    let mut rows = String::from("preferred,variant\n");
    let mut count = 0;
    for (k, a) in syllables.iter().enumerate() {
        for b in &syllables[k..] {
            for c in ["Haniyeh", "Sinwar", "Mansour"] {
                rows.push_str(&format!("Zu{a}{b}r {c}\n"));
                count += 1;
            }
        }
    }
    rows.push_str("Ismail Haniyeh,Ismail Haniya\nIsma'il Haniyah\n");
    std::fs::write(&file, rows).unwrap();
    let out = stdout_of(dragoman(&memory).args(["names", "import"]).arg(&file));
    let names: usize = out.split("has ").nth(1).and_then(|n| n.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    let library = dragoman::names::HouseStyle::read_csv(&file).unwrap().entries().len();
    assert_eq!(names, library, "{out}");
    assert!(names > count / 4 && names <= count + 1, "{out}");
    let list = stdout_of(dragoman(&memory).args(["names", "list"]));
    assert!(list.contains("Isma'il Haniyah: Ismail Haniyeh, Ismail Haniya\n"), "{}", &list[list.len().saturating_sub(300)..]);
}

/// Issue 15: `names scan --all` on English prose offered "Therefore",
/// "Suppose", "Whenever" and "I've" as names. The candidates on the
/// judged texts (tests/data/names_precision_en.tsv: the sample
/// dispatches, and the ParIce English documents when ../shared/data is
/// there) are checked against the hand judgments; a candidate nobody
/// judged counts as wrong, so a change of behaviour must be judged again.
#[test]
fn name_candidates_in_english_prose_are_precise() {
    let judged_text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/names_precision_en.tsv")).unwrap();
    let mut judged: std::collections::HashMap<(String, String), bool> = std::collections::HashMap::new();
    for line in judged_text.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        judged.insert((fields[0].to_string(), fields[1].to_string()), fields[2] == "1");
    }
    let mut files: Vec<PathBuf> = english_samples();
    let parice = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/alignment/parice_en_is");
    match std::fs::read_dir(&parice) {
        Ok(entries) => {
            let mut sources: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "src")).collect();
            sources.sort();
            files.extend(sources);
        }
        Err(_) => skip_visibly("the ParIce half of the precision check", "../shared/data/alignment/parice_en_is is not there"),
    }
    let dir = scratch();
    let (mut right, mut total) = (0, 0);
    let mut wrong = Vec::new();
    for file in &files {
        let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).args(["names", "scan", "--all", "--format", "json"]).arg(file));
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for cluster in json_lines(&out) {
            for variant in cluster["variants"].as_array().unwrap() {
                let spelling = variant["spelling"].as_str().unwrap().to_string();
                for place in variant["places"].as_array().unwrap() {
                    total += 1;
                    let key = (format!("{name}:{}", place["line"]), spelling.clone());
                    if judged.get(&key) == Some(&true) {
                        right += 1;
                    } else {
                        wrong.push(key);
                    }
                }
            }
        }
    }
    let precision = right as f64 / total as f64;
    assert!(total > 100, "only {total} candidates");
    assert!(precision >= 0.95, "precision {precision:.3} ({right} of {total}); wrong or not judged: {wrong:?}");
    for word in ["Therefore", "Suppose", "Whenever", "I've", "Yes", "Sorry"] {
        assert!(!wrong.iter().any(|(_, s)| s == word), "{word} offered as a name");
    }
}

/// Issue 15: `search Mohammed` found nothing although the memory held
/// "Muhammad" and `suggest` took them for one name. Every spelling of
/// every house-style entry (samples/house-style.csv) is looked for with
/// both commands against sentences holding the preferred spelling,
/// inside a sentence and at its start: `search` finds the sentence
/// exactly when `suggest` takes the spelling for the stored name.
#[test]
fn search_finds_every_spelling_that_suggest_takes_for_the_same_name() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let style = std::fs::read_to_string(sample("house-style.csv")).unwrap();
    let entries: Vec<Vec<String>> = style
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|s| s.trim_matches('"').to_string()).collect())
        .filter(|e: &Vec<String>| e.len() > 1)
        .collect();
    let places = [("Talks with ", " ended in Doha on Monday."), ("", " met the delegation in Cairo yesterday.")];
    let mut pairs = String::from("source,target\n");
    for entry in &entries {
        for (before, after) in places {
            pairs.push_str(&format!("\"{before}{}{after}\",\"t\"\n", entry[0]));
        }
    }
    let csv = dir.path().join("pairs.csv");
    std::fs::write(&csv, pairs).unwrap();
    dragoman(&memory).args(["import", "--src-lang", "en", "--tgt-lang", "fr"]).arg(&csv).assert().success();
    let (mut agreed, mut accepted) = (0, 0);
    for entry in &entries {
        for variant in &entry[1..] {
            for (before, after) in places {
                let stored = format!("{before}{}{after}", entry[0]);
                let query = format!("{before}{variant}{after}");
                let out =
                    stdout_of(dragoman(&memory).args(["suggest", "--format", "json", "--src-lang", "en", "--limit", "1"]).arg(&query));
                let suggestion: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
                let best = &suggestion["matches"][0];
                let suggest_takes = best["source"] == stored.as_str() && best["score"].as_u64().unwrap() >= 95;
                let out = stdout_of(dragoman(&memory).args(["search", "--format", "json"]).arg(variant));
                let hits: serde_json::Value = serde_json::from_str(out.lines().next().unwrap_or("{}")).unwrap();
                let search_finds = hits["hits"].as_array().is_some_and(|h| h.iter().any(|h| h["source"] == stored.as_str()));
                assert_eq!(search_finds, suggest_takes, "{variant} / {stored}: search {search_finds}, suggest {suggest_takes}: {best}");
                agreed += 1;
                accepted += usize::from(suggest_takes);
            }
        }
    }
    // not taken: "Amir Abdollahian" for "Amir-Abdollahian" (two words for
    // one, which a word-by-word comparison does not join)
    assert!(agreed >= 40 && accepted + 2 >= agreed, "{accepted} of {agreed} spellings taken for the stored name");
    // the defect as reported
    let out = stdout_of(dragoman(&memory).args(["search", "Moammar"]));
    assert!(out.contains("[[Muammar]] Gaddafi"), "{out}");
}

/// The dispatches of issue 15's tests, in English, French and German: a
/// title-case headline, a full mention, then the surname alone at the
/// start of a sentence, with a title (Mr., M., Herr, Sheikh, Cheikh,
/// Scheich, General, Général, Präsident), in the possessive ('s, ’s),
/// after a French or German word starting a sentence (Selon Haniyeh,
/// Laut Haniyeh: missed while they were taken for one name) and joined
/// forms (Abu-, Abou-, ibn-).
const DISPATCHES: &[(&str, &str)] = &[
    (
        "dispatch.en.txt",
        "Haniyeh Meets Egyptian Envoys In Doha\n\nDOHA, Nov. 14 — Hamas political bureau head Ismail Haniyeh received an Egyptian security delegation on Tuesday. Haniyeh said the talks were serious. Mr. Haniyeh's office later issued a statement, and Haniyeh’s aides called it constructive.\nSheikh Hassan Nasrullah also spoke; Nasrullah's speech was carried live. General Abu-Obeida, the spokesman, and Crown Prince Muhammad ibn-Salman were mentioned.\n",
    ),
    (
        "dispatch.fr.txt",
        "Haniyeh Reçoit Une Délégation Égyptienne À Doha\n\nDOHA, 14 novembre — Le chef du bureau politique du Hamas, Ismail Haniyeh, a reçu mardi une délégation égyptienne. Haniyeh a qualifié les discussions de sérieuses. Selon le bureau de M. Haniyeh, le Cheikh Hassan Nasrullah a salué l’accord ; le Général Abou-Obeida s'est tu. D’après Nasrullah, rien n'est conclu. Selon Haniyeh, la trêve tient.\n",
    ),
    (
        "dispatch.de.txt",
        "Haniyeh Empfängt Ägyptische Delegation In Doha\n\nDOHA, 14. November — Der Chef des Hamas-Politbüros, Ismail Haniyeh, hat am Dienstag eine ägyptische Delegation empfangen. Haniyeh nannte die Gespräche ernsthaft. Herr Haniyeh sagte außerdem, Scheich Hassan Nasrullah unterstütze die Vermittlung. Laut Nasrullah ist nichts entschieden; auch Präsident Muhammad ibn-Salman äußerte sich. Laut Haniyeh hält die Waffenruhe.\n",
    ),
];

/// The sample house style, two names with particles, and "Isma'il
/// Haniya" preferred afterwards (the steps of issue 15's report).
fn entity_style(dir: &Path) -> PathBuf {
    let memory = dir.join("m.sqlite");
    import_style(&memory);
    let extra = dir.join("extra.csv");
    std::fs::write(&extra, "preferred,variant\nAbu Obaida,Abou Obeida\nMohammed bin Salman,Muhammad ibn Salman\n").unwrap();
    dragoman(&memory).args(["names", "import"]).arg(&extra).assert().success();
    dragoman(&memory).args(["names", "prefer", "Isma'il Haniya"]).assert().success();
    memory
}

/// Issue 15: after `names prefer "Isma'il Haniya"`, `names fix` still
/// wrote "Mr. Haniyeh" beside "Isma'il Haniya", "Haniyeh's statement"
/// was neither checked nor fixed, and `ibn-Muhammad` was missed.
#[test]
fn surname_titled_possessive_sentence_initial_headline_and_joined_mentions_are_checked_and_fixed() {
    let dir = scratch();
    let memory = entity_style(dir.path());
    for (name, text) in DISPATCHES {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let out = dragoman(&memory).args(["names", "check"]).arg(&file).assert().code(1).get_output().stdout.clone();
        let out = String::from_utf8(out).unwrap();
        let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&file));
        // every mention of the two men now in the house spelling
        for off in ["Haniyeh", "Nasrullah", "Ismail", "ibn-Salman", "Obeida", "Muhammad"] {
            assert!(!fixed.contains(off), "{name}: {off} left in\n{fixed}\n{out}");
        }
        let headline = fixed.lines().next().unwrap();
        assert!(headline.starts_with("Haniya "), "{name}: {headline}");
        assert!(fixed.contains("Isma'il Haniya"), "{name}: {fixed}");
        assert!(fixed.contains("Mohammed bin Salman") || *name == "dispatch.fr.txt", "{name}: {fixed}");
        assert!(fixed.contains("Hassan Nasrallah") && fixed.contains("Abu Obaida") || *name == "dispatch.de.txt", "{name}: {fixed}");
        // the sentence around the names is kept
        let strip = |t: &str| t.split_whitespace().filter(|w| !w.contains("Hani") && !w.contains("Nasr")).count();
        assert!(strip(&fixed) + 3 >= strip(text), "{name}: {fixed}");
        // check reports what fix changed, and nothing is left to report after it
        let reported = out.lines().count();
        assert!(reported >= 6, "{name}: {out}");
        let again = dir.path().join(format!("fixed.{name}"));
        std::fs::write(&again, &fixed).unwrap();
        dragoman(&memory).args(["names", "check"]).arg(&again).assert().success();
    }
    // the English titles and possessives, as written
    let en = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(dir.path().join("dispatch.en.txt")));
    assert!(en.contains("Mr. Haniya's office") && en.contains("Haniya’s aides") && en.contains(". Haniya said"), "{en}");
    assert!(en.contains("Sheikh Hassan Nasrallah") && en.contains("Nasrallah's speech"), "{en}");
}

/// Issue 15: a surname two people of the house style bear, spelled
/// differently (Isma'il Haniya, Abdel Salam Haniyeh), is resolved by the
/// document's full mention before it, and left alone and reported when
/// nothing tells which of them it is.
#[test]
fn an_ambiguous_surname_is_reported_not_changed_and_a_full_mention_resolves_it() {
    let dir = scratch();
    let memory = entity_style(dir.path());
    dragoman(&memory).args(["names", "prefer", "Abdel Salam Haniyeh"]).assert().success();
    let file = dir.path().join("note.txt");
    std::fs::write(&file, "Haniyeh spoke on Monday. Later Ismail Haniyeh arrived and Mr. Haniyeh left.\n").unwrap();
    let out = dragoman(&memory).args(["names", "check", "--format", "json"]).arg(&file).assert().code(1).get_output().stdout.clone();
    let found = json_lines(&String::from_utf8(out).unwrap());
    let ambiguous: Vec<&serde_json::Value> = found.iter().filter(|f| f.get("ambiguous").is_some()).collect();
    assert_eq!(ambiguous.len(), 1, "{found:?}");
    assert_eq!((ambiguous[0]["line"].as_u64(), ambiguous[0]["column"].as_u64()), (Some(1), Some(1)));
    let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&file));
    assert_eq!(fixed, "Haniyeh spoke on Monday. Later Isma'il Haniya arrived and Mr. Haniya left.\n");
    // the other man's full mention makes the same surname his
    std::fs::write(&file, "Abdel Salam Haniya spoke. Mr. Haniya left.\n").unwrap();
    let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&file));
    assert_eq!(fixed, "Abdel Salam Haniyeh spoke. Mr. Haniyeh left.\n");
}

/// Issue 15: a surname alone in one document of a set ("Haniyeh said")
/// is tied to the full mention in a document before it, as within one
/// document; checked alone, the same document reports it as ambiguous
/// (two people of the house style bear it).
#[test]
fn a_surname_alone_is_tied_to_a_full_mention_in_an_earlier_document_of_the_set() {
    let dir = scratch();
    let memory = entity_style(dir.path());
    dragoman(&memory).args(["names", "prefer", "Abdel Salam Haniyeh"]).assert().success();
    let (first, second) = (dir.path().join("1.txt"), dir.path().join("2.txt"));
    std::fs::write(&first, "Ismail Haniyeh arrived in Doha on Monday.\n").unwrap();
    std::fs::write(&second, "Haniyeh said the talks were serious.\n").unwrap();
    let json = |files: &[&Path]| {
        let out = dragoman(&memory).args(["names", "check", "--format", "json"]).args(files).assert().code(1).get_output().stdout.clone();
        json_lines(&String::from_utf8(out).unwrap())
    };
    let alone = json(&[&second]);
    assert!(alone.len() == 1 && alone[0].get("ambiguous").is_some(), "{alone:?}");
    let set = json(&[&first, &second]);
    assert!(set.iter().all(|f| f.get("ambiguous").is_none()), "{set:?}");
    assert_eq!(set.iter().filter(|f| f.to_string().contains("2.txt")).count(), 1, "{set:?}");
    let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&first).arg(&second));
    assert_eq!(fixed, "Isma'il Haniya arrived in Doha on Monday.\nHaniya said the talks were serious.\n");
    // the other man's full mention in the first document makes the surname his
    std::fs::write(&first, "Abdel Salam Haniya spoke in Gaza.\n").unwrap();
    std::fs::write(&second, "Haniya said the talks were serious.\n").unwrap();
    let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&first).arg(&second));
    assert_eq!(fixed, "Abdel Salam Haniyeh spoke in Gaza.\nHaniyeh said the talks were serious.\n");
}

/// The names `names scan` finds in a text, with the English forms the
/// known-names list gave them.
fn scanned(memory: &Path, file: &Path) -> Vec<(String, Option<String>)> {
    let out = stdout_of(dragoman(memory).args(["names", "scan", "--all", "--format", "json"]).arg(file));
    let mut found = Vec::new();
    for cluster in json_lines(&out) {
        for v in cluster["variants"].as_array().unwrap() {
            found.push((v["spelling"].as_str().unwrap().to_string(), v["known_as"].as_str().map(str::to_string)));
        }
    }
    found
}

/// Issue 15: a surname alone at the start of a sentence ("Haniya said")
/// was no name candidate in a file of its own, though another file of
/// the same scan names the man inside a sentence; now the scan lists it
/// with the full name, and a common word starting a sentence is still none.
#[test]
fn names_scan_links_a_sentence_initial_surname_to_the_name_another_file_of_the_set_gives() {
    let dir = scratch();
    let (first, second) = (dir.path().join("1.txt"), dir.path().join("2.txt"));
    std::fs::write(&first, "Hamas leader Ismail Haniyeh arrived in Doha on Monday.\n").unwrap();
    std::fs::write(&second, "Haniya said the talks were serious. Talks resume today.\n").unwrap();
    let memory = dir.path().join("none.sqlite");
    let alone = dragoman(&memory).args(["names", "scan", "--all", "--format", "json"]).arg(&second).output().unwrap();
    assert!(!String::from_utf8_lossy(&alone.stdout).contains("Haniya"), "{alone:?}");
    let out = stdout_of(dragoman(&memory).args(["names", "scan", "--all", "--format", "json"]).arg(&first).arg(&second));
    let clusters = json_lines(&out);
    let haniyeh = clusters.iter().find(|c| c.to_string().contains("Ismail Haniyeh")).unwrap_or_else(|| panic!("{out}"));
    let spellings: Vec<&str> = haniyeh["variants"].as_array().unwrap().iter().map(|v| v["spelling"].as_str().unwrap()).collect();
    assert!(spellings.contains(&"Haniya"), "{out}");
    assert!(!out.contains("\"Talks\""), "{out}");
}

/// Issue 15: `names scan` on Arabic text uses the memory's aligned
/// pairs: a word of an Arabic translation that is the same name as a
/// name of its English source (السنوار / Sinwar) is a name wherever it
/// stands, though no title, list or house style tells it.
#[test]
fn names_scan_finds_in_arabic_text_the_names_the_memory_pairs_teach() {
    let dir = scratch();
    let file = dir.path().join("news.ar.txt");
    std::fs::write(&file, "قال السنوار إن الاتفاق قريب.\n").unwrap();
    let without = scanned(&dir.path().join("none.sqlite"), &file);
    assert!(!without.iter().any(|(s, _)| s.contains("السنوار")), "{without:?}");
    let memory = dir.path().join("m.sqlite");
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(
        &pairs,
        "source\ttarget\nYahya Sinwar met the delegation on Monday.\tالتقى يحيى السنوار بالوفد يوم الاثنين.\nThe talks went on.\tاستمرت المحادثات.\n",
    )
    .unwrap();
    dragoman(&memory).arg("import").arg(&pairs).args(["--src-lang", "en", "--tgt-lang", "ar"]).assert().success();
    let with = scanned(&memory, &file);
    assert!(with.contains(&("السنوار".to_string(), Some("Sinwar".to_string()))), "{with:?}");
    // the ordinary words of the pairs are not names
    assert!(!with.iter().any(|(s, _)| s.contains("المحادثات") || s.contains("قريب")), "{with:?}");
}

/// A name written once, alone at the start of a sentence ("Sinwar was
/// killed."), was no candidate though the memory's earlier dispatches
/// name the man inside a sentence; now the scan asks the memory, in
/// English and in Russian (another case of the name), and a common word
/// starting a sentence that the memory also capitalises only at a
/// sentence start stays out.
#[test]
fn a_name_alone_at_a_sentence_start_is_found_when_the_memory_writes_it_inside_a_sentence() {
    let dir = scratch();
    let file = dir.path().join("today.en.txt");
    std::fs::write(&file, "Sinwar was killed, the army said. Witnesses reported heavy fire.\n").unwrap();
    let russian = dir.path().join("today.ru.txt");
    std::fs::write(&russian, "Синвар погиб, заявила армия.\n").unwrap();
    for f in [&file, &russian] {
        let without = scanned(&dir.path().join("none.sqlite"), f);
        assert!(without.is_empty(), "{without:?}");
    }
    let memory = dir.path().join("m.sqlite");
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(
        &pairs,
        "source\ttarget\nThe army said it had killed Yahya Sinwar in Rafah.\tАрмия заявила, что убила Яхью Синвара в Рафахе.\n\
         Witnesses said the strikes continued.\tСвидетели сообщили, что удары продолжались.\n",
    )
    .unwrap();
    dragoman(&memory).arg("import").arg(&pairs).args(["--src-lang", "en", "--tgt-lang", "ru"]).assert().success();
    let with = scanned(&memory, &file);
    assert_eq!(with, [("Sinwar".to_string(), None)]);
    let with = scanned(&memory, &russian);
    assert_eq!(with, [("Синвар".to_string(), None)]);
}

/// Recall of the names of the English translations (tests/data/names/recall_gold.tsv)
/// in a scan of the source texts, with the house style in the memory or without.
fn recall_in_other_scripts(with_style: bool) -> (usize, usize, Vec<String>) {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    if with_style {
        import_style(&memory);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = std::fs::read_to_string(root.join("tests/data/names/recall_gold.tsv")).unwrap();
    let mut by_file: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for line in gold.lines().filter(|l| !l.starts_with('#')) {
        let (file, name) = line.split_once('\t').unwrap();
        by_file.entry(file.to_string()).or_default().push(name.to_string());
    }
    let (mut found, mut total, mut missed) = (0, 0, Vec::new());
    for (file, names) in &by_file {
        let path = if root.join("samples").join(file).exists() { sample(file) } else { root.join("tests/data/names").join(file) };
        let candidates = scanned(&memory, &path);
        for name in names {
            total += 1;
            let hit = candidates.iter().any(|(spelling, known)| {
                dragoman::names::same_name(spelling, name)
                    || known.as_deref().is_some_and(|k| k == name || dragoman::names::same_name(k, name))
            });
            if hit {
                found += 1;
            } else {
                missed.push(format!("{file}: {name}"));
            }
        }
    }
    (found, total, missed)
}

/// Issue 15: `names scan` on an Arabic or Chinese file printed nothing
/// and exited 0. On the Arabic, Persian, Chinese and Russian texts it
/// lists the names their English translations contain (target in
/// BENCHMARKS: recall 0.85 with the house style, 0.75 without).
#[test]
fn scan_finds_the_names_of_the_english_translation_in_arabic_persian_chinese_and_russian() {
    for (with_style, target) in [(true, 0.85), (false, 0.75)] {
        let (found, total, missed) = recall_in_other_scripts(with_style);
        let recall = found as f64 / total as f64;
        eprintln!("recall with house style {with_style}: {found} / {total} = {recall:.3}; missed {missed:?}");
        assert!(recall >= target, "recall {recall:.3} ({found} of {total}) below {target}; missed {missed:?}");
    }
}

/// A file in a script the scan cannot read is said so, with exit 1; an
/// analysed one says what was done.
#[test]
fn scan_says_what_it_did_and_fails_on_a_script_it_cannot_read() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let thai = dir.path().join("note.th.txt");
    std::fs::write(&thai, "สวัสดีครับ นี่คือข้อความภาษาไทย\n").unwrap();
    let output = dragoman(&memory).args(["names", "scan"]).arg(&thai).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("note.th.txt: names cannot be found in"), "{stderr}");
    let output =
        dragoman(&memory).args(["names", "scan", "--all"]).arg(sample("delegation.ar.txt")).assert().success().get_output().clone();
    assert!(String::from_utf8(output.stdout).unwrap().contains("إسماعيل هنية"));
    // a text read without a name in it is said so
    let plain = dir.path().join("plain.ar.txt");
    std::fs::write(&plain, "هذا نص قصير بلا أسماء.\n").unwrap();
    let output = dragoman(&memory).args(["names", "scan", "--all"]).arg(&plain).assert().success().get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("plain.ar.txt: Arabic text read; no names found"), "{stderr}");
}

/// `names scan` without `--all` on a file whose names are each spelled
/// one way printed nothing and exited 0, like a file with no names: now
/// it says how many names it found and left out.
#[test]
fn a_scan_whose_names_are_all_spelled_one_way_says_how_many_it_found() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let output = dragoman(&memory).args(["names", "scan"]).arg(sample("speech.ar.txt")).assert().success().get_output().clone();
    assert!(output.stdout.is_empty(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let all = json_lines(&stdout_of(dragoman(&memory).args(["names", "scan", "--all", "--format", "json"]).arg(sample("speech.ar.txt"))));
    assert!(all.len() > 1);
    assert_eq!(stderr.trim(), format!("{} names found, each spelled one way only (listed with --all)", all.len()));
}

/// Issue 15: `names scan DIR` reports each name with its spellings and
/// the files and lines of each, the most inconsistent first, as text,
/// JSON, CSV and an HTML report in which everything is escaped.
#[test]
fn scan_of_a_folder_reports_each_name_by_spelling_file_and_line_most_inconsistent_first() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    // a folder name with markup in it: the HTML report must show it, not obey it
    let folder = dir.path().join("dispatches & <i>x</i>");
    std::fs::create_dir_all(folder.join("week2")).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "Talks with Ismail Haniyeh ended. They met Ismail Haniya later.\nThe envoy saw Muammar Gaddafi.\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("week2/b.txt"),
        "Then Ismail Haniyah spoke, and Muammar Gaddafi replied.\nThey saw <b>Ismail Haniyeh</b> & Co.\n",
    )
    .unwrap();
    std::fs::write(folder.join("notes.bin"), [0u8, 1, 2]).unwrap();
    let out = stdout_of(dragoman(&memory).args(["names", "scan", "--all", "--format", "json"]).arg(&folder));
    let clusters = json_lines(&out);
    let first = &clusters[0];
    assert_eq!(first["variants"][0]["spelling"], "Ismail Haniyeh", "{out}");
    assert_eq!(first["mentions"], 4);
    assert_eq!(first["off_spelling"], 2);
    assert_eq!(first["files"], 2);
    let haniyah = first["variants"].as_array().unwrap().iter().find(|v| v["spelling"] == "Ismail Haniyah").unwrap();
    assert_eq!(haniyah["places"][0]["line"], 1);
    assert!(haniyah["files"][0].as_str().unwrap().ends_with("week2/b.txt"), "{haniyah}");
    // a consistent name comes after the inconsistent one
    let gaddafi = clusters.iter().position(|c| c["variants"][0]["spelling"] == "Muammar Gaddafi").unwrap();
    assert!(gaddafi > 0 && clusters[gaddafi]["off_spelling"] == 0);
    // CSV: one spelling a row
    let csv = stdout_of(dragoman(&memory).args(["names", "scan", "--format", "csv"]).arg(&folder));
    assert!(csv.starts_with("name,spelling,count,files,places,known_as\n"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("Ismail Haniyeh,Ismail Haniyah,1,")), "{csv}");
    // HTML: the markup of the documents is shown, not obeyed
    let html = stdout_of(dragoman(&memory).args(["names", "scan", "--all", "--format", "html"]).arg(&folder));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Ismail Haniyah"), "{html}");
    assert!(html.contains("dispatches &amp; &lt;i&gt;x&lt;/i&gt;") && !html.contains("<i>") && !html.contains(" & <"), "{html}");
}

/// Regression: a dispatch saved as UTF-16 ("Unicode" in Windows editors)
/// was refused by `names check` as "NUL byte at byte 3: not a text
/// file". It is read as the imports read it; rewriting it in place is
/// refused (it would come back as UTF-8) and leaves it as it was.
#[test]
fn names_check_reads_a_utf16_dispatch_and_fix_in_place_leaves_it_untouched() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let text = "Mr. Haniya said the talks in Doha were serious.\n";
    for (name, bytes) in [
        ("bom.en.txt", [&[0xFF, 0xFE][..], &text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()].concat()),
        ("le.en.txt", text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        ("be.en.txt", [&[0xFE, 0xFF][..], &text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>()].concat()),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, &bytes).unwrap();
        let output = dragoman(&memory).args(["names", "check"]).arg(&file).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}: {stdout}");
        assert!(stdout.contains(&format!("{name}:1:5: Haniya -> Haniyeh")), "{name}: {stdout}");
        let output = dragoman(&memory).args(["names", "fix", "--in-place"]).arg(&file).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("UTF-16 text cannot be rewritten in place") && stderr.lines().count() == 1, "{stderr}");
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "{name} was changed");
    }
}

/// Issue 15: `names prefer "Ismail Haniyeh" --variant "Hassan Nasrallah"`
/// was taken silently, and `names fix` then wrote "Hezbollah leader
/// Ismail Haniyeh"; `names prefer "the"` was taken as a name. Both are
/// refused, naming what is wrong, unless forced.
#[test]
fn prefer_refuses_a_variant_that_is_another_name_and_a_common_word_unless_forced() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let before = stdout_of(dragoman(&memory).args(["names", "list"]));
    let output = dragoman(&memory).args(["names", "prefer", "Ismail Haniyeh", "--variant", "Hassan Nasrallah"]).assert().code(1);
    let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("\"Hassan Nasrallah\" is not a spelling of \"Ismail Haniyeh\""), "{stderr}");
    let output = dragoman(&memory).args(["names", "prefer", "the"]).assert().code(1);
    let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("\"the\" is a common word, not a name"), "{stderr}");
    assert_eq!(stdout_of(dragoman(&memory).args(["names", "list"])), before);
    let text = dir.path().join("dispatch.txt");
    std::fs::write(&text, "Hezbollah leader Hassan Nasrallah said on Sunday the group would respond.\n").unwrap();
    let fixed = stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&text));
    assert_eq!(fixed, "Hezbollah leader Hassan Nasrallah said on Sunday the group would respond.\n");
    // a kunya is another name for the same man: taken when forced
    dragoman(&memory).args(["names", "prefer", "Mahmoud Abbas", "--variant", "Abu Mazen"]).assert().code(1);
    dragoman(&memory).args(["names", "prefer", "Mahmoud Abbas", "--variant", "Abu Mazen", "--force"]).assert().success();
    std::fs::write(&text, "Palestinian President Abu Mazen met envoys.\n").unwrap();
    assert_eq!(stdout_of(dragoman(&memory).args(["names", "fix"]).arg(&text)), "Palestinian President Mahmoud Abbas met envoys.\n");
}

/// Issue 15: a file holding only "Haniyeh said talks were serious." gave
/// "no names found" to `names scan`, while `names check` saw Haniyeh:
/// the scan now takes the memory's house style as check does.
#[test]
fn a_sentence_initial_name_of_the_house_style_is_found_by_scan_as_by_check() {
    let dir = scratch();
    let file = dir.path().join("wire.txt");
    std::fs::write(&file, "Haniyeh said talks were serious.\nBreaking: Haniya killed in Tehran.\n").unwrap();
    let without = scanned(&dir.path().join("none.sqlite"), &file);
    assert!(!without.iter().any(|(s, _)| s.starts_with("Haniy")), "{without:?}");
    let memory = dir.path().join("m.sqlite");
    import_style(&memory);
    let with: Vec<String> = scanned(&memory, &file).into_iter().map(|(s, _)| s).collect();
    assert!(with.contains(&"Haniyeh".to_string()) && with.contains(&"Haniya".to_string()), "{with:?}");
    assert!(with.contains(&"Tehran".to_string()) && !with.contains(&"Breaking".to_string()), "{with:?}");
}

/// Issue 15: CAIRO / Cairo, DOHA / Doha and HAMAS / Hamas were reported
/// as names spelled two ways, at the top of the report: spellings that
/// differ only in case are one, shown as written in ordinary case.
#[test]
fn spellings_that_differ_only_in_case_are_one_spelling_not_an_inconsistency() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let file = dir.path().join("wire.txt");
    std::fs::write(
        &file,
        "CAIRO, Nov. 13 — Hamas leader Ismail Haniyeh arrived in Cairo, and HAMAS officials said Doha would host talks.\n\
         DOHA, Nov. 14 — Ismail Haniya left Doha for Cairo on Tuesday.\n",
    )
    .unwrap();
    let clusters = json_lines(&stdout_of(dragoman(&memory).args(["names", "scan", "--all", "--format", "json"]).arg(&file)));
    for name in ["Cairo", "Doha", "Hamas"] {
        let cluster = clusters.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{name}: {clusters:?}"));
        assert_eq!(cluster["off_spelling"], 0, "{cluster}");
        assert_eq!(cluster["variants"].as_array().unwrap().len(), 1, "{cluster}");
    }
    // the real inconsistency comes first
    assert!(clusters[0]["name"].as_str().unwrap().starts_with("Ismail Haniy"), "{clusters:?}");
    assert_eq!(clusters[0]["off_spelling"], 1, "{clusters:?}");
    let out = stdout_of(dragoman(&memory).args(["names", "scan"]).arg(&file));
    assert!(!out.contains("CAIRO") && !out.contains("Doha"), "{out}");
}

/// Issue 15: a Thai file was "names cannot be found in Other text yet",
/// the name of a program's label, not of a script.
#[test]
fn a_script_the_scan_cannot_read_is_named_for_the_reader() {
    let dir = scratch();
    let thai = dir.path().join("wire.th.txt");
    std::fs::write(&thai, "ฮานีเยห์เดินทางถึงกรุงไคโรเมื่อวันจันทร์\n").unwrap();
    let output = dragoman(&dir.path().join("m.sqlite")).args(["names", "scan"]).arg(&thai).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("wire.th.txt: names cannot be found in this script yet; not scanned"), "{stderr}");
    assert!(!stderr.contains("Other"), "{stderr}");
}

/// Issue 15: in the Arabic sample, مصريا and المصرية (Egyptian, forms of
/// the known name Egypt) were reported as "2 spellings" of an
/// inconsistent name, and المصري apart: the forms of one known name are
/// one entity, and the grammar of the language, not misspellings.
#[test]
fn inflected_forms_of_a_known_name_in_arabic_are_one_entity_and_not_inconsistent() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let clusters =
        json_lines(&stdout_of(dragoman(&memory).args(["names", "scan", "--all", "--format", "json"]).arg(sample("delegation.ar.txt"))));
    let egypt: Vec<&serde_json::Value> =
        clusters.iter().filter(|c| c["variants"].as_array().unwrap().iter().any(|v| v["known_as"] == "Egypt")).collect();
    assert_eq!(egypt.len(), 1, "{egypt:?}");
    let spellings: Vec<&str> = egypt[0]["variants"].as_array().unwrap().iter().map(|v| v["spelling"].as_str().unwrap()).collect();
    for form in ["مصر", "مصريا", "المصري", "المصرية"] {
        assert!(spellings.contains(&form), "{form} not in {spellings:?}");
    }
    assert_eq!(egypt[0]["off_spelling"], 0, "{}", egypt[0]);
    let inconsistent = stdout_of(dragoman(&memory).args(["names", "scan"]).arg(sample("delegation.ar.txt")));
    assert!(!inconsistent.contains("مصر"), "{inconsistent}");
}
