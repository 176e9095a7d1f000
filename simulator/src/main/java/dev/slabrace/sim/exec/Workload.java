package dev.slabrace.sim.exec;

/** An open-ended program: supplies a context's next step whenever its script runs dry. */
@FunctionalInterface
public interface Workload {
  /** Returns the next step of {@code context}, or {@code null} when the workload is over. */
  Step next(Context context);
}
