package dev.slabrace.trace;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * The skeleton of a trace format's reader: the tables its cursors' ids refer to, the input's name, the
 * lenient flag and the count of skipped lines or records, and closing the input. A format's reader
 * extends it and implements {@link #next}; it overrides {@link #header}, {@link #notes} and the other
 * defaults of {@link EventSource} only where the format has something to say.
 */
public abstract class TraceReader implements EventSource {
  /** The table that the cursors' symbol ids refer to. */
  protected final SymbolTable symbols = new SymbolTable();
  /** The table that the cursors' task indices refer to. */
  protected final TaskTable tasks = new TaskTable();
  /** The table that the cursors' stack ids refer to. */
  protected final StackTable stacks = new StackTable();
  /** Whether malformed lines or records are skipped and counted instead of failing. */
  protected final boolean lenient;
  /** How many lines or records were skipped in lenient mode. */
  protected long skipped;
  private final String name;
  private final Closeable input;

  /**
   * Creates a reader of {@code input}, which {@link #close} closes.
   *
   * @param name how messages and reports name the input
   * @param lenient skip and count malformed lines instead of failing
   */
  protected TraceReader(Closeable input, String name, boolean lenient) {
    this.input = input;
    this.name = name;
    this.lenient = lenient;
  }

  /**
   * Fails on the malformed line {@code line}, or, in lenient mode, counts it as skipped.
   *
   * @throws TraceFormatException naming the input, the line and {@code problem}, unless lenient
   */
  protected final void malformedLine(long line, String problem) throws TraceFormatException {
    if (!lenient) {
      throw TraceFormatException.atLine(name, line, problem);
    }
    skipped++;
  }

  @Override
  public final SymbolTable symbols() {
    return symbols;
  }

  @Override
  public final TaskTable tasks() {
    return tasks;
  }

  @Override
  public final StackTable stacks() {
    return stacks;
  }

  /** Returns the header's metadata: none unless the format has a header. */
  @Override
  public Map<String, String> header() {
    return Map.of();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public long skipped() {
    return skipped;
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
