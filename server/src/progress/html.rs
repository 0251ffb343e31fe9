//! The HTML progress report (`interview-prep progress --html FILE`): one self-contained file, no
//! network (a Content-Security-Policy forbids any fetch), with three charts drawn as inline SVG
//! by a small script from the summary embedded as JSON — mastery per topic, reviews per day, and
//! the due forecast — plus the same numbers as tables for readers without scripts.

use std::fmt::Write as _;

use super::summary::Summary;

pub fn render(summary: &Summary) -> String {
    render_with_nonce(summary, None)
}

/// The report for a webview whose Content-Security-Policy allows only scripts and styles that
/// carry `nonce` (base64 characters only: the caller checks).
pub fn render_with_nonce(summary: &Summary, nonce: Option<&str>) -> String {
    let data = script_json(&serde_json::to_string(summary).unwrap_or_else(|_| "{}".into()));
    let mut tables = String::new();
    let _ = write!(tables, "<table><caption>Mastery per topic</caption><tr><th>Topic</th><th>Mastery</th><th>Reviewed</th><th>Due</th></tr>");
    for t in &summary.topics {
        let _ = write!(
            tables,
            "<tr><td>{}</td><td>{:.0}%</td><td>{}/{}</td><td>{}</td></tr>",
            escape(&t.title),
            t.mastery * 100.0,
            t.reviewed,
            t.entries,
            t.due
        );
    }
    tables.push_str("</table><table><caption>Due forecast</caption><tr><th>Day</th><th>Due</th></tr>");
    for d in &summary.forecast {
        let _ = write!(tables, "<tr><td>{}</td><td>{}</td></tr>", escape(&d.date), d.count);
    }
    tables.push_str("</table>");
    let mocks = mock_section(summary);
    let ready =
        summary.ready_by.as_ref().map(|r| format!("<p class=\"ready\">{}</p>", escape(&r.line()))).unwrap_or_default();
    fill(
        TEMPLATE,
        &[
            ("today", escape(&summary.today)),
            ("due", summary.due.to_string()),
            ("cards", summary.cards.to_string()),
            ("reviews", summary.reviews.to_string()),
            ("today_count", summary.reviewed_today.to_string()),
            ("streak", summary.streak.to_string()),
            ("ready", ready),
            ("mocks", mocks),
            ("tables", tables),
            ("data", data),
            ("nonce", nonce.map(|n| format!(" nonce=\"{n}\"")).unwrap_or_default()),
            (
                "csp",
                match nonce {
                    Some(n) => format!("default-src 'none'; style-src 'nonce-{n}'; script-src 'nonce-{n}'"),
                    None => "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'".into(),
                },
            ),
        ],
    )
}

/// "Mock interviews": one row per interview, newest first; nothing before the first.
fn mock_section(summary: &Summary) -> String {
    if summary.mocks.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<h2>Mock interviews</h2><table class=\"mocks\"><tr><th>Date</th><th>Repository</th><th>Questions</th>\
         <th>Time</th><th>Key points</th><th>Study next</th></tr>",
    );
    for m in &summary.mocks {
        let seconds = m.seconds.max(0.0).round() as u64;
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}:{:02}</td><td>{} of {}</td><td>{}</td></tr>",
            escape(&m.date),
            escape(&m.repository),
            m.questions,
            seconds / 60,
            seconds % 60,
            m.points_hit,
            m.points_total,
            m.study_next.iter().map(|e| format!("<code>{}</code>", escape(e))).collect::<Vec<_>>().join(" ")
        );
    }
    out.push_str("</table>");
    out
}

