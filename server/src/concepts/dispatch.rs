//! The one-pass half of detection. Most rules in `queries/<language>/*.scm` are simple: a call whose
//! function resolves to one of some names, a decorator, a class deriving from a base, a method
//! name, an identifier. Matched by tree-sitter, each such pattern starts at every node of its
//! kind (every call starts some fifty of them) and resolves the same name again. Here they are
//! read from the same files into tables: one walk over the tree, and for each node the rules of
//! its kind, found by the key that decides them — the qualified name the function resolves to
//! (once per node), the bases a class derives from, or the text of a name — so a call costs one
//! resolution and a hash lookup, not fifty matches.
//!
//! Only a subset of the query language is read this way: node kinds, `_`, anonymous tokens
//! (`"async"`), fields and `!field`, positional children in order with `.` anchors, `[...]`
//! alternations (also of whole patterns), captures, `#set! check`, and the predicates of
//! [`super::engine`] plus `#eq?`, `#any-of?` and `#match?` on text. Anything else (quantifiers,
//! supertypes) stays a tree-sitter pattern; the rule files do not say which, and a test holds the
//! two ways to the same findings.

use std::collections::HashMap;

use tree_sitter::Node;

use super::catalog::catalog;
use super::checks::Check;
use super::engine::{CaptureRole, Predicate, PredicateArg};
use super::resolve::Resolver;
use super::scm::{Form, Pattern};
use super::{Captures, Ctx};
use crate::language::GrammarInfo;
use crate::text::Text;

/// A capture within one rule, by its index in [`Rule::captures`].
type Capture = u32;

/// The nodes one way of matching a rule binds, by capture.
type Binding<'t> = Vec<(Capture, Node<'t>)>;

/// A node of a rule: its kinds (`None`: any named node), the child patterns it requires, and
/// the captures put on it.
#[derive(Debug)]
struct NodePat {
    kinds: Option<Vec<u16>>,
    /// `false` for an anonymous token (`"async"`).
    named: bool,
    /// Children by field, each matched on its own (the grammar fixes the order of fields).
    children: Vec<ChildPat>,
    /// Positional children, in this order among the node's children.
    sequence: Vec<ChildPat>,
    /// `.` after the last positional child: it is the last named child.
    last: bool,
    /// `!field`: the node has no child in these fields.
    absent: Vec<u16>,
    captures: Vec<Capture>,
}

/// A required child: by field, or by position; one of `alts`; captured as `captures`.
#[derive(Debug)]
struct ChildPat {
    field: Option<u16>,
    /// The field can hold several children (node-types.json says so for some kind of the
    /// parent): all are tried. Otherwise the one child is looked up directly.
    multiple: bool,
    /// `.` before a positional child: the first named child, or the named child right after the
    /// previous positional one.
    anchored: bool,
    alts: Vec<NodePat>,
    captures: Vec<Capture>,
}

/// A rule read into the table.
#[derive(Debug)]
pub struct Rule {
    root: NodePat,
    names: Vec<String>,
    roles: Vec<CaptureRole>,
    predicates: Vec<Predicate>,
    /// `(#set! check "name")`: the match goes to this check, which decides what to report.
    check: Option<Check>,
    /// Where the rule came from, for messages and tests.
    pub file: String,
    pub line: usize,
}

impl Rule {
    /// The rule's predicates (tests check every regex among them compiles).
    #[cfg(test)]
    pub fn predicates(&self) -> &[Predicate] {
        &self.predicates
    }

    pub fn capture(&self, name: &str) -> Option<Capture> {
        self.names.iter().position(|n| n == name).map(|i| i as Capture)
    }

    pub fn role(&self, capture: Capture) -> CaptureRole {
        self.roles[capture as usize]
    }
}

/// What a rule is looked up by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum KeySpace {
    /// The qualified name the key node resolves to.
    Resolved,
    /// Every qualified name a class base stands for (itself and, transitively, its bases).
    Bases,
    /// The key node's text.
    Text,
}

/// The rules of one node kind that share a key: the path of fields from the node to the key
/// node, and the rules by key.
/// One step from a node to its key node: a field (and whether it can hold several children),
/// or any named child (the first only, when anchored).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Field(u16, bool),
    Child { first: bool },
}

/// A key a rule is filed under.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Exact(String),
    /// Keys starting with this.
    Prefix(String),
}

