//! Kubernetes manifest checks, per document of the stream: what kind of object it is, and for
//! objects that run pods, what each container lacks (probes, resource requests and limits, a
//! fixed image tag) or allows (root, privilege escalation).

use tree_sitter::Node;

use super::yaml;
use super::{literal_secret, secret_name, unpinned_image};
use crate::concepts::Ctx;

pub fn check<'t>(stream: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for doc in yaml::documents(stream) {
        let Some(kind) = yaml::get(doc, "kind", ctx.text).and_then(|p| p.value) else { continue };
        let name = yaml::scalar(kind, ctx.text).unwrap_or_default();
        let concept = match name.as_str() {
            "Deployment" | "StatefulSet" | "DaemonSet" => Some("k8s-workload"),
            "Service" | "Ingress" => Some("k8s-service"),
            "ConfigMap" | "Secret" => Some("k8s-config"),
            "HorizontalPodAutoscaler" => Some("k8s-autoscaling"),
            _ => None,
        };
        if let Some(id) = concept {
            ctx.report_id(id, kind.byte_range());
        }
        let spec = yaml::get(doc, "spec", ctx.text).and_then(|p| p.value);
        let path: &[&str] = match name.as_str() {
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => &["template", "spec"],
            "CronJob" => &["jobTemplate", "spec", "template", "spec"],
            "Pod" => &[],
            _ => continue,
        };
        if let (Some(spec), true) = (spec, matches!(name.as_str(), "Deployment" | "StatefulSet" | "DaemonSet")) {
            let strategy = if name == "Deployment" { "strategy" } else { "updateStrategy" };
            // `Recreate` (Deployment) and `OnDelete` (StatefulSet, DaemonSet) are the strategies
            // that do not roll.
            if let Some(s) = yaml::get(spec, strategy, ctx.text) {
                let kind = s.value.and_then(|v| yaml::get(v, "type", ctx.text)).and_then(|t| t.value);
                let kind = kind.and_then(|t| yaml::scalar(t, ctx.text)).unwrap_or_default();
                if kind != "Recreate" && kind != "OnDelete" {
                    ctx.report_id("k8s-rolling-update", s.key.byte_range());
                }
            }
        }
        let mut pod = spec;
        for k in path {
            pod = pod.and_then(|n| yaml::get(n, k, ctx.text)).and_then(|p| p.value);
        }
        let Some(pod) = pod else { continue };
        let long_running = matches!(name.as_str(), "Deployment" | "StatefulSet" | "DaemonSet");
        check_pod(pod, long_running, ctx);
    }
}

fn check_pod<'t>(pod: Node<'t>, long_running: bool, ctx: &mut Ctx<'_, 't>) {
    if let Some(sc) = yaml::get(pod, "securityContext", ctx.text).and_then(|p| p.value) {
        security_context(sc, ctx);
    }
    for list in ["containers", "initContainers"] {
        let Some(containers) = yaml::get(pod, list, ctx.text).and_then(|p| p.value) else { continue };
        for container in yaml::items(containers) {
            let at = yaml::get(container, "name", ctx.text)
                .and_then(|p| p.value)
                .or_else(|| yaml::pairs(container).first().map(|p| p.key))
                .map_or(container.byte_range(), |n| n.byte_range());
            let has = |key: &str| yaml::get(container, key, ctx.text).is_some();
            if list == "containers" {
                if long_running && !(has("livenessProbe") && has("readinessProbe")) {
                    ctx.report_id("k8s-missing-probes", at.clone());
                }
                let resources = yaml::get(container, "resources", ctx.text).and_then(|p| p.value);
                let sized = resources.is_some_and(|r| {
                    yaml::get(r, "requests", ctx.text).is_some() || yaml::get(r, "limits", ctx.text).is_some()
                });
                if !sized {
                    ctx.report_id("k8s-missing-resources", at);
                }
            }
            for pair in yaml::pairs(container) {
                let Some(value) = pair.value else { continue };
                match yaml::scalar(pair.key, ctx.text).as_deref() {
                    Some("image") if yaml::scalar(value, ctx.text).is_some_and(|i| unpinned_image(&i)) => {
                        ctx.report_id("unpinned-image", yaml::inner_range(value));
                    }
                    Some("securityContext") => security_context(value, ctx),
                    Some("env") => env(value, ctx),
                    _ => {}
                }
            }
        }
    }
}

/// `env: [{name: DB_PASSWORD, value: "..."}]`: a literal secret instead of a `valueFrom`
/// reference to a Secret.
fn env<'t>(list: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for var in yaml::items(list) {
        let name = yaml::get(var, "name", ctx.text).and_then(|p| p.value).and_then(|v| yaml::scalar(v, ctx.text));
        let Some(value) = yaml::get(var, "value", ctx.text).and_then(|p| p.value) else { continue };
        if name.is_some_and(|n| secret_name(&n)) && yaml::scalar(value, ctx.text).is_some_and(|v| literal_secret(&v)) {
            ctx.report_id("hardcoded-secret", value.byte_range());
        }
    }
}

/// Settings that run the container as root or let it gain privileges.
fn security_context<'t>(sc: Node<'t>, ctx: &mut Ctx<'_, 't>) {
    for pair in yaml::pairs(sc) {
        let (Some(key), Some(value)) = (yaml::scalar(pair.key, ctx.text), pair.value) else { continue };
        let value_text = yaml::scalar(value, ctx.text).unwrap_or_default();
        let risky = match key.as_str() {
            "privileged" | "allowPrivilegeEscalation" => value_text == "true",
            "runAsNonRoot" => value_text == "false",
            "runAsUser" => value_text == "0",
            _ => false,
        };
        if risky {
            ctx.report_id("runs-as-root", pair.key.start_byte()..value.end_byte());
        }
    }
}
