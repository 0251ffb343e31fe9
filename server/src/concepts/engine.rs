//! The rule side of detection: reads the `queries/<language>/*.scm` files of one language (one
//! engine per [`Lang`], each with its own tables and residual query), puts the simple rules in
//! dispatch tables (`dispatch.rs`: one walk, each node looked up by kind and key) and compiles the
//! rest into one tree-sitter query; understands capture names and the predicates that tree-sitter
//! leaves to us, and says which Rust-side check a pattern hands to.
//!
//! Conventions (tested): an outer capture named after a concept id reports that concept; captures
//! starting with `_` are helpers; `(#set! check "name")` hands the whole match to a Rust check,
//! which then decides what to report.

use std::sync::OnceLock;

use tree_sitter::{Node, Query, QueryMatch, QueryPredicateArg};

use super::catalog::{catalog, ConceptId};
use super::checks::Check;
use super::dispatch::Dispatch;
use super::resolve::Resolver;
use super::scm;
use crate::language::{Grammar, Lang};
use crate::text::Text;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The Python `.scm` files compiled into the binary, as `(file name, source)`.
pub fn query_files() -> &'static [(&'static str, &'static str)] {
    rule_files(Lang::Python)
}

/// The `.scm` files of one language, as `(file name, source)`; none for plain YAML.
pub fn rule_files(lang: Lang) -> &'static [(&'static str, &'static str)] {
    let dir = lang.rule_dir();
    embedded::RULE_DIRS.iter().find(|(name, _)| Some(*name) == dir).map_or(&[], |(_, files)| files)
}

/// The Markdown files of the built-in deck, as `(file name, source)`.
pub fn builtin_deck_files() -> &'static [(&'static str, &'static str)] {
    embedded::DECK_FILES
}

/// What a capture index means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureRole {
    Concept(ConceptId),
    Helper,
}

/// A dotted-name pattern for `#resolves-to?`: exact, or a prefix when it ends in `.*`.
#[derive(Debug)]
pub struct NamePattern {
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

