package dev.k8sagent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.k8sagent.adapters.k8s.archfixture.KubernetesAdapterUsingNetty;
import dev.k8sagent.adapters.k8s.archfixture.KubernetesAdapterUsingOctopusAdapter;
import dev.k8sagent.adapters.octopus.archfixture.OctopusAdapterUsingKubernetesClient;
import dev.k8sagent.adapters.octopus.archfixture.OctopusAdapterUsingStorage;
import dev.k8sagent.adapters.octopus.archfixture.OctopusAdapterUsingTheServerApiTwin;
import dev.k8sagent.adapters.storage.archfixture.StorageAdapterUsingBootstrap;
import dev.k8sagent.adapters.storage.archfixture.StorageAdapterUsingBouncyCastle;
import dev.k8sagent.adapters.storage.archfixture.StorageAdapterUsingGuice;
import dev.k8sagent.adapters.storage.archfixture.StorageAdapterUsingTypesafeConfig;
import dev.k8sagent.archfixture.cycle.a.First;
import dev.k8sagent.archfixture.cycle.b.Second;
import dev.k8sagent.bootstrap.archfixture.RuntimeUsingTheSimulator;
import dev.k8sagent.domain.archfixture.DomainUsingJavax;
import dev.k8sagent.domain.archfixture.DomainUsingPorts;
import dev.k8sagent.plugins.api.archfixture.PluginApiUsingAdapter;
import dev.k8sagent.plugins.api.archfixture.PluginApiUsingPorts;
import dev.k8sagent.ports.archfixture.PortUsingAdapter;
import dev.k8sagent.ports.archfixture.PortUsingJavaxNet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule must catch a class that breaks it. The offenders live in this test tree, in the
 * packages of the modules they pretend to belong to; the production import excludes test classes.
 */
class RulesBiteTest {

  static Stream<Arguments> offenders() {
    return Stream.of(
        Arguments.of("domain_depends_only_on_the_jdk", DomainUsingJavax.class),
        Arguments.of("domain_depends_only_on_the_jdk", DomainUsingPorts.class),
        Arguments.of("ports_depend_only_on_the_domain", PortUsingAdapter.class),
        Arguments.of("ports_depend_only_on_the_domain", PortUsingJavaxNet.class),
        Arguments.of(
            "kubernetes_adapter_uses_no_other_adapter_or_bootstrap",
            KubernetesAdapterUsingOctopusAdapter.class),
        Arguments.of(
            "octopus_adapter_uses_no_other_adapter_or_bootstrap", OctopusAdapterUsingStorage.class),
        Arguments.of(
            "storage_adapter_uses_no_other_adapter_or_bootstrap",
            StorageAdapterUsingBootstrap.class),
        Arguments.of("plugin_api_sees_only_pf4j_and_the_jdk", PluginApiUsingAdapter.class),
        Arguments.of("plugin_api_sees_only_pf4j_and_the_jdk", PluginApiUsingPorts.class),
        Arguments.of(
            "plugins_are_loaded_only_by_the_plugin_host",
            dev.k8sagent.bootstrap.archfixture.WiringLoadingPlugins.class),
        Arguments.of(
            "plugin_values_reach_the_agent_only_through_the_plugin_host",
            dev.k8sagent.bootstrap.archfixture.RuntimeUsingPluginValues.class),
        Arguments.of(
            "only_bootstrap_uses_guice_and_typesafe_config", StorageAdapterUsingGuice.class),
        Arguments.of(
            "only_bootstrap_uses_guice_and_typesafe_config",
            StorageAdapterUsingTypesafeConfig.class),
        Arguments.of(
            "only_the_kubernetes_adapter_uses_the_kubernetes_client",
            OctopusAdapterUsingKubernetesClient.class),
        Arguments.of(
            "only_the_octopus_adapter_and_bootstrap_use_netty", KubernetesAdapterUsingNetty.class),
        Arguments.of(
            "only_the_octopus_adapter_uses_bouncycastle", StorageAdapterUsingBouncyCastle.class),
        Arguments.of(
            "only_the_demo_and_bench_commands_use_the_server_simulator",
            RuntimeUsingTheSimulator.class),
        Arguments.of(
            "only_the_demo_and_bench_commands_use_the_server_simulator",
            OctopusAdapterUsingTheServerApiTwin.class),
        Arguments.of("packages_are_free_of_cycles", First.class));
  }

  @ParameterizedTest(name = "{0} catches {1}")
  @MethodSource("offenders")
  void the_rule_reports_the_offending_class(String ruleName, Class<?> offender) throws Exception {
    ArchRule rule = (ArchRule) ArchitectureRules.class.getDeclaredField(ruleName).get(null);
    JavaClasses classes = new ClassFileImporter().importClasses(offender, Second.class);

    EvaluationResult result = rule.evaluate(classes);

    assertThat(result.hasViolation()).as("%s reports a violation", ruleName).isTrue();
    assertThat(result.getFailureReport().toString()).contains(offender.getName());
  }

  @ParameterizedTest(name = "{0} has an offender")
  @MethodSource("dev.k8sagent.architecture.ArchitectureTest#ruleNames")
  void every_rule_has_an_offender_proving_it_bites(String ruleName) {
    assertThat(offenders().map(a -> a.get()[0])).contains(ruleName);
  }
}
