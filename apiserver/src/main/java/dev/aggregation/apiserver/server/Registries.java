package dev.aggregation.apiserver.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.NameGenerator;
import dev.aggregation.apiserver.registry.ApiGroup;
import dev.aggregation.apiserver.registry.GenericRegistry;
import dev.aggregation.apiserver.registry.StandardMetadataValidation;
import dev.aggregation.apiserver.registry.ObjectReader;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.StorageCodec;
import dev.aggregation.apiserver.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;


/**
 * One registry per served kind, over one store; also the {@link ObjectReader} admission plugins read through,
 * which answers from a {@link ResourceInformer} per resource read (started on the first read), as kube's
 * plugins read informers: no round trip to the store on the path of the request being admitted.
 */
final class Registries implements ObjectReader, AutoCloseable {
  /** kube's admission handler waits this long for its informers' first list (timeToWaitForReady). */
  static final Duration INFORMER_SYNC_WAIT = Duration.ofSeconds(10);

  private final Map<GroupResource, GenericRegistry> byResource = new LinkedHashMap<>();
  private final Map<GroupResource, ResourceStrategy> strategies = new LinkedHashMap<>();
  /** What each registry wrote last: its informer waits for that much before answering this replica. */
  private final Map<GroupResource, LastWriteRevision> writes = new LinkedHashMap<>();
  private final Storage storage;
  private final String prefix;
  private final Map<GroupResource, ResourceInformer> informers = new ConcurrentHashMap<>();
  /** Runs the informers' lists; created with the first informer. Guarded by this. */
  private ScheduledExecutorService informerThread;
  // Guarded by this.
  private boolean closed;

  Registries(List<ApiGroup> groups, Storage storage, String prefix, Clock clock, NameGenerator names) {
    this.storage = storage;
    this.prefix = prefix;
    for (ApiGroup group : groups) {
      for (ResourceStrategy strategy : group.resources()) {
        LastWriteRevision written = new LastWriteRevision(storage);
        byResource.put(strategy.groupResource(), new GenericRegistry(strategy, written, prefix, new StandardMetadataValidation(strategy.nameValidator()), clock, names));
        strategies.put(strategy.groupResource(), strategy);
        writes.put(strategy.groupResource(), written);
      }
    }
  }

  /** The key prefix of every served resource, {@code <prefix>/<group>/<resource>/}: what the watch cache holds. */
  static List<String> resourcePrefixes(List<ApiGroup> groups, String prefix) {
    return groups.stream()
        .flatMap(group -> group.resources().stream())
        .map(strategy -> GenericRegistry.resourcePrefix(prefix, strategy))
        .toList();
  }

  GenericRegistry get(GroupResource resource) {
    GenericRegistry registry = byResource.get(resource);
    if (registry == null) {
      throw new IllegalArgumentException("no registry serves " + resource);
    }
    return registry;
  }

  /**
   * The objects as the resource's informer holds them, once it has every write this replica made to the
   * resource (waiting at most {@link #INFORMER_SYNC_WAIT} for them): another replica's write of a moment ago may
   * not be there yet.
   *
   * @throws dev.aggregation.apiserver.storage.StorageException when the informer has not listed the store within
   *     {@link #INFORMER_SYNC_WAIT} (kube's plugins answer "not yet ready to handle request" then)
   */
  @Override
  public List<ObjectNode> list(GroupResource resource, String namespace) {
    GenericRegistry registry = get(resource);
    return informer(resource).list(registry.collectionPrefix(namespace), writes.get(resource).newest(), INFORMER_SYNC_WAIT);
  }

  private ResourceInformer informer(GroupResource resource) {
    ResourceInformer informer = informers.get(resource);
    if (informer != null) {
      return informer;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the registries are closed");
      }
      if (informerThread == null) {
        informerThread =
            Executors.newSingleThreadScheduledExecutor(
                task -> {
                  Thread thread = new Thread(task, "object-informers");
                  thread.setDaemon(true);
                  return thread;
                });
      }
      return informers.computeIfAbsent(resource, this::startInformer);
    }
  }

  private ResourceInformer startInformer(GroupResource resource) {
    ResourceStrategy strategy = strategies.get(resource);
    ResourceInformer informer =
        new ResourceInformer(
            storage, GenericRegistry.resourcePrefix(prefix, strategy), new StorageCodec(strategy), informerThread);
    informer.start();
    return informer;
  }

  /** Stops the informers' watches; the store itself is closed by its owner. */
  @Override
  public void close() {
    ScheduledExecutorService thread;
    synchronized (this) {
      closed = true;
      thread = informerThread;
    }
    if (thread != null) {
      thread.shutdownNow();
    }
    informers.values().forEach(ResourceInformer::close);
  }
}
