//! Browser tests of the web pages (issue 13): the real `dragoman serve`
//! on a free loopback port, a memory built from `samples/`, and a real
//! headless Chromium driven through WebDriver (`chromedriver`, Debian's
//! `chromium` and `chromium-driver`) with `fantoccini`. fantoccini is
//! used without TLS (chromedriver is reached over loopback HTTP), so it
//! pulls in neither native-tls nor a TLS stack to build; `hyper-util`'s
//! plain connector is the one it is given.
//!
//! Outside CI without chromium or chromedriver each test says it was
//! skipped; under CI (env `CI` set) it fails.
//!
//! `screenshots_of_every_page` (ignored; `scripts/screenshots` runs it)
//! writes the pages' pictures under `docs/screenshots/`.

use super::{dragoman, sample, scratch, skip_visibly, stdout_of};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A program on the `PATH` (Debian puts both in /usr/bin).
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
}

/// How long a server or chromedriver may take to start listening (a
/// debug build on a loaded two-core machine; generous).
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The WebDriver key code of Alt (WebDriver spec, "Keyboard actions": U+E00A).
const ALT: char = '\u{E00A}';

/// A served memory and a browser on it; both processes are stopped on drop.
struct Session {
    client: Client,
    base: String,
    memory: PathBuf,
    _folder: tempfile::TempDir,
    server: Child,
    driver: Child,
    /// One browser test at a time: each starts a Chromium, and the
    /// timing asserted (a match within a second) should not measure
    /// four browsers sharing the machine.
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        // chromedriver leads a process group of its own with the
        // Chromium it started: killing chromedriver alone left every
        // test's browser (about twenty processes each) running after it
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.driver.id())]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let address: SocketAddr = ([127, 0, 0, 1], port).into();
    let started = Instant::now();
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(started.elapsed() < START_TIMEOUT, "{what} does not listen on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// chromedriver and chromium when the browser tests can run; otherwise
/// says why (and fails under CI).
fn browser_available(test: &str) -> Option<(PathBuf, PathBuf)> {
    if let (Some(driver), Some(chromium)) = (on_path("chromedriver"), on_path("chromium")) {
        return Some((driver, chromium));
    }
    let missing: Vec<&str> = ["chromedriver", "chromium"].into_iter().filter(|p| on_path(p).is_none()).collect();
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {} missing under CI (install chromium and chromium-driver)", missing.join(", "));
    }
    skip_visibly(test, &format!("{} not installed", missing.join(", ")));
    None
}

/// A memory from the samples: the delegation pair aligned and stored,
/// pairs.csv imported, the house style; then `extra` (a CSV of more
/// pairs) if given.
fn sample_memory(folder: &Path, extra: Option<&str>) -> PathBuf {
    let memory = folder.join("tm.sqlite");
    dragoman(&memory).args(["align", "--store", "samples/delegation.ar.txt", "samples/delegation.en.txt"]).assert().success();
    dragoman(&memory).args(["import", "samples/pairs.csv", "--src-lang", "ar", "--tgt-lang", "en"]).assert().success();
    dragoman(&memory).args(["names", "import"]).arg(sample("house-style.csv")).assert().success();
    if let Some(csv) = extra {
        let path = folder.join("extra.csv");
        std::fs::write(&path, csv).unwrap();
        dragoman(&memory).arg("import").arg(&path).args(["--src-lang", "ar", "--tgt-lang", "en"]).assert().success();
    }
    memory
}

/// `dragoman serve` on `memory` at a free port, as `dragoman(memory)` runs the binary.
fn serve(memory: &Path) -> (Child, u16) {
    let port = free_port();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("dragoman"));
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    cmd.env("XDG_CONFIG_HOME", tmp.join("no-config"))
        .env("XDG_DATA_HOME", memory.parent().unwrap().join("data"))
        .env("DRAGOMAN_MEMORY", memory)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    wait_for_port(port, "dragoman serve", &mut child);
    (child, port)
}

