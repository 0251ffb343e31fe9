//! Grading an answer written in the candidate's own words against an entry's key points: which
//! points it makes, which it misses, and the rating that follows. Deterministic and local: the
//! answer and each point's `Listen for:` phrases are normalised (case, punctuation, contractions,
//! a few synonyms) and stemmed, and a point is made when every term of one of its alternatives
//! appears, in any order — unless a negation just before a term turns it round ("not
//! idempotent" does not make "idempotent") or the answer states one of the point's
//! misconceptions (`Not:`).

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
    let heard = without_wrong_claims(&words, points);
    let results: Vec<PointResult> =
        points.iter().map(|p| PointResult { text: p.text.clone(), hit: made(&heard, &words, p) }).collect();
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

/// The answer's words without the clauses that state a misconception of any of the points: a
/// wrong claim is no evidence for a point, even one it is not about ("a module-level
/// threading.Lock protects across workers" does not show that shared state needs a lock). Only
/// the clause goes: a correct point made in the same sentence still counts.
fn without_wrong_claims(words: &[String], points: &[KeyPoint]) -> Vec<String> {
    let wrong =
        |clause: &[String]| points.iter().flat_map(|p| p.wrong_if()).any(|a| says(clause, a, MISCONCEPTION_SLACK));
    let mut heard = Vec::with_capacity(words.len());
    let mut start = 0;
    for end in 0..=words.len() {
        let word = words.get(end);
        if word.is_none_or(|w| w == "." || w == CLAUSE) {
            if !wrong(&words[start..end]) {
                heard.extend_from_slice(&words[start..end]);
            }
            heard.extend(word.cloned());
            start = end + 1;
        }
    }
    heard
}

/// Whether the answer makes a key point: one alternative whose every term is found unnegated
/// within one sentence of `heard` (the answer less its wrong claims), and no misconception of
/// the point (`Not:`) stated anywhere in `words`. A misconception is heard with a little slack
/// ("prefetch_related uses a join" in "prefetch_related also uses one big join"): a trap
/// restates the wrong claim in its own words, and withdrawing a point on a near-miss costs less
/// than crediting a wrong claim.
fn made(heard: &[String], words: &[String], point: &KeyPoint) -> bool {
    point.listen_for().iter().any(|a| says(heard, a, 0))
        && !point.wrong_if().iter().any(|a| says(words, a, MISCONCEPTION_SLACK))
}

/// Whether normalised `words` say one alternative of a key point: all its terms in one sentence.
fn says(words: &[String], alternative: &[String], slack: usize) -> bool {
    let terms: Vec<Vec<String>> = alternative.iter().map(|t| normalise(t)).collect();
    words.split(|w| w == ".").any(|sentence| terms.iter().all(|term| found(sentence, term, slack)))
}

/// Whether `text` on its own would make a point by this `Listen for:` alternative (lint uses it
/// on an entry's question: a phrase the question already says is heard from anyone who
/// repeats it).
pub fn heard_in(text: &str, alternative: &[String]) -> bool {
    says(&normalise(text), alternative, 0)
}

/// How many other words a misconception's phrase may have between two of its words.
const MISCONCEPTION_SLACK: usize = 2;
/// Words that start another claim, so a misconception's words may not straddle them
/// ("Redis has more structures than memcached and it can persist" is not "memcached can
/// persist").
const JOINS: &[&str] = &["and", "or", "than", "while"];

/// Whether `term` (a phrase of normalised words) occurs in `words` without a negation before it
/// in the same clause, with at most `slack` other words (none a negation) between two of its
/// words; with slack, its articles may be left out too ("uses one join" says "uses a join").
/// A term that itself starts with a negation ("not thread-safe") is matched as is.
/// Clause breaks inside the answer do not split a phrase ("Allow: header" is "allow header");
/// they only stop negations.
fn found(words: &[String], term: &[String], slack: usize) -> bool {
    let term: Vec<&String> = term
        .iter()
        .filter(|w| *w != CLAUSE && *w != "." && (slack == 0 || !matches!(w.as_str(), "a" | "an" | "the")))
        .collect();
    let plain: Vec<usize> = (0..words.len()).filter(|&i| words[i] != CLAUSE).collect();
    let Some(first) = term.first() else { return false };
    let negated_term = NEGATIONS.contains(&first.as_str());
    (0..plain.len()).any(|start| {
        if words[plain[start]] != **first || (!negated_term && negated_before(words, plain[start])) {
            return false;
        }
        let mut at = start;
        term[1..].iter().all(|t| {
            for j in (at + 1..plain.len()).take(slack + 1) {
                let w = &words[plain[j]];
                if w == *t {
                    at = j;
                    return true;
                }
                if NEGATIONS.contains(&w.as_str()) || JOINS.iter().any(|join| stem(join) == *w) {
                    return false;
                }
            }
            false
        })
    })
}

