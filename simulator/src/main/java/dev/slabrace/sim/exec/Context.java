package dev.slabrace.sim.exec;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * An execution context of the simulated machine, one trace task: the kernel task running on a CPU, or
 * the context in which a CPU runs its RCU callbacks. It runs a script of steps and, when the script is
 * empty, asks its workload for more.
 */
public final class Context {
  /** What a context runs. */
  public enum Kind {
    /** The task on a CPU: it allocates, frees, takes locks, and takes part in grace periods. */
    CPU,
    /** The context that runs the RCU callbacks queued on a CPU. */
    CALLBACKS
  }

  private final int index;
  private final Kind kind;
  private final int cpu;
  private final String tid;
  private final SplittableRandom random;
  private final ArrayDeque<Step> script = new ArrayDeque<>();
  private Workload workload;

  /** The task index in the trace's task table, or -1 before the context's first event. */
  int task = -1;
  /** The current call chain: the frames of the stack that the context's next event carries. */
  CallNode node;
  /** How deep the context is in RCU read-side sections: rcu_read_lock() minus rcu_read_unlock(). */
  int readSections;
  /** Returns from the innermost call: what {@link Emitter#call} hands out, one per context. */
  final Emitter.Frame frame = () -> node = node.parent;

  Context(int index, Kind kind, int cpu, String tid, SplittableRandom random, CallNode root) {
    this.index = index;
    this.kind = kind;
    this.cpu = cpu;
    this.tid = tid;
    this.random = random;
    this.node = root;
  }

  /** Returns the position of this context in its scheduler. */
  public int index() {
    return index;
  }

  /** Returns what the context runs. */
  public Kind kind() {
    return kind;
  }

  /** Returns the CPU the context runs on. */
  public int cpu() {
    return cpu;
  }

  /** Returns the trace's task id of this context. */
  public String tid() {
    return tid;
  }

  /** Whether the context is inside an RCU read-side section: it is then in no quiescent state. */
  public boolean inReadSection() {
    return readSections > 0;
  }

  /** Returns this context's own random stream, split from the simulation's seed. */
  public SplittableRandom random() {
    return random;
  }

  /** Appends a step to the script. */
  public Context add(Step step) {
    script.addLast(step);
    return this;
  }

  /** Appends a step that runs once {@code guard} holds. */
  public Context then(BooleanSupplier guard, Runnable body) {
    return add(Step.when(guard, body));
  }

  /** Appends a step that can always run. */
  public Context then(Runnable body) {
    return add(Step.of(body));
  }

  /** Puts a step before the rest of the script: the continuation of the step running now. */
  public void next(Step step) {
    script.addFirst(step);
  }

  /** Sets the workload that supplies steps once the script is empty. */
  public void workload(Workload workload) {
    this.workload = workload;
  }

  /** Whether the context has no script left and no workload that could give it more. */
  public boolean done() {
    return script.isEmpty() && workload == null;
  }

  /** Returns the next step without taking it, or null if the context has nothing to do now. */
  Step peek() {
    if (script.isEmpty() && workload != null) {
      Step step = workload.next(this);
      if (step != null) {
        script.addLast(step);
      }
    }
    return script.peekFirst();
  }

  /** Takes the next step. */
  Step poll() {
    return script.pollFirst();
  }

  @Override
  public String toString() {
    return (kind == Kind.CPU ? "cpu " : "rcu callbacks of cpu ") + cpu + " (task " + tid + ")";
  }
}
