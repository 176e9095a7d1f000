package dev.slabrace.detect.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The freed type-safe objects a byte range meets, for disjoint objects and for overlapping ones. */
final class FreedObjectsTest {
  private static final long BASE = 0xffff888100a30000L;

  private static FreedObject freed(long ptr, long size) {
    HeapObject allocation = new HeapObject(ptr, size, 1, 1, 0, 1, 0, 0, 0);
    return new FreedObject(ptr, size, 1, 2, 0, 0, 0, 0, null, allocation);
  }

  @Test
  void disjoint_theObjectOverlappingLowest() {
    FreedObjects objects = new FreedObjects();
    FreedObject a = freed(BASE, 64);
    FreedObject b = freed(BASE + 128, 64);
    objects.putTypesafe(a);
    objects.putTypesafe(b);
    assertEquals(a, objects.typesafe(BASE + 60, 8));
    assertEquals(b, objects.typesafe(BASE + 120, 16));
    assertNull(objects.typesafe(BASE + 64, 64));
    assertTrue(objects.removeTypesafe(BASE, 256));
    assertFalse(objects.hasTypesafe());
  }

  @Test
  void overlapping_keepTheSortedOrdersAnswers() {
    FreedObjects objects = new FreedObjects();
    FreedObject outer = freed(BASE, 256);
    FreedObject inner = freed(BASE + 16, 16);
    objects.putTypesafe(outer);
    objects.putTypesafe(inner);
    // the object below byte 0x50 with the highest first byte is inner, which does not cover it
    assertNull(objects.typesafe(BASE + 0x50, 8));
    assertEquals(inner, objects.typesafe(BASE + 20, 8));
    assertEquals(outer, objects.typesafe(BASE + 8, 8));
  }
}
