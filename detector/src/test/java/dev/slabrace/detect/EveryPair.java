package dev.slabrace.detect;

import dev.slabrace.finding.Finding;
import dev.slabrace.trace.EventSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine with AccessChecker's selection of reports switched off: every racing pair of cells is
 * reported, as before the selection existed. Tests compare the two to show what the selection keeps.
 */
public final class EveryPair {
  private EveryPair() {}

  /** Every finding of {@code source}, with every racing pair reported. */
  public static List<Finding> analyze(EventSource source) throws IOException {
    List<Finding> findings = new ArrayList<>();
    Collect.replay(source, findings, engine -> engine.everyPair(true));
    return findings;
  }
}
