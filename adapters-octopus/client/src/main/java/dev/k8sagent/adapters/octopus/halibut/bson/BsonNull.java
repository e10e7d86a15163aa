package dev.k8sagent.adapters.octopus.halibut.bson;

/** An explicit BSON null (Json.NET writes nulls rather than leaving members out). */
public enum BsonNull {
  NULL;

  @Override
  public String toString() {
    return "null";
  }
}
