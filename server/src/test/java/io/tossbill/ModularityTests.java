package io.tossbill;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

  private final ApplicationModules modules =
      ApplicationModules.of(
          TossbillApplication.class,
          // the sandbox is a separate library that only shares the root package name
          JavaClass.Predicates.resideInAPackage("io.tossbill.sandbox.."));

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  @Test
  void writesTheModuleDiagramIntoDocs() {
    new Documenter(modules, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
  }
}