/// A server on a sample memory and a headless Chromium, or `None` when
/// the browser is not installed (outside CI).
// the lock is held by a test for its whole run, each test on a runtime
// and thread of its own: one waits for the other, none deadlocks
#[expect(clippy::await_holding_lock, reason = "tests wait their turn, each on its own runtime")]
async fn session(test: &str, extra: Option<&str>) -> Option<Session> {
    let (chromedriver, chromium) = browser_available(test)?;
    let one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let folder = scratch();
    let memory = sample_memory(folder.path(), extra);
    let (server, port) = serve(&memory);
    let driver_port = free_port();
    let mut driver = Command::new(chromedriver)
        .arg(format!("--port={driver_port}"))
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(driver_port, "chromedriver", &mut driver);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            // CI runs as root: no sandbox; no GPU or /dev/shm in containers
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,800", "--lang=en-US"],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .unwrap_or_else(|e| panic!("{test}: cannot start chromium through chromedriver: {e}"));
    Some(Session {
        client,
        base: format!("http://127.0.0.1:{port}"),
        memory,
        _folder: folder,
        server,
        driver,
        _one_at_a_time: one_at_a_time,
    })
}

/// Presses keys together (the first ones held: modifiers), as a person would.
async fn press(client: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for &key in keys {
        actions = actions.then(KeyAction::Down { value: key });
    }
    for &key in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: key });
    }
    client.perform_actions(actions).await.unwrap();
}

/// Waits until the page's script has run (it sets `window.dragomanReady`).
async fn ready(client: &Client) {
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("body[data-page]")).await.unwrap();
    let started = Instant::now();
    while client.execute("return window.dragomanReady === true", vec![]).await.unwrap() != serde_json::Value::Bool(true) {
        assert!(started.elapsed() < Duration::from_secs(10), "the page's script did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn js(client: &Client, script: &str) -> serde_json::Value {
    client.execute(script, vec![]).await.unwrap()
}

/// The stored pairs of a memory: (source, target), from `export --format
/// tsv` (a field holding a tab, quote or line break is quoted, its
/// quotes doubled).
fn stored_pairs(memory: &Path) -> Vec<(String, String)> {
    let tsv = stdout_of(dragoman(memory).args(["export", "--format", "tsv"]));
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, tsv.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, '\t') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (_, c) => field.push(c),
        }
    }
    rows.into_iter().skip(1).map(|r: Vec<String>| (r[0].clone(), r[1].clone())).collect()
}

/// The sentences of a sample as the server splits them.
fn sentences(name: &str) -> Vec<String> {
    let json = stdout_of(dragoman(Path::new("/nonexistent/unused.sqlite")).arg("segment").arg(sample(name)).args(["--format", "json"]));
    json.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_string())
        .collect()
}

