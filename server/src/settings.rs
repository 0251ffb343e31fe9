//! User settings: one struct, filled leniently from editor settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`). A bad value falls back to its default with one warning
//! that names the key; a bad key never discards the good ones.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use std::collections::BTreeMap;

use crate::concepts::{catalog, ConceptId, Kind};
use crate::progress::clock::parse_day;
use crate::progress::schedule::DEFAULT_RETENTION;
use crate::progress::Mode;

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
    /// Where `progress.db` lives; `None`: `$INTERVIEW_PREP_DATA`, else the XDG data directory.
    pub data_dir: Option<PathBuf>,
    /// The probability of recall FSRS schedules reviews for (0.7–0.99).
    pub desired_retention: f32,
    /// Interview-date mode: the local day number of the interview.
    pub interview_date: Option<i64>,
    /// Whether well-recalled concepts get a quieter severity and due ones are marked.
    pub adaptive: bool,
    /// Seconds the missing-timeout quick fix writes (`fixTimeout`).
    pub fix_timeout_seconds: u32,
    /// How quizzes ask: flashcard or multiple choice.
    pub quiz_mode: Mode,
    /// Whether test files get a mark for every concept (default: only testing concepts and
    /// pitfalls).
    pub concepts_in_tests: bool,
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
            data_dir: None,
            desired_retention: DEFAULT_RETENTION,
            interview_date: None,
            adaptive: true,
            fix_timeout_seconds: 10,
            quiz_mode: Mode::Flashcard,
            concepts_in_tests: false,
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
        if let Some(v) = obj.get("dataDir") {
            match v {
                Value::String(p) if !p.trim().is_empty() => settings.data_dir = Some(expand_home(p.trim())),
                Value::String(_) | Value::Null => {}
                _ => warn(&mut warnings, "dataDir", "a directory path", v, "the default data directory"),
            }
        }
        if let Some(v) = obj.get("desiredRetention") {
            match v.as_f64() {
                Some(r) if (0.7..=0.99).contains(&r) => settings.desired_retention = r as f32,
                _ if v.is_null() => {}
                _ => warn(&mut warnings, "desiredRetention", "a number from 0.7 to 0.99", v, "0.9"),
            }
        }
        if let Some(v) = obj.get("interviewDate") {
            match v {
                Value::String(d) if d.trim().is_empty() => {}
                Value::Null => {}
                Value::String(d) => match parse_day(d) {
                    Some(day) => settings.interview_date = Some(day),
                    None => warn(&mut warnings, "interviewDate", "a date as YYYY-MM-DD", v, "no interview date"),
                },
                _ => warn(&mut warnings, "interviewDate", "a date as YYYY-MM-DD", v, "no interview date"),
            }
        }
        if let Some(v) = obj.get("fixTimeout") {
            match v.as_u64() {
                Some(n) if (1..=3600).contains(&n) => settings.fix_timeout_seconds = n as u32,
                _ => warn(&mut warnings, "fixTimeout", "a number of seconds from 1 to 3600", v, "10"),
            }
        }
        if let Some(v) = obj.get("adaptive") {
            match v.as_bool() {
                Some(b) => settings.adaptive = b,
                None => warn(&mut warnings, "adaptive", "true or false", v, "true"),
            }
        }
        if let Some(v) = obj.get("conceptsInTests") {
            match v.as_bool() {
                Some(b) => settings.concepts_in_tests = b,
                None => warn(&mut warnings, "conceptsInTests", "true or false", v, "false"),
            }
        }
        // VS Code sends `quiz.mode` nested (`{"quiz": {"mode": ...}}`); others may send it flat.
        let nested_mode = obj.get("quiz").and_then(|q| q.get("mode"));
        if let Some((key, v)) = obj
            .get("quizMode")
            .map(|v| ("quizMode", v))
            .or_else(|| obj.get("quiz.mode").map(|v| ("quiz.mode", v)))
            .or_else(|| nested_mode.map(|v| ("quiz.mode", v)))
        {
            match v.as_str().and_then(Mode::parse) {
                Some(m) => settings.quiz_mode = m,
                None if v.is_null() => {}
                None => warn(&mut warnings, key, "flashcard, choice or answer", v, "flashcard"),
            }
        }
        (settings, warnings)
    }

    /// Whether a concept's findings are shown at all (`session::visible_findings` applies it).
    pub fn shows(&self, id: ConceptId) -> bool {
        self.severity_for(id) != Severity::Off
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
        let project = crate::config::ProjectConfig {
            select: Some(vec!["django".into(), "python".into()]),
            ignore: vec!["decorator".into()],
            severity: [("n-plus-one".to_string(), Severity::Error)].into(),
            ..Default::default()
        };
        let merged = project.over(&editor);
        assert_eq!(merged.severity_for(id("n-plus-one")), Severity::Error);
        assert_eq!(merged.severity_for(id("queryset")), Severity::Information);
        assert_eq!(merged.severity_for(id("decorator")), Severity::Off);
        assert_eq!(merged.severity_for(id("lambda")), Severity::Off);
        assert_eq!(merged.severity_for(id("fastapi-route")), Severity::Off, "not selected");
    }

    #[test]
    fn quiz_and_progress_keys() {
        let (s, w) = Settings::from_json(&json!({"interviewPrep": {
            "dataDir": "/data/ip", "desiredRetention": 0.85, "interviewDate": "2026-12-15",
            "adaptive": false, "quiz": {"mode": "choice"}
        }}));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.data_dir, Some(PathBuf::from("/data/ip")));
        assert_eq!(s.desired_retention, 0.85);
        assert_eq!(s.interview_date, parse_day("2026-12-15"));
        assert!(!s.adaptive);
        assert_eq!(s.quiz_mode, Mode::Choice);
        let (s, _) = Settings::from_json(&json!({"quizMode": "flashcard", "quiz.mode": "choice"}));
        assert_eq!(s.quiz_mode, Mode::Flashcard, "quizMode wins");
        let (s, w) = Settings::from_json(&json!({
            "desiredRetention": 1.5, "interviewDate": "next friday", "adaptive": "yes", "quizMode": "essay", "dataDir": 3
        }));
        assert_eq!(s, Settings::default());
        assert_eq!(w.len(), 5, "{w:?}");
        for key in ["desiredRetention", "interviewDate", "adaptive", "quizMode", "dataDir"] {
            assert!(w.iter().any(|m| m.contains(&format!("`{key}`"))), "{key}: {w:?}");
        }
    }

    #[test]
    fn not_an_object() {
        let (s, w) = Settings::from_json(&json!("hint"));
        assert_eq!(s, Settings::default());
        assert_eq!(w.len(), 1);
    }
}
