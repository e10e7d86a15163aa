package dev.k8sagent.domain.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelativePathTest {

  @ParameterizedTest(name = "''{0}'' is ''{1}''")
  @CsvSource({
    "script.sh, script.sh",
    "a/b/c.txt, a/b/c.txt",
    "a\\b\\c.txt, a/b/c.txt",
    "./a//b/./c, a/b/c",
    "a/../b, b",
    "Tools/Calamari/x/../Calamari.dll, Tools/Calamari/Calamari.dll"
  })
  void relative_paths_are_normalised_inside_their_base(String input, String normalised) {
    assertThat(RelativePath.parse(input).asString()).isEqualTo(normalised);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "./", "/etc/passwd", "C:\\x", "a\0b"})
  void paths_that_escape_or_name_nothing_are_refused(String input) {
    assertThatThrownBy(() -> RelativePath.parse(input))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb.txt", "dir\n/x", "a\r.txt", "tab\there", "bell\u0007", "del\u007f"})
  void names_holding_a_control_character_are_refused_naming_it(String input) {
    assertThatThrownBy(() -> RelativePath.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
  }

  @ParameterizedTest(name = "''{0}'' under /octopus is ''{1}''")
  @CsvSource({
    "/octopus/Work/t1/script.sh, Work/t1/script.sh",
    "/octopus//Files/pkg.zip, Files/pkg.zip",
    "Files/pkg.zip, Files/pkg.zip"
  })
  void absolute_paths_are_accepted_only_inside_the_base(String input, String relative) {
    assertThat(RelativePath.under("/octopus", input).asString()).isEqualTo(relative);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "/octopus", "/octopusX/file", "/octopus/../etc/passwd"})
  void absolute_paths_outside_the_base_are_refused_with_the_reason(String input) {
    assertThatThrownBy(() -> RelativePath.under("/octopus", input))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
