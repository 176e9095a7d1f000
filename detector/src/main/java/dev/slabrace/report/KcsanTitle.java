package dev.slabrace.report;

/**
 * The bug title of a finding, {@code KCSAN: <bugtype> in <f1> / <f2>}, as KCSAN's print_report() and
 * syzbot's {@code KCSAN: %v} format name a bug.
 */
final class KcsanTitle {
  /* Implementation notes
   *
   * KCSAN orders the two function names with sym_strcmp() "for consistent bug titles", so a title does
   * not depend on which side reported; String.compareTo plays that role here. KCSAN prints the names
   * with %ps (no offsets); a frame is cut to its function name accordingly.
   */

  /** What a title says when the trace gave no code location. */
  static final String UNKNOWN = "?";

  private KcsanTitle() {}

  /** Returns the title of {@code finding}, without the {@code BUG: } prefix of the text report. */
  static String of(Finding finding) {
    String a = functionName(finding.first().topFrame());
    String b = functionName(finding.second().topFrame());
    String lo = a.compareTo(b) <= 0 ? a : b;
    String hi = lo == a ? b : a;
    return "KCSAN: " + bugType(finding.kind()) + " in " + lo + " / " + hi;
  }

  /** Returns KCSAN's get_bug_type() word for {@code kind}. */
  static String bugType(FindingKind kind) {
    return switch (kind) {
      case DATA_RACE -> "data-race";
      case ASSERT_RACE -> "assert: race";
      case USE_AFTER_FREE -> "use-after-free";
      case DOUBLE_FREE -> "double-free";
    };
  }

  /**
   * Returns the function name of a frame: {@code func+0x5a/0x160 [mod]} becomes {@code func}, a frame
   * without an offset such as {@code file.c:123} stays as is, and an empty one becomes {@code ?}.
   */
  static String functionName(String frame) {
    String name = frame;
    int module = name.lastIndexOf(" [");
    if (module >= 0 && name.endsWith("]")) {
      name = name.substring(0, module);
    }
    int offset = name.indexOf('+');
    if (offset >= 0) {
      name = name.substring(0, offset);
    }
    name = name.strip();
    return name.isEmpty() ? UNKNOWN : name;
  }
}
