package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.machinery.NameGenerator;
import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.storage.CompactedException;
import dev.aggregation.apiserver.storage.Deleted;
import dev.aggregation.apiserver.storage.FutureRevisionException;
import dev.aggregation.apiserver.storage.KeyExistsException;
import dev.aggregation.apiserver.storage.KeyNotFoundException;
import dev.aggregation.apiserver.storage.KeyValue;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.RevisionConflictException;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.WatchEvent;
import dev.aggregation.apiserver.storage.WatchListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;


/**
 * Storage-backed create, read, update, delete, list and watch of one kind in hub form, with the semantics of
 * k8s.io/apiserver's generic registry Store: system fields owned by the server, optimistic concurrency with
 * retries, no-op updates that do not write, finalizers and deletionTimestamp, dry runs.
 *
 * <p>Every method blocks on the store: call it off the event loop.
 */
public final class GenericRegistry {
  private static final int MAX_GENERATE_NAME_ATTEMPTS = 8;
  private static final int PAGE_SIZE_FOR_FILTERED_LISTS = 500;
  private static final long FUTURE_REVISION_WAIT_MILLIS = 3000;

  private final ResourceStrategy strategy;
  private final Storage storage;
  private final String resourcePrefix;
  private final StorageCodec codec;
  private final SharedDecodes watchDecodes;
  private final MetadataValidation metadataValidation;
  private final Clock clock;
  private final NameGenerator names;

  /**
   * @param storagePrefix the prefix of every key of the server ({@code --etcd-prefix}), e.g.
   *     {@code /registry/wardle.example.com}
   * @param names makes names from generateName
   */
  public GenericRegistry(
      ResourceStrategy strategy,
      Storage storage,
      String storagePrefix,
      MetadataValidation metadataValidation,
      Clock clock,
      NameGenerator names) {
    this.strategy = strategy;
    this.storage = storage;
    this.resourcePrefix = resourcePrefix(storagePrefix, strategy);
    this.codec = new StorageCodec(strategy);
    this.watchDecodes = new SharedDecodes(codec);
    this.metadataValidation = metadataValidation;
    this.clock = clock;
    this.names = names;
  }

  /** The prefix of every key of a kind: {@code <storagePrefix>/<group>/<resource>/}. */
  public static String resourcePrefix(String storagePrefix, ResourceStrategy strategy) {
    String base = storagePrefix.endsWith("/") ? storagePrefix.substring(0, storagePrefix.length() - 1) : storagePrefix;
    return base + "/" + strategy.group() + "/" + strategy.resource() + "/";
  }

  public ResourceStrategy strategy() {
    return strategy;
  }

  public long currentRevision() {
    return storage.currentRevision();
  }

  /** The key prefix of a collection: one namespace, or all of them when {@code namespace} is empty. */
  public String collectionPrefix(String namespace) {
    return strategy.namespaced() && !namespace.isEmpty() ? resourcePrefix + namespace + "/" : resourcePrefix;
  }

  private String key(String namespace, String name) {
    return strategy.namespaced() ? resourcePrefix + namespace + "/" + name : resourcePrefix + name;
  }

  private GroupResource gr() {
    return strategy.groupResource();
  }

  // ---------------------------------------------------------------- read

  public ObjectNode get(String namespace, String name) {
    return find(namespace, name).orElseThrow(() -> ApiErrors.notFound(gr(), name));
  }

  public Optional<ObjectNode> find(String namespace, String name) {
    return findStored(namespace, name).map(StoredObject::hub);
  }

  /** The object as stored, decoded only when its hub form is asked for. */
  public Optional<StoredObject> findStored(String namespace, String name) {
    return storage.get(key(namespace, name)).map(kv -> new StoredObject(kv, codec));
  }

  /** {@link #get} as stored: 404 when absent. */
  public StoredObject getStored(String namespace, String name) {
    return findStored(namespace, name).orElseThrow(() -> ApiErrors.notFound(gr(), name));
  }

