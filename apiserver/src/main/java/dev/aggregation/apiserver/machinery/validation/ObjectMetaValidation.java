package dev.aggregation.apiserver.machinery.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.GoLiteral;
import dev.aggregation.apiserver.machinery.GoStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metadata checks kube-apiserver's generic registry runs on create (apimachinery
 * api/validation.ValidateObjectMetaAccessor, called from rest.BeforeCreate) with its field paths and messages.
 * Input is the {@code metadata} tree of the object after name generation. Hand-written: fabric8 validates nothing
 * server-side.
 */
public final class ObjectMetaValidation {
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;
  public static final int FIELD_MANAGER_MAX_LENGTH = 128;
  public static final int MAX_SUBRESOURCE_NAME_LENGTH = 256;
  public static final String FINALIZER_ORPHAN_DEPENDENTS = "orphan";
  public static final String FINALIZER_DELETE_DEPENDENTS = "foregroundDeletion";

  private static final String PATH = "metadata";

  private ObjectMetaValidation() {}

  /**
   * @param metadata the object's {@code metadata} (null reads as empty)
   * @param namespaced whether the kind is namespaced: then a DNS-1123 label namespace is required, else forbidden
   * @param names the kind's name rule; {@link NameValidator#PATH_SEGMENT} is the generic registry's
   */
  public static List<FieldError> validate(JsonNode metadata, boolean namespaced, NameValidator names) {
    List<FieldError> errs = new ArrayList<>();
    String generateName = MetaFields.text(metadata, "generateName");
    if (!generateName.isEmpty()) {
      for (String msg : names.validate(generateName, true)) {
        errs.add(FieldError.invalid(PATH + ".generateName", generateName, msg));
      }
    }
    String name = MetaFields.text(metadata, "name");
    if (name.isEmpty()) {
      errs.add(FieldError.required(PATH + ".name", "name or generateName is required"));
    } else {
      for (String msg : names.validate(name, false)) {
        errs.add(FieldError.invalid(PATH + ".name", name, msg));
      }
    }
    String namespace = MetaFields.text(metadata, "namespace");
    if (namespaced) {
      if (namespace.isEmpty()) {
        errs.add(FieldError.required(PATH + ".namespace", ""));
      } else {
        for (String msg : NameValidator.DNS1123_LABEL.validate(namespace, false)) {
          errs.add(FieldError.invalid(PATH + ".namespace", namespace, msg));
        }
      }
    } else if (!namespace.isEmpty()) {
      errs.add(FieldError.forbidden(PATH + ".namespace", "not allowed on this type"));
    }
    long generation = MetaFields.int64(metadata, "generation");
    if (generation < 0) {
      errs.add(FieldError.invalid(PATH + ".generation", generation, "must be greater than or equal to 0"));
    }
    errs.addAll(validateLabels(MetaFields.stringMap(metadata, "labels"), PATH + ".labels"));
    errs.addAll(validateAnnotations(MetaFields.stringMap(metadata, "annotations"), PATH + ".annotations"));
    errs.addAll(validateOwnerReferences(MetaFields.objects(metadata, "ownerReferences"), PATH + ".ownerReferences"));
    errs.addAll(validateFinalizers(MetaFields.stringList(metadata, "finalizers"), PATH + ".finalizers"));
    errs.addAll(validateManagedFields(MetaFields.objects(metadata, "managedFields"), PATH + ".managedFields"));
    return errs;
  }

  /** v1validation.ValidateLabels: keys are qualified names, values label values; errors on the map's path. */
  public static List<FieldError> validateLabels(Map<String, String> labels, String path) {
    List<FieldError> errs = new ArrayList<>();
    labels.forEach(
        (key, value) -> {
          for (String msg : NameRules.isQualifiedName(key)) {
            errs.add(FieldError.invalid(path, key, msg));
          }
          for (String msg : NameRules.isValidLabelValue(value)) {
            errs.add(FieldError.invalid(path, value, msg));
          }
        });
    return errs;
  }

