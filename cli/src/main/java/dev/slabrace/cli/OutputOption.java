package dev.slabrace.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -o, --output} option of the commands that print a report per trace ({@code analyze},
 * {@code handoffs}, {@code stats}), as a picocli mixin: where the report goes, a file replaced only
 * when the run succeeds ({@link SafeOutput}), or standard output.
 */
final class OutputOption {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report to FILE"
      + " (replaced only when the run succeeds; never a trace of the run), not stdout ('-')")
  private String output;

  /** Returns the file named, or null for standard output (also {@code -}, which callers check). */
  String file() {
    return output;
  }
}
