package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Main#main} returns instead of calling System.exit only in a YARN ApplicationMaster, where an exit would make
 * YARN record every run as FAILED (YarnClusterIT runs the real case).
 */
class MainTest {
  @Test
  void onlyTheYarnClusterModeDriverReturnsInsteadOfExiting() {
    assertTrue(Main.inYarnApplicationMaster("yarn", "cluster"));
    assertFalse(Main.inYarnApplicationMaster("yarn", "client"));
    assertFalse(Main.inYarnApplicationMaster("yarn", null));
    assertFalse(Main.inYarnApplicationMaster("spark://127.0.0.1:7077", "cluster"));
    assertFalse(Main.inYarnApplicationMaster("k8s://https://api:6443", "cluster"));
    assertFalse(Main.inYarnApplicationMaster(null, null));
  }

  @Test
  void aFailedCommandInTheApplicationMasterEndsWithItsExitCode() {
    String message = new Main.CommandFailed(Main.EXIT_USAGE).getMessage();
    assertTrue(message.contains("exit code 2 (usage error)"), message);
    assertTrue(new Main.CommandFailed(Main.EXIT_FAILURE).getMessage().startsWith("gait-outcomes ended with exit code 1;"));
  }
}
