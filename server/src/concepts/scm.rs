//! Reading the `.scm` rule files ourselves, as far as the engine needs to: where each top-level
//! pattern starts and ends, and its S-expression structure. Tree-sitter compiles what is left to
//! it; patterns of the simple shapes in [`super::dispatch`] never reach it.

use std::ops::Range;

/// One element of a pattern: a parenthesised list, a `[...]` alternation, or an atom (a node
/// kind, `field:`, `@capture`, `#predicate?`, `"string"`, `_`, or a quantifier).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    List(Vec<Form>),
    Alt(Vec<Form>),
    Atom(String),
}

impl Form {
    pub fn atom(&self) -> Option<&str> {
        match self {
            Form::Atom(a) => Some(a),
            _ => None,
        }
    }
}

/// One top-level pattern of a file: its byte range in the source, its list, and the atoms after
/// it at the top level (`(lambda) @lambda`: the capture).
#[derive(Clone, Debug)]
pub struct Pattern {
    pub span: Range<usize>,
    pub form: Form,
    pub after: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Open(char),
    Close(char),
    Atom(String),
}

/// The tokens of a query source with their byte ranges; comments (`;` to the end of the line)
/// are skipped. `None` on an unterminated string.
fn tokens(src: &str) -> Option<Vec<(Token, Range<usize>)>> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' => {
                out.push((Token::Open(c as char), i..i + 1));
                i += 1;
            }
            b')' | b']' => {
                out.push((Token::Close(c as char), i..i + 1));
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return None;
                }
                i += 1;
                out.push((Token::Atom(src[start..i].to_string()), start..i));
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"()[]\";".contains(&bytes[i]) {
                    i += 1;
                }
                out.push((Token::Atom(src[start..i].to_string()), start..i));
            }
        }
    }
    Some(out)
}

/// The top-level patterns of a query file, in order. A top-level atom (a capture or quantifier
/// after a pattern) belongs to the pattern before it. `None` when the source does not even
/// tokenize or nest, or starts with an atom; tree-sitter then reports the error.
pub fn patterns(src: &str) -> Option<Vec<Pattern>> {
    let tokens = tokens(src)?;
    let mut out: Vec<Pattern> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let start = tokens[i].1.start;
        let (form, next) = form(&tokens, i)?;
        let end = tokens[next - 1].1.end;
        match form {
            Form::Atom(a) => {
                let last = out.last_mut()?;
                last.after.push(a);
                last.span.end = end;
            }
            form => out.push(Pattern { span: start..end, form, after: Vec::new() }),
        }
        i = next;
    }
    Some(out)
}

fn form(tokens: &[(Token, Range<usize>)], i: usize) -> Option<(Form, usize)> {
    match &tokens.get(i)?.0 {
        Token::Atom(a) => Some((Form::Atom(a.clone()), i + 1)),
        Token::Close(_) => None,
        Token::Open(open) => {
            let close = if *open == '(' { ')' } else { ']' };
            let mut items = Vec::new();
            let mut j = i + 1;
            loop {
                match &tokens.get(j)?.0 {
                    Token::Close(c) if *c == close => break,
                    Token::Close(_) => return None,
                    _ => {
                        let (f, next) = form(tokens, j)?;
                        items.push(f);
                        j = next;
                    }
                }
            }
            let f = if *open == '(' { Form::List(items) } else { Form::Alt(items) };
            Some((f, j + 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(s: &str) -> Form {
        Form::Atom(s.into())
    }

    #[test]
    fn splits_patterns_skips_comments_and_keeps_strings_whole() {
        let src =
            "; a comment (with parens)\n((call function: (identifier) @f) (#eq? @f \"a ) b\"))\n\n(lambda) @lambda\n";
        let ps = patterns(src).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(&src[ps[0].span.clone()], "((call function: (identifier) @f) (#eq? @f \"a ) b\"))");
        let Form::List(items) = &ps[0].form else { panic!() };
        assert_eq!(items[1], Form::List(vec![atom("#eq?"), atom("@f"), atom("\"a ) b\"")]));
        assert_eq!(&src[ps[1].span.clone()], "(lambda) @lambda");
        assert_eq!(
            (&ps[1].form, ps[1].after.as_slice()),
            (&Form::List(vec![atom("lambda")]), ["@lambda".to_string()].as_slice())
        );
    }

    #[test]
    fn unbalanced_sources_are_left_to_tree_sitter() {
        assert!(patterns("((call)").is_none());
        assert!(patterns("(call))").is_none());
        assert!(patterns("(call \"open").is_none());
    }
}
