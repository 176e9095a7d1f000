package dev.slabrace.sim.scenario;

import dev.slabrace.sim.SimConfig;
import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.KmemCache;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scenario that replays one bug or its fix: CPUs 0 to roles-1 play its roles, and any further CPUs
 * run a clean background workload on caches of their own until the roles are done, so that the seed
 * varies what happens around the bug but never whether it happens.
 *
 * <pre>
 * Implementation notes
 *
 * The interleaving that makes the bug is forced by step guards (the freeing CPU waits until obj_exts
 * is published, the flusher until the producer appended...), never left to the scheduler. Background
 * CPUs share only zone->lock with the roles; a lock gives ordering, which could hide a race only if a
 * racing role took it between its two accesses, and no role takes any lock there.
 * </pre>
 */
abstract class FocusedScenario implements Scenario {
  private final String name;
  private final String description;
  private final Expectation expectation;
  private final SlubVersion version;
  private final int roles;

  FocusedScenario(String name, String description, Expectation expectation, SlubVersion version,
      int roles) {
    this.name = name;
    this.description = description;
    this.expectation = expectation;
    this.version = version;
    this.roles = roles;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final boolean buggy() {
    return expectation != null;
  }

  @Override
  public final Optional<Expectation> expectation() {
    return Optional.ofNullable(expectation);
  }

  @Override
  public final SlubVersion version() {
    return version;
  }

  @Override
  public final int minCpus() {
    return roles;
  }

  @Override
  public final void setUp(Kernel kernel, SimConfig config) {
    setUpRoles(kernel);
    if (kernel.cpus() == roles) {
      return;
    }
    List<Context> roleCpus = new ArrayList<>();
    for (int cpu = 0; cpu < roles; cpu++) {
      roleCpus.add(kernel.cpu(cpu));
    }
    int[] others = new int[kernel.cpus() - roles];
    for (int i = 0; i < others.length; i++) {
      others[i] = roles + i;
    }
    Slub slub = kernel.slub();
    List<Pool> pools = List.of(
        new Pool(slub.kmallocCache(32), true, 0),
        new Pool(slub.kmallocCache(96), true, 0),
        new Pool(slub.kmallocCgCache(64), true, 0),
        new Pool(slub.bootCache("buffer_head", 104, 0, 5), false, 0),
        new Pool(slub.bootCache("names_cache", 4096, 0, 5), false, 0),
        new Pool(slub.bootCache("files_cache", 704, KmemCache.ACCOUNT | KmemCache.TYPESAFE_BY_RCU, 1),
            false, 0));
    MixedWorkload background = new MixedWorkload(kernel, pools, others,
        () -> roleCpus.stream().allMatch(Context::done), false, null);
    for (int cpu : others) {
      kernel.cpu(cpu).workload(background.workload());
    }
  }

  /** Gives CPUs 0 to roles-1 their scripts. */
  abstract void setUpRoles(Kernel kernel);
}
