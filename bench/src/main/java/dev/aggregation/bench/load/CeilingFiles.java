package dev.aggregation.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CeilingSpec} on disk, as the bench hands it to a ceiling child JVM: a small JSON manifest
 * ({@value #MANIFEST}) naming the kind of ceiling, each answer's status and content type, and the file of each
 * body, which is written as raw bytes beside it so that what the ceiling sends is byte for byte what the apiserver
 * sent (a body need not be text).
 */
public final class CeilingFiles {
  static final String MANIFEST = "ceiling.json";

  private CeilingFiles() {}

  /** Writes {@code spec} into {@code dir} (created if missing), replacing a manifest there. */
  public static void write(CeilingSpec spec, Path dir) throws IOException {
    Files.createDirectories(dir);
    Bodies bodies = new Bodies(dir);
    JsonObject manifest;
    if (spec instanceof CeilingSpec.Answers answers) {
      JsonArray paths = new JsonArray();
      answers.byPath().forEach((path, canned) -> paths.add(bodies.canned(canned).put("path", path)));
      manifest = new JsonObject().put("kind", "answers").put("answers", paths);
    } else if (spec instanceof CeilingSpec.Fanout fanout) {
      JsonArray events = new JsonArray();
      for (Buffer line : fanout.recording().events()) {
        events.add(bodies.write(line));
      }
      manifest = new JsonObject().put("kind", "fanout").put("list", bodies.canned(fanout.recording().list()))
          .put("created", bodies.canned(fanout.recording().created())).put("events", events);
    } else if (spec instanceof CeilingSpec.CreateProxy proxy) {
      manifest = new JsonObject().put("kind", "create-proxy").put("etcdEndpoint", proxy.etcdEndpoint())
          .put("stored", bodies.write(proxy.stored())).put("created", bodies.canned(proxy.created()));
    } else {
      throw new IllegalArgumentException("no file format for the ceiling " + spec);
    }
    Files.writeString(dir.resolve(MANIFEST), manifest.encodePrettily(), StandardCharsets.UTF_8);
  }

  /** Reads the spec {@link #write} wrote into {@code dir}. */
  public static CeilingSpec read(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    JsonObject manifest = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    String kind = manifest.getString("kind");
    try {
      switch (String.valueOf(kind)) {
        case "answers" -> {
          Map<String, CeilingServer.Canned> byPath = new LinkedHashMap<>();
          for (Object answer : manifest.getJsonArray("answers")) {
            JsonObject entry = (JsonObject) answer;
            byPath.put(entry.getString("path"), canned(dir, entry));
          }
          return new CeilingSpec.Answers(byPath);
        }
        case "fanout" -> {
          List<Buffer> events = new ArrayList<>();
          for (Object name : manifest.getJsonArray("events")) {
            events.add(body(dir, (String) name));
          }
          return new CeilingSpec.Fanout(new FanoutCeiling.Recording(canned(dir, manifest.getJsonObject("list")),
              canned(dir, manifest.getJsonObject("created")), events));
        }
        case "create-proxy" -> {
          return new CeilingSpec.CreateProxy(manifest.getString("etcdEndpoint"), body(dir, manifest.getString("stored")),
              canned(dir, manifest.getJsonObject("created")));
        }
        default -> throw new IllegalArgumentException("unknown ceiling kind " + kind);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read the ceiling manifest " + file + ": " + e.getMessage(), e);
    }
  }

  private static CeilingServer.Canned canned(Path dir, JsonObject entry) throws IOException {
    return new CeilingServer.Canned(entry.getInteger("status"), entry.getString("contentType"), body(dir, entry.getString("body")));
  }

  private static Buffer body(Path dir, String name) throws IOException {
    if (name == null || Path.of(name).getNameCount() != 1 || name.equals("..")) {
      throw new IllegalArgumentException("a body file must be a plain name in " + dir + ", not " + name);
    }
    return Buffer.buffer(Files.readAllBytes(dir.resolve(name)));
  }

  /** Writes each body to a numbered file of its own and says which. */
  private static final class Bodies {
    private final Path dir;
    private int next;

    Bodies(Path dir) {
      this.dir = dir;
    }

    String write(Buffer body) {
      String name = "body-" + next++ + ".bin";
      try {
        Files.write(dir.resolve(name), body.getBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the ceiling body " + dir.resolve(name), e);
      }
      return name;
    }

    JsonObject canned(CeilingServer.Canned canned) {
      return new JsonObject().put("status", canned.status()).put("contentType", canned.contentType())
          .put("body", write(canned.body()));
    }
  }
}
