package dev.slabrace.report;

/** Escaping for HTML and SVG text and attribute values: every string from a trace goes through it. */
final class Html {
  private Html() {}

  /** Returns {@code s} with {@code & < > " '} replaced by character references. */
  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String ref = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
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
