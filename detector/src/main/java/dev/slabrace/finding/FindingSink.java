package dev.slabrace.finding;

/** Where the engine delivers findings, in the order of their later event. */
@FunctionalInterface
public interface FindingSink {
  /** Accepts one finding. */
  void accept(Finding finding);
}