#[derive(Debug, Default)]
struct Group {
    /// From the node to the key node.
    path: Vec<Step>,
    space: Option<KeySpace>,
    exact: HashMap<String, Vec<usize>>,
    /// Rules for every key starting with a prefix (`"name.*"`, a regex's literal start).
    prefixes: Vec<(String, usize)>,
}

#[derive(Debug, Default)]
struct KindRules {
    groups: Vec<Group>,
    /// Rules without a key: tried at every node of the kind.
    always: Vec<usize>,
}

/// Every rule read into the table, by the kind of node they start at.
#[derive(Debug, Default)]
pub struct Dispatch {
    pub rules: Vec<Rule>,
    by_kind: Vec<Option<KindRules>>,
}

/// A rule pattern that is not of the subset: it stays a tree-sitter pattern.
pub struct NotSimple;

impl Dispatch {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Reads one pattern into the table, or says it is not of the simple subset (or names a
    /// capture the engine would refuse: tree-sitter then reports it with file and line).
    pub fn add(&mut self, g: &GrammarInfo, pattern: &Pattern, file: &str, line: usize) -> Result<(), NotSimple> {
        // `[(a) (b)] @capture` or `([(a) @x (b) @x] (#predicate ...))`: one rule per alternative
        // (a node is of one kind).
        let split: Option<Vec<Pattern>> = match &pattern.form {
            Form::Alt(alts) => Some(
                alternatives(alts)?
                    .into_iter()
                    .map(|(form, caps)| {
                        let mut after = caps;
                        after.extend(pattern.after.iter().cloned());
                        Pattern { span: pattern.span.clone(), form, after }
                    })
                    .collect(),
            ),
            Form::List(items) => {
                // The alternation, and captures on it: `([...] @c ...)` or `(([...] @c) ...)`.
                let (alts, on_alt): (&[Form], &[Form]) = match items.first() {
                    Some(Form::Alt(alts)) => (alts, &[]),
                    Some(Form::List(inner)) => match inner.split_first() {
                        Some((Form::Alt(alts), caps)) => (alts, caps),
                        _ => (&[], &[]),
                    },
                    _ => (&[], &[]),
                };
                if alts.is_empty() {
                    None
                } else {
                    if on_alt.iter().any(|c| !c.atom().is_some_and(|a| a.starts_with('@'))) {
                        return Err(NotSimple);
                    }
                    Some(
                        alternatives(alts)?
                            .into_iter()
                            .map(|(form, caps)| {
                                let mut list = vec![form];
                                list.extend(caps.into_iter().map(Form::Atom));
                                list.extend(on_alt.iter().cloned());
                                list.extend(items[1..].iter().cloned());
                                Pattern {
                                    span: pattern.span.clone(),
                                    form: Form::List(list),
                                    after: pattern.after.clone(),
                                }
                            })
                            .collect(),
                    )
                }
            }
            Form::Atom(_) => None,
        };
        if let Some(patterns) = split {
            let rules = patterns.iter().map(|p| parse_rule(g, p, file, line)).collect::<Result<Vec<_>, _>>()?;
            for rule in rules {
                self.insert(rule)?;
            }
            return Ok(());
        }
        self.insert(parse_rule(g, pattern, file, line)?)
    }

    fn insert(&mut self, rule: Rule) -> Result<(), NotSimple> {
        let index = self.rules.len();
        let kinds: Vec<u16> = match &rule.root.kinds {
            Some(k) => k.clone(),
            // A rule on any node would run everywhere: not worth a table.
            None => return Err(NotSimple),
        };
        let guard = guard(&rule);
        for kind in kinds {
            let slot = kind as usize;
            if self.by_kind.len() <= slot {
                self.by_kind.resize_with(slot + 1, || None);
            }
            let rules = self.by_kind[slot].get_or_insert_with(KindRules::default);
            match &guard {
                Some((path, space, keys)) => {
                    let group = match rules.groups.iter().position(|g| &g.path == path && g.space == Some(*space)) {
                        Some(i) => &mut rules.groups[i],
                        None => {
                            rules.groups.push(Group { path: path.clone(), space: Some(*space), ..Group::default() });
                            rules.groups.last_mut().expect("just pushed")
                        }
                    };
                    for key in keys {
                        match key {
                            Key::Prefix(prefix) => group.prefixes.push((prefix.clone(), index)),
                            Key::Exact(key) => group.exact.entry(key.clone()).or_default().push(index),
                        }
                    }
                }
                None => rules.always.push(index),
            }
        }
        self.rules.push(rule);
        Ok(())
    }

    /// Every concept some rule reports.
    pub fn concepts(&self) -> impl Iterator<Item = super::ConceptId> + '_ {
        self.rules.iter().flat_map(|r| r.roles.iter()).filter_map(|r| match r {
            CaptureRole::Concept(id) => Some(*id),
            CaptureRole::Helper => None,
        })
    }

