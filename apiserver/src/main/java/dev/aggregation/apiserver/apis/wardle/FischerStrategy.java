package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.v1alpha1.FischerV1alpha1;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.List;

/**
 * Fischer, as sample-apiserver's fischerStrategy: cluster-scoped, served and stored in v1alpha1 only, nothing
 * prepared on create or update, and no validation beyond the engine's metadata checks.
 */
public final class FischerStrategy implements ResourceStrategy {
  public static final String RESOURCE = "fischers";

  private final List<VersionDefinition> versions = List.of(new FischerV1alpha1());

  @Override
  public String group() {
    return WardleApi.GROUP;
  }

  @Override
  public String kind() {
    return "Fischer";
  }

  @Override
  public String resource() {
    return RESOURCE;
  }

  @Override
  public String singular() {
    return "fischer";
  }

  @Override
  public boolean namespaced() {
    return false;
  }

  @Override
  public List<VersionDefinition> versions() {
    return versions;
  }

  @Override
  public String storageVersion() {
    return FischerV1alpha1.VERSION;
  }

  @Override
  public boolean tracksGeneration() {
    return false;
  }

  @Override
  public List<FieldError> validate(ObjectNode hub) {
    return List.of();
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode hub, ObjectNode oldHub) {
    return List.of();
  }
}
