//! The Q&A deck: entries parsed from Markdown (the built-in deck compiled in, plus user decks),
//! indexed by id and by concept. See `docs/deck-format.md` for the format.

pub mod cache;
pub mod lint;
mod parse;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::concepts::{catalog, concept, ConceptId};
use parse::{parse_entries, parse_level, RawEntry};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Basic,
    Intermediate,
    Advanced,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Example {
    pub lang: String,
    pub code: String,
    /// 1-based line of the opening fence.
    #[serde(skip)]
    pub line: usize,
    /// Marked ```` ```python run ````: a self-contained program (standard library only) that the
    /// test suite runs with `python3` and that must exit 0.
    #[serde(skip)]
    pub run: bool,
}

/// What an interviewer listens for in an answer: a short checkable statement (the model
/// phrasing) and the phrases that show a candidate made it.
///
/// The phrases are kept as written and read into alternatives on first use: a deck holds
/// thousands of them and the server reads the whole deck at start-up, while a grade needs a
/// handful.
#[derive(Clone, Debug)]
pub struct KeyPoint {
    pub text: String,
    listen: String,
    wrong: String,
    alternatives: std::sync::OnceLock<Alternatives>,
}

#[derive(Clone, Debug)]
struct Alternatives {
    listen_for: Vec<Vec<String>>,
    wrong_if: Vec<Vec<String>>,
}

impl PartialEq for KeyPoint {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.listen_for() == other.listen_for() && self.wrong_if() == other.wrong_if()
    }
}

impl Eq for KeyPoint {}

impl Serialize for KeyPoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("KeyPoint", 3)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("listen_for", self.listen_for())?;
        s.serialize_field("wrong_if", self.wrong_if())?;
        s.end()
    }
}

/// What separates a key point's statement from its phrases.
pub const LISTEN_FOR: &str = "listen for:";
/// What separates the phrases that make a point from the misconceptions that unmake it.
const WRONG_IF: &str = " not:";

impl KeyPoint {
    /// Alternatives: the point is made when every term of any one alternative is in the answer.
    /// A term is a word or a phrase of consecutive words.
    pub fn listen_for(&self) -> &[Vec<String>] {
        &self.read().listen_for
    }

    /// Misconceptions, in the same form: an answer that states one does not make the point,
    /// whatever else it says ("select_related + separate query").
    pub fn wrong_if(&self) -> &[Vec<String>] {
        &self.read().wrong_if
    }

    fn read(&self) -> &Alternatives {
        self.alternatives.get_or_init(|| Alternatives {
            listen_for: alternatives(&self.listen),
            wrong_if: alternatives(&self.wrong),
        })
    }

    pub fn parse(item: &str) -> Result<KeyPoint, String> {
        let lower = item.to_lowercase();
        let Some(at) = lower.rfind(LISTEN_FOR) else {
            return Err("a key point ends with `Listen for: phrase; phrase + phrase`".into());
        };
        // Lowercasing can change byte lengths only outside ASCII; `at` is then unusable.
        if lower.len() != item.len() {
            return Err("a key point's `Listen for:` must be found in plain ASCII casing".into());
        }
        let text = item[..at].trim().to_string();
        let phrases = &item[at + LISTEN_FOR.len()..];
        let (listen, wrong) = match phrases.to_lowercase().find(WRONG_IF) {
            Some(n) => (phrases[..n].trim_end().trim_end_matches('.'), &phrases[n + WRONG_IF.len()..]),
            None => (phrases, ""),
        };
        let written_wrong = !wrong.trim().is_empty();
        let wrong = wrong.trim().trim_end_matches('.');
        if text.is_empty() {
            return Err("a key point needs a statement before `Listen for:`".into());
        }
        if !has_term(listen) {
            return Err("a key point needs at least one phrase after `Listen for:`".into());
        }
        if written_wrong && !has_term(wrong) {
            return Err("a key point's `Not:` needs at least one phrase".into());
        }
        Ok(KeyPoint { text, listen: listen.to_string(), wrong: wrong.to_string(), alternatives: Default::default() })
    }
}

