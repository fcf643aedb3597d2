package dev.aggregation.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A watch listener that records what it is told, and the contract violations it can see by itself: an event
 * after onClose, or onClose more than once. The waits are bounded only so that a broken store fails the test
 * instead of hanging it; no assertion depends on timing.
 */
public final class RecordingListener implements WatchListener {

  private static final long PATIENCE_SECONDS = 30;

  private final LinkedBlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
  private final AtomicInteger closeCalls = new AtomicInteger();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(WatchEvent event) {
    if (closed.isDone()) {
      violations.add("event at revision " + event.revision() + " after onClose");
    }
    events.add(event);
  }

  @Override
  public void onClose(Throwable cause) {
    if (closeCalls.incrementAndGet() > 1) {
      violations.add("onClose called " + closeCalls.get() + " times");
    }
    closed.complete(cause);
  }

  /** The next {@code count} events, in the order they were delivered. */
  public List<WatchEvent> take(int count) {
    List<WatchEvent> taken = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      WatchEvent event = poll();
      assertThat(event)
          .as("event %d of %d (got revisions %s; closed with %s)", i + 1, count, revisions(taken),
              closed.getNow(null))
          .isNotNull();
      taken.add(event);
    }
    return taken;
  }

  /** Events until (and including) the one at {@code revision}. */
  public List<WatchEvent> takeThrough(long revision) {
    List<WatchEvent> taken = new ArrayList<>();
    while (taken.isEmpty() || taken.get(taken.size() - 1).revision() < revision) {
      WatchEvent event = poll();
      assertThat(event)
          .as("an event up to revision %d (got revisions %s; closed with %s)", revision, revisions(taken),
              closed.getNow(null))
          .isNotNull();
      taken.add(event);
    }
    return taken;
  }

  /** The cause onClose was called with (null for a close by the owner). */
  public Throwable awaitClose() {
    try {
      return closed.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for onClose", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("onClose was not called", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Events delivered but not taken yet. */
  public List<WatchEvent> pending() {
    return List.copyOf(events);
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  private static List<Long> revisions(List<WatchEvent> events) {
    return events.stream().map(WatchEvent::revision).toList();
  }

  private WatchEvent poll() {
    try {
      return events.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for an event", e);
    }
  }
}
