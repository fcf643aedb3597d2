package dev.aggregation.operator.certificates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads operator-issued certificate Secrets ({@link CertificateSecretData#readIssued}), remembering the result per
 * content. One reconcile reads the same Secret four times (its desired state, the match, the status, the next
 * certificate step) and every later reconcile reads it again, while reading checks each key pair by making and
 * verifying a signature: milliseconds of EC arithmetic that the profile of 100 ApiServers showed as a third of the
 * operator's CPU. The result depends on the PEM text alone, so the text is the key and nothing can go stale; a
 * Secret that changes is a new key. Bounded: the least recently read content goes first, and a Secret read after
 * it went is simply read again.
 */
public final class CertificateReader {
  /** Enough for one Secret per ApiServer of a large cluster; an entry is a few kilobytes of PEM and parsed certificates. */
  public static final int DEFAULT_CAPACITY = 1024;

  private final Map<Map<String, String>, Optional<ServingCertificates>> read;

  public CertificateReader(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.read = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Optional<ServingCertificates>> eldest) {
        return size() > capacity;
      }
    };
  }

  /** {@link CertificateSecretData#readIssued} of {@code pem}, computed once per content while it stays in memory. */
  public Optional<ServingCertificates> readIssued(Map<String, String> pem) {
    Map<String, String> key = Map.copyOf(pem);
    synchronized (read) {
      Optional<ServingCertificates> known = read.get(key);
      if (known != null) {
        return known;
      }
    }
    // Outside the lock: reconciles of other ApiServers must not wait for this one's key checks. Two threads reading
    // the same new content at once both compute it, with the same result.
    Optional<ServingCertificates> parsed = CertificateSecretData.readIssued(key);
    synchronized (read) {
      Optional<ServingCertificates> raced = read.putIfAbsent(key, parsed);
      return raced != null ? raced : parsed;
    }
  }
}
