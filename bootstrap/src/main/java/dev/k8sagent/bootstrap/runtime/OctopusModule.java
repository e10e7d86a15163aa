package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.octopus.identity.AgentIdentities;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.OctopusServerApi;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** The agent identity and the server's REST API (registration). */
final class OctopusModule extends AbstractModule {
  private final AgentSettings settings;

  OctopusModule(AgentSettings settings) {
    this.settings = settings;
  }

  @Provides
  @Singleton
  AgentIdentities identities(AgentStateStore store, Clock clock) {
    return new AgentIdentities(store, clock, new SecureRandom());
  }

  @Provides
  OctopusServerApi server() {
    return new HttpOctopusServerApi(
        settings.serverUrl().orElseThrow(),
        settings.credential().orElseThrow(),
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .sslContext(
                ServerAuthorities.httpsContext(
                    ServerAuthorities.load(settings.serverCertificateFile())))
            .build(),
        Duration.ofSeconds(60));
  }
}
