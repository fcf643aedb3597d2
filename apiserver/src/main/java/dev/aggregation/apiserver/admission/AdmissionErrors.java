package dev.aggregation.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Meta;

/** The errors of k8s.io/apiserver's admission package, with its way of naming the object. */
public final class AdmissionErrors {
  private AdmissionErrors() {}

  /**
   * admission.NewForbidden: 403 {@code <resource>.<group> "<name>" is forbidden: <reason>}, the name being the
   * request's, else the object's name or generateName, else "Unknown".
   */
  public static ApiException forbidden(AdmissionAttributes attributes, String reason) {
    return ApiErrors.forbidden(attributes.strategy().groupResource(), nameOf(attributes), reason);
  }

  static String nameOf(AdmissionAttributes attributes) {
    if (!attributes.name().isEmpty()) {
      return attributes.name();
    }
    ObjectNode object = attributes.object();
    if (object != null) {
      if (!Meta.name(object).isEmpty()) {
        return Meta.name(object);
      }
      String generateName = Meta.text(object, "generateName");
      if (!generateName.isEmpty()) {
        return generateName;
      }
    }
    return "Unknown";
  }
}
