package io.tossbill;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

  private static final Path DOCS = Path.of("..", "docs", "modules");

  private final ApplicationModules modules =
      ApplicationModules.of(
          TossbillApplication.class,
          // the sandbox is a separate library that only shares the root package name
          JavaClass.Predicates.resideInAPackage("io.tossbill.sandbox.."));

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  /**
   * Writes the module diagrams and canvases into docs/modules. The documenter lists relations and
   * events in the order it finds them, which changes from build to build; lists are sorted here so
   * the files are the same on every build and change only when the modules do.
   */
  @Test
  void writesTheModuleDiagramIntoDocs() throws IOException {
    Path generated = Path.of("target", "modules");
    new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
    Files.createDirectories(DOCS);
    try (Stream<Path> files = Files.list(generated)) {
      for (Path file : files.sorted().toList()) {
        String stable = stable(Files.readString(file, StandardCharsets.UTF_8));
        Path target = DOCS.resolve(file.getFileName());
        if (!Files.exists(target)
            || !Files.readString(target, StandardCharsets.UTF_8).equals(stable)) {
          Files.writeString(target, stable, StandardCharsets.UTF_8);
        }
      }
    }
  }

  /** Sorts every run of PlantUML relations and every AsciiDoc table cell list. */
  static String stable(String text) {
    List<String> lines = text.lines().toList();
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.startsWith("Rel(")) {
        List<String> run = new ArrayList<>();
        while (i < lines.size() && lines.get(i).startsWith("Rel(")) {
          run.add(lines.get(i++));
        }
        out.addAll(run.stream().sorted().toList());
      } else if (line.startsWith("|* ")) {
        List<String> run = new ArrayList<>();
        run.add(line.substring(1));
        i++;
        while (i < lines.size() && lines.get(i).startsWith("* ")) {
          run.add(lines.get(i++));
        }
        List<String> sorted = run.stream().sorted().toList();
        out.add("|" + sorted.getFirst());
        out.addAll(sorted.subList(1, sorted.size()));
      } else {
        out.add(line);
        i++;
      }
    }
    return String.join("\n", out) + "\n";
  }
}
