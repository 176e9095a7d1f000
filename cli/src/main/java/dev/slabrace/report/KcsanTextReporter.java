package dev.slabrace.report;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.Triage;
import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A reporter that prints findings as the kernel's sanitizers print them, one report per kind and pair
 * of code locations, with a count of the repeats it folded in, and a summary line per trace: races as
 * KCSAN splats (kernel/kcsan/report.c print_report()), use-after-free and double free as KASAN reports
 * ({@link KasanSplat}).
 */
public final class KcsanTextReporter implements Reporter {
  /* Implementation notes
   *
   * Layout, as in print_report(): ruler, title, blank, the first access and its stack, blank, the
   * second access and its stack, blank, the value paragraph (value change, region, typesafe cache) and a blank if
   * either is known, then the "Reported by" footer and the closing ruler. KCSAN's first block is the
   * access that consumed the watchpoint and its second the watcher that reports; here the first block is
   * the earlier event and the second the later one, whose processing found the problem, so the footer's
   * CPU and PID belong to the later event, as they belong to KCSAN's watcher. Lines end in '\n' on every
   * platform so that golden reports compare byte for byte. Each trace's reports end with one summary
   * line (ReportSummary): counts only, so the report stays byte-identical from run to run.
   *
   * Streaming: findings are folded as they arrive (ReportFilter), keeping only the reports that will
   * be printed, and the trace's text is written when it ends, so memory grows with the distinct pairs
   * of code locations, not with the findings.
   */

  /** The rule that opens and closes each report: 66 '='. */
  static final String RULER = "=".repeat(66);

  /** The most bytes of a value that the value paragraph prints, as KCSAN's u64 old/new. */
  private static final int MAX_VALUE_BYTES = 8;

  private final ReportOptions options;

  /** Creates a text reporter that prints every report. */
  public KcsanTextReporter() {
    this(ReportOptions.DEFAULT);
  }

  /** Creates a text reporter with a limit on the reports per trace. */
  public KcsanTextReporter(ReportOptions options) {
    this.options = options;
  }

  /** Starts a trace's text: its findings are folded as they come and printed when it ends. */
  @Override
  public TraceReport begin(String trace, Writer out) {
    return new Text(trace, out, options.maxReports());
  }

  /** One trace's text: the folded reports, at most {@code maxReports} kept, and the summary line. */
  private static final class Text implements TraceReport {
    private final String trace;
    private final Writer out;
    private final ReportFilter reports;

    Text(String trace, Writer out, int maxReports) {
      this.trace = trace;
      this.out = out;
      this.reports = new ReportFilter(maxReports);
    }

    @Override
    public void accept(Finding finding) {
      reports.accept(finding);
    }

    @Override
    public void end(TraceSummary summary, FindingCounts counts) throws IOException {
      List<ReportFilter.Report> kept = reports.kept();
      for (ReportFilter.Report report : kept) {
        out.write(format(trace, report));
      }
      out.write(ReportSummary.line(trace, summary.events(), counts, reports.reports(), kept.size(),
          "--max-reports " + kept.size()));
      out.write('\n');
    }

    /** A trace that failed prints nothing, as the text printed only at its end. */
    @Override
    public void fail(String message) {}
  }

  /** Prints collected traces, counting new findings against the options' baseline. */
  @Override
  public void print(List<TraceResult> results, Writer out) throws IOException {
    print(results, options.baseline(), out);
  }

  /** Returns the splat of one report of trace {@code trace}. */
  public static String format(String trace, ReportFilter.Report report) {
    Finding f = report.finding();
    if (!KcsanTitle.isKcsan(f.kind())) {
      return KasanSplat.format(trace, report);
    }
    Access later = f.second();
    StringBuilder sb = new StringBuilder(512);
    sb.append(RULER).append('\n');
    sb.append("BUG: ").append(name(KcsanTitle.of(f))).append("\n\n");
    appendAccess(sb, f.first());
    appendAccess(sb, later);
    if (f.valueChange() || !f.region().isEmpty() || !f.typesafeCache().isEmpty()) {
      if (f.valueChange()) {
        int digits = 2 * (int) Math.max(1, Math.min(MAX_VALUE_BYTES, later.size()));
        sb.append("value changed: 0x").append(hex(f.oldValue(), digits))
            .append(" -> 0x").append(hex(f.newValue(), digits)).append('\n');
      }
      if (!f.region().isEmpty()) {
        sb.append("region: ").append(name(f.region()));
        if (!f.regionClass().isEmpty()) {
          sb.append(" (").append(name(f.regionClass())).append(')');
        }
        sb.append('\n');
      }
      if (!f.typesafeCache().isEmpty()) {
        sb.append("cache: ").append(f.typesafeCache()).append(" is SLAB_TYPESAFE_BY_RCU: its"
            + " objects may be freed and reused at once while RCU readers still access them\n");
      }
      sb.append('\n');
    }
    if (f.triage() != Triage.NONE) {
      appendTriage(sb, f);
    }
    sb.append("Reported by Kernel Concurrency Sanitizer on:\n");
    sb.append("CPU: ").append(cpu(later.cpu())).append(" PID: ")
        .append(name(TaskContext.pid(later.task()))).append(" Comm: ")
        .append(name(TaskContext.comm(later))).append(" Not tainted slabrace\n");
    appendHardwareName(sb, trace, report);
    sb.append(RULER).append('\n');
    return sb.toString();
  }