    /// The checks the rules hand their matches to.
    pub fn checks(&self) -> impl Iterator<Item = Check> + '_ {
        self.rules.iter().filter_map(|r| r.check)
    }

    /// The rules to try at `node`: those of its kind whose key it has, and the keyless ones.
    /// `out` is cleared first; a rule may appear twice (a key found twice).
    fn candidates<'t>(&self, node: Node<'t>, resolver: &Resolver<'t>, text: Text<'_>, out: &mut Vec<usize>) {
        out.clear();
        let Some(Some(rules)) = self.by_kind.get(node.kind_id() as usize) else { return };
        out.extend_from_slice(&rules.always);
        for g in &rules.groups {
            let mut look = |key_node: Node<'t>| {
                let mut find = |key: &str| {
                    if let Some(rules) = g.exact.get(key) {
                        out.extend_from_slice(rules);
                    }
                    for (prefix, rule) in &g.prefixes {
                        if key.starts_with(prefix.as_str()) {
                            out.push(*rule);
                        }
                    }
                };
                match g.space {
                    Some(KeySpace::Resolved) => {
                        if let Some(q) = resolver.resolve(key_node) {
                            find(&q);
                        }
                    }
                    Some(KeySpace::Bases) => {
                        for q in resolver.base_names(key_node) {
                            find(&q);
                        }
                    }
                    Some(KeySpace::Text) => find(&text.slice(key_node.byte_range())),
                    None => {}
                }
            };
            follow(node, &g.path, &mut look);
        }
    }

    /// Runs the table over the nodes of `root` that overlap `range`, not descending below
    /// `max_depth` levels: each rule that matches reports its concept captures, or hands the match
    /// to its check. Returns the first subtree left out for its depth, if any.
    pub(crate) fn run<'t>(
        &self,
        root: Node<'t>,
        range: &std::ops::Range<usize>,
        max_depth: usize,
        ctx: &mut Ctx<'_, 't>,
    ) -> Option<std::ops::Range<usize>> {
        let mut skipped = None;
        if self.rules.is_empty() {
            return skipped;
        }
        let (resolver, text) = (ctx.resolver, ctx.text);
        let mut cursor = root.walk();
        let mut depth = 0usize;
        let mut candidates = Vec::new();
        let mut bindings: Vec<Binding<'t>> = Vec::new();
        let mut prefix = Vec::new();
        loop {
            let node = cursor.node();
            let inside = node.end_byte() > range.start && node.start_byte() < range.end;
            if inside && node.is_named() {
                self.candidates(node, resolver, text, &mut candidates);
                if candidates.len() > 1 {
                    candidates.sort_unstable();
                    candidates.dedup();
                }
                for &i in &candidates {
                    let rule = &self.rules[i];
                    bindings.clear();
                    prefix.clear();
                    match_node(&rule.root, node, &mut prefix, &mut bindings);
                    for binding in &bindings {
                        let nodes = |c: Capture| binding.iter().filter(move |(k, _)| *k == c).map(|(_, n)| *n);
                        if !super::engine::predicates_hold(&rule.predicates, &nodes, resolver, text) {
                            continue;
                        }
                        match rule.check {
                            Some(check) => check.run(&Captures::Table { rule, binding }, ctx),
                            None => {
                                for (capture, n) in binding {
                                    if let CaptureRole::Concept(id) = rule.roles[*capture as usize] {
                                        ctx.report(id, n.byte_range());
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if inside && depth >= max_depth && skipped.is_none() && node.child_count() > 0 {
                skipped = Some(node.byte_range());
            }
            if inside && depth < max_depth && cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if depth == 0 {
                    return skipped;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                cursor.goto_parent();
                depth -= 1;
            }
        }
    }
}

/// The alternatives of a top-level `[...]`, each with the captures written after it.
fn alternatives(alts: &[Form]) -> Result<Vec<(Form, Vec<String>)>, NotSimple> {
    let mut out: Vec<(Form, Vec<String>)> = Vec::new();
    for f in alts {
        match f {
            Form::Atom(a) if a.starts_with('@') => out.last_mut().ok_or(NotSimple)?.1.push(a.clone()),
            Form::List(_) => out.push((f.clone(), Vec::new())),
            _ => return Err(NotSimple),
        }
    }
    Ok(out)
}

/// Calls `f` with every node at the end of `path` from `node`.
fn follow<'t>(node: Node<'t>, path: &[Step], f: &mut dyn FnMut(Node<'t>)) {
    let Some((step, rest)) = path.split_first() else {
        f(node);
        return;
    };
    match *step {
        Step::Field(field, false) => {
            if let Some(child) = node.child_by_field_id(field) {
                follow(child, rest, f);
            }
        }
        Step::Field(field, true) => {
            let mut c = node.walk();
            let children: Vec<Node<'t>> = node.children_by_field_id(field_id(field), &mut c).collect();
            for child in children {
                follow(child, rest, f);
            }
        }
        Step::Child { first: true } => {
            if let Some(child) = node.named_child(0) {
                follow(child, rest, f);
            }
        }
        Step::Child { first: false } => {
            let mut c = node.walk();
            let children: Vec<Node<'t>> = node.named_children(&mut c).collect();
            for child in children {
                follow(child, rest, f);
            }
        }
    }
}

fn field_id(field: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(field).expect("field ids start at 1")
}

/// Every way `p` matches at `n`, each as the captures it binds (after `prefix`), into `out`.
fn match_node<'t>(p: &NodePat, n: Node<'t>, prefix: &mut Binding<'t>, out: &mut Vec<Binding<'t>>) {
    if n.is_named() != p.named || p.kinds.as_ref().is_some_and(|k| !k.contains(&n.kind_id())) {
        return;
    }
    if p.absent.iter().any(|f| n.child_by_field_id(*f).is_some()) {
        return;
    }
    let mark = prefix.len();
    prefix.extend(p.captures.iter().map(|c| (*c, n)));
    if p.sequence.is_empty() && !p.last {
        match_fields(&p.children, n, prefix, out);
    } else {
        let mut fields = Vec::new();
        match_fields(&p.children, n, prefix, &mut fields);
        if !fields.is_empty() {
            let mut cursor = n.walk();
            let kids: Vec<Node<'t>> = n.children(&mut cursor).collect();
            for mut binding in fields {
                match_sequence(&p.sequence, p.last, &kids, 0, None, &mut binding, out);
            }
        }
    }
    prefix.truncate(mark);
}

/// Tries one child against a child pattern's alternatives, then `then` with each binding.
fn match_child<'t>(pat: &ChildPat, c: Node<'t>, prefix: &mut Binding<'t>, then: &mut dyn FnMut(&mut Binding<'t>)) {
    for alt in &pat.alts {
        let mut here = Vec::new();
        let mark = prefix.len();
        prefix.extend(pat.captures.iter().map(|cap| (*cap, c)));
        match_node(alt, c, prefix, &mut here);
        prefix.truncate(mark);
        for mut binding in here {
            then(&mut binding);
        }
    }
}

/// Every way the field patterns match among `n`'s children, each on its own.
fn match_fields<'t>(children: &[ChildPat], n: Node<'t>, prefix: &mut Binding<'t>, out: &mut Vec<Binding<'t>>) {
    let Some((first, rest)) = children.split_first() else {
        out.push(prefix.clone());
        return;
    };
    let field = first.field.expect("only field children here");
    let mut then = |b: &mut Binding<'t>| match_fields(rest, n, b, out);
    if first.multiple {
        let mut cursor = n.walk();
        let all: Vec<Node<'t>> = n.children_by_field_id(field_id(field), &mut cursor).collect();
        for c in all {
            match_child(first, c, prefix, &mut then);
        }
    } else if let Some(c) = n.child_by_field_id(field) {
        match_child(first, c, prefix, &mut then);
    }
}

/// Every way the positional patterns match `kids` in order from `from` (`prev`: the child the
/// previous one matched), as tree-sitter has it: other children may come between, except where
/// `.` anchors (which skip anonymous tokens).
fn match_sequence<'t>(
    pats: &[ChildPat],
    last: bool,
    kids: &[Node<'t>],
    from: usize,
    prev: Option<usize>,
    prefix: &mut Binding<'t>,
    out: &mut Vec<Binding<'t>>,
) {
    let Some((first, rest)) = pats.split_first() else {
        let after = prev.map_or(0, |p| p + 1);
        if !(last && kids[after..].iter().any(|k| k.is_named())) {
            out.push(prefix.clone());
        }
        return;
    };
    for i in from..kids.len() {
        if first.anchored {
            // No named child between the previous match (or the start) and this one.
            let start = prev.map_or(0, |p| p + 1);
            if kids[start..i].iter().any(|k| k.is_named()) {
                break;
            }
        }
        let mut then = |b: &mut Binding<'t>| match_sequence(rest, last, kids, i + 1, Some(i), b, out);
        match_child(first, kids[i], prefix, &mut then);
    }
}

/// The key a rule is looked up by: a positive `#resolves-to?`, `#resolves-match?`,
/// `#derives-from?`, `#eq?`, `#any-of?` or `#match?` on a capture at a fixed path from the root
/// (or the root itself); for a regex, the literal text every match starts with.
fn guard(rule: &Rule) -> Option<(Vec<Step>, KeySpace, Vec<Key>)> {
    let names = |names: &[super::engine::NamePattern]| -> Vec<Key> {
        names
            .iter()
            .map(|n| {
                let k = n.key();
                match k.strip_suffix('*') {
                    Some(prefix) => Key::Prefix(prefix.to_string()),
                    None => Key::Exact(k),
                }
            })
            .collect()
    };
    let regex = |r: &super::engine::RuleRegex| -> Option<Vec<Key>> {
        Some(literal_prefixes(r.as_str())?.into_iter().map(Key::Prefix).collect())
    };
    for p in &rule.predicates {
        let (capture, space, keys): (Capture, KeySpace, Vec<Key>) = match p {
            Predicate::ResolvesTo { capture, names: n, negate: false } => (*capture, KeySpace::Resolved, names(n)),
            Predicate::DerivesFrom { capture, names: n, negate: false } => (*capture, KeySpace::Bases, names(n)),
            Predicate::ResolvesMatch { capture, regex: r, negate: false } => match regex(r) {
                Some(keys) => (*capture, KeySpace::Resolved, keys),
                None => continue,
            },
            Predicate::TextAnyOf { capture, values, negate: false } => {
                (*capture, KeySpace::Text, values.iter().cloned().map(Key::Exact).collect())
            }
            Predicate::TextMatch { capture, regex: r, negate: false } => match regex(r) {
                Some(keys) => (*capture, KeySpace::Text, keys),
                None => continue,
            },
            _ => continue,
        };
        if let Some(path) = path_to(&rule.root, capture) {
            return Some((path, space, keys));
        }
    }
    None
}

/// The literal texts every match of an anchored regex starts with (`^redis\.(a|b)` → `redis.`;
/// `^(requests\.get|httpx\.)` → `requests.get`, `httpx.`), or `None` when it has none (not
/// anchored, flags, an alternative with no literal start).
fn literal_prefixes(re: &str) -> Option<Vec<String>> {
    let rest = re.strip_prefix('^')?;
    if let Some(group) = rest.strip_prefix('(') {
        if group.starts_with('?') {
            return None;
        }
        // The group's alternatives, to its closing parenthesis; the group must not be optional.
        let mut depth = 0usize;
        let mut alts = vec![String::new()];
        let mut chars = group.chars();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let e = chars.next()?;
                    let last = alts.last_mut()?;
                    last.push('\\');
                    last.push(e);
                }
                '(' => {
                    depth += 1;
                    alts.last_mut()?.push(c);
                }
                ')' if depth == 0 => {
                    closed = true;
                    break;
                }
                ')' => {
                    depth -= 1;
                    alts.last_mut()?.push(c);
                }
                '|' if depth == 0 => alts.push(String::new()),
                c => alts.last_mut()?.push(c),
            }
        }
        if !closed || chars.next().is_some_and(|c| matches!(c, '?' | '*' | '{')) {
            return None;
        }
        let prefixes: Vec<String> = alts.iter().map(|a| literal_prefix(a)).collect();
        return prefixes.iter().all(|p| !p.is_empty()).then_some(prefixes);
    }
    if rest.starts_with('|') || rest.contains(['|']) && !rest.contains('(') {
        return None;
    }
    let p = literal_prefix(rest);
    (!p.is_empty()).then_some(vec![p])
}

