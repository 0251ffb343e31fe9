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
    /// Only [`parse_file`] (tests) collects them; the deck takes them one by one.
    #[cfg(test)]
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

/// Parses a deck file in one pass over pulldown-cmark's events: each event is looked at once,
/// whatever the number of headings (a hostile file of thousands of `##` headings costs what its
/// size costs, not its size times its headings).
#[cfg(test)]
pub fn parse_file(text: &str) -> RawFile {
    let mut entries = Vec::new();
    let mut file = parse_entries(text, |e| entries.push(e));
    file.entries = entries;
    file
}

/// [`parse_file`] handing each entry to `on_entry` as soon as it is read, so that only one
/// entry's raw parts are in memory at a time; the returned file has no entries.
pub fn parse_entries(text: &str, mut on_entry: impl FnMut(RawEntry)) -> RawFile {
    let lines = Lines::new(text);
    let mut file = RawFile::default();
    let parser =
        Parser::new_ext(text, Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let heading_text = |r: &std::ops::Range<usize>| -> String {
        text[r.clone()].trim().trim_start_matches('#').trim().trim_end_matches('#').trim().to_string()
    };
    let mut current: Option<RawEntry> = None;
    let mut section: Option<SectionBuilder> = None;
    let mut meta = Meta::Done;
    // The h1/h2/h3 heading being read: its level and where it starts.
    let mut heading: Option<(HeadingLevel, usize)> = None;
    for (event, range) in parser.into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { level, .. }) if *level <= HeadingLevel::H3 && heading.is_none() => {
                // A heading ends the section before it.
                if let (Some(sb), Some(entry)) = (section.take(), current.as_mut()) {
                    entry.sections.push(sb.finish(text, range.start));
                }
                heading = Some((*level, range.start));
                continue;
            }
            Event::End(TagEnd::Heading(level)) if heading.is_some_and(|(l, _)| l == *level) => {
                let Some((level, start)) = heading.take() else { continue };
                let span = start..range.end;
                match level {
                    HeadingLevel::H1 if file.title.is_none() => {
                        file.title = Some(heading_text(&span));
                        file.title_line = lines.line(start);
                    }
                    HeadingLevel::H2 => {
                        if let Some(e) = current.take() {
                            on_entry(e);
                        }
                        current = Some(RawEntry {
                            line: lines.line(start),
                            question: heading_text(&span),
                            ..Default::default()
                        });
                        meta = Meta::Waiting;
                    }
                    HeadingLevel::H3 if current.is_some() => {
                        meta = Meta::Done;
                        section = Some(SectionBuilder::new(heading_text(&span), lines.line(start), range.end));
                    }
                    _ => meta = Meta::Done,
                }
                continue;
            }
            _ => {}
        }
        if heading.is_some() {
            continue;
        }
        // The metadata line: inline code spans `key: value` in the entry's first paragraph.
        if let Some(entry) = current.as_mut() {
            match (&meta, &event) {
                (Meta::Waiting, Event::Start(Tag::Paragraph)) => meta = Meta::InFirstParagraph,
                (Meta::Waiting, Event::Start(_)) => meta = Meta::Done,
                (Meta::InFirstParagraph, Event::End(TagEnd::Paragraph)) => meta = Meta::Done,
                (Meta::InFirstParagraph, Event::Code(code)) => {
                    if let Some((k, v)) = code.split_once(':') {
                        entry.meta.push((k.trim().to_string(), v.trim().to_string(), lines.line(range.start)));
                    }
                }
                _ => {}
            }
        }
        if let Some(sb) = section.as_mut() {
            sb.feed(text, &lines, &event, &range);
        }
    }
    if let (Some(sb), Some(entry)) = (section.take(), current.as_mut()) {
        entry.sections.push(sb.finish(text, text.len()));
    }
    if let Some(e) = current.take() {
        on_entry(e);
    }
    file
}

/// Where the reader is with an entry's metadata line.
enum Meta {
    /// Right after the `##` heading: the first block decides.
    Waiting,
    InFirstParagraph,
    Done,
}

/// A `###` section being read, event by event.
struct SectionBuilder {
    section: RawSection,
    body_start: usize,
    list_depth: usize,
    item: Option<(std::ops::Range<usize>, Option<bool>)>,
    code: Option<(String, bool, String, usize)>,
}

impl SectionBuilder {
    fn new(name: String, line: usize, body_start: usize) -> Self {
        SectionBuilder {
            section: RawSection { name, line, ..Default::default() },
            body_start,
            list_depth: 0,
            item: None,
            code: None,
        }
    }

    fn feed(&mut self, text: &str, lines: &Lines, event: &Event<'_>, range: &std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::List(_)) => self.list_depth += 1,
            Event::End(TagEnd::List(_)) => self.list_depth = self.list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if self.list_depth == 1 => self.item = Some((range.clone(), None)),
            Event::TaskListMarker(checked) if self.list_depth == 1 => {
                if let Some((_, state)) = self.item.as_mut() {
                    *state = Some(*checked);
                }
            }
            Event::End(TagEnd::Item) if self.list_depth == 1 => {
                if let Some((r, state)) = self.item.take() {
                    self.section.items.push((item_text(&text[r.clone()]), state, lines.line(r.start)));
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
                self.code = Some((lang, run, String::new(), lines.line(range.start)));
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, _, body, _)) = self.code.as_mut() {
                    body.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, run, body, line)) = self.code.take() {
                    self.section.code.push((Example { lang, code: body, line, run }, line));
                }
            }
            _ => {}
        }
    }

    fn finish(mut self, text: &str, end: usize) -> RawSection {
        self.section.markdown = text[self.body_start.min(end)..end].trim().to_string();
        self.section
    }
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
