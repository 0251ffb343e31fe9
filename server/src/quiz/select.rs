//! Which questions a quiz asks, in order: cards that are due (weakest first), then concepts of
//! this code never reviewed, then the weakest of the rest; never the same entry twice in one
//! session, and never an entry the settings hide (`visible`, from `session::entry_visible`).
//! Mock interviews draw from a topic, including topics no code shows.

use std::collections::HashSet;

use super::{Found, Question, Rng, Why};
use crate::concepts::{concept, Kind};
use crate::deck::{Deck, Entry};
use crate::progress::summary::{Knowledge, Status};

/// How many questions a session asks when nobody says.
pub const DEFAULT_COUNT: usize = 10;

/// Whether a quiz may ask an entry.
pub type Visible<'v> = &'v dyn Fn(&Entry) -> bool;

struct Picker<'a> {
    k: &'a Knowledge,
    visible: Visible<'a>,
    chosen: Vec<Question>,
    ids: HashSet<String>,
    limit: usize,
}

impl<'a> Picker<'a> {
    fn new(k: &'a Knowledge, limit: usize, visible: Visible<'a>) -> Self {
        Picker { k, visible, chosen: Vec::new(), ids: HashSet::new(), limit: limit.max(1) }
    }

    fn full(&self) -> bool {
        self.chosen.len() >= self.limit
    }

    fn push(&mut self, entry: &Entry, why: Why, found: Option<&Found>) {
        if self.full() || !(self.visible)(entry) || !self.ids.insert(entry.id.clone()) {
            return;
        }
        self.chosen.push(Question {
            entry: entry.clone(),
            // Only a concept found in code "prompted" the question; the log records nothing else.
            concept: found.map(|f| f.concept.clone()),
            at: found.and_then(|f| f.at.clone()),
            file: found.and_then(|f| f.file.clone()),
            why,
            lead: None,
            follow_up: None,
        });
    }

    /// Sorts reviewed entries weakest (least likely recalled now) first.
    fn weakest_first(&self, entries: &mut [(&'a Entry, Option<&'a Found>)]) {
        entries.sort_by(|a, b| {
            let ra = self.k.recall(&a.0.id).unwrap_or(0.0);
            let rb = self.k.recall(&b.0.id).unwrap_or(0.0);
            ra.total_cmp(&rb)
        });
    }
}

/// How much an interviewer makes of a concept seen in code: 2 for what they ask about code
/// like this (how the ORM loads relations, what a generator or a context manager does, how the
/// cache is invalidated), 1 for what is worth a question, 0 for what every project has and
/// nobody asks about (imports of an HTTP client, logging set-up, settings and URL modules).
pub fn relevance(concept: &str) -> u8 {
    const LOW: &[&str] = &[
        "logging",
        "environment-config",
        "django-settings",
        "django-urls",
        "django-admin",
        "json-response",
        "http-status-codes",
        "http-methods",
        "api-docs",
        "uvicorn-gunicorn",
        "http-client",
        "redis-client",
        "collections-module",
        "sort-vs-sorted",
        "decorator",
        "inheritance",
        "comprehension",
        "exception-handling",
        "django-views",
        "flask-app",
        "fastapi-route",
        "pandas",
        "optional-union",
    ];
    const HIGH: &[&str] = &[
        "queryset",
        "select-prefetch-related",
        "get-vs-filter",
        "f-q-expressions",
        "transaction",
        "db-index",
        "raw-sql",
        "idempotency",
        "generator-function",
        "decorator-definition",
        "context-manager",
        "mutable-immutable",
        "copy-semantics",
        "dunder-methods",
        "property",
        "async-await",
        "event-loop",
        "threading",
        "multiprocessing",
        "django-signals",
        "django-middleware",
        "django-relationship",
        "cache-aside",
        "cache-invalidation",
        "django-cache",
        "celery-task",
        "drf-serializer",
        "drf-viewset",
        "drf-permissions",
        "fastapi-depends",
        "pydantic-model",
        "password-hashing",
        "jwt",
        "csrf",
        "cors",
        "rate-limiting",
        "retry",
        "connection-pooling",
        "websockets",
        "sqlalchemy-orm",
        "dataclass",
        "descriptor",
        "metaclass",
        "global-nonlocal",
        "custom-manager",
    ];
    if LOW.contains(&concept) {
        0
    } else if HIGH.contains(&concept) {
        2
    } else {
        1
    }
}

