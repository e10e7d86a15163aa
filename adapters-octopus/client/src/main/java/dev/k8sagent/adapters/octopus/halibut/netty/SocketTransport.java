package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** How Netty drives the sockets: Linux's epoll through its native library, or the JDK's NIO. */
public enum SocketTransport {
  EPOLL("epoll"),
  NIO("NIO");

  private final String label;

  SocketTransport(String label) {
    this.label = label;
  }

  /** The name a person reads in a log line or a benchmark report. */
  public String label() {
    return label;
  }

  /** Epoll when its native library loads here (Linux x86_64 or aarch64), otherwise NIO. */
  public static SocketTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** What an event loop group for this transport is made with. */
  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public Class<? extends ServerSocketChannel> serverSocketChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
