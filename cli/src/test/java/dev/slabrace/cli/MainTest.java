package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class MainTest {
  @Test
  void version_printsNameAndPomVersion() {
    Cli r = Cli.run("--version");
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertEquals("slabrace 0.1.0\n", r.out()),
        () -> assertEquals("", r.err()));
  }

  @Test
  void help_listsAnalyze() {
    Cli r = Cli.run("--help");
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertTrue(r.out().startsWith("Usage: slabrace "), r.out()),
        () -> assertTrue(r.out().contains("analyze"), r.out()),
        () -> assertEquals("", r.err()));
  }

  @Test
  void analyzeHelp_showsOptionsAndExitStatuses() {
    Cli r = Cli.run("analyze", "--help");
    assertAll(
        () -> assertEquals(0, r.exit()),
        () -> assertTrue(r.out().startsWith("Usage: slabrace analyze "), r.out()),
        () -> assertTrue(r.out().contains("--report=FORMAT"), r.out()),
        () -> assertTrue(r.out().contains("Exit status:"), r.out()));
  }

  @Test
  void unknownOption_exit2WithMessage() {
    Cli r = Cli.run("analyze", "--bogus", "t.jsonl");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("", r.out()),
        () -> assertTrue(r.err().startsWith("slabrace: Unknown option: '--bogus'\n"), r.err()),
        () -> assertTrue(r.err().endsWith(
            "Try 'slabrace analyze --help' for more information.\n"), r.err()));
  }

  @Test
  void unknownCommand_exit2WithSuggestion() {
    Cli r = Cli.run("analyse", "t.jsonl");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().contains("analyze"), r.err()),
        () -> assertTrue(r.err().endsWith("Try 'slabrace --help' for more information.\n"), r.err()));
  }

  @Test
  void noCommand_exit2() {
    Cli r = Cli.run();
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().startsWith("slabrace: missing command"), r.err()));
  }

  @Test
  void analyzeWithoutTrace_exit2() {
    Cli r = Cli.run("analyze");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("slabrace: Missing required parameter: 'TRACE'\n"
            + "Try 'slabrace analyze --help' for more information.\n", r.err()));
  }

  @Test
  void badReportValue_exit2() {
    Cli r = Cli.run("analyze", "--report", "xml", "t.jsonl");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertTrue(r.err().startsWith("slabrace: Invalid value for option '--report'"), r.err()),
        () -> assertTrue(r.err().contains("expected text, json, html or sarif but was 'xml'"), r.err()));
  }

  @Test
  void missingFile_exit2WithoutStackTrace() {
    Cli r = Cli.run("analyze", "no/such/trace.jsonl");
    assertAll(
        () -> assertEquals(2, r.exit()),
        () -> assertEquals("", r.out()),
        () -> assertEquals("slabrace: no/such/trace.jsonl: no such file\n", r.err()));
  }

  @Test
  void commandLine_isTheEntryPointTestsUse() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("--version");
    assertEquals(0, exit);
    assertFalse(out.toString().isEmpty());
  }
}
