package dev.k8sagent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@link ArchitectureRules} holds for the production code of every module. */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.k8sagent");
  }

  static Stream<String> ruleNames() {
    return Arrays.stream(ArchitectureRules.class.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ArchRule.class)
        .map(Field::getName);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void the_production_code_keeps_the_rule(String ruleName) throws Exception {
    ArchRule rule = (ArchRule) ArchitectureRules.class.getDeclaredField(ruleName).get(null);

    rule.check(production);
  }

  /** A rule over classes that were never imported passes silently; prove each module was seen. */
  @ParameterizedTest(name = "classes of {0} were imported")
  @ValueSource(
      strings = {
        "dev.k8sagent.domain",
        "dev.k8sagent.ports",
        "dev.k8sagent.adapters.k8s",
        "dev.k8sagent.adapters.octopus",
        "dev.k8sagent.adapters.octopus.simulator",
        "dev.k8sagent.adapters.storage",
        "dev.k8sagent.plugins.api",
        "dev.k8sagent.bootstrap"
      })
  void every_module_was_imported(String rootPackage) {
    assertThat(production.stream().filter(c -> c.getPackageName().startsWith(rootPackage)))
        .as("production classes in %s", rootPackage)
        .isNotEmpty();
  }

  @Test
  void no_test_fixture_was_imported_as_production_code() {
    assertThat(production.stream().filter(c -> c.getPackageName().contains("archfixture")))
        .isEmpty();
  }
}
