package dev.k8sagent.adapters.octopus.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApiTest;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ServerApiException;
import dev.k8sagent.ports.out.contract.OctopusServerApiContract;
import dev.k8sagent.ports.out.contract.ServerContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST adapter against the simulator's REST routes. */
class HttpOctopusServerApiTest extends OctopusServerApiContract {
  private SimulatedRestApi rest;

  @AfterEach
  void stop() {
    if (rest != null) {
      rest.close();
    }
  }

  @Override
  protected OctopusServerApi apiServing(ServerContent content) {
    InMemoryOctopusServerApi data = InMemoryOctopusServerApiTest.holding(content);
    try {
      rest = new SimulatedRestApi(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return api(new HttpOctopusServerApi.Credential.BearerToken(rest.issueBearerToken()));
  }

  private HttpOctopusServerApi api(HttpOctopusServerApi.Credential credential) {
    return new HttpOctopusServerApi(
        rest.url(), credential, HttpClient.newHttpClient(), Duration.ofSeconds(10));
  }

  @Test
  void an_expired_token_says_to_generate_a_new_install_command_and_never_shows_the_token() {
    apiServing(ServerContent.typical());
    String token = rest.issueBearerToken();
    rest.expire(token);
    HttpOctopusServerApi api = api(new HttpOctopusServerApi.Credential.BearerToken(token));

    assertThatThrownBy(api::spaces)
        .isInstanceOfSatisfying(
            ServerApiException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("generate a new install command")
        .hasMessageNotContaining(token);
    assertThat(api.toString()).doesNotContain(token);
  }

  @Test
  void an_https_server_behind_a_ca_the_jdk_does_not_know_is_trusted_through_the_certificate_file()
      throws Exception {
    dev.k8sagent.adapters.octopus.identity.LoadedIdentity https =
        dev.k8sagent.adapters.octopus.identity.AgentCertificates.load(
            dev.k8sagent.adapters.octopus.identity.AgentCertificates.generate(
                "localhost", java.time.Clock.systemUTC(), new java.security.SecureRandom()));
    InMemoryOctopusServerApi data =
        new InMemoryOctopusServerApi(
            ServerContent.typical().version(), ServerContent.typical().thumbprint());
    data.addSpace("Default");
    rest = new SimulatedRestApi(data, java.util.Optional.of(https));
    HttpOctopusServerApi.Credential token =
        new HttpOctopusServerApi.Credential.BearerToken(rest.issueBearerToken());

    HttpOctopusServerApi trusting =
        new HttpOctopusServerApi(
            rest.url(),
            token,
            HttpClient.newBuilder()
                .sslContext(
                    dev.k8sagent.adapters.octopus.identity.ServerAuthorities.httpsContext(
                        java.util.List.of(https.certificate())))
                .build(),
            Duration.ofSeconds(10));
    assertThat(trusting.spaces()).extracting(r -> r.name()).containsExactly("Default");

    HttpOctopusServerApi jdkOnly =
        new HttpOctopusServerApi(
            rest.url(),
            token,
            HttpClient.newBuilder()
                .sslContext(
                    dev.k8sagent.adapters.octopus.identity.ServerAuthorities.httpsContext(
                        java.util.List.of()))
                .build(),
            Duration.ofSeconds(10));
    assertThatThrownBy(jdkOnly::spaces)
        .isInstanceOf(ServerApiException.class)
        .hasMessageContaining("Cannot reach Octopus Server at " + rest.url())
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("agent.serverCertificate");
  }

  @Test
  void an_api_key_works_too() {
    apiServing(ServerContent.typical());
    rest.acceptApiKey("API-TESTKEY");
    assertThat(api(new HttpOctopusServerApi.Credential.ApiKey("API-TESTKEY")).spaces())
        .isNotEmpty();
  }
}
