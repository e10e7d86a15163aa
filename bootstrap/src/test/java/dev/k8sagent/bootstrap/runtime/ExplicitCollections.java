package dev.k8sagent.bootstrap.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Counts the full collections {@link System#gc()} asks for in this JVM while it is open, as the
 * platform's garbage collector beans report them.
 */
final class ExplicitCollections implements AutoCloseable {
  private final AtomicInteger count = new AtomicInteger();
  private final List<NotificationEmitter> emitters = new CopyOnWriteArrayList<>();
  private final NotificationListener listener = (notification, handback) -> count(notification);

  private ExplicitCollections() {}

  static ExplicitCollections watch() {
    ExplicitCollections watching = new ExplicitCollections();
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (bean instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(watching.listener, null, null);
        watching.emitters.add(emitter);
      }
    }
    return watching;
  }

  int count() {
    return count.get();
  }

  private void count(Notification notification) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (info.getGcCause().equals("System.gc()")) {
      count.incrementAndGet();
    }
  }

  @Override
  public void close() throws ListenerNotFoundException {
    for (NotificationEmitter emitter : emitters) {
      emitter.removeNotificationListener(listener);
    }
  }
}
