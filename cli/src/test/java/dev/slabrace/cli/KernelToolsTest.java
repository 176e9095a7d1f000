package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slabrace.symbolize.KernelImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kernel developer's own artefacts give the command line: --vmlinux and --kallsyms put file:line
 * on frames in every format, --kprobe-events turns the fetch arguments of a real capture's probes into
 * loads, and a trace.dat is refused with the command that converts it.
 */
final class KernelToolsTest {
  private static final Path FTRACE = Path.of(System.getProperty("slabrace.root", ".."))
      .resolve("sample-traces").resolve("ftrace");

  @TempDir
  static Path dir;
  static KernelImage image;
  static Path trace;
  static String store;
  static String load;

  /** Builds the kernel image and a race whose frames are in it: a store in tty_buffer_flush, a load in kmem_cache_free's inlined cache_size. */
  @BeforeAll
  static void build() throws Exception {
    image = KernelImage.build(dir.resolve("linux"));
    store = image.frame("tty_buffer_flush", "tty_buffer.c", 4);
    load = image.frame("kmem_cache_free", "slub.c", 4);
    String caller = "0x" + Long.toHexString(image.address("tty_buffer.c", 5));
    trace = dir.resolve("race.jsonl");
    Files.writeString(trace, ""
        + "{\"op\":\"store\",\"tid\":1,\"cpu\":0,\"addr\":\"0xffff888100001000\",\"size\":4,"
        + "\"ip\":\"" + store + "\",\"stack\":[\"" + store + "\",\"" + caller + "\"]}\n"
        + "{\"op\":\"load\",\"tid\":2,\"cpu\":1,\"addr\":\"0xffff888100001000\",\"size\":4,"
        + "\"ip\":\"" + load + "\"}\n");
  }

  private static Cli analyze(String... extra) {
    String[] args = new String[extra.length + 7];
    args[0] = "analyze";
    args[1] = "--quiet";
    args[2] = "--vmlinux";
    args[3] = image.vmlinux().toString();
    args[4] = "--kallsyms";
    args[5] = image.systemMap().toString();
    System.arraycopy(extra, 0, args, 6, extra.length);
    args[args.length - 1] = trace.toString();
    return Cli.run(args);
  }

