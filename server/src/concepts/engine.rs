//! The query side of detection: compiles every `queries/python/*.scm` file into one tree-sitter
//! query (one pass over the tree finds every concept), understands its capture names and the
//! predicates that tree-sitter leaves to us, and says which Rust-side check a pattern hands to.
//!
//! Conventions (tested): an outer capture named after a concept id reports that concept; captures
//! starting with `_` are helpers; `(#set! check "name")` hands the whole match to a Rust check,
//! which then decides what to report.

use std::sync::OnceLock;

use tree_sitter::{Language, Node, Query, QueryMatch, QueryPredicateArg};

use super::catalog::{catalog, ConceptId};
use super::checks::Check;
use super::resolve::Resolver;
use crate::text::Text;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The `.scm` files compiled into the binary, as `(file name, source)`.
pub fn query_files() -> &'static [(&'static str, &'static str)] {
    embedded::QUERY_FILES
}

/// The Markdown files of the built-in deck, as `(file name, source)`.
pub fn builtin_deck_files() -> &'static [(&'static str, &'static str)] {
    embedded::DECK_FILES
}

pub fn python() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

/// What a capture index means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureRole {
    Concept(ConceptId),
    Helper,
}

/// A dotted-name pattern for `#resolves-to?`: exact, or a prefix when it ends in `.*`.
#[derive(Debug)]
struct NamePattern {
    text: String,
    prefix: bool,
}

impl NamePattern {
    fn new(s: &str) -> Self {
        match s.strip_suffix(".*") {
            Some(p) => NamePattern { text: format!("{p}."), prefix: true },
            None => NamePattern { text: s.to_string(), prefix: false },
        }
    }

    fn matches(&self, name: &str) -> bool {
        if self.prefix {
            name.starts_with(&self.text)
        } else {
            name == self.text
        }
    }
}

/// A predicate that the tree-sitter binding does not evaluate itself.
#[derive(Debug)]
enum Predicate {
    /// `(#resolves-to? @cap "qualified.name" "module.*" ...)` and its negation.
    ResolvesTo { capture: u32, names: Vec<NamePattern>, negate: bool },
    /// `(#module-level? @cap)`: the captured node is not inside any def, lambda or class.
    ModuleLevel { capture: u32 },
    /// `(#in-function? @cap)`: the node is inside a def or lambda (class bodies do not count).
    InFunction { capture: u32, negate: bool },
    /// `(#not-placeholder? @string)`: the string is not a template or filler placeholder
    /// (`"{{ secret_key }}"`, `"${API_TOKEN}"`, `"<your-key>"`, `"xxxxxxxx"`).
    NotPlaceholder { capture: u32 },
    /// `(#not-in-test? @cap)`: the node is not inside a test (a `test*`/`setUp*` def or fixture,
    /// or a `Test*`/`*Tests`/`*TestCase` class), where fake secrets and the like are expected.
    NotInTest { capture: u32 },
    /// `(#in-async-def? @cap)`: the innermost def around the node is `async def`.
    InAsyncDef { capture: u32, negate: bool },
    /// `(#has-keyword? @call "timeout")`: the call passes that keyword (or `**kwargs`).
    HasKeyword { capture: u32, name: String, negate: bool },
    /// `(#derives-from? @base "django.db.models.Model")`: the base class is one of these, or a
    /// class of this file that derives from one of them.
    DerivesFrom { capture: u32, names: Vec<NamePattern>, negate: bool },
    /// `(#resolves-match? @cap "^redis\\.Redis\\(\\)\\.(get|set)$")`: the resolved name matches.
    ResolvesMatch { capture: u32, regex: regex::Regex, negate: bool },
    /// `(#imports? "fastapi" "starlette")`: the file imports one of these modules (or below).
    Imports { modules: Vec<String> },
    /// `(#reference? @cap)`: a use of a name, not part of an import statement and not a class's
    /// base (the class itself is reported there).
    Reference { capture: u32 },
}

pub struct Engine {
    pub query: Query,
    roles: Vec<CaptureRole>,
    predicates: Vec<Vec<Predicate>>,
    checks: Vec<Option<Check>>,
}

/// A problem in a query file, with the file and line it is on.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct QueryError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

