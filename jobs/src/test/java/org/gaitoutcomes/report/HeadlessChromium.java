package org.gaitoutcomes.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's headless Chromium on a local file and observes it without DevTools:
 * <ul>
 *   <li>network: Chromium is pointed at a local recording proxy ({@code --proxy-server}, with
 *       {@code <-loopback>} so even localhost goes through it); every HTTP request line and HTTPS
 *       {@code CONNECT} it would send is recorded, and nothing is forwarded;</li>
 *   <li>console: {@code --enable-logging=stderr} prints every console message of the page as a
 *       {@code CONSOLE} log line (a failed resource load also logs one).</li>
 * </ul>
 * Chromium itself contacts a few Google hosts at start-up whatever the flags; callers compare with
 * a run on a blank page to tell those from requests the page makes.
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Pattern CONSOLE = Pattern.compile(".*:CONSOLE[:(].*");
  private static final Pattern HOST = Pattern.compile("^(?:CONNECT\\s+([^:\\s]+)|[A-Z]+\\s+\\w+://([^/:\\s]+))");

  /** What one run produced. */
  record Run(int exitCode, String stdout, List<String> consoleLines, List<String> requests) {
    List<String> hosts() {
      List<String> hosts = new ArrayList<>();
      for (String r : requests) {
        Matcher m = HOST.matcher(r);
        hosts.add(m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : r);
      }
      return hosts;
    }
  }

  private HeadlessChromium() {}

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Runs Chromium on {@code page} with an action such as {@code --dump-dom} or {@code --screenshot=FILE}. */
  static Run run(Path page, Path work, String... action) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path profile = Files.createTempDirectory(work, "profile");
    Path out = work.resolve("stdout.txt");
    Path err = work.resolve("stderr.txt");
    List<String> requests = Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread recorder = new Thread(() -> record(proxy, requests), "recording-proxy");
      recorder.setDaemon(true);
      recorder.start();
      List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
          "--proxy-server=http://127.0.0.1:" + proxy.getLocalPort(), "--proxy-bypass-list=<-loopback>",
          // Fewer start-up requests of Chromium's own (they are told apart from the page's anyway).
          "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
              + "CertificateTransparencyComponentUpdater,PreconnectToSearch,NetworkPrediction",
          "--dns-prefetch-disable", "--disable-domain-reliability", "--no-pings", "--disable-client-side-phishing-detection",
          "--disable-default-apps", "--disable-extensions", "--safebrowsing-disable-auto-update", "--metrics-recording-only",
          "--disable-breakpad", "--no-default-browser-check", "--hide-scrollbars", "--virtual-time-budget=5000"));
      cmd.addAll(List.of(action));
      cmd.add(page.toUri().toString());
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("chromium did not finish within 180 s on " + page);
      }
      // Let the recorder take any connection that raced with the exit.
      Thread.sleep(300);
      List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> CONSOLE.matcher(l).matches()).toList();
      synchronized (requests) {
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), console, List.copyOf(requests));
      }
    }
  }

  private static void record(ServerSocket proxy, List<String> requests) {
    while (!proxy.isClosed()) {
      try (Socket s = proxy.accept()) {
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n' && line.length() < 2000; ) {
          if (c != '\r') {
            line.append((char) c);
          }
        }
        requests.add(line.toString());
      } catch (IOException e) {
        // closed at the end of the run, or a client that sent nothing: nothing to record
      }
    }
  }
}
