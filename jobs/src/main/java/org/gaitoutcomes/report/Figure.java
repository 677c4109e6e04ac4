package org.gaitoutcomes.report;

import org.gaitoutcomes.report.charts.FigureSpec;

/**
 * A figure of the report as data: its title and caption, what it draws ({@link FigureSpec}, rendered by
 * {@link ReportRenderer} to the inline SVG of the HTML and to the SVG and PNG files in {@code figures/}),
 * its size in pixels, and the table of data behind it (written to {@code exports/}).
 */
public record Figure(String id, String title, String caption, FigureSpec chart, int width, int height, Table data) {
  public String svgFile() {
    return "figures/" + id + ".svg";
  }

  public String pngFile() {
    return "figures/" + id + ".png";
  }
}