/// The literal start of a regex fragment: up to its first metacharacter, less a last character a
/// quantifier makes optional.
fn literal_prefix(fragment: &str) -> String {
    let mut out = String::new();
    let mut chars = fragment.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) if ".-/()[]{}?*+|^$\\_".contains(e) => out.push(e),
                _ => return out,
            },
            '?' | '*' | '{' => {
                out.pop();
                return out;
            }
            '.' | '(' | ')' | '[' | ']' | '}' | '|' | '+' | '$' | '^' => return out,
            c => {
                if chars.peek().is_some_and(|n| matches!(n, '?' | '*' | '{')) {
                    return out;
                }
                out.push(c);
            }
        }
    }
    out
}

/// The steps from the root to the one node `capture` is on, when every step is a field or a
/// positional child with a single alternative (or the capture is on the alternation itself).
fn path_to(root: &NodePat, capture: Capture) -> Option<Vec<Step>> {
    if root.captures.contains(&capture) {
        return Some(Vec::new());
    }
    let positional = match root.sequence.as_slice() {
        [one] if !root.last => Some(one),
        _ => None,
    };
    for c in root.children.iter().chain(positional) {
        let step = match c.field {
            Some(field) => Step::Field(field, c.multiple),
            None => Step::Child { first: c.anchored },
        };
        if c.captures.contains(&capture) {
            return Some(vec![step]);
        }
        if let [only] = c.alts.as_slice() {
            if let Some(mut rest) = path_to(only, capture) {
                rest.insert(0, step);
                return Some(rest);
            }
        }
    }
    None
}

