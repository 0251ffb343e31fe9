//! The study commands as a user runs them: `quiz` answered from a pipe, `scan`, `progress`
//! (table, JSON, export, import, optimize, HTML rendered in headless Chromium), and the progress
//! store's reliability seen from the command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use interview_prep::deck::Deck;
use interview_prep::progress::store::FILE_NAME;
use interview_prep::progress::{Rating, Store};
use serde_json::Value;

struct Env {
    home: tempfile::TempDir,
    data: PathBuf,
}

impl Env {
    fn new() -> Env {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("data");
        Env { home, data }
    }

    fn dir(&self) -> &Path {
        self.home.path()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_interview-prep"));
        cmd.args(args)
            .current_dir(self.dir())
            .env("HOME", self.dir())
            .env("XDG_CACHE_HOME", self.dir().join(".cache"))
            .env("INTERVIEW_PREP_DATA", &self.data)
            .env_remove("INTERVIEW_PREP_NOW");
        cmd
    }

    /// Runs with `input` piped to stdin (not a TTY: plain line-based mode).
    fn run_with(&self, mut cmd: Command, input: &str) -> Output {
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }

    fn run(&self, args: &[&str], input: &str) -> Output {
        self.run_with(self.cmd(args), input)
    }

    fn store(&self) -> Store {
        Store::open_file(&self.data.join(FILE_NAME)).unwrap()
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.dir().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
    stdout(o)
}

const SHOP: &str = "\
from django.db import transaction


def order_totals(orders, seen=[]):
    for order in orders:
        yield order.total


@transaction.atomic
def checkout(cart):
    return [item.price for item in cart.items]
";

#[test]
fn the_quiz_runs_from_a_pipe_and_saves_each_answer() {
    let env = Env::new();
    env.write("shop.py", SHOP);
    // By number, name and prefix: show, Recalled; show, Forgot; then end of input ends the quiz.
    // At a fixed morning, in UTC: "Forgot" comes back a few hours later, the same day.
    let mut cmd = env.cmd(&["quiz", "shop.py", "--count", "3"]);
    cmd.env("INTERVIEW_PREP_NOW", "2026-11-23T09:00:00Z").env("TZ", "UTC");
    let out = env.run_with(cmd, "1\nRecalled\nShow answer\nforgot\n");
    let text = ok(&out);
    assert!(text.starts_with("Question 1 of 3 · "), "{text}");
    assert!(text.contains("Your code, shop.py:"), "{text}");
    assert!(text.contains("  1) Show answer\n  2) Skip\n"), "{text}");
    assert!(text.contains("  1) Forgot\n  2) Struggled\n  3) Recalled\n  4) Easy\n"), "{text}");
    assert!(text.contains("Saved · next review in "), "{text}");
    assert!(text.contains("Saved · next review later today"), "Forgot comes back today: {text}");
    assert!(text.contains("Quiz finished: 2 answered, 1 recalled, 1 not asked."), "{text}");
    assert_eq!(text.matches("Saved · next review later today").count(), 1, "each notice is shown once: {text}");
    assert!(!text.contains("> "), "no TTY prompt in a pipe");
    let reviews = env.store().reviews().unwrap();
    assert_eq!(reviews.iter().map(|r| r.rating).collect::<Vec<_>>(), [Rating::Good, Rating::Again]);
    assert!(reviews[0].file.as_deref().unwrap().ends_with("/shop.py"));
    // A bad reply is asked again; `q` ends.
    let out = env.run(&["quiz", "shop.py", "--count", "1"], "7\nq\n");
    let text = ok(&out);
    assert!(text.contains("? reply with 1-2"), "{text}");
    assert!(text.contains("Quiz finished: 0 answered, 0 recalled, 1 not asked."), "{text}");
}

#[test]
fn multiple_choice_from_a_pipe_by_statement() {
    let env = Env::new();
    env.write("f.py", "square = lambda x: x * x\n");
    let entry = Deck::builtin().primary("lambda").unwrap().clone();
    let right = entry.choices.iter().find(|c| c.correct).unwrap().text.clone();
    let out = env.run(&["quiz", "f.py", "--mode", "choice", "--count", "1"], &format!("{right}\nNext\n"));
    let text = ok(&out);
    assert!(text.contains(&entry.question), "{text}");
    for l in ["  1) A) ", "  2) B) ", "  3) C) ", "  4) D) "] {
        assert!(text.contains(l), "{l} in {text}");
    }
    assert!(text.contains("✓ Right."), "{text}");
    let reviews = env.store().reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].mode, "choice");
    assert!(reviews[0].rating >= Rating::Good);
}

