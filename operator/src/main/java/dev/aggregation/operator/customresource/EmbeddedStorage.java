package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The apiserver's own store on a PersistentVolumeClaim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddedStorage(
    @Pattern("^[0-9]+(\\.[0-9]+)?([KMGTPE]i?)?$") @JsonPropertyDescription("Volume size (default 1Gi).") String size,
    @JsonPropertyDescription("StorageClass of the claim; the cluster default when absent.") String storageClassName) {}
