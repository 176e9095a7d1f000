package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class SimConfigTest {
  @Test
  void resolve_fillsTheScenarioDefaults() {
    assertEquals(new SimConfig(9, 4, 0), new SimConfig(9, 0, 0).resolve(TraceBytes.scenario("stride-race")));
    assertEquals(new SimConfig(9, 4, 10_000), new SimConfig(9, 0, 0).resolve(TraceBytes.scenario("mixed")));
    assertEquals(new SimConfig(9, 2, 77), new SimConfig(9, 2, 77).resolve(TraceBytes.scenario("mixed")));
  }

  @Test
  void resolve_tooFewCpusForTheRoles_saysHowMany() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SimConfig(1, 2, 0).resolve(TraceBytes.scenario("stride-early-plain-handoff")));
    assertEquals("stride-early-plain-handoff needs at least 3 CPUs, not 2", e.getMessage());
  }

  @Test
  void resolve_eventsForAFixedLengthScenario_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SimConfig(1, 0, 100).resolve(TraceBytes.scenario("tty-flush-plain")));
    assertEquals("tty-flush-plain has a fixed length; --events applies to open-ended scenarios such"
        + " as mixed", e.getMessage());
  }

  @Test
  void resolve_outOfRangeValues_rejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new SimConfig(1, -1, 0).resolve(TraceBytes.scenario("mixed")));
    assertThrows(IllegalArgumentException.class,
        () -> new SimConfig(1, SimConfig.MAX_CPUS + 1, 0).resolve(TraceBytes.scenario("mixed")));
    assertThrows(IllegalArgumentException.class,
        () -> new SimConfig(1, 0, -5).resolve(TraceBytes.scenario("mixed")));
  }
}
