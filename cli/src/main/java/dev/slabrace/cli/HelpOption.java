package dev.slabrace.cli;

import picocli.CommandLine.Option;

/** The {@code -h, --help} option of every subcommand, as a picocli mixin. */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;
}
