//! The command line: `serve`, `check`, `concepts`, `explain`, `deck lint|export`, and the study
//! commands `quiz`, `scan`, `progress` (in `study.rs`). Every command is
//! a thin layer over the same library functions the language server uses.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{check_paths, message};
use crate::concepts::{catalog, concept, implemented_concepts};
use crate::deck::{lint::lint, Deck, Entry};

#[derive(Parser)]
#[command(
    name = "interview-prep",
    version,
    about = "Finds interview concepts in Python code and links them to the questions about them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Speak the Language Server Protocol on stdin/stdout.
    Serve,
    /// Report the interview concepts in Python files and directories.
    Check {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Files and directories (directories are walked for *.py, honouring .gitignore).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List the concept catalog.
    Concepts {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show the Q&A for a deck entry id or a concept id.
    Explain {
        id: String,
        /// Extra deck files or directories.
        #[arg(long = "deck")]
        decks: Vec<PathBuf>,
    },
    /// Quiz yourself on the concepts of your code (default: the current directory), due cards
    /// (--due) or a topic (--topic). Reads one reply per line, so it also runs from a pipe.
    Quiz {
        /// Files and directories whose concepts to ask about.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum)]
        mode: Option<crate::study::QuizMode>,
        /// How many questions (default 10).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1000))]
        count: Option<u32>,
        /// A mock interview on a topic: python, django, http, databases, docker, system design, behavioural...
        #[arg(long, conflicts_with = "due")]
        topic: Option<String>,
        /// Only cards that are due.
        #[arg(long)]
        due: bool,
        #[command(flatten)]
        study: crate::study::StudyArgs,
    },
    /// A timed mock interview on a repository's own code (default: the current directory): a
    /// warm-up on its stack, then questions on the concepts and pitfalls it shows, each with a
    /// follow-up, answered in your own words; ends with a report. Runs from a pipe too.
    Mock {
        dir: Option<PathBuf>,
        /// How long the interview lasts.
        #[arg(long, default_value_t = crate::quiz::mock::DEFAULT_MINUTES, value_parser = clap::value_parser!(u32).range(1..=240))]
        minutes: u32,
        #[command(flatten)]
        study: crate::study::StudyArgs,
    },
    /// A study plan for a repository: the concepts it uses and what to study first.
    Scan {
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: crate::study::OutputFormat,
        #[command(flatten)]
        study: crate::study::StudyArgs,
    },
    /// Your progress: mastery per topic, the 7-day due forecast, the streak; export, import, optimize.
    Progress {
        #[command(subcommand)]
        command: Option<crate::study::ProgressCommand>,
        #[arg(long, value_enum, default_value = "text")]
        format: crate::study::OutputFormat,
        /// Write a self-contained HTML report with charts to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        #[command(flatten)]
        study: crate::study::StudyArgs,
    },
    /// Work with Q&A decks.
    Deck {
        #[command(subcommand)]
        command: DeckCommand,
    },
    /// Developer tools (not part of the stable interface).
    #[command(hide = true)]
    Debug {
        #[command(subcommand)]
        command: DebugCommand,
    },
}

#[derive(Subcommand)]
enum DeckCommand {
    /// Check deck files (the built-in deck when no path is given); prints `file:line: message`.
    Lint { paths: Vec<PathBuf> },
    /// Print the deck (built-in plus --deck paths) in a machine-readable form.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        #[arg(long = "deck")]
        decks: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum DebugCommand {
    /// Parse every Python file under the paths and print nothing but totals: the parse floor.
    Parse { paths: Vec<PathBuf> },
    /// Count what an editor would mark in every Python file under the paths (JSON totals):
    /// lines, findings, marks, pitfall marks.
    Marks { paths: Vec<PathBuf> },
    /// Grade a labelled answer set (tests/answers/answers.tsv) and print the grader's per-point
    /// precision and recall; `--misses` lists every disagreement with the reader.
    Grade {
        set: PathBuf,
        #[arg(long)]
        misses: bool,
        /// Only the entries of one half: `dev` (phrases are tuned on it) or `held-out`.
        #[arg(long, value_parser = ["dev", "held-out"])]
        split: Option<String>,
        /// Grade against the deck files in DIR (as edited) instead of the built-in deck.
        #[arg(long, value_name = "DIR")]
        deck_dir: Option<PathBuf>,
    },
    /// Print a file's syntax tree.
    Tree { path: PathBuf },
    /// Regenerate the per-concept table of docs/concepts.md from the catalog and the fixtures.
    ConceptsDoc {
        /// The doc to update in place (its generated block); prints the table when absent.
        #[arg(long)]
        write: Option<PathBuf>,
        /// The fixture directory (default: tests/concepts of this source tree).
        #[arg(long)]
        fixtures: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = err.print();
                return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { 2 } else { 0 };
            }
            // The first line, with the list clap puts under it ("...were not provided:" and
            // then `<PATHS>...` on the next line) folded in, so the line names what is wrong.
            let rendered = err.render().to_string();
            let mut lines = rendered.lines().filter(|l| !l.trim().is_empty());
            let mut message = lines.next().unwrap_or("error: bad usage").trim_end().to_string();
            if message.ends_with(':') {
                let listed: Vec<&str> = lines.take_while(|l| l.starts_with("  ")).map(str::trim).collect();
                if !listed.is_empty() {
                    message.push(' ');
                    message.push_str(&listed.join(", "));
                }
            }
            crate::warnln!("{message} (see `interview-prep --help`)");
            return 2;
        }
    };
    match run(cli.command) {
        Ok(code) => code,
        // `interview-prep progress | head`: the reader has all it wanted.
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            crate::warnln!("interview-prep: {err:#}");
            2
        }
    }
}

