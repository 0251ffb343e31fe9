//! Inputs built to be slow: each costs at most 6× the time of an input four times smaller (the
//! time is asserted as that ratio, never in seconds), and `check`'s memory does not grow with
//! line length. Before the depth budget and the one-pass deck parser, a 4× longer call chain cost
//! 10×, and 8,000 nested lambdas on one line took 520 MB.

use std::time::{Duration, Instant};

use interview_prep::concepts::{analyze, analyze_as};
use interview_prep::deck::{Deck, Origin};
use interview_prep::document::{parse_as, parse_str};
use interview_prep::language::Lang;
use interview_prep::text::Text;

/// Time of `run(4n)` over time of `run(n)`: each the fastest of five runs, the two sizes
/// interleaved so that load drifting on the machine hits both alike, with a floor under the small
/// one so that microseconds of noise cannot make a ratio.
fn ratio(what: &str, n: usize, run: impl Fn(usize)) -> f64 {
    let r = measure(what, n, &run);
    if r <= 6.0 {
        return r;
    }
    // Once more: a burst of load on a 2-core machine can hit one size only. A real quadratic
    // cost fails again.
    measure(what, n, &run)
}

/// Timing tests take turns: two of them at once on two cores would measure each other.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn measure(what: &str, n: usize, run: &impl Fn(usize)) -> f64 {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    run(n); // warm: the query engine compiles once per process
    let timed = |size: usize| {
        let t = Instant::now();
        run(size);
        t.elapsed()
    };
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        small = small.min(timed(n));
        large = large.min(timed(4 * n));
    }
    let small = small.max(Duration::from_millis(5));
    let r = large.as_secs_f64() / small.as_secs_f64();
    eprintln!("{what}: n={n} {small:?}, 4n {large:?}, ratio {r:.2}");
    r
}

fn analyse(text: &str) {
    let tree = parse_str(text).unwrap();
    analyze(&tree, Text::Str(text));
}

#[test]
fn pathological_python_costs_linear_time() {
    type Make = fn(usize) -> String;
    let cases: [(&str, usize, Make); 6] = [
        ("a chain of .filter() calls", 4_000, |n| {
            format!("qs = Order.objects{}\n", (0..n).map(|i| format!(".filter(a{i}=1)")).collect::<String>())
        }),
        ("an operator chain", 20_000, |n| {
            format!("x = {}\n", (0..n).map(|i| format!("a{i}")).collect::<Vec<_>>().join("+"))
        }),
        ("nested calls", 5_000, |n| format!("x = {}1{}\n", "f(".repeat(n), ")".repeat(n))),
        ("an attribute chain", 20_000, |n| format!("x = a{}\n", (0..n).map(|i| format!(".b{i}")).collect::<String>())),
        ("nested lambdas", 20_000, |n| format!("x = {}1\n", "lambda: ".repeat(n))),
        ("nested lists", 20_000, |n| format!("x = {}{}\n", "[".repeat(n), "]".repeat(n))),
    ];
    for (what, n, make) in cases {
        let r = ratio(what, n, |n| analyse(&format!("from django.db import models\n{}", make(n))));
        assert!(r <= 6.0, "{what}: 4× the input cost {r:.1}× the time");
    }
}

/// The N+1 detector and the model index on inputs built against them: a loop over a queryset
/// whose body is one long chain or many assignments, a model whose method is one long chain,
/// thousands of models of one name, a deep inheritance chain. Each file is analysed with its own
/// model summary (as a models module of a project is) and summarised for the index.
#[test]
fn pathological_models_and_loops_cost_linear_time() {
    use interview_prep::concepts::project::{summarize, ProjectIndex};
    use interview_prep::concepts::{analyze_in, Project};
    type Make = fn(usize) -> String;
    let cases: [(&str, usize, Make); 6] = [
        ("a loop body that is one attribute chain", 4_000, |n| {
            format!("def f():\n    for o in Order.objects.all():\n        x = o{}\n", ".a".repeat(n))
        }),
        ("a loop body of many queryset assignments", 2_000, |n| {
            let mut body = String::new();
            for i in 0..n {
                body.push_str(&format!("        q{i} = Order.objects.filter(a=o)\n        print(q{})\n", i / 2));
            }
            format!("def f():\n    for o in Order.objects.all():\n{body}")
        }),
        ("a model method that is one attribute chain", 4_000, |n| {
            format!(
                "class Order(models.Model):\n    a = models.ForeignKey('Order', on_delete=models.CASCADE)\n\n    def m(self):\n        return self{}\n",
                ".a".repeat(n)
            )
        }),
        ("models of one name", 2_000, |n| "class A(A):\n    a = models.ForeignKey('A', related_name='b')\n".repeat(n)),
        ("a deep inheritance chain", 2_000, |n| {
            (0..n)
                .map(|i| {
                    format!("class M{}(M{i}):\n    f{i} = models.ForeignKey('M{i}', on_delete=models.CASCADE)\n", i + 1)
                })
                .collect()
        }),
        ("nested loops", 150, |n| {
            let mut s = String::from("def f():\n");
            for i in 0..n {
                s.push_str(&format!(
                    "{}for o{i} in Order.objects.filter(x=o{}):\n",
                    "    ".repeat(i + 1),
                    i.saturating_sub(1)
                ));
            }
            s.push_str(&format!("{}o0.a.b\n", "    ".repeat(n + 1)));
            s
        }),
    ];
    for (what, n, make) in cases {
        let r = ratio(what, n, |n| {
            let text = format!("from django.db import models\n{}", make(n));
            let tree = parse_str(&text).unwrap();
            let summary = summarize(tree.root_node(), Text::Str(&text), None);
            let index = std::sync::Arc::new(ProjectIndex::from_summaries([(
                std::path::PathBuf::from("/p/models.py"),
                summary,
            )]));
            let project = Project::new(index, Some(std::path::PathBuf::from("/p/views.py")));
            analyze_in(&tree, Text::Str(&text), &project, None);
        });
        assert!(r <= 6.0, "{what}: 4× the input cost {r:.1}× the time");
    }
}