static ENGINE: OnceLock<Result<Engine, QueryError>> = OnceLock::new();

/// The compiled engine, built on first use (off the `initialize` path).
pub fn engine() -> Result<&'static Engine, &'static QueryError> {
    ENGINE.get_or_init(|| Engine::compile(query_files())).as_ref()
}

impl Engine {
    pub fn compile(files: &[(&str, &str)]) -> Result<Engine, QueryError> {
        let language = python();
        let combined: String = files.iter().map(|(_, s)| *s).collect::<Vec<_>>().join("\n");
        let query = match Query::new(&language, &combined) {
            Ok(q) => q,
            Err(e) => {
                // Compiling is costly, so only on failure: compile each file alone to name the
                // file and line at fault.
                for (name, source) in files {
                    if let Err(e) = Query::new(&language, source) {
                        return Err(QueryError { file: name.to_string(), line: e.row + 1, message: e.message });
                    }
                }
                return Err(QueryError { file: "<combined>".into(), line: e.row + 1, message: e.message });
            }
        };
        let locate = |byte: usize| -> (String, usize) {
            let mut start = 0;
            for (name, source) in files {
                let end = start + source.len() + 1;
                if byte < end {
                    return (name.to_string(), combined[start..byte].matches('\n').count() + 1);
                }
                start = end;
            }
            ("<combined>".into(), 0)
        };

        let mut roles = Vec::new();
        for name in query.capture_names() {
            if name.starts_with('_') {
                roles.push(CaptureRole::Helper);
            } else if let Some(id) = catalog().lookup(name) {
                roles.push(CaptureRole::Concept(id));
            } else {
                let needle = format!("@{name}");
                let pattern = (0..query.pattern_count())
                    .find(|&p| {
                        let start = query.start_byte_for_pattern(p);
                        let end = query.end_byte_for_pattern(p);
                        combined[start..end].contains(&needle)
                    })
                    .unwrap_or(0);
                let (file, line) = locate(query.start_byte_for_pattern(pattern));
                return Err(QueryError {
                    file,
                    line,
                    message: format!("capture @{name} is neither a concept id nor a `_helper`"),
                });
            }
        }

        let mut predicates = Vec::new();
        let mut checks = Vec::new();
        for pattern in 0..query.pattern_count() {
            let (file, line) = locate(query.start_byte_for_pattern(pattern));
            let err = |message: String| QueryError { file: file.clone(), line, message };
            let mut preds = Vec::new();
            for p in query.general_predicates(pattern) {
                if &*p.operator == "imports?" {
                    let modules: Vec<String> = p
                        .args
                        .iter()
                        .filter_map(|a| match a {
                            QueryPredicateArg::String(s) => Some(s.to_string()),
                            QueryPredicateArg::Capture(_) => None,
                        })
                        .collect();
                    if modules.is_empty() {
                        return Err(err("#imports? needs at least one module".into()));
                    }
                    preds.push(Predicate::Imports { modules });
                    continue;
                }
                let capture = match p.args.first() {
                    Some(QueryPredicateArg::Capture(c)) => *c,
                    _ => return Err(err(format!("#{} needs a capture as its first argument", p.operator))),
                };
                let strings: Vec<&str> = p.args[1..]
                    .iter()
                    .filter_map(|a| match a {
                        QueryPredicateArg::String(s) => Some(&**s),
                        QueryPredicateArg::Capture(_) => None,
                    })
                    .collect();
                preds.push(match &*p.operator {
                    "resolves-to?" | "not-resolves-to?" => {
                        if strings.is_empty() {
                            return Err(err("#resolves-to? needs at least one name".into()));
                        }
                        Predicate::ResolvesTo {
                            capture,
                            names: strings.iter().map(|s| NamePattern::new(s)).collect(),
                            negate: p.operator.starts_with("not-"),
                        }
                    }
                    "derives-from?" | "not-derives-from?" => {
                        if strings.is_empty() {
                            return Err(err("#derives-from? needs at least one name".into()));
                        }
                        Predicate::DerivesFrom {
                            capture,
                            names: strings.iter().map(|s| NamePattern::new(s)).collect(),
                            negate: p.operator.starts_with("not-"),
                        }
                    }
                    "resolves-match?" | "not-resolves-match?" => match strings.as_slice() {
                        [pattern] => Predicate::ResolvesMatch {
                            capture,
                            regex: regex::Regex::new(pattern)
                                .map_err(|e| err(format!("bad regex in #resolves-match?: {e}")))?,
                            negate: p.operator.starts_with("not-"),
                        },
                        _ => return Err(err("#resolves-match? needs exactly one regex".into())),
                    },
                    "reference?" => Predicate::Reference { capture },
                    "not-in-test?" => Predicate::NotInTest { capture },
                    "not-placeholder?" => Predicate::NotPlaceholder { capture },
                    "module-level?" => Predicate::ModuleLevel { capture },
                    "in-function?" | "not-in-function?" => {
                        Predicate::InFunction { capture, negate: p.operator.starts_with("not-") }
                    }
                    "in-async-def?" | "not-in-async-def?" => {
                        Predicate::InAsyncDef { capture, negate: p.operator.starts_with("not-") }
                    }
                    "has-keyword?" | "not-has-keyword?" => match strings.as_slice() {
                        [name] => Predicate::HasKeyword {
                            capture,
                            name: name.to_string(),
                            negate: p.operator.starts_with("not-"),
                        },
                        _ => return Err(err("#has-keyword? needs exactly one keyword name".into())),
                    },
                    other => return Err(err(format!("unknown predicate #{other}"))),
                });
            }
            predicates.push(preds);
            let mut check = None;
            for prop in query.property_settings(pattern) {
                match (&*prop.key, prop.value.as_deref()) {
                    ("check", Some(name)) => {
                        check = Some(Check::from_name(name).ok_or_else(|| err(format!("unknown check {name:?}")))?);
                    }
                    (key, _) => return Err(err(format!("unknown property {key:?}"))),
                }
            }
            checks.push(check);
        }
        Ok(Engine { query, roles, predicates, checks })
    }

