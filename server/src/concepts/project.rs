//! The project model index: what a workspace's Django model modules say about its models, so
//! that a loop in one file knows which attributes of a model in another are relations.
//!
//! Per file, a [`FileSummary`] (derived from the tree, never from running code): the classes,
//! their bases as written and as imported, their relation fields (target, `related_name`,
//! `null`), their managers, what a manager's or queryset's methods return (`select_related` /
//! `prefetch_related`), and for each method or property the relations it follows and whether it
//! runs queries of its own. A [`ProjectIndex`] merges the summaries of many files by class name
//! (inheritance across files is by name: no type checker): reverse accessors (`related_name`,
//! `<model>_set`), which managers belong to which models. It is rebuilt per file when that file
//! changes, and a [`ProjectView`] reads it for one analysed file, with that file's own live
//! summary over the index's copy of it.
//!
//! Building it is bounded: at most [`MAX_INDEX_FILES`] files of at most [`MAX_INDEX_FILE_BYTES`],
//! found by a walk that visits at most [`MAX_WALK_ENTRIES`] entries; a file's summary keeps at
//! most so many classes, fields and methods, and its walk is linear in the file.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tree_sitter::Node;

use super::resolve::Resolver;
use crate::text::Text;

/// At most this many files are summarised for one index.
pub const MAX_INDEX_FILES: usize = 4_000;
/// A model module larger than this is generated code, and left out.
pub const MAX_INDEX_FILE_BYTES: u64 = 1024 * 1024;
/// The walk that looks for model modules visits at most this many entries.
pub const MAX_WALK_ENTRIES: usize = 200_000;
const MAX_CLASSES: usize = 2_000;
const MAX_MEMBERS: usize = 500;
const MAX_NAMES: usize = 64;
/// Nesting in a method body deeper than this is not summarised.
const MAX_METHOD_DEPTH: usize = 100;
/// At most this many classes of one name are kept (a generated module of thousands of `class
/// A(A)` would make every lookup of `A` scan them all).
const MAX_DEFS_PER_NAME: usize = 16;
/// How far the index follows the imports of model modules to other files of the workspace.
const MAX_IMPORT_DEPTH: usize = 2;

/// What kind of relation a field declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    ForeignKey,
    OneToOne,
    ManyToMany,
    /// `GenericForeignKey`: one object of a model known only at run time.
    GenericForeignKey,
    /// `GenericRelation` and its kind: a manager of objects pointing back with a generic key.
    GenericRelation,
    /// Any other `...Field(...)`: a column.
    Column,
}

impl FieldKind {
    fn of_callee(last: &str) -> Option<FieldKind> {
        Some(if last.ends_with("ForeignKey") || last == "ParentalKey" {
            FieldKind::ForeignKey
        } else if last.ends_with("OneToOneField") {
            FieldKind::OneToOne
        } else if last.ends_with("ManyToManyField") {
            FieldKind::ManyToMany
        } else if last == "GenericForeignKey" {
            FieldKind::GenericForeignKey
        } else if last == "GenericRelation" || last.ends_with("RelationField") {
            FieldKind::GenericRelation
        } else if last.ends_with("Field") {
            FieldKind::Column
        } else {
            return None;
        })
    }

    /// A relation whose value is one object (read lazily, once per instance).
    pub fn is_single(self) -> bool {
        matches!(self, FieldKind::ForeignKey | FieldKind::OneToOne | FieldKind::GenericForeignKey)
    }

    /// A relation whose value is a manager (queried on every call).
    pub fn is_many(self) -> bool {
        matches!(self, FieldKind::ManyToMany | FieldKind::GenericRelation)
    }
}

/// One field declared in a class body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    /// The target model's class name (`"order.Line"` → `Line`, `"self"` → the class itself,
    /// `settings.AUTH_USER_MODEL` → `User`).
    pub target: Option<String>,
    pub related_name: Option<String>,
    pub null: bool,
}

/// What a queryset expression applies: `select_related` / `prefetch_related` lookups and
/// annotations, relative to the objects it yields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cover {
    /// `select_related()` with no names: every non-null forward foreign key.
    pub select_all: bool,
    /// Lookups as written (`"author__profile"`), `Prefetch("tags")` included.
    pub paths: Vec<String>,
    /// Names computed by `annotate()` / `alias()` / `Prefetch(to_attr=...)`: values, not relations.
    pub computed: Vec<String>,
}

impl Cover {
    /// Whether the relation `name` of the objects is already loaded.
    pub fn has(&self, name: &str) -> bool {
        self.paths.iter().any(|p| p == name || p.strip_prefix(name).is_some_and(|r| r.starts_with("__")))
            || self.computed.iter().any(|c| c == name)
    }

    /// What is loaded for the objects behind relation `name`.
    pub fn sub(&self, name: &str) -> Cover {
        let paths = self
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(name).and_then(|r| r.strip_prefix("__")))
            .map(str::to_string)
            .collect();
        Cover { select_all: self.select_all, paths, computed: Vec::new() }
    }

    pub fn merge(&mut self, other: &Cover) {
        self.select_all |= other.select_all;
        for p in &other.paths {
            if !self.paths.contains(p) {
                self.paths.push(p.clone());
            }
        }
        for c in &other.computed {
            if !self.computed.contains(c) {
                self.computed.push(c.clone());
            }
        }
    }
}

/// What a method (or property) of a class does with the database, as far as its own body shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Method {
    pub name: String,
    /// `@property` / `@cached_property`: read as an attribute.
    pub property: bool,
    /// `self.<name>` read as a value (a relation, if the model declares one of that name).
    pub self_reads: Vec<String>,
    /// `self.<name>.<read method>()`: a manager of the model, if it has one of that name.
    pub self_managers: Vec<String>,
    /// `self.<name>(...)`: other methods, whose queries count too.
    pub self_calls: Vec<String>,
    /// `<other>.<name>.<read method>()` on something that is not `self`: a related manager if
    /// `<name>` is one somewhere in the project.
    pub other_managers: Vec<String>,
    /// `Model.objects...` (not a write): a query of its own.
    pub queries: bool,
    /// It writes: `save()`, `delete()`, `Model.objects.create()`, `self.tags.add()`... Calling
    /// it per item is a write per item, another pitfall than N+1.
    pub writes: bool,
    /// For a manager's or queryset's method that returns a queryset built from `self` or
    /// `super().get_queryset()`: what that queryset applies.
    pub returns: Option<Cover>,
    /// For a model's method that returns a queryset without running it (`return
    /// self.lines.select_related("product")`): what it is built from and what it applies.
    pub returns_rows: Option<(ReturnRoot, Cover)>,
}

/// What a returned queryset is built from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReturnRoot {
    /// `self`, `super().get_queryset()`, `self.get_queryset()`: the manager's own rows.
    SelfRows,
    /// `self.<relation>`: a related manager of the instance.
    SelfAttr(String),
    /// `Model.objects`: rows of a model.
    Model(String),
}

/// A manager attribute of a model: `objects = TicketManager()`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ManagerDecl {
    pub attr: String,
    /// The manager (or queryset, for `QS.as_manager()`) class name.
    pub class: String,
}

/// One class of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ClassInfo {
    pub name: String,
    /// Bases as written, last dotted segment (`models.Model` → `Model`).
    pub bases: Vec<String>,
    /// Bases resolved through the file's imports (`django.db.models.Model`), when they resolve.
    pub qualified_bases: Vec<String>,
    /// `class Meta: abstract = True`.
    pub is_abstract: bool,
    /// The app label Django would give it: the directory of its models module.
    pub app_label: String,
    pub fields: Vec<Field>,
    pub managers: Vec<ManagerDecl>,
    pub methods: Vec<Method>,
}

