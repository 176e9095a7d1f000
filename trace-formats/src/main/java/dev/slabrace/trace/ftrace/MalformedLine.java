package dev.slabrace.trace.ftrace;

/**
 * A mapped event line that cannot be read, with what is wrong; the source adds the file and line and
 * turns it into a {@link dev.slabrace.trace.TraceFormatException}, or counts it in lenient mode. It
 * carries no stack trace: it is an expected outcome of bad input, not a bug.
 */
final class MalformedLine extends Exception {
  MalformedLine(String problem) {
    super(problem, null, false, false);
  }
}
