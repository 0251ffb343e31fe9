//! `deck lint`: every rule of `docs/deck-format.md`, including the ones that need the parser and
//! the detector (Python examples parse; an entry's examples show the concepts it lists, for
//! every language the detector reads: Python, Dockerfile, Compose/Kubernetes/workflow YAML, SQL).

use std::collections::HashSet;

use super::{Deck, Entry, Problem};
use crate::concepts::{analyze_as, concept, concepts_of, implemented_concepts};
use crate::document::parse_as;
use crate::language::Lang;
use crate::quiz::grade::{heard_in, normalise};
use crate::text::Text;

/// Word limit of a short answer before lint complains (the format asks for about 60).
pub const SHORT_ANSWER_WORDS: usize = 70;

/// Every problem in the deck: those found while loading plus the per-entry rules.
pub fn lint(deck: &Deck) -> Vec<Problem> {
    let implemented: HashSet<&str> = implemented_concepts().into_iter().map(|c| c.name()).collect();
    let mut problems = deck.problems.clone();
    for entry in deck.entries() {
        lint_entry(entry, &implemented, &mut problems);
    }
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    problems
}

fn lint_entry(entry: &Entry, implemented: &HashSet<&str>, problems: &mut Vec<Problem>) {
    let file = entry.origin.display();
    let mut problem = |line: usize, message: String| problems.push(Problem { file: file.clone(), line, message });
    let words = entry.short.split_whitespace().count();
    if words > SHORT_ANSWER_WORDS {
        problem(
            entry.line,
            format!("short answer of `{}` has {words} words; keep it under {SHORT_ANSWER_WORDS}", entry.id),
        );
    }
    if !(1..=3).contains(&entry.followups.len()) && !entry.answer.is_empty() {
        problem(entry.line, format!("`{}` has {} follow-ups; give 1 to 3", entry.id, entry.followups.len()));
    }
    if !entry.choices.is_empty() && !entry.has_choices() {
        let correct = entry.choices.iter().filter(|c| c.correct).count();
        problem(
            entry.line,
            format!(
                "quiz of `{}` has {} statements with {correct} marked [x]; it needs 4 with exactly one",
                entry.id,
                entry.choices.len()
            ),
        );
    }
    if !entry.key_points.is_empty() && !(3..=6).contains(&entry.key_points.len()) {
        problem(entry.line, format!("`{}` has {} key points; give 3 to 6", entry.id, entry.key_points.len()));
    }
    lint_phrases(entry, &mut problem);
    if entry.examples.is_empty() {
        return;
    }
    let mut shown: HashSet<&'static str> = HashSet::new();
    // The languages of the examples: a listed concept must be shown when one of them can show it.
    let mut langs: Vec<Lang> = Vec::new();
    for example in &entry.examples {
        if example.lang.is_empty() {
            problem(example.line, "code block without a language (```python, ```sql, ```text...)".into());
            continue;
        }
        let Some(lang) = Lang::of_example(&example.lang, &example.code) else { continue };
        if !langs.contains(&lang) {
            langs.push(lang);
        }
        let Some(tree) = parse_as(lang.grammar(), &example.code) else { continue };
        if lang == Lang::Python && tree.root_node().has_error() {
            let line = first_error_line(&tree).map_or(example.line, |l| example.line + 1 + l);
            problem(line, format!("Python example of `{}` does not parse", entry.id));
            continue;
        }
        shown.extend(analyze_as(lang, &tree, Text::Str(&example.code)).findings.iter().map(|f| f.id()));
    }
    let showable: HashSet<&str> = langs.iter().flat_map(|l| concepts_of(*l)).map(|c| c.name()).collect();
    for c in &entry.concepts {
        if implemented.contains(c.as_str())
            && showable.contains(c.as_str())
            && concept(c).is_some()
            && !shown.contains(c.as_str())
        {
            let mut found: Vec<&str> = shown.iter().copied().collect();
            found.sort_unstable();
            problem(
                entry.examples[0].line,
                format!(
                    "the examples of `{}` do not show concept `{c}` (the detector finds: {})",
                    entry.id,
                    found.join(", ")
                ),
            );
        }
    }
}

