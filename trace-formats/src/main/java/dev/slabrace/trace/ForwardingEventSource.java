package dev.slabrace.trace;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An event source that wraps another and passes on everything but {@link #next}: its tables,
 * header, name, counts, notes, and {@link #close}. Subclasses decide which events go through.
 */
public abstract class ForwardingEventSource implements EventSource {
  /** The wrapped source; closed with this one. */
  protected final EventSource source;

  /** Wraps {@code source}. */
  protected ForwardingEventSource(EventSource source) {
    this.source = source;
  }

  @Override
  public SymbolTable symbols() {
    return source.symbols();
  }

  @Override
  public TaskTable tasks() {
    return source.tasks();
  }

  @Override
  public StackTable stacks() {
    return source.stacks();
  }

  @Override
  public Map<String, String> header() {
    return source.header();
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public long skipped() {
    return source.skipped();
  }

  @Override
  public boolean accessesOptional() {
    return source.accessesOptional();
  }

  @Override
  public String whyEmpty() {
    return source.whyEmpty();
  }

  @Override
  public boolean positionsAreOffsets() {
    return source.positionsAreOffsets();
  }

  @Override
  public List<String> notes() {
    return source.notes();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
