package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.slabrace.trace.SymbolTable;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class RegionCacheTest {
  @Test
  void symbol_internsEachRegionOnceInOrder() {
    SymbolTable cached = new SymbolTable();
    SymbolTable direct = new SymbolTable();
    RegionCache cache = new RegionCache();
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 50_000; i++) {
      // call sites that share long prefixes and differ in the middle or at the end
      String name = "getname_flags.part." + random.nextInt(30) + "+0x" + random.nextInt(40) + "/0x1c0";
      String line = "xx call_site=" + name + " yy";
      int from = line.indexOf('=') + 1;
      assertEquals(direct.intern(name), cache.symbol(line, from, from + name.length(), cached));
    }
    assertEquals(direct.size(), cached.size());
  }

  @Test
  void name_returnsTheSameStringForTheSameCharacters() {
    RegionCache cache = new RegionCache();
    String a = cache.name("  kmalloc: ptr=1", 2, 9);
    assertEquals("kmalloc", a);
    assertSame(a, cache.name("x kmalloc: y", 2, 9));
    assertEquals("kmalloc_node", cache.name("kmalloc_node:", 0, 12));
    assertEquals("", cache.name("abc", 1, 1));
  }
}
