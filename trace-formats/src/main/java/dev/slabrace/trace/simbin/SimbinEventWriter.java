package dev.slabrace.trace.simbin;

import static dev.slabrace.trace.simbin.Simbin.F_ADDR;
import static dev.slabrace.trace.simbin.Simbin.F_ATTR;
import static dev.slabrace.trace.simbin.Simbin.F_CACHE;
import static dev.slabrace.trace.simbin.Simbin.F_CHILD;
import static dev.slabrace.trace.simbin.Simbin.F_CLASS;
import static dev.slabrace.trace.simbin.Simbin.F_CPU;
import static dev.slabrace.trace.simbin.Simbin.F_CTRL;
import static dev.slabrace.trace.simbin.Simbin.F_DATA;
import static dev.slabrace.trace.simbin.Simbin.F_DEP;
import static dev.slabrace.trace.simbin.Simbin.F_FENCE;
import static dev.slabrace.trace.simbin.Simbin.F_FLAGS;
import static dev.slabrace.trace.simbin.Simbin.F_ID;
import static dev.slabrace.trace.simbin.Simbin.F_IP;
import static dev.slabrace.trace.simbin.Simbin.F_KEY;
import static dev.slabrace.trace.simbin.Simbin.F_META;
import static dev.slabrace.trace.simbin.Simbin.F_NAME;
import static dev.slabrace.trace.simbin.Simbin.F_OLD;
import static dev.slabrace.trace.simbin.Simbin.F_RF;
import static dev.slabrace.trace.simbin.Simbin.F_SIZE;
import static dev.slabrace.trace.simbin.Simbin.F_STACK;
import static dev.slabrace.trace.simbin.Simbin.F_TASK;
import static dev.slabrace.trace.simbin.Simbin.F_TS;
import static dev.slabrace.trace.simbin.Simbin.F_VALUE;
import static dev.slabrace.trace.simbin.Simbin.zigzag;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import dev.slabrace.trace.EventWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A writer of events as a simbin trace ({@code trace-formats/spec/simbin.md}), streaming: it holds one
 * buffer, never the trace. The cursors' symbol, task and stack ids refer to the tables given at
 * construction, which may grow while writing; an entry is defined in the file just before its first
 * use, with all lower ids first, so a reader's tables get the same ids. {@link #close()} writes the
 * trailer: a file whose writer was not closed reads as truncated.
 *
 * <p>Every field of a cursor is written except {@code position}; {@code value} and {@code oldValue}
 * only when their presence flags are set.
 */
public final class SimbinEventWriter implements EventWriter, Flushable {
  private final SimbinOutput out;
  private final SymbolTable symbols;
  private final TaskTable tasks;
  private final StackTable stacks;
  private final Supplier<Map<String, String>> headerMetadata;
  private final Predictions p = new Predictions();
  private boolean started;
  private boolean closed;
  private long events;
  private int symbolsDefined;
  private int tasksDefined;
  private int stacksDefined;

  /**
   * Creates a writer to {@code out}, which {@link #close()} closes. A header event is written with no
   * metadata unless it goes through {@link #writeHeader}.
   */
  public SimbinEventWriter(OutputStream out, SymbolTable symbols, TaskTable tasks, StackTable stacks) {
    this(out, symbols, tasks, stacks, Map::of);
  }

  /**
   * Creates a writer to {@code out} of events read from {@code source}: its tables, and its
   * {@link EventSource#header()} as the metadata of header events.
   */
  public SimbinEventWriter(OutputStream out, EventSource source) {
    this(out, source.symbols(), source.tasks(), source.stacks(), source::header);
  }

  private SimbinEventWriter(OutputStream out, SymbolTable symbols, TaskTable tasks,
      StackTable stacks, Supplier<Map<String, String>> headerMetadata) {
    this.out = new SimbinOutput(out);
    this.symbols = symbols;
    this.tasks = tasks;
    this.stacks = stacks;
    this.headerMetadata = headerMetadata;
  }

  /**
   * Writes {@code e}, defining first the table entries it refers to.
   *
   * @throws IllegalArgumentException if {@code e} holds no event, refers to an id outside the tables
   *     or has a name or metadata longer than the format allows; nothing is written then
   */
  @Override
  public void write(EventCursor e) throws IOException {
    write(e, e.op == Op.HEADER ? headerMetadata.get() : Map.of());
  }

  /** Writes header event {@code e} with {@code metadata} (keys and values at most 64 KiB each). */
  public void writeHeader(EventCursor e, Map<String, String> metadata) throws IOException {
    if (e.op != Op.HEADER) {
      throw new IllegalArgumentException("not a header event: " + e.op);
    }
    write(e, metadata);
  }

  /** Returns how many events have been written. */
  public long events() {
    return events;
  }

