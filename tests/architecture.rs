//! ARCHITECTURE.md stays true: every path it names exists, its codemap names every top-level
//! module and every crate of the workspace, and its table of dependencies is each
//! `Cargo.toml`'s. The conventions are written at the top of ARCHITECTURE.md:
//!
//! * a path is written in backticks from the repository's root (`src/wire.rs`, a folder with a
//!   slash at the end: `web/src/school/`); paths under `dist/` and `target/` (the built site)
//!   are not checked;
//! * the codemap is the section `## Codemap`, up to the next `## ` heading;
//! * the dependencies are the rows of the table under `## Dependencies` whose first cell is a
//!   `Cargo.toml`: every backticked name in the row's other cells is a dependency.
//!
//! Reads files only (no new dependency): the checks are over text.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn architecture() -> String {
    fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md")
}

/// The text of `doc` outside fenced code blocks (```), line by line.
fn prose(doc: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push(line);
        }
    }
    out
}

/// Everything written in single backticks on `line`.
fn backticked(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// The extensions of files the codemap may name.
const EXTENSIONS: &[&str] = &["rs", "md", "mjs", "js", "toml", "json", "txt", "html", "css", "svg", "lock"];

/// Whether a backticked text is a path from the repository's root: letters, digits, `_`, `-`,
/// `.` and `/` only, with a `/` in it or a known extension (`Makefile` is named as itself).
fn is_path(text: &str) -> bool {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c)) {
        return false;
    }
    if text == "Makefile" {
        return true;
    }
    if text.starts_with('.') && !text.contains('/') {
        return false;
    }
    text.contains('/') || text.rsplit_once('.').is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

/// Paths of the built site, made by the build: not in the repository.
fn is_built(path: &str) -> bool {
    path.starts_with("dist/") || path.starts_with("target/")
}

/// Every path the document names, outside code blocks.
fn named_paths(lines: &[&str]) -> BTreeSet<String> {
    lines.iter().flat_map(|l| backticked(l)).filter(|t| is_path(t)).map(str::to_string).collect()
}

/// The lines of the section `## TITLE`, up to the next `## ` heading.
fn section<'a>(lines: &[&'a str], title: &str) -> Vec<&'a str> {
    let start = lines.iter().position(|l| l.trim() == format!("## {title}")).unwrap_or_else(|| panic!("ARCHITECTURE.md has no section \"## {title}\""));
    lines[start + 1..].iter().take_while(|l| !l.starts_with("## ")).copied().collect()
}

/// The workspace's members, from the root `Cargo.toml`'s `members = [...]`.
fn members() -> Vec<String> {
    let toml = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let line = toml.lines().find(|l| l.trim_start().starts_with("members")).expect("members = [...] in Cargo.toml");
    let list = line.split_once('[').and_then(|(_, r)| r.split_once(']')).expect("members on one line").0;
    list.split(',').map(|m| m.trim().trim_matches('"').to_string()).filter(|m| !m.is_empty()).collect()
}

/// The module paths that must be in the codemap: every file and folder directly under `dir`
/// (a folder with a slash at the end), as a path from the root.
fn entries(dir: &str, skip: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for e in fs::read_dir(root().join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || skip.contains(&name.as_str()) {
            continue;
        }
        let slash = if e.file_type().unwrap().is_dir() { "/" } else { "" };
        out.push(format!("{dir}{name}{slash}"));
    }
    out.sort();
    out
}

/// Every module and crate the codemap must name.
fn required() -> Vec<String> {
    let mut out = Vec::new();
    // `src/bin/` holds the binaries: each is named rather than the folder.
    out.extend(entries("src/", &["bin"]));
    out.extend(entries("src/bin/", &[]));
    out.extend(entries("src/engine/", &[]));
    out.extend(entries("web/src/", &[]));
    for m in members() {
        if m != "." {
            out.push(format!("{m}/"));
        }
    }
    out
}

/// The dependencies a `Cargo.toml` declares: the keys of `[dependencies]`,
/// `[target.….dependencies]` and `[dependencies.NAME]` tables (not dev-, build- or workspace
/// dependencies).
fn dependencies_of(toml: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            let header = line.trim_start_matches('[').trim_end_matches(']').trim();
            in_deps = header == "dependencies" || (header.starts_with("target.") && header.ends_with(".dependencies"));
            if let Some(name) = header.strip_prefix("dependencies.") {
                out.insert(name.trim_matches('"').to_string());
            }
            continue;
        }
        if in_deps && !line.is_empty() && !line.starts_with('#') {
            if let Some((key, _)) = line.split_once('=') {
                out.insert(key.trim().trim_matches('"').to_string());
            }
        }
    }
    out
}

