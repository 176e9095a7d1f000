package dev.slabrace.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class TaskTableTest {
  @Test
  void intern_findsTasksThatAReaderAdded() {
    TaskTable tasks = new TaskTable();
    assertEquals(0, tasks.add("T0"));
    assertEquals(1, tasks.add("T1"));
    assertEquals(1, tasks.intern("T1"));
    assertEquals(2, tasks.intern("7"));
    assertEquals(3, tasks.add("T3"));
    assertEquals(3, tasks.intern("T3"));
    assertEquals(0, tasks.intern("T0"));
    assertEquals(4, tasks.size());
    assertEquals("T3", tasks.name(3));
  }
}
