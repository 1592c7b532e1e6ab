/**
 * The simulation's foundation: block devices and sectors, XTS crypto, keys, media, the typed resource
 * model, simulated time and the topology a sector travels (VM, host, storage).
 *
 * <p>The optional XTS engines (Bouncy Castle, ACCP) sit in a package that is not exported and are
 * reached only through {@link java.util.ServiceLoader}, i.e. {@code XtsEngines.byName}. Their
 * libraries are {@code requires static}: put bcprov or ACCP on the module path and the engine appears
 * (both provide a {@code java.security.Provider}, so service binding resolves them), leave them out
 * and it is simply missing.
 */
module io.diskcrypt.core {
  requires static com.amazon.corretto.crypto.provider;
  requires static org.bouncycastle.provider;

  exports io.diskcrypt.core.block;
  exports io.diskcrypt.core.cpu;
  exports io.diskcrypt.core.crypto;
  exports io.diskcrypt.core.keys;
  exports io.diskcrypt.core.media;
  exports io.diskcrypt.core.model;
  exports io.diskcrypt.core.time;
  exports io.diskcrypt.core.topology;

  uses io.diskcrypt.core.crypto.XtsEngine;

  provides io.diskcrypt.core.crypto.XtsEngine with
      io.diskcrypt.core.crypto.engines.AccpXtsEngine,
      io.diskcrypt.core.crypto.engines.BouncyCastleXtsEngine;
}
