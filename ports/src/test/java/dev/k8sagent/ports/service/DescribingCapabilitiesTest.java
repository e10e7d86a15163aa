package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.ports.in.AgentCapabilities;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DescribingCapabilitiesTest {

  @Test
  void advertises_exactly_the_services_that_make_the_server_use_script_pods() {
    AgentCapabilities capabilities =
        new DescribingCapabilities(
                SemanticVersion.parse("1.2.3"),
                () -> Optional.of(KubernetesVersion.parse("v1.30.1")))
            .capabilities();

    assertThat(capabilities.services())
        .containsExactly("IFileTransferService", "IKubernetesScriptServiceV1");
    assertThat(capabilities.agentVersion()).isEqualTo(SemanticVersion.parse("1.2.3"));
    assertThat(capabilities.clusterVersion()).contains(KubernetesVersion.parse("v1.30.1"));
  }

  @Test
  void the_services_alone_are_told_without_asking_the_cluster() {
    AtomicInteger asked = new AtomicInteger();
    DescribingCapabilities described =
        new DescribingCapabilities(
            SemanticVersion.parse("1.2.3"),
            () -> {
              asked.incrementAndGet();
              return Optional.of(KubernetesVersion.parse("v1.30.1"));
            });

    assertThat(described.services()).isEqualTo(described.capabilities().services());
    assertThat(asked).hasValue(1); // only capabilities() asked
  }
}
