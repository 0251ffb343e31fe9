//! User settings: one struct, filled leniently from editor settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`). A bad value falls back to its default with one warning
//! that names the key; a bad key never discards the good ones.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use std::collections::BTreeMap;

use crate::concepts::{catalog, ConceptId, Kind};
use crate::config::ProjectConfig;

/// How a finding is shown in the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
    Off,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "hint" => Severity::Hint,
            "information" | "info" => Severity::Information,
            "warning" | "warn" => Severity::Warning,
            "error" => Severity::Error,
            "off" | "none" => Severity::Off,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub concept_severity: Severity,
    pub pitfall_severity: Severity,
    /// Catalog topics to report (`python`, `django`...); empty means all.
    pub topics: Vec<String>,
    /// Extra deck files or directories.
    pub deck_paths: Vec<PathBuf>,
    /// Only these concept ids or topics, when set.
    pub select: Option<Vec<String>>,
    /// Never these concept ids or topics.
    pub ignore: Vec<String>,
    /// Severity per concept id or topic, over the kind's default.
    pub severity: BTreeMap<String, Severity>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            concept_severity: Severity::Hint,
            pitfall_severity: Severity::Warning,
            topics: Vec::new(),
            deck_paths: Vec::new(),
            select: None,
            ignore: Vec::new(),
            severity: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Reads settings from an editor's JSON. Accepts the keys at the top level or under
    /// `interviewPrep` / `interview-prep`. Returns the settings and one warning per bad key.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        let obj = match value {
            Value::Object(map) => {
                let nested = map.get("interviewPrep").or_else(|| map.get("interview-prep"));
                match nested {
                    Some(Value::Object(inner)) => inner.clone(),
                    _ => map.clone(),
                }
            }
            Value::Null => return (settings, warnings),
            other => {
                warnings.push(format!("settings: expected an object, got {}; using defaults", type_name(other)));
                return (settings, warnings);
            }
        };
        let warn = |warnings: &mut Vec<String>, key: &str, expected: &str, got: &Value, default: &str| {
            warnings.push(format!("setting `{key}`: expected {expected}, got {}; using {default}", short(got)));
        };
        for (key, default_sev, slot) in [
            ("conceptSeverity", "hint", &mut settings.concept_severity),
            ("pitfallSeverity", "warning", &mut settings.pitfall_severity),
        ] {
            if let Some(v) = obj.get(key) {
                match v.as_str().and_then(Severity::parse) {
                    Some(sev) => *slot = sev,
                    None => warn(&mut warnings, key, "one of hint, information, warning, error, off", v, default_sev),
                }
            }
        }
        if let Some(v) = obj.get("topics") {
            let known = catalog().topics();
            match string_list(v) {
                Some(list) => {
                    let (good, bad): (Vec<String>, Vec<String>) =
                        list.into_iter().partition(|t| known.contains(&t.as_str()));
                    if !bad.is_empty() {
                        warnings.push(format!(
                            "setting `topics`: unknown topic(s) {}; known: {}",
                            bad.join(", "),
                            known.join(", ")
                        ));
                    }
                    settings.topics = good;
                }
                None => warn(&mut warnings, "topics", "a list of topic names", v, "all topics"),
            }
        }
        if let Some(v) = obj.get("deckPaths") {
            match string_list(v) {
                Some(list) => settings.deck_paths = list.iter().map(|p| expand_home(p)).collect(),
                None => warn(&mut warnings, "deckPaths", "a list of paths", v, "no extra decks"),
            }
        }
        for key in ["select", "ignore"] {
            if let Some(v) = obj.get(key) {
                match string_list(v) {
                    Some(list) => {
                        if key == "select" {
                            settings.select = Some(list);
                        } else {
                            settings.ignore = list;
                        }
                    }
                    None => warn(&mut warnings, key, "a list of concept ids or topics", v, "none"),
                }
            }
        }
        if let Some(v) = obj.get("severity") {
            match v.as_object() {
                Some(map) => {
                    for (id, sev) in map {
                        match sev.as_str().and_then(Severity::parse) {
                            Some(s) => {
                                settings.severity.insert(id.clone(), s);
                            }
                            None => warn(&mut warnings, &format!("severity.{id}"), "a severity", sev, "the default"),
                        }
                    }
                }
                None => warn(&mut warnings, "severity", "an object of concept id or topic to severity", v, "defaults"),
            }
        }
        (settings, warnings)
    }

    /// The severity a concept's findings get, `Off` when they are hidden.
    pub fn severity_for(&self, id: ConceptId) -> Severity {
        let info = id.info();
        let names = |list: &[String]| list.iter().any(|t| t == info.id || t == info.topic);
        if !self.topics.is_empty() && !self.topics.iter().any(|t| t == info.topic) {
            return Severity::Off;
        }
        if self.select.as_deref().is_some_and(|s| !names(s)) || names(&self.ignore) {
            return Severity::Off;
        }
        if let Some(sev) = self.severity.get(info.id).or_else(|| self.severity.get(info.topic)) {
            return *sev;
        }
        match info.kind {
            Kind::Concept => self.concept_severity,
            Kind::Pitfall => self.pitfall_severity,
        }
    }

    /// These (editor) settings with a project's configuration over them: the file wins for the
    /// keys it sets; ignore lists add up; deck paths from both are read.
    pub fn with_project(&self, project: Option<&ProjectConfig>) -> Settings {
        let Some(p) = project else { return self.clone() };
        let mut out = self.clone();
        if let Some(select) = &p.select {
            out.select = Some(select.clone());
        }
        out.ignore.extend(p.ignore.iter().cloned());
        out.severity.extend(p.severity.iter().map(|(k, v)| (k.clone(), *v)));
        if let Some(s) = p.concept_severity {
            out.concept_severity = s;
        }
        if let Some(s) = p.pitfall_severity {
            out.pitfall_severity = s;
        }
        out.deck_paths.extend(p.deck_paths.iter().cloned());
        out
    }
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => items.iter().map(|i| i.as_str().map(str::to_string)).collect(),
        Value::String(s) if s.is_empty() => Some(Vec::new()),
        Value::String(s) => Some(s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// `~/x` → `$HOME/x`.
pub fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_good_values_and_warns_once_per_bad_key() {
        let (s, warnings) = Settings::from_json(&json!({"interviewPrep": {
            "conceptSeverity": "information", "pitfallSeverity": 3, "topics": ["django", "nope"], "deckPaths": ["/d"]
        }}));
        assert_eq!(s.concept_severity, Severity::Information);
        assert_eq!(s.pitfall_severity, Severity::Warning);
        assert_eq!(s.topics, ["django"]);
        assert_eq!(s.deck_paths, [PathBuf::from("/d")]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("`pitfallSeverity`"));
        assert!(warnings[1].contains("nope"));
    }

    fn id(name: &str) -> ConceptId {
        crate::concepts::concept(name).unwrap()
    }

    #[test]
    fn topics_filter_and_off() {
        let (s, w) = Settings::from_json(&json!({"topics": ["python"], "conceptSeverity": "off"}));
        assert!(w.is_empty());
        assert_eq!(s.severity_for(id("n-plus-one")), Severity::Off);
        assert_eq!(s.severity_for(id("mutable-default-argument")), Severity::Warning);
        assert_eq!(s.severity_for(id("lambda")), Severity::Off);
    }

    #[test]
    fn select_ignore_and_per_id_severity_with_the_project_file_on_top() {
        let (editor, w) = Settings::from_json(&json!({"ignore": ["lambda"], "severity": {"django": "information"}}));
        assert!(w.is_empty());
        assert_eq!(editor.severity_for(id("lambda")), Severity::Off);
        assert_eq!(editor.severity_for(id("queryset")), Severity::Information);
        let project = ProjectConfig {
            select: Some(vec!["django".into(), "python".into()]),
            ignore: vec!["decorator".into()],
            severity: [("n-plus-one".to_string(), Severity::Error)].into(),
            ..Default::default()
        };
        let merged = editor.with_project(Some(&project));
        assert_eq!(merged.severity_for(id("n-plus-one")), Severity::Error);
        assert_eq!(merged.severity_for(id("queryset")), Severity::Information);
        assert_eq!(merged.severity_for(id("decorator")), Severity::Off);
        assert_eq!(merged.severity_for(id("lambda")), Severity::Off);
        assert_eq!(merged.severity_for(id("fastapi-route")), Severity::Off, "not selected");
    }

    #[test]
    fn not_an_object() {
        let (s, w) = Settings::from_json(&json!("hint"));
        assert_eq!(s, Settings::default());
        assert_eq!(w.len(), 1);
    }
}
