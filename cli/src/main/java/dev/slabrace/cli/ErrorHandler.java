package dev.slabrace.cli;

import dev.slabrace.trace.Printable;
import dev.slabrace.trace.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The one place where failures become messages and exit statuses: a wrong command line is
 * {@link ExitCode#BAD_INPUT}, an unreadable trace is worded by {@link #describe}, and any other
 * exception is {@link ExitCode#INTERNAL}, printed as one line without a stack trace.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
  /** The environment variable that, set to {@code 1}, adds stack traces to internal errors. */
  static final String DEBUG_ENV = "SLABRACE_DEBUG";

  private final boolean debug;

  /** Creates a handler; {@code debug} prints the stack trace of internal errors. */
  ErrorHandler(boolean debug) {
    this.debug = debug;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("slabrace: " + oneLine(ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.BAD_INPUT.code();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    // An Error thrown by a command arrives wrapped (see Main.commandLine); report what was thrown.
    Throwable t = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
    PrintWriter err = cmd.getErr();
    if (t instanceof StdoutWriter.StdoutFailure failure) {
      return stdoutFailed(failure, err);
    }
    String message = t.getMessage();
    if (t instanceof OutOfMemoryError) {
      // not a bug as such: the trace describes more state (tasks, shadowed bytes) than the heap holds
      err.println("slabrace: out of memory (" + (message == null ? "heap" : oneLine(message))
          + "): the analysis needs a larger heap; run with JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g");
    } else {
      err.println("slabrace: " + internalError(t));
    }
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return ExitCode.INTERNAL.code();
  }

  /** Whether {@link #DEBUG_ENV} asks for the stack traces of internal errors. */
  static boolean debug() {
    return "1".equals(System.getenv(DEBUG_ENV));
  }

  /** Returns the one-line description of a bug: {@code internal error: CLASS: MESSAGE}. */
  static String internalError(Throwable t) {
    String message = t.getMessage();
    return "internal error: " + t.getClass().getName()
        + (message == null ? "" : ": " + oneLine(message));
  }

  /**
   * Reports that standard output failed and returns the exit status: {@link ExitCode#BROKEN_PIPE},
   * without a message, when its reader went away; else a line such as {@code slabrace: <stdout>:
   * write error: No space left on device} and {@link ExitCode#BAD_INPUT}.
   */
  static int stdoutFailed(StdoutWriter.StdoutFailure failure, PrintWriter err) {
    if (failure.brokenPipe()) {
      return ExitCode.BROKEN_PIPE.code();
    }
    String reason = failure.getMessage();
    err.println("slabrace: <stdout>: write error"
        + (reason == null ? "" : ": " + oneLine(reason)));
    err.flush();
    return ExitCode.BAD_INPUT.code();
  }

  /**
   * Returns the one-line message for a file that could not be read, starting with the file's name
   * ({@code t.jsonl: no such file}, {@code t.jsonl:12: expected ...}).
   */
  static String describe(String file, IOException e) {
    if (e instanceof TraceFormatException) {
      return oneLine(e.getMessage());
    }
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
      reason = fse.getReason();
    } else if (e.getMessage() == null) {
      reason = e.getClass().getSimpleName();
    } else if (e.getMessage().startsWith(file + ":")) {
      return oneLine(e.getMessage());
    } else {
      reason = e.getMessage();
    }
    return Printable.escape(file) + ": " + oneLine(reason);
  }

  /** Returns a message as one line: line breaks become spaces, other controls are escaped. */
  private static String oneLine(String s) {
    return Printable.escape(s.strip().replaceAll("\\s*\\R\\s*", " "));
  }
}