/// `a + b; c`: alternatives of terms, lowercased, code quotes dropped, empty ones left out.
fn alternatives(text: &str) -> Vec<Vec<String>> {
    text.split(';')
        .map(|alt| {
            alt.split('+')
                .map(|t| t.trim().trim_matches('`').trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|alt: &Vec<String>| !alt.is_empty())
        .collect()
}

/// Whether [`alternatives`] finds any term in `text`, without building them.
fn has_term(text: &str) -> bool {
    text.chars().any(|c| !(c.is_whitespace() || matches!(c, ';' | '+' | '`')))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
}

/// Where a deck file comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary: the file name under `docs/deck/`.
    Builtin(String),
    /// A user deck file on disk.
    File(PathBuf),
}

impl Origin {
    /// How problems name the file.
    pub fn display(&self) -> String {
        match self {
            Origin::Builtin(name) => format!("docs/deck/{name}"),
            Origin::File(path) => path.display().to_string(),
        }
    }

    fn topic(&self) -> String {
        let name = match self {
            Origin::Builtin(name) => name.as_str(),
            Origin::File(path) => path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
        };
        name.strip_suffix(".md").unwrap_or(name).to_string()
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub topic: String,
    pub question: String,
    pub asked: Vec<String>,
    pub concepts: Vec<String>,
    pub level: Level,
    /// Markdown of each part, as written.
    pub short: String,
    pub answer: String,
    pub examples: Vec<Example>,
    pub followups: Vec<String>,
    pub mistakes: Vec<String>,
    pub choices: Vec<Choice>,
    /// What an interviewer listens for (3–6 in a complete entry).
    pub key_points: Vec<KeyPoint>,
    pub origin: Origin,
    /// 1-based line of the entry's `##` heading.
    pub line: usize,
}

impl Entry {
    /// The first common mistake: what the hover shows as the pitfall.
    pub fn pitfall(&self) -> Option<&str> {
        self.mistakes.first().map(String::as_str)
    }

    /// Whether the entry has usable multiple-choice material: four statements, one correct.
    pub fn has_choices(&self) -> bool {
        self.choices.len() == 4 && self.choices.iter().filter(|c| c.correct).count() == 1
    }
}

/// A problem in a deck file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; a problem with the whole file (unreadable, not UTF-8) is on line 1, so that
    /// `file:line` still opens in an editor.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The topic of each deck file, with its display title.
#[derive(Clone, Debug)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub origin: Origin,
}

#[derive(Default, Debug)]
pub struct Deck {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_concept: HashMap<String, Vec<usize>>,
    pub topics: Vec<Topic>,
    /// Problems met while loading; the entries they concern are kept when still usable.
    pub problems: Vec<Problem>,
}

/// Sections an entry may have, by lowercase name.
pub const SECTIONS: &[&str] =
    &["asked as", "short answer", "answer", "key points", "example", "follow-ups", "common mistakes", "quiz"];
const REQUIRED: &[&str] = &["short answer", "answer", "example", "follow-ups", "common mistakes"];

impl Deck {
    /// The built-in deck alone.
    pub fn builtin() -> Deck {
        let mut deck = Deck::default();
        for (name, text) in crate::concepts::engine::builtin_deck_files() {
            deck.add_file(Origin::Builtin(name.to_string()), text);
        }
        deck.index();
        deck
    }

    /// The built-in deck, parsed once per process and shared.
    pub fn shared_builtin() -> std::sync::Arc<Deck> {
        static BUILTIN: std::sync::OnceLock<std::sync::Arc<Deck>> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| std::sync::Arc::new(Deck::builtin())).clone()
    }

    /// The built-in deck extended (and overridden by id) by user deck files and directories.
    /// Unreadable paths become problems; the rest still loads.
    pub fn load(user_paths: &[PathBuf]) -> Deck {
        let mut deck = Deck::default();
        for (name, text) in crate::concepts::engine::builtin_deck_files() {
            deck.add_file(Origin::Builtin(name.to_string()), text);
        }
        for path in expand_paths(user_paths, &mut deck.problems) {
            match read_deck_file(&path) {
                Ok(text) => deck.add_file(Origin::File(path), &text),
                Err(message) => deck.problems.push(Problem { file: path.display().to_string(), line: 1, message }),
            }
        }
        deck.index();
        deck
    }

    /// The built-in deck extended by the user's own deck paths (trusted, as for [`Deck::load`])
    /// and by decks that come with a repository (`.interview-prep/deck/`, a project config's
    /// `deck-paths`): those are anyone's files, so each must lie inside its workspace folder,
    /// and together they may hold at most [`WORKSPACE_DECK_BUDGET`] bytes.
    pub fn load_with_workspace(user_paths: &[PathBuf], workspace: &[WorkspaceDeck]) -> Deck {
        let mut deck = Deck::default();
        for (name, text) in crate::concepts::engine::builtin_deck_files() {
            deck.add_file(Origin::Builtin(name.to_string()), text);
        }
        for path in expand_paths(user_paths, &mut deck.problems) {
            match read_deck_file(&path) {
                Ok(text) => deck.add_file(Origin::File(path), &text),
                Err(message) => deck.problems.push(Problem { file: path.display().to_string(), line: 1, message }),
            }
        }
        let mut left = WORKSPACE_DECK_BUDGET;
        for w in workspace {
            let shown = w.path.display().to_string();
            let inside = std::fs::canonicalize(&w.path)
                .ok()
                .zip(std::fs::canonicalize(&w.root).ok())
                .is_some_and(|(path, root)| path.starts_with(root));
            if !inside {
                deck.problems.push(Problem {
                    file: shown,
                    line: 1,
                    message: "not read: a project's deck paths must lie inside its workspace folder".into(),
                });
                continue;
            }
            for path in expand_paths(std::slice::from_ref(&w.path), &mut deck.problems) {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                if size > left {
                    deck.problems.push(Problem {
                        file: path.display().to_string(),
                        line: 1,
                        message: format!(
                            "not read: the workspace's decks may hold {} MB in all",
                            WORKSPACE_DECK_BUDGET / (1024 * 1024)
                        ),
                    });
                    continue;
                }
                match crate::fsutil::read_bounded(&path, left)
                    .map_err(|e| format!("cannot read deck file: {e}"))
                    .and_then(|b| String::from_utf8(b).map_err(|_| "cannot read deck file: not valid UTF-8".into()))
                {
                    Ok(text) => {
                        left = left.saturating_sub(text.len() as u64);
                        deck.add_file(Origin::File(path), &text);
                    }
                    Err(message) => deck.problems.push(Problem { file: path.display().to_string(), line: 1, message }),
                }
            }
        }
        deck.index();
        deck
    }

    /// Parses only these files (for `deck lint PATH...`).
    pub fn from_files(paths: &[PathBuf]) -> Deck {
        let mut deck = Deck::default();
        for path in expand_paths(paths, &mut deck.problems) {
            match read_deck_file(&path) {
                Ok(text) => deck.add_file(Origin::File(path), &text),
                Err(message) => deck.problems.push(Problem { file: path.display().to_string(), line: 1, message }),
            }
        }
        deck.index();
        deck
    }

    pub fn from_text(origin: Origin, text: &str) -> Deck {
        let mut deck = Deck::default();
        deck.add_file(origin, text);
        deck.index();
        deck
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Every entry that lists the concept, primary first.
    pub fn for_concept(&self, id: &str) -> Vec<&Entry> {
        self.by_concept.get(id).map(|v| v.iter().map(|&i| &self.entries[i]).collect()).unwrap_or_default()
    }

    /// The entry a finding of this concept links to: the first entry whose concept list starts
    /// with it, else the first that lists it.
    pub fn primary(&self, id: &str) -> Option<&Entry> {
        self.for_concept(id).into_iter().next()
    }

    pub fn topic_title(&self, topic: &str) -> Option<&str> {
        self.topics.iter().find(|t| t.id == topic).map(|t| t.title.as_str())
    }

    fn add_file(&mut self, origin: Origin, text: &str) {
        let problems_before = self.problems.len();
        let found = self.add_file_entries(origin.clone(), text);
        // A broken or hostile file can have a problem per line: keep the first ones and a count.
        if found > MAX_PROBLEMS_PER_FILE {
            self.problems.truncate(problems_before + MAX_PROBLEMS_PER_FILE);
            self.problems.push(Problem {
                file: origin.display(),
                line: 1,
                message: format!("{} more problems in this file", found - MAX_PROBLEMS_PER_FILE),
            });
        }
    }

    /// Adds a file's entries; returns how many problems it has (some may not be kept).
    fn add_file_entries(&mut self, origin: Origin, text: &str) -> usize {
        let file = origin.display();
        let topic = origin.topic();
        let problems_before = self.problems.len();
        // Problems past the cap are only counted (see `add_file`): a hostile file does not get to
        // fill memory with them.
        let problem = |problems: &mut Vec<Problem>, p: Problem| {
            if problems.len() - problems_before <= MAX_PROBLEMS_PER_FILE {
                problems.push(p);
            }
        };
        let mut counted = 0;
        let raw = parse_entries(text, |raw_entry| {
            let mut found = Vec::new();
            let built = build_entry(raw_entry, &origin, &topic, &mut found);
            counted += found.len();
            for p in found {
                problem(&mut self.problems, p);
            }
            let Some(entry) = built else { return };
            match self.by_id.get(&entry.id).copied() {
                // A user deck replaces a built-in entry in place.
                Some(i)
                    if matches!(self.entries[i].origin, Origin::Builtin(_))
                        && !matches!(origin, Origin::Builtin(_)) =>
                {
                    self.entries[i] = entry;
                }
                Some(i) => {
                    let first = &self.entries[i];
                    counted += 1;
                    let message =
                        format!("duplicate id `{}` (first at {}:{})", entry.id, first.origin.display(), first.line);
                    problem(&mut self.problems, Problem { file: file.clone(), line: entry.line, message });
                }
                None => {
                    self.by_id.insert(entry.id.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        });
        if raw.title.is_none() {
            counted += 1;
            self.problems.push(Problem {
                file: file.clone(),
                line: 1,
                message: "a deck file starts with a `# Title` heading".into(),
            });
        }
        self.topics.retain(|t| t.id != topic);
        self.topics.push(Topic {
            id: topic.clone(),
            title: raw.title.clone().unwrap_or_else(|| topic.clone()),
            origin: origin.clone(),
        });
        counted
    }

    fn index(&mut self) {
        self.by_id = self.entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let mut by_concept: HashMap<String, Vec<usize>> = HashMap::new();
        // Entries that lead with a concept come first, in deck order; then the others.
        for lead in [true, false] {
            for (i, e) in self.entries.iter().enumerate() {
                for (k, c) in e.concepts.iter().enumerate() {
                    if (k == 0) == lead {
                        by_concept.entry(c.clone()).or_default().push(i);
                    }
                }
            }
        }
        self.by_concept = by_concept;
    }
}

fn build_entry(raw: RawEntry, origin: &Origin, topic: &str, problems: &mut Vec<Problem>) -> Option<Entry> {
    let file = origin.display();
    let mut problem = |line: usize, message: String| problems.push(Problem { file: file.clone(), line, message });
    let meta = |key: &str| raw.meta.iter().find(|(k, _, _)| k == key);

    let Some((_, id, id_line)) = meta("id") else {
        problem(raw.line, format!("entry `{}` has no `id: ...` in its metadata line; it is skipped", raw.question));
        return None;
    };
    if !is_kebab(id) {
        problem(*id_line, format!("id `{id}` must be lowercase letters, digits and `-`"));
    }
    if raw.question.is_empty() {
        problem(raw.line, "the `##` heading (the question) is empty".into());
    }
    let level = match meta("level") {
        Some((_, l, line)) => parse_level(l).unwrap_or_else(|| {
            problem(*line, format!("level `{l}` must be basic, intermediate or advanced"));
            Level::Intermediate
        }),
        None => {
            problem(raw.line, "metadata line has no `level: ...`".into());
            Level::Intermediate
        }
    };
    let mut concepts = Vec::new();
    if let Some((_, list, line)) = meta("concepts") {
        for c in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            if concept(c).is_none() {
                problem(*line, format!("unknown concept `{c}` (see `interview-prep concepts`)"));
            } else {
                concepts.push(c.to_string());
            }
        }
    }
    for (k, _, line) in &raw.meta {
        if !matches!(k.as_str(), "id" | "level" | "concepts") {
            problem(*line, format!("unknown metadata key `{k}`"));
        }
    }
    let mut seen = Vec::new();
    for s in &raw.sections {
        let name = s.name.to_lowercase();
        if !SECTIONS.contains(&name.as_str()) {
            problem(s.line, format!("unknown section `### {}` (expected one of: {})", s.name, SECTIONS.join(", ")));
        } else if seen.contains(&name) {
            problem(s.line, format!("section `### {}` appears twice", s.name));
        }
        seen.push(name);
    }
    let section = |name: &str| raw.sections.iter().find(|s| s.name.eq_ignore_ascii_case(name));
    for name in REQUIRED {
        match section(name) {
            None => problem(raw.line, format!("entry `{id}` has no `### {}` section", title_case(name))),
            Some(s) if s.markdown.is_empty() => problem(s.line, format!("section `### {}` is empty", s.name)),
            _ => {}
        }
    }
    let items =
        |name: &str| section(name).map(|s| s.items.iter().map(|i| i.0.clone()).collect::<Vec<_>>()).unwrap_or_default();
    let examples: Vec<Example> = section("example")
        .map(|s| s.code.iter().map(|(e, line)| Example { line: *line, ..e.clone() }).collect())
        .unwrap_or_default();
    let choices = section("quiz").map(|s| s.choices()).unwrap_or_default();
    let mut key_points = Vec::new();
    if let Some(s) = section("key points") {
        for (text, _, line) in &s.items {
            match KeyPoint::parse(text) {
                Ok(k) => key_points.push(k),
                Err(message) => problem(*line, message),
            }
        }
    }
    Some(Entry {
        id: id.clone(),
        topic: topic.to_string(),
        question: raw.question.clone(),
        asked: items("asked as"),
        concepts,
        level,
        short: section("short answer").map(|s| s.markdown.clone()).unwrap_or_default(),
        answer: section("answer").map(|s| s.markdown.clone()).unwrap_or_default(),
        examples,
        followups: items("follow-ups"),
        mistakes: items("common mistakes"),
        choices,
        key_points,
        origin: origin.clone(),
        line: raw.line,
    })
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Files named directly, and the `*.md` files of directories (sorted).
/// Deck files are Markdown written by hand: a larger file is not one.
const MAX_DECK_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a user deck file without blocking on a FIFO (the server's deck load included) and
/// without reading an oversized file at all.
fn read_deck_file(path: &Path) -> Result<String, String> {
    let bytes = crate::fsutil::read_bounded(path, MAX_DECK_BYTES).map_err(|e| format!("cannot read deck file: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "cannot read deck file: not valid UTF-8".into())
}

fn expand_paths(paths: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(rd) => {
                    let mut files: Vec<PathBuf> = rd
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
                        .collect();
                    files.sort();
                    out.extend(files);
                }
                Err(e) => problems.push(Problem {
                    file: path.display().to_string(),
                    line: 1,
                    message: format!("cannot read deck directory: {e}"),
                }),
            }
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// How many bytes of decks a workspace's files may bring in all. The built-in deck is about
/// 1.3 MB; a repository that brings more is not a deck.
pub const WORKSPACE_DECK_BUDGET: u64 = 4 * 1024 * 1024;

/// A deck file or directory that comes with a workspace, and the folder it must stay inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceDeck {
    pub root: PathBuf,
    pub path: PathBuf,
}

/// Problems kept per deck file; the rest are counted in one more.
pub const MAX_PROBLEMS_PER_FILE: usize = 1000;

/// The user deck locations of a workspace: `.interview-prep/deck/` when it exists.
pub fn workspace_deck_dir(root: &Path) -> Option<PathBuf> {
    let dir = root.join(".interview-prep").join("deck");
    dir.is_dir().then_some(dir)
}

/// The concepts of the catalog with no entry in this deck.
pub fn concepts_without_entries(deck: &Deck) -> Vec<ConceptId> {
    catalog().ids().filter(|id| deck.primary(id.name()).is_none()).collect()
}

/// `deck export --format json`.
#[derive(Serialize)]
pub struct Export<'a> {
    pub entries: Vec<ExportEntry<'a>>,
}

#[derive(Serialize)]
pub struct ExportEntry<'a> {
    pub id: &'a str,
    pub topic: &'a str,
    pub question: &'a str,
    pub asked: &'a [String],
    pub concepts: &'a [String],
    pub level: Level,
    pub short: &'a str,
    pub answer: &'a str,
    pub examples: Vec<&'a str>,
    pub followups: &'a [String],
    pub mistakes: &'a [String],
    pub choices: &'a [Choice],
    pub key_points: &'a [KeyPoint],
    pub file: String,
    pub line: usize,
}

impl Deck {
    pub fn export(&self) -> Export<'_> {
        Export {
            entries: self
                .entries
                .iter()
                .map(|e| ExportEntry {
                    id: &e.id,
                    topic: &e.topic,
                    question: &e.question,
                    asked: &e.asked,
                    concepts: &e.concepts,
                    level: e.level,
                    short: &e.short,
                    answer: &e.answer,
                    examples: e.examples.iter().map(|x| x.code.as_str()).collect(),
                    followups: &e.followups,
                    mistakes: &e.mistakes,
                    choices: &e.choices,
                    key_points: &e.key_points,
                    file: e.origin.display(),
                    line: e.line,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_md(id: &str, concepts: &str) -> String {
        format!(
            "## Q {id}?\n\n`id: {id}` · `level: basic` · `concepts: {concepts}`\n\n### Short answer\nShort.\n\n### Answer\nLong.\n\n\
### Example\n```python\nx = 1\n```\n\n### Follow-ups\n- Next?\n\n### Common mistakes\n- Oops.\n\n"
        )
    }

    #[test]
    fn primary_entry_prefers_the_entry_that_leads_with_the_concept() {
        let text = format!("# T\n\n{}{}", entry_md("a", "decorator, lambda"), entry_md("b", "lambda"));
        let deck = Deck::from_text(Origin::Builtin("t.md".into()), &text);
        assert!(deck.problems.is_empty(), "{:?}", deck.problems);
        assert_eq!(deck.primary("lambda").unwrap().id, "b");
        assert_eq!(deck.for_concept("lambda").len(), 2);
        assert_eq!(deck.primary("decorator").unwrap().id, "a");
    }

    #[test]
    fn malformed_entries_are_reported_with_lines_and_valid_ones_kept() {
        let text = format!("# T\n\n## No id here?\n\nJust text.\n\n{}## Bad?\n\n`id: Bad_Id` · `level: expert` · `concepts: nope`\n\n### Weird\nx\n", entry_md("good", ""));
        let deck = Deck::from_text(Origin::File("t.md".into()), &text);
        assert!(deck.get("good").is_some());
        let msgs: Vec<String> = deck.problems.iter().map(|p| p.to_string()).collect();
        assert!(msgs.iter().any(|m| m.starts_with("t.md:3:") && m.contains("no `id")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("Bad_Id")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("level `expert`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("unknown concept `nope`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("unknown section `### Weird`")), "{msgs:?}");
    }

    #[test]
    fn user_entries_override_builtin_ones_by_id() {
        let builtin = Deck::builtin();
        let Some(first) = builtin.entries().first() else { return };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.md");
        std::fs::write(&path, format!("# Mine\n\n{}", entry_md(&first.id, ""))).unwrap();
        let deck = Deck::load(&[dir.path().to_path_buf()]);
        assert_eq!(deck.get(&first.id).unwrap().origin, Origin::File(path));
        assert_eq!(deck.entries().len(), builtin.entries().len());
    }
}
