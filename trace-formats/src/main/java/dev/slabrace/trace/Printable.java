package dev.slabrace.trace;

/**
 * The escaping of text from a trace (function, cache, region, task and file names, quoted input) for
 * a line of a report or a message: every character that could break the line or drive a terminal is
 * written as a backslash, 'u' and four hex digits, as Java and JSON write it.
 *
 * <p>Escaped are the C0 controls (newline, ESC and NUL among them), DEL, the C1 controls, the line
 * and paragraph separators, Unicode format characters (bidirectional overrides, zero-width
 * characters) and unpaired surrogates. Everything else, backslashes included, is kept, so ordinary
 * names print unchanged. Readers keep names as they are; printers escape them where they print.
 */
public final class Printable {
  private static final char HEX_DIGITS_START = 'a';

  private Printable() {}

  /** Returns {@code text} with every unprintable character escaped; {@code text} itself if none. */
  public static String escape(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && !escaped(text, i)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (escaped(text, i)) {
        appendEscape(b, c);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Whether the character at {@code i} must be escaped; the halves of a surrogate pair are kept. */
  public static boolean escaped(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    return isUnprintable(c);
  }

  /** Whether {@code c}, not a surrogate, is a control, separator or format character. */
  public static boolean isUnprintable(char c) {
    return c < ' ' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || Character.getType(c) == Character.FORMAT;
  }

  private static void appendEscape(StringBuilder b, char c) {
    b.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (c >> shift) & 0xf;
      b.append((char) (d < 10 ? '0' + d : HEX_DIGITS_START + d - 10));
    }
  }
}
