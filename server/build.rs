//! Embeds the tree-sitter queries and the built-in deck: every `queries/python/*.scm` and
//! `docs/deck/*.md` file of the repository becomes a `(name, contents)` pair in the binary.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = String::new();
    for (constant, dir, ext) in [("QUERY_FILES", "queries/python", "scm"), ("DECK_FILES", "docs/deck", "md")] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        files.sort();
        writeln!(out, "pub const {constant}: &[(&str, &str)] = &[").unwrap();
        for path in files {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let abs = path.canonicalize().unwrap();
            writeln!(out, "    ({name:?}, include_str!({:?})),", abs.display().to_string()).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs"), out).unwrap();
}
