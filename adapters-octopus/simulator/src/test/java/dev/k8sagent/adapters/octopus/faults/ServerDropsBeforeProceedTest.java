package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.k8sagent.adapters.octopus.simulator.ServerFaults.Fault;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server reads the agent's answer and its {@code NEXT}, then drops the connection instead of
 * sending {@code PROCEED}. The answer already arrived, so nothing is lost; the agent opens a fresh
 * connection and keeps serving. Load: 20 uploads of 64 KiB, 5 connections dropped this way.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerDropsBeforeProceedTest {
  private static final int FILES = 20;

  @TempDir Path temp;

  @Test
  void a_connection_dropped_between_next_and_proceed_loses_no_answer() throws Exception {
    InMemoryFileStore store = new InMemoryFileStore("/octopus");
    try (FaultFixture fixture = new FaultFixture(temp, store, 2).start()) {
      fixture.polling();
      long seenBefore = fixture.server.subscriptionsSeen();
      fixture.server.faults().arm(Fault.DROP_BEFORE_PROCEED, 5);

      for (int i = 0; i < FILES; i++) {
        // every call is answered: the drop comes after the answer
        ServerDropsMidDataStreamTest.uploadRetrying(
            fixture, "Files/f-" + i, FaultFixture.randomBytes(64 * 1024, i));
      }

      eventually("five drops injected")
          .until(() -> fixture.server.faults().injected(Fault.DROP_BEFORE_PROCEED) == 5);
      eventually("a fresh connection for each drop")
          .until(() -> fixture.server.subscriptionsSeen() >= seenBefore + 5);
      for (int i = 0; i < FILES; i++) {
        try (InputStream in =
            store.retrieve(RelativePath.parse("Files/f-" + i)).orElseThrow().open()) {
          assertArrayEquals(FaultFixture.randomBytes(64 * 1024, i), in.readAllBytes());
        }
      }
      fixture.polling();
      fixture.stillServes();
    }
  }
}