/// Parses a pattern of the simple subset.
fn parse_rule(g: &GrammarInfo, pattern: &Pattern, file: &str, line: usize) -> Result<Rule, NotSimple> {
    let Form::List(items) = &pattern.form else { return Err(NotSimple) };
    let mut captures: Vec<String> = Vec::new();
    let (node_form, rest): (&Form, Vec<&Form>) = match items.first() {
        // `((node) @capture (#predicate ...))`: a grouping of one node pattern.
        Some(first @ Form::List(_)) => (first, items[1..].iter().collect()),
        // `(node ...) @capture` at the top level.
        Some(Form::Atom(_)) => (&pattern.form, Vec::new()),
        _ => return Err(NotSimple),
    };
    let mut root = parse_node(g, node_form, &mut captures)?;
    let mut predicates_src = Vec::new();
    let top_captures: Vec<&str> = if rest.is_empty() {
        pattern.after.iter().map(String::as_str).collect()
    } else {
        if !pattern.after.is_empty() {
            return Err(NotSimple);
        }
        let mut caps = Vec::new();
        for f in &rest {
            match f {
                Form::Atom(a) if a.starts_with('@') => caps.push(a.as_str()),
                Form::List(p) if p.first().and_then(Form::atom).is_some_and(|a| a.starts_with('#')) => {
                    predicates_src.push(p)
                }
                _ => return Err(NotSimple),
            }
        }
        caps
    };
    for c in top_captures {
        let Some(name) = c.strip_prefix('@') else { return Err(NotSimple) };
        root.captures.push(intern(&mut captures, name));
    }
    let mut predicates = Vec::new();
    let mut check = None;
    for p in predicates_src {
        let op = p[0].atom().ok_or(NotSimple)?;
        if op == "#set!" {
            // `(#set! check "name")`; an unknown check is tree-sitter's path's error to report.
            match &p[1..] {
                [Form::Atom(key), Form::Atom(value)] if key == "check" && check.is_none() => {
                    let name = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or(NotSimple)?;
                    check = Some(Check::from_name(name).ok_or(NotSimple)?);
                    continue;
                }
                _ => return Err(NotSimple),
            }
        }
        let mut args = Vec::new();
        for a in &p[1..] {
            let a = a.atom().ok_or(NotSimple)?;
            if let Some(name) = a.strip_prefix('@') {
                let i = captures.iter().position(|c| c == name).ok_or(NotSimple)? as Capture;
                args.push(PredicateArg::Capture(i));
            } else if let Some(s) = a.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                args.push(PredicateArg::String(unescape(s)));
            } else {
                return Err(NotSimple);
            }
        }
        let op = op.trim_start_matches('#');
        predicates
            .push(Predicate::parse_text(op, &args).or_else(|| Predicate::parse(op, &args).ok()).ok_or(NotSimple)?);
    }
    let mut roles = Vec::new();
    for name in &captures {
        roles.push(if name.starts_with('_') {
            CaptureRole::Helper
        } else {
            CaptureRole::Concept(catalog().lookup(name).ok_or(NotSimple)?)
        });
    }
    if check.is_none() && !roles.iter().any(|r| matches!(r, CaptureRole::Concept(_))) {
        return Err(NotSimple);
    }
    Ok(Rule { root, names: captures, roles, predicates, check, file: file.to_string(), line })
}

