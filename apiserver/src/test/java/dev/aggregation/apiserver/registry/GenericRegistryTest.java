package dev.aggregation.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.machinery.NameGenerator;
import dev.aggregation.apiserver.machinery.WouldBlock;
import dev.aggregation.apiserver.machinery.validation.NameValidator;
import dev.aggregation.apiserver.storage.ForwardingStorage;
import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.Storage;
import dev.aggregation.apiserver.storage.Watch;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericRegistryTest {
  private static final String NS = "default";
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00.750Z");

  @TempDir Path dataDir;
  private SqliteStorage storage;
  private GenericRegistry registry;

  /** A namespaced kind with one identity version, a status subresource and generation tracking. */
  private static final class WidgetStrategy implements ResourceStrategy {
    @Override public String group() { return "test.example.com"; }
    @Override public String kind() { return "Widget"; }
    @Override public String resource() { return "widgets"; }
    @Override public String singular() { return "widget"; }
    @Override public boolean namespaced() { return true; }
    @Override public String storageVersion() { return "v1"; }
    @Override public boolean hasStatusSubresource() { return true; }
    @Override public boolean tracksGeneration() { return true; }
    @Override public List<FieldError> validate(ObjectNode hub) { return List.of(); }

    @Override
    public List<VersionDefinition> versions() {
      return List.of(new VersionDefinition() {
        @Override public String name() { return "v1"; }
        @Override public ObjectNode schema() { return Json.readObject("{\"type\":\"object\"}".getBytes()); }
        @Override public ObjectNode toHub(ObjectNode object) { return object; }
        @Override public ObjectNode fromHub(ObjectNode hub) { return hub; }
      });
    }
  }

  /** Draws the same characters over and over: every generated name for a prefix is the same one. */
  private static final RandomGenerator ALWAYS_ZERO = () -> 0L;

  @BeforeEach
  void open() {
    storage = SqliteStorage.open(dataDir);
    registry = registry(new NameGenerator(RandomGenerator.getDefault()));
  }

  private GenericRegistry registry(NameGenerator names) {
    return new GenericRegistry(
        new WidgetStrategy(),
        storage,
        "/registry/test",
        new StandardMetadataValidation(NameValidator.PATH_SEGMENT),
        Clock.fixed(NOW, ZoneOffset.UTC),
        names);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private static ObjectNode widget(String name) {
    return Json.readObject(
        ("{\"apiVersion\":\"test.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + NS
                + "\"},\"spec\":{\"size\":1}}")
            .getBytes());
  }

  private static ObjectNode labelled(String name, String app) {
    ObjectNode w = widget(name);
    Meta.of(w).putObject("labels").put("app", app);
    return w;
  }

  private ObjectNode create(ObjectNode object) {
    return registry.create(object, WriteOptions.of(false, ValidatingAdmission.NONE));
  }

  private ObjectNode update(String name, UpdateFunction f) {
    return registry.update(NS, name, f, WriteOptions.of(false, ValidatingAdmission.NONE));
  }

  private static ApiException apiError(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected an ApiException");
  }

  // ------------------------------------------------------------------ create

  @Test
  void createSetsTheSystemFields() {
    ObjectNode w = widget("a");
    Meta.of(w).put("uid", "client-uid").put("deletionTimestamp", "2020-01-01T00:00:00Z").put("selfLink", "/x");
    w.putObject("status").put("phase", "Ready");

    ObjectNode created = create(w);

    ObjectNode meta = Meta.of(created);
    assertThat(UUID.fromString(meta.path("uid").asText()).version()).isEqualTo(4);
    assertThat(meta.path("uid").asText()).isNotEqualTo("client-uid");
    assertThat(meta.path("creationTimestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(meta.path("generation").asLong()).isEqualTo(1);
    assertThat(meta.path("resourceVersion").asText()).isEqualTo(Long.toString(storage.currentRevision()));
    assertThat(meta.has("deletionTimestamp")).isFalse();
    assertThat(meta.has("selfLink")).isFalse();
    assertThat(created.has("status")).as("status is written through the status subresource only").isFalse();
    assertThat(registry.get(NS, "a")).isEqualTo(created);
  }

  @Test
  void refusesACreateWithAResourceVersion() {
    ObjectNode w = widget("a");
    Meta.of(w).put("resourceVersion", "5");

    assertThat(apiError(() -> create(w)).getMessage()).isEqualTo("resourceVersion should not be set on objects to be created");
  }

  @Test
  void answersAlreadyExistsForATakenName() {
    create(widget("a"));

    ApiException e = apiError(() -> create(widget("a")));

    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("AlreadyExists");
    assertThat(e.getMessage()).isEqualTo("widgets.test.example.com \"a\" already exists");
  }

  @Test
  void generatesANameFromGenerateName() {
    ObjectNode w = widget("");
    Meta.of(w).put("generateName", "w-");

    ObjectNode created = create(w);

    assertThat(Meta.name(created)).matches("w-[" + NameGenerator.ALPHABET + "]{5}");
  }

  @Test
  void retriesAGeneratedNameThatIsTaken() {
    RandomGenerator sequence = new RandomGenerator() {
      private final int[] draws = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
      private int next;

      @Override public long nextLong() { return 0; }
      @Override public int nextInt(int bound) { return draws[next++ % draws.length]; }
    };
    registry = registry(new NameGenerator(sequence));
    ObjectNode w = widget("");
    Meta.of(w).put("generateName", "w-");
    String first = Meta.name(create(w.deepCopy()));

    String second = Meta.name(create(w.deepCopy()));

    assertThat(first).isEqualTo("w-bbbbb");
    assertThat(second).isEqualTo("w-ccccc");
  }

  @Test
  void givesUpOnGeneratedNamesAfterEightCollisions() {
    registry = registry(new NameGenerator(ALWAYS_ZERO));
    ObjectNode w = widget("");
    Meta.of(w).put("generateName", "w-");
    create(w.deepCopy());

    ApiException e = apiError(() -> create(w.deepCopy()));

    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("AlreadyExists");
    assertThat(e.status().getMessage())
        .isEqualTo("widgets.test.example.com \"w-bbbbb\" already exists, the server was not able to generate a unique name for the object");
    assertThat(e.status().getDetails().getRetryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void dryRunCreateWritesNothing() {
    long before = storage.currentRevision();

    ObjectNode created = registry.create(widget("a"), WriteOptions.of(true, ValidatingAdmission.NONE));

    assertThat(Meta.uid(created)).isNotEmpty();
    assertThat(storage.currentRevision()).isEqualTo(before);
    assertThat(registry.find(NS, "a")).isEmpty();
  }

  @Test
  void dryRunCreateStillReportsATakenName() {
    create(widget("a"));

    assertThat(apiError(() -> registry.create(widget("a"), WriteOptions.of(true, ValidatingAdmission.NONE))).code()).isEqualTo(409);
  }

  @Test
  void runsValidatingAdmissionOnCreateWithoutOldObject() {
    List<ObjectNode> seen = new ArrayList<>();

    registry.create(widget("a"), WriteOptions.of(false, (object, old) -> {
      assertThat(old).isNull();
      seen.add(object);
    }));

    assertThat(seen).singleElement().satisfies(o -> assertThat(Meta.name(o)).isEqualTo("a"));
  }

  // ------------------------------------------------------------------ read

  @Test
  void getAnswersNotFoundAndFindEmpty() {
    ApiException e = apiError(() -> registry.get(NS, "missing"));

    assertThat(e.code()).isEqualTo(404);
    assertThat(e.getMessage()).isEqualTo("widgets.test.example.com \"missing\" not found");
    assertThat(registry.find(NS, "missing")).isEmpty();
  }

  @Test
  void keepsNamespacesApart() {
    create(widget("a"));

    assertThat(registry.find("other", "a")).isEmpty();
    assertThat(registry.list("other", ListRequest.all()).items()).isEmpty();
    assertThat(registry.list("", ListRequest.all()).items()).hasSize(1);
  }

  // ------------------------------------------------------------------ list

  @Test
  void pagesAListWithContinueKeysAndRemainingCounts() {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      create(widget(name));
    }

    ListResult first = registry.list(NS, new ListRequest(o -> true, false, 2, null, 0, 0));
    ListResult second = registry.list(NS, new ListRequest(o -> true, false, 2, first.continueKey(), first.revision(), 0));
    ListResult last = registry.list(NS, new ListRequest(o -> true, false, 2, second.continueKey(), second.revision(), 0));

    assertThat(first.items()).extracting(Meta::name).containsExactly("a", "b");
    assertThat(first.remainingItemCount()).isEqualTo(3);
    assertThat(second.items()).extracting(Meta::name).containsExactly("c", "d");
    assertThat(second.remainingItemCount()).isEqualTo(1);
    assertThat(last.items()).extracting(Meta::name).containsExactly("e");
    assertThat(last.continueKey()).isNull();
    assertThat(last.remainingItemCount()).isNull();
    assertThat(List.of(first.revision(), second.revision(), last.revision())).containsOnly(storage.currentRevision());
  }

  @Test
  void endsAPageThatExactlyExhaustsTheCollectionWithoutContinue() {
    create(widget("a"));
    create(widget("b"));

    ListResult page = registry.list(NS, new ListRequest(o -> true, false, 2, null, 0, 0));

    assertThat(page.items()).hasSize(2);
    assertThat(page.continueKey()).isNull();
  }

  @Test
  void fillsFilteredPagesFromLaterItemsAndGivesNoRemainingCount() {
    for (String name : List.of("a", "b", "c", "d", "e", "f")) {
      create(labelled(name, name.compareTo("c") % 2 == 0 ? "x" : "y"));
    }
    Predicate<ObjectNode> appX = o -> "x".equals(Meta.labels(o).get("app"));

    ListResult first = registry.list(NS, new ListRequest(appX, true, 2, null, 0, 0));
    ListResult rest = registry.list(NS, new ListRequest(appX, true, 2, first.continueKey(), first.revision(), 0));

    assertThat(first.items()).extracting(Meta::name).containsExactly("a", "c");
    assertThat(first.remainingItemCount()).isNull();
    assertThat(first.continueKey()).isNotNull();
    assertThat(rest.items()).extracting(Meta::name).containsExactly("e");
    assertThat(rest.continueKey()).isNull();
  }

  @Test
  void listsTheCollectionAsItWasAtAnOldRevision() {
    create(widget("a"));
    long then = storage.currentRevision();
    create(widget("b"));
    update("a", o -> {
      o.with("spec").put("size", 2);
      return o;
    });

    ListResult old = registry.list(NS, new ListRequest(o -> true, false, 0, null, then, 0));

    assertThat(old.revision()).isEqualTo(then);
    assertThat(old.items()).singleElement().satisfies(a -> {
      assertThat(a.at("/spec/size").asInt()).isEqualTo(1);
      assertThat(Meta.resourceVersion(a)).isEqualTo(Long.toString(then));
    });
  }

  @Test
  void answersGoneForACompactedRevision() {
    create(widget("a"));
    long then = storage.currentRevision();
    create(widget("b"));
    storage.compact(storage.currentRevision());

    ApiException e = apiError(() -> registry.list(NS, new ListRequest(o -> true, false, 0, null, then, 0)));

    assertThat(e.code()).isEqualTo(410);
    assertThat(e.reason()).isEqualTo("Expired");
    assertThat(e.getMessage()).isEqualTo("too old resource version: " + then + " (" + storage.compactedRevision() + ")");
  }

  /** The registry on a store whose every list is in memory, as a current watch cache's is. */
  private GenericRegistry registryOnAStoreThatListsWithoutBlocking() {
    Storage inMemory = new ForwardingStorage(storage) {
      @Override
      public ListPage listWithoutBlocking(String prefix, String startKey, int limit, long revision) {
        return list(prefix, startKey, limit, revision);
      }
    };
    return new GenericRegistry(new WidgetStrategy(), inMemory, "/registry/test", new StandardMetadataValidation(NameValidator.PATH_SEGMENT),
        Clock.fixed(NOW, ZoneOffset.UTC), new NameGenerator(RandomGenerator.getDefault()));
  }

  @Test
  void listsWithoutBlockingThePagesTheBlockingListAnswers() throws Exception {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      create(widget(name));
    }
    GenericRegistry fromMemory = registryOnAStoreThatListsWithoutBlocking();

    ListResult first = fromMemory.listWithoutBlocking(NS, new ListRequest(o -> true, false, 2, null, 0, 0), 100);
    ListResult rest = fromMemory.listWithoutBlocking(NS, new ListRequest(o -> true, false, 0, first.continueKey(), first.revision(), 0), 100);
    ListResult blocking = registry.list(NS, new ListRequest(o -> true, false, 2, null, 0, 0));

    assertThat(first.items()).extracting(Meta::name).containsExactly("a", "b");
    assertThat(first.remainingItemCount()).isEqualTo(3);
    assertThat(first.continueKey()).isEqualTo(blocking.continueKey());
    assertThat(rest.items()).extracting(Meta::name).containsExactly("c", "d", "e");
    assertThat(rest.revision()).isEqualTo(first.revision());
  }

  @Test
  void aListWithoutBlockingThatWouldReadMoreObjectsThanAllowedWouldBlock() {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      create(labelled(name, "y"));
    }
    GenericRegistry fromMemory = registryOnAStoreThatListsWithoutBlocking();
    Predicate<ObjectNode> appX = o -> "x".equals(Meta.labels(o).get("app"));

    // a selector that matches nothing still reads every object
    assertThatThrownBy(() -> fromMemory.listWithoutBlocking(NS, new ListRequest(appX, true, 0, null, 0, 0), 4)).isInstanceOf(WouldBlock.class);
    assertThatThrownBy(() -> fromMemory.listWithoutBlocking(NS, ListRequest.all(), 4)).isInstanceOf(WouldBlock.class);
  }

  @Test
  void aListWithoutBlockingNotOlderThanARevisionTheStoreHasNotReachedWouldBlock() throws Exception {
    create(widget("a"));
    GenericRegistry fromMemory = registryOnAStoreThatListsWithoutBlocking();
    long current = storage.currentRevision();

    assertThatThrownBy(() -> fromMemory.listWithoutBlocking(NS, new ListRequest(o -> true, false, 0, null, 0, current + 1), 100))
        .isInstanceOf(WouldBlock.class);
    assertThat(fromMemory.listWithoutBlocking(NS, new ListRequest(o -> true, false, 0, null, 0, current), 100).items()).hasSize(1);
  }

  @Test
  void aListWithoutBlockingFromAStoreThatListsOnlyByAskingWouldBlock() {
    create(widget("a"));

    assertThatThrownBy(() -> registry.listWithoutBlocking(NS, ListRequest.all(), 100)).isInstanceOf(WouldBlock.class);
  }

  // ------------------------------------------------------------------ update

  @Test
  void bumpsGenerationOnlyWhenTheSpecChanges() {
    create(widget("a"));

    ObjectNode labelled = update("a", o -> {
      Meta.of(o).putObject("labels").put("k", "v");
      return o;
    });
    ObjectNode resized = update("a", o -> {
      o.with("spec").put("size", 7);
      return o;
    });

    assertThat(Meta.of(labelled).path("generation").asLong()).isEqualTo(1);
    assertThat(Meta.of(resized).path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void keepsTheSystemFieldsOfTheStoredObjectOnUpdate() {
    ObjectNode created = create(widget("a"));

    ObjectNode updated = update("a", o -> {
      Meta.of(o).put("creationTimestamp", "2000-01-01T00:00:00Z").put("generation", 42).remove("uid");
      o.with("spec").put("size", 3);
      return o;
    });

    assertThat(Meta.uid(updated)).isEqualTo(Meta.uid(created));
    assertThat(Meta.of(updated).path("creationTimestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(Meta.of(updated).path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void keepsTheStatusOnMainResourceWrites() {
    create(widget("a"));
    registry.update(NS, "a", o -> {
      o.putObject("status").put("phase", "Ready");
      return o;
    }, new WriteOptions(false, ValidatingAdmission.NONE, "status"));

    ObjectNode updated = update("a", o -> {
      o.putObject("status").put("phase", "Broken");
      o.with("spec").put("size", 2);
      return o;
    });

    assertThat(updated.at("/status/phase").asText()).isEqualTo("Ready");
    assertThat(updated.at("/spec/size").asInt()).isEqualTo(2);
  }

  @Test
  void statusWritesChangeOnlyTheStatus() {
    ObjectNode created = create(widget("a"));

    ObjectNode updated = registry.update(NS, "a", o -> {
      o.putObject("status").put("phase", "Ready");
      o.with("spec").put("size", 9);
      Meta.of(o).putObject("labels").put("sneaky", "yes");
      return o;
    }, new WriteOptions(false, ValidatingAdmission.NONE, "status"));

    assertThat(updated.at("/status/phase").asText()).isEqualTo("Ready");
    assertThat(updated.get("spec")).isEqualTo(created.get("spec"));
    assertThat(Meta.labels(updated)).isEmpty();
    assertThat(Meta.of(updated).path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void doesNotWriteAnUpdateThatChangesNothing() {
    ObjectNode created = create(widget("a"));
    long before = storage.currentRevision();

    ObjectNode same = update("a", o -> o);

    assertThat(Meta.resourceVersion(same)).isEqualTo(Meta.resourceVersion(created));
    assertThat(storage.currentRevision()).isEqualTo(before);
  }

  @Test
  void doesNotWriteAnUpdateThatOnlyRefreshesManagedFieldsTimes() {
    ObjectNode w = widget("a");
    Meta.of(w).putArray("managedFields").addObject()
        .put("manager", "kubectl").put("operation", "Update").put("apiVersion", "test.example.com/v1")
        .put("time", "2024-05-01T10:00:00Z").put("fieldsType", "FieldsV1")
        .putObject("fieldsV1").putObject("f:spec").putObject("f:size");
    ObjectNode created = create(w);
    long before = storage.currentRevision();

    ObjectNode same = update("a", o -> {
      ((ObjectNode) Meta.of(o).withArray("managedFields").get(0)).put("time", "2024-05-01T11:00:00Z");
      return o;
    });

    assertThat(Meta.resourceVersion(same)).isEqualTo(Meta.resourceVersion(created));
    assertThat(storage.currentRevision()).isEqualTo(before);
  }

  @Test
  void landsEveryConcurrentReadModifyWriteUpdate() throws Exception {
    create(widget("counter"));
    int threads = 4;
    int incrementsPerThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < incrementsPerThread; i++) {
            update("counter", o -> {
              o.with("spec").put("size", o.at("/spec/size").asInt() + 1);
              return o;
            });
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    ObjectNode counter = registry.get(NS, "counter");
    assertThat(counter.at("/spec/size").asInt()).isEqualTo(1 + threads * incrementsPerThread);
    assertThat(Meta.of(counter).path("generation").asLong()).isEqualTo(1 + threads * incrementsPerThread);
  }

  @Test
  void updateOfAMissingObjectIsNotFound() {
    assertThat(apiError(() -> update("missing", o -> o)).code()).isEqualTo(404);
  }

  @Test
  void dryRunUpdateWritesNothing() {
    create(widget("a"));
    long before = storage.currentRevision();

    ObjectNode result = registry.update(NS, "a", o -> {
      o.with("spec").put("size", 5);
      return o;
    }, WriteOptions.of(true, ValidatingAdmission.NONE));

    assertThat(result.at("/spec/size").asInt()).isEqualTo(5);
    assertThat(storage.currentRevision()).isEqualTo(before);
    assertThat(registry.get(NS, "a").at("/spec/size").asInt()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ delete

  @Test
  void deletesAnObjectWithoutFinalizersAtOnce() {
    create(widget("a"));

    DeleteResult result = registry.delete(NS, "a", DeleteRequest.plain(), WriteOptions.of(false, ValidatingAdmission.NONE));

    assertThat(result.deleted()).isTrue();
    assertThat(Meta.resourceVersion(result.object())).isEqualTo(Long.toString(storage.currentRevision()));
    assertThat(registry.find(NS, "a")).isEmpty();
  }

  @Test
  void marksAnObjectWithFinalizersAndDeletesItWhenTheLastOneIsRemoved() {
    ObjectNode w = widget("a");
    Meta.setFinalizers(w, List.of("test.example.com/cleanup"));
    create(w);

    DeleteResult marked = registry.delete(NS, "a", DeleteRequest.plain(), WriteOptions.of(false, ValidatingAdmission.NONE));
    ObjectNode last = update("a", o -> {
      Meta.setFinalizers(o, List.of());
      return o;
    });

    assertThat(marked.deleted()).isFalse();
    assertThat(Meta.of(marked.object()).path("deletionTimestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(Meta.of(marked.object()).path("deletionGracePeriodSeconds").asLong()).isZero();
    assertThat(Meta.finalizers(last)).isEmpty();
    assertThat(registry.find(NS, "a")).isEmpty();
  }

  @Test
  void keepsADeletingObjectOnARepeatedDelete() {
    ObjectNode w = widget("a");
    Meta.setFinalizers(w, List.of("test.example.com/cleanup"));
    create(w);
    DeleteResult first = registry.delete(NS, "a", DeleteRequest.plain(), WriteOptions.of(false, ValidatingAdmission.NONE));
    long before = storage.currentRevision();

    DeleteResult second = registry.delete(NS, "a", DeleteRequest.plain(), WriteOptions.of(false, ValidatingAdmission.NONE));

    assertThat(second.deleted()).isFalse();
    assertThat(second.object()).isEqualTo(first.object());
    assertThat(storage.currentRevision()).isEqualTo(before);
  }

  @Test
  void orphanPropagationAddsTheOrphanFinalizer() {
    create(widget("a"));

    DeleteResult result = registry.delete(NS, "a", new DeleteRequest("", "", "Orphan"), WriteOptions.of(false, ValidatingAdmission.NONE));

    assertThat(result.deleted()).isFalse();
    assertThat(Meta.finalizers(result.object())).containsExactly("orphan");
    assertThat(Meta.deleting(registry.get(NS, "a"))).isTrue();
  }

  @Test
  void foregroundPropagationAddsTheForegroundFinalizer() {
    create(widget("a"));

    DeleteResult result =
        registry.delete(NS, "a", new DeleteRequest("", "", "Foreground"), WriteOptions.of(false, ValidatingAdmission.NONE));

    assertThat(Meta.finalizers(result.object())).containsExactly("foregroundDeletion");
  }

  @Test
  void rejectsADeleteWhoseUidPreconditionFails() {
    ObjectNode created = create(widget("a"));

    ApiException e = apiError(() ->
        registry.delete(NS, "a", new DeleteRequest("other-uid", "", ""), WriteOptions.of(false, ValidatingAdmission.NONE)));

    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(e.getMessage())
        .isEqualTo("Operation cannot be fulfilled on widgets.test.example.com \"a\": Precondition failed: UID in precondition: other-uid, UID in object meta: "
            + Meta.uid(created));
    assertThat(registry.find(NS, "a")).isPresent();
  }

  @Test
  void rejectsADeleteWhoseResourceVersionPreconditionFails() {
    ObjectNode created = create(widget("a"));

    ApiException e = apiError(() ->
        registry.delete(NS, "a", new DeleteRequest("", "999", ""), WriteOptions.of(false, ValidatingAdmission.NONE)));

    assertThat(e.getMessage())
        .isEqualTo("Operation cannot be fulfilled on widgets.test.example.com \"a\": Precondition failed: ResourceVersion in precondition: 999, ResourceVersion in meta: "
            + Meta.resourceVersion(created));
  }

  @Test
  void deletesWhenThePreconditionsHold() {
    ObjectNode created = create(widget("a"));

    DeleteResult result = registry.delete(
        NS, "a", new DeleteRequest(Meta.uid(created), Meta.resourceVersion(created), ""), WriteOptions.of(false, ValidatingAdmission.NONE));

    assertThat(result.deleted()).isTrue();
  }

  @Test
  void dryRunDeleteWritesNothing() {
    create(widget("a"));
    long before = storage.currentRevision();

    DeleteResult result = registry.delete(NS, "a", DeleteRequest.plain(), WriteOptions.of(true, ValidatingAdmission.NONE));

    assertThat(result.deleted()).isTrue();
    assertThat(storage.currentRevision()).isEqualTo(before);
    assertThat(registry.find(NS, "a")).isPresent();
  }

  @Test
  void deletesTheMatchingObjectsOfACollection() {
    create(labelled("a", "x"));
    create(labelled("b", "y"));
    create(labelled("c", "x"));

    List<ObjectNode> deleted = registry.deleteCollection(
        NS, new ListRequest(o -> "x".equals(Meta.labels(o).get("app")), true, 0, null, 0, 0), DeleteRequest.plain(),
        WriteOptions.of(false, ValidatingAdmission.NONE));

    assertThat(deleted).extracting(Meta::name).containsExactly("a", "c");
    assertThat(registry.list(NS, ListRequest.all()).items()).extracting(Meta::name).containsExactly("b");
  }

  // ------------------------------------------------------------------ watch

  private record Event(String type, ObjectNode object) {}

  private static final class QueueSink implements WatchSink {
    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override public void onEvent(String type, ObjectNode object) { events.add(new Event(type, object)); }
    @Override public void onProgress(long revision) {}
    @Override public void onClose(Throwable cause) {}

    Event next() throws InterruptedException {
      Event e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("a watch event").isNotNull();
      return e;
    }
  }

  @Test
  void watchTurnsSelectorTransitionsIntoAddedAndDeleted() throws Exception {
    create(labelled("a", "x"));
    QueueSink sink = new QueueSink();
    try (Watch ignored = registry.watch(NS, storage.currentRevision(), o -> "x".equals(Meta.labels(o).get("app")), sink)) {
      update("a", o -> {
        o.with("spec").put("size", 2);
        return o;
      });
      long modified = storage.currentRevision();
      update("a", o -> {
        Meta.of(o).with("labels").put("app", "y");
        return o;
      });
      long leftSelector = storage.currentRevision();
      create(labelled("other", "y"));
      update("a", o -> {
        Meta.of(o).with("labels").put("app", "x");
        return o;
      });
      long enteredSelector = storage.currentRevision();
      registry.delete(NS, "a", DeleteRequest.plain(), WriteOptions.of(false, ValidatingAdmission.NONE));
      long deletion = storage.currentRevision();

      Event first = sink.next();
      Event second = sink.next();
      Event third = sink.next();
      Event fourth = sink.next();

      assertThat(first.type()).isEqualTo("MODIFIED");
      assertThat(Meta.resourceVersion(first.object())).isEqualTo(Long.toString(modified));
      assertThat(second.type()).isEqualTo("DELETED");
      assertThat(Meta.labels(second.object())).as("the last state the watcher could see").containsEntry("app", "x");
      assertThat(Meta.resourceVersion(second.object())).isEqualTo(Long.toString(leftSelector));
      assertThat(third.type()).isEqualTo("ADDED");
      assertThat(Meta.resourceVersion(third.object())).isEqualTo(Long.toString(enteredSelector));
      assertThat(fourth.type()).isEqualTo("DELETED");
      assertThat(Meta.resourceVersion(fourth.object())).isEqualTo(Long.toString(deletion));
      assertThat(sink.events).isEmpty();
    }
  }

  @Test
  void watchTellsProgressOnlyForTheEventsItsFilterDrops() throws Exception {
    long from = storage.currentRevision();
    LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
    WatchSink sink = new WatchSink() {
      @Override public void onEvent(String type, ObjectNode object) { calls.add(type + " " + Meta.resourceVersion(object)); }
      @Override public void onProgress(long revision) { calls.add("progress " + revision); }
      @Override public void onClose(Throwable cause) {}
    };
    try (Watch ignored = registry.watch(NS, from, o -> "x".equals(Meta.labels(o).get("app")), sink)) {
      create(labelled("seen", "x"));
      long seen = storage.currentRevision();
      create(labelled("dropped", "y"));
      long dropped = storage.currentRevision();

      List<String> received = new ArrayList<>();
      while (!received.contains("progress " + dropped)) {
        String call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a call of the watch after " + received).isNotNull();
        received.add(call);
      }

      assertThat(received).as("the delivered event carries its revision; the dropped one comes as progress")
          .containsExactly("ADDED " + seen, "progress " + dropped);
    }
  }

  @Test
  void watchFromACompactedRevisionIsGone() {
    create(widget("a"));
    long then = storage.currentRevision();
    create(widget("b"));
    create(widget("c"));
    storage.compact(storage.currentRevision());

    assertThatThrownBy(() -> registry.watch(NS, then - 1, o -> true, new QueueSink()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(410));
  }
}
