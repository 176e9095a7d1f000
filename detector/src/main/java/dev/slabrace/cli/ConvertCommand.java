package dev.slabrace.cli;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.TraceOutputs;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
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

  @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true,
      description = "show this help and exit")
  private boolean help;

  @Parameters(index = "0", paramLabel = "IN", description = "the trace to read")
  private String in;

  @Parameters(index = "1", paramLabel = "OUT", description = "the trace to write")
  private String out;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (!TraceOutputs.isWritable(out)) {
      throw new ParameterException(spec.commandLine(), "cannot tell the output format from '" + out
          + "' (expected .jsonl, .bin or .simbin, optionally .gz)");
    }
    Path inPath;
    Path outPath;
    try {
      inPath = Path.of(in);
      outPath = Path.of(out);
    } catch (InvalidPathException e) {
      throw new ParameterException(spec.commandLine(), "invalid file name: " + e.getInput());
    }
    if (Files.notExists(inPath)) {
      err.println("slabrace: " + ErrorHandler.describe(in, new NoSuchFileException(in)));
      return ExitCode.BAD_INPUT.code();
    }
    long events = 0;
    try (EventSource source = Traces.open(inPath, in, false);
        EventWriter writer = TraceOutputs.open(outPath, source)) {
      EventCursor cursor = new EventCursor();
      while (source.next(cursor)) {
        writer.write(cursor);
        events++;
      }
    } catch (IOException e) {
      Files.deleteIfExists(outPath);
      err.println("slabrace: " + ErrorHandler.describe(in, e));
      return ExitCode.BAD_INPUT.code();
    }
    err.println("slabrace: " + in + ": " + events + " events written to " + out);
    return ExitCode.CLEAN.code();
  }
}
