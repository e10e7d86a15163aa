package dev.k8sagent.helm;

/**
 * The install command Octopus hands out, with tenancy added:
 *
 * <pre>
 * helm upgrade --install --atomic --set agent.acceptEula="Y" --set agent.targetName="…"
 *   --set agent.serverUrl="…" --set agent.serverCommsAddress="…" --set agent.space="Default"
 *   --set agent.targetEnvironments="{dev,prod}" --set agent.targetRoles="{k8s-web}"
 *   --set agent.bearerToken="…" --set agent.tenants="{Acme,Globex}"
 *   --set agent.tenantTags="{Region/Europe}" --set agent.tenantedDeploymentParticipation=…
 *   --create-namespace --namespace octopus-agent-… &lt;release&gt; &lt;chart&gt;
 * </pre>
 */
final class SeedInstall {
  static final String RELEASE = "prod-cluster";
  static final String NAMESPACE = "octopus-agent-prod-cluster";
  static final String TOKEN = "eyJhbGciOiJQUzI1NiJ9.seed-token";

  private SeedInstall() {}

  static HelmValues values() {
    return values("https://octopus.example.com", "https://octopus.example.com:10943/", TOKEN);
  }

  static HelmValues values(String serverUrl, String commsAddress, String bearerToken) {
    return HelmValues.of(
        "agent.acceptEula", "Y",
        "agent.targetName", "prod-cluster",
        "agent.serverUrl", serverUrl,
        "agent.serverCommsAddress", commsAddress,
        "agent.space", "Default",
        "agent.targetEnvironments", "{dev,prod}",
        "agent.targetRoles", "{k8s-web}",
        "agent.bearerToken", bearerToken,
        "agent.tenants", "{Acme,Globex}",
        "agent.tenantTags", "{Region/Europe}",
        "agent.tenantedDeploymentParticipation", "TenantedOrUntenanted");
  }
}
