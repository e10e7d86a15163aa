package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.service.Reply;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import dev.k8sagent.ports.in.RequestRefused;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's loop on one polling connection: take a request, run its use case on {@code work}
 * while its data streams arrive, answer once both are done, send {@code NEXT}, wait for {@code
 * PROCEED}. A request the dispatcher can answer without I/O or waiting ({@link
 * ServiceDispatcher#answerAtOnce}) and that brings no data streams is answered on the event loop
 * instead: the same bytes in the same order, without two thread hops; every other use case runs on
 * {@code work}, never on the event loop. A null request is the server's keep-alive: {@code NEXT}
 * straight away. {@code END} closes the connection.
 */
public final class SubscriberExchangeHandler extends SimpleChannelInboundHandler<InboundFrame> {
  private static final System.Logger LOG =
      System.getLogger(SubscriberExchangeHandler.class.getName());
  private static final String SERVER_TAKING_BYTES = "progress in the server reading the response";

  private final ServiceDispatcher dispatcher;
  private final Executor work;
  private final Path spoolDirectory;
  private final Duration requestWait;
  private final Duration heartbeat;
  private final long maxStreamBytes;

  /** Whether NEXT (and what went before it) is still being written. */
  private boolean sending;

  /** Counts NEXTs sent, so a late write completion never arms a deadline for a later one. */
  private long writes;

  /**
   * What the connection waits for, and until when (by the event loop's ticker); none when {@code
   * awaited} is null. Moving the deadline is a field write: the one timer ({@code check}) fires at
   * or before it and looks again, instead of a timer scheduled and cancelled three times per
   * request.
   */
  private String awaited;

  private Duration awaitedWithin;
  private long deadlineNanos;
  private ScheduledFuture<?> check;
  private long checkNanos;
  private RequestMessage current;
  private RequestRefused refused;
  private int streamsLeft;
  private IncomingStreams incoming;
  private Reply answered;

  /**
   * @param requestWait how long to wait for the next request (the server sends a keep-alive after
   *     30 s of nothing, so more than that; Tentacle waits 60 s)
   * @param heartbeat how long the server has to answer {@code NEXT} with {@code PROCEED}
   */
  public SubscriberExchangeHandler(
      ServiceDispatcher dispatcher,
      Executor work,
      Path spoolDirectory,
      Duration requestWait,
      Duration heartbeat) {
    this(dispatcher, work, spoolDirectory, requestWait, heartbeat, Long.MAX_VALUE);
  }

  /**
   * @param maxStreamBytes the most one data stream may hold; a request with a larger one is refused
   */
  public SubscriberExchangeHandler(
      ServiceDispatcher dispatcher,
      Executor work,
      Path spoolDirectory,
      Duration requestWait,
      Duration heartbeat,
      long maxStreamBytes) {
    this.maxStreamBytes = maxStreamBytes;
    this.dispatcher = dispatcher;
    this.work = work;
    this.spoolDirectory = spoolDirectory;
    this.requestWait = requestWait;
    this.heartbeat = heartbeat;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == SubscriberHandshakeHandler.IDENTIFIED) {
      expect(ctx, requestWait, "request or keep-alive from the server");
    }
    super.userEventTriggered(ctx, event);
  }

  private void expect(ChannelHandlerContext ctx, Duration within, String what) {
    long now = ctx.executor().ticker().nanoTime();
    awaited = what;
    awaitedWithin = within;
    deadlineNanos = now + within.toNanos();
    if (check != null && checkNanos - deadlineNanos > 0) {
      check.cancel(false); // fires too late for the new deadline
      check = null;
    }
    if (check == null) {
      checkAt(ctx, now, deadlineNanos - now);
    }
  }

  private void checkAt(ChannelHandlerContext ctx, long now, long delayNanos) {
    checkNanos = now + delayNanos;
    check = ctx.executor().schedule(() -> checkDeadline(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkDeadline(ChannelHandlerContext ctx) {
    check = null;
    if (awaited == null) {
      return;
    }
    long now = ctx.executor().ticker().nanoTime();
    if (deadlineNanos - now > 0) {
      checkAt(ctx, now, deadlineNanos - now); // the deadline moved on since this was armed
      return;
    }
    LOG.log(
        Level.WARNING,
        "No "
            + awaited
            + " within "
            + awaitedWithin.toSeconds()
            + " s; closing the connection to "
            + ctx.channel().remoteAddress()
            + " to open a fresh one");
    awaited = null;
    ctx.close();
  }

  private void cancelDeadline() {
    awaited = null; // the timer, if armed, finds nothing to wait for
  }

  /**
   * Sends NEXT after whatever was written before it (a response and its streams). The server's time
   * to answer PROCEED starts once NEXT has been written: a large download may take far longer than
   * the heartbeat to send over a slow link. Until then the connection is given up only when the
   * server stops taking bytes for a whole heartbeat (no sign of progress: the channel turning
   * writable again as the server reads).
   */
  private void sendNext(ChannelHandlerContext ctx) {
    long exchange = ++writes;
    sending = true;
    expect(ctx, heartbeat, SERVER_TAKING_BYTES);
    ctx.writeAndFlush(new OutboundFrame.Control(ControlLine.NEXT))
        .addListener(
            written -> {
              if (sending && exchange == writes) {
                sending = false;
                if (written.isSuccess()) {
                  expect(ctx, heartbeat, "PROCEED");
                }
              }
            });
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (sending && ctx.channel().isWritable()) {
      expect(ctx, heartbeat, SERVER_TAKING_BYTES); // the server read some: a fresh heartbeat
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, InboundFrame frame) {
    cancelDeadline();
    sending = false;
    if (frame instanceof InboundFrame.Message message) {
      Optional<RequestMessage> request = Envelope.readRequest(message.envelope());
      if (request.isEmpty()) {
        sendNext(ctx);
        return;
      }
      streamsLeft = message.streams().size();
      incoming = new IncomingStreams(ctx.channel(), spoolDirectory, message.streams());
      current = request.get();
      refused = DeclaredStreams.refusal(message.streams(), maxStreamBytes).orElse(null);
      if (refused != null) {
        // nothing runs; the streams are read and dropped so the connection keeps its place
        incoming.abandonUnread();
        answered = dispatcher.refuse(current, refused);
      } else if (message.streams().isEmpty() && answerAtOnce(ctx, current)) {
        return; // answered on the event loop
      } else {
        // The use case starts now and reads the streams while they arrive.
        invoke(ctx, current, incoming);
      }
      if (streamsLeft > 0) {
        expect(ctx, heartbeat, "data-stream bytes from the server");
      }
    } else if (frame instanceof InboundFrame.StreamChunk chunk) {
      incoming.append(chunk.id(), chunk.bytes());
      expect(ctx, heartbeat, "data-stream bytes from the server");
    } else if (frame instanceof InboundFrame.StreamRefused refusal) {
      if (refused == null) {
        refused = new RequestRefused(RequestRefused.Reason.INVALID_REQUEST, refusal.reason());
      }
      incoming.fail(refusal.id(), refusal.reason());
      expect(ctx, heartbeat, "data-stream bytes from the server");
    } else if (frame instanceof InboundFrame.StreamEnd end) {
      incoming.end(end.id());
      if (--streamsLeft == 0) {
        replyWhenReady(ctx);
      } else {
        expect(ctx, heartbeat, "data-stream bytes from the server");
      }
    } else if (frame instanceof InboundFrame.Control control) {
      if (control.line() == ControlLine.END) {
        ctx.close();
      } else if (control.line() != ControlLine.PROCEED) {
        throw new dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException(
            "Expected PROCEED from the server but got " + control.line());
      } else {
        expect(ctx, requestWait, "request or keep-alive from the server");
      }
    }
  }

  /** Answers {@code request} here and now when the dispatcher can without waiting. */
  private boolean answerAtOnce(ChannelHandlerContext ctx, RequestMessage request) {
    Optional<Reply> reply;
    try {
      reply = dispatcher.answerAtOnce(request);
    } catch (RuntimeException e) {
      reply = Optional.of(defect(request, e));
    }
    if (reply.isEmpty()) {
      return false;
    }
    answered = reply.get();
    replyWhenReady(ctx);
    return true;
  }

  private void invoke(ChannelHandlerContext ctx, RequestMessage request, IncomingStreams streams) {
    work.execute(
        () -> {
          Reply reply;
          try {
            reply = dispatcher.dispatch(request, streams.contents());
          } catch (RuntimeException e) {
            reply = defect(request, e);
          } finally {
            streams.abandonUnread(); // the use case has copied what it needed
          }
          Reply answer = reply;
          ctx.executor()
              .execute(
                  () -> {
                    answered = answer;
                    replyWhenReady(ctx);
                  });
        });
  }

  /**
   * The dispatcher answers every request; a throw is a defect, but the server still gets an answer.
   */
  private static Reply defect(RequestMessage request, RuntimeException e) {
    LOG.log(Level.ERROR, "Answering " + request.service() + "." + request.method() + " failed", e);
    return Reply.of(
        dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage.failure(
            request.id(),
            dev.k8sagent.adapters.octopus.halibut.message.ServerError.transientFailure(
                request.service() + "." + request.method(), e)));
  }

  /** Answers once the use case has returned and the request's streams have all arrived. */
  private void replyWhenReady(ChannelHandlerContext ctx) {
    if (answered == null || streamsLeft > 0 || !ctx.channel().isActive()) {
      return;
    }
    // a stream refused after the use case started decides the answer, whatever the use case did
    Reply answer = refused != null ? dispatcher.refuse(current, refused) : answered;
    answered = null;
    incoming = null;
    current = null;
    refused = null;
    // The void promise sends a failed write (a data stream that comes up short, which cannot be
    // framed any more) to exceptionCaught, which drops the connection instead of sending NEXT.
    ctx.write(
        new OutboundFrame.Message(Envelope.responseDocument(answer.response()), answer.streams()),
        ctx.voidPromise());
    sendNext(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    if (check != null) {
      check.cancel(false);
      check = null;
    }
    if (incoming != null) {
      incoming.fail("The connection to the server closed before the data stream arrived whole");
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable reason =
        cause.getCause() != null && cause instanceof io.netty.handler.codec.DecoderException
            ? cause.getCause()
            : cause;
    // OpenSSL reports a refused certificate by its own error code; the check's own words, which
    // name the thumbprints, are further down the chain.
    for (Throwable inner = reason; inner != null; inner = inner.getCause()) {
      if (inner instanceof java.security.cert.CertificateException) {
        reason = inner;
        break;
      }
    }
    LOG.log(
        Level.WARNING,
        "Polling connection to "
            + ctx.channel().remoteAddress()
            + " closed: "
            + reason.getMessage());
    ctx.close();
  }
}
