package dev.k8sagent.adapters.k8s.archfixture;

/** Breaks "only the Octopus adapter uses Netty". */
public class KubernetesAdapterUsingNetty {
  public io.netty.channel.Channel channel;
}
