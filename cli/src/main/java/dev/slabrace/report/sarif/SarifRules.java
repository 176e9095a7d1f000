package dev.slabrace.report.sarif;

import dev.slabrace.finding.FindingKind;

/**
 * The SARIF rule of each finding kind: its name, its short and full descriptions, and the help that
 * code-scanning services show beside a result ({@code help.text}, {@code help.markdown}).
 */
final class SarifRules {
  private SarifRules() {}

  static String name(FindingKind kind) {
    return switch (kind) {
      case DATA_RACE -> "DataRace";
      case ASSERT_RACE -> "AccessRacesWithFree";
      case USE_AFTER_FREE -> "UseAfterFree";
      case DOUBLE_FREE -> "DoubleFree";
    };
  }

  static String shortDescription(FindingKind kind) {
    return switch (kind) {
      case DATA_RACE -> "Data race: two conflicting accesses, at least one plain, unordered.";
      case ASSERT_RACE -> "An access or the allocation does not happen before the object's free.";
      case USE_AFTER_FREE -> "An access to an object after it was freed.";
      case DOUBLE_FREE -> "A free of an object that was already free.";
    };
  }

  static String fullDescription(FindingKind kind) {
    return switch (kind) {
      case DATA_RACE -> "Two accesses from different tasks overlap, at least one writes, at least one"
          + " is plain, and under the Linux kernel memory model neither happens before the other"
          + " (KCSAN: data-race).";
      case ASSERT_RACE -> "A free acts as a write to every byte of its object, checked like KCSAN's"
          + " assertion in slab_free_hook: every access to the object, marked or not, and its"
          + " allocation must happen before the free (KCSAN: assert: race).";
      case USE_AFTER_FREE -> "An access to bytes of an object after the free that released them"
          + " and before any new allocation of them.";
      case DOUBLE_FREE -> "A free of an object that an earlier free already released.";
    };
  }

  /** The rule's help as plain text: what the finding means and how such bugs are fixed. */
  static String helpText(FindingKind kind) {
    return switch (kind) {
      case DATA_RACE -> "Two tasks access the same bytes, at least one writes and at least one access"
          + " is plain, and nothing in the trace orders them (no lock, release/acquire pair, fence"
          + " pair, RCU grace period or other happens-before edge). KCSAN prints this as"
          + " 'BUG: KCSAN: data-race'. Fix: order the accesses (lock, smp_store_release with"
          + " smp_load_acquire, smp_wmb with smp_rmb), or mark both with READ_ONCE/WRITE_ONCE or"
          + " data_race() if the race is intended. The result's location is the later access; the"
          + " related location is the earlier one.";
      case ASSERT_RACE -> "An access to an object, or its allocation, is not ordered before the"
          + " object's free: the allocator may reuse the memory while the access is still in"
          + " flight. slab_free_hook() checks the free as KCSAN's ASSERT_EXCLUSIVE_ACCESS over the"
          + " object ('BUG: KCSAN: assert: race'). Fix: make the freeing task acquire what the"
          + " accessing task released (a lock, smp_load_acquire of the pointer or refcount,"
          + " refcount_dec_and_test) before calling kfree/kmem_cache_free.";
      case USE_AFTER_FREE -> "An access to an object after the free that released it, ordered"
          + " after that free: the memory may already belong to another object. KASAN prints this"
          + " as 'BUG: KASAN: slab-use-after-free'. Fix: keep the object alive until its last user"
          + " is done (reference count, RCU grace period before the free, or cancel/flush the"
          + " work that still uses it).";
      case DOUBLE_FREE -> "A second free of an object that an earlier free already released."
          + " KASAN prints this as 'BUG: KASAN: double-free'. Fix: give the object one owner that"
          + " frees it, or clear the pointer after the first free.";
    };
  }

  /** The rule's help as Markdown: the short description in bold, then the help with names as code. */
  static String helpMarkdown(FindingKind kind) {
    return "**" + shortDescription(kind) + "**\n\n"
        + helpText(kind).replaceAll("'(BUG: [^']*)'", "`$1`")
            .replaceAll("\\b(READ_ONCE|WRITE_ONCE|data_race\\(\\)|smp_[a-z_]+|kfree|kmem_cache_free"
                + "|refcount_dec_and_test|slab_free_hook\\(\\)|ASSERT_EXCLUSIVE_ACCESS)", "`$1`");
  }
}