    /// As a table key: the name, or the prefix (ending in `.`) followed by `*`.
    pub fn key(&self) -> String {
        if self.prefix {
            format!("{}*", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// A rule's regex, compiled when a rule first evaluates it: start-up reads every rule of every
/// language, while a file meets few of their regexes. Rules are compiled into the binary and a
/// test compiles every one of their regexes, so one that does not compile is a bug of ours: it
/// matches nothing, and says so in the log.
#[derive(Debug)]
pub struct RuleRegex {
    source: String,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl RuleRegex {
    pub fn new(source: &str) -> Self {
        RuleRegex { source: source.to_string(), compiled: OnceLock::new() }
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.compiled().is_ok_and(|r| r.is_match(text))
    }

    fn compiled(&self) -> Result<&regex::Regex, String> {
        let compiled = self.compiled.get_or_init(|| match regex::Regex::new(&self.source) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::error!("rule regex `{}` does not compile: {e}", self.source);
                None
            }
        });
        compiled.as_ref().ok_or_else(|| format!("`{}` does not compile", self.source))
    }
}

/// An argument of a predicate: a capture (by index) or a string.
#[derive(Clone, Debug)]
pub enum PredicateArg {
    Capture(u32),
    String(String),
}

/// A predicate that the tree-sitter binding does not evaluate itself (and, for the rules read
/// into [`super::dispatch`], the text predicates it would have).
#[derive(Debug)]
pub enum Predicate {
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
    ResolvesMatch { capture: u32, regex: RuleRegex, negate: bool },
    /// `(#imports? "fastapi" "starlette")`: the file imports one of these modules (or below).
    Imports { modules: Vec<String> },
    /// `(#reference? @cap)`: a use of a name, not part of an import statement and not a class's
    /// base (the class itself is reported there).
    Reference { capture: u32 },
    /// `(#eq? @cap "text")`, `(#any-of? @cap "a" "b")` and their negations: the captured text is
    /// one of these (dispatched rules only; tree-sitter evaluates these in queries).
    TextAnyOf { capture: u32, values: Vec<String>, negate: bool },
    /// `(#match? @cap "regex")` and its negation (dispatched rules only).
    TextMatch { capture: u32, regex: RuleRegex, negate: bool },
}

impl Predicate {
    /// One of our predicates from its operator (without `#`) and arguments.
    pub fn parse(operator: &str, args: &[PredicateArg]) -> Result<Predicate, String> {
        let strings: Vec<&str> = args
            .iter()
            .filter_map(|a| match a {
                PredicateArg::String(s) => Some(s.as_str()),
                PredicateArg::Capture(_) => None,
            })
            .collect();
        if operator == "imports?" {
            if strings.is_empty() {
                return Err("#imports? needs at least one module".into());
            }
            return Ok(Predicate::Imports { modules: strings.iter().map(|s| s.to_string()).collect() });
        }
        let capture = match args.first() {
            Some(PredicateArg::Capture(c)) => *c,
            _ => return Err(format!("#{operator} needs a capture as its first argument")),
        };
        let strings = &strings[..];
        let negate = operator.starts_with("not-");
        Ok(match operator {
            "resolves-to?" | "not-resolves-to?" => {
                if strings.is_empty() {
                    return Err("#resolves-to? needs at least one name".into());
                }
                Predicate::ResolvesTo { capture, names: strings.iter().map(|s| NamePattern::new(s)).collect(), negate }
            }
            "derives-from?" | "not-derives-from?" => {
                if strings.is_empty() {
                    return Err("#derives-from? needs at least one name".into());
                }
                Predicate::DerivesFrom { capture, names: strings.iter().map(|s| NamePattern::new(s)).collect(), negate }
            }
            "resolves-match?" | "not-resolves-match?" => match strings {
                [pattern] => Predicate::ResolvesMatch { capture, regex: RuleRegex::new(pattern), negate },
                _ => return Err("#resolves-match? needs exactly one regex".into()),
            },
            "reference?" => Predicate::Reference { capture },
            "not-in-test?" => Predicate::NotInTest { capture },
            "not-placeholder?" => Predicate::NotPlaceholder { capture },
            "module-level?" => Predicate::ModuleLevel { capture },
            "in-function?" | "not-in-function?" => Predicate::InFunction { capture, negate },
            "in-async-def?" | "not-in-async-def?" => Predicate::InAsyncDef { capture, negate },
            "has-keyword?" | "not-has-keyword?" => match strings {
                [name] => Predicate::HasKeyword { capture, name: name.to_string(), negate },
                _ => return Err("#has-keyword? needs exactly one keyword name".into()),
            },
            other => return Err(format!("unknown predicate #{other}")),
        })
    }

    /// A text predicate tree-sitter would evaluate (`eq?`, `any-of?`, `match?` and their `not-`
    /// forms) on a capture and strings only; `None` for anything else.
    pub fn parse_text(operator: &str, args: &[PredicateArg]) -> Option<Predicate> {
        let (PredicateArg::Capture(capture), rest) = args.split_first()? else { return None };
        let strings: Vec<String> = rest
            .iter()
            .map(|a| match a {
                PredicateArg::String(s) => Some(s.clone()),
                PredicateArg::Capture(_) => None,
            })
            .collect::<Option<_>>()?;
        let negate = operator.starts_with("not-");
        match (operator.trim_start_matches("not-"), strings.as_slice()) {
            ("eq?", [_]) | ("any-of?", [_, ..]) => {
                Some(Predicate::TextAnyOf { capture: *capture, values: strings, negate })
            }
            ("match?", [pattern]) => {
                Some(Predicate::TextMatch { capture: *capture, regex: RuleRegex::new(pattern), negate })
            }
            _ => None,
        }
    }
}

pub struct Engine {
    /// The rules that are not of the simple subset, as one tree-sitter query.
    pub query: Query,
    roles: Vec<CaptureRole>,
    predicates: Vec<Vec<Predicate>>,
    checks: Vec<Option<Check>>,
    /// The simple rules, by node kind and key.
    pub dispatch: Dispatch,
    /// The query's source (the rules left to tree-sitter), for profiles.
    pub source: String,
}

/// A problem in a query file, with the file and line it is on.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct QueryError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The compiled Python engine, built on first use (off the `initialize` path).
pub fn engine() -> Result<&'static Engine, &'static QueryError> {
    engine_for(Lang::Python)
}

/// The compiled engine of one language, built on first use.
pub fn engine_for(lang: Lang) -> Result<&'static Engine, &'static QueryError> {
    static ENGINES: [OnceLock<Result<Engine, QueryError>>; Lang::ALL.len()] =
        [const { OnceLock::new() }; Lang::ALL.len()];
    ENGINES[lang as usize].get_or_init(|| Engine::compile_for(lang.grammar(), rule_files(lang), true)).as_ref()
}

impl Engine {
    /// The engine for these rule files: the simple rules read into [`Dispatch`] tables, the rest
    /// compiled into one tree-sitter query.
    pub fn compile(files: &[(&str, &str)]) -> Result<Engine, QueryError> {
        Engine::compile_with(files, true)
    }

    /// [`Engine::compile`]; without `dispatch` every rule is a tree-sitter pattern (what the
    /// dispatch tables are tested against).
    pub fn compile_with(files: &[(&str, &str)], dispatch: bool) -> Result<Engine, QueryError> {
        Engine::compile_for(Grammar::Python, files, dispatch)
    }

    /// [`Engine::compile_with`] for any grammar's rule files.
    pub fn compile_for(grammar: Grammar, files: &[(&str, &str)], dispatch: bool) -> Result<Engine, QueryError> {
        let info = grammar.info();
        let language = &info.language;
        let mut table = Dispatch::default();
        // What tree-sitter compiles: (file, line of the first line, source).
        let mut pieces: Vec<(&str, usize, &str)> = Vec::new();
        for (name, source) in files {
            match scm::patterns(source).filter(|_| dispatch) {
                Some(patterns) => {
                    for p in patterns {
                        let line = source[..p.span.start].matches('\n').count() + 1;
                        if table.add(info, &p, name, line).is_err() {
                            pieces.push((name, line, &source[p.span.clone()]));
                        }
                    }
                }
                None => pieces.push((name, 1, source)),
            }
        }
        let mut combined = String::new();
        let mut starts: Vec<(usize, &str, usize)> = Vec::new();
        for (name, line, text) in &pieces {
            starts.push((combined.len(), name, *line));
            combined.push_str(text);
            combined.push('\n');
        }
        let locate = |byte: usize| -> (String, usize) {
            match starts.iter().rev().find(|(start, _, _)| *start <= byte) {
                Some((start, name, line)) => (name.to_string(), line + combined[*start..byte].matches('\n').count()),
                None => ("<combined>".into(), 0),
            }
        };
        let query = match Query::new(language, &combined) {
            Ok(q) => q,
            Err(e) => {
                // Compiling is costly, so only on failure: compile each piece alone to name the
                // file and line at fault.
                for (name, line, text) in &pieces {
                    if let Err(e) = Query::new(language, text) {
                        return Err(QueryError { file: name.to_string(), line: line + e.row, message: e.message });
                    }
                }
                let (file, line) = locate(e.offset);
                return Err(QueryError { file, line, message: e.message });
            }
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
                let args: Vec<PredicateArg> = p
                    .args
                    .iter()
                    .map(|a| match a {
                        QueryPredicateArg::String(s) => PredicateArg::String(s.to_string()),
                        QueryPredicateArg::Capture(c) => PredicateArg::Capture(*c),
                    })
                    .collect();
                preds.push(Predicate::parse(&p.operator, &args).map_err(err)?);
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
        Ok(Engine { query, roles, predicates, checks, dispatch: table, source: combined })
    }

    pub fn role(&self, capture: u32) -> CaptureRole {
        self.roles[capture as usize]
    }

    pub fn check(&self, pattern: usize) -> Option<Check> {
        self.checks[pattern]
    }

    /// Every concept some pattern can report directly (checks report more).
    pub fn query_concepts(&self) -> impl Iterator<Item = ConceptId> + '_ {
        self.roles
            .iter()
            .filter_map(|r| match r {
                CaptureRole::Concept(id) => Some(*id),
                CaptureRole::Helper => None,
            })
            .chain(self.dispatch.concepts())
    }

    /// Every concept the engine can report: its patterns' captures and what its checks report.
    pub fn concepts(&self) -> std::collections::HashSet<ConceptId> {
        let checks = self.checks.iter().flatten().copied().chain(self.dispatch.checks());
        let by_checks = checks.flat_map(|c| c.reports().iter().filter_map(|id| super::concept(id)));
        self.query_concepts().chain(by_checks).collect()
    }

    /// Evaluates the predicates tree-sitter left to us for a query match.
    pub fn predicates_hold<'t>(&self, m: &QueryMatch<'_, 't>, resolver: &Resolver<'t>, text: Text<'_>) -> bool {
        predicates_hold(&self.predicates[m.pattern_index], &|c| m.nodes_for_capture_index(c), resolver, text)
    }
}

/// Whether every predicate holds, given the nodes of each capture. A predicate on a capture
/// that matched no node (an optional part of the pattern) holds only in its negated form.
pub fn predicates_hold<'t, I: Iterator<Item = Node<'t>>>(
    predicates: &[Predicate],
    nodes: &dyn Fn(u32) -> I,
    resolver: &Resolver<'t>,
    text: Text<'_>,
) -> bool {
    predicates.iter().all(|p| {
        let (capture, negate) = match p {
            Predicate::Imports { modules } => return modules.iter().any(|module| resolver.imports_module(module)),
            Predicate::ResolvesTo { capture, negate, .. }
            | Predicate::InFunction { capture, negate }
            | Predicate::InAsyncDef { capture, negate }
            | Predicate::HasKeyword { capture, negate, .. }
            | Predicate::DerivesFrom { capture, negate, .. }
            | Predicate::ResolvesMatch { capture, negate, .. }
            | Predicate::TextAnyOf { capture, negate, .. }
            | Predicate::TextMatch { capture, negate, .. } => (*capture, *negate),
            Predicate::ModuleLevel { capture }
            | Predicate::Reference { capture }
            | Predicate::NotInTest { capture }
            | Predicate::NotPlaceholder { capture } => (*capture, false),
        };
        let mut nodes = nodes(capture).peekable();
        if nodes.peek().is_none() {
            // As tree-sitter has it for text predicates: nothing to test, nothing fails.
            return negate || matches!(p, Predicate::TextAnyOf { .. } | Predicate::TextMatch { .. });
        }
        nodes.all(|n| match p {
            Predicate::ResolvesTo { names, negate, .. } => {
                resolver.resolve(n).is_some_and(|q| names.iter().any(|pat| pat.matches(&q))) != *negate
            }
            Predicate::ModuleLevel { .. } => is_module_level(n),
            Predicate::InFunction { negate, .. } => resolver.enclosing_function(n).is_some() != *negate,
            Predicate::InAsyncDef { negate, .. } => resolver.enclosing_function(n).is_some_and(is_async_def) != *negate,
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
                !super::orm::string_value(n, text).is_some_and(|v| is_placeholder(&v) || names_itself(n, &v, text))
            }
            Predicate::TextAnyOf { values, negate, .. } => {
                let t = text.slice(n.byte_range());
                values.iter().any(|v| *v == t) != *negate
            }
            Predicate::TextMatch { regex, negate, .. } => regex.is_match(&text.slice(n.byte_range())) != *negate,
            Predicate::Imports { .. } => true,
        })
    })
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

/// Whether a node is inside test code: a `test*` / `setUp*` def (its decorators included), a
/// class named like a test (`Test*`, `*Tests`, `*TestCase`) or deriving from a test case
/// (through classes of the file too), or anywhere in a test module (one that defines a test at
/// its top level: its constants and helpers are fixtures). Judged from the tree, not the
/// resolver's scope index, which holds only the analysed method when one method is analysed
/// again.
pub fn in_test<'t>(node: Node<'t>, resolver: &Resolver<'t>, text: Text<'_>) -> bool {
    let mut cur = node.parent();
    let mut steps = 0;
    let mut top = node;
    while let Some(n) = cur {
        steps += 1;
        if steps > 256 {
            return false;
        }
        // `@override_settings(SECRET="x")` above a test belongs to the test.
        let def = match n.kind() {
            "decorated_definition" => n.child_by_field_name("definition"),
            "function_definition" | "class_definition" => Some(n),
            _ => None,
        };
        if def.is_some_and(|d| is_test_definition(d, resolver, text)) {
            return true;
        }
        top = n;
        cur = n.parent();
    }
    top.kind() == "module" && resolver.test_module(|module| is_test_module(module, resolver, text))
}

/// A `test*` / `setUp*` def, or a test class by name or base.
fn is_test_definition<'t>(def: Node<'t>, resolver: &Resolver<'t>, text: Text<'_>) -> bool {
    let Some(name) = def.child_by_field_name("name") else { return false };
    let name = text.slice(name.byte_range());
    match def.kind() {
        "function_definition" => name.starts_with("test") || name.starts_with("setUp") || name.starts_with("setup"),
        "class_definition" => {
            name.starts_with("Test")
                || name.ends_with("Test")
                || name.ends_with("Tests")
                || name.ends_with("TestCase")
                || is_test_case_class(def, resolver)
        }
        _ => false,
    }
}

