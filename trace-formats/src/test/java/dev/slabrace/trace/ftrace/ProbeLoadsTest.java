package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.Traces;
import dev.slabrace.trace.kernel.KernelInputs;
import dev.slabrace.trace.kernel.KernelSymbols;
import dev.slabrace.trace.kernel.KprobeDefinitions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProbeLoadsTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", ".."), "sample-traces", "ftrace");
  private static final String HEADER = "# tracer: nop\n#\n";

  @TempDir
  Path dir;

  /** One load as the reader delivered it. */
  record Load(String task, long addr, long size, Long value, String ip, long line) {}

  /** What a trace read with kernel inputs came to: its loads and notes. */
  record Read(List<Load> loads, List<String> notes) {}

  @Test
  void debianCapture_fetchArgsBecomeLoadsOfTheCache() throws IOException {
    Path trace = SAMPLES.resolve("debian-6.1-kprobes.txt");
    KprobeDefinitions probes = KprobeDefinitions.read(SAMPLES.resolve("debian-6.1-kprobe_events.txt"),
        "debian-6.1-kprobe_events.txt");
    Read r = read(Files.readAllBytes(trace), new KernelInputs(probes, KernelSymbols.NONE));
    long probeLines = Files.readAllLines(trace).stream().filter(l -> l.contains(" kcache_free: ("))
        .count();
    assertTrue(probeLines > 50, "kcache_free lines: " + probeLines);
    // size=+0x18(%di):u32 and object_size=+0x1c(%di):u32 beside cache=%di:x64: two loads per hit
    assertEquals(2 * probeLines, r.loads().size());
    String ip = "kmem_cache_free+0x0/0x310";
    assertEquals(new Load("1", 0xff27db4cc11abb18L, 4, 24L, ip, 13), r.loads().get(0));
    assertEquals(new Load("1", 0xff27db4cc11abb1cL, 4, 24L, ip, 13), r.loads().get(1));
    // line 19: cache=0xff27db4cd5eaca00 (names_cache) ... size=4096 object_size=4096
    assertEquals(new Load("1", 0xff27db4cd5eaca18L, 4, 4096L, ip, 19), r.loads().get(2));
    assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("no load/store events")), r.notes()
        .toString());
  }

  @Test
  void debianCapture_withoutDefinitions_noLoads() throws IOException {
    Read r = read(Files.readAllBytes(SAMPLES.resolve("debian-6.1-kprobes.txt")), KernelInputs.NONE);
    assertEquals(List.of(), r.loads());
    assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("no load/store events")), r.notes()
        .toString());
  }

  @Test
  void argumentAliasNestedFetchSymbolAndAddress() throws IOException {
    KernelInputs kernel = kernel("p:mine/flush tty_buffer_flush port=$arg1 buf=+0x10(%di):x64"
        + " used=+0x8(+0x10(%di)):s32 jiffies=@jiffies_64:u64 fixed=@0xffffffff82000010:u8\n",
        "ffffffff81000000 T _text\nffffffff82000000 D jiffies_64\n");
    Read r = read(trace("tty_buffer_flush+0x0/0x80", "port=0xffff888100001000"
        + " buf=0xffff888100002000 used=-1 jiffies=4294937296 fixed=7"), kernel);
    String ip = "tty_buffer_flush+0x0/0x80";
    assertEquals(List.of(
        // buf: %di is $arg1, printed as port
        new Load("7", 0xffff888100001010L, 8, 0xffff888100002000L, ip, 3),
        // used: the inner load again, then 4 bytes at buf+8 with its value, as u32 bits
        new Load("7", 0xffff888100001010L, 8, 0xffff888100002000L, ip, 3),
        new Load("7", 0xffff888100002008L, 4, 0xffffffffL, ip, 3),
        new Load("7", 0xffffffff82000000L, 8, 4294937296L, ip, 3),
        new Load("7", 0xffffffff82000010L, 1, 7L, ip, 3)), r.loads());
  }

  @Test
  void returnProbe_loadAtTheReturningFunction() throws IOException {
    KernelInputs kernel = kernel("r:mine/alloc_ret __kmalloc ret=$retval:x64 first=+0($retval):x64"
        + " second=+8($retval):u32\n", "");
    Read r = read(trace("security_prepare_creds+0xc5/0xe0 <- __kmalloc",
        "ret=0xff00 first=0x5 second=6"), kernel);
    assertEquals(List.of(new Load("7", 0xff00, 8, 5L, "__kmalloc", 3),
        new Load("7", 0xff08, 4, 6L, "__kmalloc", 3)), r.loads());
    KernelInputs narrow = kernel("r:mine/alloc_ret __kmalloc ret=$retval:u32 first=+0($retval)\n",
        "");
    Read n = read(trace("security_prepare_creds+0xc5/0xe0 <- __kmalloc", "ret=65280 first=0x5"),
        narrow);
    assertEquals(List.of(), n.loads());
    assertEquals(List.of("kprobe event alloc_ret (kprobe_events line 1): first (its base $retval is"
        + " not fetched as a 64-bit number too) give no load"), gaps(n));
  }

  @Test
  void unknownBase_userMemoryStringAndMissingSymbol_noted() throws IOException {
    KernelInputs kernel = kernel("p:mine/open do_sys_open dfd=%di:s32 name=+0(%si):string"
        + " size=+0x18(%dx):u32 user=+u8(%di):u64 max=@sysctl_max:u32\n", "");
    Read r = read(trace("do_sys_open+0x0/0x90", "dfd=-100 name=\"/etc\" size=4 user=0 max=3"),
        kernel);
    assertEquals(List.of(), r.loads());
    assertEquals(List.of("kprobe event open (kprobe_events line 1): name (string: its size is not"
        + " known), size (its base %dx is not fetched as a 64-bit number too), user (user memory),"
        + " max (@sysctl_max needs --kallsyms) give no load"), gaps(r));
  }

  @Test
  void defaultNamesAndRemoval() throws IOException {
    KprobeDefinitions d = definitions("p kmem_cache_free s=%di +0x18(%di):u32\n"
        + "r:kfree_ret kfree\n-:kfree_ret\n# comment\n\np:grp/ kmalloc+0x10\n");
    assertEquals(List.of("p_kmem_cache_free_0", "p_kmalloc_16"),
        d.events().stream().map(e -> e.name()).toList());
    assertEquals("arg2", d.events().get(0).args().get(1).name());
    Read r = read(line("p_kmem_cache_free_0", "kmem_cache_free+0x0/0x310", "s=0x1000 arg2=24"),
        new KernelInputs(d, KernelSymbols.NONE));
    assertEquals(List.of(new Load("7", 0x1018, 4, 24L, "kmem_cache_free+0x0/0x310", 3)),
        r.loads());
  }

  @Test
  void slabracePrefix_keepsItsConvention() throws IOException {
    KernelInputs kernel = kernel("p:slabrace/slabrace_store_release publish base=%di off=\\40"
        + " size=\\8 val=+0x28(%di):x64\n", "");
    Read r = read(line("slabrace_store_release", "publish+0x1c/0x40",
        "base=0xffff888100001000 off=40 size=8 val=0x1"), kernel);
    assertEquals(List.of(), r.loads(), "a slabrace_* kprobe is a store, not loads of its arguments");
    assertEquals(List.of(0xffff888100001028L), stores(line("slabrace_store_release",
        "publish+0x1c/0x40", "base=0xffff888100001000 off=40 size=8 val=0x1"), kernel));
  }

  private static List<Long> stores(byte[] text, KernelInputs kernel) throws IOException {
    List<Long> stores = new ArrayList<>();
    try (EventSource s = Traces.open(new ByteArrayInputStream(text), "t.txt", false, kernel)) {
      EventCursor e = new EventCursor();
      while (s.next(e)) {
        if (e.op == Op.STORE) {
          stores.add(e.addr);
        }
      }
    }
    return stores;
  }

  @Test
  void badDefinitions_nameFileAndLine() throws IOException {
    assertEquals("k.txt:2: not a kprobe definition (p:GROUP/EVENT, r:GROUP/EVENT or -:GROUP/EVENT"
        + " expected): 'x:foo/bar'", badDefinitions("p:a/b f\nx:foo/bar g\n"));
    assertEquals("k.txt:1: argument size has unknown type 'u12' (u8..u64, s8..s64, x8..x64, char,"
        + " string, ustring, symbol, symstr or a bitfield expected)",
        badDefinitions("p:a/b f size=+0x18(%di):u12\n"));
    assertEquals("k.txt:2: event b is defined in groups a (line 1) and c: trace lines do not name"
        + " the group, so they could not be told apart", badDefinitions("p:a/b f\np:c/b g\n"));
    assertEquals("k.txt:1: bad memory fetch '+0x18(%di' (+OFF(FETCH) or -OFF(FETCH) expected)",
        badDefinitions("p:a/b f +0x18(%di\n"));
  }

  @Test
  void kallsyms_badLineAndHiddenAddresses() throws IOException {
    Path bad = dir.resolve("System.map");
    Files.writeString(bad, "ffffffff81000000 T _text\nnot a symbol line\n");
    assertEquals("System.map:2: not a kallsyms or System.map line (ADDRESS TYPE NAME [[MODULE]]"
        + " expected): 'not a symbol line'", assertThrows(TraceFormatException.class,
            () -> KernelSymbols.read(bad, "System.map")).getMessage());
    Path hidden = dir.resolve("kallsyms");
    Files.writeString(hidden, "0000000000000000 T _text\n0000000000000000 t kfree\t[mod]\n");
    assertTrue(assertThrows(TraceFormatException.class, () -> KernelSymbols.read(hidden, "kallsyms"))
        .getMessage().startsWith("kallsyms:1: every address is 0"));
  }

  private String badDefinitions(String text) throws IOException {
    return assertThrows(TraceFormatException.class, () -> definitions(text)).getMessage();
  }

  private KprobeDefinitions definitions(String text) throws IOException {
    Path file = dir.resolve("k.txt");
    Files.writeString(file, text);
    return KprobeDefinitions.read(file, "k.txt");
  }

  private KernelInputs kernel(String probes, String symbols) throws IOException {
    Path map = dir.resolve("System.map");
    Files.writeString(map, symbols);
    return new KernelInputs(definitions(probes), KernelSymbols.read(map, "System.map"));
  }

  private static byte[] trace(String point, String args) {
    return line(point.contains(" <- ") ? "alloc_ret" : point.startsWith("tty") ? "flush" : "open",
        point, args);
  }

  private static byte[] line(String event, String point, String args) {
    return (HEADER + "              sh-7       [001] .....     3.000100: " + event + ": (" + point
        + ") " + args + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> gaps(Read r) {
    return r.notes().stream().filter(n -> n.startsWith("kprobe event")).toList();
  }

  private static Read read(byte[] text, KernelInputs kernel) throws IOException {
    List<Load> loads = new ArrayList<>();
    try (EventSource s = Traces.open(new ByteArrayInputStream(text), "t.txt", false, kernel)) {
      EventCursor e = new EventCursor();
      while (s.next(e)) {
        if (e.op == Op.LOAD) {
          loads.add(new Load(s.tasks().name(e.task), e.addr, e.size, e.hasValue ? e.value : null,
              s.symbols().name(e.ip), e.position));
        }
      }
      return new Read(loads, List.copyOf(s.notes()));
    }
  }
}
