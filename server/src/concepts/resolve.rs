//! Name resolution, just deep enough to tell `Q` from `django.db.models` from any other `Q`:
//! imports, simple assignments and parameters, per module and per function, turn a dotted name at
//! a point in the file into the qualified name it refers to (`logger.info` →
//! `logging.getLogger().info`).
//!
//! It is deliberately shallow: no type inference, no cross-file analysis. A name it cannot resolve
//! (a parameter, an unknown local, an unimported module) resolves to nothing, so predicates that
//! need a module only fire when the module is really imported.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use crate::text::Text;

/// What a name is bound to in one scope.
#[derive(Clone, Copy, Debug)]
enum Binding<'t> {
    /// `import x.y as n` / `from x import y as n`: the qualified name is in `Scope::imports`.
    Import(usize),
    /// `n = <expr>` / `with <expr> as n`: resolves through the expression.
    Value(Node<'t>),
    /// A parameter, loop target or anything else whose value we do not know.
    Unknown,
    /// A def or class defined in this file.
    Local(Node<'t>),
}

#[derive(Default)]
struct Scope<'t> {
    names: HashMap<String, Binding<'t>>,
    imports: Vec<String>,
}

/// Resolves names in one parsed file. Module scope is built on creation; function scopes when
/// first needed.
pub struct Resolver<'t> {
    text: Text<'t>,
    root: Node<'t>,
    module: Scope<'t>,
    functions: RefCell<HashMap<usize, std::rc::Rc<Scope<'t>>>>,
    /// Every def, lambda and class, for "what encloses this node" without `Node::parent`
    /// (which tree-sitter answers by walking down from the root).
    scopes: OnceCell<ScopeIndex<'t>>,
    /// Where the scope index looks: the whole tree, or only these top-level statements.
    scope_roots: Option<Vec<Node<'t>>>,
    /// Resolutions by node id: queries ask about the same call many times.
    resolved: RefCell<HashMap<usize, Option<Rc<str>>>>,
    /// Whether the file is a test module, once asked (see [`Resolver::test_module`]).
    test_module: OnceCell<bool>,
}

/// A def, lambda or class and its innermost enclosing one.
struct ScopeSpan<'t> {
    node: Node<'t>,
    start: usize,
    end: usize,
    parent: Option<usize>,
}

struct ScopeIndex<'t> {
    /// In document order (by start).
    spans: Vec<ScopeSpan<'t>>,
}