  private void write(EventCursor e, Map<String, String> metadata) throws IOException {
    if (closed) {
      throw new IOException("writer is closed");
    }
    if (e.op == null || e.mo == null) {
      throw new IllegalArgumentException("cursor holds no event (op or mo is null)");
    }
    if (e.keyIsName && (e.key < 0 || e.key >= symbols.size())) {
      throw new IllegalArgumentException("key " + e.key + " is not in the symbol table");
    }
    check(e.task, tasks.size(), "task");
    check(e.child, tasks.size(), "task");
    check(e.ip, symbols.size(), "symbol");
    check(e.cache, symbols.size(), "symbol");
    check(e.name, symbols.size(), "symbol");
    check(e.stack, stacks.size(), "stack");
    byte[][] meta = e.op == Op.HEADER && !metadata.isEmpty() ? encode(metadata) : null;
    start();
    defineTask(e.task);
    defineTask(e.child);
    defineSymbol(e.ip);
    defineSymbol(e.cache);
    defineSymbol(e.name);
    defineSymbol(e.keyIsName ? (int) e.key : EventCursor.NONE);
    defineStack(e.stack);
    encode(e, meta);
    events++;
  }

  /** Writes the event record of {@code e}, whose references are all defined. */
  private void encode(EventCursor e, byte[][] meta) throws IOException {
    int kind = Simbin.KIND_OF_OP[e.op.ordinal()];
    int slot = e.task + 1;
    int attr = Simbin.MO_CODE[e.mo.ordinal()] | (e.ok ? 0 : Simbin.ATTR_FAILED)
        | (e.shared ? Simbin.ATTR_SHARED : 0) | (e.keyIsName ? Simbin.ATTR_KEY_IS_NAME : 0);
    int mask = (e.task != p.prevTask ? F_TASK : 0)
        | (e.addr != 0 ? F_ADDR : 0)
        | (e.size != p.lastSize[kind] ? F_SIZE : 0)
        | (e.ip != EventCursor.NONE ? F_IP : 0)
        | (e.hasValue ? F_VALUE : 0)
        | (attr != Simbin.DEFAULT_ATTR[kind] ? F_ATTR : 0)
        | (e.cpu != p.lastCpu[slot] ? F_CPU : 0)
        | (e.key != 0 ? F_KEY : 0)
        | (e.ts != EventCursor.NO_REF ? F_TS : 0)
        | (e.stack != EventCursor.NONE ? F_STACK : 0)
        | (e.hasOldValue ? F_OLD : 0)
        | (e.dep != EventCursor.NO_REF ? F_DEP : 0)
        | (e.ctrl != EventCursor.NO_REF ? F_CTRL : 0)
        | (e.rf != EventCursor.NO_REF ? F_RF : 0)
        | (e.data != EventCursor.NO_REF ? F_DATA : 0)
        | (e.cacheFlags != 0 ? F_FLAGS : 0)
        | (e.fence != null ? F_FENCE : 0)
        | (e.cache != EventCursor.NONE ? F_CACHE : 0)
        | (e.child != EventCursor.NONE ? F_CHILD : 0)
        | (e.name != EventCursor.NONE ? F_NAME : 0)
        | (e.regionClass != null ? F_CLASS : 0)
        | (e.id != p.prevId + 1 ? F_ID : 0)
        | (meta != null ? F_META : 0);
    SimbinOutput o = out;
    o.room(Simbin.MAX_EVENT_BYTES);
    o.put(kind);
    o.varint(mask);
    if ((mask & F_TASK) != 0) {
      o.varint(e.task + 1L);
      p.prevTask = e.task;
    }
    if ((mask & F_ADDR) != 0) {
      o.varint(zigzag(e.addr - p.lastAddr[slot]));
      p.lastAddr[slot] = e.addr;
    }
    if ((mask & F_SIZE) != 0) {
      o.varint(e.size);
      p.lastSize[kind] = e.size;
    }
    if ((mask & F_IP) != 0) {
      o.varint(e.ip + 1L);
    }
    if ((mask & F_VALUE) != 0) {
      o.varint(zigzag(e.value));
    }
    if ((mask & F_ATTR) != 0) {
      o.put(attr);
    }
    if ((mask & F_CPU) != 0) {
      o.varint(zigzag(e.cpu));
      p.lastCpu[slot] = e.cpu;
    }
    if ((mask & ~Simbin.COMMON_FIELDS) != 0) {
      encodeRare(e, mask);
    }
    p.prevId = e.id;
    if (meta != null) {
      o.room(Simbin.MAX_VARINT);
      o.varint(meta.length / 2);
      for (byte[] s : meta) {
        o.string(s);
      }
    }
    if ((mask & (F_DATA | F_FLAGS)) != 0) {
      o.room(2 * Simbin.MAX_VARINT);
      if ((mask & F_DATA) != 0) {
        o.varint(zigzag(e.id - e.data));
      }
      if ((mask & F_FLAGS) != 0) {
        o.varint(e.cacheFlags);
      }
    }
  }

