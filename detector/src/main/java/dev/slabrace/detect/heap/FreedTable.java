package dev.slabrace.detect.heap;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;

/**
 * The freed objects that the freed marks of shadow granules, and FREED cells, refer to, by a small int
 * id, each kept while some granule is marked with it or some FREED cell names it.
 *
 * <pre>
 * Implementation notes
 *
 * A free marks every whole granule of its object with the object's id (ShadowMemory.markFreed)
 * instead of adding a FREED cell to each; an access to a marked granule is a use-after-free of
 * exactly that free, and an allocation over it acquires that free's clock. A FREED cell (the freed
 * bytes of a granule the object only partly covers) names its object by id too, and counts as a mark:
 * a reallocation at the object's address must not make its other freed bytes forget which free
 * released them. Ids count their marks and are recycled when the last mark goes, so the table holds
 * only objects some byte still names.
 * </pre>
 */
public final class FreedTable {
  private final ObjectArrayList<FreedObject> objects = new ObjectArrayList<>();
  private final IntArrayList marks = new IntArrayList();
  private final IntArrayList spare = new IntArrayList();

  /** Registers {@code object} with no marks yet and returns its id. */
  public int add(FreedObject object) {
    if (!spare.isEmpty()) {
      int id = spare.popInt();
      objects.set(id, object);
      marks.set(id, 0);
      return id;
    }
    objects.add(object);
    marks.add(0);
    return objects.size() - 1;
  }

  /** Counts one more granule marked with {@code id}. */
  public void retain(int id) {
    retain(id, 1);
  }

  /** Counts {@code granules} more granules marked with {@code id}. */
  public void retain(int id, int granules) {
    marks.set(id, marks.getInt(id) + granules);
  }

  /** Counts one granule fewer marked with {@code id}; the id is recycled when none is left. */
  public void release(int id) {
    int left = marks.getInt(id) - 1;
    marks.set(id, left);
    if (left <= 0) {
      objects.set(id, null);
      spare.push(id);
    }
  }

  /** Releases {@code id} if no granule was marked with it. */
  public void releaseIfUnmarked(int id) {
    if (marks.getInt(id) == 0) {
      objects.set(id, null);
      spare.push(id);
    }
  }

  /** Returns the freed object of {@code id}. */
  public FreedObject get(int id) {
    return objects.get(id);
  }

  /** Returns how many freed objects some granule is marked with. */
  public int size() {
    return objects.size() - spare.size();
  }
}
