package org.gaitoutcomes.report;

/**
 * A rendered figure: the inline SVG for the HTML (no namespace URLs, ids prefixed per figure), the
 * standalone SVG and PNG files written to {@code figures/}, and the table of data behind it
 * (written to {@code exports/}).
 */
public record Figure(String id, String title, String caption, String inlineSvg, String svgDocument, byte[] png, Table data) {
  public String svgFile() {
    return "figures/" + id + ".svg";
  }

  public String pngFile() {
    return "figures/" + id + ".png";
  }
}
