//! Output files written whole or not at all.
//!
//! A command that writes a file (`export -o`, `dict import -o`, `names
//! fix --in-place`) writes into a temporary file beside the target (same
//! folder, so the same file system), syncs it to disk and renames it over
//! the target only once everything is written: a full disk, an error or a
//! kill midway leaves the old file as it was. On an error the temporary
//! file is removed; only a process killed outright (SIGKILL) can leave
//! one behind, named `.NAME.PID.dragoman-tmp` so that it is plain whose
//! it is. A symbolic link is followed: the file it points to is replaced
//! and the link stays a link. A target that exists and is not a regular
//! file (`/dev/full`, `/dev/stdout`, a FIFO) is written directly, since
//! renaming over it would replace the device with a file. `-` is
//! standard output. Every error names the file.

use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The temporary files' suffix, for people finding one left by a kill.
const TEMP_SUFFIX: &str = "dragoman-tmp";

/// Standard output as named in messages.
const STDOUT: &str = "standard output";

/// True for `-`, which names standard input or output.
pub fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A regular file being written through a temporary file beside it; the
/// target is replaced by [`AtomicFile::commit`] and left alone otherwise.
pub struct AtomicFile {
    /// `None` once committed (or when committing failed).
    file: Option<BufWriter<File>>,
    temp: PathBuf,
    target: PathBuf,
    /// The path as given, for messages.
    shown: String,
}

impl AtomicFile {
    /// Starts writing `path` (created or replaced on commit).
    pub fn create(path: &Path) -> anyhow::Result<AtomicFile> {
        let shown = path.display().to_string();
        // a link is followed so that the file it points to is replaced
        let target = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::fs::symlink_metadata(path).is_err() => path.to_path_buf(),
            Err(e) => return Err(e).with_context(|| format!("{shown}: cannot resolve")),
        };
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target.file_name().with_context(|| format!("{shown}: not a file name"))?.to_string_lossy().into_owned();
        let mut attempt = 0;
        loop {
            let unique = if attempt == 0 { String::new() } else { format!(".{attempt}") };
            let temp = folder.join(format!(".{name}.{}{unique}.{TEMP_SUFFIX}", std::process::id()));
            match File::options().write(true).create_new(true).open(&temp) {
                Ok(file) => return Ok(AtomicFile { file: Some(BufWriter::new(file)), temp, target, shown }),
                // left by an earlier process that had the same id
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
                Err(e) => return Err(e).with_context(|| format!("{shown}: cannot create")),
            }
        }
    }

    /// Writes everything out, syncs it to disk and puts it in place of
    /// the target (with the target's permissions, if it existed).
    pub fn commit(mut self) -> anyhow::Result<()> {
        let file = self.file.take().expect("an AtomicFile is committed once");
        let result = self.finish(file);
        if result.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        result
    }

    fn finish(&self, file: BufWriter<File>) -> anyhow::Result<()> {
        let file = file.into_inner().map_err(|e| e.into_error()).with_context(|| format!("{}: cannot write", self.shown))?;
        file.sync_all().with_context(|| format!("{}: cannot write", self.shown))?;
        if let Ok(meta) = std::fs::metadata(&self.target) {
            let _ = file.set_permissions(meta.permissions());
        }
        drop(file);
        std::fs::rename(&self.temp, &self.target).with_context(|| format!("{}: cannot replace", self.shown))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let shown = &self.shown;
        self.file.as_mut().expect("an AtomicFile is not written after commit").write(buf).map_err(|e| naming(shown, e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let shown = &self.shown;
        self.file.as_mut().expect("an AtomicFile is not written after commit").flush().map_err(|e| naming(shown, e))
    }
}

impl Drop for AtomicFile {
    /// Not committed: the temporary file goes and the target stays.
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// The I/O error with the file named ("out.tmx: cannot write: No space
/// left on device"), of the same kind, so that a closed pipe is still
/// recognised as one.
fn naming(shown: &str, error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("{shown}: cannot write: {error}"))
}

/// Where a command's output goes: standard output (no `-o`, or `-o -`),
/// a special file written directly, or a regular file replaced whole.
pub enum Output {
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    Special { file: BufWriter<File>, shown: String },
    File(AtomicFile),
}

impl Output {
    /// The output for an `-o` value.
    pub fn create(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(path) = path.filter(|p| !is_standard_stream(p)) else {
            return Ok(Output::Stdout(super::stdout()));
        };
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => {
                let shown = path.display().to_string();
                let file = File::options().write(true).open(path).with_context(|| format!("{shown}: cannot open"))?;
                Ok(Output::Special { file: BufWriter::new(file), shown })
            }
            Ok(meta) if meta.is_dir() => anyhow::bail!("{}: is a folder, not a file", path.display()),
            _ => Ok(Output::File(AtomicFile::create(path)?)),
        }
    }

    /// True when the output is standard output.
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }

    /// Finishes the output: flushes it, and puts a regular file in place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut out) => Ok(out.flush().map_err(|e| naming(STDOUT, e))?),
            Output::Special { mut file, shown } => Ok(file.flush().map_err(|e| naming(&shown, e))?),
            Output::File(file) => file.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf).map_err(|e| naming(STDOUT, e)),
            Output::Special { file, shown } => file.write(buf).map_err(|e| naming(shown, e)),
            Output::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush().map_err(|e| naming(STDOUT, e)),
            Output::Special { file, shown } => file.flush().map_err(|e| naming(shown, e)),
            Output::File(file) => file.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files in the folder other than `keep`.
    fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !keep.contains(&n.as_str()))
            .collect()
    }

    /// A writer that fails after `left` bytes, as a full disk does.
    struct FillsUp<W: Write> {
        inner: W,
        left: usize,
    }

    impl<W: Write> Write for FillsUp<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            self.inner.write(&buf[..n])
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }

    #[test]
    fn a_write_failing_midway_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.tmx");
        std::fs::write(&target, "the old export").unwrap();
        let mut writer = FillsUp { inner: AtomicFile::create(&target).unwrap(), left: 10_000 };
        let error = (0..1000).try_for_each(|k| writeln!(writer, "unit {k} of a long export")).unwrap_err();
        assert!(error.to_string().contains("No space left on device"), "{error}");
        drop(writer);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old export");
        assert_eq!(others(dir.path(), &["out.tmx"]), Vec::<String>::new());
    }

    #[test]
    fn a_committed_file_replaces_the_target_with_its_permissions_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old", "the target changes only on commit");
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(others(dir.path(), &["out.csv"]), Vec::<String>::new());
    }

    #[test]
    fn a_symbolic_link_stays_a_link_to_the_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut file = AtomicFile::create(&link).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn a_device_is_written_directly_and_its_error_names_it() {
        let mut output = Output::create(Some(Path::new("/dev/full"))).unwrap();
        assert!(matches!(output, Output::Special { .. }));
        let error = output.write_all(&[b'x'; 1 << 16]).and_then(|_| output.flush()).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
        assert!(error.to_string().starts_with("/dev/full: cannot write: No space left on device"), "{error}");
    }
}