/// The template with each `{{name}}` replaced, in one pass: a value is never scanned for
/// placeholders itself, so a deck topic titled `{{data}}` stays that text.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}").and_then(|close| values.iter().find(|(k, _)| *k == &after[..close]).map(|v| (close, v)))
        {
            Some((close, (_, value))) => {
                out.push_str(value);
                rest = &after[close + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// JSON made safe inside `<script type="application/json">`: no `<` (so no `</script>` or
/// `<!--`), `>` or `&` in it, and the two line separators JavaScript treats as line ends escaped.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

const TEMPLATE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<title>Interview prep progress · {{today}}</title>
<style{{nonce}}>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1040px; color: #1d2430; background: #fff; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  h2 { font-size: 17px; margin: 22px 0 4px; }
  table.mocks { display: table; width: 100%; }
  .sub { color: #5b6575; margin: 0 0 18px; }
  .stats { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 18px; }
  .stat { border: 1px solid #dfe3ea; border-radius: 8px; padding: 10px 16px; min-width: 110px; }
  .stat b { display: block; font-size: 24px; }
  .stat span { color: #5b6575; font-size: 13px; }
  .ready { font-weight: 600; color: #14612e; background: #e9f7ee; border-radius: 8px; padding: 8px 12px; display: inline-block; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
  figure { margin: 0; border: 1px solid #dfe3ea; border-radius: 8px; padding: 12px; }
  figure.wide { grid-column: 1 / span 2; }
  figcaption { font-weight: 600; margin-bottom: 6px; }
  svg text { font: 12px system-ui, sans-serif; fill: #3a4352; }
  .bar-mastery { fill: #3b82f6; } .bar-reviews { fill: #10b981; } .bar-due { fill: #f59e0b; } .track { fill: #eef1f5; }
  details { margin-top: 18px; } table { border-collapse: collapse; margin: 8px 24px 8px 0; display: inline-table; vertical-align: top; }
  td, th { border-bottom: 1px solid #eef1f5; padding: 2px 10px; text-align: left; } caption { text-align: left; font-weight: 600; }
</style>
</head>
<body>
<h1>Interview prep progress</h1>
<p class="sub">As of {{today}} · progress shared by every editor that runs interview-prep</p>
<div class="stats">
  <div class="stat"><b>{{due}}</b><span>due now</span></div>
  <div class="stat"><b>{{cards}}</b><span>cards studied</span></div>
  <div class="stat"><b>{{reviews}}</b><span>reviews in all</span></div>
  <div class="stat"><b>{{today_count}}</b><span>reviews today</span></div>
  <div class="stat"><b>{{streak}}</b><span>day streak</span></div>
</div>
{{ready}}
<div class="grid">
  <figure class="wide"><figcaption>Mastery per topic</figcaption><div id="mastery" class="chart"></div></figure>
  <figure><figcaption>Reviews per day (last 30 days)</figcaption><div id="per-day" class="chart"></div></figure>
  <figure><figcaption>Due in the next 7 days</figcaption><div id="forecast" class="chart"></div></figure>
</div>
{{mocks}}
<details><summary>The numbers</summary>{{tables}}</details>
<script id="data" type="application/json">{{data}}</script>
<script{{nonce}}>
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("data").textContent);
  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function svg(id, width, height) {
    var host = document.getElementById(id);
    return el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img" }, host);
  }
  // Horizontal bars: one row per topic, the bar's length its mastery.
  function mastery(topics) {
    var row = 22, left = 260, width = 940, barMax = width - left - 110;
    var s = svg("mastery", width, topics.length * row + 10);
    topics.forEach(function (t, i) {
      var y = 5 + i * row;
      el("text", { x: left - 8, y: y + 14, "text-anchor": "end" }, s, t.title);
      el("rect", { class: "track", x: left, y: y + 3, width: barMax, height: 14, rx: 3 }, s);
      el("rect", { class: "bar bar-mastery", x: left, y: y + 3, width: Math.max(0, t.mastery * barMax), height: 14, rx: 3 }, s);
      el("text", { x: left + barMax + 8, y: y + 14 }, s, Math.round(t.mastery * 100) + "% · " + t.reviewed + "/" + t.entries);
    });
    return s;
  }
  // Vertical bars over days, labelled every few days.
  function columns(id, days, cls, every) {
    var width = 460, height = 210, bottom = 40, top = 16, left = 28;
    var s = svg(id, width, height);
    var max = Math.max.apply(null, days.map(function (d) { return d.count; }).concat([1]));
    var step = (width - left - 20) / days.length;
    el("line", { x1: left, y1: height - bottom, x2: width - 4, y2: height - bottom, stroke: "#c5ccd8" }, s);
    el("text", { x: left - 6, y: top + 4, "text-anchor": "end" }, s, String(max));
    days.forEach(function (d, i) {
      var h = (height - bottom - top) * d.count / max;
      var x = left + i * step + step * 0.15;
      el("rect", { class: "bar " + cls, x: x, y: height - bottom - h, width: step * 0.7, height: h }, s);
      if (d.count > 0 && step > 30) el("text", { x: x + step * 0.35, y: height - bottom - h - 4, "text-anchor": "middle" }, s, String(d.count));
      // Counted from the end, so the last (today) is always labelled and labels never collide.
      if ((days.length - 1 - i) % every === 0) el("text", { x: x + step * 0.35, y: height - bottom + 16, "text-anchor": "middle" }, s, d.date.slice(5));
    });
    return s;
  }
  var charts = [mastery(data.topics), columns("per-day", data.perDay, "bar-reviews", 7), columns("forecast", data.forecast, "bar-due", 1)];
  // What a test (or a curious reader) can check: each chart's drawn size and number of bars.
  charts.forEach(function (s) {
    var box = s.getBBox();
    s.parentNode.setAttribute("data-bars", String(s.querySelectorAll("rect.bar").length));
    s.parentNode.setAttribute("data-drawn", box.width > 0 && box.height > 0 ? "yes" : "no");
  });
  document.body.setAttribute("data-charts", String(charts.length));
})();
</script>
</body>
</html>
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Deck;
    use crate::progress::summary::{summarize, Knowledge};
    use crate::progress::{Scheduler, Store};

    #[test]
    fn the_report_embeds_its_data_and_fetches_nothing() {
        let store = Store::in_memory();
        let k = Knowledge::load(&store, Scheduler::default_params(), 1_795_000_000).unwrap();
        let html = render(&summarize(&store, &Deck::builtin(), &k).unwrap());
        assert!(html.contains("default-src 'none'"));
        assert!(!html.contains("http://") || html.matches("http://").count() == 1, "only the SVG namespace");
        assert!(!html.contains("https://"));
        assert!(!html.contains("{{"), "every placeholder is filled");
        assert!(html.contains("\"perDay\""));
    }

    #[test]
    fn a_webview_gets_its_nonce_on_the_script_and_the_style() {
        let store = Store::in_memory();
        let k = Knowledge::load(&store, Scheduler::default_params(), 1_795_000_000).unwrap();
        let html = render_with_nonce(&summarize(&store, &Deck::builtin(), &k).unwrap(), Some("abc123"));
        assert!(html.contains("script-src 'nonce-abc123'") && !html.contains("unsafe-inline"), "{html}");
        assert!(html.contains("<style nonce=\"abc123\">") && html.contains("<script nonce=\"abc123\">"));
    }

    #[test]
    fn hostile_titles_stay_text() {
        let store = Store::in_memory();
        let k = Knowledge::load(&store, Scheduler::default_params(), 1_795_000_000).unwrap();
        let mut summary = summarize(&store, &Deck::builtin(), &k).unwrap();
        let evil = "{{data}}</script><script>alert(1)</script><img src=x onerror=alert(2)>";
        summary.topics[0].title = evil.to_string();
        let html = render(&summary);
        assert_eq!(html.matches("<script").count(), 2, "only the data block and the drawing script");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("{{data}}&lt;/script&gt;"), "the title is shown as text in the table");
        let data = &html[html.find("<script id=\"data\"").unwrap()..];
        let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
        let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(parsed["topics"][0]["title"], evil, "the JSON still carries the title exactly");
    }
}
