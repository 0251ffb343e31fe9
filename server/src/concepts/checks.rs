//! Rust-side checks: what a query pattern cannot say by itself. A pattern hands its match to one
//! of these with `(#set! check "name")`; the check decides what, if anything, to report.

use tree_sitter::Node;

use super::{embedded, flow, infra, language, nplus1, orm, Captures, Ctx};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// `yield` counts for the def whose own body holds it, not for a nested def, lambda or class.
    Generator,
    /// A decorator that no more specific concept claims.
    Decorator,
    /// A class with bases that no more specific class concept claims.
    Inheritance,
    /// `xs[:]` read as a value (not `xs[:] = ...`, which assigns into the list).
    FullSlice,
    /// `except:` always; `except Exception:` only when the handler does nothing.
    BroadExcept,
    /// A class that defines both halves of the context-manager protocol.
    ContextManagerClass,
    /// A def that returns an inner def, or wraps one with `functools.wraps`.
    DecoratorDefinition,
    /// The captured call is a Django ORM call only when its receiver is a manager or queryset.
    QuerysetReceiver,
    /// A loop or comprehension whose body runs a query per item.
    NPlusOne,
    /// A class with `__init__(self, get_response)` and `__call__(self, request)`.
    DjangoMiddlewareClass,
    /// A def taking `request` first that returns an HttpResponse, render() or redirect().
    DjangoViewFunction,
    /// SQL text built by formatting, passed to execute/raw/text.
    SqlInjection,
    /// Module-level gunicorn settings (two or more of bind/workers/worker_class/...).
    GunicornConfig,
    /// Same-function patterns: cache-aside (get, miss, compute, set) and INCR + EXPIRE.
    CachePatterns,
    /// The captured call is about caching only when its receiver is a cache.
    CacheReceiver,
    /// A `# interview-prep: ignore[...]` comment.
    Suppression,
    /// Like `CacheReceiver`, but a Redis client alone is not enough (`delete` on Redis is often
    /// not about a cache).
    CacheOnlyReceiver,
    /// Module-level Django settings, in a module that sets at least two of them.
    DjangoSettings,
    /// A lambda or def made in a loop, kept for later, reading the loop variable.
    LateBindingClosure,
    /// A float field or float() whose name says it holds money.
    MoneyName,
    /// A class with `__eq__` and no `__hash__`.
    EqWithoutHash,
    /// The captured call's value is kept, not read for one attribute at once (`now().year`).
    KeptValue,
    /// A whole Dockerfile: stages, base images, users, what `RUN` leaves in a layer.
    Dockerfile,
    /// A whole Compose file.
    Compose,
    /// A whole Kubernetes manifest (every document of the stream).
    Kubernetes,
    /// A whole GitHub Actions workflow.
    GithubActions,
    /// A whole GitLab CI file.
    GitlabCi,
    /// `*` in a select list.
    SqlSelectStar,
    /// An `UPDATE` or `DELETE` statement with no `WHERE`.
    SqlWriteWithoutWhere,
    /// `NOT IN` over a subquery.
    SqlNotIn,
    /// A string literal run as SQL (`cursor.execute("...")`): the SQL rules inside it.
    EmbeddedSql,
}

impl Check {
    pub const ALL: [Check; 31] = [
        Check::Generator,
        Check::Decorator,
        Check::Inheritance,
        Check::FullSlice,
        Check::BroadExcept,
        Check::ContextManagerClass,
        Check::DecoratorDefinition,
        Check::QuerysetReceiver,
        Check::NPlusOne,
        Check::DjangoMiddlewareClass,
        Check::DjangoViewFunction,
        Check::SqlInjection,
        Check::GunicornConfig,
        Check::CachePatterns,
        Check::CacheReceiver,
        Check::Suppression,
        Check::CacheOnlyReceiver,
        Check::DjangoSettings,
        Check::LateBindingClosure,
        Check::MoneyName,
        Check::EqWithoutHash,
        Check::KeptValue,
        Check::Dockerfile,
        Check::Compose,
        Check::Kubernetes,
        Check::GithubActions,
        Check::GitlabCi,
        Check::SqlSelectStar,
        Check::SqlWriteWithoutWhere,
        Check::SqlNotIn,
        Check::EmbeddedSql,
    ];

