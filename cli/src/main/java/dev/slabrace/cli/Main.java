package dev.slabrace.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code slabrace} command: the entry point of the jar, holding the subcommands. */
@Command(
    name = "slabrace",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Offline happens-before data-race detector for Linux slab-allocator traces.",
    subcommands = {AnalyzeCommand.class, HandoffsCommand.class, ConvertCommand.class,
        StatsCommand.class, SimulateCommand.class, ScenariosCommand.class})
public final class Main implements Callable<Integer> {
  @Spec private CommandSpec spec;

  /** Runs the command line and exits with its {@link ExitCode}. */
  public static void main(String[] args) {
    // Not System.out: a PrintStream ignores write errors, and a report cut short by a full disk or a
    // closed pipe must not look complete.
    PrintWriter out = new PrintWriter(new StdoutWriter(new FileOutputStream(FileDescriptor.out)));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code;
    try {
      code = commandLine(out, err).execute(args);
      out.flush();
    } catch (StdoutWriter.StdoutFailure e) {
      // a failure outside the command: picocli's own output (--help), or the last flush
      code = ErrorHandler.stdoutFailed(e, err);
    }
    err.flush();
    System.exit(code);
  }

  /** Builds the command line over the real reader and detector, printing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, TraceAnalyzer.DETECTOR);
  }

  /** Builds the command line with {@code analyzer} in place of the reader and detector. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, TraceAnalyzer analyzer) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == AnalyzeCommand.class) {
          return cls.cast(new AnalyzeCommand(analyzer));
        }
        if (cls == HandoffsCommand.class) {
          return cls.cast(new HandoffsCommand(analyzer));
        }
        return defaults.create(cls);
      }
    };
    CommandLine cmd = new CommandLine(Main.class, factory);
    ErrorHandler handler = new ErrorHandler("1".equals(System.getenv(ErrorHandler.DEBUG_ENV)));
    RunLast run = new RunLast();
    return cmd.setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(handler)
        .setExecutionExceptionHandler(handler)
        // picocli lets an Error escape execute(); wrap it so that the handler reports it too.
        .setExecutionStrategy(parseResult -> {
          try {
            return run.execute(parseResult);
          } catch (Error e) {
            throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), "internal error", e);
          }
        });
  }

  /** Runs {@code slabrace} without a subcommand, which is a command-line error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: try 'slabrace analyze TRACE...'");
  }

  /** Returns the version of the build, from the filtered version.properties. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }

  /** The version of the build as {@code --version} prints it: {@code slabrace <version>}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"slabrace " + version()};
    }
  }
}