/// A negation among the few ([`NEGATION_REACH`]) words before `at`, within the same clause.
fn negated_before(words: &[String], at: usize) -> bool {
    words[..at]
        .iter()
        .rev()
        .take_while(|w| !CLAUSE_BREAKS.iter().any(|b| stem(b) == **w))
        .take(NEGATION_REACH)
        .any(|w| NEGATIONS.contains(&w.as_str()))
}

/// How many words back a negation reaches: "does not really use a SQL JOIN", but not "if you
/// don't use select_related Django runs N+1 queries".
const NEGATION_REACH: usize = 4;
/// Negations, as [`normalise`] spells them. Decided on the raw word: the stemmer never turns
/// another word into one of these ("none" and "note" stay themselves).
const NEGATIONS: &[&str] = &["not", "no", "never", "without", "neither", "nor", "non"];
/// The word [`normalise`] puts for a clause break inside a sentence (`,` `:` `(` dashes).
const CLAUSE: &str = ",";
/// Words that end the reach of a negation: "it is not X but Y" makes Y.
const CLAUSE_BREAKS: &[&str] =
    &["but", "rather", "instead", "however", "so", "whereas", "although", "though", "yet", ".", CLAUSE];

/// Lowercase words, stemmed, with contractions and a few synonyms unfolded. A sentence end is
/// kept as the word `.` (the terms of a phrase must meet in one sentence) and a clause break
/// inside a sentence (`,` `:` `(` `)` dashes) as [`CLAUSE`] (a negation stops there).
/// Operators are said as words: `==` "equals", `!=` "not equal".
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
    let mut quoted = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if (c == '\'' || c == '\u{2019}') && !word.is_empty() && next.is_some_and(char::is_alphabetic) {
            // Contractions stay one word here ("doesn't"), expanded below.
            word.push('\'');
        } else if c == '+' {
            // "N+1", "N + 1" and "n plus one" are the same words.
            flush(&mut word, &mut words);
            words.push("plus".into());
        } else if (c == '=' || c == '!') && next == Some('=') {
            flush(&mut word, &mut words);
            if c == '!' {
                words.push("not".into());
            }
            expand("equals", &mut words);
            i += 1;
        } else {
            flush(&mut word, &mut words);
            match c {
                '"' => quoted = !quoted,
                '\u{201c}' => quoted = true,
                '\u{201d}' => quoted = false,
                '.' if ends_sentence(&chars, i) => words.push(".".into()),
                '!' | '?' if !quoted && !next.is_some_and(is_quote) => words.push(".".into()),
                ';' if !next.is_some_and(char::is_alphanumeric) => words.push(".".into()),
                ',' | ':' | '(' | ')' | '\u{2013}' | '\u{2014}' => words.push(CLAUSE.into()),
                // A dash set off by spaces, as typed for "—".
                '-' if prev.is_some_and(char::is_whitespace) && next.is_some_and(char::is_whitespace) => {
                    words.push(CLAUSE.into());
                }
                _ => {}
            }
        }
        i += 1;
    }
    flush(&mut word, &mut words);
    words
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{2019}' | '\u{201d}')
}

/// Whether the full stop at `at` ends a sentence: not inside a name (`obj.attr`, `x.__dict__`,
/// `3.12`), not after an abbreviation ("e.g.", "i.e.", "etc.", "vs.").
fn ends_sentence(chars: &[char], at: usize) -> bool {
    if chars.get(at + 1).is_some_and(|&n| n.is_alphanumeric() || n == '_') {
        return false;
    }
    let start = chars[..at].iter().rposition(|&c| !(c.is_alphabetic() || c == '.')).map_or(0, |p| p + 1);
    let before: String = chars[start..at].iter().collect();
    !matches!(before.as_str(), "e.g" | "i.e" | "eg" | "ie" | "etc" | "vs" | "cf" | "approx" | "incl")
}

/// One raw word as normalised words: contractions unfolded (with or without the apostrophe),
/// synonyms mapped, then stemmed.
fn expand(word: &str, out: &mut Vec<String>) {
    let unfolded: &[&str] = match word {
        "don't" | "doesn't" | "didn't" | "isn't" | "aren't" | "wasn't" | "weren't" | "won't" | "wouldn't"
        | "shouldn't" | "couldn't" | "can't" | "cannot" | "mustn't" | "haven't" | "hasn't" | "hadn't" | "dont"
        | "doesnt" | "didnt" | "isnt" | "arent" | "wasnt" | "werent" | "wont" | "wouldnt" | "shouldnt" | "couldnt"
        | "cant" | "mustnt" | "havent" | "hasnt" | "hadnt" => &["not"],
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
    // "I'd", "it'll", "we're": the pronoun, and the verb as a word.
    let (word, verb) = match word.rsplit_once('\'') {
        Some((w, "d")) => (w, Some("would")),
        Some((w, "ll")) => (w, Some("will")),
        Some((w, "re")) => (w, Some("are")),
        Some((w, "ve")) => (w, Some("have")),
        Some((w, "m")) => (w, Some("am")),
        _ => (word, None),
    };
    for part in synonym(word).split(' ') {
        out.push(stem(part));
    }
    out.extend(verb.map(str::to_string));
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
        "idempotence" | "idempotency" | "idempotently" => "idempotent",
        "gc" => "garbage collector",
        "expiry" | "expiration" => "expire",
        _ => word,
    }
}

