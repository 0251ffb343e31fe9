//! What one request sees: a snapshot of a document at one version, with the settings that apply
//! to it, the deck, what the user knows and how positions are counted. It is built once per
//! request from the server's state (or by the CLI from a file) and handed to the plain functions
//! in `features`, which return plain data; nothing in it changes while they run.
//!
//! The visibility rule lives here too, once, for every surface: a finding is visible when the
//! settings that apply to its file (editor settings, the project's configuration over them) do
//! not turn its concept off. Suppression comments are applied earlier, by the analysis itself.

use std::path::PathBuf;
use std::sync::Arc;

use ropey::Rope;
use tree_sitter::Tree;

use crate::concepts::{Finding, Suppression};
use crate::deck::{Deck, Entry};
use crate::position::Encoding;
use crate::progress::summary::Knowledge;
use crate::settings::Settings;

/// The findings the settings let the user see, in position order.
pub fn visible_findings<'a>(findings: &'a [Finding], settings: &'a Settings) -> impl Iterator<Item = &'a Finding> + 'a {
    findings.iter().filter(|f| settings.shows(f.concept))
}

/// Whether a quiz may ask this entry: not when the settings hide the concept it is about (its
/// first concept). Entries about no concept (behavioural questions) are always asked.
pub fn entry_visible(entry: &Entry, settings: &Settings) -> bool {
    match entry.concepts.first().and_then(|c| crate::concepts::concept(c)) {
        Some(c) => settings.shows(c),
        None => true,
    }
}

/// One document as of one version, and everything a feature needs to answer about it.
#[derive(Clone)]
pub struct Snapshot {
    /// The file on disk, when the document is one.
    pub path: Option<PathBuf>,
    /// The path as the user knows it: relative to the workspace folder that holds it.
    pub shown: String,
    pub version: i32,
    /// What the document is: which rules ran and which quick fixes apply.
    pub lang: crate::language::Lang,
    pub rope: Rope,
    pub tree: Tree,
    /// Every finding of this version (suppressed ones already left out), in position order.
    pub findings: Arc<Vec<Finding>>,
    pub suppressions: Arc<Vec<Suppression>>,
    /// Editor settings with the file's project configuration over them.
    pub settings: Arc<Settings>,
    /// The project configuration file that governs the document, if any.
    pub config: Option<Arc<crate::config::Loaded>>,
    /// Where a new project configuration file would go: the workspace folder holding the file.
    pub workspace_root: Option<PathBuf>,
    pub deck: Arc<Deck>,
    /// What the user knows, when the progress store has been read (and `adaptive` is on).
    pub knowledge: Option<Arc<Knowledge>>,
    /// How the client counts columns.
    pub encoding: Encoding,
}

impl Snapshot {
    /// The findings the settings let the user see.
    pub fn visible(&self) -> impl Iterator<Item = &Finding> + '_ {
        visible_findings(&self.findings, &self.settings)
    }

    /// The visible findings that contain a byte offset, the most specific first.
    pub fn visible_at(&self, offset: usize) -> Vec<&Finding> {
        let mut here: Vec<&Finding> =
            self.visible().filter(|f| f.range.start <= offset && offset < f.range.end).collect();
        here.sort_by_key(|f| f.specificity());
        here
    }

    /// Byte offset of a line/column in this snapshot's encoding (clamped into the text).
    pub fn offset(&self, pos: crate::position::LineCol) -> usize {
        crate::position::rope_byte(&self.rope, pos, self.encoding)
    }

    /// The 1-based line of a byte offset and that line's text, trimmed.
    pub fn line_at(&self, byte: usize) -> (u32, String) {
        let line = self.rope.byte_to_line(byte.min(self.rope.len_bytes()));
        (line as u32 + 1, self.rope.line(line).to_string().trim().to_string())
    }
}

/// A path as the user knows it: relative to the first of `roots` that holds it.
pub fn shown_path(path: &std::path::Path, roots: &[PathBuf]) -> String {
    roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .map_or_else(|| path.display().to_string(), |p| p.display().to_string())
}

impl Snapshot {
    /// A snapshot of a file on disk, as the CLI sees it: no editor, no progress, UTF-32 columns.
    pub fn of_file(path: &std::path::Path, text: &str, settings: Settings, deck: Arc<Deck>) -> Option<Snapshot> {
        let lang = crate::check::language_of(path, text);
        let tree = crate::document::parse_as(lang.grammar(), text)?;
        let analysis = crate::concepts::analyze_as(lang, &tree, crate::text::Text::Str(text));
        Some(Snapshot {
            path: Some(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())),
            shown: path.display().to_string(),
            version: 0,
            lang,
            rope: Rope::from_str(text),
            tree,
            findings: Arc::new(analysis.findings),
            suppressions: Arc::new(analysis.suppressions),
            settings: Arc::new(settings),
            config: None,
            workspace_root: std::env::current_dir().ok(),
            deck,
            knowledge: None,
            encoding: Encoding::Utf32,
        })
    }
}
