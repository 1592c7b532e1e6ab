package io.diskcrypt.keyvault;

import java.security.KeyPair;

/** Makes the key pair of a new key version; the JDK's generator unless a test supplies another. */
@FunctionalInterface
interface KeyPairSource {
  /** The JDK's RSA and EC key-pair generators. */
  KeyPairSource JDK = RsaCrypto::generate;

  KeyPair generate(KeySpec spec);
}
