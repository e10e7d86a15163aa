package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;

import dev.k8sagent.adapters.octopus.simulator.ServerFaults.Fault;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server completes TLS, reads the agent's identity and never answers {@code MX-SERVER}: the
 * agent gives up on that connection within its identification limit, connects again after its
 * back-off, and polls once the server answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerNeverIdentifiesTest {
  @TempDir Path temp;

  @Test
  void a_connection_the_server_never_identifies_on_is_left_and_opened_again() throws Exception {
    try (FaultFixture fixture = new FaultFixture(temp, new InMemoryFileStore("/octopus"), 2)) {
      fixture.server.faults().arm(Fault.SILENT_AFTER_IDENTITY, 4);
      fixture.start();

      eventually("four connections left unanswered")
          .until(() -> fixture.server.faults().injected(Fault.SILENT_AFTER_IDENTITY) == 4);
      eventually("the agent gave each of them up")
          .until(() -> fixture.server.connectionsClosedBeforeSubscribing() >= 4);
      fixture.polling();
      fixture.stillServes();
      // the server counts a subscriber when it answers MX-SERVER; the agent once it has read that
      eventually("the agent counts both connections")
          .until(() -> fixture.agent.connectedCount() == 2);
    }
  }
}