  /**
   * The object at a revision not older than {@code notOlderThan} (0: any), which the watch cache may answer:
   * kube's GET with a resourceVersion. The caller has waited for the store to reach {@code notOlderThan}.
   */
  public StoredObject getStored(String namespace, String name, long notOlderThan) {
    return storage.get(key(namespace, name), notOlderThan).map(kv -> new StoredObject(kv, codec))
        .orElseThrow(() -> ApiErrors.notFound(gr(), name));
  }

  /** {@link #getStored(String, String)} from memory, for an event loop; {@link WouldBlock} when it needs the store. */
  public StoredObject getStoredWithoutBlocking(String namespace, String name) throws WouldBlock {
    return storage.getWithoutBlocking(key(namespace, name)).map(kv -> new StoredObject(kv, codec))
        .orElseThrow(() -> ApiErrors.notFound(gr(), name));
  }

  /**
   * {@link #getStored(String, String, long)} from memory, for an event loop; {@link WouldBlock} when it needs the
   * store or a wait. No wait for {@code notOlderThan} is needed first: a cache at it proves the store got there.
   */
  public StoredObject getStoredWithoutBlocking(String namespace, String name, long notOlderThan) throws WouldBlock {
    return storage.getWithoutBlocking(key(namespace, name), notOlderThan).map(kv -> new StoredObject(kv, codec))
        .orElseThrow(() -> ApiErrors.notFound(gr(), name));
  }

  /**
   * Lists one namespace (or all) with Kubernetes' paging: pages of the store are read at one revision and
   * filtered until {@code limit} items matched or the collection is exhausted.
   */
  public ListResult list(String namespace, ListRequest request) {
    if (request.revision() == 0 && request.minRevision() > 0) {
      waitForRevision(request.minRevision());
    }
    return WouldBlock.blocking(() -> collect(namespace, request, storage::list, Integer.MAX_VALUE));
  }

  /**
   * {@link #list} from memory, for an event loop: every page from a current watch cache, and with a
   * {@code minRevision} the store has reached already; {@link WouldBlock} when it needs the store or a wait, or
   * when it would read more than {@code maxRead} objects (a long list, or a selector that matches few, is work
   * that would hold up the loop's other connections).
   */
  public ListResult listWithoutBlocking(String namespace, ListRequest request, int maxRead) throws WouldBlock {
    ListResult result = collect(namespace, request, storage::listWithoutBlocking, maxRead);
    if (result.revision() < request.minRevision()) {
      throw new WouldBlock("a list not older than a revision the store has not reached");
    }
    return result;
  }

  /** Reads one page of the store: {@link Storage#list}, or its variant that refuses to block. */
  @FunctionalInterface
  private interface PageReader {
    ListPage read(String prefix, String start, int limit, long revision) throws WouldBlock;
  }

  private ListResult collect(String namespace, ListRequest request, PageReader reader, int maxRead) throws WouldBlock {
    String prefix = collectionPrefix(namespace);
    int read = 0;
    long revision = request.revision();
    String start = request.startKey();
    List<StoredObject> items = new ArrayList<>();
    int limit = request.limit();
    while (true) {
      int pageSize = limit == 0 ? 0 : request.filtered() ? Math.max(limit - items.size(), PAGE_SIZE_FOR_FILTERED_LISTS) : limit - items.size();
      ListPage page = readPage(reader, prefix, start, pageSize, revision);
      revision = page.revision();
      List<KeyValue> kvs = page.items();
      read += kvs.size();
      if (read > maxRead) {
        throw new WouldBlock("a list that reads more than " + maxRead + " objects");
      }
      for (int i = 0; i < kvs.size(); i++) {
        KeyValue kv = kvs.get(i);
        StoredObject object = new StoredObject(kv, codec);
        // without selectors nothing needs the decoded form here: the response may be rendered already
        if (!request.filtered() || request.filter().test(object.hub())) {
          items.add(object);
        }
        if (limit > 0 && items.size() == limit) {
          boolean more = i < kvs.size() - 1 || page.more();
          if (!more) {
            return new ListResult(items, revision, null, null);
          }
          Long remaining = request.filtered() ? null : page.remaining() + (kvs.size() - 1 - i);
          return new ListResult(items, revision, kv.key() + "\0", remaining);
        }
      }
      if (!page.more() || kvs.isEmpty()) {
        return new ListResult(items, revision, null, null);
      }
      start = kvs.get(kvs.size() - 1).key() + "\0";
    }
  }

