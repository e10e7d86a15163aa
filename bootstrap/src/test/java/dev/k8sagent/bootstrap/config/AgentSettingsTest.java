package dev.k8sagent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
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
    RegistrationSettings registration = settings.registration();
    assertThat(registration.target().name().displayName()).isEqualTo("prod-cluster");
    assertThat(registration.target().environments().names())
        .containsExactly("Production", "Staging");
    assertThat(settings.polling().addresses())
        .containsExactly(URI.create("https://octopus.example.com:10943/"));
    assertThat(registration.credential())
        .containsInstanceOf(HttpOctopusServerApi.Credential.BearerToken.class);
    assertThat(settings.pods().mode()).isEqualTo(PodSettings.PodsMode.KUBERNETES);
    assertThat(settings.pods().scriptPods().orElseThrow().namespace())
        .isEqualTo("octopus-agent-prod");
    assertThat(settings.http().port()).isEqualTo(8080);
    assertThat(settings.storage().workspaceRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.storage().stateSecret()).isEqualTo("prod-k8s-agent-state");
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
    assertThat(settings.http().port()).isEqualTo(9090);
    assertThat(settings.pods().mode()).isEqualTo(PodSettings.PodsMode.LOCAL);
    assertThat(settings.pods().scriptPods()).isEmpty();
    assertThat(settings.storage().workspaceRetention()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.pods().pendingTimeout()).isEqualTo(Duration.ofMinutes(15));
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
            InvalidConfigurationException.class,
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

  @Test
  void the_largest_data_stream_is_a_size_and_a_nonsense_one_is_named() {
    Map<String, String> env = chartEnvironment();
    env.put("K8SAGENT_MAX_STREAM_BYTES", "512M");
    assertThat(load(env).polling().maxStreamBytes()).isEqualTo(512L * 1024 * 1024);

    env.put("K8SAGENT_MAX_STREAM_BYTES", "lots");
    assertThatThrownBy(() -> load(env)).hasMessageContaining("K8SAGENT_MAX_STREAM_BYTES");
  }

  @Test
  void without_the_optional_variables_each_area_takes_the_defaults_of_reference_conf() {
    Map<String, String> env = chartEnvironment();
    env.remove("TentaclePollingConnectionCount");
    env.remove("TentacleHome");
    AgentSettings settings = load(env);
    assertThat(settings.polling().connections()).isEqualTo(5);
    assertThat(settings.polling().proxy()).isEmpty();
    assertThat(settings.polling().maxStreamBytes()).isEqualTo(16L * 1024 * 1024 * 1024);
    assertThat(settings.storage().home()).isEqualTo("/octopus");
    assertThat(settings.storage().stateFile()).isEmpty();
    assertThat(settings.pods().pendingTimeout()).isEqualTo(Duration.ofMinutes(60));
    assertThat(settings.pods().kubeconfig()).isEmpty();
    assertThat(settings.logging()).isEqualTo(new LogSettings(false, Level.INFO));
    assertThat(settings.plugins().directory()).isEqualTo(PluginSettings.besideTheJar());
    assertThat(settings.events()).isEqualTo(new EventSettings(Optional.empty(), Optional.empty()));
    assertThat(settings.registration().target().space()).isEqualTo("Default");
  }

  @Test
  void the_official_log_level_names_and_their_aliases_map_in_any_case() {
    Map<String, Level> expected =
        Map.of(
            "Verbose", Level.FINE,
            "Info", Level.INFO,
            "Warn", Level.WARNING,
            "Error", Level.SEVERE,
            "TRACE", Level.FINEST,
            "debug", Level.FINE,
            "Information", Level.INFO,
            "warning", Level.WARNING,
            "Fatal", Level.SEVERE);
    expected.forEach(
        (name, level) -> {
          Map<String, String> env = chartEnvironment();
          env.put("OCTOPUS__TENTACLE__LOGLEVEL", name);
          assertThat(load(env).logging().level()).as(name).isEqualTo(level);
        });
  }

  @Test
  void an_unknown_log_level_is_refused_by_its_name_with_a_suggestion() {
    Map<String, String> env = chartEnvironment();
    env.put("OCTOPUS__TENTACLE__LOGLEVEL", "Warnning");

    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "OCTOPUS__TENTACLE__LOGLEVEL must be Verbose, Info, Warn or Error (or"
                            + " Trace, Debug, Information, Warning, Fatal); got 'Warnning' (did you"
                            + " mean 'Warning', 'Warn'?)"));
  }

  @Test
  void the_agent_pod_of_the_downward_api_is_what_events_are_about() {
    Map<String, String> env = chartEnvironment();
    env.put("K8SAGENT_POD_NAME", "octopus-agent-web-7d9f-x2b");
    env.put("K8SAGENT_POD_NAMESPACE", "octopus-agent-web");

    EventSettings events = load(env).events();

    assertThat(events.podName()).contains("octopus-agent-web-7d9f-x2b");
    assertThat(events.podNamespace()).contains("octopus-agent-web");
  }

  @Test
  void the_plugins_folder_defaults_to_beside_the_code_not_the_working_directory() {
    Path folder = PluginSettings.besideTheJar();
    Path code =
        Path.of(
            java.net.URI.create(
                PluginSettings.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toString()));

    assertThat(folder).isAbsolute().isEqualTo(code.getParent().resolve("plugins"));
  }

  @Test
  void the_tls_engine_is_the_best_here_unless_the_jdks_is_asked_for() {
    Map<String, String> env = chartEnvironment();
    assertThat(load(env).polling().stack())
        .isEqualTo(dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack.best());

    env.put("K8SAGENT_TLS_ENGINE", "JDK");
    AgentSettings settings = load(env);
    assertThat(settings.polling().stack().tls())
        .isEqualTo(dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine.JDK);
    assertThat(String.join("\n", settings.describe())).contains("TLS engine JDK");

    env.put("K8SAGENT_TLS_ENGINE", "boringssl");
    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "K8SAGENT_TLS_ENGINE (k8s-agent.tls-engine) must be auto or openssl or jdk,"
                            + " got 'boringssl'"));
  }

  @Test
  void the_official_charts_polling_proxy_variables_make_a_proxy() {
    Map<String, String> env = chartEnvironment();
    env.put("TentaclePollingProxyHost", "proxy.internal");
    env.put("TentaclePollingProxyPort", "3128");
    env.put("TentaclePollingProxyUsername", "agent");
    env.put("TentaclePollingProxyPassword", "proxy-secret");
    AgentSettings settings = load(env);
    assertThat(settings.polling().proxy().orElseThrow().port()).isEqualTo(3128);
    assertThat(String.join("\n", settings.describe())).doesNotContain("proxy-secret");
  }

  @Test
  void an_unknown_k8sagent_variable_is_an_error_that_suggests_the_one_meant() {
    Map<String, String> env = chartEnvironment();
    env.put("K8SAGENT_HTTP_PROT", "9090");
    env.put("K8SAGENT_NOTHING_LIKE_IT", "x");

    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "K8SAGENT_HTTP_PROT is not a k8s-agent setting (did you mean"
                            + " 'K8SAGENT_HTTP_PORT'?)",
                        "K8SAGENT_NOTHING_LIKE_IT is not a k8s-agent setting"));
  }

  @Test
  void the_variables_kubernetes_adds_for_a_service_named_k8sagent_do_not_stop_the_agent() {
    Map<String, String> env = chartEnvironment();
    env.put("K8SAGENT_NFS_SERVICE_HOST", "10.96.0.12");
    env.put("K8SAGENT_NFS_SERVICE_PORT", "2049");
    env.put("K8SAGENT_NFS_SERVICE_PORT_NFS", "2049");
    env.put("K8SAGENT_NFS_PORT", "tcp://10.96.0.12:2049");
    env.put("K8SAGENT_NFS_PORT_2049_TCP", "tcp://10.96.0.12:2049");
    env.put("K8SAGENT_NFS_PORT_2049_TCP_PROTO", "tcp");
    env.put("K8SAGENT_NFS_PORT_2049_TCP_PORT", "2049");
    env.put("K8SAGENT_NFS_PORT_2049_TCP_ADDR", "10.96.0.12");

    assertThat(load(env).http().port()).isEqualTo(8080);
  }

  @Test
  void a_mistyped_setting_that_merely_ends_like_a_service_variable_is_still_refused() {
    Map<String, String> env = chartEnvironment();
    env.put("K8SAGENT_HTPP_PORT", "9090");

    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "K8SAGENT_HTPP_PORT is not a k8s-agent setting (did you mean"
                            + " 'K8SAGENT_HTTP_PORT'?)"));
  }

  @Test
  void an_unknown_key_in_a_configuration_file_is_an_error_that_suggests_the_one_meant() {
    Config file =
        ConfigFactory.parseString(
                "k8s-agent.workspace-retension = 2h",
                ConfigParseOptions.defaults().setOriginDescription("application.conf"))
            .withFallback(ConfigFactory.load());

    assertThatThrownBy(() -> AgentSettings.from(file, chartEnvironment()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("k8s-agent.workspace-retension (application.conf")
                    .endsWith("is not a k8s-agent setting (did you mean 'workspace-retention'?)"));
  }

  @Test
  void every_key_of_reference_conf_is_read_as_a_setting_and_documented_there() {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Set<String> keys = new TreeSet<>();
    for (String root : List.of(SettingsReader.ROOT, SettingsReader.VARIABLE_DEFAULTS)) {
      reference
          .getConfig(root)
          .entrySet()
          .forEach(entry -> keys.add(ConfigUtil.joinPath(root, entry.getKey())));
    }
    SettingsReader reader = new SettingsReader(ConfigFactory.load(), chartEnvironment());
    AgentSettings.read(reader, chartEnvironment());

    assertThat(reader.pathsRead()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(keys)
        .allSatisfy(
            key ->
                assertThat(reference.getValue(key).origin().comments())
                    .as("the comment above %s in reference.conf", key)
                    .isNotEmpty());
  }
}
