package dev.slabrace.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A value of {@code --report} for {@code handoffs} and {@code stats}: a text table or JSON. */
enum TableFormat {
  /** The plain text table (default). */
  TEXT,
  /** One JSON document per trace and line (docs/report.schema.json). */
  JSON;

  /** The picocli converter from the option's text, which names the values as users type them. */
  static final class Converter implements ITypeConverter<TableFormat> {
    @Override
    public TableFormat convert(String value) {
      return switch (value) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default -> throw new TypeConversionException("expected text or json but was '" + value + "'");
      };
    }
  }
}
