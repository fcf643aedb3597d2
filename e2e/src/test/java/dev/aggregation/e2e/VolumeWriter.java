package dev.aggregation.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Writes a Secret's or ConfigMap's keys into a directory the way kubelet's AtomicWriter does: the files live in a
 * timestamped directory, {@code ..data} is a symlink to it that is swapped atomically, and each key is a symlink
 * {@code key -> ..data/key}. A reader therefore never sees half of an update (a new certificate with the old
 * key), which is what lets the apiserver reload certificates without failing a handshake.
 */
final class VolumeWriter {
  private static final String DATA = "..data";
  private final AtomicLong generation = new AtomicLong();

  /** Replaces the directory's content with {@code files} if it differs; true when it did. */
  boolean write(Path dir, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(dir);
    if (sameContent(dir, files)) {
      return false;
    }
    Path previous = Files.isSymbolicLink(dir.resolve(DATA)) ? Files.readSymbolicLink(dir.resolve(DATA)) : null;
    Path next = dir.resolve("..%d_%d".formatted(System.nanoTime(), generation.incrementAndGet()));
    Files.createDirectory(next);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(next.resolve(file.getKey()), file.getValue());
    }
    Path staged = dir.resolve("..data_tmp");
    Files.deleteIfExists(staged);
    Files.createSymbolicLink(staged, next.getFileName());
    Files.move(staged, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String key : files.keySet()) {
      Path link = dir.resolve(key);
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, Path.of(DATA, key));
      }
    }
    if (previous != null) {
      deleteRecursively(dir.resolve(previous));
    }
    return true;
  }

  private static boolean sameContent(Path dir, Map<String, byte[]> files) throws IOException {
    Path data = dir.resolve(DATA);
    if (!Files.exists(data)) {
      return false;
    }
    try (Stream<Path> present = Files.list(data)) {
      if (present.count() != files.size()) {
        return false;
      }
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path current = data.resolve(file.getKey());
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)
          || !java.util.Arrays.equals(Files.readAllBytes(current), file.getValue())) {
        return false;
      }
    }
    return true;
  }

  static Map<String, byte[]> utf8(Map<String, String> data) {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    data.forEach((key, value) -> files.put(key, value.getBytes(StandardCharsets.UTF_8)));
    return files;
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
