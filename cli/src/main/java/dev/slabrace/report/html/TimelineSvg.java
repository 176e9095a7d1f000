package dev.slabrace.report.html;

import dev.slabrace.finding.Timeline.Edge;
import dev.slabrace.finding.Timeline.Event;
import dev.slabrace.finding.Timeline.Lane;
import dev.slabrace.finding.Timeline;
import dev.slabrace.trace.Printable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Draws a {@link Timeline} as inline SVG: one column per task, time flowing down, one row per event in
 * trace order, the finding's events highlighted, existing edges as arrows and missing ones as red
 * dashed arrows with a cross.
 */
final class TimelineSvg {
  /* Implementation notes
   *
   * Every event gets its own row, in id order across lanes, so the picture shows the trace's
   * linearisation: an arrow from a higher row to a lower one goes forward in time. Coordinates are
   * integers so that the output is the same on every machine. Edges are drawn before the boxes, so an
   * edge that passes a box goes under it, and their captions after, so that no box hides one. Edges leave a box at its side facing
   * the target's column; an edge within one column bends out to the right. Captions sit halfway
   * along an existing edge and three quarters along a missing one, beside it.
   */

  private static final int MARGIN = 16;
  private static final int COLUMN = 330;
  private static final int GAP = 170;
  private static final int HEADER = 52;
  private static final int ROW = 66;
  private static final int BOX_HEIGHT = 54;
  /** Characters of a frame or region that fit a box at the fonts the style sheet sets. */
  private static final int MAX_CHARS = 46;

  private TimelineSvg() {}

