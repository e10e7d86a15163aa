package dev.k8sagent.ports.in;

import dev.k8sagent.domain.Require;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Run a script in a pod. It validates itself: a command that exists can be run.
 *
 * @param ticket the server's handle for this run
 * @param serverTaskId the Octopus task it belongs to ({@code ServerTasks-123}), for log lines
 * @param scriptBody the script when {@code scripts} has none for the chosen language
 * @param scripts the script per language; Bash is run, PowerShell through {@code pwsh}
 * @param arguments passed to the script
 * @param isolation whether the task must run alone among those sharing its mutex
 * @param stepImage the step's own container image, if it has one
 * @param serviceAccountName the script pod's service account, overriding the agent's default
 * @param files written into the workspace before the pod starts
 * @param rawScript run the script as it is, without Octopus's bootstrap
 * @param authContext the project, environment and step the task belongs to
 * @param podPlatform the node platform the server wants ({@code linux-amd64})
 */
public record StartScript(
    ScriptTicket ticket,
    String serverTaskId,
    String scriptBody,
    Map<ScriptType, String> scripts,
    List<String> arguments,
    Isolation isolation,
    Optional<StepImage> stepImage,
    Optional<String> serviceAccountName,
    List<ScriptFile> files,
    boolean rawScript,
    Optional<AuthContext> authContext,
    Optional<String> podPlatform) {

  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public StartScript {
    Objects.requireNonNull(ticket, "ticket");
    serverTaskId = serverTaskId == null ? "" : serverTaskId;
    scriptBody = scriptBody == null ? "" : scriptBody;
    scripts = scripts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(scripts));
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(stepImage, "stepImage");
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    files = List.copyOf(files);
    Objects.requireNonNull(authContext, "authContext");
    Objects.requireNonNull(podPlatform, "podPlatform");
    if (scriptBody.isBlank() && scripts.values().stream().allMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "Script " + ticket + " has no script to run: both ScriptBody and Scripts are empty");
    }
    serviceAccountName.ifPresent(
        name -> {
          if (name.length() > 253 || !SERVICE_ACCOUNT.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "Script pod service account "
                    + Require.quote(name)
                    + " is not a valid Kubernetes name (lower-case DNS-1123 subdomain)");
          }
        });
    Set<String> names = new HashSet<>();
    for (ScriptFile file : files) {
      if (!names.add(file.name().asString())) {
        throw new IllegalArgumentException(
            "Script " + ticket + " sends the file '" + file.name() + "' twice");
      }
    }
  }

  /**
   * The language the script runs in: PowerShell when the server sends a PowerShell script and no
   * Bash one, else Bash.
   */
  public ScriptType scriptType() {
    return !scripts.containsKey(ScriptType.BASH) && scripts.containsKey(ScriptType.POWERSHELL)
        ? ScriptType.POWERSHELL
        : ScriptType.BASH;
  }

  /** The script to run with the given language: its own entry, else the plain script body. */
  public String scriptFor(ScriptType type) {
    String specific = scripts.get(type);
    return specific != null && !specific.isBlank() ? specific : scriptBody;
  }
}
