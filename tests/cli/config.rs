//! Where memories live: the default memory in the data folder, the
//! config file's named memories, default, lookup list and author, and
//! suggest and search reading several memories in priority order.

use super::*;

/// A home for one test: config and data folders and a working folder,
/// all under one scratch folder.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let home = Home { dir: scratch() };
        std::fs::create_dir_all(home.work()).unwrap();
        home
    }

    fn config_folder(&self) -> PathBuf {
        self.dir.path().join("config").join("dragoman")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn write_config(&self, text: &str) {
        std::fs::create_dir_all(self.config_folder()).unwrap();
        std::fs::write(self.config_folder().join("config.toml"), text).unwrap();
    }

    /// The binary with no memory given, run in the working folder.
    fn dragoman(&self) -> Command {
        let mut cmd = Command::cargo_bin("dragoman").unwrap();
        cmd.env_remove("DRAGOMAN_MEMORY")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.data())
            .env("USER", "session-user")
            .current_dir(self.work());
        cmd
    }

    /// A TSV file of English → French pairs in the working folder.
    fn tsv(&self, name: &str, pairs: &[(&str, &str)]) -> PathBuf {
        let file = self.work().join(name);
        let mut text = String::from("source\ttarget\n");
        for (s, t) in pairs {
            text.push_str(&format!("{s}\t{t}\n"));
        }
        std::fs::write(&file, text).unwrap();
        file
    }

    fn import(&self, memory: Option<&str>, pairs: &[(&str, &str)]) {
        let file = self.tsv("pairs.tsv", pairs);
        let mut cmd = self.dragoman();
        if let Some(memory) = memory {
            cmd.args(["--memory", memory]);
        }
        stdout_of(cmd.arg("import").arg(file).args(["--src-lang", "en", "--tgt-lang", "fr"]));
    }
}

const MONDAY: &str = "The talks resumed on Monday.";

#[test]
fn the_default_memory_lands_in_the_data_folder_and_not_in_the_current_one() {
    let home = Home::new();
    home.import(None, &[(MONDAY, "Les pourparlers ont repris lundi.")]);
    let default = home.data().join("dragoman").join("default.sqlite");
    assert!(default.is_file(), "no {}", default.display());
    assert!(!home.work().join("memories").exists());
    let stats = stdout_of(home.dragoman().arg("stats"));
    assert!(stats.contains(&default.display().to_string()) && stats.contains("units:     1"), "{stats}");
}

#[test]
fn a_project_memory_is_still_used_by_its_path() {
    let home = Home::new();
    home.write_config("[memories]\ndesk = \"desk.sqlite\"\n");
    home.import(Some("memories/project.sqlite"), &[(MONDAY, "Les pourparlers ont repris lundi.")]);
    assert!(home.work().join("memories").join("project.sqlite").is_file());
    assert!(!home.data().exists() && !home.config_folder().join("desk.sqlite").exists());
    let stats = stdout_of(home.dragoman().env("DRAGOMAN_MEMORY", "memories/project.sqlite").arg("stats"));
    assert!(stats.contains("units:     1"), "{stats}");
}

#[test]
fn a_memory_named_in_the_config_is_used_by_name_and_as_the_default() {
    let home = Home::new();
    home.write_config("default = \"desk\"\n\n[memories]\ndesk = \"desks/desk.sqlite\"\npersonal = \"~/personal.sqlite\"\n");
    home.import(Some("desk"), &[(MONDAY, "Les pourparlers ont repris lundi.")]);
    // a relative path is taken from the config file's folder
    let desk = home.config_folder().join("desks").join("desk.sqlite");
    assert!(desk.is_file(), "no {}", desk.display());
    // the default, and the name in DRAGOMAN_MEMORY
    for by_env in [None, Some("desk")] {
        let mut cmd = home.dragoman();
        if let Some(name) = by_env {
            cmd.env("DRAGOMAN_MEMORY", name);
        }
        let stats = stdout_of(cmd.arg("stats"));
        assert!(stats.contains(&desk.display().to_string()) && stats.contains("units:     1"), "{stats}");
    }
    // `~/` is the home folder
    let file = home.tsv("more.tsv", &[("Talks ended.", "Les pourparlers ont pris fin.")]);
    let mut cmd = home.dragoman();
    cmd.env("HOME", home.dir.path()).args(["--memory", "personal", "import"]).arg(file).args(["--src-lang", "en", "--tgt-lang", "fr"]);
    stdout_of(&mut cmd);
    assert!(home.dir.path().join("personal.sqlite").is_file());
    assert!(!home.data().exists(), "the data folder's default memory was made though the config names a default");
}

