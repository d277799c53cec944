//! Which memory (or memories) a command uses, and who new units are
//! stored as created by: `--memory` / `DRAGOMAN_MEMORY` (a path, a
//! database URL or a name from the config file), else the config file's
//! `default` (or `lookup`, for the commands that read several), else
//! `default.sqlite` in the user's data folder. See [`dragoman::config`].

use anyhow::Context;
use dragoman::config::{self, Config, Folders};
use std::path::{Path, PathBuf};

/// The user's settings: the config file (if any) and the folders.
pub struct Settings {
    config: Option<Config>,
    folders: Folders,
}

pub use dragoman::config::{MemoryChoice, author, set_author};

impl Settings {
    /// Reads the config file from the folders the environment gives; a
    /// bad file is an error naming it.
    pub fn load() -> anyhow::Result<Settings> {
        let folders = Folders::from_env(|name| std::env::var_os(name));
        let config = match folders.config_file() {
            Some(file) => config::read(&file, folders.home.as_deref())?,
            None => None,
        };
        Ok(Settings { config, folders })
    }

    /// The config file's `[analysis] bands`, with the file and the line
    /// it is on (for `analyze`).
    pub fn analysis_bands(&self) -> Option<(String, PathBuf, usize)> {
        let config = self.config.as_ref()?;
        config.analysis_bands.as_ref().map(|(bands, line)| (bands.clone(), config.file.clone(), *line))
    }

    /// Who new units are stored as created by: the config file's
    /// `author`, else the `USER` of the session.
    pub fn author(&self) -> Option<String> {
        self.config.as_ref().and_then(|c| c.author.clone()).or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
    }

    /// The one memory a command uses: the one given, else the configured
    /// default, else `default.sqlite` in the data folder.
    pub fn memory(&self, given: Option<&Path>) -> anyhow::Result<MemoryChoice> {
        match given {
            Some(given) => self.resolve(given),
            None => self.default_memory(),
        }
    }

    /// The memories a look-up reads, highest priority first: those given,
    /// else the config file's `lookup`, else the one default memory.
    pub fn lookup(&self, given: &[PathBuf]) -> anyhow::Result<Vec<MemoryChoice>> {
        if !given.is_empty() {
            return given.iter().map(|g| self.resolve(g)).collect();
        }
        match &self.config {
            Some(config) if !config.lookup.is_empty() => Ok(config.lookup.iter().map(|name| self.named(config, name)).collect()),
            _ => Ok(vec![self.default_memory()?]),
        }
    }

    fn default_memory(&self) -> anyhow::Result<MemoryChoice> {
        if let Some(config) = &self.config
            && let Some(name) = &config.default
        {
            return Ok(self.named(config, name));
        }
        let location = self
            .folders
            .default_memory()
            .context("no home folder to keep the default memory in: set HOME or XDG_DATA_HOME, or give --memory")?;
        Ok(MemoryChoice { label: location.display().to_string(), location })
    }

    /// A configured memory (`name` is one, as [`config::parse`] checked).
    fn named(&self, config: &Config, name: &str) -> MemoryChoice {
        let location = config.location(name).expect("config::parse checks every name").to_path_buf();
        MemoryChoice { label: name.to_string(), location }
    }

    /// A memory given by the user: a configured name, else a path or URL
    /// as it is. A bare name that the config file does not name and that
    /// is no file here is an error rather than a new memory by that name.
    fn resolve(&self, given: &Path) -> anyhow::Result<MemoryChoice> {
        let as_given = || MemoryChoice { label: given.display().to_string(), location: given.to_path_buf() };
        let Some(name) = given.to_str().filter(|g| config::is_name(g)) else { return Ok(as_given()) };
        if let Some(config) = &self.config
            && config.location(name).is_some()
        {
            return Ok(self.named(config, name));
        }
        if given.exists() {
            return Ok(as_given());
        }
        let known = match &self.config {
            Some(config) if !config.memories.is_empty() => {
                let names: Vec<&str> = config.memories.keys().map(String::as_str).collect();
                format!("{} names {}", config.file.display(), names.join(", "))
            }
            Some(config) => format!("{} names no memory", config.file.display()),
            None => match self.folders.config_file() {
                Some(file) => format!("there is no config file {}", file.display()),
                None => "there is no config file".to_string(),
            },
        };
        anyhow::bail!("{name}: no memory of that name ({known}) and no file of that name here; give a path such as ./{name} for a file")
    }
}
