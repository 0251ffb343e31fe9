//! Parses one deck Markdown file (see `docs/deck-format.md`) into entries, recording where each
//! part came from so that problems can name a line.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Choice, Example, Level};

/// An entry as written, before validation: every field optional, every part with its line.
#[derive(Debug, Default, Clone)]
pub struct RawEntry {
    pub line: usize,
    pub question: String,
    pub meta: Vec<(String, String, usize)>,
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Default, Clone)]
pub struct RawSection {
    pub name: String,
    pub line: usize,
    /// The section's Markdown, trimmed.
    pub markdown: String,
    /// Top-level list items (Markdown, marker removed), with the task state when a task list.
    pub items: Vec<(String, Option<bool>, usize)>,
    pub code: Vec<(Example, usize)>,
}

#[derive(Debug, Default)]
pub struct RawFile {
    pub title: Option<String>,
    pub title_line: usize,
    pub entries: Vec<RawEntry>,
}

struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based line of a byte offset.
    fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte)
    }
}

pub fn parse_file(text: &str) -> RawFile {
    let lines = Lines::new(text);
    let mut file = RawFile::default();
    let parser =
        Parser::new_ext(text, Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = parser.into_offset_iter().collect();

    // Heading boundaries split the file: find every h1/h2/h3 with its byte range.
    struct Heading {
        level: HeadingLevel,
        range: std::ops::Range<usize>,
    }
    let mut headings = Vec::new();
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { level, .. }) = event {
            if matches!(level, HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3) {
                headings.push(Heading { level: *level, range: range.clone() });
            }
        }
    }
    let heading_text = |r: &std::ops::Range<usize>| -> String {
        text[r.clone()].trim().trim_start_matches('#').trim().trim_end_matches('#').trim().to_string()
    };

    let mut current: Option<RawEntry> = None;
    for (i, h) in headings.iter().enumerate() {
        let body_end = headings.get(i + 1).map_or(text.len(), |n| n.range.start);
        let body = h.range.end..body_end;
        match h.level {
            HeadingLevel::H1 if file.title.is_none() => {
                file.title = Some(heading_text(&h.range));
                file.title_line = lines.line(h.range.start);
            }
            HeadingLevel::H2 => {
                if let Some(e) = current.take() {
                    file.entries.push(e);
                }
                let mut entry = RawEntry {
                    line: lines.line(h.range.start),
                    question: heading_text(&h.range),
                    ..Default::default()
                };
                // The metadata line: inline code spans `key: value` in the first paragraph.
                let mut in_first_paragraph = false;
                for (event, range) in events.iter().filter(|(_, r)| r.start >= body.start && r.end <= body.end) {
                    match event {
                        Event::Start(Tag::Paragraph) if entry.meta.is_empty() => in_first_paragraph = true,
                        Event::End(TagEnd::Paragraph) if in_first_paragraph => break,
                        Event::Code(code) if in_first_paragraph => {
                            if let Some((k, v)) = code.split_once(':') {
                                entry.meta.push((k.trim().to_string(), v.trim().to_string(), lines.line(range.start)));
                            }
                        }
                        Event::Start(_) if !in_first_paragraph => break,
                        _ => {}
                    }
                }
                current = Some(entry);
            }
            HeadingLevel::H3 => {
                let Some(entry) = current.as_mut() else { continue };
                entry.sections.push(parse_section(text, &events, &lines, heading_text(&h.range), h.range.start, body));
            }
            _ => {}
        }
    }
    if let Some(e) = current.take() {
        file.entries.push(e);
    }
    file
}