#[test]
fn a_name_the_config_does_not_know_is_an_error_and_no_new_memory() {
    let home = Home::new();
    home.write_config("[memories]\ndesk = \"desk.sqlite\"\npersonal = \"p.sqlite\"\n");
    let file = home.tsv("pairs.tsv", &[(MONDAY, "Les pourparlers ont repris lundi.")]);
    let assert =
        home.dragoman().args(["--memory", "dsek", "import"]).arg(file).args(["--src-lang", "en", "--tgt-lang", "fr"]).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("dragoman: dsek: no memory of that name (") && stderr.contains("names desk, personal"), "{stderr}");
    assert_eq!(std::fs::read_dir(home.work()).unwrap().count(), 1, "only the TSV file");
}

#[test]
fn a_bad_config_file_is_a_one_line_error_naming_the_file_and_line() {
    let home = Home::new();
    home.write_config("author = \"Rana\"\n\n[memories]\ndesk = \"desk.sqlite\"\nlookup = [\"desk\"]\n");
    let file = home.config_folder().join("config.toml");
    for args in [vec!["stats"], vec!["suggest", "--src-lang", "en", MONDAY]] {
        let assert = home.dragoman().args(&args).assert().code(1);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        // `lookup` under [memories] is a memory whose location is not a string
        assert!(stderr.starts_with(&format!("dragoman: {}: line 5: ", file.display())), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    home.write_config("default = \"desk\"\n");
    let assert = home.dragoman().arg("stats").assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr, format!("dragoman: {}: line 1: default 'desk' is not a memory named under [memories]\n", file.display()));
    // a command without a memory does not read it
    home.dragoman().args(["segment", "--lang", "en", "-"]).write_stdin("Talks resumed. They ended.").assert().success();
}

/// The `created_by` of every exported unit.
fn authors(home: &Home) -> Vec<String> {
    let csv = stdout_of(home.dragoman().args(["export", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "created_by").unwrap();
    reader.records().map(|r| r.unwrap()[column].to_string()).collect()
}

#[test]
fn the_author_in_the_config_is_stored_with_new_units() {
    let home = Home::new();
    // without a config: the session's user
    home.import(None, &[(MONDAY, "Les pourparlers ont repris lundi.")]);
    assert_eq!(authors(&home), ["session-user"]);
    home.write_config("author = \"Rana Haddad\"\n");
    home.import(None, &[("The talks resumed on Tuesday.", "Les pourparlers ont repris mardi.")]);
    // a TMX unit without creationid, and aligned pairs stored
    let tmx = home.work().join("one.tmx");
    std::fs::write(
        &tmx,
        "<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" \
         creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/><body><tu><tuv xml:lang=\"en\"><seg>Talks ended.</seg></tuv>\
         <tuv xml:lang=\"fr\"><seg>Les pourparlers ont pris fin.</seg></tuv></tu></body></tmx>",
    )
    .unwrap();
    stdout_of(home.dragoman().arg("import").arg(&tmx));
    home.dragoman().arg("align").arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).arg("--store").assert().success();
    let authors = authors(&home);
    assert!(authors.len() > 3, "{authors:?}");
    assert_eq!(authors.iter().filter(|a| *a == "session-user").count(), 1, "{authors:?}");
    assert!(authors.iter().filter(|a| *a != "session-user").all(|a| a == "Rana Haddad"), "{authors:?}");
}

/// Two memories in the config, each holding MONDAY with its own
/// translation, and a lower-scoring pair only in `personal`.
fn two_memories() -> Home {
    let home = Home::new();
    home.write_config("[memories]\ndesk = \"desk.sqlite\"\npersonal = \"personal.sqlite\"\n");
    home.import(Some("desk"), &[(MONDAY, "Les pourparlers ont repris lundi (desk).")]);
    home.import(
        Some("personal"),
        &[(MONDAY, "Les pourparlers ont repris lundi (personal)."), ("The talks resumed on Tuesday.", "Les pourparlers ont repris mardi.")],
    );
    home
}

fn suggested(cmd: &mut Command) -> Vec<(String, u64)> {
    let out = stdout_of(cmd.args(["suggest", "--format", "json", "--src-lang", "en", MONDAY]));
    let result: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    result["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["memory"].as_str().unwrap().to_string(), m["score"].as_u64().unwrap()))
        .collect()
}

#[test]
fn suggest_names_the_memory_of_each_match_and_a_tie_goes_to_the_memory_given_first() {
    let home = two_memories();
    let shown = |list: &[(&str, u64)]| list.iter().map(|(m, s)| (m.to_string(), *s)).collect::<Vec<_>>();
    let found = suggested(home.dragoman().args(["--memory", "desk", "--memory", "personal"]));
    assert_eq!(found[..2], shown(&[("desk", 100), ("personal", 100)]));
    assert_eq!(found[2].0, "personal");
    assert!(found[2].1 < 100, "{found:?}");
    let found = suggested(home.dragoman().args(["--memory", "personal", "--memory", "desk"]));
    assert_eq!(found[..2], shown(&[("personal", 100), ("desk", 100)]));
    // a path is named by the path given
    let desk_path = home.config_folder().join("desk.sqlite");
    let found = suggested(home.dragoman().arg("--memory").arg(&desk_path).args(["--memory", "personal"]));
    assert_eq!(found[0], (desk_path.display().to_string(), 100));
    // the text output says it too
    let text = stdout_of(home.dragoman().args([
        "--memory",
        "personal",
        "--memory",
        "desk",
        "suggest",
        "--src-lang",
        "en",
        "--color",
        "never",
        MONDAY,
    ]));
    let first = text.lines().position(|l| l.contains("100%")).unwrap();
    assert!(text.lines().nth(first + 1).unwrap().contains("lundi (personal)"), "{text}");
    assert!(text.lines().nth(first + 2).unwrap().ends_with(", from personal)"), "{text}");
    assert!(text.contains(", from desk)"), "{text}");
}

#[test]
fn the_config_lookup_list_is_read_when_no_memory_is_given() {
    let home = two_memories();
    home.write_config("lookup = [\"personal\", \"desk\"]\n[memories]\ndesk = \"desk.sqlite\"\npersonal = \"personal.sqlite\"\n");
    let found = suggested(&mut home.dragoman());
    assert_eq!((found[0].0.as_str(), found[1].0.as_str()), ("personal", "desk"));
    // one memory given: that one alone
    let found = suggested(home.dragoman().args(["--memory", "desk"]));
    assert_eq!(found.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(), ["desk"]);
}

#[test]
fn search_names_the_memory_of_each_pair_the_memory_given_first_first() {
    let home = two_memories();
    let out = stdout_of(home.dragoman().args(["--memory", "desk", "--memory", "personal", "search", "--format", "json", "Monday"]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits: Vec<(&str, &str)> =
        report["hits"].as_array().unwrap().iter().map(|h| (h["memory"].as_str().unwrap(), h["target"].as_str().unwrap())).collect();
    assert_eq!(hits, [("desk", "Les pourparlers ont repris lundi (desk)."), ("personal", "Les pourparlers ont repris lundi (personal).")]);
    let text = stdout_of(home.dragoman().args(["--memory", "personal", "--memory", "desk", "search", "--color", "never", "Monday"]));
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert!(heads.len() == 2 && heads[0].ends_with(", from personal)") && heads[1].ends_with(", from desk)"), "{text}");
}

#[test]
fn a_reference_memory_read_among_several_is_left_as_it_was() {
    let home = two_memories();
    let personal = home.config_folder().join("personal.sqlite");
    let before = std::fs::read(&personal).unwrap();
    let found = suggested(home.dragoman().args(["--memory", "desk", "--memory", "personal"]));
    assert_eq!(found.len(), 3);
    assert_eq!(std::fs::read(&personal).unwrap(), before);
}

#[test]
fn several_memories_for_a_command_that_writes_is_a_usage_error() {
    let home = two_memories();
    let file = home.tsv("more.tsv", &[("Talks ended.", "Les pourparlers ont pris fin.")]);
    home.dragoman()
        .args(["--memory", "desk", "--memory", "personal", "import"])
        .arg(file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--memory may be given more than once only to suggest, search"));
}

#[test]
fn memories_given_on_both_sides_of_the_command_are_a_usage_error_not_one_dropped() {
    let home = two_memories();
    home.dragoman()
        .args(["--memory", "desk", "suggest", "--memory", "personal", "--src-lang", "en", MONDAY])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("give every --memory before the command's name or every one after it"));
    // all after the command's name (or all before) is fine
    let out = stdout_of(home.dragoman().args(["search", "--memory", "personal", "--memory", "desk", "--format", "json", "Monday"]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let memories: Vec<&str> = report["hits"].as_array().unwrap().iter().map(|h| h["memory"].as_str().unwrap()).collect();
    assert_eq!(memories, ["personal", "desk"]);
}
