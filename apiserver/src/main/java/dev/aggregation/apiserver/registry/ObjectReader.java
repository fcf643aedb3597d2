package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.GroupResource;
import java.util.List;

/**
 * Read access to the objects of the server's own kinds, in hub form, for admission plugins and other
 * server-side consumers (BanFlunder reads Fischers). {@code namespace} empty means all namespaces.
 */
public interface ObjectReader {
  List<ObjectNode> list(GroupResource resource, String namespace);
}
