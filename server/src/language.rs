//! Which language a file is, decided in one place: by its name, by the editor's languageId and,
//! for YAML, by its content (a Compose file, a Kubernetes manifest and a CI workflow are all
//! YAML, but each has its own rules). Also what each grammar needs at run time: the tree-sitter
//! language, and which of its fields can hold several children (for the dispatch tables).

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use tree_sitter::Language;

/// A tree-sitter grammar compiled into the binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grammar {
    Python,
    Dockerfile,
    Yaml,
    Sql,
}

impl Grammar {
    pub const ALL: [Grammar; 4] = [Grammar::Python, Grammar::Dockerfile, Grammar::Yaml, Grammar::Sql];

    pub fn language(self) -> Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::Dockerfile => tree_sitter_containerfile::LANGUAGE.into(),
            Grammar::Yaml => tree_sitter_yaml::LANGUAGE.into(),
            Grammar::Sql => tree_sitter_sequel::LANGUAGE.into(),
        }
    }

    fn node_types(self) -> &'static str {
        match self {
            Grammar::Python => tree_sitter_python::NODE_TYPES,
            Grammar::Dockerfile => tree_sitter_containerfile::NODE_TYPES,
            Grammar::Yaml => tree_sitter_yaml::NODE_TYPES,
            Grammar::Sql => tree_sitter_sequel::NODE_TYPES,
        }
    }

    /// The most lines a text may have for this grammar to read it (a line break at the end
    /// starts no line). tree-sitter-yaml 0.7.2's scanner keeps the row in 16 bits (upstream
    /// issue tree-sitter-yaml#49, fix not released): past line 32,768 the row wraps and the
    /// whole text is one error node. A text over the limit is kept in sync but not analysed,
    /// and the user is told why.
    pub fn max_lines(self) -> Option<usize> {
        match self {
            Grammar::Yaml => Some(32_768),
            _ => None,
        }
    }

    /// The grammar's language and the (node kind, field) pairs that can hold several children,
    /// computed once.
    pub fn info(self) -> &'static GrammarInfo {
        static INFO: [OnceLock<GrammarInfo>; 4] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
        INFO[self as usize].get_or_init(|| GrammarInfo::new(self))
    }
}

/// What the rule tables need to know about a grammar.
pub struct GrammarInfo {
    pub language: Language,
    /// (node kind, field) pairs whose field can hold several children, from node-types.json.
    pub multiple: HashSet<(u16, u16)>,
}

impl GrammarInfo {
    fn new(grammar: Grammar) -> Self {
        let language = grammar.language();
        let mut multiple = HashSet::new();
        let types: serde_json::Value = serde_json::from_str(grammar.node_types()).unwrap_or_default();
        for t in types.as_array().into_iter().flatten() {
            let (Some(kind), Some(fields)) = (t["type"].as_str(), t["fields"].as_object()) else { continue };
            let kind = language.id_for_node_kind(kind, true);
            for (name, f) in fields {
                if f["multiple"].as_bool() == Some(true) {
                    if let Some(field) = language.field_id_for_name(name) {
                        multiple.insert((kind, field.get()));
                    }
                }
            }
        }
        GrammarInfo { language, multiple }
    }
}

/// What a file is, as far as the rules go: a grammar and, for YAML, what the YAML describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Python,
    Dockerfile,
    Compose,
    Kubernetes,
    GithubActions,
    GitlabCi,
    /// YAML that is none of the above: kept in sync (its content may make it a manifest
    /// later), never analysed.
    Yaml,
    Sql,
}

impl Lang {
    pub const ALL: [Lang; 8] = [
        Lang::Python,
        Lang::Dockerfile,
        Lang::Compose,
        Lang::Kubernetes,
        Lang::GithubActions,
        Lang::GitlabCi,
        Lang::Yaml,
        Lang::Sql,
    ];

    pub fn grammar(self) -> Grammar {
        match self {
            Lang::Python => Grammar::Python,
            Lang::Dockerfile => Grammar::Dockerfile,
            Lang::Compose | Lang::Kubernetes | Lang::GithubActions | Lang::GitlabCi | Lang::Yaml => Grammar::Yaml,
            Lang::Sql => Grammar::Sql,
        }
    }

