//! Project configuration: `[tool.interview-prep]` in `pyproject.toml`, or `.interview-prep.toml`,
//! found upward from a file. Keys: `select` / `ignore` (concept ids or topics), `severity`
//! (a table of id or topic → hint/information/warning/error/off), `concept-severity`,
//! `pitfall-severity`, `deck-paths`. Problems carry the file's line and column so the server can
//! show them as diagnostics on the file itself. [`Cache`] is the one per-directory cache the CLI
//! and the server share; every config file is read through `fsutil::read_bounded`, once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use toml_edit::{Document, DocumentMut, Item};

use crate::concepts::{catalog, concept};
use crate::position::{Encoding, LineCol, LineIndex};
use crate::settings::{Settings, Severity};

/// A configuration file is a few lines written by hand; anything larger is not read.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

pub const DEDICATED_FILE: &str = ".interview-prep.toml";
pub const PYPROJECT: &str = "pyproject.toml";
const TABLE: &str = "interview-prep";

/// What a project configuration file says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectConfig {
    /// Only these ids/topics are reported, when set.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Per id or topic.
    pub severity: BTreeMap<String, Severity>,
    pub concept_severity: Option<Severity>,
    pub pitfall_severity: Option<Severity>,
    /// Resolved against the file's directory.
    pub deck_paths: Vec<PathBuf>,
    pub concepts_in_tests: Option<bool>,
}

/// How bad a problem in a config file is: an error means the file is not used at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub level: Level,
    /// Byte range in the file.
    pub range: std::ops::Range<usize>,
    pub message: String,
}

/// A configuration file, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub path: PathBuf,
    /// The text as read (empty when it could not be read): problems' byte ranges point into it,
    /// and "Hide in this project" edits it.
    pub text: String,
    /// Whether the file could be read at all.
    pub readable: bool,
    /// The file's modification time and size when it was read: a cached copy is used only while
    /// they are the same (a client that watches no files still sees edits).
    pub stamp: Option<(std::time::SystemTime, u64)>,
    /// `None` when the file has errors: defaults apply until it is fixed.
    pub config: Option<ProjectConfig>,
    pub problems: Vec<ConfigProblem>,
}

impl Loaded {
    /// Every problem with its start and end as line/column in `enc`, and its message in the one
    /// wording the CLI and the server both use.
    pub fn located_problems(&self, enc: Encoding) -> Vec<(LineCol, LineCol, &ConfigProblem, String)> {
        let index = LineIndex::new(&self.text);
        self.problems
            .iter()
            .map(|p| {
                let a = index.line_col(&self.text, p.range.start, enc);
                let b = index.line_col(&self.text, p.range.end.max(p.range.start), enc);
                let suffix = if p.level == Level::Error && self.config.is_none() {
                    " (defaults apply until it is fixed)"
                } else {
                    ""
                };
                (a, b, p, format!("{}{suffix}", p.message))
            })
            .collect()
    }
}

/// The configuration file that governs `dir` (a file's directory): the nearest
/// `.interview-prep.toml`, or `pyproject.toml` with a `[tool.interview-prep]` table. A
/// `pyproject.toml` too large to read is taken as governing, so that its problem is reported
/// rather than the file silently skipped.
pub fn find(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        let dedicated = d.join(DEDICATED_FILE);
        if dedicated.exists() {
            return Some(dedicated);
        }
        let pyproject = d.join(PYPROJECT);
        if pyproject.exists() {
            match crate::fsutil::read_bounded(&pyproject, MAX_CONFIG_BYTES) {
                Ok(bytes) if contains(&bytes, TABLE.as_bytes()) => return Some(pyproject),
                Ok(_) => {}
                Err(crate::fsutil::ReadError::Io(_)) => {}
                Err(_) => return Some(pyproject),
            }
        }
    }
    None
}

fn file_stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Reads and checks one config file: regular files only, at most [`MAX_CONFIG_BYTES`].
pub fn load(path: &Path) -> Loaded {
    let unreadable = |message: String| Loaded {
        path: path.to_path_buf(),
        text: String::new(),
        readable: false,
        stamp: file_stamp(path),
        config: None,
        problems: vec![ConfigProblem { level: Level::Error, range: 0..0, message }],
    };
    match crate::fsutil::read_bounded(path, MAX_CONFIG_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Loaded { stamp: file_stamp(path), ..parse(path, &text) },
            Err(_) => unreadable("cannot read: not valid UTF-8".into()),
        },
        Err(e) => unreadable(format!("cannot read: {e}")),
    }
}

