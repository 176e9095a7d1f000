package dev.slabrace.trace.std;

import dev.slabrace.trace.io.LineReader;

/** The content test for STD: does the first non-blank line read {@code name|op(...)|digits}? */
final class StdSniffer {
  private StdSniffer() {}

  /**
   * Whether the first non-blank line of {@code head[0, length)} is an STD event with a known operation.
   * A line cut off by the end of {@code head} is judged on what is there.
   */
  static boolean sniff(byte[] head, int length) {
    int n = Math.min(length, head.length);
    int i = Text.startsWith(head, n, LineReader.BOM) ? LineReader.BOM.length : 0;
    while (i < n && (head[i] & 0xff) <= ' ') {
      i++;
    }
    int end = i;
    while (end < n && head[end] != '\n') {
      end++;
    }
    while (end > i && (head[end - 1] & 0xff) <= ' ') {
      end--;
    }
    if (i == end) {
      return false;
    }
    int firstBar = -1;
    int lastBar = -1;
    for (int j = i; j < end; j++) {
      if ((head[j] & 0xff) <= ' ') {
        return false;
      }
      if (head[j] == '|') {
        firstBar = firstBar < 0 ? j : firstBar;
        lastBar = j;
      }
    }
    if (firstBar <= i || lastBar == firstBar || head[lastBar - 1] != ')' || lastBar + 1 == end) {
      return false;
    }
    int paren = firstBar + 1;
    while (paren < lastBar && head[paren] != '(') {
      paren++;
    }
    if (paren >= lastBar - 1) {
      return false;
    }
    boolean hasArgument = paren + 1 < lastBar - 1;
    boolean known = (hasArgument && StdOps.op(head, firstBar + 1, paren) != null)
        || StdOps.isMark(head, firstBar + 1, paren);
    int digits = head[lastBar + 1] == '-' ? lastBar + 2 : lastBar + 1;
    if (!known || digits == end) {
      return false;
    }
    for (int j = digits; j < end; j++) {
      if (head[j] < '0' || head[j] > '9') {
        return false;
      }
    }
    return true;
  }
}
