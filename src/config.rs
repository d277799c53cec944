//! The user's settings file (`$XDG_CONFIG_HOME/dragoman/config.toml`) and
//! where dragoman keeps its files by default: plain data and parsing,
//! nothing printed, no command-line flag named. The file names memories
//! (a path or a database URL each), the default one, the memories looked
//! up together, and the author stored with new units:
//!
//! ```
//! use std::path::Path;
//!
//! let text = "author = \"Rana Haddad\"\ndefault = \"desk\"\nlookup = [\"desk\", \"reference\"]\n\n\
//!             [memories]\ndesk = \"postgres://tm.example/desk\"\nreference = \"ref/un.sqlite\"\n";
//! let config = dragoman::config::parse(text, Path::new("/home/rana/.config/dragoman/config.toml"), None).unwrap();
//! assert_eq!(config.author.as_deref(), Some("Rana Haddad"));
//! assert_eq!(config.location("reference").unwrap(), Path::new("/home/rana/.config/dragoman/ref/un.sqlite"));
//! assert_eq!(config.lookup, ["desk", "reference"]);
//! ```
//!
//! Folders follow the XDG Base Directory Specification
//! (<https://specifications.freedesktop.org/basedir-spec/latest/>): a
//! variable that is unset, empty or not an absolute path is ignored, and
//! its documented fallback under `$HOME` is taken instead.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The settings read from a config file. Every name in `default` and
/// `lookup` is one of `memories` (checked by [`parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// The file the settings were read from.
    pub file: PathBuf,
    /// Who new units are stored as created by.
    pub author: Option<String>,
    /// The name of the memory used when none is given.
    pub default: Option<String>,
    /// Names of the memories read together by look-ups, highest priority first.
    pub lookup: Vec<String>,
    /// Each memory's name and where it is: a URL as written, or a path
    /// (`~/` taken as the home folder, a relative path as relative to the
    /// config file's folder).
    pub memories: BTreeMap<String, PathBuf>,
    /// `[analysis] bands`: the match bands and words-per-band weights of
    /// `analyze` as written (see `documents::BandScheme::parse`), with
    /// the line it is on.
    pub analysis_bands: Option<(String, usize)>,
}

impl Config {
    /// Where the memory called `name` is, if the file names it.
    pub fn location(&self, name: &str) -> Option<&Path> {
        self.memories.get(name).map(PathBuf::as_path)
    }
}

/// A config file that cannot be read or says something wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {source}")]
    Read { file: String, source: std::io::Error },
    /// `line` is 1-based; 0 when the problem has no place in the file.
    #[error("{file}: line {line}: {problem}")]
    Invalid { file: String, line: usize, problem: String },
}

/// The file as written: what serde reads, with places for the checks.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    author: Option<Spanned<String>>,
    default: Option<Spanned<String>>,
    #[serde(default)]
    lookup: Vec<Spanned<String>>,
    #[serde(default)]
    memories: BTreeMap<Spanned<String>, Spanned<String>>,
    analysis: Option<WrittenAnalysis>,
}

/// The `[analysis]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenAnalysis {
    bands: Option<Spanned<String>>,
}

/// Reads the config file at `file`: `Ok(None)` when there is none.
/// `home` expands `~/` in memory paths.
pub fn read(file: &Path, home: Option<&Path>) -> Result<Option<Config>, ConfigError> {
    match std::fs::read_to_string(file) {
        Ok(text) => parse(&text, file, home).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Read { file: file.display().to_string(), source }),
    }
}

/// Parses the text of the config file `file` (named in errors; relative
/// memory paths are taken from its folder). `home` expands `~/`.
pub fn parse(text: &str, file: &Path, home: Option<&Path>) -> Result<Config, ConfigError> {
    let invalid = |at: usize, problem: String| ConfigError::Invalid { file: file.display().to_string(), line: line_of(text, at), problem };
    let written: Written = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |span| span.start);
        // toml's messages may run over several lines; the first says it
        invalid(at, e.message().lines().next().unwrap_or("invalid TOML").trim().to_string())
    })?;
    let base = file.parent().unwrap_or(Path::new(""));
    let mut memories = BTreeMap::new();
    for (name, location) in written.memories {
        if !is_name(name.get_ref()) {
            return Err(invalid(
                name.span().start,
                format!("memory name '{}': use letters, digits, '-' and '_' only", name.get_ref().escape_debug()),
            ));
        }
        let written_location = location.get_ref().trim();
        if written_location.is_empty() {
            return Err(invalid(location.span().start, format!("memory '{}' has an empty location", name.get_ref())));
        }
        memories.insert(name.into_inner(), resolve_location(written_location, base, home));
    }
    let named = |name: &Spanned<String>, what: &str| -> Result<String, ConfigError> {
        if memories.contains_key(name.get_ref()) {
            Ok(name.get_ref().clone())
        } else {
            Err(invalid(name.span().start, format!("{what} '{}' is not a memory named under [memories]", name.get_ref().escape_debug())))
        }
    };
    let default = written.default.as_ref().map(|name| named(name, "default")).transpose()?;
    let lookup = written.lookup.iter().map(|name| named(name, "lookup")).collect::<Result<Vec<_>, _>>()?;
    let author = match written.author {
        Some(author) if author.get_ref().trim().is_empty() => return Err(invalid(author.span().start, "author is empty".to_string())),
        Some(author) if author.get_ref().chars().any(char::is_control) => {
            return Err(invalid(author.span().start, "author holds a control character".to_string()));
        }
        Some(author) => Some(author.into_inner().trim().to_string()),
        None => None,
    };
    let analysis_bands = written.analysis.and_then(|a| a.bands).map(|b| (b.get_ref().clone(), line_of(text, b.span().start)));
    Ok(Config { file: file.to_path_buf(), author, default, lookup, memories, analysis_bands })
}

