package dev.slabrace.cli;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.TraceFormat;
import dev.slabrace.trace.TraceOutputs;
import dev.slabrace.trace.Traces;
import dev.slabrace.trace.jsonl.JsonlEventWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slabrace convert} subcommand: reads a trace in any supported format and writes it in the
 * format its output name asks for, streaming. JSON Lines and the binary format convert into each other
 * without loss.
 */
@Command(
    name = "convert",
    description = "Convert a trace between formats: IN in any readable format (JSON Lines, ftrace"
        + " text, RAPID STD, binary; gzip by content), OUT by its name: .jsonl or .bin/.simbin,"
        + " optionally .gz.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:converted", "2:the input or the command line is wrong", "3:internal error"})
final class ConvertCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "IN", description = "the trace to read; '-' reads standard"
      + " input")
  private String in;

  @Parameters(index = "1", paramLabel = "OUT", description = "the trace to write (replaced only when"
      + " complete; never IN); '-' writes JSON Lines to standard output")
  private String out;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    boolean toStdout = out.equals("-");
    if (!toStdout && !TraceOutputs.isWritable(out)) {
      throw new ParameterException(spec.commandLine(), "cannot tell the output format from '" + out
          + "' (expected " + TraceFormat.writableEndings()
          + ", optionally .gz, or - for JSON Lines on standard output)");
    }
    String input = TraceFiles.names(List.of(in)).get(0);
    String clash = SafeOutput.clash(out, List.of(input));
    if (clash != null) {
      err.println("slabrace: " + clash);
      return ExitCode.BAD_INPUT.code();
    }
    String written = toStdout ? "<stdout>" : out;
    InputStream stream;
    try {
      stream = TraceFiles.open(input);
    } catch (IOException e) {
      err.println("slabrace: " + ErrorHandler.describe(input, e));
      return ExitCode.BAD_INPUT.code();
    }
    long events = 0;
    String at = written; // whose failure an exception is: the output's, or the input's while reading
    try (stream; SafeOutput target = toStdout ? null : SafeOutput.create(out)) {
      at = input;
      try (EventSource source = Traces.open(stream, input, false);
          EventWriter writer = toStdout
              ? new JsonlEventWriter(new CharOutputStream(spec.commandLine().getOut()), source)
              : TraceOutputs.open(target.stream(), out, source)) {
        EventCursor cursor = new EventCursor();
        while (source.next(cursor)) {
          at = written;
          writer.write(cursor);
          events++;
          at = input;
        }
        at = written;
      }
      if (target != null) {
        target.commit();
      }
    } catch (IOException e) {
      // a file output stays as it was, or is not created
      err.println("slabrace: " + ErrorHandler.describe(at, e));
      return ExitCode.BAD_INPUT.code();
    } catch (UncheckedIOException e) {
      err.println("slabrace: " + ErrorHandler.describe(at, e.getCause()));
      return ExitCode.BAD_INPUT.code();
    }
    err.println("slabrace: " + input + ": " + events + " events written to " + written);
    return ExitCode.CLEAN.code();
  }
}
