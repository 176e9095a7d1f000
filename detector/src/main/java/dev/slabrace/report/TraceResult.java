package dev.slabrace.report;

import java.util.List;

/**
 * Everything one analysed trace produced, handed to a reporter.
 *
 * @param trace the trace file as the user named it
 * @param events how many events were analysed
 * @param findings the findings in the order of their later event
 * @param warnings inconsistencies met on the way
 * @param skipped malformed lines skipped in lenient mode
 */
public record TraceResult(
    String trace, long events, List<Finding> findings, List<TraceWarning> warnings, long skipped) {}
