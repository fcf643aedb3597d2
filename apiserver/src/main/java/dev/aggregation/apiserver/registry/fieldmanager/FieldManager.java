package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.fieldmanager.ManagerId.Operation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Server-side apply and managedFields tracking for one kind (or one subresource of it), with the semantics of
 * Kubernetes' field manager over structured-merge-diff: updates give the writer the fields it changed, applies
 * merge a configuration, prune what the applier stopped setting and refuse to take fields from other managers
 * unless forced. Pure and stateless: objects in, objects out; inputs are never modified.
 */
public final class FieldManager {
  /** Update entries kept before the oldest are merged into {@code ancient-changes} (Kubernetes' default). */
  static final int MAX_UPDATE_MANAGERS = 10;

  private static final String BEFORE_FIRST_APPLY = "before-first-apply";
  private static final String ANCIENT_CHANGES = "ancient-changes";

  /** Fields no manager owns (Kubernetes' stripMetaManager). */
  private static final FieldSet NEVER_OWNED =
      FieldSet.of(
          FieldPath.fields("apiVersion"),
          FieldPath.fields("kind"),
          FieldPath.fields("metadata"),
          FieldPath.fields("metadata", "name"),
          FieldPath.fields("metadata", "namespace"),
          FieldPath.fields("metadata", "creationTimestamp"),
          FieldPath.fields("metadata", "selfLink"),
          FieldPath.fields("metadata", "uid"),
          FieldPath.fields("metadata", "clusterName"),
          FieldPath.fields("metadata", "generation"),
          FieldPath.fields("metadata", "managedFields"),
          FieldPath.fields("metadata", "resourceVersion"));

  private final MergeSchema schema;
  private final String subresource;

