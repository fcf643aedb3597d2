package dev.aggregation.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.registry.ResourceStrategy;

/**
 * What an admission plugin sees. {@code object} is the hub form of the object to be stored (mutating plugins
 * may change it in place; null on delete); {@code oldObject} the stored hub object (null on create).
 * {@code version} is the version the client used.
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
    boolean dryRun) {}