fn intern(captures: &mut Vec<String>, name: &str) -> Capture {
    match captures.iter().position(|c| c == name) {
        Some(i) => i as Capture,
        None => {
            captures.push(name.to_string());
            (captures.len() - 1) as Capture
        }
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A named kind a rule may name: visible, not a supertype (`expression` matches its subtypes in
/// a query; left to tree-sitter).
fn named_kind(g: &GrammarInfo, kind: &str) -> Result<u16, NotSimple> {
    let id = g.language.id_for_node_kind(kind, true);
    if id == 0 || kind.starts_with(['"', '#', '_', '.', '!']) || g.language.node_kind_is_supertype(id) {
        return Err(NotSimple);
    }
    Ok(id)
}

/// An anonymous token a rule may name: `"async"`.
fn token(g: &GrammarInfo, atom: &str) -> Result<NodePat, NotSimple> {
    let text = atom.strip_prefix('"').and_then(|a| a.strip_suffix('"')).ok_or(NotSimple)?;
    let id = g.language.id_for_node_kind(&unescape(text), false);
    if id == 0 {
        return Err(NotSimple);
    }
    Ok(NodePat {
        kinds: Some(vec![id]),
        named: false,
        children: Vec::new(),
        sequence: Vec::new(),
        last: false,
        absent: Vec::new(),
        captures: Vec::new(),
    })
}

/// `(kind field: (child) @c !field . (child) (child) .)`, `(_)`, or a token `"async"`.
fn parse_node(g: &GrammarInfo, form: &Form, captures: &mut Vec<String>) -> Result<NodePat, NotSimple> {
    let items = match form {
        Form::List(items) => items,
        Form::Atom(a) => return token(g, a),
        Form::Alt(_) => return Err(NotSimple),
    };
    let kind = items.first().and_then(Form::atom).ok_or(NotSimple)?;
    let kinds = if kind == "_" { None } else { Some(vec![named_kind(g, kind)?]) };
    let mut node = NodePat {
        kinds,
        named: true,
        children: Vec::new(),
        sequence: Vec::new(),
        last: false,
        absent: Vec::new(),
        captures: Vec::new(),
    };
    let mut anchor = false;
    let mut i = 1;
    while i < items.len() {
        let mut field = None;
        match items[i].atom() {
            Some(a) if a.starts_with('!') => {
                let id = g.language.field_id_for_name(&a[1..]).ok_or(NotSimple)?;
                node.absent.push(id.get());
                i += 1;
                continue;
            }
            Some(".") => {
                if anchor {
                    return Err(NotSimple);
                }
                anchor = true;
                i += 1;
                if i == items.len() {
                    node.last = true;
                    anchor = false;
                }
                continue;
            }
            Some(a) if a.ends_with(':') => {
                if anchor {
                    return Err(NotSimple);
                }
                let id = g.language.field_id_for_name(&a[..a.len() - 1]).ok_or(NotSimple)?;
                field = Some(id.get());
                i += 1;
            }
            Some(a) if a.starts_with('"') => {}
            Some(_) => return Err(NotSimple),
            None => {}
        }
        let child_form = items.get(i).ok_or(NotSimple)?;
        i += 1;
        let alts = match child_form {
            Form::Alt(alts) => parse_alts(g, alts, captures)?,
            other => vec![parse_node(g, other, captures)?],
        };
        if anchor && alts.iter().any(|a| !a.named) {
            return Err(NotSimple);
        }
        let multiple = match (field, &node.kinds) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(f), Some(kinds)) => kinds.iter().any(|k| g.multiple.contains(&(*k, f))),
        };
        let mut child = ChildPat { field, multiple, anchored: anchor, alts, captures: Vec::new() };
        anchor = false;
        while let Some(a) = items.get(i).and_then(Form::atom).filter(|a| a.starts_with('@')) {
            child.captures.push(intern(captures, &a[1..]));
            i += 1;
        }
        if field.is_some() {
            node.children.push(child);
        } else {
            node.sequence.push(child);
        }
    }
    Ok(node)
}

/// The alternatives of `[...]`, each with the captures written after it.
fn parse_alts(g: &GrammarInfo, alts: &[Form], captures: &mut Vec<String>) -> Result<Vec<NodePat>, NotSimple> {
    let mut out: Vec<NodePat> = Vec::new();
    for f in alts {
        match f.atom() {
            Some(a) if a.starts_with('@') => {
                let last = out.last_mut().ok_or(NotSimple)?;
                last.captures.push(intern(captures, &a[1..]));
            }
            _ => out.push(parse_node(g, f, captures)?),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod regex_keys {
    use super::literal_prefixes;

    #[test]
    fn literal_starts_of_the_regexes_rules_use() {
        let p = |r: &str| literal_prefixes(r);
        assert_eq!(p("^redis\\.(asyncio\\.)?(Strict)?(Redis|from_url)$"), Some(vec!["redis.".into()]));
        assert_eq!(p("^django\\.db\\.migrations\\.[A-Z][A-Za-z]+$"), Some(vec!["django.db.migrations.".into()]));
        assert_eq!(
            p("^(requests\\.(get|post)|httpx\\.(get|Client)|aiohttp\\.ClientSession)$"),
            Some(vec!["requests.".into(), "httpx.".into(), "aiohttp.ClientSession".into()])
        );
        assert_eq!(p("^requests\\.(Session\\(\\)\\.)?(get|post)$"), Some(vec!["requests.".into()]));
        assert_eq!(
            p("^(celery\\.shared_task|celery\\.Celery\\(\\)\\.task)$"),
            Some(vec!["celery.shared_task".into(), "celery.Celery().task".into()])
        );
        assert_eq!(p("^ab?c"), Some(vec!["a".into()]));
        assert_eq!(p("^(a|b)?c"), None, "an optional group");
        assert_eq!(p("(?i)^abc"), None);
        assert_eq!(p("abc"), None, "not anchored");
        assert_eq!(p("^(a|.b)"), None, "an alternative without a literal start");
        assert_eq!(p("^a|b"), None);
    }
}

#[cfg(test)]
mod profile {
    /// `PHASES_DIR=path cargo test --release -p interview-prep --lib -- --ignored rule_tries --nocapture`:
    /// how often each rule is tried and matches on a real tree.
    #[test]
    #[ignore]
    fn rule_tries() {
        use crate::text::Text;
        let dir = std::env::var("PHASES_DIR").unwrap();
        let engine = super::super::engine::engine().unwrap();
        let d = &engine.dispatch;
        let mut tries = vec![0usize; d.rules.len()];
        let mut hits = vec![0usize; d.rules.len()];
        for f in crate::check::collect_files(&[dir.into()]).unwrap().files {
            let Ok(text) = crate::check::read_source(&f) else { continue };
            let tree = crate::document::parse_str(&text).unwrap();
            let resolver = super::Resolver::new(tree.root_node(), Text::Str(&text));
            let mut cursor = tree.root_node().walk();
            let mut out = Vec::new();
            loop {
                let n = cursor.node();
                if n.is_named() {
                    d.candidates(n, &resolver, Text::Str(&text), &mut out);
                    for &i in &out {
                        tries[i] += 1;
                        let mut b = Vec::new();
                        super::match_node(&d.rules[i].root, n, &mut Vec::new(), &mut b);
                        hits[i] += b.len();
                    }
                }
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break;
                    }
                }
                if cursor.node() == tree.root_node() {
                    break;
                }
            }
        }
        let mut order: Vec<usize> = (0..tries.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(tries[i]));
        for &i in order.iter().take(25) {
            eprintln!("{:>8} tries {:>8} matches  {}:{}", tries[i], hits[i], d.rules[i].file, d.rules[i].line);
        }
    }
}
