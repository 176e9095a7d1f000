package dev.slabrace.cli;

import picocli.CommandLine.Option;

/** The {@code --lenient} option of the commands that read traces, as a picocli mixin. */
final class LenientOption {
  @Option(names = "--lenient", description = "skip malformed lines, count them, and go on")
  private boolean lenient;

  /** Whether malformed lines are skipped and counted rather than an error. */
  boolean lenient() {
    return lenient;
  }
}
