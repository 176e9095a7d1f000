package dev.slabrace.sim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The registry of named scenarios, in the order {@code slabrace scenarios} lists them. */
public final class Scenarios {
  private static final List<Scenario> ALL;

  static {
    List<Scenario> all = new ArrayList<>();
    all.addAll(StrideScenario.ALL);
    all.addAll(TtyFlushScenario.ALL);
    all.addAll(PutPidScenario.ALL);
    all.addAll(DestroyScenario.ALL);
    all.addAll(TypesafeScenario.ALL);
    all.add(MixedScenario.INSTANCE);
    ALL = Collections.unmodifiableList(all);
  }

  private Scenarios() {}

  /** Returns every scenario. */
  public static List<Scenario> all() {
    return ALL;
  }

  /** Returns the scenario called {@code name}, if there is one. */
  public static Optional<Scenario> byName(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Returns the names of every scenario, comma-separated, for error messages. */
  public static String names() {
    return String.join(", ", ALL.stream().map(Scenario::name).toList());
  }
}