/// new.ar.txt's fifth sentence: a pairs.csv source with 350 trucks for 300.
const TRUCKS_350: &str = "كما ينص على إدخال 350 شاحنة مساعدات يوميا إلى القطاع، بينها شاحنات وقود.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_shows_a_known_match_within_a_second_of_typing() {
    let Some(s) = session("lookup_shows_a_known_match_within_a_second_of_typing", None).await else { return };
    s.client.goto(&s.base).await.unwrap();
    ready(&s.client).await;
    let query = s.client.find(Locator::Id("query")).await.unwrap();
    query.send_keys(TRUCKS_350).await.unwrap();
    let typed = Instant::now();
    let first = s
        .client
        .wait()
        .at_most(Duration::from_secs(1))
        .every(Duration::from_millis(20))
        .for_element(Locator::Css(".match .target"))
        .await
        .unwrap_or_else(|_| panic!("no match shown within a second of typing"));
    let shown_after = typed.elapsed();
    let target = first.text().await.unwrap();
    assert!(target.contains("350 aid trucks"), "the adapted target: {target}");
    assert!(shown_after < Duration::from_secs(1), "shown after {shown_after:?}");
    // the adapted number is marked in the target, the word diff shows 300 → 350
    let number = s.client.find(Locator::Css(".match .target .num")).await.unwrap().text().await.unwrap();
    assert_eq!(number, "350");
    let diff = s.client.find(Locator::Css(".match .diff")).await.unwrap();
    assert_eq!(diff.find(Locator::Css("del")).await.unwrap().text().await.unwrap(), "300");
    assert_eq!(diff.find(Locator::Css("ins")).await.unwrap().text().await.unwrap(), "350");
    assert_eq!(diff.attr("dir").await.unwrap().as_deref(), Some("rtl"));
    // Alt+1 copies the first match's target
    press(&s.client, &[ALT, '1']).await;
    let copied = js(&s.client, "return window.dragomanCopied || null").await;
    assert_eq!(copied.as_str(), Some(target.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_join_and_accept_replaces_the_stored_pair_without_a_duplicate() {
    let test = "review_join_and_accept_replaces_the_stored_pair_without_a_duplicate";
    let Some(s) = session(test, None).await else { return };
    let (ar, en) = (sentences("delegation.ar.txt"), sentences("delegation.en.txt"));
    // the aligner leaves English sentence 14 (a translator's note, 0-1 in
    // the gold beads) on its own after Arabic 13 → English 13; align
    // --store stored 13 → 13
    let before = stored_pairs(&s.memory);
    assert_eq!(before.iter().filter(|(src, tgt)| *src == ar[13] && *tgt == en[13]).count(), 1, "stored once before the review");
    // `align --review` hands the pair to this server and prints the page
    let address = s.base.trim_start_matches("http://").to_string();
    // (the documents named by absolute paths here, by relative ones when
    // stored: the same documents)
    let printed = stdout_of(
        dragoman(&s.memory)
            .env("BROWSER", "true")
            .arg("align")
            .arg(sample("delegation.ar.txt"))
            .arg(sample("delegation.en.txt"))
            .args(["--review", "--server", &address]),
    );
    let url = printed.trim();
    assert!(url.starts_with(&format!("{}/review?pair=", s.base)), "printed: {printed}");
    s.client.goto(url).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(".bead")).await.unwrap();
    // n: the first flagged bead, the note alone
    press(&s.client, &['n']).await;
    let current = s.client.find(Locator::Css(".bead.current")).await.unwrap();
    assert!(current.attr("class").await.unwrap().unwrap().contains("flagged"));
    assert!(current.text().await.unwrap().contains("Translator's note"), "{}", current.text().await.unwrap());
    // J joins it with the previous bead; a accepts the joined bead
    press(&s.client, &['J']).await;
    let joined = s.client.find(Locator::Css(".bead.current")).await.unwrap().text().await.unwrap();
    assert!(joined.contains(&en[13]) && joined.contains("Translator's note"), "{joined}");
    press(&s.client, &['a']).await;
    s.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(".bead.accepted")).await.unwrap();
    let corrected = format!("{} {}", en[13], en[14]);
    let after = stored_pairs(&s.memory);
    let with_source: Vec<_> = after.iter().filter(|(src, _)| *src == ar[13]).collect();
    assert_eq!(with_source, vec![&(ar[13].clone(), corrected.clone())], "the correction replaces the stored pair");
    assert_eq!(after.len(), before.len(), "no pair added");
    // z undoes the accept: the stored pair is put back as it was; a accepts again
    press(&s.client, &['z']).await;
    let started = Instant::now();
    while stored_pairs(&s.memory) != before {
        assert!(started.elapsed() < Duration::from_secs(5), "undo did not put the stored pair back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(s.client.find(Locator::Css(".bead.accepted")).await.is_err(), "undone: no bead accepted");
    press(&s.client, &['a']).await;
    s.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(".bead.accepted")).await.unwrap();
    assert_eq!(stored_pairs(&s.memory), after);
    // the same review done again stores nothing new
    s.client.goto(url).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(".bead")).await.unwrap();
    press(&s.client, &['n']).await;
    press(&s.client, &['J']).await;
    press(&s.client, &['a']).await;
    s.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(".bead.accepted")).await.unwrap();
    let again = stored_pairs(&s.memory);
    assert_eq!(again.iter().filter(|(src, tgt)| *src == ar[13] && *tgt == corrected).count(), 1, "no duplicate");
    assert_eq!(again.len(), before.len());
}

