package dev.slabrace.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --report} option of {@code handoffs} and {@code stats}, as a picocli mixin: text, or one
 * JSON document per trace in the format named after the command.
 */
final class TableReportOption {
  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = TableFormat.Converter.class,
      description = "text: the ${COMMAND-NAME} of each trace as text (default); json: one JSON"
          + " document per trace and line (format slabrace-${COMMAND-NAME},"
          + " docs/report.schema.json)")
  private TableFormat report;

  /** Whether the report is JSON rather than text. */
  boolean json() {
    return report == TableFormat.JSON;
  }
}
