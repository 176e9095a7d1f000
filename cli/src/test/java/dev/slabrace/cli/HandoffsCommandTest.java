package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slabrace handoffs}: sites outside the allocator, JSON, {@code -o}. */
final class HandoffsCommandTest {
  /** Allocated through __kmalloc_noprof from conn_new, freed through kfree from conn_put. */
  private static Path trace(Path dir) throws IOException {
    Path trace = dir.resolve("t.jsonl");
    Files.writeString(trace, String.join("\n",
        "{\"op\":\"alloc\",\"tid\":1,\"cpu\":0,\"ptr\":\"0x100\",\"size\":64,"
            + "\"ip\":\"__kmalloc_noprof+0x1d5/0x400\","
            + "\"stack\":[\"__kmalloc_noprof+0x1d5/0x400\",\"kmalloc_noprof+0x9/0x20\","
            + "\"conn_new+0x2a/0x90\"]}",
        "{\"op\":\"free\",\"tid\":2,\"cpu\":1,\"ptr\":\"0x100\",\"ip\":\"kfree+0x1b2/0x2a0\","
            + "\"stack\":[\"kfree+0x1b2/0x2a0\",\"conn_put+0x3c/0x70\"]}",
        "{\"op\":\"alloc\",\"tid\":1,\"cpu\":0,\"ptr\":\"0x200\",\"size\":64,"
            + "\"ip\":\"kmem_cache_alloc_lru_noprof+0x1/0x9\"}",
        "{\"op\":\"free\",\"tid\":2,\"cpu\":1,\"ptr\":\"0x200\",\"ip\":\"kmem_cache_free+0x1/0x9\"}",
        ""));
    return trace;
  }

  @Test
  void sites_firstFrameOutsideTheAllocator(@TempDir Path dir) throws IOException {
    Path t = trace(dir);
    Cli r = Cli.run("handoffs", t.toString());
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertEquals("handoffs in " + t + ": 2 objects freed by another task, 2 with no"
            + " ordering from their allocation\n"
            + " unordered    ordered    crossed  allocation site -> free site\n"
            + "         1          0          1  conn_new+0x2a/0x90 -> conn_put+0x3c/0x70\n"
            + "         1          0          1  kmem_cache_alloc_lru_noprof+0x1/0x9 ->"
            + " kmem_cache_free+0x1/0x9\n", r.out()));
  }

  @Test
  void json_toAFile(@TempDir Path dir) throws IOException {
    Path t = trace(dir);
    Path out = dir.resolve("h.json");
    Cli r = Cli.run("handoffs", "--report", "json", "-o", out.toString(), t.toString());
    assertAll(
        () -> assertEquals(0, r.exit(), r.err()),
        () -> assertEquals("", r.out()),
        () -> assertEquals("{\"format\":\"slabrace-handoffs\",\"version\":1,\"trace\":\"" + t + "\","
            + "\"crossed\":2,\"unordered\":2,\"sites\":[{\"allocation_site\":\"conn_new+0x2a/0x90\","
            + "\"free_site\":\"conn_put+0x3c/0x70\",\"crossed\":1,\"ordered\":0,\"unordered\":1},"
            + "{\"allocation_site\":\"kmem_cache_alloc_lru_noprof+0x1/0x9\","
            + "\"free_site\":\"kmem_cache_free+0x1/0x9\",\"crossed\":1,\"ordered\":0,"
            + "\"unordered\":1}]}\n", Files.readString(out)));
  }

  @Test
  void unwritableOutput_exit2_namesTheFile(@TempDir Path dir) throws IOException {
    Path t = trace(dir);
    Path out = dir.resolve("no/such/dir/h.txt");
    Cli r = Cli.run("handoffs", "-o", out.toString(), t.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals(1, r.err().lines().count(), r.err()),
        () -> assertEquals(true, r.err().startsWith("slabrace: " + out), r.err()));
  }
}