    /// The directory of its rules under `queries/`; plain YAML has none.
    pub fn rule_dir(self) -> Option<&'static str> {
        Some(match self {
            Lang::Python => "python",
            Lang::Dockerfile => "dockerfile",
            Lang::Compose => "compose",
            Lang::Kubernetes => "kubernetes",
            Lang::GithubActions => "github-actions",
            Lang::GitlabCi => "gitlab-ci",
            Lang::Sql => "sql",
            Lang::Yaml => return None,
        })
    }

    /// How a comment starts, for suppression comments and caret fixtures.
    pub fn comment(self) -> &'static str {
        match self {
            Lang::Sql => "--",
            _ => "#",
        }
    }

    /// The language of a file on disk, from its name and (for YAML that its name does not
    /// decide) its content; `None` for files we have no rules for.
    pub fn of_path(path: &Path, content: impl FnOnce() -> Option<String>) -> Option<Lang> {
        match by_name(path)? {
            Named::Is(lang) => Some(lang),
            Named::Yaml => content().and_then(|text| yaml_by_content(&text)),
        }
    }

    /// The language of an open document: its path decides when it can, then the editor's
    /// languageId, then (for YAML) the content. Unknown languageIds are Python, as before the
    /// server knew other languages; YAML that is nothing we know is [`Lang::Yaml`].
    pub fn of_document(language_id: &str, path: Option<&Path>, text: &str) -> Lang {
        let named = path.and_then(by_name);
        if let Some(Named::Is(lang)) = named {
            return lang;
        }
        match language_id {
            "dockerfile" | "containerfile" => Lang::Dockerfile,
            "dockercompose" => Lang::Compose,
            "github-actions-workflow" => Lang::GithubActions,
            "sql" | "pgsql" | "postgres" | "mysql" | "plsql" => Lang::Sql,
            "yaml.docker-compose" => Lang::Compose,
            "yaml.github" => Lang::GithubActions,
            "yaml.gitlab" => Lang::GitlabCi,
            // Neovim sends its filetype, which may be compound (`yaml.ansible`).
            _ if named.is_some() || language_id == "yml" || language_id.split('.').next() == Some("yaml") => {
                yaml_by_content(text).unwrap_or(Lang::Yaml)
            }
            _ => Lang::Python,
        }
    }

    /// The language of a code block in the deck, from its info string and, for YAML, its
    /// content (a block has no file name): `services:` is Compose, `jobs:` with `on:` a GitHub
    /// Actions workflow, `apiVersion:` with `kind:` Kubernetes; other YAML and other languages
    /// are not analysed.
    pub fn of_example(info: &str, code: &str) -> Option<Lang> {
        match info {
            "python" => Some(Lang::Python),
            "dockerfile" | "Dockerfile" => Some(Lang::Dockerfile),
            "sql" => Some(Lang::Sql),
            "yaml" | "yml" => {
                let top = |key: &str| code.lines().any(|l| l.starts_with(key));
                if top("services:") {
                    Some(Lang::Compose)
                } else if top("jobs:") && (top("on:") || top("\"on\":")) {
                    Some(Lang::GithubActions)
                } else {
                    yaml_by_content(code)
                }
            }
            _ => None,
        }
    }

    /// After an edit: a YAML document whose name did not decide what it is may have become (or
    /// stopped being) a Kubernetes manifest.
    pub fn reclassify(self, text: &str) -> Lang {
        match self {
            Lang::Kubernetes | Lang::Yaml => yaml_by_content(text).unwrap_or(Lang::Yaml),
            other => other,
        }
    }
}

/// What a file's name says.
enum Named {
    Is(Lang),
    /// YAML whose content decides.
    Yaml,
}

fn by_name(path: &Path) -> Option<Named> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    if matches!(ext, Some("py" | "pyi" | "pyw")) {
        return Some(Named::Is(Lang::Python));
    }
    if matches!(ext, Some("sql")) {
        return Some(Named::Is(Lang::Sql));
    }
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || ext == Some("dockerfile")
        || ext == Some("containerfile")
    {
        return Some(Named::Is(Lang::Dockerfile));
    }
    if !matches!(ext, Some("yml" | "yaml")) {
        return None;
    }
    if lower.starts_with("compose") || lower.starts_with("docker-compose") {
        return Some(Named::Is(Lang::Compose));
    }
    if lower == ".gitlab-ci.yml" || lower == ".gitlab-ci.yaml" {
        return Some(Named::Is(Lang::GitlabCi));
    }
    let mut dirs = path.parent().into_iter().flat_map(|p| p.components().rev()).map(|c| c.as_os_str());
    if dirs.next().is_some_and(|d| d == "workflows") && dirs.next().is_some_and(|d| d == ".github") {
        return Some(Named::Is(Lang::GithubActions));
    }
    Some(Named::Yaml)
}

