package dev.slabrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line in memory: exit status, standard output and standard error. */
record Cli(int exit, String out, String err) {
  /** Runs {@code slabrace args...} over the real reader and detector. */
  static Cli run(String... args) {
    return run(TraceAnalyzer.DETECTOR, args);
  }

  /** Runs {@code slabrace args...} with {@code analyzer} in place of the reader and detector. */
  static Cli run(TraceAnalyzer analyzer, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out), new PrintWriter(err), analyzer).execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }
}