impl<'t> ScopeIndex<'t> {
    /// Indexes the scopes of disjoint subtrees given in document order, and the classes and
    /// defs around them (a method analysed alone is still in its class).
    fn build_all(roots: &[Node<'t>]) -> Self {
        let mut spans: Vec<ScopeSpan<'t>> = Vec::new();
        for root in roots {
            let mut around: Vec<Node<'t>> =
                std::iter::successors(root.parent(), |n| n.parent()).filter(|n| is_scope(*n)).collect();
            around.reverse();
            let mut parent = None;
            for n in around {
                // Disjoint roots in order: a scope around an earlier root is either around
                // this one too or ends before it, so the spans stay sorted by start.
                let i = spans.iter().rposition(|s| s.node.id() == n.id()).unwrap_or_else(|| {
                    spans.push(ScopeSpan { node: n, start: n.start_byte(), end: n.end_byte(), parent });
                    spans.len() - 1
                });
                parent = Some(i);
            }
            Self::walk(*root, parent, &mut spans);
        }
        ScopeIndex { spans }
    }

    fn walk(root: Node<'t>, around: Option<usize>, spans: &mut Vec<ScopeSpan<'t>>) {
        let mut open: Vec<usize> = around.into_iter().collect();
        let mut cursor = root.walk();
        'walk: loop {
            let node = cursor.node();
            if is_scope(node) {
                while open.last().is_some_and(|&i| spans[i].end <= node.start_byte()) {
                    open.pop();
                }
                spans.push(ScopeSpan {
                    node,
                    start: node.start_byte(),
                    end: node.end_byte(),
                    parent: open.last().copied(),
                });
                open.push(spans.len() - 1);
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node().id() == root.id() {
                    break 'walk;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
    }

    /// The innermost scope strictly around `node` (not `node` itself), as an index.
    fn innermost(&self, node: Node<'_>) -> Option<usize> {
        let (start, end) = (node.start_byte(), node.end_byte());
        let mut i = self.spans.partition_point(|s| s.start <= start).checked_sub(1)?;
        loop {
            let s = &self.spans[i];
            if s.start <= start && end <= s.end && s.node.id() != node.id() {
                return Some(i);
            }
            i = s.parent?;
        }
    }
}

/// A def, lambda or class: what opens a scope.
fn is_scope(node: Node<'_>) -> bool {
    matches!(node.kind(), "function_definition" | "lambda" | "class_definition")
}

const MAX_DEPTH: usize = 6;

impl<'t> Resolver<'t> {
    pub fn new(root: Node<'t>, text: Text<'t>) -> Self {
        let mut module = Scope::default();
        collect_block(root, text, &mut module);
        Resolver {
            text,
            root,
            module,
            functions: RefCell::new(HashMap::new()),
            scopes: OnceCell::new(),
            scope_roots: None,
            resolved: RefCell::new(HashMap::new()),
            test_module: OnceCell::new(),
        }
    }

    /// Whether the whole file is a test module, as `judge` says from its root; judged once per
    /// file, since every candidate of a rule may ask (a file of thousands of them must stay
    /// linear), and from the whole tree even when only some regions are analysed.
    pub fn test_module(&self, judge: impl FnOnce(Node<'t>) -> bool) -> bool {
        *self.test_module.get_or_init(|| judge(self.root))
    }

    /// Limits the scope index to these subtrees (when only they are analysed).
    pub fn with_scope_roots(mut self, roots: Option<Vec<Node<'t>>>) -> Self {
        self.scope_roots = roots;
        self
    }

    pub fn root(&self) -> Node<'t> {
        self.root
    }

    fn scopes(&self) -> &ScopeIndex<'t> {
        self.scopes.get_or_init(|| match &self.scope_roots {
            Some(roots) => ScopeIndex::build_all(roots),
            None => ScopeIndex::build_all(&[self.root]),
        })
    }

    /// The innermost def or lambda around `node` (class bodies do not count).
    pub fn enclosing_function(&self, node: Node<'t>) -> Option<Node<'t>> {
        let scopes = self.scopes();
        let mut i = scopes.innermost(node)?;
        loop {
            let s = &scopes.spans[i];
            if s.node.kind() != "class_definition" {
                return Some(s.node);
            }
            i = s.parent?;
        }
    }

    /// The innermost def, lambda or class around `node`.
    pub fn enclosing_scope(&self, node: Node<'t>) -> Option<Node<'t>> {
        let scopes = self.scopes();
        scopes.innermost(node).map(|i| scopes.spans[i].node)
    }

    /// Every def, lambda and class around `node`, innermost first.
    pub fn enclosing_scopes(&self, node: Node<'t>) -> impl Iterator<Item = Node<'t>> + '_ {
        let scopes = self.scopes();
        let mut next = scopes.innermost(node);
        std::iter::from_fn(move || {
            let i = next?;
            next = scopes.spans[i].parent;
            Some(scopes.spans[i].node)
        })
    }

    /// The qualified name an expression refers to at its own position, e.g. `models.Model` →
    /// `django.db.models.Model`, `sorted` → `builtins.sorted`, `redis_client.get` (after
    /// `redis_client = redis.Redis()`) → `redis.Redis().get`. Calls appear as `()`.
    pub fn resolve(&self, node: Node<'t>) -> Option<Rc<str>> {
        if let Some(hit) = self.resolved.borrow().get(&node.id()) {
            return hit.clone();
        }
        let resolved: Option<Rc<str>> = self.resolve_at(node, node, 0).map(Rc::from);
        self.resolved.borrow_mut().insert(node.id(), resolved.clone());
        resolved
    }

    /// The module-level class or def of this name, when the file defines one.
    pub fn local_definition(&self, name: &str) -> Option<Node<'t>> {
        match self.module.names.get(name) {
            Some(Binding::Local(n)) => Some(*n),
            _ => None,
        }
    }

    /// Whether any import of the file (at any level we collect) is of `module` or below it.
    pub fn imports_module(&self, module: &str) -> bool {
        self.module.imports.iter().any(|q| q == module || q.strip_prefix(module).is_some_and(|r| r.starts_with('.')))
    }

    /// Every qualified name a class base refers to: itself, and for a class defined in this file,
    /// its own bases, transitively (`class Order(TimeStamped)` where `TimeStamped(models.Model)`).
    pub fn base_names(&self, base: Node<'t>) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![(base, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            let Some(q) = self.resolve(node).map(|q| q.to_string()) else { continue };
            if let Some(local) = q.strip_prefix("<local>.") {
                if depth < 6 {
                    if let Some(class) = self.local_definition(local).filter(|c| c.kind() == "class_definition") {
                        if let Some(bases) = class.child_by_field_name("superclasses") {
                            let mut c = bases.walk();
                            for b in bases.named_children(&mut c) {
                                if matches!(b.kind(), "identifier" | "attribute") && b.id() != node.id() {
                                    stack.push((b, depth + 1));
                                }
                            }
                        }
                    }
                }
            }
            out.push(q);
        }
        out
    }

    fn resolve_at(&self, expr: Node<'t>, at: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        // Split the expression into its head identifier and the dotted rest.
        let mut suffix: Vec<std::borrow::Cow<'t, str>> = Vec::new();
        let mut node = expr;
        let head = loop {
            match node.kind() {
                "identifier" => break self.text.slice(node.byte_range()),
                "attribute" => {
                    let attr = node.child_by_field_name("attribute")?;
                    suffix.push(self.text.slice(attr.byte_range()));
                    node = node.child_by_field_name("object")?;
                }
                "call" => {
                    suffix.push(std::borrow::Cow::Borrowed("()"));
                    node = node.child_by_field_name("function")?;
                }
                "parenthesized_expression" => node = node.named_child(0)?,
                _ => return None,
            }
            if suffix.len() > 32 {
                return None;
            }
        };
        let mut out = self.resolve_name(&head, at, depth)?;
        for part in suffix.iter().rev() {
            if part != "()" {
                out.push('.');
            }
            out.push_str(part);
        }
        Some(out)
    }

    fn resolve_name(&self, name: &str, at: Node<'t>, depth: usize) -> Option<String> {
        let mut scope_node = self.enclosing_function(at);
        while let Some(func) = scope_node {
            let scope = self.function_scope(func);
            if let Some(binding) = scope.names.get(name) {
                return self.follow(*binding, &scope, name, depth);
            }
            scope_node = self.enclosing_function(func);
        }
        if let Some(binding) = self.module.names.get(name) {
            return self.follow(*binding, &self.module, name, depth);
        }
        is_builtin(name).then(|| format!("builtins.{name}"))
    }

    fn follow(&self, binding: Binding<'t>, scope: &Scope<'t>, name: &str, depth: usize) -> Option<String> {
        match binding {
            Binding::Import(i) => Some(scope.imports[i].clone()),
            Binding::Value(expr) => self.resolve_at(expr, expr, depth + 1),
            Binding::Unknown => None,
            Binding::Local(_) => Some(format!("<local>.{name}")),
        }
    }

    /// The expression last assigned to `name` in the scope that encloses `at`, if that is what it is.
    pub fn assigned_value(&self, name: &str, at: Node<'t>) -> Option<Node<'t>> {
        let mut scope_node = self.enclosing_function(at);
        while let Some(func) = scope_node {
            let scope = self.function_scope(func);
            if let Some(binding) = scope.names.get(name) {
                return match binding {
                    Binding::Value(n) => Some(*n),
                    _ => None,
                };
            }
            scope_node = self.enclosing_function(func);
        }
        match self.module.names.get(name) {
            Some(Binding::Value(n)) => Some(*n),
            _ => None,
        }
    }

    fn function_scope(&self, func: Node<'t>) -> std::rc::Rc<Scope<'t>> {
        if let Some(scope) = self.functions.borrow().get(&func.id()) {
            return scope.clone();
        }
        let mut scope = Scope::default();
        if let Some(params) = func.child_by_field_name("parameters") {
            collect_parameters(params, self.text, &mut scope);
        }
        if let Some(body) = func.child_by_field_name("body") {
            if func.kind() == "lambda" {
                // A lambda's body is an expression: nothing to collect.
            } else {
                collect_block(body, self.text, &mut scope);
            }
        }
        let scope = std::rc::Rc::new(scope);
        self.functions.borrow_mut().insert(func.id(), scope.clone());
        scope
    }
}

fn collect_parameters<'t>(params: Node<'t>, text: Text<'t>, scope: &mut Scope<'t>) {
    let mut cursor = params.walk();
    for param in params.named_children(&mut cursor) {
        let name_node = match param.kind() {
            "identifier" => Some(param),
            "default_parameter" | "typed_default_parameter" => param.child_by_field_name("name"),
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                let mut c = param.walk();
                let found = param
                    .named_children(&mut c)
                    .find(|n| n.kind() == "identifier" || n.kind().ends_with("splat_pattern"));
                match found {
                    Some(n) if n.kind() == "identifier" => Some(n),
                    Some(n) => n.named_child(0),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(n) = name_node.filter(|n| n.kind() == "identifier") {
            scope.names.insert(text.slice(n.byte_range()).into_owned(), Binding::Unknown);
        }
    }
}

/// Collects bindings from the statements of a block (or the module), descending into compound
/// statements but not into nested defs and classes. Iterative: deep nesting must not overflow.
fn collect_block<'t>(block: Node<'t>, text: Text<'t>, scope: &mut Scope<'t>) {
    let mut stack = vec![block];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" | "import_from_statement" => collect_import(node, text, scope),
            "function_definition" | "class_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    scope.names.insert(text.slice(name.byte_range()).into_owned(), Binding::Local(node));
                }
            }
            "decorated_definition" => {
                if let Some(def) = node.child_by_field_name("definition") {
                    stack.push(def);
                }
            }
            "expression_statement" => {
                let mut c = node.walk();
                for child in node.named_children(&mut c) {
                    if child.kind() == "assignment" {
                        collect_assignment(child, text, scope);
                    }
                }
            }
            "for_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    bind_targets(left, text, scope, None);
                }
                push_named_children(node, &mut stack);
            }
            "with_item" => {
                if let Some(value) = node.child_by_field_name("value") {
                    if value.kind() == "as_pattern" {
                        let target = value.child_by_field_name("alias").and_then(|a| a.named_child(0));
                        if let Some(target) = target {
                            bind_targets(target, text, scope, value.named_child(0));
                        }
                    }
                }
            }
            "module" | "block" | "if_statement" | "elif_clause" | "else_clause" | "while_statement"
            | "try_statement" | "except_clause" | "finally_clause" | "with_statement" | "with_clause"
            | "match_statement" | "case_clause" => push_named_children(node, &mut stack),
            _ => {}
        }
    }
}

