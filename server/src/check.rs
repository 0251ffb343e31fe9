//! Checking files and directories from the command line: walks the paths (respecting
//! `.gitignore`), analyses the files we have rules for (Python, Dockerfiles, Compose files,
//! Kubernetes manifests, CI workflows, SQL) in parallel, and reports findings with 1-based line
//! and character columns. Nothing of a file is kept but its findings.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::concepts::project::{self, ProjectIndex};
use crate::concepts::{analyze_as_in, Finding, Kind, Project};
use crate::config;
use crate::deck::Deck;
use crate::document::parse_as;
use crate::language::Lang;
use crate::position::{Encoding, LineIndex};
use crate::session::visible_findings;
use crate::settings::Settings;
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

/// Larger than any hand-written module: such a file is generated or data, and is skipped
/// without being read (a 2 GB sparse file would otherwise be read into memory).
pub const MAX_SOURCE_BYTES: u64 = 10 * 1024 * 1024;

/// The files to check, and one warning line per path the walk could not follow.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

/// The files under `paths` that we have rules for: files named directly are included when they
/// are Python (by extension or shebang) or another language we read; directories are walked
/// for files whose name (and, for YAML, content: see [`Lang::of_path`]) says so, honouring `.gitignore` and `.ignore` (also outside a git repository) and
/// skipping hidden entries other than `.github` and `.gitlab-ci.yml`. A linked file is included (reading it reports a dangling
/// link or a loop); linked directories are not walked, so no file is checked twice and no walk
/// leaves the tree, and one that leads back to a parent is reported as a loop.
pub fn collect_files(paths: &[PathBuf]) -> Result<Listing, CheckError> {
    let mut listing = Listing::default();
    for path in paths {
        // A dangling link or link loop named on the command line exists: it is skipped with a
        // warning when read, like any other unreadable file, rather than called missing.
        if path.symlink_metadata().is_err() {
            return Err(CheckError::Missing(path.clone()));
        }
        if !path.is_dir() {
            if is_python_file(path) || Lang::of_path(path, || read_source(path).ok()).is_some() {
                listing.files.push(path.clone());
            } else {
                listing.warnings.push(format!(
                    "warning: skipping {}: not a file interview-prep reads (Python, Dockerfile, Compose, Kubernetes, CI workflow or SQL)",
                    path.display()
                ));
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .follow_links(false)
            // Hidden entries stay skipped, except where CI configuration lives.
            .hidden(false)
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || !name.starts_with('.') || name == ".github" || name == ".gitlab-ci.yml"
            })
            .build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_file = !e.file_type().is_some_and(|t| t.is_dir());
                    // Only YAML whose name does not decide what it is gets read here.
                    let lang = is_file.then(|| Lang::of_path(e.path(), || read_source(e.path()).ok())).flatten();
                    // `.github` is walked for its workflows only, as hidden directories were
                    // skipped before.
                    let in_github = e.path().strip_prefix(path).is_ok_and(|r| r.starts_with(".github"));
                    let wanted = lang.is_some_and(|l| !in_github || l == Lang::GithubActions);
                    if e.path_is_symlink() {
                        if let Some(w) = directory_loop(e.path()) {
                            listing.warnings.push(w);
                        } else if wanted && !e.path().is_dir() {
                            found.push(e.into_path());
                        }
                    } else if wanted && !e.file_type().is_some_and(|t| t.is_dir()) {
                        // Not only regular files: a FIFO named `*.py` is listed so that reading
                        // it reports it once, instead of it vanishing silently.
                        found.push(e.into_path());
                    }
                }
                Err(e) => listing.warnings.push(walk_warning(&e)),
            }
        }
        found.sort();
        listing.files.extend(found);
    }
    Ok(listing)
}

/// The language of a file that was listed: by name and content, and Python for the scripts
/// [`is_python_file`] recognises by their shebang.
pub fn language_of(path: &Path, text: &str) -> Lang {
    Lang::of_path(path, || Some(text.to_string())).unwrap_or(Lang::Python)
}

