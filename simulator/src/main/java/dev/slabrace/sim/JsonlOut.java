package dev.slabrace.sim;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;

/**
 * A writer of events as JSON Lines of the trace contract: explicit ids, {@code id} and {@code op} first,
 * addresses and values as {@code 0x} hex strings, defaults left out, stacks declared once by a
 * {@code stack} event and then referenced by {@code sid}. It formats bytes directly into a buffer, so
 * writing costs no allocation per event.
 *
 * <p>This is the simulator's own writer until the shared {@code dev.slabrace.trace.jsonl} writer is
 * available; it writes the same field order.
 */
public final class JsonlOut implements EventWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final SymbolTable symbols;
  private final TaskTable tasks;
  private final StackTable stacks;
  private final Map<String, String> header;
  private final BitSet declared = new BitSet();
  private byte[][] symbolJson = new byte[64][];
  private byte[][] taskJson = new byte[16][];
  private final byte[] buf = new byte[1 << 16];
  private int pos;

  /** Creates a writer to {@code out} (closed by {@link #close()}) over the tables of {@code source}. */
  public JsonlOut(OutputStream out, EventSource source) {
    this(out, source.symbols(), source.tasks(), source.stacks(), source.header());
  }

  /** Creates a writer to {@code out} over the given tables; {@code header} fills the header event. */
  public JsonlOut(OutputStream out, SymbolTable symbols, TaskTable tasks, StackTable stacks,
      Map<String, String> header) {
    this.out = out;
    this.symbols = symbols;
    this.tasks = tasks;
    this.stacks = stacks;
    this.header = header;
  }

  @Override
  public void write(EventCursor e) throws IOException {
    if (pos > buf.length - 8192) {
      flushBuffer();
    }
    ascii("{\"id\":");
    number(e.id);
    ascii(",\"op\":\"");
    ascii(e.op.wireName());
    put('"');
    switch (e.op) {
      case HEADER -> header();
      case STACK -> {
        ascii(",\"sid\":");
        number(e.stack);
        frames(",\"frames\":", e.stack);
        declared.set(e.stack);
      }
      case REGION -> {
        hex(",\"addr\":", e.addr);
        ascii(",\"size\":");
        number(e.size);
        raw(",\"name\":", symbol(e.name));
        if (e.regionClass != null) {
          ascii(",\"class\":\"");
          ascii(e.regionClass.wireName());
          put('"');
        }
      }
      default -> {
        common(e);
        fields(e);
      }
    }
    ascii("}\n");
  }

  private void common(EventCursor e) throws IOException {
    raw(",\"tid\":", task(e.task));
    if (e.cpu != EventCursor.NONE) {
      ascii(",\"cpu\":");
      number(e.cpu);
    }
    if (e.ts != EventCursor.NO_REF) {
      ascii(",\"ts\":");
      number(e.ts);
    }
    if (e.ip != EventCursor.NONE) {
      raw(",\"ip\":", symbol(e.ip));
    }
    if (e.stack != EventCursor.NONE) {
      if (declared.get(e.stack)) {
        ascii(",\"sid\":");
        number(e.stack);
      } else {
        frames(",\"stack\":", e.stack);
      }
    }
  }

  private void fields(EventCursor e) throws IOException {
    switch (e.op) {
      case LOAD, STORE, RMW -> access(e);
      case FENCE -> {
        ascii(",\"kind\":\"");
        ascii(e.fence.wireName());
        put('"');
      }
      case LOCK, UNLOCK -> {
        key(",\"lock\":", e);
        if (e.shared) {
          ascii(",\"mode\":\"shared\"");
        }
      }
      case ALLOC, FREE -> {
        hex(",\"ptr\":", e.addr);
        if (e.size > 0) {
          ascii(",\"size\":");
          number(e.size);
        }
        if (e.cache != EventCursor.NONE) {
          raw(",\"cache\":", symbol(e.cache));
        }
      }
      case FORK, JOIN -> raw(",\"child\":", task(e.child));
      case SIGNAL, WAIT -> key(",\"obj\":", e);
      case CALL_RCU, CB_BEGIN, CB_END -> key(",\"cb\":", e);
      default -> { }
    }
  }

  private void access(EventCursor e) throws IOException {
    hex(",\"addr\":", e.addr);
    ascii(",\"size\":");
    number(e.size);
    if (e.op == Op.RMW) {
      if (e.hasOldValue) {
        hex(",\"old\":", e.oldValue);
      }
      if (e.hasValue) {
        hex(",\"new\":", e.value);
      }
    } else if (e.hasValue) {
      hex(",\"val\":", e.value);
    }
    if (e.mo != (e.op == Op.RMW ? MemOrder.FULL : MemOrder.PLAIN)) {
      ascii(",\"mo\":\"");
      ascii(e.mo.wireName());
      put('"');
    }
    if (!e.ok) {
      ascii(",\"ok\":false");
    }
    reference(",\"dep\":", e.dep);
    reference(",\"ctrl\":", e.ctrl);
    if (e.op != Op.STORE) {
      reference(",\"rf\":", e.rf);
    }
  }

  private void header() throws IOException {
    for (Map.Entry<String, String> field : header.entrySet()) {
      raw(",", json(field.getKey()));
      put(':');
      String value = field.getValue();
      if (isCanonicalNumber(value) || value.equals("true") || value.equals("false")) {
        ascii(value);
      } else {
        raw("", json(value));
      }
    }
  }

  private static boolean isCanonicalNumber(String s) {
    if (s.isEmpty() || s.length() > 18 || s.length() > 1 && s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private void key(String field, EventCursor e) throws IOException {
    if (e.keyIsName) {
      raw(field, symbol((int) e.key));
    } else {
      hex(field, e.key);
    }
  }

  private void reference(String field, long id) throws IOException {
    if (id != EventCursor.NO_REF) {
      ascii(field);
      number(id);
    }
  }

  private void frames(String field, int stack) throws IOException {
    ascii(field);
    put('[');
    int[] frames = stacks.frames(stack);
    for (int i = 0; i < frames.length; i++) {
      raw(i == 0 ? "" : ",", symbol(frames[i]));
    }
    put(']');
  }

  private byte[] symbol(int id) {
    if (id >= symbolJson.length) {
      symbolJson = Arrays.copyOf(symbolJson, Math.max(id + 1, symbolJson.length * 2));
    }
    byte[] b = symbolJson[id];
    if (b == null) {
      b = json(symbols.name(id));
      symbolJson[id] = b;
    }
    return b;
  }

  /** A task id as written: a number if it spells one, otherwise a string. */
  private byte[] task(int id) {
    if (id >= taskJson.length) {
      taskJson = Arrays.copyOf(taskJson, Math.max(id + 1, taskJson.length * 2));
    }
    byte[] b = taskJson[id];
    if (b == null) {
      String tid = tasks.name(id);
      b = isCanonicalNumber(tid) ? tid.getBytes(StandardCharsets.US_ASCII) : json(tid);
      taskJson[id] = b;
    }
    return b;
  }

  /** Returns {@code s} as a JSON string literal, quotes included. */
  static byte[] json(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- the byte buffer -------------------------------------------------------------------------

  private void put(char c) {
    buf[pos++] = (byte) c;
  }

  private void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  private void raw(String prefix, byte[] bytes) throws IOException {
    ascii(prefix);
    if (pos + bytes.length > buf.length) {
      flushBuffer();
      if (bytes.length > buf.length) {
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  private void number(long n) {
    if (n < 0) {
      put('-');
      n = -n;
    }
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + n % 10);
      n /= 10;
    } while (n != 0);
    reverse(start);
  }

  private void hex(String field, long v) {
    ascii(field);
    ascii("\"0x");
    int start = pos;
    do {
      buf[pos++] = HEX[(int) (v & 15)];
      v >>>= 4;
    } while (v != 0);
    reverse(start);
    put('"');
  }

  private void reverse(int start) {
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  private void flushBuffer() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  /** Writes what is buffered to the output. */
  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      flushBuffer();
    } finally {
      out.close();
    }
  }
}
