//! Progress in and out: the review log as CSV (`progress export --format csv`, read back by
//! `progress import`, which merges rather than replaces), the deck entries you study as an Anki
//! text import, and fitting personal FSRS parameters from the review log (`progress optimize`).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fsrs::{ComputeParametersInput, FSRSItem, FSRSReview};

use super::clock::{format_instant, parse_instant};
use super::schedule::{Rating, Scheduler};
use super::store::{NewReview, Review, Store};
use super::ProgressError;
use crate::deck::{Deck, Entry};

pub const CSV_HEADER: &[&str] =
    &["entry", "reviewed_at", "rating", "elapsed_days", "scheduled_days", "mode", "file", "concept", "duration_ms"];

/// Writes the answers the store still keeps (`Store::pending`: the database would not take
/// them) as a review log, so that `progress import` can merge them if the process ends before
/// the database can be written: the store's own log when it keeps one
/// ([`Store::keep_aside_in`]), otherwise a new file in `dir`. Importing an answer that did
/// reach the database later is a no-op, so writing the log early loses nothing. `None` when
/// nothing is waiting.
pub fn write_unsaved(store: &Store, dir: &Path) -> Result<Option<(PathBuf, usize)>, ProgressError> {
    let kept = store.pending();
    if kept.is_empty() {
        return Ok(None);
    }
    let path = store.aside_file().unwrap_or_else(|| {
        dir.join(format!("unsaved-answers-{}-{}.csv", super::clock::stamp(super::clock::now()), std::process::id()))
    });
    write_pending(&kept, &path).map_err(|source| ProgressError::Io { path: path.clone(), source })?;
    Ok(Some((path, kept.len())))
}

/// Writes kept answers to `path` as a review log (0600, its directory created 0700).
pub fn write_pending(kept: &[NewReview], path: &Path) -> std::io::Result<()> {
    let reviews: Vec<Review> = kept
        .iter()
        .map(|r| Review {
            entry: r.entry.clone(),
            at: r.at,
            rating: r.rating,
            // Not known until the card is scheduled; import replays each card's history.
            elapsed_days: 0,
            scheduled_days: 0,
            mode: r.mode.as_str().to_string(),
            file: r.file.clone(),
            concept: r.concept.clone(),
            duration_ms: r.duration_ms,
        })
        .collect();
    if let Some(dir) = path.parent() {
        crate::fsutil::create_private_dir(dir)?;
    }
    // Whole or not at all: the log is rewritten after each kept answer, and a process killed
    // halfway through a rewrite must leave the previous log, not half of the new one.
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    crate::fsutil::write_private(&partial, reviews_csv(&reviews).as_bytes())?;
    std::fs::rename(&partial, path)
}

