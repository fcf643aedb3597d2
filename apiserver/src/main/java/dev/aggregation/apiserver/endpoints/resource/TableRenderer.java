package dev.aggregation.apiserver.endpoints.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import java.util.List;

/** Renders objects as a meta.k8s.io Table for {@code kubectl get}. */
public interface TableRenderer {
  /** {@code includeObject} is None, Metadata or Object; {@code noHeaders} drops the column definitions. */
  record Options(String includeObject, boolean noHeaders) {}

  /**
   * @param versioned the objects as the client reads them (for the row's object)
   * @param hubs the same objects in hub form (for the strategy's cells)
   */
  ObjectNode table(
      ResourceStrategy strategy,
      List<ObjectNode> versioned,
      List<ObjectNode> hubs,
      Options options,
      String resourceVersion,
      String continueToken,
      String metaVersion);
}