    pub fn role(&self, capture: u32) -> CaptureRole {
        self.roles[capture as usize]
    }

    pub fn check(&self, pattern: usize) -> Option<Check> {
        self.checks[pattern]
    }

    /// Every concept some pattern can report directly (checks report more).
    pub fn query_concepts(&self) -> impl Iterator<Item = ConceptId> + '_ {
        self.roles.iter().filter_map(|r| match r {
            CaptureRole::Concept(id) => Some(*id),
            CaptureRole::Helper => None,
        })
    }

    /// Evaluates the predicates tree-sitter left to us. A predicate on a capture that matched
    /// no node (an optional part of the pattern) holds only in its negated form.
    pub fn predicates_hold<'t>(&self, m: &QueryMatch<'_, 't>, resolver: &Resolver<'t>, text: Text<'_>) -> bool {
        self.predicates[m.pattern_index].iter().all(|p| {
            let (capture, negate) = match p {
                Predicate::Imports { modules } => return modules.iter().any(|module| resolver.imports_module(module)),
                Predicate::ResolvesTo { capture, negate, .. }
                | Predicate::InFunction { capture, negate }
                | Predicate::InAsyncDef { capture, negate }
                | Predicate::HasKeyword { capture, negate, .. }
                | Predicate::DerivesFrom { capture, negate, .. }
                | Predicate::ResolvesMatch { capture, negate, .. } => (*capture, *negate),
                Predicate::ModuleLevel { capture }
                | Predicate::Reference { capture }
                | Predicate::NotInTest { capture }
                | Predicate::NotPlaceholder { capture } => (*capture, false),
            };
            let mut nodes = m.nodes_for_capture_index(capture).peekable();
            if nodes.peek().is_none() {
                return negate;
            }
            nodes.all(|n| match p {
                Predicate::ResolvesTo { names, negate, .. } => {
                    resolver.resolve(n).is_some_and(|q| names.iter().any(|pat| pat.matches(&q))) != *negate
                }
                Predicate::ModuleLevel { .. } => is_module_level(n),
                Predicate::InFunction { negate, .. } => resolver.enclosing_function(n).is_some() != *negate,
                Predicate::InAsyncDef { negate, .. } => {
                    resolver.enclosing_function(n).is_some_and(is_async_def) != *negate
                }
                Predicate::HasKeyword { name, negate, .. } => has_keyword(n, name, text) != *negate,
                Predicate::DerivesFrom { names, negate, .. } => {
                    resolver.base_names(n).iter().any(|q| names.iter().any(|pat| pat.matches(q))) != *negate
                }
                Predicate::ResolvesMatch { regex, negate, .. } => {
                    resolver.resolve(n).is_some_and(|q| regex.is_match(&q)) != *negate
                }
                Predicate::Reference { .. } => !in_import(n) && !is_class_base(n),
                Predicate::NotInTest { .. } => !in_test(n, resolver, text),
                Predicate::NotPlaceholder { .. } => {
                    !super::orm::string_value(n, text).is_some_and(|v| is_placeholder(&v))
                }
                Predicate::Imports { .. } => true,
            })
        })
    }
}

