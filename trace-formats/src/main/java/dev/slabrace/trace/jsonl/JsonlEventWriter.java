package dev.slabrace.trace.jsonl;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.EventWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.BitSet;
import java.util.Map;

/**
 * A writer of events as canonical JSON Lines: explicit ids, {@code id} and {@code op} first, addresses
 * and values as {@code 0x} hex strings, names resolved through the source's tables, defaults left out.
 * Reading the output back gives the same events.
 *
 * <p>A stack that a {@code stack} event declared is referenced by {@code sid} afterwards (the sid is its
 * {@link dev.slabrace.trace.StackTable} id); any other stack is written inline.
 */
public final class JsonlEventWriter implements EventWriter, Flushable {
  private final JsonGenerator g;
  private final EventSource tables;
  private final BitSet declared = new BitSet();

  /**
   * Creates a writer to {@code out} (UTF-8), which {@link #close()} closes.
   *
   * @param tables the source whose symbol, task and stack tables and header the cursors refer to
   */
  public JsonlEventWriter(OutputStream out, EventSource tables) throws IOException {
    this.g = EventDecoder.JSON.createGenerator(out, JsonEncoding.UTF8);
    this.g.setRootValueSeparator(null);
    this.tables = tables;
  }

  /** Writes {@code e} as one line. */
  @Override
  public void write(EventCursor e) throws IOException {
    if (e.op == null) {
      throw new IllegalArgumentException("cursor holds no event");
    }
    g.writeStartObject();
    g.writeFieldName(Field.ID.serialized);
    g.writeNumber(e.id);
    g.writeStringField("op", e.op.wireName());
    switch (e.op) {
      case HEADER -> header();
      case STACK -> {
        g.writeNumberField(Field.SID.wireName, e.stack);
        writeFrames(Field.FRAMES, e.stack);
        declared.set(e.stack);
      }
      case REGION -> {
        hex(Field.ADDR, e.addr);
        g.writeNumberField(Field.SIZE.wireName, e.size);
        g.writeStringField(Field.NAME.wireName, tables.symbols().name(e.name));
        if (e.regionClass != null) {
          g.writeStringField(Field.CLASS.wireName, e.regionClass.wireName());
        }
      }
      case CACHE -> {
        g.writeStringField(Field.NAME.wireName, tables.symbols().name(e.name));
        if ((e.cacheFlags & EventCursor.TYPESAFE_BY_RCU) != 0) {
          g.writeArrayFieldStart(Field.FLAGS.wireName);
          g.writeString("typesafe_by_rcu");
          g.writeEndArray();
        }
      }
      default -> {
        common(e);
        fields(e);
      }
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  @Override
  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
  }

  private void common(EventCursor e) throws IOException {
    task(Field.TID, e.task);
    if (e.cpu != EventCursor.NONE) {
      g.writeNumberField(Field.CPU.wireName, e.cpu);
    }
    if (e.ts != EventCursor.NO_REF) {
      g.writeNumberField(Field.TS.wireName, e.ts);
    }
    if (e.ip != EventCursor.NONE) {
      g.writeStringField(Field.IP.wireName, tables.symbols().name(e.ip));
    }
    if (e.stack != EventCursor.NONE) {
      if (declared.get(e.stack)) {
        g.writeNumberField(Field.SID.wireName, e.stack);
      } else {
        writeFrames(Field.STACK, e.stack);
      }
    }
  }

  private void fields(EventCursor e) throws IOException {
    switch (e.op) {
      case LOAD, STORE, RMW -> access(e);
      case FENCE -> g.writeStringField(Field.KIND.wireName, e.fence.wireName());
      case LOCK, UNLOCK -> {
        key(Field.LOCK, e);
        if (e.shared) {
          g.writeStringField(Field.MODE.wireName, "shared");
        }
      }
      case ALLOC, FREE -> {
        hex(Field.PTR, e.addr);
        if (e.size > 0) {
          g.writeNumberField(Field.SIZE.wireName, e.size);
        }
        if (e.cache != EventCursor.NONE) {
          g.writeStringField(Field.CACHE.wireName, tables.symbols().name(e.cache));
        }
      }
      case FORK, JOIN -> task(Field.CHILD, e.child);
      case SIGNAL, WAIT -> key(Field.OBJ, e);
      case CALL_RCU, CB_BEGIN, CB_END -> key(Field.CB, e);
      default -> { } // RCU read sections, grace periods, barriers: nothing more
    }
  }

  private void access(EventCursor e) throws IOException {
    hex(Field.ADDR, e.addr);
    g.writeNumberField(Field.SIZE.wireName, e.size);
    if (e.op == Op.RMW) {
      if (e.hasOldValue) {
        hex(Field.OLD, e.oldValue);
      }
      if (e.hasValue) {
        hex(Field.NEW, e.value);
      }
    } else if (e.hasValue) {
      hex(Field.VAL, e.value);
    }
    if (e.mo != (e.op == Op.RMW ? MemOrder.FULL : MemOrder.PLAIN)) {
      g.writeStringField(Field.MO.wireName, e.mo.wireName());
    }
    if (!e.ok) {
      g.writeBooleanField(Field.OK.wireName, false);
    }
    reference(Field.DEP, e.dep);
    reference(Field.DATA, e.data);
    reference(Field.CTRL, e.ctrl);
    if (e.op != Op.STORE) {
      reference(Field.RF, e.rf);
    }
  }

  /** Writes the header's metadata: integers and booleans as such, everything else as strings. */
  private void header() throws IOException {
    for (Map.Entry<String, String> field : tables.header().entrySet()) {
      g.writeFieldName(field.getKey());
      scalar(field.getValue());
    }
  }

  private void task(Field f, int task) throws IOException {
    g.writeFieldName(f.serialized);
    number(tables.tasks().name(task));
  }

  private void key(Field f, EventCursor e) throws IOException {
    if (e.keyIsName) {
      g.writeStringField(f.wireName, tables.symbols().name((int) e.key));
    } else {
      hex(f, e.key);
    }
  }

  private void reference(Field f, long id) throws IOException {
    if (id != EventCursor.NO_REF) {
      g.writeNumberField(f.wireName, id);
    }
  }

  private void hex(Field f, long value) throws IOException {
    g.writeStringField(f.wireName, "0x" + Long.toHexString(value));
  }

  private void writeFrames(Field f, int stack) throws IOException {
    g.writeArrayFieldStart(f.wireName);
    for (int frame : tables.stacks().frames(stack)) {
      g.writeString(tables.symbols().name(frame));
    }
    g.writeEndArray();
  }

  /** Writes header text that reads back as itself: booleans and canonical integers unquoted. */
  private void scalar(String text) throws IOException {
    if (text.equals("true") || text.equals("false")) {
      g.writeBoolean(text.equals("true"));
    } else {
      number(text);
    }
  }

  /** Writes text that spells a long in canonical decimal as a number, anything else as a string. */
  private void number(String text) throws IOException {
    int len = text.length();
    int digits = len > 0 && text.charAt(0) == '-' ? 1 : 0;
    boolean canonical = len > digits && len - digits <= 19
        && (text.charAt(digits) != '0' || len == 1);
    for (int i = digits; canonical && i < len; i++) {
      canonical = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (canonical) {
      try {
        g.writeNumber(Long.parseLong(text));
        return;
      } catch (NumberFormatException outOfRange) {
        // 19 digits beyond a long: written as a string, read back as the same text
      }
    }
    g.writeString(text);
  }
}