#[test]
fn answer_mode_from_a_pipe_shows_each_key_point_and_keeps_the_answer() {
    let env = Env::new();
    env.write(
        "f.py",
        "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket\n\n\nsquare = lambda x: x * x\n",
    );
    let entry = Deck::builtin().primary("mutable-default-argument").unwrap().clone();
    let first = &entry.key_points[0];
    // One point made, in its own words; Enter takes the proposed rating. The second question's
    // empty answer asks before Forgot; `1` confirms.
    let written = first.listen_for()[0].join(" ");
    let out = env.run(&["quiz", "f.py", "--mode", "answer", "--count", "2"], &format!("{written}\n\n\n\n1\n"));
    let text = ok(&out);
    assert!(text.contains(&entry.question), "{text}");
    assert!(text.contains("(end with an empty line;"), "{text}");
    assert!(text.contains(&format!("\n✓ {}\n", first.text)), "one line per key point, ✓ when made: {text}");
    for p in &entry.key_points[1..] {
        assert!(text.contains(&format!("✓ {}", p.text)) || text.contains(&format!("\n✗ {}\n", p.text)), "{text}");
    }
    assert!(text.contains("  2) Struggled  (Enter)"), "{text}");
    assert!(text.contains("You wrote nothing, so none of the key points was made:"), "{text}");
    assert!(text.contains("Rate it Forgot?\n  1) Forgot\n  2) Write again\n"), "{text}");
    assert!(text.contains("Quiz finished: 2 answered, 0 recalled."), "{text}");
    let store = env.store();
    let reviews = store.reviews().unwrap();
    assert_eq!(
        reviews.iter().map(|r| (r.rating, r.mode.as_str())).collect::<Vec<_>>(),
        [(Rating::Hard, "answer"), (Rating::Again, "answer")]
    );
    let answers = store.answers().unwrap();
    assert_eq!(answers[0].0, entry.id);
    assert_eq!(answers[0].2, written);
    assert!(answers[0].3.starts_with('1') && answers[0].3.contains('0'), "{:?}", answers[0]);
    assert_eq!(answers[1].2, "", "the confirmed empty answer");
}

#[test]
fn a_mock_interview_from_a_pipe_ends_with_a_report_the_html_report_lists() {
    let env = Env::new();
    let shop = repo().join("examples/django_shop");
    // Three questions (5 minutes), each: an answer, the proposed rating (Enter), a follow-up.
    let input = "I would have to look that up.\n\n\nNot sure.\n\n".repeat(3);
    let out = env.run(&["mock", shop.to_str().unwrap(), "--minutes", "5"], &input);
    let text = ok(&out);
    assert!(text.starts_with(&format!("Mock interview on {} · 5 minutes · 3 questions", shop.display())), "{text}");
    assert!(text.contains("Warm-up. This project uses Django"), "{text}");
    assert!(text.contains("Your code, "), "questions on the code quote it: {text}");
    assert_eq!(text.matches("Follow-up: ").count(), 3, "{text}");
    let report = &text[text.find("Mock interview report · ").expect("a report")..];
    assert!(report.contains("3 questions in "), "{report}");
    assert!(report.contains("   ✗ "), "missed key points are named: {report}");
    assert!(report.contains("Follow-up (answered): "), "{report}");
    assert!(report.contains("Study next:\n  django-architecture  "), "{report}");
    assert!(report.contains("Saved with your progress"), "{report}");
    assert_eq!(env.store().reviews().unwrap().len(), 3);
    let mocks = env.store().mocks(10).unwrap();
    assert_eq!(mocks.len(), 1);
    let saved: Value = serde_json::from_str(&mocks[0]).unwrap();
    assert_eq!(saved["questions"].as_array().unwrap().len(), 3);
    assert_eq!(saved["questions"][0]["followUp"]["answer"], "Not sure.");
    let table = ok(&env.run(&["progress"], ""));
    assert!(table.contains("\nMock interviews:\n  ") && table.contains("  3 questions in "), "{table}");
    ok(&env.run(&["progress", "--html", "report.html"], ""));
    let html = std::fs::read_to_string(env.dir().join("report.html")).unwrap();
    assert!(html.contains("<h2>Mock interviews</h2>"), "the HTML report has the section");
    assert!(html.contains(&format!("<td>{}</td><td>3</td>", shop.display())), "one row for it");
    // Nothing to interview on: said plainly, no session.
    env.write("empty/readme.py", "x = 1\n");
    let text = ok(&env.run(&["mock", "empty"], ""));
    assert!(text.starts_with("No interview concepts found in empty"), "{text}");
}