  /** Keys are qualified names in any case; keys and values together at most 256 KiB. */
  public static List<FieldError> validateAnnotations(Map<String, String> annotations, String path) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      for (String msg : NameRules.isQualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
        errs.add(FieldError.invalid(path, e.getKey(), msg));
      }
      total += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
      errs.add(
          new FieldError(
              FieldError.Type.TOO_LONG, path, "", "must have at most " + TOTAL_ANNOTATION_SIZE_LIMIT_BYTES + " bytes"));
    }
    return errs;
  }

  /** Each finalizer a qualified name; {@code orphan} and {@code foregroundDeletion} exclude each other. */
  public static List<FieldError> validateFinalizers(List<String> finalizers, String path) {
    List<FieldError> errs = new ArrayList<>();
    for (String finalizer : finalizers) {
      for (String msg : NameRules.isQualifiedName(finalizer)) {
        errs.add(FieldError.invalid(path, finalizer, msg));
      }
    }
    if (finalizers.contains(FINALIZER_ORPHAN_DEPENDENTS) && finalizers.contains(FINALIZER_DELETE_DEPENDENTS)) {
      errs.add(
          FieldError.invalid(
              path,
              GoLiteral.stringSlice(finalizers),
              "finalizer " + FINALIZER_ORPHAN_DEPENDENTS + " and " + FINALIZER_DELETE_DEPENDENTS
                  + " cannot be both set"));
    }
    return errs;
  }

  /** apiVersion with a version, kind, name and uid set; not a core Event; at most one controller. */
  public static List<FieldError> validateOwnerReferences(List<JsonNode> references, String path) {
    List<FieldError> errs = new ArrayList<>();
    String firstController = "";
    for (JsonNode ref : references) {
      String apiVersion = MetaFields.text(ref, "apiVersion");
      String kind = MetaFields.text(ref, "kind");
      String version = versionOf(apiVersion);
      String group = groupOf(apiVersion);
      if (version.isEmpty()) {
        errs.add(FieldError.invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
      }
      if (kind.isEmpty()) {
        errs.add(FieldError.invalid(path + ".kind", kind, "kind must not be empty"));
      }
      if (MetaFields.text(ref, "name").isEmpty()) {
        errs.add(FieldError.invalid(path + ".name", "", "name must not be empty"));
      }
      if (MetaFields.text(ref, "uid").isEmpty()) {
        errs.add(FieldError.invalid(path + ".uid", "", "uid must not be empty"));
      }
      if (group.isEmpty() && version.equals("v1") && kind.equals("Event")) {
        errs.add(
            FieldError.invalid(path, goOwnerReference(ref), "/v1, Kind=Event is disallowed from being an owner"));
      }
      JsonNode controller = ref.get("controller");
      if (controller != null && controller.asBoolean(false)) {
        String current = kind + "/" + MetaFields.text(ref, "name");
        if (!firstController.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  path,
                  goOwnerReferences(references),
                  "Only one reference can have Controller set to true. Found \"true\" in references for "
                      + firstController + " and " + current));
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  /** v1validation.ValidateManagedFields. */
  public static List<FieldError> validateManagedFields(List<JsonNode> entries, String path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String at = path + "[" + i + "]";
      String operation = MetaFields.text(entry, "operation");
      if (!operation.equals("Apply") && !operation.equals("Update")) {
        errs.add(FieldError.invalid(at + ".operation", operation, "must be `Apply` or `Update`"));
      }
      String fieldsType = MetaFields.text(entry, "fieldsType");
      if (!fieldsType.isEmpty() && !fieldsType.equals("FieldsV1")) {
        errs.add(FieldError.invalid(at + ".fieldsType", fieldsType, "must be `FieldsV1`"));
      }
      errs.addAll(validateFieldManager(MetaFields.text(entry, "manager"), at + ".manager"));
      String subresource = MetaFields.text(entry, "subresource");
      if (utf8Length(subresource) > MAX_SUBRESOURCE_NAME_LENGTH) {
        errs.add(
            new FieldError(
                FieldError.Type.TOO_LONG, at + ".subresource", subresource,
                "must have at most " + MAX_SUBRESOURCE_NAME_LENGTH + " bytes"));
      }
    }
    return errs;
  }

  /** The {@code fieldManager} rule (also for the query parameter): at most 128 bytes, printable characters. */
  public static List<FieldError> validateFieldManager(String fieldManager, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (utf8Length(fieldManager) > FIELD_MANAGER_MAX_LENGTH) {
      errs.add(
          new FieldError(
              FieldError.Type.TOO_LONG, path, fieldManager, "must have at most " + FIELD_MANAGER_MAX_LENGTH + " bytes"));
    }
    int bytePosition = 0;
    for (int i = 0; i < fieldManager.length(); ) {
      int cp = fieldManager.codePointAt(i);
      if (!GoStrings.isPrintable(cp)) {
        errs.add(
            FieldError.invalid(
                path,
                fieldManager,
                String.format("invalid character U+%04X (at position %d)", cp, bytePosition)));
      }
      bytePosition += utf8Length(new String(Character.toChars(cp)));
      i += Character.charCount(cp);
    }
    return errs;
  }

  /** schema.FromAPIVersionAndKind: "v1", "group/v1"; more slashes make an empty group version. */
  private static String versionOf(String apiVersion) {
    String[] parts = apiVersion.split("/", -1);
    return switch (parts.length) {
      case 1 -> parts[0];
      case 2 -> parts[1];
      default -> "";
    };
  }

  private static String groupOf(String apiVersion) {
    String[] parts = apiVersion.split("/", -1);
    return parts.length == 2 ? parts[0] : "";
  }

  /** The reference as Go's %#v prints a metav1.OwnerReference (pointer addresses cannot be reproduced). */
  private static GoLiteral goOwnerReference(JsonNode ref) {
    return new GoLiteral(goOwnerReferenceText(ref));
  }

  private static GoLiteral goOwnerReferences(List<JsonNode> refs) {
    List<String> items = refs.stream().map(ObjectMetaValidation::goOwnerReferenceText).toList();
    return new GoLiteral("[]v1.OwnerReference{" + String.join(", ", items) + "}");
  }

  private static String goOwnerReferenceText(JsonNode ref) {
    return "v1.OwnerReference{APIVersion:" + GoStrings.quote(MetaFields.text(ref, "apiVersion"))
        + ", Kind:" + GoStrings.quote(MetaFields.text(ref, "kind"))
        + ", Name:" + GoStrings.quote(MetaFields.text(ref, "name"))
        + ", UID:" + GoStrings.quote(MetaFields.text(ref, "uid"))
        + ", Controller:" + goBoolPointer(ref, "controller")
        + ", BlockOwnerDeletion:" + goBoolPointer(ref, "blockOwnerDeletion") + "}";
  }

  private static String goBoolPointer(JsonNode ref, String field) {
    return MetaFields.present(ref, field) ? "(*bool)(" + ref.get(field).asBoolean() + ")" : "(*bool)(nil)";
  }

  static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
