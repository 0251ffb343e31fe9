//! Hover on a finding: the interview question, the answer you would give in 30 seconds, the
//! pitfall, follow-ups, and how many more questions the deck has on it. With `adaptive` on, a
//! line under the title says whether the question is due, weak, recalled or never reviewed. On a
//! suppression comment: what it silences.

use std::fmt::Write as _;
use std::ops::Range;

use super::inert::inert;
use crate::concepts::{Finding, Kind};
use crate::deck::Deck;
use crate::progress::summary::{Knowledge, Status};
use crate::session::Snapshot;

/// What a hover shows, and the bytes it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    /// Markdown, made inert (no command links, no raw HTML).
    pub markdown: String,
    pub range: Range<usize>,
}

pub fn hover(snap: &Snapshot, offset: usize) -> Option<HoverInfo> {
    if let Some(s) = snap.suppressions.iter().find(|s| s.range.start <= offset && offset < s.range.end) {
        // The targets are the user's own text, shown in Markdown.
        return Some(HoverInfo { markdown: inert(&render_suppression(s)).into_owned(), range: s.range.clone() });
    }
    let shown = snap.visible_at(offset);
    let first = *shown.first()?;
    let deck = &snap.deck;
    let mut md = render(first, deck);
    if snap.settings.adaptive {
        if let Some(line) = snap.knowledge.as_deref().and_then(|k| review_line(k, deck, first.id())) {
            // Under the title line, where it is seen first.
            match md.find("\n\n") {
                Some(at) => md.insert_str(at + 2, &format!("{line}\n\n")),
                None => md.push_str(&format!("\n\n{line}")),
            }
        }
    }
    let mut seen = vec![first.id()];
    for other in &shown[1..] {
        if seen.contains(&other.id()) {
            continue;
        }
        seen.push(other.id());
        let question = deck.primary(other.id()).map(|e| format!(" — {}", e.question)).unwrap_or_default();
        if seen.len() == 2 {
            md.push_str("\n\n---\n\nAlso here:");
        }
        let _ = write!(md, "\n- **{}**{question}", other.title());
    }
    // Deck text is not trusted: no command links, no HTML (see `inert`).
    Some(HoverInfo { markdown: inert(&md).into_owned(), range: first.range.clone() })
}

/// Where the user stands on a concept's primary question, for the hover.
pub fn review_line(k: &Knowledge, deck: &Deck, concept: &str) -> Option<String> {
    let entry = deck.primary(concept)?;
    let Some(card) = k.card(&entry.id) else {
        return Some("🆕 Not reviewed yet · *Quiz me* from the code lens".into());
    };
    let ago = match k.cal.day(k.now) - k.cal.day(card.last_review) {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    };
    Some(match k.status(&entry.id) {
        Status::Due => format!(
            "⏰ **Due for review** · last reviewed {ago} ({}) · *Quiz me* from the code lens",
            card.last_rating.label()
        ),
        Status::Weak => {
            format!("Weak: last answered {} {ago} · next review {}", card.last_rating.label(), k.when(card.due))
        }
        Status::Recalled => format!("✓ Recalled {ago} · next review {}", k.when(card.due)),
        Status::New => return None,
    })
}

/// The Markdown for one finding, with a link that opens its entry in the deck file.
pub fn render(f: &Finding, deck: &Deck) -> String {
    let mut md = String::new();
    let label = match f.kind() {
        Kind::Pitfall => "⚠️ interview pitfall",
        Kind::Concept => "interview concept",
    };
    let _ = writeln!(md, "**{}** · {label}\n", f.title());
    let entries = deck.for_concept(f.id());
    let Some(entry) = entries.first() else {
        let _ = write!(md, "{}", f.concept.info().triggers);
        return md;
    };
    let _ = writeln!(md, "**Q: {}**\n", entry.question);
    let _ = writeln!(md, "{}\n", entry.short);
    if let Some(p) = entry.pitfall() {
        let _ = writeln!(md, "**Pitfall:** {p}\n");
    }
    if !entry.followups.is_empty() {
        let _ = writeln!(md, "**Follow-ups**");
        for q in entry.followups.iter().take(3) {
            let _ = writeln!(md, "- {q}");
        }
        md.push('\n');
    }
    let more = entries.len() - 1;
    let more_text = match more {
        0 => String::new(),
        1 => " · 1 more question on this".to_string(),
        n => format!(" · {n} more questions on this"),
    };
    match super::definition::entry_link(entry) {
        Some(link) => {
            let _ = write!(md, "[Full answer]({link}){more_text}");
        }
        None => {
            let _ = write!(md, "Full answer: `interview-prep explain {}`{more_text}", entry.id);
        }
    }
    md
}

/// What a suppression comment silences.
fn render_suppression(s: &crate::concepts::Suppression) -> String {
    let scope = if s.file { "in this file" } else { "on this line" };
    let mut md = String::new();
    match &s.targets {
        None => {
            let _ = write!(md, "**interview-prep** · silences every concept {scope}");
        }
        Some(_) => {
            let _ = writeln!(md, "**interview-prep** · silences {scope}:\n");
            for c in s.named_concepts() {
                let _ = writeln!(md, "- **{}** (`{}`, {})", c.info().title, c.name(), c.info().kind);
            }
            for unknown in s.unknown_targets() {
                let _ = writeln!(md, "- `{unknown}`: no such concept or topic (see `interview-prep concepts`)");
            }
        }
    }
    md
}
