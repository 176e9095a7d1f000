package dev.slabrace.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes reproducible random JSON Lines traces for command-line tests: tasks that share a few
 * addresses with plain, marked and locked accesses, hand slab objects to each other with and without
 * release/acquire, free them, sometimes twice or before a last access.
 */
final class GeneratedTraces {
  private static final long GLOBALS = 0xffffffff82a00000L;
  private static final long HEAP = 0xffff888100000000L;
  private static final String[] STORE_MO = {"plain", "plain", "once", "release"};
  private static final String[] LOAD_MO = {"plain", "plain", "once", "acquire"};

  private GeneratedTraces() {}

  /**
   * Writes a trace of about {@code events} events by {@code tasks} tasks, with code locations drawn
   * from {@code sites} functions, and returns {@code file}.
   */
  static Path write(Path file, long seed, int events, int tasks, int sites) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<Long> live = new ArrayList<>();
    List<Long> freed = new ArrayList<>();
    long nextObject = HEAP;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("{\"op\":\"header\",\"format\":\"slabrace-jsonl\",\"version\":1,\"source\":\"generated\"}\n");
      out.write("{\"op\":\"region\",\"addr\":\"0x" + Long.toHexString(GLOBALS) + "\",\"size\":64,"
          + "\"name\":\"shared->counters\",\"class\":\"user\"}\n");
      int n = 0;
      while (n < events) {
        int tid = 1 + random.nextInt(tasks);
        String head = "{\"tid\":" + tid + ",\"cpu\":" + (tid - 1);
        String ip = "\"ip\":\"" + site(random, sites) + "\"";
        int choice = random.nextInt(100);
        if (choice < 55) {
          boolean store = random.nextBoolean();
          long addr = GLOBALS + 8L * random.nextInt(16);
          out.write(head + ",\"op\":\"" + (store ? "store" : "load") + "\",\"addr\":\"0x"
              + Long.toHexString(addr) + "\",\"size\":8,\"mo\":\""
              + (store ? STORE_MO : LOAD_MO)[random.nextInt(4)]
              + "\",\"val\":" + random.nextInt(1000) + "," + ip + "}\n");
          n++;
        } else if (choice < 70) {
          String lock = "\"lock\":\"lock" + random.nextInt(3) + "\"";
          out.write(head + ",\"op\":\"lock\"," + lock + "}\n");
          out.write(head + ",\"op\":\"store\",\"addr\":\"0x" + Long.toHexString(GLOBALS + 0x100)
              + "\",\"size\":4," + ip + "}\n");
          out.write(head + ",\"op\":\"unlock\"," + lock + "}\n");
          n += 3;
        } else if (choice < 80) {
          long ptr = nextObject;
          nextObject += 0x40;
          live.add(ptr);
          out.write(head + ",\"op\":\"alloc\",\"ptr\":\"0x" + Long.toHexString(ptr)
              + "\",\"size\":64,\"cache\":\"kmalloc-64\"," + ip + "}\n");
          out.write(head + ",\"op\":\"store\",\"addr\":\"0x" + Long.toHexString(ptr + 8)
              + "\",\"size\":8," + ip + "}\n");
          // Publish the pointer, ordered or not.
          out.write(head + ",\"op\":\"store\",\"addr\":\"0x" + Long.toHexString(GLOBALS + 0x200)
              + "\",\"size\":8,\"mo\":\"" + (random.nextBoolean() ? "release" : "plain")
              + "\",\"val\":\"0x" + Long.toHexString(ptr) + "\"," + ip + "}\n");
          n += 3;
        } else if (choice < 90 && !live.isEmpty()) {
          long ptr = live.remove(random.nextInt(live.size()));
          out.write(head + ",\"op\":\"load\",\"addr\":\"0x" + Long.toHexString(GLOBALS + 0x200)
              + "\",\"size\":8,\"mo\":\"" + (random.nextBoolean() ? "acquire" : "plain")
              + "\",\"val\":\"0x" + Long.toHexString(ptr) + "\"," + ip + "}\n");
          out.write(head + ",\"op\":\"load\",\"addr\":\"0x" + Long.toHexString(ptr + 8)
              + "\",\"size\":8," + ip + "}\n");
          out.write(head + ",\"op\":\"free\",\"ptr\":\"0x" + Long.toHexString(ptr) + "\"," + ip + "}\n");
          freed.add(ptr);
          n += 3;
        } else if (choice < 93 && !freed.isEmpty()) {
          long ptr = freed.get(random.nextInt(freed.size()));
          out.write(head + ",\"op\":\"load\",\"addr\":\"0x" + Long.toHexString(ptr + 16)
              + "\",\"size\":4," + ip + "}\n");
          n++;
        } else if (choice < 94 && !freed.isEmpty()) {
          long ptr = freed.remove(random.nextInt(freed.size()));
          out.write(head + ",\"op\":\"free\",\"ptr\":\"0x" + Long.toHexString(ptr) + "\"," + ip + "}\n");
          n++;
        } else {
          out.write(head + ",\"op\":\"fence\",\"kind\":\"" + (random.nextBoolean() ? "mb" : "rmb")
              + "\"}\n");
          n++;
        }
      }
    }
    return file;
  }

  /**
   * Writes a trace of {@code events} plain stores by {@code tasks} tasks, in turn, with no ordering at
   * all: tasks 1 and 2 share four words, tasks 3 and 4 four others, and so on, so that nearly every
   * store races with the partner's last store to its word, about one finding per event, from a
   * handful of code locations.
   */
  static Path writeRacy(Path file, int events, int tasks) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < events; i++) {
        int tid = 1 + i % tasks;
        out.write("{\"op\":\"store\",\"tid\":" + tid + ",\"cpu\":" + (tid - 1) + ",\"addr\":\"0x"
            + Long.toHexString(GLOBALS + 8L * ((tid - 1) / 2 * 4 + (i / tasks) % 4)) + "\",\"size\":8,\"val\":" + i
            + ",\"ip\":\"writer" + tid + "+0x10/0x40\"}\n");
      }
    }
    return file;
  }

  private static String site(SplittableRandom random, int sites) {
    return "func" + random.nextInt(sites) + "+0x" + Integer.toHexString(4 * random.nextInt(8))
        + "/0x80";
  }
}
