package dev.aggregation.apiserver.registry.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.machinery.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * An immutable set of field paths with structured-merge-diff's shape: at each level, the path elements that are
 * members of the set and the children (sub-sets below an element). A node can be both a member and have children:
 * that is the {@code ".": {}} of {@code fieldsV1}. Set algebra is path-wise like SMD's (removing {@code .spec} does
 * not remove {@code .spec.replicas}).
 */
public final class FieldSet {
  private static final FieldSet EMPTY = new FieldSet(new TreeSet<>(), new TreeMap<>());

  private final NavigableSet<PathElement> members;
  private final NavigableMap<PathElement, FieldSet> children;

  private FieldSet(NavigableSet<PathElement> members, NavigableMap<PathElement, FieldSet> children) {
    this.members = Collections.unmodifiableNavigableSet(members);
    this.children = Collections.unmodifiableNavigableMap(children);
  }

  public static FieldSet empty() {
    return EMPTY;
  }

  public static FieldSet of(FieldPath... paths) {
    Builder b = builder();
    for (FieldPath p : paths) {
      b.insert(p);
    }
    return b.build();
  }

  /** A set from one level's members and children (empty children are dropped). */
  static FieldSet node(NavigableSet<PathElement> members, NavigableMap<PathElement, FieldSet> children) {
    TreeMap<PathElement, FieldSet> nonEmpty = new TreeMap<>();
    children.forEach(
        (pe, child) -> {
          if (!child.isEmpty()) {
            nonEmpty.put(pe, child);
          }
        });
    return members.isEmpty() && nonEmpty.isEmpty() ? EMPTY : new FieldSet(new TreeSet<>(members), nonEmpty);
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  public boolean has(FieldPath path) {
    if (path.isRoot()) {
      return false;
    }
    FieldSet node = this;
    List<PathElement> elements = path.elements();
    for (int i = 0; i < elements.size() - 1; i++) {
      node = node.children.get(elements.get(i));
      if (node == null) {
        return false;
      }
    }
    return node.members.contains(elements.get(elements.size() - 1));
  }

  boolean hasMember(PathElement element) {
    return members.contains(element);
  }

  /** The sub-set below {@code element} (empty when there is none). */
  FieldSet child(PathElement element) {
    FieldSet child = children.get(element);
    return child == null ? EMPTY : child;
  }

  NavigableSet<PathElement> members() {
    return members;
  }

  NavigableMap<PathElement, FieldSet> children() {
    return children;
  }

  public FieldSet union(FieldSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.addAll(other.members);
    return new FieldSet(m, combineChildren(other, true, (a, b) -> a == null ? b : b == null ? a : a.union(b)));
  }

  public FieldSet intersection(FieldSet other) {
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.retainAll(other.members);
    return new FieldSet(m, combineChildren(other, false, (a, b) -> a == null || b == null ? null : a.intersection(b)));
  }

  /** The paths of this set that are not paths of {@code other}. */
  public FieldSet difference(FieldSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    TreeSet<PathElement> m = new TreeSet<>(members);
    m.removeAll(other.members);
    return new FieldSet(m, combineChildren(other, false, (a, b) -> a == null ? null : b == null ? a : a.difference(b)));
  }

  private TreeMap<PathElement, FieldSet> combineChildren(
      FieldSet other, boolean includeOthers, BiFunction<FieldSet, FieldSet, FieldSet> combine) {
    TreeMap<PathElement, FieldSet> out = new TreeMap<>();
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet combined = combine.apply(e.getValue(), other.children.get(e.getKey()));
      if (combined != null && !combined.isEmpty()) {
        out.put(e.getKey(), combined);
      }
    }
    if (includeOthers) {
      for (Map.Entry<PathElement, FieldSet> e : other.children.entrySet()) {
        if (!children.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
          out.put(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  /** Every path of the set, in SMD's iteration order: a level's members, then its children depth first. */
  public List<FieldPath> paths() {
    List<FieldPath> out = new ArrayList<>();
    collect(FieldPath.root(), out);
    return out;
  }

  private void collect(FieldPath prefix, List<FieldPath> out) {
    members.forEach(m -> out.add(prefix.child(m)));
    children.forEach((pe, child) -> child.collect(prefix.child(pe), out));
  }

  /** The {@code fieldsV1} form, keyed and ordered exactly as Kubernetes writes it. */
  public ObjectNode toFieldsV1() {
    ObjectNode out = Json.object();
    emit(out, false);
    return out;
  }

  private void emit(ObjectNode out, boolean includeSelf) {
    if (includeSelf && !isEmpty()) {
      out.putObject(".");
    }
    Iterator<PathElement> mi = members.iterator();
    Iterator<Map.Entry<PathElement, FieldSet>> ci = children.entrySet().iterator();
    PathElement m = next(mi);
    Map.Entry<PathElement, FieldSet> c = next(ci);
    while (m != null || c != null) {
      int order = m == null ? 1 : c == null ? -1 : m.compareTo(c.getKey());
      if (order < 0) {
        out.putObject(m.serialize());
        m = next(mi);
      } else {
        c.getValue().emit(out.putObject(c.getKey().serialize()), order == 0);
        if (order == 0) {
          m = next(mi);
        }
        c = next(ci);
      }
    }
  }

  private static <T> T next(Iterator<T> it) {
    return it.hasNext() ? it.next() : null;
  }

  /** Reads {@code fieldsV1}; keys of unknown kinds are dropped, as SMD does. */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) {
      return EMPTY;
    }
    if (!fields.isObject()) {
      throw new IllegalArgumentException("fieldsV1 must be a JSON object");
    }
    FieldSet set = readLevel(fields);
    return set == null ? EMPTY : set;
  }

  /** Returns the set below a node, or null when the node has no children (it is then only a member). */
  private static FieldSet readLevel(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("fieldsV1 values must be JSON objects, got " + node.getNodeType());
    }
    TreeSet<PathElement> members = new TreeSet<>();
    TreeMap<PathElement, FieldSet> children = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(".")) {
        continue;
      }
      PathElement pe = PathElement.parse(e.getKey());
      if (pe == null) {
        continue;
      }
      JsonNode value = e.getValue();
      FieldSet grandchildren = readLevel(value);
      if (grandchildren == null || value.has(".")) {
        members.add(pe);
      }
      if (grandchildren != null) {
        children.merge(pe, grandchildren, FieldSet::union);
      }
    }
    if (members.isEmpty() && children.isEmpty()) {
      return null;
    }
    return new FieldSet(members, children);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && members.equals(other.members) && children.equals(other.children);
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + children.hashCode();
  }

  @Override
  public String toString() {
    return toFieldsV1().toString();
  }

  /** Collects paths; not thread-safe, build once. */
  public static final class Builder {
    private final TreeSet<PathElement> members = new TreeSet<>();
    private final TreeMap<PathElement, Builder> children = new TreeMap<>();

    private Builder() {}

    public Builder insert(FieldPath path) {
      if (path.isRoot()) {
        return this;
      }
      Builder node = this;
      List<PathElement> elements = path.elements();
      for (int i = 0; i < elements.size() - 1; i++) {
        node = node.children.computeIfAbsent(elements.get(i), k -> new Builder());
      }
      node.members.add(elements.get(elements.size() - 1));
      return this;
    }

    public FieldSet build() {
      TreeMap<PathElement, FieldSet> built = new TreeMap<>();
      children.forEach(
          (pe, child) -> {
            FieldSet set = child.build();
            if (!set.isEmpty()) {
              built.put(pe, set);
            }
          });
      if (members.isEmpty() && built.isEmpty()) {
        return EMPTY;
      }
      return new FieldSet(new TreeSet<>(members), built);
    }
  }
}
