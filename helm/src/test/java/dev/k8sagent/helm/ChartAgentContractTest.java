package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.runtime.AgentModule;
import dev.k8sagent.bootstrap.runtime.AgentRuntime;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart and the agent agree: the environment the chart renders for the agent container (Secret
 * and ConfigMap references resolved from the rendered objects) starts the real agent, which
 * registers with what the helm command line said. Only what differs between a cluster and this test
 * is replaced: the server's addresses, the API server's, the health port and the home folder.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChartAgentContractTest {
  @TempDir Path temp;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void the_rendered_environment_registers_the_target_the_helm_command_describes() throws Exception {
    SimulatedOctopusServer server = closeLater(SimulatedOctopusServer.create(temp.resolve("sim")));
    InMemoryOctopusServerApi octopus = server.data();
    String space = server.space();
    String dev = server.addEnvironment("dev");
    String prod = server.addEnvironment("prod");
    String acme = octopus.add(space, ResourceKind.TENANT, "Acme");
    String globex = octopus.add(space, ResourceKind.TENANT, "Globex");
    octopus.add(space, ResourceKind.TENANT_TAG, "Region/Europe");
    SimulatedRestApi rest = server.rest();
    int pollingPort = server.startPolling();
    FakeApiServer cluster = closeLater(FakeApiServer.started());
    String token = rest.issueBearerToken();

    Rendered rendered =
        new AgentChart()
            .render(
                SeedInstall.RELEASE,
                SeedInstall.NAMESPACE,
                SeedInstall.values(
                    "https://octopus.example.com", "https://octopus.example.com:10943/", token));
    Map<String, String> environment = new HashMap<>(rendered.agentEnvironment());
    environment.put("ServerUrl", rest.url().toString());
    environment.put("ServerCommsAddress", "https://localhost:" + pollingPort + "/");
    environment.put("TentacleHome", Files.createDirectories(temp.resolve("octopus")).toString());
    environment.put("KUBECONFIG", cluster.writeKubeconfig(temp.resolve("kubeconfig")).toString());
    environment.put("K8SAGENT_HTTP_PORT", "0");
    AgentRuntime agent = start(environment);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> octopus.findMachine(space, "prod-cluster").isPresent());
    MachineRegistration registration =
        octopus
            .registration(octopus.findMachine(space, "prod-cluster").orElseThrow().id())
            .orElseThrow();
    assertThat(registration.environmentIds()).containsExactlyInAnyOrder(dev, prod);
    assertThat(registration.roles()).containsExactly("k8s-web");
    assertThat(registration.tenantIds()).containsExactlyInAnyOrder(acme, globex);
    assertThat(registration.tenantTags()).containsExactly("Region/Europe");
    assertThat(registration.participation())
        .isEqualTo(TenantedDeploymentParticipation.TENANTED_OR_UNTENANTED);
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.connectedCount() == 5);
  }

  private AgentRuntime start(Map<String, String> environment) throws Exception {
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), environment);
    AgentRuntime runtime =
        AgentModule.injector(settings, environment).getInstance(AgentRuntime.class);
    runtime.start();
    closing.add(runtime::stop);
    return runtime;
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }
}
