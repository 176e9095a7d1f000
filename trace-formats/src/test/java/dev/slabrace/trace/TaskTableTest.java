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

  @Test
  void namesAddedAsBytes_readBackAsWrittenAndAreFoundByIntern() {
    TaskTable tasks = new TaskTable();
    byte[] line = "T12|w(V0)|1 kworker/0:1\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, tasks.add(line, 0, 3));
    assertEquals(1, tasks.add(line, 12, line.length));
    assertEquals("T12", tasks.name(0));
    assertEquals("kworker/0:1\u00e9", tasks.name(1));
    assertEquals(1, tasks.intern("kworker/0:1\u00e9"));
    assertEquals(0, tasks.intern("T12"));
    assertEquals(2, tasks.intern("T13"));
  }
}