  /**
   * Appends slabrace's stand-in for the footer's hardware line: the trace, the two events and how
   * many repeats the report folded in.
   */
  static void appendHardwareName(StringBuilder sb, String trace, ReportFilter.Report report) {
    Finding f = report.finding();
    sb.append("Hardware name: slabrace trace ").append(name(trace))
        .append(", events ").append(f.first().id()).append(" and ").append(f.second().id());
    if (report.repeats() > 0) {
      sb.append(", ").append(report.repeats())
          .append(report.repeats() == 1 ? " more occurrence" : " more occurrences");
    }
    sb.append('\n');
  }

  /** Appends the access line, its stack with one leading space per frame, and a blank line. */
  private static void appendAccess(StringBuilder sb, Access a) {
    sb.append(accessType(a)).append(" to 0x").append(hex(a.addr(), 16))
        .append(" of ").append(a.size()).append(" bytes by ").append(name(TaskContext.kcsan(a.task())))
        .append(" on cpu ").append(cpu(a.cpu())).append(":\n");
    appendFrames(sb, a);
    sb.append('\n');
  }

  /**
   * Appends the triage paragraph: the verdict and, for a user handoff, how the later task got the
   * object (allocation, publishing store, reading load) and the missing edge.
   */
  private static void appendTriage(StringBuilder sb, Finding f) {
    sb.append("triage: ").append(f.triage().wireName()).append('\n');
    f.handoff().ifPresent(h -> {
      Access alloc = h.allocation();
      sb.append(name(h.object())).append(" allocated by task ").append(name(alloc.task()))
          .append(" on cpu ")
          .append(cpu(alloc.cpu())).append(" (event ").append(alloc.id()).append("):\n");
      appendFrames(sb, alloc);
      h.store().ifPresent(st -> appendPointerAccess(sb, "published by", "to", st));
      h.load().ifPresent(ld -> appendPointerAccess(sb, "read by", "from", ld));
      sb.append("missing edge: ").append(name(Messages.missingEdge(h.missingEdge()))).append('\n');
    });
    sb.append('\n');
  }

  private static void appendPointerAccess(StringBuilder sb, String verb, String preposition,
      Access a) {
    sb.append(verb).append(' ').append(a.marked() ? "marked " : "plain ")
        .append(a.type() == AccessType.WRITE ? "store " : "load ").append(preposition)
        .append(" 0x").append(hex(a.addr(), 16)).append(" by task ").append(name(a.task()))
        .append(" on cpu ").append(cpu(a.cpu())).append(" (event ").append(a.id()).append("):\n");
    appendFrames(sb, a);
  }

  /**
   * Appends the stack, one leading space per frame; a symbolised frame ends in its file:line and is
   * preceded by the calls inlined at its address, as syzkaller and decode_stacktrace.sh print them:
   * {@code  cache_size mm/slub.c:4 [inline]} then {@code  kmem_cache_free+0x18/0x26 mm/slub.c:8}.
   */
  static void appendFrames(StringBuilder sb, Access a) {
    for (int i = 0; i < a.frames().size(); i++) {
      FrameSource source = a.source(i);
      for (FrameSource.SourceLine inlined : source.inlined()) {
        sb.append(' ').append(inlined.function().isEmpty() ? "??" : name(inlined.function()));
        if (inlined.line() > 0) {
          sb.append(' ').append(name(inlined.file())).append(':').append(inlined.line());
        }
        sb.append(" [inline]\n");
      }
      sb.append(' ').append(name(a.frames().get(i)));
      if (source.known()) {
        sb.append(' ').append(name(source.fileLine()));
      }
      sb.append('\n');
    }
  }

  /** Returns KCSAN's get_access_type() words for an access. */
  public static String accessType(Access a) {
    String base = switch (a.type()) {
      case READ -> "read";
      case WRITE -> "write";
      case READ_WRITE -> "read-write";
      case FREE -> "assert no accesses";
      case ALLOC -> "alloc";
    };
    boolean plainAccess = a.type() != AccessType.FREE && a.type() != AccessType.ALLOC;
    return plainAccess && a.marked() ? base + " (marked)" : base;
  }

  /**
   * Returns text from the trace (a function, task, region or file name) as the report prints it:
   * escaped, so that no name can end a line, forge a splat or drive the terminal.
   */
  static String name(String text) {
    return Printable.escape(text);
  }

  /** Returns a CPU number as printed, or {@code ?} when the trace did not say. */
  public static String cpu(int cpu) {
    return cpu < 0 ? KcsanTitle.UNKNOWN : Integer.toString(cpu);
  }

  /** Returns {@code value} as unsigned lowercase hex, zero-padded to at least {@code digits}. */
  private static String hex(long value, int digits) {
    String s = Long.toHexString(value);
    return s.length() >= digits ? s : "0".repeat(digits - s.length()) + s;
  }
}