    pub fn from_name(name: &str) -> Option<Check> {
        Some(match name {
            "generator" => Check::Generator,
            "decorator" => Check::Decorator,
            "inheritance" => Check::Inheritance,
            "full-slice" => Check::FullSlice,
            "broad-except" => Check::BroadExcept,
            "context-manager-class" => Check::ContextManagerClass,
            "decorator-definition" => Check::DecoratorDefinition,
            "queryset-receiver" => Check::QuerysetReceiver,
            "n-plus-one" => Check::NPlusOne,
            "django-middleware-class" => Check::DjangoMiddlewareClass,
            "django-view-function" => Check::DjangoViewFunction,
            "sql-injection" => Check::SqlInjection,
            "gunicorn-config" => Check::GunicornConfig,
            "cache-patterns" => Check::CachePatterns,
            "cache-receiver" => Check::CacheReceiver,
            "suppression" => Check::Suppression,
            "cache-only-receiver" => Check::CacheOnlyReceiver,
            "django-settings" => Check::DjangoSettings,
            "late-binding-closure" => Check::LateBindingClosure,
            "money-name" => Check::MoneyName,
            "eq-without-hash" => Check::EqWithoutHash,
            "kept-value" => Check::KeptValue,
            "dockerfile" => Check::Dockerfile,
            "compose" => Check::Compose,
            "kubernetes" => Check::Kubernetes,
            "github-actions" => Check::GithubActions,
            "gitlab-ci" => Check::GitlabCi,
            "sql-select-star" => Check::SqlSelectStar,
            "sql-write-without-where" => Check::SqlWriteWithoutWhere,
            "sql-not-in" => Check::SqlNotIn,
            "embedded-sql" => Check::EmbeddedSql,
            _ => return None,
        })
    }

