package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.message.ServerError;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared volume fills up while uploads are being written (other writers share it). Each upload
 * is refused in the shape the server does not retry, names the fix, and leaves no file; once room
 * is made the same uploads succeed on the same connections, without a restart. Load: 5 uploads of 1
 * MiB refused mid-write, then the 5 again stored.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VolumeFillsDuringUploadTest {
  private static final int FILES = 5;
  private static final int SIZE = 1024 * 1024;

  @TempDir Path temp;

  @Test
  void an_upload_the_volume_fills_under_is_refused_for_good_and_leaves_nothing() throws Exception {
    FillingVolume volume = new FillingVolume();
    try (FaultFixture fixture = new FaultFixture(temp, volume, 2).start()) {
      fixture.polling();
      for (int i = 0; i < FILES; i++) {
        ServerError error =
            fixture
                .upload("Files/pkg-" + i + ".zip", FaultFixture.randomBytes(SIZE, i))
                .get(30, TimeUnit.SECONDS)
                .response()
                .error()
                .orElseThrow(() -> new AssertionError("an upload onto a full volume succeeded"));
        assertTrue(error.message().contains("Enlarge the volume"), error.message());
        assertTrue(
            error.details().startsWith("System.Reflection.TargetInvocationException"),
            "refused in the shape the server does not retry: " + error.details());
        assertTrue(volume.retrieve(RelativePath.parse("Files/pkg-" + i + ".zip")).isEmpty());
      }
      eventually("nothing left in the spool").until(() -> fixture.spoolFiles() == 0);

      volume.roomMade();
      for (int i = 0; i < FILES; i++) {
        ServerDropsMidDataStreamTest.uploadRetrying(
            fixture, "Files/pkg-" + i + ".zip", FaultFixture.randomBytes(SIZE, i));
        try (InputStream in =
            volume.retrieve(RelativePath.parse("Files/pkg-" + i + ".zip")).orElseThrow().open()) {
          assertArrayEquals(FaultFixture.randomBytes(SIZE, i), in.readAllBytes());
        }
      }
      fixture.stillServes();
    }
  }

  /**
   * A volume with room for each upload when it starts, which another writer fills halfway through
   * it, until {@link #roomMade()}; then it holds what it is given.
   */
  private static final class FillingVolume implements FileStore {
    private final InMemoryFileStore files = new InMemoryFileStore("/octopus");
    private final AtomicBoolean filling = new AtomicBoolean(true);

    void roomMade() {
      filling.set(false);
    }

    @Override
    public StoredFile store(RelativePath pathInHome, Content content) {
      if (!filling.get()) {
        return files.store(pathInHome, content);
      }
      return files.store(
          pathInHome,
          new Content() {
            @Override
            public long length() {
              return content.length();
            }

            @Override
            public InputStream open() throws IOException {
              return content.open();
            }

            @Override
            public long transferTo(WritableByteChannel target) throws IOException {
              return content.transferTo(new FillingChannel(target));
            }
          });
    }

    /** Takes about half an upload, then fails as a full volume does. */
    private static final class FillingChannel implements WritableByteChannel {
      private final WritableByteChannel target;
      private long written;

      FillingChannel(WritableByteChannel target) {
        this.target = target;
      }

      @Override
      public int write(ByteBuffer bytes) throws IOException {
        if (written > SIZE / 2) {
          throw new IOException("No space left on device");
        }
        int n = target.write(bytes);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return target.isOpen();
      }

      @Override
      public void close() {}
    }

    @Override
    public Optional<Content> retrieve(RelativePath pathInHome) {
      return files.retrieve(pathInHome);
    }

    @Override
    public long usableSpace() {
      return files.usableSpace();
    }
  }
}
