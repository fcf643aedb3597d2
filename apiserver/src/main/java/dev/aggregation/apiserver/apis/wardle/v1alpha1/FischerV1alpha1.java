package dev.aggregation.apiserver.apis.wardle.v1alpha1;

import static dev.aggregation.apiserver.apis.wardle.KindObjects.withMetadataOf;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.object;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.properties;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.property;
import static dev.aggregation.apiserver.apis.wardle.SchemaNodes.stringArray;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.DisallowedFlunders;
import dev.aggregation.apiserver.apis.wardle.TypedFieldReader;
import dev.aggregation.apiserver.registry.VersionDefinition;

/**
 * Fischer in {@code wardle.example.com/v1alpha1}, its only version: no spec, just a top-level list of the
 * Flunder names it bans. The hub has the same shape.
 */
public final class FischerV1alpha1 implements VersionDefinition {
  public static final String VERSION = "v1alpha1";

  private final TypedFieldReader fields = new TypedFieldReader("Fischer", VERSION);
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
    DisallowedFlunders names =
        new DisallowedFlunders(fields.strings(object, DisallowedFlunders.FIELD, "Fischer", DisallowedFlunders.FIELD));
    return names.writeTo(withMetadataOf(object));
  }

  @Override
  public ObjectNode fromHub(ObjectNode hub) {
    return DisallowedFlunders.of(hub).writeTo(withMetadataOf(hub));
  }

  private static ObjectNode buildSchema() {
    return object(
        null,
        properties(
            property(
                DisallowedFlunders.FIELD,
                stringArray("DisallowedFlunders holds a list of Flunder.Names that are disallowed."))));
  }
}