    /// The concept ids a check can report by itself (beyond the concept captures it passes on).
    pub fn reports(self) -> &'static [&'static str] {
        match self {
            Check::Generator => &["generator-function"],
            Check::Decorator => &["decorator"],
            Check::Inheritance => &["inheritance"],
            Check::FullSlice => &["copy-semantics"],
            Check::BroadExcept => &["broad-except"],
            Check::ContextManagerClass => &["context-manager"],
            Check::DecoratorDefinition => &["decorator-definition"],
            Check::QuerysetReceiver => &[],
            Check::NPlusOne => &["n-plus-one"],
            Check::DjangoMiddlewareClass => &["django-middleware"],
            Check::DjangoViewFunction => &["django-views"],
            Check::SqlInjection => &["sql-injection"],
            Check::GunicornConfig => &["uvicorn-gunicorn"],
            Check::CachePatterns => &["cache-aside", "rate-limiting"],
            Check::CacheReceiver | Check::Suppression | Check::CacheOnlyReceiver => &[],
            Check::DjangoSettings => &["django-settings"],
            Check::LateBindingClosure => &["late-binding-closure"],
            Check::MoneyName | Check::KeptValue => &[],
            Check::EqWithoutHash => &["eq-without-hash"],
            Check::Dockerfile => &[
                "unpinned-image",
                "docker-user",
                "docker-multi-stage",
                "docker-add-url",
                "docker-add",
                "docker-layer-caching",
                "hardcoded-secret",
                "docker-cmd-entrypoint",
                "container-healthcheck",
                "runs-as-root",
                "package-cache-in-layer",
            ],
            Check::Compose => &[
                "compose-service",
                "compose-volumes",
                "compose-networks",
                "unpinned-image",
                "container-healthcheck",
                "compose-depends-on-unhealthy",
                "hardcoded-secret",
            ],
            Check::Kubernetes => &[
                "k8s-workload",
                "k8s-service",
                "k8s-config",
                "k8s-autoscaling",
                "k8s-rolling-update",
                "k8s-missing-probes",
                "k8s-missing-resources",
                "unpinned-image",
                "hardcoded-secret",
                "runs-as-root",
            ],
            Check::GithubActions => &[
                "ci-trigger",
                "ci-secrets",
                "ci-matrix",
                "ci-deploy-job",
                "ci-deploy-without-tests",
                "ci-unpinned-action",
                "ci-cache",
                "ci-pr-target-checkout",
                "ci-secret-echo",
            ],
            Check::GitlabCi => &["unpinned-image", "ci-cache", "ci-matrix", "ci-deploy-job"],
            Check::SqlSelectStar => &["sql-select-star"],
            Check::SqlWriteWithoutWhere => &["sql-write-without-where"],
            Check::SqlNotIn => &["sql-not-in-null"],
            // What the SQL rules report, which the SQL engine already counts.
            Check::EmbeddedSql => &[],
        }
    }

    pub(crate) fn run<'t>(self, caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
        match self {
            Check::Generator => generator(caps, ctx),
            Check::Decorator => {
                if let Some(d) = caps.get("_decorator") {
                    ctx.report_generic("decorator", d.byte_range(), d.byte_range());
                }
            }
            Check::Inheritance => {
                if let Some(name) = caps.get("_class_name") {
                    ctx.report_generic("inheritance", name.byte_range(), name.byte_range());
                }
            }
            Check::FullSlice => full_slice(caps, ctx),
            Check::BroadExcept => broad_except(caps, ctx),
            Check::ContextManagerClass => context_manager_class(caps, ctx),
            Check::DecoratorDefinition => decorator_definition(caps, ctx),
            Check::QuerysetReceiver => {
                if caps.get("_recv").is_some_and(|r| orm::queryset_chain(r, ctx.resolver, ctx.text).is_some()) {
                    let found = caps.concepts();
                    for (id, node) in found {
                        ctx.report(id, node.byte_range());
                    }
                }
            }
            Check::NPlusOne => nplus1::n_plus_one(caps, ctx),
            Check::DjangoMiddlewareClass => django_middleware_class(caps, ctx),
            Check::DjangoViewFunction => django_view_function(caps, ctx),
            Check::SqlInjection => flow::sql_injection(caps, ctx),
            Check::EmbeddedSql => embedded::embedded_sql(caps, ctx),
            Check::GunicornConfig => gunicorn_config(caps, ctx),
            Check::CachePatterns => flow::cache_patterns(caps, ctx),
            Check::Suppression => {
                if let Some(c) = caps.get("_comment") {
                    let text = ctx.slice(c).into_owned();
                    if let Some(mut s) = super::Suppression::parse(&text, c.byte_range(), ctx.text) {
                        if ctx.lang != crate::language::Lang::Python {
                            s.extend_over_next_line(ctx.text);
                        }
                        ctx.suppressions.push(s);
                    }
                }
            }
            Check::DjangoSettings => django_settings(caps, ctx),
            Check::LateBindingClosure => language::late_binding_closure(caps, ctx),
            Check::MoneyName => language::money_name(caps, ctx),
            Check::EqWithoutHash => language::eq_without_hash(caps, ctx),
            Check::KeptValue => language::kept_value(caps, ctx),
            Check::Dockerfile | Check::Compose | Check::Kubernetes | Check::GithubActions | Check::GitlabCi => {
                let Some(file) = caps.get("_file") else { return };
                match self {
                    Check::Dockerfile => infra::dockerfile::check(file, ctx),
                    Check::Compose => infra::compose::check(file, ctx),
                    Check::Kubernetes => infra::kubernetes::check(file, ctx),
                    Check::GithubActions => infra::workflows::github(file, ctx),
                    _ => infra::workflows::gitlab(file, ctx),
                }
            }
            Check::SqlSelectStar | Check::SqlWriteWithoutWhere | Check::SqlNotIn => {
                let Some(node) = caps.get("_node") else { return };
                match self {
                    Check::SqlSelectStar => infra::sql::select_star(node, ctx),
                    Check::SqlWriteWithoutWhere => infra::sql::write_without_where(node, ctx),
                    _ => infra::sql::not_in(node, ctx),
                }
            }
            Check::CacheReceiver | Check::CacheOnlyReceiver => {
                let strict = self == Check::CacheOnlyReceiver;
                if caps.get("_recv").is_some_and(|r| flow::is_cache_receiver(r, ctx, strict)) {
                    let found = caps.concepts();
                    for (id, node) in found {
                        ctx.report(id, node.byte_range());
                    }
                }
            }
        }
    }
}

