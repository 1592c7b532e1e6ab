package io.diskcrypt.core.crypto;

/** The default engine: {@link JavaXtsCipher}, portable pure Java over the JDK's AES. */
final class JavaXtsEngine implements XtsEngine {
  static final String NAME = "java";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SectorCipher newCipher(XtsParameters parameters, SecretKeyMaterial key) {
    return new JavaXtsCipher(parameters, key);
  }

  @Override
  public String toString() {
    return "XtsEngine[" + NAME + "]";
  }
}
