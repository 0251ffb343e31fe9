//! Checking files and directories from the command line: walks the paths (respecting
//! `.gitignore`), analyses Python files in parallel, and reports findings with 1-based line and
//! character columns. Nothing of a file is kept but its findings.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::concepts::{analyze, Finding, Kind};
use crate::config::{self, Loaded};
use crate::deck::Deck;
use crate::document::parse_str;
use crate::position::{Encoding, LineIndex};
use crate::settings::{Settings, Severity};
use crate::text::Text;

/// A finding placed in a file, as the CLI reports it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Located {
    pub path: String,
    pub concept: &'static str,
    pub kind: Kind,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
    pub entries: Vec<String>,
    /// The source line the finding starts on (not in the JSON output).
    #[serde(skip)]
    pub source_line: String,
}

/// The result of checking a set of paths.
#[derive(Default)]
pub struct Report {
    /// Per file, in walk order.
    pub files: Vec<FileReport>,
    /// One line per skipped file.
    pub warnings: Vec<String>,
}

pub struct FileReport {
    pub path: PathBuf,
    pub findings: Vec<Located>,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
}

/// The Python files under `paths`: files named directly are always included; directories are
/// walked for `*.py`, honouring `.gitignore` and `.ignore` (also outside a git repository) and
/// skipping hidden entries.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CheckError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(CheckError::Missing(path.clone()));
        }
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path).require_git(false).follow_links(false).build();
        let mut found: Vec<PathBuf> = walker
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Checks every file in parallel; unreadable, binary and non-UTF-8 files become warnings. Each
/// file's findings are filtered by `settings` with the file's project configuration on top.
pub fn check_paths(paths: &[PathBuf], deck: &Deck, settings: &Settings) -> Result<Report, CheckError> {
    let files = collect_files(paths)?;
    let configs = ProjectConfigs::default();
    let results: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|path| {
            let project = path.parent().and_then(|dir| configs.get(dir));
            let effective = settings.with_project(project.as_ref().and_then(|l| l.config.as_ref()));
            check_file(path, deck, &|f: &Finding| effective.severity_for(f.concept) != Severity::Off)
        })
        .collect();
    let mut report = Report::default();
    report.warnings.extend(configs.problems());
    for r in results {
        match r {
            Ok(file) => report.files.push(file),
            Err(w) => report.warnings.push(w),
        }
    }
    Ok(report)
}

/// Reads a file as UTF-8 Python source, or says in one line why it is skipped.
pub fn read_source(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("warning: skipping {}: {e}", path.display()))?;
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(format!("warning: skipping {}: binary file", path.display()));
    }
    String::from_utf8(bytes).map_err(|_| format!("warning: skipping {}: not valid UTF-8", path.display()))
}

fn check_file(path: &Path, deck: &Deck, filter: &(dyn Fn(&Finding) -> bool + Sync)) -> Result<FileReport, String> {
    let text = read_source(path)?;
    let tree = parse_str(&text).ok_or_else(|| format!("warning: skipping {}: could not parse", path.display()))?;
    let findings = analyze(&tree, Text::Str(&text));
    drop(tree);
    let index = LineIndex::new(&text);
    let shown = path.display().to_string();
    let located = findings.iter().filter(|f| filter(f)).map(|f| locate(&shown, &text, &index, f, deck)).collect();
    Ok(FileReport { path: path.to_path_buf(), findings: located })
}

pub fn locate(path: &str, text: &str, index: &LineIndex, f: &Finding, deck: &Deck) -> Located {
    let a = index.line_col(text, f.range.start, Encoding::Utf32);
    let b = index.line_col(text, f.range.end, Encoding::Utf32);
    Located {
        path: path.to_string(),
        concept: f.id(),
        kind: f.kind(),
        line: a.line + 1,
        column: a.col + 1,
        end_line: b.line + 1,
        end_column: b.col + 1,
        message: message(f.id(), deck),
        entries: deck.for_concept(f.id()).iter().map(|e| e.id.clone()).collect(),
        source_line: index.line_text(text, a.line as usize).to_string(),
    }
}

/// The one-line message of a finding: the concept's title and its headline question. Never empty.
pub fn message(concept: &str, deck: &Deck) -> String {
    let title = crate::concepts::concept(concept).map_or(concept, |c| c.info().title);
    match deck.primary(concept) {
        Some(entry) => format!("{title}: {}", entry.question),
        None => format!("{title}: an interview concept ({concept})"),
    }
}

/// Project config files found while checking, cached per directory.
#[derive(Default)]
struct ProjectConfigs {
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Loaded>>>>,
}

impl ProjectConfigs {
    fn get(&self, dir: &Path) -> Option<Arc<Loaded>> {
        let mut map = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = map.get(dir) {
            return found.clone();
        }
        let loaded = config::find(dir).map(|path| {
            map.values().flatten().find(|l| l.path == path).cloned().unwrap_or_else(|| Arc::new(config::load(&path)))
        });
        map.insert(dir.to_path_buf(), loaded.clone());
        loaded
    }

    /// One warning line per problem of every config file met, `file:line:column: message`.
    fn problems(&self) -> Vec<String> {
        let map = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen: Vec<&PathBuf> = Vec::new();
        let mut out = Vec::new();
        for loaded in map.values().flatten() {
            if seen.contains(&&loaded.path) {
                continue;
            }
            seen.push(&loaded.path);
            let text = std::fs::read_to_string(&loaded.path).unwrap_or_default();
            let index = LineIndex::new(&text);
            for p in &loaded.problems {
                let at = index.line_col(&text, p.range.start, Encoding::Utf32);
                let fallback = if loaded.config.is_none() { " (the file is ignored until fixed)" } else { "" };
                out.push(format!(
                    "warning: {}:{}:{}: {}{fallback}",
                    loaded.path.display(),
                    at.line + 1,
                    at.col + 1,
                    p.message
                ));
            }
        }
        out.sort();
        out
    }
}