  private ListPage readPage(PageReader reader, String prefix, String start, int limit, long revision) throws WouldBlock {
    try {
      return reader.read(prefix, start, limit, revision);
    } catch (CompactedException e) {
      throw ApiErrors.tooOldResourceVersion(e.requested(), e.compacted());
    } catch (FutureRevisionException e) {
      throw tooLargeResourceVersion(e.requested(), e.current());
    }
  }

  /** NotOlderThan: waits up to 3 s for the store to reach {@code revision}, as kube-apiserver's watch cache does. */
  public void waitForRevision(long revision) {
    long deadline = System.nanoTime() + FUTURE_REVISION_WAIT_MILLIS * 1_000_000;
    long current = storage.currentRevision();
    while (current < revision) {
      if (System.nanoTime() > deadline) {
        throw tooLargeResourceVersion(revision, current);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiErrors.internal(e);
      }
      current = storage.currentRevision();
    }
  }

  private static ApiException tooLargeResourceVersion(long requested, long current) {
    ApiException e =
        ApiErrors.timeout("Too large resource version: " + requested + ", current: " + current, 1);
    e.status().getDetails().setCauses(
        List.of(new io.fabric8.kubernetes.api.model.StatusCause(null, "Too large resource version", "ResourceVersionTooLarge")));
    return e;
  }

  // ---------------------------------------------------------------- create

  /**
   * Creates {@code object} (hub form, namespace already set by the caller), with the system fields set by the
   * server, validation, validating admission, and generateName retries.
   */
  public ObjectNode create(ObjectNode object, WriteOptions options) {
    ObjectNode meta = Meta.of(object);
    if (!Meta.resourceVersion(object).isEmpty()) {
      throw ApiErrors.badRequest("resourceVersion should not be set on objects to be created");
    }
    boolean generated = Meta.name(object).isEmpty() && !Meta.text(object, "generateName").isEmpty();
    for (int attempt = 1; ; attempt++) {
      if (generated) {
        meta.put("name", names.generate(Meta.text(object, "generateName")));
      }
      ObjectNode prepared = prepareForCreate(object.deepCopy());
      options.admission().validate(prepared, null);
      String key = key(Meta.namespace(prepared), Meta.name(prepared));
      try {
        if (options.dryRun()) {
          if (storage.get(key).isPresent()) {
            throw new KeyExistsException(key);
          }
          return prepared;
        }
        KeyValue created = storage.create(key, codec.encode(prepared));
        return codec.decode(created);
      } catch (KeyExistsException e) {
        if (!generated) {
          throw ApiErrors.alreadyExists(gr(), Meta.name(prepared));
        }
        if (attempt >= MAX_GENERATE_NAME_ATTEMPTS) {
          ApiException error = ApiErrors.alreadyExists(gr(), Meta.name(prepared));
          error.status().setMessage(
              gr() + " \"" + Meta.name(prepared) + "\" already exists, the server was not able to generate a unique name for the object");
          error.status().getDetails().setRetryAfterSeconds(1);
          throw error;
        }
      }
    }
  }

