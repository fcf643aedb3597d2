package dev.aggregation.apiserver.endpoints.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code storageVersionHash} of discovery (k8s.io/apiserver endpoints/discovery/storageversionhash.go):
 * base64 of the first 8 bytes of sha256("group/version/Kind") of the storage version. Garbage collection and
 * the storage version migrator compare it to notice a change of storage version.
 */
public final class StorageVersionHash {
  private StorageVersionHash() {}

  public static String of(String group, String storageVersion, String kind) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((group + "/" + storageVersion + "/" + kind).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