/// Parses and analyses one file's text in its language, with its project's model index; or says
/// in one line why the file is skipped (YAML longer than its parser can read).
pub fn analyse_text(path: &Path, text: &str, index: &Arc<ProjectIndex>) -> Result<Vec<Finding>, String> {
    let skip = |why: &str| format!("warning: skipping {}: {why}", path.display());
    let lang = language_of(path, text);
    if let Some(max) = lang.grammar().max_lines() {
        if text.lines().count() > max {
            return Err(skip("YAML longer than 32,768 lines, which the YAML parser cannot read"));
        }
    }
    let tree = parse_as(lang.grammar(), text).ok_or_else(|| skip("could not parse"))?;
    Ok(analyze_as_in(lang, &tree, Text::Str(text), &project_for(path, index), None).findings)
}

/// Whether a file named on the command line is Python: `*.py`/`*.pyi`/`*.pyw`, or a script
/// without an extension whose first line is a Python shebang. Anything else would be parsed as
/// Python and report nonsense.
fn is_python_file(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("py" | "pyi" | "pyw") => true,
        Some(_) => false,
        None => {
            // A dangling link, a FIFO or an unreadable file is kept, so that reading it reports
            // why it is skipped.
            let Ok(meta) = std::fs::metadata(path) else { return true };
            if !meta.is_file() {
                return true;
            }
            let Ok(head) =
                crate::fsutil::read_bounded(path, 1 << 20).map(|b| b.into_iter().take(128).collect::<Vec<u8>>())
            else {
                return true;
            };
            head.starts_with(b"#!")
                && head.split(|&b| b == b'\n').next().is_some_and(|l| l.windows(6).any(|w| w == b"python"))
        }
    }
}

/// The warning for a link to a directory that contains the link: following it would never end.
fn directory_loop(link: &Path) -> Option<String> {
    let target = std::fs::canonicalize(link).ok().filter(|t| t.is_dir())?;
    let parent = std::fs::canonicalize(link.parent()?).ok()?;
    parent.starts_with(&target).then(|| {
        format!("warning: skipping {}: symbolic link loop (it leads back to a parent directory)", link.display())
    })
}

/// The warning for a path the walk could not enter (an unreadable directory, say).
fn walk_warning(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, err } => format!("warning: skipping {}: {}", path.display(), walk_reason(err)),
        ignore::Error::WithDepth { err, .. } => walk_warning(err),
        other => format!("warning: {other}"),
    }
}

fn walk_reason(err: &ignore::Error) -> String {
    match err.io_error() {
        Some(e) => crate::fsutil::io_reason(e),
        None => err.to_string(),
    }
}

/// Checks every file in parallel; unreadable, binary and non-UTF-8 files become warnings. Each
/// file's findings are filtered by `settings` with the file's project configuration on top.
pub fn check_paths(paths: &[PathBuf], deck: &Deck, settings: &Settings) -> Result<Report, CheckError> {
    let listing = collect_files(paths)?;
    let mut report = check_files(&listing.files, deck, settings);
    report.warnings.splice(0..0, listing.warnings);
    Ok(report)
}

/// Checks files already listed; one that cannot be read now (even one removed since it was
/// listed) becomes a warning.
pub fn check_files(files: &[PathBuf], deck: &Deck, settings: &Settings) -> Report {
    let configs = config::Cache::default();
    let index = project_index(files);
    let results: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|path| {
            let effective = settings_for_file(settings, &configs, path);
            check_file(path, deck, &effective, &index)
        })
        .collect();
    let mut report = Report::default();
    report.warnings.extend(configs.warning_lines());
    for r in results {
        match r {
            Ok(file) => report.files.push(file),
            Err(w) => report.warnings.push(w),
        }
    }
    report
}