  private ObjectNode prepareForCreate(ObjectNode object) {
    ObjectNode meta = Meta.of(object);
    meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "resourceVersion"));
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Meta.timestamp(clock.instant()));
    if (strategy.tracksGeneration()) {
      meta.put("generation", 1);
    } else {
      meta.remove("generation");
    }
    if (strategy.hasStatusSubresource()) {
      // status is set through the status subresource only; a create starts from an empty status
      object.remove("status");
    }
    strategy.prepareForCreate(object);
    List<FieldError> errors = new ArrayList<>(metadataValidation.validateCreate(object, strategy.namespaced()));
    errors.addAll(strategy.validate(object));
    if (!errors.isEmpty()) {
      throw ApiErrors.invalid(strategy.kind(), strategy.group(), Meta.name(object), errors);
    }
    return object;
  }

  // ---------------------------------------------------------------- update

  /**
   * Updates the object as {@code update} computes it from the current one, retrying on concurrent writes. An
   * update that changes nothing does not write and keeps the resourceVersion. When it leaves a deleting object
   * with no finalizers, the object is deleted.
   *
   * @return the stored object, or its last state when the update completed its deletion
   */
  public ObjectNode update(String namespace, String name, UpdateFunction update, WriteOptions options) {
    String key = key(namespace, name);
    while (true) {
      KeyValue current = storage.get(key).orElseThrow(() -> ApiErrors.notFound(gr(), name));
      ObjectNode old = codec.decode(current);
      ObjectNode updated = update.apply(old.deepCopy());
      prepareForUpdate(updated, old, options);
      options.admission().validate(updated, old);

      if (Meta.deleting(updated) && Meta.finalizers(updated).isEmpty()) {
        if (options.dryRun()) {
          return updated;
        }
        // as Kubernetes' Store: the update is written (watchers see the finalizers go), then the object deleted
        KeyValue written;
        try {
          written = sameContent(updated, old) ? current : storage.update(key, codec.encode(updated), current.modRevision());
        } catch (RevisionConflictException e) {
          continue;
        } catch (KeyNotFoundException e) {
          throw ApiErrors.notFound(gr(), name);
        }
        return deleteFinalized(key, written);
      }
      if (sameContent(updated, old)) {
        return old;
      }
      if (options.dryRun()) {
        return updated;
      }
      try {
        return codec.decode(storage.update(key, codec.encode(updated), current.modRevision()));
      } catch (RevisionConflictException e) {
        // another writer got there first: recompute from its state; a client precondition fails in update
      } catch (KeyNotFoundException e) {
        throw ApiErrors.notFound(gr(), name);
      }
    }
  }

  /**
   * Deletes an object whose last finalizer is gone; when another writer changed it meanwhile, the object is deleted
   * only if it is still deleting without finalizers.
   */
  private ObjectNode deleteFinalized(String key, KeyValue written) {
    KeyValue current = written;
    while (true) {
      try {
        Deleted deleted = storage.delete(key, current.modRevision());
        return codec.decode(deleted.previous().value(), deleted.revision());
      } catch (RevisionConflictException e) {
        Optional<KeyValue> latest = storage.get(key);
        if (latest.isEmpty()) {
          return codec.decode(current);
        }
        current = latest.get();
        ObjectNode object = codec.decode(current);
        if (!Meta.deleting(object) || !Meta.finalizers(object).isEmpty()) {
          return object;
        }
      } catch (KeyNotFoundException e) {
        return codec.decode(current);
      }
    }
  }

  private void prepareForUpdate(ObjectNode updated, ObjectNode old, WriteOptions options) {
    ObjectNode meta = Meta.of(updated);
    ObjectNode oldMeta = Meta.of(old);
    if (Meta.uid(updated).isEmpty()) {
      meta.put("uid", Meta.uid(old));
    }
    for (String field : List.of("creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")) {
      copyField(oldMeta, meta, field);
    }
    meta.put("resourceVersion", Meta.resourceVersion(old));
    meta.remove("selfLink");
    if (options.statusWrite()) {
      // the status subresource changes status only (and nothing of metadata but what the client may not set)
      ObjectNode restored = old.deepCopy();
      restored.set("status", updated.get("status"));
      if (updated.get("status") == null) {
        restored.remove("status");
      }
      restored.set("metadata", oldMeta.deepCopy());
      if (meta.has("managedFields")) {
        Meta.of(restored).set("managedFields", meta.get("managedFields"));
      }
      updated.removeAll();
      updated.setAll(restored);
    } else {
      if (strategy.hasStatusSubresource()) {
        JsonNode oldStatus = old.get("status");
        if (oldStatus == null) {
          updated.remove("status");
        } else {
          updated.set("status", oldStatus.deepCopy());
        }
      }
      if (strategy.tracksGeneration() && specChanged(updated, old)) {
        long generation = oldMeta.path("generation").asLong(0);
        meta.put("generation", generation + 1);
      }
    }
    strategy.prepareForUpdate(updated, old);
    List<FieldError> errors = new ArrayList<>(metadataValidation.validateUpdate(updated, old, strategy.namespaced()));
    errors.addAll(strategy.validateUpdate(updated, old));
    if (!errors.isEmpty()) {
      throw ApiErrors.invalid(strategy.kind(), strategy.group(), Meta.name(updated), errors);
    }
  }

  private static void copyField(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value == null) {
      to.remove(field);
    } else {
      to.set(field, value.deepCopy());
    }
  }

  /** Anything but metadata and status changed: what bumps metadata.generation. */
  private static boolean specChanged(ObjectNode updated, ObjectNode old) {
    ObjectNode a = updated.deepCopy();
    ObjectNode b = old.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      o.remove(List.of("metadata", "status"));
    }
    return !a.equals(b);
  }

  /**
   * Equal as stored, ignoring the times of managedFields entries, which every write refreshes: a write that only
   * refreshes them is a no-op, as in Kubernetes.
   */
  private static boolean sameContent(ObjectNode updated, ObjectNode old) {
    return withoutManagedFieldTimes(updated).equals(withoutManagedFieldTimes(old));
  }

  private static ObjectNode withoutManagedFieldTimes(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode managed = Meta.of(copy).get("managedFields");
    if (managed instanceof ArrayNode entries) {
      entries.forEach(e -> {
        if (e instanceof ObjectNode entry) {
          entry.remove("time");
        }
      });
    }
    return copy;
  }

  // ---------------------------------------------------------------- delete

  public DeleteResult delete(String namespace, String name, DeleteRequest request, WriteOptions options) {
    String key = key(namespace, name);
    while (true) {
      KeyValue current = storage.get(key).orElseThrow(() -> ApiErrors.notFound(gr(), name));
      ObjectNode object = codec.decode(current);
      checkPreconditions(object, request);
      options.admission().validate(null, object);

      List<String> finalizers = new ArrayList<>(Meta.finalizers(object));
      String gcFinalizer = switch (request.propagationPolicy()) {
        case "Orphan" -> "orphan";
        case "Foreground" -> "foregroundDeletion";
        default -> null;
      };
      boolean deleting = Meta.deleting(object);
      if (gcFinalizer != null && !finalizers.contains(gcFinalizer) && !deleting) {
        finalizers.add(gcFinalizer);
      }
      if (finalizers.isEmpty()) {
        if (options.dryRun()) {
          return new DeleteResult(true, object);
        }
        try {
          Deleted deleted = storage.delete(key, current.modRevision());
          return new DeleteResult(true, codec.decode(deleted.previous().value(), deleted.revision()));
        } catch (RevisionConflictException e) {
          continue;
        } catch (KeyNotFoundException e) {
          throw ApiErrors.notFound(gr(), name);
        }
      }
      if (deleting && finalizers.equals(Meta.finalizers(object))) {
        return new DeleteResult(false, object);
      }
      ObjectNode marked = object.deepCopy();
      Meta.setFinalizers(marked, finalizers);
      if (!deleting) {
        Meta.of(marked).put("deletionTimestamp", Meta.timestamp(clock.instant()));
        Meta.of(marked).put("deletionGracePeriodSeconds", 0);
      }
      if (options.dryRun()) {
        return new DeleteResult(false, marked);
      }
      try {
        return new DeleteResult(false, codec.decode(storage.update(key, codec.encode(marked), current.modRevision())));
      } catch (RevisionConflictException e) {
        // retry against the newer state
      } catch (KeyNotFoundException e) {
        throw ApiErrors.notFound(gr(), name);
      }
    }
  }

  private void checkPreconditions(ObjectNode object, DeleteRequest request) {
    String name = Meta.name(object);
    if (!request.preconditionUid().isEmpty() && !request.preconditionUid().equals(Meta.uid(object))) {
      throw ApiErrors.conflict(
          gr(), name, "Precondition failed: UID in precondition: " + request.preconditionUid() + ", UID in object meta: " + Meta.uid(object));
    }
    if (!request.preconditionResourceVersion().isEmpty()
        && !request.preconditionResourceVersion().equals(Meta.resourceVersion(object))) {
      throw ApiErrors.conflict(
          gr(),
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + request.preconditionResourceVersion()
              + ", ResourceVersion in meta: "
              + Meta.resourceVersion(object));
    }
  }

  /**
   * Deletes every object of the collection that matches: not atomic, as in Kubernetes; objects deleted by
   * someone else meanwhile are skipped.
   */
  public List<ObjectNode> deleteCollection(String namespace, ListRequest selection, DeleteRequest request, WriteOptions options) {
    ListResult matching = list(namespace, new ListRequest(selection.filter(), selection.filtered(), 0, null, 0, 0));
    List<ObjectNode> deleted = new ArrayList<>();
    for (ObjectNode object : matching.items()) {
      try {
        DeleteResult result = delete(Meta.namespace(object), Meta.name(object), request, options);
        deleted.add(result.object());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    return deleted;
  }

  // ---------------------------------------------------------------- watch

  /**
   * Watches one namespace (or all) for changes after {@code afterRevision}, with Kubernetes' filter semantics:
   * an object that stops matching is DELETED for this watcher, one that starts matching is ADDED.
   *
   * @throws ApiException 410 Expired when the revision's history is compacted
   */
  public Watch watch(String namespace, long afterRevision, Predicate<ObjectNode> filter, WatchSink sink) {
    WatchListener listener = new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        boolean delivered;
        try {
          delivered = deliver(event, filter, sink);
        } catch (RuntimeException e) {
          sink.onClose(e);
          return;
        }
        if (!delivered) {
          // the event's own revision says as much when one was delivered; else bookmarks may still advance
          sink.onProgress(event.revision());
        }
      }

      @Override
      public void onProgress(long revision) {
        // the store has come this far without a change for this watch: bookmarks may say so
        sink.onProgress(revision);
      }

      @Override
      public void onClose(Throwable cause) {
        sink.onClose(cause);
      }
    };
    try {
      return storage.watch(collectionPrefix(namespace), afterRevision, listener);
    } catch (CompactedException e) {
      throw ApiErrors.tooOldResourceVersion(afterRevision, e.compacted());
    }
  }

  /**
   * Hands {@code event} to {@code sink} as this watcher sees it, at the event's revision; false when the filter
   * leaves nothing of it. Hub objects of events are shared by every watch of this kind (see {@link
   * SharedDecodes}): read-only.
   */
  private boolean deliver(WatchEvent event, Predicate<ObjectNode> filter, WatchSink sink) {
    ObjectNode previous = event.prevKv() == null ? null : watchDecodes.current(event.prevKv());
    boolean previousMatched = previous != null && filter.test(previous);
    if (event.type() == WatchEvent.Type.DELETE) {
      if (previousMatched) {
        sink.onEvent("DELETED", watchDecodes.at(event.prevKv(), event.revision()));
      }
      return previousMatched;
    }
    ObjectNode current = watchDecodes.current(event.kv());
    boolean currentMatches = filter.test(current);
    if (currentMatches) {
      sink.onEvent(previousMatched ? "MODIFIED" : "ADDED", current);
    } else if (previousMatched) {
      // as the watch cache does: the last state this watcher could see, at the revision that took it out of view
      sink.onEvent("DELETED", watchDecodes.at(event.prevKv(), event.revision()));
    }
    return currentMatches || previousMatched;
  }

  /** A hub object read by the engine's own consumers (admission plugins). */
  public List<ObjectNode> listAll(String namespace) {
    return list(namespace, ListRequest.all()).items();
  }

  @Override
  public String toString() {
    return "GenericRegistry[" + gr() + "]";
  }
}
