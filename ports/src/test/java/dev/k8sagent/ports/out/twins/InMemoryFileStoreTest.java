package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.contract.FileStoreContract;

class InMemoryFileStoreTest extends FileStoreContract {
  @Override
  protected FileStore fileStore() {
    return new InMemoryFileStore(HOME);
  }
}
