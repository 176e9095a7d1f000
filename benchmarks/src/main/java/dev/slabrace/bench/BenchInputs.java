package dev.slabrace.bench;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.TraceOutputs;
import dev.slabrace.trace.Traces;
import dev.slabrace.trace.std.StdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The traces the JMH benchmarks read, generated in memory and deterministic: RAPID STD from
 * {@link StdGenerator} shaped like the RAPID comparison (8 threads, 64 locks), slab-allocator ftrace
 * text from {@link FtraceGenerator}, and JSON Lines and the binary format converted from either.
 */
public enum BenchInputs {
  /** RAPID STD: 8 threads, 100,000 variables, 64 locks, 10% of accesses unprotected. */
  STD,
  /** The STD trace converted to JSON Lines (string tids, no cpu or timestamps). */
  JSONL_STD,
  /** The STD trace converted to the binary format. */
  BIN_STD,
  /** ftrace text of a slab workload: 32 tasks on 4 CPUs, about 60% slab_access lines. */
  FTRACE,
  /** The ftrace trace converted to JSON Lines (numeric tids, cpus, timestamps, hex addresses). */
  JSONL_SLAB,
  /** The ftrace trace converted to the binary format. */
  BIN_SLAB;

  /** Returns this trace with {@code events} events (ftrace: lines), as bytes. */
  public byte[] generate(long events) {
    try {
      return switch (this) {
        case STD -> std(events, 100_000, 64, 0.1);
        case JSONL_STD -> convert(STD.generate(events), "bench.jsonl");
        case BIN_STD -> convert(STD.generate(events), "bench.bin");
        case FTRACE -> ftrace(events);
        case JSONL_SLAB -> convert(FTRACE.generate(events), "bench.jsonl");
        case BIN_SLAB -> convert(FTRACE.generate(events), "bench.bin");
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns an STD trace of 8 threads with the given shape. */
  public static byte[] std(long events, int variables, int locks, double unprotected)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new StdGenerator(events, 8, variables, locks, unprotected, 1).write(out);
    return out.toByteArray();
  }

  /** Returns an ftrace trace of {@code lines} event lines: 32 tasks on 4 CPUs. */
  public static byte[] ftrace(long lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FtraceGenerator(lines, 32, 4, 1).write(out);
    return out.toByteArray();
  }

  /** Opens {@code trace} as {@code slabrace analyze} opens a file: format detected by content. */
  public static EventSource open(byte[] trace) throws IOException {
    return Traces.open(new ByteArrayInputStream(trace), "bench", false);
  }

  /** Returns {@code trace} converted to the format that {@code outName} asks for. */
  public static byte[] convert(byte[] trace, String outName) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (EventSource source = open(trace);
        EventWriter writer = TraceOutputs.open(out, outName, source)) {
      EventCursor cursor = new EventCursor();
      while (source.next(cursor)) {
        writer.write(cursor);
      }
    }
    return out.toByteArray();
  }
}
