//! One version number everywhere a release carries one: the workspace `Cargo.toml` (which the
//! crate, its `--version` and, through maturin, the Python package take), and the VS Code
//! extension's `package.json` and `package-lock.json`. A release bumps them together
//! (docs/release.md); this test fails when one was forgotten.

use std::path::{Path, PathBuf};
use std::process::Command;

use toml_edit::{DocumentMut, Item};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn toml(rel: &str) -> DocumentMut {
    read(rel).parse().unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The one place the version is written: `[workspace.package] version`.
fn workspace_version() -> String {
    toml("Cargo.toml")["workspace"]["package"]["version"]
        .as_str()
        .expect("Cargo.toml: [workspace.package] version")
        .to_owned()
}

#[test]
fn the_crate_takes_the_workspace_version() {
    let server = toml("server/Cargo.toml");
    assert_eq!(
        server["package"]["version"]["workspace"].as_bool(),
        Some(true),
        "server/Cargo.toml must say `version.workspace = true`"
    );
    assert_eq!(env!("CARGO_PKG_VERSION"), workspace_version());
}

#[test]
fn the_binary_reports_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_interview-prep")).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("interview-prep {}", workspace_version()));
}

#[test]
fn the_python_package_takes_it_from_cargo() {
    // maturin fills a dynamic version from the crate; a written one would be a second place to
    // bump, so it has to be equal if someone adds it.
    let py = toml("pyproject.toml");
    let project = &py["project"];
    match project.get("version") {
        None | Some(Item::None) => {
            let dynamic = project["dynamic"].as_array().expect("pyproject.toml: [project] dynamic");
            assert!(
                dynamic.iter().any(|v| v.as_str() == Some("version")),
                "pyproject.toml: no [project] version and \"version\" not in dynamic"
            );
        }
        Some(v) => assert_eq!(v.as_str(), Some(workspace_version().as_str()), "pyproject.toml [project] version"),
    }
    assert_eq!(py["tool"]["maturin"]["manifest-path"].as_str(), Some("server/Cargo.toml"));
}

#[test]
fn the_vscode_extension_has_it() {
    let want = workspace_version();
    let package = json("editors/vscode/package.json");
    assert_eq!(package["version"].as_str(), Some(want.as_str()), "editors/vscode/package.json version");
    let lock = json("editors/vscode/package-lock.json");
    assert_eq!(lock["version"].as_str(), Some(want.as_str()), "editors/vscode/package-lock.json version");
    assert_eq!(
        lock["packages"][""]["version"].as_str(),
        Some(want.as_str()),
        "editors/vscode/package-lock.json packages[\"\"].version"
    );
}
