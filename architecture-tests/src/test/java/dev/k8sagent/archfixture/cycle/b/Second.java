package dev.k8sagent.archfixture.cycle.b;

/** With {@link dev.k8sagent.archfixture.cycle.a.First}, breaks "no package cycles". */
public class Second {
  public dev.k8sagent.archfixture.cycle.a.First previous;
}
