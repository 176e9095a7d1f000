package dev.slabrace.report;

/** The SARIF rule of each finding kind: its name and its short and full descriptions. */
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
}
