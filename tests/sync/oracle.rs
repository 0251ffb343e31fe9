//! An independent model of document synchronisation, shared by the proptest suite and the
//! `cargo fuzz` target: a plain `String` edited with a straightforward reading of the LSP
//! position rules, and a full structural comparison of two syntax trees.
//!
//! It deliberately shares no code with `position.rs` or `document.rs`: the point is to catch
//! those being wrong.

#![allow(dead_code)]

use interview_prep::language::Lang;
use interview_prep::position::{Encoding, LineCol};
use tree_sitter::{Node, Point, Tree};

/// The document as the client sees it.
pub struct Oracle {
    pub text: String,
}

impl Oracle {
    /// Byte offset of an LSP position. Lines break at `\n`, `\r\n` and a lone `\r`; a line past
    /// the last clamps to the end of the text; a column past the end of its line clamps to the
    /// line's end (before the break); a column inside a character (half a surrogate pair, part
    /// of a UTF-8 sequence) counts from that character's start.
    pub fn byte_of(&self, pos: LineCol, enc: Encoding) -> usize {
        let lines = lines(&self.text);
        let Some(&(start, end)) = lines.get(pos.line as usize) else { return self.text.len() };
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            let w = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if units + w > pos.col as usize {
                return start + i;
            }
            units += w;
        }
        end
    }

    /// Applies one change: a range (either end first) or, with `None`, the whole text.
    pub fn apply(&mut self, range: Option<(LineCol, LineCol)>, new: &str, enc: Encoding) {
        match range {
            None => self.text = new.to_string(),
            Some((a, b)) => {
                let (a, b) = (self.byte_of(a, enc), self.byte_of(b, enc));
                let (a, b) = (a.min(b), a.max(b));
                self.text.replace_range(a..b, new);
            }
        }
    }

    /// Number of lines (a text ending in a break has an empty last line).
    pub fn line_count(&self) -> usize {
        lines(&self.text).len()
    }

    /// Width of a line's content in `enc` units.
    pub fn line_width(&self, line: usize, enc: Encoding) -> usize {
        let Some(&(start, end)) = lines(&self.text).get(line) else { return 0 };
        let s = &self.text[start..end];
        match enc {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.encode_utf16().count(),
            Encoding::Utf32 => s.chars().count(),
        }
    }
}

/// `(content start, content end)` of every line, without the line breaks.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, text.len()));
    out
}

/// One node of a pre-order walk, with everything that must agree between two parses.
#[derive(Debug, PartialEq, Eq)]
pub struct NodeShape {
    pub depth: usize,
    pub kind: &'static str,
    pub named: bool,
    pub bytes: (usize, usize),
    pub points: (Point, Point),
    pub error: bool,
    pub missing: bool,
    pub has_error: bool,
    pub field: Option<&'static str>,
}

/// Every node of a tree in pre-order, walked with a cursor (no recursion: trees can be deep).
pub fn shape(tree: &Tree) -> Vec<NodeShape> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut depth = 0;
    loop {
        let n: Node<'_> = cursor.node();
        out.push(NodeShape {
            depth,
            kind: n.kind(),
            named: n.is_named(),
            bytes: (n.start_byte(), n.end_byte()),
            points: (n.start_position(), n.end_position()),
            error: n.is_error(),
            missing: n.is_missing(),
            has_error: n.has_error(),
            field: cursor.field_name(),
        });
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}

/// The first place two trees differ, described for a failure message.
pub fn tree_difference(got: &Tree, want: &Tree) -> Option<String> {
    let (a, b) = (shape(got), shape(want));
    let at = a.iter().zip(&b).position(|(x, y)| x != y);
    match at {
        Some(i) => Some(format!("node {i}: document has {:?}, a fresh parse has {:?}", a[i], b[i])),
        None if a.len() != b.len() => Some(format!("{} nodes vs {} in a fresh parse", a.len(), b.len())),
        None => None,
    }
}

