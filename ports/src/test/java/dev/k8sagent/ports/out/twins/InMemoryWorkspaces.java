package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Workspaces} held in memory, for tests and local runs. It behaves like the task workspaces
 * on the shared volume: whole-file replacement, no partial files after a failed write, paths as
 * pods would see them. Contents live on the heap, so keep them small.
 */
public final class InMemoryWorkspaces implements Workspaces {
  private final String home;
  private final Clock clock;
  private final Map<ScriptTicket, Workspace> workspaces = new ConcurrentHashMap<>();

  public InMemoryWorkspaces(String home, Clock clock) {
    this.home = InMemoryFiles.home(home);
    this.clock = clock;
  }

  private record Workspace(Map<String, byte[]> files, Instant[] lastModified) {}

  @Override
  public WorkspaceRef create(ScriptTicket ticket) {
    workspaces.computeIfAbsent(
        ticket, t -> new Workspace(new ConcurrentHashMap<>(), new Instant[] {clock.instant()}));
    return new WorkspaceRef(ticket, directoryOf(ticket));
  }

  @Override
  public StoredFile write(
      ScriptTicket ticket, RelativePath path, InputStream content, boolean executable) {
    Workspace workspace = workspaces.get(ticket);
    if (workspace == null) {
      throw new IllegalStateException("The workspace for ticket " + ticket + " does not exist");
    }
    byte[] bytes = InMemoryFiles.readFully(content, path);
    workspace.files().put(path.asString(), bytes);
    workspace.lastModified()[0] = clock.instant();
    return InMemoryFiles.stored(directoryOf(ticket) + "/" + path.asString(), bytes);
  }

  @Override
  public Optional<Content> read(ScriptTicket ticket, RelativePath path) {
    return Optional.ofNullable(workspaces.get(ticket))
        .map(w -> w.files().get(path.asString()))
        .map(Content::ofBytes);
  }

  @Override
  public List<WorkspaceSummary> list() {
    List<WorkspaceSummary> summaries = new ArrayList<>();
    workspaces.forEach((t, w) -> summaries.add(new WorkspaceSummary(t, w.lastModified()[0])));
    return summaries;
  }

  @Override
  public void delete(ScriptTicket ticket) {
    workspaces.remove(ticket);
  }

  private String directoryOf(ScriptTicket ticket) {
    return home + "/Work/" + ticket.key();
  }
}
