package dev.aggregation.operator.dependent;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

/** The subject every binding of an ApiServer names: its ServiceAccount. */
final class RbacSubjects {
  private RbacSubjects() {}

  static Subject serviceAccount(ApiServer apiServer) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(Names.serviceAccount(apiServer))
        .withNamespace(apiServer.getMetadata().getNamespace())
        .build();
  }
}