/// Whether a node is in no def, lambda or class. From the tree, not the resolver's scope index:
/// when one method is analysed again, that index holds only the method.
fn is_module_level(node: Node<'_>) -> bool {
    let mut cur = node.parent();
    let mut steps = 0;
    while let Some(n) = cur {
        steps += 1;
        if steps > 512 {
            return false;
        }
        if matches!(n.kind(), "function_definition" | "lambda" | "class_definition") {
            return false;
        }
        cur = n.parent();
    }
    true
}

/// Whether a node is inside test code: a `test*` / `setUp*` def, a class named like a test
/// (`Test*`, `*Tests`, `*TestCase`), or a class that derives from a test case (through classes of
/// the file too). Judged from the tree, not the resolver's scope index, which holds only the
/// analysed method when one method is analysed again.
pub fn in_test<'t>(node: Node<'t>, resolver: &Resolver<'t>, text: Text<'_>) -> bool {
    let mut cur = node.parent();
    let mut steps = 0;
    while let Some(n) = cur {
        steps += 1;
        if steps > 256 {
            return false;
        }
        if let Some(name) =
            n.child_by_field_name("name").filter(|_| matches!(n.kind(), "function_definition" | "class_definition"))
        {
            let name = text.slice(name.byte_range());
            let test = match n.kind() {
                "function_definition" => {
                    name.starts_with("test") || name.starts_with("setUp") || name.starts_with("setup")
                }
                _ => {
                    name.starts_with("Test")
                        || name.ends_with("Test")
                        || name.ends_with("Tests")
                        || name.ends_with("TestCase")
                        || is_test_case_class(n, resolver)
                }
            };
            if test {
                return true;
            }
        }
        cur = n.parent();
    }
    false
}

/// The test case classes of unittest, Django and DRF.
pub const TEST_CASE_BASES: &[&str] = &[
    "unittest.TestCase",
    "unittest.IsolatedAsyncioTestCase",
    "unittest.case.TestCase",
    "django.test.TestCase",
    "django.test.TransactionTestCase",
    "django.test.SimpleTestCase",
    "django.test.LiveServerTestCase",
    "django.contrib.staticfiles.testing.StaticLiveServerTestCase",
    "rest_framework.test.APITestCase",
    "rest_framework.test.APITransactionTestCase",
    "rest_framework.test.APISimpleTestCase",
];

/// Whether a class derives from a test case class (directly or through classes of the file).
pub fn is_test_case_class<'t>(class: Node<'t>, resolver: &Resolver<'t>) -> bool {
    let Some(bases) = class.child_by_field_name("superclasses") else { return false };
    let mut c = bases.walk();
    let found = bases
        .named_children(&mut c)
        .filter(|b| matches!(b.kind(), "identifier" | "attribute"))
        .any(|b| resolver.base_names(b).iter().any(|q| TEST_CASE_BASES.contains(&q.as_str())));
    found
}

/// A string that stands for a value filled in later: a template variable (`{{ secret_key }}`,
/// `{% ... %}`, `${API_TOKEN}`, `%(password)s`), a `<placeholder>`, or filler (`xxxx`, `****`).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if ["{{", "{%", "${", "%("].iter().any(|m| v.contains(m)) {
        return true;
    }
    if v.starts_with('<') && v.ends_with('>') {
        return true;
    }
    let mut chars = v.chars();
    match chars.next() {
        Some(first) => matches!(first, 'x' | 'X' | '*' | '.' | '_' | '-' | '?' | '#') && chars.all(|c| c == first),
        None => false,
    }
}