fn generator<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(y) = caps.get("_yield") else { return };
    let Some(scope) = ctx.resolver.enclosing_scope(y) else { return };
    if scope.kind() != "function_definition" {
        // A yield in a lambda or directly in a class body makes no generator def.
        return;
    }
    if let Some(name) = scope.child_by_field_name("name") {
        ctx.report_id("generator-function", name.byte_range());
    }
    // The keyword itself (`yield` or `yield from`), not the yielded expression.
    let mut end = y.start_byte() + "yield".len();
    if let Some(from) = y.child(1).filter(|c| c.kind() == "from") {
        end = from.end_byte();
    }
    ctx.report_id("generator-function", y.start_byte()..end.min(y.end_byte()));
}

fn full_slice<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(sub) = caps.get("_subscript") else { return };
    if let Some(parent) = sub.parent() {
        let is_target = match parent.kind() {
            "assignment" | "augmented_assignment" => parent.child_by_field_name("left") == Some(sub),
            "delete_statement" | "pattern_list" => true,
            _ => false,
        };
        if is_target {
            return;
        }
    }
    ctx.report_id("copy-semantics", sub.byte_range());
}

fn broad_except<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(clause) = caps.get("_except") else { return };
    let keyword_end = clause.start_byte() + "except".len();
    match caps.get("_type") {
        None => ctx.report_id("broad-except", clause.start_byte()..keyword_end),
        Some(ty) => {
            let mut c = clause.walk();
            let Some(block) = clause.named_children(&mut c).find(|n| n.kind() == "block") else { return };
            let mut c = block.walk();
            let does_nothing = block.named_children(&mut c).filter(|s| s.kind() != "comment").all(|s| {
                s.kind() == "pass_statement"
                    || (s.kind() == "expression_statement"
                        && s.named_child_count() == 1
                        && s.named_child(0).is_some_and(|e| e.kind() == "ellipsis"))
            });
            if does_nothing {
                ctx.report_id("broad-except", clause.start_byte()..ty.end_byte());
            }
        }
    }
}

/// The defs directly in a class or def body, with decorated ones unwrapped.
pub(super) fn defs_in_body<'t>(body: Node<'t>) -> Vec<Node<'t>> {
    let mut c = body.walk();
    body.named_children(&mut c)
        .filter_map(|s| match s.kind() {
            "function_definition" => Some(s),
            "decorated_definition" => s.child_by_field_name("definition").filter(|d| d.kind() == "function_definition"),
            _ => None,
        })
        .collect()
}

fn context_manager_class<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(class) = caps.get("_class") else { return };
    let (Some(name), Some(body)) = (class.child_by_field_name("name"), class.child_by_field_name("body")) else {
        return;
    };
    let methods: Vec<String> = defs_in_body(body)
        .into_iter()
        .filter_map(|d| d.child_by_field_name("name"))
        .map(|n| ctx.slice(n).into_owned())
        .collect();
    let has = |m: &str| methods.iter().any(|x| x == m);
    if (has("__enter__") && has("__exit__")) || (has("__aenter__") && has("__aexit__")) {
        ctx.report_id("context-manager", name.byte_range());
    }
}

fn decorator_definition<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(outer) = caps.get("_outer") else { return };
    if is_decorator_definition(outer, ctx, 0) {
        if let Some(name) = outer.child_by_field_name("name") {
            ctx.report_id("decorator-definition", name.byte_range());
        }
    }
}