/// Questions about concepts found in code (a file, a function, one concept), in the order an
/// interviewer reading the code would go: the pitfalls it shows (unless just recalled), then
/// what is due, then concepts never reviewed, most interview-relevant first, then the weakest.
pub fn for_code<'a>(
    deck: &'a Deck,
    k: &Knowledge,
    found: &'a [Found],
    limit: usize,
    visible: Visible<'_>,
) -> Vec<Question> {
    let mut p = Picker::new(k, limit, visible);
    // Every entry about these concepts, with the finding that brought it in (first wins).
    let mut related: Vec<(&Entry, Option<&Found>)> = Vec::new();
    let mut seen = HashSet::new();
    for f in found {
        for e in deck.for_concept(&f.concept) {
            if seen.insert(e.id.as_str()) {
                related.push((e, Some(f)));
            }
        }
    }
    // The pitfalls this code shows: their main question, unless it was recalled and is not due.
    for f in found.iter().filter(|f| concept(&f.concept).is_some_and(|c| c.kind() == Kind::Pitfall)) {
        if let Some(primary) = deck.primary(&f.concept) {
            let why = match k.status(&primary.id) {
                Status::Recalled => continue,
                Status::Due => Why::Due,
                Status::Weak => Why::Weak,
                Status::New => Why::New,
            };
            p.push(primary, why, Some(f));
        }
    }
    let mut due: Vec<_> = related.iter().copied().filter(|(e, _)| k.is_due(&e.id)).collect();
    p.weakest_first(&mut due);
    for (e, f) in due {
        p.push(e, Why::Due, f);
    }
    // Never reviewed: the most interview-relevant first, in order of appearance within a level.
    let mut fresh: Vec<&Found> = found.iter().collect();
    fresh.sort_by_key(|f| std::cmp::Reverse(relevance(&f.concept)));
    for f in fresh {
        let entries = deck.for_concept(&f.concept);
        if entries.iter().all(|e| k.card(&e.id).is_none()) {
            if let Some(primary) = entries.first() {
                p.push(primary, Why::New, Some(f));
            }
        }
    }
    let mut reviewed: Vec<_> = related.iter().copied().filter(|(e, _)| k.card(&e.id).is_some()).collect();
    p.weakest_first(&mut reviewed);
    for (e, f) in reviewed {
        p.push(e, Why::Weak, f);
    }
    for (e, f) in related {
        p.push(e, Why::More, f);
    }
    p.chosen
}

/// Every due card, weakest first. In interview-date mode, also today's share of the concepts
/// seen in the user's code that were never reviewed, so all are reviewed before the date.
pub fn due(deck: &Deck, k: &Knowledge, seen_concepts: &[String], limit: usize, visible: Visible<'_>) -> Vec<Question> {
    let mut p = Picker::new(k, limit, visible);
    let mut due: Vec<(&Entry, Option<&Found>)> =
        deck.entries().iter().filter(|e| k.is_due(&e.id)).map(|e| (e, None)).collect();
    p.weakest_first(&mut due);
    for (e, _) in due {
        p.push(e, Why::Due, None);
    }
    for e in new_for_interview(deck, k, seen_concepts) {
        p.push(e, Why::New, None);
    }
    p.chosen
}

/// Interview-date mode: the primary entries of never-reviewed concepts from the user's code that
/// today should cover, spreading them evenly over the days left (all of them on the last day).
pub fn new_for_interview<'d>(deck: &'d Deck, k: &Knowledge, seen_concepts: &[String]) -> Vec<&'d Entry> {
    let Some(day) = k.sched.interview_day else { return Vec::new() };
    let days_left = day - k.cal.day(k.now);
    if days_left < 1 {
        return Vec::new();
    }
    let mut fresh: Vec<&Entry> = Vec::new();
    for c in seen_concepts {
        if let Some(e) = deck.primary(c) {
            if k.card(&e.id).is_none() && !fresh.iter().any(|f| f.id == e.id) {
                fresh.push(e);
            }
        }
    }
    let per_day = fresh.len().div_ceil(days_left as usize);
    fresh.truncate(per_day);
    fresh
}

