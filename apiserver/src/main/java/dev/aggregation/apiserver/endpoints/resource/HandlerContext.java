package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.admission.AdmissionChain;
import dev.aggregation.apiserver.endpoints.codec.ContentNegotiation;
import dev.aggregation.apiserver.endpoints.codec.ObjectDecoder;
import dev.aggregation.apiserver.endpoints.codec.ResponseWriter;
import io.vertx.core.Vertx;
import java.time.Clock;

/** What every resource handler shares: codecs, admission, field ownership, the clock and Vert.x for timers. */
public record HandlerContext(
    Vertx vertx,
    Clock clock,
    AdmissionChain admission,
    ObjectDecoder decoder,
    ContentNegotiation negotiation,
    ResponseWriter writer,
    ObjectOutput output) {}