/// A def is a decorator (or a decorator factory) when it returns an inner def that wraps a
/// callable: the inner def uses `functools.wraps`, calls one of the outer def's parameters, or is
/// itself a decorator. A closure that only converts values (`def process(value)`) is not one.
fn is_decorator_definition<'t>(outer: Node<'t>, ctx: &Ctx<'_, 't>, depth: usize) -> bool {
    if depth > 3 {
        return false;
    }
    let Some(body) = outer.child_by_field_name("body") else { return false };
    let params = parameter_names(outer, ctx);
    let mut c = body.walk();
    let statements: Vec<Node<'t>> = body.named_children(&mut c).collect();
    let returned: Vec<String> = statements
        .iter()
        .filter(|s| s.kind() == "return_statement")
        .filter_map(|s| s.named_child(0).filter(|v| v.kind() == "identifier"))
        .map(|v| ctx.slice(v).into_owned())
        .collect();
    for stmt in &statements {
        let (def, decorators): (Node<'t>, Vec<Node<'t>>) = match stmt.kind() {
            "function_definition" => (*stmt, Vec::new()),
            "decorated_definition" => match stmt.child_by_field_name("definition") {
                Some(d) if d.kind() == "function_definition" => {
                    let mut dc = stmt.walk();
                    (d, stmt.named_children(&mut dc).filter(|n| n.kind() == "decorator").collect())
                }
                _ => continue,
            },
            _ => continue,
        };
        let wraps = decorators.iter().any(|d| {
            let callee = match d.named_child(0) {
                Some(e) if e.kind() == "call" => e.child_by_field_name("function"),
                other => other,
            };
            callee.and_then(|f| ctx.resolver.resolve(f)).is_some_and(|q| &*q == "functools.wraps")
        });
        if wraps {
            return true;
        }
        let Some(name) = def.child_by_field_name("name").map(|n| ctx.slice(n).into_owned()) else { continue };
        if !returned.contains(&name) {
            continue;
        }
        if calls_any(def, &params, ctx)
            || returns_own_parameter(def, ctx)
            || is_decorator_definition(def, ctx, depth + 1)
        {
            return true;
        }
    }
    false
}

/// `def decorate(cls): ...; return cls`: takes the decorated object and hands it back.
fn returns_own_parameter<'t>(def: Node<'t>, ctx: &Ctx<'_, 't>) -> bool {
    let params = parameter_names(def, ctx);
    let Some(body) = def.child_by_field_name("body") else { return false };
    let mut c = body.walk();
    let found = body.named_children(&mut c).any(|s| {
        s.kind() == "return_statement"
            && s.named_child(0).is_some_and(|v| v.kind() == "identifier" && params.iter().any(|p| *p == ctx.slice(v)))
    });
    found
}

/// Whether the subtree calls a plain name from `names` (`func(*args)`).
fn calls_any(node: Node<'_>, names: &[String], ctx: &Ctx<'_, '_>) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "call" {
            if let Some(f) = n.child_by_field_name("function").filter(|f| f.kind() == "identifier") {
                if names.iter().any(|p| *p == ctx.slice(f)) {
                    return true;
                }
            }
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    false
}

/// Parameter names of a def, in order (`self`, `request`...), typed or not.
pub(crate) fn parameter_names<'t>(def: Node<'t>, ctx: &Ctx<'_, 't>) -> Vec<String> {
    let Some(params) = def.child_by_field_name("parameters") else { return Vec::new() };
    let mut c = params.walk();
    params
        .named_children(&mut c)
        .filter_map(|p| match p.kind() {
            "identifier" => Some(p),
            "typed_parameter" => p.named_child(0).filter(|n| n.kind() == "identifier"),
            "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name"),
            _ => None,
        })
        .map(|n| ctx.slice(n).into_owned())
        .collect()
}

fn django_middleware_class<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(class) = caps.get("_class") else { return };
    let (Some(name), Some(body)) = (class.child_by_field_name("name"), class.child_by_field_name("body")) else {
        return;
    };
    let defs = defs_in_body(body);
    let signature = |method: &str| {
        defs.iter()
            .find(|d| d.child_by_field_name("name").is_some_and(|n| ctx.slice(n) == method))
            .map(|d| parameter_names(*d, ctx))
    };
    let init = signature("__init__");
    let call = signature("__call__");
    if init.is_some_and(|p| p.len() == 2 && p[1] == "get_response") && call.is_some_and(|p| p.len() == 2) {
        ctx.report_id("django-middleware", name.byte_range());
    }
}

/// What a Django view returns: a response class or a shortcut that builds one.
const DJANGO_RESPONSES: &[&str] = &[
    "django.shortcuts.render",
    "django.shortcuts.redirect",
    "django.shortcuts.render_to_response",
    "django.template.response.TemplateResponse",
];

