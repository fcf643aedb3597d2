package dev.aggregation.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log backend (--audit-log-path): one line per event, written in order by a single writer thread
 * from a bounded queue, so that file writes never happen on a request's thread. When the queue is full the
 * producer waits (Kubernetes' default blocking mode): events are never dropped.
 */
public final class LogBackend implements AuditBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LogBackend.class);
  static final int QUEUE_CAPACITY = 10_000;

  /** Where the lines go: a rotating file or standard output. */
  public interface Sink extends AutoCloseable {
    void write(byte[] line) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;
  }

  /** How long the writer waits, once woken by an event, for more to write with it. */
  static final long LINGER_MILLIS = 2;

  /** Told apart by identity: no event is empty. */
  private static final byte[] STOP = new byte[0];

  private final BlockingQueue<byte[]> queue;
  private final Sink sink;
  private final LogFormat format;
  private final Thread writer;
  private volatile boolean closed;

  public LogBackend(Sink sink, LogFormat format) {
    this(sink, format, QUEUE_CAPACITY);
  }

  LogBackend(Sink sink, LogFormat format, int capacity) {
    this.sink = sink;
    this.format = format;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drain, "audit-log-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** A sink over a rotating file. */
  public static Sink file(RotatingFileWriter file) {
    return new Sink() {
      @Override
      public void write(byte[] line) throws IOException {
        file.write(line);
      }

      @Override
      public void flush() throws IOException {
        file.flush();
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }

  /** A sink over standard output ('-'), which it does not close. */
  public static Sink stream(OutputStream out) {
    return new Sink() {
      @Override
      public void write(byte[] line) throws IOException {
        out.write(line);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  @Override
  public boolean tryProcess(byte[] event) {
    if (closed) {
      LOG.warn("the audit log is closed: an event was not recorded");
      return true;
    }
    return queue.offer(event);
  }

  @Override
  public void process(byte[] event) {
    if (closed) {
      LOG.warn("the audit log is closed: an event was not recorded");
      return;
    }
    try {
      queue.put(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to record an audit event", e);
    }
  }

  private void drain() {
    List<byte[]> batch = new ArrayList<>();
    while (true) {
      boolean interrupted = false;
      try {
        batch.add(queue.take());
        if (batch.get(0) != STOP) {
          // Let the batch gather: woken for every event, this thread switched context 12-14 thousand times a second
          // under GET load on two cores, and the server spent a third more CPU per request. Lines reach the file at
          // most this much later; none is dropped.
          TimeUnit.MILLISECONDS.sleep(LINGER_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (batch.isEmpty()) {
          return;
        }
        interrupted = true;
      }
      queue.drainTo(batch);
      boolean stop = interrupted;
      for (byte[] event : batch) {
        if (event == STOP) {
          stop = true;
          break;
        }
        write(event);
      }
      batch.clear();
      try {
        sink.flush();
      } catch (IOException e) {
        LOG.error("flushing the audit log failed", e);
      }
      if (stop) {
        return;
      }
    }
  }

  private void write(byte[] event) {
    try {
      sink.write(format.line(event));
    } catch (IOException | RuntimeException e) {
      // as Kubernetes' log backend: the failure is logged, the request goes on
      LOG.error("Error in audit plugin 'log' affecting 1 audit events: {}", e.getMessage(), e);
    }
  }

  /** Writes every event queued so far, then closes the sink. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      sink.close();
    } catch (IOException e) {
      LOG.warn("closing the audit log failed", e);
    }
  }
}
