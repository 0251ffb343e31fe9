//! The quiz in a terminal: each prompt printed with numbered actions, one line read per reply.
//! The same plain lines whether stdin is a TTY or a pipe (so scripts and tests can drive it);
//! on a TTY a `> ` prompt is added and a bad reply is asked again. A reply is the action's
//! number, its title, its letter or statement (multiple choice), or a unique start of one; an
//! empty line takes the prompt's default (the proposed rating) if it has one; `q` or end of
//! input ends the quiz. A written answer (answer mode) is the lines up to an empty line.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use super::session::{Prompt, Session};
use crate::progress::summary::Knowledge;
use crate::progress::{clock, ProgressError, Scheduler, Store};

/// Where a terminal quiz reads and writes.
pub struct Io<'a> {
    pub input: &'a mut dyn BufRead,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// A TTY: prompts get a `> ` and bad replies are asked again.
    pub interactive: bool,
}

/// Runs a session to its end. Every answer is written to the store before the next prompt;
/// `each` is told after every reply (a mock interview saves its report). A store that cannot
/// save is reported once on `err`.
pub fn run(
    session: &mut Session,
    store: &Store,
    sched: &Scheduler,
    io: Io<'_>,
    each: &mut dyn FnMut(&Session),
) -> io::Result<()> {
    let Io { input, out, err, interactive } = io;
    let mut warned = false;
    while let Some(prompt) = session.prompt() {
        writeln!(out, "{}", prompt.message)?;
        let started = Instant::now();
        if prompt.write {
            writeln!(out, "(end with an empty line; `skip` alone skips, `q` alone ends the quiz)")?;
            let text = read_answer(input, out, interactive)?;
            writeln!(out)?;
            let choice = match text.as_deref().map(str::trim) {
                None | Some("q" | "quit" | "exit") => None,
                Some(t) if t.eq_ignore_ascii_case("skip") => Some(super::session::SKIP.to_string()),
                Some(_) => text,
            };
            session.reply(choice.as_deref(), started.elapsed(), clock::now());
            each(session);
            continue;
        }
        for (i, a) in prompt.actions.iter().enumerate() {
            let default = if prompt.default == Some(i) { "  (Enter)" } else { "" };
            writeln!(out, "  {}) {a}{default}", i + 1)?;
        }
        let choice = loop {
            if interactive {
                write!(out, "> ")?;
            }
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                break None;
            }
            let line = line.trim();
            if matches!(line, "q" | "quit" | "exit") {
                break None;
            }
            if let (true, Some(i)) = (line.is_empty(), prompt.default) {
                break Some(prompt.actions[i].clone());
            }
            match pick(&prompt, line) {
                Some(i) => break Some(prompt.actions[i].clone()),
                None => writeln!(out, "? reply with 1-{} or an action's name (q ends the quiz)", prompt.actions.len())?,
            }
        };
        writeln!(out)?;
        let now = clock::now();
        if let Some(review) = session.reply(choice.as_deref(), started.elapsed(), now) {
            match store.record(&review, sched) {
                Ok(s) => {
                    let k = Knowledge::empty(sched.clone(), now);
                    let k = Knowledge { cal: store.calendar(now), ..k };
                    let saved = if store.is_saved() { "Saved" } else { "Not saved" };
                    session.saved(format!("{saved} · next review {}", k.when(s.card.due)));
                }
                Err(e @ ProgressError::Kept { .. }) => {
                    if !warned {
                        writeln!(err, "interview-prep: {e}")?;
                        warned = true;
                    }
                    session.saved("Not saved yet (kept in memory)".into());
                }
                Err(e) => {
                    if !warned {
                        writeln!(err, "interview-prep: this answer was not saved: {e}")?;
                        warned = true;
                    }
                    session.saved("Not saved".into());
                }
            }
            for n in store.take_notices() {
                writeln!(err, "interview-prep: {n}")?;
            }
        }
        each(session);
    }
    if let Some(last) = session.take_notice() {
        writeln!(out, "{last}")?;
    }
    writeln!(out, "{}", session.summary())?;
    Ok(())
}

/// A written answer: the lines up to an empty line (or the end of input). `None` when the input
/// ended before anything was written.
fn read_answer(input: &mut dyn BufRead, out: &mut dyn Write, interactive: bool) -> io::Result<Option<String>> {
    let mut text = String::new();
    loop {
        if interactive {
            write!(out, "{}", if text.is_empty() { "> " } else { "  " })?;
            out.flush()?;
        }
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok((!text.is_empty()).then_some(text));
        }
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            return Ok(Some(text));
        }
        // A huge paste is cut by the grader; reading stops growing well past that.
        if text.len() <= 4 * super::grade::MAX_ANSWER_BYTES {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
        }
    }
}

/// The action a reply names, if exactly one.
pub fn pick(prompt: &Prompt, reply: &str) -> Option<usize> {
    let reply = reply.trim();
    if reply.is_empty() {
        return None;
    }
    if let Ok(n) = reply.parse::<usize>() {
        return (1..=prompt.actions.len()).contains(&n).then(|| n - 1);
    }
    let lower = reply.to_lowercase();
    if let Some(i) = prompt.actions.iter().position(|a| a.to_lowercase() == lower) {
        return Some(i);
    }
    // A letter picks a multiple-choice statement: "b" or "B)".
    let letter = lower.trim_end_matches(')');
    if letter.len() == 1 {
        if let Some(i) = prompt.actions.iter().position(|a| a.to_lowercase().starts_with(&format!("{letter})"))) {
            return Some(i);
        }
    }
    // A statement may be given by its text, or the start of it, without the letter.
    let text = |a: &str| {
        let a = a.to_lowercase();
        match a.split_once(") ") {
            Some((l, rest)) if l.len() == 1 => rest.to_string(),
            _ => a,
        }
    };
    if let Some(i) = prompt.actions.iter().position(|a| text(a) == lower) {
        return Some(i);
    }
    let starts: Vec<usize> = prompt
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.to_lowercase().starts_with(&lower) || text(a).starts_with(&lower))
        .map(|(i, _)| i)
        .collect();
    (starts.len() == 1).then(|| starts[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(actions: &[&str]) -> Prompt {
        Prompt {
            message: String::new(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            write: false,
            default: None,
        }
    }

    #[test]
    fn replies_by_number_title_letter_or_prefix() {
        let rate = prompt(&["Forgot", "Struggled", "Recalled", "Easy"]);
        assert_eq!(pick(&rate, "3"), Some(2));
        assert_eq!(pick(&rate, "easy"), Some(3));
        assert_eq!(pick(&rate, "rec"), Some(2));
        assert_eq!(pick(&rate, "5"), None);
        assert_eq!(pick(&rate, ""), None);
        let choice = prompt(&["A) one", "B) two", "C) three", "D) four"]);
        assert_eq!(pick(&choice, "c"), Some(2));
        assert_eq!(pick(&choice, "D)"), Some(3));
        assert_eq!(pick(&choice, "Three"), Some(2));
        assert_eq!(pick(&choice, "tw"), Some(1));
        assert_eq!(pick(&choice, "Three"), Some(2));
        assert_eq!(pick(&choice, "tw"), Some(1));
        let show = prompt(&["Show answer", "Skip"]);
        assert_eq!(pick(&show, "s"), None, "ambiguous");
        assert_eq!(pick(&show, "sh"), Some(0));
    }
}
