package dev.slabrace.trace;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The tasks of a trace: each {@code tid} as written (a number or a string) mapped to a dense index, in
 * order of first appearance. The engine sizes its vector clocks by this index.
 */
public final class TaskTable {
  private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
  /**
   * Each task's name: the String interned, or the UTF-8 bytes a reader added (a byte array of the
   * name costs half a String and its array, and a trace of a million threads holds a million).
   */
  private final AppendOnlyArray<Object> names = new AppendOnlyArray<>();
  private final Int2ObjectOpenHashMap<String> comms = new Int2ObjectOpenHashMap<>();
  /** How many of the names are in {@code ids}: those added by {@link #add} are indexed lazily. */
  private int indexed;

  /** Creates an empty table. */
  public TaskTable() {
    ids.defaultReturnValue(EventCursor.NONE);
  }

  /** Returns the dense index of the task written as {@code tid}, adding it if it is new. */
  public int intern(String tid) {
    while (indexed < names.size()) {
      ids.put(name(indexed), indexed);
      indexed++;
    }
    int id = ids.getInt(tid);
    if (id == EventCursor.NONE) {
      id = names.size();
      names.add(tid);
      ids.put(tid, id);
      indexed++;
    }
    return id;
  }

  /**
   * Adds the task written as {@code tid}, which the caller knows is new, and returns its index: for a
   * reader that keeps its own index of the tasks by their bytes, so that the names are not indexed
   * twice. The table indexes such names itself only if {@link #intern} is called later.
   */
  public int add(String tid) {
    return names.add(tid);
  }

  /** As {@link #add(String)}, for the task written as the UTF-8 bytes {@code b[from, to)}. */
  public int add(byte[] b, int from, int to) {
    return names.add(Arrays.copyOfRange(b, from, to));
  }

  /** Returns the task's id as the trace wrote it, for reports ({@code task 42}). */
  public String name(int task) {
    Object name = names.get(task);
    return name instanceof String s ? s : new String((byte[]) name, StandardCharsets.UTF_8);
  }

  /** Names task {@code task}'s command ({@code bash}), as a trace that prints comms gives it. */
  public void setComm(int task, String comm) {
    comms.put(task, comm);
  }

  /** Returns the task's command name, or empty if the trace gave none; for reports' {@code Comm:}. */
  public String comm(int task) {
    return comms.getOrDefault(task, "");
  }

  /** Returns how many tasks have been seen. */
  public int size() {
    return names.size();
  }
}
