//! Hostile input to `segment` and `align`: streams without line breaks or
//! made of NUL bytes (memory must stay bounded and the run must end), a
//! folder holding a FIFO or a symbolic link loop (skipped, said, never
//! waited on or walked round), and document pairs that are no translations
//! of each other (a file aligned with itself, unrelated Arabic and Chinese
//! texts), of which `align --store` must store nothing. Peak memory is read
//! from the child's `VmHWM` in /proc while it runs.

use super::super::*;
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A bound on the peak resident memory of a `segment` run on an endless
/// or huge stream: the debug binary's own size plus a few blocks of 4 MiB
/// stay far below it; the defect grew past 3.8 GB.
const PEAK_LIMIT_KB: u64 = 200 * 1024;

/// The binary as a `std::process::Command`, to spawn and watch while it
/// runs (`dragoman()` gives an `assert_cmd::Command`, which only waits).
fn spawnable(memory: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("dragoman"));
    let data = memory.parent().unwrap_or(Path::new(".")).join("data");
    cmd.env("DRAGOMAN_MEMORY", memory).env("XDG_DATA_HOME", data).current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The peak resident memory (`VmHWM`, in kB) of a running process, if it
/// still runs.
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Waits for `child` at most `limit`, polling its peak memory; kills it
/// and fails when it does not end. Returns its exit code, stderr and the
/// highest `VmHWM` seen.
fn wait_measuring(mut child: Child, limit: Duration) -> (Option<i32>, String, u64) {
    let started = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = peak_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {limit:?} (peak {peak} kB)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code(), stderr, peak)
}

/// `dragoman segment -` fed `total` bytes of `pattern` on a pipe, output
/// discarded: (exit code, stderr, peak kB).
fn segment_stream_of(pattern: &[u8], total: usize) -> (Option<i32>, String, u64) {
    let dir = scratch();
    let mut cmd = spawnable(&dir.path().join("m.sqlite"));
    let mut child =
        cmd.args(["segment", "--lang", "en", "-"]).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let chunk: Vec<u8> = pattern.iter().copied().cycle().take(1 << 20).collect();
    let feeder = std::thread::spawn(move || {
        let mut sent = 0;
        while sent < total {
            // the child may stop reading early (a NUL byte): a closed pipe ends the feed
            if stdin.write_all(&chunk[..chunk.len().min(total - sent)]).is_err() {
                return;
            }
            sent += chunk.len();
        }
    });
    let result = wait_measuring(child, Duration::from_secs(300));
    feeder.join().unwrap();
    result
}

#[test]
fn three_hundred_mb_of_nul_bytes_are_refused_at_once_with_bounded_memory() {
    let (code, stderr, peak) = segment_stream_of(&[0], 300 << 20);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("<stdin>: NUL byte at byte 0: not a text file"), "{stderr}");
    assert!(peak < PEAK_LIMIT_KB, "peak {peak} kB");
}

#[test]
fn a_line_of_64_mb_without_a_break_is_segmented_with_bounded_memory() {
    // no terminator and no line break: one "sentence" of 64 MB, printed
    // in pieces of at most 1 MiB
    let (code, stderr, peak) = segment_stream_of(b"word ", 64 << 20);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("<stdin>: sentence at byte 0 longer than 1048576 bytes"), "{stderr}");
    assert!(stderr.lines().count() <= 6, "warnings are capped: {stderr}");
    assert!(peak < PEAK_LIMIT_KB, "peak {peak} kB");
}

#[test]
fn dev_zero_given_as_a_file_ends_with_an_error() {
    let dir = scratch();
    let mut cmd = spawnable(&dir.path().join("m.sqlite"));
    let child = cmd.args(["segment", "/dev/zero"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let (code, stderr, peak) = wait_measuring(child, Duration::from_secs(60));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("/dev/zero: NUL byte at byte 0"), "{stderr}");
    assert!(peak < PEAK_LIMIT_KB, "peak {peak} kB");
}

#[test]
fn a_fifo_in_a_folder_is_skipped_and_the_other_files_are_segmented() {
    let dir = scratch();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.en.txt"), "The talks ended. Both sides spoke.\n").unwrap();
    std::fs::write(folder.join("c.en.txt"), "He left.\n").unwrap();
    let fifo = folder.join("b.en.txt");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let mut cmd = spawnable(&dir.path().join("m.sqlite"));
    let mut child = cmd.arg("segment").arg(&folder).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut handle = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut handle, &mut out).unwrap();
        out
    });
    let (code, stderr, _) = wait_measuring(child, Duration::from_secs(60));
    let stdout = reader.join().unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("b.en.txt: skipped: a FIFO"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stdout.contains("a.en.txt: Both sides spoke."), "{stdout}");
    assert!(stdout.contains("c.en.txt: He left."), "{stdout}");
}