  private FieldManager(MergeSchema schema, String subresource) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.subresource = subresource;
  }

  public static FieldManager forResource(MergeSchema schema) {
    return new FieldManager(schema, "");
  }

  /** For writes through a subresource ({@code status}): entries carry it, request managedFields are ignored. */
  public static FieldManager forSubresource(MergeSchema schema, String subresource) {
    return new FieldManager(schema, Objects.requireNonNull(subresource, "subresource"));
  }

  /**
   * Records a CREATE ({@code live} null), UPDATE or non-apply PATCH by {@code manager}: the fields this write added
   * or changed become the manager's (moving away from whoever owned them), removed fields are no one's. Returns
   * {@code newObject}'s copy with {@code metadata.managedFields} set. Like Kubernetes, a failure to track never
   * fails the write: the live managedFields are kept instead.
   */
  public ObjectNode update(ObjectNode live, ObjectNode newObject, String manager, String apiVersion, Instant now) {
    ObjectNode result = newObject.deepCopy();
    Map<ManagerId, ManagedEntry> managed = requestOrLiveManagedFields(live, newObject);
    if (managed.isEmpty() && live != null) {
      // Kubernetes tracks an existing object again only from its next apply once its managedFields are gone.
      setManagedFields(result, null);
      return result;
    }
    try {
      ObjectNode before = live == null ? emptyLike(newObject) : withoutManagedFields(live);
      managed =
          trackUpdate(
              before,
              withoutManagedFields(newObject),
              managed,
              ManagerId.update(manager, apiVersion, subresource),
              apiVersion,
              now);
      setManagedFields(result, ManagedFieldsCodec.encode(capUpdateManagers(managed).values()));
    } catch (InvalidObjectException e) {
      setManagedFields(result, live == null ? null : managedFieldsOf(live));
    }
    return result;
  }

  /**
   * Server-side apply of {@code applyConfig} by {@code manager} onto {@code live} (null creates). Throws the
   * 409 {@code Conflict} {@link ApiException} when the configuration changes fields other managers own and
   * {@code force} is false; with {@code force} the applier takes them.
   */
  public ApplyResult apply(
      ObjectNode live, ObjectNode applyConfig, String manager, String apiVersion, boolean force, Instant now) {
    checkApplyConfiguration(applyConfig, apiVersion);
    ObjectNode before = live == null ? emptyLike(applyConfig) : withoutManagedFields(live);
    Map<ManagerId, ManagedEntry> managed = decodeLive(live);
    if (managed.isEmpty() && live != null) {
      // Fields set before anyone applied belong to a placeholder updater, so the first apply can conflict with them.
      managed =
          trackUpdate(
              emptyLike(before), before, managed, ManagerId.update(BEFORE_FIRST_APPLY, apiVersion, subresource), apiVersion, now);
    }
    TypeNode root = schema.root();
    FieldSet configFields;
    try {
      configFields = ObjectFields.of(applyConfig, root);
    } catch (InvalidObjectException e) {
      throw unknownError("failed to create typed patch object (" + describe(applyConfig) + "): " + e.getMessage());
    }
    ObjectNode merged;
    Comparison changes;
    try {
      merged = ObjectMerger.merge(before, applyConfig, root);
      ManagerId applier = ManagerId.apply(manager, subresource);
      ManagedEntry last = managed.get(applier);
      Map<ManagerId, ManagedEntry> owners = new LinkedHashMap<>(managed);
      owners.put(applier, new ManagedEntry(applier, apiVersion, last == null ? null : last.time(), configFields));
      if (last != null) {
        merged = prune(merged, owners, last.fields());
      }
      changes = Comparison.of(before, merged, root);
      managed = takeOwnership(owners, applier, changes, force);
      boolean changed = !JsonValues.equal(before, merged);
      ManagedEntry applied = owners.get(applier);
      managed.put(
          applier,
          new ManagedEntry(
              applier, apiVersion, changed ? seconds(now) : applied.time(), configFields.difference(NEVER_OWNED)));
      setManagedFields(merged, ManagedFieldsCodec.encode(managed.values()));
      return new ApplyResult(merged, live == null, changed);
    } catch (InvalidObjectException e) {
      throw unknownError("failed to create typed live object (" + describe(before) + "): " + e.getMessage());
    }
  }

  private static void checkApplyConfiguration(ObjectNode applyConfig, String apiVersion) {
    JsonNode managedFields = applyConfig.path("metadata").get("managedFields");
    if (managedFields != null && !managedFields.isNull()) {
      throw ApiErrors.badRequest("metadata.managedFields must be nil");
    }
    String patchVersion = applyConfig.path("apiVersion").asText("");
    if (!patchVersion.equals(apiVersion)) {
      throw ApiErrors.badRequest(
          "Incorrect version specified in apply patch. Specified patch version: "
              + patchVersion
              + ", expected: "
              + apiVersion);
    }
  }

  /**
   * Removes what the applier owned last time, no longer applies, and nobody else owns; named parents
   * ({@code spec}) go too once nothing below them is owned.
   */
  private ObjectNode prune(ObjectNode merged, Map<ManagerId, ManagedEntry> owners, FieldSet lastApplied) {
    TypeNode root = schema.root();
    FieldSet owned = FieldSet.empty();
    for (ManagedEntry e : owners.values()) {
      owned = owned.union(e.fields());
    }
    FieldSet toRemove =
        ObjectFields.withNamedFieldsAsMembers(lastApplied, root)
            .difference(ObjectFields.withNamedFieldsAsMembers(owned, root))
            .difference(NEVER_OWNED);
    return ObjectMerger.remove(merged, toRemove, root);
  }

  /**
   * Takes the changed fields from every manager but {@code writer} (refusing, unless forced, when that is a
   * conflict) and drops removed fields from all of them. Returns the other managers' remaining entries.
   */
  private static Map<ManagerId, ManagedEntry> takeOwnership(
      Map<ManagerId, ManagedEntry> owners, ManagerId writer, Comparison changes, boolean force) {
    FieldSet changed = changes.addedOrModified();
    List<ApplyConflict> conflicts = new ArrayList<>();
    List<ManagerId> others = new ArrayList<>(owners.keySet());
    others.remove(writer);
    others.sort(
        Comparator.comparing(ManagerId::manager, JsonValues::compareStrings)
            .thenComparing(id -> id.operation().wire())
            .thenComparing(ManagerId::apiVersion)
            .thenComparing(ManagerId::subresource));
    Map<ManagerId, ManagedEntry> out = new LinkedHashMap<>();
    for (ManagerId id : others) {
      ManagedEntry entry = owners.get(id);
      entry.fields().intersection(changed).paths().forEach(p -> conflicts.add(new ApplyConflict(id, p)));
      FieldSet remaining = entry.fields().difference(changed).difference(changes.removed());
      if (!remaining.isEmpty()) {
        out.put(id, entry.withFields(remaining));
      }
    }
    if (!force && !conflicts.isEmpty()) {
      throw ApplyConflict.toError(conflicts);
    }
    return out;
  }

  /** The Update bookkeeping: other managers lose what changed, the writer gains it (if anything changed). */
  private Map<ManagerId, ManagedEntry> trackUpdate(
      ObjectNode before,
      ObjectNode after,
      Map<ManagerId, ManagedEntry> managed,
      ManagerId writer,
      String apiVersion,
      Instant now) {
    Comparison changes = Comparison.of(before, after, schema.root());
    FieldSet mine = changes.addedOrModified().difference(NEVER_OWNED);
    Map<ManagerId, ManagedEntry> out = new LinkedHashMap<>();
    FieldSet changed = changes.addedOrModified();
    for (ManagedEntry e : managed.values()) {
      FieldSet remaining = e.fields().difference(changed).difference(changes.removed());
      if (!remaining.isEmpty()) {
        out.put(e.id(), e.withFields(remaining));
      }
    }
    if (!mine.isEmpty()) {
      ManagedEntry previous = out.get(writer);
      FieldSet fields = previous == null ? mine : previous.fields().union(mine);
      out.put(writer, new ManagedEntry(writer, apiVersion, seconds(now), fields));
    }
    return out;
  }

  /** Keeps at most {@link #MAX_UPDATE_MANAGERS} Update entries by merging the oldest per apiVersion. */
  static Map<ManagerId, ManagedEntry> capUpdateManagers(Map<ManagerId, ManagedEntry> managed) {
    List<ManagedEntry> updaters = new ArrayList<>();
    for (ManagedEntry e : managed.values()) {
      if (e.id().operation() == Operation.UPDATE) {
        updaters.add(e);
      }
    }
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return managed;
    }
    updaters.sort(
        Comparator.comparingLong((ManagedEntry e) -> e.time() == null ? 0 : e.time().getEpochSecond())
            .thenComparing(e -> e.id().manager(), JsonValues::compareStrings));
    Map<ManagerId, ManagedEntry> out = new LinkedHashMap<>(managed);
    Map<String, ManagedEntry> firstOfVersion = new LinkedHashMap<>();
    int count = updaters.size();
    for (int i = 0; i < updaters.size() && count > MAX_UPDATE_MANAGERS; i++) {
      ManagedEntry entry = updaters.get(i);
      ManagerId bucket = ManagerId.update(ANCIENT_CHANGES, entry.apiVersion(), "");
      ManagedEntry first = firstOfVersion.get(entry.apiVersion());
      if (first == null) {
        firstOfVersion.put(entry.apiVersion(), entry);
        continue;
      }
      ManagedEntry existing = out.get(bucket);
      if (existing == null) {
        out.remove(first.id());
        existing = new ManagedEntry(bucket, first.apiVersion(), first.time(), first.fields());
      }
      out.remove(entry.id());
      out.put(bucket, new ManagedEntry(bucket, entry.apiVersion(), entry.time(), existing.fields().union(entry.fields())));
      count--;
    }
    return out;
  }

  /** Kubernetes' decodeLiveOrNew: a valid, non-empty request list wins, {@code []} resets, else the live one. */
  private Map<ManagerId, ManagedEntry> requestOrLiveManagedFields(ObjectNode live, ObjectNode newObject) {
    if (!subresource.isEmpty()) {
      return decodeOrEmpty(live == null ? null : managedFieldsOf(live));
    }
    JsonNode requested = managedFieldsOf(newObject);
    if (ManagedFieldsCodec.isReset(requested)) {
      return new LinkedHashMap<>();
    }
    Map<ManagerId, ManagedEntry> fromRequest = decodeOrEmpty(requested);
    if (!fromRequest.isEmpty()) {
      return fromRequest;
    }
    return decodeOrEmpty(live == null ? null : managedFieldsOf(live));
  }

  private static Map<ManagerId, ManagedEntry> decodeOrEmpty(JsonNode managedFields) {
    try {
      return ManagedFieldsCodec.decode(managedFields);
    } catch (IllegalArgumentException e) {
      return new LinkedHashMap<>();
    }
  }

  private static Map<ManagerId, ManagedEntry> decodeLive(ObjectNode live) {
    if (live == null) {
      return new LinkedHashMap<>();
    }
    try {
      return ManagedFieldsCodec.decode(managedFieldsOf(live));
    } catch (IllegalArgumentException e) {
      throw unknownError("failed to decode managed fields: " + e.getMessage());
    }
  }

  private static JsonNode managedFieldsOf(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    return metadata == null ? null : metadata.get("managedFields");
  }

  private static void setManagedFields(ObjectNode object, JsonNode managedFields) {
    JsonNode metadata = object.get("metadata");
    if (managedFields == null || managedFields.isNull()) {
      if (metadata instanceof ObjectNode m) {
        m.remove("managedFields");
      }
      return;
    }
    ObjectNode m = metadata instanceof ObjectNode existing ? existing : object.putObject("metadata");
    m.set("managedFields", managedFields.deepCopy());
  }

  private static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }

  /** What an empty object of the kind looks like (Kubernetes' ObjectCreater for unstructured kinds). */
  private static ObjectNode emptyLike(ObjectNode object) {
    ObjectNode empty = Json.object();
    if (object.has("apiVersion")) {
      empty.set("apiVersion", object.get("apiVersion").deepCopy());
    }
    if (object.has("kind")) {
      empty.set("kind", object.get("kind").deepCopy());
    }
    return empty;
  }

  private static Instant seconds(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Kubernetes' {@code namespace/name; group/version, Kind=Kind}. */
  private static String describe(ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    String apiVersion = object.path("apiVersion").asText("");
    return metadata.path("namespace").asText("")
        + "/"
        + metadata.path("name").asText("")
        + "; "
        + apiVersion
        + ", Kind="
        + object.path("kind").asText("");
  }

  /** Kubernetes' answer to an error without a status of its own: 500 with no reason and the bare message. */
  private static ApiException unknownError(String message) {
    return new ApiException(ApiErrors.status(500, null, message, null));
  }

  /** The managedFields entries of an object, as this library reads them (for the engine and for tests). */
  public static List<ManagedEntry> entriesOf(ObjectNode object) {
    return new ArrayList<>(ManagedFieldsCodec.decode(managedFieldsOf(object)).values());
  }

  /** Encodes entries as {@code metadata.managedFields}, sorted as Kubernetes sorts them. */
  public static ArrayNode encode(List<ManagedEntry> entries) {
    ArrayNode encoded = ManagedFieldsCodec.encode(entries);
    return encoded == null ? Json.mapper().createArrayNode() : encoded;
  }
}