fn is_class_base(node: Node<'_>) -> bool {
    node.parent()
        .filter(|p| p.kind() == "argument_list")
        .and_then(|p| p.parent())
        .is_some_and(|c| c.kind() == "class_definition")
}

fn in_import(node: Node<'_>) -> bool {
    let mut cur = Some(node);
    while let Some(n) = cur {
        if matches!(n.kind(), "import_statement" | "import_from_statement" | "future_import_statement") {
            return true;
        }
        if n.kind().ends_with("statement") || n.kind() == "module" {
            return false;
        }
        cur = n.parent();
    }
    false
}

pub fn is_async_def(def: Node<'_>) -> bool {
    def.kind() == "function_definition" && def.child(0).is_some_and(|c| c.kind() == "async")
}

/// Whether a call (or its argument list) passes keyword `name`; `**kwargs` counts as passing it.
pub fn has_keyword(node: Node<'_>, name: &str, text: Text<'_>) -> bool {
    let args = if node.kind() == "call" { node.child_by_field_name("arguments") } else { Some(node) };
    let Some(args) = args else { return false };
    let mut c = args.walk();
    let found = args.named_children(&mut c).any(|a| match a.kind() {
        "keyword_argument" => a.child_by_field_name("name").is_some_and(|n| text.slice(n.byte_range()) == name),
        "dictionary_splat" => true,
        _ => false,
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_compiles_with_known_captures() {
        let engine = Engine::compile(query_files()).unwrap_or_else(|e| panic!("{e}"));
        assert!(engine.query.pattern_count() > 20);
    }

    #[test]
    fn unknown_capture_names_are_rejected_with_file_and_line() {
        let files = [("a.scm", "(lambda) @lambda\n"), ("b.scm", "\n(call) @not-a-concept\n")];
        let err = Engine::compile(&files).err().expect("must fail");
        assert_eq!((err.file.as_str(), err.line), ("b.scm", 2), "{err}");
    }

    #[test]
    fn unknown_predicates_and_checks_are_rejected() {
        let bad_pred = [("a.scm", "((identifier) @lambda (#frobnicate? @lambda))")];
        assert!(Engine::compile(&bad_pred).err().unwrap().message.contains("frobnicate"));
        let bad_check = [("a.scm", "((identifier) @_x (#set! check \"nope\"))")];
        assert!(Engine::compile(&bad_check).err().unwrap().message.contains("nope"));
    }
}

#[cfg(test)]
mod timing {
    #[test]
    #[ignore]
    fn compile_time_per_file() {
        for (name, source) in super::query_files() {
            let t = std::time::Instant::now();
            let q = tree_sitter::Query::new(&super::python(), source).unwrap();
            eprintln!("{name}: {:?} ({} patterns)", t.elapsed(), q.pattern_count());
        }
    }
}

#[cfg(test)]
mod profile {
    use streaming_iterator::StreamingIterator;

    /// `DJANGO=path cargo test --release -- --ignored match_counts --nocapture`: which patterns
    /// match how often on a real tree.
    #[test]
    #[ignore]
    fn match_counts() {
        let dir = std::env::var("DJANGO").unwrap();
        let engine = super::engine().unwrap();
        let mut counts = vec![0usize; engine.query.pattern_count()];
        let files = crate::check::collect_files(&[dir.into()]).unwrap().files;
        let t = std::time::Instant::now();
        for f in &files {
            let Ok(text) = crate::check::read_source(f) else { continue };
            let tree = crate::document::parse_str(&text).unwrap();
            let mut cursor = tree_sitter::QueryCursor::new();
            let mut m = cursor.matches(&engine.query, tree.root_node(), text.as_bytes());
            while let Some(m) = m.next() {
                counts[m.pattern_index] += 1;
            }
        }
        eprintln!("matching only: {:?}", t.elapsed());
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
        let src: String = super::query_files().iter().map(|(_, s)| *s).collect::<Vec<_>>().join("\n");
        for &i in order.iter().take(25) {
            let start = engine.query.start_byte_for_pattern(i);
            let first = src[start..].lines().next().unwrap_or("");
            eprintln!("{:>8}  {}", counts[i], first);
        }
    }
}
