//! Dockerfile checks, over the instructions in order: which stage each belongs to, which base
//! images are earlier stages rather than pulled images, whether the final stage drops root,
//! and what a `RUN` line installs and leaves behind in a layer the image ships.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use tree_sitter::Node;

use super::{literal_secret, regex, secret_name, unpinned_image};
use crate::concepts::Ctx;

/// Files a build copies before the code so that the dependency layer stays cached.
const MANIFESTS: &str = r"(^|/)(requirements[^/]*\.(txt|in)|requirements/?|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock|pdm\.lock|setup\.cfg|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|Gemfile(\.lock)?)$";

/// Who the stage runs as, as far as its `USER` lines say.
#[derive(Clone, Copy, PartialEq, Eq)]
enum User {
    /// No `USER` line (the base image's user, root for every official image).
    Unset,
    Root,
    NonRoot,
}

struct Stage<'t> {
    from: Node<'t>,
    user: User,
    /// The last `USER root` line, where that is how the stage ends.
    root_line: Option<Node<'t>>,
    /// A `COPY . .` (or `ADD .`) came first: later dependency manifests no longer save a layer.
    copied_all: bool,
    /// The earlier stages this one is built `FROM` (several when a build argument picks one).
    bases: Vec<usize>,
    /// Package caches its `RUN` lines leave, not reported for a builder stage.
    caches: Vec<Range<usize>>,
    /// A later `COPY --from=` names it.
    copied_from: bool,
}

