package dev.slabrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.finding.SourceLine;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Source lines read back from symbolised frames, in decode_stacktrace.sh's spelling. */
final class SourceLineTest {
  @Test
  void of_symbolisedFrames() {
    assertEquals(Optional.of(new SourceLine("fs/open.c", 123, false)),
        SourceLine.of("do_sys_open+0x1c/0x80 fs/open.c:123"));
    assertEquals(Optional.of(new SourceLine("lib/dump_stack.c", 88, true)),
        SourceLine.of("__dump_stack lib/dump_stack.c:88 [inline]"));
    assertEquals(Optional.of(new SourceLine("mm/slub.c", 4211, false)),
        SourceLine.of("mm/slub.c:4211"));
    assertEquals(Optional.of(new SourceLine("./include/linux/list.h", 7, false)),
        SourceLine.of("f+0x1/0x2 ./include/linux/list.h:7:13"));
  }

  @Test
  void of_framesWithoutSourceLine_empty() {
    assertEquals(Optional.empty(), SourceLine.of("func+0x5a/0x160"));
    assertEquals(Optional.empty(), SourceLine.of("func+0x5a/0x160 [ext4]"));
    assertEquals(Optional.empty(), SourceLine.of("?"));
    assertEquals(Optional.empty(), SourceLine.of("fs/open.c:0"));
    assertEquals(Optional.empty(), SourceLine.of("func:12"));
  }

  @Test
  void symbol_withoutTheSourceLine() {
    assertEquals("do_sys_open+0x1c/0x80", SourceLine.symbol("do_sys_open+0x1c/0x80 fs/open.c:123"));
    assertEquals("__dump_stack", SourceLine.symbol("__dump_stack lib/dump_stack.c:88 [inline]"));
    assertEquals("", SourceLine.symbol("mm/slub.c:4211"));
    assertEquals("f+0x1/0x2 [ext4]", SourceLine.symbol("f+0x1/0x2 [ext4]"));
  }
}