/// Pieces inserted text is built from: astral and CJK characters, combining marks, every kind of
/// line break, brackets and quotes that open and close, and Python, Dockerfile, YAML and SQL lines
/// (SQL also inside a Python string) that the detector reports (so the findings comparison is not
/// vacuous), including suppression comments.
pub const FRAGMENTS: &[&str] = &[
    "",
    "x",
    " ",
    "\t",
    "😀",
    "🐍x",
    "𝔘",
    "中文",
    "한",
    "e\u{301}",
    "\u{200d}",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "\"\"\"",
    "f\"{",
    "\\",
    ":",
    "#",
    "\0",
    "    ",
    "def f(x=[]):\n    ",
    "async def g():\n    await h()\n",
    "class A:\n    def m(self):\n        pass\n",
    "class M(models.Model):\n    name = models.CharField()\n",
    "    return 1\n",
    "    yield x\n",
    "import requests\n",
    "from django.db import models\n",
    "requests.get(u)",
    "lambda: 0",
    "@property\n",
    "with open(p) as fh:\n",
    "try:\n    pass\nexcept Exception:\n    pass\n",
    "x is 1",
    "for o in Order.objects.all():\n    print(o.customer.name)\n",
    "for o in Order.objects.filter(paid=True):\n    print(o.coupon.code, o.lines.count())\n",
    "class Coupon(models.Model):\n    order = models.ForeignKey(Order, related_name=\"coupons\")\n",
    "    def total(self):\n        return self.lines.count()\n",
    "  # interview-prep: ignore\n",
    "# interview-prep: ignore-file[generator-function]\n",
    "FROM python\n",
    "USER app\n",
    "RUN pip install -r requirements.txt \\\n",
    "COPY --from=build /a /b\n",
    "apiVersion: v1\nkind: Pod\n",
    "services:\n  web:\n",
    "  image: nginx:latest\n",
    "- name: web\n",
    "---\n",
    "    depends_on: [db]\n",
    "${{ secrets.TOKEN }}",
    "# interview-prep: ignore[unpinned-image]\n",
    "cursor.execute(\"SELECT * FROM t JOIN u ON u.id = t.id\")",
    " WHERE id NOT IN (SELECT x FROM y)",
    "DELETE FROM t",
    "  # interview-prep: ignore[sql-select-star]\n",
];

/// Starting texts, each in its language: empty, plain, CRLF, lone CR, astral, a mix of defs and
/// classes, and real fixture files (Django models, suppressions, settings modules, a project's
/// views and models) where findings depend on imports, base classes, other parts of the file and
/// models in other files; Dockerfiles, whose findings depend on the stages before them; Compose
/// files, Kubernetes manifests (which stop being one when an edit removes `kind:`) and
/// workflows.
pub const BASES: &[(Lang, &str)] = &[
    (Lang::Python, ""),
    (Lang::Python, "\n"),
    (Lang::Python, "x = 1"),
    (Lang::Python, "def f():\n    return 1\n"),
    (Lang::Python, "def f():\r\n    yield 1\r\n\r\nclass A:\r\n    def m(self):\r\n        return [x for x in y]\r\n"),
    (Lang::Python, "a = 1\rb = 2\r\rdef g():\r    pass\r"),
    (Lang::Python, "# 😀 中文 e\u{301}\ns = \"🐍🐍\"  # 𝔘\ndef f(a=[]):\n    yield a\n"),
    (Lang::Python, include_str!("../concepts/suppressions.py")),
    (Lang::Python, include_str!("../concepts/settings_local.py")),
    (Lang::Python, include_str!("../concepts/classes.py")),
    (Lang::Python, include_str!("../concepts/django_orm.py")),
    (Lang::Python, include_str!("../concepts/regressions.py")),
    (Lang::Python, include_str!("../concepts/shop/views.py")),
    (Lang::Python, include_str!("../concepts/shop/models.py")),
    (Lang::Python, include_str!("../concepts/embedded_sql.py")),
    (Lang::Python, "import requests\n\n\nclass C:\n    @property\n    def p(self):\n        return requests.get(u)\n\n    def q(self):\n        with open(f) as h:\n            pass\n\n\ndef top():\n    return lambda: 0\n"),
    (Lang::Dockerfile, ""),
    (Lang::Dockerfile, "FROM python:3.12 AS b\r\nRUN apt-get install -y x\r\nFROM b\r\nUSER 😀\r\n"),
    (Lang::Dockerfile, include_str!("../concepts/worker.Dockerfile")),
    (Lang::Dockerfile, include_str!("../concepts/root.Dockerfile")),
    (Lang::Compose, ""),
    (Lang::Compose, include_str!("../concepts/compose.yml")),
    (Lang::Yaml, "a: 1\n"),
    (Lang::Kubernetes, include_str!("../concepts/workers.yaml")),
    (Lang::GithubActions, include_str!("../concepts/.github/workflows/release.yml")),
    (Lang::Sql, include_str!("../concepts/migration.sql")),
];