pub fn check<'t>(file: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    static MANIFEST: OnceLock<Regex> = OnceLock::new();
    let manifests = regex(&MANIFEST, MANIFESTS);
    let mut stages: Vec<Stage<'t>> = Vec::new();
    let mut aliases: HashMap<String, usize> = HashMap::new();
    let mut loose_caches: Vec<Range<usize>> = Vec::new();
    let mut pip_no_cache = false;
    let mut c = file.walk();
    for ins in file.named_children(&mut c) {
        let keyword = ins.child(0).map_or(ins.byte_range(), |k| k.byte_range());
        match ins.kind() {
            "from_instruction" => {
                if let Some(stage) = stages.last() {
                    close_stage(stage, stages.len() - 1, &mut aliases, ctx);
                }
                let image = ins.named_children(&mut ins.walk()).find(|n| n.kind() == "image_spec");
                let name = image.map(|i| ctx.slice(i).to_ascii_lowercase()).unwrap_or_default();
                let inherited = aliases.get(&name).map(|&i| stages[i].user);
                if let (Some(image), None) = (image, inherited) {
                    if unpinned_image(&name) {
                        ctx.report_id("unpinned-image", image.byte_range());
                    }
                }
                let user = inherited.unwrap_or(if name.contains("nonroot") { User::NonRoot } else { User::Unset });
                let bases = base_stages(&name, &aliases);
                stages.push(Stage {
                    from: ins,
                    user,
                    root_line: None,
                    copied_all: false,
                    bases,
                    caches: Vec::new(),
                    copied_from: false,
                });
            }
            "user_instruction" => {
                let Some(user) = ins.child_by_field_name("user") else { continue };
                let name = ctx.slice(user).to_string();
                let Some(stage) = stages.last_mut() else { continue };
                if name == "root" || name == "0" {
                    stage.user = User::Root;
                    stage.root_line = Some(user);
                } else {
                    stage.user = User::NonRoot;
                    stage.root_line = None;
                    ctx.report_id("docker-user", user.byte_range());
                }
            }
            "copy_instruction" | "add_instruction" => {
                let params: Vec<Node<'t>> = kids(ins, "param");
                for p in &params {
                    if ctx.slice(*p).starts_with("--from=") {
                        ctx.report_id("docker-multi-stage", p.byte_range());
                    }
                }
                let from_stage = params.iter().any(|p| ctx.slice(*p).starts_with("--from="));
                for p in &params {
                    let param = ctx.slice(*p).to_ascii_lowercase();
                    let Some(source) = param.strip_prefix("--from=") else { continue };
                    let index = aliases.get(source).copied().or_else(|| source.parse().ok());
                    if let Some(stage) = index.and_then(|i: usize| stages.get_mut(i)) {
                        stage.copied_from = true;
                    }
                }
                let mut paths = kids(ins, "path");
                paths.pop(); // the destination
                if ins.kind() == "add_instruction" {
                    match paths.iter().find(|p| is_url(&ctx.slice(**p))) {
                        Some(url) => ctx.report_id("docker-add-url", url.byte_range()),
                        None => ctx.report_id("docker-add", keyword.clone()),
                    }
                }
                let Some(stage) = stages.last_mut() else { continue };
                if from_stage {
                    continue;
                }
                let sources: Vec<String> =
                    paths.iter().map(|p| ctx.slice(*p).trim_end_matches('/').to_string()).collect();
                if sources.iter().any(|s| s.is_empty() || s == "." || s == "./") {
                    stage.copied_all = true;
                } else if !stage.copied_all {
                    if let Some(p) = paths.iter().zip(&sources).find(|(_, s)| manifests.is_match(s)).map(|(p, _)| *p) {
                        ctx.report_id("docker-layer-caching", p.byte_range());
                    }
                }
            }
            "run_instruction" => {
                let found = run(ins, pip_no_cache, ctx);
                match stages.last_mut() {
                    Some(stage) => stage.caches.extend(found),
                    None => loose_caches.extend(found),
                }
            }
            "env_instruction" => {
                for pair in kids(ins, "env_pair") {
                    let Some(name) = pair.child_by_field_name("name") else { continue };
                    let key = ctx.slice(name).to_string();
                    pip_no_cache |= key == "PIP_NO_CACHE_DIR";
                    let value = ctx.text.slice(name.end_byte()..pair.end_byte());
                    let value = value.trim_start_matches('=').trim();
                    if secret_name(&key) && literal_secret(value) {
                        ctx.report_id("hardcoded-secret", pair.byte_range());
                    }
                }
            }
            "arg_instruction" => {
                for pair in kids(ins, "arg_pair") {
                    let (Some(name), Some(default)) =
                        (pair.child_by_field_name("name"), pair.child_by_field_name("default"))
                    else {
                        continue;
                    };
                    if secret_name(&ctx.slice(name)) && literal_secret(&ctx.slice(default)) {
                        ctx.report_id("hardcoded-secret", pair.byte_range());
                    }
                }
            }
            "cmd_instruction" | "entrypoint_instruction" => ctx.report_id("docker-cmd-entrypoint", keyword),
            "healthcheck_instruction" => {
                let rest = ctx.text.slice(keyword.end..ins.end_byte());
                if !rest.trim_start().to_ascii_uppercase().starts_with("NONE") {
                    ctx.report_id("container-healthcheck", keyword);
                }
            }
            _ => {}
        }
    }
    for r in loose_caches.into_iter().chain(shipped_caches(&mut stages)) {
        ctx.report_id("package-cache-in-layer", r);
    }
    if let Some(last) = stages.last() {
        match (last.user, last.root_line) {
            (User::Root, Some(line)) => ctx.report_id("runs-as-root", line.byte_range()),
            (User::Unset, _) | (User::Root, None) => {
                let from = last.from.child(0).map_or(last.from.byte_range(), |k| k.byte_range());
                ctx.report_id("runs-as-root", from);
            }
            (User::NonRoot, _) => {}
        }
    }
}

/// Remembers a finished stage by its alias, for a later `FROM <stage>`.
fn close_stage(stage: &Stage<'_>, index: usize, aliases: &mut HashMap<String, usize>, ctx: &Ctx<'_, '_>) {
    if let Some(alias) = stage.from.child_by_field_name("as") {
        aliases.insert(ctx.slice(alias).to_ascii_lowercase(), index);
    }
}