#[test]
fn pathological_infrastructure_files_cost_linear_time() {
    type Make = fn(usize) -> String;
    // Kept under 32,768 lines: tree-sitter-yaml cannot read past that (`Grammar::max_lines`).
    let cases: [(&str, Lang, usize, Make); 3] = [
        ("a workflow of deployment jobs chained by needs", Lang::GithubActions, 1_000, |n| {
            let mut y = String::from("on: push\njobs:\n");
            for i in 0..n {
                let needs = if i > 0 { format!("    needs: [deploy{}]\n", i - 1) } else { String::new() };
                y.push_str(&format!(
                    "  deploy{i}:\n{needs}    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
                ));
            }
            y
        }),
        ("a Dockerfile of stages, each built from the one before", Lang::Dockerfile, 2_000, |n| {
            let mut d = String::from("FROM python:3.12 AS s0\n");
            for i in 1..n {
                d.push_str(&format!("FROM s{} AS s{i}\nCOPY --from=s0 /a /b\nRUN pip install x\n", i - 1));
            }
            d
        }),
        ("a SQL file of NOT IN subqueries", Lang::Sql, 2_000, |n| {
            "SELECT * FROM t WHERE id NOT IN (SELECT id FROM u);\n".repeat(n)
        }),
    ];
    for (what, lang, n, make) in cases {
        let r = ratio(what, n, |n| {
            let text = make(n);
            let tree = parse_as(lang.grammar(), &text).unwrap();
            analyze_as(lang, &tree, Text::Str(&text));
        });
        assert!(r <= 6.0, "{what}: 4× the input cost {r:.1}× the time");
    }
}

#[test]
fn a_hostile_deck_parses_in_linear_time() {
    let deck = |n: usize| {
        let mut md = String::from("# T\n\n");
        for i in 0..n {
            // Half the entries reuse an id: duplicates are found through a map, not a search.
            md.push_str(&format!(
                "## Q{i}?\n\n`id: q{}` · `level: basic`\n\n### Short answer\nS.\n\n### Answer\nA.\n\n",
                i % (n / 2)
            ));
        }
        md
    };
    let n = 2_000;
    let (small, large) = (deck(n), deck(4 * n));
    let r = ratio("a deck of n headings", n, |m| {
        let text = if m == n { &small } else { &large };
        let parsed = Deck::from_text(Origin::File("hostile.md".into()), text);
        assert!(!parsed.problems.is_empty());
    });
    assert!(r <= 6.0, "4× the headings cost {r:.1}× the time");
}

/// Peak memory of `check` on one line of `n` nested lambdas (one finding each). Measured by a
/// small Python parent: a child forked from this test process would count the test's own pages.
fn check_peak_kib(dir: &std::path::Path, n: usize) -> i64 {
    let file = dir.join(format!("lambdas{n}.py"));
    std::fs::write(&file, format!("x = {}1\n", "lambda: ".repeat(n))).unwrap();
    let script = "import resource, subprocess, sys\n\
                  subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n\
                  print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = std::process::Command::new("python3")
        .args(["-c", script, env!("CARGO_BIN_EXE_interview-prep"), "check", "--format", "json"])
        .arg(&file)
        .output()
        .expect("python3 measures the peak memory");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn check_memory_does_not_grow_with_line_length() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let small = check_peak_kib(dir.path(), 150);
    let large = check_peak_kib(dir.path(), 8_000);
    eprintln!("peak RSS: 150 lambdas {small} KiB, 8,000 lambdas on one 64 KB line {large} KiB");
    // Before, every finding held a copy of its line: 8,000 × 64 KB = 520 MB.
    assert!(large < small + 16 * 1024, "{small} KiB → {large} KiB");
}
