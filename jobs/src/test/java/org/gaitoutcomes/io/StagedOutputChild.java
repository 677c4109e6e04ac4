package org.gaitoutcomes.io;

import org.apache.hadoop.conf.Configuration;

/** A command stand-in for {@link StagedOutputTest}: starts a staged output, says so, and waits to be stopped. */
public final class StagedOutputChild {
  private StagedOutputChild() {}

  public static void main(String[] args) throws InterruptedException {
    Configuration conf = new Configuration();
    StagedOutput out = StagedOutput.begin(conf, args[0]);
    HadoopFiles.writeString(conf, out.path("curated/patients/part-00000.csv"), "patient_id\nP0001\n");
    System.out.println("staged");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