fn push_named_children<'t>(node: Node<'t>, stack: &mut Vec<Node<'t>>) {
    let mut c = node.walk();
    // Reverse, so that earlier statements are visited first and later bindings win.
    let children: Vec<Node<'t>> = node.named_children(&mut c).collect();
    stack.extend(children.into_iter().rev());
}

fn collect_assignment<'t>(mut assignment: Node<'t>, text: Text<'t>, scope: &mut Scope<'t>) {
    // `a = b = value`: every left side binds the final value.
    let mut lefts = Vec::new();
    let value = loop {
        if let Some(left) = assignment.child_by_field_name("left") {
            lefts.push(left);
        }
        match assignment.child_by_field_name("right") {
            Some(right) if right.kind() == "assignment" => assignment = right,
            other => break other,
        }
    };
    for left in lefts {
        bind_targets(left, text, scope, value);
    }
}

fn bind_targets<'t>(target: Node<'t>, text: Text<'t>, scope: &mut Scope<'t>, value: Option<Node<'t>>) {
    match target.kind() {
        "identifier" => {
            let binding = value.map_or(Binding::Unknown, Binding::Value);
            scope.names.insert(text.slice(target.byte_range()).into_owned(), binding);
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" => {
            let mut c = target.walk();
            for t in target.named_children(&mut c) {
                bind_targets(t, text, scope, None);
            }
        }
        _ => {}
    }
}

