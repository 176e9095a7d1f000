package dev.slabrace.cli;

import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Runs a command's work on each trace in turn, as every command that reads several traces does: a
 * trace that cannot be read is said on standard error and the others still run; a bug met in one
 * trace is said and the others still run; a failure of standard output ends the command.
 */
final class EachTrace {
  private EachTrace() {}

  /** The work done for one trace. */
  @FunctionalInterface
  interface Work {
    /** Does the work for {@code trace}. */
    void run(String trace) throws IOException;
  }

  /**
   * Runs {@code work} on each of {@code traces}; returns {@link ExitCode#INTERNAL} if slabrace met a
   * bug in one, else {@link ExitCode#BAD_INPUT} if one could not be read, else {@link ExitCode#CLEAN}.
   */
  static ExitCode run(List<String> traces, PrintWriter err, Work work) {
    boolean failed = false;
    boolean internal = false;
    for (String trace : traces) {
      try {
        work.run(trace);
      } catch (IOException e) {
        err.println("slabrace: " + ErrorHandler.describe(trace, e));
        failed = true;
      } catch (StdoutWriter.StdoutFailure e) {
        // standard output failed, not the trace: the command ends (Main)
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        // a bug met in this trace alone: say so, and go on to the other traces
        err.println("slabrace: " + Printable.escape(trace) + ": " + ErrorHandler.internalError(e));
        internal = true;
      }
    }
    return internal ? ExitCode.INTERNAL : failed ? ExitCode.BAD_INPUT : ExitCode.CLEAN;
  }
}