/// The WebDriver key codes of Control and Enter (WebDriver spec, "Keyboard actions").
const CONTROL: char = '\u{E009}';
const ENTER: char = '\u{E007}';

/// Opens the review page, pastes the delegation sample pair (Arabic and
/// English) and aligns it, waiting for the beads.
async fn review_the_delegation_pair(s: &Session) {
    s.client.goto(&format!("{}/review", s.base)).await.unwrap();
    ready(&s.client).await;
    let (ar, en) =
        (std::fs::read_to_string(sample("delegation.ar.txt")).unwrap(), std::fs::read_to_string(sample("delegation.en.txt")).unwrap());
    s.client
        .execute(
            "document.getElementById('source-text').value = arguments[0]; document.getElementById('target-text').value = arguments[1];",
            vec![ar.into(), en.into()],
        )
        .await
        .unwrap();
    s.client.find(Locator::Id("align")).await.unwrap().click().await.unwrap();
    s.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(".bead")).await.unwrap();
}

async fn beads(client: &Client) -> serde_json::Value {
    js(client, "return window.dragomanReview.beads.map((b) => [b.src, b.tgt, b.status])").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_review_action_on_a_pasted_pair_is_undone_by_z() {
    let Some(s) = session("every_review_action_on_a_pasted_pair_is_undone_by_z", None).await else { return };
    review_the_delegation_pair(&s).await;
    let original = beads(&s.client).await;
    // the third bead is 1-2 (the head of the delegation in a sentence of its own)
    press(&s.client, &['\u{E015}']).await; // ArrowDown
    press(&s.client, &['\u{E015}']).await;
    assert_eq!(original[2][1].as_array().unwrap().len(), 2, "{}", original[2]);
    let undone = |what: &'static str| {
        let (client, original) = (&s.client, original.clone());
        async move {
            press(client, &['z']).await;
            assert_eq!(beads(client).await, original, "z did not undo {what}");
        }
    };
    press(&s.client, &['s']).await;
    let split = beads(&s.client).await;
    assert_eq!(split.as_array().unwrap().len(), original.as_array().unwrap().len() + 1);
    assert_eq!(split[2][1].as_array().unwrap().len(), 1);
    undone("a split").await;
    press(&s.client, &['D']).await;
    let moved = beads(&s.client).await;
    assert_eq!(moved[3][1][0], original[2][1][1], "the last target sentence went to the next bead");
    undone("a move").await;
    press(&s.client, &['j']).await;
    assert_eq!(beads(&s.client).await.as_array().unwrap().len(), original.as_array().unwrap().len() - 1);
    undone("a join").await;
    press(&s.client, &['x']).await;
    assert_eq!(beads(&s.client).await[2][2], "rejected");
    undone("a reject").await;
    press(&s.client, &['e']).await;
    let area = s
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css(".bead.current textarea[data-side=\"tgt\"]"))
        .await
        .unwrap();
    area.clear().await.unwrap();
    area.send_keys("An edited <b>target</b>.").await.unwrap();
    press(&s.client, &[CONTROL, ENTER]).await;
    assert_eq!(beads(&s.client).await[2][1], serde_json::json!(["An edited <b>target</b>."]));
    assert_eq!(s.client.find_all(Locator::Css(".bead b")).await.unwrap().len(), 0, "the edited text shows as text");
    undone("an edit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persian_page_and_arabic_hits_render_right_to_left() {
    let Some(s) = session("a_persian_page_and_arabic_hits_render_right_to_left", None).await else { return };
    s.client.goto(&format!("{}/concordance?lang=fa&term=Haniyeh", s.base)).await.unwrap();
    ready(&s.client).await;
    assert_eq!(js(&s.client, "return document.documentElement.dir").await.as_str(), Some("rtl"));
    assert_eq!(js(&s.client, "return getComputedStyle(document.body).direction").await.as_str(), Some("rtl"));
    let hit = s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#hits tbody tr")).await.unwrap();
    let cells = hit.find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(cells[0].attr("dir").await.unwrap().as_deref(), Some("rtl"));
    assert_eq!(cells[0].attr("lang").await.unwrap().as_deref(), Some("ar"));
    assert_eq!(cells[1].attr("dir").await.unwrap().as_deref(), Some("ltr"));
    // the term is marked in the English target
    assert!(cells[1].find(Locator::Css("mark")).await.unwrap().text().await.unwrap().starts_with("Haniyeh"));
    // an English page stays left to right
    s.client.goto(&format!("{}/concordance", s.base)).await.unwrap();
    ready(&s.client).await;
    assert_eq!(js(&s.client, "return document.documentElement.dir").await.as_str(), Some("ltr"));
}

