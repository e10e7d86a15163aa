package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectoryTest {
  @TempDir Path temp;

  @Test
  void a_closed_agent_leaves_no_spool_behind() throws IOException {
    SpoolDirectory spool = SpoolDirectory.create(temp);
    Files.write(spool.path().resolve("stream-1"), new byte[1024]);

    spool.close();

    assertThat(spool.path()).doesNotExist();
  }

  @Test
  void what_a_killed_agent_left_is_removed_at_the_next_start_but_a_running_agents_is_not()
      throws IOException {
    Path left = Files.createDirectory(temp.resolve(SpoolDirectory.PREFIX + "killed"));
    Files.createFile(left.resolve(".lock"));
    Files.write(left.resolve("stream-7"), new byte[4096]);
    SpoolDirectory running = SpoolDirectory.create(temp);

    try (SpoolDirectory next = SpoolDirectory.create(temp)) {
      assertThat(left).doesNotExist();
      assertThat(running.path()).isDirectory();
      assertThat(next.path()).isDirectory();
    } finally {
      running.close();
    }
  }

  @Test
  void cleaning_up_never_follows_a_link_out_of_the_spool() throws IOException {
    Path precious = Files.createDirectory(temp.resolve("precious"));
    Files.write(precious.resolve("keep"), new byte[] {1});
    Path left = Files.createDirectory(temp.resolve(SpoolDirectory.PREFIX + "killed"));
    Files.createFile(left.resolve(".lock"));
    Files.createSymbolicLink(left.resolve("link"), precious);
    Files.createSymbolicLink(temp.resolve(SpoolDirectory.PREFIX + "alias"), precious);

    SpoolDirectory.create(temp).close();

    assertThat(left).doesNotExist();
    assertThat(precious.resolve("keep")).exists();
  }
}