/// The review log as CSV (RFC 4180), one review a line, times in UTC.
pub fn reviews_csv(reviews: &[Review]) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for r in reviews {
        let fields = [
            r.entry.clone(),
            format_instant(r.at),
            r.rating.label().to_string(),
            r.elapsed_days.to_string(),
            r.scheduled_days.to_string(),
            r.mode.clone(),
            r.file.clone().unwrap_or_default(),
            r.concept.clone().unwrap_or_default(),
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Splits CSV text into records of fields (quoted fields may hold commas, quotes and newlines).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') | (false, '\r') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records.retain(|r| !(r.len() == 1 && r[0].is_empty()));
    records
}

/// Reads a review log written by [`reviews_csv`]. Columns are found by header name, so a file
/// edited in a spreadsheet with columns moved still reads; a bad line names its line number.
pub fn read_reviews_csv(text: &str) -> Result<Vec<Review>, ProgressError> {
    let mut records = parse_csv(text).into_iter();
    let header = records.next().ok_or_else(|| ProgressError::Import("the file is empty".into()))?;
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(entry), Some(at), Some(rating)) = (col("entry"), col("reviewed_at"), col("rating")) else {
        return Err(ProgressError::Import(format!(
            "not a review log: the header must name at least entry, reviewed_at and rating (got {})",
            header.join(",")
        )));
    };
    let opt = |rec: &[String], i: Option<usize>| {
        i.and_then(|i| rec.get(i)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    };
    let mut out = Vec::new();
    for (n, rec) in records.enumerate() {
        let line = n + 2;
        let bad = |what: &str| ProgressError::Import(format!("line {line}: {what}"));
        let entry = opt(&rec, Some(entry)).ok_or_else(|| bad("no entry id"))?;
        let at = opt(&rec, Some(at)).and_then(|s| parse_instant(&s)).ok_or_else(|| bad("bad reviewed_at"))?;
        let rating_text = opt(&rec, Some(rating)).unwrap_or_default();
        let rating = Rating::from_label(&rating_text)
            .or_else(|| rating_text.parse().ok().and_then(Rating::from_u8))
            .or_else(|| match rating_text.to_ascii_lowercase().as_str() {
                "again" => Some(Rating::Again),
                "hard" => Some(Rating::Hard),
                "good" => Some(Rating::Good),
                _ => None,
            })
            .ok_or_else(|| bad(&format!("bad rating `{rating_text}`")))?;
        let num = |name: &str| opt(&rec, col(name)).and_then(|s| s.parse::<i64>().ok());
        out.push(Review {
            entry,
            at,
            rating,
            elapsed_days: num("elapsed_days").unwrap_or(0).max(0) as u32,
            scheduled_days: num("scheduled_days").unwrap_or(0).max(0) as u32,
            mode: opt(&rec, col("mode")).unwrap_or_else(|| "flashcard".into()),
            file: opt(&rec, col("file")),
            concept: opt(&rec, col("concept")),
            duration_ms: num("duration_ms"),
        });
    }
    Ok(out)
}

/// The entries worth taking to Anki: those reviewed here and the primary entries of the
/// concepts seen in the user's code; the whole deck when there are none yet.
pub fn entries_to_export<'d>(store: &Store, deck: &'d Deck) -> Vec<&'d Entry> {
    let mut ids: HashSet<String> = store.cards().map(|c| c.into_keys().collect()).unwrap_or_default();
    for s in store.seen().unwrap_or_default() {
        if let Some(e) = deck.primary(&s.concept) {
            ids.insert(e.id.clone());
        }
    }
    let chosen: Vec<&Entry> = deck.entries().iter().filter(|e| ids.contains(&e.id)).collect();
    if chosen.is_empty() {
        deck.entries().iter().collect()
    } else {
        chosen
    }
}

/// A tab-separated notes file with Anki's header lines: File › Import creates Basic notes
/// (front: the question, back: the short answer) in an "Interview prep" deck, tagged by topic
/// and concept.
pub fn anki_notes(entries: &[&Entry]) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#notetype:Basic\n#deck:Interview prep\n#columns:Front\tBack\tTags\n#tags column:3\n",
    );
    for e in entries {
        let mut tags = vec![format!("interview-prep::{}", e.topic)];
        tags.extend(e.concepts.iter().map(|c| format!("concept::{c}")));
        let back = format!("{}<br><br><small>{} · {}</small>", html_text(&e.short), html_text(&e.topic), e.id);
        let _ = writeln!(out, "{}\t{}\t{}", html_text(&e.question), back, tags.join(" "));
    }
    out
}

/// Text for an HTML field on one line: escaped, tabs and newlines turned into spaces and `<br>`.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// Reviews FSRS can learn from: a card's review that came a day or more after the previous
/// one, with the history before it. Below this many, the optimizer would return FSRS's
/// defaults with at most the first-answer stabilities changed.
pub const MIN_OPTIMIZE_REVIEWS: usize = 64;

/// Training items from the review log: for every review after a card's first, the card's
/// history up to it, with whole local days between reviews.
pub fn training_items(store: &Store) -> Result<(Vec<FSRSItem>, Vec<i64>), ProgressError> {
    let mut items = Vec::new();
    let mut card_ids = Vec::new();
    for (n, (_, history)) in store.histories()?.into_iter().enumerate() {
        let cal = store.calendar(history.last().map_or(0, |h| h.0));
        let mut reviews: Vec<FSRSReview> = Vec::new();
        let mut prev: Option<i64> = None;
        for (at, rating) in history {
            let delta_t = prev.map_or(0, |p| (cal.day(at) - cal.day(p)).max(0) as u32);
            reviews.push(FSRSReview { rating: rating as u32, delta_t });
            prev = Some(at);
            let item = FSRSItem { reviews: reviews.clone() };
            if reviews.len() > 1 && item.long_term_review_cnt() > 0 {
                items.push(item);
                card_ids.push(n as i64);
            }
        }
    }
    Ok((items, card_ids))
}

