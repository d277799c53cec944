//! `dragoman align A B --review`: hands the document pair to a server
//! on this machine and opens the review page with it. Uses the server
//! already listening at the address (default: `dragoman serve`'s), or
//! starts one on the memory the command was given and leaves it running
//! (its process id is printed). The pair goes over with one `POST
//! /review/pairs` to loopback; that request is a few lines written by
//! hand over a `TcpStream` (the binary has no HTTP client, and one for a
//! single loopback request would be a large dependency).

use super::ReviewPair;
use anyhow::{Context, bail};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The server's default address, as `dragoman serve` listens.
pub fn default_address() -> SocketAddr {
    super::super::DEFAULT_LISTEN.parse().expect("the default address parses")
}

/// How long a server just started may take to answer `/health`: it
/// opens the memory first, which for a large SQLite memory takes a
/// moment; a generous bound.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// How long one loopback request may take (the pair is at most the
/// server's body limit).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What `align --review` hands over.
pub struct Review<'a> {
    pub source: &'a Path,
    pub target: &'a Path,
    pub source_text: String,
    pub target_text: String,
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
    /// The memory a server started here serves.
    pub memory: &'a Path,
    pub address: SocketAddr,
}

/// Hands the pair over, prints the page's address and opens it in the
/// browser (`$BROWSER`, else `xdg-open`).
pub fn review(review: Review<'_>) -> anyhow::Result<ExitCode> {
    if !review.address.ip().is_loopback() {
        bail!("{}: --review hands documents to a server on this machine; give a loopback address", review.address);
    }
    let address = review.address;
    if !is_serving(address) {
        let exe = std::env::current_exe().context("cannot find the dragoman program to start the server")?;
        let child = Command::new(exe)
            .arg("--memory")
            .arg(review.memory)
            .args(["serve", "--listen", &address.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start dragoman serve")?;
        let started = Instant::now();
        while !is_serving(address) {
            if started.elapsed() > START_TIMEOUT {
                bail!("{address}: the server started (process {}) does not answer", child.id());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!(
            "dragoman: started dragoman serve on http://{address}/ (process {}; it keeps running: stop it with kill {})",
            child.id(),
            child.id()
        );
    }
    let pair = ReviewPair {
        source: review.source_text,
        target: review.target_text,
        source_name: review.source.display().to_string(),
        target_name: review.target.display().to_string(),
        src_lang: review.src_lang,
        tgt_lang: review.tgt_lang,
    };
    let (status, body) = request(address, "POST", "/review/pairs", Some(&serde_json::to_string(&pair)?))?;
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if status != 200 {
        let message = answer["error"]["message"].as_str().unwrap_or("no reason given");
        bail!("http://{address}/review/pairs: the server refused the document pair ({status}: {message})");
    }
    let id = answer["id"].as_str().context("the server's answer has no pair id")?;
    let url = format!("http://{address}/review?pair={id}");
    println!("{url}");
    open_in_browser(&url);
    Ok(ExitCode::SUCCESS)
}

/// True when a dragoman server answers `/health` at `address`.
fn is_serving(address: SocketAddr) -> bool {
    matches!(request(address, "GET", "/health", None), Ok((200, body)) if body.contains("\"status\""))
}

/// One HTTP/1.1 request to loopback: the status and the body.
fn request(address: SocketAddr, method: &str, path: &str, json: Option<&str>) -> anyhow::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&address, REQUEST_TIMEOUT).with_context(|| format!("{address}: cannot connect"))?;
    stream.set_read_timeout(Some(REQUEST_TIMEOUT))?;
    stream.set_write_timeout(Some(REQUEST_TIMEOUT))?;
    let body = json.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nAccept: application/json\r\n");
    if json.is_some() {
        head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    // the server answers small JSON with Content-Length; a chunked answer
    // is not expected from it
    Ok((status, body.to_string()))
}

/// Opens `url` with `$BROWSER` (its first command; `%s` is the URL) or
/// `xdg-open`, without waiting; says so when neither could be started.
fn open_in_browser(url: &str) {
    let browser = std::env::var("BROWSER").ok().and_then(|b| b.split(':').next().map(str::to_string)).filter(|b| !b.trim().is_empty());
    let spawned = match browser {
        Some(command) if command.contains("%s") => {
            Command::new("sh").arg("-c").arg(command.replace("%s", "\"$1\"")).arg("sh").arg(url).spawn()
        }
        Some(command) => Command::new("sh").arg("-c").arg(format!("{command} \"$1\"")).arg("sh").arg(url).spawn(),
        None => Command::new("xdg-open").arg(url).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn(),
    };
    if spawned.is_err() {
        eprintln!("dragoman: open {url} in your browser (no $BROWSER, and xdg-open could not be started)");
    }
}
