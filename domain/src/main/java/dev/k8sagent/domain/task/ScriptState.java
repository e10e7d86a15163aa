package dev.k8sagent.domain.task;

/** The three states the server understands, with their wire values. */
public enum ScriptState {
  PENDING(0),
  RUNNING(1),
  COMPLETE(2);

  private final int wireValue;

  ScriptState(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  public static ScriptState fromWire(int value) {
    for (ScriptState state : values()) {
      if (state.wireValue == value) {
        return state;
      }
    }
    throw new IllegalArgumentException("Unknown script state " + value + " (expected 0, 1 or 2)");
  }
}
