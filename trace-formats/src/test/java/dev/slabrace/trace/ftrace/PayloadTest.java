package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class PayloadTest {
  private final Payload payload = new Payload();

  private Payload split(String text) {
    payload.split(text, 0);
    return payload;
  }

  private String value(String text, String key) {
    Payload p = split(text);
    return p.value(p.find(key));
  }

  private long pointer(String text, String key) throws MalformedLine {
    Payload p = split(text);
    return p.pointer(p.find(key), key);
  }

  private long integer(String text, String key) throws MalformedLine {
    Payload p = split(text);
    return p.integer(p.find(key), key);
  }

  @Test
  void split_keepsModuleSuffixOfCallSite() {
    String line = "call_site=memleak_task_test+0x70/0xb0 [memleak] ptr=ffff888100a3c028 bytes_req=8";
    assertEquals("memleak_task_test+0x70/0xb0 [memleak]", value(line, "call_site"));
    assertEquals("ffff888100a3c028", value(line, "ptr"));
  }

  @Test
  void split_ignoresTextBeforeTheFirstKey() {
    assertEquals("__fput+0x100", value("(__fput+0x100) call_site=__fput+0x100 ptr=0x1", "call_site"));
    assertEquals("file_free_rcu 3", value("rcu_preempt rhp=00000000a1b2c3d4 func=file_free_rcu 3", "func"));
  }

  @Test
  void split_lastRepeatedKeyWins() {
    assertEquals("3", value("comm=evil pid=7 pid=3 prio=120 target_cpu=001", "pid"));
  }

  @Test
  void split_bracketedTextStaysInTheValue() throws MalformedLine {
    assertEquals("1 [action=TIMER]", value("vec=1 [action=TIMER]", "vec"));
    assertEquals(1, integer("vec=1 [action=TIMER]", "vec"));
    assertEquals(-1, split("vec=1 [action=TIMER]").find("action"));
  }

  @Test
  void pointer_everyNullSpelling() throws MalformedLine {
    assertEquals(0, pointer("call_site=c059c2d8 ptr=  (null)", "ptr"));
    assertEquals(0, pointer("ptr=(nil)", "ptr"));
    assertEquals(0, pointer("ptr=0000000000000000", "ptr"));
    assertEquals(0, pointer("ptr=0x0", "ptr"));
  }

  @Test
  void pointer_withAndWithoutPrefix() throws MalformedLine {
    assertEquals(0xff2979858132f000L, pointer("ptr=ff2979858132f000", "ptr"));
    assertEquals(0xff2979858132f000L, pointer("ptr=0xff2979858132f000", "ptr"));
    assertEquals(0xde515a00L, pointer("ptr=de515a00", "ptr"));
    assertEquals(0xffff9e0e8571e000L, pointer("ptr=0xffff9e0e8571e000 (-107689771147264) x=1", "ptr"));
  }

  @Test
  void pointer_rejectsNonHex() {
    MalformedLine e = assertThrows(MalformedLine.class, () -> pointer("ptr=ff29zz", "ptr"));
    assertEquals("ptr is not a pointer: 'ff29zz'", e.getMessage());
    assertThrows(MalformedLine.class, () -> pointer("ptr=0x12345678123456789", "ptr"));
  }

  @Test
  void integer_decimalHexSignedAndFieldsOption() throws MalformedLine {
    assertEquals(4096, integer("bytes_alloc=4096 gfp_flags=GFP_KERNEL", "bytes_alloc"));
    assertEquals(4096, integer("bytes_alloc=0x1000 (4096) gfp_flags=0xcc0 (3264)", "bytes_alloc"));
    assertEquals(-1, integer("node=-1 accounted=true", "node"));
    assertEquals(-1L, integer("val=18446744073709551615", "val"));
    assertEquals(-1L, integer("val=0xffffffffffffffff", "val"));
  }

  @Test
  void integer_rejectsGarbage() {
    MalformedLine e = assertThrows(MalformedLine.class, () -> integer("bytes_alloc=zz", "bytes_alloc"));
    assertEquals("bytes_alloc is not a number: 'zz'", e.getMessage());
  }

  @Test
  void pointerAndInteger_readEveryTokenAsTheGeneralReaders() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    String chars = "0123456789abcdefABCDEFxX-+ ()nilg";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder token = new StringBuilder(random.nextBoolean() ? "0x" : "");
      int len = random.nextInt(22);
      for (int j = 0; j < len; j++) {
        token.append(random.nextInt(4) == 0 ? chars.charAt(random.nextInt(chars.length()))
            : chars.charAt(random.nextInt(random.nextBoolean() ? 10 : 16)));
      }
      String t = token.toString().trim();
      String text = "a=1 v=" + t + " z=2";
      int from = text.indexOf("v=") + 2;
      int to = text.indexOf(' ', from) < 0 ? text.length() : text.indexOf(' ', from);
      assertEquals(outcome(() -> Payload.pointerAt(text, from, to, "v")),
          outcome(() -> pointer(text, "v")), text);
      assertEquals(outcome(() -> Payload.integerAt(text, from, to, "v")),
          outcome(() -> integer(text, "v")), text);
    }
  }

  private interface Read {
    long read() throws MalformedLine;
  }

  private static String outcome(Read read) {
    try {
      return Long.toString(read.read());
    } catch (MalformedLine e) {
      return "error: " + e.getMessage();
    }
  }
}