impl ClassInfo {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn method(&self, name: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// Everything the index keeps of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FileSummary {
    pub classes: Vec<ClassInfo>,
    /// Modules this file imports the bases of its classes from (`.abstract_models`,
    /// `oscar.apps.order.abstract_models`), for the index to follow.
    pub base_imports: Vec<String>,
    /// The file defines a test at its top level, so all of it is test code (see
    /// [`super::engine::in_test`]): when an edit changes that, findings anywhere can change.
    pub tests: bool,
}

impl FileSummary {
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

/// Queryset methods that read (a manager or related manager called with one of these runs, or
/// builds, a query); writes (`create`, `add`, `update`, `delete`...) are not among them.
pub const MANAGER_READS: &[&str] = &[
    "aggregate",
    "all",
    "annotate",
    "count",
    "dates",
    "datetimes",
    "defer",
    "distinct",
    "earliest",
    "exclude",
    "exists",
    "filter",
    "first",
    "get",
    "get_or_create",
    "in_bulk",
    "iterator",
    "last",
    "latest",
    "only",
    "order_by",
    "prefetch_related",
    "reverse",
    "select_related",
    "update_or_create",
    "values",
    "values_list",
];

/// Qualified names of the bases that make a class a Django model.
const MODEL_BASES: &[&str] = &[
    "django.db.models.Model",
    "django.db.models.base.Model",
    "django.contrib.auth.models.AbstractUser",
    "django.contrib.auth.models.AbstractBaseUser",
    "django.contrib.auth.base_user.AbstractBaseUser",
    "django.contrib.auth.models.PermissionsMixin",
    "django.contrib.auth.models.User",
    "django.contrib.auth.models.Group",
    "mptt.models.MPTTModel",
    "treebeard.mp_tree.MP_Node",
    "treebeard.ns_tree.NS_Node",
    "treebeard.al_tree.AL_Node",
    "polymorphic.models.PolymorphicModel",
    "modelcluster.models.ClusterableModel",
    "wagtail.models.Page",
];

/// Bases of tree models, whose instances have `get_children()` and the like returning querysets.
const TREE_BASES: &[&str] = &["MPTTModel", "MP_Node", "NS_Node", "AL_Node"];

/// Bases of manager and queryset classes.
const MANAGER_BASES: &[&str] = &["Manager", "BaseManager", "QuerySet"];

// ---------------------------------------------------------------------------------------------
// Summaries

/// The summary of one parsed file. `path` gives the app label of its models.
pub fn summarize(root: Node<'_>, text: Text<'_>, path: Option<&Path>) -> FileSummary {
    let resolver = Resolver::new(root, text);
    let app_label = path.map(app_label).unwrap_or_default();
    let mut out = FileSummary::default();
    let mut base_names: HashSet<String> = HashSet::new();
    // Module-level statements, also inside top-level `if`/`try` blocks (django-oscar defines its
    // models under `if not is_model_registered(...)`).
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "module" | "block" | "if_statement" | "elif_clause" | "else_clause" | "try_statement" | "except_clause"
            | "finally_clause" => {
                let mut c = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut c).collect();
                stack.extend(children.into_iter().rev());
            }
            "decorated_definition" => {
                if let Some(def) = node.child_by_field_name("definition") {
                    stack.push(def);
                }
            }
            "class_definition" if out.classes.len() < MAX_CLASSES => {
                let class = summarize_class(node, text, &resolver, &app_label);
                base_names.extend(class.bases.iter().cloned());
                for m in &class.managers {
                    base_names.insert(m.class.clone());
                }
                out.classes.push(class);
            }
            // `PageManager = BasePageManager.from_queryset(PageQuerySet)`: a class made of both.
            "expression_statement" if out.classes.len() < MAX_CLASSES => {
                if let Some((alias, bases)) = manager_alias(node, text) {
                    base_names.extend(bases.iter().cloned());
                    out.classes.push(ClassInfo {
                        name: alias,
                        bases,
                        app_label: app_label.clone(),
                        ..Default::default()
                    });
                }
            }
            _ => {}
        }
    }
    out.base_imports = base_imports(root, text, &base_names);
    out.tests = super::engine::is_test_module(root, &resolver, text);
    out
}

/// `Alias = SomeManager.from_queryset(QS)` at module level: the alias and the classes it is made
/// of.
fn manager_alias(stmt: Node<'_>, text: Text<'_>) -> Option<(String, Vec<String>)> {
    let assign = stmt.named_child(0).filter(|a| a.kind() == "assignment")?;
    let left = assign.child_by_field_name("left").filter(|l| l.kind() == "identifier")?;
    let right = assign.child_by_field_name("right").filter(|r| r.kind() == "call")?;
    Some((text.slice(left.byte_range()).into_owned(), from_queryset_bases(right, text)?))
}

/// `Manager.from_queryset(QS)`: `["Manager", "QS"]`.
fn from_queryset_bases(call: Node<'_>, text: Text<'_>) -> Option<Vec<String>> {
    let f = call.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
    if text.slice(f.child_by_field_name("attribute")?.byte_range()) != "from_queryset" {
        return None;
    }
    let manager = last_segment(&text.slice(f.child_by_field_name("object")?.byte_range())).to_string();
    let mut bases = vec![manager];
    if let Some(qs) = call.child_by_field_name("arguments").and_then(|a| a.named_child(0)) {
        bases.push(last_segment(&text.slice(qs.byte_range())).to_string());
    }
    Some(bases)
}

/// The modules that `from m import A` statements bring the given names from.
fn base_imports(root: Node<'_>, text: Text<'_>, names: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut c = root.walk();
    for stmt in root.named_children(&mut c) {
        if stmt.kind() != "import_from_statement" {
            continue;
        }
        let Some(module) = stmt.child_by_field_name("module_name") else { continue };
        let module: String = text.slice(module.byte_range()).chars().filter(|c| !c.is_whitespace()).collect();
        let mut nc = stmt.walk();
        let wildcard = stmt.named_children(&mut nc).any(|n| n.kind() == "wildcard_import");
        let mut nc = stmt.walk();
        let wanted = wildcard
            || stmt.children_by_field_name("name", &mut nc).any(|n| {
                let name = match n.kind() {
                    "aliased_import" => n.child_by_field_name("alias"),
                    _ => Some(n),
                };
                name.is_some_and(|n| names.contains(&*text.slice(n.byte_range())))
            });
        if wanted && !out.contains(&module) && out.len() < MAX_NAMES {
            out.push(module);
        }
    }
    out
}

fn app_label(path: &Path) -> String {
    let mut dir = path.parent();
    if dir.and_then(|d| d.file_name()).is_some_and(|n| n == "models") {
        dir = dir.and_then(Path::parent);
    }
    dir.and_then(|d| d.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn last_segment(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted).trim()
}

/// `summary` (of this file, as [`summarize`] made it) after an edit inside one top-level class's
/// methods: that class summarised again, the rest kept. `None` when the class cannot be told
/// apart by name in the summary (then summarise the file).
pub fn resummarize_class(
    summary: &FileSummary,
    root: Node<'_>,
    text: Text<'_>,
    path: Option<&Path>,
    class: Node<'_>,
) -> Option<FileSummary> {
    let name = text.slice(class.child_by_field_name("name")?.byte_range());
    let mut at = summary.classes.iter().enumerate().filter(|(_, c)| c.name == name).map(|(i, _)| i);
    let i = at.next()?;
    if at.next().is_some() {
        return None;
    }
    let resolver = Resolver::new(root, text);
    let app_label = path.map(app_label).unwrap_or_default();
    let mut out = summary.clone();
    out.classes[i] = summarize_class(class, text, &resolver, &app_label);
    Some(out)
}

/// `summary` after an edit inside the body of one method of a top-level class (its header, and
/// so its name, unchanged): that method summarised again, the rest kept. `None` when the class
/// or the method cannot be told apart by name (then summarise the class).
pub fn resummarize_method(
    summary: &FileSummary,
    class: Node<'_>,
    method: Node<'_>,
    text: Text<'_>,
) -> Option<FileSummary> {
    let name = text.slice(class.child_by_field_name("name")?.byte_range());
    let mut at = summary.classes.iter().enumerate().filter(|(_, c)| c.name == name).map(|(i, _)| i);
    let (i, None) = (at.next()?, at.next()) else { return None };
    // Error recovery can take a method into the one edited: the class must still have the
    // methods its summary lists, in order.
    let body = class.child_by_field_name("body")?;
    let mut c = body.walk();
    let names = body
        .named_children(&mut c)
        .filter_map(|stmt| {
            let def = match stmt.kind() {
                "decorated_definition" => stmt.child_by_field_name("definition")?,
                "function_definition" => stmt,
                _ => return None,
            };
            let name = def.child_by_field_name("name").filter(|_| def.kind() == "function_definition")?;
            Some(text.slice(name.byte_range()))
        })
        .take(MAX_MEMBERS);
    if !names.eq(summary.classes[i].methods.iter().map(|m| std::borrow::Cow::Borrowed(m.name.as_str()))) {
        return None;
    }
    let m = summarize_method(method, text)?;
    let mut at = summary.classes[i].methods.iter().enumerate().filter(|(_, x)| x.name == m.name).map(|(j, _)| j);
    let (j, None) = (at.next()?, at.next()) else { return None };
    let mut out = summary.clone();
    out.classes[i].methods[j] = m;
    Some(out)
}

fn summarize_class<'t>(class: Node<'t>, text: Text<'t>, resolver: &Resolver<'t>, app_label: &str) -> ClassInfo {
    let mut info = ClassInfo {
        name: class.child_by_field_name("name").map(|n| text.slice(n.byte_range()).into_owned()).unwrap_or_default(),
        app_label: app_label.to_string(),
        ..Default::default()
    };
    if let Some(bases) = class.child_by_field_name("superclasses") {
        let mut c = bases.walk();
        for b in bases.named_children(&mut c) {
            let written = match b.kind() {
                "identifier" | "attribute" => b,
                // `models.Manager.from_queryset(QS)` as a base: the manager and the queryset.
                "call" => {
                    if let Some(bases) = from_queryset_bases(b, text) {
                        info.bases.extend(bases);
                    }
                    continue;
                }
                _ => continue,
            };
            info.bases.push(last_segment(&text.slice(written.byte_range())).to_string());
            if let Some(q) = resolver.resolve(written) {
                info.qualified_bases.push(q.to_string());
            }
        }
    }
    let Some(body) = class.child_by_field_name("body") else { return info };
    let mut c = body.walk();
    for stmt in body.named_children(&mut c) {
        match stmt.kind() {
            "expression_statement" => class_assignment(stmt, text, &info.name.clone(), &mut info),
            "class_definition"
                if stmt.child_by_field_name("name").is_some_and(|n| text.slice(n.byte_range()) == "Meta") =>
            {
                info.is_abstract = meta_is_abstract(stmt, text);
            }
            "function_definition" | "decorated_definition" if info.methods.len() < MAX_MEMBERS => {
                if let Some(m) = summarize_method(stmt, text) {
                    info.methods.push(m);
                }
            }
            _ => {}
        }
    }
    info
}

