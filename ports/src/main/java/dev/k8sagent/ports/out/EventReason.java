package dev.k8sagent.ports.out;

/**
 * What an Event says happened: a fixed set, so the reasons an operator filters on ({@code kubectl
 * get events --field-selector reason=…}) never come from text a remote party chose.
 */
public enum EventReason {
  REGISTERED("Registered", "Register", false),
  REGISTRATION_REFUSED("RegistrationRefused", "Register", true),
  POLLING_LOST("PollingConnectionLost", "Poll", true),
  POLLING_RESTORED("PollingConnectionRestored", "Poll", false),
  VOLUME_UNHEALTHY("SharedVolumeUnhealthy", "ProbeVolume", true),
  VOLUME_RECOVERED("SharedVolumeRecovered", "ProbeVolume", false),
  IMAGE_PULL_FAILED("ScriptPodImagePullFailed", "StartScriptPod", true),
  UNSCHEDULABLE("ScriptPodUnschedulable", "StartScriptPod", true),
  PENDING_TIMEOUT("ScriptPodPendingTimeout", "StartScriptPod", true),
  PLUGIN_FAILED("PluginFailed", "CallPlugin", true);

  private final String reason;
  private final String action;
  private final boolean warning;

  EventReason(String reason, String action, boolean warning) {
    this.reason = reason;
    this.action = action;
    this.warning = warning;
  }

  /** The Event's {@code reason}, UpperCamelCase as Kubernetes writes them. */
  public String reason() {
    return reason;
  }

  /** The Event's {@code action}: what the agent was doing. */
  public String action() {
    return action;
  }

  /** The Event's {@code type}: {@code Warning} or {@code Normal}. */
  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
