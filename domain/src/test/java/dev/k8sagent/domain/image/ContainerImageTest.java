package dev.k8sagent.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerImageTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "nginx, nginx, '', ''",
    "nginx:1.27, nginx, 1.27, ''",
    "registry.local:5000/team/tools:v2, registry.local:5000/team/tools, v2, ''",
    "octopusdeploy/tools@sha256:0123456789abcdef0123456789abcdef, octopusdeploy/tools, '',"
        + " sha256:0123456789abcdef0123456789abcdef"
  })
  void image_references_parse_into_repository_tag_and_digest(
      String reference, String repository, String tag, String digest) {
    ContainerImage image = ContainerImage.parse(reference);

    assertThat(image.repository()).isEqualTo(repository);
    assertThat(image.tag().orElse("")).isEqualTo(tag);
    assertThat(image.digest().orElse("")).isEqualTo(digest);
    assertThat(image.reference()).isEqualTo(reference);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Nginx", "nginx:", "nginx:bad tag", "a//b", "x@md5:12"})
  void malformed_references_are_refused(String reference) {
    assertThatThrownBy(() -> ContainerImage.parse(reference))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