#[test]
fn due_and_topic_quizzes() {
    let env = Env::new();
    let out = env.run(&["quiz", "--due"], "");
    assert!(ok(&out).contains("Nothing is due: no card has been reviewed yet."));
    let out = env.run(&["quiz", "--topic", "system design", "--count", "2"], "1\n3\n1\n4\n");
    let text = ok(&out);
    assert!(text.contains("Quiz finished: 2 answered, 2 recalled."), "{text}");
    let deck = Deck::builtin();
    let reviews = env.store().reviews().unwrap();
    let topics = ["architecture-and-scaling", "system-design", "design-patterns"];
    assert!(reviews.iter().all(|r| topics.contains(&deck.get(&r.entry).unwrap().topic.as_str())));
    let out = env.run(&["quiz", "--due"], "");
    assert!(ok(&out).contains("Nothing is due; the next review is "));
    // A month later both are due, and --due asks them.
    let mut cmd = env.cmd(&["quiz", "--due"]);
    cmd.env("INTERVIEW_PREP_NOW", (now() + 30 * 86_400).to_string());
    let text = ok(&env.run_with(cmd, "q\n"));
    assert!(text.contains("Question 1 of 2"), "{text}");
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn project(env: &Env) {
    for f in std::fs::read_dir(repo().join("tests/concepts")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "py") {
            env.write(
                &format!("proj/{}", p.file_name().unwrap().to_str().unwrap()),
                &std::fs::read_to_string(&p).unwrap(),
            );
        }
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

#[test]
fn scan_makes_a_study_plan_and_records_the_concepts_seen() {
    let env = Env::new();
    project(&env);
    let out = env.run(&["scan", "proj"], "");
    let text = ok(&out);
    let files = std::fs::read_dir(repo().join("tests/concepts"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "py"))
        .count();
    assert!(text.starts_with(&format!("Study plan for proj: {files} files, ")), "{text}");
    assert!(text.contains("USES FILES  STATUS"), "{text}");
    assert!(text.contains("never reviewed"), "{text}");
    assert!(text.contains("\nStudy first:\n  1. "), "{text}");
    assert!(!stderr(&out).contains('█'), "no progress bar when stderr is not a terminal");
    let plan: Value = serde_json::from_str(&ok(&env.run(&["scan", "proj", "--format", "json"], ""))).unwrap();
    let concepts = plan["concepts"].as_array().unwrap();
    assert!(concepts.len() > 30, "{}", concepts.len());
    let n1 = concepts.iter().find(|c| c["concept"] == "n-plus-one").expect("the ORM fixture has N+1 loops");
    assert_eq!(n1["kind"], "pitfall");
    assert_eq!(n1["status"], "new");
    assert!(n1["examples"][0]["file"].as_str().unwrap().starts_with("proj/"));
    assert!(n1["examples"][0]["line"].as_u64().unwrap() > 0);
    let first = &plan["study_first"][0];
    assert!(first["reason"].as_str().unwrap().starts_with("pitfall, never reviewed"), "{first}");
    // The scan told the store which concepts this code uses: interview-date mode counts them.
    let seen = env.store().seen().unwrap();
    assert_eq!(seen.len(), concepts.len());
    let date = interview_prep::progress::clock::format_day(now() / 86_400 + 10);
    let text = ok(&env.run(&["progress", "--interview-date", &date], ""));
    assert!(text.contains(&format!("ready by {date}: 0 of ")), "{text}");
}

#[test]
fn progress_table_json_export_import_and_optimize() {
    let env = Env::new();
    env.write("shop.py", SHOP);
    ok(&env.run(&["quiz", "shop.py", "--count", "2"], "1\n3\n1\n2\n"));
    let text = ok(&env.run(&["progress"], ""));
    assert!(text.starts_with("Progress as of "), "{text}");
    assert!(text.contains("2 cards, 2 reviews · 0 due now · 2 reviewed today · streak 1 day"), "{text}");
    assert!(text.contains("TOPIC") && text.contains("MASTERY") && text.contains("Due in the next 7 days:"), "{text}");
    assert!(!text.contains("-0%"), "{text}");
    let json: Value = serde_json::from_str(&ok(&env.run(&["progress", "--format", "json"], ""))).unwrap();
    assert_eq!(json["reviews"], 2);
    assert_eq!(json["forecast"].as_array().unwrap().len(), 7);
    assert_eq!(json["perDay"].as_array().unwrap().len(), 30);
    assert_eq!(json["topics"].as_array().unwrap().iter().map(|t| t["reviewed"].as_u64().unwrap()).sum::<u64>(), 2);

    // CSV out, into a second store, merged without duplicates.
    let csv = ok(&env.run(&["progress", "export", "--format", "csv"], ""));
    assert!(csv.starts_with("entry,reviewed_at,rating,"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
    env.write("log.csv", &csv);
    let other = Env::new();
    let mut cmd = other.cmd(&["progress", "import", "log.csv"]);
    cmd.current_dir(env.dir());
    assert_eq!(ok(&other.run_with(cmd, "")).trim(), "imported 2 new reviews (0 already here)");
    let mut cmd = other.cmd(&["progress", "import", "log.csv"]);
    cmd.current_dir(env.dir());
    assert_eq!(ok(&other.run_with(cmd, "")).trim(), "imported 0 new reviews (2 already here)");
    assert_eq!(other.store().cards().unwrap(), env.store().cards().unwrap(), "replayed cards match");

    // Anki notes: the header Anki reads, then question / answer / tags.
    let out = env.run(&["progress", "export", "--format", "anki", "-o", "anki.txt"], "");
    ok(&out);
    let anki = std::fs::read_to_string(env.dir().join("anki.txt")).unwrap();
    assert!(anki.starts_with("#separator:tab\n#html:true\n#notetype:Basic\n"), "{anki}");
    let notes: Vec<&str> = anki.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(notes.len() >= 2, "the two reviewed entries and the file's concepts");
    assert!(notes.iter().all(|n| n.split('\t').count() == 3));

    // Too few reviews to fit parameters: says how many are needed.
    let out = env.run(&["progress", "optimize"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("needs at least 64 reviews"), "{}", stdout(&out));
}

// ---- the HTML report ----

fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("INTERVIEW_PREP_REQUIRE_CHROMIUM").is_none(),
        "/usr/bin/chromium is missing and INTERVIEW_PREP_REQUIRE_CHROMIUM is set (tests/run-all.sh installs it)"
    );
    eprintln!("skipping: /usr/bin/chromium is not installed (apt-get install chromium)");
    None
}

fn headless(chromium: &Path, profile: &Path, extra: &[&str], page: &Path) -> Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

#[test]
fn the_html_report_draws_its_charts_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let env = Env::new();
    env.write("shop.py", SHOP);
    ok(&env.run(&["quiz", "shop.py", "--count", "3"], "1\n3\n1\n4\n1\n2\n"));
    let out = env.run(&["progress", "--html", "report.html"], "");
    ok(&out);
    let page = env.dir().join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("https://") && !html.contains("src=\"http"), "self-contained");
    let profile = tempfile::tempdir().unwrap();
    let dom = headless(&chromium, profile.path(), &["--dump-dom", "--virtual-time-budget=5000"], &page);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(dom_text.contains("data-charts=\"3\""), "the script ran: {}", String::from_utf8_lossy(&dom.stderr));
    let topics = Deck::builtin().topics.len();
    for (id, bars) in [("mastery", topics), ("per-day", 30), ("forecast", 7)] {
        let tag = format!("id=\"{id}\"");
        let at = dom_text.find(&tag).unwrap_or_else(|| panic!("{id} chart"));
        let div = &dom_text[dom_text[..at].rfind('<').unwrap()..];
        let div = &div[..div.find('>').unwrap()];
        assert!(div.contains("data-drawn=\"yes\""), "{id} has a size on the page: {div}");
        assert!(div.contains(&format!("data-bars=\"{bars}\"")), "{id}: {div}");
    }
    assert!(dom_text.contains("<svg"), "charts are SVG");
    // And it paints: a screenshot of a real size.
    let shot = env.dir().join("report.png");
    let out = headless(
        &chromium,
        profile.path(),
        &[&format!("--screenshot={}", shot.display()), "--window-size=1100,1300", "--hide-scrollbars"],
        &page,
    );
    let png =
        std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(png.len() > 20_000, "a page with charts, not a blank one: {} bytes", png.len());
    if let Some(dir) = std::env::var_os("INTERVIEW_PREP_SCREENSHOT_DIR") {
        std::fs::copy(&shot, Path::new(&dir).join("progress-report.png")).unwrap();
    }
}

// ---- reliability, from the command line ----

#[test]
fn two_cli_quizzes_at_once_lose_nothing() {
    let env = Env::new();
    env.write("shop.py", SHOP);
    ok(&env.run(&["progress"], ""));
    let answers = "1\n3\n".repeat(4);
    let children: Vec<_> = (0..2)
        .map(|_| {
            let mut child = env
                .cmd(&["quiz", "shop.py", "--count", "4"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
            child
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(ok(&out).contains("4 answered"));
    }
    let s = env.store();
    assert_eq!(s.review_count().unwrap(), 8);
    assert!(s.cards().unwrap().values().all(|c| c.reps == 2));
}

#[test]
fn corrupt_store_is_moved_aside_once_and_an_old_schema_migrates() {
    let env = Env::new();
    std::fs::create_dir_all(&env.data).unwrap();
    std::fs::write(env.data.join(FILE_NAME), "SQLite format 3\0 but not really").unwrap();
    let out = env.run(&["progress"], "");
    ok(&out);
    assert_eq!(stderr(&out).lines().filter(|l| l.contains("corrupt")).count(), 1, "{}", stderr(&out));
    let out = env.run(&["progress"], "");
    assert!(!stderr(&out).contains("corrupt"), "told once: {}", stderr(&out));
    assert_eq!(
        std::fs::read_dir(&env.data)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".corrupt-"))
            .count(),
        1
    );

    let old = Env::new();
    std::fs::create_dir_all(&old.data).unwrap();
    let conn = interview_prep::progress::store::create_at_version(&old.data.join(FILE_NAME), 1).unwrap();
    conn.execute("INSERT INTO reviews (entry_id, reviewed_at, rating, elapsed_days, scheduled_days, mode) VALUES ('python-generators', 1790000000, 3, 0, 2, 'flashcard')", []).unwrap();
    drop(conn);
    let csv = ok(&old.run(&["progress", "export", "--format", "csv"], ""));
    assert!(csv.contains("python-generators,2026-09-21T"), "{csv}");
}

#[test]
fn a_read_only_data_directory_still_quizzes_and_says_so_once() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let env = Env::new();
    env.write("shop.py", SHOP);
    std::fs::create_dir_all(&env.data).unwrap();
    std::fs::set_permissions(&env.data, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut cmd = env.cmd(&["quiz", "shop.py", "--count", "2"]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { geteuid() } == 0 {
        // Root writes anywhere; as `nobody` the directory is really read-only.
        cmd.uid(65534).gid(65534);
    }
    let out = env.run_with(cmd, "1\n3\n1\n3\n");
    let text = ok(&out);
    assert!(text.contains("Quiz finished: 2 answered, 2 recalled."), "{text}");
    assert!(text.contains("Not saved · next review"), "{text}");
    assert_eq!(stderr(&out).matches("not saved").count(), 1, "{}", stderr(&out));
    assert!(!env.data.join(FILE_NAME).exists());
}

extern "C" {
    fn geteuid() -> u32;
}

/// A quiz answered one reply at a time, its output read as it comes: for killing it, or
/// changing the disk under it, at a known point.
struct Live {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    out: std::sync::mpsc::Receiver<String>,
    err: std::sync::mpsc::Receiver<String>,
    text: String,
    errors: String,
}

impl Live {
    fn start(mut cmd: Command) -> Live {
        use std::io::BufRead;
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let lines = |r: Box<dyn std::io::Read + Send>| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(r).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
            rx
        };
        let out = lines(Box::new(child.stdout.take().unwrap()));
        let err = lines(Box::new(child.stderr.take().unwrap()));
        Live { child, stdin, out, err, text: String::new(), errors: String::new() }
    }

    fn reply(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Reads output until `done` holds for all of stdout so far; a minute without it fails.
    fn wait(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !done(&self.text) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.out.recv_timeout(left.max(std::time::Duration::from_millis(1))) {
                Ok(line) => {
                    self.text.push_str(&line);
                    self.text.push('\n');
                }
                Err(_) => {
                    let errors = self.drain_errors();
                    panic!("waited in vain for {what}:\n{}\nstderr:\n{errors}", self.text)
                }
            }
        }
    }

    fn drain_errors(&mut self) -> String {
        while let Ok(line) = self.err.try_recv() {
            self.errors.push_str(&line);
            self.errors.push('\n');
        }
        self.errors.clone()
    }

    /// Waits for the process to end by itself; returns its stderr.
    fn finish(mut self) -> (String, String) {
        let status = self.child.wait().unwrap();
        while let Ok(line) = self.out.recv() {
            self.text.push_str(&line);
            self.text.push('\n');
        }
        while let Ok(line) = self.err.recv() {
            self.errors.push_str(&line);
            self.errors.push('\n');
        }
        assert!(status.success(), "{}\nstderr:\n{}", self.text, self.errors);
        (self.text, self.errors)
    }
}

const SAVED: &str = "Saved · next review";

#[test]
fn a_quiz_killed_with_sigkill_keeps_exactly_the_answers_it_confirmed() {
    for answered in [1, 3] {
        let env = Env::new();
        let mut quiz = Live::start(env.cmd(&["quiz", "--topic", "mixed", "--count", "10"]));
        for n in 1..=answered {
            quiz.wait("a question", |t| t.matches("  1) Show answer").count() == n);
            quiz.reply("1");
            quiz.reply("3");
            // The confirmation of answer n is printed above question n+1, after the commit.
            quiz.wait("the confirmation", |t| t.matches(SAVED).count() == n);
        }
        quiz.child.kill().unwrap(); // SIGKILL: no destructor, no shutdown path runs.
        quiz.child.wait().unwrap();
        let store = env.store();
        assert_eq!(store.review_count().unwrap(), answered, "{}", quiz.text);
        assert!(store.reviews().unwrap().iter().all(|r| r.rating == Rating::Good));
        // The next process opens the same store without a complaint.
        let out = env.run(&["progress"], "");
        assert!(ok(&out).contains(&format!("{answered} reviews")), "{}", stdout(&out));
        assert_eq!(stderr(&out), "");
    }
}

#[test]
fn two_quizzes_of_200_answers_at_once_store_all_400() {
    let env = Env::new();
    ok(&env.run(&["progress"], ""));
    let answers = "1\n3\n".repeat(200);
    let children: Vec<_> = (0..2)
        .map(|_| {
            let mut child = env
                .cmd(&["quiz", "--topic", "mixed", "--count", "200"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let answers = answers.clone();
            std::thread::spawn(move || stdin.write_all(answers.as_bytes()));
            child
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(ok(&out).contains("Quiz finished: 200 answered"), "{}", stdout(&out));
        let err = stderr(&out);
        assert!(!err.contains("locked") && !err.contains("busy") && !err.contains("not saved"), "{err}");
    }
    let s = env.store();
    assert_eq!(s.review_count().unwrap(), 400);
    let reps: u32 = s.cards().unwrap().values().map(|c| c.reps).sum();
    assert_eq!(reps, 400, "every answer counted on its card: no lost update");
}

/// How the disk under the store is made to refuse writes.
enum Fault {
    /// A real tmpfs, filled to the last byte.
    FullTmpfs { mount: PathBuf, filler: PathBuf },
    /// The store's test hook: writes fail while this file exists.
    Injected { flag: PathBuf },
}

impl Fault {
    /// A small tmpfs for `data` when this process may mount one (root with CAP_SYS_ADMIN),
    /// else the injected I/O error of the `test-hooks` feature.
    fn new(env: &Env) -> Fault {
        std::fs::create_dir_all(&env.data).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs"])
            .arg(&env.data)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if mounted {
            eprintln!("full disk: a real 2 MB tmpfs at {}", env.data.display());
            return Fault::FullTmpfs { mount: env.data.clone(), filler: env.data.join("filler") };
        }
        eprintln!("full disk: no tmpfs could be mounted; using the injected write failure");
        Fault::injected(env)
    }

    fn injected(env: &Env) -> Fault {
        if !cfg!(feature = "test-hooks") {
            panic!("no tmpfs could be mounted, and the injected write failure needs the test-hooks feature");
        }
        Fault::Injected { flag: env.dir().join("fail-writes") }
    }

    fn cmd(&self, env: &Env, args: &[&str]) -> Command {
        let mut cmd = env.cmd(args);
        if let Fault::Injected { flag } = self {
            cmd.env("INTERVIEW_PREP_TEST_FAIL_WRITES", flag);
        }
        cmd
    }

    fn start(&self) {
        match self {
            Fault::FullTmpfs { filler, .. } => {
                let mut f = std::fs::File::create(filler).unwrap();
                let chunk = vec![0u8; 4096];
                while f.write_all(&chunk).is_ok() {}
                let _ = f.sync_all();
            }
            Fault::Injected { flag } => std::fs::write(flag, "").unwrap(),
        }
    }

    fn stop(&self) {
        match self {
            Fault::FullTmpfs { filler, .. } => std::fs::remove_file(filler).unwrap(),
            Fault::Injected { flag } => std::fs::remove_file(flag).unwrap(),
        }
    }
}

impl Drop for Fault {
    fn drop(&mut self) {
        if let Fault::FullTmpfs { mount, .. } = self {
            let _ = Command::new("umount").arg("-l").arg(&*mount).status();
        }
    }
}

#[test]
fn answers_a_full_disk_refuses_are_kept_and_written_once_it_has_room() {
    let env = Env::new();
    let fault = Fault::new(&env);
    kept_then_written(&env, &fault);
}

/// The hook is what machines without a mountable tmpfs rely on: proven here too, everywhere.
#[cfg(feature = "test-hooks")]
#[test]
fn answers_an_injected_write_failure_refuses_are_kept_and_written_once_it_ends() {
    let env = Env::new();
    kept_then_written(&env, &Fault::injected(&env));
}

/// Answer 1 is saved; 2 and 3 meet the fault and are kept; the fault ends; answer 4 writes all
/// three, in order, and the user is told at each turn.
fn kept_then_written(env: &Env, fault: &Fault) {
    let mut quiz = Live::start(fault.cmd(env, &["quiz", "--topic", "mixed", "--count", "4"]));
    let answer = |quiz: &mut Live, n: usize, then: &str| {
        quiz.wait("a question", |t| t.matches("  1) Show answer").count() == n);
        quiz.reply("1");
        quiz.wait("the rating prompt", |t| t.matches("  1) Forgot").count() == n);
        quiz.reply(then);
    };
    answer(&mut quiz, 1, "3");
    quiz.wait("the first confirmation", |t| t.contains(SAVED));
    fault.start();
    answer(&mut quiz, 2, "1");
    quiz.wait("the kept notice", |t| t.matches("Not saved yet (kept in memory)").count() == 1);
    answer(&mut quiz, 3, "4");
    quiz.wait("the kept notice", |t| t.matches("Not saved yet (kept in memory)").count() == 2);
    fault.stop();
    answer(&mut quiz, 4, "2");
    let (text, err) = quiz.finish();
    assert!(text.contains("Quiz finished: 4 answered"), "{text}");
    assert_eq!(err.matches("the answer is kept in memory").count(), 1, "told once: {err}");
    assert!(err.contains("progress is saved again: 2 answers kept in memory were written to"), "{err}");
    let ratings: Vec<Rating> = env.store().reviews().unwrap().iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Rating::Good, Rating::Again, Rating::Easy, Rating::Hard], "all four, in order");
}

#[test]
fn answers_kept_when_the_disk_stays_full_go_to_a_file_progress_import_reads() {
    let env = Env::new();
    let fault = Fault::new(&env);
    let mut quiz = Live::start(fault.cmd(&env, &["quiz", "--topic", "mixed", "--count", "2"]));
    quiz.wait("a question", |t| t.contains("  1) Show answer"));
    fault.start();
    quiz.reply("1");
    quiz.reply("3");
    quiz.wait("a question", |t| t.matches("  1) Show answer").count() == 2);
    quiz.reply("1");
    quiz.reply("4");
    let (_, err) = quiz.finish();
    let line = err.lines().find(|l| l.contains("could not be saved")).unwrap_or_else(|| panic!("{err}"));
    let file = line.rsplit("progress import ").next().unwrap().split('`').next().unwrap();
    fault.stop();
    assert_eq!(env.store().review_count().unwrap(), 0);
    let out = env.run(&["progress", "import", file], "");
    assert!(ok(&out).contains("imported 2 new reviews"), "{}", stdout(&out));
    let ratings: Vec<Rating> = env.store().reviews().unwrap().iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Rating::Good, Rating::Easy]);
}

#[test]
fn a_read_only_database_file_keeps_the_answers_for_progress_import() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let env = Env::new();
    ok(&env.run(&["progress"], ""));
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&env.data, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(env.data.join(FILE_NAME), std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut cmd = env.cmd(&["quiz", "--topic", "mixed", "--count", "2"]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { geteuid() } == 0 {
        // Root writes anywhere; as `nobody` a mode-0444 file is really read-only.
        cmd.uid(65534).gid(65534);
    }
    let out = env.run_with(cmd, "1\n3\n1\n1\n");
    let text = ok(&out);
    assert!(text.contains("Quiz finished: 2 answered"), "{text}");
    let err = stderr(&out);
    assert_eq!(err.matches("progress is not saved").count(), 1, "told once: {err}");
    let line = err.lines().find(|l| l.contains("2 answers could not be saved")).unwrap_or_else(|| panic!("{err}"));
    let file = line.rsplit("progress import ").next().unwrap().split('`').next().unwrap();
    // SQLite gives the -wal and -shm files the database file's mode: writable again means all.
    for f in std::fs::read_dir(&env.data).unwrap() {
        std::fs::set_permissions(f.unwrap().path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    assert_eq!(env.store().review_count().unwrap(), 0);
    assert!(ok(&env.run(&["progress", "import", file], "")).contains("imported 2 new reviews"));
    let ratings: Vec<Rating> = env.store().reviews().unwrap().iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Rating::Good, Rating::Again]);
}
