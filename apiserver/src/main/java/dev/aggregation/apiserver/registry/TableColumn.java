package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * An extra column of {@code kubectl get}, after Name and before Age (Created At). {@code cell} reads the value
 * from the object in the hub form. {@code type}/{@code format} as in metav1.TableColumnDefinition.
 */
public record TableColumn(
    String name, String type, String format, String description, int priority, Function<ObjectNode, JsonNode> cell) {}
