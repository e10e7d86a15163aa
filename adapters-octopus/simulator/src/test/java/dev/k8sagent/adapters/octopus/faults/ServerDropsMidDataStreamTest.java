package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.k8sagent.adapters.octopus.simulator.ServerFaults.Fault;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server drops the connection halfway through an upload's data stream. The call fails (the
 * server retries it, as Octopus does); nothing half-received is stored or left in the spool, the
 * agent reconnects by itself, and every retried upload lands whole. Load: 10 uploads of 1 MiB, 4 of
 * them cut short once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerDropsMidDataStreamTest {
  private static final int FILES = 10;
  private static final int SIZE = 1024 * 1024;

  @TempDir Path temp;

  @Test
  void an_upload_cut_short_stores_nothing_and_its_retry_lands_whole() throws Exception {
    InMemoryFileStore store = new InMemoryFileStore("/octopus");
    try (FaultFixture fixture = new FaultFixture(temp, store, 2).start()) {
      fixture.polling();
      fixture.server.faults().arm(Fault.DROP_MID_REQUEST_STREAM, 4);
      int failed = 0;
      for (int i = 0; i < FILES; i++) {
        byte[] bytes = FaultFixture.randomBytes(SIZE, i);
        failed += uploadRetrying(fixture, "Files/pkg-" + i + ".zip", bytes);
      }

      assertEquals(4, failed, "each armed drop failed one call, which was sent again");
      for (int i = 0; i < FILES; i++) {
        try (InputStream in =
            store.retrieve(RelativePath.parse("Files/pkg-" + i + ".zip")).orElseThrow().open()) {
          assertArrayEquals(FaultFixture.randomBytes(SIZE, i), in.readAllBytes());
        }
      }
      eventually("nothing left in the spool").until(() -> fixture.spoolFiles() == 0);
      fixture.polling();
      fixture.stillServes();
    }
  }

  /** Sends the upload until it succeeds, as the server's retry policy does; the failures. */
  static int uploadRetrying(FaultFixture fixture, String path, byte[] bytes) throws Exception {
    for (int failures = 0; failures < 5; failures++) {
      try {
        SimulatedResponse response = fixture.upload(path, bytes).get(30, TimeUnit.SECONDS);
        if (response.response().error().isPresent()) {
          throw new AssertionError("Upload refused: " + response.response().error().get());
        }
        return failures;
      } catch (ExecutionException dropped) {
        // the connection went away with the call: send it again
      }
    }
    throw new AssertionError("Upload of " + path + " never succeeded");
  }
}