/// Whether an error is stdout closed by its reader, however it was wrapped (serde_json wraps
/// the `io::Error` of a JSON writer).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>().and_then(|e| e.io_error_kind()) == Some(io::ErrorKind::BrokenPipe)
    })
}

fn run(command: Command) -> anyhow::Result<i32> {
    if let Command::Serve = command {
        // Before anything locks stdout: the server writes it from its own threads.
        crate::lsp::serve();
    }
    let out = &mut crate::term::Clean::new(io::stdout().lock());
    match command {
        Command::Serve => unreachable!("handled above"),
        Command::Check { format, paths } => {
            let deck = Deck::builtin();
            let report = check_paths(&paths, &deck, &crate::settings::Settings::default())?;
            for w in &report.warnings {
                crate::warnln!("{w}");
            }
            let all: Vec<_> = report.files.iter().flat_map(|f| f.findings.iter()).collect();
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut *out, &all)?;
                    writeln!(out)?;
                }
                Format::Text => {
                    for f in &all {
                        writeln!(
                            out,
                            "{}:{}:{}: {} {}",
                            f.path,
                            f.line,
                            f.column,
                            f.concept,
                            concept_title(f.concept)
                        )?;
                    }
                    let files = report.files.len();
                    let distinct: std::collections::BTreeSet<&str> = all.iter().map(|f| f.concept).collect();
                    crate::warnln!(
                        "{} findings of {} concepts in {files} file{}",
                        all.len(),
                        distinct.len(),
                        if files == 1 { "" } else { "s" }
                    );
                }
            }
        }
        Command::Concepts { format } => {
            let implemented = implemented_concepts();
            match format {
                Format::Json => {
                    let rows: Vec<serde_json::Value> = catalog()
                        .concepts
                        .iter()
                        .map(|c| {
                            serde_json::json!({"id": c.id, "topic": c.topic, "kind": c.kind, "title": c.title,
                                "triggers": c.triggers, "detected": implemented.iter().any(|i| i.name() == c.id)})
                        })
                        .collect();
                    serde_json::to_writer_pretty(&mut *out, &rows)?;
                    writeln!(out)?;
                }
                Format::Text => {
                    let width = catalog().concepts.iter().map(|c| c.id.len()).max().unwrap_or(10);
                    writeln!(out, "{:width$}  {:7}  {:11}  TITLE", "ID", "KIND", "TOPIC")?;
                    for c in &catalog().concepts {
                        writeln!(out, "{:width$}  {:7}  {:11}  {}", c.id, c.kind.as_str(), c.topic, c.title)?;
                    }
                }
            }
        }
        Command::Explain { id, decks } => {
            let deck = Deck::load(&decks);
            return explain(out, &deck, &id);
        }
        Command::Quiz { paths, mode, count, topic, due, study } => {
            let opts = crate::study::QuizOptions { paths, mode, count: count.map(|c| c as usize), topic, due };
            return crate::study::quiz(opts, &study);
        }
        Command::Scan { dir, format, study } => return crate::study::scan(dir, format, &study),
        Command::Mock { dir, minutes, study } => {
            return crate::study::mock(crate::study::MockOptions { dir, minutes }, &study);
        }
        Command::Progress { command, format, html, study } => {
            return crate::study::progress(command, format, html, &study);
        }
        Command::Deck { command: DeckCommand::Lint { paths } } => {
            let deck = if paths.is_empty() { Deck::builtin() } else { Deck::from_files(&paths) };
            let problems = lint(&deck);
            for p in &problems {
                writeln!(out, "{p}")?;
            }
            let (giveaways, quizzes) = crate::deck::lint::longest_correct(&deck);
            crate::warnln!(
                "{} entries, {} problem{} · the true quiz statement is the longest in {giveaways} of {quizzes} quizzes ({:.0}%)",
                deck.entries().len(),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                if quizzes == 0 { 0.0 } else { giveaways as f64 * 100.0 / quizzes as f64 }
            );
            return Ok(if problems.is_empty() { 0 } else { 1 });
        }
        Command::Deck { command: DeckCommand::Export { format: ExportFormat::Json, decks } } => {
            let deck = Deck::load(&decks);
            for p in &deck.problems {
                crate::warnln!("{p}");
            }
            serde_json::to_writer_pretty(&mut *out, &deck.export())?;
            writeln!(out)?;
        }
        Command::Debug { command: DebugCommand::Grade { set, misses, split, deck_dir } } => {
            use crate::quiz::grade::Split;
            let split = match split.as_deref() {
                Some("dev") => Split::Dev,
                Some(_) => Split::HeldOut,
                None => Split::All,
            };
            let text =
                anyhow::Context::with_context(std::fs::read_to_string(&set), || format!("reading {}", set.display()))?;
            let deck = Deck::shared_builtin();
            let deck = match deck_dir {
                Some(dir) => {
                    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "md"))
                        .collect();
                    files.sort();
                    let d = Deck::from_files(&files);
                    for p in &d.problems {
                        crate::warnln!("{p}");
                    }
                    std::sync::Arc::new(d)
                }
                None => deck,
            };
            let ev = crate::quiz::grade::evaluate(&text, &deck, split);
            for p in &ev.problems {
                crate::warnln!("{}: {p}", set.display());
            }
            if misses {
                let by_id: std::collections::HashMap<&str, (&str, &str)> = text
                    .lines()
                    .filter_map(|l| {
                        let c: Vec<&str> = l.split('\t').collect();
                        (c.len() == 5).then(|| (c[1], (c[0], c[3])))
                    })
                    .collect();
                for (id, point, grader) in &ev.misses {
                    let Some((entry, answer)) = by_id.get(id.as_str()) else { continue };
                    let kp = deck.get(entry).and_then(|e| e.key_points.get(point - 1));
                    let _ = writeln!(
                        io::stdout(),
                        "{id} point {point}: grader {} · {}\n    point: {}\n    listen: {:?}\n    answer: {answer}",
                        if *grader { "HIT, reader not" } else { "missed, reader hit" },
                        kind_of(&text, id),
                        kp.map_or("", |k| k.text.as_str()),
                        kp.map(|k| k.listen_for())
                    );
                }
            }
            let _ = writeln!(
                io::stdout(),
                "{} answers to {} entries · {} key-point labels · precision {:.3} · recall {:.3}",
                ev.answers,
                ev.entries,
                ev.both + ev.grader_only + ev.reader_only + ev.neither,
                ev.precision(),
                ev.recall()
            );
            let _ = writeln!(
                io::stdout(),
                "grader and reader: both {} · grader only {} · reader only {} · neither {} · disagreements by kind {:?}",
                ev.both, ev.grader_only, ev.reader_only, ev.neither, ev.disagreements
            );
            return Ok(0);
        }
        Command::Debug { command: DebugCommand::Marks { paths } } => {
            use rayon::prelude::*;
            let files = crate::check::collect_files(&paths)?.files;
            let deck = Deck::shared_builtin();
            let configs = crate::config::Cache::default();
            let base = crate::settings::Settings::default();
            let per_file: Vec<(MarkTotals, Vec<&'static str>)> = files
                .par_iter()
                .filter_map(|p| {
                    let text = crate::check::read_source(p).ok()?;
                    let settings = crate::check::settings_for_file(&base, &configs, p);
                    let snap = crate::session::Snapshot::of_file(p, &text, settings, deck.clone())?;
                    let marks = crate::features::marks::marks(&snap);
                    let pitfalls = marks.iter().filter(|m| m.concept.kind() == crate::concepts::Kind::Pitfall).count();
                    let findings = snap.visible().count();
                    let ids = marks.iter().map(|m| m.concept.name()).collect();
                    Some(((text.lines().count(), findings, marks.len(), pitfalls), ids))
                })
                .collect();
            let mut by_concept: std::collections::BTreeMap<&str, usize> = Default::default();
            for id in per_file.iter().flat_map(|(_, ids)| ids) {
                *by_concept.entry(id).or_default() += 1;
            }
            let mut by_concept: Vec<(&str, usize)> = by_concept.into_iter().collect();
            by_concept.sort_by_key(|(id, n)| (std::cmp::Reverse(*n), *id));
            let per_file: Vec<MarkTotals> = per_file.into_iter().map(|(t, _)| t).collect();
            let sum = |f: fn(&MarkTotals) -> usize| per_file.iter().map(f).sum::<usize>();
            let (lines, findings, marks, pitfalls) = (sum(|t| t.0), sum(|t| t.1), sum(|t| t.2), sum(|t| t.3));
            let per100 = |n: usize| if lines == 0 { 0.0 } else { n as f64 * 100.0 / lines as f64 };
            let out_json = serde_json::json!({
                "files": per_file.len(), "lines": lines, "findings": findings, "marks": marks,
                "pitfall_marks": pitfalls, "findings_per_100_lines": per100(findings), "marks_per_100_lines": per100(marks),
                "marks_by_concept": by_concept.iter().map(|(id, n)| serde_json::json!([id, n])).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &out_json)?;
            writeln!(out)?;
        }
        Command::Debug { command: DebugCommand::Parse { paths } } => {
            use rayon::prelude::*;
            let files = crate::check::collect_files(&paths)?.files;
            let (bytes, nodes): (usize, usize) = files
                .par_iter()
                .filter_map(|p| crate::check::read_source(p).ok().map(|text| (p, text)))
                .map(|(p, text)| {
                    let lang = crate::check::language_of(p, &text);
                    let tree = crate::document::parse_as(lang.grammar(), &text);
                    (text.len(), tree.map_or(0, |t| t.root_node().descendant_count()))
                })
                .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            writeln!(out, "parsed {} files, {bytes} bytes, {nodes} nodes", files.len())?;
        }
        Command::Debug { command: DebugCommand::ConceptsDoc { write, fixtures } } => {
            use crate::concepts::fixtures::{concepts_table, fixture_dir, replace_generated};
            let table = concepts_table(&fixtures.unwrap_or_else(fixture_dir));
            match write {
                None => write!(out, "{table}")?,
                Some(doc) => {
                    let text = std::fs::read_to_string(&doc)?;
                    let updated = replace_generated(&text, &table)
                        .ok_or_else(|| anyhow::anyhow!("{}: no generated block markers", doc.display()))?;
                    std::fs::write(&doc, updated)?;
                }
            }
        }
        Command::Debug { command: DebugCommand::Tree { path } } => {
            let text = crate::check::read_source(&path).map_err(anyhow::Error::msg)?;
            // The file's own grammar (a Dockerfile, YAML or SQL file is not Python).
            let lang =
                crate::language::Lang::of_path(&path, || Some(text.clone())).unwrap_or(crate::language::Lang::Python);
            let tree =
                crate::document::parse_as(lang.grammar(), &text).ok_or_else(|| anyhow::anyhow!("could not parse"))?;
            writeln!(out, "{}", tree.root_node().to_sexp())?;
        }
    }
    Ok(0)
}