fn collect_import<'t>(node: Node<'t>, text: Text<'t>, scope: &mut Scope<'t>) {
    let module = node
        .child_by_field_name("module_name")
        .map(|m| text.slice(m.byte_range()).chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let mut c = node.walk();
    for name in node.children_by_field_name("name", &mut c) {
        let (path, alias) = match name.kind() {
            "aliased_import" => {
                let path = name.child_by_field_name("name").map(|n| text.slice(n.byte_range()).into_owned());
                let alias = name.child_by_field_name("alias").map(|n| text.slice(n.byte_range()).into_owned());
                match (path, alias) {
                    (Some(p), Some(a)) => (p, a),
                    _ => continue,
                }
            }
            "dotted_name" => {
                let path = text.slice(name.byte_range()).into_owned();
                // `import a.b.c` binds `a`; `from m import a` binds `a`.
                let bound =
                    if module.is_none() { path.split('.').next().unwrap_or("").to_string() } else { path.clone() };
                let path = if module.is_none() { bound.clone() } else { path };
                (path, bound)
            }
            _ => continue,
        };
        let qualified = match &module {
            Some(m) if m.ends_with('.') => format!("{m}{path}"),
            Some(m) => format!("{m}.{path}"),
            None => path,
        };
        scope.imports.push(qualified);
        scope.names.insert(alias, Binding::Import(scope.imports.len() - 1));
    }
}

fn is_builtin(name: &str) -> bool {
    BUILTINS.binary_search(&name).is_ok()
}

/// Python 3.12's builtins that the catalog cares about or that code commonly shadows (sorted).
const BUILTINS: &[&str] = &[
    "BaseException",
    "Exception",
    "abs",
    "all",
    "any",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "classmethod",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "getattr",
    "hasattr",
    "id",
    "int",
    "isinstance",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "object",
    "open",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "set",
    "setattr",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_all(src: &str, target: &str) -> Vec<Option<String>> {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_python::LANGUAGE.into()).unwrap();
        let tree = parser.parse(src, None).unwrap();
        let text = Text::Str(src);
        let resolver = Resolver::new(tree.root_node(), text);
        let mut out = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            let is_use = n.parent().is_some_and(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(n));
            if is_use && matches!(n.kind(), "identifier" | "attribute") && &src[n.byte_range()] == target {
                out.push(resolver.resolve(n).map(|q| q.to_string()));
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        out
    }

    #[test]
    fn builtins_sorted() {
        let mut sorted = BUILTINS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, BUILTINS);
    }

    #[test]
    fn imports_and_aliases() {
        let src = "import copy\nimport numpy as np\nfrom django.db.models import Q as Query\nfrom . import views\nimport os.path\n\
                   copy.deepcopy(x)\nnp.array(x)\nQuery(a=1)\nviews.index()\nos.path.join(a)\n";
        assert_eq!(resolve_all(src, "copy.deepcopy"), [Some("copy.deepcopy".into())]);
        assert_eq!(resolve_all(src, "np.array"), [Some("numpy.array".into())]);
        assert_eq!(resolve_all(src, "Query"), [Some("django.db.models.Q".into())]);
        assert_eq!(resolve_all(src, "views.index"), [Some(".views.index".into())]);
        assert_eq!(resolve_all(src, "os.path.join"), [Some("os.path.join".into())]);
    }

    #[test]
    fn unimported_names_do_not_resolve_but_builtins_do() {
        let src = "requests.get(url)\nsorted(xs)\ndef sorted2(): pass\nsorted2()\n";
        assert_eq!(resolve_all(src, "requests.get"), [None]);
        assert_eq!(resolve_all(src, "sorted"), [Some("builtins.sorted".into())]);
        assert_eq!(resolve_all(src, "sorted2"), [Some("<local>.sorted2".into())]);
    }

    #[test]
    fn values_flow_through_assignments_and_with() {
        let src = "import logging, redis, requests\nlogger = logging.getLogger(__name__)\n\
                   def f(client):\n    r = redis.Redis()\n    r.get('k')\n    client.get('k')\n    logger.info('x')\n\
                   \n    with requests.Session() as s:\n        s.get(u)\n";
        assert_eq!(resolve_all(src, "logging.getLogger"), [Some("logging.getLogger".into())]);
        assert_eq!(resolve_all(src, "r.get"), [Some("redis.Redis().get".into())]);
        assert_eq!(resolve_all(src, "client.get"), [None]);
        assert_eq!(resolve_all(src, "logger.info"), [Some("logging.getLogger().info".into())]);
        assert_eq!(resolve_all(src, "s.get"), [Some("requests.Session().get".into())]);
    }

    #[test]
    fn function_scope_shadows_module() {
        let src = "from django.db.models import Q\ndef f(Q):\n    Q(a=1)\nQ(b=2)\n";
        let mut got = resolve_all(src, "Q");
        got.sort();
        // The parameter shadows the import inside f; the module-level call sees the import.
        assert_eq!(got, [None, Some("django.db.models.Q".into())]);
    }
}
