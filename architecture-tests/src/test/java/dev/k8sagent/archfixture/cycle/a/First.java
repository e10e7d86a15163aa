package dev.k8sagent.archfixture.cycle.a;

/** With {@link dev.k8sagent.archfixture.cycle.b.Second}, breaks "no package cycles". */
public class First {
  public dev.k8sagent.archfixture.cycle.b.Second next;
}
