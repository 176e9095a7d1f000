package dev.slabrace.trace.std;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.io.ByteInterner;

/**
 * A run of parsed STD events waiting to be delivered, held as primitive columns. Their variable names
 * are still byte ranges of the reader's buffer until {@link #resolve} interns them all at once.
 */
final class StdBatch {
  /** How many events a batch holds at most. */
  static final int CAPACITY = 256;

  /*
   * Implementation notes: interning a variable is a lookup in a table as large as the trace has
   * variables, usually a cache miss. One event at a time, each miss waits for the one before it, with
   * a line's parsing in between. resolve() first touches the slot of every name of the batch, loads
   * that do not depend on each other and so overlap in the memory system, then interns them; by then
   * most slots are in cache.
   */

  private final Op[] ops = new Op[CAPACITY];
  private final int[] tasks = new int[CAPACITY];
  private final int[] ips = new int[CAPACITY];
  /** Lock symbol of acq/rel, child task of fork/join, variable id of r/w once resolved. */
  private final int[] args = new int[CAPACITY];
  private final int[] nameFrom = new int[CAPACITY];
  private final int[] nameTo = new int[CAPACITY];
  private final long[] hashes = new long[CAPACITY];
  private final long[] ids = new long[CAPACITY];
  private final long[] lines = new long[CAPACITY];
  private int size;
  /** Written with a value that depends on the touched slots, so that those loads are kept. */
  private long sink;

  /** Empties the batch. */
  void clear() {
    size = 0;
  }

  /** Returns how many events the batch holds. */
  int size() {
    return size;
  }

  /** Whether the batch has no room for another event. */
  boolean isFull() {
    return size == CAPACITY;
  }

  /** Adds an acq, rel, fork or join event; {@code arg} is its lock symbol or child task. */
  void add(long id, long line, Op op, int task, int ip, int arg) {
    int k = size++;
    ids[k] = id;
    lines[k] = line;
    ops[k] = op;
    tasks[k] = task;
    ips[k] = ip;
    args[k] = arg;
  }

  /** Adds an r or w event whose variable is {@code buf[from, to)}, valid until {@link #resolve}. */
  void addAccess(long id, long line, Op op, int task, int ip, byte[] buf, int from, int to) {
    int k = size;
    add(id, line, op, task, ip, -1);
    nameFrom[k] = from;
    nameTo[k] = to;
    hashes[k] = ByteInterner.hash(buf, from, to);
  }

  /** Interns the batch's variable names, which are still in {@code buf}, into {@code variables}. */
  void resolve(ByteInterner variables, byte[] buf) {
    long touched = 0;
    for (int k = 0; k < size; k++) {
      if (args[k] < 0) {
        touched += variables.touch(hashes[k]);
      }
    }
    sink = touched;
    for (int k = 0; k < size; k++) {
      if (args[k] < 0) {
        args[k] = variables.intern(buf, nameFrom[k], nameTo[k], hashes[k]);
      }
    }
  }

  /** Fills {@code into} with event {@code k}. */
  void emit(int k, EventCursor into) {
    into.clear();
    into.id = ids[k];
    into.position = lines[k];
    Op op = ops[k];
    into.op = op;
    into.task = tasks[k];
    into.ip = ips[k];
    switch (op) {
      case LOAD, STORE -> {
        into.addr = (long) args[k] * StdEventSource.VARIABLE_STRIDE;
        into.size = StdEventSource.VARIABLE_STRIDE;
      }
      case LOCK, UNLOCK -> {
        into.key = args[k];
        into.keyIsName = true;
      }
      default -> into.child = args[k];
    }
  }
}
