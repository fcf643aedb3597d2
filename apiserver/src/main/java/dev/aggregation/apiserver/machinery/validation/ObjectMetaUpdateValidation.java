package dev.aggregation.apiserver.machinery.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GoLiteral;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The metadata checks kube-apiserver runs on update (apimachinery api/validation.ValidateObjectMetaAccessorUpdate,
 * from rest.BeforeUpdate) with its field paths and messages: identity and system fields immutable, no new
 * finalizers while the object is being deleted, generation never decremented, labels/annotations/owner
 * references/managedFields as on create.
 */
public final class ObjectMetaUpdateValidation {
  public static final String FIELD_IMMUTABLE = "field is immutable";
  private static final String PATH = "metadata";

  private ObjectMetaUpdateValidation() {}

  /** @param newMetadata the incoming object's metadata; @param oldMetadata the stored object's metadata */
  public static List<FieldError> validate(JsonNode newMetadata, JsonNode oldMetadata) {
    List<FieldError> errs = new ArrayList<>();
    if (MetaFields.present(oldMetadata, "deletionTimestamp")) {
      TreeSet<String> added = new TreeSet<>(MetaFields.stringList(newMetadata, "finalizers"));
      added.removeAll(MetaFields.stringList(oldMetadata, "finalizers"));
      if (!added.isEmpty()) {
        errs.add(
            FieldError.forbidden(
                PATH + ".finalizers",
                "no new finalizers can be added if the object is being deleted, found new finalizers "
                    + GoLiteral.stringSlice(List.copyOf(added))));
      }
    }
    if (MetaFields.text(newMetadata, "resourceVersion").isEmpty()) {
      errs.add(FieldError.invalid(PATH + ".resourceVersion", "", "must be specified for an update"));
    }
    long newGeneration = MetaFields.int64(newMetadata, "generation");
    if (newGeneration < MetaFields.int64(oldMetadata, "generation")) {
      errs.add(FieldError.invalid(PATH + ".generation", newGeneration, "must not be decremented"));
    }
    immutableString(errs, newMetadata, oldMetadata, "name");
    immutableString(errs, newMetadata, oldMetadata, "namespace");
    immutableString(errs, newMetadata, oldMetadata, "uid");
    immutableTime(errs, newMetadata, oldMetadata, "creationTimestamp", false);
    immutableTime(errs, newMetadata, oldMetadata, "deletionTimestamp", true);
    immutableOptionalInt(errs, newMetadata, oldMetadata, "deletionGracePeriodSeconds");
    errs.addAll(ObjectMetaValidation.validateLabels(MetaFields.stringMap(newMetadata, "labels"), PATH + ".labels"));
    errs.addAll(
        ObjectMetaValidation.validateAnnotations(
            MetaFields.stringMap(newMetadata, "annotations"), PATH + ".annotations"));
    errs.addAll(
        ObjectMetaValidation.validateOwnerReferences(
            MetaFields.objects(newMetadata, "ownerReferences"), PATH + ".ownerReferences"));
    errs.addAll(
        ObjectMetaValidation.validateManagedFields(
            MetaFields.objects(newMetadata, "managedFields"), PATH + ".managedFields"));
    return errs;
  }

  /**
   * The generic store's error for an update without {@code metadata.resourceVersion} when the kind does not allow
   * unconditional updates; it prints the parsed uint64, so: {@code metadata.resourceVersion: Invalid value: 0x0:
   * must be specified for an update}.
   */
  public static FieldError resourceVersionRequired() {
    return FieldError.invalid(PATH + ".resourceVersion", GoLiteral.unsigned(0), "must be specified for an update");
  }

  private static void immutableString(List<FieldError> errs, JsonNode now, JsonNode before, String field) {
    String value = MetaFields.text(now, field);
    if (!value.equals(MetaFields.text(before, field))) {
      errs.add(FieldError.invalid(PATH + "." + field, value, FIELD_IMMUTABLE));
    }
  }

  /** metav1.Time compares as instants; Go prints the new value with time.Time.String (a nil pointer as null). */
  private static void immutableTime(
      List<FieldError> errs, JsonNode now, JsonNode before, String field, boolean pointer) {
    Instant newValue = MetaFields.instant(now, field);
    Instant oldValue = MetaFields.instant(before, field);
    boolean same =
        newValue != null || oldValue != null
            ? Objects.equals(newValue, oldValue)
            : MetaFields.text(now, field).equals(MetaFields.text(before, field));
    if (!same) {
      Object shown =
          pointer && newValue == null ? null : new GoLiteral(MetaFields.goTimeString(newValue));
      errs.add(FieldError.invalid(PATH + "." + field, shown, FIELD_IMMUTABLE));
    }
  }

  private static void immutableOptionalInt(List<FieldError> errs, JsonNode now, JsonNode before, String field) {
    boolean newSet = MetaFields.present(now, field);
    boolean oldSet = MetaFields.present(before, field);
    long newValue = MetaFields.int64(now, field);
    if (newSet != oldSet || newValue != MetaFields.int64(before, field)) {
      errs.add(FieldError.invalid(PATH + "." + field, newSet ? newValue : null, FIELD_IMMUTABLE));
    }
  }
}
