package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SARIF locations of accesses: the function as a logical location, a file:line frame as a physical one. */
final class SarifLocations {
  /** A frame such as {@code mm/slub.c:4211}: a file name, a colon and a line number. */
  private static final Pattern FILE_LINE = Pattern.compile("(\\S+\\.[A-Za-z]+):(\\d+)");

  private SarifLocations() {}

  /** Writes the location of access {@code a}; {@code id} is its location id, or -1 for none. */
  static void write(JsonGenerator g, Access a, int id) throws IOException {
    g.writeStartObject();
    if (id >= 0) {
      g.writeNumberField("id", id);
    }
    String frame = a.topFrame();
    Matcher m = FILE_LINE.matcher(frame);
    if (m.matches() && Long.parseLong(m.group(2)) >= 1 && m.group(2).length() < 10) {
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      g.writeStringField("uri", uri(m.group(1)));
      g.writeEndObject();
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", Integer.parseInt(m.group(2)));
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", KcsanTitle.functionName(frame));
    g.writeStringField("fullyQualifiedName", frame);
    g.writeStringField("kind", "function");
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("message");
    g.writeStringField("text", KcsanTextReporter.accessType(a) + " to 0x" + Long.toHexString(a.addr())
        + " of " + a.size() + (a.size() == 1 ? " byte" : " bytes") + " by task " + a.task()
        + " on cpu " + (a.cpu() < 0 ? "?" : Integer.toString(a.cpu())) + " (event " + a.id()
        + ") at " + String.join(" < ", a.frames().isEmpty() ? List.of("?") : a.frames()));
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Returns {@code path} as a relative URI reference: bytes outside RFC 3986's unreserved set and
   * {@code /} are percent-encoded (UTF-8).
   */
  static String uri(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 8);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
