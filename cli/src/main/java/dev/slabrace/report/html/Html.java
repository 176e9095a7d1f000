package dev.slabrace.report.html;

import dev.slabrace.trace.Printable;

/** Escaping for HTML and SVG text and attribute values: every string from a trace goes through it. */
final class Html {
  private Html() {}

  /**
   * Returns {@code s} with {@code & < > " '} replaced by character references and every control,
   * separator or format character (newline, ESC, NUL, bidirectional overrides) written out as
   * {@link Printable} writes it, since HTML can show none of them as what they are.
   */
  static String escape(String s) {
    return escape(s, false);
  }

  /** Returns {@code text}, lines that {@link Printable} already escaped, escaped keeping its newlines. */
  static String escapeLines(String text) {
    return escape(text, true);
  }

  private static String escape(String s, boolean keepNewlines) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String ref = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> (c == '\n' && keepNewlines) || !Printable.escaped(s, i) ? null
            : Printable.escape(String.valueOf(c));
      };
      if (ref != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (ref != null) {
          sb.append(ref);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Returns {@code s} cut to {@code max} characters with a trailing ellipsis, then escaped. */
  static String clip(String s, int max) {
    return escape(s.length() <= max ? s : s.substring(0, max - 1) + "\u2026");
  }
}