/// Whether `value` can be a memory's name: letters, digits, `-` and `_`,
/// so that no name is mistaken for a path (which has `/` or `.`) or a URL.
pub fn is_name(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Whether a memory's location is a database URL (`postgres://…`) rather than a path.
pub fn is_url(location: &str) -> bool {
    location.split_once("://").is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A location as the config file writes it, made usable from any folder.
fn resolve_location(location: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    if is_url(location) {
        return PathBuf::from(location);
    }
    match (location.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => base.join(location),
    }
}

/// The 1-based line holding byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The folders dragoman keeps its files in, from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    /// `$XDG_CONFIG_HOME/dragoman`, else `$HOME/.config/dragoman`.
    pub config: Option<PathBuf>,
    /// `$XDG_DATA_HOME/dragoman`, else `$HOME/.local/share/dragoman`.
    pub data: Option<PathBuf>,
    /// `$HOME`, for `~/` in memory paths.
    pub home: Option<PathBuf>,
}

impl Folders {
    /// The folders for an environment read through `var` (as
    /// `std::env::var_os`); a folder is `None` when neither its XDG
    /// variable nor `HOME` gives one.
    pub fn from_env(var: impl Fn(&str) -> Option<OsString>) -> Folders {
        let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
        let home = absolute("HOME");
        let under =
            |xdg: &str, fallback: &str| absolute(xdg).or_else(|| home.as_ref().map(|h| h.join(fallback))).map(|d| d.join("dragoman"));
        Folders { config: under("XDG_CONFIG_HOME", ".config"), data: under("XDG_DATA_HOME", ".local/share"), home }
    }

    /// The config file, `config.toml` in the config folder.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("config.toml"))
    }

    /// The memory used when none is given or configured, `default.sqlite` in the data folder.
    pub fn default_memory(&self) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join("default.sqlite"))
    }
}

/// A memory to open, and how to name it to the user (the name given or
/// configured, or its path): the settings resolve a memory given or
/// configured to one.
#[derive(Debug, Clone)]
pub struct MemoryChoice {
    pub label: String,
    pub location: std::path::PathBuf,
}

/// Who new units are stored as created by, once [`set_author`] has
/// been called for the command run; the `USER` of the session before.
pub fn author() -> Option<String> {
    match AUTHOR.get() {
        Some(author) => author.clone(),
        None => std::env::var("USER").ok().filter(|u| !u.is_empty()),
    }
}

/// Sets who new units are stored as created by, for the rest of the run.
pub fn set_author(author: Option<String>) {
    let _ = AUTHOR.set(author);
}

