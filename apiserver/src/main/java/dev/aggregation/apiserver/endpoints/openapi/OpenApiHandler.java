package dev.aggregation.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.endpoints.AcceptHeader;
import dev.aggregation.apiserver.endpoints.MediaRange;
import dev.aggregation.apiserver.endpoints.Responses;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.registry.ApiGroup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serves {@code /openapi/v2} (Swagger 2.0), the OpenAPI v3 root {@code /openapi/v3} and one OpenAPI 3.0
 * document per group version at {@code /openapi/v3/apis/<group>/<version>}, with the caching of kube-openapi
 * (handler, handler3): quoted ETags, 304 on {@code If-None-Match}, and for v3 documents addressed by their
 * {@code ?hash=} an immutable response, or a 301 to the current hash. The documents are built once: the
 * served kinds do not change while the server runs. Only JSON is served; protobuf requests get 406.
 */
public final class OpenApiHandler {
  /** Go's time.RFC1123 in GMT, which HTTP dates are. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Document v2;
  private final Document v3Root;
  private final Map<String, Document> v3ByGroupVersion;

  /** A serialized document and its unquoted ETag (upper-case hex SHA-512 of the body). */
  record Document(byte[] body, String etag) {
    static Document of(ObjectNode tree) {
      byte[] body = Json.bytes(tree);
      return new Document(body, Responses.sha512Hex(body));
    }
  }

  public OpenApiHandler(List<ApiGroup> groups, OpenApiInfo info, Clock clock) {
    this.clock = clock;
    OpenApiDocuments documents = new OpenApiDocuments(info);
    this.v2 = Document.of(documents.v2(groups));
    Map<String, Document> byGroupVersion = new HashMap<>();
    Map<String, String> urls = new TreeMap<>();
    for (ApiGroup group : groups) {
      for (String version : group.versionsByPreference()) {
        String key = "apis/" + group.name() + "/" + version;
        Document doc = Document.of(documents.v3(group, version));
        byGroupVersion.put(key, doc);
        urls.put(key, serverRelativeUrl(key, doc.etag()));
      }
    }
    this.v3ByGroupVersion = Map.copyOf(byGroupVersion);
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    urls.forEach((key, url) -> paths.putObject(key).put("serverRelativeURL", url));
    this.v3Root = Document.of(root);
  }

  public void mount(Router router) {
    router.get("/openapi/v2").handler(this::handleV2);
    router.get("/openapi/v3").handler(this::handleV3Root);
    router.get("/openapi/v3/apis/:group/:version").handler(this::handleV3GroupVersion);
  }

  static String serverRelativeUrl(String groupVersionPath, String etag) {
    return "/openapi/v3/" + groupVersionPath + "?hash=" + etag;
  }

  private void handleV2(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.VARY, "Accept");
    if (!acceptsJson(ctx)) {
      ctx.response().setStatusCode(406).end();
      return;
    }
    serve(ctx, v2);
  }

  private void handleV3Root(RoutingContext ctx) {
    serve(ctx, v3Root);
  }

  private void handleV3GroupVersion(RoutingContext ctx) {
    String key = "apis/" + ctx.pathParam("group") + "/" + ctx.pathParam("version");
    Document doc = v3ByGroupVersion.get(key);
    if (doc == null) {
      Responses.textError(ctx, 404, "404 page not found");
      return;
    }
    ctx.response().putHeader(HttpHeaders.VARY, "Accept");
    if (!acceptsJson(ctx)) {
      ctx.response().setStatusCode(406).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.ETAG, Responses.quoted(doc.etag()));
    String hash = ctx.request().getParam("hash");
    if (hash != null && !hash.isEmpty()) {
      if (!hash.equals(doc.etag())) {
        String location = serverRelativeUrl(key, doc.etag());
        ctx.response()
            .setStatusCode(301)
            .putHeader(HttpHeaders.LOCATION, location)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
            .end("<a href=\"" + location + "\">Moved Permanently</a>.\n\n");
        return;
      }
      // The URL names the content: caches may keep it forever (a year is the most HTTP allows).
      ctx.response()
          .putHeader(HttpHeaders.CACHE_CONTROL, "public, immutable")
          .putHeader(HttpHeaders.EXPIRES, HTTP_DATE.format(ZonedDateTime.now(clock).plusYears(1)));
    }
    serve(ctx, doc);
  }

  private static void serve(RoutingContext ctx, Document doc) {
    String etag = Responses.quoted(doc.etag());
    ctx.response().putHeader(HttpHeaders.ETAG, etag);
    if (Responses.notModified(ctx, etag)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Responses.APPLICATION_JSON).end(Buffer.buffer(doc.body()));
  }

  private static boolean acceptsJson(RoutingContext ctx) {
    for (MediaRange range : AcceptHeader.parse(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
      if (range.admits("application", "json")) {
        return true;
      }
    }
    return false;
  }
}
