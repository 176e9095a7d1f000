package dev.slabrace.detect.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Where HerdRcuSweep writes the contract's grace-period rule into a trace (the litmus test herd7
 * judges): a release store before the unlock of each section that began before a grace period of
 * another task, an acquire load of it and smp_mb() after the grace period, gp_begin and gp_end as
 * one synchronize_rcu(). herd7 itself is not needed here.
 */
class HerdRcuSweepTest {

  @Test
  void sectionBeforeGracePeriodGetsAReleaseAndAnAcquireThenMb() {
    List<Ev> t = Ev.parseJsonLines("""
        {"op":"rcu_read_lock","tid":1}
        {"op":"load","tid":1,"addr":"0x1000","size":8}
        {"op":"gp_begin","tid":0}
        {"op":"rcu_read_unlock","tid":1}
        {"op":"gp_end","tid":0}
        {"op":"store","tid":0,"addr":"0x1000","size":8}
        """);
    assertEquals(List.of("1 rcu_read_lock", "1 load 0x1000 plain", "1 store 0x10000 release",
        "1 rcu_read_unlock", "0 synchronize_rcu", "0 load 0x10000 acquire", "0 fence mb",
        "0 store 0x1000 plain"), shape(HerdRcuSweep.withMarkers(t)));
  }

  @Test
  void sectionBeganAfterTheGracePeriodGetsNoMarker() {
    List<Ev> t = Ev.parseJsonLines("""
        {"op":"synchronize_rcu","tid":0}
        {"op":"rcu_read_lock","tid":1}
        {"op":"rcu_read_unlock","tid":1}
        """);
    assertEquals(List.of("0 synchronize_rcu", "1 rcu_read_lock", "1 rcu_read_unlock"),
        shape(HerdRcuSweep.withMarkers(t)));
  }

  @Test
  void sectionThatOutlivesItsGracePeriodBreaksTheRule() {
    List<Ev> t = Ev.parseJsonLines("""
        {"op":"rcu_read_lock","tid":1}
        {"op":"synchronize_rcu","tid":0}
        {"op":"rcu_read_unlock","tid":1}
        """);
    assertNull(HerdRcuSweep.withMarkers(t));
  }

  @Test
  void generatedTracesKeepTheRule() {
    for (long seed = 0; seed < 2000; seed++) {
      for (Set<String> options
          : List.of(Set.<String>of(), Set.of("rich", "locks", "weak", "atomic"))) {
        List<Ev> t = HerdRcuSweep.generate(seed, options);
        assertTrue(HerdRcuSweep.withMarkers(t) != null,
            "seed " + seed + ": a section outlives a grace period it began before");
        assertTrue(HerdLitmus.convert("s", HerdRcuSweep.withMarkers(t)).skipped() == null,
            "seed " + seed + ": " + HerdLitmus.convert("s", HerdRcuSweep.withMarkers(t)).skipped());
      }
    }
  }

  private static List<String> shape(List<Ev> trace) {
    return trace.stream().map(e -> e.tid() + " " + e.op().wireName()
        + (e.isAccess() ? " 0x" + Long.toHexString(e.addr()) + " " + e.mo().name().toLowerCase()
            : e.fence() != null ? " " + e.fence().wireName() : ""))
        .collect(Collectors.toList());
  }
}