/// The earlier stages a `FROM` names: its alias, or, for a name built from a build argument
/// (`FROM runtime-${DISTRO}`), every alias the name could expand to.
fn base_stages(name: &str, aliases: &HashMap<String, usize>) -> Vec<usize> {
    if let Some(&i) = aliases.get(name) {
        return vec![i];
    }
    if !name.contains('$') {
        return Vec::new();
    }
    static VAR: OnceLock<Regex> = OnceLock::new();
    let var = regex(&VAR, r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*");
    let literal: Vec<String> = var.split(name).map(regex::escape).collect();
    let Ok(pattern) = Regex::new(&format!("^{}$", literal.join(".*"))) else { return Vec::new() };
    aliases.iter().filter(|(alias, _)| pattern.is_match(alias)).map(|(_, &i)| i).collect()
}

/// The package caches of every stage but the builders: stages a `COPY --from` takes files
/// from (and the stages they are built on) that the final image is not built on. Their layers
/// stay behind, so their caches cost the image nothing. A stage nobody copies from may be a
/// `--target` of its own (a dev or test image), so its caches count.
fn shipped_caches(stages: &mut [Stage<'_>]) -> Vec<Range<usize>> {
    let last: Vec<usize> = stages.len().checked_sub(1).into_iter().collect();
    let copied: Vec<usize> = (0..stages.len()).filter(|&i| stages[i].copied_from).collect();
    let shipped = built_on(stages, last);
    let builders = built_on(stages, copied);
    let mut out = Vec::new();
    for (i, stage) in stages.iter_mut().enumerate() {
        if shipped[i] || !builders[i] {
            out.append(&mut stage.caches);
        }
    }
    out
}

/// The given stages and every stage they are built on, transitively.
fn built_on(stages: &[Stage<'_>], mut todo: Vec<usize>) -> Vec<bool> {
    let mut seen = vec![false; stages.len()];
    while let Some(i) = todo.pop() {
        if !std::mem::replace(&mut seen[i], true) {
            todo.extend(stages[i].bases.iter().copied());
        }
    }
    seen
}

fn kids<'t>(node: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    let mut c = node.walk();
    node.named_children(&mut c).filter(|n| n.kind() == kind).collect()
}

fn is_url(path: &str) -> bool {
    let p = path.trim_matches('"');
    p.starts_with("http://") || p.starts_with("https://") || p.starts_with("git@")
}

/// Where a `RUN` installs packages and keeps the package manager's cache in the layer:
/// `apt-get install` without removing `/var/lib/apt/lists`, `apk add` without `--no-cache`,
/// `pip install` without `--no-cache-dir` (or `PIP_NO_CACHE_DIR`). A cache mount keeps the
/// cache out of the layer, so it counts as cleaning up.
fn run(ins: Node<'_>, pip_no_cache: bool, ctx: &Ctx<'_, '_>) -> Vec<Range<usize>> {
    let text = ctx.slice(ins).into_owned();
    if text.contains("type=cache") {
        return Vec::new();
    }
    let start = ins.start_byte();
    let mut found: Vec<Range<usize>> = Vec::new();
    static APT: OnceLock<Regex> = OnceLock::new();
    static APK: OnceLock<Regex> = OnceLock::new();
    static PIP: OnceLock<Regex> = OnceLock::new();
    let apt = regex(&APT, r"\bapt(-get)?\s+(-\S+\s+)*install\b");
    if !text.contains("/var/lib/apt/lists") {
        found.extend(apt.find_iter(&text).map(|m| start + m.start()..start + m.end()));
    }
    let apk = regex(&APK, r"\bapk\s+add\b");
    if !text.contains("--no-cache") {
        found.extend(apk.find_iter(&text).map(|m| start + m.start()..start + m.end()));
    }
    let pip = regex(&PIP, r"(^|[^\w-])(pip3?|python3?\s+-m\s+pip)\s+install\b");
    if !pip_no_cache && !text.contains("--no-cache-dir") {
        for m in pip.captures_iter(&text) {
            let Some(whole) = m.get(0) else { continue };
            let lead = m.get(1).map_or(0, |g| g.len());
            // `uv pip install` keeps uv's own cache, which `--no-cache-dir` does not govern.
            if text[..whole.start()].trim_end().ends_with("uv") {
                continue;
            }
            found.push(start + whole.start() + lead..start + whole.end());
        }
    }
    found
}
