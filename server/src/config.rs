//! Project configuration: `[tool.interview-prep]` in `pyproject.toml`, or `.interview-prep.toml`,
//! found upward from a file. Keys: `select` / `ignore` (concept ids or topics), `severity`
//! (a table of id or topic → hint/information/warning/error/off), `concept-severity`,
//! `pitfall-severity`, `deck-paths`. Problems carry the file's line and column so the server can
//! show them as diagnostics on the file itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml_edit::{Document, DocumentMut, Item};

use crate::concepts::{catalog, concept};
use crate::settings::Severity;

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
    /// `None` when the file has errors: defaults apply until it is fixed.
    pub config: Option<ProjectConfig>,
    pub problems: Vec<ConfigProblem>,
}

/// The configuration file that governs `dir` (a file's directory): the nearest
/// `.interview-prep.toml`, or `pyproject.toml` with a `[tool.interview-prep]` table.
pub fn find(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        let dedicated = d.join(DEDICATED_FILE);
        if dedicated.is_file() {
            return Some(dedicated);
        }
        let pyproject = d.join(PYPROJECT);
        if pyproject.is_file() && std::fs::read_to_string(&pyproject).is_ok_and(|t| t.contains("interview-prep")) {
            return Some(pyproject);
        }
    }
    None
}

pub fn load(path: &Path) -> Loaded {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(e) => Loaded {
            path: path.to_path_buf(),
            config: None,
            problems: vec![ConfigProblem { level: Level::Error, range: 0..0, message: format!("cannot read: {e}") }],
        },
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
            return Loaded { path: path.to_path_buf(), config: None, problems };
        }
    };
    let is_pyproject = path.file_name().is_some_and(|n| n == PYPROJECT);
    let table = if is_pyproject { doc.get("tool").and_then(|t| t.get(TABLE)) } else { Some(doc.as_item()) };
    let mut config = ProjectConfig::default();
    let Some(table) = table.and_then(Item::as_table_like) else {
        return Loaded { path: path.to_path_buf(), config: Some(config), problems };
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
            "deck-paths" => match string_list(item) {
                Some(list) => config.deck_paths = list.into_iter().map(|(p, _)| base.join(p)).collect(),
                None => error(span, "`deck-paths` must be a list of paths".into()),
            },
            other => warnings.push(ConfigProblem {
                level: Level::Warning,
                range: span.unwrap_or(0..0),
                message: format!(
                    "unknown key `{other}` (known: select, ignore, severity, concept-severity, pitfall-severity, deck-paths)"
                ),
            }),
        }
    }
    let has_errors = !problems.is_empty();
    problems.extend(warnings);
    problems.sort_by_key(|p| p.range.start);
    Loaded { path: path.to_path_buf(), config: (!has_errors).then_some(config), problems }
}

type Spanned = (String, Option<std::ops::Range<usize>>);

fn string_list(item: &Item) -> Option<Vec<Spanned>> {
    let array = item.as_array()?;
    array.iter().map(|v| v.as_str().map(|s| (s.to_string(), v.span()))).collect()
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s.to_ascii_lowercase().as_str() {
        "hint" => Some(Severity::Hint),
        "information" | "info" => Some(Severity::Information),
        "warning" | "warn" => Some(Severity::Warning),
        "error" => Some(Severity::Error),
        "off" | "none" => Some(Severity::Off),
        _ => None,
    }
}

fn is_id_or_topic(s: &str) -> bool {
    concept(s).is_some() || catalog().topics().contains(&s)
}

/// The text of `path` after adding `id` to its ignore list (creating the table or the file's
/// content when missing), preserving everything else in the file.
pub fn with_ignored(path: &Path, existing: Option<&str>, id: &str) -> Result<String, String> {
    let mut doc: DocumentMut =
        existing.unwrap_or("").parse().map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let is_pyproject = path.file_name().is_some_and(|n| n == PYPROJECT);
    let table = if is_pyproject {
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