/// The model index of the projects the files belong to (each file's nearest directory with a
/// `pyproject.toml`, `setup.py`, `setup.cfg` or `.git`), built in parallel before they are
/// checked.
pub fn project_index(files: &[PathBuf]) -> Arc<ProjectIndex> {
    let mut roots: BTreeSet<PathBuf> = BTreeSet::new();
    let mut by_dir: HashMap<PathBuf, PathBuf> = HashMap::new();
    for f in files {
        let Some(dir) = std::path::absolute(f).ok().and_then(|p| p.parent().map(Path::to_path_buf)) else { continue };
        let root = by_dir.entry(dir.clone()).or_insert_with(|| project::project_root(&dir)).clone();
        roots.insert(root);
    }
    // A root inside another is walked with it.
    let roots: Vec<PathBuf> =
        roots.iter().filter(|r| !roots.iter().any(|o| o != *r && r.starts_with(o))).cloned().collect();
    if roots.is_empty() {
        return ProjectIndex::empty();
    }
    Arc::new(project::build(&roots))
}

/// Where a file is, for its analysis in a project.
pub fn project_for(path: &Path, index: &Arc<ProjectIndex>) -> Project {
    Project::new(index.clone(), Some(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())))
}

/// The settings for one file on the command line: `settings` with the file's project
/// configuration over them.
pub fn settings_for_file(settings: &Settings, configs: &config::Cache, path: &Path) -> Settings {
    let dir = std::path::absolute(path).ok().and_then(|p| p.parent().map(Path::to_path_buf));
    let loaded = dir.and_then(|d| configs.for_dir(&d));
    config::resolve(settings, loaded.as_deref())
}

/// Reads a file as UTF-8 source, or says in one line why it is skipped. Invalid UTF-8 is
/// skipped rather than read lossily: the positions of a lossy text would not match the file.
pub fn read_source(path: &Path) -> Result<String, String> {
    let skip = |why: String| format!("warning: skipping {}: {why}", path.display());
    let bytes = crate::fsutil::read_bounded(path, MAX_SOURCE_BYTES).map_err(|e| skip(e.to_string()))?;
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(skip("binary file".into()));
    }
    String::from_utf8(bytes).map_err(|_| skip("not valid UTF-8".into()))
}

fn check_file(path: &Path, deck: &Deck, settings: &Settings, index: &Arc<ProjectIndex>) -> Result<FileReport, String> {
    let text = read_source(path)?;
    let findings = analyse_text(path, &text, index)?;
    let index = LineIndex::new(&text);
    let shown = path.display().to_string();
    let located = visible_findings(&findings, settings).map(|f| locate(&shown, &text, &index, f, deck)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The window between listing and reading cannot be hit reliably from outside the process,
    /// so the file is removed between the two calls here.
    #[test]
    fn a_file_removed_after_listing_is_skipped_with_one_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gone.py"), "def g():\n    yield 1\n").unwrap();
        std::fs::write(dir.path().join("kept.py"), "f = lambda: 0\n").unwrap();
        let listing = collect_files(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(listing.files.len(), 2);
        std::fs::remove_file(dir.path().join("gone.py")).unwrap();

        let report = check_files(&listing.files, &Deck::builtin(), &Settings::default());
        let gone = dir.path().join("gone.py");
        assert_eq!(report.warnings, [format!("warning: skipping {}: No such file or directory", gone.display())]);
        assert_eq!(report.files.len(), 1);
        assert_eq!(report.files[0].findings[0].concept, "lambda");

        let (analysed, warnings) =
            crate::quiz::scan::analyse_files(&listing.files, &|| {}, &Settings::default()).unwrap();
        assert_eq!(warnings, report.warnings);
        assert_eq!(analysed.len(), 1);
    }

    #[test]
    fn an_oversized_file_is_skipped_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.py");
        // Sparse: takes no disk. Reading it would take 2 GB of memory.
        std::fs::File::create(&path).unwrap().set_len(2 << 30).unwrap();
        assert_eq!(read_source(&path), Err(format!("warning: skipping {}: larger than 10 MB", path.display())));
        std::fs::File::create(&path).unwrap().set_len(MAX_SOURCE_BYTES).unwrap();
        assert_eq!(read_source(&path), Err(format!("warning: skipping {}: binary file", path.display())));
    }
}
