//! Grading an answer written in the candidate's own words against an entry's key points: which
//! points it makes, which it misses, and the rating that follows. Deterministic and local: the
//! answer and each point's `Listen for:` phrases are normalised (case, punctuation, contractions,
//! a few synonyms) and stemmed, and a point is made when every term of one of its alternatives
//! appears, in any order — unless a negation just before a term turns it round ("not
//! idempotent" does not make "idempotent").

use crate::deck::KeyPoint;
use crate::progress::Rating;

/// Longer answers are cut here before grading (a huge paste), with a note.
pub const MAX_ANSWER_BYTES: usize = 20 * 1024;

/// One key point, graded.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PointResult {
    /// The point in the deck's words: what the interviewer listened for.
    pub text: String,
    pub hit: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Grade {
    pub points: Vec<PointResult>,
    /// The rating the coverage suggests; the user may overrule it.
    pub proposed: Rating,
    /// The answer was longer than [`MAX_ANSWER_BYTES`] and was cut.
    pub trimmed: bool,
}

impl Grade {
    pub fn hits(&self) -> usize {
        self.points.iter().filter(|p| p.hit).count()
    }
}

/// Grades `answer` against `points`. `seconds` is how long the answer took: all points made
/// quickly is Easy, all points Recalled, some Struggled, none Forgot.
pub fn grade(answer: &str, points: &[KeyPoint], seconds: f64) -> Grade {
    let trimmed = answer.len() > MAX_ANSWER_BYTES;
    let answer = clip(answer);
    let words = normalise(answer);
    let results: Vec<PointResult> =
        points.iter().map(|p| PointResult { text: p.text.clone(), hit: made(&words, p) }).collect();
    let hits = results.iter().filter(|r| r.hit).count();
    // A minute and a half for a full spoken answer is fluent; the time the user took to type it
    // is what we have.
    let proposed = match hits {
        0 => Rating::Again,
        h if h < results.len() => Rating::Hard,
        _ if seconds > 0.0 && seconds <= 90.0 => Rating::Easy,
        _ => Rating::Good,
    };
    Grade { points: results, proposed, trimmed }
}

/// The answer cut to [`MAX_ANSWER_BYTES`], at a character boundary.
pub fn clip(answer: &str) -> &str {
    if answer.len() <= MAX_ANSWER_BYTES {
        return answer;
    }
    let mut end = MAX_ANSWER_BYTES;
    while !answer.is_char_boundary(end) {
        end -= 1;
    }
    &answer[..end]
}

/// Whether the answer's words make a key point: one alternative whose every term is found
/// unnegated within one sentence, and no misconception of the point (`Not:`) stated anywhere.
fn made(words: &[String], point: &KeyPoint) -> bool {
    let sentences: Vec<&[String]> = words.split(|w| w == ".").filter(|s| !s.is_empty()).collect();
    let says = |alternatives: &[Vec<String>]| {
        alternatives.iter().any(|alternative| {
            let terms: Vec<Vec<String>> = alternative.iter().map(|t| normalise(t)).collect();
            sentences.iter().any(|sentence| terms.iter().all(|term| found(sentence, term)))
        })
    };
    says(&point.listen_for) && !says(&point.wrong_if)
}

/// Whether `term` (a phrase of normalised words) occurs in `words` without a negation right
/// before it. A term that itself starts with a negation ("not thread-safe") is matched as is.
fn found(words: &[String], term: &[String]) -> bool {
    if term.is_empty() || term.len() > words.len() {
        return false;
    }
    let negated_term = NEGATIONS.contains(&term[0].as_str());
    (0..=words.len() - term.len())
        .any(|i| words[i..i + term.len()] == *term && (negated_term || !negated_before(words, i)))
}

/// A negation among the (up to) three words before `at`, within the same clause.
fn negated_before(words: &[String], at: usize) -> bool {
    let from = at.saturating_sub(3);
    words[from..at]
        .iter()
        .rev()
        .take_while(|w| !CLAUSE_BREAKS.contains(&w.as_str()))
        .any(|w| NEGATIONS.contains(&w.as_str()))
}

const NEGATIONS: &[&str] = &["not", "no", "never", "without", "neither", "nor", "non"];
/// Words that end the reach of a negation: "it is not X but Y" makes Y.
const CLAUSE_BREAKS: &[&str] = &["but", "rather", "instead", "however", "."];

/// Lowercase words, stemmed, with contractions and a few synonyms unfolded; a full stop is kept
/// as a word so negations stop at sentence ends.
pub fn normalise(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            expand(word, words);
            word.clear();
        }
    };
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == '\'' || c == '\u{2019}' {
            // Contractions stay one word here ("doesn't"), expanded below.
            if !word.is_empty() && next.is_some_and(char::is_alphabetic) {
                word.push('\'');
            } else {
                flush(&mut word, &mut words);
            }
        } else if c == '+' {
            // "N+1", "N + 1" and "n plus one" are the same words.
            flush(&mut word, &mut words);
            words.push("plus".into());
        } else {
            flush(&mut word, &mut words);
            if matches!(c, '.' | ';' | '!' | '?') && !next.is_some_and(char::is_alphanumeric) {
                words.push(".".into());
            }
        }
    }
    flush(&mut word, &mut words);
    words
}

