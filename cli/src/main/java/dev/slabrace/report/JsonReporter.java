package dev.slabrace.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.finding.Handoff;
import dev.slabrace.finding.SlabObject;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.Triage;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A reporter that prints one JSON document per trace, on one line, with every finding (no rate limit):
 * the machine-readable report of the JSON Lines contract.
 */
public final class JsonReporter implements Reporter {
  /* Implementation notes
   *
   * The document's shape is docs/report.schema.json; "format" and "version" open it, so that a reader
   * can tell it from the other commands' documents and from a later shape.
   *
   * Streaming jackson-core only, no databind and no tree. Keys come in a fixed order, and a key whose
   * value is unknown (region, class, value_changed, an access's value, an unknown cpu) is left out rather
   * than written as null. Addresses and values are "0x" plus unpadded lowercase hex, so 64-bit unsigned
   * values survive readers that parse JSON numbers as doubles.
   *
   * Streaming: a document is written as its trace is analysed, each finding as it arrives, so that
   * nothing is held. That is why "findings" comes before "events", "warnings", "skipped" and "notes",
   * which are known only at the end. The head is written with the first finding (or at the end), so a
   * trace that cannot be opened prints nothing; one that fails after its first finding closes its
   * document with an "error" member in place of the counts.
   */

  private static final JsonFactory FACTORY = JsonText.FACTORY;

  /** The {@code "format"} of an analysis document, as docs/report.schema.json names it. */
  public static final String FORMAT = "slabrace-report";

  /**
   * The {@code "version"} of the document's shape: raised when a member is removed or changes
   * meaning; adding a member keeps it.
   */
  public static final int VERSION = 1;

  /** Creates a JSON reporter; it holds no state. */
  public JsonReporter() {}

  /** Starts a trace's document; nothing is written before its first finding or its end. */
  @Override
  public TraceReport begin(String trace, Writer out) {
    return new Document(trace, out);
  }

  /** One trace's document, written as it goes. */
  private static final class Document implements TraceReport {
    private final String trace;
    private final Writer out;
    private JsonGenerator g;

    Document(String trace, Writer out) {
      this.trace = trace;
      this.out = out;
    }

    /** Writes the document's head, once: the trace and the opening of its findings. */
    private void open() throws IOException {
      if (g == null) {
        g = FACTORY.createGenerator(out);
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeStringField("trace", trace);
        g.writeArrayFieldStart("findings");
      }
    }

    @Override
    public void accept(Finding finding) {
      try {
        open();
        writeFinding(g, finding);
      } catch (IOException e) {
        throw new ReportWriteException(e);
      }
    }

    @Override
    public void end(TraceSummary summary, FindingCounts counts) throws IOException {
      open();
      g.writeEndArray();
      g.writeNumberField("events", summary.events());
      g.writeArrayFieldStart("warnings");
      for (TraceWarning w : summary.warnings()) {
        g.writeStartObject();
        g.writeNumberField("id", w.eventId());
        g.writeNumberField(w.byteOffset() ? "byte" : "line", w.position());
        g.writeStringField("code", w.code().wireName());
        g.writeStringField("message", Messages.warning(w));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("skipped", summary.skipped());
      List<String> notes = Messages.notes(summary);
      if (!notes.isEmpty()) {
        g.writeArrayFieldStart("notes");
        for (String note : notes) {
          g.writeString(note);
        }
        g.writeEndArray();
      }
      close();
    }

    /** Closes a document already begun with the reason the trace stopped; prints none otherwise. */
    @Override
    public void fail(String message) throws IOException {
      if (g != null) {
        g.writeEndArray();
        g.writeStringField("error", message);
        close();
      }
    }

    private void close() throws IOException {
      g.writeEndObject();
      g.close();
      out.write('\n');
    }
  }

