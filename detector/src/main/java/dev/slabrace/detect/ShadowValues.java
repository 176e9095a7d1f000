package dev.slabrace.detect;

import dev.slabrace.detect.shadow.ShadowMemory;

/** Queries of the values the shadow cells remember: what a write overwrites. */
final class ShadowValues {
  private ShadowValues() {}

  /** The newest cell of exactly these bytes that knows its value: what a write overwrites. */
  static int lastValueCell(ShadowMemory shadow, long a, long n) {
    int best = ShadowMemory.NIL;
    for (int c = shadow.head(a >>> 3); c != ShadowMemory.NIL; c = shadow.next(c)) {
      if (knowsValue(shadow, c, a, n)
          && (best == ShadowMemory.NIL || shadow.eventId(c) > shadow.eventId(best))) {
        best = c;
      }
    }
    // the marked stores are newest first and never reused in place: the first that fits is newest
    for (int c = shadow.markedHead(a >>> 3); c != ShadowMemory.NIL; c = shadow.next(c)) {
      if (knowsValue(shadow, c, a, n)) {
        return best == ShadowMemory.NIL || shadow.eventId(c) > shadow.eventId(best) ? c : best;
      }
    }
    return best;
  }

  private static boolean knowsValue(ShadowMemory shadow, int c, long a, long n) {
    return shadow.addr(c) == a && shadow.size(c) == n
        && (shadow.flags(c) & (ShadowMemory.HAS_VALUE | ShadowMemory.FREED | ShadowMemory.COVERED))
            == ShadowMemory.HAS_VALUE;
  }
}
