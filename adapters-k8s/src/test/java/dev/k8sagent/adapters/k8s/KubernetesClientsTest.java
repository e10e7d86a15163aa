package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientsTest {
  @TempDir Path temp;

  @Test
  void outside_a_cluster_the_kubeconfig_is_used() throws Exception {
    try (FakeApiServer server = FakeApiServer.started()) {
      Path kubeconfig = server.writeKubeconfig(temp.resolve("config"));
      KubernetesClients clients = fromKubeconfig(kubeconfig);
      assertThat(gitVersion(clients)).isEqualTo("v1.31.4");
      assertThat(clients.client().getReadTimeout()).isEqualTo(30_000);
      assertThat(clients.watchClient().getReadTimeout()).isZero();
    }
  }

  @Test
  void an_https_api_server_is_trusted_through_the_kubeconfig_certificate_authority()
      throws Exception {
    try (FakeApiServer server = FakeApiServer.startedWithTls()) {
      assertThat(server.url()).startsWith("https://");
      Path kubeconfig = server.writeKubeconfig(temp.resolve("config"));
      KubernetesClients clients = fromKubeconfig(kubeconfig);
      assertThat(gitVersion(clients)).isEqualTo("v1.31.4");

      String withoutAuthority =
          Files.readString(kubeconfig).replaceAll(", certificate-authority-data: [^}]*", "");
      Path untrusting = Files.writeString(temp.resolve("untrusting"), withoutAuthority);
      KubernetesClients strangers = fromKubeconfig(untrusting);
      assertThatThrownBy(() -> gitVersion(strangers))
          .isInstanceOf(ApiException.class)
          .hasRootCauseInstanceOf(CertPathBuilderException.class);
    }
  }

  private static KubernetesClients fromKubeconfig(Path kubeconfig) {
    return KubernetesClients.fromEnvironment(
        Map.of("KUBECONFIG", kubeconfig.toString()), Optional.empty());
  }

  private static String gitVersion(KubernetesClients clients) throws ApiException {
    return new VersionApi(clients.client()).getCode().execute().getGitVersion();
  }

  @Test
  void no_cluster_and_no_kubeconfig_is_an_error_saying_what_to_set() {
    Path missing = temp.resolve("nope");
    assertThatThrownBy(() -> KubernetesClients.fromEnvironment(Map.of(), Optional.of(missing)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KUBERNETES_SERVICE_HOST")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("KUBECONFIG");
  }
}
