package dev.aggregation.apiserver.apis.wardle.v1alpha1;

import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.object;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.properties;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.property;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.string;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.structField;
import static dev.aggregation.apiserver.apis.wardle.KindObjects.withMetadataOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.FlunderSpec;
import dev.aggregation.apiserver.apis.wardle.TypedFieldReader;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.Map;

/**
 * Flunder in {@code wardle.example.com/v1alpha1}: one {@code spec.reference} whose meaning {@code
 * spec.referenceType} gives. Converts to the hub as the sample's hand-written conversion does: the reference
 * lands in {@code flunderReference} or {@code fischerReference} by type, and a type that is neither drops both
 * (the sample's switch has no default branch).
 */
public final class FlunderV1alpha1 implements VersionDefinition {
  public static final String VERSION = "v1alpha1";

  private final TypedFieldReader fields = new TypedFieldReader("Flunder", VERSION);
  private final ObjectNode schema = buildSchema();

  @Override
  public String name() {
    return VERSION;
  }

  @Override
  public ObjectNode schema() {
    return schema.deepCopy();
  }

  /** SetDefaults_FlunderSpec: an unset or empty referenceType becomes Flunder when a reference is set. */
  @Override
  public void applyDefaults(ObjectNode object) {
    if (!(object.get("spec") instanceof ObjectNode spec)) {
      return;
    }
    JsonNode reference = spec.get("reference");
    JsonNode referenceType = spec.get("referenceType");
    boolean referenceSet = reference != null && reference.isTextual() && !reference.textValue().isEmpty();
    boolean typeUnset =
        referenceType == null || referenceType.isNull() || (referenceType.isTextual() && referenceType.textValue().isEmpty());
    if (referenceSet && typeUnset) {
      spec.put("referenceType", FlunderSpec.FLUNDER);
    }
  }

  @Override
  public ObjectNode toHub(ObjectNode object) {
    ObjectNode spec = fields.object(object, "spec", "Flunder", "spec", "v1alpha1.FlunderSpec");
    String reference = fields.string(spec, "reference", "FlunderSpec", "spec.reference", "string");
    String referenceType =
        fields.nullableString(spec, "referenceType", "FlunderSpec", "spec.referenceType", "v1alpha1.ReferenceType");
    fields.object(object, "status", "Flunder", "status", "v1alpha1.FlunderStatus");

    FlunderSpec hubSpec;
    if (FlunderSpec.FLUNDER.equals(referenceType)) {
      hubSpec = FlunderSpec.referencingFlunder(reference);
    } else if (FlunderSpec.FISCHER.equals(referenceType)) {
      hubSpec = FlunderSpec.referencingFischer(reference);
    } else {
      hubSpec = FlunderSpec.EMPTY;
    }
    return hubSpec.writeTo(withMetadataOf(object));
  }

  @Override
  public ObjectNode fromHub(ObjectNode hub) {
    FlunderSpec hubSpec = FlunderSpec.of(hub);
    ObjectNode spec = Json.object();
    String reference =
        switch (hubSpec.referenceType()) {
          case FlunderSpec.FLUNDER -> hubSpec.flunderReference();
          case FlunderSpec.FISCHER -> hubSpec.fischerReference();
          default -> null;
        };
    if (reference != null) {
      if (!reference.isEmpty()) {
        spec.put("reference", reference);
      }
      spec.put("referenceType", hubSpec.referenceType());
    }
    ObjectNode result = withMetadataOf(hub);
    // Go serializes non-pointer struct fields even when empty: spec and status are always present.
    result.set("spec", spec);
    result.set("status", Json.object());
    return result;
  }

  private static ObjectNode buildSchema() {
    ObjectNode spec =
        object(
            null,
            properties(
                property("reference", string("A name of another flunder or fischer, depending on the reference type.")),
                property("referenceType", string("The reference type, defaults to \"Flunder\" if reference is set."))));
    return object(
        null, properties(property("spec", structField(spec)), property("status", structField(object(null, Map.of())))));
  }
}
