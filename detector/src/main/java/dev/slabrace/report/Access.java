package dev.slabrace.report;

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
    String comm) {

  /** Creates an access of a task whose command name the trace does not give. */
  public Access(long id, String task, int cpu, AccessType type, boolean marked, long addr, long size,
      List<String> frames, boolean hasValue, long value) {
    this(id, task, cpu, type, marked, addr, size, frames, hasValue, value, "");
  }

  /** Returns the innermost frame, or {@code "?"} if the trace gave no code location. */
  public String topFrame() {
    return frames.isEmpty() ? "?" : frames.get(0);
  }
}
