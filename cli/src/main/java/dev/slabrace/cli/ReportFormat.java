package dev.slabrace.cli;

import dev.slabrace.report.JsonReporter;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.ReportOptions;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.html.HtmlReporter;
import dev.slabrace.report.sarif.SarifReporter;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A value of {@code --report}: which reporter prints the results. */
enum ReportFormat {
  /** KCSAN splats, one per kind and pair of code locations. */
  TEXT("text", KcsanTextReporter::new),
  /** One JSON document per trace and line, with every finding. */
  JSON("json", options -> new JsonReporter()),
  /** One self-contained HTML page for all traces, with a timeline per report. */
  HTML("html", HtmlReporter::new),
  /** One SARIF 2.1.0 log for all traces, with every finding, for code-scanning services. */
  SARIF("sarif", options -> new SarifReporter(Main.version()));

  private final String wireName;
  private final Function<ReportOptions, Reporter> reporter;

  ReportFormat(String wireName, Function<ReportOptions, Reporter> reporter) {
    this.wireName = wireName;
    this.reporter = reporter;
  }

  /** Whether the format draws timelines, which the analysis must then capture. */
  boolean timelines() {
    return this == HTML;
  }

  /** Returns a new reporter of this format. */
  Reporter reporter(ReportOptions options) {
    return reporter.apply(options);
  }

  /** The picocli converter from the option's text, which names the values as users type them. */
  static final class Converter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      for (ReportFormat format : values()) {
        if (format.wireName.equals(value)) {
          return format;
        }
      }
      throw new TypeConversionException("expected text, json, html or sarif but was '" + value + "'");
    }
  }
}
