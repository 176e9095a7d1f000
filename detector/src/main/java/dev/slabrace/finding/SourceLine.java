package dev.slabrace.finding;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source file and line a symbolised frame names, as {@code scripts/decode_stacktrace.sh} appends
 * them: {@code func+0x1c/0x80 fs/open.c:123}, {@code func fs/open.c:88 [inline]}, or a frame that is
 * only {@code mm/slub.c:4211}.
 *
 * @param file the source path as the frame gives it ({@code fs/open.c})
 * @param line the line, at least 1
 * @param inline whether the frame is an inlined call ({@code [inline]})
 */
public record SourceLine(String file, int line, boolean inline) {
  /* Implementation notes
   *
   * Frames stay strings from the trace to the reports: a symbolising step adds the location to the
   * frame's text, the way decode_stacktrace.sh rewrites a kernel log, and every report reads it back
   * from there. The location is the frame's last word (before " [inline]"): a path with a '.' or '/',
   * a colon, a line number and optionally ":column" (llvm-symbolizer). A frame without one has no
   * source line; its whole text is its symbol.
   */

  private static final String INLINE = " [inline]";
  private static final Pattern LOCATION =
      Pattern.compile("([^\\s:]*[./][^\\s:]*):([1-9][0-9]{0,8})(?::[0-9]{1,9})?");

  /** Returns the source line {@code frame} names, or empty if it names none. */
  public static Optional<SourceLine> of(String frame) {
    boolean inline = frame.endsWith(INLINE);
    String rest = inline ? frame.substring(0, frame.length() - INLINE.length()) : frame;
    Matcher m = LOCATION.matcher(lastWord(rest));
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new SourceLine(m.group(1), Integer.parseInt(m.group(2)), inline));
  }

  /**
   * Returns the symbol part of {@code frame}, without its source line: {@code func+0x1c/0x80} of
   * {@code func+0x1c/0x80 fs/open.c:123}; empty for a frame that is only a source line, and the whole
   * frame when it names none.
   */
  public static String symbol(String frame) {
    if (of(frame).isEmpty()) {
      return frame;
    }
    String rest = frame.endsWith(INLINE) ? frame.substring(0, frame.length() - INLINE.length())
        : frame;
    return rest.substring(0, rest.length() - lastWord(rest).length()).strip();
  }

  private static String lastWord(String s) {
    int space = s.lastIndexOf(' ');
    return space < 0 ? s : s.substring(space + 1);
  }
}
