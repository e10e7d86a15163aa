package dev.k8sagent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class AgentSettingsTest {
  public static Map<String, String> chartEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("ACCEPT_EULA", "Y");
    env.put("ServerUrl", "https://octopus.example.com/");
    env.put("ServerCommsAddress", "https://octopus.example.com:10943/");
    env.put("BearerToken", "eyJsecret-token");
    env.put("Space", "Default");
    env.put("TargetName", "prod-cluster");
    env.put("TargetEnvironment", "Production,Staging");
    env.put("TargetRole", "k8s");
    env.put("TentaclePollingConnectionCount", "5");
    env.put("TentacleHome", "/octopus");
    env.put("OCTOPUS__K8STENTACLE__NAMESPACE", "octopus-agent-prod");
    env.put("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "prod-pvc");
    env.put("OCTOPUS__K8STENTACLE__HELMRELEASENAME", "prod");
    return env;
  }

  private static AgentSettings load(Map<String, String> env) {
    return AgentSettings.from(ConfigFactory.load(), env);
  }

  @Test
  void the_variables_the_chart_sets_make_a_complete_configuration() {
    AgentSettings settings = load(chartEnvironment());
    assertThat(settings.target().name().displayName()).isEqualTo("prod-cluster");
    assertThat(settings.target().environments().names()).containsExactly("Production", "Staging");
    assertThat(settings.serverCommsAddresses())
        .containsExactly(URI.create("https://octopus.example.com:10943/"));
    assertThat(settings.credential())
        .containsInstanceOf(HttpOctopusServerApi.Credential.BearerToken.class);
    assertThat(settings.pods()).isEqualTo(AgentSettings.PodsMode.KUBERNETES);
    assertThat(settings.podSettings().orElseThrow().namespace()).isEqualTo("octopus-agent-prod");
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.workspaceRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.stateSecret()).isEqualTo("prod-k8s-agent-state");
    assertThat(String.join("\n", settings.describe())).doesNotContain("eyJsecret-token");
  }

  @Test
  void agent_settings_come_from_k8sagent_variables() {
    Map<String, String> env = chartEnvironment();
    env.put("K8SAGENT_HTTP_PORT", "9090");
    env.put("K8SAGENT_PODS", "local");
    env.put("K8SAGENT_WORKSPACE_RETENTION", "2h");
    env.put("OCTOPUS__K8STENTACLE__PENDINGPODSSTUCKAFTERMINUTES", "15");
    AgentSettings settings = load(env);
    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.pods()).isEqualTo(AgentSettings.PodsMode.LOCAL);
    assertThat(settings.podSettings()).isEmpty();
    assertThat(settings.workspaceRetention()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.pendingPodTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void every_problem_is_reported_at_once_naming_its_variable_and_no_secret() {
    Map<String, String> env = chartEnvironment();
    env.remove("ACCEPT_EULA");
    env.remove("TargetName");
    env.put("ServerCommsAddress", "http://octopus.example.com:10943/");
    env.put("TentaclePollingConnectionCount", "lots");
    env.put("OCTOPUS__K8STENTACLE__PODRESOURCEJSON", "{not json");
    env.put("K8SAGENT_HTTP_PORT", "seventy");
    env.put("TargetTenantedDeploymentParticipation", "Untenanted");
    env.put("TargetTenant", "Acme");
    env.put("OCTOPUS__TENTACLE__LOGLEVEL", "chatty");

    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            AgentSettings.InvalidConfigurationException.class,
            e -> {
              assertThat(e.problems())
                  .anySatisfy(p -> assertThat(p).startsWith("ACCEPT_EULA"))
                  .anySatisfy(p -> assertThat(p).startsWith("TargetName"))
                  .anySatisfy(
                      p -> assertThat(p).startsWith("ServerCommsAddress").contains("http://"))
                  .anySatisfy(p -> assertThat(p).startsWith("TentaclePollingConnectionCount"))
                  .anySatisfy(
                      p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__PODRESOURCEJSON"))
                  .anySatisfy(p -> assertThat(p).startsWith("K8SAGENT_HTTP_PORT"))
                  .anySatisfy(p -> assertThat(p).contains("Untenanted target cannot be linked"))
                  .anySatisfy(p -> assertThat(p).startsWith("OCTOPUS__TENTACLE__LOGLEVEL"));
              assertThat(e.getMessage()).doesNotContain("eyJsecret-token");
            });
  }
}