  /** Writes the fields past the first seven, but the metadata. */
  private void encodeRare(EventCursor e, int mask) {
    SimbinOutput o = out;
    if ((mask & F_KEY) != 0) {
      o.varint(zigzag(e.key - p.lastKey));
      p.lastKey = e.key;
    }
    if ((mask & F_TS) != 0) {
      o.varint(zigzag(e.ts - p.lastTs));
      p.lastTs = e.ts;
    }
    if ((mask & F_STACK) != 0) {
      o.varint(e.stack + 1L);
    }
    if ((mask & F_OLD) != 0) {
      o.varint(zigzag(e.oldValue));
    }
    if ((mask & F_DEP) != 0) {
      o.varint(zigzag(e.id - e.dep));
    }
    if ((mask & F_CTRL) != 0) {
      o.varint(zigzag(e.id - e.ctrl));
    }
    if ((mask & F_RF) != 0) {
      o.varint(zigzag(e.id - e.rf));
    }
    if ((mask & F_FENCE) != 0) {
      o.put(Simbin.FENCE_CODE[e.fence.ordinal()]);
    }
    if ((mask & F_CACHE) != 0) {
      o.varint(e.cache + 1L);
    }
    if ((mask & F_CHILD) != 0) {
      o.varint(e.child + 1L);
    }
    if ((mask & F_NAME) != 0) {
      o.varint(e.name + 1L);
    }
    if ((mask & F_CLASS) != 0) {
      o.put(Simbin.CLASS_CODE[e.regionClass.ordinal()]);
    }
    if ((mask & F_ID) != 0) {
      o.varint(zigzag(e.id - (p.prevId + 1)));
    }
  }

  /** Returns the metadata as UTF-8 strings, key, value, key..., checked against the limits. */
  private static byte[][] encode(Map<String, String> metadata) {
    if (metadata.size() > Simbin.MAX_PAIRS) {
      throw new IllegalArgumentException(metadata.size() + " metadata pairs (at most "
          + Simbin.MAX_PAIRS + ")");
    }
    byte[][] strings = new byte[2 * metadata.size()][];
    int i = 0;
    for (Map.Entry<String, String> pair : metadata.entrySet()) {
      strings[i++] = SimbinOutput.utf8(pair.getKey());
      strings[i++] = SimbinOutput.utf8(pair.getValue());
    }
    return strings;
  }

  private void defineTask(int task) throws IOException {
    while (tasksDefined <= task) {
      define(Simbin.KIND_TASK, tasks.name(tasksDefined));
      p.taskDefined(tasksDefined++);
    }
  }

  private void defineSymbol(int symbol) throws IOException {
    while (symbolsDefined <= symbol) {
      define(Simbin.KIND_SYMBOL, symbols.name(symbolsDefined));
      symbolsDefined++;
    }
  }

  private void defineStack(int stack) throws IOException {
    while (stacksDefined <= stack) {
      int[] frames = stacks.frames(stacksDefined);
      if (frames.length > Simbin.MAX_FRAMES) {
        throw new IllegalArgumentException("stack " + stacksDefined + " has " + frames.length
            + " frames (at most " + Simbin.MAX_FRAMES + ")");
      }
      for (int f : frames) {
        defineSymbol(f);
      }
      out.room(1 + Simbin.MAX_VARINT);
      out.put(Simbin.KIND_STACK);
      out.varint(frames.length);
      for (int f : frames) {
        out.room(Simbin.MAX_VARINT);
        out.varint(f);
      }
      stacksDefined++;
    }
  }

  /** Writes a symbol or task definition record. */
  private void define(int kind, String name) throws IOException {
    byte[] bytes = SimbinOutput.utf8(name);
    out.room(1);
    out.put(kind);
    out.string(bytes);
  }

  private static void check(int id, int size, String what) {
    if (id < EventCursor.NONE || id >= size) {
      throw new IllegalArgumentException(what + " " + id + " is not in the " + what + " table");
    }
  }

  private void start() throws IOException {
    if (!started) {
      started = true;
      out.room(Simbin.MAGIC.length + 2 * Simbin.MAX_VARINT);
      for (byte b : Simbin.MAGIC) {
        out.put(b);
      }
      out.varint(Simbin.VERSION);
      out.varint(0);
    }
  }

  /** Passes the bytes written so far to the output and flushes it; the file has no trailer yet. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes the trailer and closes the output; a second call does nothing. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    start();
    out.room(1 + Simbin.MAX_VARINT);
    out.put(Simbin.KIND_TRAILER);
    out.varint(events);
    out.finishAndClose();
  }
}
