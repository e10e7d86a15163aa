package dev.k8sagent.domain.task;

/** Script languages the server may send, with their wire values. */
public enum ScriptType {
  POWERSHELL(0, "PowerShell"),
  BASH(1, "Bash");

  private final int wireValue;
  private final String wireName;

  ScriptType(int wireValue, String wireName) {
    this.wireValue = wireValue;
    this.wireName = wireName;
  }

  public int wireValue() {
    return wireValue;
  }

  /** The name used when the type keys a dictionary on the wire ({@code "Bash"}). */
  public String wireName() {
    return wireName;
  }

  public static ScriptType fromWireName(String name) {
    for (ScriptType type : values()) {
      if (type.wireName.equalsIgnoreCase(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "Unknown script type '" + name + "' (expected PowerShell or Bash)");
  }
}
