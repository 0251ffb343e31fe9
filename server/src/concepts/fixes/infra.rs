//! Quick fixes for Dockerfiles and Kubernetes manifests. Each writes only what the file itself
//! justifies: a tag the file already pins the same image to, a `USER` line with a numeric id
//! (valid in every image, no account needed), probes on the port the container declares. Where
//! the file does not say what to write (which version of `python`? which port?), there is no
//! fix: a placeholder would break the build or the rollout until someone noticed it.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use super::{newline, Edit, Fix};
use crate::concepts::infra::{unpinned_image, yaml};
use crate::text::Text;

/// The numeric user a Dockerfile is switched to when its final stage names no other user.
const NON_ROOT_UID: &str = "10001";

/// `FROM python` or `image: python:latest` where the same file pins `python` elsewhere (an
/// earlier build stage, another service): that tag. None when the file pins it to several tags
/// or to none.
pub fn pin_image(range: Range<usize>, text: Text<'_>) -> Option<Fix> {
    let reference = text.slice(range.clone()).into_owned();
    let repository = repository(&reference);
    let whole = text.slice(0..text.len());
    let mut tags: Vec<&str> = Vec::new();
    for line in whole.lines().filter(|l| !l.trim_start().starts_with('#')) {
        for word in line.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | ',' | '[' | ']')) {
            let Some(tag) = word.strip_prefix(repository).and_then(|rest| rest.strip_prefix(':')) else { continue };
            let tag = tag.split('@').next().unwrap_or(tag);
            let valid = !tag.is_empty()
                && tag.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                && !unpinned_image(&format!("{repository}:{tag}"));
            if valid && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    let [tag] = tags.as_slice() else { return None };
    let pinned = format!("{repository}:{tag}");
    Some(Fix {
        title: format!("Pin to {pinned}, the tag this file already uses"),
        edits: vec![Edit { range, text: pinned }],
    })
}

/// `registry:5000/team/api:latest` → `registry:5000/team/api`.
fn repository(reference: &str) -> &str {
    let last = reference.rfind('/').map_or(0, |i| i + 1);
    match reference[last..].find(':') {
        Some(colon) => &reference[..last + colon],
        None => reference,
    }
}

/// A final stage running as root gets a `USER` line before its `CMD`/`ENTRYPOINT` (after a
/// `USER root`, if that is how it ends), or at its end: the user the stage ran as before it
/// switched to root, else a numeric id.
pub fn non_root_user(at: Range<usize>, tree: &Tree, text: Text<'_>) -> Option<Fix> {
    let root = tree.root_node();
    let mut c = root.walk();
    let instructions: Vec<Node<'_>> = root.named_children(&mut c).filter(|n| n.kind() != "comment").collect();
    let stage = instructions.iter().rposition(|n| n.kind() == "from_instruction")?;
    let stage = &instructions[stage..];
    // The finding is on the final stage's FROM or on its last `USER root`.
    if !stage.iter().any(|n| n.start_byte() <= at.start && at.end <= n.end_byte()) {
        return None;
    }
    let user_of = |n: &Node<'_>| n.child_by_field_name("user").map(|u| text.slice(u.byte_range()).into_owned());
    let users: Vec<(usize, String)> = stage
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind() == "user_instruction")
        .filter_map(|(i, n)| Some((i, user_of(n)?)))
        .collect();
    let after = users.last().map_or(0, |(i, _)| *i);
    let name = users
        .iter()
        .rev()
        .map(|(_, u)| u.as_str())
        .find(|u| !matches!(u.split(':').next(), Some("root" | "0")))
        .unwrap_or(NON_ROOT_UID)
        .to_string();
    let nl = newline(text);
    let edit = match stage[after..].iter().find(|n| matches!(n.kind(), "cmd_instruction" | "entrypoint_instruction")) {
        Some(cmd) => {
            let at = text.line_start(cmd.start_byte());
            Edit { range: at..at, text: format!("USER {name}{nl}") }
        }
        None => {
            let end = text.len();
            let lead = if text.byte(end.saturating_sub(1)).is_some_and(|b| b != b'\n') { nl } else { "" };
            Edit { range: end..end, text: format!("{lead}USER {name}{nl}") }
        }
    };
    Some(Fix { title: format!("Run as a non-root user (USER {name})"), edits: vec![edit] })
}