/// Config files by directory, loaded on first use: the CLI's walk and the server's documents
/// share it. Each file is read once however many directories it governs, and never while the
/// cache's lock is held.
#[derive(Default)]
pub struct Cache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_path: HashMap<PathBuf, Arc<Loaded>>,
}

impl Cache {
    /// The loaded config that governs a directory, if any.
    pub fn for_dir(&self, dir: &Path) -> Option<Arc<Loaded>> {
        let known = self.lock().by_dir.get(dir).cloned();
        let path = match known {
            Some(path) => path?,
            None => {
                let found = find(dir);
                self.lock().by_dir.insert(dir.to_path_buf(), found.clone());
                found?
            }
        };
        let cached = self.lock().by_path.get(&path).cloned();
        if let Some(loaded) = cached {
            if loaded.stamp == file_stamp(&path) {
                return Some(loaded);
            }
        }
        let loaded = Arc::new(load(&path));
        let mut inner = self.lock();
        // Another thread may have loaded the same version meanwhile: keep one, so that every
        // caller sees the same `Loaded`.
        match inner.by_path.get(&path) {
            Some(other) if other.stamp == loaded.stamp => Some(other.clone()),
            _ => {
                inner.by_path.insert(path, loaded.clone());
                Some(loaded)
            }
        }
    }

    /// Every config file loaded so far, in path order.
    pub fn loaded(&self) -> Vec<Arc<Loaded>> {
        let mut all: Vec<Arc<Loaded>> = self.lock().by_path.values().cloned().collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }

    /// Forgets everything (a config file changed on disk).
    pub fn clear(&self) {
        *self.lock() = CacheInner::default();
    }

