package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GroupResource;
import dev.aggregation.apiserver.machinery.validation.NameValidator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the generic engine needs to know to serve one kind: its names and scope, its versions and their
 * conversion through a hub, the storage version, defaulting, validation, extra table columns and field
 * selectors. The engine knows nothing else of the kind. See docs/extending.md.
 *
 * <p>Objects given to these methods are in the hub form, with {@code metadata} as the client sent it (decoded
 * and checked by the engine).
 */
public interface ResourceStrategy {
  String group();

  String kind();

  /** The plural, lower-case resource name used in URLs: {@code flunders}. */
  String resource();

  String singular();

  boolean namespaced();

  /** Served versions of this kind. */
  List<VersionDefinition> versions();

  /** The version objects are encoded in when stored, whatever version the client used. */
  String storageVersion();

  default String listKind() {
    return kind() + "List";
  }

  default List<String> shortNames() {
    return List.of();
  }

  default List<String> categories() {
    return List.of();
  }

  /** Whether the kind has a {@code status} subresource (then main-resource writes keep the old status). */
  default boolean hasStatusSubresource() {
    return false;
  }

  /** Whether {@code metadata.generation} is set to 1 on create and bumped when anything but status and metadata changes. */
  default boolean tracksGeneration() {
    return true;
  }

  /** Clears or sets fields on create (the hub object is the one to be stored). */
  default void prepareForCreate(ObjectNode hub) {}

  /** Clears or carries over fields on update from {@code oldHub} (the stored object). */
  default void prepareForUpdate(ObjectNode hub, ObjectNode oldHub) {}

  /** Validation on create; the engine already validated {@code metadata}. */
  List<FieldError> validate(ObjectNode hub);

  /** Validation on update; by default the same as on create. */
  default List<FieldError> validateUpdate(ObjectNode hub, ObjectNode oldHub) {
    return validate(hub);
  }

  /** Columns {@code kubectl get} shows between Name and Created At. */
  default List<TableColumn> tableColumns() {
    return List.of();
  }

  /**
   * Field selectors beyond {@code metadata.name} and {@code metadata.namespace}, which every kind supports:
   * field path to the function that reads it from the hub object.
   */
  default Map<String, Function<ObjectNode, String>> selectableFields() {
    return Map.of();
  }

  /**
   * How names are checked. Path-segment rules by default (what the generic registry requires of every kind, and
   * all sample-apiserver's kinds need); built-in-like kinds return {@link NameValidator#DNS1123_SUBDOMAIN}.
   */
  default NameValidator nameValidator() {
    return NameValidator.PATH_SEGMENT;
  }

  default GroupResource groupResource() {
    return new GroupResource(group(), resource());
  }

  default VersionDefinition version(String name) {
    return versions().stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }
}
