package dev.slabrace.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The package rules of the layering: the trace model at the bottom, the engine and its finding
 * model above it, the simulator beside the engine, the printers and the command line on top. Each
 * rule is checked twice: on the compiled main classes of every module (ArchUnit: any use, with the
 * offending class, member and line in the message) and on the {@code import} lines of the main
 * sources (so that an import nothing uses yet is refused too). Modules already stop most uses that
 * cross a module; these rules also hold inside a module (engine and finding model in
 * {@code detector}; printers and command line in {@code cli}).
 */
final class LayerRulesTest {
  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.slabrace\\.[\\w.]+);", Pattern.MULTILINE);
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+(dev\\.slabrace\\.[\\w.]+);", Pattern.MULTILINE);

  /** One rule: classes in a package may not depend on any of the listed packages, and why. */
  enum Rule {
    TRACE_MODEL_IS_THE_BOTTOM("dev.slabrace.trace",
        "readers and writers know events only",
        "dev.slabrace.detect", "dev.slabrace.finding", "dev.slabrace.report", "dev.slabrace.cli",
        "dev.slabrace.symbolize", "dev.slabrace.sim", "dev.slabrace.bench"),
    ENGINE_NEITHER_PRINTS_NOR_PARSES_COMMAND_LINES("dev.slabrace.detect",
        "the core decides, the reporter prints (KCSAN core.c / report.c)",
        "dev.slabrace.report", "dev.slabrace.cli", "dev.slabrace.symbolize", "dev.slabrace.sim"),
    FINDING_MODEL_KNOWS_NO_ENGINE_AND_NO_PRINTER("dev.slabrace.finding",
        "findings are the engine's output, read by every printer",
        "dev.slabrace.detect", "dev.slabrace.report", "dev.slabrace.cli", "dev.slabrace.symbolize",
        "dev.slabrace.sim"),
    SIMULATOR_IS_BESIDE_THE_ENGINE("dev.slabrace.sim",
        "the simulator writes traces; judging them is the engine's job",
        "dev.slabrace.detect", "dev.slabrace.finding", "dev.slabrace.report", "dev.slabrace.cli",
        "dev.slabrace.symbolize"),
    PRINTERS_READ_FINDINGS_NOT_THE_ENGINE("dev.slabrace.report",
        "printers turn findings into text; the command line wires them to the engine",
        "dev.slabrace.detect", "dev.slabrace.cli", "dev.slabrace.sim"),
    SYMBOLIZER_READS_FINDINGS_NOT_THE_ENGINE("dev.slabrace.symbolize",
        "source lines decorate findings; the command line wires them to the engine",
        "dev.slabrace.detect", "dev.slabrace.cli", "dev.slabrace.sim");

    final String layer;
    final String because;
    final String[] forbidden;

    Rule(String layer, String because, String... forbidden) {
      this.layer = layer;
      this.because = because;
      this.forbidden = forbidden;
    }

    boolean forbids(String type) {
      for (String f : forbidden) {
        if (type.startsWith(f + ".")) {
          return true;
        }
      }
      return false;
    }

    boolean covers(String pkg) {
      return pkg.equals(layer) || pkg.startsWith(layer + ".");
    }
  }

  /** A main source file: where it is, its package and what it imports from dev.slabrace. */
  private record Source(Path path, String pkg, List<String> imports) {}

  private static JavaClasses main;
  private static List<Source> sources;

  @BeforeAll
  static void importMainClassesAndSources() throws IOException {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.slabrace");
    sources = new ArrayList<>();
    for (Path path : mainSources()) {
      String text = Files.readString(path);
      Matcher pkg = PACKAGE.matcher(text);
      List<String> imports = new ArrayList<>();
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        imports.add(m.group(1));
      }
      sources.add(new Source(path, pkg.find() ? pkg.group(1) : "", imports));
    }
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void classesKeepTheRule(Rule rule) {
    assertFalse(main.isEmpty(), "no main classes of dev.slabrace found on the test class path");
    String[] patterns = Stream.of(rule.forbidden).map(p -> p + "..").toArray(String[]::new);
    noClasses().that().resideInAPackage(rule.layer + "..")
        .should().dependOnClassesThat().resideInAnyPackage(patterns)
        .because(rule.because)
        .check(main);
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void importsKeepTheRule(Rule rule) {
    assertFalse(sources.isEmpty(), "no main sources found under " + ROOT.toAbsolutePath()
        + "/*/src/main/java (set -Dslabrace.root to the repository)");
    List<String> broken = new ArrayList<>();
    for (Source source : sources) {
      if (!rule.covers(source.pkg())) {
        continue;
      }
      for (String imported : source.imports()) {
        if (rule.forbids(imported)) {
          broken.add(ROOT.relativize(source.path()) + ": import " + imported);
        }
      }
    }
    assertEquals(List.of(), broken, rule + ": " + rule.layer + " may not import "
        + String.join(", ", rule.forbidden) + ", because " + rule.because);
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : (Iterable<Path>) modules.sorted()::iterator) {
        Path src = module.resolve("src/main/java");
        if (Files.isDirectory(src)) {
          try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
          }
        }
      }
    }
    return out;
  }
}