/// A mock interview: `count` questions on a topic (`None` or "mixed": any), due first, then
/// never reviewed (in random order), then the weakest.
pub fn mock(
    deck: &Deck,
    k: &Knowledge,
    topic: Option<&str>,
    limit: usize,
    rng: &mut Rng,
    visible: Visible<'_>,
) -> Vec<Question> {
    let mut p = Picker::new(k, limit, visible);
    let pool: Vec<&Entry> = deck.entries().iter().filter(|e| topic.is_none_or(|t| topic_matches(deck, e, t))).collect();
    let mut due: Vec<(&Entry, Option<&Found>)> = pool.iter().filter(|e| k.is_due(&e.id)).map(|e| (*e, None)).collect();
    p.weakest_first(&mut due);
    for (e, _) in due {
        p.push(e, Why::Due, None);
    }
    let mut fresh: Vec<&Entry> = pool.iter().copied().filter(|e| k.card(&e.id).is_none()).collect();
    rng.shuffle(&mut fresh);
    for e in fresh {
        p.push(e, Why::New, None);
    }
    let mut rest: Vec<(&Entry, Option<&Found>)> = pool.iter().map(|e| (*e, None)).collect();
    p.weakest_first(&mut rest);
    for (e, _) in rest {
        p.push(e, Why::Weak, None);
    }
    p.chosen
}

/// Topics offered when a mock interview is started without one.
pub const MOCK_TOPICS: &[&str] = &[
    "Python",
    "Django",
    "HTTP and APIs",
    "Databases and SQL",
    "Docker and cloud",
    "System design",
    "Security",
    "Live coding",
    "Behavioural",
    "Mixed",
];

/// Words people use for a topic, and what they mean in the deck.
struct Alias {
    names: &'static [&'static str],
    /// Deck files (topics) that belong to it.
    files: &'static [&'static str],
    /// Catalog topics of an entry's concepts that belong to it.
    topics: &'static [&'static str],
    /// Starts of words in a question that belong to it.
    words: &'static [&'static str],
}

const ALIASES: &[Alias] = &[
    Alias {
        names: &["http", "http and apis", "apis", "api", "rest", "web"],
        files: &["realtime", "http-and-rest"],
        topics: &["web", "drf"],
        words: &["http", "rest", "api"],
    },
    Alias {
        names: &["databases", "databases and sql", "database", "sql", "db"],
        files: &["databases", "django-orm", "sqlalchemy", "sql"],
        topics: &["database"],
        words: &["sql", "index"],
    },
    Alias {
        names: &["docker", "kubernetes", "containers", "k8s"],
        files: &["docker-and-kubernetes"],
        topics: &[],
        words: &["docker", "container"],
    },
    Alias {
        names: &["docker and cloud", "cloud", "aws", "devops", "infrastructure"],
        files: &["docker-and-kubernetes", "cloud-aws", "aws", "networking-and-linux", "git-and-ci"],
        topics: &[],
        words: &["docker", "container", "aws", "kubernetes"],
    },
    Alias {
        names: &["system design", "design", "architecture", "scaling"],
        files: &["architecture-and-scaling", "system-design", "design-patterns"],
        topics: &[],
        words: &["scal", "microservice"],
    },
    Alias {
        names: &["security", "appsec", "auth"],
        files: &["auth-and-security", "application-security"],
        topics: &["security"],
        words: &[],
    },
    Alias { names: &["live coding", "coding", "algorithms"], files: &["live-coding"], topics: &[], words: &[] },
    Alias { names: &["behavioural", "behavioral", "soft skills"], files: &["behavioural"], topics: &[], words: &[] },
    Alias {
        names: &["python"],
        files: &[
            "python-fundamentals",
            "python-language",
            "functions-and-functional",
            "oop",
            "errors-and-context-managers",
            "concurrency-and-async",
        ],
        topics: &["python"],
        words: &[],
    },
];

