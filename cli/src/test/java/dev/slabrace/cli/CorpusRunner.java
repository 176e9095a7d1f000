package dev.slabrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code slabrace analyze} on inputs one after another in this JVM, each with a time limit, for
 * {@link BoundedMemoryTest}, which starts it with a small heap. Arguments: the limit in seconds, then
 * pairs of {@code strict|lenient} and a path. Prints one line per run: exit status, milliseconds,
 * peak heap use in MiB, the path; on a timeout it prints {@code TIMEOUT path} and exits with 124.
 */
final class CorpusRunner {
  private CorpusRunner() {}

  public static void main(String[] args) throws Exception {
    long limit = Long.parseLong(args[0]);
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "corpus");
      t.setDaemon(true);
      return t;
    });
    for (int i = 1; i + 1 < args.length; i += 2) {
      String path = args[i + 1];
      String[] cli = args[i].equals("lenient") ? new String[] {"analyze", "--lenient", path}
          : new String[] {"analyze", path};
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      Future<Integer> run = executor.submit(() -> Main.commandLine(
          new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())).execute(cli));
      int exit;
      try {
        exit = run.get(limit, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        System.out.println("TIMEOUT " + path);
        System.out.flush();
        System.exit(124);
        return;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
      System.out.println(exit + "\t" + millis + "\t" + peak + "\t" + path);
    }
    System.out.flush();
  }
}
