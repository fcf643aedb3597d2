package dev.aggregation.apiserver.registry.fieldmanager;

import java.time.Instant;

/** One managedFields entry: who, in which apiVersion, when (may be unknown) and which fields. */
public record ManagedEntry(ManagerId id, String apiVersion, Instant time, FieldSet fields) {
  ManagedEntry withFields(FieldSet newFields) {
    return new ManagedEntry(id, apiVersion, time, newFields);
  }
}
