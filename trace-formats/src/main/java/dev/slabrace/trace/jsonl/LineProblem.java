package dev.slabrace.trace.jsonl;

/**
 * A problem with one line, without its location: the decoder throws it and the source adds the file
 * and line. It has no stack trace, so lenient reading of many bad lines stays cheap.
 */
final class LineProblem extends Exception {
  /** Creates a problem with the given text, e.g. {@code "unknown op 'foo'"}. */
  LineProblem(String problem) {
    super(problem, null, false, false);
  }
}
