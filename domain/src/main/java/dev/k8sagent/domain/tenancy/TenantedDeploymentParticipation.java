package dev.k8sagent.domain.tenancy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Whether a target takes part in tenanted deployments, untenanted ones, or both. */
public enum TenantedDeploymentParticipation {
  UNTENANTED("Untenanted"),
  TENANTED("Tenanted"),
  TENANTED_OR_UNTENANTED("TenantedOrUntenanted");

  private final String wireName;

  TenantedDeploymentParticipation(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling the server and the chart use. */
  public String wireName() {
    return wireName;
  }

  /** Parses the chart's value, ignoring case; a blank value means {@link #UNTENANTED}. */
  public static TenantedDeploymentParticipation parse(String text) {
    if (text == null || text.isBlank()) {
      return UNTENANTED;
    }
    for (TenantedDeploymentParticipation value : values()) {
      if (value.wireName.equalsIgnoreCase(text.strip())) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "TargetTenantedDeploymentParticipation '"
            + text
            + "' is not one of "
            + Arrays.stream(values())
                .map(TenantedDeploymentParticipation::wireName)
                .collect(Collectors.joining(", ")));
  }
}
