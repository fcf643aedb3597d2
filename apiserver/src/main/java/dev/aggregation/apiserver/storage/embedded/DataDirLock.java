package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on the data directory. SQLite would let a second process write the same file safely,
 * but that process's writes would bypass this one's watchers; so one data directory serves one store at a time.
 * The OS drops the lock when the process dies, kill -9 included.
 */
final class DataDirLock implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve("lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageException("cannot open the lock file " + file, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StorageException("the data directory " + dataDir + " is in use by another process");
      }
      return new DataDirLock(file, channel, lock);
    } catch (OverlappingFileLockException e) {
      StorageException failure =
          new StorageException("the data directory " + dataDir + " is already open in this process", e);
      closeAttaching(channel, failure);
      throw failure;
    } catch (IOException e) {
      StorageException failure = new StorageException("cannot lock " + file, e);
      closeAttaching(channel, failure);
      throw failure;
    } catch (StorageException e) {
      closeAttaching(channel, e);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new StorageException("cannot release the lock " + file, e);
    }
  }

  private static void closeAttaching(FileChannel channel, Throwable failure) {
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
