package dev.slabrace.trace.std;

import dev.slabrace.trace.Op;

/** The STD operation names and what each becomes, matched straight from the reader's buffer. */
final class StdOps {
  private StdOps() {}

  /**
   * Returns the event kind of the operation named {@code b[from, to)}: {@code r}, {@code w},
   * {@code acq}, {@code rel}, {@code fork} or {@code join}; null for anything else, marks included.
   */
  static Op op(byte[] b, int from, int to) {
    switch (to - from) {
      case 1:
        return b[from] == 'r' ? Op.LOAD : b[from] == 'w' ? Op.STORE : null;
      case 3:
        return is(b, from, "acq") ? Op.LOCK : is(b, from, "rel") ? Op.UNLOCK : null;
      case 4:
        return is(b, from, "fork") ? Op.FORK : is(b, from, "join") ? Op.JOIN : null;
      default:
        return null;
    }
  }

  /** Whether {@code b[from, to)} is {@code begin} or {@code end}, a transaction mark. */
  static boolean isMark(byte[] b, int from, int to) {
    int n = to - from;
    return (n == 5 && is(b, from, "begin")) || (n == 3 && is(b, from, "end"));
  }

  /** Returns what the argument of {@code op} names, for messages. */
  static String argument(Op op) {
    return switch (op) {
      case LOAD, STORE -> "variable name";
      case LOCK, UNLOCK -> "lock name";
      default -> "thread name";
    };
  }

  private static boolean is(byte[] b, int from, String word) {
    for (int i = 0; i < word.length(); i++) {
      if (b[from + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
