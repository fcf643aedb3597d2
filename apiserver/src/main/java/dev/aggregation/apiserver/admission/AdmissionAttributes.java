package dev.aggregation.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.registry.ResourceStrategy;

/**
 * What an admission plugin sees. {@code object} is the hub form of the object to be stored (mutating plugins
 * may change it in place; null on delete); {@code oldObject} the stored hub object (null on create).
 * {@code version} is the version the client used. {@code options} is the operation's options object
 * (CreateOptions, UpdateOptions or DeleteOptions, meta.k8s.io/v1) as admission webhooks receive it, or null;
 * {@code feedback} takes warnings and audit annotations.
 */
public record AdmissionAttributes(
    Operation operation,
    ResourceStrategy strategy,
    String version,
    String subresource,
    String namespace,
    String name,
    ObjectNode object,
    ObjectNode oldObject,
    UserInfo user,
    boolean dryRun,
    ObjectNode options,
    AdmissionFeedback feedback) {

  public AdmissionAttributes {
    subresource = subresource == null ? "" : subresource;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
    feedback = feedback == null ? AdmissionFeedback.NONE : feedback;
  }

  /** The attributes without options or feedback (plugins that need neither, tests). */
  public AdmissionAttributes(
      Operation operation,
      ResourceStrategy strategy,
      String version,
      String subresource,
      String namespace,
      String name,
      ObjectNode object,
      ObjectNode oldObject,
      UserInfo user,
      boolean dryRun) {
    this(operation, strategy, version, subresource, namespace, name, object, oldObject, user, dryRun, null, AdmissionFeedback.NONE);
  }
}
