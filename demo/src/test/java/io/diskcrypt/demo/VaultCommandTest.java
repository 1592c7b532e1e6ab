package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.diskcrypt.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diskcrypt vault serve} as a user runs it: a separate process that prints one line when it
 * accepts connections, serves {@code curl --cacert} with the certificate it wrote, and ends when
 * terminated.
 */
class VaultCommandTest {
  private static final Pattern READY = Pattern.compile("vault: https://localhost:(\\d+)");

  @Test
  @Timeout(120)
  void serve_printsOneLine_curlWithTheCertificate_rolesByAzureName_endsOnTerminate(@TempDir Path dir) throws Exception {
    curlPath = ExternalTools.require("curl", "curl").toString();
    Path cert = dir.resolve("vault.pem");
    Path stdout = dir.resolve("stdout.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Diskcrypt.class.getName(),
        "vault", "serve", "--cert", cert.toString(), "--role", "app1=Key Vault Crypto User")
        .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String line = firstLine(stdout, p);
      Matcher m = READY.matcher(line);
      assertThat(m.matches()).as("first line: %s", line).isTrue();
      String base = "https://localhost:" + m.group(1);
      assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");

      String created = curl(cert, "-X", "POST", "-H", "Authorization: Bearer admin", "-H", "Content-Type: application/json",
          "-d", "{\"kty\":\"RSA\",\"key_size\":2048}", base + "/keys/cli-key/create?api-version=7.6");
      String forbidden = curl(cert, "-X", "POST", "-H", "Authorization: Bearer app1", "-H", "Content-Type: application/json",
          "-d", "{\"kty\":\"RSA\"}", base + "/keys/other/create?api-version=7.6");
      String challenge = curl(cert, "-i", base + "/keys/cli-key?api-version=7.6");
      String read = curl(cert, "-H", "Authorization: Bearer app1", base + "/keys/cli-key?api-version=7.6");

      assertThat(created).contains("\"kid\":\"" + base + "/keys/cli-key/").contains("\"kty\":\"RSA\"");
      assertThat(forbidden).contains("\"code\":\"Forbidden\"").contains("Microsoft.KeyVault/vaults/keys/create/action");
      assertThat(challenge).contains("HTTP/1.1 401").containsIgnoringCase("www-authenticate: Bearer authorization=");
      assertThat(read).contains("\"kid\":\"" + base + "/keys/cli-key/");
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ends when terminated").isTrue();
      assertThat(Files.readString(stdout)).as("exactly one line on standard output").isEqualTo(line + "\n");
    } finally {
      p.destroyForcibly();
    }
  }

  private String curlPath;

  /** Waits (up to 90 s) for the process's first line of output. */
  private static String firstLine(Path stdout, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String text = Files.readString(stdout);
      int nl = text.indexOf('\n');
      if (nl >= 0) {
        return text.substring(0, nl);
      }
      assertThat(p.isAlive()).as("vault serve exited early with status %s", p.isAlive() ? 0 : p.exitValue()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("vault serve printed nothing within 90 s");
  }

  private String curl(Path cert, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(curlPath, "-sS", "--max-time", "30", "--cacert", cert.toString()));
    cmd.addAll(List.of(args));
    Process c = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(c.exitValue()).as("curl %s: %s", cmd, text).isZero();
    return text;
  }

  @Test
  void serve_unknownRole_exit2NamingIt() {
    try (Console c = new Console()) {
      int status = c.run(new byte[0], "vault", "serve", "--role", "app1=Key Vault Owner");

      assertThat(status).isEqualTo(2);
      assertThat(c.err.toString(StandardCharsets.UTF_8)).contains("'Key Vault Owner'").contains("Key Vault Crypto User");
      assertThat(c.out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
  }

  @Test
  void serve_roleWithoutName_exit2() {
    try (Console c = new Console()) {
      assertThat(c.run(new byte[0], "vault", "serve", "--role", "Key Vault Crypto User")).isEqualTo(2);
      assertThat(c.err.toString(StandardCharsets.UTF_8)).contains("NAME=ROLE");
    }
  }
}
