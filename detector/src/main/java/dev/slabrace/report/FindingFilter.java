package dev.slabrace.report;

import java.util.Set;

/**
 * Which findings a user wants to see: only some classes of bytes ({@code --only slab-meta,object}),
 * and none whose access happened in an ignored function ({@code --ignore-func}, KCSAN's debugfs
 * blacklist, matched on the top frame of either access).
 *
 * @param onlyClasses the region classes to keep; empty keeps every finding
 * @param ignoredFunctions function names whose findings are dropped
 */
public record FindingFilter(Set<String> onlyClasses, Set<String> ignoredFunctions) {
  /** The filter that keeps everything. */
  public static final FindingFilter NONE = new FindingFilter(Set.of(), Set.of());

  /** Whether {@code f} is kept. */
  public boolean keeps(Finding f) {
    if (!onlyClasses.isEmpty() && !onlyClasses.contains(f.regionClass())) {
      return false;
    }
    return ignoredFunctions.isEmpty()
        || !(ignoredFunctions.contains(KcsanTitle.functionName(f.first().topFrame()))
            || ignoredFunctions.contains(KcsanTitle.functionName(f.second().topFrame())));
  }
}
