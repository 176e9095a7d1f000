package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which granules each of several engines owns. */
final class ShardTest {
  @Test
  void everyGranuleHasExactlyOneOwner_blockByBlock() {
    for (int count = 1; count <= 4; count++) {
      for (long g = 0; g < 4096; g++) {
        int owners = 0;
        for (int i = 0; i < count; i++) {
          Shard s = new Shard(i, count);
          owners += s.owns(g) ? 1 : 0;
          assertEquals(s.owns(g), s.owns(g & ~(Shard.BLOCK_GRANULES - 1L)), "granule " + g);
        }
        assertEquals(1, owners, "granule " + g + " of " + count + " shards");
      }
    }
  }

  @Test
  void ownsAny_isWhetherOneGranuleOfTheRangeIsOwned() {
    SplittableRandom r = new SplittableRandom(7);
    long top = -1L >>> 3; // the last granule of the address space
    for (int k = 0; k < 20_000; k++) {
      Shard s = new Shard(r.nextInt(3), 3);
      long first = k % 4 == 0 ? top - r.nextInt(40) : r.nextLong(1L << 40);
      long count = 1 + r.nextInt(40);
      if (Long.compareUnsigned(first + (count - 1), top) > 0) {
        count = top - first + 1;
      }
      boolean any = false;
      for (long g = first; g < first + count; g++) {
        any |= s.owns(g);
      }
      assertEquals(any, s.ownsAny(first, count), "granules " + first + " +" + count);
    }
    assertTrue(Shard.ALL.ownsAny(top, 1));
  }
}
