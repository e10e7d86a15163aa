package dev.k8sagent.ports.in;

import dev.k8sagent.ports.content.Content;
import java.util.Optional;

/** Files the server puts on, or takes from, the agent's home on the shared volume. */
public interface FileTransfer {

  /**
   * Streams a file into place below the home directory. The file appears under its name only when
   * complete; a failed upload leaves no partial file.
   *
   * @throws RequestRefused when the path leaves the home directory ({@code PATH_OUTSIDE_HOME}) or
   *     the volume has no room for the file ({@code VOLUME_FULL})
   */
  UploadResult upload(UploadFile command);

  /**
   * The file's contents, or empty when there is no such file.
   *
   * @throws RequestRefused when the path leaves the home directory ({@code PATH_OUTSIDE_HOME})
   */
  Optional<Content> download(DownloadFile query);
}