/// Whether an entry belongs to a topic as a user names it: a deck topic id or title, a catalog
/// topic, or one of the common words above ("mixed" and "all" match everything).
pub fn topic_matches(deck: &Deck, entry: &Entry, topic: &str) -> bool {
    let t = topic.trim().to_lowercase();
    if t.is_empty() || t == "mixed" || t == "all" || t == "any" {
        return true;
    }
    let slug = t.replace([' ', '_'], "-");
    if entry.topic == slug || entry.topic.starts_with(&format!("{slug}-")) {
        return true;
    }
    if deck.topic_title(&entry.topic).is_some_and(|title| title.to_lowercase().contains(&t)) {
        return true;
    }
    let catalog_topics: Vec<&str> = entry.concepts.iter().filter_map(|c| concept(c)).map(|c| c.info().topic).collect();
    if catalog_topics.contains(&t.as_str()) {
        return true;
    }
    let question = entry.question.to_lowercase();
    ALIASES.iter().filter(|a| a.names.contains(&t.as_str())).any(|a| {
        a.files.contains(&entry.topic.as_str())
            || catalog_topics.iter().any(|c| a.topics.contains(c))
            || a.words.iter().any(|w| question.split(|ch: char| !ch.is_alphanumeric()).any(|q| q.starts_with(w)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Mode, NewReview, Rating, Scheduler, Store};

    const NOW: i64 = 1_795_000_000;
    const DAY: i64 = 86_400;

    fn found(concepts: &[&str]) -> Vec<Found> {
        concepts.iter().map(|c| Found { concept: c.to_string(), at: None, file: None }).collect()
    }

    fn answer(store: &Store, entry: &str, rating: Rating, at: i64) {
        let r = NewReview {
            entry: entry.into(),
            rating,
            at,
            mode: Mode::Flashcard,
            file: None,
            concept: None,
            duration_ms: None,
            answer: None,
        };
        store.record(&r, &Scheduler::default_params()).unwrap();
    }

    #[test]
    fn due_then_never_reviewed_then_weakest_without_repeats() {
        let deck = Deck::builtin();
        let store = Store::in_memory();
        let gen = deck.primary("generator-function").unwrap().id.clone();
        let ctx = deck.primary("context-manager").unwrap().id.clone();
        let prop = deck.primary("property").unwrap().id.clone();
        // Generators: forgotten long ago, due now. Property: recalled today, not due.
        answer(&store, &gen, Rating::Again, NOW - 5 * DAY);
        answer(&store, &prop, Rating::Good, NOW);
        let k = Knowledge::load(&store, Scheduler::default_params(), NOW).unwrap();
        let f = found(&["property", "context-manager", "generator-function"]);
        let qs = for_code(&deck, &k, &f, 50, &|_| true);
        assert_eq!(qs[0].entry.id, gen);
        assert_eq!(qs[0].why, Why::Due);
        assert_eq!(qs[0].concept.as_deref(), Some("generator-function"));
        assert_eq!(qs[1].entry.id, ctx);
        assert_eq!(qs[1].why, Why::New);
        assert_eq!(qs[2].entry.id, prop);
        assert_eq!(qs[2].why, Why::Weak);
        assert!(qs[3..].iter().all(|q| q.why == Why::More));
        let ids: HashSet<&str> = qs.iter().map(|q| q.entry.id.as_str()).collect();
        assert_eq!(ids.len(), qs.len(), "no repeats");
        assert_eq!(for_code(&deck, &k, &f, 2, &|_| true).len(), 2);
    }

    #[test]
    fn the_code_s_pitfalls_come_first_then_relevant_concepts_before_boilerplate() {
        let deck = Deck::builtin();
        let store = Store::in_memory();
        let k = Knowledge::load(&store, Scheduler::default_params(), NOW).unwrap();
        // In order of appearance: logging set-up, a generator, an N+1 loop, a mutable default.
        let f = found(&["logging", "generator-function", "n-plus-one", "mutable-default-argument", "http-client"]);
        let qs = for_code(&deck, &k, &f, 50, &|_| true);
        let concepts: Vec<&str> = qs.iter().filter_map(|q| q.concept.as_deref()).collect();
        assert_eq!(&concepts[..2], ["n-plus-one", "mutable-default-argument"], "pitfalls first: {concepts:?}");
        let position = |c: &str| concepts.iter().position(|x| *x == c).unwrap();
        assert!(position("generator-function") < position("logging"), "{concepts:?}");
        assert!(position("generator-function") < position("http-client"), "{concepts:?}");
        // A pitfall recalled today is not asked first again.
        answer(&store, &deck.primary("n-plus-one").unwrap().id, Rating::Good, NOW);
        let k = Knowledge::load(&store, Scheduler::default_params(), NOW).unwrap();
        let qs = for_code(&deck, &k, &f, 50, &|_| true);
        assert_eq!(qs[0].concept.as_deref(), Some("mutable-default-argument"));
    }

    #[test]
    fn due_lists_every_due_card_and_interview_mode_spreads_new_concepts() {
        let deck = Deck::builtin();
        let store = Store::in_memory();
        let gen = deck.primary("generator-function").unwrap().id.clone();
        answer(&store, &gen, Rating::Good, NOW - 20 * DAY);
        let seen: Vec<String> = ["lambda", "decorator", "n-plus-one", "generator-function"].map(String::from).to_vec();
        let plain = Knowledge::load(&store, Scheduler::default_params(), NOW).unwrap();
        let qs = due(&deck, &plain, &seen, 50, &|_| true);
        assert_eq!(qs.iter().map(|q| q.entry.id.as_str()).collect::<Vec<_>>(), [gen.as_str()]);
        // Interview in 2 days, 3 concepts never reviewed: 2 of them today.
        let today = plain.cal.day(NOW);
        let interview = Knowledge::load(&store, Scheduler::new(None, 0.9, Some(today + 2)).unwrap(), NOW).unwrap();
        let qs = due(&deck, &interview, &seen, 50, &|_| true);
        assert_eq!(qs.len(), 3, "{:?}", qs.iter().map(|q| &q.entry.id).collect::<Vec<_>>());
        assert_eq!(qs[0].why, Why::Due);
        assert!(qs[1..].iter().all(|q| q.why == Why::New));
    }

    #[test]
    fn every_offered_mock_topic_has_questions_and_topics_include_what_no_code_shows() {
        let deck = Deck::builtin();
        let k = Knowledge::empty(Scheduler::default_params(), NOW);
        for topic in MOCK_TOPICS {
            let qs = mock(&deck, &k, Some(topic), 4, &mut Rng::new(7), &|_| true);
            assert_eq!(qs.len(), 4, "{topic}");
        }
        let behavioural = mock(&deck, &k, Some("behavioural"), 50, &mut Rng::new(1), &|_| true);
        assert!(behavioural.iter().all(|q| q.entry.topic == "behavioural"));
        let docker = mock(&deck, &k, Some("Docker"), 50, &mut Rng::new(1), &|_| true);
        assert!(docker.iter().any(|q| q.entry.topic == "docker-and-kubernetes"));
        let http = mock(&deck, &k, Some("HTTP"), 50, &mut Rng::new(1), &|_| true);
        assert!(
            http.iter().any(|q| q.entry.question.contains("HTTP")),
            "{:?}",
            http.iter().map(|q| &q.entry.question).collect::<Vec<_>>()
        );
        assert!(mock(&deck, &k, Some("quantum knitting"), 5, &mut Rng::new(1), &|_| true).is_empty());
    }

    #[test]
    fn shuffling_is_a_permutation_and_seeded() {
        let mut a: Vec<u32> = (0..20).collect();
        Rng::new(42).shuffle(&mut a);
        let mut b: Vec<u32> = (0..20).collect();
        Rng::new(42).shuffle(&mut b);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
        assert_ne!(a, sorted);
    }
}
