//! Embeds the rule files and the built-in deck: every `queries/<language>/*.scm` and
//! `docs/deck/*.md` file of the repository becomes a `(name, contents)` pair in the binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The files with this extension in `dir`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
}

fn pairs(out: &mut String, files: &[PathBuf]) {
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let abs = path.canonicalize().unwrap();
        writeln!(out, "    ({name:?}, include_str!({:?})),", abs.display().to_string()).unwrap();
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = String::new();
    let queries = root.join("queries");
    println!("cargo:rerun-if-changed={}", queries.display());
    let mut dirs: Vec<PathBuf> = fs::read_dir(&queries)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", queries.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    writeln!(out, "pub const RULE_DIRS: &[(&str, &[(&str, &str)])] = &[").unwrap();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        writeln!(out, "  ({name:?}, &[").unwrap();
        pairs(&mut out, &files(&dir, "scm"));
        writeln!(out, "  ]),").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "pub const DECK_FILES: &[(&str, &str)] = &[").unwrap();
    pairs(&mut out, &files(&root.join("docs/deck"), "md"));
    writeln!(out, "];").unwrap();
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs"), out).unwrap();
}