#[test]
fn every_path_architecture_md_names_exists() {
    let doc = architecture();
    let lines = prose(&doc);
    let paths = named_paths(&lines);
    assert!(paths.len() > 50, "ARCHITECTURE.md names only {} paths: has the convention changed?", paths.len());
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !is_built(p))
        .filter(|p| {
            let full = root().join(p.trim_end_matches('/'));
            if p.ends_with('/') {
                !full.is_dir()
            } else {
                !full.is_file()
            }
        })
        .collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md names paths that do not exist (a folder ends with '/', a file does not): {missing:?}");
}

#[test]
fn the_codemap_names_every_module_and_crate() {
    let doc = architecture();
    let lines = prose(&doc);
    let codemap = named_paths(&section(&lines, "Codemap"));
    let required = required();
    assert!(required.len() > 40, "only {} modules found: is CARGO_MANIFEST_DIR the repository's root?", required.len());
    let missing: Vec<&String> = required.iter().filter(|m| !codemap.contains(*m)).collect();
    assert!(missing.is_empty(), "the codemap of ARCHITECTURE.md does not name (in backticks, from the root): {missing:?}");
}

#[test]
fn the_dependencies_table_is_each_cargo_toml() {
    let doc = architecture();
    let lines = prose(&doc);
    let mut seen = BTreeSet::new();
    for line in section(&lines, "Dependencies").into_iter().filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        let Some(first) = cells.first() else { continue };
        let Some(manifest) = backticked(first).into_iter().find(|t| t.ends_with("Cargo.toml")) else { continue };
        let listed: BTreeSet<String> = cells[1..].iter().flat_map(|c| backticked(c)).map(str::to_string).collect();
        let toml = fs::read_to_string(root().join(manifest)).unwrap_or_else(|e| panic!("{manifest}: {e}"));
        let real = dependencies_of(&toml);
        let not_real: Vec<&String> = listed.difference(&real).collect();
        let not_listed: Vec<&String> = real.difference(&listed).collect();
        assert!(
            not_real.is_empty() && not_listed.is_empty(),
            "ARCHITECTURE.md's dependencies of {manifest}: listed but not in it {not_real:?}; in it but not listed {not_listed:?}"
        );
        seen.insert(manifest.to_string());
    }
    for m in members() {
        let manifest = if m == "." { "Cargo.toml".to_string() } else { format!("{m}/Cargo.toml") };
        assert!(seen.contains(&manifest), "ARCHITECTURE.md's table of dependencies has no row for {manifest}");
    }
}

/// The checks themselves: what they find in made-up text.
#[test]
fn the_checks_find_what_they_should() {
    assert!(is_path("src/wire.rs") && is_path("web/src/school/") && is_path("Cargo.toml") && is_path("Makefile"));
    assert!(is_path(".ci/run") && is_path("tools/first-paint/"));
    assert!(!is_path("split::defer") && !is_path("serde_json") && !is_path("#/school") && !is_path("set=PATH=VALUE"));
    assert!(!is_path("sen-funding calc") && !is_path("opt-level = 3") && !is_path("R10.4") && !is_path(".tools"));
    assert_eq!(backticked("a `b` c `d/e.rs` f"), vec!["b", "d/e.rs"]);
    let doc = "## Codemap\n- `src/a.rs` x\n```text\n`src/b.rs`\n```\n## Next\n- `src/c.rs`\n";
    let lines = prose(doc);
    assert_eq!(named_paths(&section(&lines, "Codemap")), BTreeSet::from(["src/a.rs".to_string()]));
    let toml = "[dependencies]\na = \"1\"\n# c = 1\n[target.'cfg(x)'.dependencies]\nb = { version = \"1\" }\n\
                [dev-dependencies]\nd = \"1\"\n[dependencies.e]\npath = \"..\"\n[workspace.dependencies]\nf = \"1\"\n";
    assert_eq!(dependencies_of(toml), BTreeSet::from(["a", "b", "e"].map(String::from)));
    assert!(Path::new(&root()).join("ARCHITECTURE.md").is_file());
}