/// A container without liveness or readiness probes gets the missing ones as TCP checks on the
/// port it declares (its first `containerPort`, or the port of the probe it has). Without a
/// port there is nothing honest to probe, so no fix; nor for a container in flow style.
pub fn probes(at: Node<'_>, text: Text<'_>) -> Option<Fix> {
    // The finding is on the container's name (or its first key): the mapping around it.
    let mut container = at.parent()?;
    while !matches!(container.kind(), "block_mapping" | "flow_mapping") {
        container = container.parent()?;
    }
    if container.kind() != "block_mapping" {
        return None;
    }
    let has = |key: &str| yaml::get(container, key, text).is_some();
    let missing: Vec<&str> = ["livenessProbe", "readinessProbe"].into_iter().filter(|p| !has(p)).collect();
    let port = declared_port(container, text)?;
    let pairs = yaml::pairs(container);
    let first = pairs.first()?.key;
    let last = pairs.last()?;
    let indent = " ".repeat(first.start_byte() - text.line_start(first.start_byte()));
    // After the last pair's text: a nested block ends past its line break.
    let mut end = last.value.map_or(last.key.end_byte(), |v| v.end_byte()).max(last.key.end_byte());
    while end > last.key.end_byte() && text.byte(end - 1).is_some_and(|b| b.is_ascii_whitespace()) {
        end -= 1;
    }
    let nl = newline(text);
    let mut added = String::new();
    for probe in &missing {
        added.push_str(&format!("{nl}{indent}{probe}:{nl}{indent}  tcpSocket:{nl}{indent}    port: {port}"));
    }
    Some(Fix {
        title: format!("Add {} (TCP on port {port})", missing.join(" and ")),
        edits: vec![Edit { range: end..end, text: added }],
    })
}

/// The container's first `containerPort`, or the port an existing probe checks.
fn declared_port(container: Node<'_>, text: Text<'_>) -> Option<String> {
    let number = |n: Node<'_>| yaml::scalar(n, text).filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let ports = yaml::get(container, "ports", text).and_then(|p| p.value);
    let first = ports
        .map(yaml::items)
        .unwrap_or_default()
        .into_iter()
        .find_map(|item| yaml::get(item, "containerPort", text).and_then(|p| p.value).and_then(number));
    first.or_else(|| {
        ["livenessProbe", "readinessProbe"].iter().find_map(|probe| {
            let probe = yaml::get(container, probe, text)?.value?;
            yaml::pairs(probe)
                .into_iter()
                .find_map(|handler| yaml::get(handler.value?, "port", text).and_then(|p| p.value).and_then(number))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::analyze_as;
    use crate::document::parse_as;
    use crate::language::Lang;

    fn fix(lang: Lang, concept: &str, text: &str) -> Option<Fix> {
        let tree = parse_as(lang.grammar(), text).unwrap();
        let findings = analyze_as(lang, &tree, Text::Str(text)).findings;
        let f = findings.iter().find(|f| f.id() == concept).unwrap_or_else(|| panic!("no {concept} in {text}"));
        super::super::fix_for(f, lang, &tree, Text::Str(text), &Default::default())
    }

    #[test]
    fn an_image_the_file_pins_nowhere_gets_no_tag_invented() {
        assert_eq!(fix(Lang::Dockerfile, "unpinned-image", "FROM python\nUSER app\n"), None);
        // Two different tags: which one is meant is not ours to guess.
        let two = "FROM python:3.11 AS a\nFROM python:3.12 AS b\nFROM python:latest\nUSER app\n";
        assert_eq!(fix(Lang::Dockerfile, "unpinned-image", two), None);
        assert_eq!(repository("registry:5000/team/api:latest"), "registry:5000/team/api");
        assert_eq!(repository("python"), "python");
    }

    #[test]
    fn a_container_that_declares_no_port_gets_no_probes() {
        let pod = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: shop/worker:1.0\n";
        assert_eq!(fix(Lang::Kubernetes, "k8s-missing-probes", pod), None);
    }
}