/// A light suffix stemmer: enough that "pauses", "paused" and "pausing" meet "pause", and "queries"
/// meets "query". Short words are left alone, and no word becomes a negation ("none" is not
/// "non", "note" is not "not").
pub fn stem(word: &str) -> String {
    let stemmed = suffix_stem(word);
    if NEGATIONS.contains(&stemmed.as_str()) && !NEGATIONS.contains(&word) {
        return format!("{stemmed}e");
    }
    stemmed
}

fn suffix_stem(word: &str) -> String {
    // Irregular enough to list: "use" is too short for the rules, "https" is not "http", the
    // plural of an acronym ending in "u" is not a Latin "-us".
    match word {
        "use" | "uses" | "used" | "using" => return "use".into(),
        "https" => return word.into(),
        "cpus" | "gpus" | "vcpus" | "menus" => return word[..word.len() - 1].into(),
        _ => {}
    }
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
            // "guarantees" is "guarantee" + "s", not "guarante" + "es"; "multiply" is a verb,
            // not "multip" + "ly" (nor "apply", "supply").
            let keeps = match suffix {
                "s" => base.ends_with('s') || base.ends_with('u'),
                "es" => base.ends_with('e'),
                "ly" => base.ends_with("ip") || base.ends_with("pp"),
                _ => false,
            };
            if base.len() >= min_stem && !keeps {
                let mut out = format!("{base}{replace}");
                // "stopped" → "stopp" → "stop"
                let b = out.as_bytes();
                if replace.is_empty()
                    && b.len() >= 3
                    && b[b.len() - 1] == b[b.len() - 2]
                    && !matches!(b[b.len() - 1], b'l' | b's' | b'z' | b'e')
                {
                    out.pop();
                }
                return drop_e(&out);
            }
        }
    }
    drop_e(w)
}

