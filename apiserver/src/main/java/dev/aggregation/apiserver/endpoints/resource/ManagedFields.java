package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tracks field ownership in {@code metadata.managedFields} for writes, and merges server-side apply
 * configurations. Objects are in the version the client used ({@code apiVersion}).
 */
public interface ManagedFields {
  /** An Update operation by {@code manager}: {@code live} is null on create. Returns the object with managedFields. */
  ObjectNode update(ObjectNode live, ObjectNode object, String manager, String apiVersion);

  /** An Apply operation; {@code live} is null when the apply creates the object. Throws a 409 ApiException on conflicts. */
  ObjectNode apply(ObjectNode live, ObjectNode configuration, String manager, String apiVersion, boolean force);
}
