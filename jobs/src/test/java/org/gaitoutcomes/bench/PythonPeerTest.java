package org.gaitoutcomes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PythonPeerTest {
  @Test
  void parsesThePeersJson() throws Exception {
    PythonPeer.Result r = PythonPeer.parse("{\"n\": 614, \"n_treated\": 185, \"estimates\": {\"iptw_ATE\": 224.7, \"iptw_ATT\": 1214.07},"
        + " \"read_seconds\": 0.01, \"fit_seconds\": 0.02, \"total_seconds\": 0.03}", 0.5);
    assertEquals(614, r.n());
    assertEquals(1214.07, r.estimates().get("iptw_ATT"));
    assertEquals(0.03, r.totalSeconds());
    assertEquals(0.5, r.wallSeconds());
  }

  @Test
  void peerReproducesThePublishedLalondeAtt() {
    Path lalonde = RepoPaths.sharedFixture("causal/lalonde.csv");
    PythonPeer peer = new PythonPeer("/usr/bin/python3", RepoPaths.root().resolve("bench/peer/compare_peer.py"), 120);
    peer.unavailableReason().ifPresent(why -> {
      if (org.gaitoutcomes.testing.RepoPaths.underCi()) {
        throw new AssertionError("the Python peer is unavailable under CI=true (.ci/install-deps installs python3-pandas and python3-statsmodels): " + why);
      }
      Assumptions.abort("skipped: peer unavailable: " + why);
    });
    PythonPeer.Result r = peer.run(lalonde, "treat", "re78",
        List.of("age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"));
    assertEquals(614, r.n());
    // MatchIt lalonde, main-effects logistic PS, ATT weights ps/(1-ps): 1214.07 (WeightIt README; shared/fixtures/causal/README.md).
    assertEquals(1214.07, r.estimates().get("iptw_ATT"), 0.01);
  }
}
