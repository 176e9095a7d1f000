package dev.slabrace.sim.exec;

import java.util.function.BooleanSupplier;

/**
 * One atomic piece of a context's program: the scheduler interleaves contexts only between steps. A
 * step that is not {@link #ready()} blocks its context (a spinning or sleeping CPU) until it is.
 */
public interface Step {
  /** Whether the step can run now; a blocked context counts as quiescent for RCU. */
  default boolean ready() {
    return true;
  }

  /** Runs the step, emitting its events. */
  void run();

  /** Returns a step that can always run. */
  static Step of(Runnable body) {
    return body::run;
  }

  /** Returns a step that runs once {@code guard} holds. */
  static Step when(BooleanSupplier guard, Runnable body) {
    return new Step() {
      @Override
      public boolean ready() {
        return guard.getAsBoolean();
      }

      @Override
      public void run() {
        body.run();
      }
    };
  }
}
