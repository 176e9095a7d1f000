package dev.slabrace.report;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
/**
 * The key of a finding in a baseline: its kind and, sorted, each access's function and access type,
 * as in {@code data-race alloc_slab_obj_exts:write slab_obj_ext:read}.
 */
public final class BaselineKey {
  /* Implementation notes
   *
   * A key must survive a rebuild of the kernel and a re-recording of the trace. Offsets within a
   * function (func+0x1a4/0x2b0) and line numbers (mm/slub.c:4211) move with every build, and event
   * ids, addresses, task ids and CPUs with every recording, so none of them is in the key; what is
   * left is what kind of bug it is, which functions collide and how. A frame of the file:line style
   * keeps only its file. Sorting the two sides makes the key independent of which came first, as the
   * KCSAN title is.
   */

  private BaselineKey() {}

  /** Returns the key of {@code f}. */
  public static String of(Finding f) {
    String a = side(f.first());
    String b = side(f.second());
    return f.kind().wireName() + " " + (a.compareTo(b) <= 0 ? a + " " + b : b + " " + a);
  }

  private static String side(Access a) {
    String function = KcsanTitle.functionName(a.topFrame());
    int colon = function.lastIndexOf(':');
    if (colon > 0 && colon < function.length() - 1
        && function.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      function = function.substring(0, colon);
    }
    return function.replace(' ', '_') + ":" + JsonReporter.typeName(a.type());
  }
}
