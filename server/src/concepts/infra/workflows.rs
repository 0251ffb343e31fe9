//! CI workflow checks. GitHub Actions: triggers, matrices, caches, secrets and deployment jobs;
//! the pitfalls are third-party actions on a moving tag, `pull_request_target` checking out the
//! pull request's code, secrets echoed into the log, and a deployment that runs on a code
//! change with no tests first.
//! GitLab CI: images, caches, matrices and deployment jobs.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use tree_sitter::Node;

use super::{regex, unpinned_image};

/// `${{ secrets.NAME }}`.
const SECRET: &str = r"\$\{\{\s*secrets\.[A-Za-z0-9_]+\s*\}\}";
static SECRET_RE: OnceLock<Regex> = OnceLock::new();
use super::yaml::{self, Pair};
use crate::concepts::Ctx;

fn key(pair: Pair<'_>, ctx: &Ctx<'_, '_>) -> String {
    yaml::scalar(pair.key, ctx.text).unwrap_or_default()
}

fn value_of<'n>(node: Node<'n>, k: &str, ctx: &Ctx<'_, '_>) -> Option<Node<'n>> {
    yaml::get(node, k, ctx.text).and_then(|p| p.value)
}

/// Steps or scripts that run tests.
fn runs_tests(text: &str) -> bool {
    static TESTS: OnceLock<Regex> = OnceLock::new();
    regex(&TESTS, r"\b(pytest|tox|nox|unittest|manage\.py test|make test|npm test|go test|cargo test)\b").is_match(text)
}

/// A job that deploys: it names an environment, or its id or name says so.
fn deploys(id: &str, job: Node<'_>, ctx: &Ctx<'_, '_>) -> bool {
    let named = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("deploy") || s.contains("release") || s.contains("publish")
    };
    yaml::get(job, "environment", ctx.text).is_some()
        || named(id)
        || value_of(job, "name", ctx).and_then(|n| yaml::scalar(n, ctx.text)).is_some_and(|n| named(&n))
}

pub fn github<'t>(stream: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    let secrets = regex(&SECRET_RE, SECRET);
    for doc in yaml::documents(stream) {
        let mut pr_target = false;
        let mut on_change = false;
        for top in yaml::pairs(doc) {
            if matches!(key(top, ctx).as_str(), "on" | "true") {
                ctx.report_id("ci-trigger", top.key.byte_range());
                let text = top.value.map(|v| ctx.slice(v).into_owned()).unwrap_or_default();
                pr_target = text.contains("pull_request_target");
                on_change = triggered_by_changes(top.value, ctx);
            }
        }
        // Every `${{ secrets.X }}` in the file, and the ones a `run:` line echoes.
        for m in secrets.find_iter(&ctx.text.slice(doc.byte_range())) {
            let at = doc.start_byte() + m.start()..doc.start_byte() + m.end();
            ctx.report_id("ci-secrets", at);
        }
        let Some(jobs) = value_of(doc, "jobs", ctx) else { continue };
        let jobs = yaml::pairs(jobs);
        let ids: Vec<String> = jobs.iter().map(|p| key(*p, ctx)).collect();
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let mut tested: Vec<bool> = Vec::with_capacity(jobs.len());
        let mut needs: Vec<Vec<usize>> = Vec::with_capacity(jobs.len());
        for job in &jobs {
            let Some(body) = job.value else {
                tested.push(false);
                needs.push(Vec::new());
                continue;
            };
            let steps = value_of(body, "steps", ctx).map(yaml::items).unwrap_or_default();
            tested.push(steps.iter().any(|s| value_of(*s, "run", ctx).is_some_and(|r| runs_tests(&ctx.slice(r)))));
            needs.push(needed(body, &index, ctx));
            if let Some(matrix) = value_of(body, "strategy", ctx).and_then(|s| yaml::get(s, "matrix", ctx.text)) {
                ctx.report_id("ci-matrix", matrix.key.byte_range());
            }
            for step in steps {
                check_step(step, pr_target, ctx);
            }
        }
        let tested = tested_through_needs(&tested, &needs);
        for (i, job) in jobs.iter().enumerate() {
            let Some(body) = job.value else { continue };
            if !deploys(&ids[i], body, ctx) {
                continue;
            }
            ctx.report_id("ci-deploy-job", job.key.byte_range());
            // A deployment job with no test step of its own and no `needs:` chain to a job
            // that has one.
            if on_change && !tested[i] {
                ctx.report_id("ci-deploy-without-tests", job.key.byte_range());
            }
        }
    }
}

/// Whether the workflow runs by itself when code changes (a push, a pull request, a schedule),
/// rather than on a person's decision (a release, a manual dispatch) or after another workflow
/// (`workflow_run`, which is how a deployment waits for the tests of another workflow). Only
/// then is a deployment without tests a pitfall we can see: the others are gated elsewhere.
fn triggered_by_changes(on: Option<Node<'_>>, ctx: &Ctx<'_, '_>) -> bool {
    let Some(on) = on else { return false };
    let events: Vec<String> = match yaml::scalar(on, ctx.text) {
        Some(one) => vec![one],
        None => {
            let mut names: Vec<String> =
                yaml::items(on).into_iter().filter_map(|n| yaml::scalar(n, ctx.text)).collect();
            names.extend(yaml::pairs(on).into_iter().filter_map(|p| yaml::scalar(p.key, ctx.text)));
            names
        }
    };
    events
        .iter()
        .any(|e| matches!(e.as_str(), "push" | "pull_request" | "pull_request_target" | "schedule" | "merge_group"))
}

