package dev.slabrace.trace.jsonl;

import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reader of a {@code header} event's metadata: every field but {@code op} and {@code id}, as a
 * string (numbers and booleans as written, nested values as compact JSON text), in file order.
 */
final class HeaderFields {
  /** The only {@code format} a header may name. */
  static final String FORMAT = "slabrace-jsonl";
  /** The only {@code version} a header may name. */
  static final String VERSION = "1";

  private Map<String, String> fields = Map.of();

  /** Reads the fields of a header whose parser stands on its START_OBJECT. */
  void read(JsonParser p, EventDecoder decoder) throws IOException, LineProblem {
    Map<String, String> read = new LinkedHashMap<>();
    boolean opSeen = false;
    while (p.nextToken() == FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if ("op".equals(name)) {
        if (opSeen) {
          throw EventDecoder.duplicate(name);
        }
        opSeen = true;
      } else if ("id".equals(name)) {
        decoder.readId(p);
      } else if (read.put(name, text(p, t)) != null) {
        throw EventDecoder.duplicate(name);
      }
    }
    String format = read.get("format");
    if (format != null && !format.equals(FORMAT)) {
      throw new LineProblem("unsupported header format '" + JsonValues.shown(format)
          + "' (expected " + FORMAT + ")");
    }
    String version = read.get("version");
    if (version != null && !version.equals(VERSION)) {
      throw new LineProblem("unsupported header version " + JsonValues.shown(version));
    }
    fields = Collections.unmodifiableMap(read);
  }

  /** Returns the fields of the header read last. */
  Map<String, String> fields() {
    return fields;
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t != START_OBJECT && t != START_ARRAY) {
      return p.getText();
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = EventDecoder.JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }
}
