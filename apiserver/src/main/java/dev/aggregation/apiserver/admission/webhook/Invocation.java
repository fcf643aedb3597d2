package dev.aggregation.apiserver.admission.webhook;

import dev.aggregation.apiserver.registry.VersionDefinition;

/**
 * A webhook that is to be called, and the version of the kind it asked for: the request's own version, or with
 * matchPolicy Equivalent another served version its rules name.
 */
record Invocation(Webhook webhook, VersionDefinition version) {}