fn parse_section(
    text: &str,
    events: &[(Event<'_>, std::ops::Range<usize>)],
    lines: &Lines,
    name: String,
    heading_start: usize,
    body: std::ops::Range<usize>,
) -> RawSection {
    let mut section = RawSection {
        name,
        line: lines.line(heading_start),
        markdown: text[body.clone()].trim().to_string(),
        ..Default::default()
    };
    let mut list_depth = 0usize;
    let mut item: Option<(std::ops::Range<usize>, Option<bool>)> = None;
    let mut code: Option<(String, bool, String, usize)> = None;
    for (event, range) in events.iter().filter(|(_, r)| r.start >= body.start && r.end <= body.end) {
        match event {
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if list_depth == 1 => item = Some((range.clone(), None)),
            Event::TaskListMarker(checked) if list_depth == 1 => {
                if let Some((_, state)) = item.as_mut() {
                    *state = Some(*checked);
                }
            }
            Event::End(TagEnd::Item) if list_depth == 1 => {
                if let Some((r, state)) = item.take() {
                    section.items.push((item_text(&text[r.clone()]), state, lines.line(r.start)));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, run) = match kind {
                    CodeBlockKind::Fenced(info) => {
                        let mut words = info.split_whitespace();
                        (words.next().unwrap_or("").to_string(), words.any(|w| w == "run"))
                    }
                    CodeBlockKind::Indented => (String::new(), false),
                };
                code = Some((lang, run, String::new(), lines.line(range.start)));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, _, body, _)) = code.as_mut() {
                    body.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, run, body, line)) = code.take() {
                    section.code.push((Example { lang, code: body, line, run }, line));
                }
            }
            _ => {}
        }
    }
    section
}

/// A list item's Markdown without its marker and task box, continuation lines unindented.
fn item_text(raw: &str) -> String {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("- ")
        .or_else(|| raw.strip_prefix("* "))
        .or_else(|| raw.strip_prefix("+ "))
        .or_else(|| raw.split_once(". ").filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit())).map(|(_, r)| r))
        .unwrap_or(raw)
        .trim_start();
    let rest = ["[ ] ", "[x] ", "[X] "].iter().find_map(|p| rest.strip_prefix(p)).unwrap_or(rest);
    rest.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

impl RawSection {
    pub fn choices(&self) -> Vec<Choice> {
        self.items
            .iter()
            .filter_map(|(text, state, _)| state.map(|correct| Choice { text: text.clone(), correct }))
            .collect()
    }
}

pub fn parse_level(s: &str) -> Option<Level> {
    match s {
        "basic" => Some(Level::Basic),
        "intermediate" => Some(Level::Intermediate),
        "advanced" => Some(Level::Advanced),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Topic\n\nIntro.\n\n## What is `x`?\n\n`id: x-entry` · `level: basic` · `concepts: lambda, decorator`\n\n\
### Asked as\n- What is x?\n- Explain\n  x please\n\n### Short answer\nIt is *x*.\n\n### Example\n```python\nf = lambda: 1\n```\n\n\
### Quiz\n- [x] right\n- [ ] wrong one\n- [ ] wrong two\n- [ ] wrong three\n\n## Second?\n\n`id: second` · `level: advanced`\n";

    #[test]
    fn parses_entries_sections_items_and_code() {
        let file = parse_file(SAMPLE);
        assert_eq!(file.title.as_deref(), Some("Topic"));
        assert_eq!(file.entries.len(), 2);
        let e = &file.entries[0];
        assert_eq!(e.question, "What is `x`?");
        assert_eq!(e.line, 5);
        assert_eq!(e.meta[0], ("id".into(), "x-entry".into(), 7));
        assert_eq!(e.meta[2].1, "lambda, decorator");
        let asked = &e.sections[0];
        assert_eq!(asked.items.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), ["What is x?", "Explain x please"]);
        assert_eq!(e.sections[1].markdown, "It is *x*.");
        assert_eq!(e.sections[2].code[0].0.code, "f = lambda: 1\n");
        assert_eq!(e.sections[2].code[0].0.lang, "python");
        let choices = e.sections[3].choices();
        assert_eq!(choices.len(), 4);
        assert!(choices[0].correct && !choices[1].correct);
        assert_eq!(file.entries[1].meta[0].1, "second");
    }
}
