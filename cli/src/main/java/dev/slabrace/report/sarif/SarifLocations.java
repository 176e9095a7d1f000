package dev.slabrace.report.sarif;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.finding.SourceLine;
import dev.slabrace.report.KcsanTextReporter;
import dev.slabrace.report.KcsanTitle;
import dev.slabrace.report.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * SARIF locations of accesses: the source line of the innermost symbolised frame as a physical
 * location (what code-scanning services display), and the function as a logical location.
 */
final class SarifLocations {
  /* Implementation notes
   *
   * GitHub code scanning shows a result only if its first location is physical: an
   * artifactLocation.uri in the repository and a region.startLine. A frame carries its source line
   * only once symbolised (--vmlinux's FrameSource, or a SourceLine in the frame's text); the innermost frame that has one is the location, since an
   * unsymbolised top frame (a module, an assembly stub) should not hide the rest of the stack. A
   * relative path is taken relative to the kernel source tree, uriBaseId %SRCROOT%; an absolute one
   * becomes a file: URI. Without any source line a location is logical only, which SARIF viewers
   * read but GitHub does not display.
   */

  /** The uriBaseId of relative source paths: the root of the analysed source tree. */
  static final String SRCROOT = "%SRCROOT%";

  private SarifLocations() {}

  /**
   * Returns the source line of {@code a}'s innermost symbolised frame, if any: found by {@code
   * --vmlinux} ({@link Access#source}), or written in the frame by the trace.
   */
  static Optional<SourceLine> sourceLine(Access a) {
    for (int i = 0; i < a.frames().size(); i++) {
      FrameSource found = a.source(i);
      if (found.known()) {
        return Optional.of(new SourceLine(found.file(), found.line(), false));
      }
      Optional<SourceLine> line = SourceLine.of(a.frames().get(i));
      if (line.isPresent()) {
        return line;
      }
    }
    return Optional.empty();
  }

  /** Writes the location of access {@code a}; {@code id} is its location id, or -1 for none. */
  static void write(JsonGenerator g, Access a, int id) throws IOException {
    g.writeStartObject();
    if (id >= 0) {
      g.writeNumberField("id", id);
    }
    Optional<SourceLine> line = sourceLine(a);
    if (line.isPresent()) {
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      String file = line.get().file();
      if (file.startsWith("/")) {
        g.writeStringField("uri", "file://" + uri(file));
      } else {
        g.writeStringField("uri", uri(file.startsWith("./") ? file.substring(2) : file));
        g.writeStringField("uriBaseId", SRCROOT);
      }
      g.writeEndObject();
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", line.get().line());
      g.writeEndObject();
      g.writeEndObject();
    }
    String frame = a.topFrame();
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", KcsanTitle.functionName(frame));
    g.writeStringField("fullyQualifiedName", KcsanTitle.location(frame));
    g.writeStringField("kind", "function");
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("message");
    g.writeStringField("text", KcsanTextReporter.accessType(a) + " to 0x" + Long.toHexString(a.addr())
        + " of " + a.size() + (a.size() == 1 ? " byte" : " bytes") + " by "
        + TaskContext.kcsan(a.task()) + " on cpu " + KcsanTextReporter.cpu(a.cpu()) + " (event "
        + a.id() + ") at " + String.join(" < ", a.frames().isEmpty() ? List.of("?") : a.frames()));
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Returns {@code path} as a URI reference: bytes outside RFC 3986's unreserved set and {@code /}
   * are percent-encoded (UTF-8).
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