fn meta_is_abstract(meta: Node<'_>, text: Text<'_>) -> bool {
    let Some(body) = meta.child_by_field_name("body") else { return false };
    let mut c = body.walk();
    let found = body.named_children(&mut c).any(|s| {
        let Some(a) = s.named_child(0).filter(|a| s.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            return false;
        };
        a.child_by_field_name("left").is_some_and(|l| text.slice(l.byte_range()) == "abstract")
            && a.child_by_field_name("right").is_some_and(|r| r.kind() == "true")
    });
    found
}

/// `name = models.ForeignKey(...)`, `objects = Manager()`, `objects = QS.as_manager()`.
fn class_assignment(stmt: Node<'_>, text: Text<'_>, class_name: &str, info: &mut ClassInfo) {
    let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else { return };
    let Some(left) = assign.child_by_field_name("left").filter(|l| l.kind() == "identifier") else { return };
    let Some(right) = assign.child_by_field_name("right").filter(|r| r.kind() == "call") else { return };
    let Some(callee) = right.child_by_field_name("function") else { return };
    let name = text.slice(left.byte_range()).into_owned();
    // `Manager.from_queryset(QS)()`: the callee is itself a call.
    let (callee, outer_call) = match callee.kind() {
        "call" => match callee.child_by_field_name("function") {
            Some(f) => (f, true),
            None => return,
        },
        _ => (callee, false),
    };
    let callee_text = text.slice(callee.byte_range());
    let last = last_segment(&callee_text);
    if last == "as_manager" || (outer_call && last == "from_queryset") {
        if let Some(object) = callee.child_by_field_name("object") {
            let class = last_segment(&text.slice(object.byte_range())).to_string();
            if info.managers.len() < MAX_MEMBERS {
                info.managers.push(ManagerDecl { attr: name, class });
            }
        }
        return;
    }
    if let Some(kind) = FieldKind::of_callee(last) {
        if info.fields.len() >= MAX_MEMBERS {
            return;
        }
        let args = right.child_by_field_name("arguments");
        let target = match kind {
            FieldKind::Column | FieldKind::GenericForeignKey => None,
            _ => args.and_then(|a| relation_target(a, text, class_name)),
        };
        let related_name = args.and_then(|a| keyword(a, "related_name", text)).and_then(|v| {
            let s = super::orm::string_value(v, text)?;
            Some(s.into_owned())
        });
        let null = args.and_then(|a| keyword(a, "null", text)).is_some_and(|v| v.kind() == "true");
        info.fields.push(Field { name, kind, target, related_name, null });
        return;
    }
    // `objects = SomeManager()`: a manager by its name.
    if (last.ends_with("Manager") || last.ends_with("QuerySet")) && info.managers.len() < MAX_MEMBERS {
        info.managers.push(ManagerDecl { attr: name, class: last.to_string() });
    }
}

fn keyword<'t>(args: Node<'t>, name: &str, text: Text<'_>) -> Option<Node<'t>> {
    let mut c = args.walk();
    let found = args.named_children(&mut c).find(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name").is_some_and(|n| text.slice(n.byte_range()) == name)
    });
    found.and_then(|a| a.child_by_field_name("value"))
}

/// The model class name a relation field points at.
fn relation_target(args: Node<'_>, text: Text<'_>, class_name: &str) -> Option<String> {
    let value = keyword(args, "to", text).or_else(|| args.named_child(0).filter(|a| a.kind() != "keyword_argument"))?;
    let raw = match value.kind() {
        "string" => super::orm::string_value(value, text)?.into_owned(),
        "identifier" | "attribute" => text.slice(value.byte_range()).into_owned(),
        "call" => text.slice(value.child_by_field_name("function")?.byte_range()).into_owned(),
        _ => return None,
    };
    Some(normalize_model_name(&raw, class_name))
}

/// `"order.Line"` → `Line`; `"self"` → the class; the user model however it is named → `User`.
pub fn normalize_model_name(raw: &str, class_name: &str) -> String {
    let last = last_segment(raw);
    if last == "self" {
        return class_name.to_string();
    }
    if last == "AUTH_USER_MODEL" || last == "get_user_model" {
        return "User".to_string();
    }
    last.to_string()
}