/// The author of the command run (see [`author`]): set once, before
/// the command runs, and read where units are made.
static AUTHOR: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "/home/rana/.config/dragoman/config.toml";

    fn parsed(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new(FILE), Some(Path::new("/home/rana")))
    }

    fn error(text: &str) -> String {
        parsed(text).unwrap_err().to_string()
    }

    #[test]
    fn a_full_config_names_memories_the_default_the_lookup_and_the_author() {
        let config = parsed(
            "# the desk's settings\nauthor = \"Rana Haddad\"\ndefault = \"personal\"\nlookup = [\"desk\", \"personal\", \"reference\"]\n\n\
             [memories]\ndesk = \"postgres://dragoman@tm.example/desk?sslmode=require\"\npersonal = \"~/tm/personal.sqlite\"\n\
             reference = \"/srv/tm/reference.sqlite\"\nproject = \"memories/default.sqlite\"\n",
        )
        .unwrap();
        assert_eq!(config.file, Path::new(FILE));
        assert_eq!(config.author.as_deref(), Some("Rana Haddad"));
        assert_eq!(config.default.as_deref(), Some("personal"));
        assert_eq!(config.lookup, ["desk", "personal", "reference"]);
        assert_eq!(config.location("desk").unwrap(), Path::new("postgres://dragoman@tm.example/desk?sslmode=require"));
        assert_eq!(config.location("personal").unwrap(), Path::new("/home/rana/tm/personal.sqlite"));
        assert_eq!(config.location("reference").unwrap(), Path::new("/srv/tm/reference.sqlite"));
        assert_eq!(config.location("project").unwrap(), Path::new("/home/rana/.config/dragoman/memories/default.sqlite"));
        assert_eq!(config.location("elsewhere"), None);
    }

    #[test]
    fn an_empty_config_says_nothing() {
        assert_eq!(parsed("").unwrap(), Config { file: PathBuf::from(FILE), ..Config::default() });
        assert_eq!(parsed("author = \"  Rana \"\n").unwrap().author.as_deref(), Some("Rana"));
    }

    #[test]
    fn bad_toml_is_an_error_naming_the_file_and_line() {
        let message = error("author = \"Rana\"\n\n[memories]\ndesk = postgres://x/y\n");
        assert!(message.starts_with(&format!("{FILE}: line 4: ")), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_its_line() {
        let message = error("author = \"Rana\"\ndefualt = \"desk\"\n");
        assert!(message.starts_with(&format!("{FILE}: line 2: unknown field `defualt`")), "{message}");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_naming_its_line() {
        let message = error("\nlookup = \"desk\"\n");
        assert!(message.starts_with(&format!("{FILE}: line 2: ")), "{message}");
        let message = error("[memories]\ndesk = 3\n");
        assert!(message.starts_with(&format!("{FILE}: line 2: ")), "{message}");
    }

    #[test]
    fn a_default_or_lookup_naming_no_memory_is_an_error_naming_its_line() {
        assert_eq!(
            error("default = \"dsek\"\n[memories]\ndesk = \"d.sqlite\"\n"),
            format!("{FILE}: line 1: default 'dsek' is not a memory named under [memories]")
        );
        assert_eq!(
            error("lookup = [\n  \"desk\",\n  \"personal\",\n]\n[memories]\ndesk = \"d.sqlite\"\n"),
            format!("{FILE}: line 3: lookup 'personal' is not a memory named under [memories]")
        );
    }

    #[test]
    fn a_memory_name_that_could_be_a_path_is_an_error() {
        assert_eq!(
            error("[memories]\n\"desk.sqlite\" = \"d.sqlite\"\n"),
            format!("{FILE}: line 2: memory name 'desk.sqlite': use letters, digits, '-' and '_' only")
        );
        assert_eq!(error("[memories]\ndesk = \" \"\n"), format!("{FILE}: line 2: memory 'desk' has an empty location"));
        assert_eq!(error("\n\nauthor = \"\"\n"), format!("{FILE}: line 3: author is empty"));
    }

    #[test]
    fn names_urls_and_paths_are_told_apart() {
        assert!(is_name("desk") && is_name("un-reference_2") && is_name("مكتب"));
        assert!(!is_name("desk.sqlite") && !is_name("memories/default.sqlite") && !is_name(""));
        assert!(is_url("postgres://u@h/db") && is_url("postgresql://h/db"));
        assert!(!is_url("memories/default.sqlite") && !is_url("://x") && !is_url("a b://c"));
    }

    #[test]
    fn folders_follow_xdg_with_fallbacks_under_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
        };
        let folders = Folders::from_env(env(&[("HOME", "/home/rana"), ("XDG_DATA_HOME", "/data"), ("XDG_CONFIG_HOME", "/conf")]));
        assert_eq!(folders.config_file().unwrap(), Path::new("/conf/dragoman/config.toml"));
        assert_eq!(folders.default_memory().unwrap(), Path::new("/data/dragoman/default.sqlite"));
        // unset, empty or relative: the fallback under HOME
        let folders = Folders::from_env(env(&[("HOME", "/home/rana"), ("XDG_DATA_HOME", ""), ("XDG_CONFIG_HOME", "conf")]));
        assert_eq!(folders.config_file().unwrap(), Path::new("/home/rana/.config/dragoman/config.toml"));
        assert_eq!(folders.default_memory().unwrap(), Path::new("/home/rana/.local/share/dragoman/default.sqlite"));
        let folders = Folders::from_env(env(&[]));
        assert_eq!((folders.config_file(), folders.default_memory()), (None, None));
    }

    #[test]
    fn a_missing_file_is_no_config() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(&dir.path().join("config.toml"), None).unwrap(), None);
        std::fs::write(dir.path().join("config.toml"), "author = \"Rana\"\n").unwrap();
        assert_eq!(read(&dir.path().join("config.toml"), None).unwrap().unwrap().author.as_deref(), Some("Rana"));
    }
}
