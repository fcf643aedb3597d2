package dev.aggregation.apiserver.apis.wardle.v1beta1;

import static dev.aggregation.apiserver.apis.wardle.KindObjects.withMetadataOf;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.object;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.properties;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.property;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.string;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.structField;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.FlunderSpec;
import dev.aggregation.apiserver.apis.wardle.TypedFieldReader;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.Map;

/**
 * Flunder in {@code wardle.example.com/v1beta1}: the same fields as the hub, so conversion copies them (the
 * sample's conversion here is generated). The sample defines no defaults for v1beta1.
 */
public final class FlunderV1beta1 implements VersionDefinition {
  public static final String VERSION = "v1beta1";

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

  @Override
  public ObjectNode toHub(ObjectNode object) {
    ObjectNode spec = fields.object(object, "spec", "Flunder", "spec", "v1beta1.FlunderSpec");
    FlunderSpec hubSpec =
        new FlunderSpec(
            fields.string(spec, "flunderReference", "FlunderSpec", "spec.flunderReference", "string"),
            fields.string(spec, "fischerReference", "FlunderSpec", "spec.fischerReference", "string"),
            fields.string(spec, "referenceType", "FlunderSpec", "spec.referenceType", "v1beta1.ReferenceType"));
    fields.object(object, "status", "Flunder", "status", "v1beta1.FlunderStatus");
    return hubSpec.writeTo(withMetadataOf(object));
  }

  @Override
  public ObjectNode fromHub(ObjectNode hub) {
    // The hub spec has the v1beta1 field names; writeTo also emits the always-present empty status.
    return FlunderSpec.of(hub).writeTo(withMetadataOf(hub));
  }

  private static ObjectNode buildSchema() {
    ObjectNode spec =
        object(
            "FlunderSpec is the specification of a Flunder.",
            properties(
                property("flunderReference", string("A name of another flunder, mutually exclusive to the FischerReference.")),
                property("fischerReference", string("A name of a fischer, mutually exclusive to the FlunderReference.")),
                property("referenceType", string("The reference type."))));
    ObjectNode status = object("FlunderStatus is the status of a Flunder.", Map.of());
    return object(
        "Flunder is an example type with a spec and a status.",
        properties(property("spec", structField(spec)), property("status", structField(status))));
  }
}