/// A Kubernetes manifest has top-level `apiVersion:` and `kind:` keys (in some document of the
/// stream). Read line by line, not parsed: this runs before any parse, on every YAML file a
/// walk meets.
fn yaml_by_content(text: &str) -> Option<Lang> {
    let (mut api, mut kind) = (false, false);
    for line in text.lines() {
        if line.starts_with("---") {
            if api && kind {
                break;
            }
            (api, kind) = (false, false);
        }
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
    }
    (api && kind).then_some(Lang::Kubernetes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(path: &str, text: &str) -> Option<Lang> {
        Lang::of_path(Path::new(path), || Some(text.to_string()))
    }

    #[test]
    fn files_are_classified_by_name_and_yaml_by_content() {
        assert_eq!(on_disk("app/Dockerfile", ""), Some(Lang::Dockerfile));
        assert_eq!(on_disk("Dockerfile.prod", ""), Some(Lang::Dockerfile));
        assert_eq!(on_disk("web.dockerfile", ""), Some(Lang::Dockerfile));
        assert_eq!(on_disk("Containerfile", ""), Some(Lang::Dockerfile));
        assert_eq!(on_disk("docker-compose.yml", ""), Some(Lang::Compose));
        assert_eq!(on_disk("compose.override.yaml", ""), Some(Lang::Compose));
        assert_eq!(on_disk("repo/.github/workflows/ci.yml", ""), Some(Lang::GithubActions));
        assert_eq!(on_disk("repo/workflows/ci.yml", ""), None, "not under .github");
        assert_eq!(on_disk(".gitlab-ci.yml", ""), Some(Lang::GitlabCi));
        assert_eq!(on_disk("db/migrations/001_init.sql", ""), Some(Lang::Sql));
        assert_eq!(on_disk("shop/views.py", ""), Some(Lang::Python));
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
        assert_eq!(on_disk("k8s/web.yaml", deployment), Some(Lang::Kubernetes));
        let second = "# config\nfoo: 1\n---\napiVersion: v1\nkind: Service\n";
        assert_eq!(on_disk("k8s/all.yml", second), Some(Lang::Kubernetes));
        assert_eq!(on_disk("mkdocs.yml", "site_name: x\nkind: docs\n"), None, "kind alone");
        assert_eq!(on_disk("conf.yml", "spec:\n  apiVersion: v1\n  kind: X\n"), None, "not top-level");
        assert_eq!(on_disk("README.md", ""), None);
        assert_eq!(on_disk("dockerfile_parser.go", ""), None);
    }

    #[test]
    fn documents_use_path_then_language_id_then_content() {
        let of = |id: &str, path: &str, text: &str| Lang::of_document(id, Some(Path::new(path)), text);
        assert_eq!(of("yaml", "/w/.github/workflows/ci.yml", ""), Lang::GithubActions);
        assert_eq!(of("dockerfile", "/w/build/image", ""), Lang::Dockerfile);
        assert_eq!(of("github-actions-workflow", "/w/x.yml", ""), Lang::GithubActions);
        assert_eq!(of("github-actions-workflow", "/w/untitled", ""), Lang::GithubActions);
        assert_eq!(of("yaml", "/w/k.yaml", "apiVersion: v1\nkind: Pod\n"), Lang::Kubernetes);
        assert_eq!(of("yaml", "/w/k.yaml", "a: 1\n"), Lang::Yaml);
        assert_eq!(of("python", "/w/a.py", ""), Lang::Python);
        assert_eq!(of("yaml.docker-compose", "/w/stack.yml", ""), Lang::Compose);
        assert_eq!(of("yaml.ansible", "/w/site", "apiVersion: v1\nkind: Pod\n"), Lang::Kubernetes);
        assert_eq!(of("yaml.ansible", "/w/site", "- hosts: all\n"), Lang::Yaml);
        assert_eq!(Lang::of_document("python", None, ""), Lang::Python);
        assert_eq!(Lang::Yaml.reclassify("apiVersion: v1\nkind: Pod\n"), Lang::Kubernetes);
        assert_eq!(Lang::Kubernetes.reclassify("a: 1\n"), Lang::Yaml);
        assert_eq!(Lang::Compose.reclassify("apiVersion: v1\nkind: Pod\n"), Lang::Compose);
    }

    /// The YAML grammar's line limit is where it is: a mapping of 32,768 lines parses, one of
    /// 32,769 does not. When a release widens the scanner's row, this fails and the limit can
    /// go.
    #[test]
    fn yaml_parses_up_to_its_line_limit_and_not_past_it() {
        let max = Grammar::Yaml.max_lines().unwrap();
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&Grammar::Yaml.language()).unwrap();
        for (lines, ok) in [(max, true), (max + 1, false)] {
            let text: String = (0..lines).map(|i| format!("k{i}: {i}\n")).collect();
            assert_eq!(text.lines().count(), lines);
            let tree = parser.parse(&text, None).unwrap();
            assert_eq!(!tree.root_node().has_error(), ok, "{lines} lines");
        }
    }

    #[test]
    fn every_grammar_loads_with_this_tree_sitter() {
        for g in Grammar::ALL {
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&g.language()).unwrap_or_else(|e| panic!("{g:?}: {e}"));
            assert!(g.info().language.node_kind_count() > 10, "{g:?}");
        }
    }
}
