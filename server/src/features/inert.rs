//! Deck Markdown made inert before an editor renders it. A user deck is anyone's file: a link
//! such as `[run](command:workbench.action.terminal.new)` would run an editor command in a client
//! that trusts the Markdown, raw HTML could do worse, and an image would be fetched as soon as the
//! hover shows (a tracking pixel). Links may point only to http(s), file and mailto URLs (or be
//! relative); other links, every image and all raw HTML are escaped, so they show as text.
//!
//! Editors do not all parse Markdown alike: VS Code renders GFM tables, where a `|` ends a cell
//! even inside what CommonMark reads as a code span, so a link hidden in a "code span" there is
//! live. The text is checked under both readings and what either finds unsafe is escaped.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag};

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
    let gfm = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for options in [Options::empty(), gfm] {
        for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
            let unsafe_span = match &event {
                Event::Start(Tag::Link { dest_url, .. }) => !allowed(dest_url),
                Event::Start(Tag::Image { .. }) => true,
                Event::Html(_) | Event::InlineHtml(_) => true,
                _ => false,
            };
            if unsafe_span {
                // Every opener in the span: `[text][ref]` is two links once its first `[` is escaped.
                at.extend(md[range.clone()].match_indices(['[', '<']).map(|(i, _)| range.start + i));
            }
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
        assert_eq!(live_gfm(&out), ["https://e.com", "file:///d.md#L3", "#a"], "{out}");
        assert!(out.contains("`<b> code`") && out.contains('\u{1F600}'), "{out}");
        assert!(out.contains("\\[run](command:x.y)"), "shown as text: {out}");
    }

    /// What a GFM renderer (VS Code's) would make live.
    fn live_gfm(md: &str) -> Vec<String> {
        Parser::new_ext(md, Options::ENABLE_TABLES)
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
                Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_table_cell_cannot_hide_a_live_link_and_no_image_is_fetched() {
        let md = "| a | b |\n|---|---|\n| `x | [run](command:y) ` | <img src=x onerror=alert(1)> |\n\n\
                  ![pixel](https://tracker.example/p.gif) ![local](file:///deck/a.png)\n";
        let out = inert(md);
        assert!(live(&out).is_empty(), "{out}");
        assert!(live_gfm(&out).is_empty(), "{out}");
        assert!(out.contains("tracker.example"), "shown as text: {out}");
    }

    #[test]
    fn safe_markdown_is_returned_as_is() {
        let md = "**Q: what?**\n\n- a `x[0] < y`\n\n[Full answer](file:///deck/a.md#L1) · 2 more";
        assert!(matches!(inert(md), Cow::Borrowed(_)));
    }
}
