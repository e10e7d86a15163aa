package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.Workspaces;
import dev.k8sagent.ports.out.contract.WorkspacesContract;
import java.time.Clock;

class InMemoryWorkspacesTest extends WorkspacesContract {
  @Override
  protected Workspaces workspaces() {
    return new InMemoryWorkspaces(HOME, Clock.systemUTC());
  }
}