fn concept_title(id: &str) -> &'static str {
    concept(id).map_or("", |c| c.info().title)
}

fn explain(out: &mut impl Write, deck: &Deck, id: &str) -> anyhow::Result<i32> {
    if let Some(entry) = deck.get(id) {
        print_entry(out, entry)?;
        return Ok(0);
    }
    if let Some(c) = concept(id) {
        let info = c.info();
        writeln!(out, "{} ({}, {})\n", info.title, info.kind, info.topic)?;
        writeln!(out, "Found in code as: {}\n", info.triggers)?;
        let entries = deck.for_concept(id);
        match entries.split_first() {
            Some((first, rest)) => {
                print_entry(out, first)?;
                if !rest.is_empty() {
                    writeln!(out, "More questions on this:")?;
                    for e in rest {
                        writeln!(out, "  {}  {}", e.id, e.question)?;
                    }
                }
            }
            None => writeln!(out, "{}", message(id, deck))?,
        }
        return Ok(0);
    }
    crate::warnln!("interview-prep: no entry or concept `{id}` (see `interview-prep concepts`)");
    Ok(2)
}

fn print_entry(out: &mut impl Write, e: &Entry) -> io::Result<()> {
    writeln!(out, "{}\n{}\n", e.question, "=".repeat(e.question.chars().count().min(80)))?;
    writeln!(
        out,
        "[{}] {} · {}{}\n",
        e.id,
        e.topic,
        e.level.as_str(),
        if e.concepts.is_empty() { String::new() } else { format!(" · concepts: {}", e.concepts.join(", ")) }
    )?;
    writeln!(out, "In 30 seconds:\n{}\n", e.short)?;
    writeln!(out, "Answer:\n{}\n", e.answer)?;
    for x in &e.examples {
        writeln!(out, "Example ({}):\n{}", x.lang, x.code)?;
    }
    if !e.followups.is_empty() {
        writeln!(out, "Follow-ups:")?;
        for f in &e.followups {
            writeln!(out, "  - {f}")?;
        }
        writeln!(out)?;
    }
    if !e.mistakes.is_empty() {
        writeln!(out, "Common mistakes:")?;
        for m in &e.mistakes {
            writeln!(out, "  - {m}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[allow(dead_code)]
fn _exit_code_is_i32(_: ExitCode) {}

/// The kind column of answer `id` in a labelled set.
fn kind_of<'a>(set: &'a str, id: &str) -> &'a str {
    set.lines().find_map(|l| l.split('\t').nth(1).filter(|x| *x == id).and(l.split('\t').nth(2))).unwrap_or("")
}

/// One file's lines, visible findings, marks and pitfall marks (`debug marks`).
type MarkTotals = (usize, usize, usize, usize);