/// One raw word as normalised words: contractions unfolded, synonyms mapped, then stemmed.
fn expand(word: &str, out: &mut Vec<String>) {
    let unfolded: &[&str] = match word {
        "don't" | "doesn't" | "didn't" | "isn't" | "aren't" | "wasn't" | "weren't" | "won't" | "wouldn't"
        | "shouldn't" | "couldn't" | "can't" | "cannot" | "mustn't" | "haven't" | "hasn't" | "hadn't" => &["not"],
        "it's" => &["it", "is"],
        "0" => &["zero"],
        "1" => &["one"],
        "2" => &["two"],
        "3" => &["three"],
        _ => &[],
    };
    if !unfolded.is_empty() {
        out.extend(unfolded.iter().map(|w| w.to_string()));
        return;
    }
    let word = word.trim_end_matches("'s").trim_end_matches('\'');
    for part in synonym(word).split(' ') {
        out.push(stem(part));
    }
}

/// Common abbreviations and spellings, as the words they stand for.
fn synonym(word: &str) -> &str {
    match word {
        "db" | "dbs" => "database",
        "fk" | "fks" => "foreign key",
        "m2m" => "many to many",
        "o2o" => "one to one",
        "pk" => "primary key",
        "sql" => "sql",
        "qs" | "querysets" => "queryset",
        "async" => "async",
        "req" | "reqs" => "request",
        "resp" => "response",
        "auth" => "authentication",
        "env" => "environment",
        "config" => "configuration",
        "perf" => "performance",
        "k8s" => "kubernetes",
        "idempotence" => "idempotent",
        "gc" => "garbage collector",
        _ => word,
    }
}

/// A light suffix stemmer: enough that "pauses", "paused" and "pausing" meet "pause", and "queries"
/// meets "query". Short words are left alone.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.is_ascii() {
        return word.to_string();
    }
    let w = word;
    for (suffix, replace, min_stem) in [
        ("ational", "ate", 3),
        ("ization", "ize", 3),
        ("iveness", "ive", 3),
        ("fulness", "ful", 3),
        ("ousness", "ous", 3),
        ("ations", "ate", 3),
        ("ation", "ate", 3),
        ("ingly", "", 3),
        ("ments", "", 4),
        ("ment", "", 4),
        ("ies", "y", 2),
        ("ied", "y", 2),
        ("ing", "", 3),
        ("edly", "", 3),
        ("ed", "", 3),
        ("ly", "", 4),
        ("es", "", 4),
        ("s", "", 3),
    ] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.len() >= min_stem && !(suffix == "s" && (base.ends_with('s') || base.ends_with('u'))) {
                let mut out = format!("{base}{replace}");
                // "stopped" → "stopp" → "stop"
                let b = out.as_bytes();
                if replace.is_empty()
                    && b.len() >= 3
                    && b[b.len() - 1] == b[b.len() - 2]
                    && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
                {
                    out.pop();
                }
                // "cached" → "cach", "cache" → "cache": drop a final "e" so both meet.
                return out.strip_suffix('e').filter(|s| s.len() >= 3).map_or(out.clone(), str::to_string);
            }
        }
    }
    w.strip_suffix('e').filter(|s| s.len() >= 3).map_or_else(|| w.to_string(), str::to_string)
}

/// How the grader does on a labelled set (`tests/answers/answers.tsv`: entry id, answer id,
/// kind, answer, and one `1`/`0` per key point as a careful reader marked it).
#[derive(Debug, Default)]
pub struct Evaluation {
    pub answers: usize,
    pub entries: usize,
    /// Key points: made by the grader and the reader, by the grader only, by the reader only,
    /// by neither.
    pub both: usize,
    pub grader_only: usize,
    pub reader_only: usize,
    pub neither: usize,
    /// Per answer kind (good, partial, wrong, trap): points where grader and reader disagree.
    pub disagreements: std::collections::BTreeMap<String, usize>,
    /// Every disagreement: answer id, point index (1-based), what the grader said.
    pub misses: Vec<(String, usize, bool)>,
    /// Lines that could not be used: unknown entry, wrong number of labels.
    pub problems: Vec<String>,
}

impl Evaluation {
    /// Of the points the grader credits, the share the reader credits too.
    pub fn precision(&self) -> f64 {
        self.both as f64 / (self.both + self.grader_only).max(1) as f64
    }

    /// Of the points the reader credits, the share the grader finds.
    pub fn recall(&self) -> f64 {
        self.both as f64 / (self.both + self.reader_only).max(1) as f64
    }
}

