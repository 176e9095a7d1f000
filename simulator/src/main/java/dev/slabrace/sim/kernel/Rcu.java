package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.exec.Scheduler;
import dev.slabrace.sim.exec.Step;
import java.util.ArrayDeque;

/**
 * Tree RCU reduced to what the trace needs: grace periods driven by the CPUs' quiescent states,
 * {@code synchronize_rcu}, callbacks queued by {@code call_rcu} and run in FIFO order per CPU by that
 * CPU's callback context once their grace period has ended, and {@code rcu_barrier}.
 *
 * <pre>
 * Implementation notes
 *
 * A grace period starts when a callback or a synchronize_rcu needs one and ends once every CPU
 * context has passed a quiescent state since: the end of a step, or a round in which it was idle or
 * blocked, but never while it is inside an RCU read-side section (a reader whose section spans
 * steps holds the grace period up until its rcu_read_unlock). A callback or synchronize_rcu that
 * asks while a grace period runs waits for the next one, as in the kernel. So every read-side
 * section that began before the call_rcu or the gp_begin has ended before the callback starts or
 * gp_end is emitted: the trace contract's grace-period rule holds in every trace. A callback never
 * runs before the step that queued it has ended: the rest of that step happens before the callback,
 * which is the interleaving the kmem_cache_destroy scenario depends on.
 * rcu_barrier blocks until no callback is pending at all: the trace contract lets it return only
 * after every call_rcu earlier in the trace has ended, including those other CPUs queued while it
 * waited. Workloads therefore queue no new callbacks while a barrier waits (see barrierWaiting).
 * </pre>
 */
public final class Rcu implements Scheduler.Quiescence {
  /** A queued callback. */
  private record Callback(long head, long gracePeriod, Runnable body) {}

  private final Emitter em;
  private final Context[] runners;
  private final ArrayDeque<Callback>[] queues;
  private final boolean[] needQs;
  private long completed;
  private long started;
  /** The last grace period that a callback or a synchronize_rcu waits for. */
  private long wanted;
  private int remaining;
  private int pending;
  private int barriersWaiting;

  @SuppressWarnings("unchecked")
  Rcu(Emitter em, Context[] runners) {
    this.em = em;
    this.runners = runners;
    this.queues = new ArrayDeque[runners.length];
    this.needQs = new boolean[runners.length];
    for (int cpu = 0; cpu < runners.length; cpu++) {
      ArrayDeque<Callback> queue = new ArrayDeque<>();
      queues[cpu] = queue;
      runners[cpu].workload(ctx -> queue.isEmpty() ? null
          : Step.when(() -> queue.peekFirst().gracePeriod <= completed, () -> run(queue.pollFirst())));
    }
  }

  /** Queues {@code body} to run after a grace period, with its rcu_head at {@code head}. */
  public void callRcu(long head, String ip, Runnable body) {
    em.callRcu(head, ip);
    queues[em.current().cpu()].addLast(new Callback(head, requestGracePeriod(), body));
    pending++;
  }

  /**
   * synchronize_rcu() called from {@code caller}: emits gp_begin now, makes the current context wait
   * in a step of its own until a grace period that started after it has ended, then emits gp_end and
   * runs {@code then}, within the call chain of the caller.
   */
  public void synchronize(String caller, Runnable then) {
    Context context = em.current();
    if (context.inReadSection()) {
      throw new IllegalStateException(context + " calls synchronize_rcu inside a read-side section");
    }
    Emitter.CallChain chain = em.chain();
    try (Emitter.Frame f = em.call(caller)) {
      em.gracePeriodBegin(Ip.SYNCHRONIZE_RCU_BEGIN);
    }
    long gracePeriod = requestGracePeriod();
    context.next(Step.when(() -> completed >= gracePeriod, () -> {
      try (Emitter.Frame resumed = em.resume(chain)) {
        try (Emitter.Frame f = em.call(caller)) {
          em.gracePeriodEnd(Ip.SYNCHRONIZE_RCU_END);
        }
        then.run();
      }
    }));
  }

  /**
   * Returns the grace period that someone asking now must wait for: the next one to start, since one
   * running now may have started before the request. Starts it if none runs.
   */
  private long requestGracePeriod() {
    boolean running = started > completed;
    long gracePeriod = running ? completed + 2 : completed + 1;
    wanted = Math.max(wanted, gracePeriod);
    if (!running) {
      startGracePeriod();
    }
    return gracePeriod;
  }

  /**
   * Makes the current context wait in rcu_barrier() and then run {@code then}, both in a step of their
   * own that runs once no callback is pending, within the call chain of the caller; {@code caller} is
   * the frame the barrier is called from.
   */
  public void barrier(String caller, Runnable then) {
    Context context = em.current();
    Emitter.CallChain chain = em.chain();
    barriersWaiting++;
    context.next(Step.when(() -> pending == 0, () -> {
      barriersWaiting--;
      try (Emitter.Frame resumed = em.resume(chain)) {
        try (Emitter.Frame f = em.call(caller)) {
          em.rcuBarrier(Ip.RCU_BARRIER);
        }
        then.run();
      }
    }));
  }

  /** Whether some context waits in rcu_barrier(): workloads should not queue callbacks now. */
  public boolean barrierWaiting() {
    return barriersWaiting > 0;
  }

  /** Returns how many queued callbacks have not run. */
  public int pending() {
    return pending;
  }

  @Override
  public void quiescent(Context context) {
    if (context.kind() != Context.Kind.CPU || started == completed || !needQs[context.cpu()]
        || context.inReadSection()) {
      return;
    }
    needQs[context.cpu()] = false;
    if (--remaining == 0) {
      completed = started;
      if (wanted > completed) {
        startGracePeriod();
      }
    }
  }

  private void startGracePeriod() {
    started = completed + 1;
    remaining = needQs.length;
    java.util.Arrays.fill(needQs, true);
  }

  private void run(Callback cb) {
    try (Emitter.Frame kthread = em.call(Ip.RCU_NOCB_KTHREAD)) {
      em.callbackBegin(cb.head, Ip.RCU_CB_BEGIN);
      try (Emitter.Frame batch = em.call(Ip.RCU_CB_CALL)) {
        cb.body.run();
      }
      em.callbackEnd(cb.head, Ip.RCU_CB_END);
    }
    pending--;
  }

  /** Returns the context that runs {@code cpu}'s callbacks. */
  Context runner(int cpu) {
    return runners[cpu];
  }
}
