package dev.k8sagent.adapters.octopus.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  private static final long TWENTY_MS = TimeUnit.MILLISECONDS.toNanos(20);

  /** This test's own thread names: threads of a test before it may still be ending. */
  private final String side = "bench-side-" + java.util.UUID.randomUUID() + "-";

  private final AtomicBoolean spinning = new AtomicBoolean(true);
  private final CountDownLatch resting = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  @AfterEach
  void stopThreads() {
    spinning.set(false);
    finished.countDown();
  }

  @Test
  void counts_the_cpu_of_threads_whose_names_begin_with_a_prefix() {
    ThreadCpu cpu = ThreadCpu.start(side + "a");
    busyThread(side + "a-1");

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cpu.nanos() > TWENTY_MS);
  }

  @Test
  void leaves_out_threads_of_other_names() {
    Thread other = busyThread(side + "b-1");
    ThreadCpu cpu = ThreadCpu.start(side + "a");

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cpuOf(other) > 2 * TWENTY_MS);

    assertThat(cpu.nanos()).isZero();
  }

  @Test
  void leaves_out_what_a_thread_used_before_the_start() throws InterruptedException {
    Thread thread = busyThread(side + "a-2");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cpuOf(thread) > TWENTY_MS);
    spinning.set(false);
    assertThat(resting.await(30, TimeUnit.SECONDS)).isTrue();

    ThreadCpu cpu = ThreadCpu.start(side + "a");

    // the thread rests (parked) from just after it counted down: at most that last step since
    assertThat(cpu.nanos()).isLessThan(TWENTY_MS / 20);
  }

  @Test
  void the_whole_process_counts_every_thread() {
    long before = ThreadCpu.processNanos();
    Thread thread = busyThread(side + "c-1");

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cpuOf(thread) > TWENTY_MS);

    assertThat(ThreadCpu.processNanos() - before).isGreaterThanOrEqualTo(TWENTY_MS);
  }

  @Test
  void refuses_to_count_nothing() {
    assertThatThrownBy(ThreadCpu::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
  }

  /** A thread that spins while {@link #spinning}, then rests (parked) until the test ends. */
  private Thread busyThread(String name) {
    Thread thread =
        new Thread(
            () -> {
              long sink = 0;
              while (spinning.get()) {
                sink += System.nanoTime() % 7;
              }
              resting.countDown();
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (sink == 42) {
                System.out.print(""); // keeps the loop from being optimised away
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static long cpuOf(Thread thread) {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
  }
}
