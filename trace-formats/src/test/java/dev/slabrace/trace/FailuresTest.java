package dev.slabrace.trace;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A failure from another thread is thrown as it was; only an undeclared checked one is wrapped. */
final class FailuresTest {
  @Test
  void ioRuntimeAndError_rethrownAsTheyAre() {
    IOException io = new IOException("disk");
    IllegalStateException bug = new IllegalStateException("bug");
    OutOfMemoryError oom = new OutOfMemoryError("heap");
    assertSame(io, assertThrows(IOException.class, () -> Failures.rethrow(io)));
    assertSame(bug, assertThrows(IllegalStateException.class, () -> Failures.rethrow(bug)));
    assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Failures.rethrow(oom)));
  }

  @Test
  void otherCheckedException_isABug() {
    Exception checked = new Exception("undeclared");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Failures.rethrow(checked));
    assertSame(checked, e.getCause());
  }
}
