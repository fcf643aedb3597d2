package dev.aggregation.apiserver.storage;

/**
 * A change to one key. For {@link Type#PUT}, {@code kv} is the new state and {@code prevKv} the state before it
 * (null on creation). For {@link Type#DELETE}, {@code kv} carries the deleted key with {@code value} null and
 * {@code modRevision} = the deletion's revision, and {@code prevKv} is the last state before the deletion.
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {
  public enum Type { PUT, DELETE }

  public long revision() {
    return kv.modRevision();
  }

  public boolean isCreate() {
    return type == Type.PUT && prevKv == null;
  }
}