  @Test
  void vmlinux_textShowsFileLineAndInlinedCalls() {
    Cli r = analyze();
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertTrue(r.out().contains("write to 0xffff888100001000 of 4 bytes by task 1 on cpu 0:\n"
            + " " + store + " drivers/tty/tty_buffer.c:4\n"
            + " 0x" + Long.toHexString(image.address("tty_buffer.c", 5))
            + " drivers/tty/tty_buffer.c:5\n\n"), r.out()),
        () -> assertTrue(r.out().contains("read to 0xffff888100001000 of 4 bytes by task 2 on cpu 1:\n"
            + " cache_size mm/slub.c:4 [inline]\n"
            + " " + load + " mm/slub.c:8\n\n"), r.out()),
        () -> assertEquals("", r.err()));
  }

  @Test
  void vmlinux_deterministic_andTitleUnchanged() {
    Cli a = analyze();
    Cli b = analyze();
    Cli plain = Cli.run("analyze", "--quiet", trace.toString());
    assertAll(
        () -> assertEquals(a.out(), b.out()),
        () -> assertTrue(a.out().contains("BUG: KCSAN: data-race in kmem_cache_free /"
            + " tty_buffer_flush\n"), a.out()),
        () -> assertFalse(plain.out().contains("mm/slub.c"), plain.out()),
        () -> assertEquals(plain.out().lines().filter(l -> l.startsWith("BUG:")).toList(),
            a.out().lines().filter(l -> l.startsWith("BUG:")).toList()));
  }

  @Test
  void vmlinux_jsonSourcesAndHtml() {
    Cli json = analyze("--report", "json");
    Cli html = analyze("--report", "html");
    assertAll(
        () -> assertEquals(java.util.Set.of(), ReportSchemaTest.validateLines(json.out())),
        () -> assertTrue(json.out().contains("\"frames\":[\"" + load + "\"],\"sources\":[{\"frame\":0,"
            + "\"file\":\"mm/slub.c\",\"line\":8,\"inlined\":[{\"function\":\"cache_size\","
            + "\"file\":\"mm/slub.c\",\"line\":4}]}]"), json.out()),
        () -> assertTrue(json.out().contains("\"sources\":[{\"frame\":0,\"file\":"
            + "\"drivers/tty/tty_buffer.c\",\"line\":4,\"inlined\":[]},{\"frame\":1,"), json.out()),
        () -> assertTrue(html.out().contains("<dt>source</dt><dd>event 0 at " + store
            + " drivers/tty/tty_buffer.c:4 \u00b7 event 1 at " + load + " mm/slub.c:8</dd>"),
            html.out()),
        () -> assertTrue(html.out().contains(" cache_size mm/slub.c:4 [inline]\n"), html.out()));
  }

  @Test
  void vmlinux_sarifPhysicalLocations() throws IOException {
    Cli sarif = analyze("--report", "sarif");
    JsonNode result = new ObjectMapper().readTree(sarif.out()).at("/runs/0/results/0");
    assertAll(
        () -> assertEquals(1, sarif.exit(), sarif.err()),
        () -> assertEquals("mm/slub.c",
            result.at("/locations/0/physicalLocation/artifactLocation/uri").asText(), sarif.out()),
        () -> assertEquals("%SRCROOT%",
            result.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()),
        () -> assertEquals(8, result.at("/locations/0/physicalLocation/region/startLine").asInt()),
        () -> assertEquals("drivers/tty/tty_buffer.c",
            result.at("/relatedLocations/0/physicalLocation/artifactLocation/uri").asText()),
        () -> assertEquals(4,
            result.at("/relatedLocations/0/physicalLocation/region/startLine").asInt()));
  }

  @Test
  void vmlinux_systemMapBesideItByDefault() {
    Cli r = Cli.run("analyze", "--quiet", "--vmlinux", image.vmlinux().toString(),
        trace.toString());
    assertTrue(r.out().contains(" " + load + " mm/slub.c:8\n"), r.out());
  }

  @Test
  void badKernelFiles_exit2NamingTheFile() throws IOException {
    Path notElf = dir.resolve("vmlinux.txt");
    Files.writeString(notElf, "hello\n");
    Path badMap = dir.resolve("bad.map");
    Files.writeString(badMap, "ffffffff81000000 T _text\nnonsense\n");
    Path badProbes = dir.resolve("kprobe_events");
    Files.writeString(badProbes, "p:a/b f size=+0x18(%di):u12\n");
    Cli elf = Cli.run("analyze", "--vmlinux", notElf.toString(), trace.toString());
    Cli map = Cli.run("analyze", "--kallsyms", badMap.toString(), trace.toString());
    Cli probes = Cli.run("analyze", "--kprobe-events", badProbes.toString(), trace.toString());
    assertAll(
        () -> assertEquals(2, elf.exit()),
        () -> assertEquals("slabrace: " + notElf + ": not an ELF file (a kernel image built with debug"
            + " info, such as the build tree's vmlinux, expected)\n", elf.err()),
        () -> assertEquals(2, map.exit()),
        () -> assertEquals("slabrace: " + badMap + ":2: not a kallsyms or System.map line (ADDRESS"
            + " TYPE NAME [[MODULE]] expected): 'nonsense'\n", map.err()),
        () -> assertEquals(2, probes.exit()),
        () -> assertEquals("slabrace: " + badProbes + ":1: argument size has unknown type 'u12' (u8..u64,"
            + " s8..s64, x8..x64, char, string, ustring, symbol, symstr or a bitfield expected)\n",
            probes.err()),
        () -> assertEquals("", elf.out() + map.out() + probes.out()));
  }

  @Test
  void kprobeEvents_debianCapture_loadsReplaceTheMissingEvidenceNote() {
    String capture = FTRACE.resolve("debian-6.1-kprobes.txt").toString();
    String events = FTRACE.resolve("debian-6.1-kprobe_events.txt").toString();
    Cli with = Cli.run("analyze", "--report", "json", "--kprobe-events", events, capture);
    Cli without = Cli.run("analyze", "--report", "json", capture);
    assertAll(
        // with loads in the trace, unordered cross-task frees are reported, not left to handoffs
        () -> assertTrue(with.exit() < 2, with.err()),
        () -> assertFalse(with.err().contains("no load/store events"), with.err()),
        () -> assertTrue(without.err().contains("no load/store events"), without.err()),
        // the loads are events: two per kcache_free line on top of the same other events
        () -> assertEquals(events(without.out()) + 2 * kcacheFreeLines(capture), events(with.out())));
  }

  @Test
  void traceDat_exit2WithTheConversionCommand() throws IOException {
    Path dat = dir.resolve("trace.dat");
    Files.write(dat, new byte[] {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g', '6', 0});
    Cli r = Cli.run("analyze", dat.toString());
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: " + dat + ": byte 0: a trace-cmd binary file (trace.dat), which"
            + " slabrace does not read: convert it with 'trace-cmd report -l " + dat + " > " + dat
            + ".txt' and analyse " + dat + ".txt\n", r.err()));
  }

  private static long events(String json) {
    int at = json.indexOf("\"events\":");
    int end = json.indexOf(',', at);
    return Long.parseLong(json.substring(at + "\"events\":".length(), end));
  }

  private static long kcacheFreeLines(String capture) throws IOException {
    return Files.readAllLines(Path.of(capture)).stream().filter(l -> l.contains(" kcache_free: ("))
        .count();
  }
}
