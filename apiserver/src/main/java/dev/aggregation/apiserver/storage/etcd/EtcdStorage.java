package dev.aggregation.apiserver.storage.etcd;

import static dev.aggregation.apiserver.storage.etcd.EtcdKeys.bytes;

import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.FutureRevisionException;
import dev.aggregation.apiserver.storage.KeyExistsException;
import dev.aggregation.apiserver.storage.KeyNotFoundException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.RevisionConflictException;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.StorageException;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchHub;
import dev.aggregation.apiserver.storage.WatchListener;
import dev.aggregation.apiserver.storage.WatchSubscription;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Storage SPI on etcd v3, as kube-apiserver's storage/etcd3 store uses it: keys are stored as given (the
 * registries put {@code --etcd-prefix} in front), the SPI's revisions are etcd's revisions, and every write is
 * one transaction that compares the key's mod revision, so several apiserver replicas on one etcd act as one
 * server.
 *
 * <p>Every request is bounded by {@link EtcdOptions#requestTimeout()}: with etcd unreachable a call fails with
 * a {@link StorageException} within that time and the next call after etcd is back succeeds on the same client.
 * Watches are etcd watches whose events are handed to a {@link WatchHub}, so the listener contract (order,
 * exactly once, never blocking etcd's threads) is the embedded store's; a watch whose etcd stream breaks ends
 * with a cause and is watched again by its owner from its last revision.
 */
public final class EtcdStorage implements Storage {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdStorage.class);

  /**
   * kube-apiserver's key for coordinating compaction between replicas ({@link EtcdCompactor}); not under
   * {@code --etcd-prefix}, so every apiserver on one etcd, kube-apiserver included, takes turns on it.
   */
  static final String COMPACT_REV_KEY = "compact_rev_key";

  /** A key whose reads tell the header revision and whether a revision is still readable; its value is unused. */
  private static final ByteSequence PROBE_KEY = bytes(COMPACT_REV_KEY);

  private static final String ERR_COMPACTED = "required revision has been compacted";
  private static final String ERR_FUTURE_REV = "required revision is a future revision";

  private final EtcdOptions options;
  private final Client client;
  private final KV kv;
  private final WatchHub watches;
  private final ExecutorService watchCloser;
  private final WatchProgressSupport progressSupport;
  /** The highest compacted revision this store has seen; etcd itself is asked when it may be stale. */
  private final AtomicLong knownCompacted = new AtomicLong();
  private volatile boolean closed;

  private EtcdStorage(EtcdOptions options, Client client) {
    this.options = options;
    this.client = client;
    this.kv = client.getKVClient();
    this.watches = new WatchHub("etcd-storage", options.watchQueueCapacity());
    this.watchCloser =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "etcd-storage-watch-closer");
              thread.setDaemon(true);
              return thread;
            });
    this.progressSupport = new WatchProgressSupport(client.getMaintenanceClient(), options.endpoints());
  }

  /**
   * A store on the etcd cluster {@code options} name. It does not wait for etcd: with etcd down it opens, logs
   * that, and its calls fail until etcd answers (the readiness check reports it meanwhile).
   */
  public static EtcdStorage connect(EtcdOptions options) {
    EtcdStorage storage = new EtcdStorage(options, EtcdClients.create(options));
    storage.progressSupport.start();
    try {
      LOG.info(
          "connected to etcd at {} (revision {}, compacted revision {})",
          options.endpoints(),
          storage.currentRevision(),
          storage.compactedRevision());
      storage.progressSupport.awaitDecision(options.requestTimeout());
    } catch (StorageException e) {
      LOG.warn("etcd at {} does not answer yet; requests fail until it does: {}", options.endpoints(), e.getMessage());
    }
    return storage;
  }

  public EtcdOptions options() {
    return options;
  }

  /**
   * True once every etcd endpoint has said it runs 3.4.31+ or 3.5.13+: older etcd answers a progress request
   * ahead of events it has not sent yet ({@link WatchProgressSupport}), so its watches do not ask.
   */
  @Override
  public boolean answersProgressRequests() {
    return progressSupport.supported();
  }

  @Override
  public long currentRevision() {
    ensureOpen();
    return call("read the current revision", () -> kv.get(PROBE_KEY, countOnly().build()))
        .getHeader()
        .getRevision();
  }

  /**
   * etcd does not report its compacted revision, but a read below it fails: the answer is the lowest readable
   * revision. One read confirms the last known value; after a compaction by someone else (another replica) a
   * binary search between it and the current revision finds the new one.
   */
  @Override
  public long compactedRevision() {
    ensureOpen();
    long known = knownCompacted.get();
    long unreadable = Math.max(known, 1);
    if (readableAt(unreadable)) {
      return known;
    }
    long readable = currentRevision();
    while (readable - unreadable > 1) {
      long middle = unreadable + (readable - unreadable) / 2;
      if (readableAt(middle)) {
        readable = middle;
      } else {
        unreadable = middle;
      }
    }
    return observeCompacted(readable);
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    GetResponse response = call("get " + key, () -> kv.get(bytes(key)));
    return response.getKvs().stream().findFirst().map(EtcdKeys::keyValue);
  }

  @Override
  public ListPage list(String prefix, String startKey, int limit, long revision) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    requireRevisionArgument(revision);
    ensureOpen();
    GetOption range =
        GetOption.builder()
            .withRange(EtcdKeys.rangeEnd(prefix))
            .withRevision(revision)
            .withLimit(limit)
            .build();
    GetResponse response;
    try {
      response = call("list " + prefix, () -> kv.get(EtcdKeys.rangeStart(prefix, startKey), range));
    } catch (StorageException e) {
      throw revisionFailure(e, revision);
    }
    List<KeyValue> items = response.getKvs().stream().map(EtcdKeys::keyValue).toList();
    // etcd counts the whole range, limit or not: what follows the page is the count minus the page.
    long remaining = response.getCount() - items.size();
    return new ListPage(
        items, revision == 0 ? response.getHeader().getRevision() : revision, remaining > 0, remaining);
  }

  @Override
  public long count(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    ensureOpen();
    GetOption range = countOnly().withRange(EtcdKeys.rangeEnd(prefix)).build();
    return call("count " + prefix, () -> kv.get(EtcdKeys.rangeStart(prefix, null), range)).getCount();
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    ensureOpen();
    ByteSequence k = bytes(key);
    TxnResponse response =
        call(
            "create " + key,
            () ->
                kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                    .commit());
    if (!response.isSucceeded()) {
      throw new KeyExistsException(key);
    }
    long revision = response.getHeader().getRevision();
    return new KeyValue(key, value.clone(), revision, revision);
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    ensureOpen();
    if (expectedModRevision <= 0) {
      // No key has mod revision 0, and comparing on 0 would create a missing key: report what is there.
      throw mismatch(key, expectedModRevision, get(key));
    }
    ByteSequence k = bytes(key);
    TxnResponse response =
        call(
            "update " + key,
            () ->
                kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                    .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
    if (!response.isSucceeded()) {
      throw mismatch(key, expectedModRevision, current(response));
    }
    PutResponse put = response.getPutResponses().get(0);
    return new KeyValue(
        key, value.clone(), put.getPrevKv().getCreateRevision(), response.getHeader().getRevision());
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    ByteSequence k = bytes(key);
    DeleteOption withPrevious = DeleteOption.builder().withPrevKV(true).build();
    DeleteResponse deletion;
    long revision;
    if (expectedModRevision == 0) {
      deletion = call("delete " + key, () -> kv.delete(k, withPrevious));
      revision = deletion.getHeader().getRevision();
    } else {
      TxnResponse response =
          call(
              "delete " + key,
              () ->
                  kv.txn()
                      .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                      .Then(Op.delete(k, withPrevious))
                      .Else(Op.get(k, GetOption.DEFAULT))
                      .commit());
      if (!response.isSucceeded()) {
        throw mismatch(key, expectedModRevision, current(response));
      }
      deletion = response.getDeleteResponses().get(0);
      revision = response.getHeader().getRevision();
    }
    if (deletion.getDeleted() == 0) {
      throw new KeyNotFoundException(key);
    }
    return new Deleted(EtcdKeys.keyValue(deletion.getPrevKvs().get(0)), revision);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(listener, "listener");
    requireRevisionArgument(afterRevision);
    ensureOpen();
    // etcd would cancel a watch from a compacted revision only after it started; the SPI says so at once.
    if (!readableAt(afterRevision + 1)) {
      throw new CompactedException(afterRevision, compactedRevision());
    }
    EtcdWatch feed = new EtcdWatch(prefix, afterRevision, watchCloser);
    WatchSubscription subscription =
        watches.register(
            prefix,
            listener,
            feed::cancel,
            requested -> {
              if (progressSupport.supported()) {
                feed.requestProgress();
              }
            });
    feed.feed(subscription);
    // etcd replays the history itself: the subscription only skips what is not after afterRevision.
    subscription.start(List.of(), afterRevision);
    try {
      feed.attach(
          client
              .getWatchClient()
              .watch(
                  EtcdKeys.rangeStart(prefix, null),
                  WatchOption.builder()
                      .withRange(EtcdKeys.rangeEnd(prefix))
                      .withRevision(afterRevision + 1)
                      .withPrevKV(true)
                      .build(),
                  feed));
    } catch (RuntimeException e) {
      subscription.abandon();
      throw new StorageException("cannot watch etcd on prefix '" + prefix + "': " + e.getMessage(), e);
    }
    return subscription;
  }

  @Override
  public void compact(long revision) {
    requireRevisionArgument(revision);
    ensureOpen();
    if (revision == 0) {
      return;
    }
    try {
      call("compact to revision " + revision, () -> kv.compact(revision));
    } catch (StorageException e) {
      if (isEtcdError(e, ERR_COMPACTED)) {
        // Already compacted at or beyond it (here or by another replica): nothing to do, as the SPI says.
        return;
      }
      if (isEtcdError(e, ERR_FUTURE_REV)) {
        throw new FutureRevisionException(revision, currentRevision());
      }
      throw e;
    }
    observeCompacted(revision);
    LOG.debug("compacted etcd at {} to revision {}", options.endpoints(), revision);
  }

  /** Closes every watch with a {@link StorageException}, then the client. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    progressSupport.stop();
    watches.close(new StorageException("storage is closed: etcd at " + options.endpoints()));
    watchCloser.shutdown();
    try {
      if (!watchCloser.awaitTermination(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("etcd watches did not close within {}", options.requestTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    LOG.info("closed the etcd store at {}", options.endpoints());
  }

  // ---------------------------------------------------------------- helpers for EtcdCompactor

  /**
   * kube-apiserver's compaction turn: if {@link #COMPACT_REV_KEY}'s version is {@code expectedVersion}, record
   * {@code revision} in it (its version goes up by one: this replica holds the turn); otherwise read who did.
   */
  CompactionTurn claimCompactionTurn(long expectedVersion, long revision) {
    ensureOpen();
    TxnResponse response =
        call(
            "claim the compaction turn",
            () ->
                kv.txn()
                    .If(new Cmp(PROBE_KEY, Cmp.Op.EQUAL, CmpTarget.version(expectedVersion)))
                    .Then(Op.put(PROBE_KEY, bytes(Long.toString(revision)), PutOption.DEFAULT))
                    .Else(Op.get(PROBE_KEY, GetOption.DEFAULT))
                    .commit());
    long headerRevision = response.getHeader().getRevision();
    if (response.isSucceeded()) {
      return new CompactionTurn(true, expectedVersion + 1, headerRevision, revision);
    }
    List<io.etcd.jetcd.KeyValue> kvs = response.getGetResponses().get(0).getKvs();
    if (kvs.isEmpty()) {
      return new CompactionTurn(false, 0, headerRevision, 0);
    }
    io.etcd.jetcd.KeyValue turn = kvs.get(0);
    long recorded;
    try {
      recorded = Long.parseLong(turn.getValue().toString(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      recorded = 0;
    }
    return new CompactionTurn(false, turn.getVersion(), headerRevision, recorded);
  }

  /**
   * The outcome of a claim.
   *
   * @param claimed whether this replica holds the turn
   * @param version the key's version now (the compaction "time" every replica agrees on)
   * @param headerRevision etcd's revision when the claim ran
   * @param recordedRevision the revision the turn's holder compacts (or compacted) to
   */
  record CompactionTurn(boolean claimed, long version, long headerRevision, long recordedRevision) {}

  // ---------------------------------------------------------------- internals

  private static GetOption.Builder countOnly() {
    return GetOption.builder().withCountOnly(true);
  }

  /** Whether reads at {@code revision} still work (a future revision counts as readable: it is not compacted). */
  private boolean readableAt(long revision) {
    try {
      call(
          "read at revision " + revision,
          () -> kv.get(PROBE_KEY, countOnly().withRevision(revision).build()));
      return true;
    } catch (StorageException e) {
      if (isEtcdError(e, ERR_COMPACTED)) {
        return false;
      }
      if (isEtcdError(e, ERR_FUTURE_REV)) {
        return true;
      }
      throw e;
    }
  }

  private long observeCompacted(long revision) {
    return knownCompacted.accumulateAndGet(revision, Math::max);
  }

  private RuntimeException revisionFailure(StorageException e, long revision) {
    if (isEtcdError(e, ERR_COMPACTED)) {
      return new CompactedException(revision, compactedRevision());
    }
    if (isEtcdError(e, ERR_FUTURE_REV)) {
      return new FutureRevisionException(revision, currentRevision());
    }
    return e;
  }

  private static boolean isEtcdError(StorageException e, String message) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains(message)) {
        return true;
      }
    }
    return false;
  }

  /** The state an Else(Get) branch read: what the key holds now, if anything. */
  private static Optional<KeyValue> current(TxnResponse response) {
    return response.getGetResponses().get(0).getKvs().stream().findFirst().map(EtcdKeys::keyValue);
  }

  private static RuntimeException mismatch(String key, long expected, Optional<KeyValue> current) {
    return current
        .<RuntimeException>map(kv -> new RevisionConflictException(key, expected, kv))
        .orElseGet(() -> new KeyNotFoundException(key));
  }

  /**
   * Sends one request and waits for its answer at most the request timeout (jetcd's own retries of reads
   * included); a late answer is dropped and the request cancelled.
   */
  private <T> T call(String what, Supplier<CompletableFuture<T>> request) {
    CompletableFuture<T> future;
    try {
      future = request.get();
    } catch (RuntimeException e) {
      throw new StorageException("etcd at " + options.endpoints() + ": cannot " + what + ": " + e.getMessage(), e);
    }
    try {
      return future.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StorageException(
          "etcd at " + options.endpoints() + " did not answer within " + options.requestTimeout() + ": cannot " + what,
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new StorageException(
          "etcd at " + options.endpoints() + ": cannot " + what + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for etcd: cannot " + what, e);
    }
  }

  private static void requireRevisionArgument(long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("a revision must not be negative, got " + revision);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("storage is closed: etcd at " + options.endpoints());
    }
  }
}