#[test]
fn a_symbolic_link_loop_in_a_folder_is_not_followed() {
    let dir = scratch();
    let folder = dir.path().join("in");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("sub/a.en.txt"), "The talks ended.\n").unwrap();
    std::os::unix::fs::symlink("..", folder.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(&folder, folder.join("loop")).unwrap();
    std::fs::write(dir.path().join("secret.en.txt"), "Not for this folder.\n").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.en.txt"), folder.join("outside.txt")).unwrap();
    std::os::unix::fs::symlink("sub/a.en.txt", folder.join("inside.en.txt")).unwrap();
    let mut cmd = spawnable(&dir.path().join("m.sqlite"));
    let child = cmd.arg("segment").arg(&folder).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let (code, stderr, _) = wait_measuring(child, Duration::from_secs(60));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("loop: skipped: a symbolic link"), "{stderr}");
    assert!(stderr.contains("up: skipped: a symbolic link"), "{stderr}");
    assert!(stderr.contains("outside.txt: skipped: a symbolic link out of the folder"), "{stderr}");
    let out = stdout_of(dragoman(&dir.path().join("m.sqlite")).arg("segment").arg(&folder));
    assert_eq!(out.matches("The talks ended.").count(), 2, "the file and the link to it inside the folder: {out}");
    assert!(!out.contains("Not for this folder."), "{out}");
}

#[test]
fn a_file_aligned_with_itself_stores_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let output = dragoman(&memory).arg("align").arg(sample("speech.en.txt")).arg(sample("speech.en.txt")).arg("--store").output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("nothing stored"), "{text}");
    assert!(text.contains("the same text"), "{text}");
    assert_eq!(stored_units(&memory), 0, "{text}");
}

#[test]
fn unrelated_arabic_and_chinese_documents_store_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let output =
        dragoman(&memory).arg("align").arg(sample("delegation.ar.txt")).arg(sample("briefing.zh.txt")).arg("--store").output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("may not be translations of each other; nothing stored"), "{text}");
    assert_eq!(stored_units(&memory), 0, "{text}");
}

/// How many units the memory holds (none when it was never created).
fn stored_units(memory: &Path) -> usize {
    if !memory.exists() {
        return 0;
    }
    stdout_of(dragoman(memory).args(["export", "--format", "tsv"])).lines().filter(|l| !l.trim().is_empty()).count().saturating_sub(1)
}

#[test]
fn a_fifo_in_an_align_folder_is_reported_and_the_pairs_still_aligned() {
    let dir = scratch();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    for file in ["delegation.ar.txt", "delegation.en.txt"] {
        std::fs::copy(sample(file), folder.join(file)).unwrap();
    }
    let name = std::ffi::CString::new(folder.join("wire.en.txt").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let mut cmd = spawnable(&dir.path().join("m.sqlite"));
    let mut child = cmd.arg("align").arg(&folder).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut handle = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut handle, &mut out).unwrap();
        out
    });
    let (code, stderr, _) = wait_measuring(child, Duration::from_secs(120));
    let stdout = reader.join().unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("wire.en.txt: not a regular file"), "{stderr}");
    assert!(stdout.starts_with("delegation  ar→en"), "{stdout}");
}

/// Regression: `align` held every sentence's words, keys and numbers for
/// the whole document, so 200 MB of real sentences (5 million of them)
/// peaked at 11.4 GB. A document over the limit is refused at once, with
/// its size and what to do, before anything is aligned.
#[test]
fn a_document_of_more_sentences_than_align_takes_is_refused_before_aligning() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let src = dir.path().join("big.en.txt");
    let tgt = dir.path().join("big.fr.txt");
    let lines = dragoman::align::MAX_DOCUMENT_SENTENCES + 1;
    std::fs::write(&src, "The delegation arrived in Doha.\n".repeat(lines)).unwrap();
    std::fs::write(&tgt, "La délégation est arrivée à Doha.\n".repeat(10)).unwrap();
    let output = dragoman(&memory).arg("align").arg(&src).arg(&tgt).arg("--presegmented").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("big.en.txt: {lines} sentences; align takes at most")), "{stderr}");
    let small = dragoman(&memory).arg("align").arg(&tgt).arg(&tgt).arg("--presegmented").output().unwrap();
    assert!(small.status.success(), "{}", String::from_utf8_lossy(&small.stderr));
}
