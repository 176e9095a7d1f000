/**
 * The HTML report: one self-contained page for all traces ({@link
 * dev.slabrace.report.html.HtmlReporter}), with a summary table, per report its facts, the missing
 * edge in words, an SVG timeline of the tasks involved and the KCSAN splat. The page's fixed head and
 * script, the escaping of every string from a trace, the timeline drawing and the labels of its
 * events live here; the folding of findings into reports, the titles and the splats are the
 * {@code dev.slabrace.report} package's, shared with the text and SARIF reports. No network, no
 * external script or style.
 */
package dev.slabrace.report.html;