    /// The CLI's report of every config file met: `warning: FILE:LINE:COLUMN: message`.
    /// Paths are shown relative to the current directory when they are under it.
    pub fn warning_lines(&self) -> Vec<String> {
        let cwd = std::env::current_dir().ok();
        let mut out = Vec::new();
        for loaded in self.loaded() {
            let shown = cwd.as_ref().and_then(|c| loaded.path.strip_prefix(c).ok()).unwrap_or(&loaded.path);
            for (at, _, _, message) in loaded.located_problems(Encoding::Utf32) {
                out.push(format!("warning: {}:{}:{}: {message}", shown.display(), at.line + 1, at.col + 1));
            }
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Parses a config file's text; `path` decides the layout (`pyproject.toml` nests the keys).
pub fn parse(path: &Path, text: &str) -> Loaded {
    let mut problems = Vec::new();
    let base = path.parent().unwrap_or(Path::new("."));
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            problems.push(ConfigProblem {
                level: Level::Error,
                range: e.span().unwrap_or(0..0),
                message: format!("invalid TOML: {}", e.message()),
            });
            return Loaded {
                path: path.to_path_buf(),
                text: text.to_string(),
                readable: true,
                stamp: None,
                config: None,
                problems,
            };
        }
    };
    let nested = doc.get("tool").and_then(|t| t.get(TABLE));
    // `.interview-prep.toml` takes the keys at the top level, or, pasted from a pyproject.toml,
    // under `[tool.interview-prep]`: both work.
    let table = if is_nested(path, &doc) { nested } else { Some(doc.as_item()) };
    let mut config = ProjectConfig::default();
    let Some(table) = table.and_then(Item::as_table_like) else {
        return Loaded {
            path: path.to_path_buf(),
            text: text.to_string(),
            readable: true,
            stamp: None,
            config: Some(config),
            problems,
        };
    };
    let mut error = |range: Option<std::ops::Range<usize>>, message: String| {
        problems.push(ConfigProblem { level: Level::Error, range: range.unwrap_or(0..0), message });
    };
    let mut warnings: Vec<ConfigProblem> = Vec::new();
    for (key, item) in table.iter() {
        let span = item.span().or_else(|| table.get_key_value(key).and_then(|(k, _)| k.span()));
        match key {
            "select" | "ignore" => match string_list(item) {
                Some(list) => {
                    for (value, range) in &list {
                        if !is_id_or_topic(value) {
                            warnings.push(ConfigProblem {
                                level: Level::Warning,
                                range: range.clone().unwrap_or(0..0),
                                message: format!("`{value}` is neither a concept id nor a topic (see `interview-prep concepts`)"),
                            });
                        }
                    }
                    let values: Vec<String> = list.into_iter().map(|(v, _)| v).collect();
                    if key == "select" {
                        config.select = Some(values);
                    } else {
                        config.ignore = values;
                    }
                }
                None => error(span, format!("`{key}` must be a list of concept ids or topics")),
            },
            "concept-severity" | "pitfall-severity" => match item.as_str().and_then(parse_severity) {
                Some(sev) => {
                    if key == "concept-severity" {
                        config.concept_severity = Some(sev);
                    } else {
                        config.pitfall_severity = Some(sev);
                    }
                }
                None => error(span, format!("`{key}` must be one of hint, information, warning, error, off")),
            },
            "severity" => match item.as_table_like() {
                Some(t) => {
                    for (id, value) in t.iter() {
                        let vspan = value.span();
                        if !is_id_or_topic(id) {
                            warnings.push(ConfigProblem {
                                level: Level::Warning,
                                range: vspan.clone().unwrap_or(0..0),
                                message: format!("`{id}` is neither a concept id nor a topic"),
                            });
                        }
                        match value.as_str().and_then(parse_severity) {
                            Some(sev) => {
                                config.severity.insert(id.to_string(), sev);
                            }
                            None => error(vspan, format!("severity of `{id}` must be one of hint, information, warning, error, off")),
                        }
                    }
                }
                None => error(span, "`severity` must be a table of concept id or topic = severity".into()),
            },
            "concepts-in-tests" => match item.as_bool() {
                Some(b) => config.concepts_in_tests = Some(b),
                None => error(span, "`concepts-in-tests` must be true or false".into()),
            },
            "deck-paths" => match string_list(item) {
                Some(list) => config.deck_paths = list.into_iter().map(|(p, _)| base.join(p)).collect(),
                None => error(span, "`deck-paths` must be a list of paths".into()),
            },
            other => warnings.push(ConfigProblem {
                level: Level::Warning,
                range: span.unwrap_or(0..0),
                message: format!(
                    "unknown key `{other}` (known: select, ignore, severity, concept-severity, pitfall-severity, concepts-in-tests, deck-paths)"
                ),
            }),
        }
    }
    let has_errors = !problems.is_empty();
    problems.extend(warnings);
    problems.sort_by_key(|p| p.range.start);
    Loaded {
        path: path.to_path_buf(),
        text: text.to_string(),
        readable: true,
        stamp: None,
        config: (!has_errors).then_some(config),
        problems,
    }
}

impl ProjectConfig {
    /// Editor settings with this project configuration over them: the file wins for the keys it
    /// sets; ignore lists add up; deck paths from both are read.
    pub fn over(&self, editor: &Settings) -> Settings {
        let mut out = editor.clone();
        if let Some(select) = &self.select {
            out.select = Some(select.clone());
        }
        out.ignore.extend(self.ignore.iter().cloned());
        out.severity.extend(self.severity.iter().map(|(k, v)| (k.clone(), *v)));
        if let Some(s) = self.concept_severity {
            out.concept_severity = s;
        }
        if let Some(s) = self.pitfall_severity {
            out.pitfall_severity = s;
        }
        out.deck_paths.extend(self.deck_paths.iter().cloned());
        if let Some(b) = self.concepts_in_tests {
            out.concepts_in_tests = b;
        }
        out
    }
}

/// The settings that apply to files governed by `loaded` (none: the editor's).
pub fn resolve(editor: &Settings, loaded: Option<&Loaded>) -> Settings {
    match loaded.and_then(|l| l.config.as_ref()) {
        Some(project) => project.over(editor),
        None => editor.clone(),
    }
}

/// Whether the file's keys live under `[tool.interview-prep]`: always in `pyproject.toml`, and in
/// `.interview-prep.toml` when it has that table.
fn is_nested(path: &Path, doc: &toml_edit::Table) -> bool {
    path.file_name().is_some_and(|n| n == PYPROJECT) || doc.get("tool").and_then(|t| t.get(TABLE)).is_some()
}

type Spanned = (String, Option<std::ops::Range<usize>>);

fn string_list(item: &Item) -> Option<Vec<Spanned>> {
    let array = item.as_array()?;
    array.iter().map(|v| v.as_str().map(|s| (s.to_string(), v.span()))).collect()
}

fn parse_severity(s: &str) -> Option<Severity> {
    Severity::parse(s)
}

fn is_id_or_topic(s: &str) -> bool {
    concept(s).is_some() || catalog().topics().contains(&s)
}

/// The text of `path` after adding `id` to its ignore list (creating the table or the file's
/// content when missing), preserving everything else in the file.
pub fn with_ignored(path: &Path, existing: Option<&str>, id: &str) -> Result<String, String> {
    let mut doc: DocumentMut =
        existing.unwrap_or("").parse().map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let table = if is_nested(path, doc.as_table()) {
        let tool = doc.entry("tool").or_insert(toml_edit::table());
        let tool = tool.as_table_mut().ok_or("`tool` is not a table")?;
        tool.set_implicit(true);
        tool.entry(TABLE).or_insert(toml_edit::table()).as_table_mut().ok_or("`tool.interview-prep` is not a table")?
    } else {
        doc.as_table_mut()
    };
    let ignore = table.entry("ignore").or_insert(toml_edit::value(toml_edit::Array::new()));
    let array = ignore.as_array_mut().ok_or("`ignore` is not a list")?;
    if !array.iter().any(|v| v.as_str() == Some(id)) {
        array.push(id);
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pyproject_table_and_reports_problems_with_spans() {
        let text = "[project]\nname = \"shop\"\n\n[tool.interview-prep]\nselect = [\"django\", \"nope\"]\nignore = [\"lambda\"]\n\
                    deck-paths = [\"decks\"]\n\n[tool.interview-prep.severity]\nn-plus-one = \"error\"\npython = \"off\"\n";
        let loaded = parse(Path::new("/p/pyproject.toml"), text);
        let config = loaded.config.expect("warnings do not disable the file");
        assert_eq!(config.select.as_deref(), Some(&["django".to_string(), "nope".to_string()][..]));
        assert_eq!(config.ignore, ["lambda"]);
        assert_eq!(config.severity["n-plus-one"], Severity::Error);
        assert_eq!(config.deck_paths, [PathBuf::from("/p/decks")]);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(&text[loaded.problems[0].range.clone()], "\"nope\"");
    }

    #[test]
    fn errors_disable_the_file() {
        let loaded = parse(Path::new(".interview-prep.toml"), "ignore = \"lambda\"\n");
        assert!(loaded.config.is_none());
        assert!(loaded.problems[0].message.contains("must be a list"));
        let broken = parse(Path::new(".interview-prep.toml"), "ignore = [\n");
        assert!(broken.config.is_none());
        assert!(broken.problems[0].message.starts_with("invalid TOML"));
    }

    #[test]
    fn ignoring_a_concept_keeps_the_rest_of_the_file() {
        let text = "# our settings\n[project]\nname = \"shop\"  # keep me\n";
        let out = with_ignored(Path::new("pyproject.toml"), Some(text), "lambda").unwrap();
        assert!(out.starts_with("# our settings\n[project]\nname = \"shop\"  # keep me\n"), "{out}");
        assert!(out.contains("[tool.interview-prep]\nignore = [\"lambda\"]"), "{out}");
        let again = with_ignored(Path::new("pyproject.toml"), Some(&out), "decorator").unwrap();
        assert!(again.contains("ignore = [\"lambda\", \"decorator\"]"), "{again}");
        let fresh = with_ignored(Path::new(".interview-prep.toml"), None, "lambda").unwrap();
        assert_eq!(fresh, "ignore = [\"lambda\"]\n");
    }

    #[test]
    fn the_dedicated_file_takes_the_pyproject_form_too() {
        let pasted = "[tool.interview-prep]\nignore = [\"lambda\"]\n";
        let loaded = parse(Path::new("/p/.interview-prep.toml"), pasted);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.config.unwrap().ignore, ["lambda"]);
        let out = with_ignored(Path::new(".interview-prep.toml"), Some(pasted), "decorator").unwrap();
        assert!(out.contains("[tool.interview-prep]\nignore = [\"lambda\", \"decorator\"]"), "{out}");
    }

    #[test]
    fn finds_the_nearest_config_upward() {
        let root = tempfile::tempdir().unwrap();
        let app = root.path().join("app/shop");
        std::fs::create_dir_all(&app).unwrap();
        assert_eq!(find(&app), None);
        std::fs::write(root.path().join("pyproject.toml"), "[tool.interview-prep]\nignore = []\n").unwrap();
        assert_eq!(find(&app), Some(root.path().join("pyproject.toml")));
        std::fs::write(root.path().join("app/.interview-prep.toml"), "ignore = []\n").unwrap();
        assert_eq!(find(&app), Some(root.path().join("app/.interview-prep.toml")));
    }
}
