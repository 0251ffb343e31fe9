//! Compose file checks: services and what they declare (volumes, networks, healthchecks), and
//! the pitfalls of a service definition: a dependency started before it is ready, a secret
//! written into `environment`, an image without a fixed tag.

use tree_sitter::Node;

use super::yaml::{self, Pair};
use super::{literal_secret, secret_name, unpinned_image};
use crate::concepts::Ctx;

pub fn check<'t>(stream: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for doc in yaml::documents(stream) {
        for top in yaml::pairs(doc) {
            match key(top, ctx).as_str() {
                "services" => {
                    for service in top.value.map(yaml::pairs).unwrap_or_default() {
                        ctx.report_id("compose-service", service.key.byte_range());
                        if let Some(body) = service.value {
                            check_service(body, ctx);
                        }
                    }
                }
                "volumes" => ctx.report_id("compose-volumes", top.key.byte_range()),
                "networks" => ctx.report_id("compose-networks", top.key.byte_range()),
                _ => {}
            }
        }
    }
}

fn key(pair: Pair<'_>, ctx: &Ctx<'_, '_>) -> String {
    yaml::scalar(pair.key, ctx.text).unwrap_or_default()
}

fn check_service<'t>(body: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for pair in yaml::pairs(body) {
        let Some(value) = pair.value else { continue };
        match key(pair, ctx).as_str() {
            "image" if yaml::scalar(value, ctx.text).is_some_and(|i| unpinned_image(&i)) => {
                ctx.report_id("unpinned-image", yaml::inner_range(value));
            }
            "volumes" => ctx.report_id("compose-volumes", pair.key.byte_range()),
            "networks" => ctx.report_id("compose-networks", pair.key.byte_range()),
            "healthcheck" => {
                let disabled = yaml::get(value, "disable", ctx.text)
                    .and_then(|p| p.value)
                    .and_then(|v| yaml::scalar(v, ctx.text))
                    .is_some_and(|v| v == "true");
                if !disabled {
                    ctx.report_id("container-healthcheck", pair.key.byte_range());
                }
            }
            "depends_on" => depends_on(value, ctx),
            "environment" => environment(value, ctx),
            _ => {}
        }
    }
}

/// `depends_on: [db]` only waits for the container to start; the long form with `condition:
/// service_healthy` (or `service_completed_successfully`, for a one-off job such as migrations)
/// waits until it is ready.
fn depends_on<'t>(value: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for item in yaml::items(value) {
        ctx.report_id("compose-depends-on-unhealthy", yaml::inner_range(item));
    }
    for dep in yaml::pairs(value) {
        let ready = dep
            .value
            .and_then(|v| yaml::get(v, "condition", ctx.text))
            .and_then(|p| p.value)
            .and_then(|v| yaml::scalar(v, ctx.text))
            .is_some_and(|c| c == "service_healthy" || c == "service_completed_successfully");
        if !ready {
            ctx.report_id("compose-depends-on-unhealthy", dep.key.byte_range());
        }
    }
}

/// `environment:` as a mapping (`KEY: value`) or a list (`- KEY=value`).
fn environment<'t>(value: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for pair in yaml::pairs(value) {
        let (Some(name), Some(v)) = (yaml::scalar(pair.key, ctx.text), pair.value) else { continue };
        if secret_name(&name) && yaml::scalar(v, ctx.text).is_some_and(|s| literal_secret(&s)) {
            ctx.report_id("hardcoded-secret", yaml::inner_range(v));
        }
    }
    for item in yaml::items(value) {
        let Some(entry) = yaml::scalar(item, ctx.text) else { continue };
        let Some((name, v)) = entry.split_once('=') else { continue };
        if secret_name(name) && literal_secret(v) {
            ctx.report_id("hardcoded-secret", yaml::inner_range(item));
        }
    }
}
