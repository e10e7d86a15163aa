package dev.k8sagent.domain.task;

import java.util.Map;

/**
 * A script's exit code. Non-negative values come from the script itself; the negative ones below
 * are reserved by Octopus for outcomes the agent decides (they match Tentacle's {@code
 * ScriptExitCodes}).
 */
public record ExitCode(int value) {
  public static final ExitCode SUCCESS = new ExitCode(0);
  public static final ExitCode FATAL = new ExitCode(-41);
  public static final ExitCode POWERSHELL_INVOCATION_ERROR = new ExitCode(-42);
  public static final ExitCode CANCELED = new ExitCode(-43);
  public static final ExitCode TIMEOUT = new ExitCode(-44);
  public static final ExitCode UNKNOWN_SCRIPT = new ExitCode(-45);
  public static final ExitCode UNKNOWN_RESULT = new ExitCode(-46);
  public static final ExitCode POWERSHELL_NEVER_STARTED = new ExitCode(-47);
  public static final ExitCode KUBERNETES_SCRIPT_POD_NOT_FOUND = new ExitCode(-81);

  private static final Map<Integer, String> RESERVED =
      Map.of(
          -41, "Fatal",
          -42, "PowerShellInvocationError",
          -43, "Canceled",
          -44, "Timeout",
          -45, "UnknownScript",
          -46, "UnknownResult",
          -47, "PowerShellNeverStarted",
          -81, "KubernetesScriptPodNotFound");

  public static ExitCode of(int value) {
    return new ExitCode(value);
  }

  public boolean isSuccess() {
    return value == 0;
  }

  /** True for the codes the agent assigns rather than the script. */
  public boolean isReserved() {
    return RESERVED.containsKey(value);
  }

  /** "0", "3", or "-43 (Canceled)". */
  public String describe() {
    String name = RESERVED.get(value);
    return name == null ? Integer.toString(value) : value + " (" + name + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
