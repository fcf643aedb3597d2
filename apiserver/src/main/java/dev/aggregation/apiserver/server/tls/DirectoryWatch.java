package dev.aggregation.apiserver.server.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back on any change in the directories that hold some files (inotify on Linux), from a daemon thread of
 * its own. The directory, not the file: kubelet updates a Secret volume by renaming its {@code ..data} symlink,
 * which leaves the file's own link untouched, so only the directory sees it (Kubernetes' dynamic certificate
 * content watches for the same reason).
 */
final class DirectoryWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);

  private final WatchService service;
  private final Thread thread;

  private DirectoryWatch(WatchService service, Runnable onChange) {
    this.service = service;
    this.thread = new Thread(() -> run(onChange), "certificate-directory-watch");
    this.thread.setDaemon(true);
  }

  static DirectoryWatch start(Collection<Path> files, Runnable onChange) throws IOException {
    Set<Path> directories = new LinkedHashSet<>();
    files.forEach(file -> directories.add(file.toAbsolutePath().getParent()));
    WatchService service = FileSystems.getDefault().newWatchService();
    try {
      for (Path directory : directories) {
        directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
      }
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    DirectoryWatch watch = new DirectoryWatch(service, onChange);
    watch.thread.start();
    return watch;
  }

  private void run(Runnable onChange) {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      }
      key.pollEvents();
      try {
        onChange.run();
      } catch (RuntimeException e) {
        LOG.warn("handling a change in {} failed", key.watchable(), e);
      }
      key.reset();
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.warn("closing the certificate directory watch failed", e);
    }
  }
}
