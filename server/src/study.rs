//! The CLI's study commands — `quiz`, `scan` and `progress` — as thin layers over `quiz` and
//! `progress`: open the store, build the questions or the summary the language server would, and
//! print them. anyhow at this edge; the store's notices go to stderr once.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};

use crate::deck::Deck;
use crate::progress::exchange::{
    anki_notes, entries_to_export, optimize, read_reviews_csv, reviews_csv, write_unsaved,
};
use crate::progress::summary::{scheduler, seen_concepts, summarize, Knowledge, Status, Summary};
use crate::progress::{clock, data_dir, Mode, ProgressError, Scheduler, Store};
use crate::quiz::scan::{analyse_files, found, plan, FileConcepts};
use crate::quiz::select::{self, DEFAULT_COUNT};
use crate::quiz::session::Session;
use crate::quiz::{mock, terminal, Rng};
use crate::session::entry_visible;
use crate::settings::Settings;

/// Where progress is and how it is scheduled; shared by `quiz`, `scan` and `progress`.
#[derive(Args, Clone, Debug, Default)]
pub struct StudyArgs {
    /// Directory of progress.db (default: $INTERVIEW_PREP_DATA, else $XDG_DATA_HOME/interview-prep).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Probability of recall to schedule reviews for, 0.7–0.99.
    #[arg(long, global = true, default_value_t = 0.9)]
    pub retention: f32,
    /// Interview date (YYYY-MM-DD): review every concept of your code, weakest first, before it.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub interview_date: Option<i64>,
    /// Extra deck files or directories.
    #[arg(long = "deck", global = true, value_name = "PATH")]
    pub decks: Vec<PathBuf>,
}