/// Key-point phrases the grader cannot use: a term that normalises to no word is never heard,
/// and a `Listen for:` phrase that the question itself says is heard from anyone who repeats
/// the question. (A misconception after `Not:` may restate the question's claim: that is its
/// job.)
fn lint_phrases(entry: &Entry, problem: &mut impl FnMut(usize, String)) {
    for (n, point) in entry.key_points.iter().enumerate() {
        for (side, alternatives) in [("Listen for", point.listen_for()), ("Not", point.wrong_if())] {
            for alternative in alternatives {
                let at = format!("key point {} of `{}`: {side} `{}`", n + 1, entry.id, alternative.join(" + "));
                let no_word = |t: &&String| normalise(t).iter().all(|w| w == "." || w == ",");
                if let Some(empty) = alternative.iter().find(no_word) {
                    problem(entry.line, format!("{at}: `{empty}` is no word once normalised"));
                } else if side == "Listen for" && heard_in(&entry.question, alternative) {
                    problem(entry.line, format!("{at}: the question already says it"));
                }
            }
        }
    }
}

/// How many of the deck's multiple-choice quizzes have the true statement as their longest one
/// (a give-away), of how many quizzes in all.
pub fn longest_correct(deck: &Deck) -> (usize, usize) {
    let quizzes: Vec<&Entry> = deck.entries().iter().filter(|e| e.has_choices()).collect();
    let giveaways = quizzes
        .iter()
        .filter(|e| {
            let len = |c: &super::Choice| c.text.chars().count();
            let right = e.choices.iter().find(|c| c.correct).map_or(0, len);
            e.choices.iter().filter(|c| !c.correct).all(|c| len(c) < right)
        })
        .count();
    (giveaways, quizzes.len())
}

/// Zero-based row of the first ERROR or MISSING node.
fn first_error_line(tree: &tree_sitter::Tree) -> Option<usize> {
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            return Some(n.start_position().row);
        }
        if n.has_error() {
            let mut c = n.walk();
            let children: Vec<_> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Origin;

    #[test]
    fn examples_must_parse_and_show_their_concepts() {
        let text = "# T\n\n## Q?\n\n`id: q` · `level: basic` · `concepts: lambda, generator-function`\n\n### Short answer\nS.\n\n### Answer\nA.\n\n\
### Example\n```python\nsquare = lambda x: x * x\n```\n\n```python\ndef broken(:\n```\n\n### Follow-ups\n- F?\n\n### Common mistakes\n- M.\n\n\
### Quiz\n- [x] a\n- [x] b\n- [ ] c\n";
        let deck = Deck::from_text(Origin::File("t.md".into()), text);
        let problems: Vec<String> = lint(&deck).iter().map(|p| p.to_string()).collect();
        assert!(problems.iter().any(|p| p.starts_with("t.md:19:") && p.contains("does not parse")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("do not show concept `generator-function`")), "{problems:?}");
        assert!(!problems.iter().any(|p| p.contains("`lambda`")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("3 statements with 2 marked")), "{problems:?}");
    }
}

#[cfg(test)]
mod phrase_tests {
    use super::*;
    use crate::deck::Origin;

    #[test]
    fn phrases_that_say_nothing_or_only_repeat_the_question_are_reported() {
        let text = "# T\n\n## What does select_related do?\n\n`id: q` · `level: basic`\n\n### Short answer\nS.\n\n\
### Answer\nA.\n\n### Key points\n- It joins. Listen for: select_related; --; Select-related + join\n\
- It is one query. Listen for: one query. Not: what does select_related do; --\n- Fine. Listen for: join\n\n\
### Follow-ups\n- F?\n\n### Common mistakes\n- M.\n";
        let deck = Deck::from_text(Origin::File("t.md".into()), text);
        let problems: Vec<String> = lint(&deck).iter().map(|p| p.to_string()).collect();
        let about = |needle: &str| problems.iter().filter(|p| p.contains(needle)).count();
        assert_eq!(
            about("key point 1 of `q`: Listen for `select_related`: the question already says it"),
            1,
            "{problems:?}"
        );
        assert_eq!(about("Listen for `--`: `--` is no word once normalised"), 1, "{problems:?}");
        assert_eq!(about("key point 2 of `q`: Not `--`: `--` is no word once normalised"), 1, "{problems:?}");
        assert_eq!(about("key point 2 of `q`: Not `what does select_related do`"), 0, "{problems:?}");
        assert_eq!(about("`select-related + join`"), 0, "{problems:?}");
        assert_eq!(about("key point 3"), 0, "{problems:?}");
    }
}

/// The built-in deck, entry by entry: the one data-driven test over the whole deck.
#[cfg(test)]
mod builtin {
    use super::*;
    use crate::concepts::{catalog, Kind};
    use crate::deck::concepts_without_entries;