/// A unit whose texts hold markup that would run if inserted as HTML.
const HOSTILE_CSV: &str = "source,target\n\
\"هنية <script>document.title='pwned';window.pwned=1</script> يلتقي الوفد\",\
\"Haniyeh \"\"><img src=x onerror=\"\"window.pwned=2\"\"> meets <script>window.pwned=3</script> the delegation\"\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_script_unit_shows_as_text_and_does_not_run() {
    let Some(s) = session("a_stored_script_unit_shows_as_text_and_does_not_run", Some(HOSTILE_CSV)).await else { return };
    // the lookup page
    s.client.goto(&s.base).await.unwrap();
    ready(&s.client).await;
    let title = js(&s.client, "return document.title").await;
    // mostly Latin letters: the language is named
    s.client.find(Locator::Id("src-lang")).await.unwrap().send_keys("ar").await.unwrap();
    s.client
        .find(Locator::Id("query"))
        .await
        .unwrap()
        .send_keys("هنية <script>document.title='pwned';window.pwned=1</script> يلتقي الوفد")
        .await
        .unwrap();
    let target = s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css(".match .target")).await.unwrap();
    assert!(target.text().await.unwrap().contains("\"><img src=x onerror=\"window.pwned=2\"> meets <script>window.pwned=3</script>"));
    // the concordance and the unit page
    s.client.goto(&format!("{}/concordance?term=delegation", s.base)).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#hits tbody tr")).await.unwrap();
    let table = s.client.find(Locator::Id("hits")).await.unwrap().text().await.unwrap();
    assert!(table.contains("<script>window.pwned=3</script>"), "{table}");
    let id = stdout_of(dragoman(&s.memory).args(["search", "pwned", "--format", "json"]));
    let id = serde_json::from_str::<serde_json::Value>(&id).unwrap()["hits"][0]["id"].as_i64().unwrap();
    s.client.goto(&format!("{}/units?id={id}", s.base)).await.unwrap();
    ready(&s.client).await;
    let source = s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#unit-source")).await.unwrap();
    let started = Instant::now();
    while source.prop("value").await.unwrap().unwrap_or_default().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(5));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(source.prop("value").await.unwrap().unwrap().contains("<script>document.title='pwned'"));
    for (page, check) in [("units", "return [window.pwned === undefined, document.querySelectorAll('main img, main script').length]")] {
        let value = js(&s.client, check).await;
        assert_eq!(value, serde_json::json!([true, 0]), "{page}: the unit's markup ran or became elements");
    }
    assert_eq!(js(&s.client, "return document.title.includes('pwned')").await, serde_json::Value::Bool(false));
    assert_ne!(title.as_str(), Some("pwned"));
    // the page's policy forbids inline script altogether
    let page = super::serve::request(s.base.trim_start_matches("http://"), "GET", "/units", &[], b"");
    let csp = page.header_values("content-security-policy").join(" ");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
}