fn parse_date(s: &str) -> Result<i64, String> {
    clock::parse_day(s).ok_or_else(|| format!("`{s}` is not a date as YYYY-MM-DD"))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum QuizMode {
    /// Question, answer, rate your own recall.
    Flashcard,
    /// Pick the true statement of four.
    Choice,
    /// Write your answer; it is graded against the key points an interviewer listens for.
    Answer,
}

impl From<QuizMode> for Mode {
    fn from(m: QuizMode) -> Mode {
        match m {
            QuizMode::Flashcard => Mode::Flashcard,
            QuizMode::Choice => Mode::Choice,
            QuizMode::Answer => Mode::Answer,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExchangeFormat {
    /// The review log, for `progress import` on another machine.
    Csv,
    /// A notes file Anki imports (File › Import): question, short answer, tags.
    Anki,
}

#[derive(Subcommand, Debug)]
pub enum ProgressCommand {
    /// Write the review log (csv) or your study entries as Anki notes (anki).
    Export {
        #[arg(long, value_enum)]
        format: ExchangeFormat,
        /// Write here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge a review log exported with `progress export --format csv`.
    Import { file: PathBuf },
    /// Fit personal FSRS parameters to your review log.
    Optimize,
}

struct Opened {
    store: Store,
    sched: Scheduler,
    deck: Deck,
}

fn open(args: &StudyArgs) -> Opened {
    let opened = Store::open(&data_dir(args.data_dir.as_deref()));
    opened.store.keep_aside_in(crate::deck::cache::cache_root());
    for n in &opened.notices {
        crate::warnln!("interview-prep: {n}");
    }
    let sched = scheduler(&opened.store, args.retention, args.interview_date);
    let deck = Deck::load(&args.decks);
    for p in &deck.problems {
        crate::warnln!("{p}");
    }
    Opened { store: opened.store, sched, deck }
}

/// Analyses paths with a progress bar on a terminal, and records their concepts as seen.
fn analyse_and_note(paths: &[PathBuf], store: &Store) -> anyhow::Result<Vec<FileConcepts>> {
    let listing = crate::check::collect_files(paths)?;
    for w in &listing.warnings {
        crate::warnln!("{w}");
    }
    let files = listing.files;
    let bar = if io::stderr().is_terminal() && files.len() >= 20 {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let (analysed, warnings) = analyse_files(&files, &|| bar.inc(1), &Settings::default())?;
    bar.finish_and_clear();
    for w in warnings {
        crate::warnln!("{w}");
    }
    let now = clock::now();
    for f in &analysed {
        let counts: Vec<(String, u32)> = f.concepts.iter().map(|(c, n, _)| (c.clone(), *n)).collect();
        if let Err(e) = store.note_seen(&f.absolute, &counts, now) {
            tracing::warn!("cannot record concepts seen in {}: {e}", f.shown);
        }
    }
    Ok(analysed)
}

pub struct QuizOptions {
    pub paths: Vec<PathBuf>,
    pub mode: Option<QuizMode>,
    pub count: Option<usize>,
    pub topic: Option<String>,
    pub due: bool,
}

pub fn quiz(opts: QuizOptions, args: &StudyArgs) -> anyhow::Result<i32> {
    let Opened { store, sched, deck } = open(args);
    let now = clock::now();
    let k = Knowledge::load(&store, sched.clone(), now)?;
    let count = opts.count.unwrap_or(DEFAULT_COUNT);
    let mut rng = Rng::from_time();
    // Questions not tied to a file follow the project configuration of the current directory.
    let here = crate::config::Cache::default();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let settings = crate::config::resolve(&Settings::default(), here.for_dir(&cwd).as_deref());
    let visible = |e: &crate::deck::Entry| entry_visible(e, &settings);
    let questions = if opts.due {
        select::due(&deck, &k, &seen_concepts(&store, &deck), count, &visible)
    } else if let Some(topic) = &opts.topic {
        select::mock(&deck, &k, Some(topic), count, &mut rng, &visible)
    } else {
        let paths = if opts.paths.is_empty() { vec![PathBuf::from(".")] } else { opts.paths.clone() };
        let files = analyse_and_note(&paths, &store)?;
        // Each file's concepts are already its visible ones; an entry about a hidden concept
        // is still left out.
        select::for_code(&deck, &k, &found(&files), count, &visible)
    };
    let out = &mut crate::term::Clean::new(io::stdout().lock());
    if questions.is_empty() {
        let why = if opts.due {
            match k.cards.values().map(|c| c.due).min() {
                Some(next) => format!("Nothing is due; the next review is {}.", k.when(next)),
                None => {
                    "Nothing is due: no card has been reviewed yet. Try `interview-prep quiz PATH` or `--topic`.".into()
                }
            }
        } else if let Some(t) = &opts.topic {
            format!(
                "No questions on `{t}`. Topics: {}.",
                deck.topics.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
            )
        } else {
            "No interview concepts found there.".into()
        };
        writeln!(out, "{why}")?;
        return Ok(0);
    }
    let mode = opts.mode.map_or(Mode::Flashcard, Mode::from);
    let mut session = Session::new(questions, mode, rng);
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let io =
        terminal::Io { input: &mut stdin.lock(), out, err: &mut crate::term::Clean::new(io::stderr()), interactive };
    terminal::run(&mut session, &store, &sched, io, &mut |_| {})?;
    keep_unsaved(&store, &sched);
    let k = Knowledge::load(&store, sched, clock::now())?;
    let mut tail = format!("{} due now", k.due_count());
    if let Some(r) = crate::progress::summary::ready_by(&store, &deck, &k) {
        tail.push_str(&format!(" · {}", r.line()));
    }
    writeln!(out, "{tail}")?;
    Ok(0)
}

pub struct MockOptions {
    pub dir: Option<PathBuf>,
    pub minutes: u32,
}

/// `interview-prep mock [DIR]`: a timed interview on the repository's own code, in answer mode,
/// ending in a report that is also kept in the progress database.
pub fn mock(opts: MockOptions, args: &StudyArgs) -> anyhow::Result<i32> {
    let Opened { store, sched, deck } = open(args);
    let started = clock::now();
    let k = Knowledge::load(&store, sched.clone(), started)?;
    let dir = opts.dir.unwrap_or_else(|| PathBuf::from("."));
    let files = analyse_and_note(std::slice::from_ref(&dir), &store)?;
    let settings =
        crate::config::resolve(&Settings::default(), crate::config::Cache::default().for_dir(&dir).as_deref());
    let visible = |e: &crate::deck::Entry| entry_visible(e, &settings);
    let questions = mock::questions(&deck, &k, &files, opts.minutes, &mut Rng::from_time(), &visible);
    let out = &mut crate::term::Clean::new(io::stdout().lock());
    let stack = mock::stack_names(&files);
    if questions.len() < 2 {
        writeln!(out, "No interview concepts found in {}: nothing to build a mock interview from.", dir.display())?;
        writeln!(out, "`interview-prep quiz --topic django --mode answer` asks a topic instead.")?;
        return Ok(0);
    }
    writeln!(
        out,
        "Mock interview on {} · {} minutes · {} questions, each answered in your own words.\n",
        dir.display(),
        opts.minutes,
        questions.len()
    )?;
    let mut session = Session::new(questions, Mode::Answer, Rng::from_time())
        .with_limit(std::time::Duration::from_secs(u64::from(opts.minutes) * 60));
    let mut recorder = mock::Recorder {
        repository: dir.display().to_string(),
        absolute: crate::quiz::scan::absolute(&dir),
        minutes: opts.minutes,
        stack,
        started,
        id: None,
    };
    let mut unsaved: Option<String> = None;
    let mut save = |session: &Session| {
        if let Err(e) = recorder.save(session, &store, clock::now()) {
            unsaved = Some(e.to_string());
        }
    };
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let io =
        terminal::Io { input: &mut stdin.lock(), out, err: &mut crate::term::Clean::new(io::stderr()), interactive };
    // Saved after every reply: a crash keeps what was answered.
    terminal::run(&mut session, &store, &sched, io, &mut save)?;
    save(&session);
    keep_unsaved(&store, &sched);
    let report = recorder.report(&session, clock::now());
    writeln!(out)?;
    report.write_text(out)?;
    match (unsaved, store.is_saved()) {
        (Some(e), _) => crate::warnln!("interview-prep: this mock interview's report was not saved: {e}"),
        (None, false) => crate::warnln!("interview-prep: progress is kept in memory only; this report is not saved"),
        (None, true) => writeln!(
            out,
            "\nSaved with your progress; `interview-prep progress --html FILE` lists every mock interview."
        )?,
    }
    Ok(0)
}

/// At the end of a quiz, answers the database never took are written once more; what still
/// cannot be written goes to a review log in the cache directory, which `progress import`
/// merges later, so no answer is lost with the process.
fn keep_unsaved(store: &Store, sched: &Scheduler) {
    let retried = store.retry_pending(sched);
    for n in store.take_notices() {
        crate::warnln!("interview-prep: {n}");
    }
    let Err(e) = retried else { return };
    match write_unsaved(store, &crate::deck::cache::cache_root()) {
        Ok(Some((path, n))) => crate::warnln!(
            "interview-prep: {n} answer{} could not be saved ({e}); they were written to {} — run `interview-prep progress import {}` once the database can be written",
            if n == 1 { "" } else { "s" },
            path.display(),
            path.display()
        ),
        Ok(None) => {}
        Err(w) => crate::warnln!("interview-prep: {} answers could not be saved ({e}), nor written aside: {w}", store.pending().len()),
    }
}

pub fn scan(dir: Option<PathBuf>, format: OutputFormat, args: &StudyArgs) -> anyhow::Result<i32> {
    let Opened { store, sched, deck } = open(args);
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let files = analyse_and_note(std::slice::from_ref(&dir), &store)?;
    let k = Knowledge::load(&store, sched, clock::now())?;
    let plan = plan(&files, &deck, &k);
    let out = &mut crate::term::Clean::new(io::stdout().lock());
    if format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &plan)?;
        writeln!(out)?;
        return Ok(0);
    }
    writeln!(
        out,
        "Study plan for {}: {} files, {} findings of {} concepts\n",
        dir.display(),
        plan.files,
        plan.findings,
        plan.concepts.len()
    )?;
    if plan.concepts.is_empty() {
        writeln!(out, "No interview concepts found.")?;
        return Ok(0);
    }
    let width = plan.concepts.iter().map(|c| c.concept.len()).max().unwrap_or(10).max(7);
    writeln!(out, "{:>5} {:>5}  {:<14}  {:<width$}  EXAMPLE", "USES", "FILES", "STATUS", "CONCEPT")?;
    for c in &plan.concepts {
        let status = match (c.status, c.recall) {
            (Some(Status::Recalled), Some(r)) => format!("recalled {:.0}%", r * 100.0),
            (Some(s), _) => s.label().to_string(),
            (None, _) => "no entry".into(),
        };
        let example = c.examples.first().map(|e| format!("{}:{}", e.file, e.line)).unwrap_or_default();
        writeln!(out, "{:>5} {:>5}  {:<14}  {:<width$}  {example}", c.count, c.files, status, c.concept)?;
    }
    if !plan.study_first.is_empty() {
        writeln!(out, "\nStudy first:")?;
        for (i, s) in plan.study_first.iter().enumerate() {
            writeln!(
                out,
                "{:>3}. {}\n     [{}] {} · interview-prep explain {}",
                i + 1,
                s.question,
                s.concept,
                s.reason,
                s.entry
            )?;
        }
    }
    Ok(0)
}

pub fn progress(
    command: Option<ProgressCommand>,
    format: OutputFormat,
    html: Option<PathBuf>,
    args: &StudyArgs,
) -> anyhow::Result<i32> {
    let Opened { store, sched, deck } = open(args);
    let out = &mut crate::term::Clean::new(io::stdout().lock());
    match command {
        Some(ProgressCommand::Export { format, output }) => {
            let text = match format {
                ExchangeFormat::Csv => reviews_csv(&store.reviews()?),
                ExchangeFormat::Anki => anki_notes(&entries_to_export(&store, &deck)),
            };
            match output {
                Some(path) => {
                    crate::fsutil::write_private(&path, text.as_bytes())
                        .with_context(|| format!("writing {}", path.display()))?;
                    crate::warnln!("wrote {}", path.display());
                }
                None => out.write_all(text.as_bytes())?,
            }
            return Ok(0);
        }
        Some(ProgressCommand::Import { file }) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let reviews = read_reviews_csv(&text).with_context(|| file.display().to_string())?;
            let added = store.import(&reviews, &sched)?;
            writeln!(out, "imported {added} new reviews ({} already here)", reviews.len() - added)?;
            if !store.is_saved() {
                crate::warnln!("interview-prep: nothing was saved (see above)");
                return Ok(1);
            }
            return Ok(0);
        }
        Some(ProgressCommand::Optimize) => {
            return match optimize(&store, args.retention) {
                Ok((params, n)) => {
                    writeln!(
                        out,
                        "fitted personal FSRS parameters from {n} reviews; later answers are scheduled with them"
                    )?;
                    writeln!(out, "{}", params.iter().map(|p| format!("{p:.4}")).collect::<Vec<_>>().join(", "))?;
                    Ok(0)
                }
                Err(e @ ProgressError::NotEnoughReviews { .. }) => {
                    writeln!(out, "{e}")?;
                    Ok(1)
                }
                Err(e) => Err(e.into()),
            };
        }
        None => {}
    }
    let k = Knowledge::load(&store, sched, clock::now())?;
    let summary = summarize(&store, &deck, &k)?;
    if let Some(path) = html {
        write_html(&path, &summary)?;
        crate::warnln!("wrote {}", path.display());
        return Ok(0);
    }
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &summary)?;
            writeln!(out)?;
        }
        OutputFormat::Text => print_summary(out, &summary)?,
    }
    Ok(0)
}

