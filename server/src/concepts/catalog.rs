//! The concept catalog: every concept id the detector may report, with its topic, kind and title.
//! The table is `catalog.tsv` (the product's concept spec), compiled in and parsed once.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

const CATALOG_TSV: &str = include_str!("catalog.tsv");

/// Whether a finding teaches a concept or warns about a pitfall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A pitfall sorts first: it is the more specific finding.
    Pitfall,
    Concept,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pitfall => "pitfall",
            Kind::Concept => "concept",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a concept in the catalog: small, `Copy`, and cheap to store in every finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConceptId(pub u16);

impl ConceptId {
    pub fn info(self) -> &'static Concept {
        &catalog().concepts[self.0 as usize]
    }

    pub fn name(self) -> &'static str {
        self.info().id
    }

    pub fn kind(self) -> Kind {
        self.info().kind
    }
}

/// A catalog topic as people name it, for every place a topic is shown to the user.
pub fn topic_title(topic: &str) -> &str {
    match topic {
        "python" => "Python",
        "django" => "Django",
        "drf" => "Django REST framework",
        "fastapi" => "FastAPI",
        "concurrency" => "Concurrency and async",
        "caching" => "Caching and Redis",
        "security" => "Security",
        "web" => "Web and HTTP",
        "database" => "Databases",
        "tasks" => "Background tasks",
        "realtime" => "Real-time",
        "data" => "Data and AI",
        "cloud" => "Cloud",
        "docker" => "Docker",
        "kubernetes" => "Kubernetes",
        "ci" => "CI/CD",
        "sql" => "SQL",
        other => other,
    }
}

#[derive(Debug)]
pub struct Concept {
    pub id: &'static str,
    pub topic: &'static str,
    pub kind: Kind,
    pub title: &'static str,
    /// What code must be reported, in words.
    pub triggers: &'static str,
}

pub struct Catalog {
    pub concepts: Vec<Concept>,
    by_id: HashMap<&'static str, ConceptId>,
}

impl Catalog {
    pub fn lookup(&self, id: &str) -> Option<ConceptId> {
        self.by_id.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = ConceptId> + '_ {
        (0..self.concepts.len() as u16).map(ConceptId)
    }

    /// Topics in catalog order, each once.
    pub fn topics(&self) -> Vec<&'static str> {
        let mut topics: Vec<&'static str> = Vec::new();
        for c in &self.concepts {
            if !topics.contains(&c.topic) {
                topics.push(c.topic);
            }
        }
        topics
    }
}

pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| parse(CATALOG_TSV))
}

/// Looks a concept id up by name.
pub fn concept(id: &str) -> Option<ConceptId> {
    catalog().lookup(id)
}

fn parse(tsv: &'static str) -> Catalog {
    let mut concepts = Vec::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&'static str> = line.split('\t').collect();
        // The table is compiled in and checked by a unit test, so a malformed row is a build bug.
        assert!(cols.len() >= 5, "catalog.tsv: malformed row {line:?}");
        let kind = match cols[2] {
            "pitfall" => Kind::Pitfall,
            _ => Kind::Concept,
        };
        concepts.push(Concept { id: cols[0], topic: cols[1], kind, title: cols[3], triggers: cols[4] });
    }
    let by_id = concepts.iter().enumerate().map(|(i, c)| (c.id, ConceptId(i as u16))).collect();
    Catalog { concepts, by_id }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_topic_has_a_friendly_name() {
        for t in super::catalog().topics() {
            assert_ne!(super::topic_title(t), t, "{t}");
        }
    }

    use super::*;

    #[test]
    fn catalog_is_well_formed() {
        let cat = catalog();
        assert!(cat.concepts.len() >= 99);
        let mut seen = std::collections::HashSet::new();
        for c in &cat.concepts {
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
            assert!(c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'));
            assert!(!c.title.is_empty() && !c.triggers.is_empty());
        }
        assert_eq!(concept("n-plus-one").unwrap().kind(), Kind::Pitfall);
        assert_eq!(concept("generator-function").unwrap().info().topic, "python");
    }
}
