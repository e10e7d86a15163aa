package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.domain.image.ImagePullCredentials;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedPullSecretsTest {
  private static final String NAMESPACE = "octopus-agent";
  private static final ImagePullCredentials DEPLOYER =
      new ImagePullCredentials("https://registry.example:5000/v2", "deployer", "s3cret");

  private final FakeApiServer server = FakeApiServer.started();
  private final CoreV1Api api = new CoreV1Api(server.client());
  private final FeedPullSecrets secrets = secrets();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private FeedPullSecrets secrets() {
    return new FeedPullSecrets(api, new ApiCalls(2, Duration.ofMillis(10)), NAMESPACE, "agent");
  }

  @Test
  void credentials_become_a_docker_config_secret_for_the_feeds_registry() throws Exception {
    String name = secrets.ensure(DEPLOYER);

    V1Secret secret = api.readNamespacedSecret(name, NAMESPACE).execute();
    assertThat(name).startsWith("octopus-feed-").hasSizeLessThanOrEqualTo(63);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "k8s-agent")
        .containsEntry("agent.octopus.com/release", "agent");
    assertThat(config(secret))
        .contains("\"registry.example:5000\"")
        .contains("\"username\":\"deployer\"")
        .contains("\"auth\":\"ZGVwbG95ZXI6czNjcmV0\"");
  }

  @Test
  void the_same_credentials_again_make_no_api_call() {
    secrets.ensure(DEPLOYER);
    secrets.ensure(DEPLOYER);

    assertThat(server.calls("POST secrets")).isEqualTo(1);
    assertThat(server.calls("PUT secrets")).isZero();
  }

  @Test
  void a_changed_password_gets_a_secret_of_its_own_and_nothing_is_replaced() throws Exception {
    String first = secrets.ensure(DEPLOYER);
    String second =
        secrets.ensure(new ImagePullCredentials(DEPLOYER.feedUrl(), "deployer", "rotated"));

    assertThat(second).isNotEqualTo(first);
    assertThat(server.calls("PUT secrets")).isZero();
    assertThat(config(api.readNamespacedSecret(second, NAMESPACE).execute()))
        .contains("\"password\":\"rotated\"");
    assertThat(config(api.readNamespacedSecret(first, NAMESPACE).execute()))
        .contains("\"password\":\"s3cret\"");
  }

  @Test
  void two_releases_with_the_same_credentials_never_share_a_secret() {
    FeedPullSecrets other =
        new FeedPullSecrets(api, new ApiCalls(2, Duration.ofMillis(10)), NAMESPACE, "other");

    assertThat(other.ensure(DEPLOYER)).isNotEqualTo(secrets.ensure(DEPLOYER));
  }

  @Test
  void another_user_of_the_same_feed_gets_its_own_secret() {
    String deployer = secrets.ensure(DEPLOYER);
    String reader = secrets.ensure(new ImagePullCredentials(DEPLOYER.feedUrl(), "reader", "x"));

    assertThat(reader).isNotEqualTo(deployer);
  }

  @Test
  void a_secret_an_earlier_agent_of_this_release_wrote_is_used_as_it_is() {
    String name = secrets.ensure(DEPLOYER);

    assertThat(secrets().ensure(DEPLOYER)).isEqualTo(name);
    assertThat(server.calls("POST secrets")).isEqualTo(2);
    assertThat(server.calls("PUT secrets")).isZero();
  }

  @Test
  void a_refusal_names_the_feed_and_the_reason_but_never_the_password() {
    server.failNext("POST secrets", 1, 403);

    assertThatThrownBy(() -> secrets.ensure(DEPLOYER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("https://registry.example:5000/v2")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("injected failure")
        .hasMessageNotContaining("s3cret");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://registry.example:5000/v2, registry.example:5000",
    "https://index.docker.io/v1/, index.docker.io",
    "docker.io, docker.io",
    "ghcr.io/octopus, ghcr.io",
    "http://10.0.0.7:8080, 10.0.0.7:8080",
    "'not a url', 'not a url'"
  })
  void the_registry_is_the_host_and_port_of_the_feed(String feedUrl, String registry) {
    assertThat(FeedPullSecrets.registry(feedUrl)).isEqualTo(registry);
  }

  private static String config(V1Secret secret) {
    return new String(secret.getData().get(".dockerconfigjson"), StandardCharsets.UTF_8);
  }
}
