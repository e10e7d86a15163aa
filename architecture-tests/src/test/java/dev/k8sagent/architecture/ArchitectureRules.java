package dev.k8sagent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The design of this module's README, made executable. Each rule is a named constant so that {@link
 * ArchitectureTest} applies it to the real code and {@link RulesBiteTest} proves it catches a
 * violation.
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  static final String DOMAIN = "dev.k8sagent.domain..";
  static final String PORTS = "dev.k8sagent.ports..";
  static final String ADAPTERS_K8S = "dev.k8sagent.adapters.k8s..";
  static final String ADAPTERS_OCTOPUS = "dev.k8sagent.adapters.octopus..";
  static final String ADAPTERS_STORAGE = "dev.k8sagent.adapters.storage..";
  static final String PLUGIN_API = "dev.k8sagent.plugins.api..";
  static final String BOOTSTRAP = "dev.k8sagent.bootstrap..";

  /** The server simulator (module {@code adapters-octopus/simulator}). */
  static final String SIMULATOR = "dev.k8sagent.adapters.octopus.simulator..";

  /** The simulator's in-memory server API: that package only, not the client packages below it. */
  static final String SIMULATED_SERVER_DATA = "dev.k8sagent.adapters.octopus";

  /** The commands that run the simulator: {@code demo} and {@code bench}. */
  static final String SIMULATOR_COMMANDS =
      "dev\\.k8sagent\\.bootstrap\\.(Demo(\\$.*)?|bench\\.[^.]+)";

  static final ArchRule domain_depends_only_on_the_jdk =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", DOMAIN)
          .because("the domain is pure rules: no javax, no libraries, no other module");

  static final ArchRule ports_depend_only_on_the_domain =
      classes()
          .that()
          .resideInAPackage(PORTS)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "javax.crypto..", DOMAIN, PORTS)
          .because(
              "the core must not know which adapter or framework serves it (javax.crypto is the"
                  + " JDK's own: the core encrypts script files as Calamari expects)");

  static final ArchRule kubernetes_adapter_uses_no_other_adapter_or_bootstrap =
      noClasses()
          .that()
          .resideInAPackage(ADAPTERS_K8S)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS_OCTOPUS, ADAPTERS_STORAGE, PLUGIN_API, BOOTSTRAP);

  static final ArchRule octopus_adapter_uses_no_other_adapter_or_bootstrap =
      noClasses()
          .that()
          .resideInAPackage(ADAPTERS_OCTOPUS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS_K8S, ADAPTERS_STORAGE, PLUGIN_API, BOOTSTRAP);

  static final ArchRule storage_adapter_uses_no_other_adapter_or_bootstrap =
      noClasses()
          .that()
          .resideInAPackage(ADAPTERS_STORAGE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS_K8S, ADAPTERS_OCTOPUS, PLUGIN_API, BOOTSTRAP);

  static final ArchRule plugin_api_sees_only_pf4j_and_the_jdk =
      classes()
          .that()
          .resideInAPackage(PLUGIN_API)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", PLUGIN_API, "org.pf4j..")
          .because(
              "a plugin builds against the API and PF4J alone; the host translates between the"
                  + " API's plain values and the core's types, so the core can change freely");

  static final ArchRule only_bootstrap_uses_guice_and_typesafe_config =
      noClasses()
          .that()
          .resideOutsideOfPackage(BOOTSTRAP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.google.inject..", "com.typesafe.config..")
          .because("wiring and configuration belong to bootstrap");

  static final ArchRule plugins_are_loaded_only_by_the_plugin_host =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.k8sagent.bootstrap.plugins..", "dev.k8sagent.plugins..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.pf4j..")
          .because(
              "the plugin host owns loading, starting and stopping plugins; the rest of the agent"
                  + " sees their extensions through ports");

  static final ArchRule plugin_values_reach_the_agent_only_through_the_plugin_host =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.k8sagent.plugins..",
              "dev.k8sagent.bootstrap.plugins..",
              "dev.k8sagent.bootstrap.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(PLUGIN_API)
          .because(
              "the core and the adapters see plugins only through ports (ToolingImages,"
                  + " PodCustomizers, TaskObservers): the plugin host alone turns a plugin's values"
                  + " into the core's and checks them on the way (configuration only reads the"
                  + " plugins' settings)");

  static final ArchRule only_the_kubernetes_adapter_uses_the_kubernetes_client =
      noClasses()
          .that()
          .resideOutsideOfPackage(ADAPTERS_K8S)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.kubernetes..");

  static final ArchRule only_the_octopus_adapter_uses_bouncycastle =
      noClasses()
          .that()
          .resideOutsideOfPackage(ADAPTERS_OCTOPUS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.bouncycastle..");

  static final ArchRule only_the_octopus_adapter_and_bootstrap_use_netty =
      noClasses()
          .that()
          .resideOutsideOfPackages(ADAPTERS_OCTOPUS, BOOTSTRAP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.netty..")
          .because("the wire protocol and the agent's own health endpoint are the only servers");

  static final ArchRule only_the_demo_and_bench_commands_use_the_server_simulator =
      noClasses()
          .that()
          .resideOutsideOfPackages(SIMULATOR, SIMULATED_SERVER_DATA)
          .and()
          .haveNameNotMatching(SIMULATOR_COMMANDS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SIMULATOR, SIMULATED_SERVER_DATA)
          .because(
              "the simulator is the server's side, test support that the demo and bench commands"
                  + " also run; the agent itself never talks to a stand-in server");

  static final ArchRule packages_are_free_of_cycles =
      slices().matching("dev.k8sagent.(**)").should().beFreeOfCycles();
}