fn django_view_function<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(def) = caps.get("_def") else { return };
    let params = parameter_names(def, ctx);
    if params.first().map(String::as_str) != Some("request") {
        return;
    }
    let Some(body) = def.child_by_field_name("body") else { return };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "return_statement" {
            let callee =
                node.named_child(0).filter(|v| v.kind() == "call").and_then(|v| v.child_by_field_name("function"));
            let resolved = callee.and_then(|f| ctx.resolver.resolve(f));
            if resolved
                .is_some_and(|q| DJANGO_RESPONSES.contains(&&*q) || q.starts_with("django.http.") && !q.ends_with("()"))
            {
                if let Some(name) = def.child_by_field_name("name") {
                    ctx.report_id("django-views", name.byte_range());
                }
                return;
            }
        }
        if matches!(node.kind(), "function_definition" | "class_definition" | "lambda") && node.id() != body.id() {
            continue;
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
}

const GUNICORN_SETTINGS: &[&str] = &["bind", "workers", "worker_class", "threads", "wsgi_app", "worker_connections"];

fn gunicorn_config<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(module) = caps.get("_module") else { return };
    let mut found = Vec::new();
    let mut c = module.walk();
    for stmt in module.named_children(&mut c) {
        let Some(assign) =
            stmt.named_child(0).filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            continue;
        };
        if let Some(left) = assign.child_by_field_name("left").filter(|l| l.kind() == "identifier") {
            if GUNICORN_SETTINGS.contains(&&*ctx.slice(left)) {
                found.push(left);
            }
        }
    }
    if found.len() >= 2 {
        for left in found {
            ctx.report_id("uvicorn-gunicorn", left.byte_range());
        }
    }
}

const DJANGO_SETTINGS: &[&str] = &[
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASES",
    "INSTALLED_APPS",
    "MIDDLEWARE",
    "CACHES",
    "STATIC_URL",
    "STATIC_ROOT",
    "MEDIA_URL",
    "MEDIA_ROOT",
    "SECRET_KEY",
];

/// Other names that only a Django settings module sets: evidence, not reported themselves.
const DJANGO_SETTINGS_EVIDENCE: &[&str] = &[
    "STORAGES",
    "ROOT_URLCONF",
    "WSGI_APPLICATION",
    "ASGI_APPLICATION",
    "TEMPLATES",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "USE_TZ",
    "USE_I18N",
    "DEFAULT_AUTO_FIELD",
    "AUTH_USER_MODEL",
    "AUTH_PASSWORD_VALIDATORS",
    "CSRF_TRUSTED_ORIGINS",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "EMAIL_BACKEND",
    "DEFAULT_FROM_EMAIL",
    "REST_FRAMEWORK",
    "CELERY_BROKER_URL",
    "LOGIN_URL",
    "LOGIN_REDIRECT_URL",
];

fn django_settings<'t>(caps: &Captures<'_, '_, 't>, ctx: &mut Ctx<'_, 't>) {
    let Some(module) = caps.get("_module") else { return };
    let mut found: Vec<Node<'t>> = Vec::new();
    let mut evidence: Vec<String> = Vec::new();
    // Module-level statements, also inside top-level if/try blocks (`if DEBUG: ...`).
    let mut stack = vec![module];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "expression_statement" => {
                let left = node
                    .named_child(0)
                    .filter(|a| a.kind() == "assignment")
                    .and_then(|a| a.child_by_field_name("left"))
                    .filter(|l| l.kind() == "identifier");
                if let Some(left) = left {
                    let name = ctx.slice(left);
                    if DJANGO_SETTINGS.contains(&&*name) {
                        found.push(left);
                    } else if DJANGO_SETTINGS_EVIDENCE.contains(&&*name) {
                        evidence.push(name.into_owned());
                    }
                }
            }
            "module" | "block" | "if_statement" | "elif_clause" | "else_clause" | "try_statement" | "except_clause"
            | "finally_clause" => {
                let mut c = node.walk();
                stack.extend(node.named_children(&mut c));
            }
            _ => {}
        }
    }
    let mut names: Vec<String> = found.iter().map(|n| ctx.slice(*n).into_owned()).collect();
    names.extend(evidence);
    names.sort();
    names.dedup();
    if names.len() >= 2 {
        for left in found {
            ctx.report_id("django-settings", left.byte_range());
        }
    }
}
