//! `interview-prep scan`: a study plan for a whole repository. Which concepts the code uses (how
//! often, in how many files, example places), which of them the user has never reviewed, is due
//! on or weak at, and the entries to study first. Scanning also records the concepts as seen in
//! the user's code, which interview-date mode plans for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{CodeLine, Found};
use std::sync::Arc;

use crate::check::{collect_files, project_index, read_source, settings_for_file, CheckError};
use crate::concepts::project::ProjectIndex;
use crate::concepts::{concept, Kind};
use crate::config;
use crate::deck::Deck;
use crate::position::{Encoding, LineIndex};
use crate::progress::summary::{Knowledge, Status};
use crate::session::visible_findings;
use crate::settings::Settings;

/// The concepts of one file: id → (findings, first place).
#[derive(Clone, Debug)]
pub struct FileConcepts {
    /// As given on the command line (relative when the argument was).
    pub shown: String,
    /// Absolute, as the store records files.
    pub absolute: String,
    pub concepts: Vec<(String, u32, CodeLine)>,
}

/// Analyses every Python file under `paths` in parallel; `tick` is called once per file (for a
/// progress bar). Unreadable files become warnings. Each file's concepts are the visible ones:
/// `settings` with the file's project configuration over them.
pub fn analyse(
    paths: &[PathBuf],
    tick: &(dyn Fn() + Sync),
    settings: &Settings,
) -> Result<(Vec<FileConcepts>, Vec<String>), CheckError> {
    let listing = collect_files(paths)?;
    let (found, mut warnings) = analyse_files(&listing.files, tick, settings)?;
    warnings.splice(0..0, listing.warnings);
    Ok((found, warnings))
}

/// [`analyse`] for files already listed. Problems of the project config files met come first
/// among the warnings.
pub fn analyse_files(
    files: &[PathBuf],
    tick: &(dyn Fn() + Sync),
    settings: &Settings,
) -> Result<(Vec<FileConcepts>, Vec<String>), CheckError> {
    let configs = config::Cache::default();
    let index = project_index(files);
    let results: Vec<Result<FileConcepts, String>> = files
        .par_iter()
        .map(|path| {
            let r = file_concepts(path, &settings_for_file(settings, &configs, path), &index);
            tick();
            r
        })
        .collect();
    let mut out = Vec::new();
    let mut warnings = configs.warning_lines();
    for r in results {
        match r {
            Ok(f) => out.push(f),
            Err(w) => warnings.push(w),
        }
    }
    Ok((out, warnings))
}

/// The concepts of one file, analysed with the model index of its project.
pub fn file_concepts(path: &Path, settings: &Settings, index: &Arc<ProjectIndex>) -> Result<FileConcepts, String> {
    let text = read_source(path)?;
    let findings = crate::check::analyse_text(path, &text, index)?;
    let index = LineIndex::new(&text);
    let shown = path.display().to_string();
    let shown = shown.strip_prefix("./").map(str::to_string).unwrap_or(shown);
    let mut concepts: Vec<(String, u32, CodeLine)> = Vec::new();
    for f in visible_findings(&findings, settings) {
        match concepts.iter_mut().find(|(c, ..)| c == f.id()) {
            Some(slot) => slot.1 += 1,
            None => {
                let lc = index.line_col(&text, f.range.start, Encoding::Utf32);
                let line = CodeLine {
                    file: shown.clone(),
                    line: lc.line + 1,
                    text: index.line_text(&text, lc.line as usize).trim().to_string(),
                };
                concepts.push((f.id().to_string(), 1, line));
            }
        }
    }
    Ok(FileConcepts { absolute: absolute(path), shown, concepts })
}