/// "cached" → "cach", "cache" → "cach": final "e"s go so both meet ("guarantee" and
/// "guaranteed" too), keeping three letters.
fn drop_e(word: &str) -> String {
    let mut out = word.to_string();
    while out.len() > 3 && out.ends_with('e') {
        out.pop();
    }
    out
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

    fn hits(answer: &str, points: &[KeyPoint]) -> Vec<bool> {
        grade(answer, points, 60.0).points.iter().map(|p| p.hit).collect()
    }

    #[test]
    fn negations_are_decided_on_the_raw_word() {
        assert_eq!(stem("none"), "none");
        assert_eq!(stem("note"), stem("notes"));
        assert_ne!(stem("note"), "not");
        let points = vec![point("A None default.", "none + create"), point("Read the note.", "note + read")];
        assert_eq!(hits("Use None and create a fresh list inside.", &points), [true, false]);
        assert_eq!(hits("A note: read it twice, read the note.", &points), [false, true]);
    }

    #[test]
    fn the_none_default_point_of_mutable_default_arguments_is_heard() {
        let deck = crate::deck::Deck::builtin();
        let entry = deck.get("mutable-default-arguments").unwrap();
        let none_default = entry.key_points.iter().position(|p| p.text.contains("`None` default")).unwrap();
        let g = grade("Use None and create a fresh list inside", &entry.key_points, 60.0);
        assert!(g.points[none_default].hit, "{:?}", g.points);
    }

    #[test]
    fn contractions_without_apostrophes_and_with_other_verbs() {
        let points = vec![point("It blocks.", "blocks")];
        for answer in [
            "it dont block",
            "it doesnt block",
            "it isnt blocking",
            "it cant block",
            "it wont block",
            "it shouldnt block",
            "they arent blocking",
            "it wasnt blocking",
        ] {
            assert_eq!(hits(answer, &points), [false], "{answer}");
        }
        assert_eq!(normalise("I'd say it'll"), ["i", "would", "say", "it", "will"]);
        assert_eq!(normalise("we\u{2019}re"), ["we", "are"]);
    }

    #[test]
    fn a_negation_stops_at_a_clause_break() {
        let points = vec![point("It is idempotent.", "idempotent")];
        for answer in [
            "Not POST, idempotent",
            "not POST; idempotent",
            "not POST \u{2013} idempotent",
            "not POST \u{2014} idempotent",
            "not POST - idempotent",
            "not POST: idempotent",
            "not POST (idempotent)",
            "not POST so idempotent",
            "not POST but idempotent",
            "not POST whereas idempotent",
        ] {
            assert_eq!(hits(answer, &points), [true], "{answer}");
        }
        assert_eq!(hits("not really idempotent", &points), [false]);
        // A clause break does not split a phrase.
        let points = vec![point("Send Allow.", "allow header")];
        assert_eq!(hits("the Allow: header", &points), [true]);
    }

    #[test]
    fn operators_are_said_as_words() {
        let points = vec![point("== compares values.", "equals + value"), point("Use is not None.", "is not none")];
        assert_eq!(hits("`a == b` compares the values", &points), [true, false]);
        assert_eq!(hits("`a != b` compares the values", &points), [false, false]);
        assert_eq!(hits("write `x is not None`", &points), [false, true]);
        assert_eq!(normalise("a != b"), ["a", "not", "equal", "b"]);
    }

    #[test]
    fn names_abbreviations_and_quoted_questions_do_not_end_sentences() {
        let points = vec![point("The instance dict.", "instance + dict; instance + __dict__")];
        for answer in [
            "the instance keeps obj.__dict__",
            "the instance keeps self.dict",
            "the instance, e.g. a dict",
            "the instance, i.e. its dict",
            "the instance vs. the dict",
            "the instance, attributes etc. in a dict",
            "the instance asks \"where?\" and the dict answers",
            "the instance asks 'where?' and the dict answers",
        ] {
            assert_eq!(hits(answer, &points), [true], "{answer}");
        }
        assert_eq!(hits("the instance. A dict", &points), [false]);
        assert_eq!(hits("the instance? A dict", &points), [false]);
    }

    #[test]
    fn stems_of_irregular_words_meet() {
        for (a, b) in [
            ("cpus", "cpu"),
            ("guarantees", "guarantee"),
            ("guaranteed", "guarantee"),
            ("multiply", "multiplies"),
            ("multiply", "multiplied"),
            ("use", "used"),
            ("use", "using"),
            ("uses", "use"),
            ("apply", "applies"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(normalise("idempotency"), normalise("idempotent"));
        assert_eq!(normalise("expiry"), normalise("expire"));
        // HSTS forces HTTPS; HttpOnly is about cookies: the two must not meet.
        assert_ne!(stem("https"), stem("http"));
    }

    #[test]
    fn a_misconception_is_heard_with_words_between_but_not_across_a_negation() {
        let points = vec![KeyPoint::parse(
            "Prefetch runs a second query. Listen for: prefetch_related + second query. Not: prefetch_related uses a join",
        )
        .unwrap()];
        assert_eq!(hits("prefetch_related runs a second query", &points), [true]);
        assert_eq!(
            hits("prefetch_related runs a second query. prefetch_related also uses one big JOIN.", &points),
            [false]
        );
        assert_eq!(hits("prefetch_related runs a second query; prefetch_related, too, uses a join", &points), [false]);
        assert_eq!(hits("prefetch_related runs a second query; prefetch_related never uses a join", &points), [true]);
        assert_eq!(hits("prefetch_related runs a second query; prefetch_related does not use a join", &points), [true]);
        // The phrases a point is made by stay exact.
        assert_eq!(hits("prefetch_related runs a second, separate query", &points), [false]);
    }

    #[test]
    fn a_negation_reaches_four_words_back() {
        let points = vec![point("select_related joins.", "sql join"), point("N+1.", "n plus one")];
        assert_eq!(hits("select_related does not really use a SQL JOIN", &points), [false, false]);
        assert_eq!(hits("if you don't use select_related Django runs N+1 queries", &points), [false, true]);
    }

    #[test]
    fn a_clause_with_a_wrong_claim_is_no_evidence_for_any_point() {
        let points = vec![
            KeyPoint::parse("Shared state needs a lock. Listen for: lock + shared; queue").unwrap(),
            KeyPoint::parse("A lock protects one process. Listen for: one process. Not: protects across workers")
                .unwrap(),
        ];
        assert_eq!(hits("Guard shared counters with a lock.", &points), [true, false]);
        assert_eq!(hits("A shared lock also protects across the workers.", &points), [false, false]);
        // Only that clause: the rest of the sentence, and the other sentences, still count.
        assert_eq!(hits("A lock protects across workers, but a queue is fine.", &points), [true, false]);
        assert_eq!(hits("A shared lock, it only works in one process.", &points), [true, true]);
        // A misconception does not straddle "and": that is a second claim.
        let wrong = normalise("memcached can persist");
        assert!(found(&normalise("memcached, sadly, can persist"), &wrong, MISCONCEPTION_SLACK));
        assert!(!found(&normalise("more than memcached and it can persist"), &wrong, MISCONCEPTION_SLACK));
    }
}