/// Fits personal FSRS parameters to the review log and stores them; every later answer is
/// scheduled with them. Returns the parameters and how many reviews they were fitted from.
pub fn optimize(store: &Store, retention: f32) -> Result<(Vec<f32>, usize), ProgressError> {
    let (items, card_ids) = training_items(store)?;
    if items.len() < MIN_OPTIMIZE_REVIEWS {
        return Err(ProgressError::NotEnoughReviews { have: items.len(), need: MIN_OPTIMIZE_REVIEWS });
    }
    let n = items.len();
    let params = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items,
        card_ids: Some(card_ids),
        ..Default::default()
    })
    .map_err(|e| ProgressError::Fsrs(e.to_string()))?;
    let sched = Scheduler::new(Some(&params), retention, None)?;
    store.set_parameters(&params, &sched)?;
    Ok((params, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Mode, NewReview};

    const NOW: i64 = 1_795_000_000;
    const DAY: i64 = 86_400;

    #[test]
    fn csv_round_trips_quotes_commas_and_newlines() {
        let reviews = vec![Review {
            entry: "n-plus-one".into(),
            at: NOW,
            rating: Rating::Hard,
            elapsed_days: 3,
            scheduled_days: 4,
            mode: "choice".into(),
            file: Some("shop/\"odd\", name\n.py".into()),
            concept: Some("n-plus-one".into()),
            duration_ms: Some(5300),
        }];
        let text = reviews_csv(&reviews);
        assert!(text.starts_with("entry,reviewed_at,rating,"));
        assert!(text.contains(",Struggled,"));
        assert_eq!(read_reviews_csv(&text).unwrap(), reviews);
    }

    #[test]
    fn bad_csv_names_the_line() {
        let err = read_reviews_csv("entry,reviewed_at,rating\nx,2026-11-22T10:00:00Z,Recalled\ny,yesterday,Good\n")
            .unwrap_err();
        assert_eq!(err.to_string(), "line 3: bad reviewed_at");
        assert!(read_reviews_csv("a,b\n1,2\n").unwrap_err().to_string().contains("not a review log"));
        // Anki's own rating names are accepted too.
        let ok = read_reviews_csv("rating,entry,reviewed_at\ngood,x,2026-11-22\n").unwrap();
        assert_eq!(ok[0].rating, Rating::Good);
    }

    #[test]
    fn anki_notes_have_the_import_header_and_one_line_per_entry() {
        let deck = Deck::builtin();
        let entries: Vec<&Entry> = deck.entries().iter().take(3).collect();
        let text = anki_notes(&entries);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "#separator:tab");
        assert!(lines.contains(&"#tags column:3"));
        let notes: Vec<&&str> = lines.iter().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(notes.len(), 3);
        for n in notes {
            assert_eq!(n.split('\t').count(), 3, "{n}");
        }
    }

    #[test]
    fn optimize_says_how_many_reviews_it_needs_then_fits_parameters() {
        let store = Store::in_memory();
        let sched = Scheduler::default_params();
        let answer = |entry: &str, rating, at| {
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
            store.record(&r, &sched).unwrap();
        };
        answer("a", Rating::Good, NOW);
        answer("a", Rating::Good, NOW + 2 * DAY);
        match optimize(&store, 0.9) {
            Err(ProgressError::NotEnoughReviews { have: 1, need }) => assert_eq!(need, MIN_OPTIMIZE_REVIEWS),
            other => panic!("{other:?}"),
        }
        // A plausible history: 40 cards reviewed on growing intervals, some forgotten.
        for card in 0..40 {
            let mut at = NOW + card * 600;
            let mut gap = 1;
            for step in 0..5 {
                let rating = if (card + step) % 7 == 0 {
                    Rating::Again
                } else if (card + step) % 5 == 0 {
                    Rating::Hard
                } else {
                    Rating::Good
                };
                answer(&format!("c{card}"), rating, at);
                at += gap * DAY;
                gap = if rating == Rating::Again { 1 } else { gap * 2 + 1 };
            }
        }
        let (params, n) = optimize(&store, 0.9).unwrap();
        assert!(n >= MIN_OPTIMIZE_REVIEWS);
        assert_eq!(params.len(), 21);
        assert!(params.iter().all(|p| p.is_finite()));
        assert_eq!(store.parameters().unwrap(), Some(params));
    }
}
