package dev.aggregation.apiserver.apis.wardle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.apis.wardle.v1alpha1.FlunderV1alpha1;
import dev.aggregation.apiserver.apis.wardle.v1beta1.FlunderV1beta1;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.registry.VersionDefinition;
import java.util.List;

/**
 * Flunder, as sample-apiserver's flunderStrategy: namespaced, served in v1beta1 and v1alpha1, stored as
 * v1alpha1, nothing prepared on create or update (so no generation), validated on create only.
 *
 * <p>Unlike the sample, Flunder has a {@code status} subresource (its status is the sample's empty
 * FlunderStatus); see docs/reference-api.md.
 */
public final class FlunderStrategy implements ResourceStrategy {
  private final List<VersionDefinition> versions = List.of(new FlunderV1beta1(), new FlunderV1alpha1());

  @Override
  public String group() {
    return WardleApi.GROUP;
  }

  @Override
  public String kind() {
    return "Flunder";
  }

  @Override
  public String resource() {
    return "flunders";
  }

  @Override
  public String singular() {
    return "flunder";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public List<VersionDefinition> versions() {
    return versions;
  }

  @Override
  public String storageVersion() {
    return FlunderV1alpha1.VERSION;
  }

  @Override
  public boolean hasStatusSubresource() {
    return true;
  }

  /** The sample's PrepareForCreate/PrepareForUpdate are empty, so generation stays unset. */
  @Override
  public boolean tracksGeneration() {
    return false;
  }

  @Override
  public List<FieldError> validate(ObjectNode hub) {
    return FlunderValidation.validate(FlunderSpec.of(hub));
  }

  /**
   * The sample's ValidateUpdate returns no errors, which lets an update store a Flunder that a create would
   * refuse. We validate updates like creates instead (docs/reference-api.md).
   */
  @Override
  public List<FieldError> validateUpdate(ObjectNode hub, ObjectNode oldHub) {
    return validate(hub);
  }
}
