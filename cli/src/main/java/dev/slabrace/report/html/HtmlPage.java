package dev.slabrace.report.html;

/** The fixed parts of the HTML page: its head with the inline style sheet, and its inline script. */
final class HtmlPage {
  private HtmlPage() {}

  /** Everything up to the page's content. */
  static final String HEAD = """
      <!DOCTYPE html>
      <html lang="en" data-script="pending">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
      style-src 'unsafe-inline'; script-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>slabrace report</title>
      <style>
      body { font: 14px/1.45 system-ui, sans-serif; color: #1d232b; margin: 24px; max-width: 1280px; }
      h1 { font-size: 22px; margin: 0 0 4px; }
      h2 { font-size: 17px; margin: 28px 0 8px; font-family: monospace; }
      h3 { font-size: 15px; margin: 0 0 8px; font-family: monospace; }
      .lead { color: #555; margin: 0 0 14px; }
      table.summary { border-collapse: collapse; margin-bottom: 12px; }
      table.summary th, table.summary td { border: 1px solid #ccd3db; padding: 3px 8px; text-align: left; }
      table.summary th { background: #eef2f6; }
      table.summary td { font-family: monospace; font-size: 13px; }
      .legend { color: #555; font-size: 13px; margin: 2px 0 6px; }
      .legend .ok { color: #2e7d32; font-weight: bold; }
      .legend .bad { color: #c62828; font-weight: bold; }
      a { color: #0b5cad; }
      .kind { white-space: nowrap; font: 12px monospace; padding: 1px 6px; border-radius: 8px; background: #fde2e1; color: #8a1c17; }
      .kind.use-after-free, .kind.double-free { background: #f5e1fd; color: #5f1a8a; }
      .number { color: #777; }
      section.finding { border: 1px solid #ccd3db; border-radius: 6px; padding: 12px 14px; margin: 10px 0 18px; }
      dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 0 0 10px; }
      dl.facts dt { color: #555; }
      dl.facts dd { margin: 0; font-family: monospace; }
      .callout { border-left: 4px solid #c62828; background: #fff3f2; padding: 6px 10px; margin: 0 0 10px; }
      .trace-summary, .clean { font-family: monospace; color: #333; }
      ul.warnings { font-family: monospace; font-size: 13px; color: #8a5a00; }
      .no-timeline, .event-info { color: #555; font-size: 13px; margin: 4px 0; font-family: monospace; white-space: pre-wrap; }
      details pre { background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 12px; }
      svg.timeline { display: block; max-width: 100%; height: auto; }
      svg.timeline text { font-family: monospace; }
      .lane-title { font: bold 15px sans-serif; text-anchor: middle; fill: #1d232b; }
      .lane-task { font-size: 12px; text-anchor: middle; fill: #555; }
      .lane-axis { stroke: #b8c2cc; stroke-width: 2; }
      .axis-head { fill: #b8c2cc; }
      .event rect { fill: #f4f6f8; stroke: #9aa6b2; stroke-width: 1; }
      .event.access rect { fill: #ffe3e0; stroke: #c62828; stroke-width: 3; }
      .event.handoff rect { fill: #fff4d6; stroke: #c98a00; stroke-width: 2; }
      .event.selected rect { stroke: #0b5cad; stroke-width: 3; }
      .event { cursor: pointer; }
      .ev-title { font-size: 13px; font-weight: bold; fill: #1d232b; }
      .ev-what { font-size: 12px; fill: #333; }
      .ev-frame { font-size: 11px; fill: #666; }
      .edge path { stroke: #2e7d32; stroke-width: 2; fill: none; }
      .edge-head { fill: #2e7d32; }
      .edge-label { font-size: 12px; font-weight: bold; fill: #2e7d32; }
      .edge-label, .missing-label { paint-order: stroke; stroke: #ffffff; stroke-width: 5px; }
      .missing path { stroke: #c62828; stroke-width: 2.5; stroke-dasharray: 7 5; fill: none; }
      .missing-head { fill: #c62828; }
      .missing-label { font-size: 13px; font-weight: bold; fill: #c62828; }
      </style>
      </head>
      <body>
      """;

  /** The inline script and the end of the page. */
  static final String TAIL = """
      <script>
      (function () {
        var root = document.documentElement;
        window.addEventListener('error', function () { root.setAttribute('data-script', 'error'); });
        var events = document.querySelectorAll('g.event');
        function select(box) {
          var id = box.getAttribute('data-id');
          var section = box.closest('section.finding');
          section.querySelectorAll('g.event').forEach(function (g) {
            g.classList.toggle('selected', g.getAttribute('data-id') === id);
          });
          var info = section.querySelector('.event-info');
          if (info) {
            info.textContent = box.querySelector('title').textContent;
          }
        }
        events.forEach(function (g) {
          g.addEventListener('click', function () { select(g); });
        });
        root.setAttribute('data-script', 'ok');
      })();
      </script>
      </body>
      </html>
      """;
}
