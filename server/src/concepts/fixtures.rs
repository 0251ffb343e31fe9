//! Caret-annotated concept fixtures (`tests/concepts/`, any language the server reads):
//! parsing their annotations, for the fixture test driver and for the per-concept table in
//! `docs/concepts.md`.
//!
//! A fixture starts with `# concepts: id, id, ...` (`--` instead of `#` in SQL): for those
//! concepts it is exhaustive. Comments under a line mark columns with carets: `#   ^^^^
//! concept-id` must be found there, `#   ^^^^ !concept-id` must not, and `# <- concept-id`
//! marks column 0. The file's name says its language, as it does for `check`; a GitHub Actions
//! fixture lives under `.github/workflows/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::concept;
use crate::language::Lang;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub line: u32,
    pub start: u32,
    /// Exclusive end column, when the annotation gives one.
    pub end: Option<u32>,
    pub concept: String,
}

pub struct Fixture {
    pub path: PathBuf,
    pub lang: Lang,
    pub scope: Vec<String>,
    pub positives: Vec<Mark>,
    pub negatives: Vec<Mark>,
}

/// `tests/concepts/` of the source tree this binary was built from.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/concepts")
}

/// Every fixture under `dir` (hidden directories included, for `.github/workflows/`). A Python
/// fixture in a directory of its own is part of a small project whose files are analysed with
/// its model index (`tests/concepts/shop/`).
pub fn load_fixtures(dir: &Path) -> Vec<(Fixture, String)> {
    let mut paths: Vec<(PathBuf, Lang)> = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(lang) = Lang::of_path(&path, || std::fs::read_to_string(&path).ok()) {
                paths.push((path, lang));
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|(path, lang)| {
            let text = std::fs::read_to_string(&path).unwrap();
            (parse_fixture(path, lang, &text), text)
        })
        .collect()
}

fn parse_fixture(path: PathBuf, lang: Lang, text: &str) -> Fixture {
    let first = text.lines().next().unwrap_or("");
    let comment = lang.comment();
    let scope: Vec<String> = first
        .strip_prefix(comment)
        .and_then(|rest| rest.trim_start().strip_prefix("concepts:"))
        .unwrap_or_else(|| panic!("{}: first line must be `{comment} concepts: id, ...`", path.display()))
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for id in &scope {
        assert!(concept(id).is_some(), "{}: unknown concept {id}", path.display());
    }
    let mut positives = Vec::new();
    let mut negatives = Vec::new();
    let mut target: Option<u32> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let is_annotation = trimmed.strip_prefix(comment).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('^') || rest.starts_with("<-")
        });
        if !is_annotation {
            target = Some(i as u32);
            continue;
        }
        let target_line =
            target.unwrap_or_else(|| panic!("{}:{}: annotation with no line above", path.display(), i + 1));
        let chars: Vec<char> = line.chars().collect();
        let (start, end, rest) = if let Some(pos) = line.find("<-") {
            (0, None, &line[pos + 2..])
        } else {
            let first = chars.iter().position(|&c| c == '^').unwrap();
            let mut last = first;
            while last + 1 < chars.len() && chars[last + 1] == '^' {
                last += 1;
            }
            let byte_after: usize = chars[..=last].iter().map(|c| c.len_utf8()).sum();
            (first as u32, Some(last as u32 + 1), &line[byte_after..])
        };
        for word in rest.split_whitespace() {
            let (negative, id) = match word.strip_prefix('!') {
                Some(id) => (true, id),
                None => (false, word),
            };
            assert!(concept(id).is_some(), "{}:{}: unknown concept {id}", path.display(), i + 1);
            assert!(
                scope.iter().any(|s| s == id),
                "{}:{}: {id} is not in the fixture's `# concepts:` line",
                path.display(),
                i + 1
            );
            let mark = Mark { line: target_line, start, end, concept: id.to_string() };
            if negative {
                negatives.push(mark);
            } else {
                positives.push(mark);
            }
        }
    }
    Fixture { path, lang, scope, positives, negatives }
}

/// `(positives, negatives)` per concept id, over all fixtures.
pub fn fixture_counts(dir: &Path) -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (fixture, _) in load_fixtures(dir) {
        for m in &fixture.positives {
            counts.entry(m.concept.clone()).or_default().0 += 1;
        }
        for m in &fixture.negatives {
            counts.entry(m.concept.clone()).or_default().1 += 1;
        }
    }
    counts
}

/// Markers around the generated table in `docs/concepts.md`.
pub const DOC_BEGIN: &str = "<!-- BEGIN GENERATED by `interview-prep debug concepts-doc`: do not edit by hand -->";
pub const DOC_END: &str = "<!-- END GENERATED -->";

/// The per-concept table of `docs/concepts.md`: id, title, kind, topic, what triggers it, and
/// how many positive and negative fixture cases it has.
pub fn concepts_table(fixtures: &Path) -> String {
    let counts = fixture_counts(fixtures);
    let mut out =
        String::from("| id | title | kind | topic | found in code as | fixtures + / − |\n|---|---|---|---|---|---|\n");
    for c in &super::catalog().concepts {
        let (pos, neg) = counts.get(c.id).copied().unwrap_or((0, 0));
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {pos} / {neg} |\n",
            c.id,
            cell(c.title),
            c.kind,
            c.topic,
            cell(c.triggers)
        ));
    }
    out
}

/// `text` (the doc) with its generated block replaced by `table`; `None` without markers.
pub fn replace_generated(text: &str, table: &str) -> Option<String> {
    let start = text.find(DOC_BEGIN)? + DOC_BEGIN.len();
    let end = text[start..].find(DOC_END)? + start;
    Some(format!("{}\n{}{}", &text[..start], table, &text[end..]))
}
