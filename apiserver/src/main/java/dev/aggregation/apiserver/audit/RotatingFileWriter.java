package dev.aggregation.apiserver.audit;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A log file that rotates by size, with lumberjack's rules (what kube-apiserver's audit log uses): a write that
 * would take the file past {@code maxBytes} first renames it to {@code <name>-<UTC time>.<ext>} (time as
 * {@code 2006-01-02T15-04-05.000}) and starts a new one; then backups beyond {@code maxBackups} (oldest first)
 * and older than {@code maxAgeDays} by the time in their name are removed (0 keeps them all). One line is never
 * split across files. Not thread-safe: the log backend's single writer thread owns it.
 *
 * <p>Hand-written (about a hundred lines) rather than logback's rolling appender: that needs logback as the
 * logging backend (the server logs through slf4j-simple) and its own configuration, for a file that is not a
 * log of the application.
 */
public final class RotatingFileWriter implements AutoCloseable {
  static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");

  private final Path file;
  private final long maxBytes;
  private final int maxBackups;
  private final int maxAgeDays;
  private final Clock clock;
  private final String prefix;
  private final String extension;
  private static final int BUFFER_BYTES = 64 * 1024;

  private OutputStream out;
  private long size;

  public RotatingFileWriter(Path file, long maxBytes, int maxBackups, int maxAgeDays, Clock clock) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("the maximum size must be positive, got " + maxBytes);
    }
    this.file = file.toAbsolutePath();
    this.maxBytes = maxBytes;
    this.maxBackups = maxBackups;
    this.maxAgeDays = maxAgeDays;
    this.clock = clock;
    String name = this.file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.prefix = (dot > 0 ? name.substring(0, dot) : name) + "-";
    this.extension = dot > 0 ? name.substring(dot) : "";
    Files.createDirectories(this.file.getParent());
    open();
  }

  /** Appends {@code line} (a whole record), rotating first when it would not fit; on disk after {@link #flush()}. */
  public void write(byte[] line) throws IOException {
    if (line.length > maxBytes) {
      throw new IOException("write length " + line.length + " exceeds maximum file size " + maxBytes);
    }
    if (size + line.length > maxBytes) {
      rotate();
    }
    out.write(line);
    size += line.length;
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void open() throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException raced) {
        // created meanwhile: append to it
      }
    }
    size = Files.size(file);
    // Buffered: the log backend writes a batch of lines, then flushes; a system call per line was a tenth of a
    // GET's CPU under load.
    out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND), BUFFER_BYTES);
  }

  private void rotate() throws IOException {
    out.close();
    Instant now = clock.instant();
    Path backup = backupName(now);
    while (Files.exists(backup)) {
      // two rotations within one millisecond: never overwrite a backup
      now = now.plusMillis(1);
      backup = backupName(now);
    }
    Files.move(file, backup);
    open();
    removeOldBackups();
  }

  private Path backupName(Instant time) {
    return file.resolveSibling(prefix + BACKUP_TIME.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC)) + extension);
  }

  /** The backups of this file, newest first. */
  List<Backup> backups() throws IOException {
    List<Backup> backups = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent())) {
      for (Path candidate : dir) {
        String name = candidate.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(extension) || candidate.equals(file)) {
          continue;
        }
        String time = name.substring(prefix.length(), name.length() - extension.length());
        try {
          backups.add(new Backup(candidate, LocalDateTime.parse(time, BACKUP_TIME).toInstant(ZoneOffset.UTC)));
        } catch (DateTimeParseException notABackup) {
          // another file that only shares the prefix
        }
      }
    }
    backups.sort(Comparator.comparing(Backup::time).reversed());
    return backups;
  }

  private void removeOldBackups() throws IOException {
    List<Backup> backups = backups();
    List<Backup> remove = new ArrayList<>();
    if (maxBackups > 0 && backups.size() > maxBackups) {
      remove.addAll(backups.subList(maxBackups, backups.size()));
      backups = backups.subList(0, maxBackups);
    }
    if (maxAgeDays > 0) {
      Instant cutoff = clock.instant().minus(Duration.ofDays(maxAgeDays));
      backups.stream().filter(b -> b.time().isBefore(cutoff)).forEach(remove::add);
    }
    for (Backup backup : remove) {
      Files.deleteIfExists(backup.path());
    }
  }

  record Backup(Path path, Instant time) {}
}