#[test]
fn pages_carry_a_script_policy_and_a_review_pair_is_taken_only_from_this_origin() {
    let folder = scratch();
    let memory = folder.path().join("tm.sqlite");
    let server = super::serve::Server::start(&[&memory], "127.0.0.1:0", &[]);
    for path in ["/", "/concordance", "/review", "/units", "/style"] {
        let page = super::serve::request(&server.addr, "GET", path, &[], b"");
        assert_eq!(page.status, 200, "{path}");
        let csp = page.header_values("content-security-policy").join(" ");
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        let html = String::from_utf8_lossy(&page.body).to_string();
        assert!(!html.contains("<script>") && html.contains("<script src=\"/assets/app.js\""), "{path}: no inline script");
    }
    // the page language given in the address cannot break out of its attribute
    let page = super::serve::request(&server.addr, "GET", "/?lang=%22%3E%3Cscript%3E", &[], b"");
    assert!(String::from_utf8_lossy(&page.body).contains("<html lang=\"en\" dir=\"ltr\">"));
    let pair = br#"{"source":"a","target":"b","source_name":"a.txt","target_name":"b.txt","src_lang":null,"tgt_lang":null}"#;
    let json = ("Content-Type", "application/json");
    let foreign = super::serve::request(&server.addr, "POST", "/review/pairs", &[json, ("Origin", "http://evil.example")], pair);
    assert_eq!(foreign.status, 403);
    let form = super::serve::request(&server.addr, "POST", "/review/pairs", &[("Content-Type", "text/plain")], pair);
    assert_eq!(form.status, 403, "a body a cross-origin form could send is refused");
    let taken = super::serve::request(&server.addr, "POST", "/review/pairs", &[json], pair);
    assert_eq!(taken.status, 200);
    let id = taken.json()["id"].as_str().unwrap().to_string();
    let shown = super::serve::request(&server.addr, "GET", &format!("/review/pairs/{id}"), &[], b"");
    assert_eq!(shown.json()["target"], "b");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_units_and_house_style_pages_delete_restore_add_a_variant_and_fix_a_text() {
    let Some(s) = session("the_units_and_house_style_pages_delete_restore_add_a_variant_and_fix_a_text", None).await else { return };
    // units: delete, then restore, by the page's buttons (the restored
    // unit once showed as deleted: the browser had cached the 410)
    s.client.goto(&format!("{}/units?id=5", s.base)).await.unwrap();
    ready(&s.client).await;
    let wait_title = |wanted: &'static str| {
        let client = &s.client;
        async move {
            let started = Instant::now();
            loop {
                let title = client.find(Locator::Id("unit-title")).await.unwrap().text().await.unwrap();
                if title == wanted {
                    return;
                }
                if started.elapsed() > Duration::from_secs(5) {
                    let status = client.find(Locator::Id("status")).await.unwrap().text().await.unwrap();
                    panic!("unit title {title:?}, not {wanted:?} (status: {status})");
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    wait_title("Unit 5").await;
    s.client.find(Locator::Id("unit-delete")).await.unwrap().click().await.unwrap();
    wait_title("Unit 5 (deleted)").await;
    s.client.find(Locator::Id("unit-restore")).await.unwrap().click().await.unwrap();
    wait_title("Unit 5").await;
    let history = stdout_of(dragoman(&s.memory).args(["unit", "history", "5", "--format", "json"]));
    let actions: Vec<String> = serde_json::from_str::<serde_json::Value>(&history).unwrap()["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["delete", "restore"]);
    // house style: a variant added to Haniyeh, then a text fixed with it
    s.client.goto(&format!("{}/style", s.base)).await.unwrap();
    ready(&s.client).await;
    let input = s
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath("//tr[td/strong[text()='Haniyeh']]//input"))
        .await
        .unwrap();
    input.send_keys("Haneyya").await.unwrap();
    press(&s.client, &[ENTER]).await;
    let started = Instant::now();
    while !stdout_of(dragoman(&s.memory).args(["names", "list"])).contains("Haneyya") {
        assert!(started.elapsed() < Duration::from_secs(5), "the variant was not stored");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let text = s.client.find(Locator::Id("check-text")).await.unwrap();
    text.send_keys("Haneyya met Hizbullah.").await.unwrap();
    s.client.find(Locator::Id("fix")).await.unwrap().click().await.unwrap();
    let started = Instant::now();
    while text.prop("value").await.unwrap().as_deref() != Some("Haniyeh met Hezbollah.") {
        assert!(started.elapsed() < Duration::from_secs(5), "not fixed: {:?}", text.prop("value").await.unwrap());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    s.client.find(Locator::Id("unfix")).await.unwrap().click().await.unwrap();
    assert_eq!(text.prop("value").await.unwrap().as_deref(), Some("Haneyya met Hizbullah."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bead_is_split_at_any_sentence_boundary_of_either_side_not_only_after_the_first() {
    let Some(s) = session("a_bead_is_split_at_any_sentence_boundary_of_either_side_not_only_after_the_first", None).await else { return };
    review_the_delegation_pair(&s).await;
    // the third bead joined with the fourth and the fifth: several sentences a side
    press(&s.client, &['\u{E015}']).await; // ArrowDown
    press(&s.client, &['\u{E015}']).await;
    press(&s.client, &['j']).await;
    press(&s.client, &['j']).await;
    let joined = beads(&s.client).await;
    let sentences = |bead: &serde_json::Value, side: usize| -> Vec<String> {
        bead[side].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
    };
    let (src, tgt) = (sentences(&joined[2], 0), sentences(&joined[2], 1));
    assert!(src.len() >= 3 && tgt.len() >= 4, "{}", joined[2]);
    // the source cut moved by keys to after the second sentence, the
    // target's by a click on its third sentence
    press(&s.client, &[']']).await;
    s.client.find(Locator::Css(".bead.current > div:nth-of-type(3) p[data-i=\"2\"]")).await.unwrap().click().await.unwrap();
    assert_eq!(s.client.find_all(Locator::Css(".bead.current hr.cut")).await.unwrap().len(), 2, "both cuts are shown");
    press(&s.client, &['s']).await;
    let split = beads(&s.client).await;
    assert_eq!(split.as_array().unwrap().len(), joined.as_array().unwrap().len() + 1);
    assert_eq!((sentences(&split[2], 0), sentences(&split[2], 1)), (src[..2].to_vec(), tgt[..3].to_vec()));
    assert_eq!((sentences(&split[3], 0), sentences(&split[3], 1)), (src[2..].to_vec(), tgt[3..].to_vec()));
    press(&s.client, &['z']).await;
    assert_eq!(beads(&s.client).await, joined, "z undoes the split");
    // the cuts are kept by the undo; a source cut moved to the very start
    // leaves the whole source to the second half
    press(&s.client, &['[']).await;
    press(&s.client, &['[']).await;
    press(&s.client, &['s']).await;
    let split = beads(&s.client).await;
    assert_eq!((sentences(&split[2], 0), sentences(&split[2], 1)), (Vec::new(), tgt[..3].to_vec()), "{}", split[2]);
    assert_eq!((sentences(&split[3], 0), sentences(&split[3], 1)), (src.clone(), tgt[3..].to_vec()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_units_page_imports_a_chosen_file_as_a_multipart_form() {
    let Some(s) = session("the_units_page_imports_a_chosen_file_as_a_multipart_form", None).await else { return };
    let file = s._folder.path().join("desk.tsv");
    std::fs::write(&file, "source\ttarget\nاستؤنفت المحادثات في القاهرة.\tThe talks resumed in Cairo.\n").unwrap();
    s.client.goto(&format!("{}/units", s.base)).await.unwrap();
    ready(&s.client).await;
    s.client.find(Locator::Id("import-file")).await.unwrap().send_keys(file.to_str().unwrap()).await.unwrap();
    s.client.find(Locator::Id("import-src")).await.unwrap().send_keys("ar").await.unwrap();
    s.client.find(Locator::Id("import-tgt")).await.unwrap().send_keys("en").await.unwrap();
    s.client.find(Locator::Css("#import-form button[type=submit]")).await.unwrap().click().await.unwrap();
    let started = Instant::now();
    loop {
        let report = s.client.find(Locator::Id("import-report")).await.unwrap().text().await.unwrap();
        if !report.is_empty() {
            assert_eq!(report, "desk.tsv: 1 added, 0 duplicates, 0 updated, 0 rejected");
            break;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let status = s.client.find(Locator::Id("status")).await.unwrap().text().await.unwrap();
            panic!("no import report (status: {status})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(stored_pairs(&s.memory).contains(&("استؤنفت المحادثات في القاهرة.".to_string(), "The talks resumed in Cairo.".to_string())));
}

/// Writes a picture of each page to `docs/screenshots/` (run by
/// `scripts/screenshots`; ignored in the normal test run).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots/; run by scripts/screenshots"]
async fn screenshots_of_every_page() {
    let Some(s) = session("screenshots_of_every_page", None).await else { return };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    s.client.set_window_size(1100, 720).await.unwrap();
    let shoot = |name: &'static str| {
        let (client, folder) = (&s.client, folder.clone());
        async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            std::fs::write(folder.join(format!("{name}.png")), client.screenshot().await.unwrap()).unwrap();
        }
    };
    s.client.goto(&s.base).await.unwrap();
    ready(&s.client).await;
    s.client.find(Locator::Id("query")).await.unwrap().send_keys(TRUCKS_350).await.unwrap();
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css(".match")).await.unwrap();
    shoot("lookup").await;
    s.client.goto(&format!("{}/concordance?term=Haniya", s.base)).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#hits tbody tr")).await.unwrap();
    shoot("concordance").await;
    let address = s.base.trim_start_matches("http://").to_string();
    let url = stdout_of(dragoman(&s.memory).env("BROWSER", "true").args([
        "align",
        "samples/majlis.fa.txt",
        "samples/majlis.en.txt",
        "--review",
        "--server",
        &address,
    ]));
    s.client.goto(url.trim()).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(".bead")).await.unwrap();
    press(&s.client, &['n']).await;
    shoot("review").await;
    s.client.goto(&format!("{}/units?id=3", s.base)).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#unit-history li")).await.unwrap();
    s.client.find(Locator::Id("unit-target")).await.unwrap().send_keys(" (corrected)").await.unwrap();
    s.client.find(Locator::Id("unit-save")).await.unwrap().click().await.unwrap();
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#unit-history li div")).await.unwrap();
    shoot("units").await;
    s.client.goto(&format!("{}/style", s.base)).await.unwrap();
    ready(&s.client).await;
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#style tbody tr")).await.unwrap();
    let text = s.client.find(Locator::Id("check-text")).await.unwrap();
    text.send_keys("Ismail Haniya met Hasan Nasrullah; Hizbullah said so.").await.unwrap();
    s.client.find(Locator::Id("check")).await.unwrap().click().await.unwrap();
    s.client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css("#findings li")).await.unwrap();
    shoot("style").await;
}
