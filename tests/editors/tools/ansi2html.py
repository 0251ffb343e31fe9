#!/usr/bin/env python3
"""Turns a terminal screen captured with `tmux capture-pane -e -p` into a standalone HTML page,
so headless Chromium can screenshot what Neovim showed. Handles the SGR codes Neovim emits:
16/256/24-bit colours, bold, italic, underline/undercurl, reverse; other codes are ignored. Usage: ansi2html.py < in > out
"""
import html
import re
import sys

BASE16 = ["#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
          "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]
DEFAULT_FG, DEFAULT_BG = "#e0e2ea", "#14161b"  # Neovim 0.11's default dark scheme


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.italic = self.underline = self.reverse = False

    def apply(self, params):
        codes = [p for p in params.split(";")] if params else ["0"]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c in ("", "0"):
                self.reset()
            elif c == "1":
                self.bold = True
            elif c == "3":
                self.italic = True
            elif c == "4" or c.startswith("4:"):
                self.underline = c != "4:0"
            elif c == "7":
                self.reverse = True
            elif c == "22":
                self.bold = False
            elif c == "23":
                self.italic = False
            elif c == "24":
                self.underline = False
            elif c == "27":
                self.reverse = False
            elif c in ("38", "48", "58"):  # 58: underline colour, not rendered
                if codes[i + 1] == "2":
                    color = "#%02x%02x%02x" % tuple(int(x) for x in codes[i + 2:i + 5])
                    i += 4
                else:
                    color = xterm256(int(codes[i + 2]))
                    i += 2
                if c == "38":
                    self.fg = color
                elif c == "48":
                    self.bg = color
            elif c == "39":
                self.fg = None
            elif c == "49":
                self.bg = None
            elif c.isdigit() and 30 <= int(c) <= 37:
                self.fg = BASE16[int(c) - 30]
            elif c.isdigit() and 40 <= int(c) <= 47:
                self.bg = BASE16[int(c) - 40]
            elif c.isdigit() and 90 <= int(c) <= 97:
                self.fg = BASE16[int(c) - 90 + 8]
            elif c.isdigit() and 100 <= int(c) <= 107:
                self.bg = BASE16[int(c) - 100 + 8]
            i += 1

    def css(self):
        fg, bg = self.fg or DEFAULT_FG, self.bg or DEFAULT_BG
        if self.reverse:
            fg, bg = bg, fg
        out = [f"color:{fg}", f"background:{bg}"]
        if self.bold:
            out.append("font-weight:bold")
        if self.italic:
            out.append("font-style:italic")
        if self.underline:
            out.append("text-decoration:underline wavy;text-underline-offset:3px")
        return ";".join(out)


def convert(text):
    style = Style()
    lines = []
    for raw in text.split("\n"):
        parts = []
        for token in re.split(r"(\x1b\[[0-9;:]*m)", raw):
            if token.startswith("\x1b["):
                style.apply(token[2:-1])
            elif token:
                parts.append(f'<span style="{style.css()}">{html.escape(token)}</span>')
        lines.append("".join(parts))
    body = "\n".join(lines)
    return f"""<!doctype html><meta charset="utf-8"><style>
body{{margin:0;background:{DEFAULT_BG}}}
pre{{margin:0;padding:8px;font:15px/1.3 "DejaVu Sans Mono",monospace;color:{DEFAULT_FG}}}
</style><pre>{body}</pre>"""


if __name__ == "__main__":
    sys.stdout.write(convert(sys.stdin.read()))
