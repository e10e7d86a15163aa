package dev.k8sagent.ports.out.contract;

import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.version.OctopusServerVersion;
import java.util.List;

/**
 * What a server under test holds before a contract test runs: its version and thumbprint, and one
 * space with named environments, tenants, tenant tags ("Set/Tag") and machine policies.
 */
public record ServerContent(
    OctopusServerVersion version,
    Thumbprint thumbprint,
    String spaceName,
    List<String> environments,
    List<String> tenants,
    List<String> tenantTags,
    List<String> machinePolicies) {

  public static ServerContent typical() {
    return new ServerContent(
        OctopusServerVersion.parse("2025.1.1234"),
        new Thumbprint("C".repeat(40)),
        "Default",
        List.of("Development", "Production"),
        List.of("Acme"),
        List.of("Region/EU"),
        List.of("Default Machine Policy"));
  }
}