/// The jobs a job's `needs:` names, by index.
fn needed(body: Node<'_>, index: &HashMap<&str, usize>, ctx: &Ctx<'_, '_>) -> Vec<usize> {
    let Some(needs) = value_of(body, "needs", ctx) else { return Vec::new() };
    let names: Vec<String> = match yaml::scalar(needs, ctx.text) {
        Some(one) => vec![one],
        None => yaml::items(needs).into_iter().filter_map(|n| yaml::scalar(n, ctx.text)).collect(),
    };
    names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect()
}

/// Whether each job, or a job it needs (transitively), runs tests: a walk from the testing
/// jobs along reversed `needs:` edges, linear in the jobs and edges (cycles included).
fn tested_through_needs(tested: &[bool], needs: &[Vec<usize>]) -> Vec<bool> {
    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); tested.len()];
    for (job, deps) in needs.iter().enumerate() {
        for &d in deps {
            needed_by[d].push(job);
        }
    }
    let mut out = tested.to_vec();
    let mut queue: Vec<usize> = (0..tested.len()).filter(|&i| tested[i]).collect();
    while let Some(j) = queue.pop() {
        for &k in &needed_by[j] {
            if !out[k] {
                out[k] = true;
                queue.push(k);
            }
        }
    }
    out
}

fn check_step<'t>(step: Node<'t>, pr_target: bool, ctx: &mut Ctx<'_, 't>) {
    let with = value_of(step, "with", ctx);
    if let Some(uses) = value_of(step, "uses", ctx) {
        let action = yaml::scalar(uses, ctx.text).unwrap_or_default();
        let (repo, reference) = action.split_once('@').unwrap_or((&action, ""));
        let owner = repo.split('/').next().unwrap_or_default();
        let third_party =
            !action.starts_with("./") && !action.starts_with("docker://") && !matches!(owner, "actions" | "github");
        let pinned = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
        if third_party && !pinned && !reference.is_empty() {
            ctx.report_id("ci-unpinned-action", yaml::inner_range(uses));
        }
        if repo == "actions/cache" || repo.starts_with("actions/cache/") {
            ctx.report_id("ci-cache", yaml::inner_range(uses));
        } else if let Some(cache) = with.and_then(|w| yaml::get(w, "cache", ctx.text)) {
            ctx.report_id("ci-cache", cache.key.byte_range());
        }
        if pr_target && repo == "actions/checkout" {
            if let Some(r) = with.and_then(|w| value_of(w, "ref", ctx)) {
                let text = ctx.slice(r);
                if text.contains("pull_request.head") || text.contains("head_ref") || text.contains("refs/pull/") {
                    ctx.report_id("ci-pr-target-checkout", yaml::inner_range(r));
                }
            }
        }
    }
    if let Some(run) = value_of(step, "run", ctx) {
        static ECHO: OnceLock<Regex> = OnceLock::new();
        let echo = regex(&ECHO, r"(?m)^.*\b(echo|printf)\b.*\$\{\{\s*secrets\.[A-Za-z0-9_]+\s*\}\}.*$");
        let secret = regex(&SECRET_RE, SECRET);
        let text = ctx.slice(run).into_owned();
        for line in echo.find_iter(&text) {
            // Writing into `$GITHUB_ENV`/`$GITHUB_OUTPUT` or a file is not the log.
            if line.as_str().contains(">>") || line.as_str().contains("> ") || line.as_str().contains("::add-mask::") {
                continue;
            }
            for s in secret.find_iter(line.as_str()) {
                let at = run.start_byte() + line.start() + s.start();
                ctx.report_id("ci-secret-echo", at..at + s.len());
            }
        }
    }
}

pub fn gitlab<'t>(stream: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for doc in yaml::documents(stream) {
        for top in yaml::pairs(doc) {
            let id = key(top, ctx);
            let Some(body) = top.value else { continue };
            if id == "image" {
                gitlab_image(body, ctx);
                continue;
            }
            if yaml::pairs(body).is_empty() || id.starts_with('.') && yaml::get(body, "script", ctx.text).is_none() {
                continue;
            }
            for pair in yaml::pairs(body) {
                let Some(value) = pair.value else { continue };
                match key(pair, ctx).as_str() {
                    "image" => gitlab_image(value, ctx),
                    "cache" => ctx.report_id("ci-cache", pair.key.byte_range()),
                    "parallel" if yaml::get(value, "matrix", ctx.text).is_some() => {
                        ctx.report_id("ci-matrix", pair.key.byte_range());
                    }
                    _ => {}
                }
            }
            if yaml::get(body, "script", ctx.text).is_some() && deploys(&id, body, ctx) {
                ctx.report_id("ci-deploy-job", top.key.byte_range());
            }
        }
    }
}

/// `image: python:latest` or `image: {name: python:latest}`.
fn gitlab_image<'t>(value: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    let node = value_of(value, "name", ctx).unwrap_or(value);
    if yaml::scalar(node, ctx.text).is_some_and(|i| unpinned_image(&i)) {
        ctx.report_id("unpinned-image", yaml::inner_range(node));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tests_reach_a_job_through_chains_of_needs_and_cycles_end() {
        // 0 tests; 1 needs 0; 2 needs 1; 3 and 4 need each other; 5 needs nothing.
        let tested = [true, false, false, false, false, false];
        let needs = vec![vec![], vec![0], vec![1], vec![4], vec![3], vec![]];
        assert_eq!(super::tested_through_needs(&tested, &needs), [true, true, true, false, false, false]);
    }
}
