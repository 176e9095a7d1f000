package dev.slabrace.report;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.SourceLine;
/**
 * The bug title of a finding, as the kernel's sanitizer for its kind names it: a race is
 * {@code KCSAN: <bugtype> in <f1> / <f2>} (KCSAN's print_report(), syzbot's {@code KCSAN: %v}), a
 * use-after-free or double free {@code KASAN: <bugtype> in <func>+0x19/0x70} (KASAN's
 * print_error_description(), which KCSAN never prints).
 */
public final class KcsanTitle {
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
  public static String of(Finding finding) {
    if (!isKcsan(finding.kind())) {
      return "KASAN: " + bugType(finding.kind()) + " in " + location(finding.second().topFrame());
    }
    String a = functionName(finding.first().topFrame());
    String b = functionName(finding.second().topFrame());
    String lo = a.compareTo(b) <= 0 ? a : b;
    String hi = lo == a ? b : a;
    return "KCSAN: " + bugType(finding.kind()) + " in " + lo + " / " + hi;
  }

  /** Whether KCSAN reports findings of {@code kind} (races); KASAN reports the others. */
  public static boolean isKcsan(FindingKind kind) {
    return kind == FindingKind.DATA_RACE || kind == FindingKind.ASSERT_RACE;
  }

  /**
   * Returns the bug type of {@code kind}: KCSAN's get_bug_type() word for a race, KASAN's bug_type
   * for a memory error (a use-after-free is always of a slab object here).
   */
  static String bugType(FindingKind kind) {
    return switch (kind) {
      case DATA_RACE -> "data-race";
      case ASSERT_RACE -> "assert: race";
      case USE_AFTER_FREE -> "slab-use-after-free";
      case DOUBLE_FREE -> "double-free";
    };
  }

  /**
   * Returns a frame as KASAN's %pS prints the faulting ip: {@code func+0x19/0x70} with its module,
   * without the source line a symbolising step added.
   */
  public static String location(String frame) {
    String symbol = SourceLine.symbol(frame);
    return symbol.isEmpty() ? frame : symbol;
  }

  /**
   * Returns the function name of a frame: {@code func+0x5a/0x160 [mod]} and
   * {@code func+0x5a/0x160 fs/file.c:12} become {@code func}, a frame that is only a source line such as
   * {@code file.c:123} stays as is, and an empty one becomes {@code ?}.
   */
  public static String functionName(String frame) {
    String symbol = SourceLine.symbol(frame);
    String name = symbol.isEmpty() ? frame : symbol;
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