/// The path as the store records it: absolute and canonical when the file exists.
pub fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The concepts of a set of files, in order of first appearance, for a quiz.
pub fn found(files: &[FileConcepts]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for f in files {
        for (c, _, at) in &f.concepts {
            if !out.iter().any(|x| &x.concept == c) {
                out.push(Found { concept: c.clone(), at: Some(at.clone()), file: Some(f.absolute.clone()) });
            }
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct Plan {
    pub files: usize,
    pub findings: u32,
    pub concepts: Vec<ConceptUse>,
    pub study_first: Vec<StudyItem>,
}

#[derive(Debug, Serialize)]
pub struct ConceptUse {
    pub concept: String,
    pub title: String,
    pub kind: Kind,
    pub topic: String,
    pub count: u32,
    pub files: usize,
    /// Up to three places, one per file.
    pub examples: Vec<CodeLine>,
    /// The entry its findings link to, if the deck has one.
    pub entry: Option<String>,
    pub status: Option<Status>,
    /// Probability of recalling the entry now, if ever reviewed.
    pub recall: Option<f32>,
}

#[derive(Debug, Serialize)]
pub struct StudyItem {
    pub entry: String,
    pub question: String,
    pub concept: String,
    pub reason: String,
}

/// How many entries "study first" lists.
pub const STUDY_FIRST: usize = 10;

pub fn plan(files: &[FileConcepts], deck: &Deck, k: &Knowledge) -> Plan {
    let mut by_concept: BTreeMap<&str, (u32, Vec<&CodeLine>)> = BTreeMap::new();
    let mut findings = 0;
    for f in files {
        for (c, n, at) in &f.concepts {
            let slot = by_concept.entry(c.as_str()).or_default();
            slot.0 += n;
            slot.1.push(at);
            findings += n;
        }
    }
    let mut concepts: Vec<ConceptUse> = by_concept
        .into_iter()
        .map(|(id, (count, places))| {
            let info = concept(id).map(|c| c.info());
            let entry = deck.primary(id);
            ConceptUse {
                concept: id.to_string(),
                title: info.map_or(id, |i| i.title).to_string(),
                kind: info.map_or(Kind::Concept, |i| i.kind),
                topic: info.map_or("", |i| i.topic).to_string(),
                count,
                files: places.len(),
                examples: places.iter().take(3).map(|p| (*p).clone()).collect(),
                entry: entry.map(|e| e.id.clone()),
                status: entry.map(|e| k.status(&e.id)),
                recall: entry.and_then(|e| k.recall(&e.id)).map(|r| (r * 100.0).round() / 100.0),
            }
        })
        .collect();
    concepts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.concept.cmp(&b.concept)));
    // Study first: what an interviewer reading this code would ask and you could not answer —
    // pitfalls never reviewed, then due, weak, and other never-reviewed concepts.
    let rank = |c: &ConceptUse| match (c.status, c.kind) {
        (Some(Status::New), Kind::Pitfall) => 0,
        (Some(Status::Due), _) => 1,
        (Some(Status::Weak), _) => 2,
        (Some(Status::New), Kind::Concept) => 3,
        _ => 9,
    };
    let mut order: Vec<&ConceptUse> = concepts.iter().filter(|c| rank(c) < 9).collect();
    // Within a rank, the quiz's order: the most interview-relevant first, then the most used.
    order.sort_by_key(|c| {
        (rank(c), std::cmp::Reverse(super::select::relevance(&c.concept)), std::cmp::Reverse(c.count))
    });
    let study_first = order
        .into_iter()
        .take(STUDY_FIRST)
        .filter_map(|c| {
            let e = deck.get(c.entry.as_deref()?)?;
            let status = c.status.map_or("", |s| s.label());
            let kind = if c.kind == Kind::Pitfall { "pitfall, " } else { "" };
            Some(StudyItem {
                entry: e.id.clone(),
                question: e.question.clone(),
                concept: c.concept.clone(),
                reason: format!(
                    "{kind}{status}, used {}× in {} file{}",
                    c.count,
                    c.files,
                    if c.files == 1 { "" } else { "s" }
                ),
            })
        })
        .collect();
    Plan { files: files.len(), findings, concepts, study_first }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Mode, NewReview, Rating, Scheduler, Store};

    #[test]
    fn plan_counts_uses_and_puts_unreviewed_pitfalls_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.py"), "def f(x=[]):\n    yield x\n\ndef g():\n    yield 1\n").unwrap();
        std::fs::write(dir.path().join("b.py"), "def h():\n    yield 2\n").unwrap();
        let (files, warnings) = analyse(&[dir.path().to_path_buf()], &|| {}, &Settings::default()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(files.len(), 2);
        let deck = Deck::builtin();
        let store = Store::in_memory();
        let gen = deck.primary("generator-function").unwrap().id.clone();
        let now = 1_795_000_000;
        let r = NewReview {
            entry: gen.clone(),
            rating: Rating::Again,
            at: now - 3 * 86_400,
            mode: Mode::Flashcard,
            file: None,
            concept: None,
            duration_ms: None,
            answer: None,
        };
        store.record(&r, &Scheduler::default_params()).unwrap();
        let k = Knowledge::load(&store, Scheduler::default_params(), now).unwrap();
        let plan = plan(&files, &deck, &k);
        let g = plan.concepts.iter().find(|c| c.concept == "generator-function").unwrap();
        assert_eq!((g.files, g.status), (2, Some(Status::Due)));
        assert!(g.count >= 3);
        assert_eq!(g.examples[0].line, 1);
        assert_eq!(plan.study_first[0].concept, "mutable-default-argument");
        assert!(plan.study_first[0].reason.starts_with("pitfall, never reviewed"), "{}", plan.study_first[0].reason);
        assert_eq!(plan.study_first[1].entry, gen);
        let qs = found(&files);
        assert_eq!(qs[0].at.as_ref().unwrap().line, 1);
        assert!(qs[0].file.as_ref().unwrap().starts_with('/'));
    }
}
