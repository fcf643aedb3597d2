package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of an apply: the object to store, with its managedFields; {@code created} when there was no live
 * object (the engine answers 201); {@code changed} when anything besides managedFields differs from the live
 * object (a no-op apply may still change who owns what, so managedFields alone can differ).
 */
public record ApplyResult(ObjectNode object, boolean created, boolean changed) {}
