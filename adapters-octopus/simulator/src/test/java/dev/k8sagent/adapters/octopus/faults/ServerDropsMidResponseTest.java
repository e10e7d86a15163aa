package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.k8sagent.adapters.octopus.simulator.ServerFaults.Fault;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server drops the connection while the agent's response is arriving (a download's data
 * stream). The agent lets go of the file it was sending, reconnects, and the retried download
 * brings every byte. Load: 10 downloads of 1 MiB, 4 of them cut short once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerDropsMidResponseTest {
  private static final int FILES = 10;
  private static final int SIZE = 1024 * 1024;

  @TempDir Path temp;

  @Test
  void a_download_cut_short_is_sent_whole_when_asked_again() throws Exception {
    InMemoryFileStore store = new InMemoryFileStore("/octopus");
    for (int i = 0; i < FILES; i++) {
      store.store(
          RelativePath.parse("Files/out-" + i + ".bin"),
          Content.ofBytes(FaultFixture.randomBytes(SIZE, i)));
    }
    try (FaultFixture fixture = new FaultFixture(temp, store, 2).start()) {
      fixture.polling();
      long descriptorsBefore = FaultFixture.openDescriptors();
      fixture.server.faults().arm(Fault.DROP_MID_RESPONSE, 4);

      int failed = 0;
      for (int i = 0; i < FILES; i++) {
        byte[] received = null;
        while (received == null) {
          try {
            received =
                FaultFixture.downloaded(
                    fixture.download("Files/out-" + i + ".bin").get(30, TimeUnit.SECONDS));
          } catch (ExecutionException dropped) {
            failed++;
          }
        }
        assertArrayEquals(FaultFixture.randomBytes(SIZE, i), received);
      }

      assertEquals(4, failed);
      fixture.polling();
      fixture.stillServes();
      eventually("no file left open by the dropped responses")
          .until(() -> FaultFixture.openDescriptors() <= descriptorsBefore + 8);
    }
  }
}