  /** Returns the SVG element of {@code t}. */
  static String draw(Timeline t) {
    Map<Long, Integer> column = new HashMap<>();
    TreeSet<Long> ids = new TreeSet<>();
    for (int c = 0; c < t.lanes().size(); c++) {
      for (Event e : t.lanes().get(c).events()) {
        column.put(e.id(), c);
        ids.add(e.id());
      }
    }
    Map<Long, Integer> row = new HashMap<>();
    for (long id : ids) {
      row.put(id, row.size());
    }
    int width = 2 * MARGIN + t.lanes().size() * COLUMN + (t.lanes().size() - 1) * GAP;
    int height = HEADER + ids.size() * ROW + MARGIN;
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" role=\"img\">\n");
    sb.append("<defs>")
        .append(marker("arrow", "edge-head"))
        .append(marker("arrow-missing", "missing-head"))
        .append(marker("arrow-axis", "axis-head"))
        .append("</defs>\n");
    for (int c = 0; c < t.lanes().size(); c++) {
      lane(sb, t.lanes().get(c), x(c), height);
    }
    StringBuilder captions = new StringBuilder();
    for (Edge edge : t.edges()) {
      arrow(sb, captions, edge, column, row, false);
    }
    for (Edge edge : t.missing()) {
      arrow(sb, captions, edge, column, row, true);
    }
    for (Lane lane : t.lanes()) {
      for (Event e : lane.events()) {
        box(sb, e, x(column.get(e.id())), y(row.get(e.id())));
      }
    }
    sb.append(captions);
    return sb.append("</svg>\n").toString();
  }

  private static String marker(String id, String cls) {
    return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\""
        + " markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"" + cls
        + "\" d=\"M0,0 L10,5 L0,10 z\"/></marker>";
  }

  private static int x(int column) {
    return MARGIN + column * (COLUMN + GAP);
  }

  private static int y(int row) {
    return HEADER + row * ROW;
  }

  private static void lane(StringBuilder sb, Lane lane, int x, int height) {
    TreeSet<Integer> cpus = new TreeSet<>();
    lane.events().forEach(e -> {
      if (e.cpu() >= 0) {
        cpus.add(e.cpu());
      }
    });
    String cpu = cpus.isEmpty() ? "cpu ?" : (cpus.size() == 1 ? "cpu " : "cpus ")
        + String.join(",", cpus.stream().map(String::valueOf).toList());
    int mid = x + COLUMN / 2;
    sb.append("<g class=\"lane\"><text class=\"lane-title\" x=\"").append(mid).append("\" y=\"22\">")
        .append(cpu.toUpperCase(Locale.ROOT)).append("</text>")
        .append("<text class=\"lane-task\" x=\"").append(mid).append("\" y=\"40\">task ")
        .append(Html.clip(lane.task(), MAX_CHARS)).append("</text>")
        .append("<line class=\"lane-axis\" x1=\"").append(mid).append("\" y1=\"").append(HEADER - 4)
        .append("\" x2=\"").append(mid).append("\" y2=\"").append(height - 4)
        .append("\" marker-end=\"url(#arrow-axis)\"/></g>\n");
  }

  private static void box(StringBuilder sb, Event e, int x, int y) {
    String cls = switch (e.role()) {
      case ACCESS -> "event access";
      case HANDOFF -> "event handoff";
      case CONTEXT -> "event";
    };
    sb.append("<g class=\"").append(cls).append("\" data-id=\"").append(e.id()).append("\">")
        .append("<title>").append(Html.escapeLines(tooltip(e))).append("</title>")
        .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
        .append(COLUMN).append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"6\"/>")
        .append("<text class=\"ev-title\" x=\"").append(x + 10).append("\" y=\"").append(y + 17)
        .append("\">").append(Html.clip("#" + e.id() + "  " + EventLabels.label(e), MAX_CHARS))
        .append("</text>");
    String what = EventLabels.what(e);
    if (!what.isEmpty()) {
      sb.append("<text class=\"ev-what\" x=\"").append(x + 10).append("\" y=\"").append(y + 33)
          .append("\">").append(Html.clip(what, MAX_CHARS + 4)).append("</text>");
    }
    sb.append("<text class=\"ev-frame\" x=\"").append(x + 10).append("\" y=\"").append(y + 48)
        .append("\">").append(Html.clip(e.frame().isEmpty() ? "?" : e.frame(), MAX_CHARS + 4))
        .append("</text></g>\n");
  }

  private static String tooltip(Event e) {
    List<String> parts = new ArrayList<>();
    parts.add("event " + e.id() + ": " + EventLabels.label(e));
    if (!EventLabels.what(e).isEmpty()) {
      parts.add(EventLabels.what(e));
    }
    if (e.addr() != 0) {
      parts.add("0x" + Long.toHexString(e.addr()) + (e.size() > 0 ? ", " + e.size() + " bytes" : ""));
    }
    parts.add(e.cpu() < 0 ? "cpu ?" : "cpu " + e.cpu());
    if (!e.frame().isEmpty()) {
      parts.add(e.frame());
    }
    parts.replaceAll(Printable::escape); // one line each: the newlines are the tooltip's own
    return String.join("\n", parts);
  }

  /** Appends an edge's path to {@code sb} and its caption to {@code captions}. */
  private static void arrow(StringBuilder sb, StringBuilder captions, Edge edge,
      Map<Long, Integer> column, Map<Long, Integer> row, boolean missing) {
    Integer fc = column.get(edge.from());
    Integer tc = column.get(edge.to());
    if (fc == null || tc == null) {
      return;
    }
    int y1 = y(row.get(edge.from())) + BOX_HEIGHT / 2;
    int y2 = y(row.get(edge.to())) + BOX_HEIGHT / 2;
    String path;
    int labelX;
    int labelY;
    String anchor;
    if (fc.equals(tc)) {
      int side = x(fc) + COLUMN;
      path = "M" + side + "," + y1 + " C" + (side + 60) + "," + y1 + " " + (side + 60) + "," + y2
          + " " + side + "," + y2;
      labelX = side + 50;
      labelY = (y1 + y2) / 2;
      anchor = "start";
    } else {
      boolean right = tc > fc;
      int x1 = right ? x(fc) + COLUMN : x(fc);
      int x2 = right ? x(tc) : x(tc) + COLUMN;
      path = "M" + x1 + "," + y1 + " L" + x2 + "," + y2;
      // An existing edge is captioned at its middle; a missing one three quarters along, on the
      // side it comes from, so that the captions of two crossing edges do not meet.
      int quarters = missing ? 3 : 2;
      labelX = x1 + (x2 - x1) * quarters / 4 + (missing ? (right ? -8 : 8) : 0);
      labelY = y1 + (y2 - y1) * quarters / 4;
      anchor = !missing ? "middle" : right ? "end" : "start";
    }
    String cls = missing ? "missing" : "edge";
    sb.append("<g class=\"").append(cls).append("\"><path d=\"").append(path)
        .append("\" marker-end=\"url(#").append(missing ? "arrow-missing" : "arrow")
        .append(")\"/></g>\n");
    captions.append("<text class=\"").append(cls).append("-label\" x=\"").append(labelX)
        .append("\" y=\"").append(labelY - 6).append("\" text-anchor=\"").append(anchor)
        .append("\">").append(Html.escape(EventLabels.edge(edge.kind()))).append("</text>\n");
  }
}
