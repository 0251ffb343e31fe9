//! Rust-side checks for the files around a Python service: Dockerfiles, Compose files,
//! Kubernetes manifests, CI workflows and SQL. Their rule files (`queries/<language>/*.scm`)
//! hand a whole file, or one statement, to one of these; what a rule cannot say (which stage
//! is the last, whether a container has probes, whether a job runs tests before it deploys) is
//! decided here. YAML is read through [`yaml`], a small view of tree-sitter-yaml's nodes.

pub mod compose;
pub mod dockerfile;
pub mod kubernetes;
pub mod sql;
pub mod workflows;
pub mod yaml;

use std::sync::OnceLock;

use regex::Regex;

/// A regex compiled once per process (the patterns are constants, so compiling cannot fail).
pub(crate) fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// Whether an environment variable's name says it holds a secret. Names ending in `_FILE` or
/// `_PATH` point at a secret (Docker's and Kubernetes' convention), they do not hold one.
pub fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if ["_FILE", "_PATH", "_DIR", "_URL_FILE", "_ENV", "_NAME", "_HEADER", "_LENGTH", "_EXPIRY", "_TTL"]
        .iter()
        .any(|s| upper.ends_with(s))
    {
        return false;
    }
    ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY"]
        .iter()
        .any(|w| upper.contains(w))
}

/// Whether a value written next to a secret's name is a literal secret, not a reference to one
/// (`${DB_PASSWORD}`, `$SECRET`, `{{ .Values.x }}`) and not empty.
pub fn literal_secret(value: &str) -> bool {
    let v = value.trim().trim_matches(|c| c == '"' || c == '\'');
    !v.is_empty() && !v.contains('$') && !v.contains("{{") && !v.eq_ignore_ascii_case("changeme")
}

/// An image reference that does not say which image it is: no tag and no digest, or `latest`.
/// References built from variables (`$BASE`, `${PY}`) are left alone.
pub fn unpinned_image(image: &str) -> bool {
    let image = image.trim().trim_matches(|c| c == '"' || c == '\'');
    if image.is_empty() || image.contains('$') || image.contains('@') || image.contains("{{") {
        return false;
    }
    // The tag is after the last `:` that comes after the last `/` (a registry may have a port).
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag == "latest",
        None => image != "scratch",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_without_a_fixed_tag_are_unpinned() {
        for image in ["python", "python:latest", "ghcr.io/acme/api", "registry:5000/api", "\"nginx:latest\""] {
            assert!(unpinned_image(image), "{image}");
        }
        for image in
            ["python:3.12-slim", "registry:5000/api:1.2", "api@sha256:abc", "$BASE", "scratch", "${IMG}:latest"]
        {
            assert!(!unpinned_image(image), "{image}");
        }
    }

    #[test]
    fn secret_names_and_literal_values() {
        assert!(secret_name("POSTGRES_PASSWORD") && secret_name("stripe_api_key") && secret_name("GITHUB_TOKEN"));
        assert!(!secret_name("POSTGRES_PASSWORD_FILE") && !secret_name("DEBUG") && !secret_name("TOKEN_TTL"));
        assert!(literal_secret("hunter2") && literal_secret("'s3cr3t'"));
        assert!(!literal_secret("${DB_PASSWORD}") && !literal_secret("") && !literal_secret("$SECRET"));
    }
}
