package dev.slabrace.sim.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Interleaves the contexts of the simulated machine: each call runs one step of a context chosen by the
 * seed among those whose next step is ready. Scenarios force the interleavings that matter with step
 * guards; the scheduler decides the rest.
 *
 * <pre>
 * Implementation notes
 *
 * A context whose next step is not ready is blocked (spinning or sleeping); one with no step is idle.
 * Both are reported to the quiescence listener on every round, as is every context after each step it
 * runs: RCU counts all three as quiescent states. A round in which some context has a step but none
 * is ready is a deadlock of the simulated program, a bug in a scenario, and fails loudly.
 * </pre>
 */
public final class Scheduler {
  /** Told when a context passes a point where it holds no RCU read-side section. */
  @FunctionalInterface
  public interface Quiescence {
    /** {@code context} is quiescent now. */
    void quiescent(Context context);
  }

  private final Emitter emitter;
  private final SplittableRandom random;
  private final List<Context> contexts = new ArrayList<>();
  private Quiescence quiescence = c -> { };
  private Context[] ready = new Context[8];

  /** Creates a scheduler whose choices come from {@code random}, running steps that emit into {@code emitter}. */
  public Scheduler(Emitter emitter, SplittableRandom random) {
    this.emitter = emitter;
    this.random = random;
  }

  /** Sets who is told about quiescent states. */
  public void quiescence(Quiescence listener) {
    this.quiescence = listener;
  }

  /** Adds a context with task id {@code tid} on {@code cpu}; its random stream is split from the seed. */
  public Context add(Context.Kind kind, int cpu, String tid) {
    Context c = new Context(contexts.size(), kind, cpu, tid, random.split(), emitter.root());
    contexts.add(c);
    if (ready.length < contexts.size()) {
      ready = new Context[contexts.size() * 2];
    }
    return c;
  }

  /** Returns the contexts in the order they were added. */
  public List<Context> contexts() {
    return Collections.unmodifiableList(contexts);
  }

  /**
   * Runs one step of a ready context and returns true, or returns false when no context has anything
   * left to do.
   *
   * @throws IllegalStateException if contexts have steps but none is ready (a deadlock)
   */
  public boolean step() {
    int n = 0;
    boolean pending = false;
    for (Context c : contexts) {
      Step next = c.peek();
      if (next == null) {
        quiescence.quiescent(c);
      } else if (next.ready()) {
        ready[n++] = c;
        pending = true;
      } else {
        quiescence.quiescent(c);
        pending = true;
      }
    }
    if (n == 0) {
      if (pending) {
        throw new IllegalStateException("simulated deadlock: " + blocked());
      }
      return false;
    }
    Context chosen = ready[n == 1 ? 0 : random.nextInt(n)];
    emitter.enter(chosen);
    chosen.poll().run();
    if (!chosen.node.isRoot()) {
      throw new IllegalStateException(chosen + " ended a step inside a call: " + chosen.node.frame);
    }
    quiescence.quiescent(chosen);
    return true;
  }

  private String blocked() {
    StringBuilder sb = new StringBuilder();
    for (Context c : contexts) {
      if (c.peek() != null) {
        sb.append(sb.length() == 0 ? "" : ", ").append(c).append(" is blocked");
      }
    }
    return sb.toString();
  }
}
