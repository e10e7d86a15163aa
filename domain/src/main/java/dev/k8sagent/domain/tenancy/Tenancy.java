package dev.k8sagent.domain.tenancy;

import java.util.List;
import java.util.Objects;

/**
 * A target's tenancy: its participation and the tenants and tenant tags (canonical "Set/Tag" names)
 * it is linked to. The combinations Octopus would reject are refused here, with the reason.
 */
public record Tenancy(
    TenantedDeploymentParticipation participation, List<String> tenants, List<String> tenantTags) {

  public Tenancy {
    Objects.requireNonNull(participation, "participation");
    tenants = List.copyOf(tenants);
    tenantTags = List.copyOf(tenantTags);
    for (String tag : tenantTags) {
      if (!tag.contains("/")) {
        throw new IllegalArgumentException(
            "Tenant tag '" + tag + "' must be written as '<tag set>/<tag>'");
      }
    }
    boolean linked = !tenants.isEmpty() || !tenantTags.isEmpty();
    if (participation == TenantedDeploymentParticipation.TENANTED && !linked) {
      throw new IllegalArgumentException(
          "A Tenanted target needs at least one tenant (TargetTenant) or tenant tag"
              + " (TargetTenantTag)");
    }
    if (participation == TenantedDeploymentParticipation.UNTENANTED && linked) {
      throw new IllegalArgumentException(
          "An Untenanted target cannot be linked to "
              + describeLinks(tenants, tenantTags)
              + ": set TargetTenantedDeploymentParticipation to Tenanted or TenantedOrUntenanted,"
              + " or remove them");
    }
  }

  public static Tenancy untenanted() {
    return new Tenancy(TenantedDeploymentParticipation.UNTENANTED, List.of(), List.of());
  }

  private static String describeLinks(List<String> tenants, List<String> tags) {
    StringBuilder text = new StringBuilder();
    if (!tenants.isEmpty()) {
      text.append("tenants ").append(String.join(", ", tenants));
    }
    if (!tags.isEmpty()) {
      if (text.length() > 0) {
        text.append(" and ");
      }
      text.append("tenant tags ").append(String.join(", ", tags));
    }
    return text.toString();
  }
}
