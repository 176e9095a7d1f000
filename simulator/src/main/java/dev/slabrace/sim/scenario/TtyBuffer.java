package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;

/**
 * struct tty_buffer and struct tty_bufhead (drivers/tty/tty_buffer.c): field offsets, regions, and
 * tty_buffer_reset(). The sentinel buffer is embedded in the bufhead.
 */
final class TtyBuffer {
  static final int NEXT = 0x00;
  static final int USED = 0x08;
  static final int SIZE = 0x0c;
  static final int COMMIT = 0x10;
  static final int LOOKAHEAD = 0x14;
  static final int READ = 0x18;
  static final int FLAGS = 0x1c;
  static final int DATA = 0x20;

  static final int HEAD = 0x00;
  static final int LOCK = 0x28;
  static final int PRIORITY = 0x30;
  static final int SENTINEL = 0x38;
  static final int MEM_USED = 0x60;
  static final int MEM_LIMIT = 0x64;
  static final int TAIL = 0x68;
  /** sizeof(struct tty_bufhead), rounded. */
  static final int BUFHEAD_SIZE = 0x70;

  /** tty_buffer_reset(): the fields of an unused buffer of {@code size} bytes of data. */
  static void reset(Emitter em, long b, int size, String ip) {
    em.store(b + USED, 4, MemOrder.PLAIN, ip, 0);
    em.store(b + SIZE, 4, MemOrder.PLAIN, ip, size);
    em.store(b + NEXT, 8, MemOrder.PLAIN, ip, 0);
    em.store(b + COMMIT, 4, MemOrder.PLAIN, ip, 0);
    em.store(b + LOOKAHEAD, 4, MemOrder.PLAIN, ip, 0);
    em.store(b + READ, 4, MemOrder.PLAIN, ip, 0);
    em.store(b + FLAGS, 1, MemOrder.PLAIN, ip, 0);
  }

  /** Names the fields of the buffer at {@code b}, calling them {@code prefix}{@code field}. */
  static void regions(Emitter em, long b, int size, String prefix, RegionClass cls) {
    em.region(b + NEXT, 8, prefix + "next", cls);
    em.region(b + USED, 4, prefix + "used", cls);
    em.region(b + SIZE, 4, prefix + "size", cls);
    em.region(b + COMMIT, 4, prefix + "commit", cls);
    em.region(b + LOOKAHEAD, 4, prefix + "lookahead", cls);
    em.region(b + READ, 4, prefix + "read", cls);
    em.region(b + FLAGS, 1, prefix + "flags", cls);
    if (size > 0) {
      em.region(b + DATA, 2L * size, prefix + "data", cls);
    }
  }

  /** Names the fields of the bufhead at {@code buf}. */
  static void bufheadRegions(Emitter em, long buf) {
    em.region(buf + HEAD, 8, "tty_bufhead->head", RegionClass.USER);
    em.region(buf + LOCK, 8, "tty_bufhead->lock", RegionClass.USER);
    em.region(buf + PRIORITY, 4, "tty_bufhead->priority", RegionClass.USER);
    regions(em, buf + SENTINEL, 0, "tty_bufhead->sentinel.", RegionClass.USER);
    em.region(buf + MEM_USED, 4, "tty_bufhead->mem_used", RegionClass.USER);
    em.region(buf + MEM_LIMIT, 4, "tty_bufhead->mem_limit", RegionClass.USER);
    em.region(buf + TAIL, 8, "tty_bufhead->tail", RegionClass.USER);
  }

  private TtyBuffer() {}
}
