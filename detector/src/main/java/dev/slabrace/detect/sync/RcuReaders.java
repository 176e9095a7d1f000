package dev.slabrace.detect.sync;

import dev.slabrace.detect.clock.VectorClock;
import it.unimi.dsi.fastutil.ints.Int2IntAVLTreeMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The RCU read-side sections running now, and who waits for their ends: the Grace-Period Guarantee
 * ("every read-side section that began before gp_begin ends before gp_end") as happens-before edges
 * from each such section's rcu_read_unlock to the waiter.
 */
public final class RcuReaders {
  /** Running outermost sections: task to section serial, sorted for determinism. */
  private final Int2IntAVLTreeMap running = new Int2IntAVLTreeMap();
  private final Int2ObjectOpenHashMap<List<Waiter>> waitersByTask = new Int2ObjectOpenHashMap<>();

  /** An outermost section of {@code task} with serial {@code serial} begins. */
  public void begin(int task, int serial) {
    running.put(task, serial);
  }

  /** Whether {@code task} is inside a section. */
  public boolean isRunning(int task) {
    return running.containsKey(task);
  }

  /** Makes {@code waiter} wait for every section running now. */
  public void waitForRunning(Waiter waiter) {
    for (int task : running.keySet()) {
      waiter.running++;
      waitersByTask.computeIfAbsent(task, t -> new ArrayList<>()).add(waiter);
    }
  }

  /** The section of {@code task} ends with clock {@code end}: delivers it to its waiters. */
  public void end(int task, VectorClock end) {
    running.remove(task);
    List<Waiter> waiters = waitersByTask.remove(task);
    if (waiters != null) {
      for (Waiter w : waiters) {
        w.clock.join(end);
        w.running--;
      }
    }
  }
}
