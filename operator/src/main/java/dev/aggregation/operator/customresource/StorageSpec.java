package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one of the two stores. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.embedded) != has(self.etcd)", message = "exactly one of embedded or etcd must be set")
public record StorageSpec(EmbeddedStorage embedded, EtcdStorage etcd) {}