/// Whether a module defines a test at its top level: a `test_*` function (as the unit-testing
/// rule has it) or a test class.
pub fn is_test_module<'t>(module: Node<'t>, resolver: &Resolver<'t>, text: Text<'_>) -> bool {
    let mut c = module.walk();
    let found = module.named_children(&mut c).any(|stmt| {
        let def =
            if stmt.kind() == "decorated_definition" { stmt.child_by_field_name("definition") } else { Some(stmt) };
        def.is_some_and(|d| match d.kind() {
            "function_definition" => d.child_by_field_name("name").is_some_and(|n| {
                let name = text.slice(n.byte_range());
                name.starts_with("test_") || name == "test"
            }),
            "class_definition" => is_test_definition(d, resolver, text),
            _ => false,
        })
    });
    found
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

/// Whether a string is the value of an assignment to a name made of the same words, or of some
/// of them and not only the secret's own (`PASSWORD = "password"`, `ACTIVATION_TOKEN =
/// "activation"`, `PASSWORD_CHANGE_TOKEN = "change-password"`): a choice or label constant, not a
/// secret. `SECRET_KEY = "secret"` stays a (weak) secret.
fn names_itself(string: Node<'_>, value: &str, text: Text<'_>) -> bool {
    let Some(left) = string
        .parent()
        .filter(|p| p.kind() == "assignment" && p.child_by_field_name("right") == Some(string))
        .and_then(|p| p.child_by_field_name("left"))
    else {
        return false;
    };
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase().split(['_', '-', ' ', '.']).filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    let (name, value) = (words(&text.slice(left.byte_range())), words(value.trim()));
    if value.is_empty() || !value.iter().all(|w| name.contains(w)) {
        return false;
    }
    const SECRET_WORDS: &[&str] = &["secret", "key", "password", "passwd", "api", "access", "private", "token"];
    value.len() == name.len() || value.iter().any(|w| !SECRET_WORDS.contains(&w.as_str()))
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
        assert!(engine.dispatch.rules.len() > 250, "the rules are read into tables");
        // Every rule also compiles as a tree-sitter pattern (the tables' oracle).
        let slow = Engine::compile_with(query_files(), false).unwrap_or_else(|e| panic!("{e}"));
        assert!(slow.query.pattern_count() > 250 && slow.dispatch.is_empty());
    }

    #[test]
    fn every_rule_regex_compiles() {
        // Rule regexes compile on first use; a bad one would silently match nothing.
        let mut seen = 0;
        for lang in Lang::ALL {
            let engine = engine_for(lang).unwrap_or_else(|e| panic!("{e}"));
            let rules = engine.dispatch.rules.iter().flat_map(|r| r.predicates());
            for p in rules.chain(engine.predicates.iter().flatten()) {
                if let Predicate::ResolvesMatch { regex, .. } | Predicate::TextMatch { regex, .. } = p {
                    regex.compiled().unwrap_or_else(|e| panic!("{lang:?}: {e}"));
                    seen += 1;
                }
            }
        }
        assert!(seen > 50, "{seen} regexes");
    }

    #[test]
    fn a_rule_the_tables_cannot_read_is_left_to_tree_sitter() {
        // A quantifier: not of the simple subset.
        let files = [("a.scm", "((call arguments: (argument_list (string)+)) @lambda)\n(lambda) @lambda\n")];
        let engine = Engine::compile(&files).unwrap();
        assert_eq!((engine.dispatch.rules.len(), engine.query.pattern_count()), (1, 1));
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
            let q = tree_sitter::Query::new(&crate::language::Grammar::Python.language(), source).unwrap();
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

#[cfg(test)]
mod split {
    #[test]
    #[ignore]
    fn how_rules_are_split() {
        let e = super::Engine::compile(super::query_files()).unwrap();
        eprintln!("tables: {} rules; query: {} patterns", e.dispatch.rules.len(), e.query.pattern_count());
        for p in 0..e.query.pattern_count() {
            let (a, b) = (e.query.start_byte_for_pattern(p), e.query.end_byte_for_pattern(p));
            eprintln!("--- {}", e.source[a..b].split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}