fn summarize_method(stmt: Node<'_>, text: Text<'_>) -> Option<Method> {
    let (def, decorators) = match stmt.kind() {
        "decorated_definition" => {
            let def = stmt.child_by_field_name("definition").filter(|d| d.kind() == "function_definition")?;
            let mut c = stmt.walk();
            let decorators: Vec<String> = stmt
                .named_children(&mut c)
                .filter(|n| n.kind() == "decorator")
                .map(|d| text.slice(d.byte_range()).into_owned())
                .collect();
            (def, decorators)
        }
        _ => (stmt, Vec::new()),
    };
    let name = text.slice(def.child_by_field_name("name")?.byte_range()).into_owned();
    let property = decorators.iter().any(|d| {
        let d = d.trim_start_matches('@').trim();
        d == "property" || d.ends_with("cached_property")
    });
    let mut m = Method { name, property, ..Default::default() };
    // A method named for a write (`save`, `delete_plugin`, `publish`, `move_to`) changes the
    // database per item: another pitfall than N+1.
    const WRITE_VERBS: &[&str] = &["save", "delete", "publish", "unpublish", "copy", "move"];
    let verb = m.name.trim_start_matches('_').split('_').next().unwrap_or("");
    if WRITE_VERBS.contains(&verb) {
        m.writes = true;
    }
    let body = def.child_by_field_name("body")?;
    let push = |list: &mut Vec<String>, s: String| {
        if list.len() < MAX_NAMES && !list.contains(&s) {
            list.push(s);
        }
    };
    // Nesting deeper than hand-written code is not looked at: reading a node's parent costs its
    // depth.
    let mut stack = vec![(body, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        match node.kind() {
            "function_definition" | "class_definition" if node.id() != body.id() => continue,
            "return_statement" => {
                if let Some((root, cover)) = node.named_child(0).and_then(|v| returned_queryset(v, text)) {
                    // A queryset handed back unevaluated: the caller decides whether it runs.
                    if root == ReturnRoot::SelfRows {
                        m.returns.get_or_insert_with(Cover::default).merge(&cover);
                    } else if m.returns_rows.is_none() {
                        m.returns_rows = Some((root, cover));
                    }
                    continue;
                }
            }
            "call" if is_write_call(node, text) => m.writes = true,
            "attribute" => {
                let object = node.child_by_field_name("object");
                let attr = node.child_by_field_name("attribute").map(|a| text.slice(a.byte_range()).into_owned());
                if let (Some(object), Some(attr)) = (object, attr) {
                    let parent = node.parent();
                    let called =
                        parent.is_some_and(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(node));
                    let manager_call = parent
                        .filter(|p| p.kind() == "attribute" && p.child_by_field_name("object") == Some(node))
                        .and_then(|p| {
                            let method = p.child_by_field_name("attribute")?;
                            let call = p
                                .parent()
                                .filter(|c| c.kind() == "call" && c.child_by_field_name("function") == Some(p))?;
                            let _ = call;
                            Some(text.slice(method.byte_range()).into_owned())
                        });
                    let is_self = object.kind() == "identifier" && text.slice(object.byte_range()) == "self";
                    let assigned = parent.is_some_and(|p| {
                        matches!(p.kind(), "assignment" | "augmented_assignment")
                            && p.child_by_field_name("left") == Some(node)
                    });
                    if attr == "objects" && is_model_like(object, text) {
                        let write = chain_method_after(node, text).is_some_and(|m| WRITES.contains(&m.as_str()));
                        if !write {
                            m.queries = true;
                        }
                    } else if is_self && !assigned {
                        match (&manager_call, called) {
                            (_, true) => push(&mut m.self_calls, attr),
                            (Some(method), _) if MANAGER_READS.contains(&method.as_str()) => {
                                push(&mut m.self_managers, attr)
                            }
                            (Some(method), _) if WRITES.contains(&method.as_str()) => {}
                            _ => push(&mut m.self_reads, attr),
                        }
                    } else if !is_self {
                        if let Some(method) = &manager_call {
                            if MANAGER_READS.contains(&method.as_str()) && object.kind() != "call" {
                                push(&mut m.other_managers, attr);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        if depth < MAX_METHOD_DEPTH {
            let mut c = node.walk();
            stack.extend(node.named_children(&mut c).map(|ch| (ch, depth + 1)));
        }
    }
    Some(m)
}

/// Queryset methods that write rather than read.
pub const WRITES: &[&str] =
    &["add", "bulk_create", "bulk_update", "clear", "create", "delete", "remove", "set", "update"];

/// A call that writes to the database: `x.save()`, `x.delete()`, `bulk_create`/`bulk_update`, and
/// `create`/`update`/`add`/`remove`/`clear`/`get_or_create` on a manager (`X.objects...`,
/// `self.<relation>`).
fn is_write_call(call: Node<'_>, text: Text<'_>) -> bool {
    let Some(f) = call.child_by_field_name("function").filter(|f| f.kind() == "attribute") else { return false };
    let Some(method) = f.child_by_field_name("attribute").map(|a| text.slice(a.byte_range())) else { return false };
    match &*method {
        "save" | "delete" | "bulk_create" | "bulk_update" => true,
        "create" | "update" | "add" | "remove" | "clear" | "get_or_create" | "update_or_create" => {
            let Some(object) = f.child_by_field_name("object") else { return false };
            let receiver = text.slice(object.byte_range());
            receiver.contains(".objects") || receiver.starts_with("self.") || receiver.ends_with("_set")
        }
        _ => false,
    }
}

/// `Model` (capitalized) or `get_user_model()`: what `.objects` is read from on a model class.
fn is_model_like(node: Node<'_>, text: Text<'_>) -> bool {
    match node.kind() {
        "identifier" => text.slice(node.byte_range()).starts_with(|c: char| c.is_ascii_uppercase()),
        "attribute" => node
            .child_by_field_name("attribute")
            .is_some_and(|a| text.slice(a.byte_range()).starts_with(|c: char| c.is_ascii_uppercase())),
        "call" => node
            .child_by_field_name("function")
            .is_some_and(|f| last_segment(&text.slice(f.byte_range())) == "get_user_model"),
        _ => false,
    }
}

/// The method called on the outermost end of a chain that starts at `node` (`X.objects.filter(...).count()`
/// → `count`).
fn chain_method_after(node: Node<'_>, text: Text<'_>) -> Option<String> {
    let mut cur = node;
    let mut last = None;
    for _ in 0..64 {
        let Some(p) = cur.parent() else { break };
        match p.kind() {
            "attribute" if p.child_by_field_name("object") == Some(cur) => {
                last = p.child_by_field_name("attribute").map(|a| text.slice(a.byte_range()).into_owned());
                cur = p;
            }
            "call" if p.child_by_field_name("function") == Some(cur) => cur = p,
            _ => break,
        }
    }
    last
}

/// A returned queryset that is not evaluated (`return super().get_queryset().select_related("queue")`,
/// `return self.lines.all()`, `return Ticket.objects.filter(...)`): what it is built from and
/// what it applies.
fn returned_queryset(value: Node<'_>, text: Text<'_>) -> Option<(ReturnRoot, Cover)> {
    let mut cover = Cover::default();
    let mut node = value;
    let mut outermost = true;
    for _ in 0..64 {
        match node.kind() {
            "parenthesized_expression" => node = node.named_child(0)?,
            "identifier" => return (text.slice(node.byte_range()) == "self").then_some((ReturnRoot::SelfRows, cover)),
            "attribute" => {
                let object = node.child_by_field_name("object")?;
                let attr = text.slice(node.child_by_field_name("attribute")?.byte_range()).into_owned();
                if object.kind() == "identifier" && text.slice(object.byte_range()) == "self" {
                    return (!outermost).then_some((ReturnRoot::SelfAttr(attr), cover));
                }
                if attr == "objects" && is_model_like(object, text) {
                    let model = last_segment(&text.slice(object.byte_range())).to_string();
                    return (!outermost).then_some((ReturnRoot::Model(model), cover));
                }
                return None;
            }
            "call" => {
                let f = node.child_by_field_name("function")?;
                match f.kind() {
                    // `super()`
                    "identifier" => {
                        return (text.slice(f.byte_range()) == "super").then_some((ReturnRoot::SelfRows, cover))
                    }
                    "attribute" => {
                        let method = text.slice(f.child_by_field_name("attribute")?.byte_range());
                        if outermost && EVALUATES.contains(&&*method) {
                            return None;
                        }
                        outermost = false;
                        match &*method {
                            "select_related" | "prefetch_related" => add_lookups(&mut cover, node, &method, text),
                            "annotate" | "alias" => cover.computed.extend(keyword_names(node, text)),
                            "get_queryset" => {
                                let o = f.child_by_field_name("object")?;
                                if o.kind() == "identifier" && text.slice(o.byte_range()) == "self" {
                                    return Some((ReturnRoot::SelfRows, cover));
                                }
                            }
                            _ => {}
                        }
                        node = f.child_by_field_name("object")?;
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    None
}

/// Queryset methods that run the query (or return what it computes).
pub const EVALUATES: &[&str] = &[
    "aggregate",
    "contains",
    "count",
    "earliest",
    "exists",
    "explain",
    "first",
    "get",
    "get_or_create",
    "in_bulk",
    "last",
    "latest",
    "update_or_create",
];

/// Adds the lookups of a `select_related(...)` / `prefetch_related(...)` call to a cover.
pub fn add_lookups(cover: &mut Cover, call: Node<'_>, method: &str, text: Text<'_>) {
    let Some(args) = call.child_by_field_name("arguments") else { return };
    let mut c = args.walk();
    let mut any = false;
    for arg in args.named_children(&mut c) {
        any = true;
        match arg.kind() {
            "string" => {
                if let Some(s) = super::orm::string_value(arg, text) {
                    cover.paths.push(s.into_owned());
                }
            }
            // `Prefetch("tags", queryset=..., to_attr="tag_list")`
            "call" => {
                let Some(a) = arg.child_by_field_name("arguments") else { continue };
                if let Some(s) =
                    a.named_child(0).filter(|s| s.kind() == "string").and_then(|s| super::orm::string_value(s, text))
                {
                    cover.paths.push(s.into_owned());
                }
                if let Some(s) = keyword(a, "to_attr", text).and_then(|v| super::orm::string_value(v, text)) {
                    cover.computed.push(s.into_owned());
                }
            }
            _ => {}
        }
    }
    if !any && method == "select_related" {
        cover.select_all = true;
    }
}

pub fn keyword_names(call: Node<'_>, text: Text<'_>) -> Vec<String> {
    let Some(args) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut c = args.walk();
    let names = args
        .named_children(&mut c)
        .filter(|a| a.kind() == "keyword_argument")
        .filter_map(|a| a.child_by_field_name("name"))
        .map(|n| text.slice(n.byte_range()).into_owned())
        .collect();
    names
}

// ---------------------------------------------------------------------------------------------
// The index

/// A reverse accessor: `ticket.followup_set` because `FollowUp.ticket` points at `Ticket`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accessor {
    pub name: String,
    /// The model whose field declares it (the objects the accessor yields).
    pub source: String,
    /// Reverse foreign key or many-to-many (a manager); `false` for a reverse one-to-one.
    pub many: bool,
    /// The file of the class that declares the field.
    file: Arc<Path>,
}

/// The summaries of a workspace's model modules, merged by class name.
#[derive(Debug, Default)]
pub struct ProjectIndex {
    files: BTreeMap<Arc<Path>, Arc<FileSummary>>,
    merged: Merged,
    /// Changes whenever the summaries do: documents analysed with another generation are analysed
    /// again.
    generation: u64,
}

#[derive(Debug, Default)]
struct Merged {
    /// Class name → where it is defined (file, index in that file's classes).
    classes: HashMap<String, Vec<(Arc<Path>, usize)>>,
    /// Target model name → accessors declared on other models.
    reverse: HashMap<String, Vec<Accessor>>,
    /// Names that are a manager of related objects on some model (reverse foreign keys,
    /// many-to-many fields and their reverse, generic relations), and the models it yields.
    many_names: HashMap<String, Vec<String>>,
    /// Manager (or queryset) class name → the models that use it.
    manager_models: HashMap<String, Vec<String>>,
    /// Classes whose methods can matter: models, managers and querysets, and their bases.
    relevant: HashSet<String>,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

impl ProjectIndex {
    /// An index of nothing: analysis with it sees only the file itself.
    pub fn empty() -> Arc<ProjectIndex> {
        static EMPTY: std::sync::OnceLock<Arc<ProjectIndex>> = std::sync::OnceLock::new();
        EMPTY.get_or_init(|| Arc::new(ProjectIndex::default())).clone()
    }

    /// An index of these summaries.
    pub fn from_summaries(files: impl IntoIterator<Item = (PathBuf, FileSummary)>) -> ProjectIndex {
        let files: BTreeMap<Arc<Path>, Arc<FileSummary>> =
            files.into_iter().map(|(p, s)| (Arc::from(p.as_path()), Arc::new(s))).collect();
        let merged = merge(&files);
        ProjectIndex { files, merged, generation: GENERATION.fetch_add(1, Ordering::Relaxed) }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn summary(&self, path: &Path) -> Option<&Arc<FileSummary>> {
        self.files.get(path)
    }

    /// Whether `path` is one of the files the index holds.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// This index with one file's summary replaced (or removed, when `None` or empty); `None`
    /// when nothing changes.
    pub fn with_file(&self, path: &Path, summary: Option<FileSummary>) -> Option<ProjectIndex> {
        let summary = summary.filter(|s| !s.is_empty());
        let current = self.files.get(path).map(|s| &**s);
        if current == summary.as_ref() {
            return None;
        }
        let mut files = self.files.clone();
        match summary {
            Some(s) => files.insert(Arc::from(path), Arc::new(s)),
            None => files.remove(path),
        };
        let merged = merge(&files);
        Some(ProjectIndex { files, merged, generation: GENERATION.fetch_add(1, Ordering::Relaxed) })
    }

    /// What one file sees: the index, with that file's own summary over the index's copy.
    pub fn view<'a>(&'a self, path: Option<&'a Path>, local: &'a FileSummary) -> ProjectView<'a> {
        ProjectView::new(self, path, local)
    }
}

fn merge(files: &BTreeMap<Arc<Path>, Arc<FileSummary>>) -> Merged {
    merge_files(files, None, None)
}

/// Merges `files` by class name; names are looked up in them first, then in `also` (the index,
/// for a file's own summary). `near` is the analysed file, when there is one.
fn merge_files(files: &BTreeMap<Arc<Path>, Arc<FileSummary>>, also: Option<Source<'_>>, near: Option<&Path>) -> Merged {
    let mut m = Merged::default();
    for (path, summary) in files {
        for (i, class) in summary.classes.iter().enumerate() {
            let defs = m.classes.entry(class.name.clone()).or_default();
            if defs.len() < MAX_DEFS_PER_NAME {
                defs.push((path.clone(), i));
            }
        }
    }
    let mut sources = vec![Source { files, skip: None, merged: &m }];
    sources.extend(also);
    let lookup = Lookup { sources };
    let mut reverse: HashMap<String, Vec<Accessor>> = HashMap::new();
    let mut many_names: HashMap<String, Vec<String>> = HashMap::new();
    let mut manager_models: HashMap<String, Vec<String>> = HashMap::new();
    let mut relevant: HashSet<String> = HashSet::new();
    for (path, summary) in files {
        let near = near.or(Some(path));
        for class in &summary.classes {
            if lookup.is_manager_class(class, near) {
                relevant.extend(lookup.ancestry(class, near).iter().map(|c| c.name.clone()));
                continue;
            }
            if !lookup.is_model(&class.name, near) {
                continue;
            }
            relevant.extend(lookup.ancestry(class, near).iter().map(|c| c.name.clone()));
            for f in &class.fields {
                if f.kind.is_many() {
                    add_many(&mut many_names, &f.name, f.target.as_deref());
                }
            }
            for d in lookup.managers_of(class, near) {
                relevant.insert(d.class.clone());
                let models = manager_models.entry(d.class.clone()).or_default();
                if !models.contains(&class.name) {
                    models.push(class.name.clone());
                }
            }
            if class.is_abstract {
                continue;
            }
            for (f, owner) in lookup.declared_fields(class, near) {
                if let Some(a) = accessor_of(f, class, owner) {
                    if a.many {
                        add_many(&mut many_names, &a.name, Some(&class.name));
                    }
                    let target = f.target.clone().unwrap_or_default();
                    reverse.entry(target).or_default().push(Accessor { file: path.clone(), ..a });
                }
            }
        }
    }
    drop(lookup);
    m.reverse = reverse;
    m.many_names = many_names;
    m.manager_models = manager_models;
    m.relevant = relevant;
    m
}

fn add_many(names: &mut HashMap<String, Vec<String>>, name: &str, yields: Option<&str>) {
    let models = names.entry(name.to_string()).or_default();
    if let Some(m) = yields {
        if models.len() < 8 && !models.iter().any(|x| x == m) {
            models.push(m.to_string());
        }
    }
}

/// The reverse accessor a relation field of concrete model `class` gives its target.
fn accessor_of(f: &Field, class: &ClassInfo, declared_in: &ClassInfo) -> Option<Accessor> {
    let many = match f.kind {
        FieldKind::ForeignKey | FieldKind::ManyToMany => true,
        FieldKind::OneToOne => false,
        _ => return None,
    };
    f.target.as_ref()?;
    let lower = class.name.to_lowercase();
    let name = match &f.related_name {
        Some(r) if r.ends_with('+') => return None,
        Some(r) => r.replace("%(class)s", &lower).replace("%(app_label)s", &declared_in.app_label),
        None if many => format!("{lower}_set"),
        None => lower,
    };
    Some(Accessor { name, source: class.name.clone(), many, file: Arc::from(Path::new("")) })
}

/// One set of summaries to look names up in, minus one file.
struct Source<'a> {
    files: &'a BTreeMap<Arc<Path>, Arc<FileSummary>>,
    skip: Option<&'a Path>,
    merged: &'a Merged,
}

/// Name lookups over the local file first, then the index.
struct Lookup<'a> {
    sources: Vec<Source<'a>>,
}

impl<'a> Lookup<'a> {
    /// The class of this name nearest to `near` (the local file's own first).
    fn class(&self, name: &str, near: Option<&Path>) -> Option<&'a ClassInfo> {
        for s in &self.sources {
            let Some(defs) = s.merged.classes.get(name) else { continue };
            let best = defs
                .iter()
                .filter(|(p, _)| s.skip != Some(&**p))
                .max_by_key(|(p, _)| (near.map_or(0, |n| common_prefix(p, n)), std::cmp::Reverse(p.clone())));
            if let Some((p, i)) = best {
                return s.files.get(p).and_then(|f| f.classes.get(*i));
            }
        }
        None
    }

    /// The class's bases that are classes the index knows, nearest first.
    fn bases(&self, class: &'a ClassInfo, near: Option<&Path>) -> Vec<&'a ClassInfo> {
        class.bases.iter().filter(|b| **b != class.name).filter_map(|b| self.class(b, near)).collect()
    }

    /// The class and its ancestors known to the index, depth first, each once.
    fn ancestry(&self, class: &'a ClassInfo, near: Option<&Path>) -> Vec<&'a ClassInfo> {
        let mut out: Vec<&'a ClassInfo> = Vec::new();
        let mut stack = vec![(class, 0usize)];
        while let Some((c, depth)) = stack.pop() {
            if out.iter().any(|o| std::ptr::eq(*o, c)) || out.len() >= 32 {
                continue;
            }
            out.push(c);
            if depth < 8 {
                for b in self.bases(c, near).into_iter().rev() {
                    stack.push((b, depth + 1));
                }
            }
        }
        out
    }

    fn is_model(&self, name: &str, near: Option<&Path>) -> bool {
        let Some(class) = self.class(name, near) else { return false };
        self.ancestry(class, near).iter().any(|c| {
            c.qualified_bases.iter().any(|q| MODEL_BASES.contains(&q.as_str()))
                || c.bases.iter().any(|b| b == "Model")
                || c.fields.iter().any(|f| f.kind != FieldKind::Column)
        }) && !self.is_manager_class(class, near)
    }

    fn is_manager_class(&self, class: &'a ClassInfo, near: Option<&Path>) -> bool {
        self.ancestry(class, near).iter().any(|c| {
            c.bases
                .iter()
                .any(|b| MANAGER_BASES.contains(&b.as_str()) || b.ends_with("Manager") || b.ends_with("QuerySet"))
        })
    }

    fn is_tree(&self, class: &'a ClassInfo, near: Option<&Path>) -> bool {
        self.ancestry(class, near).iter().any(|c| c.bases.iter().any(|b| TREE_BASES.contains(&b.as_str())))
    }

    /// Fields that live in the table of `class`: its own and its abstract ancestors', with the
    /// class that declares each.
    fn declared_fields(&self, class: &'a ClassInfo, near: Option<&Path>) -> Vec<(&'a Field, &'a ClassInfo)> {
        let mut out = Vec::new();
        let mut stack = vec![(class, 0usize)];
        let mut seen: Vec<*const ClassInfo> = Vec::new();
        while let Some((c, depth)) = stack.pop() {
            if seen.contains(&(c as *const _)) {
                continue;
            }
            seen.push(c);
            for f in &c.fields {
                if !out.iter().any(|(o, _): &(&Field, &ClassInfo)| o.name == f.name) {
                    out.push((f, c));
                }
            }
            if depth < 8 {
                for b in self.bases(c, near) {
                    if b.is_abstract {
                        stack.push((b, depth + 1));
                    }
                }
            }
        }
        out
    }

    fn managers_of(&self, class: &'a ClassInfo, near: Option<&Path>) -> Vec<&'a ManagerDecl> {
        let mut out: Vec<&'a ManagerDecl> = Vec::new();
        for c in self.ancestry(class, near) {
            for d in &c.managers {
                if !out.iter().any(|o| o.attr == d.attr) {
                    out.push(d);
                }
            }
        }
        out
    }
}

fn common_prefix(a: &Path, b: &Path) -> usize {
    a.components().zip(b.components()).take_while(|(x, y)| x == y).count()
}

/// What an attribute of a model instance is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// A forward relation field.
    Field(Field),
    /// A reverse accessor: one object (reverse one-to-one) or a manager.
    Reverse { source: String, many: bool },
    /// A method or property, and the relations and queries it runs.
    Method(QueryUse),
    /// A manager declared on the model (`objects`, `page_revisions`): its class (when declared)
    /// and what its `get_queryset` applies.
    Manager { class: Option<String>, cover: Cover },
}

/// What calling a method (or reading a property) of a model does with the database.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryUse {
    pub property: bool,
    /// It writes (itself or through the methods it calls).
    pub writes: bool,
    /// Relations of the instance it follows (coverable by `select_related` / `prefetch_related`).
    pub relations: Vec<String>,
    /// It runs queries nothing on the instance's queryset covers.
    pub queries: bool,
    /// It returns a queryset without running it.
    pub returns_rows: Option<(ReturnRoot, Cover)>,
}

impl QueryUse {
    /// Whether it runs queries per instance that `cover` does not answer (a method that writes
    /// is a write per item, not an N+1).
    pub fn runs_queries(&self, cover: &Cover) -> bool {
        !self.writes && (self.queries || self.relations.iter().any(|r| !cover.has(r)))
    }
}

/// The index as one file sees it. Lookups are memoised for the file's analysis.
pub struct ProjectView<'a> {
    index: &'a ProjectIndex,
    path: Option<&'a Path>,
    local_files: BTreeMap<Arc<Path>, Arc<FileSummary>>,
    local_merged: Merged,
    members: RefCell<HashMap<(String, String), Option<Member>>>,
    models: RefCell<HashMap<String, bool>>,
    has_trees: std::cell::OnceCell<bool>,
}

/// The name the analysed file's own summary goes by in a view.
const LOCAL: &str = "<local>";

impl<'a> ProjectView<'a> {
    fn new(index: &'a ProjectIndex, path: Option<&'a Path>, local: &FileSummary) -> Self {
        let key: Arc<Path> = Arc::from(path.unwrap_or(Path::new(LOCAL)));
        let mut local_files = BTreeMap::new();
        local_files.insert(key, Arc::new(local.clone()));
        let mut view = ProjectView {
            index,
            path,
            local_files,
            local_merged: Merged::default(),
            members: RefCell::new(HashMap::new()),
            models: RefCell::new(HashMap::new()),
            has_trees: std::cell::OnceCell::new(),
        };
        view.local_merged = view.merge_local();
        view
    }

    /// The local file's classes by name, and the accessors its concrete models give others
    /// (looked up through the index, too).
    fn merge_local(&self) -> Merged {
        let index = Source { files: &self.index.files, skip: self.path, merged: &self.index.merged };
        merge_files(&self.local_files, Some(index), self.path)
    }

    fn lookup(&self) -> Lookup<'_> {
        Lookup {
            sources: vec![
                Source { files: &self.local_files, skip: None, merged: &self.local_merged },
                Source { files: &self.index.files, skip: self.path, merged: &self.index.merged },
            ],
        }
    }

    /// A summary without the methods of classes that are neither models, managers or
    /// querysets nor bases of one: what analysis and the index use of it. Which classes those
    /// are depends on bases and fields only, never on methods, so an edit inside a view's
    /// method leaves this unchanged (and the rest of the file's findings with it).
    pub fn relevant_summary(&self, summary: &FileSummary) -> FileSummary {
        let mut out = summary.clone();
        for class in &mut out.classes {
            let relevant =
                self.local_merged.relevant.contains(&class.name) || self.index.merged.relevant.contains(&class.name);
            if !relevant {
                class.methods.clear();
            }
        }
        out
    }

    /// Whether a class of this name is a Django model the project defines.
    pub fn is_model(&self, name: &str) -> bool {
        if let Some(&hit) = self.models.borrow().get(name) {
            return hit;
        }
        let found = self.lookup().is_model(name, self.path);
        self.models.borrow_mut().insert(name.to_string(), found);
        found
    }

    /// Whether the model is a tree (django-mptt, django-treebeard), whose `get_children()` and
    /// the like return querysets.
    pub fn is_tree_model(&self, name: &str) -> bool {
        let lookup = self.lookup();
        lookup.class(name, self.path).is_some_and(|c| lookup.is_tree(c, self.path))
    }

    /// Whether `name` is a manager of related objects on some model of the project.
    pub fn is_many_accessor(&self, name: &str) -> bool {
        self.local_merged.many_names.contains_key(name) || self.index.merged.many_names.contains_key(name)
    }

    /// The models a manager of related objects of this name yields, on whichever model it is.
    pub fn many_accessor_models(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in [&self.local_merged, &self.index.merged] {
            for model in m.many_names.get(name).into_iter().flatten() {
                if out.len() < 8 && !out.contains(model) {
                    out.push(model.clone());
                }
            }
        }
        out
    }

    /// Whether the project has tree models (django-mptt, django-treebeard) at all.
    pub fn has_tree_models(&self) -> bool {
        *self.has_trees.get_or_init(|| {
            let lookup = self.lookup();
            lookup.sources.iter().any(|s| {
                s.files
                    .values()
                    .flat_map(|f| f.classes.iter())
                    .any(|c| c.bases.iter().any(|b| TREE_BASES.contains(&b.as_str())))
            })
        })
    }

    /// The models that use a manager or queryset class as a manager.
    pub fn models_of_manager(&self, class: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in [&self.local_merged, &self.index.merged] {
            for name in m.manager_models.get(class).into_iter().flatten() {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
        out.truncate(8);
        out
    }

    /// The manager classes a model declares (its own and inherited).
    pub fn managers_of_model(&self, model: &str) -> Vec<String> {
        let lookup = self.lookup();
        let Some(class) = lookup.class(model, self.path) else { return Vec::new() };
        lookup.managers_of(class, self.path).into_iter().map(|d| d.class.clone()).collect()
    }

    /// What `get_queryset` of a manager (or queryset) class applies, following its bases.
    pub fn manager_cover(&self, class: &str) -> Cover {
        self.method_returns(class, "get_queryset").unwrap_or_default()
    }

    /// What a method of a manager or queryset class returns, when it returns a queryset built
    /// from `self` (`select_related_common()`), following the class's bases.
    pub fn method_returns(&self, class: &str, method: &str) -> Option<Cover> {
        let lookup = self.lookup();
        let c = lookup.class(class, self.path)?;
        lookup.ancestry(c, self.path).into_iter().find_map(|a| a.method(method)).and_then(|m| m.returns.clone())
    }

    /// Whether a manager or queryset class (or its bases) defines this method.
    pub fn manager_has_method(&self, class: &str, method: &str) -> bool {
        let lookup = self.lookup();
        lookup
            .class(class, self.path)
            .is_some_and(|c| lookup.ancestry(c, self.path).iter().any(|a| a.method(method).is_some()))
    }

    /// What `attr` of an instance of `model` is, when the project says.
    pub fn member(&self, model: &str, attr: &str) -> Option<Member> {
        let key = (model.to_string(), attr.to_string());
        if let Some(hit) = self.members.borrow().get(&key) {
            return hit.clone();
        }
        let found = self.member_uncached(model, attr, 0);
        self.members.borrow_mut().insert(key, found.clone());
        found
    }

    fn member_uncached(&self, model: &str, attr: &str, depth: usize) -> Option<Member> {
        let lookup = self.lookup();
        let class = lookup.class(model, self.path);
        let ancestry = class.map(|c| lookup.ancestry(c, self.path)).unwrap_or_default();
        for c in &ancestry {
            if let Some(f) = c.field(attr) {
                return Some(Member::Field(f.clone()));
            }
            if let Some(d) = c.managers.iter().find(|d| d.attr == attr) {
                return Some(Member::Manager { class: Some(d.class.clone()), cover: self.manager_cover(&d.class) });
            }
        }
        // Reverse accessors onto the model or a (multi-table) parent of it.
        let mut targets: Vec<&str> = vec![model];
        targets.extend(ancestry.iter().skip(1).map(|c| c.name.as_str()));
        for t in targets {
            for m in [&self.local_merged, &self.index.merged] {
                let Some(list) = m.reverse.get(t) else { continue };
                let skip = self.path;
                if let Some(a) = list
                    .iter()
                    .find(|a| a.name == attr && (skip != Some(&*a.file) || std::ptr::eq(m, &self.local_merged)))
                {
                    return Some(Member::Reverse { source: a.source.clone(), many: a.many });
                }
            }
        }
        for c in &ancestry {
            if let Some(method) = c.method(attr) {
                if depth > 3 {
                    let q = QueryUse { property: method.property, writes: method.writes, ..Default::default() };
                    return Some(Member::Method(q));
                }
                return Some(Member::Method(self.query_use(model, method, depth)));
            }
        }
        if attr == "objects" && class.is_some() {
            return Some(Member::Manager { class: None, cover: Cover::default() });
        }
        None
    }

    /// What a method of `model` does with the database: the relations of `self` it follows, and
    /// queries of its own (through the methods it calls too, a few levels deep).
    fn query_use(&self, model: &str, method: &Method, depth: usize) -> QueryUse {
        let mut out = QueryUse {
            property: method.property,
            writes: method.writes,
            returns_rows: method.returns_rows.clone(),
            ..Default::default()
        };
        out.queries = method.queries || method.other_managers.iter().any(|n| self.is_many_accessor(n));
        for read in method.self_reads.iter().chain(&method.self_managers) {
            match self.member_uncached(model, read, depth + 1) {
                Some(Member::Field(f)) if f.kind.is_single() => out.relations.push(read.clone()),
                Some(Member::Field(f)) if f.kind.is_many() => out.relations.push(read.clone()),
                Some(Member::Reverse { .. }) => out.relations.push(read.clone()),
                Some(Member::Manager { .. }) if method.self_managers.contains(read) => out.queries = true,
                Some(Member::Method(q)) if q.property && method.self_reads.contains(read) => {
                    out.queries |= q.queries;
                    out.writes |= q.writes;
                    out.relations.extend(q.relations);
                }
                _ => {}
            }
        }
        for call in &method.self_calls {
            if *call == method.name {
                continue;
            }
            if let Some(Member::Method(q)) = self.member_uncached(model, call, depth + 1) {
                out.queries |= q.queries;
                out.writes |= q.writes;
                out.relations.extend(q.relations);
            }
        }
        out.relations.sort();
        out.relations.dedup();
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Building

/// Whether a file is one the index reads: a models module (`models.py`, anything under a
/// `models/` package, `abstract_models.py`) or a module of managers and querysets.
pub fn is_model_module(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !name.ends_with(".py") {
        return false;
    }
    matches!(name, "models.py" | "abstract_models.py" | "managers.py" | "manager.py" | "querysets.py" | "queryset.py")
        || path.parent().and_then(|p| p.file_name()).is_some_and(|d| d == "models")
}

/// Directories the index never looks in: test suites (their models are fixtures), migrations,
/// and installed packages.
fn skipped_dir(name: &str) -> bool {
    matches!(name, "tests" | "test" | "migrations" | "node_modules" | "site-packages" | "__pycache__" | "venv" | "env")
}

/// The root of the project a path belongs to: the nearest directory above it with a
/// `pyproject.toml`, `setup.py`, `setup.cfg` or `.git`; else the directory itself.
pub fn project_root(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let start = if abs.is_dir() { abs.clone() } else { abs.parent().map(Path::to_path_buf).unwrap_or(abs.clone()) };
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        if ["pyproject.toml", "setup.py", "setup.cfg", ".git"].iter().any(|m| d.join(m).exists()) {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    start
}

/// The model modules under `roots`, bounded by [`MAX_WALK_ENTRIES`] and [`MAX_INDEX_FILES`].
pub fn model_modules(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut visited = 0usize;
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir()) && e.file_name().to_str().is_some_and(skipped_dir))
            })
            .build();
        for entry in walker {
            visited += 1;
            if visited > MAX_WALK_ENTRIES || out.len() >= MAX_INDEX_FILES {
                tracing::warn!("model index: stopped after {visited} entries and {} files", out.len());
                return out;
            }
            let Ok(e) = entry else { continue };
            if e.file_type().is_some_and(|t| t.is_file()) && is_model_module(e.path()) {
                out.push(e.into_path());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Reads and summarises one file; `None` when it cannot be read, is too large or not UTF-8.
pub fn summarize_file(path: &Path) -> Option<FileSummary> {
    let bytes = crate::fsutil::read_bounded(path, MAX_INDEX_FILE_BYTES).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let tree = crate::document::parse_str(&text)?;
    Some(summarize(tree.root_node(), Text::Str(&text), Some(path)))
}

/// The index of the projects under `roots`: their model modules and the modules those import
/// their bases from, summarised in parallel.
pub fn build(roots: &[PathBuf]) -> ProjectIndex {
    use rayon::prelude::*;
    let roots: Vec<PathBuf> = roots.iter().map(|r| std::path::absolute(r).unwrap_or_else(|_| r.clone())).collect();
    let mut files: Vec<PathBuf> = model_modules(&roots);
    let mut seen: HashSet<PathBuf> = files.iter().cloned().collect();
    let mut done: Vec<(PathBuf, FileSummary)> = Vec::new();
    let mut depth = 0;
    while !files.is_empty() {
        let batch: Vec<(PathBuf, FileSummary)> =
            files.par_iter().filter_map(|p| Some((p.clone(), summarize_file(p)?))).collect();
        files = Vec::new();
        if depth < MAX_IMPORT_DEPTH {
            for (path, summary) in &batch {
                for module in &summary.base_imports {
                    if let Some(found) = module_file(path, module, &roots) {
                        if seen.len() < MAX_INDEX_FILES && seen.insert(found.clone()) {
                            files.push(found);
                        }
                    }
                }
            }
        }
        done.extend(batch.into_iter().filter(|(_, s)| !s.is_empty()));
        depth += 1;
    }
    ProjectIndex::from_summaries(done)
}

/// The file of the workspace a module imported by `from` is in (`.abstract_models`,
/// `..mixins`, `oscar.apps.order.abstract_models`), when it is under one of `roots`.
fn module_file(from: &Path, module: &str, roots: &[PathBuf]) -> Option<PathBuf> {
    let dots = module.chars().take_while(|c| *c == '.').count();
    let rest = &module[dots..];
    let base: PathBuf = if dots > 0 {
        let mut dir = from.parent()?.to_path_buf();
        for _ in 1..dots {
            dir = dir.parent()?.to_path_buf();
        }
        dir
    } else {
        // The directory that holds the top-level package of `from`.
        let mut dir = from.parent()?;
        while dir.join("__init__.py").exists() {
            dir = dir.parent()?;
        }
        dir.to_path_buf()
    };
    let mut candidate = base;
    for part in rest.split('.').filter(|p| !p.is_empty()) {
        candidate.push(part);
    }
    let file = candidate.with_extension("py");
    let found = if file.is_file() {
        file
    } else if candidate.join("__init__.py").is_file() {
        candidate.join("__init__.py")
    } else {
        return None;
    };
    roots.iter().any(|r| found.starts_with(r)).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary_of(path: &str, src: &str) -> (PathBuf, FileSummary) {
        let tree = crate::document::parse_str(src).unwrap();
        (PathBuf::from(path), summarize(tree.root_node(), Text::Str(src), Some(Path::new(path))))
    }

    const ABSTRACT: &str = "from django.db import models\n\n\nclass AbstractLine(models.Model):\n    order = models.ForeignKey(\"order.Order\", on_delete=models.CASCADE, related_name=\"lines\")\n    product = models.ForeignKey(\"catalogue.Product\", null=True, on_delete=models.SET_NULL)\n    tags = models.ManyToManyField(\"Tag\", related_name=\"%(app_label)s_%(class)s_set\")\n    price = models.DecimalField()\n\n    class Meta:\n        abstract = True\n\n    def product_title(self):\n        return self.product.title\n\n    def save(self, *args, **kwargs):\n        self.order.touch()\n        super().save(*args, **kwargs)\n";
    const CONCRETE: &str = "from oscar.apps.order.abstract_models import *\n\nif not is_model_registered(\"order\", \"Line\"):\n\n    class Line(AbstractLine):\n        pass\n\n\nclass Order(models.Model):\n    number = models.CharField()\n\n\nclass Note(models.Model):\n    order = models.OneToOneField(Order, on_delete=models.CASCADE)\n    hidden = models.ForeignKey(Order, related_name=\"+\", on_delete=models.CASCADE)\n\n\nclass OrderQuerySet(models.QuerySet):\n    def with_lines(self):\n        return self.prefetch_related(\"lines\")\n\n\nOrderManager = models.Manager.from_queryset(OrderQuerySet)\n\n\nclass Tag(models.Model):\n    objects = OrderManager()\n";

    fn index() -> ProjectIndex {
        ProjectIndex::from_summaries([
            summary_of("/p/oscar/apps/order/abstract_models.py", ABSTRACT),
            summary_of("/p/oscar/apps/order/models.py", CONCRETE),
        ])
    }

    #[test]
    fn fields_with_their_targets_related_names_and_nullability() {
        let (_, s) = summary_of("/p/order/abstract_models.py", ABSTRACT);
        let line = &s.classes[0];
        assert!(line.is_abstract);
        assert_eq!(line.app_label, "order");
        let order = line.field("order").unwrap();
        assert_eq!(
            (order.kind, order.target.as_deref(), order.related_name.as_deref()),
            (FieldKind::ForeignKey, Some("Order"), Some("lines"))
        );
        assert!(line.field("product").unwrap().null);
        assert_eq!(line.field("price").unwrap().kind, FieldKind::Column);
        assert!(line.method("save").unwrap().writes, "save() writes");
        assert_eq!(line.method("product_title").unwrap().self_reads, ["product"]);
    }

    #[test]
    fn concrete_models_inherit_fields_by_name_and_give_reverse_accessors() {
        let index = index();
        let local = FileSummary::default();
        let view = index.view(Some(Path::new("/p/oscar/apps/basket/views.py")), &local);
        // Defined under `if not is_model_registered(...)`, fields from the abstract model.
        assert!(view.is_model("Line") && view.is_model("Order") && !view.is_model("OrderQuerySet"));
        assert!(matches!(view.member("Line", "order"), Some(Member::Field(f)) if f.kind == FieldKind::ForeignKey));
        assert_eq!(view.member("Order", "lines"), Some(Member::Reverse { source: "Line".into(), many: true }));
        // `%(app_label)s_%(class)s_set` on the concrete class; a reverse one-to-one by class name;
        // `related_name="+"` gives none.
        assert_eq!(view.member("Tag", "order_line_set"), Some(Member::Reverse { source: "Line".into(), many: true }));
        assert_eq!(view.member("Order", "note"), Some(Member::Reverse { source: "Note".into(), many: false }));
        assert_eq!(view.member("Order", "+"), None);
        assert!(view.is_many_accessor("lines") && !view.is_many_accessor("note"));
        // A method that reads a relation of self; a method that writes is a write.
        let Some(Member::Method(q)) = view.member("Line", "product_title") else { panic!("product_title is a method") };
        assert_eq!(q.relations, ["product"]);
        assert!(q.runs_queries(&Cover::default()));
        assert!(!q.runs_queries(&Cover { paths: vec!["product".into()], ..Default::default() }));
        let Some(Member::Method(q)) = view.member("Line", "save") else { panic!("save is a method") };
        assert!(!q.runs_queries(&Cover::default()));
    }

    #[test]
    fn managers_made_from_querysets_know_their_models_and_methods() {
        let index = index();
        let local = FileSummary::default();
        let view = index.view(None, &local);
        assert_eq!(view.models_of_manager("OrderManager"), ["Tag"]);
        let returned = view.method_returns("OrderManager", "with_lines").unwrap();
        assert_eq!(returned.paths, ["lines"]);
    }

    #[test]
    fn the_analysed_file_stands_for_its_own_copy_in_the_index() {
        let index = index();
        // The open copy of models.py no longer has Note's one-to-one.
        let edited = CONCRETE.replace("order = models.OneToOneField(Order, on_delete=models.CASCADE)", "pass");
        let (path, local) = summary_of("/p/oscar/apps/order/models.py", &edited);
        let view = index.view(Some(&path), &local);
        assert_eq!(view.member("Order", "note"), None);
        // Another file still sees the index's copy.
        let other = FileSummary::default();
        let view = index.view(Some(Path::new("/p/x.py")), &other);
        assert!(view.member("Order", "note").is_some());
    }

    #[test]
    fn with_file_changes_the_generation_only_when_the_summary_changes() {
        let index = index();
        let (path, same) = summary_of("/p/oscar/apps/order/models.py", CONCRETE);
        assert!(index.with_file(&path, Some(same)).is_none());
        let updated = index.with_file(&path, None).expect("removing a file changes the index");
        assert_ne!(updated.generation(), index.generation());
        assert_eq!(updated.len(), 1);
    }

    #[test]
    fn model_modules_and_project_roots() {
        for (path, yes) in [
            ("/p/shop/models.py", true),
            ("/p/shop/models/order.py", true),
            ("/p/oscar/apps/order/abstract_models.py", true),
            ("/p/shop/managers.py", true),
            ("/p/shop/views.py", false),
            ("/p/shop/models.txt", false),
        ] {
            assert_eq!(is_model_module(Path::new(path)), yes, "{path}");
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/shop/tests")).unwrap();
        std::fs::write(root.join("pyproject.toml"), "").unwrap();
        std::fs::write(root.join("src/shop/__init__.py"), "").unwrap();
        std::fs::write(
            root.join("src/shop/models.py"),
            "from .mixins import Stamped\nfrom django.db import models\n\n\nclass Order(Stamped):\n    pass\n",
        )
        .unwrap();
        std::fs::write(root.join("src/shop/mixins.py"), "from django.db import models\n\n\nclass Stamped(models.Model):\n    by = models.ForeignKey(\"auth.User\", on_delete=models.CASCADE)\n\n    class Meta:\n        abstract = True\n").unwrap();
        // A test suite's models are fixtures: not indexed.
        std::fs::write(root.join("src/shop/tests/models.py"), "class Order(models.Model):\n    pass\n").unwrap();
        assert_eq!(project_root(&root.join("src/shop/views.py")), root);
        let index = build(&[root.to_path_buf()]);
        // models.py, and mixins.py because models.py takes a base class from it.
        assert_eq!(index.len(), 2);
        let local = FileSummary::default();
        let view = index.view(None, &local);
        assert!(matches!(view.member("Order", "by"), Some(Member::Field(f)) if f.kind == FieldKind::ForeignKey));
        assert_eq!(view.member("User", "order_set"), Some(Member::Reverse { source: "Order".into(), many: true }));
    }
}
