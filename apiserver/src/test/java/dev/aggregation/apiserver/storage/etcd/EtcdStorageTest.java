package dev.aggregation.apiserver.storage.etcd;

import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract, unchanged, against a real etcd. All tests share one etcd (each under its own key
 * prefix); etcd's first write is revision 2, so the two "never written store" tests do not apply.
 */
class EtcdStorageTest extends StorageContract {

  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @Override
  protected Storage newStorage() {
    return EtcdStorage.connect(etcd.options());
  }

  /** A new client on the same etcd, as a restarted apiserver would connect. */
  @Override
  protected Storage reopen(Storage storage) {
    storage.close();
    return newStorage();
  }

  @Override
  protected boolean newStorageIsEmpty() {
    return false;
  }
}
