//! Deck Markdown made inert before an editor renders it. A user deck is anyone's file: a link
//! such as `[run](command:workbench.action.terminal.new)` would run an editor command in a client
//! that trusts the Markdown, and raw HTML could do worse. Links may point only to http(s), file and
//! mailto URLs (or be relative); other links and all raw HTML are escaped, so they show as text.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag};

/// Schemes a hover link may use: web pages and the deck's own files.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "file", "mailto"];
/// Escaping can uncover new Markdown (text inside an HTML block becomes a paragraph, whose links
/// are then live), so the text is checked again, this many times at most.
const MAX_PASSES: usize = 8;

/// `md` with its unsafe links and raw HTML escaped into literal text.
pub fn inert(md: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(md);
    for _ in 0..MAX_PASSES {
        let escapes = unsafe_offsets(&text);
        if escapes.is_empty() {
            return text;
        }
        text = Cow::Owned(escape_at(&text, &escapes));
    }
    // Still not settled: escape every character that can start a link or a tag.
    let all: Vec<usize> = text.match_indices(['[', '<']).map(|(i, _)| i).collect();
    Cow::Owned(escape_at(&text, &all))
}

/// Byte offsets of the `[` and `<` that open an unsafe link or raw HTML.
fn unsafe_offsets(md: &str) -> Vec<usize> {
    let mut at = Vec::new();
    for (event, range) in Parser::new(md).into_offset_iter() {
        let unsafe_span = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => !allowed(dest_url),
            Event::Html(_) | Event::InlineHtml(_) => true,
            _ => false,
        };
        if unsafe_span {
            // Every opener in the span: `[text][ref]` is two links once its first `[` is escaped.
            at.extend(md[range.clone()].match_indices(['[', '<']).map(|(i, _)| range.start + i));
        }
    }
    at.sort_unstable();
    at.dedup();
    at
}

fn allowed(dest: &str) -> bool {
    let dest = dest.trim();
    let scheme_end = dest.find(':').filter(|&i| {
        let scheme = &dest[..i];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme_end {
        None => true,
        Some(i) => ALLOWED_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(&dest[..i])),
    }
}

/// Inserts a backslash before each byte offset (all ASCII `[` or `<`).
fn escape_at(md: &str, offsets: &[usize]) -> String {
    let mut out = String::with_capacity(md.len() + offsets.len());
    let mut last = 0;
    for &i in offsets {
        out.push_str(&md[last..i]);
        out.push('\\');
        last = i;
    }
    out.push_str(&md[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a CommonMark renderer would make live: link targets and raw HTML.
    fn live(md: &str) -> Vec<String> {
        Parser::new(md)
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
                Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn command_links_and_html_become_text_and_safe_links_stay() {
        let md = "[run](command:x.y) [R](COMMAND:x) <command:auto> ![i](vscode://x) [ref][r] \
                  <b>bold</b> `<b> code` [web](https://e.com) [deck](file:///d.md#L3) [here](#a) \u{1F600}\n\n\
                  [r]: command:quit\n\n<div>\n[hidden](command:z)\n</div>\n";
        let out = inert(md);
        assert_eq!(live(&out), ["https://e.com", "file:///d.md#L3", "#a"], "{out}");
        assert!(out.contains("`<b> code`") && out.contains('\u{1F600}'), "{out}");
        assert!(out.contains("\\[run](command:x.y)"), "shown as text: {out}");
    }

    #[test]
    fn safe_markdown_is_returned_as_is() {
        let md = "**Q: what?**\n\n- a `x[0] < y`\n\n[Full answer](file:///deck/a.md#L1) · 2 more";
        assert!(matches!(inert(md), Cow::Borrowed(_)));
    }
}