  private static void writeFinding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", f.kind().wireName());
    g.writeArrayFieldStart("ids");
    g.writeNumber(f.first().id());
    g.writeNumber(f.second().id());
    g.writeEndArray();
    g.writeStringField("addr", hex(f.addr()));
    g.writeNumberField("size", f.size());
    g.writeStringField("title", KcsanTitle.of(f));
    if (!f.region().isEmpty()) {
      g.writeStringField("region", f.region());
    }
    if (!f.regionClass().isEmpty()) {
      g.writeStringField("class", f.regionClass());
    }
    if (!f.typesafeCache().isEmpty()) {
      g.writeStringField("typesafe_by_rcu_cache", f.typesafeCache());
    }
    if (f.valueChange()) {
      g.writeObjectFieldStart("value_changed");
      g.writeStringField("old", hex(f.oldValue()));
      g.writeStringField("new", hex(f.newValue()));
      g.writeEndObject();
    }
    if (f.triage() != Triage.NONE) {
      g.writeStringField("triage", f.triage().wireName());
    }
    g.writeArrayFieldStart("accesses");
    writeAccess(g, f.first());
    writeAccess(g, f.second());
    g.writeEndArray();
    if (f.handoff().isPresent()) {
      writeHandoff(g, f.handoff().get());
    }
    if (f.object().isPresent()) {
      SlabObject o = f.object().get();
      g.writeObjectFieldStart("object");
      g.writeStringField("ptr", hex(o.ptr()));
      g.writeNumberField("size", o.size());
      g.writeStringField("cache", o.cache());
      g.writeFieldName("allocation");
      writeAccess(g, o.allocation());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeHandoff(JsonGenerator g, Handoff h) throws IOException {
    g.writeObjectFieldStart("handoff");
    g.writeStringField("object", h.object());
    g.writeFieldName("allocation");
    writeAccess(g, h.allocation());
    if (h.store().isPresent()) {
      g.writeFieldName("store");
      writeAccess(g, h.store().get());
    }
    if (h.load().isPresent()) {
      g.writeFieldName("load");
      writeAccess(g, h.load().get());
    }
    g.writeStringField("missing_edge", Messages.missingEdge(h.missingEdge()));
    g.writeEndObject();
  }

  private static void writeAccess(JsonGenerator g, Access a) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", a.id());
    g.writeStringField("task", a.task());
    if (!a.comm().isEmpty()) {
      g.writeStringField("comm", a.comm());
    }
    if (a.cpu() >= 0) {
      g.writeNumberField("cpu", a.cpu());
    }
    g.writeStringField("type", typeName(a.type()));
    g.writeBooleanField("marked", a.marked());
    g.writeStringField("addr", hex(a.addr()));
    g.writeNumberField("size", a.size());
    g.writeArrayFieldStart("frames");
    for (String frame : a.frames()) {
      g.writeString(frame);
    }
    g.writeEndArray();
    if (!a.sources().isEmpty()) {
      writeSources(g, a);
    }
    if (a.hasValue()) {
      g.writeStringField("value", hex(a.value()));
    }
    g.writeEndObject();
  }

  /**
   * Writes where the access's frames are in the source (analyze --vmlinux): one object per frame found,
   * with its index in "frames", file, line and the calls inlined there, innermost first.
   */
  private static void writeSources(JsonGenerator g, Access a) throws IOException {
    g.writeArrayFieldStart("sources");
    for (int i = 0; i < a.frames().size(); i++) {
      FrameSource s = a.source(i);
      if (!s.known()) {
        continue;
      }
      g.writeStartObject();
      g.writeNumberField("frame", i);
      g.writeStringField("file", s.file());
      g.writeNumberField("line", s.line());
      g.writeArrayFieldStart("inlined");
      for (FrameSource.SourceLine inlined : s.inlined()) {
        g.writeStartObject();
        g.writeStringField("function", inlined.function());
        g.writeStringField("file", inlined.file());
        g.writeNumberField("line", inlined.line());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Returns the JSON name of an access type. */
  static String typeName(AccessType type) {
    return switch (type) {
      case READ -> "read";
      case WRITE -> "write";
      case READ_WRITE -> "read-write";
      case FREE -> "free";
      case ALLOC -> "alloc";
    };
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
