//! Quick fixes as data: `tests/fixes/<name>.<ext>` (any language the server reads) starts with
//! `# fix: <concept-id>` in the file's comment syntax; the first finding of that concept is
//! fixed and the result must equal `<name>.fixed.<ext>`, parse without errors, and no longer
//! have that finding. `UPDATE_FIXES=1` rewrites the expected files.

use std::path::{Path, PathBuf};

use super::{fix_for, FixOptions};
use crate::concepts::analyze_as;
use crate::document::parse_as;
use crate::language::Lang;
use crate::text::Text;

fn cases() -> Vec<(PathBuf, Lang)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixes");
    let mut out: Vec<(PathBuf, Lang)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !p.to_string_lossy().contains(".fixed."))
        .filter_map(|p| Lang::of_path(&p, || std::fs::read_to_string(&p).ok()).map(|l| (p, l)))
        .collect();
    out.sort();
    out
}

/// `<name>.fixed.<ext>` for `<name>.<ext>`.
fn expected_path(case: &Path) -> PathBuf {
    let ext = case.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    case.with_extension(format!("fixed.{ext}"))
}

fn apply(text: &str, mut edits: Vec<super::Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    let mut last = usize::MAX;
    for e in edits {
        assert!(e.range.end <= last, "edits overlap");
        out.replace_range(e.range.clone(), &e.text);
        last = e.range.start;
    }
    out
}

#[test]
fn every_fix_case() {
    let update = std::env::var_os("UPDATE_FIXES").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 8);
    for (case, lang) in &cases {
        let (case, lang) = (case, *lang);
        let text = std::fs::read_to_string(case).unwrap();
        let marker = format!("{} fix: ", lang.comment());
        let concept =
            text.lines().next().and_then(|l| l.strip_prefix(&marker)).expect("# fix: <concept>").trim().to_string();
        let tree = parse_as(lang.grammar(), &text).unwrap();
        let findings = analyze_as(lang, &tree, Text::Str(&text)).findings;
        let before = findings.iter().filter(|f| f.id() == concept).count();
        let Some(target) = findings.iter().find(|f| f.id() == concept) else {
            failures.push(format!("{}: no {concept} finding to fix", case.display()));
            continue;
        };
        let Some(fix) = fix_for(target, lang, &tree, Text::Str(&text), &FixOptions::default()) else {
            failures.push(format!("{}: no fix offered", case.display()));
            continue;
        };
        let fixed = apply(&text, fix.edits);
        let expected_path = expected_path(case);
        if update {
            std::fs::write(&expected_path, &fixed).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if fixed != expected {
            failures.push(format!("{}:\n--- expected\n{expected}\n--- got\n{fixed}", case.display()));
            continue;
        }
        let new_tree = parse_as(lang.grammar(), &fixed).unwrap();
        if new_tree.root_node().has_error() {
            failures.push(format!("{}: the fixed code does not parse", case.display()));
        }
        let after =
            analyze_as(lang, &new_tree, Text::Str(&fixed)).findings.iter().filter(|f| f.id() == concept).count();
        if after != before - 1 {
            failures
                .push(format!("{}: {concept} findings went from {before} to {after}, not one fewer", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
