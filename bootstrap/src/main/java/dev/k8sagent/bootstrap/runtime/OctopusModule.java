package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.octopus.identity.AgentIdentities;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.domain.version.ServerCompatibility;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.service.RegisteringTarget;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The agent identity and the server's REST API (registration). The API and the registration use
 * case are made only when the agent registers, since a registered agent may have no ServerUrl.
 */
final class OctopusModule extends AbstractModule {
  @Provides
  @Singleton
  AgentIdentities identities(AgentStateStore store, Clock clock) {
    return new AgentIdentities(store, clock, new SecureRandom());
  }

  @Provides
  OctopusServerApi server(AgentSettings settings) {
    return new HttpOctopusServerApi(
        settings.registration().serverUrl().orElseThrow(),
        settings.registration().credential().orElseThrow(),
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .sslContext(
                ServerAuthorities.httpsContext(
                    ServerAuthorities.load(settings.polling().certificateFile())))
            .build(),
        Duration.ofSeconds(60));
  }

  @Provides
  RegisteringTarget registering(OctopusServerApi server, AgentStateStore store) {
    return new RegisteringTarget(
        server, store, ServerCompatibility.DEFAULT, AgentVersion.current());
  }
}
