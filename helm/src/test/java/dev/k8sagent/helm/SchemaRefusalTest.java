package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Values an install cannot work with are refused before anything reaches the cluster, each with a
 * message naming the value (helm checks values.schema.json before it renders a template).
 */
class SchemaRefusalTest {
  private final AgentChart chart = new AgentChart();

  @Test
  void refuses_a_number_given_as_text() {
    assertRefused(
        SeedInstall.values().setString("agent.pollingConnectionCount", "five"),
        "'/agent/pollingConnectionCount': got string, want integer");
  }

  @Test
  void refuses_environments_given_as_one_string_instead_of_a_list() {
    assertRefused(
        SeedInstall.values().setString("agent.targetEnvironments", "dev,prod"),
        "'/agent/targetEnvironments': got string, want array");
  }

  @Test
  void refuses_a_boolean_given_as_text() {
    assertRefused(
        SeedInstall.values().setString("scriptPods.serviceAccount.clusterRole.enabled", "yes"),
        "'/scriptPods/serviceAccount/clusterRole/enabled': got string, want boolean");
  }

  @Test
  void refuses_an_unknown_participation() {
    assertRefused(
        SeedInstall.values().with("agent.tenantedDeploymentParticipation", "Sometimes"),
        "'/agent/tenantedDeploymentParticipation'",
        "'Untenanted', 'Tenanted', 'TenantedOrUntenanted'");
  }

  @Test
  void refuses_an_empty_target_name() {
    assertRefused(
        SeedInstall.values().setString("agent.targetName", ""),
        "missing property 'targetName: the deployment target has no name; set agent.targetName");
  }

  @Test
  void refuses_a_target_name_of_only_spaces() {
    assertRefused(
        SeedInstall.values().setString("agent.targetName", "   "),
        "missing property 'targetName: the deployment target has no name; set agent.targetName");
  }

  @Test
  void refuses_an_install_without_the_servers_web_address() {
    assertRefused(
        SeedInstall.values().without("agent.serverUrl"),
        "missing property 'serverUrl: the Octopus Server\\'s web address is missing;"
            + " set agent.serverUrl");
  }

  @Test
  void refuses_access_modes_script_pods_cannot_share() {
    assertRefused(
        SeedInstall.values().with("persistence.accessModes", "{ReadWriteOncePod}"),
        "'/persistence/accessModes/0'");
    assertRefused(
        SeedInstall.values().with("persistence.accessModes", "{ReadWriteOnce,ReadWriteMany}"),
        "'/persistence/accessModes'");
  }

  @Test
  void refuses_a_eula_not_accepted() {
    assertRefused(
        SeedInstall.values().with("agent.acceptEula", "N"),
        "missing property 'acceptEula: set agent.acceptEula=Y");
  }

  @Test
  void refuses_an_install_without_a_server_address() {
    assertRefused(
        SeedInstall.values().without("agent.serverCommsAddress"),
        "missing property 'serverCommsAddress: the server\\'s polling address is missing;"
            + " set agent.serverCommsAddress");
  }

  @Test
  void refuses_an_install_with_neither_token_nor_api_key() {
    assertRefused(
        SeedInstall.values().without("agent.bearerToken"),
        "missing property 'bearerToken: no credential to register with;"
            + " set agent.bearerToken or agent.serverApiKey");
  }

  @Test
  void refuses_a_misspelt_value_instead_of_ignoring_it() {
    assertRefused(
        SeedInstall.values().with("agent.tenant", "{Acme}"),
        "'/agent': additional properties 'tenant' not allowed");
  }

  @Test
  void an_api_key_is_credential_enough() {
    chart.render(
        SeedInstall.values().without("agent.bearerToken").with("agent.serverApiKey", "API-KEY"));
  }

  private void assertRefused(HelmValues values, String... messageParts) {
    assertThatThrownBy(() -> chart.render(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContainingAll(messageParts);
  }
}
