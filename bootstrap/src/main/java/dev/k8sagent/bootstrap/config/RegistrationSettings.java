package dev.k8sagent.bootstrap.config;

import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi.Credential;
import dev.k8sagent.domain.target.DnsLabel;
import dev.k8sagent.domain.target.MachinePolicyName;
import dev.k8sagent.domain.target.NameList;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.TargetDefinition;
import dev.k8sagent.domain.target.TargetName;
import dev.k8sagent.domain.tenancy.Tenancy;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import dev.k8sagent.ports.out.AgentIdentity;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Who the agent is and where it registers: the deployment target, the server's URL, the one-time
 * credential, and an identity or subscription the user fixed instead of letting the agent generate
 * them. Also the licence acceptance, without which nothing starts.
 */
public record RegistrationSettings(
    TargetDefinition target,
    Optional<URI> serverUrl,
    Optional<Credential> credential,
    Optional<SubscriptionId> fixedSubscription,
    Optional<AgentIdentity> configuredIdentity) {

  static RegistrationSettings read(SettingsReader in) {
    if (!"Y".equals(in.variable("ACCEPT_EULA").orElse(""))) {
      in.problem("ACCEPT_EULA must be Y to accept the Octopus Deploy end-user licence agreement");
    }
    return new RegistrationSettings(
        target(in),
        in.variable("ServerUrl", RegistrationSettings::absoluteUrl),
        in.variable("BearerToken")
            .<Credential>map(Credential.BearerToken::new)
            .or(() -> in.variable("ServerApiKey").map(Credential.ApiKey::new)),
        in.variable("ServerSubscriptionId", SubscriptionId::new),
        in.variable("TentacleCertificateBase64", AgentCertificates::fromPfxBase64));
  }

  /** The target, server and credential, no secret. */
  List<String> describe() {
    return List.of(
        "target:      " + target.name().displayName() + " in space " + target.space(),
        "             environments " + target.environments() + ", tags " + target.targetTags(),
        "server:      "
            + serverUrl.map(URI::toString).orElse("(not set: registration needs ServerUrl)"),
        "credential:  "
            + credential
                .map(
                    c ->
                        c instanceof Credential.BearerToken
                            ? "bearer token (set)"
                            : "API key (set)")
                .orElse("none (fine once registered)"));
  }

  private static URI absoluteUrl(String value) {
    URI uri = URI.create(value);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + value + "' is not an absolute URL");
    }
    return uri;
  }

  private static TargetDefinition target(SettingsReader in) {
    Optional<String> name = in.variable("TargetName").or(() -> in.variable("AgentName"));
    if (name.isEmpty()) {
      in.problem("TargetName (or AgentName) is not set: the name of the deployment target");
    }
    NameList environments = names(in, "TargetEnvironment");
    NameList roles = names(in, "TargetRole");
    if (environments.isEmpty()) {
      in.problem("TargetEnvironment is not set: at least one environment name");
    }
    if (roles.isEmpty()) {
      in.problem("TargetRole is not set: at least one target tag");
    }
    Tenancy tenancy =
        in.check(
            "TargetTenantedDeploymentParticipation",
            () ->
                new Tenancy(
                    TenantedDeploymentParticipation.parse(
                        in.variable("TargetTenantedDeploymentParticipation").orElse("")),
                    names(in, "TargetTenant").names(),
                    names(in, "TargetTenantTag").names()),
            Tenancy.untenanted());
    Optional<DnsLabel> namespace = in.variable("DefaultNamespace", DnsLabel::new);
    Optional<MachinePolicyName> policy = in.variable("MachinePolicy", MachinePolicyName::new);
    if (name.isEmpty() || environments.isEmpty() || roles.isEmpty()) {
      return placeholder();
    }
    return in.check(
        "TargetName",
        () ->
            new TargetDefinition(
                new TargetName(name.get()),
                in.variable("Space").orElse(TargetDefinition.DEFAULT_SPACE),
                environments,
                roles,
                tenancy,
                namespace,
                policy),
        placeholder());
  }

  /** Stands in for a target with problems; never returned, since the problems stop start-up. */
  private static TargetDefinition placeholder() {
    return new TargetDefinition(
        new TargetName("unset"),
        TargetDefinition.DEFAULT_SPACE,
        new NameList(List.of("unset")),
        new NameList(List.of("unset")),
        Tenancy.untenanted(),
        Optional.empty(),
        Optional.empty());
  }

  private static NameList names(SettingsReader in, String name) {
    return in.check(
        name, () -> NameList.parseCommaSeparated(in.variable(name).orElse("")), NameList.empty());
  }
}