fn write_html(path: &Path, summary: &Summary) -> anyhow::Result<()> {
    crate::fsutil::write_private(path, crate::progress::html::render(summary).as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

fn print_summary(out: &mut impl Write, s: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "Progress as of {}: {} cards, {} reviews · {} due now · {} reviewed today · streak {} day{}",
        s.today,
        s.cards,
        s.reviews,
        s.due,
        s.reviewed_today,
        s.streak,
        if s.streak == 1 { "" } else { "s" }
    )?;
    if let Some(r) = &s.ready_by {
        writeln!(out, "{}", r.line())?;
    }
    if !s.saved {
        writeln!(out, "(progress is not being saved: see the note above)")?;
    }
    let width = s.topics.iter().map(|t| t.title.chars().count()).max().unwrap_or(10);
    writeln!(out, "\n{:<width$}  MASTERY  REVIEWED  DUE", "TOPIC")?;
    for t in &s.topics {
        writeln!(
            out,
            "{:<width$}  {:>6.0}%  {:>8}  {:>3}",
            t.title,
            t.mastery * 100.0,
            format!("{}/{}", t.reviewed, t.entries),
            t.due
        )?;
    }
    writeln!(out, "\nDue in the next 7 days:")?;
    for d in &s.forecast {
        writeln!(out, "  {}  {:>3}  {}", d.date, d.count, "#".repeat(d.count.min(60)))?;
    }
    if !s.mocks.is_empty() {
        writeln!(out, "\nMock interviews:")?;
        for m in &s.mocks {
            writeln!(
                out,
                "  {}  {}  {} question{} in {}  {} of {} key points",
                m.date,
                m.repository,
                m.questions,
                if m.questions == 1 { "" } else { "s" },
                mock::clock_time(m.seconds),
                m.points_hit,
                m.points_total
            )?;
        }
    }
    Ok(())
}
