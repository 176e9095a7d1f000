package dev.slabrace.finding;

import java.util.List;

/**
 * One side of a finding, resolved to names: which event, which task on which CPU, what it did to which
 * bytes, where in the code, and the value it read or wrote when the trace said.
 *
 * @param id the event id
 * @param task the task's id as the trace wrote it
 * @param cpu the CPU, or -1 if the trace did not say
 * @param type what the access did
 * @param marked whether the access was marked (READ_ONCE, atomics...)
 * @param addr the first byte the access touched
 * @param size how many bytes it touched
 * @param frames its code location and stack, innermost first (empty if unknown)
 * @param hasValue whether {@code value} is known
 * @param value the value read or written
 * @param comm the task's command name when the trace gives one ({@code bash}), else empty
 * @param sources where each frame is in the source, index for index with {@code frames}
 *     ({@link FrameSource#UNKNOWN} where not found), or empty if the run did not symbolise
 */
public record Access(
    long id,
    String task,
    int cpu,
    AccessType type,
    boolean marked,
    long addr,
    long size,
    List<String> frames,
    boolean hasValue,
    long value,
    String comm,
    List<FrameSource> sources) {

  /** Checks that {@code sources} is empty or matches {@code frames}. */
  public Access {
    if (!sources.isEmpty() && sources.size() != frames.size()) {
      throw new IllegalArgumentException(sources.size() + " sources for " + frames.size()
          + " frames");
    }
  }

  /** Creates an access whose frames are not symbolised. */
  public Access(long id, String task, int cpu, AccessType type, boolean marked, long addr, long size,
      List<String> frames, boolean hasValue, long value, String comm) {
    this(id, task, cpu, type, marked, addr, size, frames, hasValue, value, comm, List.of());
  }

  /** Creates an access of a task whose command name the trace does not give, not symbolised. */
  public Access(long id, String task, int cpu, AccessType type, boolean marked, long addr, long size,
      List<String> frames, boolean hasValue, long value) {
    this(id, task, cpu, type, marked, addr, size, frames, hasValue, value, "");
  }

  /** Returns where frame {@code i} is in the source: {@link FrameSource#UNKNOWN} if not known. */
  public FrameSource source(int i) {
    return sources.isEmpty() ? FrameSource.UNKNOWN : sources.get(i);
  }

  /** Returns this access with {@code sources} for its frames. */
  public Access withSources(List<FrameSource> sources) {
    return new Access(id, task, cpu, type, marked, addr, size, frames, hasValue, value, comm,
        List.copyOf(sources));
  }

  /** Returns the innermost frame, or {@code "?"} if the trace gave no code location. */
  public String topFrame() {
    return frames.isEmpty() ? "?" : frames.get(0);
  }
}
