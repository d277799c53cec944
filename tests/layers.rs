//! The crate's layers go one way (issue 11 part 1): every reference from
//! one top-level module to another (`crate::x` in the library,
//! `dragoman::x` in the command line) must go down the declared order,
//! or sideways within a level, and the references together must form no
//! cycle. Test code (`#[cfg(test)]` modules, `tests.rs` and `*_tests.rs` files) and
//! comments are left out: a test may use what it likes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The declared order, top first: a module may use those on its own
/// level (without a cycle) and below.
const LEVELS: &[&[&str]] = &[
    &["cli"],
    &["align", "fuzzy", "names", "documents", "serve"],
    &["formats"],
    &["memory"],
    // segment sits below align and fuzzy and uses no memory; config is
    // plain data read from a file (the CLI resolves it)
    &["keys", "text", "lang", "hash", "segment", "pool", "config"],
];

fn level(module: &str) -> Option<usize> {
    LEVELS.iter().position(|level| level.contains(&module))
}

/// The source of a file without comments, strings' contents, and test modules.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            // skip the item that follows: up to its closing brace, or its `;`
            let mut depth = 0i32;
            let mut opened = false;
            for next in lines.by_ref() {
                let next = strip(next);
                depth += next.matches('{').count() as i32 - next.matches('}').count() as i32;
                opened |= next.contains('{');
                if (opened && depth <= 0) || (!opened && next.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        code.push_str(&strip(line));
        code.push('\n');
    }
    code
}

/// A line without its comment and without the contents of its string
/// and character literals (so that braces in them do not count).
fn strip(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    in_string = false;
                    out.push('"');
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push('"');
            }
            '/' if chars.peek() == Some(&'/') => break,
            '\'' => {
                // a character literal ('{', '\'', '\u{7b}') or a lifetime
                let rest: String = chars.clone().take(12).collect();
                if let Some(end) = rest.find('\'').filter(|&end| end <= 10 && (end == 1 || rest.starts_with('\\'))) {
                    for _ in 0..=end {
                        chars.next();
                    }
                    out.push_str("' '");
                } else {
                    out.push('\'');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The top-level modules `code` refers to: `crate::x`, `dragoman::x`,
/// and each `x` of `crate::{x, y::z}`.
fn references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for root in ["crate::", "dragoman::"] {
        let mut rest = code;
        while let Some(at) = rest.find(root) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + root.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 1;
                let mut item = String::new();
                let mut at_start = true;
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 1 => at_start = true,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    if depth == 1 && at_start {
                        if c.is_alphanumeric() || c == '_' {
                            item.push(c);
                        } else if !item.is_empty() {
                            found.insert(std::mem::take(&mut item));
                            at_start = false;
                        }
                    }
                }
                if !item.is_empty() {
                    found.insert(item);
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Edges between top-level modules, each with a file that makes it.
fn module_graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_string();
        // test-only files (declared under `#[cfg(test)]`) are named `tests.rs` or `*_tests.rs`
        if module == "lib" || module == "main" || file.file_name().is_some_and(|n| n.to_string_lossy().ends_with("tests.rs")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let edges = graph.entry(module.clone()).or_default();
        for target in references(&code_of(&text)) {
            // `crate::X` where X is an item of lib.rs, not a module, would show here: there are none
            if target != module {
                edges.entry(target).or_insert_with(|| relative.display().to_string());
            }
        }
    }
    graph
}

#[test]
fn every_module_reference_goes_down_the_declared_layers() {
    let graph = module_graph();
    let mut wrong = Vec::new();
    for (from, edges) in &graph {
        let Some(from_level) = level(from) else {
            wrong.push(format!("{from}: a top-level module not in the declared layers"));
            continue;
        };
        for (to, file) in edges {
            match level(to) {
                None => wrong.push(format!("{file}: uses {to}, a top-level module not in the declared layers")),
                Some(to_level) if to_level < from_level => wrong.push(format!("{file}: {from} uses {to}, a layer above it")),
                Some(_) => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_cycle_between_top_level_modules() {
    let graph = module_graph();
    // depth-first search from each module for a path back to it
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flat_map(|edges| edges.keys()) {
                if next == start {
                    panic!("cycle: {} -> {start}", path.join(" -> "));
                }
                if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
}

#[test]
fn the_layer_check_sees_grouped_imports_and_skips_tests_and_comments() {
    let code = code_of(
        "use crate::{lang::Lang, memory};\n// crate::cli in a comment\nlet s = \"crate::names {\";\n\
         #[cfg(test)]\nmod tests {\n    use crate::fuzzy;\n    fn f() { let c = '}'; }\n}\nfn g() -> crate::hash::H {}\n",
    );
    let found: Vec<String> = references(&code).into_iter().collect();
    assert_eq!(found, ["hash", "lang", "memory"]);
}