/// Which entries of a labelled set to grade: all, or one of two halves split by a hash of the
/// entry id — phrases are tuned on `Dev` and the grader is judged on `HeldOut` too, so the
/// figures do not just measure the tuning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    All,
    Dev,
    HeldOut,
}

impl Split {
    pub fn takes(self, entry: &str) -> bool {
        // FNV-1a: stable across Rust versions, unlike the std hasher.
        let hash =
            entry.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        match self {
            Split::All => true,
            Split::Dev => hash % 2 == 0,
            Split::HeldOut => hash % 2 == 1,
        }
    }
}

/// Grades every answer of a labelled set against `deck` and compares point by point.
pub fn evaluate(set: &str, deck: &crate::deck::Deck, split: Split) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut entries = std::collections::HashSet::new();
    for (n, line) in set.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [entry, id, kind, answer, hits] = cols[..] else {
            ev.problems.push(format!("line {}: expected 5 columns", n + 1));
            continue;
        };
        if !split.takes(entry) {
            continue;
        }
        let Some(e) = deck.get(entry) else {
            ev.problems.push(format!("line {}: no entry {entry}", n + 1));
            continue;
        };
        if hits.len() != e.key_points.len() {
            ev.problems.push(format!(
                "line {}: {} labels for {} key points of {entry}",
                n + 1,
                hits.len(),
                e.key_points.len()
            ));
            continue;
        }
        entries.insert(entry);
        ev.answers += 1;
        let g = grade(answer, &e.key_points, 60.0);
        for (i, (p, label)) in g.points.iter().zip(hits.chars()).enumerate() {
            let reader = label == '1';
            match (p.hit, reader) {
                (true, true) => ev.both += 1,
                (true, false) => ev.grader_only += 1,
                (false, true) => ev.reader_only += 1,
                (false, false) => ev.neither += 1,
            }
            if p.hit != reader {
                *ev.disagreements.entry(kind.to_string()).or_default() += 1;
                ev.misses.push((id.to_string(), i + 1, p.hit));
            }
        }
    }
    ev.entries = entries.len();
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(text: &str, listen: &str) -> KeyPoint {
        KeyPoint::parse(&format!("{text} Listen for: {listen}")).unwrap()
    }

    #[test]
    fn stems_meet() {
        for (a, b) in
            [("pauses", "pause"), ("paused", "pausing"), ("queries", "query"), ("cached", "cache"), ("stopped", "stop")]
        {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_ne!(stem("index"), stem("indexing") + "x");
    }

    #[test]
    fn points_are_made_by_meaning_in_any_order_and_negations_turn_them_round() {
        let points = vec![
            point("PUT is idempotent.", "idempotent; same result + repeat"),
            point("select_related uses a JOIN.", "select_related + join"),
            point("It is not thread-safe.", "not thread-safe; not thread safe"),
        ];
        let g = grade("A JOIN is what select_related does; PUT is idempotent. It's not thread safe.", &points, 30.0);
        assert_eq!(g.points.iter().map(|p| p.hit).collect::<Vec<_>>(), [true, true, true]);
        assert_eq!(g.proposed, Rating::Easy);
        let g = grade("PUT is not idempotent, and select_related doesn't join anything.", &points, 200.0);
        assert_eq!(g.points.iter().map(|p| p.hit).collect::<Vec<_>>(), [false, false, false]);
        assert_eq!(g.proposed, Rating::Again);
        // A negation stops at "but".
        let g = grade("It is not a JOIN but select_related + join... PUT: idempotent", &points, 200.0);
        assert!(g.points[1].hit && g.points[0].hit);
        assert_eq!(g.proposed, Rating::Hard);
    }

    #[test]
    fn contractions_synonyms_and_n_plus_one() {
        let points = vec![
            point("One query per row is the N+1 problem.", "n plus one; one query per"),
            point("Uses the FK.", "foreign key"),
        ];
        let g = grade("classic N + 1 ... each row hits the db via the fk", &points, 10.0);
        assert!(g.points[0].hit, "{:?}", normalise("classic N + 1"));
        assert!(g.points[1].hit, "fk is a foreign key");
        assert!(grade("n+1 queries", &points, 10.0).points[0].hit);
        assert!(grade("1 query per row", &points, 10.0).points[0].hit);
        assert!(!grade("it does not do n+1", &points, 10.0).points[0].hit);
    }

    #[test]
    fn an_empty_answer_makes_nothing_and_a_huge_one_is_trimmed() {
        let points = vec![point("A.", "alpha")];
        let g = grade("", &points, 1.0);
        assert_eq!((g.hits(), g.proposed, g.trimmed), (0, Rating::Again, false));
        let huge = "alpha ".repeat(10_000);
        let g = grade(&huge, &points, 1.0);
        assert!(g.trimmed && g.points[0].hit);
    }
}
