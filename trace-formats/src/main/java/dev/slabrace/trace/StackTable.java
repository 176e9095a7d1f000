package dev.slabrace.trace;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;

/**
 * Interned call stacks: arrays of frame symbols, innermost first, each stored once and named by a dense
 * {@code int} id. A trace's own stack ids ({@code sid}) are mapped onto these by the reader.
 */
public final class StackTable {
  private final Object2IntOpenHashMap<Frames> ids = new Object2IntOpenHashMap<>();
  private final AppendOnlyArray<int[]> stacks = new AppendOnlyArray<>();
  private final IntArrayList scratch = new IntArrayList();

  /** Creates an empty table. */
  public StackTable() {
    ids.defaultReturnValue(EventCursor.NONE);
  }

  /** Clears the frame buffer that {@link #addFrame} fills before {@link #internPending}. */
  public void beginStack() {
    scratch.clear();
  }

  /** Appends a frame symbol to the stack being built. */
  public void addFrame(int symbol) {
    scratch.add(symbol);
  }

  /** Interns the stack built by {@link #addFrame} and returns its id. */
  public int internPending() {
    return intern(scratch.toIntArray());
  }

  /** Returns the id of {@code frames}, adding it if it is new. The array must not be changed later. */
  public int intern(int[] frames) {
    Frames key = new Frames(frames);
    int id = ids.getInt(key);
    if (id == EventCursor.NONE) {
      id = stacks.size();
      stacks.add(frames);
      ids.put(key, id);
    }
    return id;
  }

  /** Returns the frame symbols of stack {@code id}, innermost first; callers must not modify it. */
  public int[] frames(int id) {
    return stacks.get(id);
  }

  /** Returns how many distinct stacks the table holds. */
  public int size() {
    return stacks.size();
  }

  /** An int array with value equality, the key of the interning map. */
  private record Frames(int[] frames) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Frames other && Arrays.equals(frames, other.frames);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(frames);
    }
  }
}
