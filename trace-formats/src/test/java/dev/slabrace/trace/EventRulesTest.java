package dev.slabrace.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

final class EventRulesTest {
  @Test
  void problem_wellFormedEvents() {
    assertNull(EventRules.problem(access(Op.LOAD, 0x1000, 8)));
    assertNull(EventRules.problem(access(Op.STORE, 0xfffffffffffffff8L, 8)));
    assertNull(EventRules.problem(access(Op.ALLOC, 0x1000, EventRules.MAX_OBJECT_SIZE)));
    assertNull(EventRules.problem(access(Op.FREE, 0x1000, 0)));
    EventCursor header = new EventCursor();
    header.op = Op.HEADER;
    assertNull(EventRules.problem(header));
  }

  @Test
  void problem_sizes() {
    assertEquals("load of size 0 (expected 1 to 4096)",
        EventRules.problem(access(Op.LOAD, 0x1000, 0)));
    assertEquals("rmw of size 4097 (expected 1 to 4096)",
        EventRules.problem(access(Op.RMW, 0x1000, 4097)));
    assertEquals("alloc of size 18446744073709551615 (expected 1 to 1099511627776)",
        EventRules.problem(access(Op.ALLOC, 0x1000, -1)));
    assertEquals("free of size 1099511627777 (expected 0 to 1099511627776)",
        EventRules.problem(access(Op.FREE, 0x1000, EventRules.MAX_OBJECT_SIZE + 1)));
  }

  @Test
  void problem_addressSpace() {
    assertEquals("addr 0xfffffffffffffffc with size 8 runs past the end of the address space",
        EventRules.problem(access(Op.STORE, 0xfffffffffffffffcL, 8)));
    assertEquals("ptr 0xfffffffffffff000 with size 8192 runs past the end of the address space",
        EventRules.problem(access(Op.ALLOC, 0xfffffffffffff000L, 8192)));
  }

  @Test
  void problem_missingFields() {
    EventCursor c = access(Op.LOAD, 0x1000, 8);
    c.task = EventCursor.NONE;
    assertEquals("load without a task", EventRules.problem(c));
    c = access(Op.FENCE, 0, 0);
    assertEquals("fence without a kind", EventRules.problem(c));
    c = access(Op.JOIN, 0, 0);
    assertEquals("join without a child task", EventRules.problem(c));
    c = access(Op.REGION, 0x1000, 8);
    c.task = EventCursor.NONE;
    assertEquals("region without a name", EventRules.problem(c));
  }

  private static EventCursor access(Op op, long addr, long size) {
    EventCursor c = new EventCursor();
    c.op = op;
    c.task = 0;
    c.addr = addr;
    c.size = size;
    return c;
  }
}