    #[test]
    fn lints_clean_with_examples_that_parse_and_show_their_concepts() {
        let deck = Deck::builtin();
        let problems: Vec<String> = lint(&deck).iter().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }

    #[test]
    fn every_entry_is_complete() {
        let deck = Deck::builtin();
        assert!(deck.entries().len() >= 200);
        let mut incomplete = Vec::new();
        for e in deck.entries() {
            let mut missing = Vec::new();
            if e.question.is_empty() {
                missing.push("question");
            }
            if e.short.is_empty() || e.short.split_whitespace().count() > SHORT_ANSWER_WORDS {
                missing.push("short answer (1-70 words)");
            }
            if e.answer.is_empty() {
                missing.push("answer");
            }
            if e.examples.is_empty() {
                missing.push("example");
            }
            if !(1..=3).contains(&e.followups.len()) {
                missing.push("1-3 follow-ups");
            }
            if e.mistakes.is_empty() {
                missing.push("common mistakes");
            }
            if !e.has_choices() {
                missing.push("four quiz statements, one correct");
            }
            if !(3..=6).contains(&e.key_points.len()) {
                missing.push("3-6 key points");
            }
            if !missing.is_empty() {
                incomplete.push(format!("{} ({}:{}): {}", e.id, e.origin.display(), e.line, missing.join(", ")));
            }
        }
        assert!(incomplete.is_empty(), "incomplete entries:\n{}", incomplete.join("\n"));
    }

    /// Examples marked ```` ```python run ```` are whole programs (live-coding solutions with their
    /// test cases, language demonstrations): each must run to completion under `python3`.
    #[test]
    fn runnable_examples_run() {
        let deck = Deck::builtin();
        let dir = tempfile::tempdir().unwrap();
        let mut failed = Vec::new();
        let mut ran = 0;
        for e in deck.entries() {
            for (i, x) in e.examples.iter().enumerate().filter(|(_, x)| x.run) {
                assert_eq!(
                    x.lang,
                    "python",
                    "{}:{}: only Python examples can be marked `run`",
                    e.origin.display(),
                    x.line
                );
                let path = dir.path().join(format!("{}-{i}.py", e.id));
                std::fs::write(&path, &x.code).unwrap();
                let out = std::process::Command::new("python3")
                    .arg("-I")
                    .arg(&path)
                    .current_dir(dir.path())
                    .output()
                    .expect("python3 runs the deck's runnable examples");
                ran += 1;
                if !out.status.success() {
                    failed.push(format!(
                        "{}:{} ({}): {}",
                        e.origin.display(),
                        x.line,
                        e.id,
                        String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")
                    ));
                }
            }
        }
        assert!(failed.is_empty(), "{} of {ran} runnable examples failed:\n{}", failed.len(), failed.join("\n"));
    }

    /// Multiple choice must not be guessable: the true statement is the longest of the four in
    /// at most 30% of the built-in quizzes.
    #[test]
    fn the_true_statement_is_rarely_the_longest() {
        let (giveaways, quizzes) = longest_correct(&Deck::builtin());
        assert!(quizzes >= 300);
        assert!(giveaways * 100 <= quizzes * 30, "{giveaways} of {quizzes} quizzes give the answer away by length");
    }

    /// Nothing the user reads speaks of where the deck came from.
    #[test]
    fn no_entry_speaks_of_its_source_material() {
        let deck = Deck::builtin();
        let banned = ["our seed", "seed text", "seed's", "seeds'", "seed dockerfile", "source material"];
        for (name, text) in crate::concepts::engine::builtin_deck_files() {
            let lower = text.to_lowercase();
            for b in banned {
                assert!(!lower.contains(b), "docs/deck/{name} mentions `{b}`");
            }
        }
        assert!(deck.entries().len() >= 330);
    }

    #[test]
    fn every_concept_has_an_entry_and_every_pitfall_leads_one() {
        let deck = Deck::builtin();
        let orphans: Vec<&str> = concepts_without_entries(&deck).iter().map(|c| c.name()).collect();
        assert!(orphans.is_empty(), "concepts without entries: {orphans:?}");
        for c in catalog().concepts.iter().filter(|c| c.kind == Kind::Pitfall) {
            let leads = deck.entries().iter().any(|e| e.concepts.first().map(String::as_str) == Some(c.id));
            assert!(leads, "pitfall {} has no entry of its own (listing it first)", c.id);
        }
    }
}
