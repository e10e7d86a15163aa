package dev.k8sagent.adapters.octopus.halibut.service;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.ports.in.FileTransfer;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import java.time.Clock;
import java.util.Optional;

/**
 * Test fixture: the agent's real services on the in-memory twins, on a v1.29 cluster, behind a
 * dispatcher — what the transport talks to when the test is about the transport.
 */
public final class InMemoryAgent {
  private InMemoryAgent() {}

  /** A dispatcher whose file transfer is {@code files} and whose scripts run on the twins. */
  public static ServiceDispatcher dispatcher(FileTransfer files) {
    Clock clock = Clock.systemUTC();
    Optional<KubernetesVersion> cluster = Optional.of(KubernetesVersion.parse("v1.29.0"));
    return new ServiceDispatcher(
        new RunningScripts(
            new InMemoryWorkspaces("/octopus", clock),
            new InMemoryScriptPods(clock),
            request -> Optional.empty(),
            () -> cluster,
            ExecutionSettings.defaults(),
            clock),
        files,
        new DescribingCapabilities(SemanticVersion.parse("1.0.0"), () -> cluster));
  }
}
