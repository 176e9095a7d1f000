package dev.slabrace.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code TRACE...} arguments of the commands that read traces ({@code analyze}, {@code handoffs},
 * {@code stats}), as a picocli mixin.
 */
final class TraceArguments {
  @Spec(Spec.Target.MIXEE) private CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "trace files in any supported"
      + " format, optionally gzipped; '-' reads standard input")
  private List<String> traces;

  /** Returns the traces as the user typed them. */
  List<String> typed() {
    return traces;
  }

  /**
   * Returns the traces as messages name them ({@link TraceFiles#names}: {@code -} is
   * {@code <stdin>}).
   *
   * @throws ParameterException if standard input is named twice, a command-line error
   */
  List<String> names() {
    try {
      return TraceFiles.names(traces);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }
}
